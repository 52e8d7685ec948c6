/* replica_store.c — the replication lag of a PostgreSQL hot standby, from its own view:
 * pg_last_xact_replay_timestamp() is the primary's commit time of the last transaction the
 * standby replayed. While the standby has replayed all the WAL it received, nothing is
 * waiting, whatever that time says; a primary (not in recovery) has no lag. */
#include "replica_store.h"

int replica_lag_ms(struct db_conn *c, int64_t *lag_ms, struct err *e)
{
    int rc = db_query_int(c,
                          "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0 "
                          "WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
                          "ELSE COALESCE(CAST(1000 * EXTRACT(EPOCH FROM clock_timestamp() - "
                          "pg_last_xact_replay_timestamp()) AS BIGINT), 0) END",
                          DB_NOARGS, lag_ms, e);
    if (!rc && *lag_ms < 0)
        *lag_ms = 0; /* the two machines' clocks differ a little */
    return rc;
}
