/* user_store.h — persistence of people (staff and citizens), their roles and sessions. */
#ifndef MOTCUA_USER_STORE_H
#define MOTCUA_USER_STORE_H

#include "arena.h"
#include "db.h"

#include <stdint.h>

struct user_row {
    int64_t id;
    const char *username, *full_name, *kind, *email, *phone, *password_hash;
    int active;
};

struct role_row {
    int64_t unit_id; /* 0 = no unit */
    const char *role, *unit_key, *unit_name;
};

int user_insert(struct db_conn *c, const struct user_row *u, int64_t now, int64_t *id,
                struct err *e);
int user_get_by_username(struct db_conn *c, struct arena *a, const char *username,
                         struct user_row *out, struct err *e);
int user_get(struct db_conn *c, struct arena *a, int64_t id, struct user_row *out, struct err *e);
int user_set_password(struct db_conn *c, int64_t id, const char *hash, int64_t now, struct err *e);
int user_list(struct db_conn *c, struct arena *a, struct user_row **out, int *n, struct err *e);
/* E_CONFLICT when the user already holds the role in that unit. */
int user_grant(struct db_conn *c, int64_t user_id, const char *role, int64_t unit_id,
               struct err *e);
int user_roles(struct db_conn *c, struct arena *a, int64_t user_id, struct role_row **out, int *n,
               struct err *e);

/* One grant of a role to an active staff account, for choosing who takes a step. */
struct role_holder_row {
    int64_t user_id, unit_id; /* unit_id 0 = no unit */
    const char *username, *full_name;
};
/* Every grant of role to an active staff account, by full name then user name. */
int user_role_holders(struct db_conn *c, struct arena *a, const char *role,
                      struct role_holder_row **out, int *n, struct err *e);

struct session_row {
    int64_t user_id, created_at, last_seen_at, expires_at;
    const char *csrf_token;
};

int session_insert(struct db_conn *c, const char *token_hash, int64_t user_id, const char *csrf,
                   int64_t now, int64_t expires_at, struct err *e);
int session_get(struct db_conn *c, struct arena *a, const char *token_hash, struct session_row *out,
                struct err *e);
int session_touch(struct db_conn *c, const char *token_hash, int64_t now, struct err *e);
int session_delete(struct db_conn *c, const char *token_hash, struct err *e);
/* Ends every session of a user (after a password change). */
int session_delete_user(struct db_conn *c, int64_t user_id, struct err *e);
int session_purge_expired(struct db_conn *c, int64_t now, struct err *e);

/* Counts `amount` hits in a fixed window shared by all server instances; *hits is the count
 * in the current window including these. */
int ratelimit_hit(struct db_conn *c, const char *bucket, int64_t window_start, int64_t amount,
                  int64_t *hits, struct err *e);
int ratelimit_clear(struct db_conn *c, const char *bucket, struct err *e);

/* A counter whose window opens at its first hit and lasts `window` seconds (so a limit's
 * "try again in" is exact). */
struct ratelimit_count {
    int64_t hits, started; /* 0 hits when no window is open at now */
};
/* Adds amount hits at now (a new window when the last one has run out). */
int ratelimit_since_hit(struct db_conn *c, const char *bucket, int64_t now, int64_t window,
                        int64_t amount, struct ratelimit_count *out, struct err *e);
/* Reads the open window's count without changing it. */
int ratelimit_since_read(struct db_conn *c, const char *bucket, int64_t now, int64_t window,
                         struct ratelimit_count *out, struct err *e);

#endif
