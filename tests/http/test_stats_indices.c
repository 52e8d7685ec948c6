/* test_stats_indices.c — GET /api/v1/stats/indices on both databases, against a hand-built
 * history at one commune counter whose answers are known. Time cannot pass in a test, so a
 * dossier "received 30 days ago" has its received_at moved back in the database (and, for the
 * supplement case, the cycle's request time with it), and one specialist step has its due
 * time moved before the specialist acts — each such edit is commented where it is made and
 * does what the passage of time would have done. Decision 766 group 2.1 for today:
 *   A  accepted and resolved now                              early
 *   B  received 30 days ago, resolved now                     late (its specialist step late)
 *   C  received 30 days ago, one supplement from day 0 to now early: the time is subtracted
 *   D  two supplement requests, resolved at once              late by rule
 *   E  received 30 days ago, withdrawn now                    late (withdrawal is terminal)
 *   F  received 30 days ago, still open                       late, judged at the period end
 *   G  received now, still open                               early, judged at the period end
 *   H  resolved and finished three days ago                   not in today's period
 *   I  refused at reception                                   not judged
 * → 7 judged, 3 early, 0 on time, 4 late: 42.86 %. Indicator 2 counts the steps finished
 * today with their stored timing: exactly one is late (B's specialist step). Plus access and
 * bad input. */
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
#define DAY       86400
#define PROCEDURE "1.004873" /* commune, 3 working days: specialist, then leader */

static char today[16], range[96];

/* As if the dossier had been received `days` days earlier (its supplement cycles too). */
static void received_days_ago(const char *code, int days)
{
    tc_db_run("UPDATE dossier_supplements SET requested_at = requested_at - $1 WHERE dossier_id = "
              "(SELECT id FROM dossiers WHERE code = $2)",
              DB_ARGS(DB_I((int64_t)days * DAY), DB_T(code)));
    tc_db_run("UPDATE dossiers SET received_at = received_at - $1, accepted_at = accepted_at - $1 "
              "WHERE code = $2",
              DB_ARGS(DB_I((int64_t)days * DAY), DB_T(code)));
}

static char *receive(struct tclient *c, const char *outcome, const char *extra)
{
    char body[2048];
    snprintf(body, sizeof body,
             "{\"procedure_code\":\"" PROCEDURE "\",\"outcome\":\"%s\",\"channel\":\"counter\","
             "\"return_method\":\"counter\",\"received\":[1,1],"
             "\"applicant\":{\"kind\":\"person\",\"name\":\"Lê Văn Chỉ Số\",\"id_number\":"
             "\"079203001234\"}%s}",
             outcome, extra ? extra : "");
    struct tresp r = tc_post_json(c, "/api/v1/dossiers", body);
    if (r.status != 201)
        fprintf(stderr, "receive: %ld %s\n", r.status, r.body);
    assert_int_equal(r.status, 201);
    char *code = strdup(tj_str(r.json, "code"));
    tc_resp_free(&r);
    return code;
}

static void act(struct tclient *c, const char *code, const char *action, const char *extra)
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
    if (r.status != 200)
        fprintf(stderr, "%s %s: %ld %s\n", action, code, r.status, r.body);
    assert_int_equal(r.status, 200);
    tc_resp_free(&r);
}

static json_t *get_json(struct tclient *c, const char *path, long expect, const char *field)
{
    struct tresp r = tc_get(c, path);
    if (r.status != expect)
        fprintf(stderr, "GET %s: %ld %s\n", path, r.status, r.body);
    assert_int_equal(r.status, expect);
    if (field)
        assert_string_equal(tj_str(json_object_get(r.json, "error"), "field"), field);
    json_t *j = json_incref(r.json);
    tc_resp_free(&r);
    return j;
}

static void supplement_cycle(struct tclient *spec, struct tclient *desk, const char *code)
{
    act(spec, code, "request_supplement", ",\"items\":[\"Giấy tờ bổ sung\"]");
    act(desk, code, "supplement_received", NULL);
}

/* Each step finished with a reason, which a step past its due time needs. */
static void resolve(struct tclient *spec, struct tclient *lead, const char *code)
{
    act(spec, code, "advance", ",\"reason\":\"Chờ xác minh\"");
    act(lead, code, "advance", ",\"reason\":\"Chờ xác minh\"");
}

/* Today in Vietnam, away from midnight so that everything happens on one local day. */
static void set_today(void)
{
    time_t now = time(NULL);
    int64_t day_start = (now + VN_OFFSET) / DAY * DAY - VN_OFFSET;
    if (day_start + DAY - now < 240) {
        sleep((unsigned)(day_start + DAY - now + 2));
        now = time(NULL);
        day_start = (now + VN_OFFSET) / DAY * DAY - VN_OFFSET;
    }
    struct tm tm;
    time_t local = (time_t)(day_start + VN_OFFSET);
    gmtime_r(&local, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    snprintf(range, sizeof range, "from=%s&to=%s", today, today);
}

static void build_history(void)
{
    struct tclient *desk = tc_as("tiepnhan.xa", "tiepnhan@2026");
    struct tclient *spec = tc_as("chuyenvien.xa", "chuyenvien@2026");
    struct tclient *lead = tc_as("lanhdao.xa", "lanhdao@2026");
    set_today();

    char *a = receive(desk, "accept", NULL);
    resolve(spec, lead, a);

    char *b = receive(desk, "accept", NULL);
    received_days_ago(b, 30);
    /* The specialist's step was due yesterday: its timing is recorded late when it finishes. */
    tc_db_run("UPDATE dossier_steps SET due_at = $1 WHERE dossier_id = (SELECT id FROM dossiers "
              "WHERE code = $2) AND idx = (SELECT step_index FROM dossiers WHERE code = $2)",
              DB_ARGS(DB_I((int64_t)time(NULL) - DAY), DB_T(b)));
    resolve(spec, lead, b);

    char *c = receive(desk, "accept", NULL);
    supplement_cycle(spec, desk, c);
    /* Received 30 days ago and asked for the supplement the same day; completed just now. */
    received_days_ago(c, 30);
    tc_db_run("UPDATE dossier_supplements SET completed_at = $1 WHERE dossier_id = (SELECT id FROM "
              "dossiers WHERE code = $2)",
              DB_ARGS(DB_I((int64_t)time(NULL)), DB_T(c)));
    resolve(spec, lead, c);

    char *d = receive(desk, "accept", NULL);
    supplement_cycle(spec, desk, d);
    supplement_cycle(spec, desk, d);
    resolve(spec, lead, d);

    char *e = receive(desk, "accept", NULL);
    received_days_ago(e, 30);
    act(desk, e, "withdraw", ",\"note\":\"Công dân xin rút\"");

    char *f = receive(desk, "accept", NULL);
    received_days_ago(f, 30);
    char *g = receive(desk, "accept", NULL);

    char *h = receive(desk, "accept", NULL);
    resolve(spec, lead, h);
    /* Received five days ago and resolved three days ago: outside today's period. */
    received_days_ago(h, 5);
    tc_db_run("UPDATE dossiers SET finished_at = finished_at - $1 WHERE code = $2",
              DB_ARGS(DB_I(3 * DAY), DB_T(h)));
    tc_db_run("UPDATE dossier_steps SET finished_at = finished_at - $1 WHERE dossier_id = (SELECT "
              "id FROM dossiers WHERE code = $2)",
              DB_ARGS(DB_I(3 * DAY), DB_T(h)));

    free(receive(desk, "refuse", ",\"reason\":\"Không thuộc thẩm quyền\""));
    char *codes[] = {a, b, c, d, e, f, g, h};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        free(codes[i]);
    tc_free(desk);
    tc_free(spec);
    tc_free(lead);
}

static json_t *indices(struct tclient *c, const char *query)
{
    char path[512];
    snprintf(path, sizeof path, "/api/v1/stats/indices?%s&%s", range, query);
    return get_json(c, path, 200, NULL);
}

static void expect_766(json_t *j)
{
    json_t *d = json_object_get(j, "decision766_2_1");
    json_t *in = json_object_get(d, "inputs");
    assert_int_equal(tj_int(in, "judged"), 7);
    assert_int_equal(tj_int(in, "early"), 3);
    assert_int_equal(tj_int(in, "on_time"), 0);
    assert_int_equal(tj_int(in, "late"), 4);
    assert_int_equal(tj_int(in, "finished"), 5);
    assert_int_equal(tj_int(in, "open_at_end"), 2);
    assert_int_equal(tj_int(in, "withdrawn"), 1);
    assert_int_equal(tj_int(in, "with_supplement"), 1);
    assert_int_equal(tj_int(in, "multi_supplement"), 1);
    assert_int_equal(tj_int(in, "unjudged"), 0);
    assert_float_equal(json_real_value(json_object_get(d, "value")), 42.86, 1e-9);
}

static void test_known_answers(void **state)
{
    (void)state;
    build_history();
    struct tclient *admin = tc_as("admin", "quantri@2026");
    const char *scopes[] = {"unit=GR-X01-MC", "unit=GR-X01", "unit=KG"};
    for (size_t i = 0; i < sizeof scopes / sizeof scopes[0]; i++) {
        json_t *j = indices(admin, scopes[i]);
        expect_766(j);
        assert_string_equal(json_string_value(json_object_get(j, "from")), today);
        json_t *ind2 = json_object_get(j, "circular01_indicator2");
        json_t *total = json_object_get(ind2, "total");
        long long steps = tj_int(total, "steps"), early = tj_int(total, "early");
        long long on_time = tj_int(total, "on_time"), late = tj_int(total, "late");
        assert_int_equal(late, 1);
        assert_true(steps >= 10); /* A–D: specialist and leader each, at least */
        assert_int_equal(steps, early + on_time + late);
        double points = (double)(long long)((double)(2 * early + on_time) * 10 / steps + 0.5) / 10;
        assert_float_equal(json_real_value(json_object_get(total, "points")), points, 1e-9);
        long long sum = 0, late_rows = 0;
        json_t *units = json_object_get(ind2, "units");
        for (size_t k = 0; k < json_array_size(units); k++) {
            sum += tj_int(json_array_get(units, k), "steps");
            late_rows += tj_int(json_array_get(units, k), "late") > 0;
        }
        assert_int_equal(sum, steps);
        assert_int_equal(late_rows, 1);
        json_decref(j);
    }
    /* Another district unit has nothing to judge. */
    json_t *j = indices(admin, "unit=GR-TP");
    json_t *d = json_object_get(j, "decision766_2_1");
    assert_int_equal(tj_int(json_object_get(d, "inputs"), "judged"), 0);
    assert_true(json_is_null(json_object_get(d, "value")));
    json_decref(j);
    tc_free(admin);
}

static void test_access_and_bad_input(void **state)
{
    (void)state;
    struct tclient *anon = tc_new(NULL);
    struct tclient *citizen = tc_as("congdan", "congdan@2026");
    struct tclient *lead = tc_as("lanhdao.xa", "lanhdao@2026");
    json_decref(get_json(anon, "/api/v1/stats/indices", 401, NULL));
    json_decref(get_json(citizen, "/api/v1/stats/indices", 403, NULL));
    json_decref(get_json(lead, "/api/v1/stats/indices?unit=GR", 403, NULL));
    json_decref(get_json(lead, "/api/v1/stats/indices?unit=NOPE", 422, "unit"));
    json_decref(get_json(lead, "/api/v1/stats/indices?from=2026-13-01", 422, "from"));
    /* The leader's own commune by default, with the same answers. */
    char path[256];
    snprintf(path, sizeof path, "/api/v1/stats/indices?%s", range);
    json_t *j = get_json(lead, path, 200, NULL);
    expect_766(j);
    json_decref(j);
    tc_free(anon);
    tc_free(citizen);
    tc_free(lead);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_answers),
        cmocka_unit_test(test_access_and_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
