/* backup_store.c — the facts of a backup's manifest, read in the backup's own snapshot (see
 * backup_store.h). The contents come from the files table, which gets a row only after the
 * bytes are synced on disk, so every content listed here exists in the files directory. */
#include "backup_store.h"

#include "rows.h"

static int read_head(struct db_conn *c, struct arena *a, struct backup_facts *out, struct err *e)
{
    struct db_rows *r;
    int rc = db_query(c, "SELECT seq, hash FROM audit_head WHERE id = 1", DB_NOARGS, &r, e);
    if (rc)
        return rc;
    if (db_rows_count(r) == 1) {
        out->audit_seq = db_rows_int(r, 0, 0);
        out->audit_hash = rows_text(a, r, 0, 1);
    } else {
        out->audit_hash = "";
    }
    db_rows_free(r);
    return 0;
}

static int read_contents(struct db_conn *c, struct arena *a, struct backup_facts *out,
                         struct err *e)
{
    struct db_rows *r;
    int rc = db_query(c, "SELECT sha256, size FROM files ORDER BY sha256", DB_NOARGS, &r, e);
    if (rc)
        return rc;
    int n = db_rows_count(r);
    out->contents = arena_alloc(a, sizeof *out->contents * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++)
        out->contents[i] = (struct backup_content){rows_text(a, r, i, 0), db_rows_int(r, i, 1)};
    out->ncontents = n;
    db_rows_free(r);
    return 0;
}

int backup_facts_read(struct db_conn *c, struct arena *a, struct backup_facts *out, struct err *e)
{
    *out = (struct backup_facts){0};
    int rc = read_head(c, a, out, e);
    if (rc == 0)
        rc = db_query_int(c, "SELECT COUNT(*) FROM dossiers", DB_NOARGS, &out->dossiers, e);
    return rc ? rc : read_contents(c, a, out, e);
}
