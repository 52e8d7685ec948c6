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

#define L(kind, field) ROW_##kind(#field, struct oidc_login_row, field)
static const struct row_col login_cols[] = {
    L(TEXT, nonce),     L(TEXT, code_verifier), L(STR, next_path),
    L(I64, created_at), L(I64, expires_at),
};
#undef L
static const struct row_spec login_spec = ROW_SPEC(struct oidc_login_row, login_cols);

int oidc_login_take(struct db_conn *c, struct arena *a, const char *state_hash,
                    struct oidc_login_row *out, struct err *e)
{
    int rc = rows_query_one(c, a,
                            "DELETE FROM oidc_logins WHERE state_hash = $1 RETURNING nonce, "
                            "code_verifier, next_path, created_at, expires_at",
                            DB_ARGS(DB_T(state_hash)), &login_spec, out, "state",
                            "No login is waiting for this state", e);
    if (rc == 0)
        out->state_hash = arena_strdup(a, state_hash);
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
