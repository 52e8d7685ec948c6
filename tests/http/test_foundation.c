/* test_foundation.c — the foundation over real HTTP: health and metrics, pages and their
 * security headers, login by form and by JSON, sessions and logout, CSRF, login rate
 * limiting, bad input of every kind answered with the right status and a readable message,
 * NFC normalisation, and the audit chain after real changes. Runs on SQLite and PostgreSQL. */
#include "tclient.h"
#include "testutil.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void expect_error(struct tresp *r, long status, const char *code, const char *field)
{
    if (r->status != status)
        fprintf(stderr, "body: %s\n", r->body);
    assert_int_equal(r->status, status);
    json_t *err = json_object_get(r->json, "error");
    assert_non_null(err);
    assert_string_equal(json_string_value(json_object_get(err, "code")), code);
    const char *msg = json_string_value(json_object_get(err, "message"));
    assert_non_null(msg);
    assert_true(strlen(msg) > 5);
    if (field)
        assert_string_equal(json_string_value(json_object_get(err, "field")), field);
}

static void test_health_and_metrics(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    struct tresp r = tc_get(c, "/healthz");
    assert_int_equal(r.status, 200);
    tc_resp_free(&r);
    r = tc_get(c, "/metrics");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "motcua_http_requests_total"));
    assert_non_null(strstr(r.body, "motcua_db_pool_size"));
    assert_non_null(strstr(r.body, "# TYPE motcua_outbox_messages gauge"));
    tc_resp_free(&r);
    tc_free(c);
}

static void test_home_page(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    struct tresp r = tc_get(c, "/");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "<html lang=\"vi\">"));
    assert_non_null(strstr(r.body, "Bạn cần làm thủ tục gì?"));
    assert_non_null(strstr(r.body, "Tra cứu hồ sơ"));
    assert_non_null(tc_header(&r, "Content-Security-Policy"));
    assert_string_equal(tc_header(&r, "X-Content-Type-Options"), "nosniff");
    assert_non_null(strstr(tc_header(&r, "Content-Type"), "text/html"));
    tc_resp_free(&r);
    r = tc_get(c, "/assets/motcua.css");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(tc_header(&r, "Content-Type"), "text/css"));
    tc_resp_free(&r);
    tc_free(c);
}

static void test_unknown_routes_and_methods(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    struct tresp r = tc_get(c, "/api/v1/no-such-thing");
    expect_error(&r, 404, "not_found", NULL);
    tc_resp_free(&r);
    r = tc_get(c, "/khong-co-trang-nay");
    assert_int_equal(r.status, 404);
    assert_non_null(strstr(r.body, "Không tìm thấy trang"));
    tc_resp_free(&r);
    r = tc_request(c, "DELETE", "/api/v1/me", NULL, NULL, 0, NULL);
    assert_int_equal(r.status, 405);
    assert_non_null(tc_header(&r, "Allow"));
    tc_resp_free(&r);
    tc_free(c);
}

static void test_form_login_and_logout(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    struct tresp r = tc_get(c, "/desk");
    assert_int_equal(r.status, 303);
    assert_non_null(strstr(tc_header(&r, "Location"), "/login?next=/desk"));
    tc_resp_free(&r);

    r = tc_get(c, "/login");
    assert_int_equal(r.status, 200);
    char csrf[256];
    snprintf(csrf, sizeof csrf, "%s", tc_input_value(r.body, "csrf"));
    assert_true(strlen(csrf) >= 32);
    tc_resp_free(&r);

    char body[512];
    snprintf(body, sizeof body, "csrf=%s&username=tiepnhan&password=sai-mat-khau", csrf);
    r = tc_post_form(c, "/login", body);
    assert_int_equal(r.status, 401);
    assert_non_null(strstr(r.body, "Tên đăng nhập hoặc mật khẩu không đúng"));
    assert_non_null(strstr(r.body, "error-summary"));
    tc_resp_free(&r);

    snprintf(body, sizeof body,
             "csrf=%s&username=tiepnhan&password=tiepnhan%%402026&next=/desk/org", csrf);
    r = tc_post_form(c, "/login", body);
    assert_int_equal(r.status, 303);
    assert_string_equal(tc_header(&r, "Location"), "/desk/org");
    const char *cookie = tc_header(&r, "Set-Cookie");
    assert_non_null(cookie);
    assert_non_null(strstr(cookie, "HttpOnly"));
    assert_non_null(strstr(cookie, "SameSite"));
    tc_resp_free(&r);

    r = tc_get(c, "/desk");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "Nguyễn Thị Lan"));
    assert_non_null(strstr(r.body, "Tiếp nhận hồ sơ"));
    const char *session_csrf = tc_input_value(r.body, "csrf");
    assert_non_null(session_csrf);
    snprintf(csrf, sizeof csrf, "%s", session_csrf);
    tc_resp_free(&r);

    r = tc_get(c, "/desk/org");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "Phòng Tư pháp"));
    assert_non_null(strstr(r.body, "000.00.15.H33"));
    tc_resp_free(&r);

    /* A receptionist is staff but not admin. */
    r = tc_get(c, "/desk/users");
    assert_int_equal(r.status, 403);
    tc_resp_free(&r);

    r = tc_post_form(c, "/logout", "csrf=wrong");
    assert_int_equal(r.status, 403);
    tc_resp_free(&r);
    snprintf(body, sizeof body, "csrf=%s", csrf);
    r = tc_post_form(c, "/logout", body);
    assert_int_equal(r.status, 303);
    tc_resp_free(&r);
    r = tc_get(c, "/desk");
    assert_int_equal(r.status, 303);
    tc_resp_free(&r);
    tc_free(c);
}

static void test_open_redirect_refused(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    struct tresp r = tc_get(c, "/login?next=//evil.example/x");
    char csrf[256];
    snprintf(csrf, sizeof csrf, "%s", tc_input_value(r.body, "csrf"));
    tc_resp_free(&r);
    char body[512];
    snprintf(body, sizeof body,
             "csrf=%s&username=chuyenvien&password=chuyenvien%%402026&next=%%2F%%2Fevil.example",
             csrf);
    r = tc_post_form(c, "/login", body);
    assert_int_equal(r.status, 303);
    assert_string_equal(tc_header(&r, "Location"), "/desk");
    tc_resp_free(&r);
    tc_free(c);
}

static void test_login_form_needs_csrf(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    struct tresp r = tc_post_form(c, "/login", "username=admin&password=quantri%402026");
    assert_int_equal(r.status, 403);
    assert_non_null(strstr(r.body, "Biểu mẫu đã hết hạn"));
    tc_resp_free(&r);
    tc_free(c);
}

static void test_api_login_and_bearer(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    struct tresp r = tc_get(c, "/api/v1/me");
    expect_error(&r, 401, "unauthorized", NULL);
    tc_resp_free(&r);
    assert_int_equal(tc_login_api(c, "lanhdao", "lanhdao@2026"), 0);
    r = tc_get(c, "/api/v1/me");
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "username")), "lanhdao");
    json_t *role = json_array_get(json_object_get(r.json, "roles"), 0);
    assert_string_equal(json_string_value(json_object_get(role, "role")), "leader");
    assert_string_equal(json_string_value(json_object_get(role, "unit_key")), "GR");
    tc_resp_free(&r);
    r = tc_request(c, "POST", "/api/v1/auth/logout", NULL, NULL, 0, NULL);
    assert_int_equal(r.status, 200);
    tc_resp_free(&r);
    r = tc_get(c, "/api/v1/me");
    expect_error(&r, 401, "unauthorized", NULL);
    tc_resp_free(&r);
    tc_free(c);
}

static void test_api_bad_input(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    struct tresp r = tc_post_json(c, "/api/v1/auth/login", "{\"username\": ");
    expect_error(&r, 400, "malformed_json", NULL);
    tc_resp_free(&r);
    r = tc_post_json(c, "/api/v1/auth/login", "{\"username\": 5, \"password\": \"x\"}");
    expect_error(&r, 422, "invalid", "username");
    tc_resp_free(&r);
    r = tc_post_json(c, "/api/v1/auth/login", "{\"username\": \"a\"}");
    expect_error(&r, 422, "invalid", "password");
    tc_resp_free(&r);
    r = tc_post_json(c, "/api/v1/auth/login",
                     "{\"username\": \"a\", \"password\": \"b\", \"admin\": true}");
    expect_error(&r, 422, "invalid", "admin");
    tc_resp_free(&r);
    r = tc_post_json(c, "/api/v1/auth/login", "[1,2]");
    assert_true(r.status == 400 || r.status == 422);
    tc_resp_free(&r);
    const char bad_utf8[] = "{\"username\": \"\xC3\x28\", \"password\": \"x\"}";
    r = tc_post_json(c, "/api/v1/auth/login", bad_utf8);
    expect_error(&r, 400, "invalid_utf8", NULL);
    tc_resp_free(&r);
    r = tc_request(c, "POST", "/api/v1/auth/login", "text/plain", "hello", 5, NULL);
    assert_int_equal(r.status, 415);
    tc_resp_free(&r);
    /* Over the 1 MiB body limit: refused before the body is read. */
    size_t big = (1u << 20) + 100;
    char *huge = malloc(big + 1);
    memset(huge, 'a', big);
    huge[0] = '"';
    huge[big - 1] = '"';
    huge[big] = '\0';
    r = tc_request(c, "POST", "/api/v1/auth/login", "application/json", huge, big, NULL);
    assert_int_equal(r.status, 413);
    tc_resp_free(&r);
    free(huge);
    tc_free(c);
}

static void test_login_rate_limit(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    /* Five wrong passwords are answered 401; from then on even the right one is refused from
     * this address (other addresses: test_login_policy). */
    for (int i = 0; i < 5; i++) {
        json_t *req = json_pack("{s:s, s:s}", "username", "kiemtra", "password", "sai-mat-khau");
        char *text = json_dumps(req, 0);
        struct tresp r = tc_post_json(c, "/api/v1/auth/login", text);
        assert_int_equal(r.status, 401);
        tc_resp_free(&r);
        free(text);
        json_decref(req);
    }
    struct tresp r = tc_post_json(c, "/api/v1/auth/login",
                                  "{\"username\":\"kiemtra\",\"password\":\"kiemtra@2026\"}");
    expect_error(&r, 429, "rate_limited", NULL);
    tc_resp_free(&r);
    tc_free(c);
}

#define SAME_MOMENT 8

static void *log_in_as_leader(void *ok)
{
    struct tclient *c = tc_new(NULL);
    *(int *)ok = tc_login_api(c, "lanhdao", "lanhdao@2026") == 0;
    tc_free(c);
    return NULL;
}

/* Right passwords at the same moment, more of them than the failures allowed: none is taken
 * for a failure (only wrong passwords count against the name). */
static void test_simultaneous_logins_of_one_account(void **state)
{
    (void)state;
    pthread_t th[SAME_MOMENT];
    int ok[SAME_MOMENT] = {0};
    for (int i = 0; i < SAME_MOMENT; i++)
        pthread_create(&th[i], NULL, log_in_as_leader, &ok[i]);
    for (int i = 0; i < SAME_MOMENT; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < SAME_MOMENT; i++)
        assert_true(ok[i]);
}

static void test_admin_creates_user_with_nfc(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    assert_int_equal(tc_login_api(c, "admin", "quantri@2026"), 0);
    /* "Hồ Thị Hương" typed with combining marks (NFD) is stored in NFC. */
    const char *nfd = "{\"username\":\"huong.ho\",\"full_name\":\"Ho\xCC\x82\xCC\x80 Thi\xCC\xA3 "
                      "Hu\xCC\x9Bo\xCC\x9Bng\",\"kind\":\"staff\",\"password\":"
                      "\"mat-khau-dai\"}";
    struct tresp r = tc_post_json(c, "/api/v1/users", nfd);
    assert_int_equal(r.status, 201);
    tc_resp_free(&r);
    r = tc_post_json(c, "/api/v1/users", nfd);
    expect_error(&r, 409, "conflict", "username");
    tc_resp_free(&r);
    r = tc_post_json(c, "/api/v1/users",
                     "{\"username\":\"X Y\",\"full_name\":\"a\",\"kind\":\"staff\","
                     "\"password\":\"12345678\"}");
    expect_error(&r, 422, "invalid", "username");
    tc_resp_free(&r);
    r = tc_post_json(c, "/api/v1/users",
                     "{\"username\":\"short.pw\",\"full_name\":\"a\",\"kind\":\"staff\","
                     "\"password\":\"1234\"}");
    expect_error(&r, 422, "invalid", "password");
    tc_resp_free(&r);
    r = tc_post_json(c, "/api/v1/users/huong.ho/roles", "{\"role\":\"specialist\"}");
    expect_error(&r, 422, "invalid", "unit");
    tc_resp_free(&r);
    r = tc_post_json(c, "/api/v1/users/huong.ho/roles",
                     "{\"role\":\"specialist\",\"unit_key\":\"KHONG-CO\"}");
    expect_error(&r, 422, "invalid", "unit");
    tc_resp_free(&r);
    r = tc_post_json(c, "/api/v1/users/huong.ho/roles",
                     "{\"role\":\"specialist\",\"unit_key\":\"GR-TP\"}");
    assert_int_equal(r.status, 201);
    tc_resp_free(&r);
    r = tc_get(c, "/api/v1/users");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "H\xE1\xBB\x93 Th\xE1\xBB\x8B H\xC6\xB0\xC6\xA1ng"));
    tc_resp_free(&r);

    struct tclient *h = tc_new(NULL);
    assert_int_equal(tc_login_api(h, "huong.ho", "mat-khau-dai"), 0);
    r = tc_get(h, "/api/v1/users");
    expect_error(&r, 403, "forbidden", NULL);
    tc_resp_free(&r);
    tc_free(h);
    tc_free(c);
}

static void test_forms_refuse_missing_csrf_when_logged_in(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    const char *csrf = tc_login_form(c, "admin", "quantri@2026");
    assert_non_null(csrf);
    char good[256];
    snprintf(good, sizeof good, "%s", csrf);
    struct tresp r =
        tc_post_form(c, "/desk/users", "username=nv.moi&full_name=A&kind=staff&password=12345678");
    assert_int_equal(r.status, 403);
    tc_resp_free(&r);
    /* A JSON request riding on the cookie needs the header too. */
    r = tc_post_json(c, "/api/v1/users",
                     "{\"username\":\"nv.moi\",\"full_name\":\"A\",\"kind\":\"staff\","
                     "\"password\":\"12345678\"}");
    assert_int_equal(r.status, 403);
    tc_resp_free(&r);
    char body[512];
    snprintf(body, sizeof body,
             "csrf=%s&username=nv.moi&full_name=Nh%%C3%%A2n+vi%%C3%%AAn&kind=staff&password="
             "12345678&role=receptionist&unit=GR-X01-MC",
             good);
    r = tc_post_form(c, "/desk/users", body);
    assert_int_equal(r.status, 303);
    tc_resp_free(&r);
    r = tc_get(c, "/desk/users");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "nv.moi"));
    assert_non_null(strstr(r.body, "Bộ phận Tiếp nhận và Trả kết quả thị trấn Giồng Riềng"));
    tc_resp_free(&r);
    tc_free(c);
}

static void test_html_is_escaped(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    assert_int_equal(tc_login_api(c, "admin", "quantri@2026"), 0);
    struct tresp r = tc_post_json(c, "/api/v1/users",
                                  "{\"username\":\"xss.test\",\"full_name\":\"<script>alert(1)"
                                  "</script>\\\" onmouseover=\\\"x\",\"kind\":\"staff\","
                                  "\"password\":\"12345678\"}");
    assert_int_equal(r.status, 201);
    tc_resp_free(&r);
    tc_free(c);
    c = tc_new(NULL);
    assert_non_null(tc_login_form(c, "admin", "quantri@2026"));
    r = tc_get(c, "/desk/users");
    assert_int_equal(r.status, 200);
    assert_null(strstr(r.body, "<script>alert"));
    assert_null(strstr(r.body, "\" onmouseover=\""));
    assert_non_null(strstr(r.body, "&lt;script&gt;"));
    tc_resp_free(&r);
    tc_free(c);
}

static void test_audit_chain_after_changes(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    /* The auditor was locked out by the rate-limit test; the admin may verify too. */
    assert_int_equal(tc_login_api(c, "admin", "quantri@2026"), 0);
    struct tresp r = tc_get(c, "/api/v1/audit/verify");
    assert_int_equal(r.status, 200);
    assert_true(json_is_true(json_object_get(r.json, "intact")));
    assert_true(json_integer_value(json_object_get(r.json, "entries")) > 30);
    tc_resp_free(&r);
    r = tc_get(c, "/api/v1/audit?object_type=user&object_id=huong.ho");
    assert_int_equal(r.status, 200);
    assert_true(json_array_size(json_object_get(r.json, "entries")) >= 2);
    /* The password never reaches the audit log. */
    assert_null(strstr(r.body, "mat-khau-dai"));
    tc_resp_free(&r);
    tc_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_health_and_metrics),
        cmocka_unit_test(test_home_page),
        cmocka_unit_test(test_unknown_routes_and_methods),
        cmocka_unit_test(test_form_login_and_logout),
        cmocka_unit_test(test_open_redirect_refused),
        cmocka_unit_test(test_login_form_needs_csrf),
        cmocka_unit_test(test_api_login_and_bearer),
        cmocka_unit_test(test_api_bad_input),
        cmocka_unit_test(test_login_rate_limit),
        cmocka_unit_test(test_simultaneous_logins_of_one_account),
        cmocka_unit_test(test_admin_creates_user_with_nfc),
        cmocka_unit_test(test_forms_refuse_missing_csrf_when_logged_in),
        cmocka_unit_test(test_html_is_escaped),
        cmocka_unit_test(test_audit_chain_after_changes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
