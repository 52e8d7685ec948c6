/* issued_store.c — the registry of issued papers and the audit chain's anchors. A paper's
 * versions form a list per (dossier, kind): inserting a version gives it the next number and
 * points the previous newest at it through replaced_by, in the caller's transaction, so the
 * list never has two newest versions. The anchors are an append-only list of signed heads. */
#include "issued_store.h"

#include "rows.h"

static const struct row_col issued_cols[] = {
    ROW_I64("id", struct issued_row, id),
    ROW_I64("dossier_id", struct issued_row, dossier_id),
    ROW_I64("unit_id", struct issued_row, unit_id),
    ROW_I64("issued_by_id", struct issued_row, issued_by_id),
    ROW_I64("issued_at", struct issued_row, issued_at),
    ROW_I64("replaced_by", struct issued_row, replaced_by),
    ROW_INT("version", struct issued_row, version),
    ROW_TEXT("token", struct issued_row, token),
    ROW_TEXT("sha256", struct issued_row, sha256),
    ROW_TEXT("kind", struct issued_row, kind),
    ROW_TEXT("doc_name", struct issued_row, doc_name),
    ROW_TEXT("dossier_code", struct issued_row, dossier_code),
    ROW_STR("procedure_code", struct issued_row, procedure_code),
    ROW_TEXT("unit_name", struct issued_row, unit_name),
    ROW_TEXT("issued_by", struct issued_row, issued_by),
};
static const struct row_spec issued_spec = ROW_SPEC(struct issued_row, issued_cols);

#define ISSUED_SELECT                                                                              \
    "SELECT id, dossier_id, unit_id, issued_by_id, issued_at, replaced_by, version, token, "       \
    "sha256, kind, doc_name, dossier_code, procedure_code, unit_name, issued_by FROM issued_docs "

#define NOT_ISSUED "Không có giấy tờ nào được cấp với thông tin này"

int issued_latest(struct db_conn *c, struct arena *a, const char *dossier_code, const char *kind,
                  struct issued_row *out, struct err *e)
{
    return rows_query_one(c, a,
                          ISSUED_SELECT "WHERE dossier_code = $1 AND kind = $2 "
                                        "ORDER BY version DESC LIMIT 1",
                          DB_ARGS(DB_T(dossier_code), DB_T(kind)), &issued_spec, out, "kind",
                          NOT_ISSUED, e);
}

int issued_by_token(struct db_conn *c, struct arena *a, const char *token, struct issued_row *out,
                    struct err *e)
{
    return rows_query_one(c, a, ISSUED_SELECT "WHERE token = $1", DB_ARGS(DB_T(token)),
                          &issued_spec, out, "token", NOT_ISSUED, e);
}

int issued_by_sha(struct db_conn *c, struct arena *a, const char *sha256, struct issued_row *out,
                  struct err *e)
{
    return rows_query_one(c, a, ISSUED_SELECT "WHERE sha256 = $1 ORDER BY id DESC LIMIT 1",
                          DB_ARGS(DB_T(sha256)), &issued_spec, out, "sha256", NOT_ISSUED, e);
}

int issued_by_id(struct db_conn *c, struct arena *a, int64_t id, struct issued_row *out,
                 struct err *e)
{
    return rows_query_one(c, a, ISSUED_SELECT "WHERE id = $1", DB_ARGS(DB_I(id)), &issued_spec, out,
                          "id", NOT_ISSUED, e);
}

int issued_insert(struct db_conn *c, const struct issued_row *row, int64_t *id, struct err *e)
{
    int64_t version = 0;
    int rc = db_query_int(c,
                          "SELECT COALESCE(MAX(version), 0) FROM issued_docs "
                          "WHERE dossier_code = $1 AND kind = $2",
                          DB_ARGS(DB_T(row->dossier_code), DB_T(row->kind)), &version, e);
    if (rc)
        return rc;
    rc = db_query_int(
        c,
        "INSERT INTO issued_docs (token, sha256, kind, doc_name, dossier_id, dossier_code, "
        "procedure_code, unit_id, unit_name, issued_by_id, issued_by, issued_at, version) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        DB_ARGS(DB_T(row->token), DB_T(row->sha256), DB_T(row->kind), DB_T(row->doc_name),
                row->dossier_id ? DB_I(row->dossier_id) : DB_NIL, DB_T(row->dossier_code),
                DB_T(row->procedure_code), row->unit_id ? DB_I(row->unit_id) : DB_NIL,
                DB_T(row->unit_name), row->issued_by_id ? DB_I(row->issued_by_id) : DB_NIL,
                DB_T(row->issued_by), DB_I(row->issued_at), DB_I(version + 1)),
        id, e);
    if (rc || version == 0)
        return rc;
    return db_exec(c,
                   "UPDATE issued_docs SET replaced_by = $1 "
                   "WHERE dossier_code = $2 AND kind = $3 AND version = $4",
                   DB_ARGS(DB_I(*id), DB_T(row->dossier_code), DB_T(row->kind), DB_I(version)), e);
}

/* ---- anchors ---- */

static const struct row_col anchor_cols[] = {
    ROW_I64("id", struct anchor_row, id),
    ROW_I64("seq", struct anchor_row, seq),
    ROW_I64("anchored_at", struct anchor_row, anchored_at),
    ROW_I64("tsa_time", struct anchor_row, tsa_time),
    ROW_TEXT("hash", struct anchor_row, hash),
    ROW_TEXT("statement", struct anchor_row, statement),
    ROW_STR("signature", struct anchor_row, signature),
    ROW_STR("signer", struct anchor_row, signer),
    ROW_STR("timestamp_token", struct anchor_row, timestamp_token),
    ROW_TEXT("created_by", struct anchor_row, created_by),
};
static const struct row_spec anchor_spec = ROW_SPEC(struct anchor_row, anchor_cols);

#define ANCHOR_SELECT                                                                              \
    "SELECT id, seq, anchored_at, tsa_time, hash, statement, signature, signer, "                  \
    "timestamp_token, created_by FROM audit_anchors "

int anchor_insert(struct db_conn *c, const struct anchor_row *row, int64_t *id, struct err *e)
{
    return db_query_int(
        c,
        "INSERT INTO audit_anchors (seq, hash, anchored_at, statement, signature, signer, "
        "timestamp_token, tsa_time, created_by) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        DB_ARGS(DB_I(row->seq), DB_T(row->hash), DB_I(row->anchored_at), DB_T(row->statement),
                DB_T(row->signature), DB_T(row->signer), DB_T(row->timestamp_token),
                row->tsa_time ? DB_I(row->tsa_time) : DB_NIL, DB_T(row->created_by)),
        id, e);
}

int anchor_list(struct db_conn *c, struct arena *a, int limit, struct anchor_row **out, int *n,
                struct err *e)
{
    return rows_query_all(c, a, ANCHOR_SELECT "ORDER BY id DESC LIMIT $1", DB_ARGS(DB_I(limit)),
                          &anchor_spec, out, n, e);
}

int anchor_latest(struct db_conn *c, struct arena *a, struct anchor_row *out, struct err *e)
{
    return rows_query_one(c, a, ANCHOR_SELECT "ORDER BY id DESC LIMIT 1", DB_NOARGS, &anchor_spec,
                          out, "anchor", "Chưa có mốc neo nào của nhật ký", e);
}

int anchor_entry_hash(struct db_conn *c, struct arena *a, int64_t seq, const char **hash,
                      struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c, "SELECT hash FROM audit_log WHERE seq = $1", DB_ARGS(DB_I(seq)), &r, e);
    if (rc)
        return rc;
    if (db_rows_count(r) != 1)
        rc = err_set(e, E_NOTFOUND, "seq", "Không có bản ghi nhật ký số %lld", (long long)seq);
    else
        *hash = rows_text(a, r, 0, 0);
    db_rows_free(r);
    return rc;
}
