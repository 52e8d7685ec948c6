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

#define R(kind, field) ROW_##kind(#field, struct rating_row, field)
static const struct row_col rating_cols[] = {
    R(I64, dossier_id),  R(I64, recorded_by), R(I64, created_at), R(TEXT, overall),
    R(TEXT, indicators), R(STR, comment),     R(TEXT, channel),
};
#undef R
static const struct row_spec rating_spec = ROW_SPEC(struct rating_row, rating_cols);

int rating_get(struct db_conn *c, struct arena *a, int64_t dossier_id, struct rating_row *out,
               struct err *e)
{
    return rows_query_one(c, a,
                          "SELECT dossier_id, recorded_by, created_at, overall, indicators, "
                          "comment, channel FROM dossier_ratings WHERE dossier_id = $1",
                          DB_ARGS(DB_I(dossier_id)), &rating_spec, out, "code",
                          "Hồ sơ chưa được đánh giá", e);
}
