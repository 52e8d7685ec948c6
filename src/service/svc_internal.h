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

struct svc {
    struct svc_config cfg;
    struct db *db;
    pthread_mutex_t cal_lock;
    struct cal_snap *cal;       /* the compiled calendar in force, see calendar.c */
    unsigned char code_key[32]; /* seals one-time codes (citizen_signup.c) */
};

/* The compiled calendar in force (refreshed when calendar_years changed); release it with
 * svc_cal_release. */
int svc_cal_acquire(struct svc *s, struct db_conn *c, struct cal_snap **out, struct err *e);
void svc_cal_release(struct cal_snap *snap);
/* The rules (shipped years, stored years, default rule) the snapshot was built from. */
struct cal_rules;
const struct cal_rules *svc_cal_rules(const struct cal_snap *snap);
const struct cal_calendar *svc_cal_calendar(const struct cal_snap *snap);
void svc_cal_cache_free(struct svc *s);
/* Office hours of a unit (the default when it has none of its own, or unit_id is 0). */
int svc_office_of(struct db_conn *c, int64_t unit_id, struct cal_office *out, struct err *e);

/* The scope rule (perm.c, docs/architecture.md "Permissions"): a role granted at a unit covers
 * that unit's subtree; a role held without a unit covers every unit and the things of no unit.
 *
 * 1 when the actor holds a role of mask at one of the units up[0..n) (a unit and its
 * ancestors) or without a unit; with n 0, only a role held without a unit counts. The
 * system actor holds everything. */
int perm_holds(const struct actor *a, int mask, const int64_t *up, int n);
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

#endif
