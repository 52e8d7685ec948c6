/* portal_internal.h — the national portal adapter's files among themselves (docs/national-
 * portal.md): loading a dossier as the portal is told of it, the hook that queues a message
 * per change, the dossier a push creates, and reconciliation. */
#ifndef MOTCUA_PORTAL_INTERNAL_H
#define MOTCUA_PORTAL_INTERNAL_H

#include "exchange_internal.h"
#include "portal_map.h"

struct dossier_row;

/* The adapter's name in MOTCUA_PARTNER_<NAME>_ADAPTER. */
#define PORTAL_ADAPTER "portal"
/* Kinds of the queued messages: one per portal service. */
#define PORTAL_KIND_SYNC     "DongBoHoSoMC"
#define PORTAL_KIND_PROGRESS "CapNhatTienDoHoSoMC"
/* The portal's endpoints below the partner's URL (CONNECTED §1.1: auth_endpoint and
 * integration_endpoint, ❓ their names vary by province: a reverse proxy can map them). */
#define AUTH_PATH        "/auth"
#define INTEGRATION_PATH "/integration"
/* How often the poll reconciles (seconds). */
#define PORTAL_RECONCILE_EVERY 86400
/* The most portal partners one motcua reports to (one per province portal or test peer). */
#define PORTAL_PARTNERS_MAX 4
/* Files of one pushed dossier, decoded (the HTTP edge caps the body before this). */
#define PORTAL_INBOUND_MAX_BYTES (50u << 20)

/* struct portal_dossier for d as partner is told of it (sub_state for the status map). */
int portal_load(struct db_conn *c, struct arena *ar, const struct dossier_row *d,
                const char *partner, const char *sub_state, struct portal_dossier *p,
                struct err *e);

/* The dossier hook (svc_dossier_hook): queues DongBoHoSoMC and CapNhatTienDoHoSoMC for every
 * portal partner, in the change's transaction; svc_portal_install registers it when a
 * partner uses the portal adapter. */
int portal_on_change(struct svc *s, struct db_conn *c, const struct svc_dossier_change *ch,
                     struct err *e);
/* The record of d as it would be sent now (NULL when its state has no national code), and
 * the code the portal knows it by. */
int portal_record_now(struct db_conn *c, struct arena *ar, const struct dossier_row *d,
                      const char *partner, int64_t now, json_t **rec, const char **code,
                      struct err *e);
/* Queues the dossier's record again for one partner (reconciliation's resend). */
int portal_resend(struct svc *s, struct db_conn *c, struct arena *ar, const char *partner,
                  const struct dossier_row *d, int64_t now, struct err *e);

/* Records a dossier pushed or polled from the portal as an online submission waiting at the
 * receiving counter, with its files; *dossier_id the new dossier. E_CONFLICT when the
 * partner's code was received before. */
int portal_receive_dossier(struct svc *s, struct db_conn *c, struct arena *ar, const char *partner,
                           const struct portal_inbound *in, int64_t now, int64_t *dossier_id,
                           const char **code, struct err *e);

/* The log-in session and calls outside the queue (portal_session.c): p->state is the
 * adapter's (freed by portal_state_dispose). portal_post sends body (stolen) and reads a JSON
 * object answer (HTTP 2xx) into *answer; portal_session logs in when needed. */
void portal_state_dispose(void *state);
int portal_post(struct exchange_partner *p, struct arena *a, const char *path, json_t *body,
                const char *idem_key, json_t **answer, struct err *e);
int portal_session(struct exchange_partner *p, struct arena *a, const char **out, struct err *e);
void portal_forget_session(struct exchange_partner *p);
/* error_code (a number or a string) as text in a. */
const char *portal_code_text(struct arena *a, const json_t *v);
/* 1 (and the run noted) when the last daily reconciliation is every seconds old or more. */
int portal_reconcile_due(struct exchange_partner *p, int64_t now, int64_t every);
/* The portal's view of a dossier (TraCuuHoSo): *found a new reference, NULL when the portal
 * does not have it; E_UNAVAILABLE when the portal cannot be asked. */
int portal_lookup(struct exchange_partner *p, struct arena *a, const char *unit, const char *code,
                  json_t **found, struct err *e);
/* The agency codes of the units that receive dossiers (what the poll asks the portal for). */
int portal_receiving_units(struct svc *s, struct arena *ar, const char ***codes, int *n,
                           struct err *e);

extern const struct exchange_adapter exchange_portal_adapter;

#endif
