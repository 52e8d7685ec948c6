/* stats_counters.h — the hooks that keep the statistics counters in step with every dossier
 * event, finished step and rating, and the one timing rule used both when counting and when
 * listing the dossiers behind a number (stats_counters.c). For the modules of the service
 * layer that count (dossier, messages' ratings, the history generator) and the statistics
 * that read and rebuild the counters. */
#ifndef MOTCUA_STATS_COUNTERS_H
#define MOTCUA_STATS_COUNTERS_H

#include "dossier_store.h"
#include "stats_store.h"
#include "svc_internal.h"

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

/* Adds sign × one step of timing t, finished at `at` at step_unit, to the step counters of
 * d's receiving unit, procedure and channel on that local day (what stats_on_step does for a
 * step as written; the rebuild replays the stored steps through it). */
int stats_count_step(struct db_conn *c, const struct dossier_row *d, int64_t step_unit, int64_t at,
                     enum stats_step_counter t, int64_t sign, struct err *e);

#endif
