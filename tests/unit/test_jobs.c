/* test_jobs.c — the background scheduler's guarantees: a job lease has one holder at a time
 * (also when several take it at the same instant), runs out when its holder stops renewing
 * it, and is handed over at once when released; `run-once` skips a job another instance
 * runs and does the work otherwise; a running scheduler keeps its jobs to itself and hands
 * them over when it stops. Runs on SQLite, and on PostgreSQL when MOTCUA_TEST_PG_URL(_FILE)
 * is set. */
#include "demofixture.h"
#include "jobs.h"
#include "svc_dossier.h"
#include "svc_jobs.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char pg_base[1024];

static int setup_sqlite(void **state)
{
    return demo_fixture_setup(state, NULL, NULL);
}

static int setup_pg(void **state)
{
    return demo_fixture_setup(state, pg_base, "motcua_test_jobs");
}

static int take(struct svc *s, const char *holder)
{
    int taken = -1;
    struct err e = {0};
    assert_int_equal(svc_job_lease(s, "deadlines", holder, 300, &taken, &e), 0);
    return taken;
}

static void release(struct svc *s, const char *holder)
{
    struct err e = {0};
    assert_int_equal(svc_job_release(s, "deadlines", holder, &e), 0);
}

static void exec_sql(struct demo_fixture *f, const char *sql)
{
    struct err e = {0};
    struct db_conn *c = db_acquire(f->db, &e);
    assert_non_null(c);
    assert_int_equal(db_exec(c, sql, DB_NOARGS, &e), 0);
    db_release(c);
}

static void test_a_lease_has_one_holder(void **state)
{
    struct demo_fixture *f = *state;
    assert_int_equal(take(f->svc, "a"), 1);
    assert_int_equal(take(f->svc, "b"), 0);
    assert_int_equal(take(f->svc, "a"), 1); /* renewing */
    release(f->svc, "b");                   /* not b's to give */
    assert_int_equal(take(f->svc, "b"), 0);
    release(f->svc, "a");
    assert_int_equal(take(f->svc, "b"), 1);
    /* b stops renewing: once its lease has run out, a takes over. */
    exec_sql(f, "UPDATE job_leases SET lease_until = 1");
    assert_int_equal(take(f->svc, "a"), 1);
    assert_int_equal(take(f->svc, "b"), 0);
}

static void test_bad_lease_requests_are_refused(void **state)
{
    struct demo_fixture *f = *state;
    int taken = 1;
    struct err e = {0};
    assert_int_equal(svc_job_lease(f->svc, "", "a", 300, &taken, &e), E_INVALID);
    assert_int_equal(taken, 0);
    assert_int_equal(svc_job_lease(f->svc, "deadlines", NULL, 300, &taken, &e), E_INVALID);
    assert_int_equal(svc_job_lease(f->svc, "deadlines", "a", 0, &taken, &e), E_INVALID);
    assert_int_equal(svc_job_release(f->svc, NULL, "a", &e), E_INVALID);
}

#define RACERS 4

struct racer {
    struct svc *s;
    char holder[16];
    pthread_barrier_t *start;
    int taken, rc;
};

static void *race(void *arg)
{
    struct racer *r = arg;
    struct err e = {0};
    pthread_barrier_wait(r->start);
    r->rc = svc_job_lease(r->s, "deadlines", r->holder, 300, &r->taken, &e);
    return NULL;
}

static void test_racing_instances_one_wins(void **state)
{
    struct demo_fixture *f = *state;
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, RACERS);
    struct racer r[RACERS];
    pthread_t th[RACERS];
    for (int i = 0; i < RACERS; i++) {
        r[i] = (struct racer){.s = f->svc, .start = &start};
        snprintf(r[i].holder, sizeof r[i].holder, "instance-%d", i);
        pthread_create(&th[i], NULL, race, &r[i]);
    }
    int winners = 0;
    for (int i = 0; i < RACERS; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(r[i].rc, 0);
        winners += r[i].taken;
    }
    pthread_barrier_destroy(&start);
    assert_int_equal(winners, 1);
}

static struct jobs_report run_once(struct svc *s, int64_t now)
{
    struct jobs_config cfg = {.warn_before_seconds = 3600, .holder = "cli"};
    struct jobs_report rep[4];
    int n = 0;
    struct err e = {0};
    assert_int_equal(jobs_run_once(s, &cfg, now, rep, 4, &n, &e), 0);
    assert_int_equal(n, 4); /* deadlines, delivery, exchange, then the audit anchor */
    assert_string_equal(rep[0].job, "deadlines");
    return rep[0];
}

static void test_run_once_skips_a_job_held_elsewhere(void **state)
{
    struct demo_fixture *f = *state;
    struct arena *a = arena_new();
    const char *code = demo_receive(f->svc, a, "1.004873", "GR-X01-MC");
    assert_non_null(code);
    struct svc_dossier d;
    struct err e = {0};
    assert_int_equal(svc_dossier_get(f->svc, &svc_system, a, code, &d, &e), 0);
    assert_int_equal(take(f->svc, "server-1"), 1);
    struct jobs_report rep = run_once(f->svc, d.step_due_at + 60);
    assert_int_equal(rep.ran, 0);
    assert_non_null(strstr(rep.summary, "another instance"));
    assert_int_equal(demo_query_int(f, "SELECT COUNT(*) FROM dossier_alerts", DB_NOARGS), 0);
    release(f->svc, "server-1");
    rep = run_once(f->svc, d.step_due_at + 60);
    assert_int_equal(rep.ran, 1);
    assert_non_null(strstr(rep.summary, "1 step overdue"));
    assert_int_equal(demo_query_int(f, "SELECT COUNT(*) FROM dossier_alerts", DB_NOARGS), 2);
    assert_int_equal(take(f->svc, "server-1"), 1); /* run-once gave the lease back */
    arena_free(a);
}

/* Waits (without asserting on time) until the runner has taken its lease in its first
 * round; gives up after a generous while so a broken runner fails instead of hanging. */
static int lease_holder_is(struct demo_fixture *f, const char *holder)
{
    for (int i = 0; i < 3000; i++) {
        if (demo_query_int(f, "SELECT COUNT(*) FROM job_leases WHERE holder = $1",
                           DB_ARGS(DB_T(holder))) >= 1)
            return 1;
        usleep(10000);
    }
    return 0;
}

static void test_a_running_scheduler_keeps_its_jobs_and_hands_them_over(void **state)
{
    struct demo_fixture *f = *state;
    struct jobs_config cfg = {.interval_seconds = 3600, .holder = "server-1"};
    struct jobs *j = NULL;
    struct err e = {0};
    assert_int_equal(jobs_start(f->svc, &cfg, &j, &e), 0);
    assert_true(lease_holder_is(f, "server-1"));
    assert_int_equal(run_once(f->svc, svc_now()).ran, 0);
    jobs_stop(j);
    assert_int_equal(run_once(f->svc, svc_now()).ran, 1);
    jobs_stop(NULL);
}

static void test_a_stopped_scheduler_hands_over_at_once(void **state)
{
    struct demo_fixture *f = *state;
    struct jobs_config cfg = {.interval_seconds = 1};
    struct jobs *j = NULL;
    struct err e = {0};
    assert_int_equal(jobs_start(f->svc, &cfg, &j, &e), 0);
    jobs_stop(j);
    assert_int_equal(take(f->svc, "other"), 1);
}

#define T(fn, setup) cmocka_unit_test_setup_teardown(fn, setup, demo_fixture_teardown)
#define JOB_TESTS(setup)                                                                           \
    T(test_a_lease_has_one_holder, setup), T(test_bad_lease_requests_are_refused, setup),          \
        T(test_racing_instances_one_wins, setup),                                                  \
        T(test_run_once_skips_a_job_held_elsewhere, setup),                                        \
        T(test_a_running_scheduler_keeps_its_jobs_and_hands_them_over, setup),                     \
        T(test_a_stopped_scheduler_hands_over_at_once, setup)

int main(void)
{
    const struct CMUnitTest sqlite[] = {JOB_TESTS(setup_sqlite)};
    const struct CMUnitTest pg[] = {JOB_TESTS(setup_pg)};
    int failed = cmocka_run_group_tests_name("jobs.sqlite", sqlite, NULL, NULL);
    if (demo_pg_url(pg_base, sizeof pg_base))
        failed += cmocka_run_group_tests_name("jobs.postgres", pg, NULL, NULL);
    else
        printf("# jobs.postgres skipped: set MOTCUA_TEST_PG_URL or MOTCUA_TEST_PG_URL_FILE\n");
    return failed;
}
