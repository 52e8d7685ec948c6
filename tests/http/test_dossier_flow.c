/* test_dossier_flow.c — the one-stop desk over the API, on both databases: a dossier from
 * reception to return through every step; supplement and refusal at reception with their
 * forms; a supplement during appraisal that restarts the clock; the hand-over from a commune
 * counter to a district department and back; one apology and no second; withdrawal and stop;
 * stale versions answered 409; who may see and move what; idempotent reception; and many
 * receptions at one unit at the same moment getting consecutive, unique codes. The receipt
 * is checked with pdftotext, pdffonts and zbarimg. */
#include "tcal.h"
#include "tcheck.h"
#include "tclient.h"
#include "tdesk.h"
#include "testutil.h"

#include <pthread.h>
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CCCD "079203001234"

#define APPLICANT "Nguyễn Văn An"

static json_t *get_dossier(struct tclient *c, const char *code)
{
    return tc_get_json(c, td_path(code, ""));
}

static void expect_state(struct tclient *c, const char *code, const char *state, int national)
{
    json_t *d = get_dossier(c, code);
    assert_string_equal(tj_str(d, "state"), state);
    assert_int_equal(json_integer_value(json_object_get(d, "national_status")), national);
    json_decref(d);
}

static void test_accept_through_every_step_to_return(void **state)
{
    (void)state;
    struct tclient *desk = tc_as("tiepnhan.xa", "tiepnhan@2026");
    struct tclient *spec = tc_as("chuyenvien.xa", "chuyenvien@2026");
    struct tclient *lead = tc_as("lanhdao.xa", "lanhdao@2026");
    struct tclient *other = tc_as("chuyenvien", "chuyenvien@2026");
    char *code = td_accept(desk, "1.001193", APPLICANT, NULL);
    regex_t re;
    assert_int_equal(regcomp(&re, "^001\\.00\\.15\\.H33-[0-9]{6}-[0-9]{4}$", REG_EXTENDED), 0);
    assert_int_equal(regexec(&re, code, 0, NULL, 0), 0);
    regfree(&re);

    json_t *d = get_dossier(desk, code);
    assert_string_equal(tj_str(d, "state"), "processing");
    assert_int_equal(json_integer_value(json_object_get(d, "national_status")), 4);
    json_t *step = json_object_get(d, "current_step");
    assert_string_equal(tj_str(step, "role"), "specialist");
    assert_string_equal(tj_str(step, "unit_key"), "GR-X01");
    assert_true(json_integer_value(json_object_get(d, "due_at")) >
                json_integer_value(json_object_get(d, "received_at")));
    assert_int_equal(json_array_size(json_object_get(d, "steps")), 4);
    json_decref(d);

    /* Someone from another department cannot even see it; the receptionist cannot do the
     * specialist's step; a stale version is refused. */
    tc_get_expect(other, td_path(code, ""), 404);
    assert_int_equal(td_act_now(desk, desk, code, "advance", NULL), 403);
    int seen = td_version(desk, code, NULL);
    assert_int_equal(td_act_extra(spec, code, "advance", seen, NULL, NULL), 200);
    assert_int_equal(td_act_extra(spec, code, "advance", seen, NULL, NULL), 409);
    d = get_dossier(desk, code);
    assert_string_equal(tj_str(json_object_get(d, "current_step"), "role"), "leader");
    json_decref(d);
    assert_int_equal(td_act_now(lead, desk, code, "advance", NULL), 200);
    expect_state(desk, code, "result_ready", 9);
    /* No return without the result: a file, or a paper result's number and date. */
    json_t *said = NULL;
    int v = td_version(desk, code, NULL);
    assert_int_equal(td_act_extra(desk, code, "return", v, ",\"note\":\"\"", &said), 422);
    assert_string_equal(tj_str(json_object_get(said, "error"), "field"), "result_number");
    json_decref(said);
    assert_int_equal(td_act_extra(desk, code, "return", v,
                                  ",\"result_number\":\"12/QĐ\",\"result_date\":\"2099-01-01\"",
                                  &said),
                     422);
    assert_string_equal(tj_str(json_object_get(said, "error"), "field"), "result_date");
    json_decref(said);
    /* A result sent online is the electronic result itself: a paper number is not enough. */
    char *online = td_accept(desk, TD_PROC, APPLICANT, ",\"return_method\":\"online\"");
    assert_int_equal(td_act_now(spec, spec, online, "advance", NULL), 200);
    assert_int_equal(td_act_now(lead, lead, online, "advance", NULL), 200);
    assert_int_equal(
        td_act_extra(desk, online, "return", td_version(desk, online, NULL), NULL, &said), 422);
    assert_string_equal(tj_str(json_object_get(said, "error"), "field"), "result_file");
    json_decref(said);
    free(online);
    assert_int_equal(td_act_now(desk, desk, code, "return", NULL), 200);
    expect_state(desk, code, "returned", 10);
    assert_int_equal(td_act_now(desk, desk, code, "withdraw", NULL), 409);

    d = get_dossier(desk, code);
    json_t *steps = json_object_get(d, "steps");
    for (size_t i = 0; i < json_array_size(steps); i++)
        assert_true(strlen(tj_str(json_array_get(steps, i), "timing")) > 0);
    assert_true(json_array_size(json_object_get(d, "events")) >= 4);
    json_decref(d);

    /* The public lookup: by the code alone the status and the appointment only; with the
       last four digits of the CCCD or of the phone also the masked name and the timeline, and
       nothing personal either way. */
    struct tclient *anon = tc_new(NULL);
    char path[256];
    snprintf(path, sizeof path, "/api/v1/lookup/%s", code);
    struct tresp r = tc_get(anon, path);
    assert_int_equal(r.status, 200);
    assert_false(json_is_true(json_object_get(r.json, "verified")));
    assert_true(json_is_null(json_object_get(r.json, "applicant")));
    assert_true(json_is_null(json_object_get(r.json, "procedure_name")));
    assert_int_equal(json_array_size(json_object_get(r.json, "timeline")), 0);
    assert_true(json_is_integer(json_object_get(r.json, "national_status")));
    assert_non_null(tj_str(r.json, "state_label"));
    assert_null(strstr(r.body, "Nguy"));
    tc_resp_free(&r);
    static const char *const second[] = {"?last4=1234", "?last4=5678"}; /* CCCD, phone */
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "/api/v1/lookup/%s%s", code, second[i]);
        r = tc_get(anon, path);
        assert_int_equal(r.status, 200);
        assert_true(json_is_true(json_object_get(r.json, "verified")));
        assert_string_equal(tj_str(r.json, "applicant"), "Nguyễn V*** A**");
        assert_true(json_array_size(json_object_get(r.json, "timeline")) >= 4);
        assert_null(strstr(r.body, CCCD));
        assert_null(strstr(r.body, "0912"));
        assert_null(strstr(r.body, "Đặng Thị Hoa")); /* no officer names */
        tc_resp_free(&r);
    }
    snprintf(path, sizeof path, "/api/v1/lookup/%s?last4=0000", code);
    r = tc_get(anon, path);
    assert_int_equal(r.status, 200);
    assert_false(json_is_true(json_object_get(r.json, "verified")));
    assert_true(json_is_null(json_object_get(r.json, "applicant")));
    assert_non_null(tj_str(r.json, "factor_problem"));
    tc_resp_free(&r);
    snprintf(path, sizeof path, "/api/v1/lookup/%s?last4=12a4", code);
    r = tc_get(anon, path);
    assert_int_equal(r.status, 422);
    tc_resp_free(&r);
    r = tc_get(anon, "/api/v1/lookup/nonsense");
    assert_int_equal(r.status, 404);
    tc_resp_free(&r);
    tc_free(anon);
    free(code);
    tc_free(desk);
    tc_free(spec);
    tc_free(lead);
    tc_free(other);
}

/* GET the form (a name or the number in the dossier's set) into path. */
static void save_form(struct tclient *c, const char *code, const char *form, const char *path)
{
    char url[256];
    snprintf(url, sizeof url, "/api/v1/dossiers/%s/forms/%s", code, form);
    struct tresp r = tc_get(c, url);
    if (r.status != 200)
        fprintf(stderr, "form %s: %s\n", form, r.body);
    assert_int_equal(r.status, 200);
    assert_int_equal(memcmp(r.body, "%PDF", 4), 0);
    FILE *f = fopen(path, "wb");
    fwrite(r.body, 1, r.len, f);
    fclose(f);
    tc_resp_free(&r);
}

/* Four digits can be guessed: every try of them counts, ten an hour per address and per
 * dossier, and past that even the right digits are refused (429) while the QR link works.
 * (Within test_receipt_checked_by_independent_tools: the suite's logins are limited too.) */
static void lookup_second_factor_is_rate_limited(struct tclient *desk)
{
    char *code = td_accept(desk, "1.001193", APPLICANT, NULL);
    struct tclient *anon = tc_new(NULL);
    char path[256];
    long status = 0;
    int tries = 0;
    for (; tries < 30 && status != 429; tries++) {
        snprintf(path, sizeof path, "/api/v1/lookup/%s?last4=%04d", code, 9000 + tries);
        struct tresp r = tc_get(anon, path);
        status = r.status;
        if (status == 200)
            assert_false(json_is_true(json_object_get(r.json, "verified")));
        tc_resp_free(&r);
    }
    assert_int_equal(status, 429);
    assert_true(tries <= 11);
    snprintf(path, sizeof path, "/tra-cuu/%s?last4=1234", code);
    struct tresp r = tc_get(anon, path);
    assert_int_equal(r.status, 429);
    assert_null(strstr(r.body, "Nguyễn V"));
    tc_resp_free(&r);
    char token[128] = "";
    const char *params[] = {code, NULL};
    assert_int_equal(td_db_text("SELECT lookup_token FROM dossiers WHERE code = $1", params, token,
                                sizeof token),
                     0);
    snprintf(path, sizeof path, "/api/v1/lookup/%s?t=%s", code, token);
    r = tc_get(anon, path);
    assert_int_equal(r.status, 200);
    assert_true(json_is_true(json_object_get(r.json, "verified")));
    tc_resp_free(&r);
    tc_free(anon);
    free(code);
}

static int pdf_pages(const char *pdf)
{
    char cmd[1024], out[4096];
    snprintf(cmd, sizeof cmd, "pdfinfo '%s'", pdf);
    assert_int_equal(td_run(cmd, out, sizeof out), 0);
    const char *p = strstr(out, "Pages:");
    assert_non_null(p);
    return atoi(p + 6);
}

/* pdftotext of pdf (lines joined by spaces) contains text. */
static void expect_pdf_text(const char *pdf, const char *text)
{
    char cmd[1024], out[65536];
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' - | tr '\\n' ' ' | tr -s ' '", pdf);
    assert_int_equal(td_run(cmd, out, sizeof out), 0);
    if (!strstr(out, text))
        fail_msg("\"%s\" not in %s:\n%s", text, pdf, out);
}

static void expect_form_status(struct tclient *c, const char *code, const char *form, long status)
{
    char url[256];
    snprintf(url, sizeof url, "/api/v1/dossiers/%s/forms/%s", code, form);
    struct tresp r = tc_get(c, url);
    if (r.status != status)
        fprintf(stderr, "%s: %ld %s\n", url, r.status, r.body);
    assert_int_equal(r.status, status);
    tc_resp_free(&r);
}

static void test_receipt_checked_by_independent_tools(void **state)
{
    (void)state;
    struct tclient *desk = tc_as("tiepnhan.xa", "tiepnhan@2026");
    char *code = td_accept(desk, "1.001193", APPLICANT, NULL);
    char dir[512], pdf[600], cmd[2048], out[16384];
    snprintf(dir, sizeof dir, "%s", test_tmpdir("motcua-forms"));
    snprintf(pdf, sizeof pdf, "%s/receipt.pdf", dir);
    save_form(desk, code, "1", pdf);
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", pdf);
    assert_int_equal(td_run(cmd, out, sizeof out), 0);
    assert_non_null(strstr(out, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"));
    assert_non_null(strstr(out, code));
    assert_non_null(strstr(out, "Nguyễn Văn An"));
    assert_non_null(strstr(out, "Đăng ký khai sinh"));
    /* The official details (DOMAIN.md §2.4), the place name from the unit's data, and the
     * identity papers the catalogue marks "present" printed as shown, not as kept. */
    assert_non_null(strstr(out, "(Liên: Lưu/Giao khách hàng)"));
    assert_non_null(strstr(out, "Quyển số: …………… Số thứ tự: ……………"));
    assert_non_null(strstr(out, "(Ký và ghi rõ họ tên)"));
    assert_non_null(strstr(out, "lập thành 02 liên"));
    assert_non_null(strstr(out, "Giồng Riềng, ngày "));
    assert_non_null(strstr(out, "Xuất trình bản chính"));
    assert_int_equal(pdf_pages(pdf), 1);
    snprintf(cmd, sizeof cmd, "pdffonts '%s'", pdf);
    assert_int_equal(td_run(cmd, out, sizeof out), 0);
    assert_non_null(strstr(out, "LiberationSerif"));
    assert_null(strstr(out, " no  "));
    snprintf(cmd, sizeof cmd,
             "pdftoppm -r 200 -png '%s' '%s/page' && zbarimg -q --raw '%s'/page*.png", pdf, dir,
             dir);
    assert_int_equal(td_run(cmd, out, sizeof out), 0);
    /* The QR code carries the code and the dossier's lookup token; that link alone shows the
       masked name and the timeline, a wrong token only the status. */
    char tail[128];
    snprintf(tail, sizeof tail, "/tra-cuu/%s?t=", code);
    char *link = strstr(out, tail);
    assert_non_null(link);
    link[strcspn(link, "\r\n")] = '\0';
    assert_true(strlen(link) > strlen(tail) + 20);
    struct tclient *anon = tc_new(NULL);
    struct tresp r = tc_get(anon, link);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "Nguyễn V*** A**"));
    assert_non_null(strstr(r.body, "Quá trình xử lý"));
    tc_resp_free(&r);
    char api[512];
    snprintf(api, sizeof api, "/api/v1/lookup/%s?t=%s", code, link + strlen(tail));
    r = tc_get(anon, api);
    assert_int_equal(r.status, 200);
    assert_true(json_is_true(json_object_get(r.json, "verified")));
    tc_resp_free(&r);
    api[strlen(api) - 1] = api[strlen(api) - 1] == 'A' ? 'B' : 'A';
    r = tc_get(anon, api);
    assert_int_equal(r.status, 200);
    assert_false(json_is_true(json_object_get(r.json, "verified")));
    tc_resp_free(&r);
    snprintf(api, sizeof api, "/tra-cuu/%s", code);
    r = tc_get(anon, api);
    assert_int_equal(r.status, 200);
    assert_null(strstr(r.body, "Nguyễn V"));
    assert_null(strstr(r.body, "Quá trình xử lý"));
    assert_non_null(strstr(r.body, "Hẹn trả kết quả"));
    assert_non_null(strstr(r.body, "4 số cuối CCCD hoặc số điện thoại"));
    tc_resp_free(&r);
    tc_free(anon);
    free(code);
    lookup_second_factor_is_rate_limited(desk);
    tc_free(desk);
}

static void test_supplement_and_refusal_at_reception(void **state)
{
    (void)state;
    struct tclient *desk = tc_as("tiepnhan.xa", "tiepnhan@2026");
    struct tresp r = td_post_reception(desk, "1.001193", "supplement", APPLICANT,
                                       ",\"missing\":[\"Giấy chứng sinh\",\"Bản sao CCCD của mẹ\"],"
                                       "\"reason\":\"Thiếu giấy chứng sinh\"");
    assert_int_equal(r.status, 201);
    char *code = strdup(tj_str(r.json, "code"));
    tc_resp_free(&r);
    expect_state(desk, code, "reception_supplement", 5);
    char pdf[600], cmd[1024], out[8192];
    snprintf(pdf, sizeof pdf, "%s/m2.pdf", test_tmpdir("motcua-forms"));
    save_form(desk, code, "2", pdf);
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", pdf);
    assert_int_equal(td_run(cmd, out, sizeof out), 0);
    assert_non_null(strstr(out, "Bản sao CCCD của mẹ"));
    /* The receipt does not exist for a dossier that was not accepted. */
    char url[256];
    snprintf(url, sizeof url, "/api/v1/dossiers/%s/forms/1", code);
    r = tc_get(desk, url);
    assert_int_equal(r.status, 409);
    tc_resp_free(&r);
    free(code);

    r = td_post_reception(desk, "1.001193", "refuse", APPLICANT, NULL);
    assert_int_equal(r.status, 422);
    assert_string_equal(tj_str(json_object_get(r.json, "error"), "field"), "reason");
    tc_resp_free(&r);
    r = td_post_reception(desk, "1.001193", "refuse", APPLICANT,
                          ",\"reason\":\"Không thuộc thẩm quyền\"");
    assert_int_equal(r.status, 201);
    code = strdup(tj_str(r.json, "code"));
    tc_resp_free(&r);
    expect_state(desk, code, "refused", 3);
    snprintf(pdf, sizeof pdf, "%s/m3.pdf", test_tmpdir("motcua-forms"));
    save_form(desk, code, "3", pdf);
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", pdf);
    assert_int_equal(td_run(cmd, out, sizeof out), 0);
    assert_non_null(strstr(out, "Tiếp nhận hồ sơ của: Nguyễn Văn An"));
    assert_non_null(strstr(out, "Xin thông báo cho Ông/Bà được biết và thực hiện./."));
    free(code);

    /* Accepting with a component missing is refused, naming the component. */
    r = tc_post_json(desk, "/api/v1/dossiers",
                     "{\"procedure_code\":\"1.001193\",\"outcome\":\"accept\",\"received\":[1],"
                     "\"applicant\":{\"kind\":\"person\",\"name\":\"A\",\"id_number\":\"" CCCD
                     "\"}}");
    assert_int_equal(r.status, 422);
    assert_string_equal(tj_str(json_object_get(r.json, "error"), "field"), "components");
    tc_resp_free(&r);
    tc_free(desk);
}

/* The citizen comes back with what was missing: the same dossier is accepted, its steps laid
 * out and the reception supplement cycle closed. */
static void test_supplement_at_reception_then_accept(void **state)
{
    (void)state;
    struct tclient *desk = tc_as("tiepnhan.xa", "tiepnhan@2026");
    struct tresp r = td_post_reception(desk, "1.001193", "supplement", APPLICANT,
                                       ",\"missing\":[\"Giấy chứng sinh\"]");
    assert_int_equal(r.status, 201);
    char *code = strdup(tj_str(r.json, "code"));
    tc_resp_free(&r);
    assert_int_equal(td_act_now(desk, desk, code, "advance", NULL), 409);
    assert_int_equal(td_act_now(desk, desk, code, "accept", NULL), 200);
    json_t *d = get_dossier(desk, code);
    assert_string_equal(tj_str(d, "state"), "processing");
    assert_int_equal(json_array_size(json_object_get(d, "steps")), 4);
    assert_true(json_is_integer(json_object_get(d, "due_at")));
    json_t *cycle = json_array_get(json_object_get(d, "supplement_cycles"), 0);
    assert_string_equal(tj_str(cycle, "stage"), "reception");
    assert_true(json_is_integer(json_object_get(cycle, "completed_at")));
    json_decref(d);
    free(code);
    tc_free(desk);
}

/* A leader marks a dossier to one handler; a person outside the step's unit cannot be chosen. */
static void test_assign_to_a_handler(void **state)
{
    (void)state;
    struct tclient *desk = tc_as("tiepnhan.xa", "tiepnhan@2026");
    struct tclient *lead = tc_as("lanhdao.xa", "lanhdao@2026");
    struct tclient *spec = tc_as("chuyenvien.xa", "chuyenvien@2026");
    char *code = td_accept(desk, "1.001193", APPLICANT, NULL);
    assert_int_equal(td_act_now(lead, desk, code, "assign", ",\"assignee\":\"chuyenvien\""), 422);
    assert_int_equal(td_act_now(lead, desk, code, "assign", ",\"assignee\":\"nobody\""), 422);
    assert_int_equal(td_act_now(desk, desk, code, "assign", ",\"assignee\":\"chuyenvien.xa\""),
                     403);
    assert_int_equal(td_act_now(lead, desk, code, "assign", ",\"assignee\":\"chuyenvien.xa\""),
                     200);
    struct tresp r = tc_get(spec, "/api/v1/dossiers/inbox");
    assert_non_null(strstr(r.body, code));
    tc_resp_free(&r);
    free(code);
    tc_free(spec);
    tc_free(lead);
    tc_free(desk);
}

static void test_bad_reception_input(void **state)
{
    (void)state;
    struct tclient *desk = tc_as("tiepnhan.xa", "tiepnhan@2026");
    struct {
        const char *body, *field;
    } cases[] = {
        {"{\"procedure_code\":\"1.001193\",\"outcome\":\"accept\",\"applicant\":{\"kind\":"
         "\"person\",\"name\":\"A\",\"id_number\":\"12345\"}}",
         "applicant.id_number"},
        {"{\"procedure_code\":\"1.001193\",\"outcome\":\"accept\",\"applicant\":{\"kind\":"
         "\"person\",\"name\":\"A\",\"id_number\":\"" CCCD "\",\"phone\":\"12\"}}",
         "applicant.phone"},
        {"{\"procedure_code\":\"1.001193\",\"outcome\":\"maybe\",\"applicant\":{\"kind\":"
         "\"person\",\"name\":\"A\",\"id_number\":\"" CCCD "\"}}",
         "outcome"},
        {"{\"procedure_code\":\"9.999999\",\"outcome\":\"accept\",\"applicant\":{\"kind\":"
         "\"person\",\"name\":\"A\",\"id_number\":\"" CCCD "\"}}",
         "procedure_code"},
        {"{\"procedure_code\":\"1.001193\",\"outcome\":\"accept\",\"applicant\":{\"kind\":"
         "\"organisation\",\"name\":\"Công ty A\",\"id_number\":\"0100109107\"}}",
         "applicant.id_number"},
        {"{\"procedure_code\":\"1.001193\",\"outcome\":\"accept\",\"applicant\":{\"kind\":"
         "\"person\",\"name\":\"A\"},\"received\":[\"x\"]}",
         "received"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct tresp r = tc_post_json(desk, "/api/v1/dossiers", cases[i].body);
        if (r.status != 422)
            fprintf(stderr, "case %zu: %ld %s\n", i, r.status, r.body);
        assert_int_equal(r.status, 422);
        assert_string_equal(tj_str(json_object_get(r.json, "error"), "field"), cases[i].field);
        tc_resp_free(&r);
    }
    /* Only receptionists receive, and only at their own counter. */
    struct tclient *spec = tc_as("chuyenvien", "chuyenvien@2026");
    struct tresp r = td_post_reception(spec, "1.001193", "accept", APPLICANT, NULL);
    assert_int_equal(r.status, 403);
    tc_resp_free(&r);
    r = td_post_reception(desk, "2.000806", "accept", APPLICANT, ",\"unit_key\":\"GR-MC\"");
    assert_int_equal(r.status, 403);
    tc_resp_free(&r);
    /* a counter the procedure is not assigned to: 422 naming the one it is (issue #13) */
    r = td_post_reception(desk, "1.001193", "accept", APPLICANT, ",\"unit_key\":\"GR-MC\"");
    assert_int_equal(r.status, 422);
    assert_string_equal(tj_str(json_object_get(r.json, "error"), "field"), "procedure_code");
    tc_resp_free(&r);
    tc_free(spec);
    tc_free(desk);
}

#define UNITS_2_000806                                                                             \
    "{\"units\":[{\"unit\":\"GR-MC\",\"role\":\"receive\"},{\"unit\":\"GR-X01-MC\",\"role\":"      \
    "\"receive\"},{\"unit\":\"GR-TP\",\"role\":\"resolve\"}]}"

/* A commune counter receives, a district department appraises and asks for a supplement;
 * when the complete dossier is back the time limit starts again; the result comes back to
 * the commune counter. */
static void test_cross_level_with_supplement_in_appraisal(void **state)
{
    (void)state;
    struct tclient *desk = tc_as("tiepnhan.xa", "tiepnhan@2026");
    struct tclient *spec = tc_as("chuyenvien", "chuyenvien@2026");
    struct tclient *lead = tc_as("lanhdao", "lanhdao@2026");
    /* the commune counter receives the district procedure once it is assigned to it */
    struct tclient *admin = tc_as("admin", "quantri@2026");
    struct tresp put = tc_request(admin, "PUT", "/api/v1/procedures/2.000806/units",
                                  "application/json", UNITS_2_000806, strlen(UNITS_2_000806), NULL);
    tc_expect(&put, 200, NULL);
    tc_resp_free(&put);
    tc_free(admin);
    char *code = td_accept(desk, "2.000806", APPLICANT, NULL);
    json_t *d = get_dossier(desk, code);
    assert_string_equal(tj_str(json_object_get(d, "current_step"), "unit_key"), "GR-TP");
    json_int_t first_due = json_integer_value(json_object_get(d, "due_at"));
    json_decref(d);

    assert_int_equal(td_act_now(spec, desk, code, "request_supplement", NULL), 422);
    assert_int_equal(td_act_now(spec, desk, code, "request_supplement",
                                ",\"items\":[\"Giấy xác nhận tình trạng hôn nhân\"],"
                                "\"note\":\"Giấy đã hết hạn\""),
                     200);
    expect_state(desk, code, "supplement", 5);
    /* The specialist cannot mark it received; the counter does. */
    assert_int_equal(td_act_now(spec, desk, code, "supplement_received", NULL), 403);
    assert_int_equal(td_act_now(desk, desk, code, "supplement_received", NULL), 200);
    d = get_dossier(desk, code);
    assert_string_equal(tj_str(d, "state"), "processing");
    assert_true(json_integer_value(json_object_get(d, "due_at")) >= first_due);
    json_t *cycle = json_array_get(json_object_get(d, "supplement_cycles"), 0);
    assert_string_equal(tj_str(cycle, "stage"), "appraisal");
    assert_true(json_is_integer(json_object_get(cycle, "completed_at")));
    assert_int_equal(json_integer_value(json_object_get(d, "supplements")), 1);
    json_decref(d);

    assert_int_equal(td_act_now(spec, desk, code, "advance", NULL), 200);
    d = get_dossier(desk, code);
    assert_string_equal(tj_str(json_object_get(d, "current_step"), "unit_key"), "GR");
    json_decref(d);
    assert_int_equal(td_act_now(lead, desk, code, "advance", NULL), 200);
    d = get_dossier(desk, code);
    assert_string_equal(tj_str(d, "state"), "result_ready");
    assert_string_equal(tj_str(json_object_get(d, "current_step"), "unit_key"), "GR-X01-MC");
    json_decref(d);
    assert_int_equal(td_act_now(desk, desk, code, "return", NULL), 200);
    free(code);
    tc_free(desk);
    tc_free(spec);
    tc_free(lead);
}

static void test_apology_once_refusal_stop_withdraw(void **state)
{
    (void)state;
    struct tclient *desk = tc_as("tiepnhan.xa", "tiepnhan@2026");
    struct tclient *spec = tc_as("chuyenvien.xa", "chuyenvien@2026");
    struct tclient *lead = tc_as("lanhdao.xa", "lanhdao@2026");
    char *code = td_accept(desk, "1.004873", APPLICANT, NULL);
    json_t *d = get_dossier(desk, code);
    int64_t due = (int64_t)json_integer_value(json_object_get(d, "due_at"));
    json_decref(d);
    /* The new appointment one working day after the old one, by the server's calendar. */
    char extra[256], when[32];
    tcal_local(tcal_working_days_after(desk, due, 1), when, sizeof when);
    snprintf(extra, sizeof extra, ",\"new_due\":\"%s\",\"note\":\"Cần xác minh thêm\"", when);
    assert_int_equal(td_act_now(spec, desk, code, "extend",
                                ",\"new_due\":\"2020-01-01T08:00\","
                                "\"note\":\"x\""),
                     422);
    assert_int_equal(td_act_now(spec, desk, code, "extend", extra), 200);
    d = get_dossier(desk, code);
    assert_true(json_is_true(json_object_get(d, "extended")));
    json_decref(d);
    assert_int_equal(td_act_now(spec, desk, code, "extend", extra), 409);
    char pdf[600];
    snprintf(pdf, sizeof pdf, "%s/m4.pdf", test_tmpdir("motcua-forms"));
    save_form(desk, code, "4", pdf);
    /* In the 2025 set the control sheet is Mẫu số 06, by number or by name, and 05 is the
     * stop notice, which a dossier still being processed has no reason to print. */
    snprintf(pdf, sizeof pdf, "%s/m6.pdf", test_tmpdir("motcua-forms"));
    save_form(desk, code, "6", pdf);
    expect_pdf_text(pdf, "Mẫu số 06");
    expect_pdf_text(pdf, "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ");
    expect_pdf_text(pdf, "Cơ quan (bộ phận) giải quyết hồ sơ:");
    save_form(desk, code, "control", pdf);
    expect_pdf_text(pdf, "Mẫu số 06");
    expect_form_status(desk, code, "5", 409);
    expect_form_status(desk, code, "stop", 409);
    expect_form_status(desk, code, "7", 404);
    expect_form_status(desk, code, "book", 404);
    expect_form_status(desk, "000.00.15.H33-200101-9999", "stop", 404);
    /* Refusal after appraisal needs a reason and becomes the result. */
    assert_int_equal(td_act_now(spec, desk, code, "refuse", NULL), 422);
    assert_int_equal(td_act_now(spec, desk, code, "refuse", ",\"note\":\"Không đủ điều kiện\""),
                     200);
    d = get_dossier(desk, code);
    assert_string_equal(tj_str(d, "state"), "result_ready");
    assert_string_equal(tj_str(d, "result_kind"), "refusal");
    json_decref(d);
    free(code);

    code = td_accept(desk, "1.004873", APPLICANT, NULL);
    assert_int_equal(td_act_now(spec, desk, code, "stop", ",\"note\":\"x\""), 403);
    assert_int_equal(td_act_now(lead, desk, code, "stop", NULL), 422);
    assert_int_equal(td_act_now(lead, desk, code, "stop", ",\"note\":\"Theo yêu cầu của tòa án\""),
                     200);
    expect_state(desk, code, "stopped", 8);
    /* The stop notice of the 2025 set, dated the day processing stopped. */
    snprintf(pdf, sizeof pdf, "%s/stop.pdf", test_tmpdir("motcua-forms"));
    save_form(desk, code, "stop", pdf);
    expect_pdf_text(pdf, "Mẫu số 05");
    expect_pdf_text(pdf, "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ");
    expect_pdf_text(pdf, "Theo yêu cầu của tòa án");
    expect_pdf_text(pdf, "Kính gửi: " APPLICANT);
    expect_pdf_text(pdf, "Giồng Riềng, ngày ");
    struct tresp r = tc_get(desk, td_path(code, "/forms/5"));
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(tc_header(&r, "Content-Disposition"), "filename=\"mau-05-"));
    tc_resp_free(&r);
    free(code);

    code = td_accept(desk, "1.004873", APPLICANT, NULL);
    assert_int_equal(td_act_now(desk, desk, code, "withdraw", ",\"note\":\"Công dân xin rút\""),
                     200);
    expect_state(desk, code, "withdrawn", 8);
    assert_int_equal(td_act_now(desk, desk, code, "advance", NULL), 409);
    free(code);
    tc_free(desk);
    tc_free(spec);
    tc_free(lead);
}

/* The tracking book of the town counter for today: the PDF and the XLSX list the same
 * dossiers, every one received there today. */
static void test_tracking_book_pdf_and_xlsx_agree(void **state)
{
    (void)state;
    struct tclient *desk = tc_as("tiepnhan.xa", "tiepnhan@2026");
    char *code = td_accept(desk, "1.001193", APPLICANT, NULL);
    /* The book of the day the server recorded, not of the test's clock (they differ when the
     * suite runs across midnight). */
    json_t *d = get_dossier(desk, code);
    char day[16], url[256], dir[512], pdf[600], xlsx[600], cmd[2048], out[65536], xl[65536];
    char stamp[32];
    tcal_local((int64_t)json_integer_value(json_object_get(d, "received_at")), stamp, sizeof stamp);
    snprintf(day, sizeof day, "%.10s", stamp);
    json_decref(d);
    snprintf(dir, sizeof dir, "%s", test_tmpdir("motcua-book"));
    snprintf(pdf, sizeof pdf, "%s/book.pdf", dir);
    snprintf(xlsx, sizeof xlsx, "%s/book.xlsx", dir);
    const char *formats[2] = {"pdf", "xlsx"};
    const char *paths[2] = {pdf, xlsx};
    for (int i = 0; i < 2; i++) {
        snprintf(url, sizeof url, "/api/v1/units/GR-X01-MC/tracking-book?from=%s&to=%s&format=%s",
                 day, day, formats[i]);
        struct tresp r = tc_get(desk, url);
        assert_int_equal(r.status, 200);
        FILE *f = fopen(paths[i], "wb");
        fwrite(r.body, 1, r.len, f);
        fclose(f);
        tc_resp_free(&r);
    }
    snprintf(cmd, sizeof cmd,
             "pdftotext -layout -enc UTF-8 '%s' - | grep -o '001\\.00\\.15\\.H33-[0-9]*-[0-9]*' | "
             "sort -u",
             pdf);
    assert_int_equal(td_run(cmd, out, sizeof out), 0);
    snprintf(
        cmd, sizeof cmd,
        "python3 -c \"import zipfile,re,sys; z=zipfile.ZipFile(sys.argv[1]); "
        "t=''.join(z.read(n).decode() for n in z.namelist() if n.endswith('.xml')); "
        "print('\\n'.join(sorted(set(re.findall(r'001\\.00\\.15\\.H33-\\d+-\\d+', t)))))\" '%s'",
        xlsx);
    assert_int_equal(td_run(cmd, xl, sizeof xl), 0);
    assert_non_null(strstr(out, code));
    assert_string_equal(out, xl);
    struct tresp r =
        tc_get(desk, "/api/v1/units/GR-X01-MC/tracking-book?from=2027-01-01&to=2026-01-01");
    assert_int_equal(r.status, 422);
    tc_resp_free(&r);
    free(code);
    tc_free(desk);
}

/* An administrator keeps no counter: the book's form offers every unit that has no successor,
 * even when its tree has an end date (the demo's 2020 tree ends on 30/06/2025). */
static void test_tracking_book_units_for_admin(void **state)
{
    (void)state;
    struct tclient *admin = tc_as("admin", "quantri@2026");
    struct tresp r = tc_get(admin, "/desk/so-theo-doi");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "value=\"GR-X01-MC\""));
    tc_resp_free(&r);
    tc_free(admin);
}

static void test_idempotent_reception(void **state)
{
    (void)state;
    struct tclient *desk = tc_as("tiepnhan.xa", "tiepnhan@2026");
    const char *body = "{\"procedure_code\":\"1.001193\",\"outcome\":\"accept\",\"received\":"
                       "[1,1,1],\"applicant\":{\"kind\":\"person\",\"name\":\"Trần Thị B\","
                       "\"id_number\":\"" CCCD "\"}}";
    struct tresp a = tc_request(desk, "POST", "/api/v1/dossiers", "application/json", body,
                                strlen(body), "Idempotency-Key: abc-123");
    struct tresp b = tc_request(desk, "POST", "/api/v1/dossiers", "application/json", body,
                                strlen(body), "Idempotency-Key: abc-123");
    assert_int_equal(a.status, 201);
    assert_int_equal(b.status, 200);
    assert_string_equal(tj_str(a.json, "code"), tj_str(b.json, "code"));
    assert_true(json_is_true(json_object_get(b.json, "replayed")));
    tc_resp_free(&a);
    tc_resp_free(&b);
    tc_free(desk);
}

static void test_citizens_and_strangers_see_nothing(void **state)
{
    (void)state;
    struct tclient *desk = tc_as("tiepnhan.xa", "tiepnhan@2026");
    struct tclient *citizen = tc_as("congdan", "congdan@2026");
    char *code = td_accept(desk, "1.001193", APPLICANT, NULL);
    tc_get_expect(citizen, td_path(code, ""), 404);
    assert_int_equal(td_act_extra(citizen, code, "withdraw", 1, NULL, NULL), 404);
    struct tresp r = tc_get(citizen, "/api/v1/dossiers/inbox");
    assert_int_equal(r.status, 403);
    tc_resp_free(&r);
    r = tc_get(citizen, "/api/v1/dossiers");
    assert_int_equal(r.status, 200);
    assert_int_equal(json_array_size(json_object_get(r.json, "dossiers")), 0);
    tc_resp_free(&r);
    free(code);
    tc_free(citizen);
    tc_free(desk);
}

static void test_inbox_and_search(void **state)
{
    (void)state;
    struct tclient *desk = tc_as("tiepnhan.xa", "tiepnhan@2026");
    struct tclient *spec = tc_as("chuyenvien.xa", "chuyenvien@2026");
    char *code = td_accept(desk, "1.001193", APPLICANT, NULL);
    struct tresp r = tc_get(spec, "/api/v1/dossiers/inbox");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, code));
    tc_resp_free(&r);
    r = tc_get(desk, "/api/v1/dossiers?name=nguyen%20van&id_number=" CCCD);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, code));
    tc_resp_free(&r);
    r = tc_get(desk, "/api/v1/dossiers?name=%25");
    assert_int_equal(r.status, 200);
    assert_int_equal(json_array_size(json_object_get(r.json, "dossiers")), 0);
    tc_resp_free(&r);
    r = tc_get(desk, "/api/v1/dossiers?from=2027-13-01");
    assert_int_equal(r.status, 422);
    tc_resp_free(&r);
    free(code);
    tc_free(spec);
    tc_free(desk);
}

#define THREADS    6
#define PER_THREAD 8

static char codes[THREADS * PER_THREAD][64];

static void *accept_many(void *arg)
{
    int t = (int)(intptr_t)arg;
    struct tclient *c = tc_new(NULL);
    tc_login_api(c, "tiepnhan", "tiepnhan@2026");
    for (int i = 0; i < PER_THREAD; i++) {
        struct tresp r = td_post_reception(c, "2.000806", "accept", APPLICANT, NULL);
        if (r.status != 201)
            fprintf(stderr, "parallel reception: %ld %s\n", r.status, r.body);
        snprintf(codes[t * PER_THREAD + i], sizeof codes[0], "%s",
                 r.status == 201 ? tj_str(r.json, "code") : "");
        tc_resp_free(&r);
    }
    tc_free(c);
    return NULL;
}

static int by_code(const void *a, const void *b)
{
    return strcmp(a, b);
}

static void test_parallel_receptions_get_consecutive_codes(void **state)
{
    (void)state;
    pthread_t th[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_create(&th[i], NULL, accept_many, (void *)(intptr_t)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(th[i], NULL);
    int n = THREADS * PER_THREAD;
    qsort(codes, (size_t)n, sizeof codes[0], by_code);
    /* Nothing else receives at the district counter in this suite: 0001 … 0048 exactly. */
    for (int i = 0; i < n; i++) {
        assert_int_equal(strncmp(codes[i], "000.00.15.H33-", 14), 0);
        assert_int_equal(atoi(codes[i] + strlen(codes[i]) - 4), i + 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parallel_receptions_get_consecutive_codes),
        cmocka_unit_test(test_accept_through_every_step_to_return),
        cmocka_unit_test(test_receipt_checked_by_independent_tools),
        cmocka_unit_test(test_supplement_and_refusal_at_reception),
        cmocka_unit_test(test_bad_reception_input),
        cmocka_unit_test(test_supplement_at_reception_then_accept),
        cmocka_unit_test(test_assign_to_a_handler),
        cmocka_unit_test(test_cross_level_with_supplement_in_appraisal),
        cmocka_unit_test(test_apology_once_refusal_stop_withdraw),
        cmocka_unit_test(test_tracking_book_pdf_and_xlsx_agree),
        cmocka_unit_test(test_tracking_book_units_for_admin),
        cmocka_unit_test(test_idempotent_reception),
        cmocka_unit_test(test_citizens_and_strangers_see_nothing),
        cmocka_unit_test(test_inbox_and_search),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
