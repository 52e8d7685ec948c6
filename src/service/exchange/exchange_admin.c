/* exchange_admin.c — what operators see of the exchange and what they may do about it
 * (docs/exchange.md "The operator's page"): per partner the queue depth, the oldest message
 * not yet acknowledged and how long it has waited (the lag), the failures with the partner's
 * own answer; resend and skip, each audited. Reading needs an administrator or an auditor
 * without a unit (partners belong to no unit); acting needs an administrator without one. A
 * skip needs a reason, because it leaves the partner without a message for good. */
#include "exchange_internal.h"

#include "exchange_store.h"
#include "jpack.h"

#include <string.h>

static const struct {
    const char *state, *label;
} state_labels[] = {
    {"queued", "Chờ gửi"},
    {"acked", "Đã xác nhận"},
    {"failed", "Bị từ chối"},
    {"skipped", "Đã bỏ qua"},
};

const char *svc_exchange_state_label(const char *state)
{
    for (size_t i = 0; state && i < sizeof state_labels / sizeof state_labels[0]; i++)
        if (strcmp(state_labels[i].state, state) == 0)
            return state_labels[i].label;
    return "";
}

/* The base URL as operators may see it: without user:password@. */
static const char *url_shown(struct arena *ar, const char *url)
{
    if (!url)
        return "";
    const char *scheme = strstr(url, "://"), *at = scheme ? strchr(scheme + 3, '@') : NULL;
    const char *slash = scheme ? strchr(scheme + 3, '/') : NULL;
    if (!at || (slash && slash < at))
        return arena_strdup(ar, url);
    return arena_printf(ar, "%.*s%s", (int)(scheme + 3 - url), url, at + 1);
}

static int view_of(struct db_conn *c, struct arena *ar, const struct exchange_partner *p,
                   int64_t now, struct svc_exchange_partner_view *v, struct err *e)
{
    struct exchange_counts k = {0};
    int rc = exchange_counts_of(c, p->cfg.name, &k, e);
    *v = (struct svc_exchange_partner_view){
        .name = p->cfg.name,
        .adapter = p->adapter->name,
        .url = url_shown(ar, p->cfg.url),
        .configured = p->cfg.url != NULL,
        .queued = k.queued,
        .failed = k.failed,
        .retrying = k.retrying,
        .oldest_unsent_at = k.oldest_unsent_at,
        .lag_seconds = k.queued && now > k.oldest_unsent_at ? now - k.oldest_unsent_at : 0,
        .acked = k.acked,
        .skipped = k.skipped,
        .received = k.received,
        .last_ack_at = k.last_ack_at,
    };
    return rc;
}

static struct svc_exchange_message message_of(struct arena *ar, const struct exchange_row *r)
{
    (void)ar;
    return (struct svc_exchange_message){
        .id = r->id,
        .created_at = r->created_at,
        .next_attempt_at = r->next_attempt_at,
        .acked_at = r->acked_at,
        .dossier_id = r->dossier_id,
        .attempts = r->attempts,
        .partner = r->partner,
        .object_key = r->object_key,
        .kind = r->kind,
        .idem_key = r->idem_key,
        .payload = r->payload,
        .state = r->state,
        .last_error = r->note && strcmp(r->state, "skipped") == 0 ? r->note : r->last_error,
        .state_label = svc_exchange_state_label(r->state),
    };
}

struct list_ctx {
    struct svc *s;
    const struct actor *a; /* NULL: /metrics */
    struct arena *ar;
    int64_t now;
    const char *partner; /* NULL: every partner */
    int limit;
    struct svc_exchange_partner_view *views;
    int n;
    struct svc_exchange_message *msgs;
    int nmsgs;
};

static int list_tx(struct db_conn *c, void *arg, struct err *e)
{
    struct list_ctx *x = arg;
    int rc = x->a ? perm_require(c, x->a, ROLE_ADMIN | ROLE_AUDITOR, 0, e) : 0;
    struct exchange_partner *all = NULL;
    int n = exchange_all_partners(x->s, &all);
    x->views = arena_alloc(x->ar, sizeof *x->views * (size_t)(n ? n : 1));
    x->n = 0;
    for (int i = 0; !rc && i < n; i++) {
        if (x->partner && strcmp(all[i].cfg.name, x->partner) != 0)
            continue;
        rc = view_of(c, x->ar, &all[i], x->now, &x->views[x->n++], e);
    }
    if (!rc && x->partner && x->n == 0)
        rc = err_set(e, E_NOTFOUND, NULL, "Không có đối tác liên thông \"%s\"", x->partner);
    if (!rc && x->partner) {
        struct exchange_row *rows = NULL;
        rc = exchange_out_troubled(c, x->ar, x->partner, x->limit, &rows, &x->nmsgs, e);
        x->msgs = arena_alloc(x->ar, sizeof *x->msgs * (size_t)(x->nmsgs ? x->nmsgs : 1));
        for (int i = 0; !rc && i < x->nmsgs; i++)
            x->msgs[i] = message_of(x->ar, &rows[i]);
    }
    return rc;
}

int svc_exchange_partners(struct svc *s, const struct actor *a, struct arena *ar, int64_t now,
                          struct svc_exchange_partner_view **out, int *n, struct err *e)
{
    struct list_ctx x = {.s = s, .a = a, .ar = ar, .now = now};
    int rc = db_with_conn(s->db, list_tx, &x, e);
    *out = x.views;
    *n = rc ? 0 : x.n;
    return rc;
}

int svc_exchange_metrics(struct svc *s, struct arena *ar, int64_t now,
                         struct svc_exchange_partner_view **out, int *n, struct err *e)
{
    struct list_ctx x = {.s = s, .ar = ar, .now = now};
    int rc = db_with_conn(s->db, list_tx, &x, e);
    *out = x.views;
    *n = rc ? 0 : x.n;
    return rc;
}

int svc_exchange_partner(struct svc *s, const struct actor *a, struct arena *ar,
                         const char *partner, int64_t now, int limit,
                         struct svc_exchange_partner_view *view, struct svc_exchange_message **msgs,
                         int *n, struct err *e)
{
    struct list_ctx x = {.s = s,
                         .a = a,
                         .ar = ar,
                         .now = now,
                         .partner = partner ? partner : "",
                         .limit = limit > 0 ? limit : 50};
    int rc = db_with_conn(s->db, list_tx, &x, e);
    if (!rc) {
        *view = x.views[0];
        *msgs = x.msgs;
        *n = x.nmsgs;
    }
    return rc;
}

struct get_ctx {
    const struct actor *a;
    struct arena *ar;
    int64_t id;
    struct svc_exchange_message *out;
};

static int get_tx(struct db_conn *c, void *arg, struct err *e)
{
    struct get_ctx *x = arg;
    struct exchange_row r;
    int rc = perm_require(c, x->a, ROLE_ADMIN | ROLE_AUDITOR, 0, e);
    if (!rc)
        rc = exchange_out_get(c, x->ar, x->id, &r, e);
    if (!rc)
        *x->out = message_of(x->ar, &r);
    return rc;
}

int svc_exchange_message_get(struct svc *s, const struct actor *a, struct arena *ar, int64_t id,
                             struct svc_exchange_message *out, struct err *e)
{
    struct get_ctx x = {a, ar, id, out};
    return db_with_conn(s->db, get_tx, &x, e);
}

struct act_ctx {
    const struct actor *a;
    int64_t id;
    const char *reason; /* NULL: resend */
};

static int act_tx(struct db_conn *c, void *arg, struct err *e)
{
    struct act_ctx *x = arg;
    struct arena *ar = arena_new();
    struct exchange_row m;
    int64_t changed = 0;
    int rc = perm_require(c, x->a, ROLE_ADMIN, 0, e);
    if (!rc)
        rc = exchange_out_get(c, ar, x->id, &m, e);
    if (!rc)
        rc = x->reason ? exchange_out_skip(c, m.id, x->reason, &changed, e)
                       : exchange_out_resend(c, m.id, &changed, e);
    if (!rc && changed != 1)
        rc = err_set(e, E_CONFLICT, "id", "Thông điệp số %lld %s nên không %s được nữa",
                     (long long)m.id, svc_exchange_state_label(m.state),
                     x->reason ? "bỏ qua" : "gửi lại");
    if (!rc)
        rc = svc_audit_json(c, x->a, x->reason ? "exchange.skip" : "exchange.resend",
                            "exchange_out", arena_printf(ar, "%lld", (long long)m.id),
                            jpack("{s:s, s:s, s:s, s:s, s:i, s:s?, s:s?}", "partner", m.partner,
                                  "object", m.object_key, "kind", m.kind, "state", m.state,
                                  "attempts", m.attempts, "last_error", m.last_error, "reason",
                                  x->reason),
                            e);
    arena_free(ar);
    return rc;
}

int svc_exchange_resend(struct svc *s, const struct actor *a, int64_t id, struct err *e)
{
    struct act_ctx x = {a, id, NULL};
    return db_tx(s->db, act_tx, &x, e);
}

int svc_exchange_skip(struct svc *s, const struct actor *a, int64_t id, const char *reason,
                      struct err *e)
{
    if (!reason || !*reason)
        return err_set(e, E_INVALID, "reason", "Hãy ghi lý do bỏ qua thông điệp này");
    if (strlen(reason) > SVC_EXCHANGE_REASON_MAX)
        return err_set(e, E_INVALID, "reason", "Lý do dài quá %d ký tự", SVC_EXCHANGE_REASON_MAX);
    struct act_ctx x = {a, id, reason};
    return db_tx(s->db, act_tx, &x, e);
}
