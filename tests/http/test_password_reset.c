/* test_password_reset.c — a citizen who forgot the password, on both databases: the code
 * comes through the outbox (read as an administrator sees it, the way the person reads the
 * SMS), the new password works and the old one no longer does, the sessions opened before
 * are dead; a wrong, used, expired or exhausted code is refused with one message; an unknown
 * login gets exactly the answer a registered one gets and no message is queued for it; and
 * the pages, linked from the login page, do the same. */
#include "tcheck.h"
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

#define RESET   "/api/v1/citizens/password-reset"
#define CONFIRM "/api/v1/citizens/password-reset/confirm"

/* How many reset codes were queued to recipient, and the newest (caller frees; NULL if
 * none). */
static char *reset_code_sent_to(const char *recipient, int *count)
{
    json_t *sent = tc_outbox_to(recipient, "citizen.reset_code", NULL);
    *count = (int)json_array_size(sent);
    char *code = *count ? tc_sealed_code(recipient, "reset") : NULL;
    /* The administrators' view of the message never holds the code (issue #13). */
    if (code) {
        char *seen = json_dumps(sent, 0);
        assert_null(strstr(seen, code));
        free(seen);
    }
    json_decref(sent);
    return code;
}

static char *request_code(struct tclient *anon, const char *login, const char *recipient)
{
    char body[256];
    int n = 0;
    snprintf(body, sizeof body, "{\"login\":\"%s\"}", login);
    tc_post_expect(anon, RESET, body, 202, NULL);
    char *code = reset_code_sent_to(recipient, &n);
    assert_non_null(code);
    assert_int_equal(strlen(code), 6);
    return code;
}

static struct tresp confirm(struct tclient *anon, const char *login, const char *code,
                            const char *password)
{
    char body[512];
    snprintf(body, sizeof body, "{\"login\":\"%s\",\"code\":\"%s\",\"password\":\"%s\"}", login,
             code, password);
    return tc_post_json(anon, CONFIRM, body);
}

static void confirm_expect(struct tclient *anon, const char *login, const char *code,
                           const char *password, long status, const char *field)
{
    struct tresp r = confirm(anon, login, code, password);
    tc_expect(&r, status, field);
    tc_resp_free(&r);
}

/* A code that is not the one sent: the last digit changed. */
static void wrong(const char *code, char out[7])
{
    snprintf(out, 7, "%s", code);
    out[5] = out[5] == '9' ? '0' : (char)(out[5] + 1);
}

static void test_reset_by_phone(void **state)
{
    (void)state;
    struct tclient *before = tc_citizen("0913000101", "0913000101", "Trần Văn Bình", "cu-matkhau1");
    struct tclient *anon = tc_new(NULL);
    tc_get_expect(before, "/api/v1/me", 200);

    char *code = request_code(anon, "0913 000 101", "0913000101"), bad[7];
    wrong(code, bad);
    confirm_expect(anon, "0913000101", bad, "moi-matkhau1", 422, "code");
    confirm_expect(anon, "0913000101", code, "ngan", 422, "password");
    confirm_expect(anon, "0913000101", "12ab56", "moi-matkhau1", 422, "code");
    confirm_expect(anon, "0913000101", code, "moi-matkhau1", 200, NULL);

    /* the session opened before is dead, the old password refused, the new one works */
    tc_get_expect(before, "/api/v1/me", 401);
    struct tclient *old = tc_new(NULL);
    assert_int_not_equal(tc_login_api(old, "0913000101", "cu-matkhau1"), 0);
    struct tclient *now = tc_as("0913000101", "moi-matkhau1");
    tc_get_expect(now, "/api/v1/me", 200);
    /* a code works once */
    confirm_expect(anon, "0913000101", code, "lan-nua-matkhau", 422, "code");

    /* the audit log has the request and the reset */
    struct tclient *auditor = tc_as("kiemtra", "kiemtra@2026");
    json_t *audit = tc_get_json(auditor, "/api/v1/audit?limit=200");
    char *text = json_dumps(audit, 0);
    assert_non_null(strstr(text, "citizen.reset_request"));
    assert_non_null(strstr(text, "citizen.password_reset"));
    free(text);
    json_decref(audit);
    tc_free(auditor);
    free(code);
    tc_free(now);
    tc_free(old);
    tc_free(before);
    tc_free(anon);
}

static void test_expired_and_exhausted_codes(void **state)
{
    (void)state;
    struct tclient *citizen =
        tc_citizen("an.reset@example.vn", "an.reset@example.vn", "Nguyễn Thị An", "cu-matkhau2");
    struct tclient *anon = tc_new(NULL);
    char *code = request_code(anon, "An.Reset@Example.vn", "an.reset@example.vn"), bad[7];

    /* expired: fifteen minutes have passed */
    tc_db_run("UPDATE verification_codes SET expires_at = 1 WHERE recipient = $1 AND used_at "
              "IS NULL",
              DB_ARGS(DB_T("an.reset@example.vn")));
    confirm_expect(anon, "an.reset@example.vn", code, "moi-matkhau2", 422, "code");
    free(code);

    /* exhausted: five wrong attempts kill the code, the right one is then refused too */
    code = request_code(anon, "an.reset@example.vn", "an.reset@example.vn");
    wrong(code, bad);
    for (int i = 0; i < 5; i++)
        confirm_expect(anon, "an.reset@example.vn", bad, "moi-matkhau2", 422, "code");
    confirm_expect(anon, "an.reset@example.vn", code, "moi-matkhau2", 422, "code");
    free(code);

    /* a new code replaces the old one: only the newest works */
    char *first = request_code(anon, "an.reset@example.vn", "an.reset@example.vn");
    char *second = request_code(anon, "an.reset@example.vn", "an.reset@example.vn");
    if (strcmp(first, second) != 0)
        confirm_expect(anon, "an.reset@example.vn", first, "moi-matkhau2", 422, "code");
    confirm_expect(anon, "an.reset@example.vn", second, "moi-matkhau2", 200, NULL);
    tc_get_expect(citizen, "/api/v1/me", 401);
    free(first);
    free(second);
    tc_free(citizen);
    tc_free(anon);
}

static void test_unknown_login_same_answer(void **state)
{
    (void)state;
    struct tclient *anon = tc_new(NULL);
    tc_free(tc_citizen("0913000102", "0913000102", "Lê Văn Cường", "cu-matkhau3"));
    struct tresp known = tc_post_json(anon, RESET, "{\"login\":\"0913000102\"}");
    struct tresp unknown = tc_post_json(anon, RESET, "{\"login\":\"0913999902\"}");
    tc_expect(&known, 202, NULL);
    tc_expect(&unknown, 202, NULL);
    assert_string_equal(tj_str(known.json, "message"), tj_str(unknown.json, "message"));
    assert_string_equal(tj_str(known.json, "channel"), tj_str(unknown.json, "channel"));
    assert_int_equal(tj_int(known.json, "minutes"), tj_int(unknown.json, "minutes"));
    tc_resp_free(&known);
    tc_resp_free(&unknown);
    int n = 0;
    free(reset_code_sent_to("0913999902", &n));
    assert_int_equal(n, 0);

    /* confirming for an unknown login is refused exactly like a wrong code */
    char *code = reset_code_sent_to("0913000102", &n), bad[7];
    wrong(code, bad);
    struct tresp a = confirm(anon, "0913999902", bad, "moi-matkhau3");
    struct tresp b = confirm(anon, "0913000102", bad, "moi-matkhau3");
    tc_expect(&a, 422, "code");
    tc_expect(&b, 422, "code");
    assert_string_equal(tj_str(json_object_get(a.json, "error"), "message"),
                        tj_str(json_object_get(b.json, "error"), "message"));
    free(code);
    tc_resp_free(&a);
    tc_resp_free(&b);

    /* staff accounts are not reset this way: nothing is queued, the answer is the same */
    tc_post_expect(anon, RESET, "{\"login\":\"tiepnhan\"}", 422, "login");
    tc_post_expect(anon, RESET, "{\"login\":\"\"}", 422, "login");

    /* a person's phone is not flooded: five requests an hour per login */
    for (int i = 0; i < 5; i++)
        tc_post_expect(anon, RESET, "{\"login\":\"0913999903\"}", 202, NULL);
    tc_post_expect(anon, RESET, "{\"login\":\"0913999903\"}", 429, NULL);
    tc_free(anon);
}

static void test_pages(void **state)
{
    (void)state;
    tc_free(tc_citizen("0913000104", "0913000104", "Phạm Thị Dung", "cu-matkhau4"));
    struct tclient *web = tc_new(NULL);
    struct tresp r = tc_get(web, "/login");
    assert_non_null(strstr(r.body, "href=\"/quen-mat-khau\""));
    tc_resp_free(&r);
    r = tc_get(web, "/quen-mat-khau");
    assert_int_equal(r.status, 200);
    char csrf[256], body[1024];
    snprintf(csrf, sizeof csrf, "%s", tc_input_value(r.body, "csrf"));
    tc_resp_free(&r);

    snprintf(body, sizeof body, "csrf=%s&login=khong-phai-so", tc_escape(web, csrf));
    r = tc_post_form(web, "/quen-mat-khau", body);
    assert_int_equal(r.status, 422);
    assert_non_null(strstr(r.body, "login-error"));
    tc_resp_free(&r);

    snprintf(body, sizeof body, "csrf=%s&login=0913000104", tc_escape(web, csrf));
    r = tc_post_form(web, "/quen-mat-khau", body);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "đã được gửi"));
    assert_non_null(strstr(r.body, "action=\"/quen-mat-khau/xac-nhan\""));
    tc_resp_free(&r);
    int n = 0;
    char *code = reset_code_sent_to("0913000104", &n), bad[7];
    wrong(code, bad);

    snprintf(body, sizeof body, "csrf=%s&login=0913000104&code=%s&password=moi-matkhau4",
             tc_escape(web, csrf), bad);
    r = tc_post_form(web, "/quen-mat-khau/xac-nhan", body);
    assert_int_equal(r.status, 422);
    assert_non_null(strstr(r.body, "code-error"));
    tc_resp_free(&r);
    snprintf(body, sizeof body, "csrf=%s&login=0913000104&code=%s&password=moi-matkhau4",
             tc_escape(web, csrf), code);
    r = tc_post_form(web, "/quen-mat-khau/xac-nhan", body);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "Đã đặt lại mật khẩu"));
    tc_resp_free(&r);
    free(code);

    struct tclient *again = tc_new(NULL);
    assert_non_null(tc_login_form(again, "0913000104", "moi-matkhau4"));
    tc_free(again);
    tc_free(web);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reset_by_phone),
        cmocka_unit_test(test_expired_and_exhausted_codes),
        cmocka_unit_test(test_unknown_login_same_answer),
        cmocka_unit_test(test_pages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
