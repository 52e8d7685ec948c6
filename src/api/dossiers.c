/* dossiers.c — /api/v1/dossiers: reception (accept, supplement, refuse), the actions that
 * move a dossier, reading one dossier, the inbox, search, the official forms as PDFs; and
 * /api/v1/lookup/{code}?t=&last4=, the public view behind the receipt's QR code (status and
 * appointment by the code alone; the masked name and timeline with a second factor). A reception
 * may carry an Idempotency-Key header: the same key from the same user gets the same dossier
 * back instead of a second one. */
#include "api.h"
#include "jpack.h"
#include "api_dossiers.h"

#include "jspec.h"
#include "svc_dossier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The most items a list in a request may hold (components received, papers missing). */
#define MAX_LIST SVC_DOSSIER_ITEMS_MAX

/* The applicant of a reception; its fields are named "applicant.name" in messages. */
#define APPLICANT_FIELDS(p)                                                                        \
    {                                                                                              \
        JSPEC_STR("kind", 1, 1, 16, &(p)->kind, "Loại người nộp"),                                 \
            JSPEC_STR("name", 1, 1, 200, &(p)->name, "Họ tên"),                                    \
            JSPEC_STR("id_number", 0, 1, 20, &(p)->id_number, "Số CCCD / mã số thuế"),             \
            JSPEC_STR("birth_date", 0, 0, 10, &(p)->birth_date, "Ngày sinh"),                      \
            JSPEC_STR("phone", 0, 0, 20, &(p)->phone, "Số điện thoại"),                            \
            JSPEC_STR("email", 0, 0, 254, &(p)->email, "Thư điện tử"),                             \
            JSPEC_STR("address", 0, 0, 500, &(p)->address, "Địa chỉ"), JSPEC_END,                  \
    }

int api_dossier_receive(struct api_call *c)
{
    struct svc_reception rec = {.channel = "counter", .return_method = "counter"};
    int64_t sets = 1;
    const struct jspec applicant[] = APPLICANT_FIELDS(&rec.applicant);
    const struct jspec spec[] = {
        JSPEC_STR("procedure_code", 1, 1, 32, &rec.procedure_code, "Mã thủ tục"),
        JSPEC_STR("unit_key", 0, 1, 64, &rec.unit_key, "Bộ phận tiếp nhận"),
        JSPEC_STR("channel", 0, 1, 16, &rec.channel, "Kênh nộp"),
        JSPEC_STR("return_method", 0, 1, 16, &rec.return_method, "Hình thức nhận kết quả"),
        JSPEC_NUM("sets", 0, 1, SVC_DOSSIER_SETS_MAX, &sets, "Số bộ hồ sơ"),
        JSPEC_SUB("applicant", 1, applicant, "Người nộp"),
        JSPEC_INTS("received", 0, MAX_LIST, 0, SVC_DOSSIER_RECEIVED_MAX, &rec.received,
                   &rec.nreceived, "Số lượng đã nhận"),
        JSPEC_STR("outcome", 1, 1, 16, &rec.outcome, "Kết quả tiếp nhận"),
        JSPEC_STR("reason", 0, 1, 2000, &rec.reason, "Lý do"),
        JSPEC_STRS("missing", 0, MAX_LIST, 1000, &rec.missing, &rec.nmissing,
                   "Giấy tờ cần bổ sung"),
        JSPEC_END,
    };
    if (api_body(c, spec))
        return API_FAILED;
    rec.sets = (int)sets;
    rec.idem_key = http_header(c->r, "Idempotency-Key");
    const char *code = NULL;
    int rc = svc_dossier_receive(c->svc, c->actor, &rec, c->arena, &code, &c->e);
    if (rc < 0)
        return API_FAILED;
    return api_json(c, rc == 0 ? 201 : 200,
                    jpack("{s:s, s:s, s:b}", "code", code, "url",
                          arena_printf(c->arena, "/api/v1/dossiers/%s", code), "replayed", rc > 0));
}

static json_t *applicant_json(const struct svc_applicant *p)
{
    return jpack("{s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}", "kind", p->kind, "name", p->name,
                 "id_number", p->id_number, "birth_date", p->birth_date, "phone", p->phone, "email",
                 p->email, "address", p->address);
}

static json_t *opt_time(int64_t t)
{
    return t ? json_integer(t) : json_null();
}

static json_t *dossier_json(const struct svc_dossier *d)
{
    json_t *comps = json_array(), *steps = json_array(), *events = json_array(),
           *cycles = json_array(), *actions = json_array();
    for (int i = 0; i < d->ncomponents; i++)
        json_array_append_new(comps, jpack("{s:s, s:s, s:i, s:i}", "name", d->components[i].name,
                                           "kind", d->components[i].kind, "required",
                                           d->components[i].required_count, "received",
                                           d->components[i].received_count));
    for (int i = 0; i < d->nsteps; i++) {
        const struct svc_dossier_step *s = &d->steps[i];
        json_array_append_new(
            steps,
            jpack("{s:i, s:s, s:s?, s:s?, s:s, s:I, s:o, s:o, s:o, s:s?, s:s?}", "index", s->idx,
                  "role", s->role, "unit_key", s->unit_key, "unit_name", s->unit_name, "actor",
                  s->actor_label, "budget_seconds", (json_int_t)s->budget_seconds, "started_at",
                  opt_time(s->started_at), "due_at", opt_time(s->due_at), "finished_at",
                  opt_time(s->finished_at), "timing", s->timing, "late_reason", s->late_reason));
    }
    for (int i = 0; i < d->nevents; i++) {
        const struct svc_dossier_event *ev = &d->events[i];
        json_array_append_new(events, jpack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s?}",
                                            "at", (json_int_t)ev->at, "actor", ev->actor, "action",
                                            ev->action, "from", ev->from_state, "to", ev->to_state,
                                            "from_unit", ev->from_unit, "to_unit", ev->to_unit,
                                            "timing", ev->timing, "note", ev->note));
    }
    for (int i = 0; i < d->nsupplement_cycles; i++) {
        const struct svc_dossier_supplement *c = &d->supplement_cycles[i];
        json_array_append_new(cycles, jpack("{s:s, s:o, s:s?, s:I, s:o}", "stage", c->stage,
                                            "items", json_loads(c->items, 0, NULL), "reason",
                                            c->reason, "requested_at", (json_int_t)c->requested_at,
                                            "completed_at", opt_time(c->completed_at)));
    }
    for (int i = 0; d->actions[i]; i++)
        json_array_append_new(actions, json_string(d->actions[i]));
    json_t *consultations = json_array();
    for (int i = 0; i < d->nconsultations; i++) {
        const struct svc_consultation *c = &d->consultations[i];
        json_array_append_new(consultations,
                              jpack("{s:I, s:s?, s:s?, s:s?, s:I, s:o, s:s?, s:o, s:b}", "id",
                                    (json_int_t)c->id, "to_unit", c->to_unit_key, "to_unit_name",
                                    c->to_unit_name, "question", c->question, "requested_at",
                                    (json_int_t)c->requested_at, "due_at", opt_time(c->due_at),
                                    "answer", c->answer, "answered_at", opt_time(c->answered_at),
                                    "overdue", c->overdue));
    }
    json_t *j =
        jpack("{s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:s?, s:s?, s:s, s:s, s:o, s:i, s:I, s:o, s:o, "
              "s:o, s:o, s:o, s:o}",
              "code", d->code, "procedure_code", d->procedure_code, "procedure_name",
              d->procedure_name, "state", d->state, "state_label", d->state_label,
              "national_status", d->national_status, "version", d->version, "receiving_unit",
              d->receiving_unit_key, "receiving_unit_name", d->receiving_unit_name, "channel",
              d->channel, "return_method", d->return_method, "applicant",
              applicant_json(&d->applicant), "sets", d->sets, "fee_total", (json_int_t)d->fee_total,
              "received_at", opt_time(d->received_at), "accepted_at", opt_time(d->accepted_at),
              "first_due_at", opt_time(d->first_due_at), "due_at", opt_time(d->due_at),
              "finished_at", opt_time(d->finished_at), "returned_at", opt_time(d->returned_at));
    json_object_set_new(j, "time_limit",
                        jpack("{s:i, s:s}", "value", d->limit_value, "unit", d->limit_unit));
    json_object_set_new(j, "current_step",
                        jpack("{s:i, s:s?, s:s?, s:s?, s:o}", "index", d->step_index, "role",
                              d->step_role, "unit_key", d->step_unit_key, "unit_name",
                              d->step_unit_name, "due_at", opt_time(d->step_due_at)));
    json_object_set_new(j, "extended", json_boolean(d->extended));
    json_object_set_new(j, "supplements", json_integer(d->supplements));
    json_object_set_new(j, "result_kind",
                        d->result_kind ? json_string(d->result_kind) : json_null());
    json_object_set_new(j, "reason", d->reason ? json_string(d->reason) : json_null());
    json_object_set_new(j, "timing", json_string(d->timing ? d->timing : ""));
    json_object_set_new(j, "components", comps);
    json_object_set_new(j, "steps", steps);
    json_object_set_new(j, "events", events);
    json_object_set_new(j, "supplement_cycles", cycles);
    json_object_set_new(j, "actions", actions);
    json_object_set_new(j, "consultations", consultations);
    return j;
}

int api_dossier_get(struct api_call *c)
{
    struct svc_dossier d;
    if (svc_dossier_get(c->svc, c->actor, c->arena, http_param(c->r, "code"), &d, &c->e))
        return API_FAILED;
    return api_json(c, 200, dossier_json(&d));
}

static json_t *rows_json(const struct svc_dossier_row *rows, int n)
{
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            list,
            jpack("{s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:I, s:o, s:o, s:s?, s:s?, "
                  "s:b, s:b}",
                  "code", rows[i].code, "procedure_name", rows[i].procedure_name, "state",
                  rows[i].state, "state_label", rows[i].state_label, "applicant_name",
                  rows[i].applicant_name, "national_status", rows[i].national_status, "version",
                  rows[i].version, "received_at", (json_int_t)rows[i].received_at, "due_at",
                  opt_time(rows[i].due_at), "step_due_at", opt_time(rows[i].step_due_at),
                  "step_role", rows[i].step_role, "step_unit_name", rows[i].step_unit_name,
                  "overdue", rows[i].overdue, "near_due", rows[i].near_due));
    return list;
}

int api_dossier_inbox(struct api_call *c)
{
    struct svc_dossier_row *rows = NULL;
    int n = 0;
    if (svc_dossier_inbox(c->svc, c->actor, c->arena, &rows, &n, &c->e))
        return API_FAILED;
    return api_json(c, 200, jpack("{s:o}", "dossiers", rows_json(rows, n)));
}

int api_dossier_search(struct api_call *c)
{
    const char *limit = http_query(c->r, "limit");
    struct svc_dossier_search q = {http_query(c->r, "code"),           http_query(c->r, "name"),
                                   http_query(c->r, "id_number"),      http_query(c->r, "phone"),
                                   http_query(c->r, "procedure_code"), http_query(c->r, "state"),
                                   http_query(c->r, "from"),           http_query(c->r, "to"),
                                   limit ? atoi(limit) : 100};
    struct svc_dossier_row *rows = NULL;
    int n = 0;
    if (svc_dossier_find(c->svc, c->actor, c->arena, &q, &rows, &n, &c->e))
        return API_FAILED;
    return api_json(c, 200, jpack("{s:o}", "dossiers", rows_json(rows, n)));
}

json_t *api_dossier_after_json(const char *code, const struct svc_dossier_after *after)
{
    return jpack("{s:s, s:s, s:i, s:i}", "code", code, "state", after->state, "national_status",
                 after->national_status, "version", after->version);
}

int api_dossier_act(struct api_call *c)
{
    struct svc_dossier_act act = {0};
    int64_t version = 0;
    const struct jspec spec[] = {
        JSPEC_STR("action", 1, 1, 32, &act.action, "Thao tác"),
        JSPEC_NUM("expected_version", 1, 1, 1000000, &version, "Phiên bản hồ sơ"),
        JSPEC_STR("note", 0, 0, 2000, &act.note, "Ghi chú, lý do"),
        JSPEC_STRS("items", 0, MAX_LIST, 1000, &act.items, &act.nitems, "Giấy tờ cần bổ sung"),
        JSPEC_STR("new_due", 0, 1, 16, &act.new_due, "Ngày hẹn mới"),
        JSPEC_STR("assignee", 0, 1, 64, &act.assignee, "Người xử lý"),
        JSPEC_STR("result_number", 0, 1, 100, &act.result_number, "Số văn bản kết quả"),
        JSPEC_STR("result_date", 0, 1, 10, &act.result_date, "Ngày ký văn bản kết quả"),
        JSPEC_STR("reason", 0, 0, 2000, &act.reason, "Lý do trễ hạn"),
        JSPEC_END,
    };
    if (api_body(c, spec))
        return API_FAILED;
    act.expected_version = (int)version;
    struct svc_dossier_after after;
    if (svc_dossier_act(c->svc, c->actor, http_param(c->r, "code"), &act, &after, &c->e))
        return API_FAILED;
    return api_json(c, 200, api_dossier_after_json(http_param(c->r, "code"), &after));
}

int api_dossier_form(struct api_call *c)
{
    int n = 0;
    struct buf *pdf = buf_in_arena(c->arena, 8u << 20);
    int rc = svc_dossier_form(c->svc, c->actor, http_param(c->r, "code"), http_param(c->r, "form"),
                              c->app->base_url, pdf, &n, &c->e);
    if (!rc)
        rc = http_resp_text(c->w, 200, "application/pdf", buf_str(pdf), pdf->len);
    if (rc && !c->w->status) /* an empty c->e is a 500, as an unfinished file is */
        return http_resp_err(c->w, &c->e);
    http_resp_header(c->w, "Content-Disposition",
                     arena_printf(c->arena, "inline; filename=\"mau-%02d-%s.pdf\"", n,
                                  http_param(c->r, "code")));
    return 0;
}

int api_lookup(struct api_call *c)
{
    if (svc_dossier_lookup_admit(c->svc, c->arena, c->r->client_ip, &c->e))
        return API_FAILED;
    struct svc_public_dossier d;
    struct svc_lookup_query q = {http_param(c->r, "code"), http_query(c->r, "t"),
                                 http_query(c->r, "last4"), c->r->client_ip};
    if (svc_dossier_lookup(c->svc, c->arena, &q, &d, &c->e))
        return API_FAILED;
    json_t *events = json_array();
    for (int i = 0; i < d.nevents; i++)
        json_array_append_new(events,
                              jpack("{s:I, s:s, s:s, s:s?}", "at", (json_int_t)d.events[i].at,
                                    "action", d.events[i].action, "to", d.events[i].to_state,
                                    "unit", d.events[i].to_unit));
    return api_json(c, 200,
                    jpack("{s:s, s:b, s:s?, s:s?, s:s, s:i, s:s?, s:b, s:o, s:o, s:o, s:s?}",
                          "code", d.code, "verified", d.verified, "procedure_name",
                          d.procedure_name, "applicant", d.masked_name, "state_label",
                          d.state_label, "national_status", d.national_status, "receiving_unit",
                          d.receiving_unit_name, "result_ready", d.result_ready, "received_at",
                          opt_time(d.received_at), "due_at", opt_time(d.due_at), "timeline", events,
                          "factor_problem", d.factor_problem));
}

int api_tracking_book(struct api_call *c)
{
    const char *format = http_query(c->r, "format") ? http_query(c->r, "format") : "pdf";
    struct buf *doc = buf_in_arena(c->arena, 64u << 20);
    int rc = svc_dossier_book(c->svc, c->actor, http_param(c->r, "key"), http_query(c->r, "from"),
                              http_query(c->r, "to"), format, doc, &c->e);
    int xlsx = strcmp(format, "xlsx") == 0;
    if (!rc)
        rc = http_resp_text(
            c->w, 200,
            xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                 : "application/pdf",
            buf_str(doc), doc->len);
    if (rc && !c->w->status) /* an empty c->e is a 500, as an unfinished file is */
        return http_resp_err(c->w, &c->e);
    http_resp_header(c->w, "Content-Disposition",
                     arena_printf(c->arena, "attachment; filename=\"so-theo-doi-%s.%s\"",
                                  http_param(c->r, "key"), xlsx ? "xlsx" : "pdf"));
    return 0;
}
