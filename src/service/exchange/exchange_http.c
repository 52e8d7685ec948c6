/* exchange_http.c — HTTP to a partner, for the adapters: the partner's base URL joined to a
 * path, and one request through the service's HTTP client (common/http_client.c) with the
 * partner's timeout, its idempotency key and its bearer token as headers. */
#include "exchange_internal.h"

#include <string.h>

const char *exchange_url(struct arena *a, const struct exchange_partner *p, const char *path)
{
    const char *base = p->cfg.url ? p->cfg.url : "";
    size_t n = strlen(base);
    while (n && base[n - 1] == '/')
        n--;
    return arena_printf(a, "%.*s%s", (int)n, base, path ? path : "");
}

int exchange_http(struct arena *a, const struct exchange_partner *p,
                  const struct exchange_request *rq, struct exchange_response *rs, struct err *e)
{
    struct svc_http_request h = {
        .method = rq->method,
        .url = rq->url,
        .content_type = rq->content_type,
        .body = rq->body,
        .len = rq->len,
        .timeout_seconds = p->cfg.timeout_seconds,
    };
    int k = 0;
    if (rq->idem_key)
        h.headers[k++] = arena_printf(a, "Idempotency-Key: %s", rq->idem_key);
    if (rq->bearer)
        h.headers[k++] = arena_printf(a, "Authorization: Bearer %s", rq->bearer);
    for (int i = 0; i < 8 && rq->headers[i] && k < SVC_HTTP_HEADERS_MAX; i++)
        h.headers[k++] = rq->headers[i];
    struct svc_http_response r;
    int rc = svc_http_send(a, &h, &r, e);
    *rs = (struct exchange_response){r.status, r.body, r.len};
    return rc;
}
