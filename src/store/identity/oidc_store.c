/* oidc_store.c — SQL for OpenID Connect logins under way and for linked identities. Taking a
 * login deletes its row in the same statement that reads it, so two answers carrying the
 * same state cannot both find it, on either engine. */
#include "oidc_store.h"

#include "rows.h"

int oidc_login_insert(struct db_conn *c, const struct oidc_login_row *r, struct err *e)
{
    return db_exec(c,
                   "INSERT INTO oidc_logins (state_hash, nonce, code_verifier, next_path, "
                   "created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
                   DB_ARGS(DB_T(r->state_hash), DB_T(r->nonce), DB_T(r->code_verifier),
                           DB_T(r->next_path), DB_I(r->created_at), DB_I(r->expires_at)),
                   e);
}

int oidc_login_take(struct db_conn *c, struct arena *a, const char *state_hash,
                    struct oidc_login_row *out, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "DELETE FROM oidc_logins WHERE state_hash = $1 RETURNING nonce, "
                      "code_verifier, next_path, created_at, expires_at",
                      DB_ARGS(DB_T(state_hash)), &r, e);
    if (rc)
        return rc;
    if (db_rows_count(r) == 0) {
        rc = err_set(e, E_NOTFOUND, "state", "No login is waiting for this state");
    } else {
        *out = (struct oidc_login_row){.state_hash = arena_strdup(a, state_hash),
                                       .nonce = rows_text(a, r, 0, 0),
                                       .code_verifier = rows_text(a, r, 0, 1),
                                       .next_path = rows_str(a, r, 0, 2),
                                       .created_at = db_rows_int(r, 0, 3),
                                       .expires_at = db_rows_int(r, 0, 4)};
    }
    db_rows_free(r);
    return rc;
}

int oidc_login_purge_expired(struct db_conn *c, int64_t now, struct err *e)
{
    return db_exec(c, "DELETE FROM oidc_logins WHERE expires_at < $1", DB_ARGS(DB_I(now)), e);
}

int oidc_identity_user(struct db_conn *c, const char *issuer, const char *subject, int64_t *user_id,
                       struct err *e)
{
    return db_query_int(c, "SELECT user_id FROM user_identities WHERE issuer = $1 AND subject = $2",
                        DB_ARGS(DB_T(issuer), DB_T(subject)), user_id, e);
}

int oidc_identity_insert(struct db_conn *c, int64_t user_id, const char *issuer,
                         const char *subject, int64_t now, struct err *e)
{
    return db_exec(c,
                   "INSERT INTO user_identities (user_id, issuer, subject, created_at, "
                   "last_login_at) VALUES ($1, $2, $3, $4, $4)",
                   DB_ARGS(DB_I(user_id), DB_T(issuer), DB_T(subject), DB_I(now)), e);
}

int oidc_identity_touch(struct db_conn *c, const char *issuer, const char *subject, int64_t now,
                        struct err *e)
{
    return db_exec(c,
                   "UPDATE user_identities SET last_login_at = $3 WHERE issuer = $1 AND "
                   "subject = $2",
                   DB_ARGS(DB_T(issuer), DB_T(subject), DB_I(now)), e);
}
