/* dossier_common.c — helpers shared by the dossier use cases: the org tree in memory, the
 * permission and visibility rules, events, and the clock (calendar + office hours). */
#include "consult_internal.h"
#include "dossier_internal.h"
#include "notify_internal.h"
#include "stats_internal.h"

#include "cal_calendar.h"
#include "cal_date.h"
#include "cal_timing.h"
#include "cal_worktime.h"
#include "consult_store.h"

#include <stdlib.h>
#include <string.h>

int org_tree_load(struct db_conn *c, struct arena *a, struct org_tree *t, struct err *e)
{
    t->c = c;
    return org_list(c, a, &t->units, &t->n, e);
}

/* A tree as read at one signature. Trees handed out point into it without a release, so a
 * snapshot that a change replaced is kept (linked from its successor) until svc_close: one
 * tree per change of the organisation, which is an administrator's act of a few a year. */
struct org_snap {
    struct org_snap *older;
    int64_t version, max_id;
    struct arena *a;
    struct org_unit *units;
    int n;
};

static void org_snaps_free(void *p)
{
    for (struct org_snap *s = p, *older; s; s = older) {
        older = s->older;
        arena_free(s->a);
        free(s);
    }
}

static int org_snap_build(struct db_conn *c, int64_t version, int64_t max_id, struct org_snap **out,
                          struct err *e)
{
    struct org_snap *snap = calloc(1, sizeof *snap);
    struct arena *a = snap ? arena_new() : NULL;
    if (!a) {
        free(snap);
        return err_set(e, E_NOMEM, NULL, "out of memory");
    }
    *snap = (struct org_snap){.version = version, .max_id = max_id, .a = a};
    int rc = org_list(c, a, &snap->units, &snap->n, e);
    if (rc) {
        org_snaps_free(snap);
        return rc;
    }
    *out = snap;
    return 0;
}

static void tree_from(const struct org_snap *snap, struct db_conn *c, struct org_tree *t)
{
    *t = (struct org_tree){.units = snap->units, .n = snap->n, .c = c};
}

int org_tree_of(struct svc *s, struct db_conn *c, struct org_tree *t, struct err *e)
{
    int64_t version = 0, max_id = 0;
    int rc = org_signature(c, &version, &max_id, e);
    if (rc)
        return rc;
    pthread_mutex_lock(&s->org_lock);
    struct org_snap *cur = s->org.snap;
    if (cur && cur->version == version && cur->max_id == max_id) {
        tree_from(cur, c, t);
        pthread_mutex_unlock(&s->org_lock);
        return 0;
    }
    pthread_mutex_unlock(&s->org_lock);
    struct org_snap *fresh = NULL;
    if ((rc = org_snap_build(c, version, max_id, &fresh, e)) != 0)
        return rc;
    tree_from(fresh, c, t);
    pthread_mutex_lock(&s->org_lock);
    /* A transaction that began before the last change builds an older tree: kept, not cached. */
    cur = s->org.snap;
    if (!cur || cur->version < version) {
        fresh->older = cur;
        s->org = (struct svc_cache){fresh, org_snaps_free};
    } else {
        fresh->older = cur->older;
        cur->older = fresh;
    }
    pthread_mutex_unlock(&s->org_lock);
    return 0;
}

const struct org_unit *org_tree_get(const struct org_tree *t, int64_t id)
{
    for (int i = 0; i < t->n; i++)
        if (t->units[i].id == id)
            return &t->units[i];
    return NULL;
}

static int is_admin_level(const char *level)
{
    return strcmp(level, "commune") == 0 || strcmp(level, "district") == 0 ||
           strcmp(level, "province") == 0;
}

const struct org_unit *org_tree_admin(const struct org_tree *t, int64_t id)
{
    for (int depth = 0; depth < 32; depth++) {
        const struct org_unit *u = org_tree_get(t, id);
        if (!u)
            return NULL;
        if (is_admin_level(u->level))
            return u;
        id = u->parent_id;
    }
    return NULL;
}

const char *org_tree_place(const struct org_tree *t, int64_t id)
{
    for (int i = 0; !id && i < t->n; i++)
        if (!t->units[i].parent_id && t->units[i].place && *t->units[i].place)
            return t->units[i].place;
    for (int depth = 0; id && depth < 32; depth++) {
        const struct org_unit *u = org_tree_get(t, id);
        if (!u)
            return NULL;
        if (u->place && *u->place)
            return u->place;
        id = u->parent_id;
    }
    return NULL;
}

const char *org_tree_agency_code(const struct org_tree *t, int64_t id)
{
    for (int depth = 0; depth < 32; depth++) {
        const struct org_unit *u = org_tree_get(t, id);
        if (!u)
            return NULL;
        if (u->agency_code && *u->agency_code)
            return u->agency_code;
        id = u->parent_id;
    }
    return NULL;
}

int org_tree_within(const struct org_tree *t, int64_t id, int64_t ancestor)
{
    for (int depth = 0; depth < 32 && id; depth++) {
        if (id == ancestor)
            return 1;
        const struct org_unit *u = org_tree_get(t, id);
        id = u ? u->parent_id : 0;
    }
    return 0;
}

static int64_t tree_parent(const void *tree, int64_t id)
{
    const struct org_unit *u = org_tree_get(tree, id);
    return u ? u->parent_id : 0;
}

/* perm.c owns the rule; this is only the dossier module's wording of a refusal. */
int dossier_role_at(const struct org_tree *t, const struct actor *a, int mask, int64_t unit_id,
                    struct err *e)
{
    if (perm_holds_in(a, mask, unit_id, tree_parent, t))
        return 0;
    return err_set(e, E_FORBIDDEN, "action",
                   "Bạn không có quyền thực hiện thao tác này với hồ sơ của đơn vị khác");
}

int dossier_action_roles(const struct dossier_row *d, enum dossier_action act, int64_t *unit)
{
    int step_role = role_from_name(d->step_role);
    int64_t step_unit = d->step_unit_id ? d->step_unit_id : d->receiving_unit_id;
    *unit = step_unit;
    switch (act) {
    case DA_ADVANCE:
        return step_role;
    case DA_REQUEST_SUPPLEMENT:
    case DA_REFUSE:
    case DA_EXTEND:
        return ROLE_SPECIALIST | ROLE_LEADER;
    case DA_STOP:
        return ROLE_LEADER;
    case DA_ASSIGN:
        return ROLE_LEADER | step_role;
    default:
        *unit = d->receiving_unit_id;
        return ROLE_RECEPTIONIST;
    }
}

int dossier_consulted(const struct org_tree *t, const struct actor *a, const struct dossier_row *d)
{
    int64_t units[CONSULTED_MAX];
    int n = 0;
    if (!t->c || consult_open_units(t->c, d->id, units, CONSULTED_MAX, &n, NULL) != 0)
        return 0;
    for (int i = 0; i < n; i++)
        if (dossier_role_at(t, a, ROLE_RECEPTIONIST | CONSULT_ANSWERERS, units[i], NULL) == 0)
            return 1;
    return 0;
}

int dossier_visible(const struct org_tree *t, const struct actor *a, const struct dossier_row *d,
                    struct err *e)
{
    if (a == &svc_system || (a->user_id && a->user_id == d->applicant_user_id))
        return 0;
    /* Admins and auditors see the dossiers of the units their grants cover, like staff. */
    int staff = ROLE_RECEPTIONIST | ROLE_SPECIALIST | ROLE_LEADER | ROLE_ADMIN | ROLE_AUDITOR;
    if (dossier_role_at(t, a, staff, d->receiving_unit_id, NULL) == 0 ||
        (d->step_unit_id && dossier_role_at(t, a, staff, d->step_unit_id, NULL) == 0) ||
        dossier_consulted(t, a, d))
        return 0;
    return err_set(e, E_NOTFOUND, "code", "Không tìm thấy hồ sơ có mã này");
}

int dossier_log(struct svc *s, struct db_conn *c, const struct actor *a,
                const struct dossier_row *d, const char *action, const char *from_state,
                int64_t from_unit, const char *timing, const char *note, int64_t now, struct err *e)
{
    struct dossier_event_row ev = {.at = now,
                                   .actor_id = a->user_id,
                                   .from_unit_id = from_unit,
                                   .to_unit_id = d->step_unit_id,
                                   .step_index = d->step_index,
                                   .actor = a->full_name,
                                   .action = action,
                                   .from_state = from_state,
                                   .to_state = d->state,
                                   .timing = timing,
                                   .note = note};
    int rc = dossier_event_insert(c, d->id, &ev, e);
    if (!rc)
        rc = stats_on_event(c, d, action, from_state, now, e);
    if (!rc)
        rc = notify_on_event(c, d, action, note, now, e);
    struct svc_dossier_change ch = {d, a, action, from_state, note, now};
    return rc ? rc : svc_dossier_changed(s, c, &ch, e);
}

int dossier_clock_open(struct svc *s, struct db_conn *c, int64_t unit_id, struct dossier_clock *k,
                       struct err *e)
{
    k->snap = NULL;
    int rc = svc_office_of(c, unit_id, &k->office, e);
    return rc ? rc : svc_cal_acquire(s, c, &k->snap, e);
}

void dossier_clock_close(struct dossier_clock *k)
{
    svc_cal_release(k->snap);
    k->snap = NULL;
}

int dossier_clock_due(const struct dossier_clock *k, int64_t t, const char *unit, int value,
                      int64_t *due, struct err *e)
{
    struct cal_limit lim = {0};
    int rc = cal_unit_parse(unit, &lim.unit, e);
    lim.value = value;
    return rc ? rc : cal_due(svc_cal_calendar(k->snap), &k->office, t, lim, due, e);
}

int dossier_clock_add(const struct dossier_clock *k, int64_t t, int64_t seconds, int64_t *out,
                      struct err *e)
{
    int64_t start = 0;
    int rc = cal_work_start(svc_cal_calendar(k->snap), &k->office, t, &start);
    if (!rc)
        rc = cal_work_add(svc_cal_calendar(k->snap), &k->office, start, seconds, out);
    return rc ? err_set(e, rc, NULL, "Thời hạn vượt quá phạm vi lịch (1900–2199)") : 0;
}

int dossier_clock_transfer(const struct dossier_clock *k, int64_t t, int64_t *out, struct err *e)
{
    const struct cal_calendar *cal = svc_cal_calendar(k->snap);
    if (cal_local_second(t) >= k->office.same_day_cutoff &&
        cal_is_working_day(cal, cal_local_day(t))) {
        int32_t next = 0;
        /* the next working day after today: on or after would be today again */
        int rc = cal_next_working_day(cal, cal_local_day(t) + 1, &next);
        if (rc)
            return err_set(e, rc, NULL, "Ngày vượt quá phạm vi lịch");
        t = cal_instant(next, 0);
    }
    return cal_work_start(cal, &k->office, t, out)
               ? err_set(e, E_INVALID, NULL, "Thời điểm vượt quá phạm vi lịch (1900–2199)")
               : 0;
}

const char *dossier_timing(int64_t end, int64_t due)
{
    return cal_timing_name(cal_classify(end, due));
}

int svc_dossier_step_late(int64_t now, int64_t due)
{
    return due && cal_classify(now, due) == CAL_LATE;
}
