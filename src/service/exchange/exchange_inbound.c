/* exchange_inbound.c — messages partners send to motcua (docs/exchange.md "Inbound"). A push
 * (POST /api/v1/exchange/{partner}) is authenticated by the partner's secret, presented as a
 * bearer token and compared in constant time; a partner without a secret cannot push. Each
 * message has a key (the Idempotency-Key header, or one the adapter reads from the body); the
 * key is recorded and the adapter applies the message in the same transaction, so a message
 * is applied exactly once however often it arrives: a duplicate finds its key and is answered
 * with the first answer, changing nothing, and a message the adapter refuses leaves no key
 * behind, so the partner may correct it and send it again. A poll hands what it fetched to
 * exchange_accept, the same path without the secret. */
#include "exchange_internal.h"

#include "exchange_store.h"
#include "jpack.h"

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct accept_ctx {
    struct svc *s;
    struct exchange_partner *p;
    struct arena *a;
    const struct exchange_inbound *in;
    int64_t now;
    int duplicate;
    struct exchange_applied out;
};

static int accept_tx(struct db_conn *c, void *arg, struct err *e)
{
    struct accept_ctx *x = arg;
    int fresh = 0;
    const char *answer = NULL;
    int64_t dossier_id = 0;
    x->out = (struct exchange_applied){0};
    int rc =
        exchange_in_record(c, x->a, x->p->cfg.name, x->in->idem_key, x->in->kind ? x->in->kind : "",
                           x->now, &fresh, &answer, &dossier_id, e);
    if (rc)
        return rc;
    x->duplicate = !fresh;
    if (!fresh) {
        x->out = (struct exchange_applied){answer, dossier_id};
        return 0;
    }
    rc = x->p->adapter->apply(x->s, c, x->p, x->a, x->in, x->now, &x->out, e);
    if (!rc)
        rc = exchange_in_answer(c, x->p->cfg.name, x->in->idem_key, x->out.message,
                                x->out.dossier_id, e);
    return rc;
}

int exchange_accept(struct svc *s, struct exchange_partner *p, struct arena *a,
                    const struct exchange_inbound *in, int64_t now, int *duplicate,
                    struct exchange_applied *out, struct err *e)
{
    if (!p->adapter->apply)
        return err_set(e, E_NOTFOUND, NULL, "Đối tác %s không gửi thông điệp vào hệ thống",
                       p->cfg.name);
    if (!in->idem_key || !*in->idem_key)
        return err_set(e, E_INVALID, "key", "Thông điệp không có khóa chống trùng");
    struct accept_ctx x = {s, p, a, in, now, 0, {0}};
    int rc = db_tx(s->db, accept_tx, &x, e);
    *duplicate = x.duplicate;
    *out = x.out;
    return rc;
}

/* 1 when authorization is "Bearer <the partner's secret>". */
static int bearer_ok(const struct exchange_partner *p, const char *authorization)
{
    const char *secret = p->cfg.secret;
    if (!secret || !*secret || !authorization || strncasecmp(authorization, "Bearer ", 7) != 0)
        return 0;
    const char *given = authorization + 7;
    size_t n = strlen(secret);
    return strlen(given) == n && sodium_memcmp(given, secret, n) == 0;
}

static const char *answer_body(struct arena *a, const char *status, const char *key,
                               const char *message)
{
    json_t *j = jpack("{s:s, s:s?, s:s?}", "status", status, "key", key, "message", message);
    char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    const char *out = text ? arena_strdup(a, text) : "{}";
    free(text);
    return out;
}

int svc_exchange_receive(struct svc *s, struct arena *a, const struct svc_exchange_inbound *in,
                         struct svc_exchange_answer *out, struct err *e)
{
    struct exchange_partner *p = exchange_partner_find(s, in->partner);
    if (!p || !p->adapter->apply)
        return err_set(e, E_NOTFOUND, NULL, "Không có đối tác liên thông \"%s\"",
                       in->partner ? in->partner : "");
    if (!bearer_ok(p, in->authorization))
        return err_set(e, E_UNAUTH, NULL, "Sai hoặc thiếu mã xác thực của đối tác %s", p->cfg.name);
    struct exchange_inbound msg = {
        .idem_key = in->idem_key && *in->idem_key ? in->idem_key : NULL,
        .kind = NULL,
        .body = in->body ? in->body : "",
        .len = in->body ? in->len : 0,
        .content_type = in->content_type,
    };
    int rc = 0;
    if (p->adapter->inbound_key)
        rc = p->adapter->inbound_key(p, a, &msg, e);
    if (!rc && !msg.idem_key)
        rc = err_set(e, E_INVALID, "key", "Thông điệp không có khóa chống trùng (Idempotency-Key)");
    if (rc)
        return rc;
    if (!msg.kind)
        msg.kind = "";
    int duplicate = 0;
    struct exchange_applied applied;
    rc = exchange_accept(s, p, a, &msg, svc_now(), &duplicate, &applied, e);
    if (rc == E_INVALID) {
        *out = (struct svc_exchange_answer){422, answer_body(a, "rejected", msg.idem_key, e->msg)};
        err_clear(e);
        return 0;
    }
    if (rc)
        return rc;
    *out = (struct svc_exchange_answer){
        200, answer_body(a, duplicate ? "duplicate" : "applied", msg.idem_key, applied.message)};
    return 0;
}
