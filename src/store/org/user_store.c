/* user_store.c — SQL for users, role grants, sessions and the shared rate-limit counters.
 * Sessions and rate limits live in the database, not in memory, so every server instance
 * behind a load balancer sees the same ones. */
#include "user_store.h"

#include "rows.h"

#define USER_COLS "id, username, full_name, kind, email, phone, password_hash, active"

static void user_from_row(struct arena *a, const struct db_rows *r, int i, struct user_row *u)
{
    u->id = db_rows_int(r, i, 0);
    u->username = rows_text(a, r, i, 1);
    u->full_name = rows_text(a, r, i, 2);
    u->kind = rows_text(a, r, i, 3);
    u->email = rows_str(a, r, i, 4);
    u->phone = rows_str(a, r, i, 5);
    u->password_hash = rows_str(a, r, i, 6);
    u->active = (int)db_rows_int(r, i, 7);
}

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
    struct db_rows *r = NULL;
    int rc = db_query(c, sql, &p, 1, &r, e);
    if (rc)
        return rc;
    if (db_rows_count(r) == 0)
        rc = err_set(e, E_NOTFOUND, "username", "Không tìm thấy người dùng");
    else
        user_from_row(a, r, 0, out);
    db_rows_free(r);
    return rc;
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
    struct db_rows *r = NULL;
    int rc = db_query(c, "SELECT " USER_COLS " FROM users ORDER BY username", DB_NOARGS, &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++)
        user_from_row(a, r, i, &(*out)[i]);
    db_rows_free(r);
    return 0;
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

int user_role_holders(struct db_conn *c, struct arena *a, const char *role,
                      struct role_holder_row **out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "SELECT u.id, COALESCE(r.unit_id, 0), u.username, u.full_name "
                      "FROM user_roles r JOIN users u ON u.id = r.user_id "
                      "WHERE r.role = $1 AND u.active = 1 AND u.kind = 'staff' "
                      "ORDER BY u.full_name, u.username, r.id",
                      DB_ARGS(DB_T(role)), &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++) {
        (*out)[i].user_id = db_rows_int(r, i, 0);
        (*out)[i].unit_id = db_rows_int(r, i, 1);
        (*out)[i].username = rows_text(a, r, i, 2);
        (*out)[i].full_name = rows_text(a, r, i, 3);
    }
    db_rows_free(r);
    return 0;
}

int user_roles(struct db_conn *c, struct arena *a, int64_t user_id, struct role_row **out, int *n,
               struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "SELECT r.role, COALESCE(r.unit_id, 0), o.key, o.name FROM user_roles r "
                      "LEFT JOIN org_units o ON o.id = r.unit_id WHERE r.user_id = $1 "
                      "ORDER BY r.id",
                      DB_ARGS(DB_I(user_id)), &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++) {
        (*out)[i].role = rows_text(a, r, i, 0);
        (*out)[i].unit_id = db_rows_int(r, i, 1);
        (*out)[i].unit_key = rows_str(a, r, i, 2);
        (*out)[i].unit_name = rows_str(a, r, i, 3);
    }
    db_rows_free(r);
    return 0;
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

int session_get(struct db_conn *c, struct arena *a, const char *token_hash, struct session_row *out,
                struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "SELECT user_id, created_at, last_seen_at, expires_at, csrf_token "
                      "FROM sessions WHERE token_hash = $1",
                      DB_ARGS(DB_T(token_hash)), &r, e);
    if (rc)
        return rc;
    if (db_rows_count(r) == 0) {
        rc = err_set(e, E_UNAUTH, NULL, "Phiên đăng nhập không còn hiệu lực");
    } else {
        out->user_id = db_rows_int(r, 0, 0);
        out->created_at = db_rows_int(r, 0, 1);
        out->last_seen_at = db_rows_int(r, 0, 2);
        out->expires_at = db_rows_int(r, 0, 3);
        out->csrf_token = rows_text(a, r, 0, 4);
    }
    db_rows_free(r);
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

static int ratelimit_count_of(struct db_rows *r, struct ratelimit_count *out)
{
    *out = (struct ratelimit_count){0, 0};
    if (db_rows_count(r) > 0)
        *out = (struct ratelimit_count){db_rows_int(r, 0, 0), db_rows_int(r, 0, 1)};
    db_rows_free(r);
    return 0;
}

int ratelimit_since_hit(struct db_conn *c, const char *bucket, int64_t now, int64_t window,
                        int64_t amount, struct ratelimit_count *out, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, $3) "
                      "ON CONFLICT (bucket) DO UPDATE SET "
                      "hits = CASE WHEN rate_limits.window_start > $4 "
                      "THEN rate_limits.hits + $3 ELSE $3 END, "
                      "window_start = CASE WHEN rate_limits.window_start > $4 "
                      "THEN rate_limits.window_start ELSE $2 END "
                      "RETURNING hits, window_start",
                      DB_ARGS(DB_T(bucket), DB_I(now), DB_I(amount), DB_I(now - window)), &r, e);
    return rc ? rc : ratelimit_count_of(r, out);
}

int ratelimit_since_read(struct db_conn *c, const char *bucket, int64_t now, int64_t window,
                         struct ratelimit_count *out, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "SELECT hits, window_start FROM rate_limits WHERE bucket = $1 AND "
                      "window_start > $2",
                      DB_ARGS(DB_T(bucket), DB_I(now - window)), &r, e);
    return rc ? rc : ratelimit_count_of(r, out);
}
