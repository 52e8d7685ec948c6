/* feedback_store.h — persistence of feedback (phản ánh, kiến nghị) from citizens and the
 * answers to it (migration 0011). */
#ifndef MOTCUA_FEEDBACK_STORE_H
#define MOTCUA_FEEDBACK_STORE_H

#include "arena.h"
#include "db.h"

#include <stdint.h>

struct feedback_row {
    int64_t id, user_id, unit_id, created_at, due_at, answered_at, answered_by; /* 0 = none */
    const char *procedure_code, *dossier_code, *category, *text, *answer;
    const char *author, *answerer; /* full names, read only */
};
int feedback_insert(struct db_conn *c, const struct feedback_row *r, int64_t *id, struct err *e);
/* One feedback; E_NOTFOUND when there is none with this id. */
int feedback_get(struct db_conn *c, struct arena *a, int64_t id, struct feedback_row *out,
                 struct err *e);
/* Records the answer of a feedback not answered yet; E_CONFLICT once answered. */
int feedback_answer(struct db_conn *c, int64_t id, const char *answer, int64_t by, int64_t now,
                    struct err *e);

enum feedback_filter { FEEDBACK_OPEN, FEEDBACK_ANSWERED, FEEDBACK_ALL };
/* Feedback by due time (soonest first), at most limit rows; user_id 0 = everyone's. */
int feedback_list(struct db_conn *c, struct arena *a, enum feedback_filter f, int64_t user_id,
                  int limit, struct feedback_row **out, int *n, struct err *e);

/* Feedback of one receiving unit as the evaluation counts it (docs/statistics.md):
 * falling due in [from, to), answered by the due moment (on_time), answered after it or still
 * open past it at `now` (late), still open and not yet due at `now` (pending); and the
 * dossiers with feedback received in [from, to) that no dissatisfied rating given in the
 * same period already counts (Decision 766 indicator 5.4). */
struct feedback_unit_stats {
    int64_t unit_id, on_time, late, pending, dossiers;
};
/* Per unit with any (feedback about no dossier has no unit and is left out), sorted by unit.
 * Both reads are ranges of the index on due_at: a feedback falls due at most 15 working days
 * after it arrives, so one received in [from, to) falls due in [from, to + 120 days). */
int feedback_unit_stats(struct db_conn *c, struct arena *a, int64_t from, int64_t to, int64_t now,
                        struct feedback_unit_stats **out, int *n, struct err *e);

#endif
