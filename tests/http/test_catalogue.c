/* test_catalogue.c — the procedure catalogue over real HTTP, on SQLite and PostgreSQL:
 * search that finds what people type (accents or not, any case, NFD, "dong" → "Đồng"),
 * filters, paging and Vietnamese sort order; versions (an old version keeps its time limit
 * after a new one is published; a stale edit is refused with 409); validation errors that
 * name their field; only admins edit; the synthetic catalogue's size; the CLI import/export
 * round trip; the procedure page and its QR code, decoded by zbarimg. */
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

static struct tclient *admin_client(void)
{
    struct tclient *c = tc_new(NULL);
    assert_int_equal(tc_login_api(c, "admin", "quantri@2026"), 0);
    return c;
}

static json_t *get_json(struct tclient *c, const char *path)
{
    struct tresp r = tc_get(c, path);
    if (r.status != 200)
        fprintf(stderr, "%s: %ld %s\n", path, r.status, r.body);
    assert_int_equal(r.status, 200);
    json_t *j = json_incref(r.json);
    tc_resp_free(&r);
    return j;
}

/* 1 when the search for q lists code among its results. */
static int search_finds(struct tclient *c, const char *q, const char *code)
{
    char path[512];
    snprintf(path, sizeof path, "/api/v1/procedures?per_page=100&q=%s", tc_escape(c, q));
    json_t *j = get_json(c, path);
    int found = 0;
    json_t *list = json_object_get(j, "procedures");
    for (size_t i = 0; i < json_array_size(list); i++)
        found |=
            strcmp(json_string_value(json_object_get(json_array_get(list, i), "code")), code) == 0;
    json_decref(j);
    return found;
}

static long send(struct tclient *c, const char *method, const char *path, const char *body,
                 json_t **out)
{
    struct tresp r = tc_request(c, method, path, "application/json", body, strlen(body), NULL);
    long status = r.status;
    if (out)
        *out = json_incref(r.json);
    tc_resp_free(&r);
    return status;
}

static void expect_field_error(struct tclient *c, const char *method, const char *path,
                               const char *body, long status, const char *field)
{
    json_t *j = NULL;
    long got = send(c, method, path, body, &j);
    json_t *err = json_object_get(j, "error");
    if (got != status || !err)
        fprintf(stderr, "%s %s: %ld %s\n", method, path, got,
                json_string_value(json_object_get(err, "message")));
    assert_int_equal(got, status);
    assert_string_equal(json_string_value(json_object_get(err, "field")), field);
    assert_true(strlen(json_string_value(json_object_get(err, "message"))) > 10);
    json_decref(j);
}

static void test_search_folding(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    static const char *const typed[] = {
        "dang ky khai sinh",
        "Đăng ký khai sinh",
        "ĐĂNG KÝ KHAI SINH",
        "khai sinh",
        "\xc4\x90\x61\xcc\x86ng ky\xcc\x81 khai sinh", /* NFD: ă and ý decomposed */
        "sinh khai",
        "1.001193"};
    for (size_t i = 0; i < sizeof typed / sizeof typed[0]; i++) {
        if (!search_finds(c, typed[i], "1.001193"))
            fail_msg("search for \"%s\" did not find birth registration", typed[i]);
    }
    assert_false(search_finds(c, "khai tu", "1.001193"));
    assert_false(search_finds(c, "100%_", "1.001193"));

    struct tclient *a = admin_client();
    assert_int_equal(send(a, "POST", "/api/v1/procedures",
                          "{\"code\":\"3.000001\",\"name\":\"Cấp phép khai thác cát Đồng Tháp\","
                          "\"field\":\"Khoáng sản\",\"level\":\"province\",\"online\":\"none\","
                          "\"time_limit\":{\"value\":10,\"unit\":\"working_days\"},"
                          "\"fees\":[{\"amount\":50000,\"per\":\"case\"}],\"verified\":true}",
                          NULL),
                     201);
    assert_true(search_finds(c, "dong", "3.000001"));
    assert_true(search_finds(c, "ĐỒNG THÁP", "3.000001"));
    tc_free(a);

    struct tresp r = tc_get(c, "/thu-tuc?q=dang+ky+khai+sinh");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "Đăng ký khai sinh"));
    assert_non_null(strstr(r.body, "/thu-tuc/1.001193"));
    tc_resp_free(&r);
    tc_free(c);
}

static void test_filters_paging_sort(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    json_t *j = get_json(c, "/api/v1/procedures?field="
                            "Ch%E1%BB%A9ng%20th%E1%BB%B1c");
    assert_int_equal(json_integer_value(json_object_get(j, "total")), 2);
    json_decref(j);
    static const char *const filters[][2] = {{"level", "district"}, {"online", "none"}};
    for (int f = 0; f < 2; f++) {
        char path[128];
        snprintf(path, sizeof path, "/api/v1/procedures?per_page=100&%s=%s", filters[f][0],
                 filters[f][1]);
        j = get_json(c, path);
        json_t *list = json_object_get(j, "procedures");
        assert_true(json_array_size(list) > 0);
        for (size_t i = 0; i < json_array_size(list); i++)
            assert_string_equal(
                json_string_value(json_object_get(json_array_get(list, i), filters[f][0])),
                filters[f][1]);
        json_decref(j);
    }
    /* where to submit: district procedures are received at the district counter */
    j = get_json(c, "/api/v1/procedures?per_page=100&agency=GR-MC");
    json_t *list = json_object_get(j, "procedures");
    assert_true(json_array_size(list) >= 5);
    for (size_t i = 0; i < json_array_size(list); i++)
        assert_string_equal(json_string_value(json_object_get(json_array_get(list, i), "level")),
                            "district");
    json_decref(j);

    /* Vietnamese collation: C < D < Đ < T, where byte order would put Đ after T */
    j = get_json(c,
                 "/api/v1/procedures?per_page=100&field=H%E1%BB%99%20t%E1%BB%8Bch&level=commune");
    list = json_object_get(j, "procedures");
    int cap = -1, dang = -1, thay = -1;
    for (size_t i = 0; i < json_array_size(list); i++) {
        const char *name = json_string_value(json_object_get(json_array_get(list, i), "name"));
        if (strncmp(name, "Cấp", strlen("Cấp")) == 0 && cap < 0)
            cap = (int)i;
        if (strncmp(name, "Đăng ký", strlen("Đăng ký")) == 0 && dang < 0)
            dang = (int)i;
        if (strncmp(name, "Thay đổi", strlen("Thay đổi")) == 0)
            thay = (int)i;
    }
    assert_true(cap >= 0 && dang > cap && thay > dang);
    json_decref(j);

    /* paging: two pages of three, no overlap, same total */
    json_t *p1 = get_json(c, "/api/v1/procedures?per_page=3&page=1");
    json_t *p2 = get_json(c, "/api/v1/procedures?per_page=3&page=2");
    assert_int_equal(json_array_size(json_object_get(p1, "procedures")), 3);
    assert_int_equal(json_integer_value(json_object_get(p1, "total")),
                     json_integer_value(json_object_get(p2, "total")));
    for (size_t i = 0; i < 3; i++)
        for (size_t k = 0; k < json_array_size(json_object_get(p2, "procedures")); k++)
            assert_string_not_equal(
                json_string_value(
                    json_object_get(json_array_get(json_object_get(p1, "procedures"), i), "code")),
                json_string_value(
                    json_object_get(json_array_get(json_object_get(p2, "procedures"), k), "code")));
    json_decref(p1);
    json_decref(p2);
    struct tresp r = tc_get(c, "/api/v1/procedures?per_page=500");
    assert_int_equal(r.status, 422);
    tc_resp_free(&r);
    r = tc_get(c, "/api/v1/procedures?level=galaxy");
    assert_int_equal(r.status, 422);
    tc_resp_free(&r);
    tc_free(c);
}

static const char *const marriage_v2 =
    "{\"expected_version\":1,\"code\":\"1.004873\",\"name\":\"Cấp Giấy xác nhận tình trạng hôn "
    "nhân\",\"field\":\"Hộ tịch\",\"level\":\"commune\",\"online\":\"full\","
    "\"time_limit\":{\"value\":5,\"unit\":\"working_days\"},\"verified\":true,"
    "\"steps\":[{\"role\":\"receptionist\",\"budget_hours\":2},"
    "{\"role\":\"specialist\",\"budget_hours\":30},{\"role\":\"leader\",\"budget_hours\":4}]}";

static void test_versions(void **state)
{
    (void)state;
    struct tclient *a = admin_client();
    json_t *j = NULL;
    assert_int_equal(send(a, "PUT", "/api/v1/procedures/1.004873", marriage_v2, &j), 200);
    assert_int_equal(json_integer_value(json_object_get(j, "version")), 2);
    json_decref(j);
    /* the same edit again names a version that is no longer the latest */
    expect_field_error(a, "PUT", "/api/v1/procedures/1.004873", marriage_v2, 409,
                       "expected_version");

    struct tclient *c = tc_new(NULL);
    j = get_json(c, "/api/v1/procedures/1.004873");
    assert_int_equal(json_integer_value(json_object_get(j, "version")), 2);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "time_limit"), "value")),
                     5);
    json_decref(j);
    /* a dossier received under version 1 still reads version 1's time limit */
    j = get_json(c, "/api/v1/procedures/1.004873?version=1");
    assert_int_equal(json_integer_value(json_object_get(j, "version")), 1);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "time_limit"), "value")),
                     3);
    assert_int_equal(json_integer_value(json_object_get(j, "latest_version")), 2);
    json_decref(j);
    struct tresp r = tc_get(c, "/thu-tuc/1.004873?version=1");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "3 ngày làm việc"));
    assert_non_null(strstr(r.body, "phiên bản mới nhất là 2"));
    tc_resp_free(&r);
    r = tc_get(c, "/api/v1/procedures/1.004873?version=9");
    assert_int_equal(r.status, 404);
    tc_resp_free(&r);
    r = tc_get(c, "/api/v1/procedures/9.999999");
    assert_int_equal(r.status, 404);
    tc_resp_free(&r);

    /* retiring takes it out of the public search, its versions stay readable */
    assert_int_equal(send(a, "POST", "/api/v1/procedures/1.011607/retire", "{}", NULL), 200);
    assert_false(search_finds(c, "ho ngheo", "1.011607"));
    j = get_json(c, "/api/v1/procedures/1.011607");
    assert_true(json_is_integer(json_object_get(j, "retired_at")));
    json_decref(j);
    assert_int_equal(send(a, "POST", "/api/v1/procedures/1.011607/retire", "{}", NULL), 409);

    /* every change is in the audit log */
    j = get_json(a, "/api/v1/audit");
    char *dump = json_dumps(j, 0);
    assert_non_null(strstr(dump, "procedure.version"));
    assert_non_null(strstr(dump, "procedure.retire"));
    free(dump);
    json_decref(j);
    tc_free(c);
    tc_free(a);
}

static void test_validation(void **state)
{
    (void)state;
    struct tclient *a = admin_client();
    const char *base =
        "\"name\":\"Thử\",\"field\":\"Thử\",\"level\":\"commune\",\"online\":\"none\"";
    char body[1024];
    snprintf(body, sizeof body,
             "{\"code\":\"3.000002\",%s,\"time_limit\":{\"value\":1,\"unit\":\"working_days\"},"
             "\"steps\":[{\"role\":\"receptionist\",\"budget_hours\":2},{\"role\":\"specialist\","
             "\"budget_hours\":4},{\"role\":\"leader\",\"budget_hours\":4}]}",
             base);
    expect_field_error(a, "POST", "/api/v1/procedures", body, 422, "steps[2].budget_hours");
    snprintf(body, sizeof body,
             "{\"code\":\"3.000002\",%s,\"time_limit\":{\"value\":1,\"unit\":\"working_days\"},"
             "\"fees\":[{\"amount\":20000}]}",
             base);
    expect_field_error(a, "POST", "/api/v1/procedures", body, 422, "fees[0].per");
    snprintf(body, sizeof body,
             "{\"code\":\"3.000002\",%s,\"time_limit\":{\"value\":1,\"unit\":\"working_days\"},"
             "\"agencies\":{\"implementing\":[\"NO-SUCH-UNIT\"]}}",
             base);
    expect_field_error(a, "POST", "/api/v1/procedures", body, 422, "agencies.implementing[0]");
    snprintf(body, sizeof body,
             "{\"code\":\"1.1193\",%s,\"time_limit\":{\"value\":1,\"unit\":\"working_days\"}}",
             base);
    expect_field_error(a, "POST", "/api/v1/procedures", body, 422, "code");
    expect_field_error(a, "POST", "/api/v1/procedures",
                       "{\"code\":\"3.000002\",\"name\":\"A\",\"field\":\"B\",\"level\":\"galaxy\","
                       "\"time_limit\":{\"value\":1,\"unit\":\"working_days\"}}",
                       422, "level");
    snprintf(body, sizeof body,
             "{\"code\":\"3.000002\",%s,\"time_limit\":{\"value\":1,\"unit\":\"fortnights\"}}",
             base);
    expect_field_error(a, "POST", "/api/v1/procedures", body, 422, "time_limit.unit");
    expect_field_error(a, "PUT", "/api/v1/procedures/1.001193/units",
                       "{\"units\":[{\"unit\":\"GR-X99\",\"role\":\"receive\"}]}", 422,
                       "units[0].unit");
    assert_int_equal(send(a, "PUT", "/api/v1/procedures/1.001193/units",
                          "{\"units\":[{\"unit\":\"GR-X01-MC\",\"role\":\"receive\"},"
                          "{\"unit\":\"GR-X02\",\"role\":\"resolve\"}]}",
                          NULL),
                     200);
    tc_free(a);
}

static void test_only_admins_edit(void **state)
{
    (void)state;
    struct tclient *anon = tc_new(NULL), *staff = tc_new(NULL);
    assert_int_equal(tc_login_api(staff, "tiepnhan", "tiepnhan@2026"), 0);
    const char *units = "{\"units\":[]}";
    assert_int_equal(send(anon, "PUT", "/api/v1/procedures/1.001193", marriage_v2, NULL), 401);
    assert_int_equal(send(staff, "PUT", "/api/v1/procedures/1.001193", marriage_v2, NULL), 403);
    assert_int_equal(send(anon, "PUT", "/api/v1/procedures/1.001193/units", units, NULL), 401);
    assert_int_equal(send(staff, "PUT", "/api/v1/procedures/1.001193/units", units, NULL), 403);
    struct tresp r = tc_get(staff, "/desk/thu-tuc");
    tc_resp_free(&r);
    tc_free(anon);
    tc_free(staff);

    /* the admin's edit form: an error is shown in the summary and beside its field */
    struct tclient *page = tc_new(NULL);
    const char *token = tc_login_form(page, "admin", "quantri@2026");
    assert_non_null(token);
    char csrf[256];
    snprintf(csrf, sizeof csrf, "%s", token);
    char form[2048];
    snprintf(form, sizeof form,
             "csrf=%s&expected_version=1&name=%s&field=%s&level=commune&online=full"
             "&limit_value=1&limit_unit=working_days&steps=%s",
             csrf, tc_escape(page, "Chứng thực chữ ký"), tc_escape(page, "Chứng thực"),
             tc_escape(page, "[{\"role\":\"specialist\",\"budget_hours\":40}]"));
    r = tc_post_form(page, "/desk/thu-tuc/2.000884", form);
    if (r.status != 422)
        fprintf(stderr, "%s\n", r.body);
    assert_int_equal(r.status, 422);
    assert_non_null(strstr(r.body, "error-summary"));
    assert_non_null(strstr(r.body, "href=\"#steps\""));
    assert_non_null(strstr(r.body, "field-error"));
    tc_resp_free(&r);
    r = tc_get(page, "/desk/thu-tuc/2.000884");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "name=\"expected_version\" value=\"1\""));
    tc_resp_free(&r);
    tc_free(page);
}

static int run(const char *cmd)
{
    int rc = system(cmd);
    if (rc != 0)
        fprintf(stderr, "command failed (%d): %s\n", rc, cmd);
    return rc;
}

static void test_synthetic_catalogue(void **state)
{
    (void)state;
    char cmd[2048];
    const char *bin = test_env("MOTCUA_BIN", "motcua"), *db = test_env("MOTCUA_TEST_DB", "");
    snprintf(cmd, sizeof cmd, "'%s' demo --procedures --db '%s' >/dev/null 2>&1", bin, db);
    assert_int_equal(run(cmd), 0);
    assert_int_equal(run(cmd), 0); /* a second run adds nothing */
    struct tclient *c = tc_new(NULL);
    json_t *j = get_json(c, "/api/v1/procedures?q=tong+hop&level=district");
    assert_int_equal(json_integer_value(json_object_get(j, "total")), 346);
    json_decref(j);
    j = get_json(c, "/api/v1/procedures?q=%5BT%E1%BB%95ng%20h%E1%BB%A3p%5D&level=commune");
    assert_int_equal(json_integer_value(json_object_get(j, "total")), 130);
    json_decref(j);
    struct tresp r = tc_get(c, "/thu-tuc?q=tong+hop&page=3");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "Trang 3/24"));
    assert_non_null(strstr(r.body, "Dữ liệu minh họa"));
    tc_resp_free(&r);
    tc_free(c);
}

static void test_import_export_round_trip(void **state)
{
    (void)state;
    const char *bin = test_env("MOTCUA_BIN", "motcua"), *db = test_env("MOTCUA_TEST_DB", "");
    const char *dir = test_tmpdir("motcua-catalogue");
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "set -e; cd '%s'; '%s' export procedures --db '%s' > e1.json 2>/dev/null;"
             " '%s' init --demo --db fresh.db >/dev/null 2>&1;"
             " '%s' import procedures e1.json --db fresh.db >/dev/null 2>&1;"
             " '%s' export procedures --db fresh.db > e2.json 2>/dev/null;"
             " cmp e1.json e2.json;"
             " grep -q '\"version\": 2' e1.json; grep -q '\"retired_at\"' e1.json;"
             " grep -q '\"code\": \"0.000001\"' e1.json",
             dir, bin, db, bin, bin, bin);
    assert_int_equal(run(cmd), 0);
    /* a broken file is refused with the entry and field, and changes nothing */
    snprintf(cmd, sizeof cmd,
             "cd '%s'; printf '{\"procedures\":[{\"code\":\"4.000001\",\"name\":\"X\","
             "\"field\":\"Y\",\"level\":\"commune\",\"time_limit\":{\"value\":1,"
             "\"unit\":\"working_days\"}},{\"name\":\"Z\"}]}' > bad.json;"
             " '%s' import procedures bad.json --db fresh.db 2>err.txt; test $? -eq 2 &&"
             " grep -q 'procedures\\[1\\].field' err.txt &&"
             " '%s' export procedures --db fresh.db | cmp - e2.json",
             dir, bin, bin);
    assert_int_equal(run(cmd), 0);
}

static void test_procedure_page_and_qr(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    struct tresp r = tc_get(c, "/thu-tuc/1.001193");
    assert_int_equal(r.status, 200);
    static const char *const wants[] = {"Đăng ký khai sinh",
                                        "Tờ khai đăng ký khai sinh",
                                        "TK-KS",
                                        "Trong ngày làm việc",
                                        "Miễn phí",
                                        "Bộ phận Tiếp nhận và Trả kết quả thị trấn Giồng Riềng",
                                        "Nộp trực tuyến",
                                        "Luật Hộ tịch 2014",
                                        "/thu-tuc/1.001193/qr.svg"};
    for (size_t i = 0; i < sizeof wants / sizeof wants[0]; i++)
        if (!strstr(r.body, wants[i]))
            fail_msg("procedure page lacks \"%s\"", wants[i]);
    assert_null(strstr(r.body, "Dữ liệu minh họa"));
    tc_resp_free(&r);
    r = tc_get(c, "/thu-tuc/2.000635"); /* verified: false in the demo catalogue */
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "Dữ liệu minh họa"));
    assert_non_null(strstr(r.body, "8.000 đồng"));
    tc_resp_free(&r);

    r = tc_get(c, "/thu-tuc/1.001193/qr.svg");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(tc_header(&r, "Content-Type"), "image/svg+xml"));
    const char *dir = test_tmpdir("motcua-qr");
    char path[512], cmd[2048], decoded[512] = "";
    snprintf(path, sizeof path, "%s/qr.svg", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(r.body, 1, r.len, f);
    fclose(f);
    tc_resp_free(&r);
    snprintf(cmd, sizeof cmd,
             "rsvg-convert -w 400 '%s/qr.svg' -o '%s/qr.png' && zbarimg -q --raw '%s/qr.png' "
             "2>/dev/null",
             dir, dir, dir);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(decoded, 1, sizeof decoded - 1, p);
    decoded[n] = '\0';
    assert_int_equal(pclose(p), 0);
    decoded[strcspn(decoded, "\n")] = '\0';
    const char *suffix = "/thu-tuc/1.001193";
    assert_true(strlen(decoded) > strlen(suffix));
    assert_string_equal(decoded + strlen(decoded) - strlen(suffix), suffix);
    assert_true(strncmp(decoded, "http", 4) == 0);
    r = tc_get(c, "/thu-tuc/nope");
    assert_int_equal(r.status, 404);
    tc_resp_free(&r);
    tc_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_search_folding),
        cmocka_unit_test(test_filters_paging_sort),
        cmocka_unit_test(test_versions),
        cmocka_unit_test(test_validation),
        cmocka_unit_test(test_only_admins_edit),
        cmocka_unit_test(test_procedure_page_and_qr),
        cmocka_unit_test(test_synthetic_catalogue),
        cmocka_unit_test(test_import_export_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
