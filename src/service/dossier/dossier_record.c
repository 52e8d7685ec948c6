/* dossier_record.c — what every newly recorded dossier gets, whether it arrives at the counter
 * or online: a code from the receiving unit's daily sequence, the fee total of its procedure
 * version, and the checklist of components with what was handed in. */
#include "dossier_internal.h"

#include "cal_date.h"
#include "dossier_code.h"

int dossier_issue_code(struct db_conn *c, struct arena *ar, const struct org_tree *t, int64_t unit,
                       int64_t now, const char **code, struct err *e)
{
    char day[16], buf[DOSSIER_CODE_MAX];
    int seq = 0;
    cal_format_date(cal_local_day(now), day, sizeof day);
    int rc = dossier_next_seq(c, unit, day, &seq, e);
    if (!rc)
        rc = dossier_code_format(org_tree_agency_code(t, unit), cal_local_day(now), seq, buf,
                                 sizeof buf, e);
    if (!rc)
        *code = arena_strdup(ar, buf);
    return rc;
}

int64_t dossier_fee_total(json_t *body)
{
    int64_t total = 0;
    json_t *fees = json_object_get(body, "fees"), *fee;
    size_t i;
    json_array_foreach(fees, i, fee) total += json_integer_value(json_object_get(fee, "amount"));
    if (!json_array_size(fees))
        total = json_integer_value(json_object_get(json_object_get(body, "fee"), "amount"));
    return total;
}

int dossier_insert_components(struct db_conn *c, int64_t id, json_t *components,
                              const int *received, int nreceived, struct err *e)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < json_array_size(components); i++) {
        json_t *comp = json_array_get(components, i);
        const char *kind = json_string_value(json_object_get(comp, "kind"));
        struct dossier_component_row row = {
            (int)i, (int)json_integer_value(json_object_get(comp, "count")),
            received && (int)i < nreceived ? received[i] : 0,
            json_string_value(json_object_get(comp, "name")), kind ? kind : "original"};
        rc = dossier_component_insert(c, id, &row, e);
    }
    return rc;
}
