/* router.c — method + path pattern routing. Patterns are split into segments once at start
 * ("/api/v1/procedures/{code}" → literal, literal, literal, parameter), so matching a
 * request is a walk over already-decoded segments with no parsing and no allocation per
 * route. The request path is split on '/' BEFORE percent-decoding, so an encoded slash stays
 * inside its segment and cannot change which route matches. Routes are tried in table order
 * and the first match wins; a path that matches only under other methods gives 405 with the
 * methods it does accept. HEAD is served by the GET route when no HEAD route exists
 * (libmicrohttpd drops the body). */
#include "http_router.h"

#include "http_parse.h"

#include <stdlib.h>
#include <string.h>

enum seg_kind { SEG_LITERAL, SEG_PARAM, SEG_REST };

struct segment {
    enum seg_kind kind;
    char *text; /* literal text or parameter name */
};

struct compiled_route {
    const struct http_route *route;
    struct segment *segs;
    int nsegs;
};

struct http_router {
    struct compiled_route *routes;
    int nroutes;
};

static void free_compiled(struct compiled_route *c)
{
    for (int i = 0; i < c->nsegs; i++)
        free(c->segs[i].text);
    free(c->segs);
}

void http_router_free(struct http_router *r)
{
    if (!r)
        return;
    for (int i = 0; i < r->nroutes; i++)
        free_compiled(&r->routes[i]);
    free(r->routes);
    free(r);
}

static int count_segments(const char *path)
{
    int n = 0;
    for (const char *p = path; *p; p++)
        n += *p == '/';
    return n;
}

static int compile_segment(const char *s, size_t len, int last, struct segment *seg)
{
    seg->kind = SEG_LITERAL;
    if (len >= 2 && s[0] == '{' && s[len - 1] == '}') {
        s++;
        len -= 2;
        seg->kind = SEG_PARAM;
        if (len && s[0] == '*') {
            if (!last)
                return E_INVALID;
            s++;
            len--;
            seg->kind = SEG_REST;
        }
        if (len == 0)
            return E_INVALID;
    }
    seg->text = strndup(s, len);
    return seg->text ? 0 : E_NOMEM;
}

static int compile_route(const struct http_route *route, struct compiled_route *c)
{
    const char *p = route->pattern;
    c->route = route;
    if (!p || p[0] != '/' || !route->method || !route->fn)
        return E_INVALID;
    int n = count_segments(p);
    c->segs = calloc((size_t)n, sizeof *c->segs);
    if (!c->segs)
        return E_NOMEM;
    for (int i = 0; i < n; i++) {
        const char *start = p + 1;
        const char *end = strchr(start, '/');
        size_t len = end ? (size_t)(end - start) : strlen(start);
        int rc = compile_segment(start, len, i == n - 1, &c->segs[i]);
        if (rc)
            return rc;
        c->nsegs = i + 1;
        p = start + len;
    }
    return 0;
}

int http_router_new(const struct http_route *routes, int nroutes, struct http_router **out,
                    struct err *e)
{
    struct http_router *r = calloc(1, sizeof *r);
    if (!r || !(r->routes = calloc((size_t)(nroutes > 0 ? nroutes : 1), sizeof *r->routes))) {
        free(r);
        return err_set(e, E_NOMEM, "", "out of memory");
    }
    for (int i = 0; i < nroutes; i++) {
        r->nroutes = i + 1;
        int rc = compile_route(&routes[i], &r->routes[i]);
        if (rc) {
            http_router_free(r);
            return err_set(e, rc, "", "bad route pattern '%s'",
                           routes[i].pattern ? routes[i].pattern : "(null)");
        }
    }
    *out = r;
    return 0;
}

/* The request path, split on '/' and decoded segment by segment. */
struct split_path {
    char **segs;
    int n;
};

/* Returns HTTP_MATCH_OK, or why the path cannot be decoded. */
static enum http_match_result split_and_decode(struct arena *a, const char *raw_path,
                                               struct split_path *sp)
{
    int n = count_segments(raw_path);
    sp->segs = arena_alloc(a, (size_t)n * sizeof *sp->segs);
    sp->n = n;
    const char *p = raw_path;
    for (int i = 0; i < n; i++) {
        const char *start = p + 1;
        const char *end = strchr(start, '/');
        size_t len = end ? (size_t)(end - start) : strlen(start);
        char *dec;
        size_t dlen;
        if (http_percent_decode(a, start, len, HTTP_PCT_STRICT, &dec, &dlen) != 0)
            return HTTP_MATCH_BAD;
        if (http_clean_text(a, dec, dlen, "path", &sp->segs[i], NULL) != 0)
            return HTTP_MATCH_BAD_UTF8;
        p = start + len;
    }
    return 0;
}

static const char *join_segments(struct arena *a, char **segs, int n)
{
    size_t len = 1;
    for (int i = 0; i < n; i++)
        len += strlen(segs[i]) + 1;
    char *out = arena_alloc(a, len + 1), *p = out;
    for (int i = 0; i < n; i++) {
        *p++ = '/';
        size_t l = strlen(segs[i]);
        memcpy(p, segs[i], l);
        p += l;
    }
    if (n == 0)
        *p++ = '/';
    *p = '\0';
    return out;
}

/* The decoded rest of the path from segment i on, "a/b/c" for "{*rest}". */
static const char *rest_from(struct arena *a, const struct split_path *sp, int i)
{
    const char *joined = join_segments(a, sp->segs + i, sp->n - i);
    return joined + 1;
}

static int path_matches(struct arena *a, const struct compiled_route *c,
                        const struct split_path *sp, struct http_match *m)
{
    int nparams = 0;
    struct http_kv *params = m->params;
    for (int i = 0; i < c->nsegs; i++) {
        const struct segment *seg = &c->segs[i];
        if (seg->kind == SEG_REST) {
            params[nparams++] = (struct http_kv){seg->text, rest_from(a, sp, i)};
            m->nparams = nparams;
            return 1;
        }
        if (i >= sp->n)
            return 0;
        if (seg->kind == SEG_LITERAL && strcmp(seg->text, sp->segs[i]) != 0)
            return 0;
        if (seg->kind == SEG_PARAM) {
            if (sp->segs[i][0] == '\0')
                return 0;
            params[nparams++] = (struct http_kv){seg->text, sp->segs[i]};
        }
    }
    if (c->nsegs != sp->n)
        return 0;
    m->nparams = nparams;
    return 1;
}

static int method_matches(const char *route_method, const char *method)
{
    return strcmp(route_method, method) == 0;
}

static void add_allowed(struct arena *a, struct http_match *m, const char *method)
{
    if (m->allow && strstr(m->allow, method))
        return;
    m->allow = m->allow ? arena_printf(a, "%s, %s", m->allow, method) : method;
    if (strcmp(method, "GET") == 0)
        add_allowed(a, m, "HEAD");
}

static int find_route(const struct http_router *r, struct arena *a, const char *method,
                      const struct split_path *sp, struct http_match *m)
{
    for (int i = 0; i < r->nroutes; i++) {
        const struct compiled_route *c = &r->routes[i];
        if (!path_matches(a, c, sp, m))
            continue;
        if (method_matches(c->route->method, method)) {
            m->index = i;
            return 1;
        }
        add_allowed(a, m, c->route->method);
    }
    return 0;
}

enum http_match_result http_router_match(const struct http_router *r, struct arena *a,
                                         const char *method, const char *raw_path,
                                         struct http_match *m)
{
    struct split_path sp;
    memset(m, 0, sizeof *m);
    m->index = -1;
    if (raw_path[0] != '/')
        return HTTP_MATCH_BAD;
    enum http_match_result bad = split_and_decode(a, raw_path, &sp);
    if (bad != HTTP_MATCH_OK)
        return bad;
    m->path = join_segments(a, sp.segs, sp.n);
    m->params = arena_alloc(a, (size_t)(sp.n + 1) * sizeof *m->params);
    if (find_route(r, a, method, &sp, m))
        return HTTP_MATCH_OK;
    if (strcmp(method, "HEAD") == 0 && find_route(r, a, "GET", &sp, m))
        return HTTP_MATCH_OK;
    return m->allow ? HTTP_MATCH_METHOD : HTTP_MATCH_NONE;
}
