/* sign_cms.c — a CAdES-B detached SignedData, signed by hand. OpenSSL builds the structure
 * (signer identifier, digest and signature algorithms, certificates, and the ESS
 * signing-certificate-v2 attribute under CMS_CADES), but its CMS_final() would add a
 * signing-time attribute, which PAdES baseline forbids, and read the clock. So the signer is
 * added with CMS_PARTIAL, the message digest of the content is added here, and the DER SET OF
 * the signed attributes (sorted, as DER and OpenSSL's encoder sort them) is signed with the key
 * through EVP_DigestSign — which works the same for a file key and a token handle. A timestamp,
 * when a TSA is configured, is requested over the signature value (RFC 3161, as CAdES's
 * signature-time-stamp) and added as an unsigned attribute. */
#include "sign_cms.h"

#include <curl/curl.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A timestamp response carries the TSA's certificate chain; a few kilobytes, bounded. */
enum { SIGN_TSA_RESPONSE_MAX = 64 * 1024, SIGN_MAX_ATTRS = 16 };

static int digest_spans(const struct sign_span *spans, size_t n, unsigned char *md, unsigned *mdlen)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    for (size_t i = 0; ok && i < n; i++)
        ok = EVP_DigestUpdate(ctx, spans[i].data, spans[i].len);
    ok = ok && EVP_DigestFinal_ex(ctx, md, mdlen);
    EVP_MD_CTX_free(ctx);
    return ok;
}

struct der_item {
    unsigned char *p;
    int len;
};

/* DER orders the elements of a SET OF by their encodings (X.690 §11.6). */
static int der_item_cmp(const void *a, const void *b)
{
    const struct der_item *x = a, *y = b;
    int n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->p, y->p, (size_t)n);
    return c ? c : x->len - y->len;
}

/* The DER of the signed attributes as a SET OF, the bytes the signature covers (RFC 5652
 * §5.4). Returns the length and sets *out (OPENSSL_free), or -1. */
static int encode_signed_attrs(CMS_SignerInfo *si, unsigned char **out)
{
    int count = CMS_signed_get_attr_count(si);
    if (count <= 0 || count > SIGN_MAX_ATTRS)
        return -1;
    struct der_item items[SIGN_MAX_ATTRS] = {0};
    size_t total = 0;
    int rc = -1;
    for (int i = 0; i < count; i++) {
        items[i].len = i2d_X509_ATTRIBUTE(CMS_signed_get_attr(si, i), &items[i].p);
        if (items[i].len <= 0)
            goto done;
        total += (size_t)items[i].len;
    }
    qsort(items, (size_t)count, sizeof items[0], der_item_cmp);
    unsigned char head[6] = {0x31};
    size_t hlen;
    if (total < 0x80) {
        head[1] = (unsigned char)total, hlen = 2;
    } else if (total < 0x100) {
        head[1] = 0x81, head[2] = (unsigned char)total, hlen = 3;
    } else if (total < 0x10000) {
        head[1] = 0x82, head[2] = (unsigned char)(total >> 8), head[3] = (unsigned char)total;
        hlen = 4;
    } else {
        goto done; /* a handful of attributes is never this large */
    }
    unsigned char *der = OPENSSL_malloc(hlen + total);
    if (!der)
        goto done;
    memcpy(der, head, hlen);
    size_t at = hlen;
    for (int i = 0; i < count; i++) {
        memcpy(der + at, items[i].p, (size_t)items[i].len);
        at += (size_t)items[i].len;
    }
    *out = der;
    rc = (int)at;
done:
    for (int i = 0; i < count; i++)
        OPENSSL_free(items[i].p);
    return rc;
}

static int sign_attrs(EVP_PKEY *pkey, CMS_SignerInfo *si)
{
    unsigned char *attrs = NULL;
    int alen = encode_signed_attrs(si, &attrs);
    if (alen < 0)
        return 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    size_t siglen = 0;
    unsigned char *sig = NULL;
    int ok = ctx && EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, pkey) == 1 &&
             EVP_DigestSignUpdate(ctx, attrs, (size_t)alen) == 1 &&
             EVP_DigestSignFinal(ctx, NULL, &siglen) == 1 &&
             (sig = OPENSSL_malloc(siglen)) != NULL && EVP_DigestSignFinal(ctx, sig, &siglen) == 1;
    EVP_MD_CTX_free(ctx);
    OPENSSL_free(attrs);
    if (!ok) {
        OPENSSL_free(sig);
        return 0;
    }
    ASN1_STRING_set0(CMS_SignerInfo_get0_signature(si), sig, (int)siglen);
    return 1;
}

static size_t collect_response(char *p, size_t size, size_t n, void *userdata)
{
    struct buf *b = userdata;
    return buf_append(b, p, size * n) ? 0 : size * n;
}

/* Asks the TSA for a token over the signature value; returns its DER in *tok. */
static int fetch_timestamp(const struct sign_cms_options *opt, const ASN1_OCTET_STRING *sigval,
                           struct buf *tok, struct err *e)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned mdlen = 0;
    struct sign_span s = {ASN1_STRING_get0_data(sigval), (size_t)ASN1_STRING_length(sigval)};
    TS_REQ *req = TS_REQ_new();
    TS_MSG_IMPRINT *imp = TS_MSG_IMPRINT_new();
    X509_ALGOR *alg = X509_ALGOR_new();
    ASN1_INTEGER *nonce = ASN1_INTEGER_new();
    uint64_t rnd = 0;
    unsigned char *reqder = NULL;
    int reqlen = -1, rc = 0;
    struct buf resp;
    buf_init(&resp, SIGN_TSA_RESPONSE_MAX);
    int ok = req && imp && alg && nonce && digest_spans(&s, 1, md, &mdlen) &&
             X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL) &&
             TS_MSG_IMPRINT_set_algo(imp, alg) && TS_MSG_IMPRINT_set_msg(imp, md, (int)mdlen) &&
             TS_REQ_set_version(req, 1) && TS_REQ_set_msg_imprint(req, imp) &&
             RAND_bytes((unsigned char *)&rnd, sizeof rnd) == 1 &&
             ASN1_INTEGER_set_uint64(nonce, rnd >> 1) && TS_REQ_set_nonce(req, nonce) &&
             TS_REQ_set_cert_req(req, 1) && (reqlen = i2d_TS_REQ(req, &reqder)) > 0;
    if (!ok) {
        rc = err_set(e, E_INTERNAL, "", "Không tạo được yêu cầu dấu thời gian");
        goto done;
    }
    CURL *curl = curl_easy_init();
    struct curl_slist *hdr = curl_slist_append(NULL, "Content-Type: application/timestamp-query");
    long status = 0;
    CURLcode cc = CURLE_FAILED_INIT;
    if (curl && hdr) {
        curl_easy_setopt(curl, CURLOPT_URL, opt->tsa_url);
        curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdr);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, reqder);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)reqlen);
        curl_easy_setopt(curl, CURLOPT_TIMEOUT,
                         opt->tsa_timeout_seconds > 0 ? opt->tsa_timeout_seconds : 10L);
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_response);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &resp);
        cc = curl_easy_perform(curl);
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    }
    curl_slist_free_all(hdr);
    curl_easy_cleanup(curl);
    if (cc != CURLE_OK || status != 200) {
        rc = err_set(e, E_UNAVAILABLE, "tsa_url", "Máy chủ cấp dấu thời gian không trả lời");
        goto done;
    }
    const unsigned char *p = (const unsigned char *)resp.data;
    TS_RESP *tr = d2i_TS_RESP(NULL, &p, (long)resp.len);
    PKCS7 *token = tr ? TS_RESP_get_token(tr) : NULL;
    long st = tr ? ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(tr))) : -1;
    unsigned char *tder = NULL;
    int tlen = (token && (st == 0 || st == 1)) ? i2d_PKCS7(token, &tder) : -1;
    if (tlen <= 0 || buf_append(tok, tder, (size_t)tlen))
        rc = err_set(e, E_UNAVAILABLE, "tsa_url", "Máy chủ cấp dấu thời gian từ chối yêu cầu");
    OPENSSL_free(tder);
    TS_RESP_free(tr);
done:
    buf_free(&resp);
    OPENSSL_free(reqder);
    ASN1_INTEGER_free(nonce);
    X509_ALGOR_free(alg);
    TS_MSG_IMPRINT_free(imp);
    TS_REQ_free(req);
    return rc;
}

static int add_timestamp(CMS_SignerInfo *si, const struct sign_cms_options *opt, struct err *e)
{
    struct buf tok;
    buf_init(&tok, SIGN_TSA_RESPONSE_MAX);
    int rc = fetch_timestamp(opt, CMS_SignerInfo_get0_signature(si), &tok, e);
    if (!rc && !CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE,
                                              tok.data, (int)tok.len))
        rc = err_set(e, E_INTERNAL, "", "Không gắn được dấu thời gian vào chữ ký");
    buf_free(&tok);
    return rc;
}

static CMS_ContentInfo *new_signed_data(const struct sign_key *k, CMS_SignerInfo **si)
{
    const unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_CADES | CMS_NOSMIMECAP;
    CMS_ContentInfo *cms = CMS_sign(NULL, NULL, NULL, NULL, flags);
    if (!cms)
        return NULL;
    *si = CMS_add1_signer(cms, sign_key_cert(k), sign_key_pkey(k), EVP_sha256(), flags);
    STACK_OF(X509) *chain = sign_key_chain(k);
    int ok = *si != NULL && CMS_set_detached(cms, 1);
    for (int i = 0; ok && i < sk_X509_num(chain); i++)
        ok = CMS_add1_cert(cms, sk_X509_value(chain, i));
    if (!ok) {
        CMS_ContentInfo_free(cms);
        return NULL;
    }
    return cms;
}

static int add_content_attrs(CMS_SignerInfo *si, const struct sign_span *spans, size_t n)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned mdlen = 0;
    if (!digest_spans(spans, n, md, &mdlen))
        return 0;
    if (CMS_signed_get_attr_by_NID(si, NID_pkcs9_contentType, -1) < 0 &&
        !CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT,
                                     OBJ_nid2obj(NID_pkcs7_data), -1))
        return 0;
    return CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING, md,
                                       (int)mdlen);
}

int sign_cms_detached(const struct sign_key *k, const struct sign_span *spans, size_t n,
                      const struct sign_cms_options *opt, struct buf *der, struct err *e)
{
    CMS_SignerInfo *si = NULL;
    CMS_ContentInfo *cms = new_signed_data(k, &si);
    int rc = 0;
    if (!cms || !add_content_attrs(si, spans, n)) {
        rc = err_set(e, E_INTERNAL, "", "Không tạo được cấu trúc chữ ký số");
        goto done;
    }
    if (!sign_attrs(sign_key_pkey(k), si)) {
        rc = err_set(e, E_UNAVAILABLE, "", "Khóa ký số không ký được (thiết bị ký số lỗi?)");
        goto done;
    }
    if (opt && opt->tsa_url && *opt->tsa_url && (rc = add_timestamp(si, opt, e)) != 0)
        goto done;
    unsigned char *out = NULL;
    int len = i2d_CMS_ContentInfo(cms, &out);
    if (len <= 0)
        rc = err_set(e, E_INTERNAL, "", "Không mã hóa được chữ ký số");
    else if (buf_append(der, out, (size_t)len))
        rc = err_set(e, E_TOOLARGE, "", "Chữ ký số lớn hơn chỗ dành cho nó");
    OPENSSL_free(out);
done:
    ERR_clear_error();
    CMS_ContentInfo_free(cms);
    return rc;
}

int sign_cms_bytes(const struct sign_key *k, const void *data, size_t len,
                   const struct sign_cms_options *opt, struct buf *der, struct err *e)
{
    struct sign_span s = {data, len};
    return sign_cms_detached(k, &s, 1, opt, der, e);
}
