/* dossier_forms.c — the official forms of a dossier as PDFs (render/forms.c does the drawing):
 * the receipt with its appointment and the QR code of the public lookup (Mẫu 01), the
 * supplement request with everything missing (02), the refusal (03), the apology with the new
 * appointment (04) and the control sheet of hand-overs between units (05). The form set in
 * force on the reception date decides numbers and titles (Circular 01/2018 before
 * 15/09/2025, Circular 03/2025 from then). */
#include "dossier_internal.h"

#include "cal_date.h"
#include "forms.h"
#include "svc_catalogue.h"

#include <jansson.h>
#include <string.h>

struct form_ctx {
    const struct actor *a;
    struct arena *ar;
    const char *code, *base_url;
    int form;
    struct buf *out;
};

static enum forms_copy copy_kind(const char *kind)
{
    if (kind && strcmp(kind, "certified_copy") == 0)
        return FORMS_CERTIFIED_COPY;
    if (kind && strcmp(kind, "copy") == 0)
        return FORMS_COPY;
    return FORMS_ORIGINAL;
}

/* "Ủy ban nhân dân huyện Giồng Riềng" → "Giồng Riềng" for the place/date line. */
static const char *place_of(const char *admin_name)
{
    static const char *const prefixes[] = {"Ủy ban nhân dân thị trấn ", "Ủy ban nhân dân huyện ",
                                           "Ủy ban nhân dân tỉnh ",     "Ủy ban nhân dân xã ",
                                           "Ủy ban nhân dân phường ",   "Ủy ban nhân dân "};
    for (size_t i = 0; admin_name && i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(admin_name, prefixes[i], strlen(prefixes[i])) == 0)
            return admin_name + strlen(prefixes[i]);
    return admin_name ? admin_name : "";
}

struct form_data {
    struct dossier_row d;
    struct org_tree t;
    struct forms_head head;
    struct forms_person person;
    const char *receiver, *apology_reason;
    struct dossier_component_row *comps;
    int ncomps;
    struct dossier_step_row *steps;
    int nsteps;
    struct dossier_supplement_row *sups;
    int nsups;
};

static int load(struct db_conn *c, struct form_ctx *x, struct form_data *f, struct err *e)
{
    struct dossier_event_row *evs = NULL;
    int nev = 0;
    int rc = org_tree_load(c, x->ar, &f->t, e);
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
    for (int i = 0; i < nev; i++)
        if (strcmp(evs[i].action, "extend") == 0)
            f->apology_reason = evs[i].note;
    f->receiver = nev ? evs[0].actor : "";
    char day[16];
    cal_format_date(cal_local_day(f->d.received_at), day, sizeof day);
    const struct org_unit *admin = org_tree_admin(&f->t, f->d.receiving_unit_id);
    const struct org_unit *unit = org_tree_get(&f->t, f->d.receiving_unit_id);
    f->head = (struct forms_head){NULL,
                                  admin ? admin->name : NULL,
                                  unit ? unit->name : "Bộ phận tiếp nhận và trả kết quả",
                                  NULL,
                                  place_of(admin ? admin->name : NULL),
                                  f->d.received_at};
    f->person =
        (struct forms_person){f->d.applicant_name, f->d.applicant_id, f->d.applicant_address,
                              f->d.applicant_phone, f->d.applicant_email};
    return forms_set_for_date(day, &f->head.set, e);
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
    json_t *value = json_integer(f->d.limit_value);
    int working_days = 0;
    svc_proc_limit_words(&words, f->d.limit_unit, value, &working_days);
    json_decref(value);
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
    if (!f->d.accepted_at)
        return err_set(e, E_CONFLICT, "form", "Hồ sơ chưa được tiếp nhận nên chưa có giấy hẹn");
    return forms_receipt(&r, sink, e);
}

static int supplement(struct form_ctx *x, struct form_data *f, const struct doc_sink *sink,
                      struct err *e)
{
    if (!f->nsups)
        return err_set(e, E_CONFLICT, "form", "Hồ sơ chưa có yêu cầu bổ sung");
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
    if (!at_reception && !(f->d.result_kind && strcmp(f->d.result_kind, "refusal") == 0))
        return err_set(e, E_CONFLICT, "form", "Hồ sơ không bị từ chối");
    struct forms_notice n = {f->head,
                             f->d.code,
                             f->person,
                             f->d.procedure_name,
                             at_reception ? 0 : f->d.received_at,
                             f->d.reason,
                             at_reception ? "NGƯỜI TIẾP NHẬN" : "THỦ TRƯỞNG CƠ QUAN",
                             at_reception ? f->receiver : ""};
    return forms_refusal(&n, sink, e);
}

static int apology(struct form_data *f, const struct doc_sink *sink, struct err *e)
{
    if (!f->d.extended)
        return err_set(e, E_CONFLICT, "form", "Hồ sơ chưa có thư xin lỗi, hẹn lại");
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

static int control(struct form_ctx *x, struct form_data *f, const struct doc_sink *sink,
                   struct err *e)
{
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
                               h,
                               (size_t)n};
    return forms_control(&cs, sink, e);
}

static int form_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct form_ctx *x = ctx;
    struct form_data f = {0};
    int rc = load(c, x, &f, e);
    if (rc)
        return rc;
    struct doc_sink sink = {NULL, x->out};
    switch (x->form) {
    case 1:
        return receipt(x, &f, &sink, e);
    case 2:
        return supplement(x, &f, &sink, e);
    case 3:
        return refusal(&f, &sink, e);
    case 4:
        return apology(&f, &sink, e);
    case 5:
        return control(x, &f, &sink, e);
    default:
        return err_set(e, E_NOTFOUND, "form", "Không có mẫu số %d", x->form);
    }
}

int svc_dossier_form(struct svc *s, const struct actor *a, const char *code, int form,
                     const char *base_url, struct buf *out, struct err *e)
{
    struct form_ctx x = {a, arena_new(), code ? code : "", base_url ? base_url : "", form, out};
    int rc = db_with_conn(s->db, form_read, &x, e);
    arena_free(x.ar);
    return rc;
}
