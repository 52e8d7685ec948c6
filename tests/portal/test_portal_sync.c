/* test_portal_sync.c — national portal synchronisation against the portal stand-in
 * (tests/standin/portal.py, built from the published shape, not the real portal) as a real
 * HTTP peer on loopback, on both databases (tests/portal/run.sh): a counter dossier's whole
 * life — accepted, supplemented, asked to pay and paid, resolved with a result file, returned,
 * rated — is mirrored on the stand-in with every status and date; the stand-in down for a
 * while loses nothing and gets the changes in order once back; dossiers pushed by the portal
 * twice and out of order are received once each and wait at the counter, and the counter's
 * acceptance goes back under the portal's code; reconciliation finds a difference planted on
 * the stand-in and a resend fixes it, from the API and from the operators' page. */
#include "tcheck.h"
#include "tclient.h"
#include "tdesk.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FEE_PROC    "2.000884" /* Chứng thực chữ ký: a fee per case */
#define PUSH_SECRET "portal-push-secret"
#define BOUNDARY    "----motcuaportal"

static struct tclient *standin(void)
{
    return tc_new(getenv("MOTCUA_STANDIN_URL"));
}

/* One round of the background jobs (the server runs none: MOTCUA_JOB_INTERVAL=0); env is
 * more configuration for that round ("" for none). */
static void run_jobs_with(const char *env)
{
    char out[2048];
    int rc = td_sh(out, sizeof out, "%s '%s' jobs run-once --db '%s' 2>&1", env,
                   getenv("MOTCUA_BIN"), getenv("MOTCUA_TEST_DB"));
    if (rc != 0)
        fail_msg("jobs run-once failed (%d): %s", rc, out);
}

static void run_jobs(void)
{
    run_jobs_with("");
}

static json_t *portal_state(void)
{
    struct tclient *p = standin();
    json_t *j = tc_get_json(p, "/_control/state");
    tc_free(p);
    return j;
}

static void control(const char *path, const char *body)
{
    struct tclient *p = standin();
    json_decref(td_post_expect(p, path, body, 200));
    tc_free(p);
}

/* The stand-in's record of code (borrowed from st). */
static json_t *record_of(json_t *st, const char *code)
{
    return json_object_get(json_object_get(st, "dossiers"), code);
}

static long long status_on_portal(json_t *st, const char *code)
{
    json_t *v = json_object_get(record_of(st, code), "TrangThaiHoSo");
    return json_is_integer(v)  ? (long long)json_integer_value(v)
           : json_is_string(v) ? atoll(json_string_value(v))
                               : -1;
}

/* Runs delivery rounds until the stand-in holds code with status want (at most a few). */
static json_t *until_status(const char *code, long long want)
{
    for (int i = 0; i < 8; i++) {
        run_jobs();
        json_t *st = portal_state();
        if (status_on_portal(st, code) == want)
            return st;
        json_decref(st);
        usleep(300 * 1000);
    }
    json_t *st = portal_state();
    fail_msg("%s: status %lld on the stand-in, want %lld", code, status_on_portal(st, code), want);
    return st;
}

/* The statuses of code's progress entries on the stand-in, in arrival order, as "2,5,4…". */
static const char *progress_of(json_t *st, const char *code)
{
    static char out[256];
    json_t *list = json_object_get(json_object_get(st, "progress"), code);
    out[0] = '\0';
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *v = json_object_get(json_array_get(list, i), "TrangThai");
        char one[16];
        snprintf(one, sizeof one, "%s%lld", i ? "," : "",
                 json_is_integer(v) ? (long long)json_integer_value(v)
                                    : atoll(json_string_value(v)));
        strncat(out, one, sizeof out - strlen(out) - 1);
    }
    return out;
}

static void expect_date(json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    if (!v || strlen(v) != 14)
        fail_msg("%s is '%s', want yyyyMMddHHmmss", key, v ? v : "(none)");
}

static int64_t version_of(struct tclient *c, const char *code)
{
    return td_version(c, code, NULL);
}

/* Advances as whoever holds the current step until the result is ready. */
static void resolve(struct tclient *desk, const char *code)
{
    struct tclient *spec = tc_as(TD_SPEC), *lead = tc_as(TD_LEAD);
    for (int i = 0; i < 6; i++) {
        json_t *d = tc_get_json(desk, td_path(code, ""));
        int ready = strcmp(tj_str(d, "state"), "result_ready") == 0;
        json_decref(d);
        if (ready)
            break;
        if (td_act_now(spec, desk, code, "advance", NULL) != 200)
            assert_int_equal(td_act_now(lead, desk, code, "advance", NULL), 200);
    }
    tc_free(spec);
    tc_free(lead);
}

static void upload_result(struct tclient *c, const char *code)
{
    struct tresp pdf = tc_get(c, td_path(code, "/forms/1"));
    tc_expect(&pdf, 200, NULL);
    const char *head = "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n"
                       "result\r\n--" BOUNDARY "\r\nContent-Disposition: form-data; "
                       "name=\"file\"; filename=\"Ban chung thuc.pdf\"\r\n"
                       "Content-Type: application/pdf\r\n\r\n";
    const char *tail = "\r\n--" BOUNDARY "--\r\n";
    size_t n = strlen(head) + pdf.len + strlen(tail);
    char *body = malloc(n);
    memcpy(body, head, strlen(head));
    memcpy(body + strlen(head), pdf.body, pdf.len);
    memcpy(body + strlen(head) + pdf.len, tail, strlen(tail));
    struct tresp r = tc_request(c, "POST", td_path(code, "/files"),
                                "multipart/form-data; boundary=" BOUNDARY, body, n, NULL);
    tc_expect(&r, 201, NULL);
    tc_resp_free(&r);
    tc_resp_free(&pdf);
    free(body);
}

static void rate_at_counter(const char *code)
{
    struct tclient *tablet = tc_new(NULL);
    const char *csrf = tc_login_form(tablet, TD_DESK);
    assert_non_null(csrf);
    char token[256], body[512], page[256];
    snprintf(token, sizeof token, "%s", csrf);
    snprintf(page, sizeof page, "/danh-gia/%s", code);
    snprintf(body, sizeof body, "csrf=%s&overall=satisfied&attitude=2&information=2",
             tc_escape(tablet, token));
    struct tresp r = tc_post_form(tablet, page, body);
    if (r.status != 200 && r.status != 303)
        fail_msg("rating at the counter: HTTP %ld", r.status);
    tc_resp_free(&r);
    tc_free(tablet);
}

static void test_whole_life_is_mirrored(void **state)
{
    (void)state;
    struct tclient *desk = tc_as(TD_DESK), *spec = tc_as(TD_SPEC);
    char *code = td_accept(desk, FEE_PROC, "Lê Thị Hoa", NULL);
    json_t *st = until_status(code, 4);
    json_t *rec = record_of(st, code);
    assert_string_equal(tj_str(rec, "MaTTHC"), FEE_PROC);
    assert_string_equal(tj_str(rec, "ChuHoSo"), "Lê Thị Hoa");
    expect_date(rec, "NgayTiepNhan");
    expect_date(rec, "NgayHenTra");
    assert_string_equal(progress_of(st, code), "2");
    json_decref(st);

    /* A supplement cycle: asked (5), handed in (4) with the appointment before and after. */
    assert_int_equal(td_act_now(spec, desk, code, "request_supplement",
                                ",\"items\":[\"Bản sao giấy tờ tùy thân\"],\"note\":\"Mờ\""),
                     200);
    json_decref(until_status(code, 5));
    assert_int_equal(td_act_now(desk, desk, code, "supplement_received", NULL), 200);
    st = until_status(code, 4);
    json_t *cycle = json_array_get(json_object_get(record_of(st, code), "DanhSachHoSoBoSung"), 0);
    assert_non_null(cycle);
    expect_date(cycle, "NgayBoSung");
    expect_date(cycle, "NgayTiepNhanBoSung");
    expect_date(cycle, "NgayHenTraTruoc");
    expect_date(cycle, "NgayHenTraMoi");
    json_decref(st);

    /* Fees: asked (6), paid at the counter (4), the line dated. */
    json_decref(td_post_expect(spec, td_path(code, "/payments"), "{}", 201));
    json_decref(until_status(code, 6));
    json_decref(td_post_expect(desk, td_path(code, "/payments/counter"),
                               "{\"receipt_no\":\"BL-77\"}", 200));
    st = until_status(code, 4);
    json_t *fee = json_array_get(json_object_get(record_of(st, code), "DanhSachLePhi"), 0);
    assert_non_null(fee);
    expect_date(fee, "NgayThanhToan");
    assert_true(json_integer_value(json_object_get(fee, "Gia")) > 0);
    json_decref(st);

    /* Resolved (9) with a result file and its link, returned (10), rated. */
    resolve(desk, code);
    upload_result(desk, code);
    st = until_status(code, 9);
    expect_date(record_of(st, code), "NgayKetThucXuLy");
    json_decref(st);
    assert_int_equal(td_act_now(desk, desk, code, "return", NULL), 200);
    st = until_status(code, 10);
    rec = record_of(st, code);
    expect_date(rec, "NgayTra");
    json_t *result = json_array_get(json_object_get(rec, "DanhSachGiayToKetQua"), 0);
    assert_non_null(result);
    assert_non_null(strstr(tj_str(result, "DuongDanTepTinKetQua"), "/files/"));
    json_decref(st);
    rate_at_counter(code);
    for (int i = 0; i < 4; i++)
        run_jobs();
    st = portal_state();
    json_t *rating = json_object_get(record_of(st, code), "DanhGiaHaiLong");
    assert_int_equal(json_integer_value(json_object_get(rating, "MucDoHaiLong")), 1);
    /* Every change in order: accepted, supplement, back, fees, paid, …, returned. */
    const char *p = progress_of(st, code);
    if (strncmp(p, "2,5,4,6,4", 9) != 0 || !strstr(p, ",9") || !strstr(p, ",10"))
        fail_msg("progress on the stand-in: %s", p);
    assert_int_equal(json_array_size(json_object_get(st, "order_violations")), 0);
    json_decref(st);
    (void)version_of;
    free(code);
    tc_free(spec);
    tc_free(desk);
}

static void test_portal_down_then_caught_up_in_order(void **state)
{
    (void)state;
    struct tclient *desk = tc_as(TD_DESK), *spec = tc_as(TD_SPEC);
    char *code = td_accept(desk, FEE_PROC, "Trần Văn Bình", NULL);
    json_decref(until_status(code, 4));
    control("/_control/fault", "{\"mode\":\"down\"}");
    assert_int_equal(td_act_now(spec, desk, code, "request_supplement",
                                ",\"items\":[\"Tờ khai\"],\"note\":\"Thiếu chữ ký\""),
                     200);
    assert_int_equal(td_act_now(desk, desk, code, "supplement_received", NULL), 200);
    run_jobs();
    run_jobs();
    json_t *st = portal_state();
    assert_string_equal(progress_of(st, code), "2");
    json_decref(st);
    /* Nothing lost: the messages wait in the outbox. */
    assert_true(td_db_int("SELECT COUNT(*) FROM exchange_out WHERE state = 'queued' AND "
                          "dossier_id = (SELECT id FROM dossiers WHERE code = $1)",
                          (const char *const[]){code, NULL}) >= 4);
    control("/_control/fault", "{\"mode\":\"none\"}");
    sleep(3); /* past the backoff (MOTCUA_EXCHANGE_BACKOFF_MAX=2) */
    st = until_status(code, 4);
    for (int i = 0; i < 3 && strcmp(progress_of(st, code), "2,5,4") != 0; i++) {
        json_decref(st);
        run_jobs();
        st = portal_state();
    }
    assert_string_equal(progress_of(st, code), "2,5,4");
    assert_int_equal(json_array_size(json_object_get(st, "order_violations")), 0);
    json_decref(st);
    free(code);
    tc_free(spec);
    tc_free(desk);
}

/* A dossier as the portal pushes it, with one PDF (a receipt of ours) in base64. */
static char *pushed(const char *portal_code, const char *name, const char *pdf_b64)
{
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:[{s:s, s:s, s:s, s:s}]}",
                          "MaHoSo", portal_code, "MaTTHC", TD_PROC, "ChuHoSo", name, "LoaiDoiTuong",
                          "1", "SoDinhDanh", "001090012345", "TaiKhoanDuocXacThucVoiVNeID", "1",
                          "NgayNopHoSo", "20261208080000", "HinhThucTra", "0", "TepDinhKem",
                          "TenTepDinhKem", "to-khai.pdf", "MaThanhPhanHoSo", TD_PROC ".TP1",
                          "LoaiTep", "application/pdf", "NoiDungBase64", pdf_b64);
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return s;
}

static long long push(const char *body, const char *secret)
{
    struct tclient *portal = tc_new(NULL);
    char auth[128];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", secret);
    tc_set_header(portal, auth);
    struct tresp r = tc_post_json(portal, "/api/v1/portal/dvcqg/dossiers", body);
    long long code = r.status == 200
                         ? (long long)json_integer_value(json_object_get(r.json, "error_code"))
                         : -100 - r.status;
    tc_resp_free(&r);
    tc_free(portal);
    return code;
}

static char *receipt_b64(struct tclient *desk)
{
    char *code = td_accept(desk, TD_PROC, "Người mẫu", NULL);
    struct tresp pdf = tc_get(desk, td_path(code, "/forms/1"));
    tc_expect(&pdf, 200, NULL);
    size_t n = sodium_base64_ENCODED_LEN(pdf.len, sodium_base64_VARIANT_ORIGINAL);
    char *out = malloc(n);
    sodium_bin2base64(out, n, (const unsigned char *)pdf.body, pdf.len,
                      sodium_base64_VARIANT_ORIGINAL);
    tc_resp_free(&pdf);
    free(code);
    return out;
}

static void test_inbound_duplicates_and_out_of_order(void **state)
{
    (void)state;
    struct tclient *desk = tc_as(TD_DESK);
    char *b64 = receipt_b64(desk);
    char *a = pushed("DVCQG-20261208-90001", "Phạm Văn Một", b64);
    char *b = pushed("DVCQG-20261208-90002", "Phạm Thị Hai", b64);
    assert_int_equal(push(a, "wrong"), -100 - 401);
    /* Out of order (the second first), then the first twice. */
    assert_int_equal(push(b, PUSH_SECRET), 0);
    assert_int_equal(push(a, PUSH_SECRET), 0);
    assert_int_equal(push(a, PUSH_SECRET), 1);
    assert_int_equal(
        push("{\"MaHoSo\":\"DVCQG-X\",\"MaTTHC\":\"9.999999\",\"ChuHoSo\":\"A\"}", PUSH_SECRET),
        -1);
    assert_int_equal(td_db_int("SELECT COUNT(*) FROM portal_dossiers WHERE portal_code LIKE "
                               "'DVCQG-20261208-9000%'",
                               NULL),
                     2);
    char ours[64];
    assert_int_equal(td_db_text("SELECT d.code FROM dossiers d JOIN portal_dossiers p ON "
                                "p.dossier_id = d.id WHERE p.portal_code = $1",
                                (const char *const[]){"DVCQG-20261208-90001", NULL}, ours,
                                sizeof ours),
                     0);
    /* At the counter like an online dossier, with its file. */
    json_t *d = tc_get_json(desk, td_path(ours, ""));
    assert_string_equal(tj_str(d, "state"), "submitted");
    assert_string_equal(tj_str(d, "channel"), "online");
    json_decref(d);
    assert_int_equal(td_db_int("SELECT COUNT(*) FROM dossier_files f JOIN dossiers d ON d.id = "
                               "f.dossier_id WHERE d.code = $1",
                               (const char *const[]){ours, NULL}),
                     1);
    /* The counter accepts: the portal hears it under its own code. */
    assert_int_equal(td_act_now(desk, desk, ours, "accept", NULL), 200);
    json_t *st = until_status("DVCQG-20261208-90001", 4);
    assert_string_equal(tj_str(record_of(st, "DVCQG-20261208-90001"), "SoBienNhan"), ours);
    assert_string_equal(progress_of(st, "DVCQG-20261208-90001"), "1,2");
    json_decref(st);
    free(a);
    free(b);
    free(b64);
    tc_free(desk);
}

/* Polled instead of pushed (a partner with a schedule): the dossiers the portal lists are
 * received once each, even when it lists them twice, and acknowledged so they leave its list;
 * the same round runs the daily reconciliation. */
static void test_poll_receives_once(void **state)
{
    (void)state;
    struct tclient *desk = tc_as(TD_DESK);
    char *b64 = receipt_b64(desk);
    json_t *j = json_pack("{s:s, s:[{s:s, s:s, s:s}]}", "ChuHoSo", "Hồ Văn Bốn", "files", "name",
                          "to-khai.pdf", "base64", b64, "component", TD_PROC ".TP1");
    char *body = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    struct tclient *p = standin();
    json_t *sub = td_post_expect(p, "/_control/submit", body, 200);
    char portal_code[64];
    snprintf(portal_code, sizeof portal_code, "%s", tj_str(sub, "MaHoSo"));
    json_decref(sub);
    free(body);
    tc_free(p);
    control("/_control/fault", "{\"mode\":\"duplicate\"}");
    run_jobs_with("MOTCUA_PARTNER_DVCQG_SCHEDULE=1");
    control("/_control/fault", "{\"mode\":\"none\"}");
    assert_int_equal(td_db_int("SELECT COUNT(*) FROM portal_dossiers WHERE portal_code = $1",
                               (const char *const[]){portal_code, NULL}),
                     1);
    json_t *st = portal_state();
    assert_int_equal(json_array_size(json_object_get(st, "queue")), 0);
    json_decref(st);
    /* The submission goes back (status 1) under the portal's code. */
    json_decref(until_status(portal_code, 1));
    free(b64);
    tc_free(desk);
}

static void test_reconciliation_finds_and_fixes(void **state)
{
    (void)state;
    struct tclient *desk = tc_as(TD_DESK), *admin = tc_as("admin", "quantri@2026");
    char *code = td_accept(desk, FEE_PROC, "Võ Thị Ba", NULL);
    json_decref(until_status(code, 4));
    json_t *clean = td_post_expect(admin, "/api/v1/portal/dvcqg/reconcile", NULL, 200);
    assert_int_equal(json_integer_value(json_object_get(clean, "unreachable")), 0);
    json_decref(clean);
    char plant[256];
    snprintf(plant, sizeof plant, "{\"MaHoSo\":\"%s\",\"set\":{\"TrangThaiHoSo\":2}}", code);
    control("/_control/plant", plant);
    json_t *res = td_post_expect(admin, "/api/v1/portal/dvcqg/reconcile", NULL, 200);
    assert_true(json_integer_value(json_object_get(res, "differences")) >= 1);
    json_decref(res);
    json_t *list = tc_get_json(admin, "/api/v1/portal/differences");
    json_t *mine = NULL;
    for (size_t i = 0; i < json_array_size(json_object_get(list, "differences")); i++) {
        json_t *d = json_array_get(json_object_get(list, "differences"), i);
        if (strcmp(tj_str(d, "code"), code) == 0)
            mine = d;
    }
    assert_non_null(mine);
    assert_string_equal(tj_str(mine, "kind"), "status");
    assert_string_equal(tj_str(mine, "ours"), "4");
    assert_string_equal(tj_str(mine, "theirs"), "2");
    char path[128];
    snprintf(path, sizeof path, "/api/v1/portal/differences/%lld/resend",
             (long long)json_integer_value(json_object_get(mine, "id")));
    json_decref(list);
    tc_post_expect(desk, path, "{}", 403, NULL);
    json_decref(td_post_expect(admin, path, NULL, 200));
    json_decref(until_status(code, 4));
    res = td_post_expect(admin, "/api/v1/portal/dvcqg/reconcile", NULL, 200);
    json_decref(res);
    list = tc_get_json(admin, "/api/v1/portal/differences");
    for (size_t i = 0; i < json_array_size(json_object_get(list, "differences")); i++)
        assert_string_not_equal(
            tj_str(json_array_get(json_object_get(list, "differences"), i), "code"), code);
    json_decref(list);
    struct tresp m = tc_get(admin, "/metrics");
    assert_non_null(strstr(m.body, "motcua_portal_differences "));
    tc_resp_free(&m);
    free(code);
    tc_free(admin);
    tc_free(desk);
}

/* The operators' page: the reconciliation button over a period typed dd/mm/yyyy, the
 * difference listed with its resend behind the confirmation step, both audited. */
static void test_reconciliation_from_the_operators_page(void **state)
{
    (void)state;
    struct tclient *desk = tc_as(TD_DESK);
    char csrf[128], body[512], path[128];
    struct tclient *admin = td_browser("admin", "quantri@2026", csrf, sizeof csrf);
    char *code = td_accept(desk, FEE_PROC, "Lê Văn Đối", NULL);
    json_decref(until_status(code, 4));
    char plant[256];
    snprintf(plant, sizeof plant, "{\"MaHoSo\":\"%s\",\"set\":{\"TrangThaiHoSo\":2}}", code);
    control("/_control/plant", plant);
    const char *runs = "SELECT COUNT(*) FROM audit_log WHERE action = 'exchange.portal_reconcile'";
    const char *resends = "SELECT COUNT(*) FROM audit_log WHERE action = 'exchange.portal_resend'";
    int64_t runs0 = td_db_int(runs, NULL), resends0 = td_db_int(resends, NULL);
    char *html = td_page(admin, "/desk/lien-thong/dvcqg");
    assert_non_null(strstr(html, "Đối soát với Cổng DVCQG"));
    free(html);
    char *loc = NULL;
    snprintf(body, sizeof body, "csrf=%s&from=31%%2F02%%2F2026&to=", csrf);
    assert_int_equal(td_form(admin, "/desk/lien-thong/dvcqg/doi-soat", body, &html, NULL), 422);
    assert_non_null(strstr(html, "Từ ngày"));
    free(html);
    snprintf(body, sizeof body, "csrf=%s&from=01%%2F01%%2F2020&to=31%%2F12%%2F2035", csrf);
    assert_int_equal(td_form(admin, "/desk/lien-thong/dvcqg/doi-soat", body, NULL, &loc), 303);
    assert_non_null(strstr(loc, "da-so="));
    html = td_page(admin, loc);
    free(loc);
    assert_non_null(strstr(html, "Đã đối soát"));
    assert_non_null(strstr(html, code));
    free(html);
    int64_t id = td_db_int("SELECT id FROM portal_differences WHERE code = $1",
                           (const char *const[]){code, NULL});
    assert_true(id > 0);
    snprintf(path, sizeof path, "/desk/lien-thong/khac-biet/%lld/gui-lai", (long long)id);
    snprintf(body, sizeof body, "csrf=%s", csrf);
    assert_int_equal(td_form(admin, path, body, &html, NULL), 200);
    assert_non_null(strstr(html, "Xác nhận: gửi lại"));
    free(html);
    snprintf(body, sizeof body, "csrf=%s&confirm=1", csrf);
    assert_int_equal(td_form(admin, path, body, NULL, &loc), 303);
    assert_non_null(strstr(loc, "/desk/lien-thong/dvcqg?xong="));
    free(loc);
    json_decref(until_status(code, 4));
    assert_int_equal(td_db_int(runs, NULL), runs0 + 1);
    assert_int_equal(td_db_int(resends, NULL), resends0 + 1);
    free(code);
    tc_free(admin);
    tc_free(desk);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whole_life_is_mirrored),
        cmocka_unit_test(test_portal_down_then_caught_up_in_order),
        cmocka_unit_test(test_inbound_duplicates_and_out_of_order),
        cmocka_unit_test(test_poll_receives_once),
        cmocka_unit_test(test_reconciliation_finds_and_fixes),
        cmocka_unit_test(test_reconciliation_from_the_operators_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
