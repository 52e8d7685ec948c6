/* backup_store.c — the facts of a backup's manifest, read in the backup's own snapshot (see
 * backup_store.h). The contents come from the files table, which gets a row only after the
 * bytes are synced on disk, so every content listed here exists in the files directory. */
#include "backup_store.h"

#include "rows.h"

struct head_row {
    int64_t seq;
    const char *hash;
};
static const struct row_col head_cols[] = {ROW_I64("seq", struct head_row, seq),
                                           ROW_TEXT("hash", struct head_row, hash)};
static const struct row_spec head_spec = ROW_SPEC(struct head_row, head_cols);

static int read_head(struct db_conn *c, struct arena *a, struct backup_facts *out, struct err *e)
{
    struct head_row *h;
    int n;
    int rc = rows_query_all(c, a, "SELECT seq, hash FROM audit_head WHERE id = 1", DB_NOARGS,
                            &head_spec, &h, &n, e);
    out->audit_hash = "";
    if (rc == 0 && n == 1) {
        out->audit_seq = h->seq;
        out->audit_hash = h->hash;
    }
    return rc;
}

#define B(kind, field) ROW_##kind(#field, struct backup_content, field)
static const struct row_col content_cols[] = {B(TEXT, sha256), B(I64, size)};
#undef B
static const struct row_spec content_spec = ROW_SPEC(struct backup_content, content_cols);

static int read_contents(struct db_conn *c, struct arena *a, struct backup_facts *out,
                         struct err *e)
{
    return rows_query_all(c, a, "SELECT sha256, size FROM files ORDER BY sha256", DB_NOARGS,
                          &content_spec, &out->contents, &out->ncontents, e);
}

int backup_facts_read(struct db_conn *c, struct arena *a, struct backup_facts *out, struct err *e)
{
    *out = (struct backup_facts){0};
    int rc = read_head(c, a, out, e);
    if (rc == 0)
        rc = db_query_int(c, "SELECT COUNT(*) FROM dossiers", DB_NOARGS, &out->dossiers, e);
    return rc ? rc : read_contents(c, a, out, e);
}
