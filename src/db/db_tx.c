/* db_tx.c — the one transaction wrapper every write goes through. Both engines refuse some
 * transactions under concurrency (SQLite: busy/locked past the busy timeout; PostgreSQL:
 * serialization failures and deadlocks under SERIALIZABLE); these are not errors of the
 * work itself, so the whole unit of work is rolled back and run again, a bounded number of
 * times, after a randomised exponential backoff that keeps competing writers from meeting
 * again in lockstep. */
#include "db_driver.h"

#include "log.h"

#include <stdint.h>
#include <time.h>

#define TX_ATTEMPTS      DB_TX_ATTEMPTS
#define BACKOFF_FIRST_US 1000
#define BACKOFF_LIMIT_US 50000

/* A small per-thread generator: the backoff only needs to differ between threads. */
static uint32_t jitter_random(void)
{
    static _Thread_local uint64_t state;
    if (!state) {
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        state = ((uint64_t)t.tv_nsec << 20) ^ (uint64_t)(uintptr_t)&state ^ (uint64_t)t.tv_sec;
        state |= 1;
    }
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return (uint32_t)(state >> 32);
}

/* Sleeps a random time in [limit/2, limit], limit doubling with each failed attempt. */
static void backoff(int attempt)
{
    long limit = BACKOFF_FIRST_US;
    for (int i = 1; i < attempt && limit < BACKOFF_LIMIT_US; i++)
        limit *= 2;
    if (limit > BACKOFF_LIMIT_US)
        limit = BACKOFF_LIMIT_US;
    long us = limit / 2 + (long)(jitter_random() % (uint32_t)(limit / 2 + 1));
    struct timespec t = {.tv_sec = us / 1000000, .tv_nsec = (us % 1000000) * 1000};
    nanosleep(&t, NULL);
}

static int attempt_once(struct db_conn *c, const char *begin_sql, db_tx_fn fn, void *ctx,
                        struct err *e)
{
    int rc = db_conn_control(c, begin_sql, e);
    if (rc == 0)
        rc = fn(c, ctx, e);
    if (rc >= 0) {
        /* A positive result is an outcome to report, not a failure: commit it. */
        int crc = db_commit(c, e);
        if (crc != 0)
            rc = crc;
    }
    if (rc < 0)
        db_rollback(c);
    return rc;
}

/* The writer lock is taken before the transaction starts, so the transaction's snapshot is
 * taken only once the previous writer has committed: on PostgreSQL every audited write
 * updates the one audit_head row, and two SERIALIZABLE writers whose snapshots overlap
 * cannot both commit — without the lock one of each pair fails and retries after a sleep.
 * Serialisation itself still comes from the transaction; the lock only makes writers wait
 * their turn, at most as long as the driver's statement says. A lock that cannot be released
 * means a lost connection, whose session (and lock) the server ends. */
static int attempt_in_turn(struct db_conn *c, const char *begin_sql, db_tx_fn fn, void *ctx,
                           struct err *e)
{
    const struct db_driver *drv = c->db->drv;
    if (!drv->writer_lock_sql)
        return attempt_once(c, begin_sql, fn, ctx, e);
    int rc = db_conn_control(c, drv->writer_lock_sql, e);
    if (rc == 0)
        rc = attempt_once(c, begin_sql, fn, ctx, e);
    /* Also after a lock that timed out: the unlock statement resets the lock wait. */
    struct err ue = {0};
    if (!c->broken && db_conn_control(c, drv->writer_unlock_sql, &ue) < 0) {
        log_warn("db: cannot release the writer lock: %s", ue.msg);
        c->broken = 1;
    }
    return rc;
}

int db_tx_begin_with(struct db *db, const char *begin_sql, db_tx_fn fn, void *ctx, struct err *e)
{
    struct db_conn *c = db_acquire(db, e);
    if (!c)
        return db_error_for_a_person(E_UNAVAILABLE, e);
    /* Only the ordinary write transactions queue: migrations bring their own lock. */
    int writer_turn = !begin_sql;
    if (!begin_sql)
        begin_sql = db->drv->begin_sql;
    int rc;
    for (int attempt = 1;; attempt++) {
        rc = writer_turn ? attempt_in_turn(c, begin_sql, fn, ctx, e)
                         : attempt_once(c, begin_sql, fn, ctx, e);
        if (rc != E_RETRY)
            break;
        if (attempt == TX_ATTEMPTS) {
            log_warn("db: transaction still conflicting after %d attempts", TX_ATTEMPTS);
            break;
        }
        backoff(attempt);
    }
    db_release(c);
    return rc == E_RETRY ? db_error_for_a_person(rc, e) : rc;
}

int db_tx(struct db *db, db_tx_fn fn, void *ctx, struct err *e)
{
    return db_tx_begin_with(db, NULL, fn, ctx, e);
}

int db_with_conn(struct db *db, db_tx_fn fn, void *ctx, struct err *e)
{
    struct db_conn *c = db_acquire(db, e);
    if (!c)
        return db_error_for_a_person(E_UNAVAILABLE, e);
    int rc = fn(c, ctx, e);
    db_release(c);
    return rc == E_RETRY ? db_error_for_a_person(rc, e) : rc;
}
