/* test_metrics_access.c — who may read /metrics (issue #13, item 13): a client on loopback
 * whose request no proxy forwarded, or a request with the bearer token of
 * MOTCUA_METRICS_TOKEN (set for this suite in test_metrics_access.env). A request a reverse
 * proxy forwarded (X-Forwarded-For, Forwarded, X-Real-IP) is not loopback even though the
 * proxy connects from there, and gets the 404 of a page that does not exist, as does a wrong
 * or truncated token. /healthz stays open. */
#include "tclient.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#define TOKEN "jeton-de-metriques-0123456789abcdef"

static long metrics_status(const char *headers)
{
    struct tclient *c = tc_new(NULL);
    struct tresp r = tc_request(c, "GET", "/metrics", NULL, NULL, 0, headers);
    long status = r.status;
    if (status == 200)
        assert_non_null(strstr(r.body, "motcua_http_requests_total"));
    else
        assert_null(strstr(r.body, "motcua_http_requests_total"));
    tc_resp_free(&r);
    tc_free(c);
    return status;
}

static void test_loopback_reads_metrics(void **state)
{
    (void)state;
    assert_int_equal(metrics_status(NULL), 200);
}

static void test_forwarded_requests_need_the_token(void **state)
{
    (void)state;
    assert_int_equal(metrics_status("X-Forwarded-For: 203.0.113.7"), 404);
    assert_int_equal(metrics_status("Forwarded: for=203.0.113.7"), 404);
    assert_int_equal(metrics_status("X-Real-IP: 203.0.113.7"), 404);
    assert_int_equal(metrics_status("X-Forwarded-For: 203.0.113.7\nAuthorization: Bearer wrong"),
                     404);
    assert_int_equal(
        metrics_status("X-Forwarded-For: 203.0.113.7\nAuthorization: Bearer jeton-de-metriques"),
        404);
    assert_int_equal(
        metrics_status("X-Forwarded-For: 203.0.113.7\nAuthorization: Bearer " TOKEN "x"), 404);
    assert_int_equal(metrics_status("X-Forwarded-For: 203.0.113.7\nAuthorization: " TOKEN), 404);
    assert_int_equal(metrics_status("X-Forwarded-For: 203.0.113.7\nAuthorization: Bearer " TOKEN),
                     200);
}

static void test_healthz_stays_open(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    struct tresp r =
        tc_request(c, "GET", "/healthz", NULL, NULL, 0, "X-Forwarded-For: 203.0.113.7");
    assert_int_equal(r.status, 200);
    tc_resp_free(&r);
    tc_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loopback_reads_metrics),
        cmocka_unit_test(test_forwarded_requests_need_the_token),
        cmocka_unit_test(test_healthz_stays_open),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
