/* db.c — the engine-neutral front of the database layer: opening a database picks the
 * driver from the url, and every statement, BEGIN, COMMIT and ROLLBACK passes through here
 * on its way to the driver. Having one choke point is what lets a connection that lost its
 * server be marked for discarding, and what lets tests inject a failure into the Nth
 * statement (across all threads) to prove that services never leave half-written records. */
#include "db_driver.h"

#include "log.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static atomic_int fault_left;
static atomic_int fault_code;

int db_url_is_postgres(const char *url)
{
    return url && (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0);
}

/* The first connection is made at once so that a wrong url or a server that is down is
 * reported by db_open rather than by the first request. */
static int check_first_connection(struct db *db, struct err *e)
{
    struct db_conn *c = db_acquire(db, e);
    if (!c)
        return E_UNAVAILABLE;
    db_release(c);
    return 0;
}

/* A pool whose connections are made only when first needed (db_open_readonly). */
static int pool_new(const char *url, int pool_size, struct db **out, struct err *e)
{
    *out = NULL;
    if (!url || !*url)
        return err_set(e, E_INVALID, "db", "no database given");
    if (pool_size < 1)
        return err_set(e, E_INVALID, "db", "database pool size must be at least 1");
    struct db *db = calloc(1, sizeof *db);
    if (!db || !(db->url = strdup(url))) {
        free(db);
        return err_set(e, E_NOMEM, NULL, "out of memory opening the database");
    }
    db->drv = db_url_is_postgres(url) ? &db_pg_driver : &db_sqlite_driver;
    int rc = db_pool_init(db, pool_size, e);
    if (rc < 0) {
        free(db->url);
        free(db);
        return rc;
    }
    *out = db;
    return 0;
}

int db_open(const char *url, int pool_size, struct db **out, struct err *e)
{
    int rc = pool_new(url, pool_size, out, e);
    if (!rc && (rc = check_first_connection(*out, e)) < 0) {
        db_close(*out);
        *out = NULL;
    }
    return rc;
}

/* No first connection: a standby that is down when the server starts must not stop it (its
 * readers then fall back to the primary, see service/common/report_source.c). */
int db_open_readonly(const char *url, int pool_size, struct db **out, struct err *e)
{
    int rc = pool_new(url, pool_size, out, e);
    if (!rc)
        (*out)->readonly = 1;
    return rc;
}

void db_close(struct db *db)
{
    if (!db)
        return;
    db_pool_destroy(db);
    free(db->url);
    free(db);
}

enum db_engine db_engine_of(const struct db *db)
{
    return db->drv->engine;
}

enum db_engine db_conn_engine(const struct db_conn *c)
{
    return c->db->drv->engine;
}

void db_fault_inject(int nth, int code)
{
    atomic_store(&fault_code, code < 0 ? code : E_INTERNAL);
    atomic_store(&fault_left, nth > 0 ? nth : 0);
}

/* Counts one statement down; true for exactly one caller, the Nth. */
static int fault_fires(void)
{
    int left = atomic_load(&fault_left);
    while (left > 0)
        if (atomic_compare_exchange_weak(&fault_left, &left, left - 1))
            return left == 1;
    return 0;
}

/* What a person reads when the database cannot serve (the request answers 503): the drivers'
 * words name the engine, its files and its internals ("sqlite: database or disk is full"),
 * which are for the operator's log. */
#define DB_DOWN_MESSAGE                                                                            \
    "Hệ thống tạm thời không truy cập được dữ liệu, vui lòng thử lại sau ít phút"

int db_error_for_a_person(int rc, struct err *e)
{
    if ((rc != E_UNAVAILABLE && rc != E_RETRY) || !e || strcmp(e->msg, DB_DOWN_MESSAGE) == 0)
        return rc;
    log_warn("db: %s: %s", rc == E_RETRY ? "still conflicting" : "unavailable", e->msg);
    return err_set(e, rc, NULL, DB_DOWN_MESSAGE);
}

static int run_on_driver(struct db_conn *c, const char *sql, const struct db_param *p, int n,
                         struct db_rows **rows, int64_t *changed, struct err *e)
{
    int rc = c->db->drv->run(c->handle, sql, p, n, rows, changed, e);
    if (rc == E_UNAVAILABLE) {
        c->broken = 1;
        db_error_for_a_person(rc, e);
    }
    return rc;
}

static int run_statement(struct db_conn *c, const char *sql, const struct db_param *p, int n,
                         struct db_rows **rows, int64_t *changed, struct err *e)
{
    if (!c || !sql)
        return err_set(e, E_INTERNAL, NULL, "database call without connection or statement");
    if (n < 0 || (n > 0 && !p))
        return err_set(e, E_INTERNAL, NULL, "bad parameter list for a statement");
    if (fault_fires()) {
        int code = atomic_load(&fault_code);
        if (code == E_UNAVAILABLE)
            c->broken = 1;
        return db_error_for_a_person(err_set(e, code, NULL, "injected database fault"), e);
    }
    return run_on_driver(c, sql, p, n, rows, changed, e);
}

int db_exec(struct db_conn *c, const char *sql, const struct db_param *p, int n, struct err *e)
{
    return run_statement(c, sql, p, n, NULL, NULL, e);
}

int db_exec_count(struct db_conn *c, const char *sql, const struct db_param *p, int n,
                  int64_t *changed, struct err *e)
{
    int64_t ignored;
    *(changed ? changed : &ignored) = 0;
    return run_statement(c, sql, p, n, NULL, changed, e);
}

int db_query(struct db_conn *c, const char *sql, const struct db_param *p, int n,
             struct db_rows **out, struct err *e)
{
    if (!out)
        return err_set(e, E_INTERNAL, NULL, "query without a place for its result");
    *out = NULL;
    return run_statement(c, sql, p, n, out, NULL, e);
}

static int parse_int_cell(const struct db_rows *r, int64_t *out, struct err *e)
{
    const char *s = db_rows_text(r, 0, 0);
    char *end;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end)
        return err_set(e, E_INTERNAL, NULL, "expected an integer from the database");
    *out = v;
    return 0;
}

int db_query_int(struct db_conn *c, const char *sql, const struct db_param *p, int n, int64_t *out,
                 struct err *e)
{
    struct db_rows *r;
    int rc = db_query(c, sql, p, n, &r, e);
    if (rc < 0)
        return rc;
    if (db_rows_count(r) == 0 || db_rows_isnull(r, 0, 0))
        rc = err_set(e, E_NOTFOUND, NULL, "not found");
    else if (db_rows_count(r) > 1 || db_rows_cols(r) != 1)
        rc = err_set(e, E_INTERNAL, NULL, "expected one row with one column");
    else
        rc = parse_int_cell(r, out, e);
    db_rows_free(r);
    return rc;
}

int db_conn_control(struct db_conn *c, const char *sql, struct err *e)
{
    return run_on_driver(c, sql, NULL, 0, NULL, NULL, e);
}

int db_conn_script(struct db_conn *c, const char *sql, struct err *e)
{
    int rc = c->db->drv->script(c->handle, sql, e);
    if (rc == E_UNAVAILABLE)
        c->broken = 1;
    return rc;
}

int db_begin(struct db_conn *c, struct err *e)
{
    return db_conn_control(c, c->db->drv->begin_sql, e);
}

int db_commit(struct db_conn *c, struct err *e)
{
    return run_statement(c, "COMMIT", NULL, 0, NULL, NULL, e);
}

void db_rollback(struct db_conn *c)
{
    if (!c || c->broken || !c->db->drv->in_tx(c->handle))
        return;
    struct err e;
    if (db_conn_control(c, "ROLLBACK", &e) < 0)
        log_warn("db: rollback failed: %s", e.msg);
}
