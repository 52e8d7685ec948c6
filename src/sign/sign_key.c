/* sign_key.c — opening a signing key from a spec string. A PKCS#12 file is read whole
 * (bounded), its MAC checked with the password first so that a wrong password is told apart
 * from a broken file, then parsed into key, certificate and chain. A PKCS#11 URI goes to
 * OpenSSL's pkcs11 engine (libp11): the engine is loaded from OpenSSL's engine directory,
 * pointed at the module, given the PIN, and asked for the private key and the certificate by
 * the same URI. The engine API is deprecated in OpenSSL 3 but Debian 12 ships no PKCS#11
 * provider, so this one file opts in to it. The PIN is handed to the engine and otherwise
 * forgotten: no message below ever includes it. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "sign_key.h"

#include <openssl/engine.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A PKCS#12 file holds a key and a few certificates; anything larger is not one. */
enum { SIGN_P12_MAX = 1 << 20 };

struct sign_key {
    EVP_PKEY *pkey;
    X509 *cert;
    STACK_OF(X509) * chain;
    ENGINE *engine; /* functional reference while a token key is open, else NULL */
};

/* The engine keeps its module and PIN in the engine object; one open at a time. */
static pthread_mutex_t engine_lock = PTHREAD_MUTEX_INITIALIZER;

static int read_small_file(const char *path, unsigned char **out, size_t *len, struct err *e)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(e, E_NOTFOUND, "spec", "Không mở được tệp khóa ký số");
    unsigned char *data = malloc(SIGN_P12_MAX);
    size_t n = data ? fread(data, 1, SIGN_P12_MAX, f) : 0;
    int too_big = data && n == SIGN_P12_MAX && fgetc(f) != EOF;
    fclose(f);
    if (!data)
        return err_set(e, E_NOMEM, "", "Không đủ bộ nhớ để đọc khóa ký số");
    if (too_big || n == 0) {
        free(data);
        return err_set(e, E_INVALID, "spec", "Tệp khóa ký số không phải tệp PKCS#12");
    }
    *out = data;
    *len = n;
    return 0;
}

static int add_chain_file(struct sign_key *k, const char *path, struct err *e)
{
    if (!path || !*path)
        return 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return err_set(e, E_NOTFOUND, "chain_file", "Không mở được tệp chuỗi chứng thư");
    X509 *x;
    while ((x = PEM_read_X509(f, NULL, NULL, NULL)) != NULL) {
        if (!sk_X509_push(k->chain, x)) {
            X509_free(x);
            fclose(f);
            return err_set(e, E_NOMEM, "", "Không đủ bộ nhớ cho chuỗi chứng thư");
        }
    }
    fclose(f);
    ERR_clear_error(); /* the end of the file reads as a PEM "no start line" */
    return 0;
}

static int open_pkcs12(struct sign_key *k, const char *path, const char *pin, struct err *e)
{
    unsigned char *data = NULL;
    size_t len = 0;
    int rc = read_small_file(path, &data, &len, e);
    if (rc)
        return rc;
    const unsigned char *p = data;
    PKCS12 *p12 = d2i_PKCS12(NULL, &p, (long)len);
    free(data);
    if (!p12)
        return err_set(e, E_INVALID, "spec", "Tệp khóa ký số không phải tệp PKCS#12");
    const char *pass = pin ? pin : "";
    if (PKCS12_mac_present(p12) && !PKCS12_verify_mac(p12, pass, -1)) {
        PKCS12_free(p12);
        return err_set(e, E_UNAUTH, "pin", "Mật khẩu của khóa ký số không đúng");
    }
    STACK_OF(X509) *ca = NULL;
    int ok = PKCS12_parse(p12, pass, &k->pkey, &k->cert, &ca);
    PKCS12_free(p12);
    if (!ok || !k->pkey || !k->cert) {
        sk_X509_pop_free(ca, X509_free);
        return err_set(e, E_INVALID, "spec", "Tệp PKCS#12 không có khóa bí mật và chứng thư");
    }
    while (ca && sk_X509_num(ca) > 0)
        sk_X509_push(k->chain, sk_X509_shift(ca));
    sk_X509_free(ca);
    return 0;
}

static ENGINE *load_pkcs11_engine(const char *module, struct err *e)
{
    ENGINE *eng = ENGINE_by_id("pkcs11");
    if (!eng) {
        err_set(e, E_UNAVAILABLE, "spec",
                "Không nạp được engine PKCS#11 của OpenSSL (gói libengine-pkcs11-openssl)");
        return NULL;
    }
    if (module && *module && !ENGINE_ctrl_cmd_string(eng, "MODULE_PATH", module, 0)) {
        ENGINE_free(eng);
        err_set(e, E_UNAVAILABLE, "pkcs11_module", "Không dùng được mô-đun PKCS#11 đã cấu hình");
        return NULL;
    }
    if (!ENGINE_init(eng)) {
        ENGINE_free(eng);
        err_set(e, E_UNAVAILABLE, "pkcs11_module", "Không khởi tạo được mô-đun PKCS#11");
        return NULL;
    }
    return eng;
}

static int open_pkcs11(struct sign_key *k, const struct sign_key_config *c, struct err *e)
{
    ENGINE *eng = load_pkcs11_engine(c->pkcs11_module, e);
    if (!eng)
        return e ? e->code : E_UNAVAILABLE;
    k->engine = eng;
    if (c->pin && !ENGINE_ctrl_cmd_string(eng, "PIN", c->pin, 0))
        return err_set(e, E_UNAVAILABLE, "pin", "Thiết bị ký số không nhận mã PIN");
    k->pkey = ENGINE_load_private_key(eng, c->spec, NULL, NULL);
    if (!k->pkey)
        return err_set(e, E_UNAUTH, "pin",
                       "Không mở được khóa trên thiết bị ký số (sai mã PIN, hoặc không có "
                       "khóa với tên đã cấu hình)");
    struct {
        const char *id;
        X509 *cert;
    } params = {c->spec, NULL};
    if (!ENGINE_ctrl_cmd(eng, "LOAD_CERT_CTRL", 0, &params, NULL, 0) || !params.cert)
        return err_set(e, E_NOTFOUND, "spec", "Thiết bị ký số không có chứng thư của khóa");
    k->cert = params.cert;
    return 0;
}

static int check_key_matches_cert(const struct sign_key *k, struct err *e)
{
    EVP_PKEY *pub = X509_get0_pubkey(k->cert);
    if (k->engine)
        return 0; /* a token key is a handle; the token vouches for the pair */
    if (!pub || EVP_PKEY_eq(pub, k->pkey) != 1)
        return err_set(e, E_INVALID, "spec", "Khóa bí mật không khớp với chứng thư ký số");
    return 0;
}

int sign_key_open(const struct sign_key_config *c, struct sign_key **out, struct err *e)
{
    *out = NULL;
    if (!c || !c->spec)
        return err_set(e, E_INVALID, "spec", "Chưa cấu hình khóa ký số");
    struct sign_key *k = calloc(1, sizeof *k);
    if (!k || !(k->chain = sk_X509_new_null())) {
        free(k);
        return err_set(e, E_NOMEM, "", "Không đủ bộ nhớ để mở khóa ký số");
    }
    int rc;
    if (strncmp(c->spec, "pkcs12:", 7) == 0) {
        rc = open_pkcs12(k, c->spec + 7, c->pin, e);
    } else if (strncmp(c->spec, "pkcs11:", 7) == 0) {
        pthread_mutex_lock(&engine_lock);
        rc = open_pkcs11(k, c, e);
        pthread_mutex_unlock(&engine_lock);
    } else {
        rc = err_set(e, E_INVALID, "spec",
                     "Khóa ký số phải là \"pkcs12:<tệp>\" hoặc một URI \"pkcs11:…\"");
    }
    if (!rc)
        rc = check_key_matches_cert(k, e);
    if (!rc)
        rc = add_chain_file(k, c->chain_file, e);
    ERR_clear_error();
    if (rc) {
        sign_key_close(k);
        return rc;
    }
    *out = k;
    return 0;
}

void sign_key_close(struct sign_key *k)
{
    if (!k)
        return;
    EVP_PKEY_free(k->pkey);
    X509_free(k->cert);
    sk_X509_pop_free(k->chain, X509_free);
    if (k->engine) {
        ENGINE_finish(k->engine);
        ENGINE_free(k->engine);
    }
    free(k);
}

EVP_PKEY *sign_key_pkey(const struct sign_key *k)
{
    return k->pkey;
}

X509 *sign_key_cert(const struct sign_key *k)
{
    return k->cert;
}

STACK_OF(X509) * sign_key_chain(const struct sign_key *k)
{
    return k->chain;
}

void sign_key_common_name(const struct sign_key *k, char *out, size_t size)
{
    if (size == 0)
        return;
    out[0] = '\0';
    X509_NAME *name = X509_get_subject_name(k->cert);
    int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    if (i < 0)
        return;
    ASN1_STRING *s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
    unsigned char *utf8 = NULL;
    int n = ASN1_STRING_to_UTF8(&utf8, s);
    if (n < 0)
        return;
    snprintf(out, size, "%.*s", n, (const char *)utf8);
    OPENSSL_free(utf8);
}
