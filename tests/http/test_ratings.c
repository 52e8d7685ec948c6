/* test_ratings.c — what follows the handling of a dossier, on both databases: a citizen's
 * online dossier goes through every step, the staff attach the result and record its postal
 * handover, the result is returned; the citizen sees the result file under "my dossier" and
 * downloads it byte for byte, rates the handling once (a second rating is 409, and nothing
 * can be rated before the return); a receptionist opens the counter device page for another
 * dossier and the citizen rates there; feedback gets its 15-working-day due time, appears in
 * the leader's open list, is answered once and the citizen reads the answer; and another
 * citizen gets 404 on every one of these. */
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

#define PASSWORD "matkhau@2026"
#define BOUNDARY "----motcuaratings"

/* prefix + code + suffix, in one of four rotating static buffers. */
static const char *path_of(const char *prefix, const char *code, const char *suffix)
{
    static char path[4][256];
    static int slot;
    slot = (slot + 1) % 4;
    snprintf(path[slot], sizeof path[slot], "%s%s%s", prefix, code, suffix);
    return path[slot];
}

/* Submits an online dossier of TD_PROC as the citizen; the code (caller frees). */
static char *submit_online(struct tclient *c)
{
    json_t *d = td_post_expect(
        c, "/api/v1/drafts",
        "{\"procedure_code\":\"" TD_PROC "\",\"data\":{\"applicant\":{\"id_number\":"
        "\"079203001234\",\"address\":\"Ấp 1\"},\"components\":[1,1],\"return_method\":"
        "\"post\"}}",
        201);
    char path[128];
    snprintf(path, sizeof path, "/api/v1/drafts/%lld/submit", tj_int(d, "id"));
    json_decref(d);
    d = td_post_expect(c, path, "{}", 201);
    char *code = strdup(tj_str(d, "code"));
    json_decref(d);
    return code;
}

/* Through the specialist's and the leader's steps to "result ready". */
static void resolve(const char *code, struct tclient *desk)
{
    struct tclient *spec = tc_as(TD_SPEC), *lead = tc_as(TD_LEAD);
    assert_int_equal(td_act_now(spec, desk, code, "advance", NULL), 200);
    assert_int_equal(td_act_now(lead, desk, code, "advance", NULL), 200);
    tc_free(spec);
    tc_free(lead);
}

struct blob {
    char *data;
    size_t len;
};

static void append(struct blob *b, const void *data, size_t len)
{
    b->data = realloc(b->data, b->len + len);
    memcpy(b->data + b->len, data, len);
    b->len += len;
}

/* Uploads pdf as the result of the dossier; the SHA-256 (static). */
static const char *upload_result(struct tclient *c, const char *code, const struct blob *pdf)
{
    static char sha[65];
    struct blob body = {NULL, 0};
    const char *head = "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n"
                       "result\r\n--" BOUNDARY "\r\nContent-Disposition: form-data; "
                       "name=\"file\"; filename=\"Giấy khai sinh.pdf\"\r\n"
                       "Content-Type: application/pdf\r\n\r\n";
    const char *tail = "\r\n--" BOUNDARY "--\r\n";
    append(&body, head, strlen(head));
    append(&body, pdf->data, pdf->len);
    append(&body, tail, strlen(tail));
    struct tresp r =
        tc_request(c, "POST", td_path(code, "/files"), "multipart/form-data; boundary=" BOUNDARY,
                   body.data, body.len, NULL);
    free(body.data);
    tc_expect(&r, 201, NULL);
    snprintf(sha, sizeof sha, "%s", tj_str(r.json, "sha256"));
    tc_resp_free(&r);
    return sha;
}

static struct blob receipt_pdf(struct tclient *c, const char *code)
{
    struct tresp r = tc_get(c, td_path(code, "/forms/1"));
    tc_expect(&r, 200, NULL);
    struct blob b = {malloc(r.len), r.len};
    memcpy(b.data, r.body, r.len);
    tc_resp_free(&r);
    return b;
}

static void test_result_postal_and_online_rating(void **state)
{
    (void)state;
    struct tclient *c = tc_citizen("0914000101", "0914000101", "Phạm Thị Lan", PASSWORD);
    struct tclient *other = tc_citizen("0914000102", "0914000102", "Đỗ Văn Minh", PASSWORD);
    struct tclient *desk = tc_as(TD_DESK);
    char *code = submit_online(c);
    assert_int_equal(td_act_now(desk, desk, code, "accept", NULL), 200);
    char rate[256], postal[256], mine[256];
    snprintf(rate, sizeof rate, "%s", path_of("/api/v1/me/dossiers/", code, "/rating"));
    snprintf(postal, sizeof postal, "%s", td_path(code, "/postal-handover"));
    snprintf(mine, sizeof mine, "%s", path_of("/api/v1/me/dossiers/", code, ""));
    const char *hand = "{\"operator\":\"Bưu điện Việt Nam\",\"tracking_number\":\"EA123456789VN\"}";
    /* Nothing to rate or to post while it is being processed. */
    tc_post_expect(c, rate, "{\"overall\":\"satisfied\"}", 409, "code");
    tc_post_expect(desk, postal, hand, 409, "code");

    resolve(code, desk);
    struct blob pdf = receipt_pdf(desk, code);
    char sha[65];
    snprintf(sha, sizeof sha, "%s", upload_result(desk, code, &pdf));

    /* The postal handover: receptionists only, once, with a sane time. */
    tc_post_expect(c, postal, hand, 403, NULL);
    tc_post_expect(other, postal, hand, 404, NULL);
    tc_post_expect(desk, postal, "{\"operator\":\"\",\"tracking_number\":\"X\"}", 422, "operator");
    tc_post_expect(desk, postal,
                   "{\"operator\":\"VNPost\",\"tracking_number\":\"X\",\"handed_over_at\":\"hôm "
                   "nay\"}",
                   422, "handed_over_at");
    tc_post_expect(desk, postal,
                   "{\"operator\":\"VNPost\",\"tracking_number\":\"X\",\"handed_over_at\":"
                   "\"2099-01-01T08:00\"}",
                   422, "handed_over_at");
    tc_post_expect(desk, postal, hand, 201, NULL);
    tc_post_expect(desk, postal, hand, 409, "code");
    tc_post_expect(c, rate, "{\"overall\":\"satisfied\"}", 409, "code");
    assert_int_equal(td_act_now(desk, desk, code, "return", NULL), 200);

    /* The citizen's view: the result to download, the handover, and the rating to give. */
    json_t *d = tc_get_json(c, mine);
    assert_string_equal(tj_str(d, "state"), "returned");
    json_t *results = json_object_get(d, "results");
    assert_int_equal(json_array_size(results), 1);
    assert_string_equal(tj_str(json_array_get(results, 0), "sha256"), sha);
    assert_string_equal(tj_str(json_array_get(results, 0), "name"), "Giấy khai sinh.pdf");
    assert_string_equal(tj_str(json_object_get(d, "postal_handover"), "tracking_number"),
                        "EA123456789VN");
    assert_true(json_is_true(json_object_get(d, "can_rate")));
    assert_true(json_is_null(json_object_get(d, "rating")));
    char url[512];
    snprintf(url, sizeof url, "%s", tj_str(json_array_get(results, 0), "url"));
    json_decref(d);
    struct tresp file = tc_get(c, url);
    tc_expect(&file, 200, NULL);
    assert_int_equal(file.len, pdf.len);
    assert_memory_equal(file.body, pdf.data, pdf.len);
    tc_resp_free(&file);

    /* Rating: checked, then once. */
    tc_post_expect(c, rate, "{\"overall\":\"happy\"}", 422, "overall");
    tc_post_expect(c, rate, "{\"overall\":\"satisfied\",\"indicators\":{\"attitude\":3}}", 422,
                   "indicators.attitude");
    tc_post_expect(c, rate, "{\"overall\":\"satisfied\",\"indicators\":{\"speed\":2}}", 422,
                   "indicators.speed");
    tc_post_expect(c, rate, "{\"overall\":\"satisfied\",\"indicators\":{\"contacts\":\"2\"}}", 422,
                   "indicators.contacts");
    tc_post_expect(other, rate, "{\"overall\":\"dissatisfied\"}", 404, NULL);
    tc_post_expect(desk, rate, "{\"overall\":\"dissatisfied\"}", 404, NULL);
    tc_post_expect(c, rate,
                   "{\"overall\":\"satisfied\",\"indicators\":{\"contacts\":2,\"bodies\":2,"
                   "\"information\":1,\"attitude\":2},\"comment\":\"Cán bộ hướng dẫn tận tình\"}",
                   201, NULL);
    tc_post_expect(c, rate, "{\"overall\":\"neutral\"}", 409, "code");
    d = tc_get_json(c, mine);
    json_t *rating = json_object_get(d, "rating");
    assert_string_equal(tj_str(rating, "overall"), "satisfied");
    assert_string_equal(tj_str(rating, "channel"), "online");
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(rating, "indicators"), "information")),
        1);
    assert_false(json_is_true(json_object_get(d, "can_rate")));
    json_decref(d);

    /* Another citizen learns nothing about it. */
    tc_get_expect(other, mine, 404);
    tc_get_expect(other, url, 404);
    tc_get_expect(other, td_path(code, "/files"), 404);
    tc_get_expect(other, td_path(code, ""), 404);

    /* The citizen's page shows the result link, the handover and the rating. */
    struct tclient *page = tc_new(NULL);
    assert_non_null(tc_login_form(page, "0914000101", PASSWORD));
    struct tresp p = tc_get(page, path_of("/ho-so-cua-toi/", code, ""));
    tc_expect(&p, 200, NULL);
    assert_non_null(strstr(p.body, sha));
    assert_non_null(strstr(p.body, "EA123456789VN"));
    assert_non_null(strstr(p.body, "Hài lòng"));
    tc_resp_free(&p);
    struct tclient *other_page = tc_new(NULL);
    assert_non_null(tc_login_form(other_page, "0914000102", PASSWORD));
    tc_get_expect(other_page, path_of("/ho-so-cua-toi/", code, ""), 404);
    tc_get_expect(other_page, path_of("/danh-gia/", code, ""), 404);
    tc_free(other_page);
    tc_free(page);

    free(pdf.data);
    free(code);
    tc_free(desk);
    tc_free(other);
    tc_free(c);
}

/* The postal handover recorded from the desk's dossier page (Decision 45/2016). */
static void test_postal_at_the_desk(void **state)
{
    (void)state;
    struct tclient *c = tc_citizen("0914000111", "0914000111", "Hà Văn Nam", PASSWORD);
    struct tclient *desk = tc_as(TD_DESK), *web = tc_new(NULL);
    char *code = submit_online(c);
    assert_int_equal(td_act_now(desk, desk, code, "accept", NULL), 200);
    const char *token = tc_login_form(web, TD_DESK);
    assert_non_null(token);
    char csrf[256], page[256], post[256], form[512];
    snprintf(csrf, sizeof csrf, "%s", token);
    snprintf(page, sizeof page, "%s", path_of("/desk/ho-so/", code, ""));
    snprintf(post, sizeof post, "%s", path_of("/desk/ho-so/", code, "/buu-chinh"));
    struct tresp r = tc_get(web, page);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "Chưa có kết quả để gửi qua bưu chính"));
    assert_null(strstr(r.body, "/buu-chinh\""));
    tc_resp_free(&r);

    resolve(code, desk);
    r = tc_get(web, page);
    assert_non_null(strstr(r.body, "/buu-chinh\""));
    tc_resp_free(&r);
    snprintf(form, sizeof form, "csrf=%s&operator=%s&tracking_number=", tc_escape(web, csrf),
             tc_escape(web, "Bưu điện Việt Nam (VNPost)"));
    r = tc_post_form(web, post, form);
    assert_int_equal(r.status, 422);
    assert_non_null(strstr(r.body, "field-error"));
    tc_resp_free(&r);
    snprintf(form, sizeof form, "csrf=%s&operator=%s&tracking_number=EB987654321VN",
             tc_escape(web, csrf), tc_escape(web, "Bưu điện Việt Nam (VNPost)"));
    r = tc_post_form(web, post, form);
    assert_int_equal(r.status, 303);
    assert_non_null(strstr(tc_header(&r, "Location"), "xong=buu-chinh"));
    tc_resp_free(&r);
    r = tc_get(web, page);
    assert_non_null(strstr(r.body, "EB987654321VN"));
    assert_non_null(strstr(r.body, "Bưu điện Việt Nam (VNPost)"));
    assert_null(strstr(r.body, "/buu-chinh\""));
    tc_resp_free(&r);
    r = tc_post_form(web, post, form);
    assert_int_equal(r.status, 409);
    tc_resp_free(&r);
    /* The citizen sees it on their own page. */
    struct tresp mine = tc_get(c, path_of("/api/v1/me/dossiers/", code, ""));
    tc_expect(&mine, 200, NULL);
    assert_string_equal(tj_str(json_object_get(mine.json, "postal_handover"), "tracking_number"),
                        "EB987654321VN");
    tc_resp_free(&mine);
    free(code);
    tc_free(web);
    tc_free(desk);
    tc_free(c);
}

static void test_online_rating_through_the_page(void **state)
{
    (void)state;
    struct tclient *c = tc_citizen("0914000103", "0914000103", "Vũ Thị Hạnh", PASSWORD);
    struct tclient *desk = tc_as(TD_DESK);
    char *code = submit_online(c);
    assert_int_equal(td_act_now(desk, desk, code, "accept", NULL), 200);
    resolve(code, desk);
    assert_int_equal(td_act_now(desk, desk, code, "return", NULL), 200);
    struct tclient *page = tc_new(NULL);
    const char *csrf = tc_login_form(page, "0914000103", PASSWORD);
    assert_non_null(csrf);
    struct tresp p = tc_get(page, path_of("/ho-so-cua-toi/", code, ""));
    tc_expect(&p, 200, NULL);
    assert_non_null(strstr(p.body, path_of("/ho-so-cua-toi/", code, "/danh-gia")));
    tc_resp_free(&p);
    char body[512];
    snprintf(body, sizeof body,
             "csrf=%s&overall=neutral&contacts=1&attitude=&comment=", tc_escape(page, csrf));
    p = tc_post_form(page, path_of("/ho-so-cua-toi/", code, "/danh-gia"), body);
    tc_expect(&p, 303, NULL);
    tc_resp_free(&p);
    p = tc_post_form(page, path_of("/ho-so-cua-toi/", code, "/danh-gia"), body);
    tc_expect(&p, 409, NULL);
    tc_resp_free(&p);
    json_t *d = tc_get_json(c, path_of("/api/v1/me/dossiers/", code, ""));
    json_t *rating = json_object_get(d, "rating");
    assert_string_equal(tj_str(rating, "overall"), "neutral");
    assert_int_equal(json_object_size(json_object_get(rating, "indicators")), 1);
    json_decref(d);
    tc_free(page);
    free(code);
    tc_free(desk);
    tc_free(c);
}

static void test_counter_device_rating(void **state)
{
    (void)state;
    struct tclient *desk = tc_as(TD_DESK);
    char code[128];
    assert_int_equal(td_receive(desk, "Ngô Thị Thu", NULL, code, sizeof code), 201);
    struct tclient *tablet = tc_new(NULL);
    const char *csrf = tc_login_form(tablet, TD_DESK);
    assert_non_null(csrf);
    char token[256], body[512];
    snprintf(token, sizeof token, "%s", csrf);
    char page[256];
    snprintf(page, sizeof page, "%s", path_of("/danh-gia/", code, ""));
    snprintf(body, sizeof body, "csrf=%s&overall=satisfied&attitude=2&information=2",
             tc_escape(tablet, token));

    /* Not before the return. */
    struct tresp r = tc_get(tablet, page);
    tc_expect(&r, 200, NULL);
    assert_null(strstr(r.body, "name=\"overall\""));
    tc_resp_free(&r);
    r = tc_post_form(tablet, page, body);
    tc_expect(&r, 409, NULL);
    tc_resp_free(&r);

    resolve(code, desk);
    assert_int_equal(td_act_now(desk, desk, code, "return", NULL), 200);
    r = tc_get(tablet, page);
    tc_expect(&r, 200, NULL);
    assert_non_null(strstr(r.body, "name=\"overall\""));
    assert_non_null(strstr(r.body, "name=\"attitude\""));
    tc_resp_free(&r);
    /* A specialist of the unit may read the dossier but is not the counter. */
    struct tclient *spec_page = tc_new(NULL);
    const char *spec_csrf = tc_login_form(spec_page, TD_SPEC);
    assert_non_null(spec_csrf);
    tc_get_expect(spec_page, page, 403);
    tc_free(spec_page);

    r = tc_post_form(tablet, page, body);
    tc_expect(&r, 303, NULL);
    tc_resp_free(&r);
    r = tc_get(tablet, page);
    tc_expect(&r, 200, NULL);
    assert_null(strstr(r.body, "name=\"overall\""));
    assert_non_null(strstr(r.body, "Hài lòng"));
    tc_resp_free(&r);
    r = tc_post_form(tablet, page, body);
    tc_expect(&r, 409, NULL);
    tc_resp_free(&r);
    const char *params[] = {code, NULL};
    assert_int_equal(td_db_int("SELECT COUNT(*) FROM dossier_ratings r JOIN dossiers d ON "
                               "d.id = r.dossier_id WHERE d.code = $1 AND r.channel = 'counter' "
                               "AND r.overall = 'satisfied'",
                               params),
                     1);
    tc_free(tablet);
    tc_free(desk);
}

static int in_list(json_t *j, int64_t id)
{
    json_t *f;
    size_t i;
    json_array_foreach(json_object_get(j, "feedback"), i,
                       f) if (json_integer_value(json_object_get(f, "id")) == id) return 1;
    return 0;
}

/* The due time the calendar API gives for 15 working days from t. */
static int64_t calendar_due(struct tclient *c, int64_t t)
{
    time_t local = (time_t)(t + 7 * 3600);
    struct tm tm;
    gmtime_r(&local, &tm);
    char path[256];
    snprintf(path, sizeof path,
             "/api/v1/calendar/due?from=%04d-%02d-%02dT%02d:%02d&limit=15&unit=working_days",
             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
    json_t *j = tc_get_json(c, path);
    int64_t due = json_integer_value(json_object_get(j, "due_unix"));
    json_decref(j);
    return due;
}

static void test_feedback_due_and_answer(void **state)
{
    (void)state;
    struct tclient *c = tc_citizen("0914000104", "0914000104", "Lý Văn Tài", PASSWORD);
    struct tclient *other = tc_citizen("0914000105", "0914000105", "Hồ Thị Mai", PASSWORD);
    struct tclient *desk = tc_as(TD_DESK), *lead = tc_as(TD_LEAD);
    char *code = submit_online(c);
    char *foreign = submit_online(other);

    tc_post_expect(c, "/api/v1/feedback", "{\"category\":\"rumour\",\"text\":\"x\"}", 422,
                   "category");
    tc_post_expect(c, "/api/v1/feedback", "{\"category\":\"other\",\"text\":\"\"}", 422, "text");
    tc_post_expect(c, "/api/v1/feedback",
                   "{\"category\":\"other\",\"text\":\"x\",\"procedure_code\":\"9.999999\"}", 422,
                   "procedure_code");
    char body[512];
    snprintf(body, sizeof body, "{\"category\":\"other\",\"text\":\"x\",\"dossier_code\":\"%s\"}",
             foreign);
    tc_post_expect(c, "/api/v1/feedback", body, 422, "dossier_code");
    tc_post_expect(desk, "/api/v1/feedback", "{\"category\":\"other\",\"text\":\"x\"}", 403, NULL);

    snprintf(body, sizeof body,
             "{\"category\":\"staff_conduct\",\"text\":\"Cán bộ hẹn lại nhiều lần\","
             "\"dossier_code\":\"%s\"}",
             code);
    json_t *fb = td_post_expect(c, "/api/v1/feedback", body, 201);
    int64_t id = tj_int(fb, "id");
    int64_t created = tj_int(fb, "created_at");
    int64_t due = tj_int(fb, "due_at");
    assert_string_equal(tj_str(fb, "procedure_code"), TD_PROC);
    assert_string_equal(tj_str(fb, "status"), "open");
    json_decref(fb);
    /* 15 working days: what the calendar says, and more than two weeks of calendar (not 19
     * days: from Monday before opening they end on the third Friday at 17:00, 18 days on). */
    assert_true(due - created > 14 * 86400);
    int64_t expected = calendar_due(c, created);
    assert_true(due - expected < 60 && expected - due < 60);

    /* Leaders see it by due time; citizens and receptionists do not list feedback. */
    tc_get_expect(c, "/api/v1/feedback", 403);
    tc_get_expect(desk, "/api/v1/feedback?status=open", 403);
    tc_get_expect(lead, "/api/v1/feedback?status=later", 422);
    json_t *open = tc_get_json(lead, "/api/v1/feedback?status=open");
    assert_true(in_list(open, id));
    json_decref(open);

    char answer[128];
    snprintf(answer, sizeof answer, "/api/v1/feedback/%lld/answer", (long long)id);
    tc_post_expect(c, answer, "{\"answer\":\"x\"}", 403, NULL);
    tc_post_expect(lead, answer, "{\"answer\":\"\"}", 422, NULL);
    tc_post_expect(lead, answer, "{\"answer\":\"Đã nhắc nhở cán bộ; xin lỗi ông.\"}", 200, NULL);
    tc_post_expect(lead, answer, "{\"answer\":\"lần hai\"}", 409, "id");
    open = tc_get_json(lead, "/api/v1/feedback?status=open");
    assert_false(in_list(open, id));
    json_decref(open);
    open = tc_get_json(lead, "/api/v1/feedback?status=answered");
    assert_true(in_list(open, id));
    json_decref(open);

    /* The citizen reads the answer; the other citizen does not see it. */
    json_t *mine = tc_get_json(c, "/api/v1/me/feedback");
    json_t *f = json_array_get(json_object_get(mine, "feedback"), 0);
    assert_string_equal(tj_str(f, "status"), "answered");
    assert_string_equal(tj_str(f, "answer"), "Đã nhắc nhở cán bộ; xin lỗi ông.");
    assert_false(json_is_true(json_object_get(f, "overdue")));
    json_decref(mine);
    mine = tc_get_json(other, "/api/v1/me/feedback");
    assert_false(in_list(mine, id));
    json_decref(mine);

    /* The page: send one and read the answers. */
    struct tclient *page = tc_new(NULL);
    const char *csrf = tc_login_form(page, "0914000104", PASSWORD);
    assert_non_null(csrf);
    snprintf(body, sizeof body, "csrf=%s&category=policy&dossier_code=&text=%s",
             tc_escape(page, csrf), "L%E1%BB%87+ph%C3%AD+cao");
    struct tresp r = tc_post_form(page, "/phan-anh", body);
    tc_expect(&r, 303, NULL);
    tc_resp_free(&r);
    r = tc_get(page, "/phan-anh");
    tc_expect(&r, 200, NULL);
    assert_non_null(strstr(r.body, "Đã nhắc nhở cán bộ; xin lỗi ông."));
    assert_non_null(strstr(r.body, "Lệ phí cao"));
    tc_resp_free(&r);
    tc_free(page);

    free(code);
    free(foreign);
    tc_free(lead);
    tc_free(desk);
    tc_free(other);
    tc_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_result_postal_and_online_rating),
        cmocka_unit_test(test_postal_at_the_desk),
        cmocka_unit_test(test_online_rating_through_the_page),
        cmocka_unit_test(test_counter_device_rating),
        cmocka_unit_test(test_feedback_due_and_answer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
