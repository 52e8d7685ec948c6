/* test_crash.c — the server is killed with SIGKILL in the middle of a stream of writes, then
 * started again on the same database: the database must open, the audit chain must verify,
 * and every write that was acknowledged before the kill must be there exactly once. */
#include "tclient.h"
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
#include <unistd.h>

#define WRITERS   4
#define MAX_ACKED 4096

static char acked[MAX_ACKED][32];
static int nacked;
static pthread_mutex_t acked_lock = PTHREAD_MUTEX_INITIALIZER;

static void *writer(void *arg)
{
    int id = (int)(intptr_t)arg;
    struct tclient *c = tc_new(NULL);
    if (tc_login_api(c, "admin", "quantri@2026") != 0) {
        tc_free(c);
        return NULL;
    }
    for (int i = 0; i < 1000; i++) {
        char name[32], body[256];
        snprintf(name, sizeof name, "crash.%d.%d", id, i);
        snprintf(body, sizeof body,
                 "{\"username\":\"%s\",\"full_name\":\"Crash %d\",\"kind\":\"staff\","
                 "\"password\":\"12345678\"}",
                 name, i);
        struct tresp r = tc_post_json(c, "/api/v1/users", body);
        long status = r.status;
        tc_resp_free(&r);
        if (status < 0)
            break; /* the server is gone */
        if (status == 201) {
            pthread_mutex_lock(&acked_lock);
            if (nacked < MAX_ACKED)
                snprintf(acked[nacked++], sizeof acked[0], "%s", name);
            pthread_mutex_unlock(&acked_lock);
        }
    }
    tc_free(c);
    return NULL;
}

static int acked_count(void)
{
    pthread_mutex_lock(&acked_lock);
    int n = nacked;
    pthread_mutex_unlock(&acked_lock);
    return n;
}

static void test_kill_9_during_writes(void **state)
{
    (void)state;
    pid_t first = (pid_t)atoi(test_env("MOTCUA_TEST_SERVER_PID", "0"));
    assert_true(first > 0);
    pthread_t th[WRITERS];
    for (int i = 0; i < WRITERS; i++)
        pthread_create(&th[i], NULL, writer, (void *)(intptr_t)i);
    while (acked_count() < 20)
        usleep(20000);
    assert_int_equal(kill(first, SIGKILL), 0);
    for (int i = 0; i < WRITERS; i++)
        pthread_join(th[i], NULL);
    int n = acked_count();

    assert_int_equal(ts_audit_verify(NULL), 0);
    char url[128];
    pid_t second = ts_start(NULL, NULL, url, sizeof url);
    assert_true(second > 0);
    struct tclient *c = tc_new(url);
    assert_int_equal(tc_login_api(c, "admin", "quantri@2026"), 0);
    struct tresp r = tc_get(c, "/api/v1/users");
    assert_int_equal(r.status, 200);
    json_t *users = json_object_get(r.json, "users");
    for (int i = 0; i < n; i++) {
        int found = 0;
        for (size_t k = 0; k < json_array_size(users); k++)
            found +=
                strcmp(json_string_value(json_object_get(json_array_get(users, k), "username")),
                       acked[i]) == 0;
        if (found != 1)
            fail_msg("acknowledged user %s found %d times after the crash", acked[i], found);
    }
    tc_resp_free(&r);
    r = tc_get(c, "/api/v1/audit/verify");
    assert_true(json_is_true(json_object_get(r.json, "intact")));
    tc_resp_free(&r);
    tc_free(c);
    assert_int_equal(ts_stop(second), 0);
    printf("acknowledged before the kill: %d; all present after restart\n", n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kill_9_during_writes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
