/* adapter_webhook.c — the generic JSON partner: the simplest adapter of the exchange layer,
 * for a system that takes motcua's events as they are (a provincial data warehouse, a
 * monitoring hook) and for the layer's own tests. Each message is one POST to the partner's
 * URL of {"id", "key", "kind", "object", "created_at", "payload"} with the Idempotency-Key
 * header, and the partner's password as a bearer token when one is configured. Any 2xx is an
 * acknowledgement; 408, 425, 429 and 5xx mean "later"; any other status is a refusal for
 * good, kept with the partner's answer for the operator. Inbound, the partner POSTs
 * {"key", "kind", …}: the message is recorded (so a duplicate is answered from the record)
 * and audited, and nothing else changes. */
#include "exchange_internal.h"

#include "jpack.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define ANSWER_SHOWN 300

static int webhook_map(struct exchange_partner *p, struct arena *a,
                       const struct exchange_message *m, struct exchange_request *rq, struct err *e)
{
    json_t *payload = json_loads(m->payload, 0, NULL);
    if (!payload)
        return err_set(e, E_INVALID, NULL, "the queued payload is not JSON");
    json_t *j = jpack("{s:I, s:s, s:s, s:s, s:I, s:o}", "id", (json_int_t)m->id, "key", m->idem_key,
                      "kind", m->kind, "object", m->object_key, "created_at",
                      (json_int_t)m->created_at, "payload", payload);
    char *body = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (!body)
        return err_set(e, E_NOMEM, NULL, "out of memory");
    *rq = (struct exchange_request){
        .url = exchange_url(a, p, ""),
        .body = arena_strdup(a, body),
        .idem_key = m->idem_key,
        .bearer = p->cfg.password,
    };
    free(body);
    return 0;
}

static enum exchange_outcome webhook_ack(struct exchange_partner *p, struct arena *a,
                                         const struct exchange_message *m,
                                         const struct exchange_response *rs, const char **why)
{
    (void)p;
    (void)m;
    long st = rs->status;
    *why = NULL;
    if (st >= 200 && st <= 299)
        return EXCHANGE_ACK;
    *why = arena_printf(a, "HTTP %ld: %.*s", st, ANSWER_SHOWN, rs->body ? rs->body : "");
    if (st == 408 || st == 425 || st == 429 || st >= 500)
        return EXCHANGE_RETRY;
    return EXCHANGE_REJECT;
}

static int webhook_inbound_key(struct exchange_partner *p, struct arena *a,
                               struct exchange_inbound *in, struct err *e)
{
    (void)p;
    json_t *j = json_loadb(in->body, in->len, 0, NULL);
    const char *key = json_string_value(json_object_get(j, "key"));
    const char *kind = json_string_value(json_object_get(j, "kind"));
    if (key && *key)
        in->idem_key = arena_strdup(a, key);
    if (kind && !in->kind)
        in->kind = arena_strdup(a, kind);
    json_decref(j);
    if (!in->idem_key)
        return err_set(e, E_INVALID, "key",
                       "Thông điệp không có khóa chống trùng (Idempotency-Key hoặc \"key\")");
    return 0;
}

static int webhook_apply(struct svc *s, struct db_conn *c, struct exchange_partner *p,
                         struct arena *a, const struct exchange_inbound *in, int64_t now,
                         struct exchange_applied *out, struct err *e)
{
    (void)s;
    (void)now;
    json_t *j = json_loadb(in->body, in->len, 0, NULL);
    int is_object = json_is_object(j);
    json_decref(j);
    if (!is_object)
        return err_set(e, E_INVALID, "body", "Nội dung thông điệp phải là một đối tượng JSON");
    *out = (struct exchange_applied){.message =
                                         arena_printf(a, "Đã nhận thông điệp %s", in->idem_key)};
    return svc_audit_json(c, &svc_system, "exchange.receive", "exchange_in", in->idem_key,
                          jpack("{s:s, s:s}", "partner", p->cfg.name, "kind", in->kind), e);
}

const struct exchange_adapter exchange_webhook_adapter = {
    .name = "webhook",
    .map = webhook_map,
    .ack = webhook_ack,
    .inbound_key = webhook_inbound_key,
    .apply = webhook_apply,
};
