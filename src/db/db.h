/* db.h — the one database interface. Two drivers implement it: SQLite 3.40 (embedded default,
 * db_sqlite.c) and PostgreSQL 15 through libpq (db_pg.c). Callers write constant SQL with
 * $1..$n placeholders in the dialect both engines accept; DDL that differs per engine lives
 * in the migrations (migrate.c). Results are fully materialised so a connection can be
 * returned to the pool as soon as a statement is done.
 *
 * Errors map to the common codes in err.h: E_CONSTRAINT (unique, foreign key, check),
 * E_RETRY (SQLite busy/locked, PostgreSQL serialization failure or deadlock), E_UNAVAILABLE
 * (cannot connect, connection lost, disk full/read-only), E_INTERNAL otherwise. */
#ifndef MOTCUA_DB_H
#define MOTCUA_DB_H

#include "err.h"

#include <stddef.h>
#include <stdint.h>

enum db_engine { DB_SQLITE, DB_POSTGRES };

struct db;      /* a pool of connections to one database; thread-safe */
struct db_conn; /* one connection, used by one thread at a time */
struct db_rows; /* a materialised result */

enum db_type { DB_NULL, DB_INT, DB_TEXT, DB_BLOB };

struct db_param {
    enum db_type type;
    int64_t i;
    const char *s; /* DB_TEXT (NUL-terminated unless len > 0) and DB_BLOB */
    size_t len;
};

/* A text parameter; NULL binds SQL NULL. A function, not a macro, so arrays can be passed. */
static inline struct db_param db_param_text(const char *s)
{
    return (struct db_param){.type = s ? DB_TEXT : DB_NULL, .s = s};
}

#define DB_I(x)         ((struct db_param){.type = DB_INT, .i = (int64_t)(x)})
#define DB_T(x)         db_param_text(x)
#define DB_B(p, n)      ((struct db_param){.type = DB_BLOB, .s = (const char *)(p), .len = (n)})
#define DB_NIL          ((struct db_param){.type = DB_NULL})
#define DB_PARAMS(...)  ((const struct db_param[]){__VA_ARGS__})
#define DB_NPARAMS(...) (sizeof((const struct db_param[]){__VA_ARGS__}) / sizeof(struct db_param))
/* db_exec(c, SQL, DB_ARGS(DB_I(1), DB_T("x")), e) */
#define DB_ARGS(...) DB_PARAMS(__VA_ARGS__), (int)DB_NPARAMS(__VA_ARGS__)
#define DB_NOARGS    NULL, 0

/* url: a file path (SQLite; created if missing, with its directory) or postgresql://… /
 * postgres://… The first connection is made at once, so a bad url fails here with
 * E_UNAVAILABLE; the others are opened lazily, at most pool_size at once. */
int db_open(const char *url, int pool_size, struct db **out, struct err *e);
/* A pool for reading only, at url (a hot standby, for reports): every session is made
 * read-only (PostgreSQL SET SESSION CHARACTERISTICS … READ ONLY, SQLite query_only), so a
 * write through it fails even when url names a primary. Connects lazily: no error here when
 * the server is down, only from db_acquire. Never migrate through it. */
int db_open_readonly(const char *url, int pool_size, struct db **out, struct err *e);
void db_close(struct db *db);
enum db_engine db_engine_of(const struct db *db);
/* True when url names a PostgreSQL database. */
int db_url_is_postgres(const char *url);

/* Takes a connection from the pool, waiting while all are in use. Returns NULL with
 * E_UNAVAILABLE in e when no connection can be made. */
struct db_conn *db_acquire(struct db *db, struct err *e);
void db_release(struct db_conn *c);
enum db_engine db_conn_engine(const struct db_conn *c);
/* Pool gauges for /metrics. */
void db_pool_stats(struct db *db, int *in_use, int *size);
/* How long db_acquire waits for a free connection before E_UNAVAILABLE (default 10 s). */
void db_set_acquire_timeout(struct db *db, int ms);

int db_exec(struct db_conn *c, const char *sql, const struct db_param *p, int n, struct err *e);
/* Like db_exec, and returns the number of rows changed. */
int db_exec_count(struct db_conn *c, const char *sql, const struct db_param *p, int n,
                  int64_t *changed, struct err *e);
int db_query(struct db_conn *c, const char *sql, const struct db_param *p, int n,
             struct db_rows **out, struct err *e);
/* Runs a query expected to return at most one row with one integer column; E_NOTFOUND
 * when there is no row or the value is NULL. */
int db_query_int(struct db_conn *c, const char *sql, const struct db_param *p, int n, int64_t *out,
                 struct err *e);

int db_rows_count(const struct db_rows *r);
int db_rows_cols(const struct db_rows *r);
/* The name the statement gave column col (its AS alias, or the column's own name); "" when
 * out of range. Store code finds columns by name through store/common/rows.h. */
const char *db_rows_name(const struct db_rows *r, int col);
int db_rows_isnull(const struct db_rows *r, int row, int col);
/* Text of a cell; "" for NULL. Valid until db_rows_free. */
const char *db_rows_text(const struct db_rows *r, int row, int col);
size_t db_rows_len(const struct db_rows *r, int row, int col);
int64_t db_rows_int(const struct db_rows *r, int row, int col);
void db_rows_free(struct db_rows *r);

/* Transactions. db_begin starts a write transaction (BEGIN IMMEDIATE on SQLite, BEGIN
 * ISOLATION LEVEL SERIALIZABLE on PostgreSQL). */
int db_begin(struct db_conn *c, struct err *e);
int db_commit(struct db_conn *c, struct err *e);
void db_rollback(struct db_conn *c);

/* Runs fn inside a transaction on a pooled connection and commits; on E_RETRY from fn or the
 * commit it rolls back and runs fn again, a bounded number of times with a short randomised
 * backoff. Any other error rolls back and is returned. A POSITIVE return from fn is not an
 * error: the transaction is committed and db_tx returns that value (used to commit a counted
 * failed login and still report the failure). fn must have no effects outside the database
 * (it may run more than once). */
/* Writers take turns (PostgreSQL: an advisory lock taken before BEGIN, see db_tx.c; SQLite:
 * BEGIN IMMEDIATE), so the one audit_head row every audited write updates no longer aborts
 * concurrent writers; retries remain for conflicts with writes made outside db_tx. Forty
 * attempts with randomised, capped backoff let a burst of simultaneous receptions at one
 * counter all succeed (test_dossier_flow: 6 writers × 8 receptions) while a real livelock
 * still ends. */
#define DB_TX_ATTEMPTS 40
typedef int (*db_tx_fn)(struct db_conn *c, void *ctx, struct err *e);
int db_tx(struct db *db, db_tx_fn fn, void *ctx, struct err *e);
/* Read-only work on a pooled connection without an explicit write transaction. */
int db_with_conn(struct db *db, db_tx_fn fn, void *ctx, struct err *e);

/* Migrations: applies every embedded migration newer than the recorded version, each in its
 * own transaction, and records it in schema_migrations. Safe to call at every start and from
 * several instances at once. *applied counts the ones applied now (may be NULL). */
int db_migrate(struct db *db, int *applied, struct err *e);
/* Highest migration version applied, 0 for an empty database. */
int db_schema_version(struct db *db, int64_t *version, struct err *e);
/* db_migrate with an explicit table of migration files named NNNN_name.sql (tests and tools;
 * db_migrate passes the embedded motcua_migrations). */
struct embed_file;
int db_migrate_from(struct db *db, const struct embed_file *files, int *applied, struct err *e);

/* Fault injection for tests: when set to N > 0, the Nth next statement (db_exec*, db_query*
 * and db_commit, counted across all connections) fails with the given code instead of
 * running. 0 disables. */
void db_fault_inject(int nth, int code);

/* Backups (db_backup.c). db_snapshot_tx runs fn in one read-only transaction, inside which
 * db_conn_dump writes the database out whole as of that same moment, so what fn reads (the
 * manifest of a backup) and what the dump holds agree while other connections keep writing. */
int db_snapshot_tx(struct db *db, db_tx_fn fn, void *ctx, struct err *e);
/* Inside db_snapshot_tx: the database into the file dest, which must not exist — a SQLite
 * database (the online backup API) or a pg_dump archive in custom format (--snapshot). */
int db_conn_dump(struct db_conn *c, const char *dest, struct err *e);
/* Loads a dump of db_conn_dump into url: a SQLite file that must not exist yet, or a
 * PostgreSQL database that must have no tables (pg_restore in one transaction). The kind of
 * dump must match the kind of url. */
int db_restore_dump(const char *dump, const char *url, struct err *e);

#endif
