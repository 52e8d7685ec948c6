/* dossier_forms.c — the official forms of a dossier as PDFs (render/forms.c does the drawing):
 * the receipt with its appointment and the QR code of the public lookup (Mẫu 01), the
 * supplement request with everything missing (02), the refusal (03), the apology with the new
 * appointment (04), the stop notice of the 2025 set and the control sheet of hand-overs
 * between units. The form set in force on the reception date decides numbers and titles
 * (Circular 01/2018 before 15/09/2025, Circular 03/2025 from then), so a form is asked for by
 * its stable name or by the number it has in that set. Which forms a dossier has a reason to
 * print is decided here once, for the desk page's buttons and for the 409 of a request. The
 * place name before the date comes from the receiving unit's data (org_tree_place). */
#include "dossier_internal.h"

#include "cal_date.h"
#include "forms.h"
#include "issued_paper.h"
#include "svc_catalogue.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct form_ctx {
    struct svc *s;
    const struct actor *a;
    struct arena *ar;
    const char *code, *base_url, *form;
    struct buf *out;
    int number; /* out: the official number printed */
    /* The registry (issued.c): the paper as drawn, and whether it is a new version. */
    struct issued_paper paper;
    int is_new;
};

/* How a component was handed in, from the catalogue's key; an unknown key prints as an
 * original, the catalogue's default. */
static enum forms_copy copy_kind(const char *kind)
{
    int k = forms_copy_parse(kind);
    return k < 0 ? FORMS_ORIGINAL : (enum forms_copy)k;
}

/* ---- which forms exist and when a dossier has a reason to print them ---- */

static const struct {
    enum forms_kind kind;
    const char *name, *missing; /* missing: why it cannot be printed yet (409) */
} kinds[] = {
    {FORM_RECEIPT, "receipt", "Hồ sơ chưa được tiếp nhận nên chưa có giấy hẹn"},
    {FORM_SUPPLEMENT, "supplement", "Hồ sơ chưa có yêu cầu bổ sung"},
    {FORM_REFUSAL, "refusal", "Hồ sơ không bị từ chối"},
    {FORM_APOLOGY, "apology", "Hồ sơ chưa có thư xin lỗi, hẹn lại"},
    {FORM_STOP, "stop", "Hồ sơ không bị dừng giải quyết"},
    {FORM_CONTROL, "control", "Hồ sơ chưa được tiếp nhận nên chưa có phiếu kiểm soát"},
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

/* What happened to a dossier, as far as its forms are concerned. */
struct form_facts {
    int accepted, supplements, refused, refusal_result, extended, stopped;
};

static int has_reason(enum forms_kind kind, const struct form_facts *f)
{
    switch (kind) {
    case FORM_RECEIPT:
    case FORM_CONTROL:
        return f->accepted;
    case FORM_SUPPLEMENT:
        return f->supplements;
    case FORM_REFUSAL:
        return f->refused || f->refusal_result;
    case FORM_APOLOGY:
        return f->extended;
    case FORM_STOP:
        return f->stopped;
    default:
        return 0;
    }
}

static struct form_facts facts_of(const char *state, int64_t accepted_at, int supplements,
                                  const char *result_kind, int extended)
{
    return (struct form_facts){accepted_at != 0,
                               supplements > 0,
                               strcmp(state, "refused") == 0,
                               result_kind && strcmp(result_kind, "refusal") == 0,
                               extended != 0,
                               strcmp(state, "stopped") == 0};
}

static int set_of(int64_t received_at, const struct forms_set **set, struct err *e)
{
    char day[16];
    cal_format_date(cal_local_day(received_at), day, sizeof day);
    return forms_set_for_date(day, set, e);
}

int svc_dossier_printable(const struct svc_dossier *d, struct arena *ar,
                          struct svc_dossier_form_ref **out, int *n)
{
    const struct forms_set *set = NULL;
    struct form_facts f =
        facts_of(d->state, d->accepted_at, d->nsupplement_cycles, d->result_kind, d->extended);
    *out = arena_alloc(ar, sizeof **out * NKINDS);
    *n = 0;
    if (set_of(d->received_at, &set, NULL))
        return 0;
    for (int number = 1; number <= FORM_KIND_COUNT; number++)
        for (size_t i = 0; i < NKINDS; i++) {
            const struct forms_entry *entry = forms_entry(set, kinds[i].kind);
            if (forms_entry_number(entry) == number && has_reason(kinds[i].kind, &f))
                (*out)[(*n)++] = (struct svc_dossier_form_ref){
                    kinds[i].name, number, arena_printf(ar, "%s (%s)", entry->name, entry->number)};
        }
    return 0;
}

/* The kind `form` asks for in set: a name, or a number of the set ("6", "06"). */
static int resolve(const struct forms_set *set, const char *form, size_t *index, struct err *e)
{
    char *end = NULL;
    long number = form && *form >= '0' && *form <= '9' ? strtol(form, &end, 10) : -1;
    for (size_t i = 0; i < NKINDS; i++) {
        const struct forms_entry *entry = forms_entry(set, kinds[i].kind);
        int match = number >= 0 ? !*end && forms_entry_number(entry) == number
                                : form && strcmp(form, kinds[i].name) == 0;
        if (match && entry) {
            *index = i;
            return 0;
        }
        if (match)
            return err_set(e, E_NOTFOUND, "form",
                           "Bộ biểu mẫu theo Thông tư %s (áp dụng cho hồ sơ này) không có mẫu "
                           "này",
                           set->circular);
    }
    return err_set(e, E_NOTFOUND, "form",
                   "Không có mẫu \"%s\" cho hồ sơ theo Thông tư %s. Các mẫu: receipt, "
                   "supplement, refusal, apology, stop, control hoặc số mẫu trong bộ",
                   form ? form : "", set->circular);
}

struct form_data {
    struct dossier_row d;
    struct org_tree t;
    struct forms_head head;
    struct forms_person person;
    const char *receiver, *apology_reason;
    int64_t stopped_at; /* the stop event, the date of the stop notice */
    struct dossier_component_row *comps;
    int ncomps;
    struct dossier_step_row *steps;
    int nsteps;
    struct dossier_supplement_row *sups;
    int nsups;
};

/* The reason for lateness Mẫu 04 prints: the one given with the new appointment, then the
 * reasons officers gave for finishing steps late (each once), so the applicant reads why. */
static const char *with_late_steps(struct arena *ar, const struct form_data *f, const char *reason)
{
    const char *out = reason;
    for (int i = 0; i < f->nsteps; i++) {
        const char *r = f->steps[i].late_reason;
        int seen = !r || !*r || (reason && strcmp(reason, r) == 0);
        for (int k = 0; !seen && k < i; k++)
            seen = f->steps[k].late_reason && strcmp(f->steps[k].late_reason, r) == 0;
        if (!seen)
            out = out && *out ? arena_printf(ar, "%s; %s", out, r) : r;
    }
    return out;
}

static int load(struct db_conn *c, struct form_ctx *x, struct form_data *f, struct err *e)
{
    struct dossier_event_row *evs = NULL;
    int nev = 0;
    int rc = org_tree_of(x->s, c, &f->t, e);
    if (!rc)
        rc = dossier_get(c, x->ar, x->code, &f->d, e);
    if (!rc)
        rc = dossier_visible(&f->t, x->a, &f->d, e);
    if (!rc)
        rc = dossier_components(c, x->ar, f->d.id, &f->comps, &f->ncomps, e);
    if (!rc)
        rc = dossier_steps(c, x->ar, f->d.id, &f->steps, &f->nsteps, e);
    if (!rc)
        rc = dossier_supplements(c, x->ar, f->d.id, &f->sups, &f->nsups, e);
    if (!rc)
        rc = dossier_events(c, x->ar, f->d.id, &evs, &nev, e);
    if (rc)
        return rc;
    for (int i = 0; i < nev; i++) {
        if (strcmp(evs[i].action, "extend") == 0)
            f->apology_reason = evs[i].note;
        if (strcmp(evs[i].action, "stop") == 0)
            f->stopped_at = evs[i].at;
    }
    f->apology_reason = with_late_steps(x->ar, f, f->apology_reason);
    f->receiver = nev ? evs[0].actor : "";
    const struct org_unit *admin = org_tree_admin(&f->t, f->d.receiving_unit_id);
    const struct org_unit *unit = org_tree_get(&f->t, f->d.receiving_unit_id);
    const char *place = org_tree_place(&f->t, f->d.receiving_unit_id);
    if (!place)
        return err_set(e, E_CONFLICT, "place",
                       "Đơn vị %s và các đơn vị cấp trên chưa có địa danh để ghi trên biểu mẫu",
                       unit ? unit->name : "tiếp nhận");
    f->head = (struct forms_head){NULL,
                                  admin ? admin->name : NULL,
                                  unit ? unit->name : "Bộ phận tiếp nhận và trả kết quả",
                                  NULL,
                                  place,
                                  f->d.received_at,
                                  NULL};
    f->person =
        (struct forms_person){f->d.applicant_name, f->d.applicant_id, f->d.applicant_address,
                              f->d.applicant_phone, f->d.applicant_email};
    return set_of(f->d.received_at, &f->head.set, e);
}

static int receipt(struct form_ctx *x, struct form_data *f, const struct doc_sink *sink,
                   struct err *e)
{
    struct forms_component *items = arena_alloc(x->ar, sizeof *items * (size_t)(f->ncomps + 1));
    for (int i = 0; i < f->ncomps; i++)
        items[i] = (struct forms_component){f->comps[i].name, copy_kind(f->comps[i].kind),
                                            f->comps[i].received_count};
    struct buf words;
    buf_init(&words, 256);
    int working_days = 0;
    struct proc_time_limit limit = {.value = f->d.limit_value};
    if (f->d.limit_unit && cal_unit_parse(f->d.limit_unit, &limit.unit, NULL) == 0)
        proc_limit_words(&words, &limit, &working_days);
    else
        buf_puts(&words, "Chưa xác định");
    struct forms_receipt r = {
        .head = f->head,
        .dossier_code = f->d.code,
        .applicant = f->person,
        .procedure = f->d.procedure_name,
        .components = items,
        .ncomponents = (size_t)f->ncomps,
        .sets = f->d.sets,
        .time_limit = arena_strdup(x->ar, buf_str(&words)),
        .received_at = f->d.received_at,
        .appointment_at = f->d.first_due_at,
        .return_place = f->head.issuer,
        .fee = f->d.fee_total,
        .receiver = f->receiver,
        .lookup_url = svc_dossier_lookup_url(x->ar, x->base_url, f->d.code, f->d.lookup_token),
    };
    buf_free(&words);
    return forms_receipt(&r, sink, e);
}

static int supplement(struct form_ctx *x, struct form_data *f, const struct doc_sink *sink,
                      struct err *e)
{
    const struct dossier_supplement_row *last = &f->sups[f->nsups - 1];
    json_t *list = json_loads(last->items, 0, NULL);
    size_t n = json_array_size(list);
    struct forms_component *items = arena_alloc(x->ar, sizeof *items * (n + 1));
    for (size_t i = 0; i < n; i++)
        items[i] = (struct forms_component){
            arena_strdup(x->ar, json_string_value(json_array_get(list, i))), FORMS_ORIGINAL, 1};
    json_decref(list);
    struct forms_supplement s = {.head = f->head,
                                 .dossier_code = f->d.code,
                                 .applicant = f->person,
                                 .procedure = f->d.procedure_name,
                                 .items = items,
                                 .nitems = n,
                                 .reason = last->reason,
                                 .officer = f->receiver};
    return forms_supplement(&s, sink, e);
}

static int refusal(struct form_data *f, const struct doc_sink *sink, struct err *e)
{
    int at_reception = strcmp(f->d.state, "refused") == 0;
    struct forms_notice n = {f->head,
                             f->d.code,
                             f->person,
                             f->d.procedure_name,
                             at_reception ? 0 : f->d.received_at,
                             f->d.reason,
                             at_reception ? "NGƯỜI TIẾP NHẬN HỒ SƠ" : "THỦ TRƯỞNG CƠ QUAN",
                             at_reception ? NULL : "(Ký, ghi rõ họ tên và đóng dấu)",
                             at_reception ? f->receiver : ""};
    return forms_refusal(&n, sink, e);
}

/* The stop notice is dated the day processing stopped; it is signed by the head of the
 * agency, whose name is written by hand. */
static int stop(struct form_data *f, const struct doc_sink *sink, struct err *e)
{
    struct forms_notice n = {f->head,
                             f->d.code,
                             f->person,
                             f->d.procedure_name,
                             f->d.received_at,
                             f->d.reason,
                             "THỦ TRƯỞNG CƠ QUAN",
                             NULL,
                             ""};
    n.head.issued_at = f->stopped_at ? f->stopped_at : f->d.finished_at;
    return forms_stop(&n, sink, e);
}

static int apology(struct form_data *f, const struct doc_sink *sink, struct err *e)
{
    struct forms_apology a = {
        f->head,           f->d.code,   f->person,         f->d.procedure_name,  f->d.received_at,
        f->d.first_due_at, f->d.due_at, f->apology_reason, "THỦ TRƯỞNG CƠ QUAN", ""};
    return forms_apology(&a, sink, e);
}

static enum forms_result result_of(const char *timing)
{
    if (!timing)
        return FORMS_RESULT_NONE;
    return strcmp(timing, "early") == 0     ? FORMS_EARLY
           : strcmp(timing, "on_time") == 0 ? FORMS_ON_TIME
                                            : FORMS_LATE;
}

/* The names of the units the procedure lists under agencies.<role> (implementing or
 * coordinating), joined; NULL when it lists none. */
static const char *agency_names(struct form_ctx *x, struct form_data *f,
                                const struct proc_strings *keys)
{
    const char *names = NULL;
    for (int i = 0; i < keys->n; i++) {
        const char *key = keys->v[i];
        for (int u = 0; key && u < f->t.n; u++)
            if (strcmp(f->t.units[u].key, key) == 0)
                names = names ? arena_printf(x->ar, "%s; %s", names, f->t.units[u].name)
                              : f->t.units[u].name;
    }
    return names;
}

/* Without agencies in the catalogue, the resolving body is where the steps go after the
 * receiving section: the distinct units of the later steps, in order. */
static const char *step_units(struct form_ctx *x, struct form_data *f)
{
    const char *names = NULL;
    for (int i = 0; i < f->nsteps; i++) {
        const struct org_unit *u = org_tree_get(&f->t, f->steps[i].unit_id);
        if (!u || u->id == f->d.receiving_unit_id || (names && strstr(names, u->name)))
            continue;
        names = names ? arena_printf(x->ar, "%s; %s", names, u->name) : u->name;
    }
    return names;
}

static int control(struct form_ctx *x, struct form_data *f, const struct doc_sink *sink,
                   struct err *e)
{
    struct dossier_proc proc = {0};
    int rc = dossier_proc_version(f->t.c, x->ar, f->d.procedure_version_id, &proc, e);
    if (rc)
        return rc;
    struct procedure body;
    if ((rc = proc_parse(x->ar, proc.body, &body, e)) != 0)
        return rc;
    const char *resolving = agency_names(x, f, &body.implementing);
    const char *coordinating = agency_names(x, f, &body.coordinating);
    struct forms_handover *h = arena_alloc(x->ar, sizeof *h * (size_t)(f->nsteps + 1));
    int n = 0;
    for (int i = 0; i < f->nsteps; i++) {
        if (!f->steps[i].started_at)
            continue;
        const struct org_unit *to = org_tree_get(&f->t, f->steps[i].unit_id);
        const struct org_unit *from = i ? org_tree_get(&f->t, f->steps[i - 1].unit_id) : NULL;
        h[n++] = (struct forms_handover){from ? from->name : f->head.issuer,
                                         to ? to->name : f->steps[i].actor_label,
                                         f->steps[i].started_at,
                                         "",
                                         "",
                                         result_of(f->steps[i].timing),
                                         f->steps[i].actor_label};
    }
    struct forms_control cs = {f->head,
                               f->d.code,
                               f->d.applicant_name,
                               f->d.procedure_name,
                               f->d.received_at,
                               f->d.first_due_at,
                               resolving ? resolving : step_units(x, f),
                               coordinating,
                               h,
                               (size_t)n};
    return forms_control(&cs, sink, e);
}

static int issue(struct db_conn *c, struct form_ctx *x, struct form_data *f, size_t k,
                 struct err *e);

static int form_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct form_ctx *x = ctx;
    struct form_data f = {0};
    size_t k = 0;
    int rc = load(c, x, &f, e);
    if (!rc)
        rc = resolve(f.head.set, x->form, &k, e);
    if (rc)
        return rc;
    struct form_facts facts =
        facts_of(f.d.state, f.d.accepted_at, f.nsups, f.d.result_kind, f.d.extended);
    if (!has_reason(kinds[k].kind, &facts))
        return err_set(e, E_CONFLICT, "form", "%s", kinds[k].missing);
    x->number = forms_entry_number(forms_entry(f.head.set, kinds[k].kind));
    return issue(c, x, &f, k, e);
}

static int draw_kind(struct form_ctx *x, struct form_data *f, size_t k, struct err *e)
{
    struct doc_sink sink = {NULL, x->out};
    buf_reset(x->out);
    switch (kinds[k].kind) {
    case FORM_RECEIPT:
        return receipt(x, f, &sink, e);
    case FORM_SUPPLEMENT:
        return supplement(x, f, &sink, e);
    case FORM_REFUSAL:
        return refusal(f, &sink, e);
    case FORM_APOLOGY:
        return apology(f, &sink, e);
    case FORM_STOP:
        return stop(f, &sink, e);
    default:
        return control(x, f, &sink, e);
    }
}

/* Draws the paper with the Circular 01/2023 QR code of one version: the current version's
 * link first, and when the bytes differ from what was issued under it (the dossier changed),
 * again with a new link, as a new version the caller records (x->is_new). */
static int draw_with_link(struct form_ctx *x, struct form_data *f, size_t k, const char *token,
                          struct err *e)
{
    const struct forms_entry *entry = forms_entry(f->head.set, kinds[k].kind);
    f->head.qr = issued_qr_text(x->ar, f->d.code, f->d.procedure_code, f->d.applicant_id,
                                entry->name, issued_verify_url(x->ar, x->base_url, token));
    int rc = draw_kind(x, f, k, e);
    if (!rc) {
        x->paper.token = token;
        x->paper.sha256 = issued_sha256(x->ar, x->out->data, x->out->len);
    }
    return rc;
}

static int issue(struct db_conn *c, struct form_ctx *x, struct form_data *f, size_t k,
                 struct err *e)
{
    const char *token = NULL, *sha = NULL;
    const struct org_unit *unit = org_tree_get(&f->t, f->d.receiving_unit_id);
    x->paper = (struct issued_paper){kinds[k].name,
                                     forms_entry(f->head.set, kinds[k].kind)->name,
                                     f->d.code,
                                     f->d.procedure_code,
                                     unit ? unit->name : f->head.issuer,
                                     f->d.id,
                                     f->d.receiving_unit_id,
                                     NULL,
                                     NULL};
    int rc = issued_current(c, x->ar, f->d.code, kinds[k].name, &token, &sha, e);
    if (rc && rc != E_NOTFOUND)
        return rc;
    err_clear(e);
    rc = 0;
    if (token && (rc = draw_with_link(x, f, k, token, e)) == 0 && strcmp(x->paper.sha256, sha) == 0)
        return 0; /* a reprint: the same bytes under the same link */
    if (rc)
        return rc;
    x->is_new = 1;
    return draw_with_link(x, f, k, issued_new_token(x->ar), e);
}

static int record_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct form_ctx *x = ctx;
    return issued_record(c, x->a, &x->paper, e);
}

int svc_dossier_form(struct svc *s, const struct actor *a, const char *code, const char *form,
                     const char *base_url, struct buf *out, int *number, struct err *e)
{
    struct form_ctx x = {.s = s,
                         .a = a,
                         .ar = arena_new(),
                         .code = code ? code : "",
                         .base_url = base_url ? base_url : "",
                         .form = form,
                         .out = out};
    int rc = db_with_conn(s->db, form_read, &x, e);
    if (!rc && x.is_new)
        rc = db_tx(s->db, record_tx, &x, e);
    if (number)
        *number = x.number;
    arena_free(x.ar);
    return rc;
}
