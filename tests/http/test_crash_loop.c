/* test_crash_loop.c — the server is killed with SIGKILL at a random moment of a stream of
 * receptions and transitions, restarted on the same database, and killed again, ROUNDS
 * times. After every kill: the audit chain verifies (`motcua audit verify`), the restarted
 * server answers, every dossier whose reception was acknowledged is stored exactly once with
 * at least every acknowledged transition applied, no code is issued twice, and the daily
 * code counters equal a rebuild from the dossiers. */
#include "tclient.h"
#include "tdesk.h"
#include "testutil.h"
#include "tserver.h"

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS    5
#define RECEIVERS 2
#define MAX_ACKED 2048

struct acked {
    char code[64];
    int min_version; /* the version an acknowledged transition left, 0 before any */
    int advanced;
};

static struct acked acked[MAX_ACKED];
static int nacked;
static int killed; /* the server of this round is gone: the advancer stops waiting */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t news = PTHREAD_COND_INITIALIZER; /* an acknowledgement, or the kill */
static char url[128];

static int acked_count(void)
{
    pthread_mutex_lock(&lock);
    int n = nacked;
    pthread_mutex_unlock(&lock);
    return n;
}

static void *receiver(void *arg)
{
    struct tclient *c = tc_new(url);
    char name[64], code[64];
    if (tc_login_api(c, TD_DESK) != 0)
        goto out;
    for (int i = 0;; i++) {
        snprintf(name, sizeof name, "Trần Văn Sập %d-%d", (int)(intptr_t)arg, i);
        long status = td_receive(c, name, NULL, code, sizeof code);
        if (status < 0)
            break;
        pthread_mutex_lock(&lock);
        if (status == 201 && nacked < MAX_ACKED) {
            snprintf(acked[nacked++].code, sizeof acked[0].code, "%s", code);
            pthread_cond_broadcast(&news);
        }
        pthread_mutex_unlock(&lock);
    }
out:
    tc_free(c);
    return NULL;
}

/* The next acknowledged dossier nobody has advanced yet, waiting for the receivers to
 * acknowledge one; -1 once the server is killed. Waiting on the receivers rather than asking
 * the server again and again keeps the CPU for the stream (it matters under ASan). */
static int take_unadvanced(void)
{
    pthread_mutex_lock(&lock);
    int found = -1;
    while (found < 0 && !killed) {
        for (int i = 0; i < nacked && found < 0; i++)
            if (!acked[i].advanced) {
                acked[i].advanced = 1;
                found = i;
            }
        if (found < 0)
            pthread_cond_wait(&news, &lock);
    }
    pthread_mutex_unlock(&lock);
    return found;
}

static void set_killed(int value)
{
    pthread_mutex_lock(&lock);
    killed = value;
    pthread_cond_broadcast(&news);
    pthread_mutex_unlock(&lock);
}

static void *advancer(void *arg)
{
    (void)arg;
    struct tclient *c = tc_new(url);
    if (tc_login_api(c, TD_SPEC) != 0)
        goto out;
    for (int i; (i = take_unadvanced()) >= 0;) {
        long status = 0;
        int v = td_version(c, acked[i].code, &status);
        if (status < 0)
            break;
        if (v > 0 && td_act(c, acked[i].code, "advance", v) == 200) {
            pthread_mutex_lock(&lock);
            acked[i].min_version = v + 1;
            pthread_mutex_unlock(&lock);
        }
    }
out:
    tc_free(c);
    return NULL;
}

/* Lets the stream run until `more` further receptions are acknowledged and a random moment
 * after that, then kills the server. */
static void stream_then_kill(pid_t server, int more)
{
    pthread_t th[RECEIVERS + 1];
    set_killed(0);
    for (int i = 0; i < RECEIVERS; i++)
        pthread_create(&th[i], NULL, receiver, (void *)(intptr_t)i);
    pthread_create(&th[RECEIVERS], NULL, advancer, NULL);
    pthread_mutex_lock(&lock);
    for (int target = nacked + more; nacked < target;)
        pthread_cond_wait(&news, &lock);
    pthread_mutex_unlock(&lock);
    usleep((useconds_t)(rand() % 100000));
    ts_kill(server);
    set_killed(1);
    for (int i = 0; i <= RECEIVERS; i++)
        pthread_join(th[i], NULL);
}

/* Every acknowledged dossier is found by its code with at least its acknowledged version. As
 * no code is stored twice (td_duplicate_codes, checked just before), found means stored
 * exactly once: that one count over the table replaces a database connection per dossier,
 * which cost more than all the rest of a round on PostgreSQL. */
static void check_every_acknowledged(struct tclient *c)
{
    for (int i = 0; i < acked_count(); i++) {
        long status = 0;
        int v = td_version(c, acked[i].code, &status);
        if (status != 200)
            fail_msg("acknowledged dossier %s not found after kill -9: %ld", acked[i].code, status);
        if (v < acked[i].min_version)
            fail_msg("dossier %s lost an acknowledged transition: version %d < %d", acked[i].code,
                     v, acked[i].min_version);
    }
}

static void test_kill_9_again_and_again(void **state)
{
    (void)state;
    unsigned seed = (unsigned)time(NULL);
    srand(seed);
    snprintf(url, sizeof url, "%s", test_env("MOTCUA_TEST_URL", ""));
    pid_t server = (pid_t)atoi(test_env("MOTCUA_TEST_SERVER_PID", "0"));
    assert_true(server > 0);
    for (int round = 1; round <= ROUNDS; round++) {
        stream_then_kill(server, 5 + rand() % 20);
        assert_int_equal(ts_audit_verify(NULL), 0);
        assert_int_equal(td_duplicate_codes(), 0);
        assert_int_equal(td_counter_drift(), 0);
        server = ts_start(NULL, NULL, url, sizeof url);
        assert_true(server > 0);
        struct tclient *c = tc_new(url);
        assert_int_equal(tc_login_api(c, TD_DESK), 0);
        check_every_acknowledged(c);
        tc_free(c);
        printf("round %d: %d acknowledged dossiers, all present once after kill -9\n", round,
               acked_count());
    }
    assert_int_equal(ts_stop(server), 0);
    printf("%d kills (seed %u), %d acknowledged receptions, none lost or doubled\n", ROUNDS, seed,
           acked_count());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kill_9_again_and_again),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
