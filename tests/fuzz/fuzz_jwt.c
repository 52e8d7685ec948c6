/* fuzz_jwt.c — libFuzzer target for ID token verification (service/identity/jwt.c and jwk.c): the
 * JWS parser, the header and claim checks, and building OpenSSL keys from JWKs. The first
 * byte chooses what the rest is: 0, a token checked against a fixed key set; 1, a key set
 * against which a fixed, genuinely signed token is checked. Verification must end in one of
 * its documented results, and an accepted token must carry a subject. The seed corpus holds
 * tokens genuinely signed with the fixed keys (so the fuzzer starts past the signature). */
#include "arena.h"
#include "err.h"
#include "jwt.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char fixed_jwks[] =
    "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"s_mkdigRzNQLrw2leS6Jo5CnT3qMkRmU3V_"
    "ZluH9hGz2Re0oIhtbZJhDWQl_5"
    "KPt5l4z1oaor_6_3Kx-xvb8FOpOrKY7u-GbJf3jfTY-i0pZivfsurjN2mBmjAZiUJMeioP2mSXrSbrSIKlxFzhEZ"
    "NxTxuu3K3t9YyCnqZ6G_JBHPymXoC0QsR5xigkCh2A7Yt1aF5kz-W1JliDrbKILVkqECxf5L8f0KJPG7Lf_Mkp-0"
    "31kXDrmVryP-KsAuTVGDq0ohWrFA8-odchhn0coKEly89K-W1yWLtfZYDy5930jPWkHskPzJ3Ivz27vnxtP79-vl"
    "w6VzA8u9CQUNTXQxQ\",\"e\":\"AQAB\",\"kid\":\"fz-rsa\",\"alg\":\"RS256\",\"use\":\"sig\"},{"
    "\"kty\":\"EC\",\"x\":"
    "\"T4Gc8AYUlEVLHfkVC8adiB8__qyC8rZD-74hZYp76Bo\",\"y\":\"39HEGEJLNumxTiLSEVcCFY_4785Hmz5sVDl19"
    "dBEwPk\",\"crv\":\"P-256\",\"kid\":\"fz-ec\"}]}";

static const char fixed_token[] =
    "eyJhbGciOiJSUzI1NiIsImtpZCI6ImZ6LXJzYSJ9.eyJpc3MiOiJodHRwczovL2lkLmV4YW1wbGUudm4iLCJzdWI"
    "iOiIwMTIzIiwiYXVkIjoibW90Y3VhIiwiZXhwIjoxODAwMDAwMzAwLCJpYXQiOjE3OTk5OTk5OTAsIm5vbmNlIjo"
    "iZnV6ei1ub25jZSIsIm5hbWUiOiJMw6ogVGjhu4sgSG9hIn0.olVdV43dZnVETDwk-Wz4NyvSZakeANBZB6myV0M"
    "nfOZgu0U8Zcr7uAunkQEawyaANdTEGZ4eyzebYsTLcnR1p0FWnlG4LzHg-MEZDZcqWgYYRYuOpr9Gqii5j-inoad"
    "22Pygo3sVltzfakFwD8UKK9uFLjurzJR9zJk0uMpzYoeZIjagAo_BUrZnpT5Is22ZJ3eUyt4DCgvIv4N-la_qvRQ"
    "PC8T0apZAMbKQ0SKlyT3xJuIU1NzrJqCut6VlN2MWh4sYfY634yKazkqz-7sFOWhuHknKh_sgTabOeb83d2cjzUH"
    "n0axZlTNfy4VW050oeHlCLf8u_fFeTPqE6boNmA";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 65536)
        return 0;
    char *text = malloc(size);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    struct arena *a = arena_new();
    struct jwt_claims claims;
    struct jwt_expect x = {"https://id.example.vn", "motcua", "fuzz-nonce", 1800000000};
    struct err e = {0};
    int rc = data[0] & 1 ? jwt_verify_id_token(a, fixed_token, text, &x, &claims, &e)
                         : jwt_verify_id_token(a, text, fixed_jwks, &x, &claims, &e);
    if (rc != 0 && rc != E_INVALID && rc != E_UNAUTH && rc != E_NOTFOUND && rc != E_NOMEM)
        abort();
    if (rc == 0 && (!claims.sub || !*claims.sub))
        abort();
    if (rc != 0 && (e.code != rc || !e.msg[0]))
        abort();
    arena_free(a);
    free(text);
    return 0;
}
