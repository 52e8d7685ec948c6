/* file_store.c — SQL for files, dossier_files and draft_files (see file_store.h). Every read
 * of a dossier's attachment goes through FILE_COLS and one row reader, joined with its content
 * and uploader, so the list and the single lookups cannot disagree about what an attachment
 * is. */
#include "file_store.h"

#include "rows.h"

#define FILE_COLS                                                                                  \
    "df.id, df.dossier_id, f.size, COALESCE(df.uploaded_by, 0), df.uploaded_at, df.sha256, "       \
    "f.mime, df.kind, df.name, COALESCE(u.full_name, ''), COALESCE(df.component_idx, -1), "        \
    "df.digitised, df.reused, df.reused_from, COALESCE(df.supplement_id, 0)"
#define FILE_FROM                                                                                  \
    " FROM dossier_files df JOIN files f ON f.sha256 = df.sha256"                                  \
    " LEFT JOIN users u ON u.id = df.uploaded_by"

static void file_from_row(struct arena *a, const struct db_rows *r, int i, struct file_row *f)
{
    int c = 0;
    f->id = db_rows_int(r, i, c++);
    f->dossier_id = db_rows_int(r, i, c++);
    f->size = db_rows_int(r, i, c++);
    f->uploaded_by = db_rows_int(r, i, c++);
    f->uploaded_at = db_rows_int(r, i, c++);
    f->sha256 = rows_text(a, r, i, c++);
    f->mime = rows_text(a, r, i, c++);
    f->kind = rows_text(a, r, i, c++);
    f->name = rows_text(a, r, i, c++);
    f->uploader = rows_text(a, r, i, c++);
    f->component_idx = (int)db_rows_int(r, i, c++);
    f->digitised = (int)db_rows_int(r, i, c++);
    f->reused = (int)db_rows_int(r, i, c++);
    f->reused_from = rows_str(a, r, i, c++);
    f->supplement_id = db_rows_int(r, i, c++);
}

int file_content_put(struct db_conn *c, const char *sha256, int64_t size, const char *mime,
                     int64_t now, int *existed, struct err *e)
{
    int64_t added = 0;
    int rc = db_exec_count(c,
                           "INSERT INTO files (sha256, size, mime, created_at) "
                           "VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING",
                           DB_ARGS(DB_T(sha256), DB_I(size), DB_T(mime), DB_I(now)), &added, e);
    *existed = rc == 0 && added == 0;
    return rc;
}

int file_attach(struct db_conn *c, const struct file_row *r, int64_t *id, struct err *e)
{
    return db_query_int(c,
                        "INSERT INTO dossier_files (dossier_id, sha256, kind, component_idx, name, "
                        "uploaded_by, uploaded_at, digitised, reused, reused_from, supplement_id) "
                        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                        DB_ARGS(DB_I(r->dossier_id), DB_T(r->sha256), DB_T(r->kind),
                                r->component_idx >= 0 ? DB_I(r->component_idx) : DB_NIL,
                                DB_T(r->name), r->uploaded_by ? DB_I(r->uploaded_by) : DB_NIL,
                                DB_I(r->uploaded_at), DB_I(r->digitised), DB_I(r->reused),
                                DB_T(r->reused_from),
                                r->supplement_id ? DB_I(r->supplement_id) : DB_NIL),
                        id, e);
}

/* The first row of a query over FILE_COLS, or E_NOTFOUND. */
static int one_file(struct db_conn *c, struct arena *a, const char *sql, const struct db_param *p,
                    int n, struct file_row *out, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c, sql, p, n, &r, e);
    if (rc)
        return rc;
    if (db_rows_count(r) == 0)
        rc = err_set(e, E_NOTFOUND, "sha256", "Không tìm thấy tệp này trong hồ sơ");
    else
        file_from_row(a, r, 0, out);
    db_rows_free(r);
    return rc;
}

int file_attached_at(struct db_conn *c, struct arena *a, int64_t dossier_id, const char *sha256,
                     const char *kind, int component_idx, struct file_row *out, struct err *e)
{
    return one_file(c, a,
                    "SELECT " FILE_COLS FILE_FROM
                    " WHERE df.dossier_id = $1 AND df.sha256 = $2 AND df.kind = $3"
                    " AND COALESCE(df.component_idx, -1) = $4",
                    DB_ARGS(DB_I(dossier_id), DB_T(sha256), DB_T(kind), DB_I(component_idx)), out,
                    e);
}

int file_in_dossier(struct db_conn *c, struct arena *a, int64_t dossier_id, const char *sha256,
                    struct file_row *out, struct err *e)
{
    return one_file(c, a,
                    "SELECT " FILE_COLS FILE_FROM
                    " WHERE df.dossier_id = $1 AND df.sha256 = $2 ORDER BY df.id LIMIT 1",
                    DB_ARGS(DB_I(dossier_id), DB_T(sha256)), out, e);
}

int file_list(struct db_conn *c, struct arena *a, int64_t dossier_id, struct file_row **out, int *n,
              struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c, "SELECT " FILE_COLS FILE_FROM " WHERE df.dossier_id = $1 ORDER BY df.id",
                      DB_ARGS(DB_I(dossier_id)), &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++)
        file_from_row(a, r, i, &(*out)[i]);
    db_rows_free(r);
    return 0;
}

int file_answer_remove(struct db_conn *c, int64_t dossier_id, int64_t supplement_id,
                       const char *sha256, int64_t *removed, struct err *e)
{
    return db_exec_count(c,
                         "DELETE FROM dossier_files WHERE dossier_id = $1 AND supplement_id = $2 "
                         "AND sha256 = $3",
                         DB_ARGS(DB_I(dossier_id), DB_I(supplement_id), DB_T(sha256)), removed, e);
}

int file_answer_count(struct db_conn *c, int64_t supplement_id, int64_t *n, struct err *e)
{
    return db_query_int(c, "SELECT COUNT(*) FROM dossier_files WHERE supplement_id = $1",
                        DB_ARGS(DB_I(supplement_id)), n, e);
}

int file_draft_attach(struct db_conn *c, int64_t draft_id, const struct file_row *r, int *added,
                      struct err *e)
{
    int64_t n = 0;
    int rc = db_exec_count(c,
                           "INSERT INTO draft_files (draft_id, sha256, component_idx, name, "
                           "uploaded_at, reused_from) VALUES ($1, $2, $3, $4, $5, $6) "
                           "ON CONFLICT (draft_id, sha256, component_idx) DO NOTHING",
                           DB_ARGS(DB_I(draft_id), DB_T(r->sha256), DB_I(r->component_idx),
                                   DB_T(r->name), DB_I(r->uploaded_at), DB_T(r->reused_from)),
                           &n, e);
    *added = n > 0;
    return rc;
}

int file_draft_list(struct db_conn *c, struct arena *a, int64_t draft_id, struct file_row **out,
                    int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "SELECT df.id, df.draft_id, f.size, df.uploaded_at, df.sha256, f.mime, "
                      "df.name, df.component_idx, df.reused_from FROM draft_files df "
                      "JOIN files f ON f.sha256 = df.sha256 WHERE df.draft_id = $1 ORDER BY df.id",
                      DB_ARGS(DB_I(draft_id)), &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++) {
        struct file_row *f = &(*out)[i];
        *f = (struct file_row){.id = db_rows_int(r, i, 0),
                               .dossier_id = db_rows_int(r, i, 1),
                               .size = db_rows_int(r, i, 2),
                               .uploaded_at = db_rows_int(r, i, 3),
                               .sha256 = rows_text(a, r, i, 4),
                               .mime = rows_text(a, r, i, 5),
                               .kind = "component",
                               .name = rows_text(a, r, i, 6),
                               .uploader = "",
                               .component_idx = (int)db_rows_int(r, i, 7),
                               .reused_from = rows_str(a, r, i, 8)};
        f->reused = f->reused_from != NULL;
    }
    db_rows_free(r);
    return 0;
}

int file_draft_remove(struct db_conn *c, int64_t draft_id, const char *sha256, int64_t *removed,
                      struct err *e)
{
    return db_exec_count(c, "DELETE FROM draft_files WHERE draft_id = $1 AND sha256 = $2",
                         DB_ARGS(DB_I(draft_id), DB_T(sha256)), removed, e);
}

int file_draft_to_dossier(struct db_conn *c, int64_t draft_id, int64_t dossier_id, int64_t user_id,
                          struct err *e)
{
    return db_exec(c,
                   "INSERT INTO dossier_files (dossier_id, sha256, kind, component_idx, name, "
                   "uploaded_by, uploaded_at, digitised, reused, reused_from) "
                   "SELECT CAST($2 AS BIGINT), sha256, 'component', component_idx, name, "
                   "CAST($3 AS BIGINT), uploaded_at, 0, "
                   "CASE WHEN reused_from IS NULL THEN 0 ELSE 1 END, reused_from "
                   "FROM draft_files WHERE draft_id = $1 ORDER BY id",
                   DB_ARGS(DB_I(draft_id), DB_I(dossier_id), DB_I(user_id)), e);
}

#define STORE_SQL                                                                                  \
    "SELECT df.dossier_id, f.size, df.uploaded_at, df.sha256, f.mime, df.kind, df.name, "          \
    "COALESCE(df.component_idx, -1), d.code, d.procedure_code, d.procedure_name, dc.name "         \
    "FROM dossier_files df JOIN files f ON f.sha256 = df.sha256 "                                  \
    "JOIN dossiers d ON d.id = df.dossier_id "                                                     \
    "LEFT JOIN dossier_components dc ON dc.dossier_id = df.dossier_id "                            \
    "AND dc.idx = df.component_idx WHERE d.applicant_user_id = $1 "

int file_store_of_user(struct db_conn *c, struct arena *a, int64_t user_id, const char *sha256,
                       int limit, struct file_store_entry **out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = sha256 ? db_query(c, STORE_SQL "AND df.sha256 = $2 ORDER BY df.id DESC LIMIT $3",
                               DB_ARGS(DB_I(user_id), DB_T(sha256), DB_I(limit)), &r, e)
                    : db_query(c, STORE_SQL "ORDER BY df.id DESC LIMIT $2",
                               DB_ARGS(DB_I(user_id), DB_I(limit)), &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++) {
        struct file_store_entry *s = &(*out)[i];
        *s = (struct file_store_entry){.f = {.dossier_id = db_rows_int(r, i, 0),
                                             .size = db_rows_int(r, i, 1),
                                             .uploaded_at = db_rows_int(r, i, 2),
                                             .sha256 = rows_text(a, r, i, 3),
                                             .mime = rows_text(a, r, i, 4),
                                             .kind = rows_text(a, r, i, 5),
                                             .name = rows_text(a, r, i, 6),
                                             .uploader = "",
                                             .component_idx = (int)db_rows_int(r, i, 7)},
                                       .dossier_code = rows_text(a, r, i, 8),
                                       .procedure_code = rows_text(a, r, i, 9),
                                       .procedure_name = rows_text(a, r, i, 10),
                                       .component_name = rows_str(a, r, i, 11)};
    }
    db_rows_free(r);
    return 0;
}
