/* parse_multipart.c — a streaming multipart/form-data parser (RFC 7578 over RFC 2046).
 * Uploads can be far larger than memory should hold, so bytes are pushed in as they arrive
 * and part contents leave through callbacks at once; only a small window (one part's header
 * block, or the tail that might be the start of a delimiter) is ever buffered. The parser is
 * our own rather than libmicrohttpd's post processor so that it is a pure function of its
 * input and can be fuzzed without a connection.
 *
 * The stream is treated as if it began with CRLF, so the first "--boundary" is found by the
 * same search as every later "\r\n--boundary". */
#include "http_parse.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#define MP_BOUNDARY_MAX 70   /* RFC 2046 */
#define MP_HEADERS_MAX  8192 /* one part's header block */
#define MP_WINDOW       (MP_HEADERS_MAX + MP_BOUNDARY_MAX + 8)

enum mp_state { MP_BODY, MP_AFTER_DELIM, MP_HEADERS, MP_EPILOGUE, MP_FAILED };

struct http_multipart {
    struct arena *a;
    const struct http_multipart_cb *cb;
    void *ud;
    char delim[MP_BOUNDARY_MAX + 5]; /* "\r\n--" boundary */
    size_t dlen;
    char win[MP_WINDOW];
    size_t wlen;
    enum mp_state state;
    int in_part;
    int error;
};

/* ---- header parameters ---------------------------------------------------------------- */

static const char *skip_space(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* Reads a token or quoted string at *p into the arena and advances *p past it. Backslashes
 * are literal: browsers do not escape them in file names (HTML's form encoding percent-encodes
 * '"' instead), and Windows paths are full of them. */
static char *read_value(struct arena *a, const char **p)
{
    const char *s = *p;
    if (*s != '"') {
        size_t n = strcspn(s, ";");
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        *p = s + strcspn(s, ";");
        return arena_strndup(a, s, n);
    }
    char *out = arena_alloc(a, strlen(s));
    size_t n = 0;
    for (s++; *s && *s != '"'; s++)
        out[n++] = *s;
    *p = *s ? s + 1 : s;
    return out;
}

int http_header_param(struct arena *a, const char *header, const char *name, char **out)
{
    size_t nlen = strlen(name);
    const char *p = strchr(header, ';');
    while (p) {
        p = skip_space(p + 1);
        const char *eq = strchr(p, '=');
        const char *semi = strchr(p, ';');
        if (!eq || (semi && semi < eq)) {
            p = semi;
            continue;
        }
        size_t klen = (size_t)(eq - p);
        while (klen && (p[klen - 1] == ' ' || p[klen - 1] == '\t'))
            klen--;
        const char *v = skip_space(eq + 1);
        char *value = read_value(a, &v);
        if (klen == nlen && strncasecmp(p, name, nlen) == 0) {
            *out = value;
            return 0;
        }
        p = strchr(v, ';');
    }
    return E_NOTFOUND;
}

int http_multipart_boundary(struct arena *a, const char *content_type, char **out)
{
    char *b;
    if (http_header_param(a, content_type, "boundary", &b) != 0)
        return E_INVALID;
    size_t n = strlen(b);
    if (n == 0 || n > MP_BOUNDARY_MAX)
        return E_INVALID;
    *out = b;
    return 0;
}

/* ---- part headers ----------------------------------------------------------------------- */

struct part_headers {
    char *name, *filename, *content_type;
};

static int header_is(const char *line, size_t len, const char *name)
{
    size_t n = strlen(name);
    return len > n && line[n] == ':' && strncasecmp(line, name, n) == 0;
}

static void parse_header_line(struct http_multipart *m, const char *line, size_t len,
                              struct part_headers *h)
{
    const char *colon = memchr(line, ':', len);
    if (!colon)
        return;
    char *value = arena_strndup(m->a, colon + 1, len - (size_t)(colon + 1 - line));
    value = (char *)skip_space(value);
    if (header_is(line, len, "Content-Disposition")) {
        http_header_param(m->a, value, "name", &h->name);
        http_header_param(m->a, value, "filename", &h->filename);
    } else if (header_is(line, len, "Content-Type")) {
        h->content_type = value;
    }
}

static int parse_headers(struct http_multipart *m, const char *block, size_t len,
                         struct part_headers *h)
{
    if (memchr(block, '\0', len))
        return E_INVALID;
    memset(h, 0, sizeof *h);
    size_t start = 0;
    while (start < len) {
        const char *crlf = memchr(block + start, '\r', len - start);
        size_t end = crlf ? (size_t)(crlf - block) : len;
        parse_header_line(m, block + start, end - start, h);
        start = end + 2;
    }
    return 0;
}

/* ---- the state machine ------------------------------------------------------------------ */

static void consume(struct http_multipart *m, size_t n)
{
    memmove(m->win, m->win + n, m->wlen - n);
    m->wlen -= n;
}

static int emit_data(struct http_multipart *m, size_t n)
{
    int rc = 0;
    if (n && m->in_part)
        rc = m->cb->part_data(m->ud, m->win, n);
    consume(m, n);
    return rc;
}

/* Emits body bytes up to the next delimiter; returns 1 when more input is needed. */
static int step_body(struct http_multipart *m)
{
    const char *d = memmem(m->win, m->wlen, m->delim, m->dlen);
    if (!d) {
        size_t keep = m->dlen - 1;
        int rc = emit_data(m, m->wlen > keep ? m->wlen - keep : 0);
        return rc ? rc : 1;
    }
    int rc = emit_data(m, (size_t)(d - m->win));
    if (!rc && m->in_part)
        rc = m->cb->part_end(m->ud);
    m->in_part = 0;
    consume(m, m->dlen);
    m->state = MP_AFTER_DELIM;
    return rc;
}

/* After a delimiter: "--" closes the body, CRLF starts a part; RFC 2046 allows blanks in
 * between ("transport padding"). */
static int step_after_delim(struct http_multipart *m)
{
    while (m->wlen && (m->win[0] == ' ' || m->win[0] == '\t'))
        consume(m, 1);
    if (m->wlen < 2)
        return 1;
    if (m->win[0] == '-' && m->win[1] == '-') {
        m->state = MP_EPILOGUE;
        m->wlen = 0;
        return 0;
    }
    if (m->win[0] != '\r' || m->win[1] != '\n')
        return E_INVALID;
    consume(m, 2);
    m->state = MP_HEADERS;
    return 0;
}

static int step_headers(struct http_multipart *m)
{
    size_t end;
    if (m->wlen >= 2 && m->win[0] == '\r' && m->win[1] == '\n') {
        end = 0;
    } else {
        const char *p = memmem(m->win, m->wlen, "\r\n\r\n", 4);
        if (!p)
            return m->wlen >= MP_HEADERS_MAX ? E_INVALID : 1;
        end = (size_t)(p - m->win) + 2;
    }
    struct part_headers h;
    int rc = parse_headers(m, m->win, end, &h);
    if (rc)
        return rc;
    consume(m, end + 2);
    rc = m->cb->part_begin(m->ud, h.name, h.filename, h.content_type);
    m->in_part = 1;
    m->state = MP_BODY;
    return rc;
}

/* Runs the state machine over the window until it needs more input (returns 0) or fails. */
static int process(struct http_multipart *m)
{
    for (;;) {
        int rc;
        switch (m->state) {
        case MP_BODY:
            rc = step_body(m);
            break;
        case MP_AFTER_DELIM:
            rc = step_after_delim(m);
            break;
        case MP_HEADERS:
            rc = step_headers(m);
            break;
        case MP_EPILOGUE:
            m->wlen = 0;
            return 0;
        default:
            return m->error;
        }
        if (rc == 1)
            return 0;
        if (rc)
            return rc;
    }
}

struct http_multipart *http_multipart_new(struct arena *a, const char *boundary,
                                          const struct http_multipart_cb *cb, void *ud)
{
    struct http_multipart *m = arena_alloc(a, sizeof *m);
    m->a = a;
    m->cb = cb;
    m->ud = ud;
    size_t blen = strlen(boundary);
    if (blen > MP_BOUNDARY_MAX)
        blen = MP_BOUNDARY_MAX;
    memcpy(m->delim, "\r\n--", 4);
    memcpy(m->delim + 4, boundary, blen);
    m->dlen = 4 + blen;
    memcpy(m->win, "\r\n", 2);
    m->wlen = 2;
    m->state = MP_BODY;
    return m;
}

int http_multipart_feed(struct http_multipart *m, const char *data, size_t len)
{
    while (len && m->state != MP_FAILED) {
        size_t n = sizeof m->win - m->wlen;
        if (n > len)
            n = len;
        memcpy(m->win + m->wlen, data, n);
        m->wlen += n;
        data += n;
        len -= n;
        int rc = process(m);
        if (rc) {
            m->state = MP_FAILED;
            m->error = rc;
        }
    }
    return m->state == MP_FAILED ? m->error : 0;
}

int http_multipart_finish(struct http_multipart *m)
{
    if (m->state == MP_FAILED)
        return m->error;
    return m->state == MP_EPILOGUE ? 0 : E_INVALID;
}
