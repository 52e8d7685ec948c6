/* test_sign.c — the signing key and the CMS signature, checked by OpenSSL's own command line:
 * a throwaway PKI (tests/support/sign-ca.sh) gives a PKCS#12 file and a SoftHSM2 token with
 * the same key; each signs bytes, and `openssl cms -verify` checks the detached signature
 * against the test root, `openssl cms -cmsout -print` shows the CAdES attributes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "buf.h"
#include "sign_cms.h"
#include "sign_key.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char dir[512];
static char p12_spec[600];

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    return system(cmd);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "%s", test_tmpdir("motcua-sign"));
    const char *src = test_env("MOTCUA_SOURCE_DIR", ".");
    if (run("%s/tests/support/sign-ca.sh %s softhsm", src, dir) != 0)
        return -1;
    snprintf(p12_spec, sizeof p12_spec, "pkcs12:%s/signer.p12", dir);
    char conf[600];
    snprintf(conf, sizeof conf, "%s/softhsm2.conf", dir);
    setenv("SOFTHSM2_CONF", conf, 1);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    run("rm -rf %s", dir);
    return 0;
}

static const char content[] = "Quyết định cấp giấy phép xây dựng số 12/QĐ-UBND";

/* Signs content with k and checks the result with openssl cms: verified against the test
 * root, no signing-time, a signing-certificate-v2. */
static void sign_and_verify(struct sign_key *k, const char *tag)
{
    struct buf der;
    buf_init(&der, 64 * 1024);
    struct err e = {0};
    assert_int_equal(sign_cms_bytes(k, content, strlen(content), NULL, &der, &e), 0);
    char path[700], data[700];
    snprintf(path, sizeof path, "%s/%s.p7s", dir, tag);
    snprintf(data, sizeof data, "%s/content.txt", dir);
    write_file(path, der.data, der.len);
    write_file(data, content, strlen(content));
    assert_int_equal(run("openssl cms -verify -binary -inform DER -in %s -content %s "
                         "-CAfile %s/ca.pem -out /dev/null 2>/dev/null",
                         path, data, dir),
                     0);
    assert_int_equal(run("openssl cms -cmsout -print -inform DER -in %s "
                         "| grep -q signingCertificateV2",
                         path),
                     0);
    assert_int_not_equal(run("openssl cms -cmsout -print -inform DER -in %s "
                             "| grep -q signingTime",
                             path),
                         0);
    /* a changed byte no longer verifies */
    write_file(data, "quyết định", strlen("quyết định"));
    assert_int_not_equal(run("openssl cms -verify -binary -inform DER -in %s -content %s "
                             "-CAfile %s/ca.pem -out /dev/null 2>/dev/null",
                             path, data, dir),
                         0);
    buf_free(&der);
}

static void test_pkcs12_signs(void **state)
{
    (void)state;
    struct sign_key_config c = {.spec = p12_spec, .pin = "1234"};
    struct sign_key *k = NULL;
    struct err e = {0};
    assert_int_equal(sign_key_open(&c, &k, &e), 0);
    char cn[128];
    sign_key_common_name(k, cn, sizeof cn);
    assert_string_equal(cn, "Nguyễn Văn Lãnh Đạo");
    assert_int_equal(sk_X509_num(sign_key_chain(k)), 1);
    sign_and_verify(k, "p12");
    sign_key_close(k);
}

static void test_pkcs12_wrong_password(void **state)
{
    (void)state;
    struct sign_key_config c = {.spec = p12_spec, .pin = "0000"};
    struct sign_key *k = NULL;
    struct err e = {0};
    assert_int_equal(sign_key_open(&c, &k, &e), E_UNAUTH);
    assert_null(k);
    assert_null(strstr(e.msg, "0000"));
}

static void test_bad_specs(void **state)
{
    (void)state;
    struct sign_key *k = NULL;
    struct err e = {0};
    struct sign_key_config c = {.spec = "file:/etc/passwd"};
    assert_int_equal(sign_key_open(&c, &k, &e), E_INVALID);
    c.spec = "pkcs12:/nonexistent/x.p12";
    assert_int_equal(sign_key_open(&c, &k, &e), E_NOTFOUND);
    c.spec = "pkcs12:/etc/hostname";
    assert_int_equal(sign_key_open(&c, &k, &e), E_INVALID);
    assert_null(k);
}

static void test_pkcs11_signs(void **state)
{
    (void)state;
    struct sign_key_config c = {.spec = "pkcs11:token=motcua;object=leader",
                                .pin = "1234",
                                .pkcs11_module = "/usr/lib/softhsm/libsofthsm2.so"};
    char chain[600];
    snprintf(chain, sizeof chain, "%s/ca.pem", dir);
    c.chain_file = chain;
    struct sign_key *k = NULL;
    struct err e = {0};
    /* a wrong PIN first: once the engine has logged in to the token, the process stays so */
    c.pin = "9999";
    assert_int_equal(sign_key_open(&c, &k, &e), E_UNAUTH);
    assert_null(strstr(e.msg, "9999"));
    c.pin = "1234";
    assert_int_equal(sign_key_open(&c, &k, &e), 0);
    char cn[128];
    sign_key_common_name(k, cn, sizeof cn);
    assert_string_equal(cn, "Nguyễn Văn Lãnh Đạo");
    sign_and_verify(k, "p11");
    sign_key_close(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pkcs12_signs),
        cmocka_unit_test(test_pkcs12_wrong_password),
        cmocka_unit_test(test_bad_specs),
        cmocka_unit_test(test_pkcs11_signs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
