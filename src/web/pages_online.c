/* pages_online.c — the citizen's side of online public services, mobile first and one
 * question per page: register with a phone number or e-mail address and confirm it with the
 * code received; from a procedure's page, start an online dossier, fill it in (saving the
 * draft to come back later), upload its components (or take them from the files of earlier
 * dossiers), review it and submit it; then follow it under "Hồ sơ của tôi" (status, timeline,
 * files, the receipt once accepted), answer a supplement request with the missing files, and
 * ask to withdraw it. Each page calls the service; the service decides who may do what. */
#include "pages_online.h"
#include "jpack.h"
#include "pages_ratings.h"

#include "dossier_view.h"
#include "format.h"
#include "page.h"
#include "svc_catalogue.h"
#include "svc_dossier.h"
#include "svc_files.h"
#include "svc_eform.h"
#include "svc_notify.h"
#include "svc_online.h"
#include "svc_population.h"

#include <stdlib.h>
#include <string.h>

/* The form field an error is about: "data.applicant.id_number" → "id_number". */
static const char *form_field(const struct err *e)
{
    const char *dot = strrchr(e->field, '.');
    return dot ? dot + 1 : e->field[0] ? e->field : "form";
}

/* Adds the error to ctx as the summary and as "<field>_error" beside the field. */
static void add_error(struct http_req *r, json_t *ctx, const struct err *e)
{
    page_add_error(r, ctx, form_field(e), e->msg);
}

static const char *form_or_empty(struct http_req *r, const char *name)
{
    const char *v = http_form(r, name);
    return v ? v : "";
}

static const char *url_escape(struct http_req *r, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = arena_alloc(r->arena, strlen(s) * 3 + 1), *p = out;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
            strchr("-._~@", *c)) {
            *p++ = (char)*c;
        } else {
            *p++ = '%';
            *p++ = hex[*c >> 4];
            *p++ = hex[*c & 15];
        }
    }
    *p = '\0';
    return out;
}

/* --- registration --- */

static int signup_page(struct http_req *r, struct http_resp *w, int status, const struct err *e)
{
    json_t *ctx = jpack("{s:s, s:s}", "login", form_or_empty(r, "login"), "full_name",
                        form_or_empty(r, "full_name"));
    if (e)
        add_error(r, ctx, e);
    return page_render(r, w, status, "signup", "Đăng ký tài khoản", ctx);
}

int page_signup_form(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    return signup_page(r, w, 200, NULL);
}

int page_signup_submit(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    struct svc_signup in = {http_form(r, "login"), http_form(r, "full_name"),
                            http_form(r, "password"), r->client_ip};
    struct svc_signup_sent sent;
    struct err e = {0};
    if (svc_citizen_signup(app->svc, r->arena, &in, &sent, &e))
        return signup_page(r, w, http_status_for(e.code), &e);
    http_resp_redirect(w, arena_printf(r->arena, "/xac-minh?login=%s&channel=%s",
                                       url_escape(r, sent.username), sent.channel));
    return 0;
}

static int verify_page(struct http_req *r, struct http_resp *w, int status, const char *login,
                       const struct err *e)
{
    const char *channel = http_query(r, "channel");
    json_t *ctx = jpack("{s:s, s:b}", "login", login ? login : "", "sms",
                        channel && strcmp(channel, "sms") == 0);
    if (e)
        add_error(r, ctx, e);
    return page_render(r, w, status, "verify", "Xác minh tài khoản", ctx);
}

int page_verify_form(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    return verify_page(r, w, 200, http_query(r, "login"), NULL);
}

int page_verify_submit(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    struct err e = {0};
    if (svc_citizen_verify(app->svc, http_form(r, "login"), http_form(r, "code"), r->client_ip, &e))
        return verify_page(r, w, http_status_for(e.code), http_form(r, "login"), &e);
    http_resp_redirect(w, "/login?next=/ho-so-cua-toi");
    return 0;
}

/* --- starting a dossier --- */

static json_t *units_json(const struct svc_draft_unit *units, int n, const char *chosen)
{
    json_t *out = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(out,
                              jpack("{s:s, s:s, s:b}", "key", units[i].key, "name", units[i].name,
                                    "selected", chosen && strcmp(chosen, units[i].key) == 0));
    return out;
}

static int start_page(struct http_req *r, struct http_resp *w, int status, const struct err *e)
{
    struct app *app = page_app(r);
    struct svc_procedure p;
    struct err ge = {0};
    const char *code = http_param(r, "code");
    if (svc_proc_get(app->svc, r->arena, code, 0, &p, &ge))
        return app_err(r, w, &ge);
    const char *online = p.doc->online;
    struct svc_draft_unit *units = arena_alloc(r->arena, sizeof *units * (size_t)(p.nunits + 1));
    int nunits = 0;
    for (int i = 0; i < p.nunits; i++)
        if (strcmp(p.units[i].role, "receive") == 0)
            units[nunits++] = (struct svc_draft_unit){p.units[i].key, p.units[i].name};
    json_t *comps = json_array();
    for (int i = 0; i < p.doc->ncomponents; i++)
        json_array_append_new(comps, json_string(p.doc->components[i].name));
    json_t *ctx =
        jpack("{s:s, s:s, s:s?, s:b, s:o, s:o, s:b}", "code", p.code, "name", p.doc->name, "online",
              svc_proc_online_label(online), "allowed", strcmp(online, "none") != 0, "components",
              comps, "units", units_json(units, nunits, form_or_empty(r, "unit_key")),
              "choose_unit", nunits > 1);
    if (e)
        add_error(r, ctx, e);
    return page_render(r, w, status, "online_start", "Nộp hồ sơ trực tuyến", ctx);
}

int page_online_start(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    if (!app_role_or_reply(r, w, ROLE_CITIZEN))
        return 0;
    return start_page(r, w, 200, NULL);
}

int page_online_create(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_CITIZEN);
    if (!a)
        return 0;
    struct svc_draft d;
    struct err e = {0};
    if (svc_draft_start(app->svc, a, r->arena, http_param(r, "code"), http_form(r, "unit_key"),
                        NULL, &d, &e))
        return e.code == E_INVALID ? start_page(r, w, 422, &e) : app_err(r, w, &e);
    http_resp_redirect(w, arena_printf(r->arena, "/ho-so-nhap/%lld", (long long)d.id));
    return 0;
}

/* --- filling in --- */

/* The caller's draft, or NULL after answering (login, 404, error page). */
static struct svc_draft *draft_or_reply(struct http_req *r, struct http_resp *w)
{
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return NULL;
    struct svc_draft *d = arena_alloc(r->arena, sizeof *d);
    struct err e = {0};
    int64_t id = http_param_id(r, "id");
    if (!id)
        err_set(&e, E_NOTFOUND, "id", "Không tìm thấy hồ sơ nháp");
    if (!id || svc_draft_get(page_app(r)->svc, a, r->arena, id, d, &e)) {
        app_err(r, w, &e);
        return NULL;
    }
    return d;
}

static const char *str_at(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

/* A date as people read and type it: the draft's "2003-05-17" as "17/05/2003"; what was
 * typed and not understood is shown as it was typed, to be corrected. */
static const char *date_shown(struct http_req *r, const char *value)
{
    struct buf *b = buf_in_arena(r->arena, 32);
    return fmt_date_ymd(b, value) == 0 ? buf_str(b) : value;
}

/* The page's view of a draft: its fields as the form shows them. */
static json_t *draft_context(struct http_req *r, const struct svc_draft *d, json_t *data)
{
    json_t *app = json_object_get(data, "applicant");
    json_t *declared = json_object_get(data, "components");
    json_t *comps = json_array();
    for (int i = 0; i < d->ncomponents; i++) {
        int have = json_integer_value(json_array_get(declared, (size_t)i)) > 0;
        const char *form = d->forms ? d->forms[i] : NULL;
        json_array_append_new(
            comps, jpack("{s:i, s:s, s:i, s:b, s:s?}", "index", i, "name", d->components[i].name,
                         "count", d->components[i].required_count, "have", have, "eform_href",
                         form && svc_eform_exists(form)
                             ? arena_printf(r->arena, "/ho-so-nhap/%lld/to-khai/%s",
                                            (long long)d->id, form)
                             : NULL));
    }
    const char *method = str_at(data, "return_method");
    json_t *methods = json_array();
    static const char *const values[] = {"online", "counter", "post"};
    for (int i = 0; i < 3; i++)
        json_array_append_new(methods,
                              jpack("{s:s, s:s, s:b}", "value", values[i], "label",
                                    dview_channel_label(values[i]), "selected",
                                    strcmp(method[0] ? method : "online", values[i]) == 0));
    const char *phone = str_at(app, "phone"), *email = str_at(app, "email");
    const char *birth = date_shown(r, str_at(app, "birth_date"));
    return jpack("{s:I, s:s, s:s?, s:s?, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:b, "
                 "s:b, s:s?}",
                 "id", (json_int_t)d->id, "procedure_code", d->procedure_code, "procedure_name",
                 d->procedure_name, "applicant_name", d->applicant_name, "id_number",
                 str_at(app, "id_number"), "birth_date", birth, "phone",
                 phone[0]           ? phone
                 : d->account_phone ? d->account_phone
                                    : "",
                 "email",
                 email[0]           ? email
                 : d->account_email ? d->account_email
                                    : "",
                 "address", str_at(app, "address"), "note", str_at(data, "note"), "components",
                 comps, "methods", methods, "units", units_json(d->units, d->nunits, d->unit_key),
                 "choose_unit", d->nunits > 1, "saved", http_query(r, "saved") != NULL,
                 "dossier_code", d->dossier_code);
}

/* The files of each component of the draft, and the personal store to choose from. */
static int add_draft_files(struct http_req *r, const struct svc_draft *d, json_t *ctx,
                           struct err *e)
{
    const struct actor *a = &app_req(r)->actor;
    struct svc_file *files = NULL;
    struct svc_store_file *store = NULL;
    int n = 0, nstore = 0;
    int rc = svc_draft_files(page_app(r)->svc, a, r->arena, d->id, &files, &n, e);
    if (!rc && !d->dossier_code)
        rc = svc_my_files(page_app(r)->svc, a, r->arena, &store, &nstore, e);
    if (rc)
        return rc;
    json_t *comps = json_object_get(ctx, "components"), *choices = json_array();
    for (size_t i = 0; i < json_array_size(comps); i++) {
        json_t *list = json_array();
        for (int k = 0; k < n; k++)
            if (files[k].component == (int)i)
                json_array_append_new(list,
                                      jpack("{s:s, s:s, s:s?}", "name", files[k].name, "sha256",
                                            files[k].sha256, "reused_from", files[k].reused_from));
        json_object_set_new(json_array_get(comps, i), "has_files",
                            json_boolean(json_array_size(list) > 0));
        json_object_set_new(json_array_get(comps, i), "files", list);
    }
    for (int k = 0; k < nstore; k++)
        json_array_append_new(choices, jpack("{s:s, s:s, s:s}", "sha256", store[k].f.sha256, "name",
                                             store[k].f.name, "from", store[k].dossier_code));
    json_object_set_new(ctx, "has_store", json_boolean(nstore > 0));
    json_object_set_new(ctx, "store", choices);
    return 0;
}

/* What the population database said when asked from this page: NULL, or the ctx key
 * ("population" or "population_problem") and its text. */
struct fill_note {
    const char *key, *text;
};

static int fill_page_noted(struct http_req *r, struct http_resp *w, int status,
                           const struct svc_draft *d, json_t *data, const struct err *problems,
                           int nproblems, const struct fill_note *note);

static int fill_page(struct http_req *r, struct http_resp *w, int status, const struct svc_draft *d,
                     json_t *data, const struct err *problems, int nproblems)
{
    return fill_page_noted(r, w, status, d, data, problems, nproblems, NULL);
}

static int fill_page_noted(struct http_req *r, struct http_resp *w, int status,
                           const struct svc_draft *d, json_t *data, const struct err *problems,
                           int nproblems, const struct fill_note *note)
{
    json_t *ctx = page_own(r, draft_context(r, d, data));
    json_object_set_new(ctx, "population_enabled",
                        json_boolean(svc_population_configured(page_app(r)->svc)));
    if (note)
        json_object_set_new(ctx, note->key, json_string(note->text));
    struct err fe = {0};
    if (add_draft_files(r, d, ctx, &fe))
        return app_err(r, w, &fe);
    for (int i = 0; i < nproblems; i++)
        add_error(r, ctx, &problems[i]);
    /* A file problem also shows beside the picker of its component. */
    json_t *comps = json_object_get(ctx, "components");
    for (size_t i = 0; i < json_array_size(comps); i++) {
        json_t *msg = json_object_get(ctx, arena_printf(r->arena, "file_%zu_error", i));
        if (msg)
            json_object_set(json_array_get(comps, i), "file_error", msg);
    }
    return page_render(r, w, status, "online_fill", "Điền thông tin hồ sơ", json_incref(ctx));
}

int page_draft_fill(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    struct svc_draft *d = draft_or_reply(r, w);
    if (!d)
        return 0;
    if (d->dossier_code) {
        http_resp_redirect(w, arena_printf(r->arena, "/ho-so-cua-toi/%s", d->dossier_code));
        return 0;
    }
    return fill_page(r, w, 200, d, page_own(r, json_loads(d->data, 0, NULL)), NULL, 0);
}

static void set_if_given(json_t *obj, const char *key, const char *v)
{
    if (v && *v)
        json_object_set_new(obj, key, json_string(v));
}

#define MAX_PROBLEMS 16

/* The draft's data from the submitted form (new reference), as typed: the birth date in the
 * form's day/month/year becomes the draft's YYYY-MM-DD when it is a real date; otherwise it
 * stays as typed and *date_problem says why. */
static json_t *data_from_form(struct http_req *r, const struct svc_draft *d,
                              struct err *date_problem)
{
    json_t *data = json_object(), *app = json_object(), *comps = json_array();
    static const char *const fields[] = {"id_number", "phone", "email", "address"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        set_if_given(app, fields[i], http_form(r, fields[i]));
    const char *birth = http_form(r, "birth_date");
    char ymd[11];
    if (birth && *birth)
        set_if_given(
            app, "birth_date",
            fmt_parse_date(birth, "birth_date", "Ngày sinh", ymd, date_problem) == 0 ? ymd : birth);
    for (int i = 0; i < d->ncomponents; i++) {
        const char *have = http_form(r, arena_printf(r->arena, "comp_%d", i));
        json_array_append_new(comps, json_integer(have ? d->components[i].required_count : 0));
    }
    json_object_set_new(data, "applicant", app);
    json_object_set_new(data, "components", comps);
    /* The e-forms' answers are not on this form: they stay as the draft has them. */
    json_t *kept = page_own(r, json_loads(d->data, 0, NULL));
    if (json_is_object(json_object_get(kept, "eforms")))
        json_object_set(data, "eforms", json_object_get(kept, "eforms"));
    set_if_given(data, "return_method", http_form(r, "return_method"));
    set_if_given(data, "note", http_form(r, "note"));
    return data;
}

/* Drops from data the field a problem is about ("data.applicant.phone"), so that the rest
 * can be saved; 1 when the problem is about the unit instead. */
static int drop_field(json_t *data, const struct err *p)
{
    const char *f = p->field;
    if (strcmp(f, "unit_key") == 0)
        return 1;
    if (strncmp(f, "data.", 5) == 0)
        f += 5;
    if (strncmp(f, "applicant.", 10) == 0)
        json_object_del(json_object_get(data, "applicant"), f + 10);
    else if (*f)
        json_object_del(data, f);
    return 0;
}

static int apply_draft_files(struct http_req *r, const struct svc_draft *d, int *type_refused,
                             struct err *e);

/* "Lấy thông tin từ CSDL dân cư": the page again, with the birth date and permanent address
 * the population database holds for the CCCD typed (the citizen's own: svc_population.h);
 * they are kept when the citizen saves or continues. When the database cannot answer, the
 * page says so and the citizen types them in. */
static int population_page(struct http_req *r, struct http_resp *w, const struct svc_draft *d,
                           json_t *typed)
{
    json_t *app = json_object_get(typed, "applicant");
    const char *id = json_string_value(json_object_get(app, "id_number"));
    const char *purpose =
        arena_printf(r->arena, "Công dân điền hồ sơ trực tuyến thủ tục %s", d->procedure_code);
    struct svc_person p;
    struct err e = {0};
    int rc = svc_population_lookup(page_app(r)->svc, &app_req(r)->actor, r->arena, id ? id : "",
                                   purpose, &p, &e);
    if (rc == E_INVALID)
        return fill_page(r, w, 422, d, typed, &e, 1);
    if (rc == E_FORBIDDEN)
        return app_err(r, w, &e);
    struct fill_note note = {"population_problem", e.msg};
    if (rc == 0) {
        if (*p.birth_date)
            json_object_set_new(app, "birth_date", json_string(p.birth_date));
        if (*p.address)
            json_object_set_new(app, "address", json_string(p.address));
        note = (struct fill_note){"population",
                                  "Đã điền ngày sinh và nơi thường trú theo CSDL quốc gia về "
                                  "dân cư. Hãy kiểm tra lại; thông tin được lưu khi bấm “Lưu "
                                  "nháp” hoặc “Tiếp tục”."};
    }
    return fill_page_noted(r, w, 200, d, typed, NULL, 0, &note);
}

/* Saves what the form holds: the files chosen first (a browser cannot give them back), then
 * every field that is right, so nothing typed is lost; the page then shows every problem at
 * once with the fields as typed. "Tiếp tục" (go=review) also checks that the draft can be
 * submitted, before leaving this step. */
int page_draft_save(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    struct svc_draft *d = draft_or_reply(r, w);
    if (!d)
        return 0;
    const char *go = http_form(r, "go");
    int review = go && strcmp(go, "review") == 0, upload = go && strcmp(go, "upload") == 0;
    int population = go && strcmp(go, "population") == 0;
    struct err problems[MAX_PROBLEMS], e = {0};
    int n = 0, status = 422, type_refused = 0;
    if (apply_draft_files(r, d, &type_refused, &e) != 0) {
        if (e.code != E_INVALID)
            return app_err(r, w, &e);
        status = type_refused ? 415 : 422;
        problems[n++] = e;
    }
    struct err date = {0};
    json_t *typed = page_own(r, data_from_form(r, d, &date));
    if (date.code)
        problems[n++] = date;
    json_t *clean = page_own(r, json_deep_copy(typed));
    if (date.code)
        drop_field(clean, &date);
    const char *unit = http_form(r, "unit_key");
    unit = unit && *unit ? unit : d->unit_key;
    int found = 0;
    int rc = svc_draft_check(app->svc, &app_req(r)->actor, r->arena, d->id, unit, clean, review,
                             problems + n, MAX_PROBLEMS - n, &found, &e);
    int unit_bad = 0;
    for (int i = n; !rc && i < n + found; i++)
        unit_bad |= drop_field(clean, &problems[i]);
    n += found;
    struct svc_draft saved;
    if (!rc)
        rc = svc_draft_save(app->svc, &app_req(r)->actor, r->arena, d->id,
                            unit_bad ? d->unit_key : unit, clean, &saved, &e);
    if (!rc && n > 0)
        rc = fill_page(r, w, status, d, typed, problems, n);
    else if (rc == E_INVALID)
        rc = fill_page(r, w, 422, d, typed, &e, 1);
    else if (rc)
        rc = app_err(r, w, &e);
    else if (population)
        rc = population_page(r, w, d, typed);
    else
        http_resp_redirect(
            w, review   ? arena_printf(r->arena, "/ho-so-nhap/%lld/xem-lai", (long long)d->id)
               : upload ? arena_printf(r->arena, "/ho-so-nhap/%lld?saved=1#tep-dinh-kem",
                                       (long long)d->id)
                        : arena_printf(r->arena, "/ho-so-nhap/%lld?saved=1", (long long)d->id));
    return rc;
}

/* The file chosen in input name, or NULL when none was (a browser sends an empty part for
 * a file input left empty). */
static const struct http_upload *chosen_file(struct http_req *r, const char *name)
{
    const struct http_upload *f = http_upload_get(r, name);
    return f && f->filename && *f->filename && f->size > 0 ? f : NULL;
}

/* Removals ticked, then per component the file chosen or the stored file picked. */
static int apply_draft_files(struct http_req *r, const struct svc_draft *d, int *type_refused,
                             struct err *e)
{
    *type_refused = 0;
    struct app *app = page_app(r);
    const struct actor *a = &app_req(r)->actor;
    struct svc_file *files = NULL, out;
    int n = 0;
    int rc = svc_draft_files(app->svc, a, r->arena, d->id, &files, &n, e);
    for (int k = 0; !rc && k < n; k++)
        if (http_form(r, arena_printf(r->arena, "remove_%s", files[k].sha256)))
            rc = svc_draft_file_remove(app->svc, a, r->arena, d->id, files[k].sha256, e);
    for (int i = 0; rc >= 0 && i < d->ncomponents; i++) {
        const struct http_upload *f = chosen_file(r, arena_printf(r->arena, "file_%d", i));
        const char *reuse = http_form(r, arena_printf(r->arena, "reuse_%d", i));
        struct svc_draft_upload u = {d->id, i, f ? f->path : NULL, f ? f->filename : NULL};
        if (f && (rc = svc_draft_file_upload(app->svc, a, r->arena, &u, &out, e)) == E_INVALID &&
            strcmp(e->field, SVC_FILE_FIELD) == 0) {
            /* The summary links to the picker of that component; the status (415 for a type
               refused) is decided before the message is reworded. */
            *type_refused = svc_file_type_refused(e);
            err_set(e, E_INVALID, arena_printf(r->arena, "file_%d", i), "«%s»: %s",
                    d->components[i].name, arena_strdup(r->arena, e->msg));
        }
        if (rc >= 0 && reuse && *reuse)
            rc = svc_draft_file_reuse(app->svc, a, r->arena, d->id, i, reuse, &out, e);
    }
    return rc < 0 ? rc : 0;
}

int page_draft_files(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    struct svc_draft *d = draft_or_reply(r, w);
    if (!d)
        return 0;
    struct err e = {0};
    int type_refused = 0;
    if (apply_draft_files(r, d, &type_refused, &e) == 0) {
        http_resp_redirect(
            w, arena_printf(r->arena, "/ho-so-nhap/%lld?saved=1#tep-dinh-kem", (long long)d->id));
        return 0;
    }
    if (e.code != E_INVALID)
        return app_err(r, w, &e);
    return fill_page(r, w, type_refused ? 415 : 422, d, page_own(r, json_loads(d->data, 0, NULL)),
                     &e, 1);
}

/* --- review and submit --- */

static int review_page(struct http_req *r, struct http_resp *w, int status,
                       const struct svc_draft *d, const struct err *e)
{
    json_t *ctx = page_own(r, draft_context(r, d, page_own(r, json_loads(d->data, 0, NULL))));
    const char *unit_name = NULL;
    for (int i = 0; i < d->nunits; i++)
        if (d->nunits == 1 || (d->unit_key && strcmp(d->unit_key, d->units[i].key) == 0))
            unit_name = d->units[i].name;
    json_object_set_new(ctx, "unit_name", unit_name ? json_string(unit_name) : json_null());
    struct err fe = {0};
    if (add_draft_files(r, d, ctx, &fe))
        return app_err(r, w, &fe);
    if (e)
        add_error(r, ctx, e);
    return page_render(r, w, status, "online_review", "Kiểm tra và nộp hồ sơ", json_incref(ctx));
}

int page_draft_review(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    struct svc_draft *d = draft_or_reply(r, w);
    return d ? review_page(r, w, 200, d, NULL) : 0;
}

int page_draft_submit(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    struct svc_draft *d = draft_or_reply(r, w);
    if (!d)
        return 0;
    const char *code = NULL;
    struct err e = {0};
    int rc = svc_draft_submit(app->svc, &app_req(r)->actor, r->arena, d->id, &code, &e);
    if (rc == E_INVALID)
        return review_page(r, w, 422, d, &e);
    if (rc < 0)
        return app_err(r, w, &e);
    http_resp_redirect(w, arena_printf(r->arena, "/ho-so-cua-toi/%s", code));
    return 0;
}

/* --- my dossiers --- */

static json_t *my_row_json(struct http_req *r, const struct svc_my_dossier *d)
{
    return jpack("{s:s, s:s, s:o, s:s?, s:s?, s:b}", "code", d->code, "procedure",
                 d->procedure_name, "status", dview_status_badge(d->state), "received",
                 dview_when(r, d->received_at), "due", dview_when(r, d->due_at), "online",
                 strcmp(d->channel, "online") == 0);
}

int page_my_dossiers(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    struct svc_my_dossier *mine = NULL;
    struct svc_draft *drafts = NULL;
    int n = 0, nd = 0;
    struct err e = {0};
    if (svc_my_dossiers(app->svc, a, r->arena, &mine, &n, &e) ||
        svc_draft_list(app->svc, a, r->arena, &drafts, &nd, &e))
        return app_err(r, w, &e);
    json_t *rows = json_array(), *open = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(rows, my_row_json(r, &mine[i]));
    for (int i = 0; i < nd; i++)
        if (!drafts[i].dossier_code)
            json_array_append_new(open, jpack("{s:I, s:s, s:s?}", "id", (json_int_t)drafts[i].id,
                                              "procedure", drafts[i].procedure_name, "updated",
                                              dview_when(r, drafts[i].updated_at)));
    return page_render(r, w, 200, "my_dossiers", "Hồ sơ của tôi",
                       jpack("{s:o, s:o, s:b, s:b}", "dossiers", rows, "drafts", open,
                             "has_dossiers", n > 0, "has_drafts", json_array_size(open) > 0));
}

/* The actor's own dossier from the list (so that staff who may read it do not reach the
 * citizen's page for it), or NULL after answering 404. */
static const struct svc_my_dossier *mine_or_reply(struct http_req *r, struct http_resp *w,
                                                  const struct actor *a)
{
    struct svc_my_dossier *mine = NULL;
    int n = 0;
    struct err e = {0};
    const char *code = http_param(r, "code");
    if (svc_my_dossiers(page_app(r)->svc, a, r->arena, &mine, &n, &e)) {
        app_err(r, w, &e);
        return NULL;
    }
    for (int i = 0; i < n; i++)
        if (strcmp(mine[i].code, code) == 0)
            return &mine[i];
    app_error(r, w, 404, "not_found", "Không tìm thấy hồ sơ có mã này", "code");
    return NULL;
}

static json_t *timeline_json(struct http_req *r, const struct svc_dossier *d)
{
    json_t *out = json_array();
    for (int i = 0; i < d->nevents; i++) {
        const struct svc_dossier_event *ev = &d->events[i];
        json_array_append_new(out, jpack("{s:s?, s:s, s:s?, s:s?}", "at", dview_when(r, ev->at),
                                         "what", dview_event_label(ev->action), "unit", ev->to_unit,
                                         "note", ev->note && *ev->note ? ev->note : NULL));
    }
    return out;
}

static const char *file_href(struct http_req *r, const char *code, const struct svc_file *f)
{
    return arena_printf(r->arena, "/api/v1/dossiers/%s/files/%s", code, f->sha256);
}

static const char *component_name(const struct svc_dossier *d, int idx)
{
    for (int i = 0; i < d->ncomponents; i++)
        if (d->components[i].idx == idx)
            return d->components[i].name;
    return NULL;
}

/* The component files of the dossier, to download (results have their own list). */
static int add_my_files(struct http_req *r, const struct actor *a, const struct svc_dossier *d,
                        json_t *ctx, struct err *e)
{
    struct svc_file *files = NULL;
    int n = 0;
    int rc = svc_dossier_files(page_app(r)->svc, a, r->arena, d->code, &files, &n, e);
    if (rc)
        return rc;
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        if (files[i].component >= 0)
            json_array_append_new(list, jpack("{s:s, s:s?, s:s, s:s?, s:b}", "name", files[i].name,
                                              "component", component_name(d, files[i].component),
                                              "href", file_href(r, d->code, &files[i]),
                                              "reused_from", files[i].reused_from, "answer",
                                              files[i].answers_supplement));
    json_object_set_new(ctx, "has_files", json_boolean(json_array_size(list) > 0));
    json_object_set_new(ctx, "files", list);
    return 0;
}

/* The supplement request the dossier waits for, with the answer form's components. */
static int add_supplement(struct http_req *r, const struct actor *a, const struct svc_dossier *d,
                          json_t *ctx, struct err *e)
{
    struct svc_supplement_view v;
    int rc = svc_supplement_get(page_app(r)->svc, a, r->arena, d->code, &v, e);
    if (rc || !v.waiting)
        return rc;
    json_t *items = json_loads(v.items, 0, NULL), *comps = json_array(), *files = json_array();
    for (int i = 0; i < d->ncomponents; i++)
        json_array_append_new(comps, jpack("{s:i, s:s}", "index", d->components[i].idx, "name",
                                           d->components[i].name));
    for (int i = 0; i < v.nfiles; i++)
        json_array_append_new(files, jpack("{s:s, s:s?, s:s}", "name", v.files[i].name, "component",
                                           component_name(d, v.files[i].component), "href",
                                           file_href(r, d->code, &v.files[i])));
    json_object_set_new(ctx, "supplement",
                        jpack("{s:s?, s:o, s:o, s:o, s:b}", "reason", v.reason, "items",
                              items ? items : json_array(), "components", comps, "files", files,
                              "has_answer_files", v.nfiles > 0));
    return 0;
}

/* "0912 345 678", or NULL when there is no number. */
static const char *phone_shown(struct http_req *r, const char *digits)
{
    if (!digits || !*digits)
        return NULL;
    struct buf *b = buf_in_arena(r->arena, 64);
    return fmt_phone(b, digits) == 0 ? buf_str(b) : digits;
}

/* How the citizen will be told: the channels the account chose, with the contact each uses,
 * e.g. "thư điện tử (an@example.vn) và tin nhắn SMS (0912 345 678)"; NULL when none applies. */
static const char *told_by(struct http_req *r, const struct actor *a, const struct svc_dossier *d)
{
    struct svc_notify_prefs p;
    struct err e = {0};
    if (svc_notify_prefs_get(page_app(r)->svc, a, &p, &e))
        return NULL;
    const char *ways[3];
    int n = 0;
    if (p.email && d->applicant.email && *d->applicant.email)
        ways[n++] = arena_printf(r->arena, "thư điện tử (%s)", d->applicant.email);
    const char *phone = phone_shown(r, d->applicant.phone);
    if (p.sms && phone)
        ways[n++] = arena_printf(r->arena, "tin nhắn SMS (%s)", phone);
    if (p.zalo && phone)
        ways[n++] = arena_printf(r->arena, "Zalo (%s)", phone);
    if (n == 0)
        return NULL;
    const char *out = ways[0];
    for (int i = 1; i < n; i++)
        out = arena_printf(r->arena, "%s%s%s", out, i == n - 1 ? " và " : ", ", ways[i]);
    return out;
}

/* "Tiếp theo": what happens next to an open dossier — who answers by when (the office's
 * answer to an online submission, or the appointment once accepted), how the citizen will
 * be told and where to follow it. */
static json_t *next_json(struct http_req *r, const struct actor *a, const struct svc_my_dossier *m,
                         const struct svc_dossier *d)
{
    if (m->finished_at || strcmp(m->state, "withdrawn") == 0)
        return json_null();
    const char *answer_by = NULL;
    int64_t due = 0;
    struct err e = {0};
    if (!m->accepted_at && svc_online_answer_due(page_app(r)->svc, d->receiving_unit_key,
                                                 m->received_at, &due, &e) == 0)
        answer_by = page_datetime(r, due);
    return jpack("{s:s, s:s?, s:s?, s:s?, s:i, s:s?, s:s}", "code", m->code, "answer_by", answer_by,
                 "unit", d->receiving_unit_name, "appointment",
                 m->accepted_at ? dview_when(r, m->due_at) : NULL, "hours", SVC_ONLINE_ANSWER_HOURS,
                 "told_by", told_by(r, a, d), "lookup_href",
                 arena_printf(r->arena, "/tra-cuu/%s", m->code));
}

int page_my_dossier(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    const struct svc_my_dossier *m = mine_or_reply(r, w, a);
    if (!m)
        return 0;
    struct svc_dossier d;
    struct err e = {0};
    if (svc_dossier_get(app->svc, a, r->arena, m->code, &d, &e))
        return app_err(r, w, &e);
    json_t *ctx = page_own(r, my_row_json(r, m));
    json_object_set_new(ctx, "unit",
                        d.receiving_unit_name ? json_string(d.receiving_unit_name) : json_null());
    json_object_set_new(ctx, "events", timeline_json(r, &d));
    json_object_set_new(ctx, "version", json_integer(d.version));
    json_object_set_new(ctx, "can_withdraw", json_boolean(m->can_withdraw));
    json_object_set_new(ctx, "next", next_json(r, a, m, &d));
    json_object_set_new(ctx, "reason", d.reason ? json_string(d.reason) : json_null());
    json_object_set_new(
        ctx, "receipt_href",
        m->accepted_at ? json_string(arena_printf(r->arena, "/api/v1/dossiers/%s/forms/1", m->code))
                       : json_null());
    if (add_my_files(r, a, &d, ctx, &e) || add_supplement(r, a, &d, ctx, &e))
        return app_err(r, w, &e);
    if (page_ratings_my_dossier(r, a, m->code, ctx, &e))
        return app_err(r, w, &e);
    return page_render(r, w, 200, "my_dossier", arena_printf(r->arena, "Hồ sơ %s", m->code),
                       json_incref(ctx));
}

/* The second step of a withdrawal: what it means, the reason, and the button that does it
 * (the shared confirmation page, templates/confirm.html). */
int page_my_withdraw_confirm(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    const struct svc_my_dossier *m = mine_or_reply(r, w, a);
    if (!m)
        return 0;
    const char *back = arena_printf(r->arena, "/ho-so-cua-toi/%s", m->code);
    if (!m->can_withdraw)
        return app_error(r, w, 409, "conflict",
                         arena_printf(r->arena,
                                      "Hồ sơ %s đang ở trạng thái «%s», không rút được nữa",
                                      m->code, m->state_label),
                         "code");
    json_t *confirm = jpack(
        "{s:s, s:s, s:[s, s, s], s:s, s:[{s:s, s:i}], s:{s:s, s:s, s:s, s:b}, s:s, s:s, s:s}",
        "title", arena_printf(r->arena, "Rút hồ sơ %s?", m->code), "lead",
        arena_printf(r->arena, "Ông/bà sắp rút hồ sơ «%s» đã nộp.", m->procedure_name),
        "consequences", "Cơ quan sẽ dừng giải quyết hồ sơ này ngay.",
        "Việc rút hồ sơ không thể hoàn tác: muốn làm lại thủ tục, ông/bà phải nộp một hồ sơ mới "
        "từ đầu.",
        "Hồ sơ đã rút vẫn hiện trong «Hồ sơ của tôi» để ông/bà xem lại.", "action",
        arena_printf(r->arena, "/ho-so-cua-toi/%s/rut", m->code), "hidden", "name",
        "expected_version", "value", m->version, "reason", "id", "reason", "name", "reason",
        "label", "Lý do rút hồ sơ (không bắt buộc)", "required", 0, "button", "Xác nhận rút hồ sơ",
        "cancel_href", back, "cancel_label", "Không rút, quay lại hồ sơ");
    return page_render(r, w, 200, "confirm", arena_printf(r->arena, "Rút hồ sơ %s", m->code),
                       jpack("{s:o}", "confirm", confirm));
}

int page_my_withdraw(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    const char *version = http_form(r, "expected_version");
    struct svc_dossier_after after;
    struct err e = {0};
    if (svc_my_withdraw(app->svc, a, http_param(r, "code"), version ? atoi(version) : 0,
                        http_form(r, "reason"), &after, &e))
        return app_err(r, w, &e);
    http_resp_redirect(w, arena_printf(r->arena, "/ho-so-cua-toi/%s", http_param(r, "code")));
    return 0;
}

/* Uploads the files chosen for the supplement answer, then sends it when asked to. */
static int answer_supplement(struct http_req *r, const struct actor *a, const char *code,
                             struct err *e)
{
    struct app *app = page_app(r);
    struct svc_dossier d;
    struct svc_file out;
    int rc = svc_dossier_get(app->svc, a, r->arena, code, &d, e);
    for (int i = 0; rc >= 0 && i < d.ncomponents; i++) {
        const struct http_upload *f =
            chosen_file(r, arena_printf(r->arena, "file_%d", d.components[i].idx));
        struct svc_upload u = {code, "component", d.components[i].idx, f ? f->path : NULL,
                               f ? f->filename : NULL};
        if (f)
            rc = svc_dossier_upload(app->svc, a, r->arena, &u, &out, e);
    }
    const char *go = http_form(r, "go");
    struct svc_dossier_after after;
    if (rc >= 0 && go && strcmp(go, "send") == 0)
        rc = svc_supplement_answer(app->svc, a, r->arena, code, http_form(r, "note"), 0, &after, e);
    return rc < 0 ? rc : 0;
}

int page_my_supplement(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    const struct svc_my_dossier *m = mine_or_reply(r, w, a);
    if (!m)
        return 0;
    struct err e = {0};
    if (answer_supplement(r, a, m->code, &e))
        return app_err(r, w, &e);
    http_resp_redirect(w, arena_printf(r->arena, "/ho-so-cua-toi/%s#bo-sung", m->code));
    return 0;
}
