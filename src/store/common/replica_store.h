/* replica_store.h — what a hot standby says about itself: how far its data is behind the
 * primary's, for the reports that read from it (service/common/report_source.c). PostgreSQL only. */
#ifndef MOTCUA_REPLICA_STORE_H
#define MOTCUA_REPLICA_STORE_H

#include "db.h"

#include <stdint.h>

/* Milliseconds between the standby's clock and the commit time of the last transaction it
 * replayed, or 0 when it has replayed everything it received (an idle primary sends nothing,
 * so "the last commit was long ago" is not lag) or when c is not a standby at all. */
int replica_lag_ms(struct db_conn *c, int64_t *lag_ms, struct err *e);

#endif
