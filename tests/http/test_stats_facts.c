/* test_stats_facts.c — the statistics facts beyond timing, on both databases: digitisation
 * (component files attached before the resolution), electronic results, citizens' ratings
 * with their Circular 01/2018 items, grouping by field (lĩnh vực) with its drill-down, the
 * Decision 766 figures and the Circular 01/2018 grading of /api/v1/stats/evaluation, the
 * dashboard showing them, exports with the same numbers, and live counters equal to a
 * rebuild. The hand-built history at commune X01's counter, all today:
 *
 *   D1 Hộ tịch: scan + result file before resolution, early, returned, rated satisfied
 *      with every item 2;
 *   D2 Hộ tịch: scan before resolution, late, returned, rated dissatisfied (contacts 0,
 *      attitude 1, the rest skipped);
 *   D3 Hộ tịch: no file, early, returned, rated neutral with no item;
 *   D4 Hộ tịch: early, a scan attached only after the resolution (not digitised);
 *   D5 Chứng thực: accepted with a scan, still open.
 *
 * Known answers: received 5; resolved 4 (early 3, late 1); digitised 2, e_result 1, fully
 * digitised 1; ratings 3 (1 / 1 / 1); contacts 2 scored sum 2 (1.0), bodies 1 sum 2 (2.0),
 * information 1 sum 2 (2.0), attitude 2 sum 3 (1.5); indicator 1 = 6 / 4 = 1.5; staff score
 * 1.5 + 1.0 + 1.5 = 4.0; Decision 766 4.1 = 25 %, 4.2 = 25 %, 5.4 = (4 − 1 − 1) / 4 = 50 %,
 * satisfied ratings 33.33 %, online dossiers 0 %. */
#include "db.h"
#include "tcheck.h"
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
#include <time.h>
#include <unistd.h>

#define VN_OFFSET (7 * 3600)
#define BOUNDARY  "----motcuastats"
#define CERTIFY   "2.000815" /* Chứng thực bản sao: field "Chứng thực" */

static char range[96];
static char d1[64], d2[64], d3[64], d4[64], d5[64];

/* Today in Vietnam, away from midnight so that every event falls on the same day. */
static void pick_today(void)
{
    time_t now = time(NULL);
    int64_t day_start = (now + VN_OFFSET) / 86400 * 86400 - VN_OFFSET;
    if (day_start + 86400 - now < 180) {
        sleep((unsigned)(day_start + 86400 - now + 2));
        now = time(NULL);
        day_start = (now + VN_OFFSET) / 86400 * 86400 - VN_OFFSET;
    }
    char today[16];
    struct tm tm;
    time_t local = (time_t)(day_start + VN_OFFSET);
    gmtime_r(&local, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    snprintf(range, sizeof range, "from=%s&to=%s", today, today);
}

/* Uploads a small PNG as a component scan (kind "component") or the result. */
static void upload(struct tclient *c, const char *code, const char *kind)
{
    static const unsigned char png[] = {
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
        0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
        0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78,
        0x9c, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00,
        0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
    char head[512], body[2048];
    int component = strcmp(kind, "component") == 0;
    int n = snprintf(head, sizeof head,
                     "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n%s"
                     "\r\n%s--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; "
                     "filename=\"scan.png\"\r\nContent-Type: image/png\r\n\r\n",
                     kind,
                     component ? "--" BOUNDARY "\r\nContent-Disposition: form-data; "
                                 "name=\"component\"\r\n\r\n0\r\n"
                               : "");
    const char *tail = "\r\n--" BOUNDARY "--\r\n";
    memcpy(body, head, (size_t)n);
    memcpy(body + n, png, sizeof png);
    memcpy(body + n + sizeof png, tail, strlen(tail));
    struct tresp r =
        tc_request(c, "POST", td_path(code, "/files"), "multipart/form-data; boundary=" BOUNDARY,
                   body, (size_t)n + sizeof png + strlen(tail), NULL);
    tc_expect(&r, 201, NULL);
    tc_resp_free(&r);
}

/* The files of a dossier as attached a minute ago: the rule counts files attached strictly
 * before the resolving second. */
static void age_files(const char *code)
{
    tc_db_run("UPDATE dossier_files SET uploaded_at = uploaded_at - 60 WHERE dossier_id = "
              "(SELECT id FROM dossiers WHERE code = $1)",
              DB_ARGS(DB_T(code)));
}

static void set_due(const char *code, int64_t due)
{
    tc_db_run("UPDATE dossiers SET due_at = $1 WHERE code = $2", DB_ARGS(DB_I(due), DB_T(code)));
}

/* Through the specialist's and the leader's steps to "result ready", due at due. */
static void resolve(struct tclient *desk, const char *code, int64_t due)
{
    struct tclient *spec = tc_as(TD_SPEC), *lead = tc_as(TD_LEAD);
    assert_int_equal(td_act_now(spec, desk, code, "advance", NULL), 200);
    set_due(code, due);
    assert_int_equal(td_act_now(lead, desk, code, "advance", NULL), 200);
    tc_free(spec);
    tc_free(lead);
}

/* The rating given on the counter's tablet (the receptionist's session). */
static void rate(const char *code, const char *fields)
{
    struct tclient *tablet = tc_new(NULL);
    const char *csrf = tc_login_form(tablet, TD_DESK);
    assert_non_null(csrf);
    char token[256], path[128], body[512];
    snprintf(token, sizeof token, "%s", csrf);
    snprintf(path, sizeof path, "/danh-gia/%s", code);
    snprintf(body, sizeof body, "csrf=%s&%s", tc_escape(tablet, token), fields);
    struct tresp r = tc_post_form(tablet, path, body);
    tc_expect(&r, 303, NULL);
    tc_resp_free(&r);
    tc_free(tablet);
}

static void keep(char *dst, char *code)
{
    snprintf(dst, 64, "%s", code);
    free(code);
}

static void build_history(void)
{
    pick_today();
    struct tclient *desk = tc_as(TD_DESK);
    int64_t now = (int64_t)time(NULL);
    keep(d1, td_accept(desk, TD_PROC, "Lê Văn Một", NULL));
    keep(d2, td_accept(desk, TD_PROC, "Lê Văn Hai", NULL));
    keep(d3, td_accept(desk, TD_PROC, "Lê Văn Ba", NULL));
    keep(d4, td_accept(desk, TD_PROC, "Lê Văn Bốn", NULL));
    keep(d5, td_accept(desk, CERTIFY, "Lê Văn Năm", NULL));
    upload(desk, d1, "component");
    upload(desk, d1, "result");
    upload(desk, d2, "component");
    upload(desk, d5, "component");
    age_files(d1);
    age_files(d2);
    resolve(desk, d1, now + 5 * 86400);
    resolve(desk, d2, now - 2 * 86400);
    resolve(desk, d3, now + 5 * 86400);
    resolve(desk, d4, now + 5 * 86400);
    upload(desk, d4, "component"); /* after its resolution: not digitised */
    for (const char *c[] = {d1, d2, d3, NULL}, **p = c; *p; p++)
        assert_int_equal(td_act_now(desk, desk, *p, "return", NULL), 200);
    rate(d1, "overall=satisfied&contacts=2&bodies=2&information=2&attitude=2");
    rate(d2, "overall=dissatisfied&contacts=0&attitude=1");
    rate(d3, "overall=neutral");
    tc_free(desk);
}

/* GET base?<period>&query, expecting 200. */
static json_t *get(struct tclient *c, const char *base, const char *query)
{
    char path[512];
    snprintf(path, sizeof path, "%s?%s&%s", base, range, query);
    return td_get_expect(c, path, 200);
}

static double real(json_t *j, const char *key)
{
    json_t *v = json_object_get(j, key);
    assert_true(json_is_number(v));
    return json_number_value(v);
}

static void expect_item(json_t *items, const char *key, long long scored, long long sum,
                        double average)
{
    json_t *it = json_object_get(items, key);
    assert_int_equal(tj_int(it, "scored"), scored);
    assert_int_equal(tj_int(it, "sum"), sum);
    assert_float_equal(real(it, "average"), average, 1e-9);
}

static void expect_facts(json_t *t)
{
    assert_int_equal(tj_int(t, "received"), 5);
    assert_int_equal(tj_int(t, "resolved"), 4);
    assert_int_equal(tj_int(t, "early"), 3);
    assert_int_equal(tj_int(t, "late"), 1);
    assert_int_equal(tj_int(t, "digitised"), 2);
    assert_int_equal(tj_int(t, "e_result"), 1);
    assert_int_equal(tj_int(t, "fully_digitised"), 1);
    assert_float_equal(real(t, "indicator1"), 1.5, 1e-9);
    json_t *r = json_object_get(t, "ratings");
    assert_int_equal(tj_int(r, "count"), 3);
    assert_int_equal(tj_int(r, "satisfied"), 1);
    assert_int_equal(tj_int(r, "neutral"), 1);
    assert_int_equal(tj_int(r, "dissatisfied"), 1);
    json_t *items = json_object_get(r, "items");
    expect_item(items, "contacts", 2, 2, 1.0);
    expect_item(items, "bodies", 1, 2, 2.0);
    expect_item(items, "information", 1, 2, 2.0);
    expect_item(items, "attitude", 2, 3, 1.5);
}

static void test_counters_of_files_and_ratings(void **state)
{
    (void)state;
    build_history();
    struct tclient *admin = tc_as("admin", "quantri@2026");
    const char *scopes[] = {"unit=GR-X01-MC", "unit=GR-X01", "unit=KG"};
    for (size_t i = 0; i < sizeof scopes / sizeof scopes[0]; i++) {
        json_t *j = get(admin, "/api/v1/stats", scopes[i]);
        expect_facts(json_object_get(j, "total"));
        json_decref(j);
    }
    tc_free(admin);
}

static void test_grouping_by_field_and_drill_down(void **state)
{
    (void)state;
    struct tclient *lead = tc_as(TD_LEAD);
    json_t *j = get(lead, "/api/v1/stats", "unit=GR-X01&group=field");
    json_t *rows = json_object_get(j, "rows");
    assert_int_equal(json_array_size(rows), 2);
    json_t *cert = json_array_get(rows, 0), *civil = json_array_get(rows, 1);
    assert_string_equal(tj_str(cert, "key"), "Chứng thực");
    assert_string_equal(tj_str(cert, "label"), "Chứng thực");
    assert_int_equal(tj_int(cert, "received"), 1);
    assert_int_equal(tj_int(cert, "resolved"), 0);
    assert_string_equal(tj_str(civil, "key"), "Hộ tịch");
    assert_int_equal(tj_int(civil, "received"), 4);
    assert_int_equal(tj_int(civil, "late"), 1);
    assert_int_equal(tj_int(civil, "digitised"), 2);
    expect_facts(json_object_get(j, "total"));
    json_decref(j);

    j = get(lead, "/api/v1/stats/dossiers",
            "unit=GR-X01&field=H%E1%BB%99%20t%E1%BB%8Bch&timing=late");
    assert_int_equal(tj_int(j, "total"), 1);
    json_t *it = json_array_get(json_object_get(j, "items"), 0);
    assert_string_equal(tj_str(it, "code"), d2);
    assert_string_equal(tj_str(it, "field"), "Hộ tịch");
    json_t *sc = json_object_get(it, "scores");
    assert_int_equal(tj_int(sc, "indicator1"), 0);
    assert_string_equal(tj_str(sc, "rating"), "dissatisfied");
    assert_int_equal(tj_int(sc, "contacts"), 0);
    assert_int_equal(tj_int(sc, "attitude"), 1);
    assert_true(json_is_null(json_object_get(sc, "bodies")));
    json_decref(j);

    j = get(lead, "/api/v1/stats/dossiers", "unit=GR-X01&field=Ch%E1%BB%A9ng%20th%E1%BB%B1c");
    assert_int_equal(tj_int(j, "total"), 1);
    it = json_array_get(json_object_get(j, "items"), 0);
    assert_string_equal(tj_str(it, "code"), d5);
    assert_true(json_is_null(json_object_get(json_object_get(it, "scores"), "indicator1")));
    assert_true(json_is_null(json_object_get(json_object_get(it, "scores"), "rating")));
    json_decref(j);

    j = get(lead, "/api/v1/stats/dossiers", "unit=GR-X01&timing=early&per_page=200");
    assert_int_equal(tj_int(j, "total"), 3);
    json_t *items = json_object_get(j, "items");
    for (size_t i = 0; i < json_array_size(items); i++) {
        it = json_array_get(items, i);
        sc = json_object_get(it, "scores");
        assert_int_equal(tj_int(sc, "indicator1"), 2);
        if (strcmp(tj_str(it, "code"), d1) == 0) {
            assert_int_equal(tj_int(sc, "information"), 2);
            assert_string_equal(tj_str(sc, "rating"), "satisfied");
        }
    }
    json_decref(j);
    tc_free(lead);
}

static json_t *figure(json_t *ev, const char *key)
{
    json_t *arr = json_object_get(ev, "decision766");
    for (size_t i = 0; i < json_array_size(arr); i++)
        if (strcmp(tj_str(json_array_get(arr, i), "key"), key) == 0)
            return json_array_get(arr, i);
    fail_msg("no figure %s", key);
    return NULL;
}

static void expect_figure(json_t *ev, const char *key, long long num, long long den, double value)
{
    json_t *f = figure(ev, key);
    assert_int_equal(tj_int(f, "numerator"), num);
    assert_int_equal(tj_int(f, "denominator"), den);
    if (value < 0)
        assert_true(json_is_null(json_object_get(f, "value")));
    else
        assert_float_equal(real(f, "value"), value, 1e-9);
    assert_non_null(tj_str(f, "formula"));
}

static void test_decision_766_and_circular_01(void **state)
{
    (void)state;
    struct tclient *lead = tc_as(TD_LEAD);
    json_t *ev = get(lead, "/api/v1/stats/evaluation", "unit=GR-X01");
    expect_figure(ev, "online_dossiers", 0, 5, 0);
    expect_figure(ev, "e_result", 1, 4, 25);
    expect_figure(ev, "digitised", 1, 4, 25);
    assert_int_equal(tj_int(json_object_get(figure(ev, "digitised"), "inputs"), "digitised"), 2);
    expect_figure(ev, "satisfaction", 2, 4, 50);
    json_t *in = json_object_get(figure(ev, "satisfaction"), "inputs");
    assert_int_equal(tj_int(in, "late"), 1);
    assert_int_equal(tj_int(in, "dissatisfied"), 1);
    assert_false(json_is_true(json_object_get(figure(ev, "satisfaction"), "met")));
    expect_figure(ev, "satisfied_ratings", 1, 3, 33.33);

    /* Catalogue figures agree with the targets tracker, and the demo catalogue publishes no
     * subjects, channels or agencies: nothing is complete, and each gap is listed. */
    json_t *targets = get(lead, "/api/v1/stats/targets", "unit=GR-X01");
    json_t *full =
        json_object_get(json_array_get(json_object_get(targets, "targets"), 0), "inputs");
    long long in_force = tj_int(full, "denominator_value");
    json_t *ffull = figure(ev, "online_full_procedures");
    assert_int_equal(tj_int(ffull, "numerator"), tj_int(full, "numerator_value"));
    assert_int_equal(tj_int(ffull, "denominator"), in_force);
    json_t *online = figure(ev, "online_procedures");
    assert_int_equal(tj_int(online, "numerator"),
                     tj_int(ffull, "numerator") +
                         tj_int(figure(ev, "online_partial_procedures"), "numerator"));
    expect_figure(ev, "published_complete", 0, in_force, 0);
    json_t *inc = json_object_get(ev, "incomplete_procedures");
    assert_int_equal((long long)json_array_size(inc), in_force);
    assert_non_null(strstr(tj_str(json_array_get(inc, 0), "missing"), "đối tượng thực hiện"));
    json_decref(targets);

    json_t *c01 = json_object_get(ev, "circular01");
    json_t *units = json_object_get(c01, "units");
    assert_int_equal(json_array_size(units), 1);
    json_t *g = json_array_get(units, 0);
    assert_string_equal(tj_str(g, "unit"), "GR-X01-MC");
    json_t *ind = json_object_get(g, "indicators");
    assert_float_equal(real(json_object_get(ind, "1"), "score"), 1.5, 1e-9);
    assert_int_equal(tj_int(json_object_get(ind, "1"), "dossiers"), 4);
    assert_float_equal(real(json_object_get(ind, "3"), "score"), 1.0, 1e-9);
    assert_float_equal(real(json_object_get(ind, "4"), "score"), 2.0, 1e-9);
    assert_float_equal(real(json_object_get(ind, "6"), "score"), 2.0, 1e-9);
    assert_float_equal(real(json_object_get(ind, "7"), "score"), 1.5, 1e-9);
    assert_int_equal(tj_int(json_object_get(ind, "7"), "dossiers"), 2);
    for (const char *k[] = {"2", "5", "8", "9", NULL}, **p = k; *p; p++)
        assert_true(json_is_null(json_object_get(ind, *p)));
    assert_float_equal(real(g, "staff_score"), 4.0, 1e-9);
    assert_string_equal(tj_str(g, "staff_band"), "Hoàn thành từ 70% đến dưới 100% nhiệm vụ");
    assert_false(json_is_true(json_object_get(g, "gradable")));
    assert_true(json_is_null(json_object_get(g, "grade")));
    assert_string_equal(tj_str(g, "missing"), "2, 5, 8, 9");
    json_decref(ev);

    /* Another district unit: nothing resolved, nothing rated, so nothing to grade or score. */
    ev = get(lead, "/api/v1/stats/evaluation", "unit=GR-X01-CA");
    expect_figure(ev, "satisfaction", 0, 0, -1);
    g = json_object_get(json_object_get(ev, "circular01"), "total");
    assert_true(json_is_null(json_object_get(g, "staff_score")));
    assert_string_equal(tj_str(g, "missing"), "1, 2, 3, 4, 5, 6, 7, 8, 9");
    json_decref(ev);
    tc_free(lead);
}

static void save(struct tclient *c, const char *path, const char *file)
{
    struct tresp r = tc_get(c, path);
    tc_expect(&r, 200, NULL);
    FILE *f = fopen(file, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(r.body, 1, r.len, f), r.len);
    fclose(f);
    tc_resp_free(&r);
}

/* The CSV row whose first cell is first, from the second cell on, comma-joined. */
static void csv_row(const char *file, const char *first, char *out, size_t len)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "python3 -c \"import csv,sys; rows=list(csv.reader(open(sys.argv[1], "
             "encoding='utf-8-sig'))); t=[r for r in rows if r[0]==sys.argv[2]][0]; "
             "print(','.join(t[1:]))\" '%s' '%s'",
             file, first);
    assert_int_equal(td_run(cmd, out, len), 0);
    out[strcspn(out, "\n")] = '\0';
}

static void test_exports_carry_the_same_numbers(void **state)
{
    (void)state;
    struct tclient *audit = tc_as("kiemtra", "kiemtra@2026");
    const char *dir = test_tmpdir("stats_facts");
    char file[512], path[512], got[1024], want[256];

    /* Decision 766 figures: numerator, denominator and rate as the JSON has them. */
    json_t *ev = get(audit, "/api/v1/stats/evaluation", "unit=GR-X01");
    snprintf(file, sizeof file, "%s/figures.csv", dir);
    snprintf(path, sizeof path, "/api/v1/stats/evaluation?%s&unit=GR-X01&format=csv", range);
    save(audit, path, file);
    json_t *sat = figure(ev, "satisfaction");
    csv_row(file, tj_str(sat, "label"), got, sizeof got);
    assert_string_equal(got, "5.4,2,4,50,90");
    json_t *dig = figure(ev, "digitised");
    csv_row(file, tj_str(dig, "label"), got, sizeof got);
    assert_string_equal(got, "4.2,1,4,25,80");

    /* The Circular 01 grading: the unit's row, scores as plain numbers, missing ones empty. */
    snprintf(file, sizeof file, "%s/grading.csv", dir);
    snprintf(path, sizeof path, "/api/v1/stats/evaluation?%s&unit=GR-X01&format=csv&table=grading",
             range);
    save(audit, path, file);
    csv_row(file, "Tổng cộng", got, sizeof got);
    assert_string_equal(got, "1.5,,1,2,,2,1.5,,,4,Hoàn thành từ 70% đến dưới 100% nhiệm vụ,,"
                             "Chưa xếp loại: thiếu chỉ số 2, 5, 8, 9");
    snprintf(file, sizeof file, "%s/grading.pdf", dir);
    snprintf(path, sizeof path, "/api/v1/stats/evaluation?%s&unit=GR-X01&format=pdf&table=grading",
             range);
    save(audit, path, file);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "pdftotext '%s' - | grep -c 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'",
             file);
    assert_int_equal(td_run(cmd, got, sizeof got), 0);
    json_decref(ev);

    /* By field: the Hộ tịch row of the CSV is the JSON's. */
    json_t *j = get(audit, "/api/v1/stats", "unit=GR-X01&group=field");
    json_t *civil = json_array_get(json_object_get(j, "rows"), 1);
    snprintf(want, sizeof want, "%lld,%lld,%lld", tj_int(civil, "received"),
             tj_int(civil, "online"), tj_int(civil, "accepted"));
    json_decref(j);
    snprintf(file, sizeof file, "%s/field.csv", dir);
    snprintf(path, sizeof path, "/api/v1/stats?%s&unit=GR-X01&group=field&format=csv", range);
    save(audit, path, file);
    csv_row(file, "Hộ tịch", got, sizeof got);
    got[strlen(want)] = '\0';
    assert_string_equal(got, want);
    tc_free(audit);
}

static void test_dashboard_shows_them(void **state)
{
    (void)state;
    struct tclient *page = tc_new(NULL);
    assert_non_null(tc_login_form(page, TD_LEAD));
    char path[256];
    snprintf(path, sizeof path, "/desk/thong-ke?unit=GR-X01&%s", range);
    struct tresp r = tc_get(page, path);
    tc_expect(&r, 200, NULL);
    for (const char *s[] = {"Theo lĩnh vực", "Chứng thực", "field&#61;H%E1%BB%99%20t%E1%BB%8Bch",
                            "Quyết định 766", "50.00", "25.00", "33.33",
                            "Chưa xếp loại: thiếu chỉ số 2, 5, 8, 9", "<td>4.0</td>",
                            "<td>1.5</td>", "table&#61;grading", NULL},
                    **p = s;
         *p; p++) {
        if (!strstr(r.body, *p))
            fail_msg("the dashboard lacks %s", *p);
    }
    assert_null(strstr(r.body, "<script"));
    tc_resp_free(&r);
    tc_free(page);
}

static void test_bad_input_and_access(void **state)
{
    (void)state;
    struct tclient *lead = tc_as(TD_LEAD), *citizen = tc_as("congdan", "congdan@2026");
    struct tclient *anon = tc_new(NULL);
    tc_get_expect(anon, "/api/v1/stats/evaluation", 401);
    tc_get_expect(citizen, "/api/v1/stats/evaluation", 403);
    tc_get_expect(lead, "/api/v1/stats/evaluation?unit=GR", 403);
    struct tresp r = tc_get(lead, "/api/v1/stats/evaluation?format=doc");
    tc_expect(&r, 422, "format");
    tc_resp_free(&r);
    r = tc_get(lead, "/api/v1/stats/evaluation?format=csv&table=all");
    tc_expect(&r, 422, "table");
    tc_resp_free(&r);
    r = tc_get(lead, "/api/v1/stats/evaluation?to=2026-02-30");
    tc_expect(&r, 422, "to");
    tc_resp_free(&r);
    tc_free(anon);
    tc_free(citizen);
    tc_free(lead);
}

/* Runs last: it wipes and rebuilds the counters. */
static void test_rebuild_equals_live(void **state)
{
    (void)state;
    struct tclient *admin = tc_as("admin", "quantri@2026");
    const char *paths[] = {"/api/v1/stats?group=field&from=2020-01-01",
                           "/api/v1/stats?group=channel&from=2020-01-01",
                           "/api/v1/stats/evaluation?from=2020-01-01"};
    struct tresp live[3];
    for (int i = 0; i < 3; i++) {
        live[i] = tc_get(admin, paths[i]);
        tc_expect(&live[i], 200, NULL);
    }
    tc_db_run("DELETE FROM stats_daily", DB_NOARGS);
    char cmd[1024], out[512];
    snprintf(cmd, sizeof cmd, "'%s' stats rebuild --db '%s' 2>&1", test_env("MOTCUA_BIN", ""),
             test_env("MOTCUA_TEST_DB", ""));
    int rc = td_run(cmd, out, sizeof out);
    if (rc)
        fprintf(stderr, "%s\n", out);
    assert_int_equal(rc, 0);
    for (int i = 0; i < 3; i++) {
        struct tresp again = tc_get(admin, paths[i]);
        tc_expect(&again, 200, NULL);
        assert_string_equal(again.body, live[i].body);
        tc_resp_free(&again);
        tc_resp_free(&live[i]);
    }
    json_t *j = get(admin, "/api/v1/stats", "unit=GR-X01");
    expect_facts(json_object_get(j, "total"));
    json_decref(j);
    tc_free(admin);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counters_of_files_and_ratings),
        cmocka_unit_test(test_grouping_by_field_and_drill_down),
        cmocka_unit_test(test_decision_766_and_circular_01),
        cmocka_unit_test(test_exports_carry_the_same_numbers),
        cmocka_unit_test(test_dashboard_shows_them),
        cmocka_unit_test(test_bad_input_and_access),
        cmocka_unit_test(test_rebuild_equals_live),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
