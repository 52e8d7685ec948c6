/* delivery_webhook.c — SMS and Zalo OA messages through an HTTP webhook: motcua does not
 * speak any carrier's or Zalo's protocol itself, it POSTs one small JSON object
 * {id, channel, to, text, event, dossier_code} to a gateway the operator runs (or to the
 * provider's endpoint when it accepts that shape), and any 2xx answer means the gateway took
 * the message. The id is the outbox message's, for the gateway's delivery receipt later; with
 * a shared secret configured the body is signed (webhook_signature.c), so the gateway can
 * tell motcua from anyone else. The exchange is bounded by a timeout and the answer's body is
 * ignored. */
#include "delivery_internal.h"
#include "jpack.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_TIMEOUT 20

static size_t discard(char *p, size_t size, size_t nmemb, void *arg)
{
    (void)p;
    (void)arg;
    return size * nmemb;
}

/* The request's headers: the content type and, with a secret, the body's signature. */
static struct curl_slist *headers_for(const struct svc_delivery_config *cfg, const char *body)
{
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    if (!h || !cfg->webhook_secret || !*cfg->webhook_secret)
        return h;
    char sig[WEBHOOK_SIGNATURE_MAX], line[WEBHOOK_SIGNATURE_MAX + 64];
    webhook_sign(cfg->webhook_secret, body, strlen(body), sig);
    snprintf(line, sizeof line, "%s: %s", WEBHOOK_SIGNATURE_HEADER, sig);
    struct curl_slist *more = curl_slist_append(h, line);
    if (!more)
        curl_slist_free_all(h);
    return more;
}

static int post_json(const struct svc_delivery_config *cfg, const char *url, const char *body,
                     long *status, struct err *e)
{
    CURL *h = curl_easy_init();
    if (!h)
        return err_set(e, E_NOMEM, NULL, "cannot start libcurl");
    char errbuf[CURL_ERROR_SIZE] = "";
    struct curl_slist *headers = headers_for(cfg, body);
    long timeout = cfg->timeout_seconds > 0 ? cfg->timeout_seconds : DEFAULT_TIMEOUT;
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    CURLcode rc = headers ? curl_easy_perform(h) : CURLE_OUT_OF_MEMORY;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);
    if (rc == CURLE_OK)
        return 0;
    return err_set(e, E_UNAVAILABLE, NULL, "webhook: %s",
                   *errbuf ? errbuf : curl_easy_strerror(rc));
}

int delivery_webhook_send(const struct svc_delivery_config *cfg, const char *url,
                          const struct delivery_msg *m, struct err *e)
{
    json_t *j =
        jpack("{s:I, s:s, s:s, s:s, s:s, s:s?}", "id", (json_int_t)m->id, "channel", m->channel,
              "to", m->recipient, "text", m->text, "event", m->event, "dossier_code", m->code);
    char *body = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (!body)
        return err_set(e, E_NOMEM, NULL, "out of memory");
    long status = 0;
    int rc = post_json(cfg, url, body, &status, e);
    free(body);
    if (!rc && (status < 200 || status > 299))
        rc = err_set(e, E_UNAVAILABLE, NULL, "webhook answered HTTP %ld", status);
    return rc;
}
