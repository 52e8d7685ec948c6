/* rating_store.c — SQL of dossier_ratings. A dossier has at most one rating, enforced by a
 * unique key so that two devices rating at once cannot both be recorded. */
#include "rating_store.h"

#include "rows.h"

int rating_insert(struct db_conn *c, const struct rating_row *r, struct err *e)
{
    int rc = db_exec(c,
                     "INSERT INTO dossier_ratings (dossier_id, overall, indicators, comment, "
                     "channel, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                     DB_ARGS(DB_I(r->dossier_id), DB_T(r->overall), DB_T(r->indicators),
                             DB_T(r->comment), DB_T(r->channel),
                             r->recorded_by ? DB_I(r->recorded_by) : DB_NIL, DB_I(r->created_at)),
                     e);
    if (rc == E_CONSTRAINT)
        return err_set(e, E_CONFLICT, "code", "Hồ sơ này đã được đánh giá");
    return rc;
}

int rating_get(struct db_conn *c, struct arena *a, int64_t dossier_id, struct rating_row *out,
               struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "SELECT dossier_id, recorded_by, created_at, overall, indicators, comment, "
                      "channel FROM dossier_ratings WHERE dossier_id = $1",
                      DB_ARGS(DB_I(dossier_id)), &r, e);
    if (rc)
        return rc;
    if (db_rows_count(r) == 0) {
        db_rows_free(r);
        return err_set(e, E_NOTFOUND, "code", "Hồ sơ chưa được đánh giá");
    }
    *out = (struct rating_row){db_rows_int(r, 0, 0),  db_rows_int(r, 0, 1),  db_rows_int(r, 0, 2),
                               rows_text(a, r, 0, 3), rows_text(a, r, 0, 4), rows_str(a, r, 0, 5),
                               rows_text(a, r, 0, 6)};
    db_rows_free(r);
    return 0;
}
