/* test_stats_grading.c — the Circular 01/2018 Art. 13–15 grading of /api/v1/stats/evaluation
 * with every indicator known, on both databases: a hand-built history at commune X01's
 * one-stop section (GR-X01-MC), all today:
 *
 *   G1, G2 online: early, returned, rated satisfied with every item 2;
 *   G3 at the counter: late, returned, rated dissatisfied (contacts 1, bodies 1,
 *      information 2, attitude 1);
 *   G4 at the counter: accepted, still open;
 *   G5 at the counter: early, returned, not rated;
 *   one dossier at the district's section (GR-MC), accepted.
 *
 * Step timings are set by hand: every finished step of X01 early except G3's leader step
 * (late); 17 finished steps (5 receptions, 4 appraisals, 4 signatures, 4 returns).
 * Feedback (phản ánh, kiến nghị) of GR-X01-MC, inserted as the service stores it: 18 due
 * today answered on time, one answered after its due moment, one open past due, one open
 * due tonight (pending), one due yesterday (another period); feedback received today about G1
 * (twice) and G3; one late feedback of GR-MC.
 *
 * Known answers for GR-X01-MC: 1 = (2 × 3 + 0) / 4 = 1.5; 2 = (2 × 16) / 17 = 1.9; 3 =
 * 5 / 3 = 1.7; 4 = 1.7; 6 = 2.0; 7 = 1.7; 5 = 0 with the demo assignments (the commune, not
 * its section, appraises), 2 once every procedure the section receives is appraised there;
 * 8 = 18 / 20 = 90 % → 1; 9: online procedures ≥ 20 %, 2 / 5 = 40 % online, none late → 2.
 * Staff 1.5 + 1.7 + 1.7 = 4.9. Total 13.5 "Tốt", then 15.5 "Xuất sắc". Decision 766 5.4 =
 * (4 − 1 late − 1 dissatisfied − 1 dossier with feedback (G1; G3 is already dissatisfied))
 * / 4 = 25 %. The district's section (tier district) has no indicator 5 after 07/2025. */
#include "db.h"
#include "tcheck.h"
#include "tclient.h"
#include "tdesk.h"
#include "testutil.h"
#include "tstats.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SECTION "GR-X01-MC"

static char range[96];
static int64_t day_start;
static char g1[64], g2[64], g3[64], g4[64], g5[64];

static void keep(char *dst, char *code)
{
    snprintf(dst, 64, "%s", code);
    free(code);
}

/* A feedback row as svc_feedback stores it; answered 0 = still open. */
static void add_feedback(const char *unit, const char *dossier, int64_t created, int64_t due,
                         int64_t answered)
{
    tc_db_run("INSERT INTO feedback (user_id, procedure_code, dossier_code, unit_id, category, "
              "text, created_at, due_at, answered_at, answer) VALUES ((SELECT id FROM users "
              "WHERE username = 'congdan'), NULL, $1, (SELECT id FROM org_units WHERE key = $2), "
              "'other', 'Phản ánh (dữ liệu kiểm thử)', $3, $4, $5, $6)",
              DB_ARGS(dossier ? DB_T(dossier) : DB_NIL, DB_T(unit), DB_I(created), DB_I(due),
                      answered ? DB_I(answered) : DB_NIL, answered ? DB_T("Đã trả lời") : DB_NIL));
}

static void build_feedback(void)
{
    int64_t weeks_ago = day_start - 21 * 86400, due = day_start + 1;
    for (int i = 0; i < 18; i++)
        add_feedback(SECTION, NULL, weeks_ago, due, day_start);
    add_feedback(SECTION, NULL, weeks_ago, due, due + 1);
    add_feedback(SECTION, NULL, weeks_ago, due, 0);
    add_feedback(SECTION, NULL, weeks_ago, day_start + 86400 - 60, 0);
    add_feedback(SECTION, NULL, weeks_ago, day_start - 3600, 0);
    add_feedback("GR-MC", NULL, weeks_ago, due, 0);
    int64_t later = day_start + 21 * 86400;
    add_feedback(SECTION, g1, day_start + 1, later, 0);
    add_feedback(SECTION, g1, day_start + 2, later, 0);
    add_feedback(SECTION, g3, day_start + 3, later, 0);
}

/* Every finished step of the section's dossiers early, G3's signature late. */
static void set_step_timings(void)
{
    tc_db_run("UPDATE dossier_steps SET timing = 'early' WHERE finished_at IS NOT NULL AND "
              "dossier_id IN (SELECT d.id FROM dossiers d JOIN org_units o ON o.id = "
              "d.receiving_unit_id WHERE o.key = $1)",
              DB_ARGS(DB_T(SECTION)));
    tc_db_run("UPDATE dossier_steps SET timing = 'late' WHERE role = 'leader' AND dossier_id = "
              "(SELECT id FROM dossiers WHERE code = $1)",
              DB_ARGS(DB_T(g3)));
    const char *p[] = {SECTION, NULL};
    assert_int_equal(td_db_int("SELECT COUNT(*) FROM dossier_steps s JOIN dossiers d ON d.id = "
                               "s.dossier_id JOIN org_units o ON o.id = d.receiving_unit_id "
                               "WHERE o.key = $1 AND s.finished_at IS NOT NULL",
                               p),
                     17);
    /* Step timings are counted when a step finishes (migration 0019): timings written by
     * hand reach the counters through a rebuild, as after any edit of the stored history. */
    ts_rebuild_counters();
}

static void build_history(void)
{
    ts_pick_today(range, sizeof range, &day_start);
    struct tclient *desk = tc_as(TD_DESK), *district = tc_as("tiepnhan", "tiepnhan@2026");
    int64_t now = (int64_t)time(NULL);
    const char *online = ",\"channel\":\"online\"";
    keep(g1, td_accept(desk, TD_PROC, "Phạm Văn Một", online));
    keep(g2, td_accept(desk, TD_PROC, "Phạm Văn Hai", online));
    keep(g3, td_accept(desk, TD_PROC, "Phạm Văn Ba", NULL));
    keep(g4, td_accept(desk, TD_PROC, "Phạm Văn Bốn", NULL));
    keep(g5, td_accept(desk, TD_PROC, "Phạm Văn Năm", NULL));
    free(td_accept(district, "2.000806", "Phạm Văn Sáu", NULL));
    ts_resolve(desk, g1, now + 5 * 86400);
    ts_resolve(desk, g2, now + 5 * 86400);
    ts_resolve(desk, g3, now - 2 * 86400);
    ts_resolve(desk, g5, now + 5 * 86400);
    for (const char *c[] = {g1, g2, g3, g5, NULL}, **p = c; *p; p++)
        assert_int_equal(td_act_now(desk, desk, *p, "return", NULL), 200);
    ts_rate(g1, "overall=satisfied&contacts=2&bodies=2&information=2&attitude=2");
    ts_rate(g2, "overall=satisfied&contacts=2&bodies=2&information=2&attitude=2");
    ts_rate(g3, "overall=dissatisfied&contacts=1&bodies=1&information=2&attitude=1");
    set_step_timings();
    build_feedback();
    tc_free(desk);
    tc_free(district);
}

static json_t *evaluation(struct tclient *c, const char *unit)
{
    char q[64];
    snprintf(q, sizeof q, "unit=%s", unit);
    return ts_get(c, range, "/api/v1/stats/evaluation", q);
}

static json_t *unit_grading(json_t *ev, const char *key)
{
    json_t *units = json_object_get(json_object_get(ev, "circular01"), "units");
    for (size_t i = 0; i < json_array_size(units); i++)
        if (strcmp(tj_str(json_array_get(units, i), "unit"), key) == 0)
            return json_array_get(units, i);
    fail_msg("no grading for %s", key);
    return NULL;
}

static json_t *indicator(json_t *g, const char *k)
{
    return json_object_get(json_object_get(g, "indicators"), k);
}

static void expect_score(json_t *g, const char *k, double score, long long basis)
{
    json_t *i = indicator(g, k);
    assert_float_equal(ts_real(i, "score"), score, 1e-9);
    assert_int_equal(tj_int(i, "basis"), basis);
    assert_true(strlen(tj_str(i, "rule")) > 0);
}

static long long input_of(json_t *g, const char *k, const char *key)
{
    json_t *in = json_object_get(indicator(g, k), "inputs");
    assert_non_null(json_object_get(in, key));
    return tj_int(in, key);
}

static int64_t section_count(const char *sql)
{
    const char *p[] = {SECTION, NULL};
    return td_db_int(sql, p);
}

#define RECEIVED_SQL                                                                               \
    "SELECT COUNT(*) FROM procedure_units pu JOIN org_units o ON o.id = pu.unit_id WHERE o.key "   \
    "= $1 AND pu.role = 'receive'"

/* Everything but indicator 5, the same before and after the reassignment. */
static void expect_known_answers(json_t *g)
{
    expect_score(g, "1", 1.5, 4);
    assert_int_equal(input_of(g, "1", "early"), 3);
    assert_int_equal(input_of(g, "1", "late"), 1);
    expect_score(g, "2", 1.9, 17);
    assert_int_equal(input_of(g, "2", "early"), 16);
    assert_int_equal(input_of(g, "2", "late"), 1);
    expect_score(g, "3", 1.7, 3);
    assert_int_equal(input_of(g, "3", "sum"), 5);
    expect_score(g, "4", 1.7, 3);
    expect_score(g, "6", 2.0, 3);
    expect_score(g, "7", 1.7, 3);
    expect_score(g, "8", 1, 20);
    assert_int_equal(input_of(g, "8", "on_time"), 18);
    assert_int_equal(input_of(g, "8", "late"), 2);
    assert_int_equal(input_of(g, "8", "pending"), 1);
    expect_score(g, "9", 2, 5);
    assert_int_equal(input_of(g, "9", "online"), 2);
    assert_int_equal(input_of(g, "9", "received"), 5);
    assert_int_equal(input_of(g, "9", "online_late"), 0);
    assert_int_equal(input_of(g, "9", "procedures"), section_count(RECEIVED_SQL));
    assert_int_equal(input_of(g, "9", "online_procedures"),
                     section_count(RECEIVED_SQL " AND EXISTS (SELECT 1 FROM procedure_versions v "
                                                "WHERE v.procedure_id = pu.procedure_id AND "
                                                "v.online_mode <> 'none')"));
    assert_float_equal(ts_real(g, "staff_score"), 4.9, 1e-9);
    assert_string_equal(tj_str(g, "staff_band"), "Hoàn thành từ 70% đến dưới 100% nhiệm vụ");
    assert_string_equal(tj_str(g, "tier"), "commune");
}

static void test_grading_with_demo_assignments(void **state)
{
    (void)state;
    build_history();
    struct tclient *lead = tc_as(TD_LEAD);
    json_t *ev = evaluation(lead, "GR-X01");
    json_t *g = unit_grading(ev, SECTION);
    expect_known_answers(g);
    expect_score(g, "5", 0, section_count(RECEIVED_SQL));
    assert_int_equal(input_of(g, "5", "appraised"), 0);
    assert_float_equal(ts_real(g, "total"), 13.5, 1e-9);
    assert_string_equal(tj_str(g, "grade"), "Tốt");
    assert_true(json_is_true(json_object_get(g, "gradable")));
    assert_string_equal(tj_str(g, "missing"), "");

    json_t *sat = ts_figure(ev, "satisfaction");
    assert_int_equal(tj_int(sat, "numerator"), 1);
    assert_int_equal(tj_int(sat, "denominator"), 4);
    assert_float_equal(ts_real(sat, "value"), 25, 1e-9);
    assert_int_equal(tj_int(json_object_get(sat, "inputs"), "feedback_dossiers"), 1);
    assert_int_equal(tj_int(json_object_get(sat, "inputs"), "dissatisfied"), 1);
    json_decref(ev);
    tc_free(lead);
}

/* The section appraises everything it receives: the commune rule (100 %) is met. */
static void test_grading_when_the_section_appraises(void **state)
{
    (void)state;
    tc_db_run("DELETE FROM procedure_units WHERE role = 'receive' AND unit_id = (SELECT id FROM "
              "org_units WHERE key = $1) AND procedure_id IN (SELECT procedure_id FROM "
              "procedure_versions WHERE body LIKE '%\"external_agency\":\"%' OR body LIKE "
              "'%\"transfer_to_level\":\"%')",
              DB_ARGS(DB_T(SECTION)));
    tc_db_run("UPDATE procedure_units SET unit_id = (SELECT id FROM org_units WHERE key = $1) "
              "WHERE role = 'resolve' AND procedure_id IN (SELECT procedure_id FROM "
              "procedure_units WHERE role = 'receive' AND unit_id = (SELECT id FROM org_units "
              "WHERE key = $1))",
              DB_ARGS(DB_T(SECTION)));
    struct tclient *lead = tc_as(TD_LEAD);
    json_t *ev = evaluation(lead, "GR-X01");
    json_t *g = unit_grading(ev, SECTION);
    expect_known_answers(g);
    int64_t received = section_count(RECEIVED_SQL);
    assert_true(received > 0);
    expect_score(g, "5", 2, received);
    assert_int_equal(input_of(g, "5", "appraised"), received);
    assert_float_equal(ts_real(g, "total"), 15.5, 1e-9);
    assert_string_equal(tj_str(g, "grade"), "Xuất sắc");
    /* A single unit: the total row is the unit's. */
    json_t *t = json_object_get(json_object_get(ev, "circular01"), "total");
    assert_float_equal(ts_real(t, "total"), 15.5, 1e-9);
    assert_string_equal(tj_str(t, "grade"), "Xuất sắc");
    json_decref(ev);
    tc_free(lead);
}

/* The district's section is graded without indicator 5 (no district tier after 07/2025); the
 * district's total averages the units' per-unit indicators over those scored. */
static void test_district_tier(void **state)
{
    (void)state;
    struct tclient *admin = tc_as("admin", "quantri@2026");
    json_t *ev = evaluation(admin, "GR");
    json_t *d = unit_grading(ev, "GR-MC");
    assert_string_equal(tj_str(d, "tier"), "district");
    assert_true(json_is_null(json_object_get(indicator(d, "5"), "score")));
    assert_non_null(strstr(tj_str(indicator(d, "5"), "note"), "118/2025"));
    assert_false(json_is_true(json_object_get(d, "gradable")));
    assert_non_null(strstr(tj_str(d, "missing"), "5"));
    /* GR-MC's one feedback is open past due: 0 of 1 on time. */
    assert_float_equal(ts_real(indicator(d, "8"), "score"), 0, 1e-9);
    json_t *t = json_object_get(json_object_get(ev, "circular01"), "total");
    assert_float_equal(ts_real(indicator(t, "5"), "score"), 2, 1e-9);
    assert_int_equal(tj_int(indicator(t, "5"), "basis"), 1);
    assert_float_equal(ts_real(indicator(t, "8"), "score"), 0.5, 1e-9);
    assert_int_equal(tj_int(json_object_get(indicator(t, "8"), "inputs"), "late"), 3);
    /* Indicator 2 of the total is the indices' total for the same scope. */
    json_t *idx = ts_get(admin, range, "/api/v1/stats/indices", "unit=GR");
    json_t *steps = json_object_get(json_object_get(idx, "circular01_indicator2"), "total");
    assert_float_equal(ts_real(indicator(t, "2"), "score"), ts_real(steps, "points"), 1e-9);
    assert_int_equal(tj_int(indicator(t, "2"), "basis"), tj_int(steps, "steps"));
    json_decref(idx);
    json_decref(ev);
    tc_free(admin);
}

static void test_exports_and_page_show_the_grading(void **state)
{
    (void)state;
    struct tclient *audit = tc_as("kiemtra", "kiemtra@2026");
    const char *dir = test_tmpdir("stats_grading");
    char file[512], path[512], got[1024];
    snprintf(file, sizeof file, "%s/grading.csv", dir);
    snprintf(path, sizeof path, "/api/v1/stats/evaluation?%s&unit=GR-X01&format=csv&table=grading",
             range);
    ts_save(audit, path, file);
    json_t *ev = evaluation(audit, "GR-X01");
    ts_csv_row(file, tj_str(unit_grading(ev, SECTION), "label"), got, sizeof got);
    assert_string_equal(got, "1.5,1.9,1.7,1.7,2,2,1.7,1,2,4.9,"
                             "Hoàn thành từ 70% đến dưới 100% nhiệm vụ,15.5,Xuất sắc");
    json_decref(ev);
    tc_free(audit);

    struct tclient *page = tc_new(NULL);
    assert_non_null(tc_login_form(page, TD_LEAD));
    snprintf(path, sizeof path, "/desk/thong-ke?unit=GR-X01&%s", range);
    struct tresp r = tc_get(page, path);
    tc_expect(&r, 200, NULL);
    for (const char *
             s[] = {"<td>15,5</td>", "<td>Xuất sắc</td>", "<td>4,9</td>", "Số liệu từng chỉ số",
                    "18 trả lời đúng hạn", "16 bước trước hạn", "2 hồ sơ nộp trực tuyến",
                    "1 hồ sơ có phản ánh, kiến nghị trong kỳ", NULL},
            **p = s;
         *p; p++)
        if (!strstr(r.body, *p))
            fail_msg("the dashboard lacks %s", *p);
    tc_resp_free(&r);
    tc_free(page);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grading_with_demo_assignments),
        cmocka_unit_test(test_grading_when_the_section_appraises),
        cmocka_unit_test(test_district_tier),
        cmocka_unit_test(test_exports_and_page_show_the_grading),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
