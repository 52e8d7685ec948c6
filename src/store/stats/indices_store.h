/* indices_store.h — the per-dossier read behind the Decision 766 group 2.1 figure: the
 * dossiers of a receiving unit that were alive during a period (not finished before it began,
 * received before it ended) with their supplement cycles. It goes through the index
 * (receiving_unit_id, finished_at), so the cost is the unit's dossiers finished since the
 * period began plus its open ones — never its whole history. (Circular 01 indicator 2 reads
 * the step counters of stats_store.h.) */
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

#endif
