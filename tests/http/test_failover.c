/* test_failover.c — two motcua instances on a PostgreSQL primary with a synchronous streaming
 * standby (tests/support/pg-pair.sh), under continuous reception through both, while the
 * primary dies and the standby is promoted. The instances reach the database through a libpq
 * multi-host URL with target_session_attrs=read-write, so once the standby is promoted they
 * write there by themselves: nothing is restarted or reconfigured. Then every dossier
 * acknowledged before, during and after the failover is on the new primary exactly once,
 * codes are unique, the daily counters match the dossiers, and the audit chain verifies.
 * PostgreSQL only (the SQLite run reports the test as skipped). */
#include "tclient.h"
#include "tdesk.h"
#include "testutil.h"
#include "tserver.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RECEIVERS 4
#define MAX_ACKED 4096

static char pair_dir[1024], db_url[1024], urls[2][128];
static char acked[MAX_ACKED][40];
static atomic_int nacked, refused, stop;
static char out[2048];
static pid_t servers[2]; /* stopped by the test, or killed by the teardown if it failed */

/* A shell command's output lands in out. */
#define sh(...) td_sh(out, sizeof out, __VA_ARGS__)

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Receives dossiers through one instance until told to stop; a refusal (503 while there is
 * no primary) is counted and tried again, as the counter's browser would. */
static void *receiver(void *arg)
{
    int id = (int)(intptr_t)arg;
    struct tclient *c = tc_new(urls[id % 2]);
    assert_int_equal(tc_login_api(c, TD_DESK), 0);
    for (int i = 0; !atomic_load(&stop); i++) {
        char name[64], code[40];
        snprintf(name, sizeof name, "Lê Văn Dự Phòng %d-%d", id, i);
        if (td_receive(c, name, NULL, code, sizeof code) != 201) {
            atomic_fetch_add(&refused, 1);
            usleep(50000);
            continue;
        }
        int k = atomic_fetch_add(&nacked, 1);
        if (k < MAX_ACKED)
            snprintf(acked[k], sizeof acked[k], "%s", code);
    }
    tc_free(c);
    return NULL;
}

static int wait_acks(int n, double seconds)
{
    double until = now_s() + seconds;
    while (atomic_load(&nacked) < n && now_s() < until)
        usleep(20000);
    return atomic_load(&nacked) >= n;
}

static void failover(void **state)
{
    (void)state;
    if (!ts_is_pg())
        skip(); /* failover is PostgreSQL's; the SQLite run has nothing to fail over to */
    const char *support = test_env("MOTCUA_TEST_SUPPORT", ".");
    snprintf(pair_dir, sizeof pair_dir, "%s/pair", test_env("MOTCUA_TEST_WORK", "/tmp"));
    assert_int_equal(sh("'%s/pg-pair.sh' start '%s'", support, pair_dir), 0);
    unsigned p1 = 0, p2 = 0;
    assert_int_equal(sscanf(out, "%u %u", &p1, &p2), 2);
    assert_int_equal(sh("createdb -h 127.0.0.1 -p %u -U postgres -E UTF8 -T template0 motcua", p1),
                     0);
    snprintf(
        db_url, sizeof db_url,
        "postgresql://postgres@127.0.0.1:%u,127.0.0.1:%u/motcua?target_session_attrs=read-write",
        p1, p2);
    for (int i = 0; i < 2; i++)
        assert_true((servers[i] = ts_start(db_url, NULL, urls[i], sizeof urls[i])) > 0);

    pthread_t th[RECEIVERS];
    for (int i = 0; i < RECEIVERS; i++)
        pthread_create(&th[i], NULL, receiver, (void *)(intptr_t)i);
    assert_true(wait_acks(20, 60));
    int before = atomic_load(&nacked);
    double crash = now_s();
    assert_int_equal(sh("'%s/pg-pair.sh' kill-primary '%s'", support, pair_dir), 0);
    usleep(300000);
    assert_int_equal(sh("'%s/pg-pair.sh' promote '%s'", support, pair_dir), 0);
    double promoted = now_s();
    int at_promotion = atomic_load(&nacked);
    /* Writes resume by themselves: nothing is restarted or told where the primary went. */
    assert_true(wait_acks(at_promotion + 1, 60));
    double resumed = now_s();
    assert_true(wait_acks(at_promotion + 20, 60));
    atomic_store(&stop, 1);
    for (int i = 0; i < RECEIVERS; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(ts_stop(servers[i]), 0);
        servers[i] = 0;
    }

    /* Everything acknowledged is on the promoted standby, once. */
    char promoted_url[256];
    snprintf(promoted_url, sizeof promoted_url, "postgresql://postgres@127.0.0.1:%u/motcua", p2);
    setenv("MOTCUA_TEST_DB", promoted_url, 1);
    int total = atomic_load(&nacked);
    for (int i = 0; i < total && i < MAX_ACKED; i++) {
        const char *params[] = {acked[i], NULL};
        if (td_db_int("SELECT COUNT(*) FROM dossiers WHERE code = $1", params) != 1)
            fail_msg("acknowledged dossier %s is not on the new primary once", acked[i]);
    }
    assert_int_equal(td_duplicate_codes(), 0);
    assert_int_equal(td_counter_drift(), 0);
    assert_int_equal(ts_audit_verify(promoted_url), 0);
    printf("failover: %d receptions acknowledged before the primary died, %d in all; the "
           "standby was promoted %.1f s after the crash and writes resumed %.1f s after "
           "promotion; %d refusals (503) meanwhile; all %d on the new primary once, codes "
           "unique, counters exact, audit chain verifies\n",
           before, total, promoted - crash, resumed - promoted, atomic_load(&refused), total);
}

static int teardown(void **state)
{
    (void)state;
    for (int i = 0; i < 2; i++)
        if (servers[i] > 0)
            ts_kill(servers[i]);
    if (*pair_dir)
        sh("'%s/pg-pair.sh' stop '%s'", test_env("MOTCUA_TEST_SUPPORT", "."), pair_dir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test_teardown(failover, teardown)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
