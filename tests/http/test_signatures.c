/* test_signatures.c — uploaded PDFs classified by their digital signatures, over the API, on
 * both databases (issue 18 item 5, docs/signatures.md). The suite makes a throwaway PKI
 * (tests/support/sign-ca.sh) and puts its root in the server's anchors directory
 * (MOTCUA_SIGN_ANCHORS, test_signatures.env); the server's own receipt of a dossier is signed
 * in the test with the sign/ layer, and uploaded as it is (valid), unsigned, with a byte
 * changed after signing (invalid, with the reason), and signed by a signer of an unrelated
 * root (unknown signer). The file list of the dossier and its page show each outcome, the audit
 * entry of the upload carries it, and the database holds no key or PIN. */
#include "pades.h"
#include "sign_key.h"
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

#include <openssl/x509.h>

#define BOUNDARY "motcua-test-5a9e01"

static struct tclient *desk;
static char pki[600];

static int setup(void **state)
{
    (void)state;
    const char *work = test_env("MOTCUA_TEST_WORK", "/tmp");
    const char *support = test_env("MOTCUA_TEST_SUPPORT", "tests/support");
    snprintf(pki, sizeof pki, "%s/pki", work);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s/sign-ca.sh %s && mkdir -p %s/anchors && cp %s/ca.pem %s/anchors/",
             support, pki, work, pki, work);
    if (system(cmd) != 0)
        return -1;
    desk = tc_as("tiepnhan.xa", "tiepnhan@2026");
    return desk ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    if (desk)
        tc_free(desk);
    return 0;
}

static void receipt(const char *code, struct buf *out)
{
    struct tresp r = tc_get(desk, td_path(code, "/forms/1"));
    assert_int_equal(r.status, 200);
    buf_append(out, r.body, r.len);
    tc_resp_free(&r);
}

static void sign_with(const char *p12, const struct buf *in, struct buf *out)
{
    char spec[700];
    snprintf(spec, sizeof spec, "pkcs12:%s/%s", pki, p12);
    struct sign_key_config c = {.spec = spec, .pin = "1234"};
    struct sign_key *k = NULL;
    struct err e = {0};
    assert_int_equal(sign_key_open(&c, &k, &e), 0);
    /* an hour after the certificates begin: inside their validity whenever the suite runs */
    struct tm tm = {0};
    ASN1_TIME_to_tm(X509_get0_notBefore(sign_key_cert(k)), &tm);
    struct pades_request r = {.field_name = "ky",
                              .reason = "Bản sao điện tử",
                              .signing_time = (int64_t)timegm(&tm) + 3600,
                              .rect = {0, 0, 0, 0}};
    assert_int_equal(pades_sign(k, in->data, in->len, &r, out, &e), 0);
    sign_key_close(k);
}

static void add(struct buf *b, const char *s)
{
    buf_puts(b, s);
}

/* Uploads pdf as component 0 of the dossier and returns the file's JSON "signature". */
static json_t *upload_signature(const char *code, const char *name, const struct buf *pdf)
{
    struct buf body;
    buf_init(&body, 8 << 20);
    add(&body, "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ncomponent"
               "\r\n--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"component\"\r\n\r\n"
               "0\r\n--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"");
    add(&body, name);
    add(&body, "\"\r\nContent-Type: application/pdf\r\n\r\n");
    buf_append(&body, pdf->data, pdf->len);
    add(&body, "\r\n--" BOUNDARY "--\r\n");
    struct tresp r =
        tc_request(desk, "POST", td_path(code, "/files"), "multipart/form-data; boundary=" BOUNDARY,
                   body.data, body.len, NULL);
    buf_free(&body);
    assert_int_equal(r.status, 201);
    json_t *sig = json_incref(json_object_get(r.json, "signature"));
    tc_resp_free(&r);
    assert_non_null(sig);
    return sig;
}

static const char *status_of(json_t *sig)
{
    return json_string_value(json_object_get(sig, "status"));
}

static void test_uploads_are_classified(void **state)
{
    (void)state;
    char *code = td_accept(desk, TD_PROC, "Trần Thị Bình", NULL);
    struct buf plain, good, bad, rogue;
    buf_init(&plain, 8 << 20);
    buf_init(&good, 8 << 20);
    buf_init(&bad, 8 << 20);
    buf_init(&rogue, 8 << 20);
    receipt(code, &plain);
    sign_with("signer.p12", &plain, &good);
    sign_with("rogue.p12", &plain, &rogue);
    buf_append(&bad, good.data, good.len);
    bad.data[100] ^= 0x01; /* inside the first signed range */

    json_t *s = upload_signature(code, "khong-ky.pdf", &plain);
    assert_string_equal(status_of(s), "unsigned");
    assert_string_equal(json_string_value(json_object_get(s, "label")), "Không có chữ ký số");
    json_decref(s);

    s = upload_signature(code, "da-ky.pdf", &good);
    assert_string_equal(status_of(s), "valid");
    assert_string_equal(json_string_value(json_object_get(s, "signer")), "Nguyễn Văn Lãnh Đạo");
    assert_true(json_integer_value(json_object_get(s, "signing_time")) > 0);
    json_decref(s);

    s = upload_signature(code, "bi-sua.pdf", &bad);
    assert_string_equal(status_of(s), "invalid");
    assert_non_null(strstr(json_string_value(json_object_get(s, "reason")), "thay đổi"));
    json_decref(s);

    s = upload_signature(code, "la.pdf", &rogue);
    assert_string_equal(status_of(s), "unknown_signer");
    assert_string_equal(json_string_value(json_object_get(s, "signer")), "Kẻ Giả Mạo");
    json_decref(s);

    /* the dossier's list shows them, and the audit entry of each upload carries the outcome */
    struct tresp r = tc_get(desk, td_path(code, "/files"));
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "\"unknown_signer\""));
    tc_resp_free(&r);
    char page[256];
    snprintf(page, sizeof page, "/desk/ho-so/%s", code);
    r = tc_get(desk, page);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "Chữ ký số: Hợp lệ"));
    assert_non_null(strstr(r.body, "Chữ ký số: Không hợp lệ"));
    assert_non_null(strstr(r.body, "Chữ ký số: Không rõ người ký"));
    assert_non_null(strstr(r.body, "Chữ ký số: Không có chữ ký số"));
    tc_resp_free(&r);
    const char *params[] = {code, NULL};
    assert_int_equal(td_db_int("SELECT COUNT(*) FROM audit_log WHERE object_id = $1 AND "
                               "action = 'dossier.file_upload' AND summary LIKE '%signature%'",
                               params),
                     4);
    /* nothing of a key or PIN in the database */
    assert_int_equal(td_db_int("SELECT COUNT(*) FROM files WHERE sig_signer LIKE '%1234%' OR "
                               "sig_reason LIKE '%1234%'",
                               NULL),
                     0);
    buf_free(&plain);
    buf_free(&good);
    buf_free(&bad);
    buf_free(&rogue);
    free(code);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uploads_are_classified),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
