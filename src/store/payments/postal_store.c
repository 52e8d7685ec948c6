/* postal_store.c — SQL of postal_handovers: at most one handover per dossier, enforced by a
 * unique key so that two clicks on the handover form cannot both be recorded. */
#include "postal_store.h"

#include "rows.h"

int postal_insert(struct db_conn *c, const struct postal_row *r, struct err *e)
{
    int rc = db_exec(c,
                     "INSERT INTO postal_handovers (dossier_id, operator, tracking_number, "
                     "handed_over_at, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
                     DB_ARGS(DB_I(r->dossier_id), DB_T(r->operator_name), DB_T(r->tracking_number),
                             DB_I(r->handed_over_at),
                             r->recorded_by ? DB_I(r->recorded_by) : DB_NIL, DB_I(r->created_at)),
                     e);
    if (rc == E_CONSTRAINT)
        return err_set(e, E_CONFLICT, "code",
                       "Việc bàn giao kết quả cho bưu chính của hồ sơ này đã được ghi nhận");
    return rc;
}

#define P(kind, name, field) ROW_##kind(name, struct postal_row, field)
static const struct row_col postal_cols[] = {
    P(I64, "dossier_id", dossier_id),   P(I64, "handed_over_at", handed_over_at),
    P(I64, "recorded_by", recorded_by), P(I64, "created_at", created_at),
    P(TEXT, "operator", operator_name), P(TEXT, "tracking_number", tracking_number),
    P(TEXT, "recorder", recorder),
};
#undef P
static const struct row_spec postal_spec = ROW_SPEC(struct postal_row, postal_cols);

int postal_get(struct db_conn *c, struct arena *a, int64_t dossier_id, struct postal_row *out,
               struct err *e)
{
    return rows_query_one(c, a,
                          "SELECT p.dossier_id, p.handed_over_at, p.recorded_by, p.created_at, "
                          "p.operator, p.tracking_number, u.full_name AS recorder "
                          "FROM postal_handovers p LEFT JOIN users u ON u.id = p.recorded_by "
                          "WHERE p.dossier_id = $1",
                          DB_ARGS(DB_I(dossier_id)), &postal_spec, out, "code",
                          "Chưa bàn giao kết quả cho bưu chính", e);
}
