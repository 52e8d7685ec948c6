/* svc_online.h — public services online for citizens (the account they sign up with is
 * identity's, svc_auth.h, included here for the pages that use both): preparing a dossier as a
 * draft that can be saved and resumed, submitting it to the procedure's receiving one-stop section
 * (state "submitted", national status 1, where the receptionist accepts it as at the counter), and
 * the citizen's own dossiers with a withdrawal request. See docs/online.md. */
#ifndef MOTCUA_SVC_ONLINE_H
#define MOTCUA_SVC_ONLINE_H

#include "svc.h"
#include "svc_auth.h"
#include "svc_dossier.h"

#include <jansson.h>
#include <stdint.h>

/* --- drafts and submission (dossier_online.c) --- */

struct svc_draft_unit {
    const char *key, *name;
};

struct svc_draft {
    int64_t id, created_at, updated_at;
    const char *procedure_code, *procedure_name, *online; /* online: full | partial */
    const char *unit_key;     /* the chosen receiving unit, NULL while not chosen */
    const char *data;         /* the filled-in JSON object (docs/online.md) */
    const char *dossier_code; /* set once submitted */
    const char *applicant_name, *account_phone, *account_email; /* prefilled from the account */
    struct svc_dossier_component *components;                   /* what the procedure asks for */
    const char **forms; /* per component, the declaration form it is made on ("TK-KS") or NULL */
    int ncomponents;
    struct svc_draft_unit *units; /* the units that receive the procedure */
    int nunits;
};

/* Starts a draft for a procedure whose online mode is full or partial (E_INVALID on
 * "procedure_code" otherwise); citizens only. data may be NULL (an empty draft). */
int svc_draft_start(struct svc *s, const struct actor *a, struct arena *ar,
                    const char *procedure_code, const char *unit_key, json_t *data,
                    struct svc_draft *out, struct err *e);
/* The actor's own draft; E_NOTFOUND for anyone else's. */
int svc_draft_get(struct svc *s, const struct actor *a, struct arena *ar, int64_t id,
                  struct svc_draft *out, struct err *e);
/* Saves what was filled in so far (each field is checked for its form, not for
 * completeness); E_CONFLICT once the draft was submitted. */
int svc_draft_save(struct svc *s, const struct actor *a, struct arena *ar, int64_t id,
                   const char *unit_key, json_t *data, struct svc_draft *out, struct err *e);
/* Every problem with what the form holds, up to max of them into problems (*n of them), so
 * that a page shows them all at once: the form of each field, and with complete also what a
 * submission needs (as svc_draft_submit checks it). Returns an error only when the draft
 * cannot be read (E_NOTFOUND, E_CONFLICT once submitted). Nothing is saved. */
int svc_draft_check(struct svc *s, const struct actor *a, struct arena *ar, int64_t id,
                    const char *unit_key, json_t *data, int complete, struct err *problems, int max,
                    int *n, struct err *e);
/* The actor's drafts, newest first (without components and units). */
int svc_draft_list(struct svc *s, const struct actor *a, struct arena *ar, struct svc_draft **out,
                   int *n, struct err *e);
/* Checks the draft is complete and records it as a dossier in state "submitted" at the
 * receiving unit, waiting in its receptionists' inbox. *code receives its code. Returns 1
 * (not an error) when the draft had been submitted already and *code is that dossier. */
int svc_draft_submit(struct svc *s, const struct actor *a, struct arena *ar, int64_t id,
                     const char **code, struct err *e);

/* Working hours the receiving one-stop section has to answer a dossier submitted online:
 * accept it, ask for a supplement or refuse it (Decree 45/2020/NĐ-CP: the dossier is checked
 * within 8 working hours of its receipt on the system ◐). */
#define SVC_ONLINE_ANSWER_HOURS 8

/* The moment the receiving unit (unit_key) must answer a dossier submitted at submitted_at,
 * on that unit's working calendar. */
int svc_online_answer_due(struct svc *s, const char *unit_key, int64_t submitted_at, int64_t *due,
                          struct err *e);

/* --- the citizen's own dossiers (dossier_online.c) --- */

struct svc_my_dossier {
    const char *code, *procedure_name, *state, *state_label, *channel;
    int national_status, version;
    int64_t received_at, accepted_at, due_at, finished_at;
    int can_withdraw; /* the state machine still allows a withdrawal */
};

/* Every dossier whose applicant is the actor's account, newest first. */
int svc_my_dossiers(struct svc *s, const struct actor *a, struct arena *ar,
                    struct svc_my_dossier **out, int *n, struct err *e);
/* The applicant withdraws their own dossier (Decree 61 Art. 19: at the applicant's request).
 * expected_version 0 = the current one. E_NOTFOUND unless the actor is the applicant. */
int svc_my_withdraw(struct svc *s, const struct actor *a, const char *code, int expected_version,
                    const char *reason, struct svc_dossier_after *after, struct err *e);

#endif
