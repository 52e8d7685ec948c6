/* parse_cookie.c — the Cookie request header. Other applications on the same domain, old
 * browsers and proxies all write cookies, so the parser skips anything it cannot read instead
 * of refusing the request; only the names and values it keeps must be UTF-8. Values are not
 * percent-decoded: motcua sets only opaque ASCII tokens. */
#include "http_parse.h"

#include <string.h>

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

static void trim(const char **p, size_t *len)
{
    while (*len && is_space(**p)) {
        (*p)++;
        (*len)--;
    }
    while (*len && is_space((*p)[*len - 1]))
        (*len)--;
}

static void unquote(const char **p, size_t *len)
{
    if (*len >= 2 && (*p)[0] == '"' && (*p)[*len - 1] == '"') {
        (*p)++;
        *len -= 2;
    }
}

static int count_pieces(const char *s, size_t len)
{
    int n = 1;
    for (size_t i = 0; i < len; i++)
        n += s[i] == ';';
    return n;
}

static int parse_piece(struct arena *a, const char *p, size_t len, struct http_kv *kv,
                       struct err *e)
{
    const char *eq = memchr(p, '=', len);
    if (!eq)
        return E_NOTFOUND;
    const char *name = p, *value = eq + 1;
    size_t nlen = (size_t)(eq - p), vlen = len - nlen - 1;
    trim(&name, &nlen);
    trim(&value, &vlen);
    unquote(&value, &vlen);
    if (nlen == 0)
        return E_NOTFOUND;
    char *key, *val;
    int rc = http_clean_text(a, name, nlen, "cookie", &key, e);
    if (!rc)
        rc = http_clean_text(a, value, vlen, key, &val, e);
    if (rc)
        return rc;
    kv->key = key;
    kv->value = val;
    return 0;
}

int http_parse_cookies(struct arena *a, const char *header, size_t len, struct http_kv **out,
                       int *nout, struct err *e)
{
    int have = *nout;
    struct http_kv *kv = arena_alloc(a, (size_t)(have + count_pieces(header, len)) * sizeof *kv);
    if (have)
        memcpy(kv, *out, (size_t)have * sizeof *kv);
    int n = have;
    size_t start = 0;
    while (start <= len) {
        const char *semi = memchr(header + start, ';', len - start);
        size_t end = semi ? (size_t)(semi - header) : len;
        int rc = parse_piece(a, header + start, end - start, &kv[n], e);
        if (rc == 0)
            n++;
        else if (rc != E_NOTFOUND)
            return rc;
        start = end + 1;
    }
    *out = kv;
    *nout = n;
    return 0;
}
