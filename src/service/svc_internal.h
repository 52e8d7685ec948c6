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
const struct cal_calendar *svc_cal_calendar(const struct cal_snap *snap);
void svc_cal_cache_free(struct svc *s);
/* Office hours of a unit (the default when it has none of its own, or unit_id is 0). */
int svc_office_of(struct db_conn *c, int64_t unit_id, struct cal_office *out, struct err *e);

/* Fails with E_FORBIDDEN unless the actor holds one of the roles in mask in unit_id or one
 * of its ancestors (a role held without a unit covers every unit). unit_id 0 asks whether
 * the actor holds one of the roles anywhere. The system actor passes every check. */
int perm_require(struct db_conn *c, const struct actor *a, int mask, int64_t unit_id,
                 struct err *e);
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
