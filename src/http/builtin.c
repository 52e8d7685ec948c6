/* builtin.c — the two endpoints every instance serves whatever the application: /healthz
 * for the load balancer (answers without touching the database, so a slow database does not
 * take every instance out of rotation) and /metrics for Prometheus. /metrics carries no
 * personal data but does describe the traffic, so it is served only to a client on the
 * loopback interface whose request no proxy forwarded, or to a request carrying the bearer
 * token of the configuration (MOTCUA_METRICS_TOKEN); anyone else gets the 404 of a page that
 * does not exist (docs/http.md). */
#include "http_internal.h"
#include "jpack.h"

#include <string.h>

static int is_loopback(const char *ip)
{
    return ip && (strncmp(ip, "127.", 4) == 0 || strcmp(ip, "::1") == 0 ||
                  strncmp(ip, "::ffff:127.", 11) == 0);
}

/* A reverse proxy on the same machine connects from loopback for every client; the headers
 * it adds say the request came from elsewhere. */
static int forwarded(const struct http_req *r)
{
    return http_header(r, "X-Forwarded-For") || http_header(r, "Forwarded") ||
           http_header(r, "X-Real-IP");
}

/* Compares in time that depends only on the lengths, so the token cannot be guessed byte by
 * byte from response times. */
static int same_secret(const char *given, const char *want)
{
    size_t n = strlen(given), m = strlen(want);
    unsigned char diff = n != m;
    for (size_t i = 0; i < m; i++)
        diff |= (unsigned char)(given[i < n ? i : 0] ^ want[i]);
    return diff == 0;
}

static int metrics_allowed(const struct http_exchange *x)
{
    const char *token = x->srv->cfg.metrics_token;
    const char *auth = http_header(&x->req, "Authorization");
    if (token && *token && auth && strncmp(auth, "Bearer ", 7) == 0 && same_secret(auth + 7, token))
        return 1;
    return is_loopback(x->req.client_ip) && !forwarded(&x->req);
}

static void serve_metrics(struct http_exchange *x)
{
    struct http_server *srv = x->srv;
    struct buf out;
    buf_init(&out, 4 * 1024 * 1024);
    int rc = http_metrics_render(srv->metrics, atomic_load(&srv->in_flight), &out);
    if (!rc && srv->cfg.metrics_extra)
        srv->cfg.metrics_extra(&out, srv->cfg.app);
    http_resp_text(&x->resp, 200, "text/plain; version=0.0.4; charset=utf-8", buf_str(&out),
                   out.len);
    buf_free(&out);
}

int http_builtin(struct http_exchange *x, const char *raw_path)
{
    int healthz = strcmp(raw_path, "/healthz") == 0;
    if (!healthz && strcmp(raw_path, "/metrics") != 0)
        return 0;
    x->slot = x->srv->nroutes + (healthz ? HTTP_SLOT_HEALTHZ : HTTP_SLOT_METRICS);
    x->req.route = healthz ? "/healthz" : "/metrics";
    x->req.path = x->req.route;
    const char *m = x->req.method;
    if (strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0) {
        http_reject(x, 405, "method_not_allowed", "Phương thức không được hỗ trợ", "");
        http_resp_header(&x->resp, "Allow", "GET, HEAD");
        return 1;
    }
    if (healthz)
        http_resp_json(&x->resp, 200,
                       jpack("{s:s, s:s}", "status", "ok", "version", MOTCUA_VERSION));
    else if (!metrics_allowed(x))
        http_reject(x, 404, "not_found", "Không tìm thấy trang hoặc tài nguyên", "");
    else
        serve_metrics(x);
    return 1;
}
