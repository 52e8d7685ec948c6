/* indices_store.h — the per-dossier reads behind the Decision 766 and Circular 01 indicator 2
 * figures: the dossiers of a receiving unit that were alive during a period (not finished
 * before it began, received before it ended) with their supplement cycles, and the steps of
 * those dossiers that finished within it. Both go through the index (receiving_unit_id,
 * finished_at), so the cost is the unit's dossiers finished since the period began plus its
 * open ones — never its whole history. */
#ifndef MOTCUA_INDICES_STORE_H
#define MOTCUA_INDICES_STORE_H

#include "arena.h"
#include "db.h"

#include <stdint.h>

struct indices_supplement {
    int64_t requested_at, completed_at; /* completed_at 0 while outstanding */
};

struct indices_dossier {
    int64_t id, received_at, finished_at; /* finished_at 0 while open */
    const char *code, *state, *limit_unit;
    int limit_value, nsupplements;
    struct indices_supplement *supplements; /* in request order */
};

/* Dossiers of unit_id received before to, not finished before from, leaving out those
 * refused at reception and online submissions not yet received. */
int indices_dossiers(struct db_conn *c, struct arena *a, int64_t unit_id, int64_t from, int64_t to,
                     struct indices_dossier **out, int *n, struct err *e);

struct indices_steps {
    int64_t unit_id;
    const char *timing; /* early | on_time | late */
    int64_t count;
};
/* Steps finished in [from, to) with a timing, of the same dossiers, counted per acting unit
 * and timing. */
int indices_steps(struct db_conn *c, struct arena *a, int64_t unit_id, int64_t from, int64_t to,
                  struct indices_steps **out, int *n, struct err *e);

#endif
