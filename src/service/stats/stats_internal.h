/* stats_internal.h — what the dossier use cases and the statistics files share: the hooks that
 * keep the counters in step with every dossier event and finished step, and the one timing
 * rule used both when counting and when listing the dossiers behind a number. */
#ifndef MOTCUA_STATS_INTERNAL_H
#define MOTCUA_STATS_INTERNAL_H

#include "dossier_internal.h"
#include "stats_store.h"
#include "svc_stats_indices.h"

/* Updates the counters of d's receiving unit, procedure, channel and the local day of now for
 * a transition from from_state to d->state by action. Called from dossier_log() inside the
 * event's transaction, and by the rebuild with each stored event. */
int stats_on_event(struct db_conn *c, const struct dossier_row *d, const char *action,
                   const char *from_state, int64_t now, struct err *e);
/* The same with the dossier's files before now already known (the rebuild reads them with
 * the events, the history generator knows what it wrote); stats_on_event looks them up,
 * and only for an event that resolves the dossier. */
int stats_on_event_files(struct db_conn *c, const struct dossier_row *d, const char *action,
                         const char *from_state, int64_t now, const struct stats_files *files,
                         struct err *e);

/* A step of d finished (or started again): `now` is the step as it is written, `was` as it
 * stood before (NULL for a new row). A finished step with a timing and an acting unit counts
 * once, on the local day it finished, in stats_steps_daily keyed by d's receiving unit and the
 * step's unit; a step finished again is moved, not counted twice, so the counters always equal
 * what dossier_steps holds (the rebuild counts that). Called where a step's timing is decided
 * (dossier_act.c), and by the generator for the steps it writes. The reception step, finished
 * with the acceptance, is counted by stats_on_event. */
int stats_on_step(struct db_conn *c, const struct dossier_row *d,
                  const struct dossier_step_row *was, const struct dossier_step_row *now,
                  struct err *e);

/* A citizen's rating of a dossier, given at `at`: counted for the dossier's receiving unit,
 * procedure and channel on that day — the overall judgement and the Circular 01/2018 Art. 13
 * items of indicators (a JSON object of contacts, bodies, information, attitude → 0..2).
 * Called in the rating's transaction (ratings.c), by the rebuild and by the generator. */
int stats_on_rating(struct db_conn *c, const struct dossier_row *d, const char *overall,
                    const char *indicators, int64_t at, struct err *e);

/* "early", "on_time" or "late" for an accepted dossier resolved at end (Circular 01/2018
 * Art. 13, indicator 1): against its due moment under the restart rule; a dossier that needed
 * an apology with a new appointment (Mẫu 04) stays late. */
const char *stats_resolution_timing(int64_t end, int64_t due_at, int extended);

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
