/* test_desk_pages.c — the one-stop desk in a browser's shoes: a receptionist finds a procedure,
 * accepts a dossier, lands on its page, prints the receipt, and a stranger looks it up by code
 * and sees only a masked name; bad input at the counter is answered beside the field with
 * everything typed kept; a supplement prints Mẫu 02; actions carry the version the officer saw
 * (409 when stale) and dangerous ones ask once more on a page of their own; applicant names are escaped
 * everywhere. An online dossier: the receptionist sees the citizen's uploads (and which were
 * reused from an earlier dossier) before accepting, asks for a supplement from the page, and
 * the citizen's online answer is announced on the desk's home and in the inbox until someone
 * acts on it, at reception and during appraisal. Runs on SQLite and PostgreSQL. */
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

#define CCCD "079203001234" /* Hồ Chí Minh, male, born 2003 */

struct officer {
    struct tclient *c;
    char csrf[256];
};

static void login(struct officer *o, const char *user, const char *password)
{
    o->c = tc_new(NULL);
    const char *csrf = tc_login_form(o->c, user, password);
    assert_non_null(csrf);
    snprintf(o->csrf, sizeof o->csrf, "%s", csrf);
}

static void expect_status(struct tresp *r, long status)
{
    if (r->status != status)
        fprintf(stderr, "expected %ld, got %ld: %.2000s\n", status, r->status,
                r->body ? r->body : "");
    assert_int_equal(r->status, status);
}

static void expect_body(const struct tresp *r, const char *needle)
{
    if (!r->body || !strstr(r->body, needle))
        fprintf(stderr, "missing \"%s\" in: %.3000s\n", needle, r->body ? r->body : "");
    assert_non_null(r->body);
    assert_non_null(strstr(r->body, needle));
}

/* The count a checklist row requires (its data-required), or NULL past the last row; the
 * counts themselves start at 0. */
static const char *required_count(const char *html, const char *field)
{
    static char out[16];
    char id[64];
    snprintf(id, sizeof id, "id=\"%s\"", field);
    const char *at = strstr(html, id), *req = at ? strstr(at, "data-required=\"") : NULL;
    if (!req)
        return NULL;
    req += strlen("data-required=\"");
    snprintf(out, sizeof out, "%.*s", (int)strcspn(req, "\""), req);
    return out;
}

/* The reception form for procedure with every component handed in as required. */
static void reception_form(struct officer *o, const char *procedure, const char *name,
                           const char *id_number, const char *outcome, const char *extra, char *out,
                           size_t size)
{
    char path[128], counts[512] = "";
    snprintf(path, sizeof path, "/desk/tiep-nhan?procedure=%s", procedure);
    struct tresp page = tc_get(o->c, path);
    expect_status(&page, 200);
    for (int i = 0;; i++) {
        char field[32];
        snprintf(field, sizeof field, "received_%d", i);
        const char *v = required_count(page.body, field);
        if (!v)
            break;
        size_t n = strlen(counts);
        snprintf(counts + n, sizeof counts - n, "&%s=%s", field, v);
    }
    tc_resp_free(&page);
    snprintf(out, size,
             "csrf=%s&procedure_code=%s&channel=counter&return_method=counter"
             "&applicant_kind=person&applicant_name=%s&applicant_id_number=%s"
             "&applicant_birth_date=2003-05-06&applicant_phone=0912345678&sets=1%s"
             "&outcome=%s%s",
             tc_escape(o->c, o->csrf), procedure, tc_escape(o->c, name), id_number, counts, outcome,
             extra ? extra : "");
}

/* Posts the reception form and returns the new dossier's code (static) from the redirect. */
static const char *receive(struct officer *o, const char *procedure, const char *name,
                           const char *outcome, const char *extra)
{
    static char code[64];
    char body[4096];
    reception_form(o, procedure, name, CCCD, outcome, extra, body, sizeof body);
    struct tresp r = tc_post_form(o->c, "/desk/tiep-nhan", body);
    expect_status(&r, 303);
    const char *loc = tc_header(&r, "Location");
    assert_non_null(loc);
    assert_non_null(strstr(loc, "/desk/ho-so/"));
    snprintf(code, sizeof code, "%.*s", (int)strcspn(strrchr(loc, '/') + 1, "?"),
             strrchr(loc, '/') + 1);
    tc_resp_free(&r);
    return code;
}

/* GET prefix + code + suffix. */
static struct tresp get_page(struct tclient *c, const char *prefix, const char *code,
                             const char *suffix)
{
    char path[256];
    snprintf(path, sizeof path, "%s%s%s", prefix, code, suffix);
    return tc_get(c, path);
}

static void test_accept_print_and_lookup(void **state)
{
    (void)state;
    struct officer o;
    login(&o, "tiepnhan.xa", "tiepnhan@2026"); /* the counter of 1.001193 */
    struct tresp r = tc_get(o.c, "/desk/tiep-nhan");
    expect_status(&r, 200);
    expect_body(&r, "autofocus");
    tc_resp_free(&r);
    r = tc_get(o.c, "/desk/tiep-nhan?q=khai+sinh");
    expect_status(&r, 200);
    expect_body(&r, "<code>1.001193</code> Đăng ký khai sinh");
    tc_resp_free(&r);
    r = tc_get(o.c, "/desk/tiep-nhan?procedure=1.001193");
    expect_status(&r, 200);
    expect_body(&r, "Tờ khai đăng ký khai sinh");
    /* the checklist starts unticked: nobody has looked at the papers yet */
    assert_string_equal(tc_input_value(r.body, "received_0"), "0");
    expect_body(&r, "value=\"accept\"");
    expect_body(&r, "name=\"complete\" type=\"checkbox\" value=\"1\">");
    tc_resp_free(&r);

    /* Enter with nothing recorded does not accept; "Đủ thành phần" does, whatever the counts */
    char body[4096];
    reception_form(&o, "1.001193", "Nguyễn Văn An", CCCD, "accept", NULL, body, sizeof body);
    for (int i = 0; i < 10; i++) {
        char field[32];
        snprintf(field, sizeof field, "&received_%d=1", i);
        char *at = strstr(body, field);
        if (at)
            at[strlen(field) - 1] = '0';
    }
    r = tc_post_form(o.c, "/desk/tiep-nhan", body);
    expect_status(&r, 422);
    expect_body(&r, "href=\"#complete\"");
    expect_body(&r, "Đủ thành phần");
    tc_resp_free(&r);
    strcat(body, "&complete=1");
    r = tc_post_form(o.c, "/desk/tiep-nhan", body);
    expect_status(&r, 303);
    const char *loc = tc_header(&r, "Location");
    assert_non_null(loc);
    assert_non_null(strstr(loc, "?da=accept"));
    char accepted[160];
    snprintf(accepted, sizeof accepted, "%s", loc);
    tc_resp_free(&r);
    /* the page after acceptance prints the receipt with one key: its first, focused button */
    r = tc_get(o.c, strstr(accepted, "/desk/"));
    expect_status(&r, 200);
    expect_body(&r, "/mau/1\" target=\"_blank\" rel=\"noopener\" autofocus>In Giấy tiếp nhận");
    tc_resp_free(&r);

    const char *code = receive(&o, "1.001193", "Nguyễn Văn An", "accept", NULL);
    char saved[64];
    snprintf(saved, sizeof saved, "%s", code);
    r = get_page(o.c, "/desk/ho-so/", saved, "");
    expect_status(&r, 200);
    expect_body(&r, saved);
    expect_body(&r, "Hẹn trả kết quả");
    expect_body(&r, "Đang xử lý");
    expect_body(&r, "Cổng Dịch vụ công quốc gia: <strong>Đang xử lý</strong>");
    expect_body(&r, "Đúng hạn"); /* the reception step, finished at once */
    expect_body(&r, "/mau/1\"");
    /* Buttons carry the number of the set in force: the control sheet is 06 in the 2025 set. */
    expect_body(&r, "Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu số 06)");
    expect_body(&r, "/mau/6\"");
    tc_resp_free(&r);

    r = get_page(o.c, "/desk/ho-so/", saved, "/mau/1");
    expect_status(&r, 200);
    assert_string_equal(tc_header(&r, "Content-Type"), "application/pdf");
    assert_non_null(strstr(tc_header(&r, "Content-Disposition"), "inline; filename=\"mau-01-"));
    assert_true(r.len > 1000);
    assert_memory_equal(r.body, "%PDF", 4);
    tc_resp_free(&r);
    r = get_page(o.c, "/desk/ho-so/", saved, "/mau/7");
    expect_status(&r, 404);
    tc_resp_free(&r);

    r = tc_get(o.c, "/desk/ho-so?name=nguyen+van+an");
    expect_status(&r, 200);
    expect_body(&r, saved);
    tc_resp_free(&r);

    struct tclient *anyone = tc_new(NULL);
    r = get_page(anyone, "/tra-cuu/", saved, "");
    expect_status(&r, 200); /* the code alone: status and appointment only */
    expect_body(&r, "Hẹn trả kết quả");
    assert_null(strstr(r.body, "Nguyễn V"));
    assert_null(strstr(r.body, "Quá trình xử lý"));
    tc_resp_free(&r);
    r = get_page(anyone, "/tra-cuu/", saved, "?last4=1234"); /* the CCCD's last four */
    expect_status(&r, 200);
    expect_body(&r, "Nguyễn V*** A**");
    expect_body(&r, "Đăng ký khai sinh");
    expect_body(&r, "Hẹn trả kết quả");
    expect_body(&r, "Tiếp nhận hồ sơ");
    assert_null(strstr(r.body, "Nguyễn Văn An"));
    assert_null(strstr(r.body, CCCD));
    assert_null(strstr(r.body, "0912"));
    assert_null(strstr(r.body, "Nguyễn Thị Lan")); /* the officer */
    tc_resp_free(&r);
    r = get_page(anyone, "/tra-cuu?code=%20", saved, "%20&last4=5678"); /* the phone's */
    expect_status(&r, 200);
    expect_body(&r, "Nguyễn V*** A**");
    tc_resp_free(&r);
    r = tc_get(anyone, "/tra-cuu/khong-phai-ma");
    expect_status(&r, 404);
    expect_body(&r, "000.00.15.H33-270429-0007");
    tc_resp_free(&r);
    r = tc_get(anyone, "/tra-cuu/000.00.15.H33-270429-0007");
    expect_status(&r, 404);
    expect_body(&r, "Không tìm thấy hồ sơ");
    tc_resp_free(&r);
    tc_free(anyone);
    tc_free(o.c);
}

/* A returning applicant: "Tìm theo CCCD" fills what is on file, keeps what was typed; a
 * receptionist of another unit, who cannot see that dossier, gets nothing. */
static void test_returning_applicant_is_recognised(void **state)
{
    (void)state;
    struct officer o;
    login(&o, "tiepnhan.xa", "tiepnhan@2026");
    receive(&o, "1.001193", "Lê Thị Hoa", "accept", "&complete=1");
    char body[4096];
    snprintf(body, sizeof body,
             "csrf=%s&procedure_code=1.001193&applicant_id_number=%s&applicant_email=hoa%%40"
             "example.vn&lookup=1",
             tc_escape(o.c, o.csrf), CCCD);
    struct tresp r = tc_post_form(o.c, "/desk/tiep-nhan", body);
    expect_status(&r, 200);
    expect_body(&r, "id=\"known\"");
    assert_string_equal(tc_input_value(r.body, "applicant_name"), "Lê Thị Hoa");
    expect_body(&r, "name=\"applicant_birth_date\" type=\"date\" value=\"2003-05-06\"");
    expect_body(&r, "name=\"applicant_phone\" type=\"tel\" value=\"0912345678\"");
    expect_body(&r, "name=\"applicant_email\" type=\"email\" value=\"hoa@example.vn\"");
    tc_resp_free(&r);
    /* an unknown number is said beside the field */
    snprintf(body, sizeof body,
             "csrf=%s&procedure_code=1.001193&applicant_id_number=079299000001&lookup=1",
             tc_escape(o.c, o.csrf));
    r = tc_post_form(o.c, "/desk/tiep-nhan", body);
    expect_status(&r, 200);
    expect_body(&r, "Chưa có hồ sơ nào của số 079299000001");
    assert_null(strstr(r.body, "id=\"known\""));
    tc_resp_free(&r);
    tc_free(o.c);
}

/* The leader's late list holds the dossiers of their units due within a day, with the step
 * and who holds it; it is the leader's page only. */
static void test_leader_sees_what_is_due(void **state)
{
    (void)state;
    struct officer o, l;
    login(&o, "tiepnhan.xa", "tiepnhan@2026");
    const char *code = receive(&o, "1.001193", "Đặng Văn Tú", "accept", "&complete=1");
    char saved[64];
    snprintf(saved, sizeof saved, "%s", code);
    struct tresp r = tc_get(o.c, "/desk/tre-han");
    expect_status(&r, 403);
    tc_resp_free(&r);
    login(&l, "lanhdao.xa", "lanhdao@2026");
    r = tc_get(l.c, "/desk/tre-han");
    expect_status(&r, 200);
    expect_body(&r, saved);
    expect_body(&r, "Chuyên viên xử lý");
    expect_body(&r, "Sắp đến hạn");
    expect_body(&r, "href=\"/desk/tre-han\"");
    tc_resp_free(&r);
    tc_free(o.c);
    tc_free(l.c);
}

static void test_bad_input_at_the_counter(void **state)
{
    (void)state;
    struct officer o;
    login(&o, "tiepnhan.xa", "tiepnhan@2026"); /* the counter of 1.001193 */
    char body[4096];
    reception_form(&o, "1.001193", "Phạm Văn Cường", "12345", "accept", NULL, body, sizeof body);
    struct tresp r = tc_post_form(o.c, "/desk/tiep-nhan", body);
    expect_status(&r, 422);
    expect_body(&r, "error-summary");
    expect_body(&r, "href=\"#applicant_id_number\"");
    expect_body(&r, "Số CCCD phải có 12 chữ số");
    assert_string_equal(tc_input_value(r.body, "applicant_name"), "Phạm Văn Cường");
    assert_string_equal(tc_input_value(r.body, "applicant_id_number"), "12345");
    tc_resp_free(&r);

    /* without the CSRF token the form is refused before anything happens */
    r = tc_post_form(o.c, "/desk/tiep-nhan", strchr(body, '&') + 1);
    expect_status(&r, 403);
    tc_resp_free(&r);

    /* a component short: accepting is refused, and the supplement list is prefilled */
    reception_form(&o, "1.001193", "Phạm Văn Cường", CCCD, "accept", "&received_1=0", body,
                   sizeof body);
    char *first = strstr(body, "&received_1=1");
    assert_non_null(first);
    memmove(first, first + strlen("&received_1=1"), strlen(first + strlen("&received_1=1")) + 1);
    r = tc_post_form(o.c, "/desk/tiep-nhan", body);
    expect_status(&r, 422);
    expect_body(&r, "href=\"#checklist\"");
    expect_body(&r, "name=\"missing\" rows=\"4\">Giấy chứng sinh");
    tc_resp_free(&r);

    reception_form(&o, "1.001193", "Phạm Văn Cường", CCCD, "refuse", NULL, body, sizeof body);
    r = tc_post_form(o.c, "/desk/tiep-nhan", body);
    expect_status(&r, 422);
    expect_body(&r, "href=\"#reason\"");
    tc_resp_free(&r);

    struct officer s;
    login(&s, "chuyenvien", "chuyenvien@2026");
    r = tc_get(s.c, "/desk/tiep-nhan");
    expect_status(&r, 403);
    tc_resp_free(&r);
    tc_free(s.c);
    tc_free(o.c);
}

static void test_supplement_at_reception_prints_form_2(void **state)
{
    (void)state;
    struct officer o;
    login(&o, "tiepnhan.xa", "tiepnhan@2026"); /* the counter of 1.001193 */
    const char *code = receive(&o, "1.001193", "Võ Thị Mai", "supplement",
                               "&missing=Gi%E1%BA%A5y+ch%E1%BB%A9ng+sinh");
    char saved[64];
    snprintf(saved, sizeof saved, "%s", code);
    struct tresp r = get_page(o.c, "/desk/ho-so/", saved, "");
    expect_status(&r, 200);
    expect_body(&r, "Chờ bổ sung");
    expect_body(&r, "<li>Giấy chứng sinh</li>");
    expect_body(&r, "/mau/2\"");
    tc_resp_free(&r);
    r = get_page(o.c, "/desk/ho-so/", saved, "/mau/2");
    expect_status(&r, 200);
    assert_memory_equal(r.body, "%PDF", 4);
    tc_resp_free(&r);

    /* the counter's home page counts it among those waiting at reception, and the count
     * opens the list that holds it */
    r = tc_get(o.c, "/desk");
    expect_status(&r, 200);
    expect_body(&r, "Việc tại Bộ phận Một cửa");
    expect_body(&r, "href=\"/desk/ho-so?hang&#61;tiep-nhan\"");
    expect_body(&r, "href=\"/desk/ho-so?hang&#61;den-han\"");
    expect_body(&r, "href=\"/desk/ho-so?hang&#61;tra-ket-qua\"");
    tc_resp_free(&r);
    r = tc_get(o.c, "/desk/ho-so?hang=tiep-nhan");
    expect_status(&r, 200);
    expect_body(&r, "Chờ tiếp nhận");
    expect_body(&r, saved);
    tc_resp_free(&r);
    r = tc_get(o.c, "/desk/ho-so?hang=tra-ket-qua");
    expect_status(&r, 200);
    assert_null(strstr(r.body, saved));
    tc_resp_free(&r);
    tc_free(o.c);
}

static void test_actions_need_version_and_confirmation(void **state)
{
    (void)state;
    struct officer o, s;
    login(&o, "tiepnhan", "tiepnhan@2026");
    login(&s, "chuyenvien", "chuyenvien@2026");
    /* a district procedure resolved by the justice office, where chuyenvien works */
    const char *code = receive(&o, "2.000806", "Đặng Văn Bảo", "accept", NULL);
    char saved[64], body[1024], path[256];
    snprintf(saved, sizeof saved, "%s", code);
    snprintf(path, sizeof path, "/desk/ho-so/%s/hanh-dong", saved);

    struct tresp r = tc_get(s.c, "/desk/ho-so");
    expect_status(&r, 200);
    expect_body(&r, saved);
    tc_resp_free(&r);
    r = get_page(s.c, "/desk/ho-so/", saved, "");
    expect_status(&r, 200);
    expect_body(&r, "name=\"action\" value=\"advance\"");
    char version[16];
    snprintf(version, sizeof version, "%s", tc_input_value(r.body, "expected_version"));
    tc_resp_free(&r);

    /* the receptionist's withdrawal asks once more, saying what will happen, and does nothing
       yet (the version stays, as the advance below shows) */
    snprintf(body, sizeof body, "csrf=%s&action=withdraw&expected_version=%s",
             tc_escape(o.c, o.csrf), version);
    r = tc_post_form(o.c, path, body);
    expect_status(&r, 200);
    expect_body(&r, "Rút hồ sơ theo đề nghị của người nộp");
    expect_body(&r, "không thể hoàn tác");
    expect_body(&r, "name=\"confirm\" value=\"1\"");
    tc_resp_free(&r);

    snprintf(body, sizeof body, "csrf=%s&action=advance&expected_version=%s",
             tc_escape(s.c, s.csrf), version);
    r = tc_post_form(s.c, path, body);
    expect_status(&r, 303);
    tc_resp_free(&r);
    /* the same page, still open at the counter, is now stale */
    snprintf(body, sizeof body, "csrf=%s&action=withdraw&expected_version=%s&confirm=1",
             tc_escape(o.c, o.csrf), version);
    r = tc_post_form(o.c, path, body);
    expect_status(&r, 409);
    expect_body(&r, "người khác cập nhật");
    tc_resp_free(&r);
    r = get_page(o.c, "/desk/ho-so/", saved, "");
    expect_status(&r, 200);
    expect_body(&r, "Hoàn thành bước, chuyển bước tiếp theo");
    tc_resp_free(&r);
    tc_free(s.c);
    tc_free(o.c);
}

static void test_names_are_escaped(void **state)
{
    (void)state;
    struct officer o;
    login(&o, "tiepnhan.xa", "tiepnhan@2026"); /* the counter of 1.001193 */
    const char *code =
        receive(&o, "1.001193", "<script>alert(1)</script> <b>Lê</b>", "accept", NULL);
    char saved[64];
    snprintf(saved, sizeof saved, "%s", code);
    struct tresp r = get_page(o.c, "/desk/ho-so/", saved, "");
    expect_status(&r, 200);
    assert_null(strstr(r.body, "<script>alert"));
    assert_null(strstr(r.body, "<b>Lê"));
    expect_body(&r, "&lt;script&gt;alert(1)&lt;/script&gt;");
    tc_resp_free(&r);
    r = tc_get(o.c, "/desk/ho-so?name=%3Cscript");
    expect_status(&r, 200);
    assert_null(strstr(r.body, "<script>alert"));
    tc_resp_free(&r);
    struct tclient *anyone = tc_new(NULL);
    r = get_page(anyone, "/tra-cuu/", saved, "?last4=5678");
    expect_status(&r, 200);
    assert_null(strstr(r.body, "<script>alert"));
    expect_body(&r, "&lt;script&gt;");
    tc_resp_free(&r);
    tc_free(anyone);
    tc_free(o.c);
}

/* Codes are sequential, so lookups are limited per address; runs last, as it uses up the
 * address's allowance. */
static void test_lookup_is_rate_limited(void **state)
{
    (void)state;
    struct tclient *anyone = tc_new(NULL);
    long status = 0;
    for (int i = 0; i < 300 && status != 429; i++) {
        struct tresp r = tc_get(anyone, "/tra-cuu/000.00.15.H33-270429-0007");
        status = r.status;
        if (status == 429)
            expect_body(&r, "quá nhiều lần");
        else
            assert_int_equal(status, 404);
        tc_resp_free(&r);
    }
    assert_int_equal(status, 429);
    tc_free(anyone);
}

/* --- an online dossier at the desk --- */

#define ONLINE_PROC "1.004222" /* online, received at the commune X01 (tiepnhan.xa) */
#define BOUNDARY    "----motcuadesk"

static const char scan_pdf[] = TF_PDF("test_desk_pages: to khai");
static const char answer_pdf[] = TF_PDF("test_desk_pages: ban chinh");
static const char reception_pdf[] = TF_PDF("test_desk_pages: tiep nhan");
static const char appraisal_pdf[] = TF_PDF("test_desk_pages: tham dinh");

/* POSTs a multipart form with a component field and one PDF part "file"; expects status. */
static json_t *upload_pdf(struct tclient *c, const char *path, const char *component,
                          const char *filename, const char *pdf, long status)
{
    char head[512];
    int n = snprintf(head, sizeof head,
                     "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"component\"\r\n\r\n"
                     "%s\r\n--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; "
                     "filename=\"%s\"\r\nContent-Type: application/pdf\r\n\r\n",
                     component, filename);
    size_t len = strlen(pdf), tail = strlen("\r\n--" BOUNDARY "--\r\n");
    char *body = malloc((size_t)n + len + tail);
    memcpy(body, head, (size_t)n);
    memcpy(body + n, pdf, len);
    memcpy(body + n + len, "\r\n--" BOUNDARY "--\r\n", tail);
    struct tresp r = tc_request(c, "POST", path, "multipart/form-data; boundary=" BOUNDARY, body,
                                (size_t)n + len + tail, NULL);
    free(body);
    tc_expect(&r, status, NULL);
    json_t *j = json_incref(r.json);
    tc_resp_free(&r);
    return j;
}

static long online_draft(struct tclient *citizen)
{
    struct tresp r = tc_post_json(citizen, "/api/v1/drafts",
                                  "{\"procedure_code\":\"" ONLINE_PROC
                                  "\",\"data\":{\"applicant\":{\"id_number\":\"" CCCD
                                  "\"},\"components\":[1,1]}}");
    tc_expect(&r, 201, NULL);
    long id = (long)tj_int(r.json, "id");
    tc_resp_free(&r);
    return id;
}

/* Submits draft id: the dossier's code (static, one of two). */
static const char *online_submit(struct tclient *citizen, long id)
{
    static char codes[2][64];
    static int slot;
    char path[96];
    snprintf(path, sizeof path, "/api/v1/drafts/%ld/submit", id);
    struct tresp r = tc_post_json(citizen, path, "{}");
    tc_expect(&r, 201, NULL);
    slot = !slot;
    snprintf(codes[slot], sizeof codes[slot], "%s", tj_str(r.json, "code"));
    tc_resp_free(&r);
    return codes[slot];
}

/* How many internal messages "dossier.supplement_answered" about code c was told of. */
static int answers_told(struct tclient *c, const char *code)
{
    json_t *j = tc_get_json(c, "/api/v1/notifications?limit=500");
    size_t i;
    json_t *m;
    int n = 0;
    json_array_foreach(json_object_get(j, "notifications"), i, m)
    {
        json_t *p = json_object_get(m, "payload");
        n += strcmp(tj_str(m, "event"), "dossier.supplement_answered") == 0 &&
             strcmp(tj_str(p, "code"), code) == 0;
    }
    json_decref(j);
    return n;
}

/* The inbox row of code (from its link to the end of the row), or NULL. */
static char *inbox_row(struct tclient *c, const char *code)
{
    struct tresp r = tc_get(c, "/desk/ho-so");
    expect_status(&r, 200);
    char link[128];
    snprintf(link, sizeof link, "href=\"/desk/ho-so/%s\"", code);
    const char *at = strstr(r.body, link), *end = at ? strstr(at, "</tr>") : NULL;
    char *row = at ? strndup(at, end ? (size_t)(end - at) : strlen(at)) : NULL;
    tc_resp_free(&r);
    return row;
}

static int home_lists(struct tclient *c, const char *code)
{
    struct tresp r = tc_get(c, "/desk");
    expect_status(&r, 200);
    char link[128];
    snprintf(link, sizeof link, "href=\"/desk/ho-so/%s#tep\"", code);
    int listed = strstr(r.body, link) != NULL;
    if (listed)
        expect_body(&r, "Hồ sơ có bổ sung mới");
    tc_resp_free(&r);
    return listed;
}

static void answer_supplement(struct tclient *citizen, const char *code, const char *pdf,
                              const char *note)
{
    char path[160], body[256];
    snprintf(path, sizeof path, "/api/v1/me/dossiers/%s/supplement/files", code);
    json_decref(upload_pdf(citizen, path, "0", "bổ sung.pdf", pdf, 201));
    snprintf(path, sizeof path, "/api/v1/me/dossiers/%s/supplement", code);
    snprintf(body, sizeof body, "{\"note\":\"%s\"}", note);
    tc_post_expect(citizen, path, body, 200, NULL);
}

static void test_online_dossier_at_the_desk(void **state)
{
    (void)state;
    struct tclient *citizen = tc_citizen("0915000301", "0915000301", "Lý Thị Hoa", "matkhau@2026");
    struct tclient *desk_api = tc_as(TD_DESK), *spec_api = tc_as(TD_SPEC);
    struct officer desk, other_desk, spec;
    login(&desk, "tiepnhan.xa", "tiepnhan@2026");
    login(&other_desk, "tiepnhan", "tiepnhan@2026");
    login(&spec, "chuyenvien.xa", "chuyenvien@2026");

    /* An earlier dossier puts the declaration in the citizen's store; the next reuses it. */
    long first = online_draft(citizen);
    char path[160];
    snprintf(path, sizeof path, "/api/v1/drafts/%ld/files", first);
    json_t *f = upload_pdf(citizen, path, "0", "tờ khai.pdf", scan_pdf, 201);
    char sha[65];
    snprintf(sha, sizeof sha, "%s", tj_str(f, "sha256"));
    json_decref(f);
    char earlier[64];
    snprintf(earlier, sizeof earlier, "%s", online_submit(citizen, first));
    long id = online_draft(citizen);
    snprintf(path, sizeof path, "/api/v1/drafts/%ld/files/reuse", id);
    char body[512];
    snprintf(body, sizeof body, "{\"sha256\":\"%s\",\"component\":0}", sha);
    tc_post_expect(citizen, path, body, 201, NULL);
    snprintf(path, sizeof path, "/api/v1/drafts/%ld/files", id);
    json_decref(upload_pdf(citizen, path, "1", "ảnh CCCD.pdf", answer_pdf, 201));
    char code[64];
    snprintf(code, sizeof code, "%s", online_submit(citizen, id));

    /* Before accepting: the uploads under their components, who sent them, the reuse. */
    struct tresp r = get_page(desk.c, "/desk/ho-so/", code, "");
    expect_status(&r, 200);
    expect_body(&r, "người nộp đã tải lên 2 tệp");
    expect_body(&r, "Người nộp tải lên trực tuyến");
    expect_body(&r, "ảnh CCCD.pdf");
    char reused[160];
    snprintf(reused, sizeof reused, "Dùng lại từ hồ sơ %s", earlier);
    expect_body(&r, reused);
    expect_body(&r, "id=\"act-reception_supplement\"");
    expect_body(&r, "id=\"act-refuse_reception\"");
    expect_body(&r, "Đã kiểm tra các tệp người nộp tải lên");
    tc_resp_free(&r);

    /* A supplement asked from the page; the citizen answers online. */
    snprintf(path, sizeof path, "/desk/ho-so/%s/hanh-dong", code);
    snprintf(body, sizeof body,
             "csrf=%s&action=reception_supplement&expected_version=1&note=&items=%s",
             tc_escape(desk.c, desk.csrf), tc_escape(desk.c, "Bản chính tờ khai để đối chiếu"));
    r = tc_post_form(desk.c, path, body);
    expect_status(&r, 303);
    tc_resp_free(&r);
    assert_false(home_lists(desk.c, code));
    answer_supplement(citizen, code, reception_pdf, "Gửi bản chụp tờ khai");

    /* Told once, on the home page and in the inbox; not a receptionist of another unit. */
    assert_int_equal(answers_told(desk_api, code), 1);
    assert_int_equal(answers_told(spec_api, code), 0);
    assert_true(home_lists(desk.c, code));
    assert_false(home_lists(other_desk.c, code));
    char *row = inbox_row(desk.c, code);
    assert_non_null(row);
    assert_non_null(strstr(row, "Có bổ sung mới"));
    free(row);
    r = get_page(desk.c, "/desk/ho-so/", code, "");
    expect_status(&r, 200);
    expect_body(&r, "Bổ sung theo yêu cầu");
    expect_body(&r, "người nộp gửi lúc");
    expect_body(&r, "Gửi bản chụp tờ khai");
    tc_resp_free(&r);

    /* Accepted: nothing new any more. */
    int version = td_version(desk_api, code, NULL);
    assert_int_equal(td_act(desk_api, code, "accept", version), 200);
    assert_false(home_lists(desk.c, code));
    row = inbox_row(desk.c, code);
    assert_true(!row || !strstr(row, "Có bổ sung mới"));
    free(row);

    /* During appraisal the answer goes to the step's officers. */
    assert_int_equal(td_act_extra(spec_api, code, "request_supplement",
                                  td_version(spec_api, code, NULL),
                                  ",\"note\":\"Cần bản rõ nét\",\"items\":[\"Tờ khai\"]", NULL),
                     200);
    answer_supplement(citizen, code, appraisal_pdf, "Đã gửi bản rõ nét");
    assert_int_equal(answers_told(spec_api, code), 1);
    assert_int_equal(answers_told(desk_api, code), 1);
    assert_true(home_lists(spec.c, code));
    r = tc_get(spec.c, "/desk");
    expect_body(&r, "Bổ sung trong quá trình thẩm định");
    expect_body(&r, "Đã gửi bản rõ nét");
    tc_resp_free(&r);

    tc_free(citizen);
    tc_free(desk_api);
    tc_free(spec_api);
    tc_free(desk.c);
    tc_free(other_desk.c);
    tc_free(spec.c);
}

/* A stopped dossier's page offers the stop notice of the 2025 set (Mẫu 05), which prints; a
 * dossier being processed offers none and its /mau/5 is a conflict. */
static void test_stopped_dossier_prints_stop_notice(void **state)
{
    (void)state;
    struct tclient *desk = tc_as("tiepnhan.xa", "tiepnhan@2026");
    struct tclient *lead = tc_as("lanhdao.xa", "lanhdao@2026");
    char *code = td_accept(desk, "1.004873", "Trần Thị Bé", NULL);
    struct officer o;
    login(&o, "tiepnhan.xa", "tiepnhan@2026");
    struct tresp r = get_page(o.c, "/desk/ho-so/", code, "");
    expect_status(&r, 200);
    assert_null(strstr(r.body, "Thông báo dừng giải quyết hồ sơ"));
    tc_resp_free(&r);
    r = get_page(o.c, "/desk/ho-so/", code, "/mau/5");
    expect_status(&r, 409);
    tc_resp_free(&r);

    assert_int_equal(
        td_act_now(lead, desk, code, "stop", ",\"note\":\"Người nộp đề nghị dừng giải quyết\""),
        200);
    r = get_page(o.c, "/desk/ho-so/", code, "");
    expect_status(&r, 200);
    expect_body(&r, "In phiếu: Thông báo dừng giải quyết hồ sơ (Mẫu số 05)");
    expect_body(&r, "/mau/5\"");
    tc_resp_free(&r);
    r = get_page(o.c, "/desk/ho-so/", code, "/mau/5");
    expect_status(&r, 200);
    assert_string_equal(tc_header(&r, "Content-Type"), "application/pdf");
    assert_non_null(strstr(tc_header(&r, "Content-Disposition"), "filename=\"mau-05-"));
    assert_memory_equal(r.body, "%PDF", 4);
    tc_resp_free(&r);
    r = get_page(o.c, "/desk/ho-so/", code, "/mau/stop");
    expect_status(&r, 200);
    tc_resp_free(&r);
    free(code);
    tc_free(o.c);
    tc_free(desk);
    tc_free(lead);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accept_print_and_lookup),
        cmocka_unit_test(test_bad_input_at_the_counter),
        cmocka_unit_test(test_returning_applicant_is_recognised),
        cmocka_unit_test(test_leader_sees_what_is_due),
        cmocka_unit_test(test_supplement_at_reception_prints_form_2),
        cmocka_unit_test(test_actions_need_version_and_confirmation),
        cmocka_unit_test(test_names_are_escaped),
        cmocka_unit_test(test_lookup_is_rate_limited),
        cmocka_unit_test(test_online_dossier_at_the_desk),
        cmocka_unit_test(test_stopped_dossier_prints_stop_notice),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
