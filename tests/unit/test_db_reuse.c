/* test_db_reuse.c — what the drivers keep between statements must never change an answer:
 * statements reused on a connection (SQLite's statement cache, PostgreSQL's prepared
 * statements) after the table under them changed shape, with a parameter that is a blob one
 * time and NULL the next; and SQLite's writer gate, which must be left however a write
 * transaction ends (commit, rollback, a connection released with the transaction still open)
 * and must let a writing statement outside a transaction through once the writer is done.
 * Runs on SQLite, and on PostgreSQL when MOTCUA_TEST_PG_URL or MOTCUA_TEST_PG_URL_FILE names
 * a server. Outcomes only, never timings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>

#include "db.h"
#include "demofixture.h"
#include "tdbfixture.h"
#include "testutil.h"

#define PG_TEST_DB "motcua_test_db_reuse"
#define RUNS       6 /* enough for a statement to be prepared and reused several times */
#define WRITERS    6
#define WRITES     15

static char pg_base_url[1024];

static void exec_ok(struct db *db, const char *sql)
{
    struct err e = {0};
    struct db_conn *c = db_acquire(db, &e);
    assert_non_null(c);
    if (db_exec(c, sql, DB_NOARGS, &e) != 0)
        fail_msg("%s: %s", sql, e.msg);
    db_release(c);
}

static int64_t query_int(struct db *db, const char *sql)
{
    struct err e = {0};
    int64_t v = -1;
    struct db_conn *c = db_acquire(db, &e);
    assert_non_null(c);
    if (db_query_int(c, sql, DB_NOARGS, &v, &e) != 0)
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

/* The number of columns `SELECT *` returns now, run on one pooled connection. */
static int star_columns(struct db_conn *c, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c, "SELECT * FROM t_shape ORDER BY a", DB_NOARGS, &r, e);
    if (rc)
        return rc;
    int cols = db_rows_count(r) == 1 ? db_rows_cols(r) : -1;
    db_rows_free(r);
    return cols;
}

static int star_in_tx(struct db_conn *c, void *ctx, struct err *e)
{
    int *cols = ctx;
    *cols = star_columns(c, e);
    return *cols < 0 ? *cols : 0;
}

static void test_reused_statement_follows_a_changed_table(void **state)
{
    struct tdb_fixture *f = *state;
    struct err e = {0};
    create_table(f->db, "t_shape", "a INTEGER");
    exec_ok(f->db, "INSERT INTO t_shape (a) VALUES (1)");
    /* Every call below runs on this one connection, so its cached statements are reused. */
    struct db_conn *c = db_acquire(f->db, &e);
    assert_non_null(c);
    for (int i = 0; i < RUNS; i++)
        assert_int_equal(star_columns(c, &e), 1);
    assert_int_equal(db_exec(c, "ALTER TABLE t_shape ADD COLUMN b INTEGER", DB_NOARGS, &e), 0);
    int cols = star_columns(c, &e);
    if (cols < 0)
        fail_msg("SELECT * after ALTER TABLE: %s", e.msg);
    assert_int_equal(cols, 2);
    db_release(c);

    for (int i = 0; i < RUNS; i++) {
        assert_int_equal(db_tx(f->db, star_in_tx, &cols, &e), 0);
        assert_int_equal(cols, 2);
    }
    exec_ok(f->db, "ALTER TABLE t_shape ADD COLUMN c INTEGER");
    if (db_tx(f->db, star_in_tx, &cols, &e) != 0)
        fail_msg("SELECT * in a transaction after ALTER TABLE: %s", e.msg);
    assert_int_equal(cols, 3);
}

static void test_blob_then_null_in_one_statement(void **state)
{
    struct tdb_fixture *f = *state;
    struct err e = {0};
    const char *blob = f->url[0] == 'p' ? "BYTEA" : "BLOB";
    char columns[64];
    snprintf(columns, sizeof columns, "k INTEGER, b %s", blob);
    create_table(f->db, "t_bytes", columns);
    struct db_conn *c = db_acquire(f->db, &e);
    assert_non_null(c);
    static const unsigned char bytes[] = {0, 1, 2, 0xff};
    for (int i = 0; i < RUNS * 2; i++) {
        struct db_param b = i % 2 ? DB_NIL : DB_B(bytes, sizeof bytes);
        if (db_exec(c, "INSERT INTO t_bytes (k, b) VALUES ($1, $2)", DB_ARGS(DB_I(i), b), &e))
            fail_msg("insert %d: %s", i, e.msg);
    }
    struct db_rows *r = NULL;
    assert_int_equal(db_query(c, "SELECT b FROM t_bytes ORDER BY k", DB_NOARGS, &r, &e), 0);
    assert_int_equal(db_rows_count(r), RUNS * 2);
    for (int i = 0; i < RUNS * 2; i++) {
        assert_int_equal(db_rows_isnull(r, i, 0), i % 2);
        if (i % 2 == 0) {
            assert_int_equal(db_rows_len(r, i, 0), sizeof bytes);
            assert_memory_equal(db_rows_text(r, i, 0), bytes, sizeof bytes);
        }
    }
    db_rows_free(r);
    db_release(c);
}

static int add_one(struct db_conn *c, void *ctx, struct err *e)
{
    (void)ctx;
    return db_exec(c, "UPDATE t_gate SET n = n + 1 WHERE id = 1", DB_NOARGS, e);
}

static int add_one_then_fail(struct db_conn *c, void *ctx, struct err *e)
{
    int rc = add_one(c, ctx, e);
    return rc ? rc : err_set(e, E_INVALID, NULL, "rolled back on purpose");
}

struct writer {
    struct db *db;
    int failures;
};

/* Alternates committed transactions, rolled-back ones and writes outside a transaction. */
static void *writer_main(void *arg)
{
    struct writer *w = arg;
    for (int i = 0; i < WRITES; i++) {
        struct err e = {0};
        if (db_tx(w->db, add_one, NULL, &e) != 0)
            w->failures++;
        if (db_tx(w->db, add_one_then_fail, NULL, &e) != E_INVALID)
            w->failures++;
        struct db_conn *c = db_acquire(w->db, &e);
        if (!c || add_one(c, NULL, &e) != 0)
            w->failures++;
        if (c)
            db_release(c);
    }
    return NULL;
}

static void test_writers_of_every_kind_all_get_through(void **state)
{
    struct tdb_fixture *f = *state;
    create_table(f->db, "t_gate", "id INTEGER PRIMARY KEY, n BIGINT NOT NULL");
    exec_ok(f->db, "INSERT INTO t_gate (id, n) VALUES (1, 0)");
    struct writer w[WRITERS];
    pthread_t t[WRITERS];
    for (int i = 0; i < WRITERS; i++) {
        w[i] = (struct writer){.db = f->db};
        assert_int_equal(pthread_create(&t[i], NULL, writer_main, &w[i]), 0);
    }
    for (int i = 0; i < WRITERS; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(w[i].failures, 0);
    }
    assert_int_equal(query_int(f->db, "SELECT n FROM t_gate WHERE id = 1"), WRITERS * WRITES * 2);
}

static void test_released_open_transaction_frees_the_writer(void **state)
{
    struct tdb_fixture *f = *state;
    struct err e = {0};
    create_table(f->db, "t_gate", "id INTEGER PRIMARY KEY, n BIGINT NOT NULL");
    exec_ok(f->db, "INSERT INTO t_gate (id, n) VALUES (1, 0)");
    struct db_conn *c = db_acquire(f->db, &e);
    assert_non_null(c);
    assert_int_equal(db_begin(c, &e), 0);
    assert_int_equal(add_one(c, NULL, &e), 0);
    db_release(c); /* rolled back by the pool */
    assert_int_equal(db_tx(f->db, add_one, NULL, &e), 0);
    assert_int_equal(query_int(f->db, "SELECT n FROM t_gate WHERE id = 1"), 1);
}

/* ---- fixtures ----------------------------------------------------------------------- */

static int setup_sqlite(void **state)
{
    return tdb_setup_sqlite(state, "test_db_reuse", "test.db");
}

static int setup_pg(void **state)
{
    return tdb_setup_pg(state, pg_base_url, PG_TEST_DB);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reused_statement_follows_a_changed_table),
        cmocka_unit_test(test_blob_then_null_in_one_statement),
        cmocka_unit_test(test_writers_of_every_kind_all_get_through),
        cmocka_unit_test(test_released_open_transaction_frees_the_writer),
    };
    int failed = cmocka_run_group_tests_name("db_reuse.sqlite", tests, setup_sqlite, tdb_teardown);
    if (demo_pg_url(pg_base_url, sizeof pg_base_url))
        failed += cmocka_run_group_tests_name("db_reuse.postgres", tests, setup_pg, tdb_teardown);
    else
        printf("# db_reuse.postgres skipped: set MOTCUA_TEST_PG_URL or MOTCUA_TEST_PG_URL_FILE\n");
    return failed;
}
