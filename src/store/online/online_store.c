/* online_store.c — SQL for self-registered citizens, their one-time codes and their drafts.
 * Accounts are rows of the users table like any other; only the "inactive until verified"
 * life cycle is specific, so the statements for it live here rather than in user_store. */
#include "online_store.h"

#include "rows.h"

int online_citizen_insert(struct db_conn *c, const char *username, const char *full_name,
                          const char *email, const char *phone, const char *password_hash,
                          int64_t now, int64_t *id, struct err *e)
{
    int rc = db_query_int(c,
                          "INSERT INTO users (username, full_name, kind, email, phone, "
                          "password_hash, active, created_at, updated_at) "
                          "VALUES ($1, $2, 'citizen', $3, $4, $5, 0, $6, $6) RETURNING id",
                          DB_ARGS(DB_T(username), DB_T(full_name), DB_T(email), DB_T(phone),
                                  DB_T(password_hash), DB_I(now)),
                          id, e);
    if (rc == E_CONSTRAINT)
        return err_set(e, E_CONFLICT, "login",
                       "Số điện thoại hoặc thư điện tử này đã được đăng ký");
    return rc;
}

int online_citizen_reset_pending(struct db_conn *c, int64_t id, const char *full_name,
                                 const char *password_hash, int64_t now, struct err *e)
{
    return db_exec(c,
                   "UPDATE users SET full_name = $2, password_hash = $3, updated_at = $4 "
                   "WHERE id = $1 AND active = 0",
                   DB_ARGS(DB_I(id), DB_T(full_name), DB_T(password_hash), DB_I(now)), e);
}

int online_citizen_activate(struct db_conn *c, int64_t id, int64_t now, struct err *e)
{
    return db_exec(c, "UPDATE users SET active = 1, updated_at = $2 WHERE id = $1",
                   DB_ARGS(DB_I(id), DB_I(now)), e);
}

int online_citizen_pending(struct db_conn *c, int64_t id, int *pending, struct err *e)
{
    int64_t n = 0;
    int rc = db_query_int(c,
                          "SELECT COUNT(*) FROM verification_codes WHERE user_id = $1 AND "
                          "purpose = 'signup' AND NOT EXISTS (SELECT 1 FROM verification_codes "
                          "v WHERE v.user_id = $1 AND v.used_at IS NOT NULL)",
                          DB_ARGS(DB_I(id)), &n, e);
    *pending = n > 0;
    return rc;
}

int online_code_replace(struct db_conn *c, const struct online_code_row *r, int64_t now,
                        int64_t *id, struct err *e)
{
    int rc = db_exec(c,
                     "UPDATE verification_codes SET expires_at = $2, code_sealed = NULL "
                     "WHERE user_id = $1 AND used_at IS NULL AND expires_at > $2",
                     DB_ARGS(DB_I(r->user_id), DB_I(now)), e);
    if (!rc)
        rc = db_query_int(c,
                          "INSERT INTO verification_codes (user_id, purpose, channel, recipient, "
                          "code_hash, code_sealed, attempts, expires_at, created_at) "
                          "VALUES ($1, $7, $2, $3, $4, $8, 0, $5, $6) RETURNING id",
                          DB_ARGS(DB_I(r->user_id), DB_T(r->channel), DB_T(r->recipient),
                                  DB_T(r->code_hash), DB_I(r->expires_at), DB_I(now),
                                  DB_T(r->purpose), DB_T(r->code_sealed)),
                          id, e);
    return rc;
}

#define CODE_COLS                                                                                  \
    "id, user_id, expires_at, used_at, attempts, code_hash, channel, recipient, purpose, "         \
    "code_sealed"

#define K(kind, field) ROW_##kind(#field, struct online_code_row, field)
static const struct row_col code_cols[] = {
    K(I64, id),         K(I64, user_id),  K(I64, expires_at), K(I64, used_at),  K(INT, attempts),
    K(TEXT, code_hash), K(TEXT, channel), K(TEXT, recipient), K(TEXT, purpose), K(STR, code_sealed),
};
#undef K
static const struct row_spec code_spec = ROW_SPEC(struct online_code_row, code_cols);

static int code_row(struct db_conn *c, struct arena *a, const char *sql, const struct db_param *p,
                    int np, struct online_code_row *out, struct err *e)
{
    return rows_query_one(c, a, sql, p, np, &code_spec, out, "code", "Không có mã xác minh", e);
}

int online_code_latest(struct db_conn *c, struct arena *a, int64_t user_id, const char *purpose,
                       struct online_code_row *out, struct err *e)
{
    return code_row(c, a,
                    "SELECT " CODE_COLS " FROM verification_codes WHERE user_id = $1 AND "
                    "purpose = $2 ORDER BY id DESC LIMIT 1",
                    DB_ARGS(DB_I(user_id), DB_T(purpose)), out, e);
}

int online_code_get(struct db_conn *c, struct arena *a, int64_t id, struct online_code_row *out,
                    struct err *e)
{
    return code_row(c, a, "SELECT " CODE_COLS " FROM verification_codes WHERE id = $1",
                    DB_ARGS(DB_I(id)), out, e);
}

int online_code_forget(struct db_conn *c, int64_t id, struct err *e)
{
    return db_exec(c, "UPDATE verification_codes SET code_sealed = NULL WHERE id = $1",
                   DB_ARGS(DB_I(id)), e);
}

int online_code_count_attempt(struct db_conn *c, int64_t id, struct err *e)
{
    return db_exec(c, "UPDATE verification_codes SET attempts = attempts + 1 WHERE id = $1",
                   DB_ARGS(DB_I(id)), e);
}

int online_code_use(struct db_conn *c, int64_t id, int64_t now, struct err *e)
{
    return db_exec(c,
                   "UPDATE verification_codes SET used_at = $2, code_sealed = NULL WHERE id = $1",
                   DB_ARGS(DB_I(id), DB_I(now)), e);
}

#define DRAFT_COLS                                                                                 \
    "id, user_id, created_at, updated_at, procedure_code, unit_key, data, dossier_code"

#define D(kind, field) ROW_##kind(#field, struct online_draft_row, field)
static const struct row_col draft_cols[] = {
    D(I64, id),         D(I64, user_id),         D(I64, created_at),
    D(I64, updated_at), D(TEXT, procedure_code), D(STR, unit_key),
    D(TEXT, data),      D(STR, dossier_code),
};
#undef D
static const struct row_spec draft_spec = ROW_SPEC(struct online_draft_row, draft_cols);

int online_draft_insert(struct db_conn *c, const struct online_draft_row *r, int64_t *id,
                        struct err *e)
{
    return db_query_int(c,
                        "INSERT INTO drafts (user_id, procedure_code, unit_key, data, "
                        "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
                        DB_ARGS(DB_I(r->user_id), DB_T(r->procedure_code), DB_T(r->unit_key),
                                DB_T(r->data), DB_I(r->created_at)),
                        id, e);
}

int online_draft_get(struct db_conn *c, struct arena *a, int64_t id, int64_t user_id,
                     struct online_draft_row *out, struct err *e)
{
    return rows_query_one(c, a, "SELECT " DRAFT_COLS " FROM drafts WHERE id = $1 AND user_id = $2",
                          DB_ARGS(DB_I(id), DB_I(user_id)), &draft_spec, out, "id",
                          "Không tìm thấy hồ sơ nháp", e);
}

int online_draft_save(struct db_conn *c, const struct online_draft_row *r, struct err *e)
{
    int64_t changed = 0;
    int rc = db_exec_count(c,
                           "UPDATE drafts SET unit_key = $3, data = $4, updated_at = $5 "
                           "WHERE id = $1 AND user_id = $2 AND dossier_code IS NULL",
                           DB_ARGS(DB_I(r->id), DB_I(r->user_id), DB_T(r->unit_key), DB_T(r->data),
                                   DB_I(r->updated_at)),
                           &changed, e);
    if (!rc && changed == 0)
        rc = err_set(e, E_CONFLICT, "id", "Hồ sơ nháp đã được nộp, không sửa được nữa");
    return rc;
}

int online_draft_mark_submitted(struct db_conn *c, int64_t id, const char *code, int64_t now,
                                struct err *e)
{
    return db_exec(c, "UPDATE drafts SET dossier_code = $2, updated_at = $3 WHERE id = $1",
                   DB_ARGS(DB_I(id), DB_T(code), DB_I(now)), e);
}

int online_draft_list(struct db_conn *c, struct arena *a, int64_t user_id, int limit,
                      struct online_draft_row **out, int *n, struct err *e)
{
    return rows_query_all(c, a,
                          "SELECT " DRAFT_COLS " FROM drafts WHERE user_id = $1 "
                          "ORDER BY updated_at DESC, id DESC LIMIT $2",
                          DB_ARGS(DB_I(user_id), DB_I(limit)), &draft_spec, out, n, e);
}
