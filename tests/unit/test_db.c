/* test_db.c — the contract of the database layer (db.h), run case for case against SQLite
 * (a temporary file) and, when a server is given, against PostgreSQL: the same statements
 * must give the same answers and the same error codes on both engines. The PostgreSQL URL
 * comes from MOTCUA_TEST_PG_URL or from the file named by MOTCUA_TEST_PG_URL_FILE (written
 * by tests/support/pg.sh); the cases run in a fresh database created for this program.
 * Concurrency cases assert outcomes (exact final counts), never timings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "embed.h"
#include "demofixture.h"
#include "tdbfixture.h"
#include "testutil.h"

#define PG_TEST_DB "motcua_test_db"

static char pg_base_url[1024];

/* ---- helpers ------------------------------------------------------------------------ */

static const char *blob_type(struct db *db)
{
    return db_engine_of(db) == DB_POSTGRES ? "BYTEA" : "BLOB";
}

static void exec_ok(struct db *db, const char *sql)
{
    struct err e = {0};
    struct db_conn *c = db_acquire(db, &e);
    assert_non_null(c);
    int rc = db_exec(c, sql, DB_NOARGS, &e);
    if (rc != 0)
        fail_msg("%s: %s", sql, e.msg);
    db_release(c);
}

static int64_t query_int(struct db *db, const char *sql)
{
    struct err e = {0};
    int64_t v = -1;
    struct db_conn *c = db_acquire(db, &e);
    assert_non_null(c);
    int rc = db_query_int(c, sql, DB_NOARGS, &v, &e);
    if (rc != 0)
        fail_msg("%s: %s", sql, e.msg);
    db_release(c);
    return v;
}

static void create_table(struct db *db, const char *name, const char *columns)
{
    char sql[512];
    snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS %s", name);
    exec_ok(db, sql);
    snprintf(sql, sizeof sql, "CREATE TABLE %s (%s)", name, columns);
    exec_ok(db, sql);
}

/* ---- fixtures ----------------------------------------------------------------------- */

static int setup_sqlite(void **state)
{
    return tdb_setup_sqlite(state, "test_db", "var/test.db");
}

static int setup_pg(void **state)
{
    return tdb_setup_pg(state, pg_base_url, PG_TEST_DB);
}

static struct db *fixture_db(void **state)
{
    return ((struct tdb_fixture *)*state)->db;
}

/* ---- opening ------------------------------------------------------------------------ */

static void test_open_reports_engine_and_pool(void **state)
{
    struct tdb_fixture *f = *state;
    assert_int_equal(db_engine_of(f->db), db_url_is_postgres(f->url) ? DB_POSTGRES : DB_SQLITE);
    struct err e = {0};
    struct db *db;
    assert_int_equal(db_open(f->url, 2, &db, &e), 0);
    int in_use, size;
    db_pool_stats(db, &in_use, &size);
    assert_int_equal(in_use, 0);
    assert_int_equal(size, 1);
    struct db_conn *a = db_acquire(db, &e), *b = db_acquire(db, &e);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(db_conn_engine(a), db_engine_of(db));
    db_pool_stats(db, &in_use, &size);
    assert_int_equal(in_use, 2);
    assert_int_equal(size, 2);
    db_release(a);
    db_release(b);
    db_close(db);
}

static void test_open_rejects_bad_arguments(void **state)
{
    (void)state;
    struct err e = {0};
    struct db *db = (struct db *)1;
    assert_int_equal(db_open(NULL, 1, &db, &e), E_INVALID);
    assert_null(db);
    assert_int_equal(db_open("x.db", 0, &db, &e), E_INVALID);
    assert_true(db_url_is_postgres("postgresql://h/d"));
    assert_true(db_url_is_postgres("postgres://h/d"));
    assert_false(db_url_is_postgres("var/motcua.db"));
    assert_false(db_url_is_postgres(NULL));
}

static void test_unreachable_databases_are_unavailable(void **state)
{
    (void)state;
    struct err e = {0};
    struct db *db;
    assert_int_equal(db_open("postgresql://postgres@127.0.0.1:1/nothing", 2, &db, &e),
                     E_UNAVAILABLE);
    assert_null(db);
    assert_non_null(strstr(e.msg, "PostgreSQL"));
    assert_int_equal(db_open("/proc/motcua-no-such-dir/x.db", 1, &db, &e), E_UNAVAILABLE);
}

/* ---- statements and parameters ------------------------------------------------------ */

static void test_params_of_each_type_round_trip(void **state)
{
    struct db *db = fixture_db(state);
    char cols[256];
    snprintf(cols, sizeof cols, "id INTEGER PRIMARY KEY, i BIGINT, s TEXT, b %s, n TEXT",
             blob_type(db));
    create_table(db, "t_params", cols);
    static const char unicode[] =
        "Ủy ban nhân dân xã Đông Hòa — hồ sơ một cửa ✓ 🏛";
    static const unsigned char bytes[] = {0, 1, 2, 0xff, 0xfe, '\\', 'x', 0, 0x80};
    static const char partial[] = "abcdef";
    struct err e = {0};
    struct db_conn *c = db_acquire(db, &e);
    assert_non_null(c);
    const char *ins = "INSERT INTO t_params (id, i, s, b, n) VALUES ($1, $2, $3, $4, $5)";
    assert_int_equal(
        db_exec(c, ins,
                DB_ARGS(DB_I(1), DB_I(INT64_MAX), DB_T(unicode), DB_B(bytes, sizeof bytes), DB_NIL),
                &e),
        0);
    struct db_param cut = {.type = DB_TEXT, .s = partial, .len = 3};
    assert_int_equal(
        db_exec(c, ins, DB_ARGS(DB_I(2), DB_I(INT64_MIN), cut, DB_B("", 0), DB_T(NULL)), &e), 0);
    assert_int_equal(db_exec(c, ins, DB_ARGS(DB_I(3), DB_I(-42), DB_T(""), DB_NIL, DB_T("x")), &e),
                     0);

    struct db_rows *r;
    assert_int_equal(db_query(c, "SELECT i, s, b, n FROM t_params ORDER BY id", DB_NOARGS, &r, &e),
                     0);
    assert_int_equal(db_rows_count(r), 3);
    assert_int_equal(db_rows_cols(r), 4);
    assert_true(db_rows_int(r, 0, 0) == INT64_MAX);
    assert_string_equal(db_rows_text(r, 0, 1), unicode);
    assert_int_equal(db_rows_len(r, 0, 1), strlen(unicode));
    assert_int_equal(db_rows_len(r, 0, 2), sizeof bytes);
    assert_memory_equal(db_rows_text(r, 0, 2), bytes, sizeof bytes);
    assert_true(db_rows_isnull(r, 0, 3));
    assert_string_equal(db_rows_text(r, 0, 3), "");
    assert_true(db_rows_int(r, 1, 0) == INT64_MIN);
    assert_string_equal(db_rows_text(r, 1, 1), "abc");
    assert_false(db_rows_isnull(r, 1, 2));
    assert_int_equal(db_rows_len(r, 1, 2), 0);
    assert_true(db_rows_isnull(r, 1, 3));
    assert_false(db_rows_isnull(r, 2, 1));
    assert_string_equal(db_rows_text(r, 2, 1), "");
    assert_true(db_rows_isnull(r, 2, 2));
    assert_int_equal(db_rows_int(r, 2, 0), -42);
    db_rows_free(r);
    db_release(c);
}

static void test_placeholders_bind_by_number(void **state)
{
    struct db *db = fixture_db(state);
    create_table(db, "t_order", "a TEXT, b TEXT, c TEXT, k BIGINT");
    struct err e = {0};
    struct db_conn *c = db_acquire(db, &e);
    assert_non_null(c);
    assert_int_equal(db_exec(c, "INSERT INTO t_order (a, b, c, k) VALUES ($2, $1, $1, $3)",
                             DB_ARGS(DB_T("one"), DB_T("two"), DB_I(7)), &e),
                     0);
    struct db_rows *r;
    assert_int_equal(db_query(c, "SELECT a, b, c FROM t_order WHERE k = $2 AND (a = $1 OR b = $1)",
                              DB_ARGS(DB_T("two"), DB_I(7)), &r, &e),
                     0);
    assert_int_equal(db_rows_count(r), 1);
    assert_string_equal(db_rows_text(r, 0, 0), "two");
    assert_string_equal(db_rows_text(r, 0, 1), "one");
    assert_string_equal(db_rows_text(r, 0, 2), "one");
    db_rows_free(r);
    db_release(c);
}

static void test_placeholder_mistakes_are_errors(void **state)
{
    struct db *db = fixture_db(state);
    create_table(db, "t_mistake", "a TEXT");
    struct err e = {0};
    struct db_conn *c = db_acquire(db, &e);
    assert_non_null(c);
    assert_int_equal(db_exec(c, "INSERT INTO t_mistake (a) VALUES ($2)", DB_ARGS(DB_T("x")), &e),
                     E_INTERNAL);
    assert_int_equal(
        db_exec(c, "INSERT INTO t_mistake (a) VALUES ($1)", DB_ARGS(DB_T("x"), DB_T("y")), &e),
        E_INTERNAL);
    assert_int_equal(
        db_exec(c, "INSERT INTO t_mistake (a) VALUES ('a'); DELETE FROM t_mistake", DB_NOARGS, &e),
        E_INTERNAL);
    assert_int_equal(db_exec(c, "SELEC nonsense", DB_NOARGS, &e), E_INTERNAL);
    assert_int_equal(db_exec(c, "   ", DB_NOARGS, &e), E_INTERNAL);
    assert_int_equal(db_exec(c, NULL, DB_NOARGS, &e), E_INTERNAL);
    assert_int_equal(db_exec(c, "SELECT 1", NULL, 2, &e), E_INTERNAL);
    assert_int_equal(query_int(db, "SELECT COUNT(*) FROM t_mistake"), 0);
    db_release(c);
}

static void test_constraint_violations_map_to_constraint(void **state)
{
    struct db *db = fixture_db(state);
    exec_ok(db, "DROP TABLE IF EXISTS t_child");
    create_table(db, "t_parent", "id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE");
    create_table(db, "t_child",
                 "id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL "
                 "REFERENCES t_parent(id), qty INTEGER CHECK (qty > 0)");
    struct err e = {0};
    struct db_conn *c = db_acquire(db, &e);
    assert_non_null(c);
    const char *ins = "INSERT INTO t_parent (id, code) VALUES ($1, $2)";
    assert_int_equal(db_exec(c, ins, DB_ARGS(DB_I(1), DB_T("A")), &e), 0);
    assert_int_equal(db_exec(c, ins, DB_ARGS(DB_I(2), DB_T("A")), &e), E_CONSTRAINT);
    assert_int_equal(e.code, E_CONSTRAINT);
    assert_int_equal(db_exec(c, ins, DB_ARGS(DB_I(1), DB_T("B")), &e), E_CONSTRAINT);
    assert_int_equal(db_exec(c, ins, DB_ARGS(DB_I(3), DB_NIL), &e), E_CONSTRAINT);
    const char *child = "INSERT INTO t_child (id, parent_id, qty) VALUES ($1, $2, $3)";
    assert_int_equal(db_exec(c, child, DB_ARGS(DB_I(1), DB_I(99), DB_I(1)), &e), E_CONSTRAINT);
    assert_int_equal(db_exec(c, child, DB_ARGS(DB_I(1), DB_I(1), DB_I(0)), &e), E_CONSTRAINT);
    assert_int_equal(db_exec(c, child, DB_ARGS(DB_I(1), DB_I(1), DB_I(5)), &e), 0);
    db_release(c);
}

static void test_query_int_distinguishes_not_found(void **state)
{
    struct db *db = fixture_db(state);
    create_table(db, "t_int", "k TEXT, v BIGINT");
    struct err e = {0};
    struct db_conn *c = db_acquire(db, &e);
    assert_non_null(c);
    assert_int_equal(db_exec(c, "INSERT INTO t_int (k, v) VALUES ($1, $2), ($3, $4)",
                             DB_ARGS(DB_T("a"), DB_I(5000000000LL), DB_T("n"), DB_NIL), &e),
                     0);
    int64_t v = 0;
    const char *sql = "SELECT v FROM t_int WHERE k = $1";
    assert_int_equal(db_query_int(c, sql, DB_ARGS(DB_T("a")), &v, &e), 0);
    assert_true(v == 5000000000LL);
    assert_int_equal(db_query_int(c, sql, DB_ARGS(DB_T("zz")), &v, &e), E_NOTFOUND);
    assert_int_equal(db_query_int(c, sql, DB_ARGS(DB_T("n")), &v, &e), E_NOTFOUND);
    assert_int_equal(db_query_int(c, "SELECT k FROM t_int WHERE k = 'a'", DB_NOARGS, &v, &e),
                     E_INTERNAL);
    assert_int_equal(db_query_int(c, "SELECT v FROM t_int", DB_NOARGS, &v, &e), E_INTERNAL);
    assert_int_equal(
        db_query_int(c, "SELECT COUNT(*) FROM t_int WHERE v > $1", DB_ARGS(DB_I(1)), &v, &e), 0);
    assert_int_equal(v, 1);
    db_release(c);
}

static void test_exec_count_and_rows_bounds(void **state)
{
    struct db *db = fixture_db(state);
    create_table(db, "t_count", "k INTEGER");
    struct err e = {0};
    struct db_conn *c = db_acquire(db, &e);
    assert_non_null(c);
    int64_t changed = -1;
    assert_int_equal(
        db_exec_count(c, "INSERT INTO t_count (k) VALUES (1), (2), (3)", DB_NOARGS, &changed, &e),
        0);
    assert_int_equal(changed, 3);
    assert_int_equal(db_exec_count(c, "UPDATE t_count SET k = k + 10 WHERE k >= $1",
                                   DB_ARGS(DB_I(2)), &changed, &e),
                     0);
    assert_int_equal(changed, 2);
    assert_int_equal(
        db_exec_count(c, "DELETE FROM t_count WHERE k = $1", DB_ARGS(DB_I(99)), &changed, &e), 0);
    assert_int_equal(changed, 0);
    assert_int_equal(db_exec_count(c, "CREATE TABLE t_count2 (x INTEGER)", DB_NOARGS, &changed, &e),
                     0);
    assert_int_equal(changed, 0);
    struct db_rows *r;
    assert_int_equal(db_query(c, "SELECT k FROM t_count WHERE k < 0", DB_NOARGS, &r, &e), 0);
    assert_int_equal(db_rows_count(r), 0);
    assert_string_equal(db_rows_text(r, 0, 0), "");
    assert_true(db_rows_isnull(r, 5, -1));
    assert_int_equal(db_rows_int(r, -1, 0), 0);
    assert_int_equal(db_rows_len(r, 0, 9), 0);
    db_rows_free(r);
    db_rows_free(NULL);
    assert_int_equal(db_rows_count(NULL), 0);
    exec_ok(db, "DROP TABLE t_count2");
    db_release(c);
}

/* ---- transactions ------------------------------------------------------------------- */

static void test_commit_keeps_and_rollback_discards(void **state)
{
    struct db *db = fixture_db(state);
    create_table(db, "t_tx", "k INTEGER");
    struct err e = {0};
    struct db_conn *c = db_acquire(db, &e);
    assert_non_null(c);
    const char *ins = "INSERT INTO t_tx (k) VALUES ($1)";
    assert_int_equal(db_begin(c, &e), 0);
    assert_int_equal(db_exec(c, ins, DB_ARGS(DB_I(1)), &e), 0);
    db_rollback(c);
    assert_int_equal(db_begin(c, &e), 0);
    assert_int_equal(db_exec(c, ins, DB_ARGS(DB_I(2)), &e), 0);
    assert_int_equal(db_commit(c, &e), 0);
    assert_int_equal(db_begin(c, &e), 0);
    assert_int_equal(db_exec(c, ins, DB_ARGS(DB_I(3)), &e), 0);
    db_release(c); /* released inside a transaction: rolled back */
    assert_int_equal(query_int(db, "SELECT COUNT(*) FROM t_tx"), 1);
    assert_int_equal(query_int(db, "SELECT k FROM t_tx"), 2);
}

struct tx_work {
    int calls;
    int rows;
    int fail_with; /* returned by fn after its inserts, 0 for none */
};

static int insert_rows(struct db_conn *c, void *arg, struct err *e)
{
    struct tx_work *w = arg;
    w->calls++;
    for (int i = 0; i < w->rows; i++) {
        int rc = db_exec(c, "INSERT INTO t_work (k) VALUES ($1)", DB_ARGS(DB_I(i)), e);
        if (rc < 0)
            return rc;
    }
    return w->fail_with ? err_set(e, w->fail_with, NULL, "work failed") : 0;
}

static void test_tx_retries_injected_retry(void **state)
{
    struct db *db = fixture_db(state);
    create_table(db, "t_work", "k INTEGER");
    struct err e = {0};
    struct tx_work w = {.rows = 2};
    db_fault_inject(2, E_RETRY); /* the second insert of the first run */
    assert_int_equal(db_tx(db, insert_rows, &w, &e), 0);
    assert_int_equal(w.calls, 2);
    assert_int_equal(query_int(db, "SELECT COUNT(*) FROM t_work"), 2);

    w = (struct tx_work){.rows = 1};
    db_fault_inject(2, E_RETRY); /* the commit of the first run */
    assert_int_equal(db_tx(db, insert_rows, &w, &e), 0);
    assert_int_equal(w.calls, 2);
    assert_int_equal(query_int(db, "SELECT COUNT(*) FROM t_work"), 3);

    w = (struct tx_work){.rows = 1, .fail_with = E_RETRY};
    assert_int_equal(db_tx(db, insert_rows, &w, &e), E_RETRY);
    assert_int_equal(w.calls, DB_TX_ATTEMPTS);
    assert_int_equal(query_int(db, "SELECT COUNT(*) FROM t_work"), 3);
}

static void test_tx_failure_leaves_no_partial_write(void **state)
{
    struct db *db = fixture_db(state);
    create_table(db, "t_work", "k INTEGER");
    struct err e = {0};
    static const int codes[] = {E_INTERNAL, E_CONSTRAINT, E_UNAVAILABLE};
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++) {
        struct tx_work w = {.rows = 3};
        db_fault_inject(3, codes[i]);
        assert_int_equal(db_tx(db, insert_rows, &w, &e), codes[i]);
        assert_int_equal(w.calls, 1);
        w = (struct tx_work){.rows = 3};
        db_fault_inject(4, codes[i]); /* the commit */
        assert_int_equal(db_tx(db, insert_rows, &w, &e), codes[i]);
    }
    struct tx_work w = {.rows = 2, .fail_with = E_CONFLICT};
    assert_int_equal(db_tx(db, insert_rows, &w, &e), E_CONFLICT);
    assert_string_equal(e.msg, "work failed");
    db_fault_inject(0, 0);
    assert_int_equal(query_int(db, "SELECT COUNT(*) FROM t_work"), 0);
    int in_use, size;
    db_pool_stats(db, &in_use, &size);
    assert_int_equal(in_use, 0);
}

/* ---- concurrency -------------------------------------------------------------------- */

#define WRITERS    4
#define INCREMENTS 20

struct writer {
    struct db *db;
    int commits, calls, failures;
};

/* Read-modify-write: a lost update would show as a final count below the commits. */
static int increment(struct db_conn *c, void *arg, struct err *e)
{
    struct writer *w = arg;
    int64_t n;
    w->calls++;
    int rc = db_query_int(c, "SELECT n FROM t_counter WHERE id = 1", DB_NOARGS, &n, e);
    if (rc == 0)
        rc = db_exec(c, "UPDATE t_counter SET n = $1 WHERE id = 1", DB_ARGS(DB_I(n + 1)), e);
    if (rc == 0)
        rc = db_exec(c, "INSERT INTO t_log (seen) VALUES ($1)", DB_ARGS(DB_I(n)), e);
    return rc;
}

static void *writer_main(void *arg)
{
    struct writer *w = arg;
    while (w->commits < INCREMENTS && w->failures < 100) {
        struct err e = {0};
        int rc = db_tx(w->db, increment, w, &e);
        if (rc == 0)
            w->commits++;
        else
            w->failures++; /* db_tx gave up after its retries; the work is submitted again */
    }
    return NULL;
}

static void test_concurrent_writers_lose_no_update(void **state)
{
    struct db *db = fixture_db(state);
    create_table(db, "t_counter", "id INTEGER PRIMARY KEY, n BIGINT NOT NULL");
    create_table(db, "t_log", "seen BIGINT NOT NULL UNIQUE");
    exec_ok(db, "INSERT INTO t_counter (id, n) VALUES (1, 0)");
    struct writer w[WRITERS];
    pthread_t t[WRITERS];
    for (int i = 0; i < WRITERS; i++) {
        w[i] = (struct writer){.db = db};
        assert_int_equal(pthread_create(&t[i], NULL, writer_main, &w[i]), 0);
    }
    int commits = 0, calls = 0;
    for (int i = 0; i < WRITERS; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(w[i].commits, INCREMENTS);
        commits += w[i].commits;
        calls += w[i].calls;
    }
    assert_int_equal(query_int(db, "SELECT n FROM t_counter WHERE id = 1"), commits);
    assert_int_equal(query_int(db, "SELECT COUNT(*) FROM t_log"), commits);
    printf("# %d commits took %d runs of the transaction body\n", commits, calls);
}

struct waiter {
    struct db *db;
    int rc;
};

static int insert_one(struct db_conn *c, void *arg, struct err *e)
{
    (void)arg;
    return db_exec(c, "INSERT INTO t_wait (k) VALUES (1)", DB_NOARGS, e);
}

static void *waiter_main(void *arg)
{
    struct waiter *w = arg;
    struct err e = {0};
    w->rc = db_tx(w->db, insert_one, NULL, &e);
    return NULL;
}

static void test_pool_exhaustion_waits_then_times_out(void **state)
{
    struct tdb_fixture *f = *state;
    struct err e = {0};
    struct db *db;
    assert_int_equal(db_open(f->url, 1, &db, &e), 0);
    create_table(db, "t_wait", "k INTEGER");
    struct db_conn *held = db_acquire(db, &e);
    assert_non_null(held);

    struct waiter w = {.db = db, .rc = 1};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, waiter_main, &w), 0);
    /* Gives the waiter a chance to block on the pool; the outcome does not depend on it. */
    nanosleep(&(struct timespec){.tv_nsec = 50000000}, NULL);
    db_release(held);
    pthread_join(t, NULL);
    assert_int_equal(w.rc, 0);

    held = db_acquire(db, &e);
    assert_non_null(held);
    db_set_acquire_timeout(db, 20);
    assert_null(db_acquire(db, &e));
    assert_int_equal(e.code, E_UNAVAILABLE);
    assert_non_null(strstr(e.msg, "busy"));
    db_release(held);
    assert_int_equal(query_int(db, "SELECT COUNT(*) FROM t_wait"), 1);
    db_close(db);
}

static void test_lost_connection_is_replaced(void **state)
{
    struct db *db = fixture_db(state);
    if (db_engine_of(db) != DB_POSTGRES) {
        printf("# only PostgreSQL connections can be lost\n");
        return;
    }
    struct err e = {0};
    struct db_conn *victim = db_acquire(db, &e), *killer = db_acquire(db, &e);
    assert_non_null(victim);
    assert_non_null(killer);
    int64_t pid, ok;
    assert_int_equal(db_query_int(victim, "SELECT pg_backend_pid()", DB_NOARGS, &pid, &e), 0);
    /* With a timeout, pg_terminate_backend returns only once the backend is gone. */
    assert_int_equal(db_query_int(killer,
                                  "SELECT COUNT(*) FROM (SELECT pg_terminate_backend($1, 10000)) t",
                                  DB_ARGS(DB_I(pid)), &ok, &e),
                     0);
    db_release(killer);
    assert_int_equal(db_query_int(victim, "SELECT 1", DB_NOARGS, &ok, &e), E_UNAVAILABLE);
    int in_use, size_before, size_after;
    db_pool_stats(db, &in_use, &size_before);
    db_release(victim);
    db_pool_stats(db, &in_use, &size_after);
    assert_int_equal(in_use, 0);
    assert_int_equal(size_after, size_before - 1);
    assert_int_equal(query_int(db, "SELECT 41 + 1"), 42);
}

/* ---- migrations --------------------------------------------------------------------- */

#define FILE_ENTRY(n, s)                                                                           \
    {                                                                                              \
        n, (const unsigned char *)(s), sizeof(s) - 1                                               \
    }

static const struct embed_file good_migrations[] = {
    FILE_ENTRY("0002_child.sql",
               "-- the child depends on 0001, so order matters\n"
               "CREATE TABLE m_child (id {{ID}}, one_id BIGINT NOT NULL REFERENCES m_one(id),\n"
               "                      data {{BLOB}});\n"
               "-- sqlite:begin\n"
               "CREATE TABLE m_only_sqlite (x INTEGER);\n"
               "-- sqlite:end\n"
               "  -- postgres:begin  \n"
               "CREATE TABLE m_only_pg (x INTEGER);\n"
               "-- postgres:end\n"),
    FILE_ENTRY("README.md", "not a migration"),
    FILE_ENTRY("0001_one.sql", "CREATE TABLE m_one (id {{ID}}, name TEXT NOT NULL);\n"
                               "INSERT INTO m_one (name) VALUES ('first');\n"),
    {NULL, NULL, 0},
};

static const struct embed_file failing_migration[] = {
    FILE_ENTRY("0003_broken.sql", "CREATE TABLE m_three (x INTEGER);\n"
                                  "INSERT INTO m_nowhere (x) VALUES (1);\n"),
    {NULL, NULL, 0},
};

static const struct embed_file no_migrations[] = {{NULL, NULL, 0}};

struct migrator {
    const char *url;
    int rc, applied;
};

static void *migrator_main(void *arg)
{
    struct migrator *m = arg;
    struct err e = {0};
    struct db *db;
    m->rc = db_open(m->url, 2, &db, &e);
    if (m->rc == 0) {
        m->rc = db_migrate_from(db, good_migrations, &m->applied, &e);
        db_close(db);
    }
    if (m->rc)
        fprintf(stderr, "migrate: %s\n", e.msg);
    return NULL;
}

static void expect_render_error(struct db *db, const char *name, const char *sql,
                                const char *needle)
{
    struct embed_file files[] = {{name, (const unsigned char *)sql, strlen(sql)}, {0, 0, 0}};
    struct err e = {0};
    int applied = -1;
    assert_int_equal(db_migrate_from(db, files, &applied, &e), E_INTERNAL);
    assert_int_equal(applied, 0);
    if (!strstr(e.msg, needle))
        fail_msg("expected \"%s\" in \"%s\"", needle, e.msg);
}

static void test_migrations_apply_once_in_order(void **state)
{
    struct tdb_fixture *f = *state;
    struct db *db = f->db;
    struct err e = {0};
    int64_t version = -1;
    assert_int_equal(db_schema_version(db, &version, &e), 0);
    assert_int_equal(version, 0);
    int applied = -1;
    assert_int_equal(db_migrate_from(db, no_migrations, &applied, &e), 0);
    assert_int_equal(applied, 0);

    /* Three instances starting at once: each migration is applied exactly once. */
    struct migrator m[3];
    pthread_t t[3];
    for (int i = 0; i < 3; i++) {
        m[i] = (struct migrator){.url = f->url};
        assert_int_equal(pthread_create(&t[i], NULL, migrator_main, &m[i]), 0);
    }
    int total = 0;
    for (int i = 0; i < 3; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(m[i].rc, 0);
        total += m[i].applied;
    }
    assert_int_equal(total, 2);
    assert_int_equal(db_schema_version(db, &version, &e), 0);
    assert_int_equal(version, 2);
    assert_int_equal(query_int(db, "SELECT COUNT(*) FROM schema_migrations"), 2);
    assert_int_equal(query_int(db, "SELECT COUNT(*) FROM m_one"), 1);

    exec_ok(db, "INSERT INTO m_child (one_id, data) VALUES (1, NULL)");
    exec_ok(db, "INSERT INTO m_child (one_id, data) VALUES (1, NULL)");
    assert_int_equal(query_int(db, "SELECT MAX(id) FROM m_child"), 2);
    exec_ok(db, db_engine_of(db) == DB_SQLITE ? "SELECT COUNT(*) FROM m_only_sqlite"
                                              : "SELECT COUNT(*) FROM m_only_pg");
    struct db_conn *c = db_acquire(db, &e);
    assert_non_null(c);
    assert_int_equal(db_exec(c,
                             db_engine_of(db) == DB_SQLITE ? "SELECT COUNT(*) FROM m_only_pg"
                                                           : "SELECT COUNT(*) FROM m_only_sqlite",
                             DB_NOARGS, &e),
                     E_INTERNAL);
    db_release(c);

    assert_int_equal(db_migrate_from(db, good_migrations, &applied, &e), 0);
    assert_int_equal(applied, 0);

    /* A failing migration leaves nothing behind, not even its first statement. */
    assert_int_equal(db_migrate_from(db, failing_migration, &applied, &e), E_INTERNAL);
    assert_non_null(strstr(e.msg, "0003_broken.sql"));
    assert_int_equal(applied, 0);
    assert_int_equal(db_schema_version(db, &version, &e), 0);
    assert_int_equal(version, 2);
    c = db_acquire(db, &e);
    assert_non_null(c);
    assert_int_equal(db_exec(c, "SELECT COUNT(*) FROM m_three", DB_NOARGS, &e), E_INTERNAL);
    db_release(c);
}

static void test_migration_files_are_checked_before_applying(void **state)
{
    struct db *db = fixture_db(state);
    expect_render_error(db, "0009_x.sql", "CREATE TABLE x (id {{SERIAL}});", "{{SERIAL}}");
    expect_render_error(db, "0009_x.sql", "CREATE TABLE x (id {{ID);", "unterminated");
    expect_render_error(db, "0009_x.sql", "-- sqlite:begin\nSELECT 1;\n", "not closed");
    expect_render_error(db, "0009_x.sql", "-- sqlite:begin\n-- postgres:begin\n", "line 2");
    expect_render_error(db, "0009_x.sql", "-- postgres:end\n", "unbalanced");
    expect_render_error(db, "x_0009.sql", "SELECT 1;", "NNNN_name.sql");
    struct embed_file dup[] = {
        FILE_ENTRY("0009_a.sql", "SELECT 1;"), FILE_ENTRY("9_b.sql", "SELECT 1;"), {0, 0, 0}};
    struct err e = {0};
    assert_int_equal(db_migrate_from(db, dup, NULL, &e), E_INTERNAL);
    assert_non_null(strstr(e.msg, "share a version"));
}

extern const struct embed_file motcua_migrations[];

/* A second, empty database next to the fixture's (the fixture's has test migrations). */
static void fresh_database_url(const struct tdb_fixture *f, const char *name, char *out,
                               size_t size)
{
    if (!db_url_is_postgres(f->url))
        snprintf(out, size, "%s/%s.db", f->dir, name);
    else
        assert_int_equal(tdb_create_pg_database(pg_base_url, name, out, size), 0);
}

static void test_embedded_migrations_apply_on_a_fresh_database(void **state)
{
    struct tdb_fixture *f = *state;
    char url[1024];
    fresh_database_url(f, "motcua_test_schema", url, sizeof url);
    struct err e = {0};
    struct db *db;
    assert_int_equal(db_open(url, 2, &db, &e), 0);
    int files = 0, applied = -1;
    int64_t newest = 0, version = -1;
    for (const struct embed_file *m = motcua_migrations; m->name; m++) {
        size_t len = strlen(m->name);
        if (len > 4 && strcmp(m->name + len - 4, ".sql") == 0) {
            files++;
            if (strtoll(m->name, NULL, 10) > newest)
                newest = strtoll(m->name, NULL, 10);
        }
    }
    if (db_migrate(db, &applied, &e) != 0)
        fail_msg("db_migrate: %s", e.msg);
    assert_int_equal(applied, files);
    assert_int_equal(db_schema_version(db, &version, &e), 0);
    assert_int_equal(version, newest);
    assert_int_equal(db_migrate(db, &applied, &e), 0);
    assert_int_equal(applied, 0);
    db_close(db);
}

/* A database that stored the first shipped calendar's wrong years (issue #13) loses those
 * copies on upgrade, so the corrected shipped years apply; a year an admin wrote stays. */
static void test_upgrade_drops_stale_calendar_years(void **state)
{
    struct tdb_fixture *f = *state;
    char url[1024];
    fresh_database_url(f, "motcua_test_calendar_upgrade", url, sizeof url);
    struct err e = {0};
    struct db *db;
    assert_int_equal(db_open(url, 2, &db, &e), 0);
    struct embed_file before[64] = {{0}};
    int n = 0;
    for (const struct embed_file *m = motcua_migrations; m->name && n < 63; m++)
        if (strtoll(m->name, NULL, 10) <= 20)
            before[n++] = *m;
    int applied = 0;
    if (db_migrate_from(db, before, &applied, &e) != 0)
        fail_msg("db_migrate_from: %s", e.msg);
    exec_ok(db,
            "INSERT INTO calendar_years (year, body, version, updated_at, updated_by) VALUES "
            "(2023, '{\"days\":[{\"date\":\"2023-09-01\",\"kind\":\"off\",\"name\":"
            "\"Quốc khánh (ngày liền kề)\",\"uncertain\":true}],\"year\":2023}', 1, 0, 'admin'),"
            "(2025, '{\"days\":[{\"date\":\"2025-02-08\",\"kind\":\"work\",\"name\":"
            "\"Làm bù cho thứ Hai 27/01\"}],\"year\":2025}', 2, 0, 'admin'),"
            "(2026, '{\"days\":[{\"date\":\"2026-09-03\",\"kind\":\"off\",\"name\":"
            "\"Quốc khánh (ngày liền kề)\"}],\"year\":2026}', 3, 0, 'admin'),"
            "(2027, '{\"days\":[{\"date\":\"2027-09-03\",\"kind\":\"off\",\"name\":"
            "\"Quốc khánh (ngày liền kề)\"}],\"year\":2027}', 4, 0, 'admin')");
    if (db_migrate(db, &applied, &e) != 0)
        fail_msg("db_migrate: %s", e.msg);
    assert_int_equal(query_int(db, "SELECT COUNT(*) FROM calendar_years"), 1);
    assert_int_equal(query_int(db, "SELECT year FROM calendar_years"), 2027);
    db_close(db);
}

/* Migration 0025 gives the People's Committees of an existing tree their place name (the
 * words after their title) and leaves other units to inherit theirs. */
static void test_place_names_are_filled_for_existing_committees(void **state)
{
    struct tdb_fixture *f = *state;
    char url[1024];
    fresh_database_url(f, "motcua_test_place", url, sizeof url);
    struct err e = {0};
    struct db *db;
    assert_int_equal(db_open(url, 2, &db, &e), 0);
    struct embed_file before[64] = {{0}};
    int n = 0;
    for (const struct embed_file *m = motcua_migrations; m->name && n < 63; m++)
        if (strtoll(m->name, NULL, 10) < 25 && strstr(m->name, ".sql"))
            before[n++] = *m;
    if (db_migrate_from(db, before, NULL, &e) != 0)
        fail_msg("db_migrate_from: %s", e.msg);
    exec_ok(db, "INSERT INTO org_units (key, name, name_fold, level, valid_from, created_at) "
                "VALUES ('P', 'Ủy ban nhân dân tỉnh Kiên Giang', 'p', 'province', '2020-01-01', 0),"
                " ('D', 'Ủy ban nhân dân huyện Giồng Riềng', 'd', 'district', '2020-01-01', 0),"
                " ('T', 'Ủy ban nhân dân thị trấn Giồng Riềng', 't', 'commune', '2020-01-01', 0),"
                " ('C', 'Ủy ban nhân dân xã Thạnh Hưng', 'c', 'commune', '2020-01-01', 0),"
                " ('S', 'Phòng Tư pháp', 's', 'department', '2020-01-01', 0)");
    if (db_migrate(db, NULL, &e) != 0)
        fail_msg("db_migrate: %s", e.msg);
    struct db_conn *c = db_acquire(db, &e);
    assert_non_null(c);
    struct db_rows *r = NULL;
    assert_int_equal(db_query(c, "SELECT key, COALESCE(place, '-') FROM org_units ORDER BY key",
                              DB_NOARGS, &r, &e),
                     0);
    static const char *const want[][2] = {{"C", "Thạnh Hưng"},
                                          {"D", "Giồng Riềng"},
                                          {"P", "Kiên Giang"},
                                          {"S", "-"},
                                          {"T", "Giồng Riềng"}};
    assert_int_equal(db_rows_count(r), 5);
    for (int i = 0; i < 5; i++) {
        assert_string_equal(db_rows_text(r, i, 0), want[i][0]);
        assert_string_equal(db_rows_text(r, i, 1), want[i][1]);
    }
    db_rows_free(r);
    db_release(c);
    db_close(db);
}

/* ---- main --------------------------------------------------------------------------- */

#define CONTRACT_TESTS                                                                             \
    cmocka_unit_test(test_open_reports_engine_and_pool),                                           \
        cmocka_unit_test(test_params_of_each_type_round_trip),                                     \
        cmocka_unit_test(test_placeholders_bind_by_number),                                        \
        cmocka_unit_test(test_placeholder_mistakes_are_errors),                                    \
        cmocka_unit_test(test_constraint_violations_map_to_constraint),                            \
        cmocka_unit_test(test_query_int_distinguishes_not_found),                                  \
        cmocka_unit_test(test_exec_count_and_rows_bounds),                                         \
        cmocka_unit_test(test_commit_keeps_and_rollback_discards),                                 \
        cmocka_unit_test(test_tx_retries_injected_retry),                                          \
        cmocka_unit_test(test_tx_failure_leaves_no_partial_write),                                 \
        cmocka_unit_test(test_concurrent_writers_lose_no_update),                                  \
        cmocka_unit_test(test_pool_exhaustion_waits_then_times_out),                               \
        cmocka_unit_test(test_lost_connection_is_replaced),                                        \
        cmocka_unit_test(test_migrations_apply_once_in_order),                                     \
        cmocka_unit_test(test_migration_files_are_checked_before_applying),                        \
        cmocka_unit_test(test_embedded_migrations_apply_on_a_fresh_database),                      \
        cmocka_unit_test(test_upgrade_drops_stale_calendar_years),                                 \
        cmocka_unit_test(test_place_names_are_filled_for_existing_committees)

int main(void)
{
    const struct CMUnitTest common[] = {
        cmocka_unit_test(test_open_rejects_bad_arguments),
        cmocka_unit_test(test_unreachable_databases_are_unavailable),
    };
    const struct CMUnitTest contract[] = {CONTRACT_TESTS};
    int failed = cmocka_run_group_tests_name("db", common, NULL, NULL);
    failed += cmocka_run_group_tests_name("db.sqlite", contract, setup_sqlite, tdb_teardown);
    if (demo_pg_url(pg_base_url, sizeof pg_base_url))
        failed += cmocka_run_group_tests_name("db.postgres", contract, setup_pg, tdb_teardown);
    else
        printf("# db.postgres skipped: set MOTCUA_TEST_PG_URL or MOTCUA_TEST_PG_URL_FILE\n");
    return failed;
}
