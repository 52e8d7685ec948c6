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

int dossier_insert_components(struct db_conn *c, int64_t id, const struct procedure *proc,
                              const int *received, int nreceived, struct err *e)
{
    int rc = 0;
    for (int i = 0; !rc && i < proc->ncomponents; i++) {
        const struct proc_component *comp = &proc->components[i];
        struct dossier_component_row row = {
            i, comp->count, received && i < nreceived ? received[i] : 0, comp->name, comp->kind};
        rc = dossier_component_insert(c, id, &row, e);
    }
    return rc;
}
