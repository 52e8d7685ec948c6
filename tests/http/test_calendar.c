/* test_calendar.c — the calendar over HTTP and on the command line: the API mirrors
 * `motcua calendar` (lunar, solar, holidays, due), bad input is answered 422 with the field,
 * an admin's replacement of an official year changes the holidays and the due dates at once,
 * and a unit's own office hours are used for its deadlines. The CLI contract (exact output,
 * exit 2 with nothing on stdout for bad input) is checked with the same binary. */
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
#include <sys/wait.h>

static void test_lunar_and_solar(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    struct tresp r = tc_get(c, "/api/v1/calendar/lunar?date=2025-07-25");
    assert_int_equal(r.status, 200);
    assert_string_equal(tj_str(json_object_get(r.json, "lunar"), "text"), "1/6+/2025");
    tc_resp_free(&r);
    r = tc_get(c, "/api/v1/calendar/solar?lunar=1/1/2027");
    assert_int_equal(r.status, 200);
    assert_string_equal(tj_str(r.json, "date"), "2027-02-06");
    tc_resp_free(&r);
    r = tc_get(c, "/api/v1/calendar/lunar?date=2027-02-30");
    assert_int_equal(r.status, 422);
    assert_string_equal(tj_str(json_object_get(r.json, "error"), "field"), "date");
    tc_resp_free(&r);
    r = tc_get(c, "/api/v1/calendar/solar?lunar=1/13/2027");
    assert_int_equal(r.status, 422);
    tc_resp_free(&r);
    r = tc_get(c, "/api/v1/calendar/solar?lunar=1/2+/2027");
    assert_int_equal(r.status, 422);
    tc_resp_free(&r);
    r = tc_get(c, "/api/v1/calendar/lunar");
    assert_int_equal(r.status, 422);
    tc_resp_free(&r);
    tc_free(c);
}

static int has_day(json_t *days, const char *date, const char *kind)
{
    for (size_t i = 0; i < json_array_size(days); i++) {
        json_t *d = json_array_get(days, i);
        if (strcmp(tj_str(d, "date"), date) == 0 && strcmp(tj_str(d, "kind"), kind) == 0)
            return 1;
    }
    return 0;
}

static void test_holidays_and_due(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    struct tresp r = tc_get(c, "/api/v1/calendar/holidays?year=2025");
    assert_int_equal(r.status, 200);
    json_t *days = json_object_get(r.json, "days");
    assert_true(has_day(days, "2025-01-29", "off")); /* Tết */
    assert_true(has_day(days, "2025-04-30", "off"));
    assert_true(strlen(tj_str(r.json, "source")) > 10);
    tc_resp_free(&r);
    /* 29/4/2027 10:00 + 3 working days skips 30/4, 1/5 (Sat) and Sunday: 6/5 10:00. */
    r = tc_get(c, "/api/v1/calendar/due?from=2027-04-29T10:00&limit=3&unit=working_days");
    assert_int_equal(r.status, 200);
    assert_string_equal(tj_str(r.json, "due"), "2027-05-06T10:00");
    tc_resp_free(&r);
    r = tc_get(c, "/api/v1/calendar/due?from=2027-04-29T10:00&limit=-1&unit=working_days");
    assert_int_equal(r.status, 422);
    assert_string_equal(tj_str(json_object_get(r.json, "error"), "field"), "limit");
    tc_resp_free(&r);
    r = tc_get(c, "/api/v1/calendar/due?from=2027-04-29T10:00&limit=3&unit=weeks");
    assert_int_equal(r.status, 422);
    tc_resp_free(&r);
    r = tc_get(c, "/api/v1/calendar/holidays?year=3000");
    assert_int_equal(r.status, 422);
    tc_resp_free(&r);
    tc_free(c);
}

/* The appointments the first shipped calendar got wrong (DOMAIN §4.5, issue #13), as the API
 * and the command line compute them. */
static const struct {
    const char *from;
    int limit;
    const char *due;
} corrected[] = {
    {"2025-02-07T09:00", 1, "2025-02-10T09:00"}, /* Saturday 8/2/2025 not worked */
    {"2025-12-31T09:00", 1, "2026-01-05T09:00"}, /* Friday 2/1/2026 off */
    {"2026-08-21T09:00", 1, "2026-08-22T09:00"}, /* Saturday 22/8/2026 worked */
    {"2026-08-28T09:00", 2, "2026-09-04T09:00"}, /* 3/9/2026 a working day */
    {"2026-09-02T09:00", 1, "2026-09-03T17:00"},
};

static void test_corrected_official_years(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    char path[160];
    for (size_t i = 0; i < sizeof corrected / sizeof corrected[0]; i++) {
        snprintf(path, sizeof path, "/api/v1/calendar/due?from=%s&limit=%d&unit=working_days",
                 corrected[i].from, corrected[i].limit);
        struct tresp r = tc_get(c, path);
        assert_int_equal(r.status, 200);
        assert_string_equal(tj_str(r.json, "due"), corrected[i].due);
        tc_resp_free(&r);
    }
    /* An official year says so and names its notices. */
    struct tresp r = tc_get(c, "/api/v1/calendar/holidays?year=2026");
    assert_true(json_is_true(json_object_get(r.json, "official")));
    json_t *notices = json_object_get(r.json, "notices");
    assert_int_equal(json_array_size(notices), 3);
    assert_non_null(strstr(json_string_value(json_array_get(notices, 1)), "12729/VPCP-KGVX"));
    assert_false(has_day(json_object_get(r.json, "days"), "2026-09-03", "off"));
    assert_true(has_day(json_object_get(r.json, "days"), "2026-08-22", "work"));
    tc_resp_free(&r);
    r = tc_get(c, "/api/v1/calendar/holidays?year=2025");
    assert_false(has_day(json_object_get(r.json, "days"), "2025-02-08", "work"));
    tc_resp_free(&r);
    /* A year without a notice is the default rule's guess, and is called one. */
    r = tc_get(c, "/api/v1/calendar/holidays?year=2031");
    assert_int_equal(r.status, 200);
    assert_false(json_is_true(json_object_get(r.json, "official")));
    assert_int_equal(json_array_size(json_object_get(r.json, "notices")), 0);
    assert_int_equal(strncmp(tj_str(r.json, "source"), "Dự kiến theo quy tắc mặc định", 30), 0);
    tc_resp_free(&r);
    tc_free(c);
}

static void test_admin_replaces_a_year(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    assert_int_equal(tc_login_api(c, "admin", "quantri@2026"), 0);
    /* By default 2027 has 30/4 off and Monday 3/5 as the compensatory day for 1/5 (a
     * Saturday). The replacement also gives Tuesday 4/5 off: the due date moves one day. */
    const char *year = "{\"year\":2027,\"source\":\"Thử nghiệm\",\"days\":["
                       "{\"date\":\"2027-01-01\",\"kind\":\"off\",\"name\":\"Tết Dương lịch\"},"
                       "{\"date\":\"2027-04-30\",\"kind\":\"off\",\"name\":\"Ngày Chiến thắng\"},"
                       "{\"date\":\"2027-05-03\",\"kind\":\"off\",\"name\":\"Nghỉ bù\"},"
                       "{\"date\":\"2027-05-04\",\"kind\":\"off\",\"name\":\"Hoán đổi\"}]}";
    struct tresp r = tc_request(c, "PUT", "/api/v1/calendar/years/2027", "application/json", year,
                                strlen(year), NULL);
    assert_int_equal(r.status, 200);
    tc_resp_free(&r);
    r = tc_get(c, "/api/v1/calendar/due?from=2027-04-29T10:00&limit=3&unit=working_days");
    assert_string_equal(tj_str(r.json, "due"), "2027-05-07T10:00");
    tc_resp_free(&r);
    r = tc_get(c, "/api/v1/calendar/holidays?year=2027");
    assert_true(has_day(json_object_get(r.json, "days"), "2027-05-04", "off"));
    assert_string_equal(tj_str(r.json, "source"), "Thử nghiệm");
    tc_resp_free(&r);
    /* A bad day is refused and nothing changes. */
    const char *bad = "{\"year\":2027,\"days\":[{\"date\":\"2027-02-30\",\"kind\":\"off\","
                      "\"name\":\"x\"}]}";
    r = tc_request(c, "PUT", "/api/v1/calendar/years/2027", "application/json", bad, strlen(bad),
                   NULL);
    assert_int_equal(r.status, 422);
    tc_resp_free(&r);
    r = tc_request(c, "PUT", "/api/v1/calendar/years/2028", "application/json", year, strlen(year),
                   NULL);
    assert_int_equal(r.status, 422);
    tc_resp_free(&r);
    r = tc_get(c, "/api/v1/calendar/holidays?year=2027");
    assert_string_equal(tj_str(r.json, "source"), "Thử nghiệm");
    tc_resp_free(&r);
    tc_free(c);
}

static void test_unit_office_hours(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    assert_int_equal(tc_login_api(c, "admin", "quantri@2026"), 0);
    /* A counter that works 07:00–11:00 only: 4 hours a day. */
    const char *hours = "{\"work\":[[\"07:00\",\"11:00\"]]}";
    struct tresp r = tc_request(c, "PUT", "/api/v1/org/units/GR-X01-MC/office-hours",
                                "application/json", hours, strlen(hours), NULL);
    assert_int_equal(r.status, 200);
    assert_true(json_is_true(json_object_get(r.json, "own")));
    tc_resp_free(&r);
    r = tc_get(c, "/api/v1/calendar/due?from=2026-12-01T08:00&limit=6&unit=hours"
                  "&unit_org=GR-X01-MC");
    assert_int_equal(r.status, 200);
    assert_string_equal(tj_str(r.json, "due"), "2026-12-02T10:00");
    tc_resp_free(&r);
    r = tc_get(c, "/api/v1/calendar/due?from=2026-12-01T08:00&limit=6&unit=hours"
                  "&unit_org=NO-SUCH");
    assert_int_equal(r.status, 422);
    tc_resp_free(&r);
    const char *bad = "{\"work\":[[\"11:00\",\"07:00\"]]}";
    r = tc_request(c, "PUT", "/api/v1/org/units/GR-X01-MC/office-hours", "application/json", bad,
                   strlen(bad), NULL);
    assert_int_equal(r.status, 422);
    tc_resp_free(&r);
    r = tc_get(c, "/api/v1/org/units/GR-MC/office-hours");
    assert_int_equal(r.status, 200);
    assert_false(json_is_true(json_object_get(r.json, "own")));
    tc_resp_free(&r);
    tc_free(c);
}

/* Runs `motcua ARGS`, returning the exit status and stdout in out. */
static int run_cli(const char *args, char *out, size_t len)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "'%s' %s 2>/dev/null", test_env("MOTCUA_BIN", "motcua"), args);
    FILE *p = popen(cmd, "r");
    size_t n = fread(out, 1, len - 1, p);
    out[n] = '\0';
    int status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_cli_contract(void **state)
{
    (void)state;
    char out[8192];
    assert_int_equal(run_cli("calendar lunar 2027-02-06", out, sizeof out), 0);
    assert_int_equal(strncmp(out, "1/1/2027", 8), 0);
    assert_true(out[8] == ' ' || out[8] == '\n');
    assert_int_equal(run_cli("calendar lunar 2025-07-25", out, sizeof out), 0);
    assert_int_equal(strncmp(out, "1/6+/2025", 9), 0);
    assert_int_equal(run_cli("calendar solar 1/1/2027", out, sizeof out), 0);
    assert_string_equal(out, "2027-02-06\n");
    assert_int_equal(run_cli("calendar due --from 2027-04-29T10:00 --limit 3 --unit "
                             "working_days",
                             out, sizeof out),
                     0);
    assert_string_equal(out, "2027-05-06T10:00\n");
    assert_int_equal(run_cli("calendar holidays 2027", out, sizeof out), 0);
    assert_non_null(strstr(out, "2027-04-30\toff\t"));
    /* 2027 has no notice yet: the first line says the days are the default rule's guess. */
    assert_int_equal(strncmp(out, "# Dự kiến", strlen("# Dự kiến")), 0);
    assert_int_equal(run_cli("calendar holidays 2026", out, sizeof out), 0);
    assert_int_equal(strncmp(out, "2026-01-01\toff\t", 15), 0);
    assert_non_null(strstr(out, "2026-08-22\twork\t"));
    assert_null(strstr(out, "2026-09-03"));
    for (size_t i = 0; i < sizeof corrected / sizeof corrected[0]; i++) {
        char args[160], want[32];
        snprintf(args, sizeof args, "calendar due --from %s --limit %d --unit working_days",
                 corrected[i].from, corrected[i].limit);
        snprintf(want, sizeof want, "%s\n", corrected[i].due);
        assert_int_equal(run_cli(args, out, sizeof out), 0);
        assert_string_equal(out, want);
    }
    const char *bad[] = {"calendar lunar 2027-02-30",
                         "calendar solar 1/13/2027",
                         "calendar solar 31/1/2027",
                         "calendar solar 1/2+/2027",
                         "calendar due --from 2027-04-29T10:00 --limit -1 --unit working_days",
                         "calendar holidays abc"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(run_cli(bad[i], out, sizeof out), 2);
        assert_string_equal(out, "");
    }
}

static void test_admin_calendar_page(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    const char *csrf = tc_login_form(c, "admin", "quantri@2026");
    assert_non_null(csrf);
    char token[256], body[1024];
    snprintf(token, sizeof token, "%s", csrf);
    struct tresp r = tc_get(c, "/desk/lich?year=2025&unit=GR-MC");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "Tết Nguyên đán"));
    assert_non_null(strstr(r.body, "8726/VPCP-KGVX"));
    assert_null(strstr(r.body, "Lịch dự kiến"));
    tc_resp_free(&r);
    r = tc_get(c, "/desk/lich?year=2031&unit=GR-MC");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "Lịch dự kiến"));
    assert_non_null(strstr(r.body, "chưa có thông báo chính thức"));
    assert_non_null(strstr(r.body, "giờ làm việc mặc định"));
    tc_resp_free(&r);
    snprintf(body, sizeof body, "csrf=%s&year_json=%s", token,
             tc_escape(c, "{\"year\":2033,\"source\":\"Quyết định thử\",\"days\":["
                          "{\"date\":\"2033-01-03\",\"kind\":\"off\",\"name\":\"Nghỉ bù\"}]}"));
    r = tc_post_form(c, "/desk/lich", body);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "Đã cập nhật lịch"));
    assert_non_null(strstr(r.body, "03/01/2033")); /* the day as people write it */
    tc_resp_free(&r);
    snprintf(body, sizeof body, "csrf=%s&year_json=%s", token, tc_escape(c, "{not json"));
    r = tc_post_form(c, "/desk/lich", body);
    assert_int_equal(r.status, 422);
    assert_non_null(strstr(r.body, "error-summary"));
    tc_resp_free(&r);
    snprintf(body, sizeof body, "csrf=%s&unit=GR-MC&hours=%s", token,
             tc_escape(c, "{\"work\":[[\"07:30\",\"11:30\"]]}"));
    r = tc_post_form(c, "/desk/lich/gio-lam-viec", body);
    assert_int_equal(r.status, 303);
    tc_resp_free(&r);
    r = tc_get(c, "/desk/lich?unit=GR-MC");
    assert_non_null(strstr(r.body, "07:30"));
    assert_non_null(strstr(r.body, "giờ làm việc riêng"));
    tc_resp_free(&r);
    tc_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lunar_and_solar),
        cmocka_unit_test(test_holidays_and_due),
        cmocka_unit_test(test_corrected_official_years),
        cmocka_unit_test(test_admin_replaces_a_year),
        cmocka_unit_test(test_unit_office_hours),
        cmocka_unit_test(test_cli_contract),
        cmocka_unit_test(test_admin_calendar_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
