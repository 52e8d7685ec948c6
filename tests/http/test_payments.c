/* test_payments.c — fees and online payment, on both databases: a payment request from the
 * catalogue's fee lines puts the dossier in national status 6; the VNPAY payment URL is
 * checked by a gateway double that knows only the protocol and the secret, which then calls
 * the IPN as VNPAY does: paid, status back to 4; the same IPN again is answered 02 and
 * changes nothing; a forged signature (97), a changed amount (04), an unknown order (01) and
 * a failed payment leave the request pending. Payment at the counter; nothing to pay for a
 * free procedure; a citizen pays their own online dossier and cannot see anyone else's. Each
 * trip to the payment page has its own order reference, so a failed attempt can be retried,
 * and a notification of an old attempt is checked and never pays twice; staff cancel a
 * pending request; the citizen's dossier page has the "Thanh toán trực tuyến" button and the
 * return page says what happened. */
#include "tcheck.h"
#include "tclient.h"
#include "tdesk.h"
#include "testutil.h"
#include "vnpay_double.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CCCD      "079203001234"
#define FEE_PROC  "2.000884" /* Chứng thực chữ ký: 10.000 đồng per case */
#define FREE_PROC "1.001193" /* Đăng ký khai sinh: no fee */
#define APPLICANT "Lê Thị Hoa"

static const char *secret(void)
{
    return test_env("MOTCUA_VNPAY_HASH_SECRET", "");
}

/* national_status and version of a dossier. */
static void status_of(struct tclient *c, const char *code, int *national, int *version)
{
    json_t *d = tc_get_json(c, td_path(code, ""));
    *national = (int)json_integer_value(json_object_get(d, "national_status"));
    *version = (int)json_integer_value(json_object_get(d, "version"));
    json_decref(d);
}

/* The status of the dossier's only payment request. */
static char *payment_status(struct tclient *c, const char *code)
{
    json_t *j = tc_get_json(c, td_path(code, "/payments"));
    json_t *list = json_object_get(j, "payments");
    assert_int_equal(json_array_size(list), 1);
    char *s = strdup(tj_str(json_array_get(list, 0), "status"));
    json_decref(j);
    return s;
}

static void expect_pending(struct tclient *c, const char *code)
{
    char *s = payment_status(c, code);
    assert_string_equal(s, "pending");
    free(s);
    int national = 0, version = 0;
    status_of(c, code, &national, &version);
    assert_int_equal(national, 6);
}

/* Gets the payment URL as client c and lets the gateway double check it. */
static void vnpay_order(struct tclient *c, const char *code, struct vd_order *o)
{
    json_t *j = td_post_expect(c, td_path(code, "/payments/vnpay"), NULL, 200);
    assert_int_equal(vd_check_payment_url(tj_str(j, "url"), secret(), o), 0);
    assert_true(strncmp(tj_str(j, "url"), test_env("MOTCUA_VNPAY_URL", "?"),
                        strlen(test_env("MOTCUA_VNPAY_URL", "?"))) == 0);
    json_decref(j);
    assert_string_equal(o->tmn_code, test_env("MOTCUA_VNPAY_TMN_CODE", ""));
    assert_non_null(strstr(o->return_url, "/api/v1/payments/vnpay/return"));
}

/* Calls the IPN with the query as the gateway would; returns the RspCode (static). */
static const char *ipn(const char *query)
{
    static char rsp[8];
    struct tclient *gw = tc_new(NULL);
    char *path = malloc(strlen(query) + 64);
    sprintf(path, "/api/v1/payments/vnpay/ipn?%s", query);
    struct tresp r = tc_get(gw, path);
    assert_int_equal(r.status, 200);
    snprintf(rsp, sizeof rsp, "%s", tj_str(r.json, "RspCode"));
    assert_true(*tj_str(r.json, "Message"));
    tc_resp_free(&r);
    free(path);
    tc_free(gw);
    return rsp;
}

static const char *ipn_with(const struct vd_order *o, const struct vd_ipn *opt)
{
    char *q = vd_ipn_query(o, opt, secret());
    const char *rsp = ipn(q);
    free(q);
    return rsp;
}

static void test_vnpay_ipn_pays_once(void **state)
{
    (void)state;
    struct tclient *desk = tc_as(TD_DESK);
    char *code = td_accept(desk, FEE_PROC, APPLICANT, NULL);
    int national = 0, version = 0, v0 = 0;
    status_of(desk, code, &national, &v0);
    assert_int_equal(national, 4);
    json_t *none = tc_get_json(desk, td_path(code, "/payments"));
    assert_int_equal(json_array_size(json_object_get(none, "payments")), 0);
    json_decref(none);
    /* Nothing pending yet: no payment address. */
    json_decref(td_post_expect(desk, td_path(code, "/payments/vnpay"), NULL, 409));

    json_t *p = td_post_expect(desk, td_path(code, "/payments"), "{}", 201);
    assert_int_equal(json_integer_value(json_object_get(p, "amount")), 10000);
    assert_string_equal(tj_str(p, "status"), "pending");
    assert_int_equal(json_array_size(json_object_get(p, "lines")), 1);
    json_decref(p);
    status_of(desk, code, &national, &version);
    assert_int_equal(national, 6);
    assert_int_equal(version, v0 + 1);
    tc_post_expect(desk, td_path(code, "/payments"), "{}", 409, NULL);

    struct vd_order o;
    vnpay_order(desk, code, &o);
    assert_string_equal(o.amount, "1000000");

    /* Everything that must change nothing. */
    assert_string_equal(ipn_with(&o, &(struct vd_ipn){.secret = "not-the-secret"}), "97");
    assert_string_equal(ipn_with(&o, &(struct vd_ipn){.tamper = 1}), "97");
    assert_string_equal(ipn_with(&o, &(struct vd_ipn){.amount = "100"}), "04");
    assert_string_equal(ipn_with(&o, &(struct vd_ipn){.amount = "2000000"}), "04");
    assert_string_equal(ipn_with(&o, &(struct vd_ipn){.txn_ref = "MC0000000000000000"}), "01");
    assert_string_equal(ipn("vnp_TxnRef=x"), "97");
    /* A payment the payer cancelled is acknowledged, and the request stays pending. */
    assert_string_equal(ipn_with(&o, &(struct vd_ipn){.response_code = "24",
                                                      .transaction_status = "02",
                                                      .transaction_no = "0"}),
                        "00");
    expect_pending(desk, code);
    status_of(desk, code, &national, &version);
    assert_int_equal(version, v0 + 1);

    /* The payment: confirmed once. */
    char *query = vd_ipn_query(&o, NULL, secret());
    assert_string_equal(ipn(query), "00");
    json_t *list = tc_get_json(desk, td_path(code, "/payments"));
    json_t *paid = json_array_get(json_object_get(list, "payments"), 0);
    assert_string_equal(tj_str(paid, "status"), "paid");
    assert_string_equal(tj_str(paid, "method"), "vnpay");
    assert_string_equal(tj_str(paid, "gateway_txn_no"), "14226112");
    assert_true(json_integer_value(json_object_get(paid, "paid_at")) > 0);
    json_decref(list);
    status_of(desk, code, &national, &version);
    assert_int_equal(national, 4);
    assert_int_equal(version, v0 + 2);

    /* Replayed: "already confirmed", nothing changes. */
    assert_string_equal(ipn(query), "02");
    assert_string_equal(ipn_with(&o, &(struct vd_ipn){.transaction_no = "99999999"}), "02");
    int after = 0;
    status_of(desk, code, &national, &after);
    assert_int_equal(after, version);
    assert_int_equal(national, 4);
    tc_post_expect(desk, td_path(code, "/payments/counter"), "{\"receipt_no\":\"BL-1\"}", 409,
                   NULL);

    /* The payer's browser comes back: shown, not trusted. */
    char *back = malloc(strlen(query) + 64);
    sprintf(back, "/api/v1/payments/vnpay/return?%s", query);
    struct tclient *browser = tc_new(NULL);
    json_t *ret = tc_get_json(browser, back);
    assert_true(json_is_true(json_object_get(ret, "signature_ok")));
    assert_true(json_is_true(json_object_get(ret, "success")));
    assert_string_equal(tj_str(ret, "status"), "paid");
    assert_string_equal(tj_str(ret, "dossier_code"), code);
    json_decref(ret);
    char *forged = vd_ipn_query(&o, &(struct vd_ipn){.secret = "x"}, secret());
    sprintf(back, "/api/v1/payments/vnpay/return?%.*s", 1000, forged);
    ret = tc_get_json(browser, back);
    assert_true(json_is_false(json_object_get(ret, "signature_ok")));
    assert_true(json_is_null(json_object_get(ret, "dossier_code")) ||
                !json_object_get(ret, "dossier_code"));
    json_decref(ret);

    /* Every notification was recorded; exactly one was a payment. */
    const char *ref[] = {o.txn_ref, NULL};
    assert_int_equal(td_db_int("SELECT COUNT(*) FROM payment_events WHERE txn_ref = $1", ref), 8);
    assert_int_equal(td_db_int("SELECT COUNT(*) FROM payment_events WHERE txn_ref = $1 AND "
                               "rsp_code = '02'",
                               ref),
                     2);
    assert_int_equal(td_db_int("SELECT COUNT(*) FROM payment_events WHERE txn_ref = $1 AND "
                               "outcome = 'paid'",
                               ref),
                     1);
    tc_free(browser);
    free(forged);
    free(back);
    free(query);
    free(code);
    tc_free(desk);
}

static void test_counter_payment(void **state)
{
    (void)state;
    struct tclient *desk = tc_as(TD_DESK), *spec = tc_as(TD_SPEC);
    char *code = td_accept(desk, FEE_PROC, APPLICANT, NULL);
    tc_post_expect(desk, td_path(code, "/payments/counter"), "{\"receipt_no\":\"BL-2\"}", 409,
                   NULL);
    json_decref(td_post_expect(spec, td_path(code, "/payments"), NULL, 201));
    expect_pending(desk, code);
    tc_post_expect(spec, td_path(code, "/payments/counter"), "{\"receipt_no\":\"BL-2\"}", 403,
                   NULL);
    tc_post_expect(desk, td_path(code, "/payments/counter"), "{}", 422, NULL);
    tc_post_expect(desk, td_path(code, "/payments/counter"), "{\"receipt_no\":\"\"}", 422, NULL);
    json_t *p = td_post_expect(desk, td_path(code, "/payments/counter"),
                               "{\"receipt_no\":\"BL-0001\"}", 200);
    assert_string_equal(tj_str(p, "status"), "paid");
    assert_string_equal(tj_str(p, "method"), "counter");
    assert_string_equal(tj_str(p, "receipt_no"), "BL-0001");
    json_decref(p);
    int national = 0, version = 0;
    status_of(desk, code, &national, &version);
    assert_int_equal(national, 4);
    json_decref(td_post_expect(desk, td_path(code, "/payments/vnpay"), NULL, 409));
    free(code);
    tc_free(spec);
    tc_free(desk);
}

static void test_nothing_to_pay(void **state)
{
    (void)state;
    struct tclient *desk = tc_as(TD_DESK);
    char *code = td_accept(desk, FREE_PROC, APPLICANT, NULL);
    json_t *p = td_post_expect(desk, td_path(code, "/payments"), NULL, 200);
    assert_string_equal(tj_str(p, "status"), "none");
    assert_int_equal(json_integer_value(json_object_get(p, "amount")), 0);
    json_decref(p);
    int national = 0, version = 0;
    status_of(desk, code, &national, &version);
    assert_int_equal(national, 4);
    json_t *list = tc_get_json(desk, td_path(code, "/payments"));
    assert_int_equal(json_array_size(json_object_get(list, "payments")), 0);
    json_decref(list);
    json_decref(
        td_post_expect(desk, "/api/v1/dossiers/000.00.15.H33-200101-9999/payments", NULL, 404));
    tc_post_expect(desk, td_path(code, "/payments"), "{\"quantity\":0}", 422, NULL);
    free(code);
    tc_free(desk);
}

/* The citizen files 1.004222 online (20.000 đồng, 10.000 online), the counter accepts it and
 * asks for the fee. Returns the dossier's code (caller frees). */
static char *online_dossier_with_fee(struct tclient *citizen, struct tclient *desk)
{
    json_t *d = td_post_expect(citizen, "/api/v1/drafts", "{\"procedure_code\":\"1.004222\"}", 201);
    long id = (long)json_integer_value(json_object_get(d, "id"));
    json_decref(d);
    char path[128];
    snprintf(path, sizeof path, "/api/v1/drafts/%ld", id);
    const char *data = "{\"data\":{\"applicant\":{\"id_number\":\"" CCCD "\",\"phone\":\"0912 345 "
                       "678\",\"address\":\"Ấp 1\"},\"components\":[1,1],\"return_method\":"
                       "\"online\"}}";
    struct tresp r = tc_request(citizen, "PUT", path, "application/json", data, strlen(data), NULL);
    assert_int_equal(r.status, 200);
    tc_resp_free(&r);
    snprintf(path, sizeof path, "/api/v1/drafts/%ld/submit", id);
    d = td_post_expect(citizen, path, "{}", 201);
    char *code = strdup(tj_str(d, "code"));
    json_decref(d);
    assert_int_equal(td_act(desk, code, "accept", 1), 200);
    json_t *p = td_post_expect(desk, td_path(code, "/payments"), NULL, 201);
    assert_int_equal(json_integer_value(json_object_get(p, "amount")), 10000);
    json_decref(p);
    return code;
}

/* The citizen pays their own online dossier. Another citizen sees nothing of it. */
static void test_citizen_pays_own_dossier_only(void **state)
{
    (void)state;
    struct tclient *citizen = tc_as("congdan", "congdan@2026"), *desk = tc_as(TD_DESK);
    char *code = online_dossier_with_fee(citizen, desk);

    /* Someone else's counter dossier: not found, whatever the citizen tries. */
    char *other = td_accept(desk, FEE_PROC, APPLICANT, NULL);
    json_decref(td_post_expect(desk, td_path(other, "/payments"), NULL, 201));
    tc_get_expect(citizen, td_path(other, "/payments"), 404);
    json_decref(td_post_expect(citizen, td_path(other, "/payments/vnpay"), NULL, 404));
    json_decref(td_post_expect(citizen, td_path(other, "/payments"), NULL, 404));
    tc_post_expect(citizen, td_path(other, "/payments/counter"), "{\"receipt_no\":\"x\"}", 404,
                   NULL);
    /* Their own: they may read and pay it, not record a counter receipt or ask for fees. */
    tc_post_expect(citizen, td_path(code, "/payments/counter"), "{\"receipt_no\":\"x\"}", 403,
                   NULL);
    json_decref(td_post_expect(citizen, td_path(code, "/payments"), NULL, 403));
    expect_pending(citizen, code);
    struct vd_order o;
    vnpay_order(citizen, code, &o);
    assert_string_equal(o.amount, "1000000");
    assert_string_equal(ipn_with(&o, NULL), "00");
    char *s = payment_status(citizen, code);
    assert_string_equal(s, "paid");
    free(s);
    int national = 0, version = 0;
    status_of(citizen, code, &national, &version);
    assert_int_equal(national, 4);
    free(other);
    free(code);
    tc_free(desk);
    tc_free(citizen);
}

/* How many of the request's notifications paid it. */
static int64_t payments_made(const char *code)
{
    const char *p[] = {code, NULL};
    return td_db_int("SELECT COUNT(*) FROM payment_events e JOIN payment_requests r ON r.id = "
                     "e.request_id JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = $1 AND "
                     "e.outcome = 'paid'",
                     p);
}

static void test_new_reference_per_attempt(void **state)
{
    (void)state;
    struct tclient *desk = tc_as(TD_DESK);
    char *code = td_accept(desk, FEE_PROC, APPLICANT, NULL);
    json_decref(td_post_expect(desk, td_path(code, "/payments"), NULL, 201));

    /* The first attempt fails at the bank: acknowledged, still pending. */
    struct vd_order first, second;
    vnpay_order(desk, code, &first);
    assert_string_equal(ipn_with(&first, &(struct vd_ipn){.response_code = "51",
                                                          .transaction_status = "02",
                                                          .transaction_no = "0"}),
                        "00");
    expect_pending(desk, code);

    /* The retry goes to the gateway under a reference it has never seen. */
    vnpay_order(desk, code, &second);
    assert_string_not_equal(first.txn_ref, second.txn_ref);
    assert_string_equal(second.amount, first.amount);

    /* The old attempt's notifications are still checked: signature, amount. */
    assert_string_equal(ipn_with(&first, &(struct vd_ipn){.secret = "x"}), "97");
    assert_string_equal(ipn_with(&first, &(struct vd_ipn){.amount = "1"}), "04");
    expect_pending(desk, code);

    /* The retry is paid; the old attempt paid too (the payer paid twice at the gateway):
     * already confirmed, the request is paid once. */
    assert_string_equal(ipn_with(&second, &(struct vd_ipn){.transaction_no = "20000002"}), "00");
    assert_string_equal(ipn_with(&first, &(struct vd_ipn){.transaction_no = "20000001"}), "02");
    assert_int_equal(payments_made(code), 1);
    json_t *list = tc_get_json(desk, td_path(code, "/payments"));
    json_t *paid = json_array_get(json_object_get(list, "payments"), 0);
    assert_int_equal(json_array_size(json_object_get(list, "payments")), 1);
    assert_string_equal(tj_str(paid, "status"), "paid");
    assert_string_equal(tj_str(paid, "gateway_txn_no"), "20000002");
    json_decref(list);
    const char *ref[] = {second.txn_ref, NULL};
    assert_int_equal(
        td_db_int("SELECT COUNT(*) FROM payment_requests WHERE paid_txn_ref = $1", ref), 1);
    int national = 0, version = 0;
    status_of(desk, code, &national, &version);
    assert_int_equal(national, 4);
    /* Nothing pending any more: no new attempt. */
    json_decref(td_post_expect(desk, td_path(code, "/payments/vnpay"), NULL, 409));
    free(code);
    tc_free(desk);
}

static void test_cancel_pending_request(void **state)
{
    (void)state;
    struct tclient *desk = tc_as(TD_DESK), *citizen = tc_as("congdan", "congdan@2026");
    char *code = td_accept(desk, FEE_PROC, APPLICANT, NULL);
    tc_post_expect(desk, td_path(code, "/payments/cancel"), "{\"reason\":\"Lập nhầm\"}", 409, NULL);
    json_decref(td_post_expect(desk, td_path(code, "/payments"), NULL, 201));
    int national = 0, version = 0, before = 0;
    status_of(desk, code, &national, &before);
    assert_int_equal(national, 6);
    struct vd_order o;
    vnpay_order(desk, code, &o);

    tc_post_expect(desk, td_path(code, "/payments/cancel"), "{}", 422, NULL);
    tc_post_expect(desk, td_path(code, "/payments/cancel"), "{\"reason\":\"\"}", 422, NULL);
    tc_post_expect(citizen, td_path(code, "/payments/cancel"), "{\"reason\":\"x\"}", 404, NULL);
    json_t *p = td_post_expect(desk, td_path(code, "/payments/cancel"),
                               "{\"reason\":\"Lập nhầm khoản phí\"}", 200);
    assert_string_equal(tj_str(p, "status"), "cancelled");
    assert_string_equal(tj_str(p, "cancel_reason"), "Lập nhầm khoản phí");
    assert_true(json_integer_value(json_object_get(p, "cancelled_at")) > 0);
    json_decref(p);
    status_of(desk, code, &national, &version);
    assert_int_equal(national, 4);
    assert_int_equal(version, before + 1);
    tc_post_expect(desk, td_path(code, "/payments/cancel"), "{\"reason\":\"x\"}", 409, NULL);
    tc_post_expect(desk, td_path(code, "/payments/counter"), "{\"receipt_no\":\"BL-9\"}", 409,
                   NULL);

    /* The gateway confirms the cancelled order late: already confirmed, nothing paid. */
    assert_string_equal(ipn_with(&o, NULL), "02");
    assert_int_equal(payments_made(code), 0);
    char *s = payment_status(desk, code);
    assert_string_equal(s, "cancelled");
    free(s);

    /* A new request can be made, and cancelled from the desk page. */
    json_decref(td_post_expect(desk, td_path(code, "/payments"), NULL, 201));
    struct tclient *web = tc_new(NULL);
    const char *csrf = tc_login_form(web, TD_DESK);
    assert_non_null(csrf);
    char form[512], page[256];
    snprintf(form, sizeof form, "csrf=%s&reason=", tc_escape(web, csrf));
    snprintf(page, sizeof page, "/desk/ho-so/%s/le-phi/huy", code);
    struct tresp r = tc_post_form(web, page, form);
    assert_int_equal(r.status, 422);
    tc_resp_free(&r);
    snprintf(form, sizeof form, "csrf=%s&reason=%s", tc_escape(web, csrf),
             tc_escape(web, "Được miễn phí"));
    r = tc_post_form(web, page, form);
    assert_int_equal(r.status, 303);
    assert_non_null(strstr(tc_header(&r, "Location"), "xong=huy-phi"));
    tc_resp_free(&r);
    snprintf(page, sizeof page, "/desk/ho-so/%s", code);
    r = tc_get(web, page);
    assert_non_null(strstr(r.body, "Đã hủy"));
    tc_resp_free(&r);
    status_of(desk, code, &national, &version);
    assert_int_equal(national, 4);
    tc_free(web);
    free(code);
    tc_free(citizen);
    tc_free(desk);
}

/* What the payer's browser shows on the return page for query. */
static char *return_page(struct tclient *browser, const char *query)
{
    char *path = malloc(strlen(query) + 64);
    sprintf(path, "/thanh-toan/ket-qua?%s", query);
    struct tresp r = tc_get(browser, path);
    assert_int_equal(r.status, 200);
    char *body = strdup(r.body);
    tc_resp_free(&r);
    free(path);
    return body;
}

static void test_citizen_payment_pages(void **state)
{
    (void)state;
    struct tclient *citizen = tc_as("congdan", "congdan@2026"), *desk = tc_as(TD_DESK);
    char *code = online_dossier_with_fee(citizen, desk);
    struct tclient *web = tc_new(NULL);
    const char *token = tc_login_form(web, "congdan", "congdan@2026");
    assert_non_null(token);
    char csrf[256], path[256], form[512];
    snprintf(csrf, sizeof csrf, "%s", token);

    snprintf(path, sizeof path, "/ho-so-cua-toi/%s", code);
    struct tresp r = tc_get(web, path);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "Thanh toán trực tuyến"));
    assert_non_null(strstr(r.body, "10.000"));
    tc_resp_free(&r);

    /* The button: a new attempt, straight to the gateway, which accepts the address. */
    snprintf(path, sizeof path, "/ho-so-cua-toi/%s/thanh-toan", code);
    snprintf(form, sizeof form, "csrf=%s", tc_escape(web, csrf));
    r = tc_post_form(web, path, form);
    assert_int_equal(r.status, 303);
    struct vd_order o;
    assert_int_equal(vd_check_payment_url(tc_header(&r, "Location"), secret(), &o), 0);
    assert_non_null(strstr(o.return_url, "/thanh-toan/ket-qua"));
    tc_resp_free(&r);

    /* The payer cancels at the gateway and comes back: told plainly, may try again. */
    struct tclient *browser = tc_new(NULL);
    char *q = vd_ipn_query(
        &o,
        &(struct vd_ipn){.response_code = "24", .transaction_status = "02", .transaction_no = "0"},
        secret());
    assert_string_equal(ipn(q), "00");
    char *body = return_page(browser, q);
    assert_non_null(strstr(body, "Giao dịch chưa thành công"));
    assert_non_null(strstr(body, "hủy giao dịch"));
    assert_non_null(strstr(body, code));
    free(body);
    free(q);

    /* Again, paid this time. */
    r = tc_post_form(web, path, form);
    assert_int_equal(r.status, 303);
    struct vd_order again;
    assert_int_equal(vd_check_payment_url(tc_header(&r, "Location"), secret(), &again), 0);
    assert_string_not_equal(again.txn_ref, o.txn_ref);
    tc_resp_free(&r);
    q = vd_ipn_query(&again, NULL, secret());
    assert_string_equal(ipn(q), "00");
    body = return_page(browser, q);
    assert_non_null(strstr(body, "đã nộp phí, lệ phí thành công"));
    free(body);
    free(q);
    /* A forged return says nothing about the dossier. */
    q = vd_ipn_query(&again, &(struct vd_ipn){.secret = "x"}, secret());
    body = return_page(browser, q);
    assert_non_null(strstr(body, "không hợp lệ"));
    assert_null(strstr(body, code));
    free(body);
    free(q);

    /* Paid: no button any more, and nothing to pay. */
    snprintf(path, sizeof path, "/ho-so-cua-toi/%s", code);
    r = tc_get(web, path);
    assert_null(strstr(r.body, "Thanh toán trực tuyến"));
    tc_resp_free(&r);
    snprintf(path, sizeof path, "/ho-so-cua-toi/%s/thanh-toan", code);
    r = tc_post_form(web, path, form);
    assert_int_equal(r.status, 409);
    tc_resp_free(&r);

    /* Someone else's dossier: not found. */
    struct tclient *other = tc_citizen("0913000201", "0913000201", "Đỗ Văn Em", "matkhau-em1");
    tc_free(other);
    struct tclient *other_web = tc_new(NULL);
    const char *other_csrf = tc_login_form(other_web, "0913000201", "matkhau-em1");
    assert_non_null(other_csrf);
    snprintf(form, sizeof form, "csrf=%s", tc_escape(other_web, other_csrf));
    r = tc_post_form(other_web, path, form);
    assert_int_equal(r.status, 404);
    tc_resp_free(&r);
    tc_free(other_web);
    tc_free(browser);
    tc_free(web);
    free(code);
    tc_free(desk);
    tc_free(citizen);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vnpay_ipn_pays_once),
        cmocka_unit_test(test_counter_payment),
        cmocka_unit_test(test_nothing_to_pay),
        cmocka_unit_test(test_citizen_pays_own_dossier_only),
        cmocka_unit_test(test_new_reference_per_attempt),
        cmocka_unit_test(test_cancel_pending_request),
        cmocka_unit_test(test_citizen_payment_pages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
