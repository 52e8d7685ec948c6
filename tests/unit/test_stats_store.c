/* test_stats_store.c — the statistics counter statements agree with the counters' enum. The
 * upserts are constant strings that list every counter and bind counter k as a numbered
 * parameter, and the reads decode each counter by its column name (store/stats/stats_store.c):
 * three lists written out by hand. Adding a different amount to every counter (k + 1 for
 * counter k) and reading each back, from the daily rows (a period inside a month) and from
 * the monthly roll-up (a whole month), catches any list out of step with the enum, on SQLite
 * and on PostgreSQL when MOTCUA_TEST_PG_URL(_FILE) is set. */
#include "demofixture.h"
#include "stats_store.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#define DAY        "2026-03-17"
#define MONTH_FROM "2026-03-01"
#define MONTH_TO   "2026-03-31"

static char pg_base[1024];

static int setup_sqlite(void **state)
{
    return demo_fixture_setup(state, NULL, NULL);
}

static int setup_pg(void **state)
{
    return demo_fixture_setup(state, pg_base, "motcua_test_stats_store");
}

static int64_t some_unit(struct demo_fixture *f)
{
    return demo_query_int(f, "SELECT MIN(id) FROM org_units", DB_NOARGS);
}

/* Adds k + 1 to counter k, and i + 1 to step counter i, for one key on DAY. */
static void add_distinct(struct db_conn *c, int64_t unit)
{
    struct err e = {0};
    int64_t d[STATS_NCOUNTERS], s[STATS_NSTEPS];
    for (int k = 0; k < STATS_NCOUNTERS; k++)
        d[k] = k + 1;
    for (int i = 0; i < STATS_NSTEPS; i++)
        s[i] = i + 1;
    struct stats_key key = {
        .unit_id = unit, .procedure_code = "1.000001", .channel = "counter", .day = DAY};
    struct stats_step_key step = {.unit_id = unit,
                                  .step_unit_id = unit,
                                  .procedure_code = "1.000001",
                                  .channel = "counter",
                                  .day = DAY};
    assert_int_equal(stats_add(c, &key, d, &e), 0);
    assert_int_equal(stats_step_add(c, &step, s, &e), 0);
}

static void expect_cells(struct db_conn *c, struct arena *a, const char *from, const char *to,
                         int64_t unit)
{
    struct err e = {0};
    struct stats_cell *cells;
    struct stats_step_cell *steps;
    int n, nsteps;
    assert_int_equal(stats_cells(c, a, from, to, &cells, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(cells[0].unit_id, unit);
    assert_string_equal(cells[0].month, "2026-03");
    for (int k = 0; k < STATS_NCOUNTERS; k++) {
        if (cells[0].n[k] != k + 1)
            fprintf(stderr, "counter %s reads %lld\n", stats_counter_name(k),
                    (long long)cells[0].n[k]);
        assert_int_equal(cells[0].n[k], k + 1);
    }
    assert_int_equal(stats_step_cells(c, a, from, to, &steps, &nsteps, &e), 0);
    assert_int_equal(nsteps, 1);
    for (int i = 0; i < STATS_NSTEPS; i++)
        assert_int_equal(steps[0].n[i], i + 1);
}

static void test_every_counter_reads_back_by_name(void **state)
{
    struct demo_fixture *f = *state;
    struct err e = {0};
    struct arena *a = arena_new();
    int64_t unit = some_unit(f);
    struct db_conn *c = db_acquire(f->db, &e);
    assert_non_null(c);
    assert_int_equal(stats_clear(c, &e), 0);
    add_distinct(c, unit);
    expect_cells(c, a, DAY, DAY, unit);                   /* from the daily rows */
    expect_cells(c, a, MONTH_FROM, MONTH_TO, unit);       /* from the monthly row */
    expect_cells(c, a, "2026-02-20", "2026-04-10", unit); /* a month inside a period */
    db_release(c);
    arena_free(a);
}

static void test_counter_names_are_the_columns(void **state)
{
    (void)state;
    assert_string_equal(stats_counter_name(STATS_RECEIVED), "received");
    assert_string_equal(stats_counter_name(STATS_EARLY), "resolved_early");
    assert_string_equal(stats_counter_name(STATS_ATTITUDE_SUM), "attitude_sum");
    assert_string_equal(stats_counter_name(STATS_NCOUNTERS), "");
}

#define T(name, setup) cmocka_unit_test_setup_teardown(name, setup, demo_fixture_teardown)

int main(void)
{
    const struct CMUnitTest sqlite[] = {
        T(test_every_counter_reads_back_by_name, setup_sqlite),
        cmocka_unit_test(test_counter_names_are_the_columns),
    };
    const struct CMUnitTest pg[] = {T(test_every_counter_reads_back_by_name, setup_pg)};
    int failed = cmocka_run_group_tests_name("stats_store.sqlite", sqlite, NULL, NULL);
    if (demo_pg_url(pg_base, sizeof pg_base))
        failed += cmocka_run_group_tests_name("stats_store.postgres", pg, NULL, NULL);
    else
        printf("# stats_store.postgres skipped: set MOTCUA_TEST_PG_URL or "
               "MOTCUA_TEST_PG_URL_FILE\n");
    return failed;
}
