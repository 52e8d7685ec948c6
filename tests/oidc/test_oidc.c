/* test_oidc.c — logging in through a real OpenID Connect provider (npm oidc-provider, started
 * by tests/oidc/run.sh) over HTTP, on SQLite and PostgreSQL. The test is the browser: it
 * follows the redirects from motcua to the provider (which logs the test person in and
 * consents without a form) and back. Checked: the login page offers the provider; a first
 * login creates a citizen account with the provider's name, a second finds the same one;
 * the answer is good once and only in the browser that started the login; a provider error
 * or a missing code is refused; forged ID tokens from the real token exchange (changed
 * signature, alg none, HS256, a foreign key under the provider's kid, an unknown kid, and
 * validly signed with the wrong aud, iss, nonce or an expired lifetime) are refused with a
 * plain page and no session, and logged without the token; and a public client (PKCE only,
 * ES256 tokens) on a second server works too. */
#include "tclient.h"
#include "testutil.h"
#include "tserver.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REFUSED "Đăng nhập qua tài khoản định danh không thành công"

static char motcua[256], issuer[256];

static int setup(void **state)
{
    (void)state;
    snprintf(motcua, sizeof motcua, "%s", test_env("MOTCUA_TEST_URL", ""));
    snprintf(issuer, sizeof issuer, "%s", test_env("MOTCUA_TEST_OIDC_ISSUER", ""));
    return motcua[0] && issuer[0] ? 0 : -1;
}

/* A browser: one cookie jar for motcua and the provider, absolute URLs. */
static struct tclient *browser(void)
{
    return tc_new("");
}

static struct tresp get(struct tclient *b, const char *base, const char *path)
{
    char url[4096];
    snprintf(url, sizeof url, "%s%s", base, path);
    return tc_get(b, url);
}

/* Starts a login at motcua (base) and follows the provider's redirects as login (an account
 * of provider.mjs) until the provider sends the browser back to motcua's callback; that URL
 * goes to callback (not yet requested). */
static void login_until_callback(struct tclient *b, const char *base, const char *login,
                                 char *callback, size_t len)
{
    char loc[4096];
    struct tresp r = get(b, base, "/oidc/login");
    assert_int_equal(r.status, 303);
    snprintf(loc, sizeof loc, "%s", tc_header(&r, "Location"));
    tc_resp_free(&r);
    assert_true(strncmp(loc, issuer, strlen(issuer)) == 0);
    assert_non_null(strstr(loc, "code_challenge_method=S256"));
    assert_non_null(strstr(loc, "nonce="));
    for (int hop = 0; hop < 10; hop++) {
        char url[4200];
        int n = loc[0] == '/' ? snprintf(url, sizeof url, "%s%s%s%s", issuer, loc,
                                         strstr(loc, "/interaction/") ? "?login=" : "",
                                         strstr(loc, "/interaction/") ? login : "")
                              : snprintf(url, sizeof url, "%s", loc);
        if (n < 0 || (size_t)n >= sizeof url)
            fail_msg("redirect too long");
        if (strstr(url, "/oidc/callback?")) {
            snprintf(callback, len, "%s%s", base, strstr(url, "/oidc/callback?"));
            return;
        }
        r = tc_get(b, url);
        if (r.status != 302 && r.status != 303)
            fail_msg("provider answered %ld at %s: %.300s", r.status, url, r.body);
        snprintf(loc, sizeof loc, "%s", tc_header(&r, "Location"));
        tc_resp_free(&r);
    }
    fail_msg("the provider never sent the browser back");
}

/* Requests the callback URL; returns the response. */
static struct tresp answer(struct tclient *b, const char *callback)
{
    return tc_get(b, callback);
}

/* The person behind the browser's session at motcua, or NULL (caller frees with json_decref). */
static json_t *me(struct tclient *b, const char *base)
{
    struct tresp r = get(b, base, "/api/v1/me");
    json_t *j = r.status == 200 ? json_incref(r.json) : NULL;
    tc_resp_free(&r);
    return j;
}

static json_t *full_login(const char *base, const char *login)
{
    struct tclient *b = browser();
    char cb[4096];
    login_until_callback(b, base, login, cb, sizeof cb);
    struct tresp r = answer(b, cb);
    if (r.status != 303)
        fail_msg("callback answered %ld: %.400s", r.status, r.body);
    assert_string_equal(tc_header(&r, "Location"), "/");
    assert_non_null(strstr(r.headers, "motcua_session="));
    tc_resp_free(&r);
    json_t *who = me(b, base);
    assert_non_null(who);
    tc_free(b);
    return who;
}

static void test_login_page_offers_the_provider(void **state)
{
    (void)state;
    struct tclient *b = browser();
    struct tresp r = get(b, motcua, "/login");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "action=\"/oidc/login\""));
    assert_non_null(strstr(r.body, "VNeID"));
    tc_resp_free(&r);
    tc_free(b);
}

static void test_first_login_creates_a_citizen_then_finds_it(void **state)
{
    (void)state;
    json_t *first = full_login(motcua, "citizen-1");
    assert_string_equal(json_string_value(json_object_get(first, "kind")), "citizen");
    assert_string_equal(json_string_value(json_object_get(first, "full_name")), "Nguyễn Thị Bình");
    json_t *roles = json_object_get(first, "roles");
    assert_int_equal(json_array_size(roles), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(roles, 0), "role")),
                        "citizen");
    const char *username = json_string_value(json_object_get(first, "username"));
    assert_true(strncmp(username, "oidc-", 5) == 0);
    assert_null(strstr(username, "citizen-1")); /* the subject is not shown */

    json_t *again = full_login(motcua, "citizen-1");
    assert_string_equal(json_string_value(json_object_get(again, "username")), username);
    json_t *other = full_login(motcua, "citizen-2");
    assert_string_not_equal(json_string_value(json_object_get(other, "username")), username);
    assert_string_equal(json_string_value(json_object_get(other, "full_name")), "Trần Văn Cường");
    json_decref(first);
    json_decref(again);
    json_decref(other);
}

static const char *state_of(const char *callback)
{
    static char state[256];
    const char *p = strstr(callback, "state=");
    assert_non_null(p);
    p += 6;
    snprintf(state, sizeof state, "%.*s", (int)strcspn(p, "&"), p);
    return state;
}

static void test_answer_is_good_once(void **state)
{
    (void)state;
    struct tclient *b = browser();
    char cb[4096], cookie[400];
    login_until_callback(b, motcua, "citizen-1", cb, sizeof cb);
    snprintf(cookie, sizeof cookie, "Cookie: motcua_oidc=%s", state_of(cb));
    struct tresp r = answer(b, cb);
    assert_int_equal(r.status, 303);
    tc_resp_free(&r);
    /* the same browser again: its state cookie is gone */
    r = answer(b, cb);
    assert_int_equal(r.status, 400);
    tc_resp_free(&r);
    /* even with the cookie forged back, the state was used */
    struct tclient *thief = browser();
    r = tc_request(thief, "GET", cb, NULL, NULL, 0, cookie);
    assert_int_equal(r.status, 401);
    assert_non_null(strstr(r.body, REFUSED));
    assert_null(strstr(r.headers, "motcua_session="));
    tc_resp_free(&r);
    assert_null(me(thief, motcua));
    tc_free(thief);
    tc_free(b);
}

static void test_answer_only_in_the_browser_that_started(void **state)
{
    (void)state;
    struct tclient *b = browser(), *victim = browser();
    char cb[4096];
    login_until_callback(b, motcua, "citizen-2", cb, sizeof cb);
    struct tresp r = answer(victim, cb);
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(r.body, "không được bắt đầu từ trình duyệt của bạn"));
    tc_resp_free(&r);
    assert_null(me(victim, motcua));
    /* refused before the state was touched: the right browser still completes */
    r = answer(b, cb);
    assert_int_equal(r.status, 303);
    tc_resp_free(&r);
    tc_free(victim);
    tc_free(b);
}

static void test_provider_error_and_missing_code_refused(void **state)
{
    (void)state;
    struct tclient *b = browser();
    char cb[4096], bad[4400];
    login_until_callback(b, motcua, "citizen-1", cb, sizeof cb);
    const char *st = state_of(cb);
    char cookie[400];
    snprintf(cookie, sizeof cookie, "Cookie: motcua_oidc=%s", st);
    snprintf(bad, sizeof bad, "%s/oidc/callback?state=%s", motcua, st);
    struct tresp r = tc_request(b, "GET", bad, NULL, NULL, 0, cookie);
    assert_int_equal(r.status, 400);
    tc_resp_free(&r);
    snprintf(bad, sizeof bad, "%s/oidc/callback?error=access_denied&state=%s", motcua, st);
    r = tc_request(b, "GET", bad, NULL, NULL, 0, cookie);
    assert_int_equal(r.status, 401);
    assert_non_null(strstr(r.body, REFUSED));
    tc_resp_free(&r);
    /* the error consumed the state: the genuine code no longer works */
    r = tc_request(b, "GET", cb, NULL, NULL, 0, cookie);
    assert_int_equal(r.status, 401);
    tc_resp_free(&r);
    r = get(b, motcua, "/oidc/callback");
    assert_int_equal(r.status, 400);
    tc_resp_free(&r);
    tc_free(b);
}

static void forge_next_token(const char *mode)
{
    struct tclient *c = tc_new(issuer);
    char path[128];
    snprintf(path, sizeof path, "/test/forge?mode=%s", mode);
    struct tresp r = tc_post_form(c, path, "");
    assert_int_equal(r.status, 200);
    tc_resp_free(&r);
    tc_free(c);
}

static void test_forged_id_tokens_refused(void **state)
{
    (void)state;
    static const char *const modes[] = {"signature", "none", "hs256", "foreign-key", "unknown-kid",
                                        "aud",       "iss",  "nonce", "expired"};
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        struct tclient *b = browser();
        char cb[4096];
        login_until_callback(b, motcua, "citizen-1", cb, sizeof cb);
        forge_next_token(modes[i]);
        struct tresp r = answer(b, cb);
        if (r.status != 401 || !strstr(r.body, REFUSED))
            fail_msg("forged token (%s) answered %ld", modes[i], r.status);
        tc_resp_free(&r);
        assert_null(me(b, motcua));
        tc_free(b);
    }
    /* the refusals are logged with their reason, never with a token */
    char path[512];
    snprintf(path, sizeof path, "%s/server.err", test_env("MOTCUA_TEST_WORK", "/tmp"));
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[4096];
    int reasons = 0;
    while (fgets(line, sizeof line, f)) {
        reasons += strstr(line, "oidc: login refused: ID token:") != NULL;
        assert_null(strstr(line, "eyJ")); /* a base64url JSON object: a JWT */
    }
    fclose(f);
    assert_true(reasons >= (int)(sizeof modes / sizeof modes[0]));
    /* and a genuine login still works afterwards */
    json_decref(full_login(motcua, "citizen-1"));
}

static void test_public_client_with_pkce_only(void **state)
{
    (void)state;
    static const char *const env[] = {"MOTCUA_OIDC_CLIENT_ID=motcua-public",
                                      "MOTCUA_OIDC_CLIENT_SECRET=", NULL};
    char url[256];
    pid_t pid = ts_start(NULL, env, url, sizeof url);
    assert_true(pid > 0);
    json_t *who = full_login(url, "citizen-2");
    assert_string_equal(json_string_value(json_object_get(who, "full_name")), "Trần Văn Cường");
    json_decref(who);
    assert_int_equal(ts_stop(pid), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_login_page_offers_the_provider),
        cmocka_unit_test(test_first_login_creates_a_citizen_then_finds_it),
        cmocka_unit_test(test_answer_is_good_once),
        cmocka_unit_test(test_answer_only_in_the_browser_that_started),
        cmocka_unit_test(test_provider_error_and_missing_code_refused),
        cmocka_unit_test(test_forged_id_tokens_refused),
        cmocka_unit_test(test_public_client_with_pkce_only),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
