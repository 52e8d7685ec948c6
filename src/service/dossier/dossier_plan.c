/* dossier_plan.c — laying out the steps of an accepted dossier from its procedure version
 * and starting the clock: who acts on each step (named unit, else by role: the receiving
 * counter, the resolving department, the People's Committee for leaders), each step's budget
 * (unknown budgets share what the time limit leaves), the appointment from the calendar and
 * office hours, and the first processing step's start at transfer time (Decree 61 Art. 18). */
#include "dossier_internal.h"

#include "procedure_store.h"
#include "svc_catalogue.h"

#include <string.h>

/* The unit that acts on a step: named in the step, else by role — the receiving counter for
 * receptionists, the unit assigned to resolve the procedure for specialists (the one in the
 * receiving unit's administration when there are several), and that administration (the
 * People's Committee) for leaders. */
static int64_t step_unit(const struct org_tree *t, const struct proc_step *step, int64_t receiving,
                         int64_t resolver)
{
    const char *key = step->unit;
    for (int i = 0; key && i < t->n; i++)
        if (strcmp(t->units[i].key, key) == 0)
            return t->units[i].id;
    const char *role = step->role;
    const struct org_unit *admin = org_tree_admin(t, resolver ? resolver : receiving);
    if (role && strcmp(role, "leader") == 0)
        return admin ? admin->id : receiving;
    if (role && strcmp(role, "specialist") == 0)
        return resolver ? resolver : admin ? admin->id : receiving;
    return receiving;
}

/* The unit assigned to resolve the procedure, preferring one inside the receiving unit's
 * administration; 0 when none is assigned. */
static int64_t find_resolver(struct db_conn *c, struct arena *ar, const struct org_tree *t,
                             int64_t procedure_id, int64_t receiving, struct err *e)
{
    struct proc_unit_row *units = NULL;
    int n = 0;
    if (proc_units_list(c, ar, procedure_id, &units, &n, e) != 0)
        return 0;
    const struct org_unit *admin = org_tree_admin(t, receiving);
    int64_t first = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(units[i].role, "resolve") != 0)
            continue;
        if (admin && org_tree_within(t, units[i].unit_id, admin->id))
            return units[i].unit_id;
        if (!first)
            first = units[i].unit_id;
    }
    return first;
}

/* Lays out the steps with their budgets: unknown budgets share what the limit leaves. */
int dossier_plan_steps(struct db_conn *c, struct arena *ar, const struct org_tree *t,
                       const struct procedure *proc, int64_t procedure_id, int64_t receiving,
                       struct dossier_plan *p, struct err *e)
{
    static const struct proc_step fallback[] = {
        {.role = "receptionist", .budget_hours = PROC_UNKNOWN},
        {.role = "specialist", .budget_hours = PROC_UNKNOWN},
        {.role = "leader", .budget_hours = PROC_UNKNOWN},
        {.role = "receptionist", .budget_hours = PROC_UNKNOWN}};
    const struct proc_step *steps = proc->steps;
    int nsteps = proc->nsteps;
    int total = proc_limit_hours(&proc->time_limit);
    if (nsteps < 2) {
        steps = fallback;
        nsteps = 4;
    }
    int known = 0, unknown = 0;
    for (int i = 0; i < nsteps; i++)
        steps[i].budget_hours != PROC_UNKNOWN ? (void)(known += (int)steps[i].budget_hours)
                                              : (void)unknown++;
    int share = unknown && total > known ? (total - known) / unknown : 0;
    int64_t resolver = find_resolver(c, ar, t, procedure_id, receiving, e);
    p->n = 0;
    for (int i = 0; i < nsteps && p->n < DOSSIER_MAX_STEPS; i++) {
        const struct proc_step *st = &steps[i];
        int64_t unit = step_unit(t, st, receiving, resolver);
        const struct org_unit *u = org_tree_get(t, unit);
        p->steps[p->n] = (struct dossier_step_row){
            .idx = p->n,
            /* Copied: the plan outlives the procedure it is read from. */
            .role = arena_strdup(ar, st->role ? st->role : "specialist"),
            .actor_label = arena_strdup(ar, st->actor ? st->actor
                                            : u       ? u->name
                                                      : ""),
            .unit_id = unit,
            .budget_seconds = (st->budget_hours != PROC_UNKNOWN ? st->budget_hours : share) * 3600};
        p->n++;
    }
    return 0;
}

/* Accept: the clock starts now; the first step after reception starts at transfer time. */
int dossier_start_processing(struct svc *s, struct db_conn *c, const struct actor *a,
                             struct dossier_row *d, struct dossier_plan *p, int64_t now,
                             struct err *e)
{
    struct dossier_clock k;
    int rc = dossier_clock_open(s, c, d->receiving_unit_id, &k, e);
    if (!rc)
        rc = dossier_clock_due(&k, now, d->limit_unit, d->limit_value, &d->due_at, e);
    int first = strcmp(p->steps[0].role, "receptionist") == 0 ? 1 : 0;
    if (first) {
        p->steps[0].started_at = p->steps[0].due_at = p->steps[0].finished_at = now;
        p->steps[0].finished_by = a->user_id;
        p->steps[0].timing = "on_time";
    }
    int64_t start = 0;
    if (!rc)
        rc = dossier_clock_transfer(&k, now, &start, e);
    if (!rc)
        rc = dossier_clock_add(&k, start, p->steps[first].budget_seconds, &p->steps[first].due_at,
                               e);
    dossier_clock_close(&k);
    if (rc)
        return rc;
    p->steps[first].started_at = start;
    d->accepted_at = d->clock_start = now;
    d->first_due_at = d->due_at;
    d->step_index = first;
    d->step_unit_id = p->steps[first].unit_id;
    d->step_role = p->steps[first].role;
    d->step_due_at = p->steps[first].due_at;
    return 0;
}

int dossier_plan_insert(struct db_conn *c, int64_t id, const struct dossier_plan *p, struct err *e)
{
    int rc = 0;
    for (int i = 0; !rc && i < p->n; i++) {
        rc = dossier_step_insert(c, id, &p->steps[i], e);
        if (!rc && p->steps[i].finished_at)
            rc = dossier_step_update(c, id, &p->steps[i], e);
    }
    return rc;
}
