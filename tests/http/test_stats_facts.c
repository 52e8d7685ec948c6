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
 * satisfied ratings 33.33 %, online dossiers 0 %. The rest of the grading (indicator 2 equal to
 * /api/v1/stats/indices, 5 = 0 with nothing appraised at the section, 8 = 2 with no feedback,
 * 9 = 0 with nothing online) is checked here for consistency; tests/http/test_stats_grading.c
 * checks every indicator against known answers. */
#include "db.h"
#include "tcheck.h"
#include "tclient.h"
#include "tdesk.h"
#include "testutil.h"
#include "tstats.h"

#include "svc_stats_evaluation.h"

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

#define BOUNDARY "----motcuastats"
#define CERTIFY  "2.000815" /* Chứng thực bản sao: field "Chứng thực" */

static char range[96];
static int64_t day_start;
static char d1[64], d2[64], d3[64], d4[64], d5[64];

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

/* GET base?<period>&query, expecting 200. */
static json_t *get_today(struct tclient *c, const char *base, const char *query)
{
    return ts_get(c, range, base, query);
}

static void keep(char *dst, char *code)
{
    snprintf(dst, 64, "%s", code);
    free(code);
}

static void build_history(void)
{
    ts_pick_today(range, sizeof range, &day_start);
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
    ts_resolve(desk, d1, now + 5 * 86400);
    ts_resolve(desk, d2, now - 2 * 86400);
    ts_resolve(desk, d3, now + 5 * 86400);
    ts_resolve(desk, d4, now + 5 * 86400);
    upload(desk, d4, "component"); /* after its resolution: not digitised */
    for (const char *c[] = {d1, d2, d3, NULL}, **p = c; *p; p++)
        assert_int_equal(td_act_now(desk, desk, *p, "return", NULL), 200);
    ts_rate(d1, "overall=satisfied&contacts=2&bodies=2&information=2&attitude=2");
    ts_rate(d2, "overall=dissatisfied&contacts=0&attitude=1");
    ts_rate(d3, "overall=neutral");
    tc_free(desk);
}

static void expect_item(json_t *items, const char *key, long long scored, long long sum,
                        double average)
{
    json_t *it = json_object_get(items, key);
    assert_int_equal(tj_int(it, "scored"), scored);
    assert_int_equal(tj_int(it, "sum"), sum);
    assert_float_equal(ts_real(it, "average"), average, 1e-9);
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
    assert_float_equal(ts_real(t, "indicator1"), 1.5, 1e-9);
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
        json_t *j = get_today(admin, "/api/v1/stats", scopes[i]);
        expect_facts(json_object_get(j, "total"));
        json_decref(j);
    }
    tc_free(admin);
}

static void test_grouping_by_field_and_drill_down(void **state)
{
    (void)state;
    struct tclient *lead = tc_as(TD_LEAD);
    json_t *j = get_today(lead, "/api/v1/stats", "unit=GR-X01&group=field");
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

    j = get_today(lead, "/api/v1/stats/dossiers",
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

    j = get_today(lead, "/api/v1/stats/dossiers", "unit=GR-X01&field=Ch%E1%BB%A9ng%20th%E1%BB%B1c");
    assert_int_equal(tj_int(j, "total"), 1);
    it = json_array_get(json_object_get(j, "items"), 0);
    assert_string_equal(tj_str(it, "code"), d5);
    assert_true(json_is_null(json_object_get(json_object_get(it, "scores"), "indicator1")));
    assert_true(json_is_null(json_object_get(json_object_get(it, "scores"), "rating")));
    json_decref(j);

    j = get_today(lead, "/api/v1/stats/dossiers", "unit=GR-X01&timing=early&per_page=200");
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

static void expect_figure(json_t *ev, const char *key, long long num, long long den, double value)
{
    json_t *f = ts_figure(ev, key);
    assert_int_equal(tj_int(f, "numerator"), num);
    assert_int_equal(tj_int(f, "denominator"), den);
    if (value < 0)
        assert_true(json_is_null(json_object_get(f, "value")));
    else
        assert_float_equal(ts_real(f, "value"), value, 1e-9);
    assert_non_null(tj_str(f, "formula"));
}

static void test_decision_766_and_circular_01(void **state)
{
    (void)state;
    struct tclient *lead = tc_as(TD_LEAD);
    json_t *ev = get_today(lead, "/api/v1/stats/evaluation", "unit=GR-X01");
    expect_figure(ev, "online_dossiers", 0, 5, 0);
    expect_figure(ev, "e_result", 1, 4, 25);
    expect_figure(ev, "digitised", 1, 4, 25);
    assert_int_equal(tj_int(json_object_get(ts_figure(ev, "digitised"), "inputs"), "digitised"), 2);
    expect_figure(ev, "satisfaction", 2, 4, 50);
    json_t *in = json_object_get(ts_figure(ev, "satisfaction"), "inputs");
    assert_int_equal(tj_int(in, "late"), 1);
    assert_int_equal(tj_int(in, "dissatisfied"), 1);
    assert_false(json_is_true(json_object_get(ts_figure(ev, "satisfaction"), "met")));
    expect_figure(ev, "satisfied_ratings", 1, 3, 33.33);

    /* Catalogue figures agree with the targets tracker, and the demo catalogue publishes no
     * subjects, channels or agencies: nothing is complete, and each gap is listed. */
    json_t *targets = get_today(lead, "/api/v1/stats/targets", "unit=GR-X01");
    json_t *full =
        json_object_get(json_array_get(json_object_get(targets, "targets"), 0), "inputs");
    long long in_force = tj_int(full, "denominator_value");
    json_t *ffull = ts_figure(ev, "online_full_procedures");
    assert_int_equal(tj_int(ffull, "numerator"), tj_int(full, "numerator_value"));
    assert_int_equal(tj_int(ffull, "denominator"), in_force);
    json_t *online = ts_figure(ev, "online_procedures");
    assert_int_equal(tj_int(online, "numerator"),
                     tj_int(ffull, "numerator") +
                         tj_int(ts_figure(ev, "online_partial_procedures"), "numerator"));
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
    assert_float_equal(ts_real(json_object_get(ind, "1"), "score"), 1.5, 1e-9);
    assert_int_equal(tj_int(json_object_get(ind, "1"), "dossiers"), 4);
    assert_float_equal(ts_real(json_object_get(ind, "3"), "score"), 1.0, 1e-9);
    assert_float_equal(ts_real(json_object_get(ind, "4"), "score"), 2.0, 1e-9);
    assert_float_equal(ts_real(json_object_get(ind, "6"), "score"), 2.0, 1e-9);
    assert_float_equal(ts_real(json_object_get(ind, "7"), "score"), 1.5, 1e-9);
    assert_int_equal(tj_int(json_object_get(ind, "7"), "dossiers"), 2);
    /* Indicator 2 is the step figure of /api/v1/stats/indices for the same scope. */
    json_t *idx = get_today(lead, "/api/v1/stats/indices", "unit=GR-X01");
    json_t *steps = json_object_get(json_object_get(idx, "circular01_indicator2"), "total");
    assert_float_equal(ts_real(json_object_get(ind, "2"), "score"), ts_real(steps, "points"), 1e-9);
    assert_int_equal(tj_int(json_object_get(ind, "2"), "basis"), tj_int(steps, "steps"));
    json_decref(idx);
    /* The demo commune's procedures are appraised at the commune, not at its section. */
    json_t *five = json_object_get(ind, "5");
    assert_float_equal(ts_real(five, "score"), 0, 1e-9);
    assert_int_equal(tj_int(json_object_get(five, "inputs"), "appraised"), 0);
    assert_true(tj_int(json_object_get(five, "inputs"), "procedures") > 0);
    assert_string_equal(tj_str(g, "tier"), "commune");
    /* No feedback: 2 points by the documented rule, said so in the note. */
    assert_float_equal(ts_real(json_object_get(ind, "8"), "score"), 2, 1e-9);
    assert_non_null(strstr(tj_str(json_object_get(ind, "8"), "note"), "không có phản ánh"));
    /* Nothing received online: 0 whatever the catalogue offers. */
    json_t *nine = json_object_get(ind, "9");
    assert_float_equal(ts_real(nine, "score"), 0, 1e-9);
    assert_int_equal(tj_int(json_object_get(nine, "inputs"), "received"), 5);
    assert_int_equal(tj_int(json_object_get(nine, "inputs"), "online"), 0);
    double total = 0;
    for (int i = 1; i <= 9; i++) {
        char k[4];
        snprintf(k, sizeof k, "%d", i);
        total += ts_real(json_object_get(ind, k), "score");
    }
    total = (double)(long long)(total * 10 + 0.5) / 10;
    assert_float_equal(ts_real(g, "staff_score"), 4.0, 1e-9);
    assert_string_equal(tj_str(g, "staff_band"), "Hoàn thành từ 70% đến dưới 100% nhiệm vụ");
    assert_true(json_is_true(json_object_get(g, "gradable")));
    assert_float_equal(ts_real(g, "total"), total, 1e-9);
    assert_string_equal(tj_str(g, "grade"), svc_stats_agency_band(total));
    assert_string_equal(tj_str(g, "missing"), "");
    json_decref(ev);

    /* Another district unit: nothing resolved, nothing rated, so nothing to grade or score. */
    ev = get_today(lead, "/api/v1/stats/evaluation", "unit=GR-X01-CA");
    expect_figure(ev, "satisfaction", 0, 0, -1);
    g = json_object_get(json_object_get(ev, "circular01"), "total");
    assert_true(json_is_null(json_object_get(g, "staff_score")));
    assert_string_equal(tj_str(g, "missing"), "1, 2, 3, 4, 5, 6, 7, 8, 9");
    json_decref(ev);
    tc_free(lead);
}

static void test_exports_carry_the_same_numbers(void **state)
{
    (void)state;
    struct tclient *audit = tc_as("kiemtra", "kiemtra@2026");
    const char *dir = test_tmpdir("stats_facts");
    char file[512], path[512], got[1024], want[256];

    /* Decision 766 figures: numerator, denominator and rate as the JSON has them. */
    json_t *ev = get_today(audit, "/api/v1/stats/evaluation", "unit=GR-X01");
    snprintf(file, sizeof file, "%s/figures.csv", dir);
    snprintf(path, sizeof path, "/api/v1/stats/evaluation?%s&unit=GR-X01&format=csv", range);
    ts_save(audit, path, file);
    json_t *sat = ts_figure(ev, "satisfaction");
    ts_csv_row(file, tj_str(sat, "label"), got, sizeof got);
    assert_string_equal(got, "5.4,2,4,50,90");
    json_t *dig = ts_figure(ev, "digitised");
    ts_csv_row(file, tj_str(dig, "label"), got, sizeof got);
    assert_string_equal(got, "4.2,1,4,25,80");

    /* The Circular 01 grading: the unit's row, scores as plain numbers, missing ones empty. */
    snprintf(file, sizeof file, "%s/grading.csv", dir);
    snprintf(path, sizeof path, "/api/v1/stats/evaluation?%s&unit=GR-X01&format=csv&table=grading",
             range);
    ts_save(audit, path, file);
    ts_csv_row(file, "Tổng cộng", got, sizeof got);
    json_t *g = json_object_get(json_object_get(ev, "circular01"), "total");
    int at = 0;
    for (int i = 1; i <= 9; i++) {
        char k[4];
        snprintf(k, sizeof k, "%d", i);
        at += snprintf(want + at, sizeof want - (size_t)at, "%g,",
                       ts_real(json_object_get(json_object_get(g, "indicators"), k), "score"));
    }
    snprintf(want + at, sizeof want - (size_t)at, "4,%s,%g,%s", tj_str(g, "staff_band"),
             ts_real(g, "total"), tj_str(g, "grade"));
    assert_string_equal(got, want);
    snprintf(file, sizeof file, "%s/grading.pdf", dir);
    snprintf(path, sizeof path, "/api/v1/stats/evaluation?%s&unit=GR-X01&format=pdf&table=grading",
             range);
    ts_save(audit, path, file);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "pdftotext '%s' - | grep -c 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'",
             file);
    assert_int_equal(td_run(cmd, got, sizeof got), 0);
    json_decref(ev);

    /* By field: the Hộ tịch row of the CSV is the JSON's. */
    json_t *j = get_today(audit, "/api/v1/stats", "unit=GR-X01&group=field");
    json_t *civil = json_array_get(json_object_get(j, "rows"), 1);
    snprintf(want, sizeof want, "%lld,%lld,%lld", tj_int(civil, "received"),
             tj_int(civil, "online"), tj_int(civil, "accepted"));
    json_decref(j);
    snprintf(file, sizeof file, "%s/field.csv", dir);
    snprintf(path, sizeof path, "/api/v1/stats?%s&unit=GR-X01&group=field&format=csv", range);
    ts_save(audit, path, file);
    ts_csv_row(file, "Hộ tịch", got, sizeof got);
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
                            "Quyết định 766", "50,00", "25,00", "33,33", "Số liệu từng chỉ số",
                            "không có phản ánh, kiến nghị đến hạn", "<td>4,0</td>", "<td>1,5</td>",
                            "table&#61;grading", NULL},
                    **p = s;
         *p; p++) {
        if (!strstr(r.body, *p))
            fail_msg("the dashboard lacks %s", *p);
    }
    assert_null(strstr(r.body, "<script"));
    tc_resp_free(&r);
    tc_free(page);
}

/* The codes of the dossiers a drill-down lists, sorted and joined by spaces. */
static const char *drill_codes(struct tclient *c, const char *query, char *out, size_t len)
{
    json_t *j = get_today(c, "/api/v1/stats/dossiers", query);
    json_t *items = json_object_get(j, "items");
    const char *codes[8];
    size_t n = json_array_size(items);
    assert_true(n <= 8);
    assert_int_equal(tj_int(j, "total"), (long long)n);
    for (size_t i = 0; i < n; i++)
        codes[i] = tj_str(json_array_get(items, i), "code");
    for (size_t i = 0; i < n; i++) /* a few codes: insertion sort */
        for (size_t k = i; k > 0 && strcmp(codes[k - 1], codes[k]) > 0; k--) {
            const char *t = codes[k];
            codes[k] = codes[k - 1];
            codes[k - 1] = t;
        }
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        snprintf(out + strlen(out), len - strlen(out), "%s%s", i ? " " : "", codes[i]);
    json_decref(j);
    return out;
}

static const char *joined(char *out, size_t len, const char *a, const char *b, const char *c)
{
    const char *v[3] = {a, b, c};
    out[0] = '\0';
    for (int i = 0; i < 3 && v[i]; i++) /* given in order */
        snprintf(out + strlen(out), len - strlen(out), "%s%s", i ? " " : "", v[i]);
    return out;
}

/* Issue 14 item 15: the counts of returned, digitised and e-result dossiers and of ratings
 * are links too, and their lists hold exactly the dossiers the counters counted (returned:
 * D1–D3; digitised: D1, D2 — not D4, scanned after its resolution; e-result: D1; rated:
 * D1–D3; dissatisfied: D2), over the API and as the HTML list. */
static void test_every_fact_count_drills_down(void **state)
{
    (void)state;
    struct tclient *lead = tc_as(TD_LEAD);
    char got[512], want[512];
    /* the codes of one day at one counter sort as they were received */
    const struct {
        const char *kind, *a, *b, *c;
    } kinds[] = {{"returned", d1, d2, d3},
                 {"digitised", d1, d2, NULL},
                 {"e_result", d1, NULL, NULL},
                 {"rated", d1, d2, d3},
                 {"dissatisfied", d2, NULL, NULL}};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        char q[128];
        snprintf(q, sizeof q, "unit=GR-X01&timing=%s", kinds[i].kind);
        drill_codes(lead, q, got, sizeof got);
        joined(want, sizeof want, kinds[i].a, kinds[i].b, kinds[i].c);
        if (strcmp(got, want) != 0)
            fail_msg("%s lists [%s], expected [%s]", kinds[i].kind, got, want);
    }
    struct tresp r = tc_get(lead, "/api/v1/stats/dossiers?timing=satisfied");
    tc_expect(&r, 422, "timing");
    tc_resp_free(&r);
    tc_free(lead);

    struct tclient *page = tc_new(NULL);
    assert_non_null(tc_login_form(page, TD_LEAD));
    char path[256];
    snprintf(path, sizeof path, "/desk/thong-ke?unit=GR-X01&%s", range);
    r = tc_get(page, path);
    tc_expect(&r, 200, NULL);
    for (const char *k[] = {"timing&#61;returned", "timing&#61;digitised", "timing&#61;e_result",
                            "timing&#61;rated", "timing&#61;dissatisfied", NULL},
                    **p = k;
         *p; p++)
        if (!strstr(r.body, *p))
            fail_msg("no count links to %s", *p);
    tc_resp_free(&r);
    snprintf(path, sizeof path, "/desk/thong-ke/ho-so?unit=GR-X01&%s&timing=digitised", range);
    r = tc_get(page, path);
    tc_expect(&r, 200, NULL);
    assert_non_null(strstr(r.body, "Hồ sơ đã giải quyết có tệp thành phần"));
    assert_non_null(strstr(r.body, d1));
    assert_non_null(strstr(r.body, d2));
    assert_null(strstr(r.body, d4));
    tc_resp_free(&r);
    snprintf(path, sizeof path, "/desk/thong-ke/ho-so?unit=GR-X01&%s&timing=dissatisfied", range);
    r = tc_get(page, path);
    tc_expect(&r, 200, NULL);
    assert_non_null(strstr(r.body, "Hồ sơ bị đánh giá không hài lòng"));
    assert_non_null(strstr(r.body, d2));
    assert_null(strstr(r.body, d1));
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
    json_t *j = get_today(admin, "/api/v1/stats", "unit=GR-X01");
    expect_facts(json_object_get(j, "total"));
    json_decref(j);
    tc_free(admin);
}

/* Indicator 2 of /api/v1/stats/indices and the Circular 01 grading of the evaluation since
 * 2020, as one text (caller frees); the rest of the indices answer holds "now". */
static char *step_figures(struct tclient *admin)
{
    json_t *ind = tc_get_json(admin, "/api/v1/stats/indices?from=2020-01-01");
    json_t *ev = tc_get_json(admin, "/api/v1/stats/evaluation?from=2020-01-01&unit=GR-X01");
    json_t *both =
        json_pack("{s:O, s:O}", "indicator2", json_object_get(ind, "circular01_indicator2"),
                  "circular01", json_object_get(ev, "circular01"));
    char *text = json_dumps(both, JSON_SORT_KEYS | JSON_COMPACT);
    assert_non_null(text);
    json_decref(both);
    json_decref(ind);
    json_decref(ev);
    return text;
}

/* Step counters (migration 0019) equal a rebuild from dossier_steps along every path that
 * finishes or restarts a step: the reception step finished with an acceptance at the counter
 * and with a later acceptance after a supplement at reception; a supplement during appraisal
 * (the running step starts again); a refusal after appraisal; a withdrawal; and a process
 * without a return step, where the return finishes the leader's step again — it moves, it is
 * not counted twice. Runs after the rebuild test: it adds dossiers of its own. */
static void test_step_counters_equal_a_rebuild(void **state)
{
    (void)state;
    struct tclient *desk = tc_as(TD_DESK), *spec = tc_as(TD_SPEC), *lead = tc_as(TD_LEAD);
    struct tclient *admin = tc_as("admin", "quantri@2026");
    char *plain = td_accept(desk, TD_PROC, "Trần Văn Bước", NULL);
    char *again = td_accept(desk, TD_PROC, "Trần Văn Bổ Sung", NULL);
    char *refused = td_accept(desk, TD_PROC, "Trần Văn Từ Chối", NULL);
    char *gone = td_accept(desk, TD_PROC, "Trần Văn Rút", NULL);
    char *no_return = td_accept(desk, TD_PROC, "Trần Văn Không Trả", NULL);
    struct tresp r = td_post_reception(desk, TD_PROC, "supplement", "Trần Văn Quầy",
                                       ",\"missing\":[\"Giấy chứng sinh\"]");
    tc_expect(&r, 201, NULL);
    char *later = strdup(tj_str(r.json, "code"));
    tc_resp_free(&r);
    assert_int_equal(td_act_now(desk, desk, later, "accept", NULL), 200);
    assert_int_equal(
        td_act_now(spec, desk, again, "request_supplement", ",\"items\":[\"Giấy tờ bổ sung\"]"),
        200);
    assert_int_equal(td_act_now(desk, desk, again, "supplement_received", NULL), 200);
    assert_int_equal(td_act_now(spec, desk, refused, "refuse", ",\"note\":\"Không đủ điều kiện\""),
                     200);
    assert_int_equal(td_act_now(desk, desk, gone, "withdraw", ",\"note\":\"Công dân xin rút\""),
                     200);
    /* As a procedure whose steps end with the leader: its return step is not laid out. */
    tc_db_run("DELETE FROM dossier_steps WHERE dossier_id = (SELECT id FROM dossiers WHERE code "
              "= $1) AND idx = 3",
              DB_ARGS(DB_T(no_return)));
    for (char *const *c = (char *const[]){plain, again, later, no_return, NULL}; *c; c++) {
        assert_int_equal(td_act_now(spec, desk, *c, "advance", NULL), 200);
        assert_int_equal(td_act_now(lead, desk, *c, "advance", NULL), 200);
    }
    for (char *const *c = (char *const[]){plain, refused, no_return, NULL}; *c; c++)
        assert_int_equal(td_act_now(desk, desk, *c, "return", NULL), 200);

    const char *p[] = {NULL};
    assert_int_equal(td_db_int("SELECT SUM(early + on_time + late) FROM stats_steps_daily", p),
                     td_db_int("SELECT COUNT(*) FROM dossier_steps WHERE timing IS NOT NULL AND "
                               "unit_id IS NOT NULL AND finished_at IS NOT NULL",
                               p));
    char *live = step_figures(admin);
    tc_db_run("CREATE TABLE steps_live AS SELECT * FROM stats_steps_daily", DB_NOARGS);
    ts_rebuild_counters();
#define STEP_ROWS(t)                                                                               \
    "SELECT unit_id, step_unit_id, procedure_code, channel, day, early, on_time, late FROM " t     \
    " WHERE early <> 0 OR on_time <> 0 OR late <> 0"
    assert_int_equal(td_db_int("SELECT COUNT(*) FROM (" STEP_ROWS(
                                   "steps_live") " EXCEPT " STEP_ROWS("stats_steps_daily") ") x",
                               p),
                     0);
    assert_int_equal(td_db_int("SELECT COUNT(*) FROM (" STEP_ROWS(
                                   "stats_steps_daily") " EXCEPT " STEP_ROWS("steps_live") ") x",
                               p),
                     0);
#undef STEP_ROWS
    char *rebuilt = step_figures(admin);
    assert_string_equal(rebuilt, live);
    free(rebuilt);
    free(live);
    tc_db_run("DROP TABLE steps_live", DB_NOARGS);
    for (char *const *c = (char *const[]){plain, again, refused, gone, no_return, later, NULL}; *c;
         c++)
        free(*c);
    tc_free(desk);
    tc_free(spec);
    tc_free(lead);
    tc_free(admin);
}

/* The sum of a counter over the days from..to of every unit, from the day rows alone: what a
 * report must answer whichever table each part of its period is read from. */
static int64_t days_sum(const char *table, const char *col, const char *from, const char *to,
                        const char *extra)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT COALESCE(SUM(%s), 0) FROM %s WHERE day >= $1 AND day <= $2%s",
             col, table, extra);
    const char *p[] = {from, to, NULL};
    return td_db_int(sql, p);
}

/* Counter rows of 2019 for commune X01's one-stop section, procedure TEST.THANG, written by SQL
 * as stats_add would: a day row on every day of 25/01–05/04 (counter and online in turn) and
 * the months summed from them, step counters likewise. */
static void write_days_of_2019(void)
{
    static const int mdays[] = {31, 28, 31, 30};
    for (int m = 1; m <= 4; m++)
        for (int d = 1; d <= mdays[m - 1]; d++) {
            if ((m == 1 && d < 25) || (m == 4 && d > 5))
                continue;
            char day[32];
            snprintf(day, sizeof day, "2019-%02d-%02d", m, d);
            int online = d % 2;
            tc_db_run("INSERT INTO stats_daily (unit_id, procedure_code, channel, day, received, "
                      "online, accepted, resolved_early, resolved_on_time, resolved_late) "
                      "SELECT id, 'TEST.THANG', $1, $2, $3, $4, $3, $5, 1, $6 FROM org_units "
                      "WHERE key = 'GR-X01-MC'",
                      DB_ARGS(DB_T(online ? "online" : "counter"), DB_T(day), DB_I(d % 5 + 1),
                              DB_I(online ? d % 5 + 1 : 0), DB_I(d % 3), DB_I(d % 4 == 0)));
            tc_db_run("INSERT INTO stats_steps_daily (unit_id, step_unit_id, procedure_code, "
                      "channel, day, early, on_time, late) SELECT u.id, s.id, 'TEST.THANG', "
                      "'counter', $1, $2, 1, $3 FROM org_units u, org_units s WHERE u.key = "
                      "'GR-X01-MC' AND s.key = 'GR-X01'",
                      DB_ARGS(DB_T(day), DB_I(d % 3), DB_I(d % 7 == 0)));
        }
    tc_db_run("INSERT INTO stats_monthly (unit_id, procedure_code, channel, month, received, "
              "online, accepted, resolved_early, resolved_on_time, resolved_late) SELECT "
              "unit_id, procedure_code, channel, SUBSTR(day, 1, 7), SUM(received), SUM(online), "
              "SUM(accepted), SUM(resolved_early), SUM(resolved_on_time), SUM(resolved_late) "
              "FROM stats_daily WHERE procedure_code = 'TEST.THANG' "
              "GROUP BY unit_id, procedure_code, channel, SUBSTR(day, 1, 7)",
              DB_NOARGS);
    tc_db_run("INSERT INTO stats_steps_monthly (unit_id, step_unit_id, procedure_code, channel, "
              "month, early, on_time, late) SELECT unit_id, step_unit_id, procedure_code, "
              "channel, SUBSTR(day, 1, 7), SUM(early), SUM(on_time), SUM(late) FROM "
              "stats_steps_daily WHERE procedure_code = 'TEST.THANG' "
              "GROUP BY unit_id, step_unit_id, procedure_code, channel, SUBSTR(day, 1, 7)",
              DB_NOARGS);
    ts_expect_monthly_rollup();
}

/* A period's answers equal the sums of its days: by procedure and by month, the evaluation's
 * online share and indicator 2. */
static void expect_period_is_its_days(struct tclient *admin, const char *from, const char *to)
{
    char period[96];
    snprintf(period, sizeof period, "from=%s&to=%s", from, to);
    json_t *j = ts_get(admin, period, "/api/v1/stats", "group=procedure");
    json_t *rows = json_object_get(j, "rows");
    json_t *row = NULL;
    for (size_t i = 0; i < json_array_size(rows); i++)
        if (strcmp(tj_str(json_array_get(rows, i), "key"), "TEST.THANG") == 0)
            row = json_array_get(rows, i);
    assert_non_null(row);
    const char *mine = " AND procedure_code = 'TEST.THANG'";
    assert_int_equal(tj_int(row, "received"), days_sum("stats_daily", "received", from, to, mine));
    assert_int_equal(tj_int(row, "online"), days_sum("stats_daily", "online", from, to, mine));
    assert_int_equal(tj_int(row, "early"),
                     days_sum("stats_daily", "resolved_early", from, to, mine));
    assert_int_equal(tj_int(row, "on_time"),
                     days_sum("stats_daily", "resolved_on_time", from, to, mine));
    assert_int_equal(tj_int(row, "late"), days_sum("stats_daily", "resolved_late", from, to, mine));
    json_decref(j);

    j = ts_get(admin, period, "/api/v1/stats", "group=month");
    rows = json_object_get(j, "rows");
    int64_t total = 0;
    for (size_t i = 0; i < json_array_size(rows); i++) {
        const char *month = tj_str(json_array_get(rows, i), "key");
        char first[16], last[16];
        snprintf(first, sizeof first, "%s-01", month);
        snprintf(last, sizeof last, "%s-31", month);
        int64_t n = days_sum("stats_daily", "received", strcmp(first, from) < 0 ? from : first,
                             strcmp(last, to) > 0 ? to : last, "");
        assert_int_equal(tj_int(json_array_get(rows, i), "received"), n);
        total += n;
    }
    assert_int_equal(total, days_sum("stats_daily", "received", from, to, ""));
    json_decref(j);

    j = ts_get(admin, period, "/api/v1/stats/evaluation", "");
    json_t *f = ts_figure(j, "online_dossiers");
    assert_int_equal(tj_int(f, "numerator"), days_sum("stats_daily", "online", from, to, ""));
    assert_int_equal(tj_int(f, "denominator"), days_sum("stats_daily", "received", from, to, ""));
    json_decref(j);

    j = ts_get(admin, period, "/api/v1/stats/indices", "");
    json_t *t = json_object_get(json_object_get(j, "circular01_indicator2"), "total");
    assert_int_equal(tj_int(t, "early"), days_sum("stats_steps_daily", "early", from, to, ""));
    assert_int_equal(tj_int(t, "on_time"), days_sum("stats_steps_daily", "on_time", from, to, ""));
    assert_int_equal(tj_int(t, "late"), days_sum("stats_steps_daily", "late", from, to, ""));
    json_decref(j);
}

/* The monthly roll-up (migration 0020): its rows equal the day rows summed per month, live and
 * after a rebuild (the same rows both ways), and a report reads whole months from it and the
 * days at the edges from the day rows, giving the sums of the days — for a period starting and
 * ending mid-month, within one month, of exact months, up to the last day of February, and
 * partial months whose other days have no rows (which the monthly rows then answer). */
static void test_monthly_rollup(void **state)
{
    (void)state;
    ts_expect_monthly_rollup();
#define MONTH_ROWS(t)                                                                              \
    "SELECT unit_id, procedure_code, channel, month, received, accepted, resolved_early, "         \
    "resolved_on_time, resolved_late, digitised, rated, attitude_sum FROM " t
#define STEP_MONTH_ROWS(t)                                                                         \
    "SELECT unit_id, step_unit_id, procedure_code, channel, month, early, on_time, late FROM " t   \
    " WHERE early <> 0 OR on_time <> 0 OR late <> 0"
    tc_db_run("CREATE TABLE monthly_live AS " MONTH_ROWS("stats_monthly"), DB_NOARGS);
    tc_db_run("CREATE TABLE steps_monthly_live AS SELECT * FROM stats_steps_monthly", DB_NOARGS);
    ts_rebuild_counters();
    const char *p[] = {NULL};
    assert_true(td_db_int("SELECT COUNT(*) FROM stats_monthly", p) > 0);
    assert_int_equal(
        td_db_int("SELECT COUNT(*) FROM (SELECT * FROM monthly_live EXCEPT " MONTH_ROWS(
                      "stats_monthly") ") x",
                  p),
        0);
    assert_int_equal(td_db_int("SELECT COUNT(*) FROM (" MONTH_ROWS(
                                   "stats_monthly") " EXCEPT SELECT * FROM monthly_live) x",
                               p),
                     0);
    assert_int_equal(
        td_db_int("SELECT COUNT(*) FROM (" STEP_MONTH_ROWS(
                      "steps_monthly_live") " EXCEPT " STEP_MONTH_ROWS("stats_steps_monthly") ") x",
                  p),
        0);
    assert_int_equal(
        td_db_int("SELECT COUNT(*) FROM (" STEP_MONTH_ROWS(
                      "stats_steps_monthly") " EXCEPT " STEP_MONTH_ROWS("steps_monthly_live") ") x",
                  p),
        0);
#undef MONTH_ROWS
#undef STEP_MONTH_ROWS
    tc_db_run("DROP TABLE monthly_live", DB_NOARGS);
    tc_db_run("DROP TABLE steps_monthly_live", DB_NOARGS);
    ts_expect_monthly_rollup();

    write_days_of_2019();
    struct tclient *admin = tc_as("admin", "quantri@2026");
    expect_period_is_its_days(admin, "2019-01-28", "2019-03-03");
    expect_period_is_its_days(admin, "2019-02-10", "2019-02-20");
    expect_period_is_its_days(admin, "2019-02-01", "2019-03-31");
    expect_period_is_its_days(admin, "2019-01-31", "2019-02-28");
    expect_period_is_its_days(admin, "2019-01-01", "2019-04-30");
    /* Partial months with no day rows outside the period (read from the monthly rows). */
    expect_period_is_its_days(admin, "2019-01-10", "2019-04-10");
    expect_period_is_its_days(admin, "2019-04-01", "2019-04-20");
    tc_free(admin);
    ts_rebuild_counters();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counters_of_files_and_ratings),
        cmocka_unit_test(test_grouping_by_field_and_drill_down),
        cmocka_unit_test(test_decision_766_and_circular_01),
        cmocka_unit_test(test_exports_carry_the_same_numbers),
        cmocka_unit_test(test_dashboard_shows_them),
        cmocka_unit_test(test_every_fact_count_drills_down),
        cmocka_unit_test(test_bad_input_and_access),
        cmocka_unit_test(test_rebuild_equals_live),
        cmocka_unit_test(test_step_counters_equal_a_rebuild),
        cmocka_unit_test(test_monthly_rollup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
