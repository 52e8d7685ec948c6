/* test_pickers.c — the desk chooses people and units from lists and asks once more before
 * acting (issue #14, items 3, 4 and 13), on both databases: the assignment offers the people
 * who may take the step and the service refuses anyone else (422 on "assignee", over the API
 * and the page); the consultation offers the units that may be asked and refuses the step's
 * own unit or an unknown code (422 on "unit_key"), keeping what was typed; the admin's users
 * page grants at a unit chosen from a list and a forged code is refused beside that row's
 * field; a holiday notice is entered as fields (dd/mm/yyyy) with every problem shown at once,
 * and a good one changes the year; the counter form shows every problem at once, each linked
 * to its field, with what was typed kept; refusing and stopping show what will happen and act
 * only when confirmed (confirm=1), and a refusal without a reason is refused before the
 * confirmation. */
#include "tcheck.h"
#include "tclient.h"
#include "tdesk.h"
#include "testutil.h"

#include "svc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define APPLICANT "Võ Thị Chọn"

/* One client per person for the whole suite (logins are rate-limited per address). */
static struct tclient *desk, *spec;            /* API: commune counter and specialist */
static struct tclient *desk_page, *spec_page;  /* the same people in a browser */
static struct tclient *lead_page, *admin_page; /* commune leader, the admin */
static char desk_csrf[128], spec_csrf[128], lead_csrf[128], admin_csrf[128];

static int setup(void **state)
{
    (void)state;
    desk = tc_as(TD_DESK);
    spec = tc_as(TD_SPEC);
    desk_page = td_browser(TD_DESK, desk_csrf, sizeof desk_csrf);
    spec_page = td_browser(TD_SPEC, spec_csrf, sizeof spec_csrf);
    lead_page = td_browser(TD_LEAD, lead_csrf, sizeof lead_csrf);
    admin_page = td_browser("admin", "quantri@2026", admin_csrf, sizeof admin_csrf);
    return desk && spec && *desk_csrf && *spec_csrf && *lead_csrf && *admin_csrf ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    struct tclient *all[] = {desk, spec, desk_page, spec_page, lead_page, admin_page};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (all[i])
            tc_free(all[i]);
    return 0;
}

static void expect_in(const char *html, const char *what)
{
    if (!strstr(html, what))
        fail_msg("the page does not hold «%s»", what);
}

static void expect_not_in(const char *html, const char *what)
{
    if (strstr(html, what))
        fail_msg("the page holds «%s»", what);
}

/* The field an API error names. */
static void expect_api_field(json_t *answer, const char *field)
{
    const char *f = json_string_value(json_object_get(json_object_get(answer, "error"), "field"));
    assert_non_null(f);
    assert_string_equal(f, field);
}

static void test_assign_offers_and_takes_only_the_steps_people(void **state)
{
    (void)state;
    char *code = td_accept(desk, TD_PROC, APPLICANT, NULL), path[256], body[512];
    snprintf(path, sizeof path, "/desk/ho-so/%s", code);
    char *html = td_page(lead_page, path);
    expect_in(html, "<select id=\"assignee-assign\" name=\"assignee\">");
    expect_in(html, "<option value=\"chuyenvien.xa\">Đặng Thị Hoa · ");
    expect_not_in(html, "<option value=\"chuyenvien\">"); /* the district's, not this step's */
    expect_not_in(html, "Tên đăng nhập của chuyên viên");
    free(html);

    /* someone who does not take this step: refused over the API and on the page */
    json_t *out = NULL;
    int version = td_version(desk, code, NULL);
    assert_int_equal(
        td_act_extra(spec, code, "assign", version, ",\"assignee\":\"chuyenvien\"", &out), 422);
    expect_api_field(out, "assignee");
    json_decref(out);
    snprintf(path, sizeof path, "/desk/ho-so/%s/hanh-dong", code);
    snprintf(body, sizeof body, "csrf=%s&action=assign&expected_version=%d&assignee=admin",
             tc_escape(lead_page, lead_csrf), version);
    assert_int_equal(td_form(lead_page, path, body, &html, NULL), 422);
    expect_in(html, "href=\"#assignee-assign\"");
    expect_in(html, "hãy chọn người xử lý trong danh sách");
    free(html);

    snprintf(body, sizeof body, "csrf=%s&action=assign&expected_version=%d&assignee=chuyenvien.xa",
             tc_escape(lead_page, lead_csrf), version);
    assert_int_equal(td_form(lead_page, path, body, NULL, NULL), 303);
    free(code);
}

static void test_consult_offers_and_takes_only_other_units(void **state)
{
    (void)state;
    char *code = td_accept(desk, TD_PROC, APPLICANT, NULL), path[256], body[768];
    snprintf(path, sizeof path, "/desk/ho-so/%s", code);
    char *html = td_page(spec_page, path);
    expect_in(html, "<select id=\"consult-unit\" name=\"unit_key\">");
    expect_in(html, "<option value=\"GR-TP\">");
    expect_not_in(html, "<option value=\"GR-X01\">"); /* the step's own unit */
    free(html);
    /* the counter, who does not hold the step, is offered no consultation */
    html = td_page(desk_page, path);
    expect_not_in(html, "id=\"consult-unit\"");
    free(html);

    const char *bad[] = {"GR-X01", "KHONG-CO"};
    for (size_t i = 0; i < 2; i++) {
        json_t *out = td_consult(spec, code, bad[i], td_version(desk, code, NULL), 422);
        expect_api_field(out, "unit_key");
        json_decref(out);
    }
    /* on the page: nothing chosen, the summary links to the list and the question is kept */
    snprintf(path, sizeof path, "/desk/ho-so/%s/tham-van", code);
    snprintf(body, sizeof body, "csrf=%s&expected_version=%d&unit_key=&budget_hours=12&question=%s",
             tc_escape(spec_page, spec_csrf), td_version(desk, code, NULL),
             tc_escape(spec_page, "Câu hỏi giữ lại"));
    assert_int_equal(td_form(spec_page, path, body, &html, NULL), 422);
    expect_in(html, "href=\"#consult-unit\"");
    expect_in(html, ">Câu hỏi giữ lại</textarea>");
    expect_in(html, "value=\"12\"");
    free(html);
    free(code);
}

static void test_users_grant_at_a_unit_from_the_list(void **state)
{
    (void)state;
    char *html = td_page(admin_page, "/desk/users");
    expect_in(html, "<select id=\"unit-tiepnhan.xa\" name=\"unit\">");
    expect_in(html, "<option value=\"GR-X01-MC\">");
    expect_not_in(html, "placeholder=\"Mã đơn vị\"");
    free(html);
    char body[512];
    snprintf(body, sizeof body, "csrf=%s&role=receptionist&unit=KHONG-CO",
             tc_escape(admin_page, admin_csrf));
    assert_int_equal(td_form(admin_page, "/desk/users/tiepnhan.xa/roles", body, &html, NULL), 422);
    expect_in(html, "href=\"#unit-tiepnhan.xa\"");
    expect_in(html, "hãy chọn trong danh sách");
    free(html);
    /* a new account refused keeps what was typed and the unit chosen */
    snprintf(body, sizeof body,
             "csrf=%s&username=Sai+Ten&full_name=%s&kind=staff&password=12345678&role=specialist"
             "&unit=GR-TP",
             tc_escape(admin_page, admin_csrf), tc_escape(admin_page, "Người Thử"));
    assert_int_equal(td_form(admin_page, "/desk/users", body, &html, NULL), 422);
    expect_in(html, "value=\"Người Thử\"");
    expect_in(html, "<option value=\"GR-TP\" selected>");
    free(html);
}

/* Issue 14 item 13: the users page offers the roles of the service's one table (role_nth,
 * role_label), staff roles on each row's grant and every role on a new account, so a new role
 * appears without editing the template — which names none itself. */
static void test_users_offer_the_roles_of_the_service(void **state)
{
    (void)state;
    char *html = td_page(admin_page, "/desk/users");
    const char *grant = strstr(html, "<select id=\"role-tiepnhan.xa\" name=\"role\">");
    const char *add = strstr(html, "<select id=\"role\" name=\"role\">");
    assert_non_null(grant);
    assert_non_null(add);
    const char *grant_end = strstr(grant, "</select>"), *add_end = strstr(add, "</select>");
    assert_non_null(grant_end);
    assert_non_null(add_end);
    int n = 0;
    for (int i = 0, role; (role = role_nth(i)) != 0; i++, n++) {
        char option[256];
        snprintf(option, sizeof option, "<option value=\"%s\">%s</option>", role_name(role),
                 role_label(role));
        const char *in_grant = strstr(grant, option), *in_add = strstr(add, option);
        int granted = in_grant && in_grant < grant_end;
        if (!in_add || in_add > add_end)
            fail_msg("the new account does not offer %s", option);
        if (granted != !!(role & ROLE_STAFF))
            fail_msg("the grant %s %s", granted ? "offers" : "does not offer", option);
    }
    assert_true(n >= 6);
    free(html);
    char path[1024], text[16384];
    snprintf(path, sizeof path, "%s/src/web/templates/users.html", getenv("MOTCUA_SOURCE_DIR"));
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    text[fread(text, 1, sizeof text - 1, f)] = '\0';
    fclose(f);
    for (int i = 0, role; (role = role_nth(i)) != 0; i++) /* "Công dân" is also a kind */
        if ((role & ROLE_STAFF) && strstr(text, role_label(role)))
            fail_msg("users.html names the role %s itself", role_label(role));
}

static void test_holiday_notice_is_a_form(void **state)
{
    (void)state;
    char body[1024], *html = td_page(admin_page, "/desk/lich?year=2034");
    expect_in(html, "action=\"/desk/lich/van-ban\"");
    expect_not_in(html, "year_json");
    free(html);
    /* every problem at once, each beside its field, what was typed kept */
    snprintf(body, sizeof body,
             "csrf=%s&from=2034-06-01&to=&kind=&notice=&name=", tc_escape(admin_page, admin_csrf));
    assert_int_equal(td_form(admin_page, "/desk/lich/van-ban", body, &html, NULL), 422);
    expect_in(html, "Có 4 lỗi cần sửa");
    const char *links[] = {"href=\"#from\"", "href=\"#kind\"", "href=\"#notice\"",
                           "href=\"#name\""};
    for (size_t i = 0; i < 4; i++)
        expect_in(html, links[i]);
    expect_in(html, "value=\"2034-06-01\"");
    free(html);
    /* a weekday is not a Saturday worked; the end before the start */
    snprintf(body, sizeof body,
             "csrf=%s&from=05%%2F06%%2F2034&to=01%%2F06%%2F2034&kind=work&notice=TB+1&name=Bu",
             tc_escape(admin_page, admin_csrf));
    assert_int_equal(td_form(admin_page, "/desk/lich/van-ban", body, &html, NULL), 422);
    expect_in(html, "href=\"#to\"");
    free(html);
    snprintf(body, sizeof body, "csrf=%s&from=05%%2F06%%2F2034&kind=work&notice=TB+1&name=Bu",
             tc_escape(admin_page, admin_csrf));
    assert_int_equal(td_form(admin_page, "/desk/lich/van-ban", body, &html, NULL), 422);
    expect_in(html, "thứ Bảy hoặc Chủ nhật");
    free(html);

    /* a good notice: two days off in a year with no notice yet */
    snprintf(body, sizeof body,
             "csrf=%s&from=01%%2F06%%2F2034&to=02%%2F06%%2F2034&kind=off&notice=%s"
             "&name=%s",
             tc_escape(admin_page, admin_csrf),
             tc_escape(admin_page, "Thông báo 77/TB-BNV ngày 01/03/2034"),
             tc_escape(admin_page, "Nghỉ thử nghiệm"));
    assert_int_equal(td_form(admin_page, "/desk/lich/van-ban", body, &html, NULL), 200);
    expect_in(html, "Đã thêm văn bản");
    free(html);
    html = td_page(admin_page, "/desk/lich?year=2034");
    expect_in(html, "Thông báo 77/TB-BNV ngày 01/03/2034");
    expect_in(html, "Nghỉ thử nghiệm");
    expect_in(html, "Tết"); /* the default rule's estimate of the rest of the year is kept */
    free(html);
    /* a staff member who is not an admin cannot */
    assert_int_equal(td_form(desk_page, "/desk/lich/van-ban", body, NULL, NULL), 403);
}

static void test_counter_form_shows_every_error(void **state)
{
    (void)state;
    char body[2048], *html = NULL;
    snprintf(body, sizeof body,
             "csrf=%s&procedure_code=%s&outcome=accept&applicant_kind=person&applicant_name="
             "&applicant_id_number=123&applicant_birth_date=&applicant_phone=12"
             "&applicant_email=khong-phai-thu&applicant_address=%s&channel=counter"
             "&return_method=counter&sets=1&received_0=0",
             tc_escape(desk_page, desk_csrf), TD_PROC, tc_escape(desk_page, "Ấp Giữ Lại"));
    assert_int_equal(td_form(desk_page, "/desk/tiep-nhan", body, &html, NULL), 422);
    const char *links[] = {"href=\"#applicant_name\"", "href=\"#applicant_id_number\"",
                           "href=\"#applicant_phone\"", "href=\"#applicant_email\"",
                           "href=\"#complete\""};
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++)
        expect_in(html, links[i]);
    expect_in(html, "Có 5 lỗi cần sửa");
    expect_in(html, "class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus");
    expect_in(html, "value=\"khong-phai-thu\"");
    expect_in(html, "value=\"Ấp Giữ Lại\"");
    free(html);
}

/* Posts action on the dossier page as c (csrf), with extra form fields: the status. */
static long page_act(struct tclient *c, const char *csrf, const char *code, const char *action,
                     const char *extra, char **html)
{
    char path[256], body[1024];
    snprintf(path, sizeof path, "/desk/ho-so/%s/hanh-dong", code);
    snprintf(body, sizeof body, "csrf=%s&action=%s&expected_version=%d%s", tc_escape(c, csrf),
             action, td_version(desk, code, NULL), extra ? extra : "");
    return td_form(c, path, body, html, NULL);
}

static void test_refuse_and_stop_ask_once_more(void **state)
{
    (void)state;
    char *code = td_accept(desk, TD_PROC, APPLICANT, NULL), *html = NULL;
    int version = td_version(desk, code, NULL);
    /* no reason: refused at once, no confirmation page */
    assert_int_equal(page_act(spec_page, spec_csrf, code, "refuse", "&note=", &html), 422);
    expect_in(html, "href=\"#note-refuse\"");
    free(html);
    /* with a reason: the page says what will happen; nothing has happened yet */
    assert_int_equal(
        page_act(spec_page, spec_csrf, code, "refuse", "&note=Kh%C3%B4ng+%C4%91%E1%BB%A7", &html),
        200);
    expect_in(html, "Điều gì sẽ xảy ra");
    expect_in(html, "kết quả từ chối giải quyết");
    expect_in(html, "Lý do: Không đủ");
    expect_in(html, "name=\"confirm\" value=\"1\"");
    expect_in(html, "Không, quay lại hồ sơ");
    free(html);
    assert_int_equal(td_version(desk, code, NULL), version);

    /* the leader's stop: asked, then done when confirmed */
    assert_int_equal(page_act(lead_page, lead_csrf, code, "stop", "&note=D%E1%BB%ABng", &html),
                     200);
    expect_in(html, "Dừng xử lý hồ sơ");
    free(html);
    assert_int_equal(td_version(desk, code, NULL), version);
    assert_int_equal(
        page_act(lead_page, lead_csrf, code, "stop", "&note=D%E1%BB%ABng&confirm=1", NULL), 303);
    assert_int_equal(td_version(desk, code, NULL), version + 1);
    free(code);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_assign_offers_and_takes_only_the_steps_people),
        cmocka_unit_test(test_consult_offers_and_takes_only_other_units),
        cmocka_unit_test(test_users_grant_at_a_unit_from_the_list),
        cmocka_unit_test(test_users_offer_the_roles_of_the_service),
        cmocka_unit_test(test_holiday_notice_is_a_form),
        cmocka_unit_test(test_counter_form_shows_every_error),
        cmocka_unit_test(test_refuse_and_stop_ask_once_more),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
