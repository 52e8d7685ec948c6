/* pages_eform.c — the one page every e-form is filled in on, and the blank form's download.
 * The page is drawn from the form's data file (svc_eform_load): its sections become
 * fieldsets, its fields inputs of their type (a choice becomes radio buttons, a date a text
 * box for dd/mm/yyyy, numbers bring up the digits keyboard), prefilled from the answers kept
 * in the draft or else from the draft itself (the applicant's name, CCCD, birth date,
 * address). Sending it checks every answer at once; when all are right the service makes the
 * PDF and attaches it to the draft as that component's file. */
#include "pages_online.h"
#include "jpack.h"

#include "format.h"
#include "page.h"
#include "svc_eform.h"
#include "svc_online.h"

#include <string.h>

#define MAX_PROBLEMS 32

static const char *str_of(json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

int page_eform_blank(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    const char *code = http_param(r, "form");
    struct err e = {0};
    buf_reset(&w->body);
    if (svc_eform_blank_pdf(code, &w->body, &e) != 0) {
        buf_reset(&w->body);
        return app_err(r, w, &e);
    }
    w->status = 200;
    w->content_type = "application/pdf";
    http_resp_header(w, "Content-Disposition",
                     arena_printf(r->arena, "attachment; filename=\"to-khai-%s.pdf\"", code));
    return 0;
}

/* What the draft already knows, for the fields whose "prefill" names it. */
static const char *prefill(const struct svc_draft *d, json_t *data, const char *what)
{
    json_t *app = json_object_get(data, "applicant");
    if (!what)
        return NULL;
    if (strcmp(what, "applicant_name") == 0)
        return d->applicant_name;
    return str_of(app, what);
}

/* One field as the page shows it: its value (typed, kept, prefilled or default), its kind of
 * input and its error. */
static json_t *field_json(struct http_req *r, const struct svc_draft *d, json_t *data, json_t *f,
                          json_t *answers, json_t *errors_by_id)
{
    const char *key = str_of(f, "key"), *type = str_of(f, "type");
    const char *id = arena_printf(r->arena, "ef_%s", key);
    const char *v = str_of(answers, key);
    if (!v)
        v = prefill(d, data, str_of(f, "prefill"));
    if (!v)
        v = str_of(f, "default");
    v = v ? v : "";
    if (type && strcmp(type, "date") == 0) { /* the draft keeps 2003-05-17: shown 17/05/2003 */
        struct buf *b = buf_in_arena(r->arena, 32);
        if (fmt_date_ymd(b, v) == 0)
            v = buf_str(b);
    }
    int choice = type && strcmp(type, "choice") == 0;
    int numeric = type && (strcmp(type, "date") == 0 || strcmp(type, "year") == 0 ||
                           strcmp(type, "number") == 0 || strcmp(type, "cccd") == 0);
    json_t *options = json_array(), *list = json_object_get(f, "options");
    for (size_t i = 0; i < json_array_size(list); i++) {
        const char *o = json_string_value(json_array_get(list, i));
        json_array_append_new(options, jpack("{s:s, s:s, s:s, s:b}", "value", o, "name", id, "id",
                                             arena_printf(r->arena, "%s_%zu", id, i), "checked",
                                             strcmp(o, v) == 0));
    }
    const char *hint = str_of(f, "hint");
    if (!hint && type && strcmp(type, "date") == 0)
        hint = "Ngày/tháng/năm, ví dụ 17/05/2003";
    return jpack("{s:s, s:s, s:s, s:s?, s:b, s:b, s:b, s:o, s:O?}", "id", id, "label",
                 str_of(f, "label"), "value", v, "hint", hint, "required",
                 json_is_true(json_object_get(f, "required")), "choice", choice, "numeric", numeric,
                 "options", options, "error", json_object_get(errors_by_id, id));
}

static json_t *fields_json(struct http_req *r, const struct svc_draft *d, json_t *data,
                           json_t *fields, json_t *answers, json_t *errors_by_id)
{
    json_t *out = json_array();
    for (size_t i = 0; i < json_array_size(fields); i++)
        json_array_append_new(
            out, field_json(r, d, data, json_array_get(fields, i), answers, errors_by_id));
    return out;
}

/* The page's groups of fields: "Kính gửi" first, each section, then the place and what
 * follows the signature. */
static json_t *groups_json(struct http_req *r, const struct svc_draft *d, json_t *data,
                           json_t *form, json_t *answers, json_t *errors_by_id)
{
    json_t *groups = json_array(), *sections = json_object_get(form, "sections");
    json_t *first = page_own(r, json_array()), *last = page_own(r, json_array());
    if (json_object_get(form, "addressee"))
        json_array_append(first, json_object_get(form, "addressee"));
    json_array_append_new(groups, jpack("{s:s, s:o}", "title", "Nơi nhận tờ khai", "fields",
                                        fields_json(r, d, data, first, answers, errors_by_id)));
    for (size_t i = 0; i < json_array_size(sections); i++) {
        json_t *s = json_array_get(sections, i);
        json_array_append_new(groups, jpack("{s:s, s:o}", "title", str_of(s, "title"), "fields",
                                            fields_json(r, d, data, json_object_get(s, "fields"),
                                                        answers, errors_by_id)));
    }
    if (json_object_get(form, "place"))
        json_array_append(last, json_object_get(form, "place"));
    json_t *after = json_object_get(form, "after_signature");
    for (size_t i = 0; i < json_array_size(after); i++)
        json_array_append(last, json_array_get(after, i));
    json_array_append_new(groups, jpack("{s:s, s:o}", "title", "Nơi làm tờ khai, bản sao", "fields",
                                        fields_json(r, d, data, last, answers, errors_by_id)));
    return groups;
}

static int eform_page(struct http_req *r, struct http_resp *w, int status,
                      const struct svc_draft *d, json_t *form, json_t *answers,
                      const struct err *problems, int n)
{
    json_t *data = page_own(r, json_loads(d->data, 0, NULL));
    json_t *errors_by_id = page_own(r, json_object());
    for (int i = 0; i < n; i++)
        if (!json_object_get(errors_by_id, problems[i].field))
            json_object_set_new(errors_by_id, problems[i].field, json_string(problems[i].msg));
    json_t *kept = json_object_get(json_object_get(data, "eforms"), str_of(form, "code"));
    json_t *ctx = jpack("{s:I, s:s, s:s, s:s?, s:s?, s:o}", "id", (json_int_t)d->id, "code",
                        str_of(form, "code"), "title", str_of(form, "title"), "source",
                        str_of(form, "source"), "procedure_name", d->procedure_name, "groups",
                        groups_json(r, d, data, form, answers ? answers : kept, errors_by_id));
    for (int i = 0; i < n; i++)
        page_add_error(r, ctx, problems[i].field, problems[i].msg);
    return page_render(r, w, status, "eform", str_of(form, "title"), ctx);
}

/* The caller's open draft and the form, or 0 after answering. */
static int draft_and_form(struct http_req *r, struct http_resp *w, struct svc_draft *d,
                          json_t **form)
{
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    struct err e = {0};
    int64_t id = http_param_id(r, "id");
    if (!id)
        err_set(&e, E_NOTFOUND, "id", "Không tìm thấy hồ sơ nháp");
    if (!id || svc_draft_get(page_app(r)->svc, a, r->arena, id, d, &e) ||
        !(*form = page_own(r, svc_eform_load(http_param(r, "form"), &e)))) {
        app_err(r, w, &e);
        return 0;
    }
    return 1;
}

int page_eform_fill(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    struct svc_draft d;
    json_t *form = NULL;
    if (!draft_and_form(r, w, &d, &form))
        return 0;
    return eform_page(r, w, 200, &d, form, NULL, NULL, 0);
}

int page_eform_submit(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    struct svc_draft d;
    json_t *form = NULL;
    if (!draft_and_form(r, w, &d, &form))
        return 0;
    json_t *fields = page_own(r, svc_eform_fields(form)), *answers = page_own(r, json_object());
    for (size_t i = 0; i < json_array_size(fields); i++) {
        const char *key = str_of(json_array_get(fields, i), "key");
        const char *v = http_form(r, arena_printf(r->arena, "ef_%s", key));
        if (v)
            json_object_set_new(answers, key, json_string(v));
    }
    struct err problems[MAX_PROBLEMS], e = {0};
    int n = 0, comp = -1;
    int rc = svc_draft_eform(app->svc, &app_req(r)->actor, r->arena, d.id, str_of(form, "code"),
                             answers, problems, MAX_PROBLEMS, &n, &comp, &e);
    if (rc == E_INVALID && n > 0)
        rc = eform_page(r, w, 422, &d, form, answers, problems, n);
    else if (rc)
        rc = app_err(r, w, &e);
    else
        http_resp_redirect(w, arena_printf(r->arena, "/ho-so-nhap/%lld?saved=1#thanh-phan-%d",
                                           (long long)d.id, comp));
    return rc;
}
