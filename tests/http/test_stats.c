/* test_stats.c — statistics over the API and the dashboard, on both databases: a hand-built
 * history at one commune counter (accepted dossiers resolved early, on time and late — the
 * due moment is moved in the database before the resolving action, as the passage of time
 * would — a supplement and a refusal at reception, a withdrawal, a return) must give known
 * counters at the counter, its commune, and the whole province; by channel, procedure and
 * month; the drill-down lists exactly the dossiers behind a number; CSV, XLSX (read with
 * python3's zipfile) and PDF (pdftotext) carry the JSON's numbers; wiping the counters and
 * running `motcua stats rebuild` gives back the live figures; a renamed unit keeps its
 * history; and only the right people see any of it. */
#include "db.h"
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
#include <time.h>
#include <unistd.h>

#define VN_OFFSET (7 * 3600)

static char today[16], range[96];
static char code_early[64], code_on_time[64], code_late[64], code_withdrawn[64];

static void set_due(const char *code, int64_t due)
{
    tc_db_run("UPDATE dossiers SET due_at = $1 WHERE code = $2", DB_ARGS(DB_I(due), DB_T(code)));
}

static char *receive(struct tclient *c, const char *outcome, const char *channel, const char *extra)
{
    char body[2048];
    snprintf(body, sizeof body,
             "{\"procedure_code\":\"1.001193\",\"outcome\":\"%s\",\"channel\":\"%s\","
             "\"return_method\":\"counter\",\"received\":[1,1,1,1],"
             "\"applicant\":{\"kind\":\"person\",\"name\":\"Trần Thị Bé\",\"id_number\":"
             "\"079203001234\"}%s}",
             outcome, channel, extra ? extra : "");
    struct tresp r = tc_post_json(c, "/api/v1/dossiers", body);
    if (r.status != 201)
        fprintf(stderr, "receive: %ld %s\n", r.status, r.body);
    assert_int_equal(r.status, 201);
    char *code = strdup(tj_str(r.json, "code"));
    tc_resp_free(&r);
    return code;
}

static long act(struct tclient *c, const char *code, const char *action, const char *extra)
{
    char path[256], body[1024];
    snprintf(path, sizeof path, "/api/v1/dossiers/%s", code);
    struct tresp g = tc_get(c, path);
    assert_int_equal(g.status, 200);
    int version = (int)tj_int(g.json, "version");
    tc_resp_free(&g);
    snprintf(path, sizeof path, "/api/v1/dossiers/%s/actions", code);
    snprintf(body, sizeof body, "{\"action\":\"%s\",\"expected_version\":%d%s}", action, version,
             extra ? extra : "");
    struct tresp r = tc_post_json(c, path, body);
    long status = r.status;
    if (status != 200)
        fprintf(stderr, "%s %s: %ld %s\n", action, code, status, r.body);
    tc_resp_free(&r);
    return status;
}

/* GET path as c; the parsed JSON (caller decrefs) after checking the status. */
static json_t *get_json(struct tclient *c, const char *path, long expect)
{
    struct tresp r = tc_get(c, path);
    if (r.status != expect)
        fprintf(stderr, "GET %s: %ld %s\n", path, r.status, r.body);
    assert_int_equal(r.status, expect);
    json_t *j = json_incref(r.json);
    tc_resp_free(&r);
    return j;
}

static json_t *stats(struct tclient *c, const char *query)
{
    char path[512];
    snprintf(path, sizeof path, "/api/v1/stats?%s&%s", range, query);
    return get_json(c, path, 200);
}

static void expect_totals(json_t *t, long long received, long long online, long long accepted,
                          long long refused, long long supplements, long long early,
                          long long on_time, long long late, long long returned,
                          long long withdrawn)
{
    assert_int_equal(tj_int(t, "received"), received);
    assert_int_equal(tj_int(t, "online"), online);
    assert_int_equal(tj_int(t, "accepted"), accepted);
    assert_int_equal(tj_int(t, "refused"), refused);
    assert_int_equal(tj_int(t, "supplements"), supplements);
    assert_int_equal(tj_int(t, "early"), early);
    assert_int_equal(tj_int(t, "on_time"), on_time);
    assert_int_equal(tj_int(t, "late"), late);
    assert_int_equal(tj_int(t, "resolved"), early + on_time + late);
    assert_int_equal(tj_int(t, "returned"), returned);
    assert_int_equal(tj_int(t, "withdrawn"), withdrawn);
}

/* The history of the suite's known answers; see the file comment. */
static void build_history(void)
{
    struct tclient *desk = tc_as("tiepnhan.xa", "tiepnhan@2026");
    struct tclient *spec = tc_as("chuyenvien.xa", "chuyenvien@2026");
    struct tclient *lead = tc_as("lanhdao.xa", "lanhdao@2026");
    time_t now = time(NULL);
    int64_t day_start = (now + VN_OFFSET) / 86400 * 86400 - VN_OFFSET;
    if (day_start + 86400 - now < 180) { /* do not straddle midnight (Vietnam time) */
        sleep((unsigned)(day_start + 86400 - now + 2));
        now = time(NULL);
        day_start = (now + VN_OFFSET) / 86400 * 86400 - VN_OFFSET;
    }
    struct tm tm;
    time_t local = (time_t)(day_start + VN_OFFSET);
    gmtime_r(&local, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    snprintf(range, sizeof range, "from=%s&to=%s", today, today);

    const struct {
        char *code;
        const char *channel;
        int64_t due;
    } resolved[] = {
        {code_early, "counter", now + 5 * 86400},
        {code_on_time, "online", day_start + 86399},
        {code_late, "counter", now - 2 * 86400},
    };
    for (size_t i = 0; i < 3; i++) {
        char *code = receive(desk, "accept", resolved[i].channel, NULL);
        snprintf(resolved[i].code, 64, "%s", code);
        free(code);
        assert_int_equal(act(spec, resolved[i].code, "advance", NULL), 200);
        set_due(resolved[i].code, resolved[i].due);
        assert_int_equal(act(lead, resolved[i].code, "advance", NULL), 200);
    }
    assert_int_equal(act(desk, code_early, "return", NULL), 200);

    char *w = receive(desk, "accept", "counter", NULL);
    snprintf(code_withdrawn, sizeof code_withdrawn, "%s", w);
    free(w);
    set_due(code_withdrawn, now + 5 * 86400);
    assert_int_equal(act(desk, code_withdrawn, "withdraw", ",\"note\":\"Công dân xin rút\""), 200);

    free(receive(desk, "supplement", "post", ",\"missing\":[\"Giấy chứng sinh\"]"));
    free(receive(desk, "refuse", "counter", ",\"reason\":\"Không thuộc thẩm quyền\""));
    tc_free(desk);
    tc_free(spec);
    tc_free(lead);
}

/* received 6 (1 online), accepted 4, refused 1, supplement 1; resolved early 2 (the returned
 * one and the withdrawal), on time 1, late 1; returned 1, withdrawn 1. */
static void expect_known(json_t *total)
{
    expect_totals(total, 6, 1, 4, 1, 1, 2, 1, 1, 1, 1);
    assert_float_equal(json_real_value(json_object_get(total, "on_time_rate")), 75.0, 1e-9);
    assert_float_equal(json_real_value(json_object_get(total, "indicator1")), 1.3, 1e-9);
}

static void test_known_answers_at_every_level(void **state)
{
    (void)state;
    build_history();
    struct tclient *admin = tc_as("admin", "quantri@2026");
    const char *scopes[] = {"unit=GR-X01-MC", "unit=GR-X01", "unit=KG", "unit="};
    for (size_t i = 0; i < sizeof scopes / sizeof scopes[0]; i++) {
        json_t *j = stats(admin, scopes[i]);
        expect_known(json_object_get(j, "total"));
        assert_string_equal(tj_str(j, "from"), today);
        json_decref(j);
    }
    json_t *j = stats(admin, "unit=GR-X01&group=unit");
    json_t *rows = json_object_get(j, "rows");
    assert_int_equal(json_array_size(rows), 1);
    assert_string_equal(tj_str(json_array_get(rows, 0), "key"), "GR-X01-MC");
    json_decref(j);

    j = stats(admin, "unit=GR-X01&group=channel");
    rows = json_object_get(j, "rows");
    assert_int_equal(json_array_size(rows), 3); /* counter, online, post */
    assert_string_equal(tj_str(json_array_get(rows, 0), "key"), "counter");
    expect_totals(json_array_get(rows, 0), 4, 0, 3, 1, 0, 2, 0, 1, 1, 1);
    expect_totals(json_array_get(rows, 1), 1, 1, 1, 0, 0, 0, 1, 0, 0, 0);
    expect_totals(json_array_get(rows, 2), 1, 0, 0, 0, 1, 0, 0, 0, 0, 0);
    json_decref(j);

    j = stats(admin, "unit=GR-X01&group=procedure");
    rows = json_object_get(j, "rows");
    assert_int_equal(json_array_size(rows), 1);
    assert_string_equal(tj_str(json_array_get(rows, 0), "label"), "Đăng ký khai sinh");
    json_decref(j);

    j = stats(admin, "unit=GR-X01&group=month");
    rows = json_object_get(j, "rows");
    assert_int_equal(json_array_size(rows), 1);
    assert_memory_equal(tj_str(json_array_get(rows, 0), "key"), today, 7);
    json_decref(j);

    /* Another district unit saw none of it. */
    j = stats(admin, "unit=GR-TP");
    expect_totals(json_object_get(j, "total"), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    assert_true(json_is_null(json_object_get(json_object_get(j, "total"), "on_time_rate")));
    json_decref(j);
    tc_free(admin);
}

static void expect_drill(struct tclient *c, const char *query, int total, const char *code)
{
    char path[512];
    snprintf(path, sizeof path, "/api/v1/stats/dossiers?%s&%s", range, query);
    json_t *j = get_json(c, path, 200);
    assert_int_equal(tj_int(j, "total"), total);
    if (code)
        assert_string_equal(tj_str(json_array_get(json_object_get(j, "items"), 0), "code"), code);
    json_decref(j);
}

static void test_drill_down_lists_the_dossiers_behind_a_number(void **state)
{
    (void)state;
    struct tclient *lead = tc_as("lanhdao.xa", "lanhdao@2026");
    expect_drill(lead, "unit=GR-X01&timing=late", 1, code_late);
    expect_drill(lead, "unit=GR-X01&timing=on_time", 1, code_on_time);
    expect_drill(lead, "unit=GR-X01&timing=early", 2, NULL);
    expect_drill(lead, "unit=GR-X01&timing=resolved", 4, NULL);
    expect_drill(lead, "unit=GR-X01", 6, NULL);
    expect_drill(lead, "unit=GR-X01&channel=online", 1, code_on_time);
    expect_drill(lead, "unit=GR-X01&procedure=2.000635", 0, NULL);
    expect_drill(lead, "unit=GR-X01&per_page=2&page=3", 6, NULL);
    char path[512];
    snprintf(path, sizeof path, "/api/v1/stats/dossiers?%s&unit=GR-X01&per_page=4&page=2", range);
    json_t *j = get_json(lead, path, 200);
    assert_int_equal(json_array_size(json_object_get(j, "items")), 2);
    json_decref(j);
    tc_free(lead);
}

static int run(const char *cmd, char *out, size_t len)
{
    FILE *p = popen(cmd, "r");
    size_t n = p ? fread(out, 1, len - 1, p) : 0;
    out[n] = '\0';
    return p ? pclose(p) : -1;
}

static void save(struct tclient *c, const char *query, const char *path)
{
    char url[512];
    snprintf(url, sizeof url, "/api/v1/stats?%s&unit=GR-X01&%s", range, query);
    struct tresp r = tc_get(c, url);
    assert_int_equal(r.status, 200);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(r.body, 1, r.len, f), r.len);
    fclose(f);
    tc_resp_free(&r);
}

/* The total row as the exports print it: the numbers of the JSON in column order, the rates
 * with the decimals of the printed table, or as plain numbers (CSV, XLSX: 75.00 is 75). */
static void expected_total_row(json_t *t, int spreadsheet, char *out, size_t len)
{
    double rate = json_real_value(json_object_get(t, "on_time_rate"));
    double ind = json_real_value(json_object_get(t, "indicator1"));
    char rates[64];
    if (spreadsheet)
        snprintf(rates, sizeof rates, "%g,%g", rate, ind);
    else
        snprintf(rates, sizeof rates, "%.2f,%.1f", rate, ind);
    snprintf(out, len, "%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%s,%lld,%lld,%lld",
             tj_int(t, "received"), tj_int(t, "online"), tj_int(t, "accepted"),
             tj_int(t, "supplements"), tj_int(t, "refused"), tj_int(t, "resolved"),
             tj_int(t, "early"), tj_int(t, "on_time"), tj_int(t, "late"), rates,
             tj_int(t, "returned"), tj_int(t, "stopped"), tj_int(t, "withdrawn"));
}

static void test_exports_carry_the_same_numbers(void **state)
{
    (void)state;
    struct tclient *audit = tc_as("kiemtra", "kiemtra@2026");
    json_t *j = stats(audit, "unit=GR-X01");
    char want[256], want_x[256], got[4096], cmd[2048];
    expected_total_row(json_object_get(j, "total"), 0, want, sizeof want);
    expected_total_row(json_object_get(j, "total"), 1, want_x, sizeof want_x);
    json_decref(j);
    const char *dir = test_tmpdir("stats");
    char csv[512], xlsx[512], pdf[512];
    snprintf(csv, sizeof csv, "%s/t.csv", dir);
    snprintf(xlsx, sizeof xlsx, "%s/t.xlsx", dir);
    snprintf(pdf, sizeof pdf, "%s/t.pdf", dir);
    save(audit, "format=csv", csv);
    save(audit, "format=xlsx", xlsx);
    save(audit, "format=pdf", pdf);

    snprintf(cmd, sizeof cmd,
             "python3 -c \"import csv,sys; rows=list(csv.reader(open(sys.argv[1], "
             "encoding='utf-8-sig'))); t=[r for r in rows if r[0]=='Tổng cộng'][0]; "
             "print(','.join(t[1:]))\" %s",
             csv);
    assert_int_equal(run(cmd, got, sizeof got), 0);
    got[strcspn(got, "\n")] = '\0';
    assert_string_equal(got, want_x); /* CSV writes numeric cells as plain numbers */

    char script[512];
    snprintf(script, sizeof script, "%s/total_row.py", dir);
    FILE *py = fopen(script, "w");
    assert_non_null(py);
    fputs("import re, sys, zipfile\n"
          "z = zipfile.ZipFile(sys.argv[1])\n"
          "strings = [re.sub(r'<[^>]+>', '', m) for m in re.findall(r'<si>(.*?)</si>',\n"
          "           z.read('xl/sharedStrings.xml').decode(), re.S)]\n"
          "sheet = z.read('xl/worksheets/sheet1.xml').decode()\n"
          "for row in re.findall(r'<row[^>]*>(.*?)</row>', sheet):\n"
          "    vals = [strings[int(v)] if 't=\"s\"' in attrs else v\n"
          "            for attrs, v in re.findall(r'<c ([^>]*)><v>([^<]*)</v></c>', row)]\n"
          "    if vals and vals[0] == 'Tổng cộng':\n"
          "        print(','.join(vals[1:]))\n",
          py);
    fclose(py);
    snprintf(cmd, sizeof cmd, "python3 %s %s", script, xlsx);
    assert_int_equal(run(cmd, got, sizeof got), 0);
    got[strcspn(got, "\n")] = '\0';
    assert_string_equal(got, want_x);

    snprintf(cmd, sizeof cmd,
             "pdftotext -layout %s - | grep 'Tổng cộng' | tr -s ' ' | sed 's/^ *Tổng cộng //; "
             "s/ /,/g'",
             pdf);
    assert_int_equal(run(cmd, got, sizeof got), 0);
    got[strcspn(got, "\n")] = '\0';
    assert_string_equal(got, want);
    snprintf(cmd, sizeof cmd, "pdftotext %s - | grep -c 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'", pdf);
    assert_int_equal(run(cmd, got, sizeof got), 0);
    tc_free(audit);
}

static void test_rebuild_equals_live(void **state)
{
    (void)state;
    struct tclient *admin = tc_as("admin", "quantri@2026");
    struct tresp live = tc_get(admin, "/api/v1/stats?group=channel&from=2020-01-01");
    assert_int_equal(live.status, 200);
    tc_db_run("DELETE FROM stats_daily", DB_NOARGS);
    json_t *wiped = stats(admin, "unit=");
    assert_int_equal(tj_int(json_object_get(wiped, "total"), "received"), 0);
    json_decref(wiped);
    char cmd[1024], out[512];
    snprintf(cmd, sizeof cmd, "'%s' stats rebuild --db '%s' 2>&1", test_env("MOTCUA_BIN", ""),
             test_env("MOTCUA_TEST_DB", ""));
    int rc = run(cmd, out, sizeof out);
    if (rc)
        fprintf(stderr, "%s\n", out);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "statistics rebuilt"));
    struct tresp rebuilt = tc_get(admin, "/api/v1/stats?group=channel&from=2020-01-01");
    assert_int_equal(rebuilt.status, 200);
    assert_string_equal(rebuilt.body, live.body);
    tc_resp_free(&live);
    tc_resp_free(&rebuilt);
    json_t *j = stats(admin, "unit=GR-X01");
    expect_known(json_object_get(j, "total"));
    json_decref(j);
    tc_free(admin);
}

static void test_targets_show_their_inputs(void **state)
{
    (void)state;
    struct tclient *lead = tc_as("lanhdao", "lanhdao@2026");
    char path[256];
    snprintf(path, sizeof path, "/api/v1/stats/targets?%s", range);
    json_t *j = get_json(lead, path, 200);
    json_t *then = get_json(lead, "/api/v1/stats/targets?from=2020-01-01&to=2020-12-31", 200);
    json_t *t = json_object_get(j, "targets");
    assert_int_equal(json_array_size(t), 4);
    json_t *online = json_array_get(t, 2);
    assert_string_equal(tj_str(online, "key"), "online_dossiers");
    json_t *in = json_object_get(online, "inputs");
    assert_int_equal(tj_int(in, "numerator_value"), 1);
    assert_int_equal(tj_int(in, "denominator_value"), 6);
    assert_float_equal(json_real_value(json_object_get(online, "value")), 16.67, 1e-9);
    assert_false(json_is_true(json_object_get(online, "met")));
    json_t *full = json_array_get(t, 0);
    assert_string_equal(tj_str(full, "key"), "online_full_procedures");
    assert_true(tj_int(json_object_get(full, "inputs"), "denominator_value") > 0);
    /* The demo tree is the 2020 district (valid until 30/06/2025): 19 communes and the town,
     * whose one-stop section is the only one on the system. */
    json_t *communes = json_array_get(json_object_get(then, "targets"), 3);
    assert_string_equal(tj_str(communes, "key"), "communes_connected");
    assert_int_equal(tj_int(json_object_get(communes, "inputs"), "numerator_value"), 1);
    assert_int_equal(tj_int(json_object_get(communes, "inputs"), "denominator_value"), 19);
    json_decref(then);
    json_decref(j);
    tc_free(lead);
}

static void expect_status(struct tclient *c, const char *path, long status, const char *field)
{
    struct tresp r = tc_get(c, path);
    if (r.status != status)
        fprintf(stderr, "GET %s: %ld %s\n", path, r.status, r.body);
    assert_int_equal(r.status, status);
    if (field)
        assert_string_equal(tj_str(json_object_get(r.json, "error"), "field"), field);
    tc_resp_free(&r);
}

static void test_who_sees_what_and_bad_input(void **state)
{
    (void)state;
    struct tclient *anon = tc_new(NULL);
    struct tclient *citizen = tc_as("congdan", "congdan@2026");
    struct tclient *desk = tc_as("tiepnhan.xa", "tiepnhan@2026");
    struct tclient *lead = tc_as("lanhdao.xa", "lanhdao@2026");
    expect_status(anon, "/api/v1/stats", 401, NULL);
    expect_status(citizen, "/api/v1/stats", 403, NULL);
    expect_status(citizen, "/api/v1/stats/dossiers", 403, NULL);
    expect_status(desk, "/api/v1/stats?unit=GR", 403, NULL);
    expect_status(lead, "/api/v1/stats?unit=GR", 403, NULL);
    expect_status(lead, "/api/v1/stats?unit=NOPE", 422, "unit");
    expect_status(lead, "/api/v1/stats?from=2026-13-01", 422, "from");
    expect_status(lead, "/api/v1/stats?from=2026-05-02&to=2026-05-01", 422, "from");
    expect_status(lead, "/api/v1/stats?group=commune", 422, "group");
    expect_status(lead, "/api/v1/stats?format=doc", 422, "format");
    expect_status(lead, "/api/v1/stats/dossiers?timing=soon", 422, "timing");
    expect_status(lead, "/api/v1/stats/dossiers?page=0", 422, "page");
    expect_status(lead, "/api/v1/stats/dossiers?per_page=x", 422, "page");
    /* The receptionist's own counter by default. */
    char path[256];
    snprintf(path, sizeof path, "/api/v1/stats?%s", range);
    json_t *j = get_json(desk, path, 200);
    assert_string_equal(tj_str(j, "unit"), "GR-X01-MC");
    expect_known(json_object_get(j, "total"));
    json_decref(j);

    struct tclient *page = tc_new(NULL);
    assert_non_null(tc_login_form(page, "lanhdao.xa", "lanhdao@2026"));
    snprintf(path, sizeof path, "/desk/thong-ke?unit=GR-X01&%s", range);
    struct tresp r = tc_get(page, path);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "<svg"));
    assert_non_null(strstr(r.body, "75.00"));
    assert_non_null(strstr(r.body, "Excel (XLSX)</a>"));
    assert_null(strstr(r.body, "<script"));
    tc_resp_free(&r);
    struct tclient *page_desk = tc_new(NULL);
    assert_non_null(tc_login_form(page_desk, "tiepnhan.xa", "tiepnhan@2026"));
    r = tc_get(page_desk, "/desk/thong-ke");
    assert_int_equal(r.status, 403);
    tc_resp_free(&r);
    tc_free(page_desk);
    tc_free(page);
    tc_free(anon);
    tc_free(citizen);
    tc_free(desk);
    tc_free(lead);
}

/* Runs last: it changes the organisation tree. */
static void test_renamed_unit_keeps_its_history(void **state)
{
    (void)state;
    char cmd[1024], out[512];
    snprintf(cmd, sizeof cmd,
             "'%s' org rename GR-X01-MC GR-X01-MC2 'Bộ phận Một cửa thị trấn (mới)' --from "
             "2025-06-01 --db '%s' 2>&1",
             test_env("MOTCUA_BIN", ""), test_env("MOTCUA_TEST_DB", ""));
    int rc = run(cmd, out, sizeof out);
    if (rc)
        fprintf(stderr, "%s\n", out);
    assert_int_equal(rc, 0);
    struct tclient *admin = tc_as("admin", "quantri@2026");
    json_t *j = stats(admin, "unit=GR-X01-MC2");
    expect_known(json_object_get(j, "total"));
    json_decref(j);
    j = stats(admin, "unit=GR-X01-MC");
    expect_known(json_object_get(j, "total"));
    json_decref(j);
    tc_free(admin);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_answers_at_every_level),
        cmocka_unit_test(test_drill_down_lists_the_dossiers_behind_a_number),
        cmocka_unit_test(test_exports_carry_the_same_numbers),
        cmocka_unit_test(test_targets_show_their_inputs),
        cmocka_unit_test(test_who_sees_what_and_bad_input),
        cmocka_unit_test(test_rebuild_equals_live),
        cmocka_unit_test(test_renamed_unit_keeps_its_history),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
