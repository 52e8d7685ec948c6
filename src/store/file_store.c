/* file_store.c — SQL for files and dossier_files (see file_store.h). Every read of an
 * attachment goes through FILE_COLS and one row reader, joined with its content and uploader,
 * so the list and the single lookups cannot disagree about what an attachment is. */
#include "file_store.h"

#include "rows.h"

#define FILE_COLS                                                                                  \
    "df.id, df.dossier_id, f.size, COALESCE(df.uploaded_by, 0), df.uploaded_at, df.sha256, "       \
    "f.mime, df.kind, df.name, COALESCE(u.full_name, ''), COALESCE(df.component_idx, -1), "        \
    "df.digitised, df.reused"
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
                        "uploaded_by, uploaded_at, digitised, reused) "
                        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                        DB_ARGS(DB_I(r->dossier_id), DB_T(r->sha256), DB_T(r->kind),
                                r->component_idx >= 0 ? DB_I(r->component_idx) : DB_NIL,
                                DB_T(r->name), r->uploaded_by ? DB_I(r->uploaded_by) : DB_NIL,
                                DB_I(r->uploaded_at), DB_I(r->digitised), DB_I(r->reused)),
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
