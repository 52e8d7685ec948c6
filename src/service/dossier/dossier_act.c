/* dossier_act.c — moving a dossier after reception (Decree 61 Arts 18–20): finishing a step
 * hands the dossier to the next unit and role with the next step's own due time; the side
 * paths are a supplement request during appraisal (only within 3 working days of reception;
 * the time limit restarts when the complete dossier arrives), a refusal after appraisal
 * (recorded as the result), one apology with a new appointment at least a day before the due
 * time, a stop, a withdrawal at the applicant's request, and the return of the result. Each
 * action names the version of the dossier the person saw: a stale one is refused (409). */
#include "dossier_internal.h"
#include "jpack.h"
#include "stats_counters.h"

#include "cal_date.h"
#include "file_store.h"
#include "format.h"
#include "user_store.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define SUPPLEMENT_WINDOW (3 * 8 * 3600) /* 3 working days of 8 hours */
#define APOLOGY_NOTICE    86400          /* at least one day before the due time */

struct act_ctx {
    struct svc *s;
    const struct actor *a;
    const char *code;
    const struct svc_dossier_act *act;
    enum dossier_action action;
    struct arena *ar;
    struct svc_dossier_after after;
    int by_applicant; /* through the applicant's own pages (dossier_act_by_applicant) */
    int checked;      /* act->check_only: the action would have gone through */
};

struct act_state {
    struct db_conn *c;
    struct org_tree tree;
    struct dossier_row d;
    struct dossier_step_row *steps;
    int nsteps;
    int64_t now;
    const char *timing; /* of the step finished by this action, for the event */
    const char *note;   /* the event's note: the action's, or what the action adds to it */
};

/* Who may do what: the role of the current step at its unit for the steps themselves; the
 * receiving counter for what happens at the counter (and the applicant's own account for a
 * withdrawal); leaders or the step's officer for the decisions that end or delay processing. */
static int check_actor(const struct act_ctx *x, struct act_state *st, struct err *e)
{
    const struct dossier_row *d = &st->d;
    /* The applicant's own account may ask for a withdrawal online (svc_my_withdraw) and
     * hand in a requested supplement online (svc_supplement_answer, which checks the answer
     * holds something before it gets here). */
    if (x->by_applicant && (x->action == DA_WITHDRAW || x->action == DA_SUPPLEMENT_RECEIVED) &&
        x->a->user_id && x->a->user_id == d->applicant_user_id)
        return 0;
    int64_t unit = 0;
    int roles = dossier_action_roles(d, x->action, &unit);
    return dossier_role_at(&st->tree, x->a, roles, unit, e);
}

static int require_note(const struct svc_dossier_act *act, const char *what, struct err *e)
{
    if (act->note && *act->note)
        return 0;
    return err_set(e, E_INVALID, "note", "Vui lòng ghi rõ %s", what);
}

static struct dossier_step_row *current_step(struct act_state *st)
{
    return st->d.step_index < st->nsteps ? &st->steps[st->d.step_index] : NULL;
}

static int late_reason(const struct act_ctx *x, struct act_state *st, struct err *e);

/* Finishes the current step now and records its timing against its own due time; a late one
 * only with its reason. */
static int finish_step(const struct act_ctx *x, struct act_state *st, struct err *e)
{
    struct dossier_step_row *cur = current_step(st);
    if (!cur)
        return 0;
    int late = late_reason(x, st, e);
    if (late)
        return late;
    struct dossier_step_row was = *cur;
    cur->finished_at = st->now;
    cur->finished_by = x->a->user_id;
    cur->timing = dossier_timing(st->now, cur->due_at);
    st->timing = cur->timing;
    int rc = dossier_step_update(st->c, st->d.id, cur, e);
    return rc ? rc : stats_on_step(st->c, &st->d, &was, cur, e);
}

/* Starts step i now with its budget and makes it the dossier's current step. */
static int start_step(const struct act_ctx *x, struct act_state *st, int i, struct err *e)
{
    struct dossier_step_row *next = &st->steps[i];
    struct dossier_clock k;
    int rc = dossier_clock_open(x->s, st->c, st->d.receiving_unit_id, &k, e);
    if (!rc)
        rc = dossier_clock_add(&k, st->now, next->budget_seconds, &next->due_at, e);
    dossier_clock_close(&k);
    if (rc)
        return rc;
    struct dossier_step_row was = *next;
    next->started_at = st->now;
    next->finished_at = 0;
    next->timing = NULL;
    next->late_reason = NULL;
    st->d.step_index = i;
    st->d.step_unit_id = next->unit_id;
    st->d.step_role = next->role;
    st->d.step_due_at = next->due_at;
    st->d.assignee_id = 0;
    rc = dossier_step_update(st->c, st->d.id, next, e);
    return rc ? rc : stats_on_step(st->c, &st->d, &was, next, e);
}

static int last_is_return(const struct act_state *st)
{
    return st->nsteps > 1 && strcmp(st->steps[st->nsteps - 1].role, "receptionist") == 0;
}

/* The result is ready: it goes to the return step at the counter (or stays put when the
 * process has none). */
static int result_ready(const struct act_ctx *x, struct act_state *st, const char *kind,
                        struct err *e)
{
    st->d.state = dossier_state_name(DS_RESULT_READY);
    st->d.result_kind = kind;
    st->d.finished_at = st->now;
    if (last_is_return(st) && st->d.step_index < st->nsteps - 1)
        return start_step(x, st, st->nsteps - 1, e);
    st->d.step_unit_id = st->d.receiving_unit_id;
    st->d.step_role = "receptionist";
    st->d.step_due_at = 0;
    return 0;
}

/* A step finished past its own due time says why (issue 14): the reason is kept with the
 * step and added to the event, so the timeline, the late list and Mẫu 04 show it. Every
 * action that finishes an open step asks (finish_step): the specialist's or the leader's
 * "advance" and the counter's return of the result alike. */
static int late_reason(const struct act_ctx *x, struct act_state *st, struct err *e)
{
    struct dossier_step_row *cur = current_step(st);
    if (!cur || cur->finished_at || !svc_dossier_step_late(st->now, cur->due_at))
        return 0;
    const char *reason = x->act->reason;
    if (!reason || !*reason)
        return err_set(e, E_INVALID, "reason",
                       "Bước này đã quá hạn: vui lòng ghi lý do trễ hạn trước khi %s",
                       x->action == DA_RETURN ? "trả kết quả" : "chuyển tiếp");
    cur->late_reason = reason;
    st->note = st->note && *st->note
                   ? arena_printf(x->ar, "%s. Lý do trễ hạn: %s", st->note, reason)
                   : arena_printf(x->ar, "Lý do trễ hạn: %s", reason);
    return 0;
}

static int do_advance(const struct act_ctx *x, struct act_state *st, struct err *e)
{
    int rc = finish_step(x, st, e);
    int next = st->d.step_index + 1;
    if (rc)
        return rc;
    if (next >= st->nsteps || (next == st->nsteps - 1 && last_is_return(st)))
        return result_ready(x, st, "result", e);
    return start_step(x, st, next, e);
}

const char *svc_supplement_reason(const char *stage)
{
    return stage && strcmp(stage, "appraisal") == 0
               ? "Qua thẩm định, hồ sơ cần bổ sung, hoàn thiện các giấy tờ dưới đây."
               : "Hồ sơ chưa đầy đủ theo quy định; đề nghị bổ sung, hoàn thiện các giấy tờ "
                 "dưới đây.";
}

/* Records a supplement cycle with everything that is missing, listed once (Decree 61
 * Art. 15), and the reason (or the default one of its stage, printed on Mẫu 02). */
static int insert_supplement(struct act_state *st, const char *stage,
                             const struct svc_dossier_act *act, struct err *e)
{
    if (act->nitems < 1)
        return err_set(e, E_INVALID, "items",
                       "Hãy ghi đầy đủ các giấy tờ cần bổ sung (hướng dẫn một lần)");
    json_t *items = json_array();
    for (int i = 0; i < act->nitems; i++)
        json_array_append_new(items, json_string(act->items[i]));
    char *text = json_dumps(items, JSON_COMPACT);
    json_decref(items);
    struct dossier_supplement_row sup = {
        0,     st->now, 0,
        stage, text,    act->note && *act->note ? act->note : svc_supplement_reason(stage)};
    int rc = dossier_supplement_insert(st->c, st->d.id, &sup, e);
    free(text);
    return rc;
}

static int do_request_supplement(const struct act_ctx *x, struct act_state *st, struct err *e)
{
    struct dossier_clock k;
    int64_t window_end = 0;
    int rc = dossier_clock_open(x->s, st->c, st->d.receiving_unit_id, &k, e);
    if (!rc)
        rc = dossier_clock_add(&k, st->d.clock_start, SUPPLEMENT_WINDOW, &window_end, e);
    dossier_clock_close(&k);
    if (rc)
        return rc;
    if (st->now > window_end)
        return err_set(e, E_CONFLICT, "action",
                       "Đã quá 3 ngày làm việc kể từ khi tiếp nhận: không được yêu cầu bổ sung "
                       "(Nghị định 61/2018, Điều 19 khoản 4)");
    rc = insert_supplement(st, "appraisal", x->act, e);
    st->d.supplements++;
    return rc;
}

/* The complete dossier is back: the time limit starts again from zero (Art. 19(4)), and so
 * does the current step. */
static int do_supplement_received(const struct act_ctx *x, struct act_state *st, struct err *e)
{
    struct dossier_clock k;
    int rc = dossier_supplement_complete(st->c, st->d.id, st->now, e);
    if (!rc)
        rc = dossier_clock_open(x->s, st->c, st->d.receiving_unit_id, &k, e);
    if (rc)
        return rc;
    rc = dossier_clock_due(&k, st->now, st->d.limit_unit, st->d.limit_value, &st->d.due_at, e);
    dossier_clock_close(&k);
    st->d.clock_start = st->now;
    return rc ? rc : start_step(x, st, st->d.step_index, e);
}

static int do_extend(const struct act_ctx *x, struct act_state *st, struct err *e)
{
    int64_t new_due = 0;
    int rc = require_note(x->act, "lý do chậm trễ để gửi thư xin lỗi", e);
    if (rc)
        return rc;
    if (st->d.extended)
        return err_set(e, E_CONFLICT, "action",
                       "Hồ sơ đã được hẹn lại một lần; chỉ được hẹn lại một lần (Điều 19 khoản "
                       "9)");
    if (!x->act->new_due || cal_parse_datetime(x->act->new_due, &new_due, e) != 0)
        return err_set(e, E_INVALID, "new_due", "Ngày hẹn mới phải có dạng YYYY-MM-DDTHH:MM");
    if (new_due <= st->d.due_at)
        return err_set(e, E_INVALID, "new_due", "Ngày hẹn mới phải sau ngày hẹn cũ");
    if (st->now > st->d.due_at - APOLOGY_NOTICE)
        return err_set(e, E_CONFLICT, "action",
                       "Phải xin lỗi và hẹn lại chậm nhất 01 ngày trước hạn trả kết quả");
    st->d.extended = 1;
    st->d.due_at = new_due;
    return 0;
}

/* A dossier waiting at reception (supplement delivered, or submitted online) is accepted:
 * its steps are laid out from the procedure version it was received under and the clock
 * starts now. */
static int do_accept(const struct act_ctx *x, struct act_state *st, struct err *e)
{
    struct dossier_proc proc;
    struct dossier_plan plan;
    int rc = dossier_proc_version(st->c, x->ar, st->d.procedure_version_id, &proc, e);
    if (rc)
        return rc;
    struct procedure body;
    if ((rc = proc_parse(x->ar, proc.body, &body, e)) != 0)
        return rc;
    if (body.time_limit.value == PROC_UNKNOWN)
        rc = err_set(e, E_INVALID, "procedure_code",
                     "Thủ tục chưa có thời hạn giải quyết trong danh mục; cập nhật danh mục "
                     "trước khi tiếp nhận");
    if (!rc)
        rc = dossier_plan_steps(st->c, x->ar, &st->tree, &body, proc.procedure_id,
                                st->d.receiving_unit_id, &plan, e);
    if (!rc)
        rc = dossier_start_processing(x->s, st->c, x->a, &st->d, &plan, st->now, e);
    if (!rc)
        rc = dossier_plan_insert(st->c, st->d.id, &plan, e);
    if (!rc)
        rc = dossier_supplement_complete(st->c, st->d.id, st->now, e);
    st->d.accepted_at = st->now;
    return rc;
}

/* Marks the dossier to one handler, chosen from the people who may take the current step
 * (dossier_pick_assignees: active staff holding its role at its unit or above); it then shows
 * only in that person's inbox. */
static int do_assign(const struct act_ctx *x, struct act_state *st, struct err *e)
{
    const char *who = x->act->assignee;
    if (!who || !*who)
        return err_set(e, E_INVALID, "assignee", "Vui lòng chọn người xử lý trong danh sách");
    struct svc_pick *people = NULL;
    int n = 0;
    int rc = dossier_pick_assignees(st->c, x->ar, &st->tree, &st->d, &people, &n, e);
    if (rc)
        return rc;
    if (!dossier_pick_find(people, n, who))
        return err_set(e, E_INVALID, "assignee",
                       "Người được chọn không đảm nhận bước đang xử lý của hồ sơ này (cần vai "
                       "trò %s tại đơn vị đang xử lý): hãy chọn người xử lý trong danh sách",
                       role_label(role_from_name(st->d.step_role)));
    struct user_row u;
    rc = user_get_by_username(st->c, x->ar, who, &u, e);
    if (!rc)
        st->d.assignee_id = u.id;
    return rc;
}

/* A dossier filed online is checked at reception like one at the counter: a supplement
 * request listing everything missing, once (Mẫu 02), or a refusal with its reason (Mẫu 03). */
static int do_reception_outcome(const struct act_ctx *x, struct act_state *st, struct err *e)
{
    const struct svc_dossier_act *act = x->act;
    if (x->action == DA_REFUSE_RECEPTION) {
        int rc = require_note(act, "lý do từ chối tiếp nhận", e);
        st->d.reason = act->note;
        st->d.finished_at = st->now;
        st->d.step_unit_id = 0;
        st->d.step_role = NULL;
        return rc;
    }
    st->d.supplements++;
    return insert_supplement(st, "reception", act, e);
}

static int has_result_file(struct act_state *st, struct arena *ar, int *has, struct err *e)
{
    struct file_row *files = NULL;
    int n = 0;
    int rc = file_list(st->c, ar, st->d.id, &files, &n, e);
    *has = 0;
    for (int i = 0; !rc && i < n; i++)
        *has |= files[i].kind && strcmp(files[i].kind, "result") == 0;
    return rc;
}

/* No dossier leaves the counter without its result (CONNECTED R12): the result file, or for
 * a paper result its number and signing date, which the event records; a result sent online
 * is the file. A refusal's result is the refusal itself. */
static int check_result(const struct act_ctx *x, struct act_state *st, struct err *e)
{
    if (st->d.result_kind && strcmp(st->d.result_kind, "refusal") == 0)
        return 0;
    int has = 0;
    int rc = has_result_file(st, x->ar, &has, e);
    if (rc || has)
        return rc;
    if (st->d.return_method && strcmp(st->d.return_method, "online") == 0)
        return err_set(e, E_INVALID, "result_file",
                       "Hồ sơ nhận kết quả trực tuyến: hãy đính kèm bản điện tử của kết quả "
                       "trước khi trả");
    const char *number = x->act->result_number;
    if (!number || !*number)
        return err_set(e, E_INVALID, "result_number",
                       "Chưa có kết quả: hãy đính kèm tệp kết quả, hoặc ghi số và ngày của văn "
                       "bản kết quả giấy");
    int32_t day = 0;
    if (cal_parse_date(x->act->result_date ? x->act->result_date : "", &day, NULL) != 0)
        return err_set(e, E_INVALID, "result_date",
                       "Hãy ghi ngày ký văn bản kết quả (ngày/tháng/năm)");
    if (day > cal_local_day(st->now))
        return err_set(e, E_INVALID, "result_date",
                       "Ngày ký văn bản kết quả không được sau hôm nay");
    struct buf b;
    buf_init(&b, 32);
    fmt_date_ymd(&b, x->act->result_date);
    const char *paper = arena_printf(x->ar, "Kết quả giấy số %s ngày %s", number, buf_str(&b));
    buf_free(&b);
    st->note =
        x->act->note && *x->act->note ? arena_printf(x->ar, "%s. %s", paper, x->act->note) : paper;
    return 0;
}

static int apply(const struct act_ctx *x, struct act_state *st, enum dossier_state to,
                 struct err *e)
{
    const struct svc_dossier_act *act = x->act;
    st->d.state = dossier_state_name(to);
    switch (x->action) {
    case DA_ACCEPT:
        return do_accept(x, st, e);
    case DA_RECEPTION_SUPPLEMENT:
    case DA_REFUSE_RECEPTION:
        return do_reception_outcome(x, st, e);
    case DA_ASSIGN:
        return do_assign(x, st, e);
    case DA_ADVANCE:
        return do_advance(x, st, e);
    case DA_REQUEST_SUPPLEMENT:
        return do_request_supplement(x, st, e);
    case DA_SUPPLEMENT_RECEIVED:
        return do_supplement_received(x, st, e);
    case DA_EXTEND:
        return do_extend(x, st, e);
    case DA_REFUSE: {
        int rc = require_note(act, "lý do từ chối giải quyết", e);
        st->d.reason = act->note;
        return rc ? rc : result_ready(x, st, "refusal", e);
    }
    case DA_STOP:
    case DA_WITHDRAW: {
        int rc = x->action == DA_STOP ? require_note(act, "lý do dừng xử lý", e) : 0;
        st->d.reason = act->note && *act->note ? act->note : st->d.reason;
        st->d.finished_at = st->d.finished_at ? st->d.finished_at : st->now;
        st->d.step_unit_id = 0;
        st->d.step_role = NULL;
        st->d.step_due_at = 0;
        return rc;
    }
    case DA_RETURN: {
        int rc = check_result(x, st, e);
        if (rc)
            return rc;
        rc = finish_step(x, st, e);
        st->d.returned_at = st->now;
        st->d.step_unit_id = 0;
        st->d.step_role = NULL;
        st->d.step_due_at = 0;
        return rc;
    }
    default:
        return err_set(e, E_INVALID, "action", "Thao tác này không dùng cho hồ sơ đã tiếp nhận");
    }
}

static int act_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct act_ctx *x = ctx;
    struct act_state st = {.c = c, .now = svc_now(), .note = x->act->note};
    int rc = org_tree_of(x->s, c, &st.tree, e);
    if (!rc)
        rc = dossier_get(c, x->ar, x->code, &st.d, e);
    if (!rc)
        rc = dossier_visible(&st.tree, x->a, &st.d, e);
    if (rc)
        return rc;
    if (x->act->expected_version != st.d.version)
        return err_set(e, E_CONFLICT, "version",
                       "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang để xem trạng "
                       "thái mới nhất");
    enum dossier_state from, to;
    if (dossier_state_parse(st.d.state, &from) != 0)
        return err_set(e, E_INTERNAL, NULL, "unknown dossier state");
    if ((rc = dossier_transition(from, x->action, &to, e)) != 0 ||
        (rc = check_actor(x, &st, e)) != 0 ||
        (rc = dossier_steps(c, x->ar, st.d.id, &st.steps, &st.nsteps, e)) != 0)
        return rc;
    const char *from_state = st.d.state;
    int awaiting_fees = st.d.national_status == DOSSIER_NATIONAL_AWAITING_FEES;
    int64_t from_unit = st.d.step_unit_id;
    if ((rc = apply(x, &st, to, e)) != 0)
        return rc;
    enum dossier_state now_state = to;
    dossier_state_parse(st.d.state, &now_state); /* DA_ADVANCE may have made it result_ready */
    /* A dossier waiting for its fees keeps reporting 6 while it is processed (payments.c
     * sets and clears it). */
    st.d.national_status = awaiting_fees && now_state == DS_PROCESSING
                               ? DOSSIER_NATIONAL_AWAITING_FEES
                               : dossier_national_status(now_state);
    st.d.updated_at = st.now;
    x->after = (struct svc_dossier_after){.state = dossier_state_name(now_state),
                                          .national_status = st.d.national_status,
                                          .version = x->act->expected_version + 1};
    if (x->act->check_only) { /* roll back what apply() changed */
        x->checked = 1;
        return E_CONFLICT;
    }
    /* An answer sent online is announced to the desk in its own transaction. */
    int answered_online = x->by_applicant && x->action == DA_SUPPLEMENT_RECEIVED;
    if ((rc = dossier_update(c, &st.d, x->act->expected_version, e)) != 0 ||
        (rc = dossier_log(x->s, c, x->a, &st.d, x->act->action, from_state, from_unit, st.timing,
                          st.note, st.now, e)) != 0 ||
        (answered_online && (rc = supplement_tell_desk(c, x->ar, &st.d, x->act->note,
                                                       x->after.version, st.now, e)) != 0))
        return rc;
    return svc_audit_json(
        c, x->a, arena_printf(x->ar, "dossier.%s", x->act->action), "dossier", st.d.code,
        jpack("{s:s, s:s, s:i}", "from", from_state, "to", st.d.state, "step", st.d.step_index), e);
}

/* Runs one action in its transaction. An online submission (svc_draft_submit) and an online
 * answer to a reception supplement (svc_supplement_answer) are recorded by their own services,
 * never through here. */
static int act_run(struct act_ctx *x, struct svc_dossier_after *after, struct err *e)
{
    if (dossier_action_parse(x->act->action, &x->action) != 0 || x->action == DA_SUBMIT_ONLINE ||
        x->action == DA_SUPPLEMENT_ONLINE)
        return err_set(e, E_INVALID, "action", "Thao tác không hợp lệ: %s",
                       x->act->action ? x->act->action : "(trống)");
    x->ar = arena_new();
    int rc = db_tx(x->s->db, act_tx, x, e);
    arena_free(x->ar);
    if (x->checked)
        return 0;
    if (!rc && after)
        *after = x->after;
    return rc;
}

int svc_dossier_act(struct svc *s, const struct actor *a, const char *code,
                    const struct svc_dossier_act *act, struct svc_dossier_after *after,
                    struct err *e)
{
    struct act_ctx x = {.s = s, .a = a, .code = code, .act = act};
    return act_run(&x, after, e);
}

int dossier_act_by_applicant(struct svc *s, const struct actor *a, const char *code,
                             const struct svc_dossier_act *act, struct svc_dossier_after *after,
                             struct err *e)
{
    struct act_ctx x = {.s = s, .a = a, .code = code, .act = act, .by_applicant = 1};
    return act_run(&x, after, e);
}
