/* delivery_webhook.c — SMS and Zalo OA messages through an HTTP webhook: motcua does not
 * speak any carrier's or Zalo's protocol itself, it POSTs one small JSON object
 * {id, channel, to, text, event, dossier_code} to a gateway the operator runs (or to the
 * provider's endpoint when it accepts that shape), and any 2xx answer means the gateway took
 * the message. The id is the outbox message's, for the gateway's delivery receipt later; with
 * a shared secret configured the body is signed (webhook_signature.c), so the gateway can
 * tell motcua from anyone else. The exchange goes through the service's HTTP client
 * (common/http_client.c), bounded by a timeout; the answer's body is ignored. */
#include "delivery_internal.h"
#include "jpack.h"
#include "svc_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The signature's header line, with a secret; NULL without one. */
static const char *signature_line(struct arena *a, const struct svc_delivery_config *cfg,
                                  const char *body)
{
    if (!cfg->webhook_secret || !*cfg->webhook_secret)
        return NULL;
    char sig[WEBHOOK_SIGNATURE_MAX];
    webhook_sign(cfg->webhook_secret, body, strlen(body), sig);
    return arena_printf(a, "%s: %s", WEBHOOK_SIGNATURE_HEADER, sig);
}

static int post_json(const struct svc_delivery_config *cfg, const char *url, const char *body,
                     long *status, struct err *e)
{
    struct arena *a = arena_new();
    if (!a)
        return err_set(e, E_NOMEM, NULL, "out of memory");
    struct svc_http_request rq = {.url = url,
                                  .body = body,
                                  .headers = {signature_line(a, cfg, body)},
                                  .timeout_seconds = cfg->timeout_seconds,
                                  .discard_body = 1};
    struct svc_http_response rs;
    int rc = svc_http_send(a, &rq, &rs, e);
    *status = rs.status;
    arena_free(a);
    if (rc)
        return err_set(e, rc, NULL, "webhook: %s", e->msg);
    return 0;
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
