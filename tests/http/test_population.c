/* test_population.c — filling a person from the national population database by CCCD,
 * against the stand-in (tests/standin/population.py) as a real HTTP peer over loopback: a
 * second server is started with MOTCUA_PARTNER_POPULATION_URL pointing at it.
 *  - the receptionist gets name, birth date, sex and permanent address; the lookup is in the
 *    audit chain with its purpose, its outcome and the actor, and the chain still verifies;
 *  - a number nobody holds is 404, a partner that is down or too slow is 503 with a message
 *    saying to type the details in — each audited too; a bad number or no purpose is 422 and
 *    never reaches the partner;
 *  - a citizen gets only their own record (a stranger's number answers as unknown), a
 *    specialist nothing;
 *  - the counter's form: "Lấy thông tin từ CSDL dân cư" fills name, birth date and address for
 *    the officer to confirm, and when the partner is down says so and keeps what was typed;
 *  - a server without the partner does not offer the button and answers 503. */
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

#define AN   "001190012345" /* Nguyễn Văn An in tests/standin/population.json */
#define BINH "079185004321" /* Trần Thị Bình */

static char standin[128], server[128];
static pid_t standin_pid, server_pid;

static int start_both(void **state)
{
    (void)state;
    const char *args[] = {"--user", "motcua", "--password", "population-secret", NULL};
    standin_pid = tsi_start("population.py", args, standin, sizeof standin);
    if (standin_pid < 0)
        return -1;
    static char url_env[256];
    snprintf(url_env, sizeof url_env, "MOTCUA_PARTNER_POPULATION_URL=%s/tra-cuu-cong-dan", standin);
    const char *env[] = {url_env, "MOTCUA_PARTNER_POPULATION_USER=motcua",
                         "MOTCUA_PARTNER_POPULATION_PASSWORD=population-secret", NULL};
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

static void fault(const char *json)
{
    json_decref(tsi_control(standin, "/_control/fault", json));
}

static struct tclient *as(const char *user, const char *password)
{
    struct tclient *c = tc_new(server);
    assert_int_equal(tc_login_api(c, user, password), 0);
    return c;
}

static struct tresp lookup(struct tclient *c, const char *id_number, const char *purpose)
{
    char body[512];
    snprintf(body, sizeof body, "{\"id_number\": \"%s\", \"purpose\": \"%s\"}", id_number, purpose);
    return tc_post_json(c, "/api/v1/population/lookup", body);
}

/* The newest audit entry about id_number: "actor|summary" in out, or "" when there is none. */
static void last_audit(const char *id_number, char *out, size_t len)
{
    const char *params[] = {id_number, NULL};
    out[0] = '\0';
    td_db_text("SELECT actor || '|' || summary FROM audit_log WHERE action = 'population.lookup'"
               " AND object_id = $1 ORDER BY seq DESC LIMIT 1",
               params, out, len);
}

static int64_t lookups_audited(void)
{
    return td_db_int("SELECT COUNT(*) FROM audit_log WHERE action = 'population.lookup'", NULL);
}

static void expect_audit(const char *id_number, const char *actor, const char *outcome)
{
    char got[1024], want[128];
    last_audit(id_number, got, sizeof got);
    snprintf(want, sizeof want, "%s|", actor);
    if (strncmp(got, want, strlen(want)) != 0)
        fail_msg("audit of %s: %s, want actor %s", id_number, got, actor);
    snprintf(want, sizeof want, "\"outcome\":\"%s\"", outcome);
    if (!strstr(got, want) || !strstr(got, "\"purpose\":"))
        fail_msg("audit of %s: %s, want %s and a purpose", id_number, got, want);
}

static void test_receptionist_fills_from_population(void **state)
{
    (void)state;
    fault("{\"mode\": \"none\"}");
    struct tclient *desk = as(TD_DESK);
    struct tresp r = lookup(desk, AN, "Tiếp nhận hồ sơ đăng ký khai sinh");
    tc_expect(&r, 200, NULL);
    assert_string_equal(tj_str(r.json, "name"), "Nguyễn Văn An");
    assert_string_equal(tj_str(r.json, "birth_date"), "1990-03-15");
    assert_string_equal(tj_str(r.json, "sex"), "Nam");
    assert_non_null(strstr(tj_str(r.json, "address"), "Hàng Bông"));
    tc_resp_free(&r);
    expect_audit(AN, "tiepnhan.xa", "found");
    char got[1024];
    last_audit(AN, got, sizeof got);
    assert_non_null(strstr(got, "Tiếp nhận hồ sơ đăng ký khai sinh"));
    /* the partner was told the purpose and who asked */
    json_t *st = tsi_control(standin, "/_control/reset", "{}");
    json_decref(st);
    assert_int_equal(ts_audit_verify(NULL), 0);
    tc_free(desk);
}

static void test_partner_tells_who_asked_and_why(void **state)
{
    (void)state;
    json_decref(tsi_control(standin, "/_control/reset", "{}"));
    struct tclient *desk = as(TD_DESK);
    struct tresp r = lookup(desk, BINH, "Đối chiếu thông tin người nộp");
    tc_expect(&r, 200, NULL);
    tc_resp_free(&r);
    struct tclient *peer = tc_new(standin);
    r = tc_get(peer, "/_control/state");
    json_t *seen = json_array_get(json_object_get(r.json, "lookups"), 0);
    assert_string_equal(tj_str(seen, "soDinhDanh"), BINH);
    assert_string_equal(tj_str(seen, "mucDich"), "Đối chiếu thông tin người nộp");
    assert_string_equal(tj_str(seen, "nguoiTraCuu"), "tiepnhan.xa");
    tc_resp_free(&r);
    tc_free(peer);
    tc_free(desk);
}

static void test_unknown_down_slow_and_bad_input(void **state)
{
    (void)state;
    fault("{\"mode\": \"none\"}");
    struct tclient *desk = as(TD_DESK);
    struct tresp r = lookup(desk, "001190099999", "Tiếp nhận hồ sơ");
    tc_expect(&r, 404, NULL);
    tc_resp_free(&r);
    expect_audit("001190099999", "tiepnhan.xa", "not_found");

    fault("{\"mode\": \"not_found\"}");
    r = lookup(desk, AN, "Tiếp nhận hồ sơ");
    tc_expect(&r, 404, NULL);
    tc_resp_free(&r);
    expect_audit(AN, "tiepnhan.xa", "not_found");

    fault("{\"mode\": \"down\"}");
    r = lookup(desk, AN, "Tiếp nhận hồ sơ");
    tc_expect(&r, 503, NULL);
    const char *msg =
        json_string_value(json_object_get(json_object_get(r.json, "error"), "message"));
    assert_non_null(msg);
    assert_non_null(strstr(msg, "Không kết nối được CSDL quốc gia về dân cư"));
    assert_non_null(strstr(msg, "nhập thông tin"));
    tc_resp_free(&r);
    expect_audit(AN, "tiepnhan.xa", "unavailable");

    /* slower than the counter can wait (5 s) */
    fault("{\"mode\": \"slow\", \"ms\": 7000}");
    r = lookup(desk, BINH, "Tiếp nhận hồ sơ");
    tc_expect(&r, 503, NULL);
    tc_resp_free(&r);
    expect_audit(BINH, "tiepnhan.xa", "unavailable");
    fault("{\"mode\": \"none\"}");

    int64_t before = lookups_audited();
    r = lookup(desk, "12345", "Tiếp nhận hồ sơ");
    tc_expect(&r, 422, "id_number");
    tc_resp_free(&r);
    r = tc_post_json(desk, "/api/v1/population/lookup", "{\"id_number\": \"" AN "\"}");
    assert_true(r.status == 400 || r.status == 422);
    assert_string_equal(tj_str(json_object_get(r.json, "error"), "field"), "purpose");
    tc_resp_free(&r);
    assert_int_equal(lookups_audited(), before);
    tc_free(desk);
}

static void test_citizen_only_own_record(void **state)
{
    (void)state;
    fault("{\"mode\": \"none\"}");
    /* a citizen account bearing the name the database holds for AN */
    static const char password[] = "MatKhau@2026dai";
    char *saved = getenv("MOTCUA_TEST_URL") ? strdup(getenv("MOTCUA_TEST_URL")) : NULL;
    setenv("MOTCUA_TEST_URL", server, 1);
    struct tclient *an = tc_citizen("0915777001", "0915777001", "Nguyễn Văn An", password);
    if (saved) {
        setenv("MOTCUA_TEST_URL", saved, 1);
        free(saved);
    }
    struct tresp r = lookup(an, AN, "Công dân điền hồ sơ trực tuyến");
    tc_expect(&r, 200, NULL);
    assert_string_equal(tj_str(r.json, "birth_date"), "1990-03-15");
    tc_resp_free(&r);
    expect_audit(AN, "0915777001", "found");
    r = lookup(an, BINH, "Công dân điền hồ sơ trực tuyến");
    tc_expect(&r, 404, NULL);
    assert_null(strstr(r.body, "Bình"));
    tc_resp_free(&r);
    expect_audit(BINH, "0915777001", "not_own");
    tc_free(an);

    struct tclient *spec = as(TD_SPEC);
    r = lookup(spec, AN, "Tò mò");
    assert_int_equal(r.status, 403);
    tc_resp_free(&r);
    tc_free(spec);
}

static void test_counter_form_fills_and_survives_outage(void **state)
{
    (void)state;
    fault("{\"mode\": \"none\"}");
    struct tclient *c = tc_new(server);
    const char *csrf = tc_login_form(c, TD_DESK);
    struct tresp r = tc_get(c, "/desk/tiep-nhan?procedure=" TD_PROC);
    tc_expect(&r, 200, NULL);
    assert_non_null(strstr(r.body, "Lấy thông tin từ CSDL dân cư"));
    tc_resp_free(&r);
    char body[1024];
    snprintf(body, sizeof body,
             "csrf=%s&procedure_code=" TD_PROC "&applicant_id_number=" AN
             "&applicant_name=%s&applicant_phone=0912000111&population=1",
             tc_escape(c, csrf), tc_escape(c, "Nguyen Van A"));
    r = tc_post_form(c, "/desk/tiep-nhan", body);
    tc_expect(&r, 200, NULL);
    assert_non_null(strstr(r.body, "id=\"population-found\""));
    assert_string_equal(tc_input_value(r.body, "applicant_name"), "Nguyễn Văn An");
    assert_non_null(
        strstr(r.body, "name=\"applicant_birth_date\" type=\"date\" value=\"1990-03-15\""));
    assert_non_null(strstr(tc_input_value(r.body, "applicant_address"), "Hàng Bông"));
    assert_non_null(strstr(r.body, "name=\"applicant_phone\" type=\"tel\" value=\"0912000111\""));
    tc_resp_free(&r);
    /* nothing was kept: the officer has not confirmed */
    const char *params[] = {AN, NULL};
    assert_int_equal(td_db_int("SELECT COUNT(*) FROM dossiers WHERE applicant_id = $1", params), 0);

    fault("{\"mode\": \"down\"}");
    r = tc_post_form(c, "/desk/tiep-nhan", body);
    tc_expect(&r, 200, NULL);
    assert_non_null(strstr(r.body, "id=\"population-problem\""));
    assert_non_null(strstr(r.body, "Không kết nối được CSDL quốc gia về dân cư"));
    assert_string_equal(tc_input_value(r.body, "applicant_name"), "Nguyen Van A");
    tc_resp_free(&r);
    fault("{\"mode\": \"none\"}");
    tc_free(c);
}

/* The server with-server.sh started has no partner configured. */
static void test_without_partner(void **state)
{
    (void)state;
    struct tclient *desk = tc_as(TD_DESK);
    struct tresp r = lookup(desk, AN, "Tiếp nhận hồ sơ");
    tc_expect(&r, 503, NULL);
    assert_non_null(strstr(r.body, "Chưa cấu hình"));
    tc_resp_free(&r);
    tc_free(desk);
    struct tclient *c = tc_new(NULL);
    tc_login_form(c, TD_DESK);
    r = tc_get(c, "/desk/tiep-nhan?procedure=" TD_PROC);
    tc_expect(&r, 200, NULL);
    assert_null(strstr(r.body, "Lấy thông tin từ CSDL dân cư"));
    tc_resp_free(&r);
    tc_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_receptionist_fills_from_population),
        cmocka_unit_test(test_partner_tells_who_asked_and_why),
        cmocka_unit_test(test_unknown_down_slow_and_bad_input),
        cmocka_unit_test(test_citizen_only_own_record),
        cmocka_unit_test(test_counter_form_fills_and_survives_outage),
        cmocka_unit_test(test_without_partner),
    };
    return cmocka_run_group_tests(tests, start_both, stop_both);
}
