/* portal_outbound.c — every change of a dossier reaches the national portal. The dossier,
 * payment and rating code tells the dossier hook (svc_dossier_changed) inside the change's
 * transaction; this hook queues, for each partner using the portal adapter, the dossier's
 * whole DongBoHoSoMC record as it now is and one CapNhatTienDoHoSoMC progress entry for the
 * change, both through the exchange layer's outbox (exchange_enqueue) under the object key
 * "dossier:<id>", so they exist exactly when the change does and are delivered in order — the
 * progress entry only after the record it belongs to was acknowledged, as the portal asks.
 * The record is sent whole each time (isUpdating "True" after the first), so a lost or
 * reordered message can never leave the portal with a field older than the last one sent. */
#include "portal_internal.h"

#include "dossier_state.h"
#include "dossier_store.h"
#include "jpack.h"
#include "org_store.h"
#include "portal_store.h"
#include "svc_labels.h"
#include "svc_portal.h"

#include <stdio.h>
#include <string.h>

static int is(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* The sub-state the status map may override on (data/portal/status-map.json). The dossier's
 * record carries the lasting ones (a fee request pending); the progress entry of a change
 * also the moment itself (the acceptance: 2), so that reconciliation, which recomputes the
 * record, finds no difference where none is. */
static const char *lasting_sub_state(const struct dossier_row *d)
{
    return d->national_status == DOSSIER_NATIONAL_AWAITING_FEES ? "awaiting_fees" : NULL;
}

static const char *sub_state_of(const struct svc_dossier_change *ch)
{
    return is(ch->action, "accept") ? "accepted" : lasting_sub_state(ch->d);
}

/* The first report of a dossier: its recording (at the counter or online). */
static int first_report(const struct svc_dossier_change *ch)
{
    return is(ch->from_state, "none");
}

/* Notes the appointment when a supplement cycle opens and when it closes (NgayHenTraTruoc,
 * NgayHenTraMoi): only the dossier's current appointment is kept elsewhere. */
static int note_supplement_dues(struct db_conn *c, struct arena *ar, const struct dossier_row *d,
                                struct err *e)
{
    struct dossier_supplement_row *rows = NULL;
    int n = 0, rc = dossier_supplements(c, ar, d->id, &rows, &n, e);
    if (rc || n == 0)
        return rc;
    const struct dossier_supplement_row *last = &rows[n - 1];
    if (!last->completed_at)
        return portal_due_open(c, last->id, d->due_at, e);
    rc = portal_due_open(c, last->id, 0, e);
    return rc ? rc : portal_due_close(c, last->id, d->due_at, e);
}

static const char *unit_name(struct db_conn *c, struct arena *ar, int64_t id)
{
    struct org_unit u;
    return id && org_get(c, ar, id, &u, NULL) == 0 ? u.name : "";
}

static json_t *progress_of(struct db_conn *c, struct arena *ar, const struct svc_dossier_change *ch,
                           const char *code, const char *sub)
{
    const char *label = svc_dossier_event_label(ch->action);
    const char *content =
        ch->note && *ch->note ? arena_printf(ar, "%s: %s", label, ch->note) : label;
    struct portal_progress p = {.code = code,
                                .actor = ch->a && ch->a->full_name ? ch->a->full_name : "",
                                .title =
                                    ch->a && ch->a->kind ? svc_user_kind_label(ch->a->kind) : "",
                                .department = unit_name(c, ar, ch->d->step_unit_id),
                                .content = content,
                                .state = ch->d->state,
                                .sub_state = sub,
                                .at = ch->now,
                                .step_started = ch->now,
                                .step_due = ch->d->step_due_at};
    return portal_progress_entry(&p, portal_status_map_builtin());
}

static int enqueue(struct svc *s, struct db_conn *c, struct arena *ar,
                   const struct exchange_partner *p, const struct dossier_row *d, const char *kind,
                   int64_t now, json_t *payload, struct err *e)
{
    struct exchange_new m = {.partner = p->cfg.name,
                             .object_key = arena_printf(ar, "dossier:%lld", (long long)d->id),
                             .kind = kind,
                             .dossier_id = d->id,
                             .now = now};
    return exchange_enqueue(s, c, &m, payload, NULL, e);
}

/* The record for one partner, or NULL (nothing to send) when the map has no code for the
 * dossier's state that day. */
static int record_for(struct db_conn *c, struct arena *ar, const struct dossier_row *d,
                      const char *partner, const char *sub, int64_t now, json_t **rec,
                      const char **unit, const char **code, struct err *e)
{
    struct portal_dossier pd;
    const struct portal_status_map *m = portal_status_map_builtin();
    *rec = NULL;
    int rc = portal_load(c, ar, d, partner, sub, &pd, e);
    if (rc || !portal_status_at(m, pd.state, pd.sub_state, now))
        return rc;
    *rec = portal_dossier_record(&pd, m, now);
    *unit = pd.unit_code;
    *code = pd.code;
    return 0;
}

static int tell_partner(struct svc *s, struct db_conn *c, struct arena *ar,
                        const struct exchange_partner *p, const struct svc_dossier_change *ch,
                        struct err *e)
{
    const char *sub = sub_state_of(ch), *unit = NULL, *code = NULL;
    json_t *rec = NULL;
    int rc = record_for(c, ar, ch->d, p->cfg.name, lasting_sub_state(ch->d), ch->now, &rec, &unit,
                        &code, e);
    if (rc || !rec)
        return rc;
    rc = enqueue(
        s, c, ar, p, ch->d, PORTAL_KIND_SYNC, ch->now,
        jpack("{s:s, s:b, s:o}", "unit", unit, "updating", !first_report(ch), "record", rec), e);
    if (!rc)
        rc = enqueue(s, c, ar, p, ch->d, PORTAL_KIND_PROGRESS, ch->now,
                     jpack("{s:s, s:o}", "unit", unit, "entry", progress_of(c, ar, ch, code, sub)),
                     e);
    return rc;
}

int portal_on_change(struct svc *s, struct db_conn *c, const struct svc_dossier_change *ch,
                     struct err *e)
{
    struct exchange_partner *partners[PORTAL_PARTNERS_MAX];
    int n = exchange_partners_of(s, PORTAL_ADAPTER, partners, PORTAL_PARTNERS_MAX);
    if (n == 0)
        return 0;
    struct arena *ar = arena_new();
    if (!ar)
        return err_set(e, E_NOMEM, NULL, "out of memory");
    int rc = note_supplement_dues(c, ar, ch->d, e);
    for (int i = 0; !rc && i < n; i++)
        rc = tell_partner(s, c, ar, partners[i], ch, e);
    arena_free(ar);
    return rc;
}

/* Exposed for reconciliation: what the record of d says now. */
int portal_record_now(struct db_conn *c, struct arena *ar, const struct dossier_row *d,
                      const char *partner, int64_t now, json_t **rec, const char **code,
                      struct err *e)
{
    const char *unit = NULL;
    return record_for(c, ar, d, partner, lasting_sub_state(d), now, rec, &unit, code, e);
}

int portal_resend(struct svc *s, struct db_conn *c, struct arena *ar, const char *partner,
                  const struct dossier_row *d, int64_t now, struct err *e)
{
    struct exchange_partner *p = exchange_partner_find(s, partner);
    const char *unit = NULL, *code = NULL;
    json_t *rec = NULL;
    if (!p)
        return err_set(e, E_NOTFOUND, "partner", "Không có đối tác liên thông \"%s\"", partner);
    int rc = record_for(c, ar, d, partner, lasting_sub_state(d), now, &rec, &unit, &code, e);
    if (rc || !rec)
        return rc;
    /* isUpdating "True" even for a dossier the portal lacks (❓ the shape seen does not say
       what the portal does with it; the stand-in records it). */
    return enqueue(s, c, ar, p, d, PORTAL_KIND_SYNC, now,
                   jpack("{s:s, s:b, s:o}", "unit", unit, "updating", 1, "record", rec), e);
}

void svc_portal_install(struct svc *s)
{
    struct exchange_partner *partners[PORTAL_PARTNERS_MAX];
    if (exchange_partners_of(s, PORTAL_ADAPTER, partners, PORTAL_PARTNERS_MAX) > 0)
        s->dossier_hook = portal_on_change;
}
