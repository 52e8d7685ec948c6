/* pages_catalogue.c — the procedure catalogue on the portal and at the desk. The public
 * pages answer what a citizen asks before coming: which papers, how long, how much, where,
 * and whether it can be done online; entries not confirmed against an official source carry
 * a "Dữ liệu minh họa" badge. The desk pages let admins publish a new version through a form
 * (lists such as components and steps are edited as JSON, which the same validator as the
 * API checks, so a mistake is reported beside the field it is in). */
#include "pages_catalogue.h"
#include "jpack.h"

#include "format.h"
#include "svc_eform.h"
#include "page.h"
#include "svc_catalogue.h"
#include "svc_org.h"

#include <stdlib.h>
#include <string.h>

#define PAGE_SIZE 20

/* Percent-encodes s for a query string value. */
static const char *url_value(struct arena *a, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s);
    char *out = arena_alloc(a, n * 3 + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~') {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    return out;
}

static const char *q_or_empty(struct http_req *r, const char *name)
{
    const char *v = http_query(r, name);
    return v ? v : "";
}

/* The search page's address with the same query and filters, on another page. */
static const char *page_href(struct http_req *r, int page)
{
    static const char *const keys[] = {"q", "field", "level", "agency", "online"};
    const char *href = arena_printf(r->arena, "/thu-tuc?page=%d", page);
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (*q_or_empty(r, keys[i]))
            href = arena_printf(r->arena, "%s&%s=%s", href, keys[i],
                                url_value(r->arena, q_or_empty(r, keys[i])));
    return href;
}

static json_t *options(const char *const *values, const char *(*label)(const char *), int n,
                       const char *selected)
{
    json_t *out = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(out, jpack("{s:s, s:s, s:b}", "value", values[i], "label",
                                         label ? label(values[i]) : values[i], "selected",
                                         strcmp(values[i], selected) == 0));
    return out;
}

static const char *const level_values[] = {"province", "district", "commune"};
static const char *const online_values[] = {"full", "partial", "none"};

static json_t *row_json(struct http_req *r, const struct svc_proc_row *p)
{
    return jpack("{s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:s, s:i}", "code", p->code, "name", p->name,
                 "field", p->field, "level", svc_proc_level_label(p->level), "online",
                 svc_proc_online_label(p->online), "demo", !p->verified, "retired", p->retired,
                 "href", arena_printf(r->arena, "/thu-tuc/%s", p->code), "version", p->version);
}

static json_t *facet_json(struct http_req *r, struct svc *svc)
{
    const char **fields = NULL;
    struct svc_proc_unit *units = NULL;
    int nf = 0, nu = 0;
    struct err e = {0};
    json_t *ctx = json_object();
    if (svc_proc_facets(svc, r->arena, &fields, &nf, &units, &nu, &e) != 0)
        return ctx;
    json_object_set_new(ctx, "fields", options(fields, NULL, nf, q_or_empty(r, "field")));
    json_t *agencies = json_array();
    for (int i = 0; i < nu; i++)
        json_array_append_new(agencies, jpack("{s:s, s:s, s:b}", "value", units[i].key, "label",
                                              units[i].name, "selected",
                                              strcmp(units[i].key, q_or_empty(r, "agency")) == 0));
    json_object_set_new(ctx, "agencies", agencies);
    json_object_set_new(ctx, "levels",
                        options(level_values, svc_proc_level_label, 3, q_or_empty(r, "level")));
    json_object_set_new(ctx, "onlines",
                        options(online_values, svc_proc_online_label, 3, q_or_empty(r, "online")));
    return ctx;
}

int page_catalogue(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const char *page_s = http_query(r, "page");
    struct svc_proc_query q = {.q = http_query(r, "q"),
                               .field = http_query(r, "field"),
                               .level = http_query(r, "level"),
                               .agency = http_query(r, "agency"),
                               .online = http_query(r, "online"),
                               .page = page_s ? atoi(page_s) : 1,
                               .per_page = PAGE_SIZE};
    if (q.page < 1 || q.page > 100000)
        q.page = 1;
    struct svc_proc_page res;
    struct err e = {0};
    if (svc_proc_search(app->svc, r->arena, &q, &res, &e) != 0)
        return app_err(r, w, &e);
    json_t *rows = json_array();
    for (int i = 0; i < res.n; i++)
        json_array_append_new(rows, row_json(r, &res.rows[i]));
    int pages = (int)((res.total + res.per_page - 1) / res.per_page);
    json_t *ctx = facet_json(r, app->svc);
    json_object_set_new(ctx, "q", json_string(q_or_empty(r, "q")));
    /* The filters fold away on a phone unless one is in use. */
    json_object_set_new(ctx, "filtered",
                        json_boolean(*q_or_empty(r, "field") || *q_or_empty(r, "level") ||
                                     *q_or_empty(r, "agency") || *q_or_empty(r, "online")));
    json_object_set_new(ctx, "rows", rows);
    json_object_set_new(ctx, "total", json_integer(res.total));
    json_object_set_new(ctx, "page", json_integer(res.page));
    json_object_set_new(ctx, "pages", json_integer(pages ? pages : 1));
    if (res.page > 1)
        json_object_set_new(ctx, "prev_href", json_string(page_href(r, res.page - 1)));
    if (res.page < pages)
        json_object_set_new(ctx, "next_href", json_string(page_href(r, res.page + 1)));
    return page_render(r, w, 200, "catalogue", "Thủ tục hành chính", ctx);
}

/* ---- one procedure ---- */

static const char *unit_name(struct svc_org_unit *units, int n, const char *key)
{
    for (int i = 0; i < n; i++)
        if (strcmp(units[i].key, key) == 0)
            return units[i].name;
    return key;
}

static json_t *names_of(const struct proc_strings *keys, struct svc_org_unit *units, int n)
{
    json_t *out = json_array();
    for (int i = 0; i < keys->n; i++)
        json_array_append_new(out, json_string(unit_name(units, n, keys->v[i])));
    return out;
}

static const char *money(struct http_req *r, int64_t amount)
{
    struct buf *b = buf_in_arena(r->arena, 128);
    if (amount != PROC_UNKNOWN)
        fmt_fee(b, amount);
    else
        buf_puts(b, "Theo quy định của Hội đồng nhân dân tỉnh");
    return buf_str(b);
}

static json_t *fees_json(struct http_req *r, const struct procedure *doc)
{
    json_t *out = json_array();
    for (int i = 0; i < doc->nfees; i++) {
        const struct proc_fee *f = &doc->fees[i];
        json_array_append_new(
            out, jpack("{s:s, s:s?, s:s?, s:s?, s:s?}", "amount", money(r, f->amount), "per",
                       f->amount > 0 ? svc_proc_per_label(f->per) : NULL, "online",
                       f->online_amount != PROC_UNKNOWN ? money(r, f->online_amount) : NULL,
                       "exemptions", f->exemptions, "note", f->note));
    }
    return out;
}

static json_t *components_json(struct http_req *r, const struct procedure *doc, json_t *forms)
{
    json_t *out = json_array();
    for (int i = 0; i < doc->ncomponents; i++) {
        const struct proc_component *c = &doc->components[i];
        const char *form = c->form;
        if (form)
            json_array_append_new(
                forms, jpack("{s:s, s:s, s:s?}", "form", form, "name", c->name, "href",
                             svc_eform_exists(form) ? arena_printf(r->arena, "/bieu-mau/%s", form)
                                                    : NULL));
        json_array_append_new(out,
                              jpack("{s:s, s:s, s:i, s:s?}", "name", c->name, "kind",
                                    svc_proc_kind_label(c->kind), "count", c->count, "form", form));
    }
    return out;
}

static json_t *steps_json(const struct procedure *doc, struct svc_org_unit *units, int n)
{
    json_t *out = json_array();
    for (int i = 0; i < doc->nsteps; i++) {
        const struct proc_step *s = &doc->steps[i];
        json_array_append_new(
            out,
            jpack("{s:i, s:s?, s:s?, s:s?, s:o, s:s?}", "n", i + 1, "actor", s->actor, "unit",
                  s->unit ? unit_name(units, n, s->unit) : s->external_agency, "role",
                  s->role ? role_label(role_from_name(s->role)) : NULL, "budget",
                  s->budget_hours != PROC_UNKNOWN ? json_integer(s->budget_hours) : json_null(),
                  "transfer",
                  s->transfer_to_level ? svc_proc_level_label(s->transfer_to_level) : NULL));
    }
    return out;
}

static json_t *labels_json(const struct proc_strings *list, const char *(*label)(const char *))
{
    json_t *out = json_array();
    for (int i = 0; i < list->n; i++)
        json_array_append_new(out, json_string(label(list->v[i])));
    return out;
}

static json_t *strings_json(const struct proc_strings *list)
{
    json_t *out = json_array();
    for (int i = 0; i < list->n; i++)
        json_array_append_new(out, json_string(list->v[i]));
    return out;
}

static json_t *units_by_role(const struct svc_procedure *p, const char *role)
{
    json_t *out = json_array();
    for (int i = 0; i < p->nunits; i++)
        if (strcmp(p->units[i].role, role) == 0)
            json_array_append_new(out, json_string(p->units[i].name));
    return out;
}

static void add_limit(struct http_req *r, json_t *ctx, const struct proc_time_limit *limit)
{
    int days = -1;
    struct buf *b = buf_in_arena(r->arena, 256);
    proc_limit_words(b, limit, &days);
    json_object_set_new(ctx, "limit_words", json_string(buf_str(b)));
    if (days > 0)
        json_object_set_new(ctx, "working_days", json_integer(days));
}

static const char *page_url(struct http_req *r, const char *code)
{
    const char *base = page_app(r)->base_url;
    return arena_printf(r->arena, "%s/thu-tuc/%s", base ? base : "", code);
}

static json_t *decision_json(const struct procedure *doc)
{
    if (!doc->decision_number)
        return json_null();
    return jpack("{s:s, s:s?}", "number", doc->decision_number, "date", doc->decision_date);
}

static json_t *procedure_context(struct http_req *r, const struct svc_procedure *p)
{
    const struct procedure *doc = p->doc;
    struct svc_org_unit *units = NULL;
    int nu = 0;
    struct err e = {0};
    svc_org_tree(page_app(r)->svc, r->arena, &units, &nu, &e);
    json_t *forms = json_array();
    struct buf *eff = buf_in_arena(r->arena, 32);
    fmt_date_ymd(eff, p->effective_from);
    json_t *ctx = jpack(
        "{s:s, s:s, s:s, s:s, s:i, s:i, s:s, s:b, s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o,"
        " s:o, s:s?, s:s, s:b, s:s?, s:o, s:b, s:s, s:s}",
        "code", p->code, "name", doc->name, "field", doc->field, "level",
        svc_proc_level_label(doc->level), "version", p->version, "latest_version",
        p->latest_version, "effective_from", buf_str(eff), "demo", !doc->verified, "retired",
        p->retired_at != 0, "components", components_json(r, doc, forms), "forms", forms, "fees",
        fees_json(r, doc), "steps", steps_json(doc, units, nu), "channels",
        labels_json(&doc->channels, svc_proc_channel_label), "receive", units_by_role(p, "receive"),
        "resolve", units_by_role(p, "resolve"), "legal_basis", strings_json(&doc->legal_basis),
        "subjects", strings_json(&doc->subjects), "note", doc->note, "online",
        svc_proc_online_label(doc->online), "online_submit",
        strcmp(doc->online, "none") != 0 && p->retired_at == 0, "result_type", doc->result_type,
        "decision", decision_json(doc), "paper_required", doc->paper_required, "qr_src",
        arena_printf(r->arena, "/thu-tuc/%s/qr.svg", p->code), "page_url", page_url(r, p->code));
    json_object_set_new(ctx, "implementing", names_of(&doc->implementing, units, nu));
    json_object_set_new(ctx, "coordinating", names_of(&doc->coordinating, units, nu));
    json_object_set_new(ctx, "no_fees", json_boolean(doc->nfees == 0));
    json_object_set_new(ctx, "postal", json_boolean(doc->postal));
    json_object_set_new(ctx, "submit_href",
                        json_string(arena_printf(r->arena, "/nop-truc-tuyen/%s", p->code)));
    if (p->version != p->latest_version)
        json_object_set_new(ctx, "other_version", json_true());
    json_object_set_new(ctx, "has_forms", json_boolean(json_array_size(forms) > 0));
    add_limit(r, ctx, &doc->time_limit);
    return ctx;
}

static int version_param(struct http_req *r)
{
    const char *v = http_query(r, "version");
    int n = v ? atoi(v) : 0;
    return n > 0 ? n : 0;
}

int page_procedure(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    struct svc_procedure p;
    struct err e = {0};
    if (svc_proc_get(app->svc, r->arena, http_param(r, "code"), version_param(r), &p, &e) != 0)
        return app_err(r, w, &e);
    return page_render(r, w, 200, "procedure", p.doc->name, procedure_context(r, &p));
}

int page_procedure_qr(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    struct svc_procedure p;
    struct err e = {0};
    if (svc_proc_get(app->svc, r->arena, http_param(r, "code"), 0, &p, &e) != 0)
        return app_err(r, w, &e);
    buf_reset(&w->body);
    if (svc_proc_qr_svg(&w->body, page_url(r, p.code), &e) != 0)
        return app_err(r, w, &e);
    w->status = 200;
    w->content_type = "image/svg+xml";
    return 0;
}

/* ---- desk ---- */

int page_desk_catalogue(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    if (!app_role_or_reply(r, w, ROLE_ADMIN))
        return 0;
    const char *page_s = http_query(r, "page");
    struct svc_proc_query q = {.q = http_query(r, "q"),
                               .page = page_s ? atoi(page_s) : 1,
                               .per_page = 100,
                               .include_retired = 1};
    if (q.page < 1 || q.page > 100000)
        q.page = 1;
    struct svc_proc_page res;
    struct err e = {0};
    if (svc_proc_search(app->svc, r->arena, &q, &res, &e) != 0)
        return app_err(r, w, &e);
    json_t *rows = json_array();
    for (int i = 0; i < res.n; i++) {
        json_t *row = row_json(r, &res.rows[i]);
        json_object_set_new(
            row, "edit_href",
            json_string(arena_printf(r->arena, "/desk/thu-tuc/%s", res.rows[i].code)));
        json_array_append_new(rows, row);
    }
    json_t *ctx = jpack("{s:o, s:I, s:s}", "rows", rows, "total", (json_int_t)res.total, "q",
                        q_or_empty(r, "q"));
    if (res.page > 1)
        json_object_set_new(
            ctx, "prev_href",
            json_string(arena_printf(r->arena, "/desk/thu-tuc?page=%d&q=%s", res.page - 1,
                                     url_value(r->arena, q_or_empty(r, "q")))));
    if ((int64_t)res.page * res.per_page < res.total)
        json_object_set_new(
            ctx, "next_href",
            json_string(arena_printf(r->arena, "/desk/thu-tuc?page=%d&q=%s", res.page + 1,
                                     url_value(r->arena, q_or_empty(r, "q")))));
    return page_render(r, w, 200, "catalogue_desk", "Danh mục thủ tục hành chính", ctx);
}

static const char *lines_of(struct http_req *r, json_t *list)
{
    const char *s = "";
    for (size_t i = 0; i < json_array_size(list); i++)
        s = arena_printf(r->arena, "%s%s%s", s, i ? "\n" : "",
                         json_string_value(json_array_get(list, i)));
    return s;
}

static const char *pretty(struct http_req *r, json_t *v)
{
    char *s = json_dumps(v, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    const char *out = arena_strdup(r->arena, s ? s : "[]");
    free(s);
    return out;
}

static json_t *select_of(const char *const *values, const char *(*label)(const char *), int n,
                         const char *selected)
{
    return options(values, label, n, selected ? selected : "");
}

static const char *unit_label(const char *u)
{
    static const struct {
        const char *value, *label;
    } units[] = {{"same_day", "Trong ngày"},
                 {"working_days", "Ngày làm việc"},
                 {"calendar_days", "Ngày (tính cả ngày nghỉ)"},
                 {"hours", "Giờ làm việc"}};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(units[i].value, u) == 0)
            return units[i].label;
    return u;
}

/* The edit form's values: from the stored document, or what was posted when it failed. */
static json_t *form_from_doc(struct http_req *r, json_t *doc)
{
    static const char *const units[] = {"same_day", "working_days", "calendar_days", "hours"};
    json_t *limit = json_object_get(doc, "time_limit"), *value = json_object_get(limit, "value");
    return jpack(
        "{s:O?, s:O?, s:o, s:o, s:b, s:b, s:s, s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "name",
        json_object_get(doc, "name"), "field", json_object_get(doc, "field"), "levels",
        select_of(level_values, svc_proc_level_label, 3,
                  json_string_value(json_object_get(doc, "level"))),
        "onlines",
        select_of(online_values, svc_proc_online_label, 3,
                  json_string_value(json_object_get(doc, "online"))),
        "postal", json_is_true(json_object_get(doc, "postal")), "verified",
        json_is_true(json_object_get(doc, "verified")), "limit_value",
        json_is_integer(value)
            ? arena_printf(r->arena, "%lld", (long long)json_integer_value(value))
            : "",
        "limit_units",
        select_of(units, unit_label, 4, json_string_value(json_object_get(limit, "unit"))),
        "legal_basis", lines_of(r, json_object_get(doc, "legal_basis")), "subjects",
        lines_of(r, json_object_get(doc, "subjects")), "result_type",
        json_string_value(json_object_get(json_object_get(doc, "result"), "type"))
            ? json_string_value(json_object_get(json_object_get(doc, "result"), "type"))
            : "",
        "components", pretty(r, json_object_get(doc, "components")), "steps",
        pretty(r, json_object_get(doc, "steps")), "fees", pretty(r, json_object_get(doc, "fees")),
        "agencies", pretty(r, json_object_get(doc, "agencies")));
}

/* The form field an error belongs to: "steps[2].budget_hours" is shown beside "steps". */
static const char *form_field(struct http_req *r, const char *field)
{
    if (strncmp(field, "time_limit", 10) == 0)
        return strcmp(field, "time_limit.unit") == 0 ? "limit_unit" : "limit_value";
    if (strncmp(field, "result", 6) == 0)
        return "result_type";
    size_t n = strcspn(field, "[.");
    return arena_strndup(r->arena, field, n);
}

static int edit_page(struct http_req *r, struct http_resp *w, int status, const char *code,
                     int version, json_t *form, const struct err *fe)
{
    json_t *ctx = jpack("{s:s, s:i, s:o, s:s, s:b}", "code", code, "expected_version", version,
                        "form", form, "action", arena_printf(r->arena, "/desk/thu-tuc/%s", code),
                        "saved", http_query(r, "saved") != NULL);
    if (fe) {
        const char *f = form_field(r, fe->field);
        json_object_set_new(ctx, "errors", jpack("[{s:s, s:s}]", "field", f, "message", fe->msg));
        json_object_set_new(form, arena_printf(r->arena, "%s_error", f), json_string(fe->msg));
    }
    return page_render(r, w, status, "procedure_edit", "Sửa thủ tục hành chính", ctx);
}

int page_desk_procedure(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    if (!app_role_or_reply(r, w, ROLE_ADMIN))
        return 0;
    struct svc_procedure p;
    struct err e = {0};
    if (svc_proc_get(app->svc, r->arena, http_param(r, "code"), -1, &p, &e) != 0)
        return app_err(r, w, &e);
    /* The form edits the canonical document: its lists are JSON textareas. */
    json_t *form = form_from_doc(r, page_own(r, proc_to_json(p.doc)));
    return edit_page(r, w, 200, p.code, p.version, form, NULL);
}

static json_t *lines_json(const char *s)
{
    json_t *out = json_array();
    while (s && *s) {
        size_t n = strcspn(s, "\r\n");
        size_t b = 0, t = n;
        while (b < t && (s[b] == ' ' || s[b] == '\t'))
            b++;
        while (t > b && (s[t - 1] == ' ' || s[t - 1] == '\t'))
            t--;
        if (t > b)
            json_array_append_new(out, json_stringn(s + b, t - b));
        s += n;
        s += strspn(s, "\r\n");
    }
    return out;
}

/* A JSON list typed into a textarea; an unreadable one is reported on its field. */
static int json_field(struct http_req *r, const char *name, json_t *doc, struct err *e)
{
    const char *s = http_form(r, name);
    if (!s || !*s)
        return 0;
    json_error_t jerr;
    json_t *v = json_loads(s, JSON_REJECT_DUPLICATES, &jerr);
    if (!v)
        return err_set(e, E_INVALID, name, "%s: JSON không hợp lệ (dòng %d): %s", name, jerr.line,
                       jerr.text);
    json_object_set_new(doc, name, v);
    return 0;
}

static json_t *doc_from_form(struct http_req *r, struct err *e)
{
    const char *value = http_form(r, "limit_value");
    json_t *limit =
        page_own(r, value && *value ? json_integer(strtoll(value, NULL, 10)) : json_null());
    if (value && *value && strspn(value, "0123456789") != strlen(value)) {
        err_set(e, E_INVALID, "time_limit.value", "Thời hạn phải là số nguyên");
        return NULL;
    }
    const char *rt = http_form(r, "result_type");
    json_t *doc = page_own(
        r, jpack("{s:s?, s:s?, s:s?, s:s?, s:b, s:b, s:{s:O, s:s?}, s:o, s:o,"
                 " s:{s:s?, s:b}}",
                 "name", http_form(r, "name"), "field", http_form(r, "field"), "level",
                 http_form(r, "level"), "online", http_form(r, "online"), "postal",
                 http_form(r, "postal") != NULL, "verified", http_form(r, "verified") != NULL,
                 "time_limit", "value", limit, "unit", http_form(r, "limit_unit"), "legal_basis",
                 lines_json(http_form(r, "legal_basis")), "subjects",
                 lines_json(http_form(r, "subjects")), "result", "type", rt && *rt ? rt : NULL,
                 "paper_required", 1));
    static const char *const lists[] = {"components", "steps", "fees", "agencies"};
    for (size_t i = 0; doc && i < sizeof lists / sizeof lists[0]; i++)
        if (json_field(r, lists[i], doc, e) != 0)
            return NULL;
    return doc;
}

int page_desk_procedure_save(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_ADMIN);
    if (!a)
        return 0;
    const char *code = http_param(r, "code");
    const char *ev = http_form(r, "expected_version");
    int expected = ev ? atoi(ev) : 0, version = 0;
    struct err e = {0};
    json_t *doc = doc_from_form(r, &e);
    int rc = doc ? svc_proc_update(app->svc, a, code, expected, doc, &version, &e) : e.code;
    if (rc) {
        json_t *form = doc ? form_from_doc(r, doc) : json_object();
        static const char *const raw[] = {"components",  "steps",    "fees",       "agencies",
                                          "legal_basis", "subjects", "limit_value"};
        for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++)
            if (http_form(r, raw[i]))
                json_object_set_new(form, raw[i], json_string(http_form(r, raw[i])));
        return edit_page(r, w, http_status_for(rc), code, expected, form, &e);
    }
    http_resp_redirect(w, arena_printf(r->arena, "/desk/thu-tuc/%s?saved=%d", code, version));
    return 0;
}
