/* test_leader.c — the leader's "what is late, where, and why" over HTTP, on both databases: a
 * step past its due time (moved back in the database, as a month passing would) cannot be
 * finished without a reason, over the API (422 naming `reason`, the dossier unchanged) or at
 * the desk (the form asks for it only then, and a missing one comes back beside the field);
 * the reason is kept with the step and shown on the dossier page, in the leader's late list
 * (in working days, labelled cells, the role said once), in the JSON and, as the reason for
 * lateness, in the apology letter (Mẫu 04, read back with pdftotext); the counter's return
 * of the result, which finishes the return step, asks for it the same way. */
#include "tcheck.h"
#include "tclient.h"
#include "tcal.h"
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

#define MONTH (30 * 86400)

static void expect_body(const struct tresp *r, const char *needle)
{
    if (!r->body || !strstr(r->body, needle))
        fail_msg("missing \"%s\" in: %.3000s", needle, r->body ? r->body : "");
}

static void expect_no(const struct tresp *r, const char *needle)
{
    if (r->body && strstr(r->body, needle))
        fail_msg("unexpected \"%s\"", needle);
}

/* The open step of a dossier as if it had started a month ago. */
static void make_late(const char *code)
{
    tc_db_run("UPDATE dossier_steps SET started_at = started_at - $2, due_at = due_at - $2 "
              "WHERE finished_at IS NULL AND due_at IS NOT NULL "
              "AND dossier_id = (SELECT id FROM dossiers WHERE code = $1)",
              DB_ARGS(DB_T(code), DB_I(MONTH)));
    tc_db_run("UPDATE dossiers SET step_due_at = step_due_at - $2 WHERE code = $1",
              DB_ARGS(DB_T(code), DB_I(MONTH)));
}

static void test_api_needs_a_reason_for_a_late_step(void **state)
{
    (void)state;
    struct tclient *desk = tc_as(TD_DESK), *spec = tc_as(TD_SPEC), *lead = tc_as(TD_LEAD);
    char *code = td_accept(desk, TD_PROC, "Lê Thị Trễ", NULL);
    make_late(code);
    int version = td_version(desk, code, NULL);
    json_t *out = NULL;
    assert_int_equal(td_act_extra(spec, code, "advance", version, NULL, &out), 422);
    assert_string_equal(tj_str(json_object_get(out, "error"), "field"), "reason");
    json_decref(out);
    assert_int_equal(td_version(desk, code, NULL), version);
    assert_int_equal(
        td_act_now(spec, desk, code, "advance", ",\"reason\":\"Chờ xác minh của Công an xã\""),
        200);
    json_t *d = tc_get_json(lead, td_path(code, ""));
    json_t *step = json_array_get(json_object_get(d, "steps"), 1);
    assert_string_equal(tj_str(step, "late_reason"), "Chờ xác minh của Công an xã");
    assert_string_equal(tj_str(step, "timing"), "late");
    json_decref(d);
    /* The leader's step is on time: no reason asked. */
    assert_int_equal(td_act_now(lead, desk, code, "advance", NULL), 200);
    free(code);
    tc_free(desk);
    tc_free(spec);
    tc_free(lead);
}

static void test_desk_form_asks_only_when_late(void **state)
{
    (void)state;
    struct tclient *desk = tc_as(TD_DESK);
    struct tclient *spec = tc_new(NULL), *lead = tc_new(NULL);
    const char *csrf_spec = tc_login_form(spec, TD_SPEC);
    assert_non_null(csrf_spec);
    char token[256];
    snprintf(token, sizeof token, "%s", csrf_spec);
    assert_non_null(tc_login_form(lead, TD_LEAD));
    char *code = td_accept(desk, TD_PROC, "Phan Văn Muộn", NULL);
    char path[128], body[512];
    snprintf(path, sizeof path, "/desk/ho-so/%s", code);
    struct tresp r = tc_get(spec, path);
    tc_expect(&r, 200, NULL);
    expect_no(&r, "name=\"reason\"");
    tc_resp_free(&r);

    make_late(code);
    r = tc_get(spec, path);
    tc_expect(&r, 200, NULL);
    expect_body(&r, "name=\"reason\"");
    expect_body(&r, "Lý do trễ hạn");
    tc_resp_free(&r);

    snprintf(path, sizeof path, "/desk/ho-so/%s/hanh-dong", code);
    snprintf(body, sizeof body,
             "csrf=%s&action=advance&expected_version=%d&reason=", tc_escape(spec, token),
             td_version(desk, code, NULL));
    r = tc_post_form(spec, path, body);
    tc_expect(&r, 422, NULL);
    expect_body(&r, "error-summary");
    expect_body(&r, "href=\"#reason-advance\"");
    expect_body(&r, "vui lòng ghi lý do trễ hạn");
    tc_resp_free(&r);

    snprintf(body, sizeof body, "csrf=%s&action=advance&expected_version=%d&reason=%s",
             tc_escape(spec, token), td_version(desk, code, NULL),
             tc_escape(spec, "Người nộp hẹn bổ sung bản sao"));
    r = tc_post_form(spec, path, body);
    tc_expect(&r, 303, NULL);
    tc_resp_free(&r);

    /* On the dossier page (steps and timeline) and in the leader's late list once the
     * leader's own step is late too. */
    snprintf(path, sizeof path, "/desk/ho-so/%s", code);
    r = tc_get(lead, path);
    tc_expect(&r, 200, NULL);
    expect_body(&r, "Lý do trễ hạn: Người nộp hẹn bổ sung bản sao");
    tc_resp_free(&r);
    make_late(code);
    r = tc_get(lead, "/desk/tre-han");
    tc_expect(&r, 200, NULL);
    expect_body(&r, code);
    expect_body(&r, "Người nộp hẹn bổ sung bản sao");
    expect_body(&r, "ngày làm việc</span>");
    expect_body(&r, "data-label=\"Người giữ hồ sơ\"");
    expect_body(&r, "Chưa giao cho ai");
    tc_resp_free(&r);
    free(code);
    tc_free(desk);
    tc_free(spec);
    tc_free(lead);
}

static void test_apology_prints_the_late_reasons(void **state)
{
    (void)state;
    struct tclient *desk = tc_as(TD_DESK), *spec = tc_as(TD_SPEC), *lead = tc_as(TD_LEAD);
    char *code = td_accept(desk, "1.004873", "Võ Thị Xin Lỗi", NULL);
    make_late(code);
    assert_int_equal(
        td_act_now(spec, desk, code, "advance", ",\"reason\":\"Chờ ý kiến Phòng Tư pháp\""), 200);
    json_t *d = tc_get_json(desk, td_path(code, ""));
    int64_t due = (int64_t)json_integer_value(json_object_get(d, "due_at"));
    json_decref(d);
    char extra[256], when[32];
    tcal_local(tcal_working_days_after(desk, due, 1), when, sizeof when);
    snprintf(extra, sizeof extra, ",\"new_due\":\"%s\",\"note\":\"Cần xác minh thêm\"", when);
    assert_int_equal(td_act_now(lead, desk, code, "extend", extra), 200);

    struct tresp r = tc_get(desk, td_path(code, "/forms/apology"));
    tc_expect(&r, 200, NULL);
    char pdf[600], cmd[1024], out[65536];
    snprintf(pdf, sizeof pdf, "%s/m4.pdf", test_tmpdir("motcua-leader"));
    FILE *f = fopen(pdf, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(r.body, 1, r.len, f), r.len);
    fclose(f);
    tc_resp_free(&r);
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' - | tr '\\n' ' ' | tr -s ' '", pdf);
    assert_int_equal(td_run(cmd, out, sizeof out), 0);
    if (!strstr(out, "Cần xác minh thêm") || !strstr(out, "Chờ ý kiến Phòng Tư pháp"))
        fail_msg("the apology lacks a reason:\n%s", out);
    free(code);
    tc_free(desk);
    tc_free(spec);
    tc_free(lead);
}

/* Issue 14 item 15: the counter's return of the result finishes the return step, so a late
 * return step needs its reason too — 422 naming `reason` over the API (the dossier
 * unchanged), the field on the desk's return form only then, kept through the confirmation
 * page, and the reason stored with the step. */
static void test_late_return_needs_a_reason(void **state)
{
    (void)state;
    struct tclient *desk = tc_as(TD_DESK), *spec = tc_as(TD_SPEC), *lead = tc_as(TD_LEAD);
    char *code = td_accept(desk, TD_PROC, "Mai Văn Trả", NULL);
    assert_int_equal(td_act_now(spec, desk, code, "advance", NULL), 200);
    assert_int_equal(td_act_now(lead, desk, code, "advance", NULL), 200);
    struct tclient *web = tc_new(NULL);
    const char *csrf = tc_login_form(web, TD_DESK);
    assert_non_null(csrf);
    char token[256], path[128], body[1024];
    snprintf(token, sizeof token, "%s", csrf);
    snprintf(path, sizeof path, "/desk/ho-so/%s", code);
    struct tresp r = tc_get(web, path);
    tc_expect(&r, 200, NULL);
    expect_body(&r, "id=\"act-return\"");
    expect_no(&r, "id=\"reason-return\"");
    tc_resp_free(&r);

    make_late(code); /* the return step, waiting at the counter for a month */
    int version = td_version(desk, code, NULL);
    json_t *out = NULL;
    assert_int_equal(td_act_extra(desk, code, "return", version, NULL, &out), 422);
    assert_string_equal(tj_str(json_object_get(out, "error"), "field"), "reason");
    json_decref(out);
    assert_int_equal(td_version(desk, code, NULL), version);

    r = tc_get(web, path);
    tc_expect(&r, 200, NULL);
    expect_body(&r, "id=\"reason-return\"");
    tc_resp_free(&r);
    const char *paper = "&result_number=01%2F2026%2FKS&result_date=2020-01-02";
    snprintf(path, sizeof path, "/desk/ho-so/%s/hanh-dong", code);
    snprintf(body, sizeof body,
             "csrf=%s&action=return&expected_version=%d%s&reason=", tc_escape(web, token), version,
             paper);
    r = tc_post_form(web, path, body);
    tc_expect(&r, 422, NULL);
    expect_body(&r, "href=\"#reason-return\"");
    expect_body(&r, "vui lòng ghi lý do trễ hạn trước khi trả kết quả");
    tc_resp_free(&r);
    const char *reason = "Người nộp hẹn đến nhận sau";
    snprintf(body, sizeof body, "csrf=%s&action=return&expected_version=%d%s&reason=%s",
             tc_escape(web, token), version, paper, tc_escape(web, reason));
    r = tc_post_form(web, path, body);
    tc_expect(&r, 200, NULL); /* the confirmation, carrying the reason */
    expect_body(&r, "name=\"reason\" value=\"Người nộp hẹn đến nhận sau\"");
    tc_resp_free(&r);
    snprintf(body + strlen(body), sizeof body - strlen(body), "&confirm=1");
    r = tc_post_form(web, path, body);
    tc_expect(&r, 303, NULL);
    tc_resp_free(&r);

    json_t *d = tc_get_json(lead, td_path(code, ""));
    assert_string_equal(tj_str(d, "state"), "returned");
    json_t *steps = json_object_get(d, "steps");
    json_t *last = json_array_get(steps, json_array_size(steps) - 1);
    assert_string_equal(tj_str(last, "late_reason"), reason);
    assert_string_equal(tj_str(last, "timing"), "late");
    json_decref(d);
    free(code);
    tc_free(web);
    tc_free(desk);
    tc_free(spec);
    tc_free(lead);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_api_needs_a_reason_for_a_late_step),
        cmocka_unit_test(test_desk_form_asks_only_when_late),
        cmocka_unit_test(test_apology_prints_the_late_reasons),
        cmocka_unit_test(test_late_return_needs_a_reason),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
