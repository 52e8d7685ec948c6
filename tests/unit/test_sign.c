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
#include "pades.h"
#include "pdfdoc.h"
#include "sign_cms.h"
#include "sign_key.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/pem.h>

static char dir[512];
static char p12_spec[600];
static int have_certutil;
/* The signing time of the tests: an hour after the test PKI's certificates begin, so the
 * signatures fall inside their validity whenever the suite runs. */
static int64_t t_sign;

static int64_t cert_start(const char *path)
{
    FILE *f = fopen(path, "r");
    X509 *x = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
    struct tm tm = {0};
    int ok = x && ASN1_TIME_to_tm(X509_get0_notBefore(x), &tm);
    X509_free(x);
    if (f)
        fclose(f);
    return ok ? (int64_t)timegm(&tm) : 0;
}

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

/* fontconfig keeps its caches until exit by design (see test_render.c). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "%s", test_tmpdir("motcua-sign"));
    const char *src = test_env("MOTCUA_SOURCE_DIR", ".");
    if (run("%s/tests/support/sign-ca.sh %s softhsm", src, dir) != 0)
        return -1;
    snprintf(p12_spec, sizeof p12_spec, "pkcs12:%s/signer.p12", dir);
    char pem[600];
    snprintf(pem, sizeof pem, "%s/signer.pem", dir);
    t_sign = cert_start(pem) + 3600;
    char conf[600];
    snprintf(conf, sizeof conf, "%s/softhsm2.conf", dir);
    setenv("SOFTHSM2_CONF", conf, 1);
    /* pdfsig reads trust from an NSS database: one trusting the test root when NSS's
     * certutil is installed (libnss3-tools), else an empty one (the signer then shows as
     * not trusted, which pdfsig reports apart from the signature's validity) */
    have_certutil = run("command -v certutil >/dev/null 2>&1") == 0;
    if (run("mkdir -p %s/nss", dir) != 0 ||
        (have_certutil && run("certutil -N -d sql:%s/nss --empty-password && "
                              "certutil -A -d sql:%s/nss -n testroot -t CT,C,C -i %s/ca.pem",
                              dir, dir, dir) != 0))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (!getenv("MOTCUA_TEST_KEEP"))
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

/* ---- PAdES ---- */

static int draw_result(struct pdfdoc *d, const void *ctx)
{
    (void)ctx;
    struct pdf_header h = {.parent = "UBND huyện Giồng Riềng",
                           .issuer = "UBND xã Bàn Tân Định",
                           .number = "Số: 12/QĐ-UBND",
                           .place = "Bàn Tân Định",
                           .date = 1796688000};
    pdf_header(d, &h);
    pdf_title(d, "Quyết định");
    pdf_text(d, "Cấp giấy phép xây dựng cho ông Nguyễn Văn An.", PDF_INDENT);
    pdf_new_page(d);
    return pdf_text(d, "Trang hai.", 0);
}

/* A two-page result rendered by motcua's own PDF builder, into dir/name. */
static void render_result(const char *name, struct buf *pdf)
{
    struct doc_sink sink = {.buf = pdf};
    struct pdf_setup setup = {.page = PDF_A4, .title = "Quyết định", .created = 1796688000};
    struct err e = {0};
    assert_int_equal(pdf_render(&sink, &setup, draw_result, NULL, &e), 0);
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    write_file(path, pdf->data, pdf->len);
}

static struct sign_key *open_p12(const char *file)
{
    char spec[700];
    snprintf(spec, sizeof spec, "pkcs12:%s/%s", dir, file);
    struct sign_key_config c = {.spec = spec, .pin = "1234"};
    struct sign_key *k = NULL;
    struct err e = {0};
    assert_int_equal(sign_key_open(&c, &k, &e), 0);
    return k;
}

static void sign_pdf(struct sign_key *k, const struct buf *in, const char *field,
                     const char *out_name, struct buf *out)
{
    struct pades_request r = {.field_name = field,
                              .name = "Nguyễn Văn Lãnh Đạo",
                              .reason = "Phê duyệt kết quả",
                              .location = "Bàn Tân Định",
                              .signing_time = t_sign,
                              .page = 0,
                              .rect = {350, 100, 550, 180}};
    struct err e = {0};
    int rc = pades_sign(k, in->data, in->len, &r, out, &e);
    if (rc)
        print_error("pades_sign: %s\n", e.msg);
    assert_int_equal(rc, 0);
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, out_name);
    write_file(path, out->data, out->len);
}

/* pdfsig's report of path into dir/report.txt; returns its exit status. */
static int pdfsig(const char *name)
{
    if (!have_certutil)
        return run("pdfsig %s/%s > %s/report.txt 2>&1", dir, name, dir);
    return run("pdfsig -nssdir sql:%s/nss %s/%s > %s/report.txt 2>&1", dir, dir, name, dir);
}

static int report_has(const char *text)
{
    return run("grep -qF '%s' %s/report.txt", text, dir) == 0;
}

static int count_in_report(const char *text)
{
    char cmd[800];
    snprintf(cmd, sizeof cmd, "grep -cF '%s' %s/report.txt", text, dir);
    FILE *p = popen(cmd, "r");
    int n = 0;
    if (p) {
        if (fscanf(p, "%d", &n) != 1)
            n = 0;
        pclose(p);
    }
    return n;
}

/* openssl cms -verify over the byte range of the first signature of dir/name. */
static int openssl_verifies(const char *name)
{
    return run(
        "cd %s && python3 -c '"
        "import re,sys,binascii\n"
        "d=open(\"%s\",\"rb\").read()\n"
        "m=re.search(rb\"/ByteRange\\s*\\[\\s*(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*\\]\",d)\n"
        "a,b,c,n=map(int,m.groups())\n"
        "open(\"range.bin\",\"wb\").write(d[a:a+b]+d[c:c+n])\n"
        "h=d[a+b+1:c-1].rstrip(b\"0\")\n"
        "h=h+b\"0\"*(len(h)%%2)\n"
        "open(\"sig.der\",\"wb\").write(binascii.unhexlify(h))' && "
        "openssl cms -verify -binary -inform DER -in sig.der -content range.bin "
        "-CAfile ca.pem -purpose any -out /dev/null 2>/dev/null",
        dir, name);
}

static void test_pades_cairo_pdf(void **state)
{
    (void)state;
    struct buf pdf, signed_pdf;
    buf_init(&pdf, 8 << 20);
    buf_init(&signed_pdf, 8 << 20);
    render_result("result.pdf", &pdf);
    struct sign_key *k = open_p12("signer.p12");
    sign_pdf(k, &pdf, "ky-lanh-dao", "signed.pdf", &signed_pdf);
    assert_int_equal(pdfsig("signed.pdf"), 0);
    assert_true(report_has("Signature is Valid"));
    assert_true(report_has("Signer Certificate Common Name: Nguyễn Văn Lãnh Đạo"));
    assert_true(report_has("ETSI.CAdES.detached"));
    if (have_certutil)
        assert_true(report_has("Certificate is Trusted"));
    assert_true(report_has("Total document signed"));
    assert_int_equal(openssl_verifies("signed.pdf"), 0);
    assert_int_equal(run("pdfinfo %s/signed.pdf | grep -q 'Pages: *2'", dir), 0);

    /* a byte changed inside the signed range: pdfsig and openssl both report it */
    char *copy = malloc(signed_pdf.len);
    memcpy(copy, signed_pdf.data, signed_pdf.len);
    char *hit = memmem(copy, signed_pdf.len, "(cairo", 6);
    assert_non_null(hit);
    hit[1] = 'C';
    char path[700];
    snprintf(path, sizeof path, "%s/tampered.pdf", dir);
    write_file(path, copy, signed_pdf.len);
    free(copy);
    pdfsig("tampered.pdf");
    assert_false(report_has("Signature is Valid"));
    assert_true(report_has("Digest Mismatch"));
    assert_int_not_equal(openssl_verifies("tampered.pdf"), 0);

    /* signed again (the agency after the person): both signatures valid */
    struct buf twice;
    buf_init(&twice, 8 << 20);
    sign_pdf(k, &signed_pdf, "ky-co-quan", "twice.pdf", &twice);
    assert_int_equal(pdfsig("twice.pdf"), 0);
    assert_int_equal(count_in_report("Signature is Valid"), 2);
    assert_int_equal(count_in_report("ETSI.CAdES.detached"), 2);
    sign_key_close(k);
    buf_free(&twice);
    buf_free(&pdf);
    buf_free(&signed_pdf);
}

/* A hand-written PDF (fuzz corpus) with an inline AcroForm holding other keys and /Annots as
 * an array object of its own: the field joins /Fields, the widget the array object. */
static void test_pades_hand_written_pdf(void **state)
{
    (void)state;
    char path[700];
    snprintf(path, sizeof path, "%s/tests/fuzz/corpus/fuzz_pades/minimal.pdf",
             test_env("MOTCUA_SOURCE_DIR", "."));
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    struct buf pdf, out;
    buf_init(&pdf, 1 << 20);
    buf_init(&out, 1 << 20);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&pdf, chunk, n);
    fclose(f);
    struct sign_key *k = open_p12("signer.p12");
    sign_pdf(k, &pdf, "ky", "minimal-signed.pdf", &out);
    sign_key_close(k);
    assert_int_equal(pdfsig("minimal-signed.pdf"), 0);
    assert_true(report_has("Signature is Valid"));
    assert_true(report_has("Total document signed"));
    assert_non_null(memmem(out.data, out.len, "/DA (/Helv 0 Tf 0 g)", 20));
    assert_non_null(memmem(out.data, out.len, "4 0 obj\n[ 6 0 R]", 16));
    buf_free(&pdf);
    buf_free(&out);
}

/* ---- verification ---- */

static enum pades_status verdict_of(const struct buf *pdf, struct pades_verdict *v)
{
    char anchors[700];
    snprintf(anchors, sizeof anchors, "%s/anchors", dir);
    run("mkdir -p %s && cp %s/ca.pem %s/", anchors, dir, anchors);
    struct pades_trust t = {.anchors_dir = anchors, .now = t_sign};
    struct err e = {0};
    assert_int_equal(pades_verify(pdf->data, pdf->len, &t, v, &e), 0);
    return v->status;
}

static void test_verify_classifies(void **state)
{
    (void)state;
    struct buf pdf, good, rogue;
    buf_init(&pdf, 8 << 20);
    buf_init(&good, 8 << 20);
    buf_init(&rogue, 8 << 20);
    render_result("plain.pdf", &pdf);
    struct pades_verdict v;

    assert_int_equal(verdict_of(&pdf, &v), PADES_UNSIGNED);
    assert_int_equal(v.count, 0);

    struct sign_key *k = open_p12("signer.p12");
    sign_pdf(k, &pdf, "ky", "good.pdf", &good);
    sign_key_close(k);
    assert_int_equal(verdict_of(&good, &v), PADES_VALID);
    assert_int_equal(v.count, 1);
    assert_string_equal(v.sigs[0].signer, "Nguyễn Văn Lãnh Đạo");
    assert_string_equal(v.sigs[0].subfilter, "ETSI.CAdES.detached");
    assert_int_equal(v.sigs[0].signing_time, t_sign);

    /* tampered: one byte inside the signed range */
    struct buf bad;
    buf_init(&bad, 8 << 20);
    buf_append(&bad, good.data, good.len);
    char *hit = memmem(bad.data, bad.len, "(cairo", 6);
    assert_non_null(hit);
    hit[1] = 'C';
    assert_int_equal(verdict_of(&bad, &v), PADES_INVALID);
    assert_non_null(strstr(v.reason, "thay đổi"));

    /* appended to after signing */
    buf_reset(&bad);
    buf_append(&bad, good.data, good.len);
    buf_puts(&bad, "\n% added later\n");
    assert_int_equal(verdict_of(&bad, &v), PADES_INVALID);
    assert_non_null(strstr(v.reason, "sau chữ ký"));

    /* a signer chained to a root that is not an anchor */
    k = open_p12("rogue.p12");
    sign_pdf(k, &pdf, "ky", "rogue.pdf", &rogue);
    sign_key_close(k);
    assert_int_equal(verdict_of(&rogue, &v), PADES_UNKNOWN_SIGNER);
    assert_string_equal(v.sigs[0].signer, "Kẻ Giả Mạo");
    assert_non_null(strstr(v.reason, "tin cậy"));

    /* the garbage is refused, not crashed on */
    struct pades_trust t = {.anchors_dir = dir};
    struct err e = {0};
    assert_int_equal(pades_verify("hello", 5, &t, &v, &e), E_INVALID);
    buf_free(&bad);
    buf_free(&pdf);
    buf_free(&good);
    buf_free(&rogue);
}

static void test_pades_pkcs11(void **state)
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
    assert_int_equal(sign_key_open(&c, &k, &e), 0);
    struct buf pdf, out;
    buf_init(&pdf, 8 << 20);
    buf_init(&out, 8 << 20);
    render_result("hsm.pdf", &pdf);
    sign_pdf(k, &pdf, "ky-hsm", "hsm-signed.pdf", &out);
    sign_key_close(k);
    assert_int_equal(pdfsig("hsm-signed.pdf"), 0);
    assert_true(report_has("Signature is Valid"));
    assert_true(report_has("Signer Certificate Common Name: Nguyễn Văn Lãnh Đạo"));
    assert_true(report_has("ETSI.CAdES.detached"));
    assert_int_equal(openssl_verifies("hsm-signed.pdf"), 0);
    struct pades_verdict v;
    assert_int_equal(verdict_of(&out, &v), PADES_VALID);
    buf_free(&pdf);
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pkcs12_signs),
        cmocka_unit_test(test_pkcs12_wrong_password),
        cmocka_unit_test(test_bad_specs),
        cmocka_unit_test(test_pkcs11_signs),
        cmocka_unit_test(test_pades_cairo_pdf),
        cmocka_unit_test(test_pades_pkcs11),
        cmocka_unit_test(test_pades_hand_written_pdf),
        cmocka_unit_test(test_verify_classifies),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
