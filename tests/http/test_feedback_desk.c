/* test_feedback_desk.c — the leaders' feedback page, on both databases: a citizen's feedback
 * appears on /desk/phan-anh with its due date, the overdue one first and marked; the leader
 * answers through the form (an empty answer is refused beside the item, a second answer is
 * 409); the citizen is told through the outbox (event feedback.answered, a Vietnamese text
 * with the answer) and reads the answer on /phan-anh; auditors read without a form, other
 * staff are refused. */
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

static long long send_feedback(struct tclient *citizen, const char *text)
{
    char body[512];
    snprintf(body, sizeof body, "{\"category\":\"policy\",\"text\":\"%s\"}", text);
    json_t *j = td_post_expect(citizen, "/api/v1/feedback", body, 201);
    long long id = tj_int(j, "id");
    json_decref(j);
    assert_true(id > 0);
    return id;
}

static void test_leader_answers_feedback(void **state)
{
    (void)state;
    struct tclient *citizen =
        tc_citizen("0913000301", "0913000301", "Vũ Thị Giang", "matkhau-giang");
    long long late = send_feedback(citizen, "Niêm yết thủ tục chưa đầy đủ");
    long long fresh = send_feedback(citizen, "Đề nghị mở thêm quầy buổi sáng thứ Bảy");
    tc_db_run("UPDATE feedback SET due_at = 1000 WHERE id = $1", DB_ARGS(DB_I(late)));

    struct tclient *leader = tc_new(NULL);
    const char *token = tc_login_form(leader, "lanhdao", "lanhdao@2026");
    assert_non_null(token);
    char csrf[256], form[1024], path[128];
    snprintf(csrf, sizeof csrf, "%s", token);
    struct tresp r = tc_get(leader, "/desk/phan-anh");
    assert_int_equal(r.status, 200);
    const char *a = strstr(r.body, "Niêm yết thủ tục chưa đầy đủ");
    const char *b = strstr(r.body, "Đề nghị mở thêm quầy");
    assert_non_null(a);
    assert_non_null(b);
    assert_true(a < b); /* the overdue one is due first */
    assert_non_null(strstr(r.body, "Quá hạn"));
    assert_non_null(strstr(r.body, "hạn trả lời"));
    snprintf(path, sizeof path, "action=\"/desk/phan-anh/%lld/tra-loi\"", fresh);
    assert_non_null(strstr(r.body, path));
    tc_resp_free(&r);

    /* An empty answer is refused beside the item. */
    snprintf(path, sizeof path, "/desk/phan-anh/%lld/tra-loi", fresh);
    snprintf(form, sizeof form, "csrf=%s&answer=", tc_escape(leader, csrf));
    r = tc_post_form(leader, path, form);
    assert_int_equal(r.status, 422);
    assert_non_null(strstr(r.body, "field-error"));
    tc_resp_free(&r);

    snprintf(form, sizeof form, "csrf=%s&answer=%s", tc_escape(leader, csrf),
             tc_escape(leader, "Từ tháng sau Bộ phận Một cửa làm việc sáng thứ Bảy"));
    r = tc_post_form(leader, path, form);
    assert_int_equal(r.status, 303);
    tc_resp_free(&r);
    r = tc_post_form(leader, path, form);
    assert_int_equal(r.status, 409);
    tc_resp_free(&r);
    r = tc_get(leader, "/desk/phan-anh?xong=1");
    assert_non_null(strstr(r.body, "Đã trả lời"));
    assert_non_null(strstr(r.body, "làm việc sáng thứ Bảy"));
    tc_resp_free(&r);

    /* The citizen is told: in the account and by SMS, in Vietnamese, with the answer. */
    json_t *sms = tc_outbox_to("0913000301", "feedback.answered", "sms");
    assert_int_equal(json_array_size(sms), 1);
    json_t *payload = json_object_get(json_array_get(sms, 0), "payload");
    assert_non_null(strstr(tj_str(payload, "text"), "đã được trả lời"));
    assert_string_equal(tj_str(payload, "subject"),
                        "Phản ánh, kiến nghị của ông/bà đã được trả lời");
    json_decref(sms);
    json_t *inbox = tc_outbox_to("0913000301", "feedback.answered", "internal");
    assert_int_equal(json_array_size(inbox), 1);
    payload = json_object_get(json_array_get(inbox, 0), "payload");
    assert_non_null(strstr(tj_str(payload, "text"), "Kính gửi ông/bà Vũ Thị Giang"));
    assert_non_null(strstr(tj_str(payload, "text"), "làm việc sáng thứ Bảy"));
    json_decref(inbox);
    struct tclient *web = tc_new(NULL);
    assert_non_null(tc_login_form(web, "0913000301", "matkhau-giang"));
    r = tc_get(web, "/phan-anh");
    assert_non_null(strstr(r.body, "làm việc sáng thứ Bảy"));
    tc_resp_free(&r);
    tc_free(web);

    /* Auditors read without a form; receptionists are refused. */
    struct tclient *auditor = tc_new(NULL);
    assert_non_null(tc_login_form(auditor, "kiemtra", "kiemtra@2026"));
    r = tc_get(auditor, "/desk/phan-anh");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "Niêm yết thủ tục"));
    assert_null(strstr(r.body, "/tra-loi\""));
    tc_resp_free(&r);
    struct tclient *desk = tc_new(NULL);
    assert_non_null(tc_login_form(desk, "tiepnhan", "tiepnhan@2026"));
    r = tc_get(desk, "/desk/phan-anh");
    assert_int_equal(r.status, 403);
    tc_resp_free(&r);
    tc_free(desk);
    tc_free(auditor);
    tc_free(leader);
    tc_free(citizen);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_leader_answers_feedback),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
