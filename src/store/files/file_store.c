/* file_store.c — SQL for files, dossier_files and draft_files (see file_store.h). Every read
 * of a dossier's attachment goes through FILE_COLS and one row spec (store/common/rows.h), joined
 * with its content and uploader, so the list and the single lookups cannot disagree about what an
 * attachment is. */
#include "file_store.h"

#include "rows.h"

/* NULL reads as 0 in number columns (no uploader, no supplement cycle) and as "" in text. */
#define FILE_COLS                                                                                  \
    "df.id, df.dossier_id, f.size, df.uploaded_by, df.uploaded_at, df.sha256, f.mime, df.kind, "   \
    "df.name, u.full_name AS uploader, COALESCE(df.component_idx, -1) AS component_idx, "          \
    "df.digitised, df.reused, df.reused_from, df.supplement_id, f.sig_status, f.sig_signer, "      \
    "f.sig_reason, COALESCE(f.sig_time, 0) AS sig_time"
#define FILE_FROM                                                                                  \
    " FROM dossier_files df JOIN files f ON f.sha256 = df.sha256"                                  \
    " LEFT JOIN users u ON u.id = df.uploaded_by"

#define F(kind, field) ROW_##kind(#field, struct file_row, field)
static const struct row_col file_cols[] = {
    F(I64, id),          F(I64, dossier_id),  F(I64, size),          F(I64, uploaded_by),
    F(I64, uploaded_at), F(TEXT, sha256),     F(TEXT, mime),         F(TEXT, kind),
    F(TEXT, name),       F(TEXT, uploader),   F(INT, component_idx), F(INT, digitised),
    F(INT, reused),      F(STR, reused_from), F(I64, supplement_id), F(STR, sig_status),
    F(STR, sig_signer),  F(STR, sig_reason),  F(I64, sig_time),
};
static const struct row_spec file_spec = ROW_SPEC(struct file_row, file_cols);

/* A draft's file: what draft_files holds (its draft in dossier_id); kind, uploader and reused
 * are filled by file_draft_list. */
static const struct row_col draft_file_cols[] = {
    F(I64, id),    F(I64, dossier_id), F(I64, size),          F(I64, uploaded_at), F(TEXT, sha256),
    F(TEXT, mime), F(TEXT, name),      F(INT, component_idx), F(STR, reused_from),
};
#undef F
static const struct row_spec draft_file_spec = ROW_SPEC(struct file_row, draft_file_cols);

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

int file_signature_put(struct db_conn *c, const char *sha256, const struct file_signature *s,
                       struct err *e)
{
    return db_exec(c,
                   "UPDATE files SET sig_status = $2, sig_signer = $3, sig_reason = $4, "
                   "sig_time = $5, sig_checked_at = $6 WHERE sha256 = $1",
                   DB_ARGS(DB_T(sha256), DB_T(s->status), DB_T(s->signer), DB_T(s->reason),
                           s->signing_time ? DB_I(s->signing_time) : DB_NIL, DB_I(s->checked_at)),
                   e);
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
    return rows_query_one(c, a, sql, p, n, &file_spec, out, "sha256",
                          "Không tìm thấy tệp này trong hồ sơ", e);
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
    return rows_query_all(c, a,
                          "SELECT " FILE_COLS FILE_FROM " WHERE df.dossier_id = $1 ORDER BY df.id",
                          DB_ARGS(DB_I(dossier_id)), &file_spec, out, n, e);
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
    int rc = rows_query_all(c, a,
                            "SELECT df.id, df.draft_id AS dossier_id, f.size, df.uploaded_at, "
                            "df.sha256, f.mime, df.name, df.component_idx, df.reused_from "
                            "FROM draft_files df JOIN files f ON f.sha256 = df.sha256 "
                            "WHERE df.draft_id = $1 ORDER BY df.id",
                            DB_ARGS(DB_I(draft_id)), &draft_file_spec, out, n, e);
    for (int i = 0; rc == 0 && i < *n; i++) {
        struct file_row *f = &(*out)[i];
        f->kind = "component";
        f->uploader = "";
        f->reused = f->reused_from != NULL;
    }
    return rc;
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
    "COALESCE(df.component_idx, -1) AS component_idx, d.code AS dossier_code, "                    \
    "d.procedure_code, d.procedure_name, dc.name AS component_name "                               \
    "FROM dossier_files df JOIN files f ON f.sha256 = df.sha256 "                                  \
    "JOIN dossiers d ON d.id = df.dossier_id "                                                     \
    "LEFT JOIN dossier_components dc ON dc.dossier_id = df.dossier_id "                            \
    "AND dc.idx = df.component_idx WHERE d.applicant_user_id = $1 "

#define S(kind, field)  ROW_##kind(#field, struct file_store_entry, f.field)
#define SE(kind, field) ROW_##kind(#field, struct file_store_entry, field)
static const struct row_col store_cols[] = {
    S(I64, dossier_id),
    S(I64, size),
    S(I64, uploaded_at),
    S(TEXT, sha256),
    S(TEXT, mime),
    S(TEXT, kind),
    S(TEXT, name),
    S(INT, component_idx),
    SE(TEXT, dossier_code),
    SE(TEXT, procedure_code),
    SE(TEXT, procedure_name),
    SE(STR, component_name),
};
#undef S
#undef SE
static const struct row_spec store_spec = ROW_SPEC(struct file_store_entry, store_cols);

int file_store_of_user(struct db_conn *c, struct arena *a, int64_t user_id, const char *sha256,
                       int limit, struct file_store_entry **out, int *n, struct err *e)
{
    int rc = sha256
                 ? rows_query_all(c, a, STORE_SQL "AND df.sha256 = $2 ORDER BY df.id DESC LIMIT $3",
                                  DB_ARGS(DB_I(user_id), DB_T(sha256), DB_I(limit)), &store_spec,
                                  out, n, e)
                 : rows_query_all(c, a, STORE_SQL "ORDER BY df.id DESC LIMIT $2",
                                  DB_ARGS(DB_I(user_id), DB_I(limit)), &store_spec, out, n, e);
    for (int i = 0; rc == 0 && i < *n; i++)
        (*out)[i].f.uploader = "";
    return rc;
}
