/* procedure_store.c — SQL for the procedure catalogue. Versions are only ever inserted. The
 * version in force is chosen in SQL (highest version_no effective on or before today, both
 * passed in from C), so search, filters, sort and paging all run in the database: a page of
 * results costs one indexed scan of a few hundred rows and only that page comes back. Sorting
 * compares ICU sort keys stored as bytes, which both engines order with memcmp. */
#include "procedure_store.h"

#include "rows.h"

#include <string.h>

/* retired_at reads as 0 while the procedure is in force (NULL in the table). */
#define PROC_COLS "id, code, latest_version, retired_at, created_at"

#define P(kind, field) ROW_##kind(#field, struct proc_row, field)
static const struct row_col proc_cols[] = {
    P(I64, id), P(TEXT, code), P(INT, latest_version), P(I64, retired_at), P(I64, created_at),
};
#undef P
static const struct row_spec proc_spec = ROW_SPEC(struct proc_row, proc_cols);

int proc_insert(struct db_conn *c, const char *code, int64_t now, int64_t *id, struct err *e)
{
    return db_query_int(c,
                        "INSERT INTO procedures (code, latest_version, created_at) "
                        "VALUES ($1, 0, $2) RETURNING id",
                        DB_ARGS(DB_T(code), DB_I(now)), id, e);
}

int proc_get(struct db_conn *c, struct arena *a, const char *code, struct proc_row *out,
             struct err *e)
{
    struct proc_row *r;
    int n;
    int rc = rows_query_all(c, a, "SELECT " PROC_COLS " FROM procedures WHERE code = $1",
                            DB_ARGS(DB_T(code)), &proc_spec, &r, &n, e);
    if (rc == 0 && n == 0)
        rc = err_set(e, E_NOTFOUND, "code", "Không tìm thấy thủ tục %s", code);
    if (rc == 0)
        *out = *r;
    return rc;
}

int proc_list_all(struct db_conn *c, struct arena *a, struct proc_row **out, int *n, struct err *e)
{
    return rows_query_all(c, a, "SELECT " PROC_COLS " FROM procedures ORDER BY code", DB_NOARGS,
                          &proc_spec, out, n, e);
}

int proc_bump_version(struct db_conn *c, int64_t id, int expected, int version, struct err *e)
{
    int64_t changed = 0;
    int rc = db_exec_count(
        c, "UPDATE procedures SET latest_version = $3 WHERE id = $1 AND latest_version = $2",
        DB_ARGS(DB_I(id), DB_I(expected), DB_I(version)), &changed, e);
    if (!rc && changed != 1)
        rc = err_set(e, E_CONFLICT, "expected_version",
                     "Thủ tục đã được sửa bởi người khác (phiên bản mới nhất không còn là %d); "
                     "hãy tải lại và sửa trên phiên bản mới",
                     expected);
    return rc;
}

int proc_retire(struct db_conn *c, int64_t id, int64_t now, struct err *e)
{
    return db_exec(c, "UPDATE procedures SET retired_at = $2 WHERE id = $1 AND retired_at IS NULL",
                   DB_ARGS(DB_I(id), DB_I(now)), e);
}

int proc_version_insert(struct db_conn *c, const struct proc_version_row *v, struct err *e)
{
    return db_exec(c,
                   "INSERT INTO procedure_versions (procedure_id, version_no, effective_from, "
                   "name, field, level, online_mode, verified, search_fold, sort_key, body, "
                   "created_at, created_by) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                   DB_ARGS(DB_I(v->procedure_id), DB_I(v->version_no), DB_T(v->effective_from),
                           DB_T(v->name), DB_T(v->field), DB_T(v->level), DB_T(v->online),
                           DB_I(v->verified), DB_T(v->search_fold),
                           DB_B(v->sort_key, v->sort_key_len), DB_T(v->body), DB_I(v->created_at),
                           v->created_by ? DB_I(v->created_by) : DB_NIL),
                   e);
}

/* A version as it is read back: the fields of the listing, not the search columns. */
#define V(kind, field) ROW_##kind(#field, struct proc_version_row, field)
static const struct row_col version_cols[] = {V(INT, version_no), V(TEXT, effective_from),
                                              V(I64, created_at), V(TEXT, body)};
#undef V
static const struct row_spec version_spec = ROW_SPEC(struct proc_version_row, version_cols);

int proc_version_get(struct db_conn *c, struct arena *a, int64_t procedure_id, int version_no,
                     const char *today, struct proc_version_row *out, struct err *e)
{
    struct proc_version_row *r;
    int n;
    int rc = rows_query_all(
        c, a,
        "SELECT version_no, effective_from, created_at, body "
        "FROM procedure_versions WHERE procedure_id = $1 AND version_no = "
        "CASE WHEN $2 > 0 THEN $2 ELSE (SELECT MAX(w.version_no) FROM "
        "procedure_versions w WHERE w.procedure_id = $1 AND w.effective_from <= $3) "
        "END",
        DB_ARGS(DB_I(procedure_id), DB_I(version_no), DB_T(today)), &version_spec, &r, &n, e);
    if (rc)
        return rc;
    if (n == 0)
        return version_no
                   ? err_set(e, E_NOTFOUND, "version", "Không có phiên bản %d của thủ tục này",
                             version_no)
                   : err_set(e, E_NOTFOUND, "version", "Thủ tục chưa có phiên bản nào có hiệu lực");
    out->version_no = r->version_no;
    out->effective_from = r->effective_from;
    out->created_at = r->created_at;
    out->body = r->body;
    return 0;
}

int proc_version_list(struct db_conn *c, struct arena *a, int64_t procedure_id,
                      struct proc_version_row **out, int *n, struct err *e)
{
    return rows_query_all(c, a,
                          "SELECT version_no, effective_from, created_at, body FROM "
                          "procedure_versions WHERE procedure_id = $1 ORDER BY version_no",
                          DB_ARGS(DB_I(procedure_id)), &version_spec, out, n, e);
}

/* The version shown: in force on $1, or the latest one for the staff listing ($2 = 1). */
#define SEARCH_FROM                                                                                \
    " FROM procedures p JOIN procedure_versions v ON v.procedure_id = p.id"                        \
    " WHERE v.version_no = CASE WHEN $2 = 1 THEN p.latest_version ELSE"                            \
    " (SELECT MAX(w.version_no) FROM procedure_versions w WHERE w.procedure_id = p.id"             \
    " AND w.effective_from <= $1) END"                                                             \
    " AND ($2 = 1 OR p.retired_at IS NULL)"                                                        \
    " AND v.search_fold LIKE $3 ESCAPE '\\' AND v.search_fold LIKE $4 ESCAPE '\\'"                 \
    " AND v.search_fold LIKE $5 ESCAPE '\\' AND v.search_fold LIKE $6 ESCAPE '\\'"                 \
    " AND v.search_fold LIKE $7 ESCAPE '\\' AND v.search_fold LIKE $8 ESCAPE '\\'"                 \
    " AND (CAST($9 AS TEXT) = '' OR v.field = $9)"                                                 \
    " AND (CAST($10 AS TEXT) = '' OR v.level = $10)"                                               \
    " AND (CAST($11 AS TEXT) = '' OR v.online_mode = $11)"                                         \
    " AND (CAST($12 AS TEXT) = '' OR EXISTS (SELECT 1 FROM procedure_units pu"                     \
    " JOIN org_units o ON o.id = pu.unit_id WHERE pu.procedure_id = p.id AND o.key = $12))"

#define SEARCH_ARGS(q)                                                                             \
    DB_T((q)->today), DB_I((q)->latest), DB_T((q)->words[0]), DB_T((q)->words[1]),                 \
        DB_T((q)->words[2]), DB_T((q)->words[3]), DB_T((q)->words[4]), DB_T((q)->words[5]),        \
        DB_T((q)->field), DB_T((q)->level), DB_T((q)->online), DB_T((q)->agency)

#define L(kind, name, field) ROW_##kind(name, struct proc_list_row, field)
static const struct row_col list_cols[] = {
    L(TEXT, "code", code),
    L(TEXT, "name", name),
    L(TEXT, "field", field),
    L(TEXT, "level", level),
    L(TEXT, "online_mode", online),
    L(TEXT, "effective_from", effective_from),
    L(INT, "version_no", version_no),
    L(INT, "verified", verified),
    L(INT, "retired", retired),
};
#undef L
static const struct row_spec list_spec = ROW_SPEC(struct proc_list_row, list_cols);

int proc_search(struct db_conn *c, struct arena *a, const struct proc_search *q,
                struct proc_list_row **out, int *n, int64_t *total, struct err *e)
{
    int rc = db_query_int(c, "SELECT COUNT(*)" SEARCH_FROM, DB_ARGS(SEARCH_ARGS(q)), total, e);
    return rc ? rc
              : rows_query_all(c, a,
                               "SELECT p.code, v.name, v.field, v.level, v.online_mode, "
                               "v.effective_from, v.version_no, v.verified, CASE WHEN "
                               "p.retired_at IS NULL THEN 0 ELSE 1 END AS retired" SEARCH_FROM
                               " ORDER BY v.sort_key, p.code LIMIT $13 OFFSET $14",
                               DB_ARGS(SEARCH_ARGS(q), DB_I(q->limit), DB_I(q->offset)), &list_spec,
                               out, n, e);
}

static int text_column(struct db_conn *c, struct arena *a, const char *sql,
                       const struct db_param *p, int np, const char ***out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c, sql, p, np, &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++)
        (*out)[i] = rows_text(a, r, i, 0);
    db_rows_free(r);
    return 0;
}

int proc_fields(struct db_conn *c, struct arena *a, const char *today, const char ***out, int *n,
                struct err *e)
{
    return text_column(c, a,
                       "SELECT DISTINCT v.field FROM procedures p JOIN procedure_versions v"
                       " ON v.procedure_id = p.id WHERE p.retired_at IS NULL AND v.version_no ="
                       " (SELECT MAX(w.version_no) FROM procedure_versions w"
                       " WHERE w.procedure_id = p.id AND w.effective_from <= $1)"
                       " ORDER BY v.field",
                       DB_ARGS(DB_T(today)), out, n, e);
}

#define U(kind, field) ROW_##kind(#field, struct proc_unit_row, field)
static const struct row_col unit_cols[] = {U(I64, unit_id), U(TEXT, key), U(TEXT, name),
                                           U(TEXT, role)};
#undef U
static const struct row_spec unit_spec = ROW_SPEC(struct proc_unit_row, unit_cols);

int proc_assigned_units(struct db_conn *c, struct arena *a, struct proc_unit_row **out, int *n,
                        struct err *e)
{
    return rows_query_all(c, a,
                          "SELECT DISTINCT o.id AS unit_id, o.key, o.name, '' AS role"
                          " FROM procedure_units pu JOIN org_units o ON o.id = pu.unit_id"
                          " ORDER BY o.key",
                          DB_NOARGS, &unit_spec, out, n, e);
}

int proc_units_list(struct db_conn *c, struct arena *a, int64_t procedure_id,
                    struct proc_unit_row **out, int *n, struct err *e)
{
    return rows_query_all(c, a,
                          "SELECT o.id AS unit_id, o.key, o.name, pu.role FROM procedure_units pu"
                          " JOIN org_units o ON o.id = pu.unit_id WHERE pu.procedure_id = $1"
                          " ORDER BY pu.role, o.key",
                          DB_ARGS(DB_I(procedure_id)), &unit_spec, out, n, e);
}

int proc_units_clear(struct db_conn *c, int64_t procedure_id, struct err *e)
{
    return db_exec(c, "DELETE FROM procedure_units WHERE procedure_id = $1",
                   DB_ARGS(DB_I(procedure_id)), e);
}

int proc_units_add(struct db_conn *c, int64_t procedure_id, int64_t unit_id, const char *role,
                   struct err *e)
{
    return db_exec(c,
                   "INSERT INTO procedure_units (procedure_id, unit_id, role) VALUES ($1, $2, $3)"
                   " ON CONFLICT (procedure_id, unit_id, role) DO NOTHING",
                   DB_ARGS(DB_I(procedure_id), DB_I(unit_id), DB_T(role)), e);
}

static int one_text(struct db_conn *c, struct arena *a, const char *sql, struct db_param p,
                    const char **out, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c, sql, &p, 1, &r, e);
    if (rc)
        return rc;
    if (db_rows_count(r) == 0 || db_rows_isnull(r, 0, 0))
        rc = E_NOTFOUND;
    else
        *out = rows_text(a, r, 0, 0);
    db_rows_free(r);
    return rc;
}

int proc_local_code_by_name(struct db_conn *c, struct arena *a, const char *name, const char **code,
                            struct err *e)
{
    return one_text(c, a,
                    "SELECT MIN(p.code) FROM procedures p JOIN procedure_versions v"
                    " ON v.procedure_id = p.id AND v.version_no = p.latest_version"
                    " WHERE p.code LIKE '0.%' AND v.name = $1",
                    DB_T(name), code, e);
}

int proc_max_code(struct db_conn *c, struct arena *a, const char *like, const char **code,
                  struct err *e)
{
    return one_text(c, a, "SELECT MAX(code) FROM procedures WHERE code LIKE $1", DB_T(like), code,
                    e);
}
