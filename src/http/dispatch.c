/* dispatch.c — the life of one request, driven by libmicrohttpd's access-handler calls:
 * the first call (headers only) routes the request and checks everything that can be
 * checked before the body — path, method, query, cookies, body type and size — so bad
 * requests are answered without reading their bodies; the middle calls feed the body; the
 * last call parses it, runs the application's `before` hook and the handler, and answers.
 * The exchange outlives the answer until libmicrohttpd reports the request complete, when
 * it is measured, logged and freed in one go with its arena and temporary files. */
#include "http_internal.h"

#include "log.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define GENERIC_ERROR "Lỗi hệ thống, vui lòng thử lại sau"

struct http_exchange *http_exchange_new(struct http_server *srv, const char *uri)
{
    struct http_exchange *x = calloc(1, sizeof *x);
    if (!x)
        abort();
    clock_gettime(CLOCK_MONOTONIC, &x->start);
    x->srv = srv;
    x->req.arena = arena_new();
    x->req.route = "";
    x->resp.arena = x->req.arena;
    buf_init(&x->resp.body, srv->cfg.max_response);
    x->raw_uri = arena_strdup(x->req.arena, uri ? uri : "");
    x->slot = srv->nroutes + HTTP_SLOT_UNMATCHED;
    atomic_fetch_add(&srv->in_flight, 1);
    return x;
}

void http_reject(struct http_exchange *x, int status, const char *code, const char *msg,
                 const char *field)
{
    if (x->fail_status)
        return;
    struct arena *a = x->req.arena;
    x->fail_status = status;
    x->fail_code = code;
    x->fail_msg = arena_strdup(a, msg);
    x->fail_field = arena_strdup(a, field ? field : "");
}

static const char *client_ip(struct arena *a, struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char text[INET6_ADDRSTRLEN] = "";
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, text,
                      sizeof text);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, text,
                      sizeof text);
    }
    return arena_strdup(a, text);
}

/* Every Cookie: header counts; proxies speaking HTTP/2 upstream may split them. */
static enum MHD_Result cookie_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                     size_t key_size, const char *value, size_t value_size)
{
    struct http_exchange *x = cls;
    struct http_req *r = &x->req;
    (void)kind;
    if (key_size != 6 || strcasecmp(key, "Cookie") != 0 || !value)
        return MHD_YES;
    struct err e = {0};
    if (http_parse_cookies(r->arena, value, value_size, &r->cookies, &r->ncookies, &e) != 0) {
        http_reject(x, 400, "invalid_utf8", e.msg, e.field);
        return MHD_NO;
    }
    return MHD_YES;
}

struct forwarded_list {
    struct arena *a;
    char *list;
};

/* Several X-Forwarded-For headers are one list, in the order they came (RFC 9110 §5.3). */
static enum MHD_Result forwarded_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                        size_t key_size, const char *value, size_t value_size)
{
    struct forwarded_list *f = cls;
    (void)kind;
    (void)value_size;
    if (key_size != 15 || strcasecmp(key, "X-Forwarded-For") != 0 || !value)
        return MHD_YES;
    f->list = f->list ? arena_printf(f->a, "%s, %s", f->list, value) : arena_strdup(f->a, value);
    return MHD_YES;
}

/* The socket's address, or the client a trusted proxy forwarded for (proxy.c). */
static const char *real_client(struct http_exchange *x, struct MHD_Connection *c)
{
    const char *peer = client_ip(x->req.arena, c);
    if (!x->srv->proxies)
        return peer;
    struct forwarded_list f = {x->req.arena, NULL};
    MHD_get_connection_values_n(c, MHD_HEADER_KIND, forwarded_header, &f);
    return http_proxies_client(x->req.arena, x->srv->proxies, peer, f.list);
}

static void collect_cookies(struct http_exchange *x)
{
    MHD_get_connection_values_n(x->req.conn, MHD_HEADER_KIND, cookie_header, x);
}

static void route_request(struct http_exchange *x, const char *raw_path)
{
    struct http_server *srv = x->srv;
    struct http_match m;
    switch (http_router_match(srv->router, x->req.arena, x->req.method, raw_path, &m)) {
    case HTTP_MATCH_OK:
        x->slot = m.index;
        x->req.route = srv->routes[m.index].pattern;
        x->req.path = m.path;
        x->req.params = m.params;
        x->req.nparams = m.nparams;
        return;
    case HTTP_MATCH_NONE:
        x->req.path = m.path;
        http_reject(x, 404, "not_found", "Không tìm thấy trang hoặc tài nguyên", "");
        return;
    case HTTP_MATCH_METHOD:
        x->req.path = m.path;
        http_reject(x, 405, "method_not_allowed", "Phương thức không được hỗ trợ", "");
        http_resp_header(&x->resp, "Allow", m.allow);
        return;
    case HTTP_MATCH_BAD:
        http_reject(x, 400, "invalid_path", "Đường dẫn không hợp lệ", "path");
        return;
    case HTTP_MATCH_BAD_UTF8:
        http_reject(x, 400, "invalid_utf8", "Đường dẫn không phải UTF-8 hợp lệ", "path");
        return;
    }
}

static void parse_query(struct http_exchange *x, const char *q)
{
    struct http_req *r = &x->req;
    struct err e = {0};
    if (http_parse_urlencoded(r->arena, q, strlen(q), "query", &r->query, &r->nquery, &e) != 0)
        http_reject(x, 400, "invalid_utf8", e.msg, e.field);
}

/* Everything decided from the request line and headers. */
static void first_call(struct http_exchange *x, struct MHD_Connection *c, const char *method)
{
    struct http_req *r = &x->req;
    r->conn = c;
    r->method = arena_strdup(r->arena, method);
    r->client_ip = real_client(x, c);
    char *raw_path = arena_strdup(r->arena, x->raw_uri);
    char *q = strchr(raw_path, '?');
    if (q)
        *q++ = '\0';
    r->path = raw_path;
    if (http_builtin(x, raw_path))
        return;
    route_request(x, raw_path);
    if (x->fail_status)
        return;
    parse_query(x, q ? q : "");
    if (!x->fail_status)
        collect_cookies(x);
    if (!x->fail_status)
        http_body_begin(x, &x->srv->routes[x->slot]);
}

static void run_handler(struct http_exchange *x)
{
    const struct http_config *cfg = &x->srv->cfg;
    const struct http_route *route = &x->srv->routes[x->slot];
    int rc = 0;
    x->req.handler = route;
    if (!cfg->before || cfg->before(&x->req, &x->resp, route, cfg->app) == 0)
        rc = route->fn(&x->req, &x->resp, cfg->app);
    if (x->resp.status > 0)
        return;
    /* The id ties what the person sees to the log line, without showing them anything else. */
    unsigned id = arc4random();
    log_error("http handler gave no response route=%s rc=%d error_id=%08x", route->pattern, rc, id);
    http_fail_response(x, 500, "internal",
                       arena_printf(x->req.arena, GENERIC_ERROR " (mã lỗi %08x)", id), NULL);
}

static enum MHD_Result answer(struct http_exchange *x, struct MHD_Connection *c)
{
    if (x->fail_status) {
        struct http_header *kept = x->resp.headers;
        http_fail_response(x, x->fail_status, x->fail_code, x->fail_msg, x->fail_field);
        x->resp.headers = kept;
    }
    return http_respond(x, c);
}

enum MHD_Result http_exchange_step(struct http_exchange *x, struct MHD_Connection *c,
                                   const char *method, const char *data, size_t *size)
{
    if (!x->started) {
        x->started = 1;
        first_call(x, c, method);
        if (x->fail_status || x->resp.status)
            return answer(x, c);
        return MHD_YES;
    }
    if (*size) {
        int close_now = http_body_consume(x, data, *size);
        *size = 0;
        return close_now ? MHD_NO : MHD_YES;
    }
    http_body_finish(x);
    if (!x->fail_status)
        run_handler(x);
    return answer(x, c);
}

static double elapsed_seconds(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

void http_exchange_end(struct http_exchange *x)
{
    double seconds = elapsed_seconds(&x->start);
    if (x->status)
        http_metrics_observe(x->srv->metrics, x->slot, x->req.method, x->status, seconds);
    if (x->req.method)
        http_access_log(x, seconds);
    http_body_release(x);
    buf_free(&x->resp.body);
    atomic_fetch_sub(&x->srv->in_flight, 1);
    arena_free(x->req.arena);
    free(x);
}
