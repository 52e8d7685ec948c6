/* local_path.c — the one owner of "where may a redirect after sign-in go": the login form,
 * the OpenID Connect callback and anything else that sends a browser to a `next` it was
 * given. Only a path of this site passes: it starts with one `/`, and holds nothing a browser
 * could read as the start of another host — no `//` or `\` anywhere (browsers treat `\` as
 * `/`), no scheme (`:`), no control character or space (browsers drop tab and newline from a
 * URL, so `/\t/evil.example` would become `//evil.example`; a newline would also end the
 * Location header). Only visible ASCII is allowed: our own paths are ASCII, and look-alike
 * Unicode slashes (U+FF0F, U+2215, U+3002…) then need no list of their own. After one more
 * round of percent-decoding there must still be no `//`, `\`, `:` or control character, so
 * `/%2F%2Fevil`, `/%5Cevil` and `/%09/` are refused too, in case a proxy or a later step
 * decodes once more (an escaped space or letter is fine); a malformed escape is refused. */
#include "local_path.h"

#include <string.h>

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

/* Nothing in s[0..n) may start another host: no control character, no `\\`, no `:`, no
 * `//`. */
static int no_host_in(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f || c == '\\' || c == ':')
            return 0;
        if (c == '/' && i + 1 < n && s[i + 1] == '/')
            return 0;
    }
    return 1;
}

/* The path as given: a single leading `/`, visible ASCII only (a space, tab or newline, or
 * a Unicode look-alike, would be changed by the browser before it is resolved). */
static int plain_ok(const char *s, size_t n)
{
    if (n == 0 || s[0] != '/')
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
            return 0;
    return no_host_in(s, n);
}

/* s with its %XX escapes undone, into out (as long as s at most); -1 for a malformed one. */
static long percent_decode(const char *s, char *out)
{
    size_t n = 0;
    for (const char *p = s; *p; p++) {
        if (*p != '%') {
            out[n++] = *p;
            continue;
        }
        int hi = hex_value(p[1]), lo = hi < 0 ? -1 : hex_value(p[2]);
        if (hi < 0 || lo < 0)
            return -1;
        out[n++] = (char)(hi * 16 + lo);
        p += 2;
    }
    return (long)n;
}

int local_path_ok(const char *s)
{
    if (!s)
        return 0;
    size_t n = strlen(s);
    if (n > LOCAL_PATH_MAX || !plain_ok(s, n))
        return 0;
    char decoded[LOCAL_PATH_MAX + 1];
    long m = percent_decode(s, decoded);
    return m >= 0 && no_host_in(decoded, (size_t)m);
}

const char *local_path_or_null(const char *s)
{
    return local_path_ok(s) ? s : NULL;
}
