/* stats_store.h — persistence of the statistics counters (migration 0007): one row per
 * receiving unit, procedure, channel and local day, incremented in the transaction of each
 * dossier event, and their sibling for step timings (migration 0019, keyed by the acting unit
 * too), each with its monthly roll-up written by the same call (migration 0020); the reads that
 * reports need (counters summed by month over a period), the event history a rebuild replays, the
 * catalogue figures of the targets tracker, and the indexed dossier lists behind a number. */
#ifndef MOTCUA_STATS_STORE_H
#define MOTCUA_STATS_STORE_H

#include "arena.h"
#include "db.h"

#include <stdint.h>

/* The counters, in the column order of stats_daily. */
enum stats_counter {
    STATS_RECEIVED,
    STATS_ONLINE,
    STATS_ACCEPTED,
    STATS_REFUSED,
    STATS_SUPPLEMENTS,
    STATS_EARLY,
    STATS_ON_TIME,
    STATS_LATE,
    STATS_RETURNED,
    STATS_STOPPED,
    STATS_WITHDRAWN,
    STATS_DIGITISED,
    STATS_E_RESULT,
    STATS_FULLY_DIGITISED, /* 0015: both of the above (Decision 766 indicator 4.2) */
    STATS_RATED,           /* 0015: ratings given that day */
    STATS_SATISFIED,
    STATS_NEUTRAL,
    STATS_DISSATISFIED,
    STATS_CONTACTS_N,   /* Circular 01/2018 Art. 13 items of the ratings: how many scored … */
    STATS_CONTACTS_SUM, /* … and the sum of their scores (2 / 1 / 0) */
    STATS_BODIES_N,
    STATS_BODIES_SUM,
    STATS_INFORMATION_N,
    STATS_INFORMATION_SUM,
    STATS_ATTITUDE_N,
    STATS_ATTITUDE_SUM,
    STATS_NCOUNTERS
};

/* Column name of a counter ("resolved_early" …). */
const char *stats_counter_name(enum stats_counter k);

struct stats_key {
    int64_t unit_id;
    const char *procedure_code, *channel, *day; /* day: YYYY-MM-DD, Vietnam time */
};

/* Adds delta to the row of key and to the row of its month (stats_monthly, migration 0020),
 * creating them at zero first. */
int stats_add(struct db_conn *c, const struct stats_key *k, const int64_t delta[STATS_NCOUNTERS],
              struct err *e);
/* Removes every counter row, step counters and monthly rows too (the first half of a
 * rebuild). */
int stats_clear(struct db_conn *c, struct err *e);

/* Counters of days from..to (inclusive) summed per unit, procedure, channel and month. Like
 * every read of counters below, the whole months of the period come from the monthly rows and
 * only the days of partial months at its edges from the daily ones: the same sums. */
struct stats_cell {
    int64_t unit_id;
    const char *procedure_code, *channel, *month; /* month: YYYY-MM */
    int64_t n[STATS_NCOUNTERS];
};
int stats_cells(struct db_conn *c, struct arena *a, const char *from, const char *to,
                struct stats_cell **out, int *n, struct err *e);

/* The step timings of Circular 01/2018 Art. 13 indicator 2 (migration 0019), in the column
 * order of stats_steps_daily. */
enum stats_step_counter { STATS_STEP_EARLY, STATS_STEP_ON_TIME, STATS_STEP_LATE, STATS_NSTEPS };
/* The counter of a stored timing: "early", "on_time", anything else late (as the step reads
 * counted it before there were counters). */
enum stats_step_counter stats_step_counter_of(const char *timing);

/* unit_id: the receiving unit of the dossier; step_unit_id: the unit that acted on the step;
 * day: the local day (YYYY-MM-DD, Vietnam) the step finished. */
struct stats_step_key {
    int64_t unit_id, step_unit_id;
    const char *procedure_code, *channel, *day;
};
/* Adds delta (negative to take a count back) to the row of key and to the row of its month
 * (stats_steps_monthly), creating them at zero first. */
int stats_step_add(struct db_conn *c, const struct stats_step_key *k,
                   const int64_t delta[STATS_NSTEPS], struct err *e);

/* Step counters of days from..to (inclusive) summed per receiving and acting unit. */
struct stats_step_cell {
    int64_t unit_id, step_unit_id;
    int64_t n[STATS_NSTEPS];
};
int stats_step_cells(struct db_conn *c, struct arena *a, const char *from, const char *to,
                     struct stats_step_cell **out, int *n, struct err *e);

/* A finished step with a timing and an acting unit, as stored, with the dossier fields its
 * counters are keyed by. */
struct stats_step {
    int64_t dossier_id, unit_id, step_unit_id, finished_at;
    int idx;
    enum stats_step_counter timing;
    const char *procedure_code, *channel;
};
/* Such steps after (dossier_id, idx) in that order, at most limit of them (the rebuild). */
int stats_steps_after(struct db_conn *c, struct arena *a, int64_t dossier_id, int idx, int limit,
                      struct stats_step **out, int *n, struct err *e);
/* Step idx of dossier_id when it finished at `at` with a timing and an acting unit: *found 1
 * and its unit and timing, else *found 0. */
int stats_step_finished_at(struct db_conn *c, int64_t dossier_id, int idx, int64_t at,
                           int64_t *step_unit_id, enum stats_step_counter *timing, int *found,
                           struct err *e);

/* What the files of a dossier held before a moment: component files (scans at the counter
 * or files sent online) and a result file. */
struct stats_files {
    int components, result;
};
/* The files of dossier_id attached strictly before `before` (a file attached in the same
 * second as the event is left out both live and in a rebuild, so the two always agree). */
int stats_dossier_files(struct db_conn *c, int64_t dossier_id, int64_t before,
                        struct stats_files *out, struct err *e);

/* One dossier event with the dossier fields that decide what it counts for, and the files
 * the dossier had before it. */
struct stats_event {
    int64_t id, unit_id, due_at, at;
    int extended;
    const char *procedure_code, *channel, *action, *from_state, *to_state;
    struct stats_files files;
};
/* Events with id > after, in id order, at most limit of them. */
int stats_events_after(struct db_conn *c, struct arena *a, int64_t after, int limit,
                       struct stats_event **out, int *n, struct err *e);

/* A stored rating with the dossier fields its counters are keyed by. */
struct stats_rating {
    int64_t id, unit_id, at;
    const char *procedure_code, *channel, *overall, *indicators;
};
/* Ratings with id > after, in id order, at most limit of them. */
int stats_ratings_after(struct db_conn *c, struct arena *a, int64_t after, int limit,
                        struct stats_rating **out, int *n, struct err *e);

/* A procedure of the catalogue as the targets tracker sees it: its latest version in force. */
struct stats_procedure {
    const char *code, *name, *online_mode, *body, *field;
    int in_force;
};
/* Every procedure with its newest version effective on or before today (in_force 0 when
 * retired or not yet effective; name then from its newest version), sorted by code in byte
 * order (strcmp), so that a caller can bsearch it. */
int stats_procedures(struct db_conn *c, struct arena *a, const char *today,
                     struct stats_procedure **out, int *n, struct err *e);

/* A dossier behind a number. */
struct stats_dossier {
    const char *code, *procedure_code, *procedure_name, *channel, *state;
    int64_t received_at, due_at, finished_at;
    int extended;
    const char *rating_overall, *rating_indicators; /* NULL when not rated */
    /* Read for STATS_BY_RESOLVED only (0 otherwise), by the rule of the counters (stats.c):
       component files attached before the resolution; a result file attached before a
       resolution that made the result ready. */
    int components, e_result;
};
/* Which moment of a dossier puts it in a period: its reception, its resolution (accepted
 * dossiers only), the return of its result, or the citizen's rating of it. */
enum stats_basis { STATS_BY_RECEIVED, STATS_BY_RESOLVED, STATS_BY_RETURNED, STATS_BY_RATED };
/* Dossiers of a receiving unit whose moment `basis` falls in [from, to), in that order. */
int stats_dossiers(struct db_conn *c, struct arena *a, int64_t unit_id, enum stats_basis basis,
                   int64_t from, int64_t to, struct stats_dossier **out, int *n, struct err *e);

/* A procedure assigned to a unit for reception (procedure_units, role "receive"). */
struct stats_reception {
    int64_t unit_id, procedure_id;
    const char *code;
};
/* Every reception assignment (the catalogue's size, not the dossiers'), by unit and code. */
int stats_receptions(struct db_conn *c, struct arena *a, struct stats_reception **out, int *n,
                     struct err *e);

/* A count per receiving unit. */
struct stats_unit_count {
    int64_t unit_id, n;
};
/* Per receiving unit, the dossiers received online that were resolved late on the days
 * from..to (inclusive), summed from the counters. */
int stats_online_late(struct db_conn *c, struct arena *a, const char *from, const char *to,
                      struct stats_unit_count **out, int *n, struct err *e);

#endif
