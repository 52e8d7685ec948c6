/* test_national_catalogue.c — importing a unit's procedures from the national catalogue on
 * the portal stand-in (tests/standin/portal.py, a real HTTP peer over loopback) into the
 * versioned catalogue:
 *  - procedures the demo catalogue already has get a new version carrying the national
 *    content and the local steps; the old version is still readable as it was; a procedure
 *    seen for the first time is added; the report says which is which;
 *  - the same import again changes nothing; a change on the national catalogue gives exactly
 *    that procedure a new version;
 *  - the portal down: 503, nothing written; only an administrator may import; the import is
 *    audited. */
#include "tcheck.h"
#include "tclient.h"
#include "tdesk.h"
#include "testutil.h"
#include "tserver.h"
#include "tstandin.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UNIT "000.00.11.H26" /* 1.001193, 2.000815, 1.004227 in tests/standin/catalogue.json */

static char standin[128], server[128];
static pid_t standin_pid, server_pid;

static int start_both(void **state)
{
    (void)state;
    standin_pid = tsi_start("portal.py", NULL, standin, sizeof standin);
    if (standin_pid < 0)
        return -1;
    static char url_env[256];
    snprintf(url_env, sizeof url_env, "MOTCUA_PARTNER_DVCQG_URL=%s", standin);
    /* the catalogue asks the partner on the portal adapter, with the adapter's session */
    const char *env[] = {"MOTCUA_PARTNERS=dvcqg",
                         "MOTCUA_PARTNER_DVCQG_ADAPTER=portal",
                         url_env,
                         "MOTCUA_PARTNER_DVCQG_USER=motcua",
                         "MOTCUA_PARTNER_DVCQG_PASSWORD=motcua-secret",
                         NULL};
    server_pid = ts_start(NULL, env, server, sizeof server);
    return server_pid < 0 ? -1 : 0;
}

static int stop_both(void **state)
{
    (void)state;
    int rc = ts_stop(server_pid);
    tsi_stop(standin_pid);
    return rc;
}

static struct tclient *as(const char *user, const char *password)
{
    struct tclient *c = tc_new(server);
    assert_int_equal(tc_login_api(c, user, password), 0);
    return c;
}

static json_t *import_ok(struct tclient *admin)
{
    struct tresp r =
        tc_post_json(admin, "/api/v1/national-catalogue/import", "{\"madonvi\": \"" UNIT "\"}");
    tc_expect(&r, 200, NULL);
    json_t *out = json_incref(r.json);
    tc_resp_free(&r);
    return out;
}

static const char *outcome_of(json_t *report, const char *code)
{
    json_t *items = json_object_get(report, "items");
    for (size_t i = 0; i < json_array_size(items); i++)
        if (strcmp(tj_str(json_array_get(items, i), "code"), code) == 0)
            return tj_str(json_array_get(items, i), "outcome");
    return "";
}

/* GET /api/v1/procedures/{code}[?version=v] as the admin. */
static json_t *procedure(struct tclient *c, const char *code, int version)
{
    char path[128];
    if (version)
        snprintf(path, sizeof path, "/api/v1/procedures/%s?version=%d", code, version);
    else
        snprintf(path, sizeof path, "/api/v1/procedures/%s", code);
    struct tresp r = tc_get(c, path);
    tc_expect(&r, 200, NULL);
    json_t *out = json_incref(r.json);
    tc_resp_free(&r);
    return out;
}

static int64_t versions_written(void)
{
    return td_db_int("SELECT COUNT(*) FROM procedure_versions", NULL);
}

static void test_import_adds_and_versions(void **state)
{
    (void)state;
    struct tclient *admin = as("admin", "quantri@2026");
    json_t *before = procedure(admin, "1.001193", 0);
    int v1 = (int)json_integer_value(json_object_get(before, "version"));
    const char *old_name = tj_str(before, "name");
    size_t steps = json_array_size(json_object_get(before, "steps"));
    assert_true(steps > 0);

    json_t *rep = import_ok(admin);
    assert_int_equal(json_integer_value(json_object_get(rep, "added")), 1);
    assert_int_equal(json_integer_value(json_object_get(rep, "changed")), 2);
    assert_string_equal(outcome_of(rep, "1.004227"), "added");
    assert_string_equal(outcome_of(rep, "1.001193"), "changed");
    assert_string_equal(outcome_of(rep, "2.000815"), "changed");
    json_decref(rep);

    json_t *now = procedure(admin, "1.001193", 0);
    assert_int_equal(json_integer_value(json_object_get(now, "version")), v1 + 1);
    assert_string_equal(tj_str(now, "name"), "Đăng ký khai sinh");
    assert_true(json_is_true(json_object_get(now, "verified")));
    assert_int_equal(json_array_size(json_object_get(now, "steps")), steps); /* local, kept */
    assert_int_equal(json_array_size(json_object_get(now, "components")), 2);
    json_decref(now);
    /* history is not edited */
    json_t *old = procedure(admin, "1.001193", v1);
    assert_string_equal(tj_str(old, "name"), old_name);
    json_decref(old);
    json_decref(before);

    json_t *added = procedure(admin, "1.004227", 0);
    assert_int_equal(json_integer_value(json_object_get(added, "version")), 1);
    assert_string_equal(tj_str(added, "level"), "district");
    assert_string_equal(tj_str(json_object_get(added, "time_limit"), "unit"), "working_days");
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(added, "time_limit"), "value")), 10);
    json_t *fee = json_array_get(json_object_get(added, "fees"), 0);
    assert_int_equal(json_integer_value(json_object_get(fee, "amount")), 50000);
    json_decref(added);

    assert_int_equal(td_db_int("SELECT COUNT(*) FROM audit_log WHERE action = "
                               "'procedure.import_national' AND object_id = '" UNIT "'",
                               NULL),
                     1);
    tc_free(admin);
}

static void test_import_again_changes_nothing_but_what_changed(void **state)
{
    (void)state;
    struct tclient *admin = as("admin", "quantri@2026");
    int64_t written = versions_written();
    json_t *rep = import_ok(admin);
    assert_int_equal(json_integer_value(json_object_get(rep, "unchanged")), 3);
    assert_int_equal(json_integer_value(json_object_get(rep, "added")), 0);
    assert_int_equal(json_integer_value(json_object_get(rep, "changed")), 0);
    json_decref(rep);
    assert_int_equal(versions_written(), written);

    /* the nation renames one procedure */
    json_decref(tsi_control(
        standin, "/_control/catalogue",
        "{\"procedure\": {\"MATTHC\": \"1.004227\", \"TENTTHC\": \"Cấp lại Giấy chứng nhận "
        "quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do bị mất\", \"CAPTHUCHIEN\": "
        "\"Cấp Huyện\", \"LINHVUCTHUCHIEN\": [{\"MALINHVUC\": \"G09-TN01\", \"TENLINHVUC\": "
        "\"Đất đai\"}], \"MUCDO\": \"Một phần\", \"CACHTHUCTHUCHIEN\": [{\"KENH\": \"Trực "
        "tiếp\", \"THOIGIAN\": [{\"THOIGIANGIAIQUYET\": \"10\", \"DONVITINH\": \"Ngày làm "
        "việc\", \"PHILEPHI\": []}]}]}}"));
    rep = import_ok(admin);
    assert_string_equal(outcome_of(rep, "1.004227"), "changed");
    assert_string_equal(outcome_of(rep, "1.001193"), "unchanged");
    assert_int_equal(json_integer_value(json_object_get(rep, "changed")), 1);
    json_decref(rep);
    assert_int_equal(versions_written(), written + 1);
    json_t *p = procedure(admin, "1.004227", 0);
    assert_int_equal(json_integer_value(json_object_get(p, "version")), 2);
    assert_non_null(strstr(tj_str(p, "name"), "quyền sở hữu tài sản"));
    json_decref(p);
    tc_free(admin);
}

static void test_portal_down_and_not_admin(void **state)
{
    (void)state;
    struct tclient *admin = as("admin", "quantri@2026");
    int64_t written = versions_written();
    json_decref(tsi_control(standin, "/_control/fault", "{\"mode\": \"down\"}"));
    struct tresp r =
        tc_post_json(admin, "/api/v1/national-catalogue/import", "{\"madonvi\": \"" UNIT "\"}");
    tc_expect(&r, 503, NULL);
    assert_non_null(strstr(r.body, "Cổng Dịch vụ công quốc gia"));
    tc_resp_free(&r);
    json_decref(tsi_control(standin, "/_control/fault", "{\"mode\": \"none\"}"));
    assert_int_equal(versions_written(), written);

    r = tc_post_json(admin, "/api/v1/national-catalogue/import", "{}");
    tc_expect(&r, 422, "madonvi");
    tc_resp_free(&r);
    tc_free(admin);

    struct tclient *desk = as(TD_DESK);
    r = tc_post_json(desk, "/api/v1/national-catalogue/import", "{\"madonvi\": \"" UNIT "\"}");
    assert_int_equal(r.status, 403);
    tc_resp_free(&r);
    tc_free(desk);
    assert_int_equal(versions_written(), written);
}

/* The administrator's page: the form, then the report of an import made from it. */
static void test_admin_page_imports(void **state)
{
    (void)state;
    struct tclient *c = tc_new(server);
    const char *csrf = tc_login_form(c, "admin", "quantri@2026");
    struct tresp r = tc_get(c, "/desk/thu-tuc");
    tc_expect(&r, 200, NULL);
    assert_non_null(strstr(r.body, "href=\"/desk/danh-muc-quoc-gia\""));
    tc_resp_free(&r);
    r = tc_get(c, "/desk/danh-muc-quoc-gia");
    tc_expect(&r, 200, NULL);
    assert_non_null(strstr(r.body, "name=\"madonvi\""));
    tc_resp_free(&r);
    char body[256];
    snprintf(body, sizeof body, "csrf=%s&madonvi=%s", tc_escape(c, csrf), UNIT);
    r = tc_post_form(c, "/desk/danh-muc-quoc-gia", body);
    tc_expect(&r, 200, NULL);
    assert_non_null(strstr(r.body, "Không đổi 3"));
    assert_non_null(strstr(r.body, "<code>1.004227</code>"));
    tc_resp_free(&r);
    json_decref(tsi_control(standin, "/_control/fault", "{\"mode\": \"down\"}"));
    r = tc_post_form(c, "/desk/danh-muc-quoc-gia", body);
    tc_expect(&r, 503, NULL);
    assert_non_null(strstr(r.body, "Không kết nối được Cổng Dịch vụ công quốc gia"));
    tc_resp_free(&r);
    json_decref(tsi_control(standin, "/_control/fault", "{\"mode\": \"none\"}"));
    tc_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import_adds_and_versions),
        cmocka_unit_test(test_import_again_changes_nothing_but_what_changed),
        cmocka_unit_test(test_portal_down_and_not_admin),
        cmocka_unit_test(test_admin_page_imports),
    };
    return cmocka_run_group_tests(tests, start_both, stop_both);
}
