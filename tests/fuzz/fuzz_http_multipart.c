/* fuzz_http_multipart.c — libFuzzer target for the streaming multipart parser. The first
 * byte chooses the chunk size the body is fed in, so splits at every position are explored;
 * the callbacks check that parts are well nested and that the bytes delivered never exceed
 * the bytes fed. The header-parameter reader is exercised on the same input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct tally {
    int open;
    size_t bytes;
};

static int on_begin(void *ud, const char *name, const char *filename, const char *ctype)
{
    struct tally *t = ud;
    if (t->open)
        abort();
    t->open = 1;
    (void)name;
    if ((filename && strlen(filename) > 8192) || (ctype && strlen(ctype) > 8192))
        abort();
    return 0;
}

static int on_data(void *ud, const char *d, size_t len)
{
    struct tally *t = ud;
    if (!t->open || (len && !d))
        abort();
    t->bytes += len;
    return 0;
}

static int on_end(void *ud)
{
    struct tally *t = ud;
    if (!t->open)
        abort();
    t->open = 0;
    return 0;
}

static const struct http_multipart_cb cb = {on_begin, on_data, on_end};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t chunk = (size_t)data[0] % 64 + 1;
    const char *body = (const char *)data + 1;
    size_t len = size - 1;
    struct arena *a = arena_new();
    struct tally t = {0, 0};
    struct http_multipart *m = http_multipart_new(a, "b0undary", &cb, &t);
    int rc = 0;
    for (size_t off = 0; off < len && !rc; off += chunk)
        rc = http_multipart_feed(m, body + off, len - off < chunk ? len - off : chunk);
    if (!rc && http_multipart_finish(m) == 0 && t.open)
        abort();
    if (t.bytes > len)
        abort();

    char *header = arena_strndup(a, body, len), *out;
    http_header_param(a, header, "name", &out);
    http_multipart_boundary(a, header, &out);
    arena_free(a);
    return 0;
}
