/* test_desk_pages.c — the one-stop desk in a browser's shoes: a receptionist finds a procedure,
 * accepts a dossier, lands on its page, prints the receipt, and a stranger looks it up by code
 * and sees only a masked name; bad input at the counter is answered beside the field with
 * everything typed kept; a supplement prints Mẫu 02; actions carry the version the officer saw
 * (409 when stale) and dangerous ones need a ticked confirmation; applicant names are escaped
 * everywhere. Runs on SQLite and PostgreSQL. */
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
        const char *v = tc_input_value(page.body, field);
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
    snprintf(code, sizeof code, "%s", strrchr(loc, '/') + 1);
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
    login(&o, "tiepnhan", "tiepnhan@2026");
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
    assert_string_equal(tc_input_value(r.body, "received_0"), "1");
    expect_body(&r, "value=\"accept\"");
    tc_resp_free(&r);

    const char *code = receive(&o, "1.001193", "Nguyễn Văn An", "accept", NULL);
    char saved[64];
    snprintf(saved, sizeof saved, "%s", code);
    r = get_page(o.c, "/desk/ho-so/", saved, "");
    expect_status(&r, 200);
    expect_body(&r, saved);
    expect_body(&r, "Hẹn trả kết quả");
    expect_body(&r, "Đang xử lý");
    expect_body(&r, "Trạng thái quốc gia: <strong>4</strong>");
    expect_body(&r, "Đúng hạn"); /* the reception step, finished at once */
    expect_body(&r, "/mau/1\"");
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
    r = get_page(anyone, "/tra-cuu?code=%20", saved, "%20");
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

static void test_bad_input_at_the_counter(void **state)
{
    (void)state;
    struct officer o;
    login(&o, "tiepnhan", "tiepnhan@2026");
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
    login(&o, "tiepnhan", "tiepnhan@2026");
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

    /* the receptionist's withdrawal needs the confirmation box */
    snprintf(body, sizeof body, "csrf=%s&action=withdraw&expected_version=%s",
             tc_escape(o.c, o.csrf), version);
    r = tc_post_form(o.c, path, body);
    expect_status(&r, 422);
    expect_body(&r, "href=\"#confirm-withdraw\"");
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
    login(&o, "tiepnhan", "tiepnhan@2026");
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
    r = get_page(anyone, "/tra-cuu/", saved, "");
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accept_print_and_lookup),
        cmocka_unit_test(test_bad_input_at_the_counter),
        cmocka_unit_test(test_supplement_at_reception_prints_form_2),
        cmocka_unit_test(test_actions_need_version_and_confirmation),
        cmocka_unit_test(test_names_are_escaped),
        cmocka_unit_test(test_lookup_is_rate_limited),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
