/* pages_dossier.c — one dossier at the desk: everything recorded about it (applicant,
 * checklist, steps with their own due times and timing, the timeline, supplement cycles, the
 * national status code beside the finer internal state), one form per action the officer may
 * take now, and the official forms as PDF for printing. Each action form carries the version
 * the officer saw, so that two officers acting at once never overwrite each other (409 with
 * a message saying to reload). Actions that end, delay or hand back a dossier (refuse, stop,
 * withdraw, apologise with a new date, return) ask once more: the first press checks the
 * action without taking it and shows a page saying what will happen, whose button posts the
 * same form again with confirm=1 — so an Enter pressed in the wrong place cannot refuse a
 * dossier, and no script is needed. */
#include "pages_dossier.h"
#include "jpack.h"

#include "dossier_state.h"
#include "dossier_view.h"
#include "format.h"
#include "page.h"
#include "svc_catalogue.h"
#include "svc_dossier.h"

#include <stdlib.h>
#include <string.h>

#define MAX_ITEMS SVC_DOSSIER_ITEMS_MAX
/* Mẫu 02 needs a reason; the service's usual one is offered, for the officer to change (and
 * used when the box is emptied). */
#define SUPPLEMENT_REASON svc_supplement_reason("appraisal")

/* An online dossier at reception is checked and accepted for the first time. */
#define ACCEPT_ONLINE_HELP                                                                         \
    "Đã kiểm tra các tệp người nộp tải lên: tiếp nhận hồ sơ và gửi Giấy tiếp nhận cho người nộp."

/* What each action asks for besides the button. */
static const struct {
    const char *action, *help, *note_label;
    int items, due, confirm, assignee;
} action_forms[] = {
    {"accept", "Người nộp đã bổ sung đủ giấy tờ: tiếp nhận hồ sơ và in Giấy tiếp nhận.", NULL, 0, 0,
     0, 0},
    {"reception_supplement",
     "Hồ sơ chưa đầy đủ: ghi đầy đủ một lần các giấy tờ cần bổ sung (Mẫu 02); người nộp trực "
     "tuyến bổ sung ngay trên trang hồ sơ của mình.",
     "Lý do yêu cầu bổ sung", 1, 0, 0, 0},
    {"refuse_reception",
     "Hồ sơ không thuộc thẩm quyền hoặc không đủ điều kiện: từ chối tiếp nhận "
     "(Mẫu 03).",
     "Lý do từ chối tiếp nhận", 0, 0, 1, 0},
    {"assign", "Giao hồ sơ cho một chuyên viên; hồ sơ chỉ hiện trong hộp việc của người đó.", NULL,
     0, 0, 0, 1},
    {"advance", "Kết thúc bước đang làm; hồ sơ chuyển sang bước tiếp theo của quy trình.", NULL, 0,
     0, 0, 0},
    {"request_supplement",
     "Chỉ được yêu cầu bổ sung một lần, trong 3 ngày làm việc kể từ khi tiếp nhận; thời hạn "
     "giải quyết tính lại từ khi nhận đủ.",
     "Lý do yêu cầu bổ sung", 1, 0, 0, 0},
    {"supplement_received", "Người nộp đã bổ sung đủ; thời hạn giải quyết được tính lại từ đầu.",
     NULL, 0, 0, 0, 0},
    {"refuse", "Từ chối giải quyết sau thẩm định; lý do được ghi vào kết quả trả cho người nộp.",
     "Lý do từ chối", 0, 0, 1, 0},
    {"extend",
     "Gửi thư xin lỗi (Mẫu 04) và hẹn lại, chậm nhất 01 ngày trước hạn; chỉ được hẹn lại một "
     "lần.",
     "Lý do chậm trễ", 0, 1, 1, 0},
    {"stop", "Dừng xử lý hồ sơ; hồ sơ kết thúc và không thể tiếp tục.", "Lý do dừng xử lý", 0, 0, 1,
     0},
    {"withdraw", "Người nộp có văn bản đề nghị rút hồ sơ; hồ sơ kết thúc.", "Ghi chú", 0, 0, 1, 0},
    {"return", "Trả kết quả cho người nộp (hoặc gửi qua bưu chính, trực tuyến).", NULL, 0, 0, 1, 0},
};

/* What the confirmation page of an action says will happen (the dossier's own words are
 * added: its code, procedure and applicant, the reason typed). */
static const struct {
    const char *action, *title, *then, *after;
} confirm_texts[] = {
    {"refuse_reception", "Từ chối tiếp nhận hồ sơ",
     "Hồ sơ không được tiếp nhận và kết thúc; Phiếu từ chối tiếp nhận (Mẫu 03) ghi lý do dưới "
     "đây.",
     "Người nộp được thông báo; muốn làm lại thủ tục, họ phải nộp hồ sơ mới."},
    {"refuse", "Từ chối giải quyết hồ sơ",
     "Hồ sơ kết thúc với kết quả từ chối giải quyết; lý do dưới đây được ghi vào kết quả trả "
     "cho người nộp.",
     "Kết quả từ chối chuyển về Bộ phận Một cửa để trả cho người nộp."},
    {"extend", "Xin lỗi và hẹn lại ngày trả kết quả",
     "Thư xin lỗi (Mẫu 04) ghi lý do chậm trễ dưới đây và ngày hẹn mới được lập cho người nộp.",
     "Mỗi hồ sơ chỉ được hẹn lại một lần."},
    {"stop", "Dừng xử lý hồ sơ", "Hồ sơ dừng xử lý và kết thúc; không bước nào được tiếp tục.",
     "Người nộp được thông báo lý do dừng xử lý ghi dưới đây."},
    {"withdraw", "Rút hồ sơ theo đề nghị của người nộp",
     "Hồ sơ kết thúc theo văn bản đề nghị rút hồ sơ của người nộp.",
     "Muốn làm lại thủ tục, người nộp phải nộp một hồ sơ mới từ đầu."},
    {"return", "Trả kết quả cho người nộp",
     "Hồ sơ chuyển sang “Đã trả kết quả”; thời điểm trả được ghi vào sổ theo dõi.",
     "Sau khi trả, hồ sơ không nhận thêm tệp và không gửi bưu chính được nữa."},
};

static int confirm_index(const char *action)
{
    for (size_t i = 0; action && i < sizeof confirm_texts / sizeof confirm_texts[0]; i++)
        if (strcmp(confirm_texts[i].action, action) == 0)
            return (int)i;
    return -1;
}

static const char *date_ymd(struct http_req *r, const char *ymd)
{
    struct buf *b = buf_in_arena(r->arena, 32);
    return ymd && *ymd && fmt_date_ymd(b, ymd) == 0 ? buf_str(b) : NULL;
}

static const char *formatted(struct http_req *r, int (*fmt)(struct buf *, int64_t), int64_t v)
{
    struct buf *b = buf_in_arena(r->arena, 64);
    fmt(b, v);
    return buf_str(b);
}

static const char *phone_words(struct http_req *r, const char *digits)
{
    if (!digits || !*digits)
        return NULL;
    struct buf *b = buf_in_arena(r->arena, 64);
    fmt_phone(b, digits);
    return buf_str(b);
}

static json_t *applicant_json(struct http_req *r, const struct svc_applicant *p)
{
    int person = p->kind && strcmp(p->kind, "person") == 0;
    return jpack("{s:s, s:s?, s:s, s:s?, s:s?, s:s?, s:s?, s:s?}", "kind",
                 person ? "Cá nhân" : "Tổ chức", "name", p->name, "id_label",
                 person ? "Số CCCD" : "Mã số thuế", "id_number", p->id_number, "birth_date",
                 date_ymd(r, p->birth_date), "phone", phone_words(r, p->phone), "email", p->email,
                 "address", p->address && *p->address ? p->address : NULL);
}

static json_t *components_json(const struct svc_dossier *d)
{
    json_t *out = json_array();
    for (int i = 0; i < d->ncomponents; i++) {
        const struct svc_dossier_component *c = &d->components[i];
        const char *kind = c->kind ? svc_proc_kind_label(c->kind) : NULL;
        json_array_append_new(out, jpack("{s:s?, s:s?, s:i, s:i, s:b}", "name", c->name, "kind",
                                         kind ? kind : c->kind, "required", c->required_count,
                                         "received", c->received_count, "short",
                                         c->received_count < c->required_count));
    }
    return out;
}

static int state_final(const char *state)
{
    enum dossier_state st;
    return dossier_state_parse(state, &st) == 0 && dossier_state_final(st);
}

static const char *role_words(const char *role)
{
    return role ? role_label(role_from_name(role)) : NULL;
}

static json_t *steps_json(struct http_req *r, const struct svc_dossier *d)
{
    json_t *out = json_array();
    int open = !state_final(d->state);
    for (int i = 0; i < d->nsteps; i++) {
        const struct svc_dossier_step *s = &d->steps[i];
        json_array_append_new(
            out,
            jpack("{s:i, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:o, s:b}", "n", s->idx + 1, "actor",
                  s->actor_label, "unit", s->unit_name, "role", role_words(s->role), "started",
                  dview_when(r, s->started_at), "due", dview_when(r, s->due_at), "finished",
                  dview_when(r, s->finished_at), "timing", dview_timing_badge(s->timing), "current",
                  open && s->idx == d->step_index && !s->finished_at));
        if (s->late_reason && *s->late_reason)
            json_object_set_new(json_array_get(out, json_array_size(out) - 1), "late_reason",
                                json_string(s->late_reason));
    }
    return out;
}

static json_t *events_json(struct http_req *r, const struct svc_dossier *d)
{
    json_t *out = json_array();
    for (int i = 0; i < d->nevents; i++) {
        const struct svc_dossier_event *ev = &d->events[i];
        json_array_append_new(out,
                              jpack("{s:s?, s:s, s:s?, s:s?, s:s?, s:o, s:s?}", "at",
                                    dview_when(r, ev->at), "what", dview_event_label(ev->action),
                                    "actor", ev->actor, "from_unit", ev->from_unit, "to_unit",
                                    ev->to_unit, "timing", dview_timing_badge(ev->timing), "note",
                                    ev->note && *ev->note ? ev->note : NULL));
    }
    return out;
}

/* The items of a supplement cycle, stored as a JSON array of strings. */
static json_t *items_json(struct http_req *r, const char *text)
{
    json_t *items = page_own(r, text ? json_loads(text, 0, NULL) : NULL);
    return json_is_array(items) ? json_incref(items) : json_array();
}

static json_t *supplements_json(struct http_req *r, const struct svc_dossier *d)
{
    json_t *out = json_array();
    for (int i = 0; i < d->nsupplement_cycles; i++) {
        const struct svc_dossier_supplement *s = &d->supplement_cycles[i];
        json_array_append_new(
            out, jpack("{s:s, s:o, s:s?, s:s?, s:s?, s:s?}", "stage",
                       s->stage && strcmp(s->stage, "reception") == 0 ? "Khi tiếp nhận"
                                                                      : "Trong quá trình thẩm định",
                       "items", items_json(r, s->items), "reason",
                       s->reason && *s->reason ? s->reason : NULL, "requested",
                       dview_when(r, s->requested_at), "completed", dview_when(r, s->completed_at),
                       "answer_note", dview_supplement_note(d, s->completed_at)));
    }
    return out;
}

/* The forms this dossier has a reason to print, numbered and titled by its form set. */
static json_t *forms_json(struct http_req *r, const struct svc_dossier *d)
{
    struct svc_dossier_form_ref *forms = NULL;
    int n = 0;
    svc_dossier_printable(d, r->arena, &forms, &n);
    json_t *out = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            out, jpack("{s:s, s:s, s:s}", "title", forms[i].label, "name", forms[i].name, "href",
                       arena_printf(r->arena, "/desk/ho-so/%s/mau/%d", d->code, forms[i].number)));
    return out;
}

/* The form the counter prints at once after a reception outcome (the receipt after
 * acceptance), offered as the page's first button so that one key press prints it; NULL
 * after any other action. */
static json_t *form_after(struct http_req *r, const struct svc_dossier *d, const char *action)
{
    static const struct {
        const char *action;
        int form;
    } printed_after[] = {{"accept", 1}, {"reception_supplement", 2}, {"refuse_reception", 3}};
    for (size_t i = 0; i < sizeof printed_after / sizeof printed_after[0]; i++) {
        if (strcmp(printed_after[i].action, action) != 0)
            continue;
        int form = printed_after[i].form;
        json_t *forms = page_own(r, forms_json(r, d));
        const char *suffix = arena_printf(r->arena, "/mau/%d", form);
        size_t k;
        json_t *f;
        json_array_foreach(forms, k, f)
        {
            const char *href = json_string_value(json_object_get(f, "href"));
            size_t n = strlen(href), m = strlen(suffix);
            if (n >= m && strcmp(href + n - m, suffix) == 0)
                return json_incref(f);
        }
    }
    return json_null();
}

/* What was posted to an action form, and what went wrong with it, to show it again. */
struct act_post {
    const char *action, *note, *items, *new_due, *assignee, *result_number, *result_date;
    const struct err *e;
    const char *reason; /* why a late step is finished late */
};

static int action_index(const char *action)
{
    for (size_t i = 0; action && i < sizeof action_forms / sizeof action_forms[0]; i++)
        if (strcmp(action_forms[i].action, action) == 0)
            return (int)i;
    return -1;
}

/* The part of an action form an error belongs to; other errors concern the whole dossier. */
static const char *error_part(const struct err *e)
{
    static const char *const parts[] = {"note",     "items",         "new_due",     "confirm",
                                        "assignee", "result_number", "result_date", "reason"};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (strcmp(e->field, parts[i]) == 0)
            return parts[i];
    return NULL;
}

static json_t *action_json(struct http_req *r, const struct svc_dossier *d, int k,
                           const struct act_post *post)
{
    const char *name = action_forms[k].action;
    json_t *f = jpack(
        "{s:s, s:s, s:s, s:s?, s:b, s:b, s:b, s:i, s:b}", "action", name, "label",
        dview_action_label(name), "help", action_forms[k].help, "note_label",
        action_forms[k].note_label, "items", action_forms[k].items, "due", action_forms[k].due,
        "confirm", action_forms[k].confirm, "version", d->version, "primary",
        strcmp(name, "advance") == 0 || strcmp(name, "return") == 0 || strcmp(name, "accept") == 0);
    json_object_set_new(f, "assignee", json_boolean(action_forms[k].assignee));
    if (action_forms[k].assignee)
        json_object_set_new(f, "people",
                            dview_picks(r, d->assignees, d->nassignees,
                                        post && post->action && strcmp(post->action, name) == 0
                                            ? post->assignee
                                            : NULL));
    json_object_set_new(f, "result", json_boolean(strcmp(name, "return") == 0));
    if (strcmp(name, "request_supplement") == 0)
        json_object_set_new(f, "note_value", json_string(SUPPLEMENT_REASON));
    if (strcmp(name, "accept") == 0 && strcmp(d->state, "submitted") == 0)
        json_object_set_new(f, "help", json_string(ACCEPT_ONLINE_HELP));
    /* Only a late step asks why it is late, on the actions that finish it (the service
       refuses to finish it without). */
    json_object_set_new(
        f, "late_reason",
        json_boolean((strcmp(name, "advance") == 0 || strcmp(name, "return") == 0) &&
                     d->step_late));
    if (post && post->action && strcmp(post->action, name) == 0) {
        json_object_set_new(f, "note_value", json_string(post->note ? post->note : ""));
        json_object_set_new(f, "items_value", json_string(post->items ? post->items : ""));
        json_object_set_new(f, "new_due_value", json_string(post->new_due ? post->new_due : ""));
        json_object_set_new(f, "assignee_value", json_string(post->assignee ? post->assignee : ""));
        json_object_set_new(f, "result_number_value",
                            json_string(post->result_number ? post->result_number : ""));
        json_object_set_new(f, "result_date_value",
                            json_string(post->result_date ? post->result_date : ""));
        json_object_set_new(f, "reason_value", json_string(post->reason ? post->reason : ""));
        const char *part = post->e ? error_part(post->e) : NULL;
        if (part)
            json_object_set_new(f, arena_printf(r->arena, "%s_error", part),
                                json_string(post->e->msg));
    }
    return f;
}

static json_t *actions_json(struct http_req *r, const struct svc_dossier *d,
                            const struct act_post *post)
{
    json_t *out = json_array();
    for (int i = 0; d->actions[i]; i++) {
        int k = action_index(d->actions[i]);
        if (k >= 0)
            json_array_append_new(out, action_json(r, d, k, post));
    }
    return out;
}

static const char *step_words(struct http_req *r, const struct svc_dossier *d)
{
    if (!d->step_role || state_final(d->state))
        return NULL;
    const char *role = role_words(d->step_role);
    return d->step_unit_name ? arena_printf(r->arena, "%s · %s", role, d->step_unit_name) : role;
}

static json_t *dossier_json(struct http_req *r, const struct svc_dossier *d)
{
    json_t *ctx = jpack(
        "{s:s, s:s?, s:s?, s:o, s:s?, s:i, s:s, s:i, s:o, s:s, s:s, s:i, s:s, s:s?, s:s?, s:s?,"
        " s:s?, s:s?, s:s?, s:o, s:s?, s:s?, s:s?}",
        "code", d->code, "procedure_code", d->procedure_code, "procedure_name", d->procedure_name,
        "status", dview_status_badge(d->state), "state_label", d->state_label, "national_status",
        d->national_status, "national_label", dossier_national_label(d->national_status), "version",
        d->version, "applicant", applicant_json(r, &d->applicant), "channel",
        dview_channel_label(d->channel), "return_method", dview_channel_label(d->return_method),
        "sets", d->sets, "fee", formatted(r, fmt_fee, d->fee_total), "unit", d->receiving_unit_name,
        "received", dview_when(r, d->received_at), "due", dview_when(r, d->due_at), "first_due",
        d->extended && d->first_due_at != d->due_at ? dview_when(r, d->first_due_at) : NULL,
        "finished", dview_when(r, d->finished_at), "returned", dview_when(r, d->returned_at),
        "timing", dview_timing_badge(d->timing), "step", step_words(r, d), "step_due",
        state_final(d->state) ? NULL : dview_when(r, d->step_due_at), "reason",
        d->reason && *d->reason ? d->reason : NULL);
    json_object_set_new(ctx, "refusal_result",
                        json_boolean(d->result_kind && strcmp(d->result_kind, "refusal") == 0));
    json_object_set_new(ctx, "components", components_json(d));
    json_object_set_new(ctx, "steps", steps_json(r, d));
    json_object_set_new(ctx, "events", events_json(r, d));
    json_object_set_new(ctx, "supplements", supplements_json(r, d));
    json_t *forms = forms_json(r, d);
    json_object_set_new(ctx, "has_forms", json_boolean(json_array_size(forms) > 0));
    json_object_set_new(ctx, "forms", forms);
    return ctx;
}

/* A failed form of a panel (files, fees, consultations) and its error. */
struct panel_post {
    const char *panel;
    const struct err *e;
};

static int dossier_page(struct http_req *r, struct http_resp *w, const struct actor *a, int status,
                        const struct act_post *post, const struct panel_post *panel)
{
    struct svc_dossier d;
    struct err e = {0};
    if (svc_dossier_get(page_app(r)->svc, a, r->arena, http_param(r, "code"), &d, &e) != 0)
        return app_err(r, w, &e);
    json_t *ctx = dossier_json(r, &d);
    page_dossier_panels(r, a, &d, ctx, panel ? panel->panel : NULL, panel ? panel->e : NULL);
    json_t *actions = actions_json(r, &d, post);
    json_object_set_new(ctx, "has_actions", json_boolean(json_array_size(actions) > 0));
    json_object_set_new(ctx, "actions", actions);
    const char *done = dview_action_label(http_query(r, "da"));
    if (done && !post) {
        json_object_set_new(ctx, "done", json_string(done));
        json_object_set_new(ctx, "print_first", form_after(r, &d, http_query(r, "da")));
    }
    if (post && post->e) {
        const char *part = error_part(post->e);
        json_object_set_new(ctx, "errors",
                            jpack("[{s:s, s:s}]", "field",
                                  part ? arena_printf(r->arena, "%s-%s", part, post->action)
                                  : strcmp(post->e->field, "result_file") == 0 ? "files"
                                                                               : "actions",
                                  "message", post->e->msg));
    }
    return page_render(r, w, status, "desk_dossier", arena_printf(r->arena, "Hồ sơ %s", d.code),
                       ctx);
}

int page_dossier(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    const struct actor *a = app_role_or_reply(r, w, ROLE_STAFF);
    if (!a)
        return 0;
    return dossier_page(r, w, a, 200, NULL, NULL);
}

int page_dossier_again(struct http_req *r, struct http_resp *w, const struct actor *a, int status,
                       const char *panel, const struct err *e)
{
    struct panel_post p = {panel, e};
    return dossier_page(r, w, a, status, NULL, &p);
}

static int version_of(const char *s)
{
    char *end = NULL;
    long v = s && *s ? strtol(s, &end, 10) : -1;
    return (s && *s && *end) || v < 0 || v > 1000000 ? -1 : (int)v;
}

static int act(struct http_req *r, const struct actor *a, const struct act_post *p, int check_only,
               struct err *e)
{
    const char **items = NULL;
    int supplement = p->action && strcmp(p->action, "request_supplement") == 0;
    struct svc_dossier_act act = {.action = p->action,
                                  .expected_version = version_of(http_form(r, "expected_version")),
                                  .note = supplement && !(p->note && *p->note) ? SUPPLEMENT_REASON
                                                                               : p->note,
                                  .new_due = p->new_due,
                                  .assignee = p->assignee,
                                  .result_number = p->result_number,
                                  .result_date = p->result_date,
                                  .reason = p->reason,
                                  .check_only = check_only};
    act.nitems = dview_lines(r, p->items, MAX_ITEMS, &items);
    act.items = items;
    return svc_dossier_act(page_app(r)->svc, a, http_param(r, "code"), &act, NULL, e);
}

/* Back to the dossier; when the step just finished handed it to a unit the officer cannot
 * see, to their inbox, which says where it went. */
static const char *after_action(struct http_req *r, const struct actor *a, const char *action)
{
    const char *code = http_param(r, "code");
    struct svc_dossier d;
    struct err e = {0};
    if (svc_dossier_get(page_app(r)->svc, a, r->arena, code, &d, &e) == E_NOTFOUND)
        return arena_printf(r->arena, "/desk/ho-so?da=%s&ma=%s", action, code);
    return arena_printf(r->arena, "/desk/ho-so/%s?da=%s", code, action);
}

/* "2027-05-06T10:00" (a datetime-local input) as "10:00 06/05/2027"; as typed otherwise. */
static const char *local_input_words(struct http_req *r, const char *v)
{
    if (strlen(v) != 16 || v[4] != '-' || v[7] != '-' || v[10] != 'T' || v[13] != ':')
        return v;
    return arena_printf(r->arena, "%.5s %.2s/%.2s/%.4s", v + 11, v + 8, v + 5, v);
}

static json_t *hidden(const char *name, const char *value)
{
    return jpack("{s:s, s:s}", "name", name, "value", value ? value : "");
}

/* The page that says what the action will do, whose button posts the same values again with
 * confirm=1 (templates/confirm.html, as the citizen's withdrawal). */
static int confirm_page(struct http_req *r, struct http_resp *w, const struct actor *a,
                        const struct act_post *p, int k)
{
    struct svc_dossier d;
    struct err e = {0};
    if (svc_dossier_get(page_app(r)->svc, a, r->arena, http_param(r, "code"), &d, &e) != 0)
        return app_err(r, w, &e);
    json_t *says = json_array();
    json_array_append_new(says, json_string(confirm_texts[k].then));
    if (p->note && *p->note)
        json_array_append_new(
            says, json_string(arena_printf(r->arena, "%s: %s",
                                           strcmp(p->action, "withdraw") == 0 ? "Ghi chú" : "Lý do",
                                           p->note)));
    if (p->new_due && *p->new_due)
        json_array_append_new(says, json_string(arena_printf(r->arena, "Ngày giờ hẹn mới: %s",
                                                             local_input_words(r, p->new_due))));
    if (p->reason && *p->reason)
        json_array_append_new(says,
                              json_string(arena_printf(r->arena, "Lý do trễ hạn: %s", p->reason)));
    if (p->result_number && *p->result_number)
        json_array_append_new(says,
                              json_string(arena_printf(
                                  r->arena, "Kết quả giấy số %s ngày %s", p->result_number,
                                  date_ymd(r, p->result_date) ? date_ymd(r, p->result_date) : "")));
    json_array_append_new(says, json_string(confirm_texts[k].after));
    json_array_append_new(says, json_string("Thao tác này không thể hoàn tác."));
    json_t *fields = json_array();
    const char *const names[] = {"action",   "expected_version", "note",        "items", "new_due",
                                 "assignee", "result_number",    "result_date", "reason"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        json_array_append_new(fields, hidden(names[i], http_form(r, names[i])));
    json_array_append_new(fields, hidden("confirm", "1"));
    const char *back = arena_printf(r->arena, "/desk/ho-so/%s", d.code);
    json_t *confirm = jpack(
        "{s:s, s:s, s:o, s:s, s:o, s:s, s:s, s:s}", "title",
        arena_printf(r->arena, "%s %s?", confirm_texts[k].title, d.code), "lead",
        arena_printf(r->arena, "Hồ sơ «%s» của %s.", d.procedure_name ? d.procedure_name : "",
                     d.applicant.name ? d.applicant.name : ""),
        "consequences", says, "action", arena_printf(r->arena, "%s/hanh-dong", back), "hidden",
        fields, "button", arena_printf(r->arena, "Xác nhận: %s", dview_action_label(p->action)),
        "cancel_href", back, "cancel_label", "Không, quay lại hồ sơ");
    return page_render(r, w, 200, "confirm",
                       arena_printf(r->arena, "%s %s", confirm_texts[k].title, d.code),
                       jpack("{s:o}", "confirm", confirm));
}

static int confirmed(struct http_req *r)
{
    const char *c = http_form(r, "confirm");
    return c && strcmp(c, "1") == 0;
}

int page_dossier_act(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    const struct actor *a = app_role_or_reply(r, w, ROLE_STAFF);
    if (!a)
        return 0;
    struct err e = {0};
    struct act_post post = {http_form(r, "action"),      http_form(r, "note"),
                            http_form(r, "items"),       http_form(r, "new_due"),
                            http_form(r, "assignee"),    http_form(r, "result_number"),
                            http_form(r, "result_date"), &e,
                            http_form(r, "reason")};
    int k = confirm_index(post.action);
    int asking = k >= 0 && !confirmed(r);
    int rc = act(r, a, &post, asking, &e);
    if (rc == E_INVALID || rc == E_CONFLICT || rc == E_FORBIDDEN)
        return dossier_page(r, w, a, http_status_for(rc), &post, NULL);
    if (rc)
        return app_err(r, w, &e);
    if (asking)
        return confirm_page(r, w, a, &post, k);
    http_resp_redirect(w, after_action(r, a, post.action));
    return 0;
}

int page_dossier_form(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_STAFF);
    if (!a)
        return 0;
    const char *code = http_param(r, "code");
    int form = 0;
    struct err e = {0};
    buf_reset(&w->body);
    if (svc_dossier_form(app->svc, a, code, http_param(r, "form"), app->base_url, &w->body, &form,
                         &e) != 0) {
        buf_reset(&w->body);
        return app_err(r, w, &e);
    }
    w->status = 200;
    w->content_type = "application/pdf";
    http_resp_header(w, "Content-Disposition",
                     arena_printf(r->arena, "inline; filename=\"mau-%02d-%s.pdf\"", form, code));
    return 0;
}
