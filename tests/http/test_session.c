/* test_session.c — sessions end when unused for the idle time (2 s for this suite, see
 * test_session.env) and a fixed session token from before login is never adopted. */
#include "tclient.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <unistd.h>

static void test_idle_session_expires(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    assert_int_equal(tc_login_api(c, "chuyenvien", "chuyenvien@2026"), 0);
    struct tresp r = tc_get(c, "/api/v1/me");
    assert_int_equal(r.status, 200);
    tc_resp_free(&r);
    sleep(3);
    r = tc_get(c, "/api/v1/me");
    assert_int_equal(r.status, 401);
    assert_non_null(strstr(r.body, "hết hạn"));
    tc_resp_free(&r);
    tc_free(c);
}

static void test_session_fixation_refused(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    /* An attacker plants a session cookie of their choosing before the victim logs in. */
    struct tresp r = tc_request(c, "GET", "/desk", NULL, NULL, 0,
                                "Cookie: motcua_session=attacker-chosen-value");
    assert_int_equal(r.status, 303);
    tc_resp_free(&r);
    struct tclient *victim = tc_new(NULL);
    assert_non_null(tc_login_form(victim, "lanhdao", "lanhdao@2026"));
    tc_free(victim);
    r = tc_request(c, "GET", "/desk", NULL, NULL, 0,
                   "Cookie: motcua_session=attacker-chosen-value");
    assert_int_equal(r.status, 303);
    tc_resp_free(&r);
    tc_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_idle_session_expires),
        cmocka_unit_test(test_session_fixation_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
