/* oidc_store.h — persistence for OpenID Connect logins (migration 0009): the logins under way
 * between the redirect to the provider and its answer, and the identities that link a
 * provider's subject to one of our accounts. */
#ifndef MOTCUA_OIDC_STORE_H
#define MOTCUA_OIDC_STORE_H

#include "arena.h"
#include "db.h"

#include <stdint.h>

struct oidc_login_row {
    const char *state_hash, *nonce, *code_verifier, *next_path;
    int64_t created_at, expires_at;
};

int oidc_login_insert(struct db_conn *c, const struct oidc_login_row *r, struct err *e);
/* Deletes the login with this state hash and returns it: a state is answered once.
 * E_NOTFOUND when there is none (never issued, already used or purged). */
int oidc_login_take(struct db_conn *c, struct arena *a, const char *state_hash,
                    struct oidc_login_row *out, struct err *e);
int oidc_login_purge_expired(struct db_conn *c, int64_t now, struct err *e);

/* The account linked to (issuer, subject); E_NOTFOUND when none is. */
int oidc_identity_user(struct db_conn *c, const char *issuer, const char *subject, int64_t *user_id,
                       struct err *e);
/* Links (issuer, subject) to user_id; E_CONSTRAINT when it is already linked. */
int oidc_identity_insert(struct db_conn *c, int64_t user_id, const char *issuer,
                         const char *subject, int64_t now, struct err *e);
int oidc_identity_touch(struct db_conn *c, const char *issuer, const char *subject, int64_t now,
                        struct err *e);

#endif
