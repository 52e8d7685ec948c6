/* webhook_signature.c — how motcua and an SMS / Zalo gateway prove to each other that a
 * webhook request comes from the other side: an HMAC-SHA256 (OpenSSL) of the signed bytes
 * under the secret both were given (MOTCUA_WEBHOOK_SECRET), sent as the header
 * "X-Motcua-Signature: sha256=<lowercase hex>". Checking compares in constant time, so the
 * time an answer takes says nothing about how much of a forged signature was right. */
#include "delivery_internal.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <string.h>

#define PREFIX "sha256="

void webhook_sign(const char *secret, const char *data, size_t len, char out[WEBHOOK_SIGNATURE_MAX])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    HMAC(EVP_sha256(), secret, (int)strlen(secret), (const unsigned char *)data, len, mac, &n);
    char *p = out + strlen(strcpy(out, PREFIX));
    for (unsigned int i = 0; i < n; i++) {
        *p++ = hex[mac[i] >> 4];
        *p++ = hex[mac[i] & 15];
    }
    *p = '\0';
}

int webhook_signature_ok(const char *secret, const char *data, size_t len, const char *given)
{
    char want[WEBHOOK_SIGNATURE_MAX];
    if (!secret || !*secret || !given)
        return 0;
    webhook_sign(secret, data, len, want);
    size_t n = strlen(want);
    return strlen(given) == n && CRYPTO_memcmp(want, given, n) == 0;
}
