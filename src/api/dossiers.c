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

#define MAX_LIST SVC_DOSSIER_ITEMS_MAX

/* Copies the strings of a JSON array into the request arena; E_INVALID when one is not a
 * string or there are too many. */
static int string_list(struct http_req *r, json_t *arr, const char *field, const char ***out,
                       int *n, struct err *e)
{
    *n = 0;
    *out = NULL;
    if (!arr)
        return 0;
    if (!json_is_array(arr) || json_array_size(arr) > MAX_LIST)
        return err_set(e, E_INVALID, field, "%s phải là danh sách chuỗi (tối đa %d)", field,
                       MAX_LIST);
    *out = arena_alloc(r->arena, sizeof **out * (json_array_size(arr) + 1));
    for (size_t i = 0; i < json_array_size(arr); i++) {
        const char *s = json_string_value(json_array_get(arr, i));
        if (!s || !*s || strlen(s) > 1000)
            return err_set(e, E_INVALID, field, "%s[%zu] phải là chuỗi không rỗng", field, i);
        (*out)[(*n)++] = s;
    }
    return 0;
}

static int int_list(struct http_req *r, json_t *arr, int **out, int *n, struct err *e)
{
    *n = 0;
    *out = NULL;
    if (!arr)
        return 0;
    if (!json_is_array(arr) || json_array_size(arr) > MAX_LIST)
        return err_set(e, E_INVALID, "received", "received phải là danh sách số nguyên");
    *out = arena_alloc(r->arena, sizeof **out * (json_array_size(arr) + 1));
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *v = json_array_get(arr, i);
        if (!json_is_integer(v) || json_integer_value(v) < 0 ||
            json_integer_value(v) > SVC_DOSSIER_RECEIVED_MAX)
            return err_set(e, E_INVALID, "received", "received[%zu] phải là số từ 0 đến %d", i,
                           SVC_DOSSIER_RECEIVED_MAX);
        (*out)[(*n)++] = (int)json_integer_value(v);
    }
    return 0;
}

static int parse_applicant(json_t *j, struct svc_applicant *p, struct err *e)
{
    const struct jspec spec[] = {
        {"kind", JSPEC_STRING, 1, 1, 16, &p->kind, "Loại người nộp"},
        {"name", JSPEC_STRING, 1, 1, 200, &p->name, "Họ tên"},
        {"id_number", JSPEC_STRING, 0, 1, 20, &p->id_number, "Số CCCD / mã số thuế"},
        {"birth_date", JSPEC_STRING, 0, 0, 10, &p->birth_date, "Ngày sinh"},
        {"phone", JSPEC_STRING, 0, 0, 20, &p->phone, "Số điện thoại"},
        {"email", JSPEC_STRING, 0, 0, 254, &p->email, "Thư điện tử"},
        {"address", JSPEC_STRING, 0, 0, 500, &p->address, "Địa chỉ"},
        JSPEC_END,
    };
    int rc = jspec_parse(j, spec, e);
    if (rc && e->field[0]) {
        char field[sizeof e->field];
        snprintf(field, sizeof field, "%s", e->field);
        snprintf(e->field, sizeof e->field, "applicant.%.40s", field);
    }
    return rc;
}

int api_dossier_receive(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    struct svc_reception rec = {.channel = "counter", .return_method = "counter"};
    int64_t sets = 1;
    json_t *applicant = NULL, *received = NULL, *missing = NULL;
    const struct jspec spec[] = {
        {"procedure_code", JSPEC_STRING, 1, 1, 32, &rec.procedure_code, "Mã thủ tục"},
        {"unit_key", JSPEC_STRING, 0, 1, 64, &rec.unit_key, "Bộ phận tiếp nhận"},
        {"channel", JSPEC_STRING, 0, 1, 16, &rec.channel, "Kênh nộp"},
        {"return_method", JSPEC_STRING, 0, 1, 16, &rec.return_method, "Hình thức nhận kết quả"},
        {"sets", JSPEC_INT, 0, 1, SVC_DOSSIER_SETS_MAX, &sets, "Số bộ hồ sơ"},
        {"applicant", JSPEC_OBJECT, 1, 0, 0, &applicant, "Người nộp"},
        {"received", JSPEC_ARRAY, 0, 0, 0, &received, "Số lượng đã nhận"},
        {"outcome", JSPEC_STRING, 1, 1, 16, &rec.outcome, "Kết quả tiếp nhận"},
        {"reason", JSPEC_STRING, 0, 1, 2000, &rec.reason, "Lý do"},
        {"missing", JSPEC_ARRAY, 0, 0, 0, &missing, "Giấy tờ cần bổ sung"},
        JSPEC_END,
    };
    if (api_body_or_reply(r, w, spec))
        return 0;
    struct err e = {0};
    int *counts = NULL;
    const char **miss = NULL;
    rec.sets = (int)sets;
    if (parse_applicant(applicant, &rec.applicant, &e) ||
        int_list(r, received, &counts, &rec.nreceived, &e) ||
        string_list(r, missing, "missing", &miss, &rec.nmissing, &e))
        return http_resp_err(w, &e);
    rec.received = counts;
    rec.missing = miss;
    rec.idem_key = http_header(r, "Idempotency-Key");
    const char *code = NULL;
    int rc = svc_dossier_receive(app->svc, a, &rec, r->arena, &code, &e);
    if (rc < 0)
        return http_resp_err(w, &e);
    return http_resp_json(w, rc == 0 ? 201 : 200,
                          jpack("{s:s, s:s, s:b}", "code", code, "url",
                                arena_printf(r->arena, "/api/v1/dossiers/%s", code), "replayed",
                                rc > 0));
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
            steps, jpack("{s:i, s:s, s:s?, s:s?, s:s, s:I, s:o, s:o, s:o, s:s?}", "index", s->idx,
                         "role", s->role, "unit_key", s->unit_key, "unit_name", s->unit_name,
                         "actor", s->actor_label, "budget_seconds", (json_int_t)s->budget_seconds,
                         "started_at", opt_time(s->started_at), "due_at", opt_time(s->due_at),
                         "finished_at", opt_time(s->finished_at), "timing", s->timing));
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

int api_dossier_get(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    struct svc_dossier d;
    struct err e = {0};
    if (svc_dossier_get(app->svc, a, r->arena, http_param(r, "code"), &d, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 200, dossier_json(&d));
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

int api_dossier_inbox(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_role_or_reply(r, w, ROLE_STAFF);
    if (!a)
        return 0;
    struct svc_dossier_row *rows = NULL;
    int n = 0;
    struct err e = {0};
    if (svc_dossier_inbox(app->svc, a, r->arena, &rows, &n, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 200, jpack("{s:o}", "dossiers", rows_json(rows, n)));
}

int api_dossier_search(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    const char *limit = http_query(r, "limit");
    struct svc_dossier_search q = {http_query(r, "code"),           http_query(r, "name"),
                                   http_query(r, "id_number"),      http_query(r, "phone"),
                                   http_query(r, "procedure_code"), http_query(r, "state"),
                                   http_query(r, "from"),           http_query(r, "to"),
                                   limit ? atoi(limit) : 100};
    struct svc_dossier_row *rows = NULL;
    int n = 0;
    struct err e = {0};
    if (svc_dossier_find(app->svc, a, r->arena, &q, &rows, &n, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 200, jpack("{s:o}", "dossiers", rows_json(rows, n)));
}

json_t *api_dossier_after_json(const char *code, const struct svc_dossier_after *after)
{
    return jpack("{s:s, s:s, s:i, s:i}", "code", code, "state", after->state, "national_status",
                 after->national_status, "version", after->version);
}

int api_dossier_act(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    struct svc_dossier_act act = {0};
    int64_t version = 0;
    json_t *items = NULL;
    const struct jspec spec[] = {
        {"action", JSPEC_STRING, 1, 1, 32, &act.action, "Thao tác"},
        {"expected_version", JSPEC_INT, 1, 1, 1000000, &version, "Phiên bản hồ sơ"},
        {"note", JSPEC_STRING, 0, 0, 2000, &act.note, "Ghi chú, lý do"},
        {"items", JSPEC_ARRAY, 0, 0, 0, &items, "Giấy tờ cần bổ sung"},
        {"new_due", JSPEC_STRING, 0, 1, 16, &act.new_due, "Ngày hẹn mới"},
        {"assignee", JSPEC_STRING, 0, 1, 64, &act.assignee, "Người xử lý"},
        {"result_number", JSPEC_STRING, 0, 1, 100, &act.result_number, "Số văn bản kết quả"},
        {"result_date", JSPEC_STRING, 0, 1, 10, &act.result_date, "Ngày ký văn bản kết quả"},
        JSPEC_END,
    };
    if (api_body_or_reply(r, w, spec))
        return 0;
    struct err e = {0};
    const char **list = NULL;
    if (string_list(r, items, "items", &list, &act.nitems, &e))
        return http_resp_err(w, &e);
    act.items = list;
    act.expected_version = (int)version;
    struct svc_dossier_after after;
    if (svc_dossier_act(app->svc, a, http_param(r, "code"), &act, &after, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 200, api_dossier_after_json(http_param(r, "code"), &after));
}

int api_dossier_form(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    int n = 0;
    struct buf pdf;
    buf_init(&pdf, 8u << 20);
    struct err e = {0};
    int rc = svc_dossier_form(app->svc, a, http_param(r, "code"), http_param(r, "form"),
                              app->base_url, &pdf, &n, &e);
    if (!rc)
        rc = http_resp_text(w, 200, "application/pdf", buf_str(&pdf), pdf.len);
    buf_free(&pdf);
    if (rc && !w->status)
        return http_resp_err(w, &e);
    http_resp_header(
        w, "Content-Disposition",
        arena_printf(r->arena, "inline; filename=\"mau-%02d-%s.pdf\"", n, http_param(r, "code")));
    return 0;
}

int api_lookup(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    struct err e = {0};
    if (svc_dossier_lookup_admit(app->svc, r->arena, r->client_ip, &e))
        return http_resp_err(w, &e);
    struct svc_public_dossier d;
    struct svc_lookup_query q = {http_param(r, "code"), http_query(r, "t"), http_query(r, "last4"),
                                 r->client_ip};
    if (svc_dossier_lookup(app->svc, r->arena, &q, &d, &e))
        return http_resp_err(w, &e);
    json_t *events = json_array();
    for (int i = 0; i < d.nevents; i++)
        json_array_append_new(events,
                              jpack("{s:I, s:s, s:s, s:s?}", "at", (json_int_t)d.events[i].at,
                                    "action", d.events[i].action, "to", d.events[i].to_state,
                                    "unit", d.events[i].to_unit));
    return http_resp_json(
        w, 200,
        jpack("{s:s, s:b, s:s?, s:s?, s:s, s:i, s:s?, s:b, s:o, s:o, s:o, s:s?}", "code", d.code,
              "verified", d.verified, "procedure_name", d.procedure_name, "applicant",
              d.masked_name, "state_label", d.state_label, "national_status", d.national_status,
              "receiving_unit", d.receiving_unit_name, "result_ready", d.result_ready,
              "received_at", opt_time(d.received_at), "due_at", opt_time(d.due_at), "timeline",
              events, "factor_problem", d.factor_problem));
}

int api_tracking_book(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    const char *format = http_query(r, "format") ? http_query(r, "format") : "pdf";
    struct buf doc;
    buf_init(&doc, 64u << 20);
    struct err e = {0};
    int rc = svc_dossier_book(app->svc, a, http_param(r, "key"), http_query(r, "from"),
                              http_query(r, "to"), format, &doc, &e);
    int xlsx = strcmp(format, "xlsx") == 0;
    if (!rc)
        rc = http_resp_text(
            w, 200,
            xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                 : "application/pdf",
            buf_str(&doc), doc.len);
    buf_free(&doc);
    if (rc && !w->status)
        return http_resp_err(w, &e);
    http_resp_header(w, "Content-Disposition",
                     arena_printf(r->arena, "attachment; filename=\"so-theo-doi-%s.%s\"",
                                  http_param(r, "key"), xlsx ? "xlsx" : "pdf"));
    return 0;
}
