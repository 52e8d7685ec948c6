/* fuzz_pades.c — libFuzzer target for the PAdES writer and verifier (src/sign/pades_sign.c,
 * pades_verify.c, pdf_lex.c): the input is taken as a PDF, signed with a fixed throwaway key
 * and verified. Both must end in a documented result; and when signing succeeds, the verifier
 * must find the new signature intact and reaching the end of the file (no anchors are
 * configured, so it is "unknown signer"). The key is an EC P-256 key with a self-signed
 * certificate made at the first input, written to a PKCS#12 file in a temporary directory
 * and opened through sign_key_open like any key. The seed corpus holds a PDF rendered by
 * motcua, the same signed, and a minimal hand-written PDF. */
#include "buf.h"
#include "err.h"
#include "pades.h"
#include "sign_key.h"

#include <openssl/ec.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct sign_key *fixed_key(void)
{
    static struct sign_key *key;
    if (key)
        return key;
    EVP_PKEY *pk = EVP_EC_gen("P-256");
    X509 *x = X509_new();
    X509_NAME *n = X509_NAME_new();
    X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, (const unsigned char *)"Fuzz", -1, -1, 0);
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_set_subject_name(x, n);
    X509_set_issuer_name(x, n);
    ASN1_TIME_set(X509_getm_notBefore(x), 1700000000);
    ASN1_TIME_set(X509_getm_notAfter(x), 2000000000);
    X509_set_pubkey(x, pk);
    X509_sign(x, pk, EVP_sha256());
    PKCS12 *p12 = PKCS12_create("fuzz", "fuzz", pk, x, NULL, 0, 0, 0, 0, 0);
    char path[] = "/tmp/motcua-fuzz-pades-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (f) {
        i2d_PKCS12_fp(f, p12);
        fclose(f);
    }
    char spec[64];
    snprintf(spec, sizeof spec, "pkcs12:%s", path);
    struct sign_key_config c = {.spec = spec, .pin = "fuzz"};
    if (sign_key_open(&c, &key, NULL))
        abort();
    unlink(path);
    PKCS12_free(p12);
    X509_NAME_free(n);
    X509_free(x);
    EVP_PKEY_free(pk);
    return key;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 20)
        return 0;
    struct pades_trust t = {.anchors_dir = NULL, .now = 1800000000};
    struct pades_verdict v;
    struct err e = {0};
    int rc = pades_verify(data, size, &t, &v, &e);
    if (rc != 0 && rc != E_INVALID)
        abort();
    struct pades_request r = {.field_name = "fuzz",
                              .name = "Fuzz",
                              .signing_time = 1800000000,
                              .rect = {10, 10, 100, 50}};
    struct buf out;
    buf_init(&out, size + (1 << 20));
    rc = pades_sign(fixed_key(), data, size, &r, &out, &e);
    if (rc != 0 && rc != E_INVALID && rc != E_TOOLARGE)
        abort();
    if (rc == 0) {
        if (pades_verify(out.data, out.len, &t, &v, &e) != 0 || v.count < 1)
            abort();
        if (v.count <= PADES_MAX_SIGNATURES) {
            const struct pades_signature *s = &v.sigs[v.count - 1];
            if (s->status != PADES_UNKNOWN_SIGNER || !s->covers_file)
                abort();
        }
    }
    buf_free(&out);
    return 0;
}
