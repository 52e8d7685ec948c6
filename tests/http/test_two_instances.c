/* test_two_instances.c — two `motcua serve` processes on one database (the deployment the
 * PostgreSQL engine exists for; on SQLite it is two processes on one file). Receptions
 * through both at once must get distinct codes with no gap in the daily counters; the same
 * transition sent to both at the same moment with the same expected version must be applied
 * exactly once, the other answered 409 — never a lost update, never a double step. */
#include "tclient.h"
#include "tdesk.h"
#include "testutil.h"
#include "tserver.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RECEIVERS_PER_SERVER 2
#define RECEPTIONS           10
#define CONTESTED            10

static char urls[2][128];
static char codes[2 * RECEIVERS_PER_SERVER * RECEPTIONS][64];
static int ncodes, failures;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *receiver(void *arg)
{
    int id = (int)(intptr_t)arg;
    struct tclient *c = tc_new(urls[id % 2]);
    char name[64], code[64];
    assert_int_equal(tc_login_api(c, TD_DESK), 0);
    for (int i = 0; i < RECEPTIONS; i++) {
        snprintf(name, sizeof name, "Đỗ Thị Song %d-%d", id, i);
        long status = td_receive(c, name, NULL, code, sizeof code);
        pthread_mutex_lock(&lock);
        if (status == 201)
            snprintf(codes[ncodes++], sizeof codes[0], "%s", code);
        else
            failures++;
        pthread_mutex_unlock(&lock);
    }
    tc_free(c);
    return NULL;
}

static int by_text(const void *a, const void *b)
{
    return strcmp(a, b);
}

static void test_receptions_through_both(void **state)
{
    (void)state;
    pthread_t th[2 * RECEIVERS_PER_SERVER];
    int64_t before = td_db_int("SELECT COUNT(*) FROM dossiers", NULL);
    for (int i = 0; i < 2 * RECEIVERS_PER_SERVER; i++)
        pthread_create(&th[i], NULL, receiver, (void *)(intptr_t)i);
    for (int i = 0; i < 2 * RECEIVERS_PER_SERVER; i++)
        pthread_join(th[i], NULL);
    assert_int_equal(failures, 0);
    assert_int_equal(ncodes, 2 * RECEIVERS_PER_SERVER * RECEPTIONS);
    qsort(codes, (size_t)ncodes, sizeof codes[0], by_text);
    for (int i = 1; i < ncodes; i++)
        if (strcmp(codes[i - 1], codes[i]) == 0)
            fail_msg("code %s issued twice", codes[i]);
    assert_int_equal(td_db_int("SELECT COUNT(*) FROM dossiers", NULL), before + ncodes);
    assert_int_equal(td_duplicate_codes(), 0);
    assert_int_equal(td_counter_drift(), 0);
    printf("%d receptions through two instances at once: distinct codes, counters exact\n", ncodes);
}

struct contender {
    struct tclient *c;
    const char *code;
    int version;
    long status;
    pthread_barrier_t *start;
};

static void *contend(void *arg)
{
    struct contender *k = arg;
    pthread_barrier_wait(k->start);
    k->status = td_act(k->c, k->code, "advance", k->version);
    return NULL;
}

static void test_same_transition_from_both(void **state)
{
    (void)state;
    struct tclient *desk = tc_new(urls[0]), *spec[2] = {tc_new(urls[0]), tc_new(urls[1])};
    assert_int_equal(tc_login_api(desk, TD_DESK), 0);
    for (int i = 0; i < 2; i++)
        assert_int_equal(tc_login_api(spec[i], TD_SPEC), 0);
    int applied = 0, refused = 0;
    for (int round = 0; round < CONTESTED; round++) {
        char code[64];
        assert_int_equal(td_receive(desk, "Bùi Văn Tranh", NULL, code, sizeof code), 201);
        int v = td_version(desk, code, NULL);
        pthread_barrier_t start;
        pthread_barrier_init(&start, NULL, 2);
        struct contender k[2];
        pthread_t th[2];
        for (int i = 0; i < 2; i++) {
            k[i] = (struct contender){spec[i], code, v, 0, &start};
            pthread_create(&th[i], NULL, contend, &k[i]);
        }
        for (int i = 0; i < 2; i++)
            pthread_join(th[i], NULL);
        pthread_barrier_destroy(&start);
        int ok = (k[0].status == 200) + (k[1].status == 200);
        int conflict = (k[0].status == 409) + (k[1].status == 409);
        if (ok != 1 || conflict != 1)
            fail_msg("dossier %s: answers %ld and %ld, want one 200 and one 409", code, k[0].status,
                     k[1].status);
        /* Applied once: one step further, and the next step is the leader's. */
        assert_int_equal(td_version(desk, code, NULL), v + 1);
        assert_int_equal(td_act(spec[0], code, "advance", v + 1), 403);
        applied += ok;
        refused += conflict;
    }
    assert_int_equal(ts_audit_verify(NULL), 0);
    printf("%d contested transitions through two instances: %d applied once, %d refused 409\n",
           CONTESTED, applied, refused);
    tc_free(desk);
    tc_free(spec[0]);
    tc_free(spec[1]);
}

static int start_second(void **state)
{
    static pid_t second;
    snprintf(urls[0], sizeof urls[0], "%s", test_env("MOTCUA_TEST_URL", ""));
    const char *env[] = {"MOTCUA_JOB_INTERVAL=0", NULL};
    second = ts_start(NULL, env, urls[1], sizeof urls[1]);
    *state = &second;
    return second > 0 ? 0 : -1;
}

static int stop_second(void **state)
{
    return ts_stop(*(pid_t *)*state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_receptions_through_both),
        cmocka_unit_test(test_same_transition_from_both),
    };
    return cmocka_run_group_tests(tests, start_second, stop_second);
}
