/* stats_store.h — persistence of the statistics counters (migration 0007): one row per
 * receiving unit, procedure, channel and local day, incremented in the transaction of each
 * dossier event; the reads that reports need (counters summed by month over a period), the
 * event history a rebuild replays, the catalogue figures of the targets tracker, and the
 * indexed dossier lists behind a number. */
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

/* Adds delta to the row of key, creating it at zero first. */
int stats_add(struct db_conn *c, const struct stats_key *k, const int64_t delta[STATS_NCOUNTERS],
              struct err *e);
/* Removes every counter row (the first half of a rebuild). */
int stats_clear(struct db_conn *c, struct err *e);

/* Counters of days from..to (inclusive) summed per unit, procedure, channel and month. */
struct stats_cell {
    int64_t unit_id;
    const char *procedure_code, *channel, *month; /* month: YYYY-MM */
    int64_t n[STATS_NCOUNTERS];
};
int stats_cells(struct db_conn *c, struct arena *a, const char *from, const char *to,
                struct stats_cell **out, int *n, struct err *e);

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
};
/* Dossiers of a receiving unit received (resolved = 0) or resolved (resolved = 1, accepted
 * ones only) in [from, to), in time order. */
int stats_dossiers(struct db_conn *c, struct arena *a, int64_t unit_id, int resolved, int64_t from,
                   int64_t to, struct stats_dossier **out, int *n, struct err *e);

#endif
