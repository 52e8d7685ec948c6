/* test_login_policy.c — the login policy over real HTTP (docs/architecture.md, "Login
 * attempts"): correct logins never count, wrong passwords lock only the (name, address) they
 * came from, a name failing from many addresses is slowed (429 with Retry-After) but never
 * locked, and the place to go after signing in (`next`) is only ever a path of this site.
 * Clients speak from different loopback addresses (127.0.0.2, 127.0.0.3 …): the server takes
 * the client address from the socket. The slowed name's interval is 2 s here
 * (test_login_policy.env). Runs on SQLite and PostgreSQL. */
#include "tclient.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long login_from(const char *address, const char *user, const char *password,
                       int *retry_after)
{
    struct tclient *c = tc_new(NULL);
    if (address)
        tc_set_source(c, address);
    char body[256];
    snprintf(body, sizeof body, "{\"username\":\"%s\",\"password\":\"%s\"}", user, password);
    struct tresp r = tc_post_json(c, "/api/v1/auth/login", body);
    long status = r.status;
    const char *ra = tc_header(&r, "Retry-After");
    if (retry_after)
        *retry_after = ra ? atoi(ra) : -1;
    if (status == 429)
        assert_non_null(strstr(r.body, "thử lại sau"));
    tc_resp_free(&r);
    tc_free(c);
    return status;
}

/* One office behind one address: 40 correct logins in a row are all accepted. */
static void test_correct_logins_never_count(void **state)
{
    (void)state;
    for (int i = 0; i < 40; i++)
        if (login_from("127.0.0.1", "chuyenvien", "chuyenvien@2026", NULL) != 200)
            fail_msg("login %d refused", i + 1);
}

/* A stranger's five wrong passwords for admin from A: A is refused for admin, even the right
 * password, with Retry-After; the right password from B is accepted. */
static void test_failures_elsewhere_never_refuse_the_owner(void **state)
{
    (void)state;
    for (int i = 0; i < 5; i++)
        assert_int_equal(login_from("127.0.0.2", "admin", "doan-mo", NULL), 401);
    int retry = 0;
    assert_int_equal(login_from("127.0.0.2", "admin", "quantri@2026", &retry), 429);
    assert_true(retry > 0 && retry <= 15 * 60);
    assert_int_equal(login_from("127.0.0.3", "admin", "quantri@2026", NULL), 200);
    /* Another name from A is not refused by admin's lock. */
    assert_int_equal(login_from("127.0.0.2", "lanhdao", "lanhdao@2026", NULL), 200);
}

/* A typo, then the right password: the success forgets that address's failures. */
static void test_success_forgets_the_typos_of_its_address(void **state)
{
    (void)state;
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 4; i++)
            assert_int_equal(login_from("127.0.0.4", "tiepnhan", "go-nham", NULL), 401);
        assert_int_equal(login_from("127.0.0.4", "tiepnhan", "tiepnhan@2026", NULL), 200);
    }
}

/* Ten failures of one name from five addresses slow it: one attempt per 2 s from anywhere,
 * the others 429 with Retry-After; after waiting, the right password from a new address is
 * accepted. */
static void test_many_addresses_slow_the_name_but_never_lock_it(void **state)
{
    (void)state;
    char address[32];
    for (int i = 0; i < 10; i++) {
        snprintf(address, sizeof address, "127.0.0.%d", 10 + i / 2);
        assert_int_equal(login_from(address, "kiemtra", "doan-mo", NULL), 401);
    }
    /* The slot of this interval goes to the first attempt; the next one waits. */
    assert_int_equal(login_from("127.0.0.20", "kiemtra", "doan-mo", NULL), 401);
    int retry = 0;
    assert_int_equal(login_from("127.0.0.21", "kiemtra", "kiemtra@2026", &retry), 429);
    assert_true(retry >= 1 && retry <= 2);
    sleep((unsigned)retry);
    assert_int_equal(login_from("127.0.0.21", "kiemtra", "kiemtra@2026", NULL), 200);
    /* Other names are not slowed. */
    assert_int_equal(login_from("127.0.0.21", "lanhdao.xa", "lanhdao@2026", NULL), 200);
}

/* --- next --- */

static const char *const hostile_next[] = {
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\r\nSet-Cookie: x=1",
    "//evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "/%2F%2Fevil.example",
    "/%5Cevil.example",
    "/%09/evil.example",
    "javascript:alert(1)",
    "///evil.example",
    "/.//evil.example",
    "https://evil.example/",
    /* Fullwidth solidi; split so that the hex escape stops before "evil". */
    ("/\xEF\xBC\x8F\xEF\xBC\x8F"
     "evil.example"),
    "evil.example",
    "/ /evil.example",
};

static void test_login_never_redirects_off_site(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    for (size_t i = 0; i < sizeof hostile_next / sizeof hostile_next[0]; i++) {
        struct tresp r = tc_get(c, "/login");
        char csrf[256], body[1024];
        snprintf(csrf, sizeof csrf, "%s", tc_input_value(r.body, "csrf"));
        tc_resp_free(&r);
        snprintf(body, sizeof body, "csrf=%s&username=lanhdao&password=lanhdao%%402026&next=%s",
                 csrf, tc_escape(c, hostile_next[i]));
        r = tc_post_form(c, "/login", body);
        assert_int_equal(r.status, 303);
        const char *location = tc_header(&r, "Location");
        if (!location || strcmp(location, "/desk") != 0)
            fail_msg("next %zu led to %s", i, location ? location : "(no Location)");
        tc_resp_free(&r);
        /* The form carries no hostile next either. */
        char path[512];
        snprintf(path, sizeof path, "/login?next=%s", tc_escape(c, hostile_next[i]));
        r = tc_get(c, path);
        assert_int_equal(r.status, 200);
        const char *kept = tc_input_value(r.body, "next");
        if (kept && *kept)
            fail_msg("next %zu kept in the form as %s", i, kept);
        tc_resp_free(&r);
    }
    /* A path of this site still works. */
    struct tresp r = tc_get(c, "/login?next=/desk/org");
    char csrf[256], body[512];
    snprintf(csrf, sizeof csrf, "%s", tc_input_value(r.body, "csrf"));
    tc_resp_free(&r);
    snprintf(body, sizeof body,
             "csrf=%s&username=lanhdao&password=lanhdao%%402026&next=%%2Fdesk%%2Forg%%3Fa%%3D1",
             csrf);
    r = tc_post_form(c, "/login", body);
    assert_int_equal(r.status, 303);
    assert_string_equal(tc_header(&r, "Location"), "/desk/org?a=1");
    tc_resp_free(&r);
    tc_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_correct_logins_never_count),
        cmocka_unit_test(test_failures_elsewhere_never_refuse_the_owner),
        cmocka_unit_test(test_success_forgets_the_typos_of_its_address),
        cmocka_unit_test(test_many_addresses_slow_the_name_but_never_lock_it),
        cmocka_unit_test(test_login_never_redirects_off_site),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
