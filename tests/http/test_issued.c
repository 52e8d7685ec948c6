/* test_issued.c — the registry of issued papers and their public verification (issue 18
 * items 6 and 7), on both databases: the receipt a counter prints carries, top left, the QR
 * code of Circular 01/2023 (decoded with zbarimg from a pdftoppm image: dossier code,
 * procedure code, the masked ID, the document's name and the verification link); printing it
 * again gives the same bytes and records nothing new; its SHA-256 is in the registry and in
 * the audit chain; anyone, signed in or not, finds it by the link, by an uploaded copy or by
 * its hash, and sees the unit and the time but no personal data; a byte changed is not
 * recognised; a second result replaces the first, which is still answered as replaced; bad
 * hashes are 422 and the page is rate limited like the public lookup. */
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
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BOUNDARY  "motcua-issued-5b2e"
#define APPLICANT "Trần Thị Kiểm"

static struct tclient *desk, *anon;
static char *code;

static int setup(void **state)
{
    (void)state;
    desk = tc_as(TD_DESK);
    anon = tc_new(NULL);
    return desk && anon ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tc_free(desk);
    tc_free(anon);
    free(code);
    return 0;
}

static void sha256_hex(const void *data, size_t len, char hex[65])
{
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, data, len);
    sodium_bin2hex(hex, 65, d, sizeof d);
}

/* The receipt of the suite's dossier as the counter prints it: its bytes in *out. */
static size_t receipt(char **out)
{
    struct tresp r = tc_get(desk, td_path(code, "/forms/receipt"));
    assert_int_equal(r.status, 200);
    assert_int_equal(memcmp(r.body, "%PDF", 4), 0);
    *out = malloc(r.len);
    memcpy(*out, r.body, r.len);
    size_t n = r.len;
    tc_resp_free(&r);
    return n;
}

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

/* Every QR code on page 1 of pdf, as zbarimg reads them from a 300 dpi image. */
static void qr_codes(const char *pdf, char *out, size_t len)
{
    const char *work = test_env("MOTCUA_TEST_WORK", "/tmp");
    int rc = td_sh(out, len,
                   "pdftoppm -r 300 -f 1 -l 1 -png '%s' '%s/page' && zbarimg -q --raw "
                   "'%s/page-1.png'",
                   pdf, work, work);
    assert_int_equal(rc, 0);
}

/* The token of the verification link in the QR text. */
static void token_of(const char *qr, char *token, size_t len)
{
    const char *at = strstr(qr, "/kiem-tra/");
    assert_non_null(at);
    at += strlen("/kiem-tra/");
    size_t n = strcspn(at, "\r\n ");
    assert_true(n > 10 && n < len);
    memcpy(token, at, n);
    token[n] = '\0';
}

static char token[64], sha[65];

static void test_receipt_carries_the_circular_qr_and_is_registered(void **state)
{
    (void)state;
    code = td_accept(desk, TD_PROC, APPLICANT, NULL);
    char *pdf = NULL;
    size_t len = receipt(&pdf);
    sha256_hex(pdf, len, sha);
    char path[512], qr[4096];
    snprintf(path, sizeof path, "%s/receipt.pdf", test_env("MOTCUA_TEST_WORK", "/tmp"));
    write_file(path, pdf, len);
    qr_codes(path, qr, sizeof qr);
    char want[256];
    snprintf(want, sizeof want, "Mã hồ sơ: %s\n", code);
    assert_non_null(strstr(qr, want));
    assert_non_null(strstr(qr, "Mã TTHC: " TD_PROC "\n"));
    assert_non_null(strstr(qr, "Số định danh: ********1234\n"));
    assert_null(strstr(qr, "079203001234"));
    assert_non_null(strstr(qr, "Tên giấy tờ: Giấy tiếp nhận hồ sơ và hẹn trả kết quả\n"));
    token_of(qr, token, sizeof token);

    /* In the registry and the audit chain, with the hash of these exact bytes. */
    const char *p[] = {code, sha, NULL};
    assert_int_equal(td_db_int("SELECT COUNT(*) FROM issued_docs WHERE dossier_code = $1 AND "
                               "sha256 = $2 AND kind = 'receipt' AND version = 1",
                               p),
                     1);
    char like[80];
    snprintf(like, sizeof like, "%%%s%%", sha);
    const char *q[] = {code, like, NULL};
    assert_int_equal(td_db_int("SELECT COUNT(*) FROM audit_log WHERE action = 'paper.issue' AND "
                               "object_id = $1 AND summary LIKE $2",
                               q),
                     1);

    /* A reprint is the same paper: same bytes, nothing new recorded. */
    char *again = NULL;
    size_t len2 = receipt(&again);
    assert_int_equal(len2, len);
    assert_memory_equal(again, pdf, len);
    const char *only[] = {code, NULL};
    assert_int_equal(td_db_int("SELECT COUNT(*) FROM issued_docs WHERE dossier_code = $1", only),
                     1);
    free(again);
    free(pdf);
}

static void test_anyone_verifies_by_link_and_hash(void **state)
{
    (void)state;
    char url[256];
    snprintf(url, sizeof url, "/api/v1/issued/%s", token);
    json_t *j = tc_get_json(anon, url);
    assert_string_equal(tj_str(j, "sha256"), sha);
    assert_string_equal(tj_str(j, "dossier_code"), code);
    assert_string_equal(tj_str(j, "procedure_code"), TD_PROC);
    assert_false(json_is_true(json_object_get(j, "replaced")));
    assert_int_equal(tj_int(j, "version"), 1);
    char *text = json_dumps(j, 0);
    assert_null(strstr(text, "Kiểm"));
    assert_null(strstr(text, "1234"));
    assert_null(strstr(text, "tiepnhan"));
    free(text);
    json_decref(j);

    snprintf(url, sizeof url, "/api/v1/issued?sha256=%s", sha);
    j = tc_get_json(anon, url);
    assert_string_equal(tj_str(j, "token"), token);
    json_decref(j);

    /* The page of the QR link: the paper, its unit, no name. */
    snprintf(url, sizeof url, "/kiem-tra/%s", token);
    struct tresp r = tc_get(anon, url);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"));
    assert_non_null(strstr(r.body, "phiên bản hiện hành"));
    assert_non_null(strstr(r.body, sha));
    assert_null(strstr(r.body, APPLICANT));
    tc_resp_free(&r);
}

static void test_bad_and_unknown_hashes(void **state)
{
    (void)state;
    tc_get_expect(anon, "/api/v1/issued?sha256=abc", 422);
    tc_get_expect(anon, "/api/v1/issued?sha256=", 422);
    char other[65];
    sha256_hex("not issued", 10, other);
    char url[256];
    snprintf(url, sizeof url, "/api/v1/issued?sha256=%s", other);
    tc_get_expect(anon, url, 404);
    tc_get_expect(anon, "/api/v1/issued/no-such-token", 404);
    tc_get_expect(anon, "/kiem-tra/no-such-token", 404);
    snprintf(url, sizeof url, "/kiem-tra?sha256=%s", other);
    tc_get_expect(anon, url, 404);
    tc_get_expect(anon, "/kiem-tra?sha256=zz", 422);
    /* Upper case and spaces around a pasted hash are fine. */
    char upper[80];
    snprintf(upper, sizeof upper, "%%20");
    for (int i = 0; i < 64; i++)
        upper[3 + i] = (char)(sha[i] >= 'a' ? sha[i] - 32 : sha[i]);
    upper[67] = '\0';
    snprintf(url, sizeof url, "/kiem-tra?sha256=%s", upper);
    tc_get_expect(anon, url, 200);
}

/* The upload form of /kiem-tra: the CSRF cookie and token first, as a browser gets them. */
static struct tresp post_file(struct tclient *c, const void *data, size_t len)
{
    struct tresp page = tc_get(c, "/kiem-tra");
    const char *csrf = tc_input_value(page.body, "csrf");
    assert_non_null(csrf);
    char head[512];
    snprintf(head, sizeof head,
             "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
             "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; "
             "filename=\"giay.pdf\"\r\nContent-Type: application/pdf\r\n\r\n",
             csrf);
    tc_resp_free(&page);
    const char *tail = "\r\n--" BOUNDARY "--\r\n";
    size_t n = strlen(head) + len + strlen(tail);
    char *body = malloc(n);
    memcpy(body, head, strlen(head));
    memcpy(body + strlen(head), data, len);
    memcpy(body + strlen(head) + len, tail, strlen(tail));
    struct tresp r = tc_request(c, "POST", "/kiem-tra", "multipart/form-data; boundary=" BOUNDARY,
                                body, n, NULL);
    free(body);
    return r;
}

static void test_uploaded_copy_is_recognised_and_a_changed_byte_is_not(void **state)
{
    (void)state;
    char *pdf = NULL;
    size_t len = receipt(&pdf);
    struct tresp r = post_file(anon, pdf, len);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "trùng khớp"));
    tc_resp_free(&r);
    pdf[len / 2] ^= 1;
    r = post_file(anon, pdf, len);
    assert_int_equal(r.status, 404);
    assert_non_null(strstr(r.body, "không phải giấy tờ do hệ thống cấp"));
    tc_resp_free(&r);
    free(pdf);
}

/* POSTs a result PDF to the dossier. */
static void upload_result(const char *pdf)
{
    char head[512];
    snprintf(head, sizeof head,
             "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nresult\r\n"
             "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; "
             "filename=\"ket-qua.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%s\r\n--" BOUNDARY
             "--\r\n",
             pdf);
    struct tresp r =
        tc_request(desk, "POST", td_path(code, "/files"), "multipart/form-data; boundary=" BOUNDARY,
                   head, strlen(head), NULL);
    if (r.status != 201)
        fprintf(stderr, "upload: %ld %s\n", r.status, r.body);
    assert_int_equal(r.status, 201);
    tc_resp_free(&r);
}

static void test_a_new_result_replaces_the_old_one(void **state)
{
    (void)state;
    static const char first[] = TF_PDF("issued result 1"), second[] = TF_PDF("issued result 2");
    upload_result(first);
    upload_result(second);
    char sha1[65], sha2[65], url[256];
    sha256_hex(first, strlen(first), sha1);
    sha256_hex(second, strlen(second), sha2);
    snprintf(url, sizeof url, "/api/v1/issued?sha256=%s", sha1);
    json_t *old = tc_get_json(anon, url);
    assert_true(json_is_true(json_object_get(old, "replaced")));
    assert_int_equal(tj_int(old, "version"), 1);
    json_t *by = json_object_get(old, "replaced_by");
    assert_int_equal(tj_int(by, "version"), 2);
    assert_string_equal(tj_str(by, "sha256"), sha2);
    snprintf(url, sizeof url, "/kiem-tra?sha256=%s", sha1);
    struct tresp r = tc_get(anon, url);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "đã được thay thế"));
    char link[128];
    snprintf(link, sizeof link, "/kiem-tra/%s", tj_str(by, "token"));
    assert_non_null(strstr(r.body, link));
    tc_resp_free(&r);
    json_decref(old);
    snprintf(url, sizeof url, "/api/v1/issued?sha256=%s", sha2);
    json_t *cur = tc_get_json(anon, url);
    assert_false(json_is_true(json_object_get(cur, "replaced")));
    json_decref(cur);
}

static void test_verification_is_rate_limited(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    tc_set_source(c, "127.0.0.7");
    long last = 0;
    for (int i = 0; i < 60 && last != 429; i++) {
        struct tresp r = tc_get(c, "/api/v1/issued/no-such-token");
        last = r.status;
        tc_resp_free(&r);
    }
    assert_int_equal(last, 429);
    struct tresp r = tc_get(c, "/kiem-tra/no-such-token");
    assert_int_equal(r.status, 429);
    tc_resp_free(&r);
    tc_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_receipt_carries_the_circular_qr_and_is_registered),
        cmocka_unit_test(test_anyone_verifies_by_link_and_hash),
        cmocka_unit_test(test_bad_and_unknown_hashes),
        cmocka_unit_test(test_uploaded_copy_is_recognised_and_a_changed_byte_is_not),
        cmocka_unit_test(test_a_new_result_replaces_the_old_one),
        cmocka_unit_test(test_verification_is_rate_limited),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
