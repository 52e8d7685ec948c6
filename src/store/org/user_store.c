/* user_store.c — SQL for users, role grants, sessions and the shared rate-limit counters.
 * Sessions and rate limits live in the database, not in memory, so every server instance
 * behind a load balancer sees the same ones. */
#include "user_store.h"

#include "rows.h"

#define USER_COLS "id, username, full_name, kind, email, phone, password_hash, active"

#define U(kind, field) ROW_##kind(#field, struct user_row, field)
static const struct row_col user_cols[] = {
    U(I64, id),    U(TEXT, username), U(TEXT, full_name),    U(TEXT, kind),
    U(STR, email), U(STR, phone),     U(STR, password_hash), U(INT, active),
};
#undef U
static const struct row_spec user_spec = ROW_SPEC(struct user_row, user_cols);

int user_insert(struct db_conn *c, const struct user_row *u, int64_t now, int64_t *id,
                struct err *e)
{
    int rc =
        db_query_int(c,
                     "INSERT INTO users (username, full_name, kind, email, phone, "
                     "password_hash, active, created_at, updated_at) "
                     "VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7) RETURNING id",
                     DB_ARGS(DB_T(u->username), DB_T(u->full_name), DB_T(u->kind), DB_T(u->email),
                             DB_T(u->phone), DB_T(u->password_hash), DB_I(now)),
                     id, e);
    if (rc == E_CONSTRAINT)
        return err_set(e, E_CONFLICT, "username", "Tên đăng nhập đã được dùng");
    return rc;
}

static int user_get_one(struct db_conn *c, struct arena *a, const char *sql, struct db_param p,
                        struct user_row *out, struct err *e)
{
    return rows_query_one(c, a, sql, &p, 1, &user_spec, out, "username",
                          "Không tìm thấy người dùng", e);
}

int user_get_by_username(struct db_conn *c, struct arena *a, const char *username,
                         struct user_row *out, struct err *e)
{
    return user_get_one(c, a, "SELECT " USER_COLS " FROM users WHERE username = $1", DB_T(username),
                        out, e);
}

int user_get(struct db_conn *c, struct arena *a, int64_t id, struct user_row *out, struct err *e)
{
    return user_get_one(c, a, "SELECT " USER_COLS " FROM users WHERE id = $1", DB_I(id), out, e);
}

int user_set_password(struct db_conn *c, int64_t id, const char *hash, int64_t now, struct err *e)
{
    return db_exec(c, "UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1",
                   DB_ARGS(DB_I(id), DB_T(hash), DB_I(now)), e);
}

int user_list(struct db_conn *c, struct arena *a, struct user_row **out, int *n, struct err *e)
{
    return rows_query_all(c, a, "SELECT " USER_COLS " FROM users ORDER BY username", DB_NOARGS,
                          &user_spec, out, n, e);
}

int user_grant(struct db_conn *c, int64_t user_id, const char *role, int64_t unit_id, struct err *e)
{
    int64_t exists = 0;
    int rc = db_query_int(c,
                          "SELECT COUNT(*) FROM user_roles WHERE user_id = $1 AND role = $2 "
                          "AND COALESCE(unit_id, 0) = $3",
                          DB_ARGS(DB_I(user_id), DB_T(role), DB_I(unit_id)), &exists, e);
    if (rc)
        return rc;
    if (exists)
        return err_set(e, E_CONFLICT, "role", "Người dùng đã có vai trò này tại đơn vị này");
    return db_exec(c, "INSERT INTO user_roles (user_id, role, unit_id) VALUES ($1, $2, $3)",
                   DB_ARGS(DB_I(user_id), DB_T(role), unit_id ? DB_I(unit_id) : DB_NIL), e);
}

#define H(kind, field) ROW_##kind(#field, struct role_holder_row, field)
static const struct row_col holder_cols[] = {H(I64, user_id), H(I64, unit_id), H(TEXT, username),
                                             H(TEXT, full_name)};
#undef H
static const struct row_spec holder_spec = ROW_SPEC(struct role_holder_row, holder_cols);

int user_role_holders(struct db_conn *c, struct arena *a, const char *role,
                      struct role_holder_row **out, int *n, struct err *e)
{
    return rows_query_all(c, a,
                          "SELECT u.id AS user_id, r.unit_id, u.username, u.full_name "
                          "FROM user_roles r JOIN users u ON u.id = r.user_id "
                          "WHERE r.role = $1 AND u.active = 1 AND u.kind = 'staff' "
                          "ORDER BY u.full_name, u.username, r.id",
                          DB_ARGS(DB_T(role)), &holder_spec, out, n, e);
}

#define R(kind, name, field) ROW_##kind(name, struct role_row, field)
static const struct row_col role_cols[] = {R(TEXT, "role", role), R(I64, "unit_id", unit_id),
                                           R(STR, "unit_key", unit_key),
                                           R(STR, "unit_name", unit_name)};
#undef R
static const struct row_spec role_spec = ROW_SPEC(struct role_row, role_cols);

int user_roles(struct db_conn *c, struct arena *a, int64_t user_id, struct role_row **out, int *n,
               struct err *e)
{
    return rows_query_all(c, a,
                          "SELECT r.role, r.unit_id, o.key AS unit_key, o.name AS unit_name "
                          "FROM user_roles r LEFT JOIN org_units o ON o.id = r.unit_id "
                          "WHERE r.user_id = $1 ORDER BY r.id",
                          DB_ARGS(DB_I(user_id)), &role_spec, out, n, e);
}

int session_insert(struct db_conn *c, const char *token_hash, int64_t user_id, const char *csrf,
                   int64_t now, int64_t expires_at, struct err *e)
{
    return db_exec(
        c,
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, "
        "last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)",
        DB_ARGS(DB_T(token_hash), DB_I(user_id), DB_T(csrf), DB_I(now), DB_I(expires_at)), e);
}

#define S(kind, field) ROW_##kind(#field, struct session_row, field)
static const struct row_col session_cols[] = {S(I64, user_id), S(I64, created_at),
                                              S(I64, last_seen_at), S(I64, expires_at),
                                              S(TEXT, csrf_token)};
#undef S
static const struct row_spec session_spec = ROW_SPEC(struct session_row, session_cols);

int session_get(struct db_conn *c, struct arena *a, const char *token_hash, struct session_row *out,
                struct err *e)
{
    struct session_row *r;
    int n;
    int rc = rows_query_all(c, a,
                            "SELECT user_id, created_at, last_seen_at, expires_at, csrf_token "
                            "FROM sessions WHERE token_hash = $1",
                            DB_ARGS(DB_T(token_hash)), &session_spec, &r, &n, e);
    if (rc == 0 && n == 0)
        rc = err_set(e, E_UNAUTH, NULL, "Phiên đăng nhập không còn hiệu lực");
    if (rc == 0)
        *out = *r;
    return rc;
}

int session_touch(struct db_conn *c, const char *token_hash, int64_t now, struct err *e)
{
    return db_exec(c, "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1",
                   DB_ARGS(DB_T(token_hash), DB_I(now)), e);
}

int session_delete(struct db_conn *c, const char *token_hash, struct err *e)
{
    return db_exec(c, "DELETE FROM sessions WHERE token_hash = $1", DB_ARGS(DB_T(token_hash)), e);
}

int session_delete_user(struct db_conn *c, int64_t user_id, struct err *e)
{
    return db_exec(c, "DELETE FROM sessions WHERE user_id = $1", DB_ARGS(DB_I(user_id)), e);
}

int session_purge_expired(struct db_conn *c, int64_t now, struct err *e)
{
    return db_exec(c, "DELETE FROM sessions WHERE expires_at <= $1", DB_ARGS(DB_I(now)), e);
}

int ratelimit_hit(struct db_conn *c, const char *bucket, int64_t window_start, int64_t amount,
                  int64_t *hits, struct err *e)
{
    return db_query_int(c,
                        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, $3) "
                        "ON CONFLICT (bucket) DO UPDATE SET "
                        "hits = CASE WHEN rate_limits.window_start = $2 "
                        "THEN rate_limits.hits + $3 ELSE $3 END, window_start = $2 "
                        "RETURNING hits",
                        DB_ARGS(DB_T(bucket), DB_I(window_start), DB_I(amount)), hits, e);
}

int ratelimit_clear(struct db_conn *c, const char *bucket, struct err *e)
{
    return db_exec(c, "DELETE FROM rate_limits WHERE bucket = $1", DB_ARGS(DB_T(bucket)), e);
}

/* A window's count and start; no row reads as no window open (0 hits). */
static const struct row_col window_cols[] = {
    ROW_I64("hits", struct ratelimit_count, hits),
    ROW_I64("window_start", struct ratelimit_count, started)};
static const struct row_spec window_spec = ROW_SPEC(struct ratelimit_count, window_cols);

static int ratelimit_window(struct db_conn *c, const char *sql, const struct db_param *p, int np,
                            struct ratelimit_count *out, struct err *e)
{
    int found;
    *out = (struct ratelimit_count){.hits = 0, .started = 0};
    return rows_query_numbers(c, sql, p, np, &window_spec, out, &found, e);
}

int ratelimit_since_hit(struct db_conn *c, const char *bucket, int64_t now, int64_t window,
                        int64_t amount, struct ratelimit_count *out, struct err *e)
{
    return ratelimit_window(c,
                            "INSERT INTO rate_limits (bucket, window_start, hits) "
                            "VALUES ($1, $2, $3) ON CONFLICT (bucket) DO UPDATE SET "
                            "hits = CASE WHEN rate_limits.window_start > $4 "
                            "THEN rate_limits.hits + $3 ELSE $3 END, "
                            "window_start = CASE WHEN rate_limits.window_start > $4 "
                            "THEN rate_limits.window_start ELSE $2 END "
                            "RETURNING hits, window_start",
                            DB_ARGS(DB_T(bucket), DB_I(now), DB_I(amount), DB_I(now - window)), out,
                            e);
}

int ratelimit_since_read(struct db_conn *c, const char *bucket, int64_t now, int64_t window,
                         struct ratelimit_count *out, struct err *e)
{
    return ratelimit_window(c,
                            "SELECT hits, window_start FROM rate_limits WHERE bucket = $1 AND "
                            "window_start > $2",
                            DB_ARGS(DB_T(bucket), DB_I(now - window)), out, e);
}
