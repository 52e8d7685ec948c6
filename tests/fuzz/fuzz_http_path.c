/* fuzz_http_path.c — libFuzzer target for the router: any request path must match, miss or
 * be refused cleanly; a match must name a route and give parameters that are valid UTF-8
 * without NUL; 405 must come with an Allow list. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http_router.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int handler(struct http_req *r, struct http_resp *w, void *app)
{
    (void)r;
    (void)w;
    (void)app;
    return 0;
}

static const struct http_route routes[] = {
    {"GET", "/", handler, 0},
    {"GET", "/api/v1/dossiers/{code}", handler, 0},
    {"POST", "/api/v1/dossiers/{code}/files", handler, 0},
    {"GET", "/a/{x}/b/{y}", handler, 0},
    {"GET", "/static/{*rest}", handler, 0},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct http_router *router;
    if (!router && http_router_new(routes, 5, &router, NULL) != 0)
        abort();
    if (size < 1)
        return 0;
    const char *method = data[0] & 1 ? "GET" : "POST";
    struct arena *a = arena_new();
    char *path = arena_alloc(a, size + 1);
    path[0] = '/';
    memcpy(path + 1, data + 1, size - 1);
    if (memchr(path, '\0', size))
        goto out;
    struct http_match m;
    switch (http_router_match(router, a, method, path, &m)) {
    case HTTP_MATCH_OK:
        if (m.index < 0 || m.index >= 5)
            abort();
        for (int i = 0; i < m.nparams; i++)
            if (!text_valid_utf8(m.params[i].value, strlen(m.params[i].value)))
                abort();
        break;
    case HTTP_MATCH_METHOD:
        if (!m.allow || !m.allow[0])
            abort();
        break;
    default:
        break;
    }
out:
    arena_free(a);
    return 0;
}
