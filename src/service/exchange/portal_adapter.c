/* portal_adapter.c — the exchange layer's adapter for the National Public Service Portal
 * (CONNECTED.md §1.1, docs/national-portal.md). Outbound, each queued message is one call of
 * the portal's integration endpoint: the adapter logs in first (POST {url}/auth with the
 * partner's user and password) and keeps the session under the partner's lock; a session the
 * portal no longer knows (error_code "-2") is dropped and the message tried again, which logs
 * in anew. error_code 0 / "00" is an acknowledgement; an HTTP failure or 5xx is "later"; any
 * other error code is the portal refusing the message (a field it rejects), kept with its
 * words for the operator. Inbound, the portal pushes a dossier (portal_api's endpoint, through
 * svc_exchange_receive) or the adapter's poll fetches the new ones (LayDanhSachHoSoMoi), and
 * each becomes an online dossier at the receiving counter (portal_inbound.c). */
#include "portal_internal.h"

#include "jpack.h"
#include "log.h"
#include "org_store.h"
#include "svc_portal.h"

#include <stdlib.h>
#include <string.h>

#define ANSWER_SHOWN 300
/* error_code of a session the portal does not know (any more): log in again. */
#define SESSION_EXPIRED "-2"

static json_t *call_of(const char *kind, const char *sess, json_t *payload)
{
    const char *unit = json_string_value(json_object_get(payload, "unit"));
    if (strcmp(kind, PORTAL_KIND_SYNC) == 0)
        return portal_sync_call(sess, unit, json_is_true(json_object_get(payload, "updating")),
                                jpack("[O]", json_object_get(payload, "record")));
    if (strcmp(kind, PORTAL_KIND_PROGRESS) == 0)
        return portal_progress_call(sess, unit, jpack("[O]", json_object_get(payload, "entry")));
    return NULL;
}

static int portal_map_message(struct exchange_partner *p, struct arena *a,
                              const struct exchange_message *m, struct exchange_request *rq,
                              struct err *e)
{
    json_t *payload = json_loads(m->payload, 0, NULL);
    const char *sess = NULL;
    if (!json_is_object(payload)) {
        json_decref(payload);
        return err_set(e, E_INVALID, NULL, "the queued payload is not JSON");
    }
    int rc = portal_session(p, a, &sess, e);
    json_t *call = rc ? NULL : call_of(m->kind, sess, payload);
    json_decref(payload);
    if (rc)
        return rc;
    if (!call)
        return err_set(e, E_INVALID, "kind", "Không biết gửi thông điệp loại \"%s\"", m->kind);
    char *text = json_dumps(call, JSON_COMPACT);
    json_decref(call);
    if (!text)
        return err_set(e, E_NOMEM, NULL, "out of memory");
    *rq = (struct exchange_request){.url = exchange_url(a, p, INTEGRATION_PATH),
                                    .body = arena_strdup(a, text),
                                    .idem_key = m->idem_key};
    free(text);
    return 0;
}

static enum exchange_outcome portal_ack(struct exchange_partner *p, struct arena *a,
                                        const struct exchange_message *m,
                                        const struct exchange_response *rs, const char **why)
{
    (void)m;
    long st = rs->status;
    *why = NULL;
    if (st < 200 || st > 299) {
        *why = arena_printf(a, "HTTP %ld: %.*s", st, ANSWER_SHOWN, rs->body ? rs->body : "");
        return st == 408 || st == 425 || st == 429 || st >= 500 ? EXCHANGE_RETRY : EXCHANGE_REJECT;
    }
    json_t *answer = json_loadb(rs->body, rs->len, 0, NULL);
    if (portal_answer_ok(answer, NULL) == 0) {
        json_decref(answer);
        return EXCHANGE_ACK;
    }
    const char *code = portal_code_text(a, json_object_get(answer, "error_code"));
    const char *msg = json_string_value(json_object_get(answer, "message"));
    int unreadable = !json_is_object(answer);
    *why = arena_printf(a, "error_code %s: %.*s", code, ANSWER_SHOWN,
                        msg ? msg : (rs->body ? rs->body : ""));
    json_decref(answer);
    /* An expired session, or an answer that is not the portal's (a proxy's page): again. */
    if (strcmp(code, SESSION_EXPIRED) == 0 || unreadable) {
        portal_forget_session(p);
        return EXCHANGE_RETRY;
    }
    return EXCHANGE_REJECT;
}

/* A push names its dossier: the portal's code is the de-duplication key when the portal sent
 * no Idempotency-Key, so the same dossier pushed twice is applied once. */
static int portal_inbound_key(struct exchange_partner *p, struct arena *a,
                              struct exchange_inbound *in, struct err *e)
{
    (void)p;
    json_t *j = json_loadb(in->body, in->len, 0, NULL);
    const char *code = json_string_value(json_object_get(j, "MaHoSo"));
    if (code && *code)
        in->idem_key = arena_printf(a, "dvcqg-submit-%s", code);
    if (!in->kind)
        in->kind = "dossier.submitted";
    json_decref(j);
    if (!in->idem_key)
        return err_set(e, E_INVALID, "MaHoSo", "Hồ sơ gửi sang thiếu MaHoSo");
    return 0;
}

static int portal_apply(struct svc *s, struct db_conn *c, struct exchange_partner *p,
                        struct arena *a, const struct exchange_inbound *in, int64_t now,
                        struct exchange_applied *out, struct err *e)
{
    json_t *j = json_loadb(in->body, in->len, 0, NULL);
    struct portal_inbound d;
    const char *code = NULL;
    /* The parsed dossier's strings point into j, so j lives until the dossier is received. */
    int rc = portal_inbound_parse(a, j, PORTAL_INBOUND_MAX_BYTES, &d, e);
    if (rc) {
        json_decref(j);
        return rc == E_TOOLARGE ? rc : E_INVALID;
    }
    *out = (struct exchange_applied){0};
    rc = portal_receive_dossier(s, c, a, p->cfg.name, &d, now, &out->dossier_id, &code, e);
    if (!rc)
        out->message = arena_printf(a, "Đã tiếp nhận hồ sơ %s (mã một cửa %s)", d.code, code);
    json_decref(j);
    return rc;
}

/* ---- poll ---- */

static int accept_polled(struct svc *s, struct exchange_partner *p, struct arena *a,
                         const json_t *dossier, int64_t now, struct err *e)
{
    char *text = json_dumps(dossier, JSON_COMPACT);
    if (!text)
        return err_set(e, E_NOMEM, NULL, "out of memory");
    struct exchange_inbound in = {
        .body = arena_strdup(a, text), .len = strlen(text), .content_type = "application/json"};
    free(text);
    int duplicate = 0, rc = portal_inbound_key(p, a, &in, e);
    struct exchange_applied applied;
    if (!rc)
        rc = exchange_accept(s, p, a, &in, now, &duplicate, &applied, e);
    return rc;
}

/* Fetches the unit's new dossiers, applies each, and acknowledges those applied (or known
 * already); one the service refuses stays on the portal's list and in the log. */
static int poll_unit(struct svc *s, struct exchange_partner *p, struct arena *a, const char *unit,
                     int64_t now, struct err *e)
{
    const char *sess = NULL;
    json_t *answer = NULL;
    int rc = portal_session(p, a, &sess, e);
    if (!rc)
        rc = portal_post(p, a, INTEGRATION_PATH,
                         jpack("{s:s, s:s, s:s}", "session", sess, "madonvi", unit, "service",
                               "LayDanhSachHoSoMoi"),
                         NULL, &answer, e);
    if (!rc && (rc = portal_answer_ok(answer, e)) != 0)
        portal_forget_session(p);
    json_t *done = json_array();
    const json_t *list = json_object_get(answer, "result");
    for (size_t i = 0; !rc && i < json_array_size(list); i++) {
        const json_t *d = json_array_get(list, i);
        struct err one = {0};
        if (accept_polled(s, p, a, d, now, &one) == 0)
            json_array_append(done, json_object_get(d, "MaHoSo"));
        else
            log_warn("portal %s: dossier %s refused: %s", p->cfg.name,
                     json_string_value(json_object_get(d, "MaHoSo")), one.msg);
    }
    json_decref(answer);
    if (!rc && json_array_size(done)) {
        json_t *ack = NULL;
        rc = portal_post(p, a, INTEGRATION_PATH,
                         jpack("{s:s, s:s, s:s, s:O}", "session", sess, "madonvi", unit, "service",
                               "XacNhanDaNhanHoSo", "mahoso", done),
                         NULL, &ack, e);
        json_decref(ack);
    }
    json_decref(done);
    return rc;
}

/* The daily reconciliation (docs/national-portal.md): the first poll after start-up, then
 * once a day, the dossiers of the last SVC_PORTAL_RECONCILE_DAYS days; the operator's button
 * runs the same at any time. */
static int daily_reconcile(struct svc *s, struct exchange_partner *p, int64_t now, struct err *e)
{
    struct svc_portal_reconcile_result res;
    if (!portal_reconcile_due(p, now, PORTAL_RECONCILE_EVERY))
        return 0;
    return svc_portal_reconcile(s, NULL, p->cfg.name,
                                now - (int64_t)SVC_PORTAL_RECONCILE_DAYS * 86400, now + 1, now,
                                &res, e);
}

static int portal_poll(struct svc *s, struct exchange_partner *p, int64_t now, struct err *e)
{
    struct arena *a = arena_new();
    const char **units = NULL;
    int n = 0, rc = portal_receiving_units(s, a, &units, &n, e);
    for (int i = 0; !rc && i < n; i++)
        rc = poll_unit(s, p, a, units[i], now, e);
    arena_free(a);
    return rc ? rc : daily_reconcile(s, p, now, e);
}

const struct exchange_adapter exchange_portal_adapter = {
    .name = PORTAL_ADAPTER,
    .map = portal_map_message,
    .ack = portal_ack,
    .inbound_key = portal_inbound_key,
    .apply = portal_apply,
    .poll = portal_poll,
    .dispose = portal_state_dispose,
};
