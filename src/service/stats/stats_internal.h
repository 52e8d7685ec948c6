/* stats_internal.h — what the statistics files share: the scope of a request, the catalogue
 * lookups and the step cells (the hooks that keep the counters in step, and the one timing
 * rule, are counters/stats_counters.h). */
#ifndef MOTCUA_STATS_INTERNAL_H
#define MOTCUA_STATS_INTERNAL_H

#include "dossier_internal.h"
#include "stats_counters.h"
#include "stats_store.h"
#include "svc_stats_indices.h"

/* The procedure of code in the catalogue list, or NULL. */
const struct stats_procedure *stats_procedure_find(const struct stats_procedure *p, int np,
                                                   const char *code);
/* Its field (lĩnh vực) as catalogued in the version read, "" when the code is not in p. A
 * field groups a procedure's dossiers of every version under the field it has now. */
const char *stats_procedure_field(const struct stats_procedure *p, int np, const char *code);

/* Which units and days a statistics request covers, after the permission check. */
struct stats_scope {
    struct org_tree tree;
    char *in;                    /* in[i]: tree.units[i] counts towards the figures */
    const struct org_unit *unit; /* NULL = every unit */
    const char *from, *to;       /* YYYY-MM-DD, inclusive */
    int64_t from_at, to_at;      /* [from_at, to_at): the same days as instants */
};
/* Checks the dates (default: 1 January of this year to today) and the actor's right to see
 * the unit (admins and auditors everywhere; leaders, receptionists and specialists within
 * their units; no unit_key = everything or the actor's own unit), and marks the unit's
 * subtree together with the units merged or renamed into it (their history stays theirs). */
int stats_scope_open(struct svc *s, struct db_conn *c, struct arena *ar, const struct actor *a,
                     const char *unit_key, const char *from, const char *to,
                     struct stats_scope *out, struct err *e);
/* 1 when unit_id counts towards the scope's figures. */
int stats_scope_has(const struct stats_scope *sc, int64_t unit_id);
/* The unit of id in the scope's tree, or NULL. */
const struct org_unit *stats_scope_unit(const struct stats_scope *sc, int64_t id);

/* Circular 01/2018 Art. 13 indicator 2 from the step counters (migration 0019), as both
 * /api/v1/stats/indices and the evaluation count it: the steps finished with a timing on the
 * scope's days, of the dossiers received by the units in scope, one cell per receiving and
 * acting unit. Cost: the step counter rows of the period, not the dossiers. */
int stats_scope_steps(struct db_conn *c, struct arena *ar, const struct stats_scope *sc,
                      struct stats_step_cell **out, int *n, struct err *e);
/* Adds a cell's steps to r; stats_steps_finish then gives the on-time rate and the points. */
void stats_steps_add(struct svc_stats_step_row *r, const struct stats_step_cell *cell);
void stats_steps_finish(struct svc_stats_step_row *r);

#endif
