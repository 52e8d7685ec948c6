/* test_demo_history.c — the generated dossier history (`motcua demo --dossiers`): 2,000
 * dossiers over two years in a fresh demo database, counted event by event, then checked —
 * every dossier is marked and has a unique code, the daily sequences cover the codes, the
 * counters written by the generator equal those the rebuild derives from the stored events
 * (and the step counters those it derives from the stored steps, and the monthly roll-up
 * of both those it rebuilds and the days summed per month),
 * the mix is plausible (refusals, supplements at both stages and some second cycles,
 * withdrawals, online share, mostly on time with some late, scans, electronic results and
 * ratings in the counters), a second run on the same
 * database continues the sequences, the same seed gives the same history (and the same
 * counters whether counted inline or rebuilt at the end), and bad options are refused. Runs on
 * SQLite, and on PostgreSQL when MOTCUA_TEST_PG_URL(_FILE) is set. */
#include "cal_date.h"
#include "demofixture.h"
#include "svc_demo_history.h"
#include "svc_stats.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#define N 2000
/* Every counter of every row, weighted, in one number. */
#define COUNTER_SUM                                                                                \
    "SELECT SUM(received + 3 * accepted + 5 * supplements + 7 * resolved_early + 11 * "            \
    "resolved_on_time + 13 * resolved_late + 17 * returned + 19 * withdrawn + 23 * digitised + "   \
    "29 * e_result + 31 * rated + 37 * dissatisfied + 41 * contacts_sum + 43 * attitude_n) "       \
    "FROM stats_daily"

static char pg_base[1024];

static int setup_sqlite(void **state)
{
    return demo_fixture_setup(state, NULL, NULL);
}

static int setup_pg(void **state)
{
    return demo_fixture_setup(state, pg_base, "motcua_test_demo_history");
}

static int64_t at_noon(int y, int m, int d)
{
    return cal_instant(cal_day_from_ymd(y, m, d), 12 * 3600);
}

static struct svc_history_opts opts(long n, uint64_t seed)
{
    return (struct svc_history_opts){.dossiers = n,
                                     .years = 2,
                                     .seed = seed,
                                     .now = at_noon(2026, 6, 15),
                                     .counters = SVC_HISTORY_INLINE};
}

static int64_t q(struct demo_fixture *f, const char *sql)
{
    return demo_query_int(f, sql, NULL, 0);
}

static void exec(struct demo_fixture *f, const char *sql)
{
    struct err e = {0};
    struct db_conn *c = db_acquire(f->db, &e);
    assert_non_null(c);
    assert_int_equal(db_exec(c, sql, DB_NOARGS, &e), 0);
    db_release(c);
}

static void generate_with(struct demo_fixture *f, long n, uint64_t seed,
                          enum svc_history_counters counters, struct svc_history_result *r)
{
    struct svc_history_opts o = opts(n, seed);
    o.counters = counters;
    struct err e = {0};
    int rc = svc_demo_history(f->svc, &o, r, &e);
    if (rc)
        fail_msg("generation failed: %s", e.msg);
    assert_int_equal(r->dossiers, n);
}

static void generate(struct demo_fixture *f, long n, uint64_t seed, struct svc_history_result *r)
{
    generate_with(f, n, seed, SVC_HISTORY_INLINE, r);
}

static void test_history_is_consistent(void **state)
{
    struct demo_fixture *f = *state;
    struct svc_history_result r;
    generate(f, N, 7, &r);
    assert_int_equal(q(f, "SELECT COUNT(*) FROM dossiers WHERE applicant_name LIKE '[Tổng hợp]%'"),
                     N);
    assert_int_equal(q(f, "SELECT COUNT(DISTINCT code) FROM dossiers"), N);
    assert_int_equal(q(f, "SELECT COUNT(*) FROM dossier_events"), r.events);
    assert_int_equal(
        q(f, "SELECT COUNT(*) FROM dossier_events WHERE actor <> '" SVC_HISTORY_ACTOR "'"), 0);
    assert_int_equal(q(f, "SELECT SUM(last_seq) FROM dossier_day_seq"), N);
    /* Nothing is received in the future or after the end of the history. */
    assert_int_equal(q(f, "SELECT COUNT(*) FROM dossiers WHERE received_at >= 1781456400"), 0);

    /* The counters the generator wrote are the ones the stored events give. */
    exec(f, "CREATE TABLE stats_before AS SELECT * FROM stats_daily");
    exec(f, "CREATE TABLE steps_before AS SELECT * FROM stats_steps_daily");
    exec(f, "CREATE TABLE monthly_before AS SELECT * FROM stats_monthly");
    exec(f, "CREATE TABLE steps_monthly_before AS SELECT * FROM stats_steps_monthly");
    struct err e = {0};
    int64_t replayed = 0;
    assert_int_equal(svc_stats_rebuild(f->svc, &svc_system, &replayed, &e), 0);
    assert_int_equal(replayed, r.events);
    assert_true(q(f, "SELECT COUNT(*) FROM stats_daily") > 100);
    assert_int_equal(q(f, "SELECT COUNT(*) FROM (SELECT * FROM stats_before EXCEPT "
                          "SELECT * FROM stats_daily) x"),
                     0);
    assert_int_equal(q(f, "SELECT COUNT(*) FROM (SELECT * FROM stats_daily EXCEPT "
                          "SELECT * FROM stats_before) x"),
                     0);
    /* The step counters too (migration 0019): every finished step of both generated steps,
     * counted once, the same as the rebuild derives from the stored steps. */
    assert_int_equal(q(f, "SELECT COUNT(*) FROM (SELECT * FROM steps_before EXCEPT "
                          "SELECT * FROM stats_steps_daily) x"),
                     0);
    assert_int_equal(q(f, "SELECT COUNT(*) FROM (SELECT * FROM stats_steps_daily EXCEPT "
                          "SELECT * FROM steps_before) x"),
                     0);
    assert_int_equal(q(f, "SELECT SUM(early + on_time + late) FROM stats_steps_daily"),
                     q(f, "SELECT COUNT(*) FROM dossier_steps WHERE timing IS NOT NULL"));
    /* The monthly roll-up (migration 0020) the generator wrote with the day rows is the
     * rebuild's, and the days summed per month. */
    assert_int_equal(q(f, "SELECT COUNT(*) FROM (SELECT * FROM monthly_before EXCEPT "
                          "SELECT * FROM stats_monthly) x"),
                     0);
    assert_int_equal(q(f, "SELECT COUNT(*) FROM (SELECT * FROM stats_monthly EXCEPT "
                          "SELECT * FROM monthly_before) x"),
                     0);
    assert_int_equal(q(f, "SELECT COUNT(*) FROM (SELECT * FROM steps_monthly_before EXCEPT "
                          "SELECT * FROM stats_steps_monthly) x"),
                     0);
    assert_int_equal(q(f, "SELECT COUNT(*) FROM (SELECT unit_id, procedure_code, channel, "
                          "SUBSTR(day, 1, 7), SUM(received), SUM(resolved_late), SUM(rated), "
                          "SUM(attitude_sum) FROM stats_daily GROUP BY unit_id, procedure_code, "
                          "channel, SUBSTR(day, 1, 7) EXCEPT SELECT unit_id, procedure_code, "
                          "channel, month, received, resolved_late, rated, attitude_sum FROM "
                          "stats_monthly) x"),
                     0);
    assert_int_equal(q(f, "SELECT SUM(early + on_time + late) FROM stats_steps_monthly"),
                     q(f, "SELECT SUM(early + on_time + late) FROM stats_steps_daily"));
    assert_true(q(f, "SELECT COUNT(*) FROM stats_monthly") > 20);
    assert_true(q(f, "SELECT SUM(late) FROM stats_steps_daily") > 0);
    assert_true(q(f, "SELECT COUNT(DISTINCT step_unit_id) FROM stats_steps_daily") >
                q(f, "SELECT COUNT(DISTINCT unit_id) FROM stats_steps_daily"));

    /* A plausible mix. */
    int64_t received = q(f, "SELECT SUM(received) FROM stats_daily");
    int64_t online = q(f, "SELECT SUM(online) FROM stats_daily");
    int64_t early = q(f, "SELECT SUM(resolved_early) FROM stats_daily");
    int64_t on_time = q(f, "SELECT SUM(resolved_on_time) FROM stats_daily");
    int64_t late = q(f, "SELECT SUM(resolved_late) FROM stats_daily");
    assert_int_equal(received, N);
    assert_true(online > N / 5 && online < N / 2);
    assert_true(late > 0 && late * 5 < early + on_time + late);
    assert_true(early > 0 && on_time > 0);
    assert_true(q(f, "SELECT SUM(refused) FROM stats_daily") > 0);
    assert_true(q(f, "SELECT SUM(withdrawn) FROM stats_daily") > 0);
    assert_true(q(f, "SELECT COUNT(*) FROM dossier_supplements WHERE stage = 'reception'") > 0);
    assert_true(q(f, "SELECT COUNT(*) FROM dossier_supplements WHERE stage = 'appraisal'") > 0);
    assert_true(q(f, "SELECT COUNT(*) FROM dossiers WHERE supplements >= 2") > 0);
    assert_true(q(f, "SELECT COUNT(*) FROM dossiers WHERE state = 'returned'") > N / 2);
    assert_true(q(f, "SELECT COUNT(*) FROM dossier_steps WHERE timing = 'late'") > 0);
    assert_true(q(f, "SELECT COUNT(DISTINCT receiving_unit_id) FROM dossiers") > 1);
    /* Ratings only for returned dossiers, after the return, and not in the future. */
    assert_true(q(f, "SELECT COUNT(*) FROM dossier_ratings") > N / 10);
    assert_int_equal(q(f,
                       "SELECT COUNT(*) FROM dossier_ratings r JOIN dossiers d ON d.id = "
                       "r.dossier_id WHERE d.state <> 'returned' OR r.created_at < d.returned_at"),
                     0);
    /* Nothing after "now" (12:00 on 15/06/2026), ratings included: no counter row lies in
     * the future, so a period ending today can be answered from its month (migration 0020). */
    assert_int_equal(q(f, "SELECT COUNT(*) FROM dossier_ratings WHERE created_at > 1781499600"), 0);
    assert_int_equal(q(f, "SELECT COUNT(*) FROM stats_daily WHERE day > '2026-06-15'"), 0);

    /* Digitisation and ratings in the counters: scans and electronic results for part of the
     * resolved dossiers, every rating counted once with its four items, and every generated
     * file pointing at a content that is stored. */
    int64_t resolved = early + on_time + late;
    int64_t digitised = q(f, "SELECT SUM(digitised) FROM stats_daily");
    int64_t e_result = q(f, "SELECT SUM(e_result) FROM stats_daily");
    assert_true(digitised > resolved / 3 && digitised < resolved);
    assert_true(e_result > resolved / 3 && e_result < resolved);
    assert_true(q(f, "SELECT SUM(fully_digitised) FROM stats_daily") > 0);
    assert_int_equal(q(f, "SELECT SUM(rated) FROM stats_daily"),
                     q(f, "SELECT COUNT(*) FROM dossier_ratings"));
    assert_int_equal(q(f, "SELECT SUM(satisfied + neutral + dissatisfied) FROM stats_daily"),
                     q(f, "SELECT COUNT(*) FROM dossier_ratings"));
    assert_int_equal(q(f, "SELECT SUM(information_n) FROM stats_daily"),
                     q(f, "SELECT COUNT(*) FROM dossier_ratings"));
    assert_int_equal(q(f, "SELECT COUNT(*) FROM dossier_files df LEFT JOIN files c ON c.sha256 = "
                          "df.sha256 WHERE c.sha256 IS NULL"),
                     0);

    /* A second run continues the daily sequences: no code is issued twice. */
    generate(f, 500, 8, &r);
    assert_int_equal(q(f, "SELECT COUNT(DISTINCT code) FROM dossiers"), N + 500);
    assert_int_equal(q(f, "SELECT SUM(last_seq) FROM dossier_day_seq"), N + 500);
}

static void test_same_seed_same_history(void **state)
{
    struct demo_fixture *f = *state;
    struct demo_fixture *g = test_malloc(sizeof *g);
    assert_int_equal(demo_fixture_open(g, NULL, NULL), 0);
    struct svc_history_result r1, r2;
    generate(f, 300, 42, &r1);
    generate_with(g, 300, 42, SVC_HISTORY_REBUILD, &r2); /* the other way to count */
    assert_int_equal(r1.events, r2.events);
    static const char *const sums[] = {
        "SELECT SUM(received_at % 100003) FROM dossiers",
        "SELECT SUM(COALESCE(finished_at, 0) % 100003) FROM dossiers",
        "SELECT SUM(LENGTH(code) + LENGTH(state) + LENGTH(channel)) FROM dossiers",
        "SELECT SUM(receiving_unit_id * procedure_version_id) FROM dossiers",
        COUNTER_SUM,
        "SELECT COUNT(*) FROM stats_daily",
        "SELECT SUM(early + 3 * on_time + 5 * late + step_unit_id) FROM stats_steps_daily",
        "SELECT COUNT(*) FROM stats_steps_daily",
    };
    for (size_t i = 0; i < sizeof sums / sizeof sums[0]; i++)
        assert_int_equal(q(f, sums[i]), q(g, sums[i]));
    demo_fixture_close(g);
    test_free(g);
}

static void test_bad_options(void **state)
{
    struct demo_fixture *f = *state;
    struct svc_history_result r;
    struct err e = {0};
    struct svc_history_opts o = opts(0, 1);
    assert_int_equal(svc_demo_history(f->svc, &o, &r, &e), E_INVALID);
    assert_string_equal(e.field, "dossiers");
    o = opts(10, 1);
    o.years = 0;
    assert_int_equal(svc_demo_history(f->svc, &o, &r, &e), E_INVALID);
    assert_string_equal(e.field, "years");
    o = opts(5000000, 1);
    o.years = 1; /* far more than 9,999 a day fit */
    assert_int_equal(svc_demo_history(f->svc, &o, &r, &e), E_INVALID);
    assert_int_equal(q(f, "SELECT COUNT(*) FROM dossiers"), 0);
}

int main(void)
{
    const struct CMUnitTest sqlite[] = {
        cmocka_unit_test_setup_teardown(test_history_is_consistent, setup_sqlite,
                                        demo_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_same_seed_same_history, setup_sqlite,
                                        demo_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_bad_options, setup_sqlite, demo_fixture_teardown),
    };
    int failed = cmocka_run_group_tests_name("sqlite", sqlite, NULL, NULL);
    if (!demo_pg_url(pg_base, sizeof pg_base))
        return failed;
    const struct CMUnitTest pg[] = {
        cmocka_unit_test_setup_teardown(test_history_is_consistent, setup_pg,
                                        demo_fixture_teardown),
    };
    return failed + cmocka_run_group_tests_name("postgresql", pg, NULL, NULL);
}
