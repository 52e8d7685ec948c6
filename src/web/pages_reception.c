/* pages_reception.c — the reception screen of the one-stop counter (Decree 61 Art. 17). The
 * receptionist has a person in front of them: find the procedure, check the papers against its
 * checklist, type the applicant, and accept — or ask once for everything missing, or refuse
 * with a reason. The checklist starts unticked (every count 0), so that no dossier is accepted
 * with papers nobody looked at: the officer ticks "Đủ thành phần" for the usual case (every
 * paper as required) or writes the counts handed in. Enter in any field accepts as recorded.
 * The page works without JavaScript; mistakes re-render the screen with everything typed
 * kept, every problem at once in the summary at the top (each a link to its field, the
 * summary taking the focus) and beside its field. Success goes to the dossier page, which prints
 * the form for the outcome. */
#include "pages_dossier.h"
#include "jpack.h"

#include "dossier_view.h"
#include "format.h"
#include "page.h"
#include "svc_catalogue.h"
#include "svc_dossier.h"
#include "svc_population.h"

#include <stdlib.h>
#include <string.h>

#define MAX_COMPONENTS PROC_MAX_ITEMS
#define MAX_MISSING    SVC_DOSSIER_ITEMS_MAX
#define MAX_COUNT      SVC_DOSSIER_RECEIVED_MAX
#define RESULTS        10
#define MAX_PROBLEMS   16

static const char *const text_fields[] = {
    "applicant_name",
    "applicant_id_number",
    "applicant_birth_date",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
    "missing",
    "reason",
};

/* Mẫu 02 states why the dossier is not accepted; the service's usual reason is offered, for
 * the officer to change when there is another. */
#define SUPPLEMENT_REASON svc_supplement_reason("reception")

static const char *const kinds[] = {"person", "organisation", NULL};
static const char *const channels[] = {"counter", "online", "post", NULL};

static const char *kind_label(const char *kind)
{
    return strcmp(kind, "person") == 0 ? "Cá nhân" : "Tổ chức, doanh nghiệp";
}

static const char *posted(struct http_req *r, const char *name, const char *def)
{
    const char *v = http_form(r, name);
    return v ? v : def;
}

static json_t *options(const char *const *values, const char *(*label)(const char *),
                       const char *selected)
{
    json_t *out = json_array();
    for (int i = 0; values[i]; i++)
        json_array_append_new(out, jpack("{s:s, s:s, s:b}", "value", values[i], "label",
                                         label(values[i]), "selected",
                                         strcmp(values[i], selected) == 0));
    return out;
}

/* The officer's "Đủ thành phần": every paper handed in as the procedure requires. */
static int ticked_complete(struct http_req *r)
{
    const char *v = http_form(r, "complete");
    return v && *v;
}

/* What the form shows: what was posted, or the usual case at a counter. */
static json_t *form_json(struct http_req *r)
{
    json_t *f = json_object();
    for (size_t i = 0; i < sizeof text_fields / sizeof text_fields[0]; i++)
        json_object_set_new(f, text_fields[i], json_string(posted(r, text_fields[i], "")));
    json_object_set_new(f, "sets", json_string(posted(r, "sets", "1")));
    json_object_set_new(f, "sets_max", json_integer(SVC_DOSSIER_SETS_MAX));
    json_object_set_new(f, "complete", json_boolean(ticked_complete(r)));
    json_object_set_new(f, "supplement_reason",
                        json_string(posted(r, "supplement_reason", SUPPLEMENT_REASON)));
    json_object_set_new(f, "kinds",
                        options(kinds, kind_label, posted(r, "applicant_kind", "person")));
    json_object_set_new(f, "channels",
                        options(channels, dview_channel_label, posted(r, "channel", "counter")));
    json_object_set_new(
        f, "return_methods",
        options(channels, dview_channel_label, posted(r, "return_method", "counter")));
    return f;
}

/* The units where this receptionist works, to choose from when there are several. */
static json_t *units_json(struct http_req *r, const struct actor *a)
{
    json_t *out = json_array();
    const char *selected = posted(r, "unit_key", "");
    for (int i = 0; i < a->nroles; i++)
        if (a->roles[i].role == ROLE_RECEPTIONIST && a->roles[i].unit_key)
            json_array_append_new(out, jpack("{s:s, s:s?, s:b}", "key", a->roles[i].unit_key,
                                             "name", a->roles[i].unit_name, "selected",
                                             strcmp(a->roles[i].unit_key, selected) == 0));
    if (json_array_size(out) < 2)
        json_array_clear(out);
    return out;
}

static int parse_count(const char *s, int *out)
{
    char *end = NULL;
    long v = s && *s ? strtol(s, &end, 10) : 0;
    if ((s && *s && *end) || v < 0 || v > MAX_COUNT)
        return E_INVALID;
    *out = (int)v;
    return 0;
}

static const char *received_name(struct http_req *r, size_t i)
{
    return arena_printf(r->arena, "received_%zu", i);
}

/* The checklist with the count received of each component: as posted, else none (unticked). */
static json_t *checklist_json(struct http_req *r, const struct procedure *doc)
{
    json_t *out = json_array();
    for (int i = 0; i < doc->ncomponents && i < MAX_COMPONENTS; i++) {
        const struct proc_component *c = &doc->components[i];
        const char *name = received_name(r, (size_t)i);
        json_array_append_new(out, jpack("{s:s, s:s, s:s?, s:i, s:s}", "id", name, "name", c->name,
                                         "kind", svc_proc_kind_label(c->kind), "required", c->count,
                                         "received", posted(r, name, "0")));
    }
    return out;
}

static const char *fee_words(struct http_req *r, const struct procedure *doc)
{
    struct buf *b = buf_in_arena(r->arena, 64);
    fmt_fee(b, proc_fee_total(doc));
    return buf_str(b);
}

static const char *limit_words(struct http_req *r, const struct proc_time_limit *limit)
{
    int days = -1;
    struct buf *b = buf_in_arena(r->arena, 128);
    proc_limit_words(b, limit, &days);
    return buf_str(b);
}

/* "Bộ phận … huyện; Bộ phận … thị trấn", or NULL when no unit is assigned to receive it. */
static const char *receive_units(struct http_req *r, const struct svc_procedure *p)
{
    const char *out = NULL;
    for (int i = 0; i < p->nunits; i++)
        if (strcmp(p->units[i].role, "receive") == 0)
            out = out ? arena_printf(r->arena, "%s; %s", out, p->units[i].name) : p->units[i].name;
    return out;
}

/* The chosen procedure with its checklist, or NULL with e set. */
static json_t *procedure_json(struct http_req *r, const char *code, struct err *e)
{
    struct svc_procedure p;
    if (svc_proc_get(page_app(r)->svc, r->arena, code, 0, &p, e) != 0)
        return NULL;
    return jpack("{s:s, s:s, s:s?, s:s, s:s, s:s?, s:o}", "code", p.code, "name", p.doc->name,
                 "level", svc_proc_level_label(p.doc->level), "limit",
                 limit_words(r, &p.doc->time_limit), "fee", fee_words(r, p.doc), "receive_units",
                 receive_units(r, &p), "checklist", checklist_json(r, p.doc));
}

static json_t *search_json(struct http_req *r, const char *q)
{
    struct svc_proc_query query = {.q = q, .page = 1, .per_page = RESULTS};
    struct svc_proc_page res;
    struct err e = {0};
    json_t *out = json_array();
    if (svc_proc_search(page_app(r)->svc, r->arena, &query, &res, &e) != 0)
        return out;
    for (int i = 0; i < res.n; i++)
        json_array_append_new(
            out, jpack("{s:s, s:s, s:s, s:s}", "code", res.rows[i].code, "name", res.rows[i].name,
                       "level", svc_proc_level_label(res.rows[i].level), "href",
                       arena_printf(r->arena, "/desk/tiep-nhan?procedure=%s", res.rows[i].code)));
    return out;
}

static int supplementing(struct http_req *r)
{
    const char *outcome = http_form(r, "outcome");
    return outcome && strcmp(outcome, "supplement") == 0;
}

/* The components handed in short of what is required, one per line, to start the list of
 * what must be supplemented. */
static const char *short_components(struct http_req *r, json_t *checklist)
{
    const char *out = "";
    size_t i;
    json_t *c;
    json_array_foreach(checklist, i, c)
    {
        int received = 0;
        if (parse_count(json_string_value(json_object_get(c, "received")), &received) == 0 &&
            received < json_integer_value(json_object_get(c, "required")))
            out = arena_printf(r->arena, "%s%s%s", out, *out ? "\n" : "",
                               json_string_value(json_object_get(c, "name")));
    }
    return out;
}

/* The form field an error of the service belongs to: "applicant.id_number" is the input
 * "applicant_id_number", a missing component is the checklist. */
static const char *form_field(struct http_req *r, const char *field)
{
    if (!field || !*field)
        return "reception";
    if (strcmp(field, "reason") == 0 && supplementing(r))
        return "supplement_reason";
    if (strncmp(field, "applicant.", 10) == 0)
        return arena_printf(r->arena, "applicant_%s", field + 10);
    if (strcmp(field, "components") == 0)
        return "checklist";
    return field;
}

/* A returning applicant found by the CCCD (svc_applicant_known) and the dossier it came from,
 * or (population) the person the national population database holds under it, or why that
 * database could not say (population_problem). */
struct known {
    struct svc_applicant who;
    const char *code;
    int population;
    const char *population_problem;
};

/* "Lấy thông tin từ CSDL dân cư": the officer asked for the database's values, so they replace
 * what was typed; they are kept only when the officer confirms by receiving the dossier. */
static void add_population(struct http_req *r, json_t *ctx, json_t *form, const struct known *k)
{
    (void)r;
    if (k->population_problem) {
        json_object_set_new(ctx, "population_problem", json_string(k->population_problem));
        return;
    }
    const struct {
        const char *field, *value;
    } found[] = {{"applicant_name", k->who.name},
                 {"applicant_birth_date", k->who.birth_date},
                 {"applicant_address", k->who.address}};
    for (size_t i = 0; i < sizeof found / sizeof found[0]; i++)
        if (found[i].value && *found[i].value)
            json_object_set_new(form, found[i].field, json_string(found[i].value));
    json_object_set_new(ctx, "population", json_true());
}

/* Fills what the officer has not typed from the applicant on file, and says so. */
static void add_known(struct http_req *r, json_t *ctx, json_t *form, const struct known *k)
{
    const struct {
        const char *field, *value;
    } on_file[] = {{"applicant_name", k->who.name},
                   {"applicant_birth_date", k->who.birth_date},
                   {"applicant_phone", k->who.phone},
                   {"applicant_email", k->who.email},
                   {"applicant_address", k->who.address}};
    for (size_t i = 0; i < sizeof on_file / sizeof on_file[0]; i++)
        if (on_file[i].value && !*posted(r, on_file[i].field, ""))
            json_object_set_new(form, on_file[i].field, json_string(on_file[i].value));
    json_object_set_new(ctx, "known", jpack("{s:s}", "code", k->code));
}

/* What went wrong with a submission: every problem found, in the order of the form. */
struct problems {
    struct err list[MAX_PROBLEMS];
    int n;
};

static void add_problem(struct problems *p, const struct err *e)
{
    if (p->n < MAX_PROBLEMS)
        p->list[p->n++] = *e;
}

static int reception_page_known(struct http_req *r, struct http_resp *w, const struct actor *a,
                                int status, const char *code, const struct problems *fe,
                                const struct known *k);

static int reception_page(struct http_req *r, struct http_resp *w, const struct actor *a,
                          int status, const char *code, const struct problems *fe)
{
    return reception_page_known(r, w, a, status, code, fe, NULL);
}

static int reception_page_one(struct http_req *r, struct http_resp *w, const struct actor *a,
                              int status, const char *code, const struct err *e)
{
    struct problems p = {.n = 0};
    add_problem(&p, e);
    return reception_page(r, w, a, status, code, &p);
}

static int reception_page_known(struct http_req *r, struct http_resp *w, const struct actor *a,
                                int status, const char *code, const struct problems *fe,
                                const struct known *k)
{
    struct problems none = {.n = 0};
    const char *q = http_query(r, "q");
    json_t *form = form_json(r);
    json_t *units = units_json(r, a);
    json_t *ctx = jpack("{s:s, s:o, s:b, s:o}", "q", q ? q : "", "form", form, "has_units",
                        json_array_size(units) > 0, "units", units);
    struct err pe = {0};
    if (q && *q) {
        json_t *results = search_json(r, q);
        json_object_set_new(ctx, "no_results", json_boolean(json_array_size(results) == 0));
        json_object_set_new(ctx, "has_results", json_boolean(json_array_size(results) > 0));
        json_object_set_new(ctx, "results", results);
    }
    json_t *procedure = code && *code ? procedure_json(r, code, &pe) : NULL;
    if (procedure && http_form(r, "outcome") && !ticked_complete(r) &&
        !*json_string_value(json_object_get(form, "missing")))
        json_object_set_new(
            form, "missing",
            json_string(short_components(r, json_object_get(procedure, "checklist"))));
    if (procedure)
        json_object_set_new(ctx, "procedure", procedure);
    else if (code && *code && !fe) {
        status = http_status_for(pe.code);
        add_problem(&none, &pe);
        fe = &none;
    }
    json_object_set_new(ctx, "searching", json_boolean(!procedure));
    json_object_set_new(ctx, "population_enabled",
                        json_boolean(svc_population_configured(page_app(r)->svc)));
    if (k && k->population)
        add_population(r, ctx, form, k);
    else if (k)
        add_known(r, ctx, form, k);
    for (int i = 0; fe && i < fe->n; i++) {
        const char *f = form_field(r, fe->list[i].field);
        page_add_error(r, ctx, f, fe->list[i].msg);
        json_object_set_new(form, arena_printf(r->arena, "%s_error", f),
                            json_string(fe->list[i].msg));
    }
    return page_render(r, w, status, "desk_reception", "Tiếp nhận hồ sơ", ctx);
}

int page_reception(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    const struct actor *a = app_role_or_reply(r, w, ROLE_RECEPTIONIST);
    if (!a)
        return 0;
    return reception_page(r, w, a, 200, http_query(r, "procedure"), NULL);
}

/* The counts handed in, one per component of the procedure, from received_0 …; a count that
 * is not a number is a problem in bad. */
static int read_counts(struct http_req *r, const char *code, int **counts, int *n,
                       struct problems *bad, struct err *e)
{
    struct svc_procedure p;
    *n = 0;
    if (svc_proc_get(page_app(r)->svc, r->arena, code ? code : "", 0, &p, e) != 0)
        return e->code == E_NOTFOUND
                   ? err_set(e, E_INVALID, "procedure_code", "Hãy chọn thủ tục hành chính")
                   : e->code;
    int rc = 0;
    *counts = arena_alloc(r->arena, sizeof **counts * (MAX_COMPONENTS + 1));
    for (int i = 0; i < p.doc->ncomponents && i < MAX_COMPONENTS; i++) {
        const struct proc_component *c = &p.doc->components[i];
        (*counts)[i] = 0;
        if (parse_count(http_form(r, received_name(r, (size_t)i)), &(*counts)[i]) != 0) {
            struct err ce = {0};
            rc = err_set(&ce, E_INVALID, received_name(r, (size_t)i),
                         "Số lượng \"%s\" phải là số từ 0 đến %d", c->name, MAX_COUNT);
            add_problem(bad, &ce);
        }
        if (ticked_complete(r) && (*counts)[i] < c->count)
            (*counts)[i] = c->count;
        (*n)++;
    }
    return rc;
}

static int read_sets(struct http_req *r, struct err *e)
{
    int sets = 0;
    if (parse_count(http_form(r, "sets"), &sets) != 0 || sets > SVC_DOSSIER_SETS_MAX)
        return err_set(e, E_INVALID, "sets", "Số bộ hồ sơ phải là số từ 1 đến %d",
                       SVC_DOSSIER_SETS_MAX);
    return sets;
}

/* Mẫu 02 cannot be printed without a reason, so an emptied box gets the usual one. */
static const char *supplement_reason(struct http_req *r)
{
    const char *v = http_form(r, "supplement_reason");
    return v && *v ? v : SUPPLEMENT_REASON;
}

/* Accepting is what the form does unless another outcome was chosen (Enter in a field). */
static int accepting(struct http_req *r)
{
    const char *outcome = http_form(r, "outcome");
    return !outcome || strcmp(outcome, "accept") == 0;
}

/* Every count still 0 and "Đủ thành phần" not ticked: nobody looked at the papers. */
static int nothing_checked(const int *counts, int n)
{
    for (int i = 0; i < n; i++)
        if (counts[i] > 0)
            return 0;
    return n > 0;
}

/* Records the dossier, or says every problem of the form in bad (E_INVALID) — what the page
 * checks, then what the service checks without the database — or the one the service found
 * recording it (in bad too). */
static int receive(struct http_req *r, const struct actor *a, const char **code,
                   struct problems *bad, struct err *e)
{
    struct svc_reception rec = {
        .procedure_code = http_form(r, "procedure_code"),
        .unit_key = http_form(r, "unit_key"),
        .channel = http_form(r, "channel"),
        .return_method = http_form(r, "return_method"),
        .applicant = {http_form(r, "applicant_kind"), http_form(r, "applicant_name"),
                      http_form(r, "applicant_id_number"), http_form(r, "applicant_birth_date"),
                      http_form(r, "applicant_phone"), http_form(r, "applicant_email"),
                      http_form(r, "applicant_address")},
        .outcome = http_form(r, "outcome"),
        .reason = supplementing(r) ? supplement_reason(r) : http_form(r, "reason"),
    };
    int *counts = NULL;
    int rc = read_counts(r, rec.procedure_code, &counts, &rec.nreceived, bad, e);
    if (rc && !bad->n) { /* no procedure (or no database): nothing else can be checked */
        add_problem(bad, e);
        return rc;
    }
    if (accepting(r) && nothing_checked(counts, rec.nreceived) && !rc) {
        struct err ce = {0};
        err_set(&ce, E_INVALID, "complete",
                "Chưa kiểm tra giấy tờ: hãy đánh dấu “Đủ thành phần” hoặc ghi số đã nhận "
                "của từng giấy tờ");
        add_problem(bad, &ce);
    }
    struct err se = {0};
    if ((rec.sets = read_sets(r, &se)) < 0)
        add_problem(bad, &se);
    struct err found[MAX_PROBLEMS];
    int nfound = 0;
    svc_reception_check(&rec, found, MAX_PROBLEMS, &nfound);
    for (int i = 0; i < nfound; i++)
        if (rec.sets >= 0 || strcmp(found[i].field, "sets") != 0)
            add_problem(bad, &found[i]);
    if (bad->n)
        return E_INVALID;
    const char **missing = NULL;
    rec.nmissing = dview_lines(r, http_form(r, "missing"), MAX_MISSING, &missing);
    rec.missing = missing;
    rec.received = counts;
    rc = svc_dossier_receive(page_app(r)->svc, a, &rec, r->arena, code, e);
    if (rc < 0)
        add_problem(bad, e);
    return rc;
}

/* The dossier action each outcome of the reception form records. */
static const char *outcome_action(struct http_req *r)
{
    if (accepting(r))
        return "accept";
    return supplementing(r) ? "reception_supplement" : "refuse_reception";
}

/* "Tìm theo CCCD": the same form again, with what is on file for that number filled in
 * where nothing was typed; not knowing the number is said beside the field, not an error. */
static int reception_lookup(struct http_req *r, struct http_resp *w, const struct actor *a)
{
    struct known k = {0};
    struct err e = {0};
    const char *code = http_form(r, "procedure_code");
    int rc = svc_applicant_known(page_app(r)->svc, a, r->arena, http_form(r, "applicant_id_number"),
                                 &k.who, &k.code, &e);
    if (rc == 0)
        return reception_page_known(r, w, a, 200, code, NULL, &k);
    if (rc == E_NOTFOUND || rc == E_INVALID)
        return reception_page_one(r, w, a, rc == E_NOTFOUND ? 200 : 422, code, &e);
    return app_err(r, w, &e);
}

/* "Lấy thông tin từ CSDL dân cư": the same form again with name, birth date and permanent
 * address from the national population database; when it cannot answer, the form says so
 * and everything typed stays, so the officer goes on by hand. */
static int reception_population(struct http_req *r, struct http_resp *w, const struct actor *a)
{
    struct known k = {.population = 1};
    struct svc_person p;
    struct err e = {0};
    const char *code = http_form(r, "procedure_code");
    const char *purpose = arena_printf(r->arena, "Tiếp nhận hồ sơ thủ tục %s tại bộ phận một cửa",
                                       code && *code ? code : "(chưa chọn)");
    int rc = svc_population_lookup(page_app(r)->svc, a, r->arena,
                                   http_form(r, "applicant_id_number"), purpose, &p, &e);
    if (rc == E_INVALID)
        return reception_page_one(r, w, a, 422, code, &e);
    if (rc == E_FORBIDDEN)
        return app_err(r, w, &e);
    if (rc)
        k.population_problem = arena_strdup(r->arena, e.msg);
    else
        k.who = (struct svc_applicant){
            .name = p.name, .birth_date = p.birth_date, .address = p.address};
    return reception_page_known(r, w, a, 200, code, NULL, &k);
}

int page_reception_submit(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    const struct actor *a = app_role_or_reply(r, w, ROLE_RECEPTIONIST);
    if (!a)
        return 0;
    if (http_form(r, "lookup"))
        return reception_lookup(r, w, a);
    if (http_form(r, "population"))
        return reception_population(r, w, a);
    const char *code = NULL;
    struct err e = {0};
    struct problems bad = {.n = 0};
    int rc = receive(r, a, &code, &bad, &e);
    if (rc == E_INVALID || rc == E_FORBIDDEN || rc == E_CONFLICT || rc == E_NOTFOUND)
        return reception_page(r, w, a, http_status_for(rc), http_form(r, "procedure_code"), &bad);
    if (rc)
        return app_err(r, w, &e);
    /* The dossier page says what was done and offers its form to print first (Mẫu 01, 02, 03). */
    http_resp_redirect(w, arena_printf(r->arena, "/desk/ho-so/%s?da=%s", code, outcome_action(r)));
    return 0;
}
