/* fuzz_http_cookie.c — libFuzzer target for the Cookie header parser: any header value must
 * parse or fail with E_INVALID, every cookie kept must have a non-empty name, and names and
 * values must be valid UTF-8. Parsing twice into the same array must append. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http_parse.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new();
    char *copy = arena_strndup(a, (const char *)data, size);
    struct http_kv *kv = NULL;
    int n = 0;
    struct err e;
    int rc = http_parse_cookies(a, copy, size, &kv, &n, &e);
    if (rc == 0) {
        for (int i = 0; i < n; i++)
            if (!kv[i].key[0] || !text_valid_utf8(kv[i].key, strlen(kv[i].key)) ||
                !text_valid_utf8(kv[i].value, strlen(kv[i].value)))
                abort();
        int first = n;
        if (http_parse_cookies(a, copy, size, &kv, &n, &e) != 0 || n != 2 * first)
            abort();
    } else if (rc != E_INVALID) {
        abort();
    }
    arena_free(a);
    return 0;
}
