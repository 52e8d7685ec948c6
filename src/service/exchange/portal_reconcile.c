/* portal_reconcile.c — does the portal see our dossiers as they are? Decision 766 counts what
 * the portal holds, and in Gia Lai most "overdue" flags came from synchronisation gone wrong,
 * so every day (and on an operator's click) the dossiers received in a period are compared one
 * by one with the portal's TraCuuHoSo view: missing there, another status, other dates. The
 * comparison reads our side in one read transaction, asks the portal outside any transaction,
 * and replaces the partner's list in one short write; a resend queues the dossier's whole
 * record again through the outbox, after whatever is still queued for it. Also the push
 * endpoint's answer in the portal's words (error_code 0 / 1 / -1). */
#include "portal_internal.h"
#include "svc_portal.h"

#include "dossier_store.h"
#include "jpack.h"
#include "portal_store.h"

#include <string.h>

#define RECONCILE_MAX 5000

/* ---- push ---- */

int svc_portal_push(struct svc *s, struct arena *a, const struct svc_exchange_inbound *in,
                    int *error_code, const char **message, struct err *e)
{
    struct svc_exchange_answer ans;
    struct exchange_partner *p = exchange_partner_find(s, in->partner);
    if (!p || strcmp(p->cfg.adapter, PORTAL_ADAPTER) != 0)
        return err_set(e, E_NOTFOUND, "partner", "Không có đối tác Cổng DVCQG \"%s\"", in->partner);
    int rc = svc_exchange_receive(s, a, in, &ans, e);
    if (rc == E_NOTFOUND || rc == E_UNAUTH)
        return rc;
    json_t *j = rc ? NULL : json_loads(ans.body, 0, NULL);
    const char *status = json_string_value(json_object_get(j, "status"));
    const char *msg = json_string_value(json_object_get(j, "message"));
    *error_code = status && strcmp(status, "applied") == 0     ? PORTAL_PUSH_ACCEPTED
                  : status && strcmp(status, "duplicate") == 0 ? PORTAL_PUSH_ALREADY
                                                               : PORTAL_PUSH_ERROR;
    *message = arena_strdup(a, msg ? msg : rc ? e->msg : "");
    json_decref(j);
    return 0;
}

/* ---- reconciliation ---- */

struct ours {
    int64_t dossier_id;
    const char *our_code, *portal_code, *unit;
    json_t *record;
};

struct read_ctx {
    const struct actor *a;
    struct arena *ar;
    const char *partner;
    int64_t from, to, now;
    struct ours *rows;
    int n;
};

static int check_admin(struct db_conn *c, const struct actor *a, int mask, struct err *e)
{
    return a ? perm_require(c, a, mask, 0, e) : 0;
}

struct list_ctx {
    const struct actor *a;
    struct arena *ar;
    const char *partner;
    struct portal_diff_row *rows;
    int n;
};

static int admin_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct list_ctx *x = ctx;
    return check_admin(c, x->a, ROLE_ADMIN, e);
}

static void release(struct read_ctx *x)
{
    for (int i = 0; i < x->n; i++)
        json_decref(x->rows[i].record);
    x->n = 0;
}

static int ours_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct read_ctx *x = ctx;
    struct dossier_query q = {.from = x->from, .to = x->to, .limit = RECONCILE_MAX};
    struct dossier_row *rows = NULL;
    int n = 0, rc = check_admin(c, x->a, ROLE_ADMIN, e);
    if (!rc)
        rc = dossier_search(c, x->ar, &q, &rows, &n, e);
    release(x);
    x->rows = arena_alloc(x->ar, sizeof *x->rows * (size_t)(n + 1));
    for (int i = 0; !rc && i < n; i++) {
        struct ours *o = &x->rows[x->n];
        *o = (struct ours){.dossier_id = rows[i].id, .our_code = rows[i].code};
        rc = portal_record_now(c, x->ar, &rows[i], x->partner, x->now, &o->record, &o->portal_code,
                               e);
        if (!rc && o->record) {
            o->unit = json_string_value(json_object_get(o->record, "NoiNopHoSo"));
            x->n++;
        }
    }
    return rc;
}

static const char *kind_label(const char *kind)
{
    if (strcmp(kind, "missing") == 0)
        return "Thiếu trên Cổng";
    if (strcmp(kind, "status") == 0)
        return "Khác trạng thái";
    return "Khác ngày";
}

/* Asks the portal about each dossier (twice when the first try fails: a session that
 * expired in between is renewed) and lists what differs. */
static int compare_all(struct exchange_partner *p, struct read_ctx *x, int64_t run_at,
                       struct portal_diff_row **found, int *nfound,
                       struct svc_portal_reconcile_result *out)
{
    *found = arena_alloc(x->ar, sizeof **found * (size_t)(x->n * 5 + 1));
    *nfound = 0;
    for (int i = 0; i < x->n; i++) {
        const struct ours *o = &x->rows[i];
        json_t *theirs = NULL;
        struct err one = {0};
        if (portal_lookup(p, x->ar, o->unit, o->portal_code, &theirs, &one) &&
            portal_lookup(p, x->ar, o->unit, o->portal_code, &theirs, &one)) {
            out->unreachable++;
            continue;
        }
        struct portal_diff *d = NULL;
        int n = 0;
        portal_compare(x->ar, o->record, theirs, &d, &n);
        json_decref(theirs);
        out->checked++;
        for (int k = 0; k < n; k++)
            (*found)[(*nfound)++] =
                (struct portal_diff_row){.run_at = run_at,
                                         .dossier_id = o->dossier_id,
                                         .partner = p->cfg.name,
                                         .code = o->our_code,
                                         .kind = portal_diff_kind_name(d[k].kind),
                                         .field = d[k].field,
                                         .ours = d[k].ours,
                                         .theirs = d[k].theirs};
    }
    out->differences = *nfound;
    return 0;
}

struct write_ctx {
    const struct actor *a;
    const char *partner;
    struct portal_diff_row *rows;
    int n;
    const struct svc_portal_reconcile_result *res;
    int64_t from, to;
};

static int diffs_write(struct db_conn *c, void *ctx, struct err *e)
{
    struct write_ctx *x = ctx;
    int rc = portal_diff_replace(c, x->partner, x->rows, x->n, e);
    if (!rc)
        rc = svc_audit_json(c, x->a ? x->a : &svc_system, "exchange.portal_reconcile",
                            "exchange_partner", x->partner,
                            jpack("{s:I, s:I, s:i, s:i, s:i}", "from", (json_int_t)x->from, "to",
                                  (json_int_t)x->to, "checked", x->res->checked, "differences",
                                  x->res->differences, "unreachable", x->res->unreachable),
                            e);
    return rc;
}

int svc_portal_reconcile(struct svc *s, const struct actor *a, const char *partner, int64_t from,
                         int64_t to, int64_t now, struct svc_portal_reconcile_result *out,
                         struct err *e)
{
    struct exchange_partner *p = partner ? exchange_partner_find(s, partner) : NULL;
    *out = (struct svc_portal_reconcile_result){0};
    struct list_ctx who = {a, NULL, NULL, NULL, 0};
    int rc = a ? db_with_conn(s->db, admin_read, &who, e) : 0; /* 403 before 404 */
    if (rc)
        return rc;
    if (!p || strcmp(p->cfg.adapter, PORTAL_ADAPTER) != 0)
        return err_set(e, E_NOTFOUND, "partner", "Không có đối tác Cổng DVCQG \"%s\"",
                       partner ? partner : "");
    struct read_ctx x = {a, arena_new(), partner, from, to, now, NULL, 0};
    if (!x.ar)
        return err_set(e, E_NOMEM, NULL, "out of memory");
    struct write_ctx w = {a, partner, NULL, 0, out, from, to};
    rc = db_with_conn(s->db, ours_read, &x, e);
    if (!rc)
        rc = compare_all(p, &x, now, &w.rows, &w.n, out);
    if (!rc)
        rc = db_tx(s->db, diffs_write, &w, e);
    release(&x);
    arena_free(x.ar);
    return rc;
}

static int diffs_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct list_ctx *x = ctx;
    int rc = check_admin(c, x->a, ROLE_ADMIN | ROLE_AUDITOR, e);
    return rc ? rc : portal_diff_list(c, x->ar, x->partner, &x->rows, &x->n, e);
}

int svc_portal_differences(struct svc *s, const struct actor *a, struct arena *ar,
                           const char *partner, struct svc_portal_difference **out, int *n,
                           struct err *e)
{
    struct list_ctx x = {a, ar, partner, NULL, 0};
    int rc = db_with_conn(s->db, diffs_read, &x, e);
    *n = rc ? 0 : x.n;
    *out = arena_alloc(ar, sizeof **out * (size_t)(*n + 1));
    for (int i = 0; i < *n; i++) {
        const struct portal_diff_row *r = &x.rows[i];
        (*out)[i] = (struct svc_portal_difference){
            r->id,   r->run_at, r->resent_at, r->partner, r->code,
            r->kind, r->field,  r->ours,      r->theirs,  kind_label(r->kind)};
    }
    return rc;
}

struct resend_ctx {
    struct svc *s;
    const struct actor *a;
    int64_t id, now;
};

static int resend_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct resend_ctx *x = ctx;
    struct arena *ar = arena_new();
    struct portal_diff_row r;
    struct dossier_row d;
    int rc = ar ? check_admin(c, x->a, ROLE_ADMIN, e) : err_set(e, E_NOMEM, NULL, "oom");
    if (!rc)
        rc = portal_diff_get(c, ar, x->id, &r, e);
    if (!rc)
        rc = dossier_get(c, ar, r.code, &d, e);
    if (!rc)
        rc = portal_resend(x->s, c, ar, r.partner, &d, x->now, e);
    if (!rc)
        rc = portal_diff_mark_resent(c, x->id, x->now, e);
    if (!rc)
        rc = svc_audit_json(
            c, x->a, "exchange.portal_resend", "dossier", d.code,
            jpack("{s:s, s:s, s:s}", "partner", r.partner, "kind", r.kind, "field", r.field), e);
    arena_free(ar);
    return rc;
}

int svc_portal_resend(struct svc *s, const struct actor *a, int64_t id, int64_t now, struct err *e)
{
    struct resend_ctx x = {s, a, id, now};
    return db_tx(s->db, resend_tx, &x, e);
}

static int count_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct list_ctx *x = ctx;
    return portal_diff_list(c, x->ar, NULL, &x->rows, &x->n, e);
}

int svc_portal_difference_count(struct svc *s, int64_t *n, struct err *e)
{
    struct list_ctx x = {NULL, arena_new(), NULL, NULL, 0};
    int rc = x.ar ? db_with_conn(s->db, count_read, &x, e) : E_NOMEM;
    *n = rc ? 0 : x.n;
    arena_free(x.ar);
    return rc;
}

int svc_portal_adapter_is(const char *adapter)
{
    return adapter && strcmp(adapter, PORTAL_ADAPTER) == 0;
}
