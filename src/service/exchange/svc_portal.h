/* svc_portal.h — the national portal (Cổng DVCQG) adapter as the layers above see it
 * (docs/national-portal.md): the push endpoint's answer in the portal's own words, and
 * reconciliation — our dossiers of a period against the portal's TraCuuHoSo view, the list of
 * differences, and a resend per difference. */
#ifndef MOTCUA_SVC_PORTAL_H
#define MOTCUA_SVC_PORTAL_H

#include "svc_exchange.h"

/* Registers the portal's dossier hook on s when a configured partner uses the portal adapter
 * (after svc_exchange_configure): from then on every dossier change queues its messages. */
void svc_portal_install(struct svc *s);

/* A dossier the portal pushes (POST /api/v1/portal/{partner}/dossiers): authenticated by the
 * partner's secret and applied once through the exchange layer; *error_code is what the
 * portal reads (0 accepted, 1 already received, -1 error, CONNECTED §1.4) with *message.
 * Returns E_NOTFOUND (unknown partner) or E_UNAUTH (wrong secret) for the edge to answer. */
int svc_portal_push(struct svc *s, struct arena *a, const struct svc_exchange_inbound *in,
                    int *error_code, const char **message, struct err *e);

/* The default period of the daily reconciliation: dossiers received in the last 30 days. */
#define SVC_PORTAL_RECONCILE_DAYS 30

struct svc_portal_difference {
    int64_t id, run_at, resent_at;
    const char *partner, *code, *kind, *field, *ours, *theirs;
    const char *kind_label; /* "Thiếu trên Cổng", "Khác trạng thái", "Khác ngày" */
};
struct svc_portal_reconcile_result {
    int checked, differences, unreachable; /* dossiers compared, found, not asked */
};
/* Compares the partner's view of every dossier received in [from, to) with what we would
 * send now and replaces the partner's list of differences (admins without a unit, audited;
 * a = NULL for the daily job). E_NOTFOUND for a partner not using the portal adapter. */
int svc_portal_reconcile(struct svc *s, const struct actor *a, const char *partner, int64_t from,
                         int64_t to, int64_t now, struct svc_portal_reconcile_result *out,
                         struct err *e);
/* The last run's differences (partner NULL = every partner; admins and auditors without a
 * unit). */
int svc_portal_differences(struct svc *s, const struct actor *a, struct arena *ar,
                           const char *partner, struct svc_portal_difference **out, int *n,
                           struct err *e);
/* Queues the dossier of difference id again (admins without a unit, audited). */
int svc_portal_resend(struct svc *s, const struct actor *a, int64_t id, int64_t now, struct err *e);
/* Whether a partner's adapter (svc_exchange_partner_view.adapter) is the portal's. */
int svc_portal_adapter_is(const char *adapter);
/* How many differences the last runs left, for /metrics. */
int svc_portal_difference_count(struct svc *s, int64_t *n, struct err *e);

#endif
