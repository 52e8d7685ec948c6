/* fuzz_http_query.c — libFuzzer target for the query/urlencoded parser and percent-decoding.
 * Any bytes must parse or fail cleanly; every key and value handed out must be valid UTF-8
 * already in NFC; strict decoding must never produce a NUL byte. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http_parse.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_clean(struct arena *a, const char *s)
{
    char *again;
    if (!text_valid_utf8(s, strlen(s)) || text_nfc(a, s, strlen(s), &again) != 0 ||
        strcmp(again, s) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new();
    char *copy = arena_strndup(a, (const char *)data, size);
    struct http_kv *kv;
    int n;
    struct err e;
    if (http_parse_urlencoded(a, copy, size, "query", &kv, &n, &e) == 0) {
        for (int i = 0; i < n; i++) {
            check_clean(a, kv[i].key);
            check_clean(a, kv[i].value);
        }
    } else if (e.code != E_INVALID) {
        abort();
    }
    char *dec;
    size_t dlen;
    if (http_percent_decode(a, copy, size, HTTP_PCT_STRICT, &dec, &dlen) == 0 &&
        memchr(dec, '\0', dlen))
        abort();
    arena_free(a);
    return 0;
}
