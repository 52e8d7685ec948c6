/* test_consult.c — consultation of another unit and the desk panels for files and fees, on
 * both databases: the commune specialist handling a dossier asks the district's Justice
 * Office (GR-TP); its specialist finds the request in their open consultations, may read the
 * dossier while it is open, and answers once; strangers cannot answer; asking bumps the
 * version and leaves the state alone. On the desk pages: a scan uploaded with the multipart
 * form is listed with a download link, a fee request is made and paid at the counter, and a
 * consultation is asked and answered through the forms. */
#include "tcheck.h"
#include "tclient.h"
#include "tdesk.h"
#include "testutil.h"
#include "tfiles.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BOUNDARY  "motcua-consult-5c1f"
#define FEE_PROC  "2.000884" /* Chứng thực chữ ký: 10.000 đồng per case */
#define APPLICANT "Trần Thị Bích"

/* One client per person for the whole suite (logins are rate-limited per address). */
static struct tclient *desk;     /* commune counter GR-X01-MC (API) */
static struct tclient *spec;     /* commune specialist GR-X01 (API) */
static struct tclient *tp;       /* district Justice Office specialist GR-TP (API) */
static struct tclient *stranger; /* the district counter GR-MC: sees no commune dossier */
static struct tclient *desk_page, *spec_page, *tp_page; /* the same people in a browser */
static char desk_csrf[128], spec_csrf[128], tp_csrf[128];

static int setup(void **state)
{
    (void)state;
    desk = tc_as("tiepnhan.xa", "tiepnhan@2026");
    spec = tc_as("chuyenvien.xa", "chuyenvien@2026");
    tp = tc_as("chuyenvien", "chuyenvien@2026");
    stranger = tc_as("tiepnhan", "tiepnhan@2026");
    desk_page = td_browser("tiepnhan.xa", "tiepnhan@2026", desk_csrf, sizeof desk_csrf);
    spec_page = td_browser("chuyenvien.xa", "chuyenvien@2026", spec_csrf, sizeof spec_csrf);
    tp_page = td_browser("chuyenvien", "chuyenvien@2026", tp_csrf, sizeof tp_csrf);
    return desk && spec && tp && stranger && *desk_csrf && *spec_csrf && *tp_csrf ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    struct tclient *all[] = {desk, spec, tp, stranger, desk_page, spec_page, tp_page};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (all[i])
            tc_free(all[i]);
    return 0;
}

/* The open consultation of c for the dossier, or NULL (a new reference). */
static json_t *open_for(struct tclient *c, const char *code)
{
    json_t *list = tc_get_json(c, "/api/v1/consultations");
    json_t *found = NULL, *k;
    size_t i;
    json_array_foreach(json_object_get(list, "consultations"), i,
                       k) if (strcmp(tj_str(k, "dossier_code"), code) == 0) found = json_incref(k);
    json_decref(list);
    return found;
}

static int has_event(const char *code, const char *action)
{
    json_t *d = tc_get_json(desk, td_path(code, "")), *ev;
    size_t i;
    int found = 0;
    json_array_foreach(json_object_get(d, "events"), i, ev) found |=
        strcmp(tj_str(ev, "action"), action) == 0;
    json_decref(d);
    return found;
}

static long answer(struct tclient *c, json_int_t id, const char *text)
{
    char path[128], body[512];
    snprintf(path, sizeof path, "/api/v1/consultations/%lld/answer", (long long)id);
    snprintf(body, sizeof body, "{\"answer\":\"%s\"}", text);
    struct tresp r = tc_post_json(c, path, body);
    long status = r.status;
    if (status >= 500)
        fprintf(stderr, "answer: %ld %s\n", status, r.body);
    tc_resp_free(&r);
    return status;
}

static void test_ask_see_and_answer(void **state)
{
    (void)state;
    char *code = td_accept(desk, "1.001193", APPLICANT, NULL);
    tc_get_expect(tp, td_path(code, ""), 404);
    int v = td_version(desk, code, NULL);

    /* Only the current step's officer asks, with the version they saw, another real unit. */
    json_decref(td_consult(desk, code, "GR-TP", v, 403));
    json_decref(td_consult(spec, code, "GR-TP", v + 1, 409));
    json_decref(td_consult(spec, code, "KHONG-CO", v, 422));
    json_decref(td_consult(spec, code, "GR-X01", v, 422));
    json_t *made = td_consult(spec, code, "GR-TP", v, 201);
    json_int_t id = json_integer_value(json_object_get(made, "id"));
    json_decref(made);
    assert_true(id > 0);
    assert_int_equal(td_version(desk, code, NULL), v + 1);
    assert_true(has_event(code, "consult"));
    json_t *d = tc_get_json(desk, td_path(code, ""));
    assert_string_equal(tj_str(d, "state"), "processing");
    json_decref(d);

    /* The consulted specialist finds it, due in the future, and may read the dossier. */
    json_t *k = open_for(tp, code);
    assert_non_null(k);
    assert_int_equal(json_integer_value(json_object_get(k, "id")), id);
    assert_string_equal(tj_str(k, "to_unit_key"), "GR-TP");
    assert_string_equal(tj_str(k, "from_unit_key"), "GR-X01");
    assert_true(json_is_false(json_object_get(k, "overdue")));
    assert_true(json_is_true(json_object_get(k, "can_answer")));
    assert_true(json_integer_value(json_object_get(k, "due_at")) >
                json_integer_value(json_object_get(k, "requested_at")));
    json_decref(k);
    tc_get_expect(tp, td_path(code, ""), 200);
    assert_null(open_for(spec, code));

    /* Strangers cannot answer: the district counter does not even learn it exists; the
     * asker sees the dossier but is not the consulted unit; an empty answer is refused. */
    assert_int_equal(answer(stranger, id, "Tôi trả lời"), 404);
    assert_int_equal(answer(spec, id, "Tôi trả lời"), 403);
    assert_int_equal(answer(tp, id, ""), 422);
    assert_int_equal(answer(tp, 99999999, "Không có"), 404);
    assert_int_equal(answer(tp, id, "Giấy tờ hợp lệ, đề nghị tiếp tục giải quyết"), 200);
    assert_int_equal(answer(tp, id, "Lần hai"), 409);
    assert_true(has_event(code, "consult_answer"));

    /* Answered: it leaves the inbox, and the dossier is no longer open to the district. */
    assert_null(open_for(tp, code));
    tc_get_expect(tp, td_path(code, ""), 404);
    free(code);
}

static void append(char **buf, size_t *len, const void *data, size_t n)
{
    *buf = realloc(*buf, *len + n);
    memcpy(*buf + *len, data, n);
    *len += n;
}

static void append_field(char **buf, size_t *len, const char *name, const char *value)
{
    char part[512];
    int n = snprintf(part, sizeof part,
                     "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n",
                     name, value);
    append(buf, len, part, (size_t)n);
}

static struct tresp page_upload(const char *code, const char *filename, const void *data, size_t n)
{
    char *body = NULL, head[512], path[256];
    size_t len = 0;
    append_field(&body, &len, "csrf", desk_csrf);
    append_field(&body, &len, "kind", "component");
    append_field(&body, &len, "component", "0");
    int h = snprintf(head, sizeof head,
                     "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; "
                     "filename=\"%s\"\r\nContent-Type: image/png\r\n\r\n",
                     filename);
    append(&body, &len, head, (size_t)h);
    append(&body, &len, data, n);
    append(&body, &len, "\r\n--" BOUNDARY "--\r\n", strlen("\r\n--" BOUNDARY "--\r\n"));
    snprintf(path, sizeof path, "/desk/ho-so/%s/tep", code);
    struct tresp r = tc_request(desk_page, "POST", path, "multipart/form-data; boundary=" BOUNDARY,
                                body, len, NULL);
    free(body);
    return r;
}

static void test_page_upload_lists_the_file(void **state)
{
    (void)state;
    char *code = td_accept(desk, "1.001193", APPLICANT, NULL), page[256];
    snprintf(page, sizeof page, "/desk/ho-so/%s", code);
    struct tresp r = page_upload(code, "giay-chung-sinh.png", tf_png, sizeof tf_png);
    assert_int_equal(r.status, 303);
    assert_non_null(strstr(tc_header(&r, "Location"), "xong=tep"));
    tc_resp_free(&r);
    char *html = td_page(desk_page, page);
    char link[256];
    snprintf(link, sizeof link, "href=\"/api/v1/dossiers/%s/files/", code);
    const char *at = strstr(html, link);
    assert_non_null(at);
    assert_non_null(strstr(html, "giay-chung-sinh.png"));
    assert_non_null(strstr(html, "enctype=\"multipart/form-data\""));
    /* The link downloads the file with the browser's session. */
    char href[512];
    const char *start = at + strlen("href=\"");
    snprintf(href, sizeof href, "%.*s", (int)strcspn(start, "\""), start);
    struct tresp f = tc_get(desk_page, href);
    assert_int_equal(f.status, 200);
    assert_int_equal(f.len, sizeof tf_png);
    tc_resp_free(&f);
    free(html);

    /* A text file is refused and the page says so beside the files. */
    static const char text[] = "Đây không phải ảnh.\n";
    r = page_upload(code, "ghi-chu.png", text, sizeof text - 1);
    assert_int_equal(r.status, 422);
    assert_non_null(strstr(r.body, "PDF, JPEG hoặc PNG"));
    tc_resp_free(&r);
    free(code);
}

static void test_page_fee_request_and_counter_payment(void **state)
{
    (void)state;
    char *code = td_accept(desk, FEE_PROC, APPLICANT, ",\"received\":[1,1,1]"), path[256],
         body[256], page[256];
    snprintf(page, sizeof page, "/desk/ho-so/%s", code);
    char *html = td_page(desk_page, page);
    assert_non_null(strstr(html, "Lập yêu cầu nộp phí, lệ phí"));
    free(html);

    snprintf(path, sizeof path, "/desk/ho-so/%s/le-phi", code);
    snprintf(body, sizeof body, "csrf=%s&quantity=1", tc_escape(desk_page, desk_csrf));
    char *location = NULL;
    assert_int_equal(td_form(desk_page, path, body, NULL, &location), 303);
    assert_non_null(strstr(location, "xong=le-phi"));
    free(location);
    html = td_page(desk_page, page);
    assert_non_null(strstr(html, "Chờ nộp"));
    assert_non_null(strstr(html, "10.000 đồng"));
    free(html);

    snprintf(path, sizeof path, "/desk/ho-so/%s/le-phi/quay", code);
    snprintf(body, sizeof body, "csrf=%s&receipt_no=", tc_escape(desk_page, desk_csrf));
    assert_int_equal(td_form(desk_page, path, body, NULL, NULL), 422);
    snprintf(body, sizeof body, "csrf=%s&receipt_no=BL-7701", tc_escape(desk_page, desk_csrf));
    assert_int_equal(td_form(desk_page, path, body, NULL, NULL), 303);
    html = td_page(desk_page, page);
    assert_non_null(strstr(html, "BL-7701"));
    assert_non_null(strstr(html, "Đã nộp"));
    free(html);
    json_t *p = tc_get_json(desk, td_path(code, "/payments"));
    assert_string_equal(tj_str(json_array_get(json_object_get(p, "payments"), 0), "status"),
                        "paid");
    json_decref(p);
    free(code);
}

static void test_page_consult_and_answer(void **state)
{
    (void)state;
    char *code = td_accept(desk, "1.001193", APPLICANT, NULL), path[256], body[512], page[256];
    snprintf(page, sizeof page, "/desk/ho-so/%s", code);
    snprintf(path, sizeof path, "/desk/ho-so/%s/tham-van", code);
    snprintf(body, sizeof body,
             "csrf=%s&expected_version=%d&unit_key=GR-TP&budget_hours=8&question=%s",
             tc_escape(spec_page, spec_csrf), td_version(desk, code, NULL),
             tc_escape(spec_page, "Hỏi ý kiến Phòng Tư pháp"));
    assert_int_equal(td_form(spec_page, path, body, NULL, NULL), 303);

    /* The consulted specialist's list shows it; the dossier page has the answer form. */
    char *inbox = td_page(tp_page, "/desk/ho-so");
    assert_non_null(strstr(inbox, code));
    assert_non_null(strstr(inbox, "Hỏi ý kiến Phòng Tư pháp"));
    free(inbox);
    json_t *k = open_for(tp, code);
    json_int_t id = json_integer_value(json_object_get(k, "id"));
    json_decref(k);
    char *html = td_page(tp_page, page);
    char action[256];
    snprintf(action, sizeof action, "/desk/ho-so/%s/tham-van/%lld", code, (long long)id);
    assert_non_null(strstr(html, action));
    free(html);

    snprintf(body, sizeof body, "csrf=%s&answer=", tc_escape(tp_page, tp_csrf));
    assert_int_equal(td_form(tp_page, action, body, NULL, NULL), 422);
    snprintf(body, sizeof body, "csrf=%s&answer=%s", tc_escape(tp_page, tp_csrf),
             tc_escape(tp_page, "Đồng ý với đề xuất"));
    assert_int_equal(td_form(tp_page, action, body, NULL, NULL), 303);
    html = td_page(spec_page, page);
    assert_non_null(strstr(html, "Đồng ý với đề xuất"));
    free(html);
    free(code);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ask_see_and_answer),
        cmocka_unit_test(test_page_upload_lists_the_file),
        cmocka_unit_test(test_page_fee_request_and_counter_payment),
        cmocka_unit_test(test_page_consult_and_answer),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
