/* deadlines.c — the deadline rules run by the background job (Decree 61/2018 Art. 19(9)):
 * before the current step of a dossier or the dossier as a whole is due, the people who act
 * on the step and their leaders are warned (the window is working time in the receiving
 * unit's office hours, one working day unless configured); a due moment that has passed is
 * marked overdue; and while no new appointment was made and the old one has not passed, the
 * apology with a new date (Mẫu 04) is proposed. A consultation of another unit (Art. 19(5)) has
 * a due moment of its own: the consulted unit's officers and leaders are warned before it and
 * once it has passed, in the consulted unit's working time. Every alert is recorded once per
 * due moment together with its notifications, in one transaction, so running the scan twice,
 * or on two instances at once, never warns twice. Candidates are read by due moment from an
 * index, in bounded batches, never by scanning all dossiers. */
#include "svc_jobs.h"
#include "jpack.h"

#include "cal_worktime.h"
#include "consult_store.h"
#include "deadline_store.h"
#include "dossier_internal.h"
#include "format.h"

#include <jansson.h>

#define DEFAULT_BATCH 200
#define MAX_BATCH     1000

enum alert_kind {
    K_STEP_DUE_SOON,
    K_STEP_OVERDUE,
    K_DUE_SOON,
    K_OVERDUE,
    K_APOLOGY,
    K_CONSULT_DUE_SOON,
    K_CONSULT_OVERDUE
};

static const struct {
    const char *name, *event, *title;
} kinds[] = {
    [K_STEP_DUE_SOON] = {"step_due_soon", "deadline.step_due_soon", "Sắp đến hạn bước xử lý"},
    [K_STEP_OVERDUE] = {"step_overdue", "deadline.step_overdue", "Bước xử lý đã quá hạn"},
    [K_DUE_SOON] = {"due_soon", "deadline.due_soon", "Sắp đến hạn trả kết quả"},
    [K_OVERDUE] = {"overdue", "deadline.overdue", "Hồ sơ đã quá hạn trả kết quả"},
    [K_APOLOGY] = {"propose_apology", "deadline.propose_apology",
                   "Đề nghị xin lỗi và hẹn lại ngày trả kết quả"},
    [K_CONSULT_DUE_SOON] = {"consult_due_soon", "deadline.consult_due_soon",
                            "Sắp đến hạn trả lời xin ý kiến"},
    [K_CONSULT_OVERDUE] = {"consult_overdue", "deadline.consult_overdue",
                           "Xin ý kiến đã quá hạn trả lời"},
};

/* The end of the warning window for the office hours of one unit (0: the default hours,
 * used by every unit without hours of its own). */
struct window {
    int64_t unit_id, horizon;
};

struct scan {
    struct svc *s;
    int64_t now, warn;
    struct arena *ar;
    struct window *windows; /* [0] is the default */
    int nwindows;
    int64_t max_horizon; /* the latest window end: the range the candidate queries read */
};

enum phase { PHASE_STEPS, PHASE_DOSSIERS, PHASE_CONSULTS };

struct batch {
    const struct scan *sc;
    enum phase phase;
    int size;
    int64_t from_due, from_id; /* the cursor this batch starts after */
    /* What one attempt of the transaction produced; kept only when it commits. */
    struct arena *ar;
    struct db_conn *c;
    struct org_tree tree;
    struct svc_deadline_stats st;
    int64_t next_due, next_id;
};

static int window_of(const struct scan *sc, struct db_conn *c, int64_t unit_id, struct window *w,
                     struct err *e)
{
    struct dossier_clock k;
    int rc = dossier_clock_open(sc->s, c, unit_id, &k, e);
    if (!rc)
        rc = dossier_clock_add(&k, sc->now,
                               sc->warn > 0 ? sc->warn : cal_office_day_seconds(&k.office),
                               &w->horizon, e);
    dossier_clock_close(&k);
    w->unit_id = unit_id;
    return rc;
}

static int windows_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct scan *sc = ctx;
    int64_t *units = NULL;
    int n = 0;
    int rc = deadline_office_units(c, sc->ar, &units, &n, e);
    if (rc)
        return rc;
    sc->windows = arena_alloc(sc->ar, sizeof *sc->windows * (size_t)(n + 1));
    sc->nwindows = n + 1;
    rc = window_of(sc, c, 0, &sc->windows[0], e);
    for (int i = 0; !rc && i < n; i++)
        rc = window_of(sc, c, units[i], &sc->windows[i + 1], e);
    for (int i = 0; !rc && i < sc->nwindows; i++)
        if (sc->windows[i].horizon > sc->max_horizon)
            sc->max_horizon = sc->windows[i].horizon;
    return rc;
}

static int64_t horizon_of(const struct scan *sc, int64_t unit_id)
{
    for (int i = 1; i < sc->nwindows; i++)
        if (sc->windows[i].unit_id == unit_id)
            return sc->windows[i].horizon;
    return sc->windows[0].horizon;
}

static int *counter_of(struct svc_deadline_stats *st, enum alert_kind k)
{
    switch (k) {
    case K_STEP_DUE_SOON:
        return &st->step_due_soon;
    case K_STEP_OVERDUE:
        return &st->step_overdue;
    case K_DUE_SOON:
        return &st->due_soon;
    case K_OVERDUE:
        return &st->overdue;
    case K_CONSULT_DUE_SOON:
        return &st->consult_due_soon;
    case K_CONSULT_OVERDUE:
        return &st->consult_overdue;
    default:
        return &st->propose_apology;
    }
}

/* The unit and role that act on the dossier now: the current step's, or the receiving
 * counter's when the step names none. */
static int64_t acting_unit(const struct deadline_row *r)
{
    return r->step_unit_id ? r->step_unit_id : r->receiving_unit_id;
}

static const char *acting_role(const struct deadline_row *r)
{
    return r->step_role && *r->step_role ? r->step_role : "receptionist";
}

static const char *message_text(struct batch *b, const struct deadline_row *r, enum alert_kind k,
                                const char *when, const char *unit)
{
    const char *step = role_label(role_from_name(acting_role(r)));
    switch (k) {
    case K_STEP_DUE_SOON:
        return arena_printf(b->ar, "Hồ sơ %s (%s): bước của %s tại %s phải xong trước %s.", r->code,
                            r->procedure_name, step, unit, when);
    case K_STEP_OVERDUE:
        return arena_printf(b->ar, "Hồ sơ %s (%s): bước của %s tại %s đã quá hạn (hạn %s).",
                            r->code, r->procedure_name, step, unit, when);
    case K_DUE_SOON:
        return arena_printf(b->ar, "Hồ sơ %s (%s) phải trả kết quả trước %s.", r->code,
                            r->procedure_name, when);
    case K_OVERDUE:
        return arena_printf(b->ar, "Hồ sơ %s (%s) đã quá hạn trả kết quả (hẹn %s).", r->code,
                            r->procedure_name, when);
    default:
        return arena_printf(b->ar,
                            "Hồ sơ %s (%s) có nguy cơ trễ hẹn %s: lập Phiếu xin lỗi và hẹn lại "
                            "ngày trả kết quả (Mẫu 04) chậm nhất 01 ngày trước hạn; chỉ được "
                            "hẹn lại một lần.",
                            r->code, r->procedure_name, when);
    }
}

static const char *unit_name(const struct batch *b, int64_t id)
{
    const struct org_unit *u = org_tree_get(&b->tree, id);
    return u ? u->name : "";
}

static json_t *message_payload(struct batch *b, const struct deadline_row *r, enum alert_kind k,
                               int64_t due)
{
    struct buf when;
    buf_init(&when, 64);
    fmt_datetime(&when, due);
    const char *unit = unit_name(b, acting_unit(r));
    json_t *j = jpack("{s:s, s:s, s:s, s:s, s:s, s:I, s:i, s:s, s:s}", "code", r->code, "procedure",
                      r->procedure_name, "kind", kinds[k].name, "title", kinds[k].title, "text",
                      message_text(b, r, k, buf_str(&when), unit), "due_at", (json_int_t)due,
                      "step_index", r->step_index, "step_role", acting_role(r), "unit", unit);
    buf_free(&when);
    return j;
}

struct people {
    struct deadline_person *p;
    int n, cap;
};

/* Adds the holders of role over unit_id to the list, once each. */
static int add_people(struct batch *b, int64_t unit_id, const char *role, struct people *to,
                      struct err *e)
{
    struct deadline_person *found = NULL;
    int n = 0;
    int rc = deadline_people(b->c, b->ar, unit_id, role, &found, &n, e);
    if (rc || n == 0)
        return rc;
    struct deadline_person *all = arena_alloc(b->ar, sizeof *all * (size_t)(to->n + n));
    for (int i = 0; i < to->n; i++)
        all[i] = to->p[i];
    int total = to->n;
    for (int i = 0; i < n; i++) {
        int seen = 0;
        for (int j = 0; j < total && !seen; j++)
            seen = all[j].user_id == found[i].user_id;
        if (!seen)
            all[total++] = found[i];
    }
    to->p = all;
    to->n = total;
    return 0;
}

/* One internal message of kind k with payload (taken) to each of the people. */
static int send_all(struct batch *b, const struct people *to, enum alert_kind k, int64_t dossier_id,
                    json_t *payload, struct err *e)
{
    int rc = 0;
    for (int i = 0; !rc && i < to->n; i++) {
        struct svc_outbox_new m = {.channel = "internal",
                                   .recipient = to->p[i].username,
                                   .event = kinds[k].event,
                                   .dossier_id = dossier_id,
                                   .user_id = to->p[i].user_id,
                                   .now = b->sc->now};
        rc = svc_outbox_add(b->c, &m, json_incref(payload), e);
    }
    json_decref(payload);
    if (!rc)
        b->st.messages += to->n;
    return rc;
}

/* Handlers of the current step and the leaders over its unit; the receiving counter too
 * when the appointment itself is at stake (it informs the applicant and updates the date). */
static int notify(struct batch *b, const struct deadline_row *r, enum alert_kind k, int64_t due,
                  struct err *e)
{
    struct people to = {0};
    int rc = add_people(b, acting_unit(r), acting_role(r), &to, e);
    if (!rc)
        rc = add_people(b, acting_unit(r), "leader", &to, e);
    if (!rc && (k == K_OVERDUE || k == K_APOLOGY))
        rc = add_people(b, r->receiving_unit_id, "receptionist", &to, e);
    return rc ? rc : send_all(b, &to, k, r->id, message_payload(b, r, k, due), e);
}

static int raise_alert(struct batch *b, const struct deadline_row *r, enum alert_kind k,
                       int step_index, int64_t due, struct err *e)
{
    int added = 0;
    int rc = deadline_alert_add(b->c, r->id, kinds[k].name, step_index, due, b->sc->now, &added, e);
    if (rc || !added)
        return rc;
    (*counter_of(&b->st, k))++;
    return notify(b, r, k, due, e);
}

/* The dossier will be late: propose the apology while no new appointment was made and the
 * old one is still ahead (the extension itself checks the one-day notice). */
static int propose_apology(struct batch *b, const struct deadline_row *r, struct err *e)
{
    if (r->extended || !r->due_at || b->sc->now >= r->due_at)
        return 0;
    return raise_alert(b, r, K_APOLOGY, -1, r->due_at, e);
}

static int check_step(struct batch *b, const struct deadline_row *r, struct err *e)
{
    if (r->step_due_at < b->sc->now) {
        int rc = raise_alert(b, r, K_STEP_OVERDUE, r->step_index, r->step_due_at, e);
        return rc ? rc : propose_apology(b, r, e);
    }
    if (r->step_due_at <= horizon_of(b->sc, r->receiving_unit_id))
        return raise_alert(b, r, K_STEP_DUE_SOON, r->step_index, r->step_due_at, e);
    return 0;
}

static int check_dossier(struct batch *b, const struct deadline_row *r, struct err *e)
{
    if (r->due_at < b->sc->now)
        return raise_alert(b, r, K_OVERDUE, -1, r->due_at, e);
    if (r->due_at <= horizon_of(b->sc, r->receiving_unit_id)) {
        int rc = raise_alert(b, r, K_DUE_SOON, -1, r->due_at, e);
        return rc ? rc : propose_apology(b, r, e);
    }
    return 0;
}

static json_t *consult_payload(struct batch *b, const struct consult_row *k, enum alert_kind kind)
{
    struct buf when;
    buf_init(&when, 64);
    fmt_datetime(&when, k->due_at);
    const char *to = unit_name(b, k->to_unit_id), *from = unit_name(b, k->from_unit_id);
    const char *text =
        kind == K_CONSULT_OVERDUE
            ? arena_printf(b->ar,
                           "Hồ sơ %s (%s): %s chưa trả lời xin ý kiến của %s, đã quá hạn (hạn %s).",
                           k->dossier_code, k->procedure_name, to, from, buf_str(&when))
            : arena_printf(b->ar, "Hồ sơ %s (%s): %s cần trả lời xin ý kiến của %s trước %s.",
                           k->dossier_code, k->procedure_name, to, from, buf_str(&when));
    json_t *j =
        jpack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:s}", "code", k->dossier_code,
              "procedure", k->procedure_name, "kind", kinds[kind].name, "title", kinds[kind].title,
              "text", text, "due_at", (json_int_t)k->due_at, "consultation", (json_int_t)k->id,
              "unit", to, "from_unit", from, "question", k->question);
    buf_free(&when);
    return j;
}

/* The officers and leaders of the consulted unit, who answer it (dossier_consult.c). */
static int raise_consult_alert(struct batch *b, const struct consult_row *k, enum alert_kind kind,
                               struct err *e)
{
    int added = 0;
    int rc = consult_alert_add(b->c, k->id, kinds[kind].name, k->due_at, b->sc->now, &added, e);
    if (rc || !added)
        return rc;
    (*counter_of(&b->st, kind))++;
    struct people to = {0};
    rc = add_people(b, k->to_unit_id, "specialist", &to, e);
    if (!rc)
        rc = add_people(b, k->to_unit_id, "leader", &to, e);
    return rc ? rc : send_all(b, &to, kind, k->dossier_id, consult_payload(b, k, kind), e);
}

/* Counted in the consulted unit's office hours, the clock its due moment was set with. */
static int check_consult(struct batch *b, const struct consult_row *k, struct err *e)
{
    if (k->due_at < b->sc->now)
        return raise_consult_alert(b, k, K_CONSULT_OVERDUE, e);
    if (k->due_at <= horizon_of(b->sc, k->to_unit_id))
        return raise_consult_alert(b, k, K_CONSULT_DUE_SOON, e);
    return 0;
}

static int consult_batch(struct batch *b, struct err *e)
{
    struct consult_row *rows = NULL;
    int n = 0;
    int rc = consult_due(b->c, b->ar, b->sc->max_horizon, b->from_due, b->from_id, b->size, &rows,
                         &n, e);
    for (int i = 0; !rc && i < n; i++)
        rc = check_consult(b, &rows[i], e);
    if (rc)
        return rc;
    b->st.checked = n;
    if (n > 0) {
        b->next_due = rows[n - 1].due_at;
        b->next_id = rows[n - 1].id;
    }
    return 0;
}

static int dossier_batch(struct batch *b, struct err *e)
{
    struct deadline_row *rows = NULL;
    int n = 0;
    struct db_conn *c = b->c;
    int rc = b->phase == PHASE_STEPS
                 ? deadline_steps_due(c, b->ar, b->sc->max_horizon, b->from_due, b->from_id,
                                      b->size, &rows, &n, e)
                 : deadline_dossiers_due(c, b->ar, b->sc->max_horizon, b->from_due, b->from_id,
                                         b->size, &rows, &n, e);
    for (int i = 0; !rc && i < n; i++)
        rc = b->phase == PHASE_STEPS ? check_step(b, &rows[i], e) : check_dossier(b, &rows[i], e);
    if (rc)
        return rc;
    b->st.checked = n;
    if (n > 0) {
        b->next_due = b->phase == PHASE_STEPS ? rows[n - 1].step_due_at : rows[n - 1].due_at;
        b->next_id = rows[n - 1].id;
    }
    return 0;
}

static int batch_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct batch *b = ctx;
    arena_reset(b->ar);
    b->c = c;
    b->st = (struct svc_deadline_stats){0};
    int rc = org_tree_of(b->sc->s, c, &b->tree, e);
    if (rc)
        return rc;
    return b->phase == PHASE_CONSULTS ? consult_batch(b, e) : dossier_batch(b, e);
}

static void stats_add(struct svc_deadline_stats *to, const struct svc_deadline_stats *from)
{
    to->checked += from->checked;
    to->step_due_soon += from->step_due_soon;
    to->step_overdue += from->step_overdue;
    to->due_soon += from->due_soon;
    to->overdue += from->overdue;
    to->propose_apology += from->propose_apology;
    to->consult_due_soon += from->consult_due_soon;
    to->consult_overdue += from->consult_overdue;
    to->messages += from->messages;
}

/* Runs one phase page by page until a short page says the range is exhausted. */
static int run_phase(struct batch *b, const struct svc_deadline_opts *o,
                     struct svc_deadline_stats *st, struct err *e)
{
    b->from_due = b->from_id = 0;
    for (;;) {
        if (o->keep_going && !o->keep_going(o->arg)) {
            st->stopped = 1;
            return 0;
        }
        b->next_due = b->from_due;
        b->next_id = b->from_id;
        int rc = db_tx(b->sc->s->db, batch_tx, b, e);
        if (rc)
            return rc;
        stats_add(st, &b->st);
        if (b->st.checked < b->size)
            return 0;
        b->from_due = b->next_due;
        b->from_id = b->next_id;
    }
}

int svc_deadline_scan(struct svc *s, int64_t now, const struct svc_deadline_opts *o,
                      struct svc_deadline_stats *st, struct err *e)
{
    static const struct svc_deadline_opts defaults = {0};
    o = o ? o : &defaults;
    *st = (struct svc_deadline_stats){0};
    if (o->warn_before_seconds < 0 || o->batch < 0 || o->batch > MAX_BATCH)
        return err_set(e, E_INVALID, NULL,
                       "warn_before_seconds must be ≥ 0 and batch between 0 and %d", MAX_BATCH);
    struct scan sc = {.s = s, .now = now, .warn = o->warn_before_seconds, .ar = arena_new()};
    struct batch b = {.sc = &sc, .size = o->batch ? o->batch : DEFAULT_BATCH, .ar = arena_new()};
    int rc = db_with_conn(s->db, windows_read, &sc, e);
    for (int phase = PHASE_STEPS; !rc && !st->stopped && phase <= PHASE_CONSULTS; phase++) {
        b.phase = (enum phase)phase;
        rc = run_phase(&b, o, st, e);
    }
    arena_free(b.ar);
    arena_free(sc.ar);
    return rc;
}
