/* access_log.c — one log line per request. It names the route PATTERN, never the raw path
 * or query (they carry dossier codes and CCCD numbers), and never cookies, bodies or the
 * client address: the access log must be safe to ship to any log store. */
#include "http_internal.h"

#include "log.h"

void http_access_log(const struct http_exchange *x, double seconds)
{
    const char *route = x->req.route && x->req.route[0] ? x->req.route : "-";
    log_info("http method=%s route=%s status=%d ms=%.1f bytes=%zu",
             http_method_label(x->req.method), route, x->status, seconds * 1e3, x->bytes);
}
