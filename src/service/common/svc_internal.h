/* svc_internal.h — what the service files share among themselves: the service object, the
 * transaction helper and the permission check. Not for the layers above (they cannot include
 * db.h, so including this header there fails to compile, which is the point). */
#ifndef MOTCUA_SVC_INTERNAL_H
#define MOTCUA_SVC_INTERNAL_H

#include "db.h"
#include "svc.h"

#include <pthread.h>

struct cal_snap;
struct cal_calendar;
struct cal_office;

/* The standby the reports read from and what the last report found there
 * (report_source.c); db NULL when none is configured. */
struct svc_standby {
    struct db *db;
    pthread_mutex_t mu;
    int64_t retry_at; /* after a failure the primary serves until then (monotonic seconds) */
    struct svc_report_source last;
};
/* A snapshot a module caches in the service (the calendar in force, the org tree) with the
 * function that frees it: the module sets dispose when it stores one, and svc_close calls it,
 * so the root frees every cache without calling into the modules that keep them. */
struct svc_cache {
    void *snap;
    void (*dispose)(void *snap);
};
/* Frees the cached snapshot (if any) through its dispose and empties the slot. */
void svc_cache_clear(struct svc_cache *cache);

/* A change of a dossier as the modules that mirror dossiers elsewhere are told of it (the
 * national portal, exchange/portal_outbound.c): the hook is registered by that module, so the
 * dossier, payment and rating code that makes the change never calls into it (lint.cycles).
 * It runs inside the change's transaction; an error rolls the change back. */
struct dossier_row;
struct svc_dossier_change {
    const struct dossier_row *d; /* as it is after the change */
    const struct actor *a;
    const char *action; /* the dossier event's action, or "rating" */
    const char *from_state, *note;
    int64_t now;
};
typedef int (*svc_dossier_hook)(struct svc *s, struct db_conn *c,
                                const struct svc_dossier_change *ch, struct err *e);
/* Tells the registered hook (if any) of a change, inside the caller's transaction. */
int svc_dossier_changed(struct svc *s, struct db_conn *c, const struct svc_dossier_change *ch,
                        struct err *e);

struct svc {
    struct svc_config cfg;
    struct db *db;
    struct svc_standby standby;
    pthread_mutex_t cal_lock;
    struct svc_cache cal; /* the compiled calendar in force, see calendar.c */
    pthread_mutex_t org_lock;
    struct svc_cache org;          /* the org tree as last read, see org/org_tree.c */
    struct svc_cache exchange;     /* the configured partners, see exchange/exchange.c */
    unsigned char code_key[32];    /* seals one-time codes (messages/code_message.c) */
    svc_dossier_hook dossier_hook; /* told of every dossier change; see svc_dossier_changed */
};

/* Runs a report's reads (fn, which must not write) on the standby when one is configured and
 * answering, else on the primary; a standby that fails is logged, counted and left alone for a
 * few seconds, and fn runs on the primary instead, so a report never fails for its sake. */
int svc_report_read(struct svc *s, db_tx_fn fn, void *ctx, struct err *e);
/* Opens the standby's pool from cfg (refused unless both urls are PostgreSQL) / closes it. */
int svc_standby_open(struct svc *s, struct err *e);
void svc_standby_close(struct svc *s);

/* The compiled calendar in force (refreshed when calendar_years changed); release it with
 * svc_cal_release. */
int svc_cal_acquire(struct svc *s, struct db_conn *c, struct cal_snap **out, struct err *e);
void svc_cal_release(struct cal_snap *snap);
/* The rules (shipped years, stored years, default rule) the snapshot was built from. */
struct cal_rules;
const struct cal_rules *svc_cal_rules(const struct cal_snap *snap);
const struct cal_calendar *svc_cal_calendar(const struct cal_snap *snap);
/* Office hours of a unit (the default when it has none of its own, or unit_id is 0). */
int svc_office_of(struct db_conn *c, int64_t unit_id, struct cal_office *out, struct err *e);

/* The scope rule (perm.c, docs/architecture.md "Permissions"): a role granted at a unit covers
 * that unit's subtree; a role held without a unit covers every unit and the things of no unit.
 *
 * 1 when the actor holds a role of mask at one of the units up[0..n) (a unit and its
 * ancestors) or without a unit; with n 0, only a role held without a unit counts. The
 * system actor holds everything. */
int perm_holds(const struct actor *a, int mask, const int64_t *up, int n);
/* The one scope check over a tree already in memory: perm_holds with the units from unit_id
 * up, each found by parent_of(tree, id) (0 at a root). */
typedef int64_t (*perm_parent_fn)(const void *tree, int64_t id);
int perm_holds_in(const struct actor *a, int mask, int64_t unit_id, perm_parent_fn parent_of,
                  const void *tree);
/* 1 when the actor holds a role of mask somewhere, or is the system: the gate of a list whose
 * rows are then filtered by scope, and of an action whose unit is checked later. */
int perm_some(const struct actor *a, int mask);
/* 1 when the actor holds a role of mask without a unit (or is the system). */
int perm_unscoped(const struct actor *a, int mask);
/* E_FORBIDDEN unless the actor holds a role of mask somewhere: for entering a list whose
 * rows the caller then filters by scope (perm_holds, dossier_role_at). */
int perm_require_some(const struct actor *a, int mask, struct err *e);
/* E_FORBIDDEN unless the actor holds a role of mask at unit_id or one of its ancestors, or
 * without a unit. unit_id 0 is a thing of no unit (catalogue, calendar, org tree, audit log,
 * outbox…): only a role held without a unit covers it. */
int perm_require(struct db_conn *c, const struct actor *a, int mask, int64_t unit_id,
                 struct err *e);
/* E_FORBIDDEN unless the actor is an admin whose reach covers every role of the user
 * (kind: the account's; a citizen account needs an admin without a unit). */
int perm_require_manage(struct db_conn *c, const struct actor *a, int64_t user_id, const char *kind,
                        struct err *e);
/* May the actor grant role at unit_id (0: without a unit) to an account of this kind? Only an
 * admin whose reach covers unit_id (E_FORBIDDEN); staff roles only to staff accounts and the
 * citizen role only to citizen accounts (E_INVALID on "role"). */
int perm_require_grant(struct db_conn *c, const struct actor *a, int role, int64_t unit_id,
                       const char *kind, struct err *e);
struct role_row;
/* Converts stored role grants into the actor's form, in a. */
struct actor_role *svc_roles_from_rows(struct arena *a, const struct role_row *rows, int n);
/* Opens a session for user_id inside the caller's transaction, as every way of logging in
 * does (auth.c): a new token in *token (only its hash is stored) and the actor with the
 * session's own CSRF token. E_UNAUTH for a locked account. */
int svc_session_open(struct db_conn *c, struct svc *s, struct arena *a, int64_t user_id,
                     const char **token, struct actor *out, struct err *e);
/* Writes an audit entry for the actor inside the caller's transaction. */
int svc_audit(struct db_conn *c, const struct actor *a, const char *action, const char *object_type,
              const char *object_id, const char *summary, struct err *e);

/* The same, with the summary as a JSON object; takes ownership of (decrefs) summary. */
struct json_t;
int svc_audit_json(struct db_conn *c, const struct actor *a, const char *action,
                   const char *object_type, const char *object_id, struct json_t *summary,
                   struct err *e);

/* A message for the outbox, queued inside the caller's transaction so that it exists exactly
 * when the change that causes it does (see outbox.c and docs/jobs.md). */
struct svc_outbox_new {
    const char *channel;              /* internal | email | sms | zalo */
    const char *recipient;            /* username (internal), address or phone number */
    const char *event;                /* template name, e.g. "deadline.step_due_soon" */
    int64_t dossier_id, user_id, now; /* ids 0 = none */
};
/* Takes ownership of (decrefs) payload, a JSON object. */
int svc_outbox_add(struct db_conn *c, const struct svc_outbox_new *m, struct json_t *payload,
                   struct err *e);

/* One HTTP request to another system (http_client.c): a gateway, an exchange partner. */
#define SVC_HTTP_HEADERS_MAX 12
struct svc_http_request {
    const char *method;                        /* NULL = POST with a body, GET without */
    const char *url;                           /* http or https; redirects are not followed */
    const char *content_type;                  /* NULL = application/json */
    const char *body;                          /* NULL = none */
    size_t len;                                /* of body; 0 = strlen */
    const char *headers[SVC_HTTP_HEADERS_MAX]; /* more "Name: value" lines, NULL after the last */
    int timeout_seconds;                       /* the whole exchange; 0 = 20 */
    size_t max_body;                           /* the answer's cap; 0 = 1 MiB */
    int discard_body;                          /* 1 = the answer's body is not kept */
};
struct svc_http_response {
    long status;      /* the HTTP status: any status is an answer */
    const char *body; /* NUL-terminated, in the arena; "" for none */
    size_t len;
};
/* Sends rq; E_UNAVAILABLE (with curl's words) when the peer cannot be reached, does not answer
 * in time or answers more than max_body. */
int svc_http_send(struct arena *a, const struct svc_http_request *rq, struct svc_http_response *rs,
                  struct err *e);

/* The one retry policy for messages to other systems (the outbox's deliveries and the
 * exchange layer): the delay before attempt attempts + 1 is base, 2·base, 4·base … at most
 * max (0 = the defaults below). */
#define SVC_RETRY_BASE_SECONDS 60
#define SVC_RETRY_MAX_SECONDS  3600
int64_t svc_retry_delay(int base_seconds, int max_seconds, int attempts);

#endif
