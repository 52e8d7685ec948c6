/* test_hostile.c — a user who tries what the screens do not offer: someone else's dossier by
 * its code (IDOR), file paths that climb out of their directory, markup in every text field
 * of a reception, SQL metacharacters in every search box; and the server's own log must not
 * keep the personal data those requests carried. (Login brute force is limited per user
 * name and per client address; every client of this suite is 127.0.0.1, so spreading the
 * attempts over several addresses cannot be shown on loopback — see docs/reliability.md.) */
#include "tclient.h"
#include "tdesk.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XSS_NAME    "Nguyễn <script>alert(1)</script> Ác"
#define XSS_ADDRESS "Ấp <img src=x onerror=alert(2)> 3"
#define XSS_REASON  "Thiếu <b onmouseover=alert(3)>giấy</b>"
#define CCCD        "079203001234"

static long status_of(struct tclient *c, const char *path)
{
    struct tresp r = tc_get(c, path);
    long s = r.status;
    tc_resp_free(&r);
    return s;
}

static void test_other_peoples_dossiers_are_not_found(void **state)
{
    (void)state;
    struct tclient *desk = tc_as(TD_DESK);
    char code[64], path[256];
    assert_int_equal(td_receive(desk, "Hồ Thị Riêng", NULL, code, sizeof code), 201);
    struct tclient *strangers[] = {tc_as("chuyenvien", "chuyenvien@2026"),
                                   tc_as("tiepnhan", "tiepnhan@2026"),
                                   tc_as("congdan", "congdan@2026")};
    static const char *const suffixes[] = {"", "/forms/1", "/forms/2", "/files"};
    for (size_t i = 0; i < sizeof strangers / sizeof strangers[0]; i++) {
        for (size_t k = 0; k < sizeof suffixes / sizeof suffixes[0]; k++) {
            snprintf(path, sizeof path, "/api/v1/dossiers/%s%s", code, suffixes[k]);
            long s = status_of(strangers[i], path);
            if (s != 404)
                fail_msg("stranger %zu got %ld for %s", i, s, path);
        }
        long s = td_act(strangers[i], code, "advance", 1);
        if (s != 404 && s != 403)
            fail_msg("stranger %zu moved %s: %ld", i, code, s);
        tc_free(strangers[i]);
    }
    assert_int_equal(td_version(desk, code, NULL), 1);
    tc_free(desk);
}

static void test_path_traversal_never_serves_a_file(void **state)
{
    (void)state;
    struct tclient *desk = tc_as(TD_DESK);
    char code[64], path[512];
    assert_int_equal(td_receive(desk, "Mai Văn Đường", NULL, code, sizeof code), 201);
    static const char *const climbs[] = {
        "..%2f..%2f..%2fetc%2fpasswd",         "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "..%252f..%252fetc%252fpasswd",        "motcua.css%00.png",
        "%2e%2e%5c%2e%2e%5cetc%5cpasswd",      "....//....//etc/passwd",
        "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd"};
    static const char *const prefixes[] = {
        "/assets/",          "/tra-cuu/",           "/thu-tuc/",   "/api/v1/lookup/",
        "/api/v1/dossiers/", "/api/v1/procedures/", "/desk/ho-so/"};
    int tried = 0;
    for (size_t p = 0; p < sizeof prefixes / sizeof prefixes[0]; p++)
        for (size_t i = 0; i < sizeof climbs / sizeof climbs[0]; i++, tried++) {
            snprintf(path, sizeof path, "%s%s", prefixes[p], climbs[i]);
            struct tresp r = tc_get(desk, path);
            if (r.status != 404 && r.status != 400)
                fail_msg("%s answered %ld", path, r.status);
            assert_null(r.body ? strstr(r.body, "root:x:0") : NULL);
            tc_resp_free(&r);
        }
    for (size_t i = 0; i < sizeof climbs / sizeof climbs[0]; i++, tried++) {
        snprintf(path, sizeof path, "/api/v1/dossiers/%s/files/%s", code, climbs[i]);
        long s = status_of(desk, path);
        if (s != 404 && s != 400)
            fail_msg("%s answered %ld", path, s);
    }
    printf("path traversal: %d hostile paths, each 400/404, no file\n", tried);
    tc_free(desk);
}

static void assert_no_markup(const char *where, const char *body)
{
    static const char *const raw[] = {"<script>alert", "<img src=x", "<b onmouseover"};
    for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++)
        if (body && strstr(body, raw[i]))
            fail_msg("%s shows raw markup %s", where, raw[i]);
}

static void pdf_text(struct tclient *c, const char *code, int form, char *out, size_t len)
{
    char path[256], file[600], cmd[1024];
    snprintf(path, sizeof path, "/api/v1/dossiers/%s/forms/%d", code, form);
    struct tresp r = tc_get(c, path);
    assert_int_equal(r.status, 200);
    snprintf(file, sizeof file, "%s/form.pdf", test_tmpdir("motcua-hostile"));
    FILE *f = fopen(file, "wb");
    fwrite(r.body, 1, r.len, f);
    fclose(f);
    tc_resp_free(&r);
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 -raw '%s' -", file);
    FILE *p = popen(cmd, "r");
    size_t n = fread(out, 1, len - 1, p);
    out[n] = '\0';
    assert_int_equal(pclose(p), 0);
}

static void test_markup_in_every_field_is_shown_as_text(void **state)
{
    (void)state;
    struct tclient *api = tc_as(TD_DESK);
    char body[2048], code[64], path[256], text[32768];
    snprintf(body, sizeof body,
             "{\"procedure_code\":\"" TD_PROC "\",\"outcome\":\"supplement\","
             "\"received\":[1,1,1,1,1,1,1,1],\"missing\":[\"Giấy <i>chứng</i> sinh\"],"
             "\"reason\":\"%s\",\"applicant\":{\"kind\":\"person\",\"name\":\"%s\","
             "\"id_number\":\"" CCCD "\",\"phone\":\"0912 345 678\",\"address\":\"%s\"}}",
             XSS_REASON, XSS_NAME, XSS_ADDRESS);
    struct tresp r = tc_post_json(api, "/api/v1/dossiers", body);
    assert_int_equal(r.status, 201);
    snprintf(code, sizeof code, "%s", json_string_value(json_object_get(r.json, "code")));
    tc_resp_free(&r);

    struct tclient *page = tc_new(NULL), *anon = tc_new(NULL);
    tc_login_form(page, "tiepnhan.xa", "tiepnhan@2026");
    char pages[3][256];
    snprintf(pages[0], sizeof pages[0], "/desk/ho-so/%s", code);
    snprintf(pages[1], sizeof pages[1], "/desk/ho-so");
    snprintf(pages[2], sizeof pages[2], "/tra-cuu/%s", code);
    for (int i = 0; i < 3; i++) {
        r = tc_get(i == 2 ? anon : page, pages[i]);
        if (r.status != 200)
            fail_msg("%s answered %ld", pages[i], r.status);
        assert_no_markup(pages[i], r.body);
        tc_resp_free(&r);
    }
    snprintf(path, sizeof path, "/desk/ho-so/%s", code);
    r = tc_get(page, path);
    assert_non_null(strstr(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    tc_resp_free(&r);
    pdf_text(api, code, 2, text, sizeof text); /* the request to supplement (Mẫu 02) */
    assert_non_null(strstr(text, "<script>alert(1)</script>"));
    assert_non_null(strstr(text, "<b onmouseover=alert(3)>giấy</b>"));
    tc_free(page);
    tc_free(anon);
    tc_free(api);
}

static void test_sql_metacharacters_find_nothing(void **state)
{
    (void)state;
    struct tclient *desk = tc_as(TD_DESK), *anon = tc_new(NULL);
    static const char *const hostile[] = {
        "' OR 1=1 --",  "%", "_", "\\", "'; DROP TABLE dossiers; --", "%' OR '%'='",
        "\" OR \"\"=\""};
    char path[512];
    int tried = 0;
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        const char *q = tc_escape(desk, hostile[i]);
        static const char *const lists[][2] = {{"/api/v1/procedures?q=", "procedures"},
                                               {"/api/v1/dossiers?name=", "dossiers"},
                                               {"/api/v1/dossiers?code=", "dossiers"},
                                               {"/api/v1/dossiers?id_number=", "dossiers"}};
        for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++, tried++) {
            snprintf(path, sizeof path, "%s%s", lists[k][0], q);
            struct tresp r = tc_get(k == 0 ? anon : desk, path);
            if (r.status != 200 && r.status != 422)
                fail_msg("%s answered %ld", path, r.status);
            if (r.status == 200 && json_array_size(json_object_get(r.json, lists[k][1])) != 0)
                fail_msg("%s found %zu rows", path,
                         json_array_size(json_object_get(r.json, lists[k][1])));
            tc_resp_free(&r);
        }
        static const char *const boxes[] = {"/thu-tuc?q=", "/tra-cuu?code="};
        for (size_t k = 0; k < 2; k++, tried++) {
            snprintf(path, sizeof path, "%s%s", boxes[k], q);
            long s = status_of(anon, path);
            if (s != 200 && s != 404 && s != 422)
                fail_msg("%s answered %ld", path, s);
        }
    }
    assert_true(td_db_int("SELECT COUNT(*) FROM dossiers", NULL) > 0);
    printf("SQL metacharacters: %d searches, no 500, nothing found\n", tried);
    tc_free(desk);
    tc_free(anon);
}

static void test_personal_data_stays_out_of_the_log(void **state)
{
    (void)state;
    char path[1024], line[4096];
    snprintf(path, sizeof path, "%s/server.err", test_env("MOTCUA_TEST_WORK", "/tmp"));
    static const char *const personal[] = {CCCD,           "0912345678",    "0912 345 678",
                                           "Hồ Thị Riêng", "Mai Văn Đường", "script>alert"};
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    int lines = 0;
    while (fgets(line, sizeof line, f)) {
        lines++;
        for (size_t i = 0; i < sizeof personal / sizeof personal[0]; i++)
            if (strstr(line, personal[i]))
                fail_msg("server log holds personal data '%s': %s", personal[i], line);
    }
    fclose(f);
    printf("server log: %d lines, no CCCD, phone or applicant name\n", lines);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_other_peoples_dossiers_are_not_found),
        cmocka_unit_test(test_path_traversal_never_serves_a_file),
        cmocka_unit_test(test_markup_in_every_field_is_shown_as_text),
        cmocka_unit_test(test_sql_metacharacters_find_nothing),
        cmocka_unit_test(test_personal_data_stays_out_of_the_log),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
