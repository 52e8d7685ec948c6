/* online_store.h — persistence for citizens' self-service (migration 0008): accounts that
 * wait for verification, their one-time codes, and drafts of online dossiers. */
#ifndef MOTCUA_ONLINE_STORE_H
#define MOTCUA_ONLINE_STORE_H

#include "arena.h"
#include "db.h"

#include <stdint.h>

/* Creates an inactive citizen account (it cannot log in until activated). E_CONFLICT with
 * field "login" when the user name is taken. */
int online_citizen_insert(struct db_conn *c, const char *username, const char *full_name,
                          const char *email, const char *phone, const char *password_hash,
                          int64_t now, int64_t *id, struct err *e);
/* Replaces the name and password of an account still waiting for verification. */
int online_citizen_reset_pending(struct db_conn *c, int64_t id, const char *full_name,
                                 const char *password_hash, int64_t now, struct err *e);
int online_citizen_activate(struct db_conn *c, int64_t id, int64_t now, struct err *e);
/* 1 in *pending when the account registered itself and was never verified (codes were
 * issued for it, none was used): only such an account may be registered again. */
int online_citizen_pending(struct db_conn *c, int64_t id, int *pending, struct err *e);

struct online_code_row {
    int64_t id, user_id, expires_at, used_at;
    int attempts;
    const char *purpose; /* "signup" or "reset" (migration 0016) */
    const char *code_hash, *channel, *recipient;
    const char *code_sealed; /* the code, sealed until its message is delivered (0023) */
};
/* Kills every live code of the user and stores a new one for r->purpose. */
int online_code_replace(struct db_conn *c, const struct online_code_row *r, int64_t now,
                        int64_t *id, struct err *e);
/* One code by id (code_sealed NULL once forgotten); E_NOTFOUND when there is none. */
int online_code_get(struct db_conn *c, struct arena *a, int64_t id, struct online_code_row *out,
                    struct err *e);
/* Drops the sealed code: its message was delivered or will never be. */
int online_code_forget(struct db_conn *c, int64_t id, struct err *e);
/* The user's newest code for purpose; E_NOTFOUND when there is none. */
int online_code_latest(struct db_conn *c, struct arena *a, int64_t user_id, const char *purpose,
                       struct online_code_row *out, struct err *e);
int online_code_count_attempt(struct db_conn *c, int64_t id, struct err *e);
int online_code_use(struct db_conn *c, int64_t id, int64_t now, struct err *e);

struct online_draft_row {
    int64_t id, user_id, created_at, updated_at;
    const char *procedure_code, *unit_key, *data, *dossier_code;
};
int online_draft_insert(struct db_conn *c, const struct online_draft_row *r, int64_t *id,
                        struct err *e);
/* The draft with this id owned by user_id; E_NOTFOUND for another owner's draft too. */
int online_draft_get(struct db_conn *c, struct arena *a, int64_t id, int64_t user_id,
                     struct online_draft_row *out, struct err *e);
/* Saves unit_key and data of a draft not yet submitted; E_CONFLICT once submitted. */
int online_draft_save(struct db_conn *c, const struct online_draft_row *r, struct err *e);
int online_draft_mark_submitted(struct db_conn *c, int64_t id, const char *code, int64_t now,
                                struct err *e);
/* The user's drafts, newest first. */
int online_draft_list(struct db_conn *c, struct arena *a, int64_t user_id, int limit,
                      struct online_draft_row **out, int *n, struct err *e);

#endif
