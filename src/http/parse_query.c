/* parse_query.c — URL query strings and application/x-www-form-urlencoded bodies (the same
 * grammar). Browsers and scripts produce all sorts of near-misses (empty pieces, stray '%',
 * keys without '='), so the parser is lenient about structure and strict only about the
 * decoded text, which must be UTF-8. */
#include "http_parse.h"

#include <string.h>

static int count_pieces(const char *s, size_t len)
{
    int n = 1;
    for (size_t i = 0; i < len; i++)
        n += s[i] == '&';
    return n;
}

static int decode_clean(struct arena *a, const char *s, size_t len, const char *field, char **out,
                        struct err *e)
{
    char *raw;
    size_t rawlen;
    http_percent_decode(a, s, len, HTTP_PCT_PLUS, &raw, &rawlen);
    return http_clean_text(a, raw, rawlen, field, out, e);
}

/* One "key=value" piece; a piece without '=' is a key with an empty value. */
static int parse_piece(struct arena *a, const char *p, size_t len, const char *what,
                       struct http_kv *kv, struct err *e)
{
    const char *eq = memchr(p, '=', len);
    size_t klen = eq ? (size_t)(eq - p) : len;
    char *key, *value;
    int rc = decode_clean(a, p, klen, what, &key, e);
    if (rc)
        return rc;
    rc = eq ? decode_clean(a, eq + 1, len - klen - 1, key, &value, e)
            : decode_clean(a, "", 0, key, &value, e);
    if (rc)
        return rc;
    kv->key = key;
    kv->value = value;
    return 0;
}

int http_parse_urlencoded(struct arena *a, const char *s, size_t len, const char *what,
                          struct http_kv **out, int *nout, struct err *e)
{
    struct http_kv *kv = arena_alloc(a, (size_t)count_pieces(s, len) * sizeof *kv);
    int n = 0;
    size_t start = 0;
    while (start <= len) {
        const char *amp = memchr(s + start, '&', len - start);
        size_t end = amp ? (size_t)(amp - s) : len;
        if (end > start && s[start] != '=') {
            int rc = parse_piece(a, s + start, end - start, what, &kv[n], e);
            if (rc)
                return rc;
            n++;
        }
        start = end + 1;
    }
    *out = kv;
    *nout = n;
    return 0;
}
