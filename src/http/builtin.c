/* builtin.c — the two endpoints every instance serves whatever the application: /healthz
 * for the load balancer (answers without touching the database, so a slow database does not
 * take every instance out of rotation) and /metrics for Prometheus. Restrict /metrics at the
 * reverse proxy; it carries no personal data but does describe the traffic. */
#include "http_internal.h"
#include "jpack.h"

#include <string.h>

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
        http_resp_json(&x->resp, 200, jpack("{s:s, s:s}", "status", "ok", "version", MOTCUA_VERSION));
    else
        serve_metrics(x);
    return 1;
}
