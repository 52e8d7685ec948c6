/* http_client.c — the one HTTP client of the service layer, for talking to other systems:
 * the SMS and Zalo gateways' webhooks (messages/delivery_webhook.c) and the exchange layer's
 * partners (exchange/). One request over libcurl, bounded in every way a broken or hostile
 * peer could abuse: a timeout for the whole exchange, the answer's body capped, only http and
 * https, no redirects followed (a partner's endpoints are where its configuration says). Any
 * HTTP status is an answer; only a peer that cannot be reached or does not answer in time is
 * an error, so each caller decides what a status means. */
#include "svc_internal.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#define DEFAULT_TIMEOUT  20
#define DEFAULT_MAX_BODY (1 << 20)

struct sink {
    char *data;
    size_t len, cap;
};

static size_t sink_write(char *data, size_t size, size_t n, void *ud)
{
    struct sink *s = ud;
    size_t add = size * n;
    if (!s->data)
        return add; /* the caller does not read the body */
    if (add > s->cap - s->len)
        return 0; /* over the cap: curl stops with CURLE_WRITE_ERROR */
    memcpy(s->data + s->len, data, add);
    s->len += add;
    return add;
}

/* The request's header lines; NULL when out of memory. */
static struct curl_slist *header_lines(struct arena *a, const struct svc_http_request *rq)
{
    struct curl_slist *h = curl_slist_append(
        NULL, arena_printf(a, "Content-Type: %s",
                           rq->content_type ? rq->content_type : "application/json"));
    if (h)
        h = curl_slist_append(h, "Accept: application/json");
    for (int i = 0; h && i < SVC_HTTP_HEADERS_MAX && rq->headers[i]; i++) {
        struct curl_slist *more = curl_slist_append(h, rq->headers[i]);
        if (!more)
            curl_slist_free_all(h);
        h = more;
    }
    return h;
}

int svc_http_send(struct arena *a, const struct svc_http_request *rq, struct svc_http_response *rs,
                  struct err *e)
{
    *rs = (struct svc_http_response){0, "", 0};
    CURL *k = curl_easy_init();
    if (!k)
        return err_set(e, E_NOMEM, NULL, "libcurl could not start a request");
    size_t cap = rq->max_body ? rq->max_body : DEFAULT_MAX_BODY;
    struct sink s = {rq->discard_body ? NULL : arena_alloc(a, cap + 1), 0, cap};
    char errbuf[CURL_ERROR_SIZE] = "";
    struct curl_slist *hdrs = header_lines(a, rq);
    long timeout = rq->timeout_seconds > 0 ? rq->timeout_seconds : DEFAULT_TIMEOUT;
    curl_easy_setopt(k, CURLOPT_URL, rq->url);
    curl_easy_setopt(k, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(k, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(k, CURLOPT_TIMEOUT, timeout);
    curl_easy_setopt(k, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(k, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(k, CURLOPT_WRITEFUNCTION, sink_write);
    curl_easy_setopt(k, CURLOPT_WRITEDATA, &s);
    curl_easy_setopt(k, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(k, CURLOPT_USERAGENT, "motcua");
    if (rq->body) {
        curl_easy_setopt(k, CURLOPT_POSTFIELDSIZE_LARGE,
                         (curl_off_t)(rq->len ? rq->len : strlen(rq->body)));
        curl_easy_setopt(k, CURLOPT_POSTFIELDS, rq->body);
    }
    if (rq->method)
        curl_easy_setopt(k, CURLOPT_CUSTOMREQUEST, rq->method);
    CURLcode rc = hdrs ? curl_easy_perform(k) : CURLE_OUT_OF_MEMORY;
    if (rc == CURLE_OK)
        curl_easy_getinfo(k, CURLINFO_RESPONSE_CODE, &rs->status);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(k);
    if (rc != CURLE_OK)
        return err_set(e, E_UNAVAILABLE, NULL, "%s",
                       rc == CURLE_WRITE_ERROR ? "answer too large"
                       : *errbuf               ? errbuf
                                               : curl_easy_strerror(rc));
    if (s.data) {
        s.data[s.len] = '\0';
        rs->body = s.data;
        rs->len = s.len;
    }
    return 0;
}

int64_t svc_retry_delay(int base_seconds, int max_seconds, int attempts)
{
    int64_t max = max_seconds > 0 ? max_seconds : SVC_RETRY_MAX_SECONDS;
    int64_t d = base_seconds > 0 ? base_seconds : SVC_RETRY_BASE_SECONDS;
    for (int i = 1; i < attempts && d < max; i++)
        d *= 2;
    return d < max ? d : max;
}
