/* pades_verify.c — what a received PDF's signatures are worth. Signatures are found by their
 * /ByteRange arrays in the file's bytes rather than through the cross-reference: a signature
 * dictionary can never sit in a compressed object stream (its offsets must be real), so this
 * reads files with xref streams too, and anything that looks like a byte range but is not a
 * consistent one is judged invalid, never skipped. Each signature is checked in the order a
 * person would ask: is the file as signed (the range is everything but the hex string, the
 * CMS digest and signature verify) — else invalid; was the certificate valid when it was
 * signed and does its chain reach a configured anchor — else invalid or unknown signer. The
 * newest signature must reach the end of the file, or the file was changed after signing. */
#include "pades.h"

#include "pdf_lex.h"

#include <dirent.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
    PADES_MAX_ANCHORS = 256,
    PADES_ANCHOR_MAX_BYTES = 64 * 1024,
    PADES_DICT_LOOKBACK = 256 * 1024, /* from /ByteRange back to its "obj" */
};

const char *pades_status_label(enum pades_status s)
{
    switch (s) {
    case PADES_VALID:
        return "Hợp lệ";
    case PADES_INVALID:
        return "Không hợp lệ";
    case PADES_UNKNOWN_SIGNER:
        return "Không rõ người ký";
    default:
        return "Không có chữ ký số";
    }
}

const char *pades_status_name(enum pades_status s)
{
    switch (s) {
    case PADES_VALID:
        return "valid";
    case PADES_INVALID:
        return "invalid";
    case PADES_UNKNOWN_SIGNER:
        return "unknown_signer";
    default:
        return "unsigned";
    }
}

static X509 *read_cert_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    X509 *x = PEM_read_X509(f, NULL, NULL, NULL);
    if (!x) {
        rewind(f);
        x = d2i_X509_fp(f, NULL);
    }
    fclose(f);
    return x;
}

/* The anchors: every certificate file in the directory (PEM or DER). */
static X509_STORE *load_anchors(const char *dirpath)
{
    X509_STORE *store = X509_STORE_new();
    DIR *d = dirpath && *dirpath ? opendir(dirpath) : NULL;
    if (!store || !d)
        return store;
    struct dirent *de;
    int n = 0;
    while ((de = readdir(d)) != NULL && n < PADES_MAX_ANCHORS) {
        if (de->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dirpath, de->d_name);
        X509 *x = read_cert_file(path);
        if (x) {
            X509_STORE_add_cert(store, x);
            X509_free(x);
            n++;
        }
    }
    closedir(d);
    ERR_clear_error();
    return store;
}

static int parse_digits(const char *p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return 0;
        v = v * 10 + (p[i] - '0');
    }
    *out = v;
    return 1;
}

/* A PDF date "(D:YYYYMMDDHHmmSS+HH'mm')" as Unix seconds; 0 when it is not one. */
static int64_t parse_pdf_date(const char *p, size_t n)
{
    if (n < 17 || p[0] != '(' || p[1] != 'D' || p[2] != ':')
        return 0;
    int y, mo, d, h, mi, s, oh = 0, om = 0;
    const char *q = p + 3;
    if (!parse_digits(q, 4, &y) || !parse_digits(q + 4, 2, &mo) || !parse_digits(q + 6, 2, &d) ||
        !parse_digits(q + 8, 2, &h) || !parse_digits(q + 10, 2, &mi) ||
        !parse_digits(q + 12, 2, &s))
        return 0;
    int sign = 0;
    if (n >= 21 && (q[14] == '+' || q[14] == '-')) {
        sign = q[14] == '+' ? 1 : -1;
        parse_digits(q + 15, 2, &oh);
        if (n >= 24 && q[17] == '\'')
            parse_digits(q + 18, 2, &om);
    }
    struct tm tm = {.tm_year = y - 1900,
                    .tm_mon = mo - 1,
                    .tm_mday = d,
                    .tm_hour = h,
                    .tm_min = mi,
                    .tm_sec = s};
    return (int64_t)timegm(&tm) - sign * (oh * 3600 + om * 60);
}

/* The signature dictionary around the /ByteRange at `at`: /SubFilter and /M. */
static void read_sig_dict(const struct pdf_file *f, size_t at, struct pades_signature *sig)
{
    size_t from = at > PADES_DICT_LOOKBACK ? at - PADES_DICT_LOOKBACK : 0;
    for (size_t i = at; i-- > from + 3;) {
        if (memcmp(f->data + i - 3, "obj", 3) != 0 ||
            (i < f->len && f->data[i] != '\n' && f->data[i] != ' ' && f->data[i] != '\r' &&
             f->data[i] != '<'))
            continue;
        size_t p = i;
        struct pdf_span d, v;
        if (pdf_value(f, &p, &d) || p < at)
            return;
        if (pdf_dict_get(f, d, "SubFilter", &v) && v.len > 1 && v.len < sizeof sig->subfilter)
            snprintf(sig->subfilter, sizeof sig->subfilter, "%.*s", (int)v.len - 1,
                     f->data + v.off + 1);
        if (pdf_dict_get(f, d, "M", &v))
            sig->signing_time = parse_pdf_date(f->data + v.off, v.len);
        return;
    }
}

static int invalid(struct pades_signature *s, const char *why)
{
    s->status = PADES_INVALID;
    snprintf(s->reason, sizeof s->reason, "%s", why);
    return 0;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* "[a b c d]" at `at`: four non-negative integers. */
static int read_range(const struct pdf_file *f, size_t at, long r[4])
{
    struct pdf_span arr, item;
    if (pdf_value(f, &at, &arr) || f->data[arr.off] != '[')
        return 0;
    struct pdf_file sub = *f;
    sub.len = arr.off + arr.len - 1;
    size_t p = arr.off + 1;
    for (int i = 0; i < 4; i++)
        if (pdf_value(&sub, &p, &item) || !pdf_as_long(f, item, &r[i]) || r[i] < 0)
            return 0;
    return !pdf_skip_ws(&sub, &p);
}

static void signer_name(X509 *x, char *out, size_t size)
{
    X509_NAME *name = X509_get_subject_name(x);
    int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    unsigned char *utf8 = NULL;
    int n =
        i < 0 ? -1
              : ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i)));
    if (n >= 0)
        snprintf(out, size, "%.*s", n, (const char *)utf8);
    OPENSSL_free(utf8);
}

static void check_chain(X509_STORE *store, CMS_ContentInfo *cms, X509 *signer,
                        struct pades_signature *s, int64_t at_time)
{
    STACK_OF(X509) *certs = CMS_get1_certs(cms);
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    if (!ctx || !X509_STORE_CTX_init(ctx, store, signer, certs)) {
        invalid(s, "Không kiểm tra được chuỗi chứng thư");
    } else {
        X509_STORE_CTX_set_time(ctx, 0, (time_t)at_time);
        if (X509_verify_cert(ctx) == 1) {
            s->status = PADES_VALID;
        } else {
            int err = X509_STORE_CTX_get_error(ctx);
            if (err == X509_V_ERR_CERT_HAS_EXPIRED || err == X509_V_ERR_CERT_NOT_YET_VALID)
                invalid(s, "Chứng thư số của người ký không còn hiệu lực vào thời điểm ký");
            else if (err == X509_V_ERR_CERT_REVOKED)
                invalid(s, "Chứng thư số của người ký đã bị thu hồi");
            else if (err == X509_V_ERR_CERT_SIGNATURE_FAILURE)
                invalid(s, "Chữ ký trên chứng thư số của người ký không đúng");
            else {
                s->status = PADES_UNKNOWN_SIGNER;
                snprintf(s->reason, sizeof s->reason, "%s",
                         "Chứng thư số của người ký không do tổ chức chứng thực tin cậy cấp");
            }
        }
    }
    X509_STORE_CTX_free(ctx);
    sk_X509_pop_free(certs, X509_free);
}

static int check_signature(const struct pdf_file *f, size_t at, X509_STORE *store, int64_t now,
                           struct pades_signature *s)
{
    long r[4];
    read_sig_dict(f, at, s);
    if (!read_range(f, at, r))
        return invalid(s, "Vùng ký (/ByteRange) không đọc được");
    size_t gap_start = (size_t)r[1], gap_end = (size_t)r[2];
    if (r[0] != 0 || gap_end <= gap_start + 1 || gap_end > f->len ||
        (size_t)r[3] > f->len - gap_end || f->data[gap_start] != '<' || f->data[gap_end - 1] != '>')
        return invalid(s, "Vùng ký (/ByteRange) không khớp với cấu trúc tệp");
    s->covers_file = gap_end + (size_t)r[3] == f->len;
    size_t hexlen = gap_end - gap_start - 2;
    unsigned char *der = malloc(hexlen / 2 + 1);
    if (!der)
        return invalid(s, "Không đủ bộ nhớ để kiểm tra chữ ký");
    size_t n = 0;
    for (size_t i = 0; i + 1 < hexlen + 1; i += 2) {
        int hi = hexval(f->data[gap_start + 1 + i]);
        int lo = i + 1 < hexlen ? hexval(f->data[gap_start + 2 + i]) : 0;
        if (hi < 0 || lo < 0) {
            free(der);
            return invalid(s, "Nội dung chữ ký (/Contents) không phải chuỗi hex");
        }
        der[n++] = (unsigned char)(hi << 4 | lo);
    }
    const unsigned char *p = der;
    CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)n);
    free(der);
    if (!cms || OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
        CMS_ContentInfo_free(cms);
        return invalid(s, "Nội dung chữ ký không phải cấu trúc CMS hợp lệ");
    }
    BIO *content = BIO_new(BIO_s_mem());
    BIO_write(content, f->data, (int)gap_start);
    BIO_write(content, f->data + gap_end, (int)r[3]);
    int ok = CMS_verify(cms, NULL, NULL, content, NULL,
                        CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY | CMS_NOCRL);
    BIO_free(content);
    STACK_OF(X509) *signers = ok ? CMS_get0_signers(cms) : NULL;
    if (!ok || sk_X509_num(signers) != 1) {
        invalid(s, "Nội dung tệp đã bị thay đổi sau khi ký (chữ ký không khớp)");
    } else {
        X509 *signer = sk_X509_value(signers, 0);
        signer_name(signer, s->signer, sizeof s->signer);
        check_chain(store, cms, signer, s, s->signing_time ? s->signing_time : now);
    }
    sk_X509_free(signers);
    CMS_ContentInfo_free(cms);
    ERR_clear_error();
    return 0;
}

static int severity(enum pades_status s)
{
    return s == PADES_INVALID ? 3 : s == PADES_UNKNOWN_SIGNER ? 2 : s == PADES_VALID ? 1 : 0;
}

int pades_verify(const void *pdf, size_t len, const struct pades_trust *t, struct pades_verdict *v,
                 struct err *e)
{
    memset(v, 0, sizeof *v);
    if (len > PADES_MAX_PDF)
        return err_set(e, E_TOOLARGE, "file", "Tệp PDF quá lớn để kiểm tra chữ ký");
    if (len < 5 || memcmp(pdf, "%PDF-", 5) != 0)
        return err_set(e, E_INVALID, "file", "Tệp không phải PDF");
    struct pdf_file f = {.data = pdf, .len = len};
    X509_STORE *store = load_anchors(t ? t->anchors_dir : NULL);
    if (!store)
        return err_set(e, E_NOMEM, "", "Không đủ bộ nhớ để kiểm tra chữ ký");
    int newest_covers = 0;
    const char *hit = pdf;
    size_t left = len;
    while ((hit = memmem(hit, left, "/ByteRange", 10)) != NULL) {
        size_t at = (size_t)(hit - (const char *)pdf) + 10;
        struct pades_signature s = {0};
        check_signature(&f, at, store, t ? t->now : 0, &s);
        newest_covers = s.covers_file;
        if (v->count < PADES_MAX_SIGNATURES)
            v->sigs[v->count] = s;
        v->count++;
        if (severity(s.status) > severity(v->status)) {
            v->status = s.status;
            snprintf(v->reason, sizeof v->reason, "%s", s.reason);
        }
        hit += 10;
        left = len - (size_t)(hit - (const char *)pdf);
    }
    if (v->count > 0 && !newest_covers && v->status != PADES_INVALID) {
        v->status = PADES_INVALID;
        snprintf(v->reason, sizeof v->reason, "%s",
                 "Tệp đã được thêm nội dung sau chữ ký cuối cùng");
    }
    X509_STORE_free(store);
    return 0;
}
