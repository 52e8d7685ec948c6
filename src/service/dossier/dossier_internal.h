/* dossier_internal.h — what the dossier service files share: who may take an action, the
 * people and units a step offers, writing events, and the calendar used for due times (the
 * organisation tree in memory and the visibility rule come from org/org_tree.h). */
#ifndef MOTCUA_DOSSIER_INTERNAL_H
#define MOTCUA_DOSSIER_INTERNAL_H

#include "cal_deadline.h"
#include "dossier_state.h"
#include "dossier_store.h"
#include "org_tree.h"
#include "procedure.h"
#include "svc_dossier.h"
#include "svc_internal.h"

#include <jansson.h>

/* Who may take an action: the roles (a mask) and, in *unit, the unit they must hold one of
 * them at — the current step's role at its unit for the step itself; the receiving counter
 * for what happens at the counter; leaders or the step's officers for the decisions that end
 * or delay processing. */
int dossier_action_roles(const struct dossier_row *d, enum dossier_action act, int64_t *unit);
/* The people who may take d's current step (struct svc_dossier's assignees), one entry each. */
int dossier_pick_assignees(struct db_conn *c, struct arena *ar, const struct org_tree *t,
                           const struct dossier_row *d, struct svc_pick **out, int *n,
                           struct err *e);
/* The units a consultation about d may go to (struct svc_dossier's consult_units). */
void dossier_pick_consulted(const struct org_tree *t, struct arena *ar, const struct dossier_row *d,
                            struct svc_pick **out, int *n);
/* May the actor ask another unit about d now: d is being processed and the actor holds the
 * current step's role at its unit (E_CONFLICT / E_FORBIDDEN in e otherwise; e may be NULL). */
int dossier_may_consult_e(const struct org_tree *t, const struct actor *a,
                          const struct dossier_row *d, struct err *e);
static inline int dossier_may_consult(const struct org_tree *t, const struct actor *a,
                                      const struct dossier_row *d)
{
    return dossier_may_consult_e(t, a, d, NULL) == 0;
}
/* The pick whose key is key, or NULL. */
const struct svc_pick *dossier_pick_find(const struct svc_pick *list, int n, const char *key);

/* Appends an event for a transition of d (its state and step before the change are given),
 * and tells the statistics, the notifications and the registered dossier hook (s may be NULL
 * only where no hook can be registered: tools and tests without a service). */
int dossier_log(struct svc *s, struct db_conn *c, const struct actor *a,
                const struct dossier_row *d, const char *action, const char *from_state,
                int64_t from_unit, const char *timing, const char *note, int64_t now,
                struct err *e);

/* The calendar in force and the office hours of a unit, for due times. */
struct dossier_clock {
    struct cal_snap *snap;
    struct cal_office office;
};
int dossier_clock_open(struct svc *s, struct db_conn *c, int64_t unit_id, struct dossier_clock *k,
                       struct err *e);
void dossier_clock_close(struct dossier_clock *k);
/* Due moment of a limit from t; working seconds added to t. */
int dossier_clock_due(const struct dossier_clock *k, int64_t t, const char *unit, int value,
                      int64_t *due, struct err *e);
int dossier_clock_add(const struct dossier_clock *k, int64_t t, int64_t seconds, int64_t *out,
                      struct err *e);
/* The first working moment from t, moved to the next working day's opening when t is after
 * the 15:00 cut-off (Decree 61 Art. 18: transfer the same day, or next morning). */
int dossier_clock_transfer(const struct dossier_clock *k, int64_t t, int64_t *out, struct err *e);
/* A new code of the day at the receiving unit (in ar). */
int dossier_issue_code(struct db_conn *c, struct arena *ar, const struct org_tree *t, int64_t unit,
                       int64_t now, const char **code, struct err *e);
/* Stores the checklist: the procedure's components with the counts handed in. */
int dossier_insert_components(struct db_conn *c, int64_t id, const struct procedure *proc,
                              const int *received, int nreceived, struct err *e);

#define DOSSIER_MAX_STEPS 32

/* The steps of an accepted dossier, as they will be stored. */
struct dossier_plan {
    int n;
    struct dossier_step_row steps[DOSSIER_MAX_STEPS];
};
/* Lays out the steps of a procedure version's body for a dossier received at `receiving`. */
int dossier_plan_steps(struct db_conn *c, struct arena *ar, const struct org_tree *t,
                       const struct procedure *proc, int64_t procedure_id, int64_t receiving,
                       struct dossier_plan *p, struct err *e);
/* Starts processing now: the appointment, the reception step done, the first processing
 * step started at transfer time with its due time; fills d's clock and step fields. */
int dossier_start_processing(struct svc *s, struct db_conn *c, const struct actor *a,
                             struct dossier_row *d, struct dossier_plan *p, int64_t now,
                             struct err *e);
/* Stores the planned steps of dossier id. */
int dossier_plan_insert(struct db_conn *c, int64_t id, const struct dossier_plan *p, struct err *e);
/* svc_dossier_act for the applicant's own pages: the applicant may also withdraw and hand in
 * a requested supplement (svc_my_withdraw, svc_supplement_answer). */
int dossier_act_by_applicant(struct svc *s, const struct actor *a, const char *code,
                             const struct svc_dossier_act *act, struct svc_dossier_after *after,
                             struct err *e);
/* The note of an online supplement answer sent without one, and the event of the internal
 * message that tells the desk (supplement_notice.c). */
#define SUPPLEMENT_DEFAULT_NOTE "Người nộp đã gửi hồ sơ bổ sung trực tuyến"
#define SUPPLEMENT_ANSWER_EVENT "dossier.supplement_answered"
/* Tells the people who act on d next (in its new state) that the applicant answered a
 * supplement request online: internal messages "dossier.supplement_answered" with the note
 * and the version the answer left (supplement_notice.c). */
int supplement_tell_desk(struct db_conn *c, struct arena *ar, const struct dossier_row *d,
                         const char *note, int version, int64_t now, struct err *e);
/* "early", "on_time" or "late" for something finished at end against due. */
const char *dossier_timing(int64_t end, int64_t due);

#endif
