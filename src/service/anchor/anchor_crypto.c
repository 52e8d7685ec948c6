/* anchor_crypto.c — signing an anchor and timestamping it. The signature is a detached CMS
 * SignedData (sign_cms_bytes, the certificate and its chain included) over
 * the anchor's statement, so `openssl cms -verify -binary -content statement` checks it with
 * nothing but the published text. The timestamp is an RFC 3161 request for the SHA-256 of
 * the signature (of the statement when unsigned), sent over HTTP as
 * application/timestamp-query; the answer is kept whole, after checking that it grants, that
 * it stamps our imprint and echoes our nonce. The key is read for one signature and freed at
 * once; nothing of it is logged or stored. The key and the CMS are the signing layer's
 * (src/sign/: sign_key.h opens a PKCS#12 file or a PKCS#11 token, sign_cms.h makes the
 * CAdES-B SignedData), so an anchor is signed exactly as a document is. */
#include "anchor_internal.h"

#include "sign_cms.h"
#include "sign_key.h"

#include <curl/curl.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PIN_MAX     256
#define TSA_MAX     (1u << 20)
#define TSA_TIMEOUT 20L
#define NONCE_BYTES 8

static int ssl_fail(struct err *e, const char *what)
{
    char detail[200] = "";
    unsigned long code = ERR_get_error();
    if (code)
        ERR_error_string_n(code, detail, sizeof detail);
    ERR_clear_error();
    return err_set(e, E_UNAVAILABLE, "anchor", "%s%s%s", what, *detail ? ": " : "", detail);
}

/* The PIN from its source into out; 0 or E_UNAVAILABLE. */
static int read_pin(const char *source, char out[PIN_MAX], struct err *e)
{
    out[0] = '\0';
    if (!source || !*source)
        return 0;
    if (strncmp(source, "pass:", 5) == 0) {
        snprintf(out, PIN_MAX, "%s", source + 5);
        return 0;
    }
    if (strncmp(source, "env:", 4) == 0) {
        const char *v = getenv(source + 4);
        if (!v)
            return err_set(e, E_UNAVAILABLE, "anchor_pin", "Biến môi trường %s chưa đặt",
                           source + 4);
        snprintf(out, PIN_MAX, "%s", v);
        return 0;
    }
    if (strncmp(source, "file:", 5) == 0) {
        FILE *f = fopen(source + 5, "r");
        if (!f || !fgets(out, PIN_MAX, f)) {
            if (f)
                fclose(f);
            return err_set(e, E_UNAVAILABLE, "anchor_pin", "Không đọc được mã PIN từ %s",
                           source + 5);
        }
        fclose(f);
        out[strcspn(out, "\r\n")] = '\0';
        return 0;
    }
    return err_set(e, E_UNAVAILABLE, "anchor_pin",
                   "Nguồn mã PIN phải có dạng env:TÊN, file:ĐƯỜNG_DẪN hoặc pass:MÃ");
}

static const char *base64_of(struct arena *ar, const unsigned char *der, size_t len)
{
    char *out = arena_alloc(ar, 4 * ((len + 2) / 3) + 1);
    EVP_EncodeBlock((unsigned char *)out, der, (int)len);
    return out;
}

/* The spec as sign_key.h reads it: pkcs12:PATH or a pkcs11: URI; a bare path (or file:PATH)
 * is a PKCS#12 file. */
static const char *key_spec(struct arena *ar, const char *spec)
{
    if (strncmp(spec, "pkcs12:", 7) == 0 || strncmp(spec, "pkcs11:", 7) == 0)
        return spec;
    return arena_printf(ar, "pkcs12:%s", strncmp(spec, "file:", 5) == 0 ? spec + 5 : spec);
}

int anchor_sign(struct arena *ar, const struct anchor_key *key, const char *data, size_t len,
                const char **sig_b64, const unsigned char **der, size_t *der_len,
                const char **signer, struct err *e)
{
    char pin[PIN_MAX];
    struct sign_key *k = NULL;
    int rc = read_pin(key->pin_source, pin, e);
    if (!rc) {
        struct sign_key_config c = {key_spec(ar, key->spec), *pin ? pin : NULL, key->module, NULL};
        rc = sign_key_open(&c, &k, e);
    }
    OPENSSL_cleanse(pin, sizeof pin);
    struct buf sig;
    buf_init(&sig, 1u << 16);
    if (!rc)
        rc = sign_cms_bytes(k, data, len, NULL, &sig, e);
    if (!rc) {
        unsigned char *copy = arena_alloc(ar, sig.len);
        memcpy(copy, sig.data, sig.len);
        *der = copy;
        *der_len = sig.len;
        *sig_b64 = base64_of(ar, copy, sig.len);
        char subject[512];
        X509_NAME_oneline(X509_get_subject_name(sign_key_cert(k)), subject, sizeof subject);
        *signer = arena_strdup(ar, subject);
    }
    buf_free(&sig);
    sign_key_close(k);
    if (rc && e->code != E_UNAVAILABLE) /* the key is configuration: the service is unavailable */
        e->code = E_UNAVAILABLE;
    return rc ? E_UNAVAILABLE : 0;
}

/* ---- RFC 3161 ---- */

struct reply {
    unsigned char *data;
    size_t len;
};

static size_t collect(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct reply *r = userdata;
    size_t n = size * nmemb;
    if (r->len + n > TSA_MAX)
        return 0;
    unsigned char *grown = realloc(r->data, r->len + n);
    if (!grown)
        return 0;
    memcpy(grown + r->len, ptr, n);
    r->data = grown;
    r->len += n;
    return n;
}

static int post_query(const char *url, const unsigned char *q, size_t qlen, struct reply *out,
                      struct err *e)
{
    CURL *curl = curl_easy_init();
    if (!curl)
        return err_set(e, E_UNAVAILABLE, "anchor_tsa", "Không khởi tạo được kết nối");
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/timestamp-query");
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, (const char *)q);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)qlen);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, TSA_TIMEOUT);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    CURLcode cc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(curl);
    if (cc != CURLE_OK)
        return err_set(e, E_UNAVAILABLE, "anchor_tsa", "Máy chủ dấu thời gian không trả lời: %s",
                       curl_easy_strerror(cc));
    if (status != 200)
        return err_set(e, E_UNAVAILABLE, "anchor_tsa", "Máy chủ dấu thời gian trả mã %ld", status);
    return 0;
}

static TS_REQ *make_request(const unsigned char digest[32], ASN1_INTEGER **nonce)
{
    TS_REQ *req = TS_REQ_new();
    TS_MSG_IMPRINT *imprint = TS_MSG_IMPRINT_new();
    X509_ALGOR *alg = X509_ALGOR_new();
    unsigned char raw[NONCE_BYTES];
    BIGNUM *bn = NULL;
    int ok = req && imprint && alg && TS_REQ_set_version(req, 1) &&
             X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL) &&
             TS_MSG_IMPRINT_set_algo(imprint, alg) &&
             TS_MSG_IMPRINT_set_msg(imprint, (unsigned char *)digest, 32) &&
             TS_REQ_set_msg_imprint(req, imprint) && RAND_bytes(raw, sizeof raw) == 1 &&
             (bn = BN_bin2bn(raw, sizeof raw, NULL)) != NULL &&
             (*nonce = BN_to_ASN1_INTEGER(bn, NULL)) != NULL && TS_REQ_set_nonce(req, *nonce) &&
             TS_REQ_set_cert_req(req, 1);
    BN_free(bn);
    X509_ALGOR_free(alg);
    TS_MSG_IMPRINT_free(imprint);
    if (!ok) {
        TS_REQ_free(req);
        return NULL;
    }
    return req;
}

/* The response grants, stamps digest and echoes nonce; *gen_time from its TSTInfo. */
static int check_response(TS_RESP *resp, const unsigned char digest[32], const ASN1_INTEGER *nonce,
                          int64_t *gen_time, struct err *e)
{
    TS_STATUS_INFO *st = resp ? TS_RESP_get_status_info(resp) : NULL;
    long status = st ? ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(st)) : -1;
    if (status != 0 && status != 1) /* granted, grantedWithMods */
        return err_set(e, E_UNAVAILABLE, "anchor_tsa", "Máy chủ dấu thời gian từ chối (%ld)",
                       status);
    TS_TST_INFO *info = TS_RESP_get_tst_info(resp);
    TS_MSG_IMPRINT *imp = info ? TS_TST_INFO_get_msg_imprint(info) : NULL;
    ASN1_OCTET_STRING *msg = imp ? TS_MSG_IMPRINT_get_msg(imp) : NULL;
    const ASN1_INTEGER *echoed = info ? TS_TST_INFO_get_nonce(info) : NULL;
    if (!msg || ASN1_STRING_length(msg) != 32 || memcmp(ASN1_STRING_get0_data(msg), digest, 32) ||
        !echoed || ASN1_INTEGER_cmp(echoed, nonce) != 0)
        return err_set(e, E_UNAVAILABLE, "anchor_tsa",
                       "Dấu thời gian không khớp với yêu cầu (mã băm hoặc số ngẫu nhiên)");
    struct tm tm;
    const ASN1_GENERALIZEDTIME *t = TS_TST_INFO_get_time(info);
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
        return err_set(e, E_UNAVAILABLE, "anchor_tsa", "Dấu thời gian không có thời điểm");
    *gen_time = (int64_t)timegm(&tm);
    return 0;
}

int anchor_timestamp(struct arena *ar, const char *url, const unsigned char *data, size_t len,
                     const char **token_b64, int64_t *gen_time, struct err *e)
{
    unsigned char digest[32];
    EVP_Digest(data, len, digest, NULL, EVP_sha256(), NULL);
    ASN1_INTEGER *nonce = NULL;
    TS_REQ *req = make_request(digest, &nonce);
    unsigned char *q = NULL;
    int qlen = req ? i2d_TS_REQ(req, &q) : -1;
    TS_REQ_free(req);
    struct reply reply = {0};
    int rc = qlen > 0 ? post_query(url, q, (size_t)qlen, &reply, e)
                      : ssl_fail(e, "Không tạo được yêu cầu dấu thời gian");
    OPENSSL_free(q);
    TS_RESP *resp = NULL;
    if (!rc) {
        const unsigned char *p = reply.data;
        resp = d2i_TS_RESP(NULL, &p, (long)reply.len);
        rc = check_response(resp, digest, nonce, gen_time, e);
    }
    if (!rc)
        *token_b64 = base64_of(ar, reply.data, reply.len);
    TS_RESP_free(resp);
    ASN1_INTEGER_free(nonce);
    free(reply.data);
    return rc;
}
