/* percent.c — decoding %XX escapes, shared by the query/form parser (lenient, '+' is a
 * space) and the router (strict: a path segment with a broken escape or a NUL byte, encoded
 * or not, is refused, because it can only be an attack or a bug). */
#include "http_parse.h"

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The byte an escape at s[i] stands for, or -1 when s[i..] is not a complete escape. */
static int escape_at(const char *s, size_t len, size_t i)
{
    if (len - i < 3)
        return -1;
    int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
    return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

int http_percent_decode(struct arena *a, const char *s, size_t len, unsigned flags, char **out,
                        size_t *out_len)
{
    char *d = arena_alloc(a, len + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        int c = (unsigned char)s[i];
        if (c == '+' && (flags & HTTP_PCT_PLUS)) {
            c = ' ';
        } else if (c == '%') {
            int v = escape_at(s, len, i);
            if (v < 0 && (flags & HTTP_PCT_STRICT))
                return E_INVALID;
            if (v >= 0) {
                c = v;
                i += 2;
            }
        }
        if (c == 0 && (flags & HTTP_PCT_STRICT))
            return E_INVALID;
        d[n++] = (char)c;
    }
    d[n] = '\0';
    *out = d;
    *out_len = n;
    return 0;
}
