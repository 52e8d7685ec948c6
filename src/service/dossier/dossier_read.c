/* dossier_read.c — reading dossiers: one dossier with its checklist, steps, events and
 * supplement cycles, and the actions the reader may take now; an inbox over all the reader's
 * roles; a search within the reader's units; and the public lookup, which shows a masked name
 * and the timeline without any officer's name or note. */
#include "consult_internal.h"
#include "dossier_internal.h"
#include "svc_auth.h"
#include "svc_internal.h"

#include "cal_date.h"
#include "cal_worktime.h"
#include "dossier_code.h"
#include "format.h"
#include "text.h"
#include "user_store.h"

#include <stdlib.h>
#include <string.h>

#define NEAR_DUE 86400 /* marked "near due" within a day of the due time */

static const char *unit_key(const struct org_tree *t, int64_t id)
{
    const struct org_unit *u = org_tree_get(t, id);
    return u ? u->key : NULL;
}

static const char *unit_name(const struct org_tree *t, int64_t id)
{
    const struct org_unit *u = org_tree_get(t, id);
    return u ? u->name : NULL;
}

/* What the actor may do now: every action the state machine allows that the permission
 * check would let through. */
static void available_actions(const struct org_tree *t, const struct actor *a,
                              const struct dossier_row *d, const char **out, int max)
{
    static const enum dossier_action candidates[] = {DA_ACCEPT,
                                                     DA_RECEPTION_SUPPLEMENT,
                                                     DA_REFUSE_RECEPTION,
                                                     DA_ADVANCE,
                                                     DA_ASSIGN,
                                                     DA_REQUEST_SUPPLEMENT,
                                                     DA_SUPPLEMENT_RECEIVED,
                                                     DA_REFUSE,
                                                     DA_EXTEND,
                                                     DA_STOP,
                                                     DA_WITHDRAW,
                                                     DA_RETURN};
    enum dossier_state from;
    int n = 0;
    if (dossier_state_parse(d->state, &from) != 0)
        from = DS_NONE;
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0] && n < max - 1; i++) {
        enum dossier_state to;
        enum dossier_action act = candidates[i];
        if (dossier_transition(from, act, &to, NULL) != 0)
            continue;
        int64_t unit = 0;
        int mask = dossier_action_roles(d, act, &unit);
        if ((act == DA_EXTEND && d->extended) || dossier_role_at(t, a, mask, unit, NULL) != 0)
            continue;
        out[n++] = dossier_action_name(act);
    }
    out[n] = NULL;
}

static void fill_view(const struct org_tree *t, const struct dossier_row *d, struct svc_dossier *v)
{
    enum dossier_state st = DS_NONE;
    dossier_state_parse(d->state, &st);
    *v = (struct svc_dossier){
        .code = d->code,
        .procedure_code = d->procedure_code,
        .procedure_name = d->procedure_name,
        .state = d->state,
        .state_label = dossier_state_label(st),
        .national_status = d->national_status,
        .version = d->version,
        .sets = d->sets,
        .extended = d->extended,
        .supplements = d->supplements,
        .step_index = d->step_index,
        .receiving_unit_key = unit_key(t, d->receiving_unit_id),
        .receiving_unit_name = unit_name(t, d->receiving_unit_id),
        .agency_code = org_tree_agency_code(t, d->receiving_unit_id),
        .channel = d->channel,
        .return_method = d->return_method,
        .applicant = {d->applicant_kind, d->applicant_name, d->applicant_id, d->applicant_birth,
                      d->applicant_phone, d->applicant_email, d->applicant_address},
        .fee_total = d->fee_total,
        .received_at = d->received_at,
        .accepted_at = d->accepted_at,
        .first_due_at = d->first_due_at,
        .due_at = d->due_at,
        .finished_at = d->finished_at,
        .returned_at = d->returned_at,
        .limit_unit = d->limit_unit,
        .limit_value = d->limit_value,
        .step_role = d->step_role,
        .step_unit_key = unit_key(t, d->step_unit_id),
        .step_unit_name = unit_name(t, d->step_unit_id),
        .result_kind = d->result_kind,
        .reason = d->reason,
        .step_due_at = d->step_due_at,
    };
    int64_t end = d->finished_at ? d->finished_at : svc_now();
    /* The open step, the counter's return step after the result included (it has a due
       time of its own; a dossier closed has no step role). */
    v->step_late = d->step_role && svc_dossier_step_late(svc_now(), d->step_due_at);
    v->timing = !d->due_at                          ? ""
                : d->finished_at || end > d->due_at ? dossier_timing(end, d->due_at)
                                                    : "";
}

struct get_ctx {
    struct svc *s;
    const struct actor *a;
    struct arena *ar;
    const char *code;
    struct svc_dossier *out;
};

static int load_details(struct db_conn *c, struct arena *ar, const struct org_tree *t, int64_t id,
                        struct svc_dossier *v, struct err *e)
{
    struct dossier_component_row *comps = NULL;
    struct dossier_step_row *steps = NULL;
    struct dossier_event_row *evs = NULL;
    struct dossier_supplement_row *sups = NULL;
    int rc = dossier_components(c, ar, id, &comps, &v->ncomponents, e);
    if (!rc)
        rc = dossier_steps(c, ar, id, &steps, &v->nsteps, e);
    if (!rc)
        rc = dossier_events(c, ar, id, &evs, &v->nevents, e);
    if (!rc)
        rc = dossier_supplements(c, ar, id, &sups, &v->nsupplement_cycles, e);
    if (rc)
        return rc;
    v->components = arena_alloc(ar, sizeof *v->components * (size_t)(v->ncomponents + 1));
    for (int i = 0; i < v->ncomponents; i++)
        v->components[i] = (struct svc_dossier_component){.idx = comps[i].idx,
                                                          .required_count = comps[i].required_count,
                                                          .received_count = comps[i].received_count,
                                                          .name = comps[i].name,
                                                          .kind = comps[i].kind};
    v->steps = arena_alloc(ar, sizeof *v->steps * (size_t)(v->nsteps + 1));
    for (int i = 0; i < v->nsteps; i++)
        v->steps[i] = (struct svc_dossier_step){.idx = steps[i].idx,
                                                .role = steps[i].role,
                                                .unit_key = unit_key(t, steps[i].unit_id),
                                                .unit_name = unit_name(t, steps[i].unit_id),
                                                .actor_label = steps[i].actor_label,
                                                .timing = steps[i].timing,
                                                .budget_seconds = steps[i].budget_seconds,
                                                .started_at = steps[i].started_at,
                                                .due_at = steps[i].due_at,
                                                .finished_at = steps[i].finished_at,
                                                .late_reason = steps[i].late_reason};
    v->events = arena_alloc(ar, sizeof *v->events * (size_t)(v->nevents + 1));
    for (int i = 0; i < v->nevents; i++)
        v->events[i] = (struct svc_dossier_event){.at = evs[i].at,
                                                  .actor = evs[i].actor,
                                                  .action = evs[i].action,
                                                  .from_state = evs[i].from_state,
                                                  .to_state = evs[i].to_state,
                                                  .from_unit = unit_name(t, evs[i].from_unit_id),
                                                  .to_unit = unit_name(t, evs[i].to_unit_id),
                                                  .timing = evs[i].timing,
                                                  .note = evs[i].note};
    v->supplement_cycles =
        arena_alloc(ar, sizeof *v->supplement_cycles * (size_t)(v->nsupplement_cycles + 1));
    for (int i = 0; i < v->nsupplement_cycles; i++)
        v->supplement_cycles[i] =
            (struct svc_dossier_supplement){.stage = sups[i].stage,
                                            .items = sups[i].items,
                                            .reason = sups[i].reason,
                                            .requested_at = sups[i].requested_at,
                                            .completed_at = sups[i].completed_at};
    return 0;
}

static int has_action(const struct svc_dossier *v, const char *action)
{
    for (int i = 0; v->actions[i]; i++)
        if (strcmp(v->actions[i], action) == 0)
            return 1;
    return 0;
}

/* The lists the officer picks from, for the actions they may take now (dossier_pick.c). */
static int load_picks(struct db_conn *c, struct arena *ar, const struct org_tree *t,
                      const struct actor *a, const struct dossier_row *d, struct svc_dossier *v,
                      struct err *e)
{
    if (dossier_may_consult(t, a, d))
        dossier_pick_consulted(t, ar, d, &v->consult_units, &v->nconsult_units);
    return has_action(v, "assign")
               ? dossier_pick_assignees(c, ar, t, d, &v->assignees, &v->nassignees, e)
               : 0;
}

static int get_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct get_ctx *x = ctx;
    struct org_tree t;
    struct dossier_row d;
    int rc = org_tree_of(x->s, c, &t, e);
    if (!rc)
        rc = dossier_get(c, x->ar, x->code, &d, e);
    if (!rc)
        rc = dossier_visible(&t, x->a, &d, e);
    if (rc)
        return rc;
    fill_view(&t, &d, x->out);
    available_actions(&t, x->a, &d, x->out->actions,
                      (int)(sizeof x->out->actions / sizeof x->out->actions[0]));
    rc = load_picks(c, x->ar, &t, x->a, &d, x->out, e);
    if (!rc)
        rc = load_details(c, x->ar, &t, d.id, x->out, e);
    return rc ? rc
              : dossier_consult_views(c, x->ar, &t, x->a, d.id, &x->out->consultations,
                                      &x->out->nconsultations, e);
}

int svc_dossier_get(struct svc *s, const struct actor *a, struct arena *ar, const char *code,
                    struct svc_dossier *out, struct err *e)
{
    struct get_ctx x = {s, a, ar, code ? code : "", out};
    return db_with_conn(s->db, get_read, &x, e);
}

static void fill_row(const struct org_tree *t, const struct dossier_row *d, int64_t now,
                     struct svc_dossier_row *r)
{
    enum dossier_state st = DS_NONE;
    dossier_state_parse(d->state, &st);
    int64_t due = d->step_due_at ? d->step_due_at : d->due_at;
    *r = (struct svc_dossier_row){.code = d->code,
                                  .procedure_name = d->procedure_name,
                                  .state = d->state,
                                  .state_label = dossier_state_label(st),
                                  .applicant_name = d->applicant_name,
                                  .step_role = d->step_role,
                                  .step_unit_name = unit_name(t, d->step_unit_id),
                                  .national_status = d->national_status,
                                  .version = d->version,
                                  .received_at = d->received_at,
                                  .due_at = d->due_at,
                                  .step_due_at = d->step_due_at,
                                  .overdue = due && !dossier_state_final(st) && now > due,
                                  .near_due = due && !dossier_state_final(st) && now <= due &&
                                              due - now <= NEAR_DUE};
}

struct list_ctx {
    struct svc *s;
    const struct actor *a;
    struct arena *ar;
    const struct svc_dossier_search *q;
    struct svc_dossier_row *out;
    int n;
};

static int add_rows(struct list_ctx *x, const struct org_tree *t, struct dossier_row *rows, int n,
                    int cap)
{
    int64_t now = svc_now();
    for (int i = 0; i < n && x->n < cap; i++) {
        int dup = 0;
        for (int k = 0; k < x->n && !dup; k++)
            dup = strcmp(x->out[k].code, rows[i].code) == 0;
        if (!dup)
            fill_row(t, &rows[i], now, &x->out[x->n++]);
    }
    return 0;
}

#define INBOX_MAX 200

static int by_due(const void *pa, const void *pb)
{
    const struct svc_dossier_row *a = pa, *b = pb;
    int64_t da = a->step_due_at ? a->step_due_at : INT64_MAX;
    int64_t db = b->step_due_at ? b->step_due_at : INT64_MAX;
    return da < db ? -1 : da > db;
}

static int inbox_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct list_ctx *x = ctx;
    struct org_tree t;
    int rc = org_tree_of(x->s, c, &t, e);
    x->out = arena_alloc(x->ar, sizeof *x->out * INBOX_MAX);
    for (int i = 0; !rc && i < x->a->nroles; i++) {
        const struct actor_role *role = &x->a->roles[i];
        if (!role->unit_id || !(role->role & (ROLE_RECEPTIONIST | ROLE_SPECIALIST | ROLE_LEADER)))
            continue;
        struct dossier_row *rows = NULL;
        int n = 0;
        rc = dossier_inbox(c, x->ar, role->unit_id, role_name(role->role), x->a->user_id, INBOX_MAX,
                           &rows, &n, e);
        if (!rc)
            add_rows(x, &t, rows, n, INBOX_MAX);
    }
    qsort(x->out, (size_t)x->n, sizeof *x->out, by_due);
    return rc;
}

int svc_dossier_inbox(struct svc *s, const struct actor *a, struct arena *ar,
                      struct svc_dossier_row **out, int *n, struct err *e)
{
    struct list_ctx x = {s, a, ar, NULL, NULL, 0};
    int rc = db_with_conn(s->db, inbox_read, &x, e);
    *out = x.out;
    *n = x.n;
    return rc;
}

struct late_ctx {
    struct svc *s;
    const struct actor *a;
    struct arena *ar;
    int64_t now;
    struct svc_late_row *out;
    int n;
};

static const char *holder_name(struct db_conn *c, struct arena *ar, int64_t user_id)
{
    struct user_row u;
    struct err ignored = {0}; /* a holder who cannot be read is shown as the step's role */
    return user_id && user_get(c, ar, user_id, &u, &ignored) == 0 ? u.full_name : NULL;
}

/* Working days from due to now by the receiving unit's calendar, rounded up; a step past its
 * due time outside office hours (the evening, a weekend) is one day late, not zero. */
static int working_days_late(struct late_ctx *x, struct db_conn *c, const struct dossier_row *d,
                             int *days, struct err *e)
{
    *days = 0;
    if (!svc_dossier_step_late(x->now, d->step_due_at))
        return 0;
    struct dossier_clock k;
    int64_t seconds = 0;
    int rc = dossier_clock_open(x->s, c, d->receiving_unit_id, &k, e);
    if (!rc && cal_work_between(svc_cal_calendar(k.snap), &k.office, d->step_due_at, x->now,
                                &seconds) != 0)
        rc = err_set(e, E_INVALID, NULL, "Thời điểm vượt quá phạm vi lịch (1900–2199)");
    int64_t day = cal_office_day_seconds(&k.office);
    dossier_clock_close(&k);
    int64_t n = day > 0 ? (seconds + day - 1) / day : 0;
    *days = n < 1 ? 1 : (int)n;
    return rc;
}

/* The latest reason given for finishing one of the dossier's steps late, or NULL. */
static int last_late_reason(struct db_conn *c, struct arena *ar, int64_t id, const char **out,
                            struct err *e)
{
    struct dossier_step_row *steps = NULL;
    int n = 0;
    int rc = dossier_steps(c, ar, id, &steps, &n, e);
    *out = NULL;
    for (int i = 0; !rc && i < n; i++)
        if (steps[i].late_reason && *steps[i].late_reason)
            *out = steps[i].late_reason;
    return rc;
}

static int late_add(struct late_ctx *x, struct db_conn *c, const struct org_tree *t,
                    const struct dossier_row *d, struct err *e)
{
    for (int j = 0; j < x->n; j++)
        if (strcmp(x->out[j].d.code, d->code) == 0)
            return 0; /* led twice (a unit and its parent) */
    struct svc_late_row *o = &x->out[x->n];
    fill_row(t, d, x->now, &o->d);
    o->holder = holder_name(c, x->ar, d->assignee_id);
    int rc = working_days_late(x, c, d, &o->days_late, e);
    if (!rc)
        rc = last_late_reason(c, x->ar, d->id, &o->late_reason, e);
    x->n += !rc;
    return rc;
}

/* The end of the "due soon" window of a leader's unit: one office day of the unit's working
 * time after now (the deadline job's default window), so that on a Friday evening or a
 * Saturday the steps due on Monday are already due soon. */
static int near_due_horizon(struct late_ctx *x, struct db_conn *c, int64_t unit_id,
                            int64_t *horizon, struct err *e)
{
    struct dossier_clock k;
    int rc = dossier_clock_open(x->s, c, unit_id, &k, e);
    if (!rc)
        rc = dossier_clock_add(&k, x->now, cal_office_day_seconds(&k.office), horizon, e);
    dossier_clock_close(&k);
    return rc;
}

static int late_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct late_ctx *x = ctx;
    struct org_tree t;
    int rc = org_tree_of(x->s, c, &t, e);
    x->out = arena_alloc(x->ar, sizeof *x->out * INBOX_MAX);
    for (int i = 0; !rc && i < x->a->nroles; i++) {
        const struct actor_role *role = &x->a->roles[i];
        if (role->role != ROLE_LEADER || !role->unit_id)
            continue;
        struct dossier_row *rows = NULL;
        int n = 0;
        int64_t horizon = 0;
        rc = near_due_horizon(x, c, role->unit_id, &horizon, e);
        if (!rc)
            rc = dossier_late(c, x->ar, role->unit_id, horizon, INBOX_MAX, &rows, &n, e);
        for (int k = 0; !rc && k < n && x->n < INBOX_MAX; k++)
            rc = late_add(x, c, &t, &rows[k], e);
    }
    return rc;
}

int svc_dossier_late_at(struct svc *s, const struct actor *a, struct arena *ar, int64_t now,
                        struct svc_late_row **out, int *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    if (!perm_some(a, ROLE_LEADER))
        return err_set(e, E_FORBIDDEN, NULL, "Chỉ lãnh đạo đơn vị xem được danh sách trễ hạn");
    struct late_ctx x = {s, a, ar, now, NULL, 0};
    int rc = db_with_conn(s->db, late_read, &x, e);
    *out = x.out;
    *n = x.n;
    return rc;
}

int svc_dossier_late(struct svc *s, const struct actor *a, struct arena *ar,
                     struct svc_late_row **out, int *n, struct err *e)
{
    return svc_dossier_late_at(s, a, ar, svc_now(), out, n, e);
}

/* "nguyen van" → "nguyen van%" with % and _ of the input escaped. */
static const char *name_pattern(struct arena *ar, const char *name)
{
    char *fold = NULL;
    if (!name || !*name || text_fold(ar, name, &fold) != 0 || !*fold)
        return NULL;
    char *p = arena_alloc(ar, strlen(fold) * 2 + 2), *o = p;
    for (const char *s = fold; *s; s++) {
        if (*s == '%' || *s == '_' || *s == '\\')
            *o++ = '\\';
        *o++ = *s;
    }
    *o++ = '%';
    return p;
}

static int64_t day_start(const char *date, int plus_days)
{
    int32_t day = 0;
    return date && *date && cal_parse_date(date, &day, NULL) == 0 ? cal_instant(day + plus_days, 0)
                                                                  : 0;
}

static int find_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct list_ctx *x = ctx;
    const struct svc_dossier_search *q = x->q;
    struct org_tree t;
    int rc = org_tree_of(x->s, c, &t, e);
    struct dossier_query dq = {
        q->code,  name_pattern(x->ar, q->name), q->id_number,        q->phone, q->procedure_code,
        q->state, day_start(q->from, 0),        day_start(q->to, 1), 0,        0,
        q->limit};
    int cap = q->limit > 0 && q->limit <= 500 ? q->limit : 100;
    x->out = arena_alloc(x->ar, sizeof *x->out * (size_t)cap);
    /* One search over everything for admins and auditors without a unit; one over the
     * applicant's own dossiers for a citizen (what "Hồ sơ của tôi" lists); else one per unit
     * the actor holds a staff role at, admins and auditors of a unit included. */
    int staff = perm_some(x->a, ROLE_STAFF);
    int global = !staff || perm_unscoped(x->a, ROLE_ADMIN | ROLE_AUDITOR);
    if (!staff)
        dq.applicant_user_id = x->a->user_id ? x->a->user_id : -1;
    for (int i = 0; !rc && (i < x->a->nroles || (global && i == 0)); i++) {
        if (!global && (!x->a->roles[i].unit_id || !(x->a->roles[i].role & ROLE_STAFF)))
            continue;
        dq.scope_unit_id = global ? 0 : x->a->roles[i].unit_id;
        struct dossier_row *rows = NULL;
        int n = 0;
        rc = dossier_search(c, x->ar, &dq, &rows, &n, e);
        if (!rc)
            add_rows(x, &t, rows, n, cap);
        if (global)
            break;
    }
    return rc;
}

int svc_dossier_find(struct svc *s, const struct actor *a, struct arena *ar,
                     const struct svc_dossier_search *q, struct svc_dossier_row **out, int *n,
                     struct err *e)
{
    if (q->from && *q->from && day_start(q->from, 0) == 0)
        return err_set(e, E_INVALID, "from", "Ngày phải có dạng YYYY-MM-DD");
    if (q->to && *q->to && day_start(q->to, 0) == 0)
        return err_set(e, E_INVALID, "to", "Ngày phải có dạng YYYY-MM-DD");
    struct list_ctx x = {s, a, ar, q, NULL, 0};
    int rc = db_with_conn(s->db, find_read, &x, e);
    *out = x.out;
    *n = x.n;
    return rc;
}

const char *svc_dossier_state_label(const char *state)
{
    enum dossier_state st;
    return state && dossier_state_parse(state, &st) == 0 ? dossier_state_label(st) : NULL;
}
