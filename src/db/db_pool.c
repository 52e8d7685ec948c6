/* db_pool.c — a fixed-size pool of connections shared by the request threads. Connections
 * are made lazily (a quiet instance holds few), handed out one thread at a time, and a
 * thread that finds every slot busy waits on a condition variable for a bounded time, so an
 * overloaded database turns into a clear "busy" error instead of an ever-growing queue. A
 * connection that lost its server is closed on release and its slot reopened on demand. */
#include "db_driver.h"

#include "log.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>

#define DEFAULT_TIMEOUT_MS 10000

int db_pool_init(struct db *db, int size, struct err *e)
{
    db->idle = calloc((size_t)size, sizeof *db->idle);
    if (!db->idle)
        return err_set(e, E_NOMEM, NULL, "out of memory creating the database pool");
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&db->freed, &attr);
    pthread_condattr_destroy(&attr);
    pthread_mutex_init(&db->mu, NULL);
    db->max = size;
    db->timeout_ms = DEFAULT_TIMEOUT_MS;
    return 0;
}

static void close_conn(struct db_conn *c)
{
    c->db->drv->disconnect(c->handle);
    free(c);
}

void db_pool_destroy(struct db *db)
{
    if (db->in_use)
        log_error("db: closing the database with %d connections still in use", db->in_use);
    for (int i = 0; i < db->nidle; i++)
        close_conn(db->idle[i]);
    free(db->idle);
    pthread_cond_destroy(&db->freed);
    pthread_mutex_destroy(&db->mu);
}

void db_set_acquire_timeout(struct db *db, int ms)
{
    pthread_mutex_lock(&db->mu);
    db->timeout_ms = ms > 0 ? ms : 0;
    pthread_mutex_unlock(&db->mu);
}

void db_pool_stats(struct db *db, int *in_use, int *size)
{
    pthread_mutex_lock(&db->mu);
    *in_use = db->in_use;
    *size = db->open;
    pthread_mutex_unlock(&db->mu);
}

static struct timespec deadline_after(int ms)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    t.tv_sec += ms / 1000;
    t.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    return t;
}

/* Under the lock: takes an idle connection (*c set) or reserves a slot for a new one
 * (*c NULL), waiting while neither is possible. */
static int take_slot(struct db *db, struct db_conn **c, struct err *e)
{
    struct timespec deadline = deadline_after(db->timeout_ms);
    *c = NULL;
    while (db->nidle == 0 && db->open >= db->max) {
        if (pthread_cond_timedwait(&db->freed, &db->mu, &deadline) == ETIMEDOUT && db->nidle == 0 &&
            db->open >= db->max)
            return err_set(e, E_UNAVAILABLE, NULL, "database busy: no free connection");
    }
    if (db->nidle > 0)
        *c = db->idle[--db->nidle];
    else
        db->open++;
    db->in_use++;
    return 0;
}

/* Gives back a slot whose connection is gone (never made, or discarded). */
static void free_slot(struct db *db)
{
    pthread_mutex_lock(&db->mu);
    db->open--;
    db->in_use--;
    pthread_cond_signal(&db->freed);
    pthread_mutex_unlock(&db->mu);
}

static struct db_conn *connect_new(struct db *db, struct err *e)
{
    struct db_conn *c = calloc(1, sizeof *c);
    if (!c) {
        err_set(e, E_NOMEM, NULL, "out of memory connecting to the database");
        return NULL;
    }
    c->db = db;
    if (db->drv->connect(db->url, &c->handle, e) < 0) {
        free(c);
        return NULL;
    }
    if (db->readonly && db->drv->script(c->handle, db->drv->read_only_sql, e) < 0) {
        close_conn(c);
        return NULL;
    }
    return c;
}

struct db_conn *db_acquire(struct db *db, struct err *e)
{
    struct db_conn *c;
    pthread_mutex_lock(&db->mu);
    int rc = take_slot(db, &c, e);
    pthread_mutex_unlock(&db->mu);
    if (rc < 0)
        return NULL;
    if (!c) {
        c = connect_new(db, e);
        if (!c)
            free_slot(db);
        return c;
    }
    /* A reconnected session has lost its settings: a read-only pool's must be made again. */
    int revived = db->drv->revive(c->handle, e);
    if (revived < 0 || (revived > 0 && db->readonly &&
                        db->drv->script(c->handle, db->drv->read_only_sql, e) < 0)) {
        close_conn(c);
        free_slot(db);
        return NULL;
    }
    return c;
}

void db_release(struct db_conn *c)
{
    if (!c)
        return;
    struct db *db = c->db;
    if (!c->broken && db->drv->in_tx(c->handle)) {
        log_warn("db: connection released inside a transaction; rolling back");
        db_rollback(c);
        c->broken = c->broken || db->drv->in_tx(c->handle);
    }
    if (c->broken) {
        close_conn(c);
        free_slot(db);
        return;
    }
    pthread_mutex_lock(&db->mu);
    db->idle[db->nidle++] = c;
    db->in_use--;
    pthread_cond_signal(&db->freed);
    pthread_mutex_unlock(&db->mu);
}
