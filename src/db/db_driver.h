/* db_driver.h — the contract between the engine-neutral front (db.c, migrate.c) and the two
 * drivers (db_sqlite.c, db_pg.c). Not for use above the db layer: callers only see db.h.
 *
 * A driver owns an opaque connection handle. It runs one statement at a time, fully
 * materialising results through db_rows_new/db_rows_put so nothing of the engine leaks past
 * the call, and maps engine errors to the E_* codes documented in db.h. */
#ifndef MOTCUA_DB_DRIVER_H
#define MOTCUA_DB_DRIVER_H

#include "buf.h"
#include "db.h"
#include "embed.h"

#include <pthread.h>

struct db_driver {
    enum db_engine engine;
    const char *begin_sql; /* starts the write transaction that db_begin promises */
    /* Run before begin_sql and after the transaction ends by db_tx, outside the transaction,
     * so that write transactions queue instead of failing on each other (NULL: the engine
     * already queues its writers). */
    const char *writer_lock_sql, *writer_unlock_sql;
    int (*connect)(const char *url, void **handle, struct err *e);
    void (*disconnect)(void *handle);
    /* Makes a pooled handle usable again if its server went away: 0 when it was fine, 1 when
     * it had to reconnect (the session's settings are gone), E_UNAVAILABLE if it cannot. */
    int (*revive)(void *handle, struct err *e);
    /* Makes a session refuse every write (the connections of db_open_readonly). */
    const char *read_only_sql;
    /* Runs one statement; rows (may be NULL) receives the result, changed (may be NULL) the
     * number of rows it changed. */
    int (*run)(void *handle, const char *sql, const struct db_param *p, int n,
               struct db_rows **rows, int64_t *changed, struct err *e);
    /* Runs several statements without parameters (migrations). */
    int (*script)(void *handle, const char *sql, struct err *e);
    /* True while a transaction is open on the handle. */
    int (*in_tx)(void *handle);
    /* Inside a read transaction: writes the whole database as that transaction sees it to
     * dest (db_backup.c). url is the database's own, for tools that connect by themselves. */
    int (*dump)(void *handle, const char *url, const char *dest, struct err *e);
};

/* Runs an external program (pg_dump, pg_restore) found on PATH and waits for it; its first
 * line of standard error becomes the message of a failure (db_backup.c). */
int db_run_tool(const char *const argv[], struct err *e);
/* Copies every page of the SQLite database file src into the database of handle (a SQLite
 * connection of the driver), replacing what it held (db_sqlite.c). */
int db_sqlite_load(void *handle, const char *src, struct err *e);

struct db_conn {
    struct db *db;
    void *handle;
    int broken; /* lost its server or disk: discarded on release instead of pooled */
};

struct db {
    const struct db_driver *drv;
    char *url;
    pthread_mutex_t mu;
    pthread_cond_t freed; /* signalled whenever a pool slot becomes available */
    int max, open, in_use, timeout_ms;
    int readonly; /* db_open_readonly: every connection's session refuses writes */
    int nidle;
    struct db_conn **idle;
};

/* The pool (db_pool.c): db_pool_init prepares an empty pool of size connections,
 * db_pool_destroy closes the idle ones (all must have been released). */
int db_pool_init(struct db *db, int size, struct err *e);
void db_pool_destroy(struct db *db);

extern const struct db_driver db_sqlite_driver;
extern const struct db_driver db_pg_driver;

/* Result building for drivers: cells are appended row by row, left to right. */
struct db_rows *db_rows_new(int ncols);
/* Names column col (the statement's name for it: its AS alias, or the column's own). */
int db_rows_set_name(struct db_rows *r, int col, const char *name, struct err *e);
/* Appends one cell; p == NULL means SQL NULL. The bytes are copied. */
int db_rows_put(struct db_rows *r, const void *p, size_t len, struct err *e);

/* For E_UNAVAILABLE and E_RETRY (the request answers 503): logs the driver's message, which
 * names the engine and its internals, and puts one sentence for a person in its place. The
 * drivers' statements pass through it (db.c), and so do a connection that cannot be had and a
 * transaction still conflicting after its last attempt (db_tx.c); what a transaction's own
 * work sets (a payment provider not configured, say) is left as it is. Returns rc. */
int db_error_for_a_person(int rc, struct err *e);

/* Runs several statements without parameters on c (migrations only). */
int db_conn_script(struct db_conn *c, const char *sql, struct err *e);
/* Runs a transaction-control statement (BEGIN…, ROLLBACK); never a target of fault
 * injection, so injected faults land only on the caller's own statements and commits. */
int db_conn_control(struct db_conn *c, const char *sql, struct err *e);
/* db_tx with a caller-chosen BEGIN statement (NULL: the driver's begin_sql). */
int db_tx_begin_with(struct db *db, const char *begin_sql, db_tx_fn fn, void *ctx, struct err *e);

/* Renders migration file `name` for engine into out: tokens replaced, the other engine's
 * blocks dropped (migrate_dialect.c). */
int db_migration_render(const char *name, const char *sql, size_t len, enum db_engine engine,
                        struct buf *out, struct err *e);

#endif
