/* dossier_receive.c — reception at the one-stop counter (Decree 61 Art. 17): the officer
 * checks the dossier against the procedure's checklist and either accepts it (a code, a
 * receipt with the appointment computed from the working-time calendar, and the steps of the
 * procedure laid out with their own due times), asks once for everything missing (Mẫu 02), or
 * refuses it with a reason (Mẫu 03). Every outcome is recorded with a code, so that the
 * tracking book is complete and the applicant can look it up. */
#include "dossier_internal.h"

#include "cal_date.h"
#include "dossier_code.h"
#include "idem_store.h"
#include "procedure_store.h"
#include "svc_catalogue.h"
#include "text.h"
#include "validate.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_STEPS 32

struct receive_ctx {
    struct svc *s;
    const struct actor *a;
    const struct svc_reception *r;
    struct arena *ar;
    enum dossier_action action;
    const char *phone; /* normalised */
    const char *code;
};

static int check_enum(const char *v, const char *const *allowed, const char *field,
                      const char *label, struct err *e)
{
    for (int i = 0; v && allowed[i]; i++)
        if (strcmp(v, allowed[i]) == 0)
            return 0;
    return err_set(e, E_INVALID, field, "%s không hợp lệ", label);
}

static int check_applicant(const struct svc_applicant *p, char phone[VALIDATE_PHONE_SIZE],
                           struct err *e)
{
    static const char *const kinds[] = {"person", "organisation", NULL};
    int rc = check_enum(p->kind, kinds, "applicant.kind", "Loại người nộp", e);
    if (rc)
        return rc;
    if (!p->name || !*p->name || text_length(p->name) > 200)
        return err_set(e, E_INVALID, "applicant.name",
                       "Vui lòng nhập họ tên người nộp (tối đa 200 ký tự)");
    int person = strcmp(p->kind, "person") == 0;
    if (!p->id_number || !*p->id_number)
        return err_set(e, E_INVALID, "applicant.id_number",
                       person ? "Vui lòng nhập số CCCD của người nộp"
                              : "Vui lòng nhập mã số thuế của tổ chức");
    rc = person ? validate_cccd(p->id_number, "applicant.id_number", NULL, e)
                : validate_tax_code(p->id_number, "applicant.id_number", e);
    if (!rc && person && p->birth_date && *p->birth_date)
        rc = validate_cccd_holder(p->id_number, p->birth_date, VALIDATE_GENDER_ANY,
                                  "applicant.birth_date", e);
    if (!rc && p->phone && *p->phone)
        rc = validate_phone(p->phone, phone, "applicant.phone", e);
    if (!rc && p->email && *p->email)
        rc = validate_email(p->email, "applicant.email", e);
    if (!rc && p->address && text_length(p->address) > 500)
        rc = err_set(e, E_INVALID, "applicant.address", "Địa chỉ dài quá 500 ký tự");
    return rc;
}

static int check_request(const struct svc_reception *r, char phone[VALIDATE_PHONE_SIZE],
                         enum dossier_action *action, struct err *e)
{
    static const char *const channels[] = {"counter", "online", "post", NULL};
    static const char *const outcomes[] = {"accept", "supplement", "refuse", NULL};
    int rc = check_enum(r->outcome, outcomes, "outcome", "Kết quả tiếp nhận", e);
    if (!rc)
        rc = check_enum(r->channel, channels, "channel", "Kênh nộp hồ sơ", e);
    if (!rc)
        rc = check_enum(r->return_method, channels, "return_method", "Hình thức nhận kết quả", e);
    if (!rc && (r->sets < 0 || r->sets > 100))
        rc = err_set(e, E_INVALID, "sets", "Số bộ hồ sơ phải từ 1 đến 100");
    if (!rc)
        rc = check_applicant(&r->applicant, phone, e);
    if (rc)
        return rc;
    *action = strcmp(r->outcome, "accept") == 0       ? DA_ACCEPT
              : strcmp(r->outcome, "supplement") == 0 ? DA_RECEPTION_SUPPLEMENT
                                                      : DA_REFUSE_RECEPTION;
    if (*action == DA_REFUSE_RECEPTION && (!r->reason || !*r->reason))
        return err_set(e, E_INVALID, "reason", "Vui lòng ghi rõ lý do từ chối tiếp nhận");
    return 0;
}

static int64_t received_count(const struct svc_reception *r, size_t i)
{
    return r->received && (int)i < r->nreceived ? r->received[i] : 0;
}

/* The components still missing, as a JSON array of names (new reference). */
static json_t *missing_components(const struct svc_reception *r, json_t *components)
{
    json_t *out = json_array();
    for (int i = 0; i < r->nmissing; i++)
        json_array_append_new(out, json_string(r->missing[i]));
    if (r->nmissing)
        return out;
    for (size_t i = 0; i < json_array_size(components); i++) {
        json_t *c = json_array_get(components, i);
        if (received_count(r, i) < json_integer_value(json_object_get(c, "count")))
            json_array_append(out, json_object_get(c, "name"));
    }
    return out;
}

static int64_t fee_of(json_t *body)
{
    int64_t total = 0;
    json_t *fees = json_object_get(body, "fees"), *fee;
    size_t i;
    json_array_foreach(fees, i, fee) total += json_integer_value(json_object_get(fee, "amount"));
    if (!json_array_size(fees))
        total = json_integer_value(json_object_get(json_object_get(body, "fee"), "amount"));
    return total;
}

struct plan {
    int n;
    struct dossier_step_row steps[MAX_STEPS];
};

/* The unit that acts on a step: named in the step, else by role — the receiving counter for
 * receptionists, the unit assigned to resolve the procedure for specialists (the one in the
 * receiving unit's administration when there are several), and that administration (the
 * People's Committee) for leaders. */
static int64_t step_unit(const struct org_tree *t, json_t *step, int64_t receiving,
                         int64_t resolver)
{
    const char *key = json_string_value(json_object_get(step, "unit"));
    for (int i = 0; key && i < t->n; i++)
        if (strcmp(t->units[i].key, key) == 0)
            return t->units[i].id;
    const char *role = json_string_value(json_object_get(step, "role"));
    const struct org_unit *admin = org_tree_admin(t, resolver ? resolver : receiving);
    if (role && strcmp(role, "leader") == 0)
        return admin ? admin->id : receiving;
    if (role && strcmp(role, "specialist") == 0)
        return resolver ? resolver : admin ? admin->id : receiving;
    return receiving;
}

/* The unit assigned to resolve the procedure, preferring one inside the receiving unit's
 * administration; 0 when none is assigned. */
static int64_t find_resolver(struct db_conn *c, struct arena *ar, const struct org_tree *t,
                             int64_t procedure_id, int64_t receiving, struct err *e)
{
    struct proc_unit_row *units = NULL;
    int n = 0;
    if (proc_units_list(c, ar, procedure_id, &units, &n, e) != 0)
        return 0;
    const struct org_unit *admin = org_tree_admin(t, receiving);
    int64_t first = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(units[i].role, "resolve") != 0)
            continue;
        if (admin && org_tree_within(t, units[i].unit_id, admin->id))
            return units[i].unit_id;
        if (!first)
            first = units[i].unit_id;
    }
    return first;
}

/* Lays out the steps with their budgets: unknown budgets share what the limit leaves. */
static int plan_steps(struct db_conn *c, struct arena *ar, const struct org_tree *t, json_t *body,
                      int64_t procedure_id, int64_t receiving, struct plan *p, struct err *e)
{
    json_t *steps = json_object_get(body, "steps");
    json_t *limit = json_object_get(body, "time_limit");
    int total = svc_proc_limit_hours(json_string_value(json_object_get(limit, "unit")),
                                     json_object_get(limit, "value"));
    static const char *const fallback[] = {"receptionist", "specialist", "leader", "receptionist"};
    json_t *defaults = NULL;
    if (json_array_size(steps) < 2) {
        defaults = json_array();
        for (int i = 0; i < 4; i++)
            json_array_append_new(defaults,
                                  json_pack("{s:s, s:n}", "role", fallback[i], "budget_hours"));
        steps = defaults;
    }
    int known = 0, unknown = 0;
    size_t i;
    json_t *st;
    json_array_foreach(steps, i, st)
    {
        json_t *b = json_object_get(st, "budget_hours");
        json_is_integer(b) ? (void)(known += (int)json_integer_value(b)) : (void)unknown++;
    }
    int share = unknown && total > known ? (total - known) / unknown : 0;
    int64_t resolver = find_resolver(c, ar, t, procedure_id, receiving, e);
    p->n = 0;
    json_array_foreach(steps, i, st)
    {
        if (p->n == MAX_STEPS)
            break;
        json_t *b = json_object_get(st, "budget_hours");
        const char *role = json_string_value(json_object_get(st, "role"));
        const char *label = json_string_value(json_object_get(st, "actor"));
        int64_t unit = step_unit(t, st, receiving, resolver);
        const struct org_unit *u = org_tree_get(t, unit);
        p->steps[p->n] = (struct dossier_step_row){
            .idx = p->n,
            .role = role ? role : "specialist",
            .actor_label = label ? label
                           : u   ? u->name
                                 : "",
            .unit_id = unit,
            .budget_seconds = (json_is_integer(b) ? json_integer_value(b) : share) * 3600};
        p->n++;
    }
    json_decref(defaults);
    return 0;
}

static int insert_components(struct db_conn *c, int64_t id, const struct svc_reception *r,
                             json_t *components, struct err *e)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < json_array_size(components); i++) {
        json_t *comp = json_array_get(components, i);
        struct dossier_component_row row = {
            (int)i, (int)json_integer_value(json_object_get(comp, "count")),
            (int)received_count(r, i), json_string_value(json_object_get(comp, "name")),
            json_string_value(json_object_get(comp, "kind"))};
        if (!row.kind)
            row.kind = "original";
        rc = dossier_component_insert(c, id, &row, e);
    }
    return rc;
}

/* Accept: the clock starts now; the first step after reception starts at transfer time. */
static int start_processing(struct receive_ctx *x, struct db_conn *c, struct dossier_row *d,
                            struct plan *p, int64_t now, struct err *e)
{
    struct dossier_clock k;
    int rc = dossier_clock_open(x->s, c, d->receiving_unit_id, &k, e);
    if (!rc)
        rc = dossier_clock_due(&k, now, d->limit_unit, d->limit_value, &d->due_at, e);
    int first = strcmp(p->steps[0].role, "receptionist") == 0 ? 1 : 0;
    if (first) {
        p->steps[0].started_at = p->steps[0].due_at = p->steps[0].finished_at = now;
        p->steps[0].finished_by = x->a->user_id;
        p->steps[0].timing = "on_time";
    }
    int64_t start = 0;
    if (!rc)
        rc = dossier_clock_transfer(&k, now, &start, e);
    if (!rc)
        rc = dossier_clock_add(&k, start, p->steps[first].budget_seconds, &p->steps[first].due_at,
                               e);
    dossier_clock_close(&k);
    if (rc)
        return rc;
    p->steps[first].started_at = start;
    d->accepted_at = d->clock_start = now;
    d->first_due_at = d->due_at;
    d->step_index = first;
    d->step_unit_id = p->steps[first].unit_id;
    d->step_role = p->steps[first].role;
    d->step_due_at = p->steps[first].due_at;
    return 0;
}

static int check_complete(const struct svc_reception *r, json_t *components, struct err *e)
{
    for (size_t i = 0; i < json_array_size(components); i++) {
        json_t *c = json_array_get(components, i);
        if (received_count(r, i) < json_integer_value(json_object_get(c, "count")))
            return err_set(e, E_INVALID, "components",
                           "Hồ sơ còn thiếu \"%s\". Hãy hướng dẫn bổ sung (Mẫu 02) thay vì "
                           "tiếp nhận",
                           json_string_value(json_object_get(c, "name")));
    }
    return 0;
}

static int64_t receiving_unit(const struct receive_ctx *x, const struct org_tree *t)
{
    const char *key = x->r->unit_key;
    for (int i = 0; key && *key && i < t->n; i++)
        if (strcmp(t->units[i].key, key) == 0)
            return t->units[i].id;
    if (key && *key)
        return -1;
    for (int i = 0; i < x->a->nroles; i++)
        if (x->a->roles[i].role == ROLE_RECEPTIONIST && x->a->roles[i].unit_id)
            return x->a->roles[i].unit_id;
    return -1;
}

static int record(struct receive_ctx *x, struct db_conn *c, const struct org_tree *t,
                  struct dossier_row *d, json_t *body, struct dossier_proc *proc, struct err *e)
{
    int64_t now = svc_now();
    char day[16], code[DOSSIER_CODE_MAX];
    cal_format_date(cal_local_day(now), day, sizeof day);
    int seq = 0;
    int rc = dossier_next_seq(c, d->receiving_unit_id, day, &seq, e);
    if (!rc)
        rc = dossier_code_format(org_tree_agency_code(t, d->receiving_unit_id), cal_local_day(now),
                                 seq, code, sizeof code, e);
    if (rc)
        return rc;
    enum dossier_state to;
    if ((rc = dossier_transition(DS_NONE, x->action, &to, e)) != 0)
        return rc;
    json_t *components = json_object_get(body, "components");
    json_t *limit = json_object_get(body, "time_limit");
    struct plan p;
    d->code = x->code = arena_strdup(x->ar, code);
    d->state = dossier_state_name(to);
    d->national_status = dossier_national_status(to);
    d->received_at = d->updated_at = now;
    d->limit_unit = json_string_value(json_object_get(limit, "unit"));
    d->limit_value = (int)json_integer_value(json_object_get(limit, "value"));
    d->fee_total = fee_of(body);
    if (x->action == DA_ACCEPT) {
        if (!json_is_integer(json_object_get(limit, "value")) || !d->limit_unit)
            return err_set(e, E_INVALID, "procedure_code",
                           "Thủ tục chưa có thời hạn giải quyết trong danh mục; cập nhật danh "
                           "mục trước khi tiếp nhận");
        if ((rc = check_complete(x->r, components, e)) != 0 ||
            (rc = plan_steps(c, x->ar, t, body, proc->procedure_id, d->receiving_unit_id, &p, e)) !=
                0 ||
            (rc = start_processing(x, c, d, &p, now, e)) != 0)
            return rc;
    } else {
        p.n = 0;
        d->step_unit_id = x->action == DA_RECEPTION_SUPPLEMENT ? d->receiving_unit_id : 0;
        d->step_role = x->action == DA_RECEPTION_SUPPLEMENT ? "receptionist" : NULL;
        d->finished_at = x->action == DA_REFUSE_RECEPTION ? now : 0;
    }
    if (!d->limit_unit)
        d->limit_unit = "working_days";
    if ((rc = dossier_insert(c, d, &d->id, e)) != 0 ||
        (rc = insert_components(c, d->id, x->r, components, e)) != 0)
        return rc;
    for (int i = 0; !rc && i < p.n; i++) {
        rc = dossier_step_insert(c, d->id, &p.steps[i], e);
        if (!rc && p.steps[i].finished_at)
            rc = dossier_step_update(c, d->id, &p.steps[i], e);
    }
    if (!rc && x->action == DA_RECEPTION_SUPPLEMENT) {
        json_t *items = missing_components(x->r, components);
        char *text = json_dumps(items, JSON_COMPACT);
        struct dossier_supplement_row sup = {0, now, 0, "reception", text, x->r->reason};
        if (!json_array_size(items))
            rc = err_set(e, E_INVALID, "missing",
                         "Hãy ghi đầy đủ các giấy tờ cần bổ sung (hướng dẫn một lần)");
        else
            rc = dossier_supplement_insert(c, d->id, &sup, e);
        free(text);
        json_decref(items);
    }
    if (!rc)
        rc = dossier_log(c, x->a, d, dossier_action_name(x->action), "none", 0, NULL, x->r->reason,
                         now, e);
    if (!rc)
        rc = svc_audit_json(c, x->a,
                            arena_printf(x->ar, "dossier.%s", dossier_action_name(x->action)),
                            "dossier", d->code,
                            json_pack("{s:s, s:i, s:s}", "procedure", d->procedure_code,
                                      "procedure_version", proc->version_no, "state", d->state),
                            e);
    return rc;
}

#define IDEM_ROUTE "dossier.receive"

static int receive_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct receive_ctx *x = ctx;
    const struct svc_reception *r = x->r;
    struct org_tree t;
    int rc = 0;
    if (r->idem_key && *r->idem_key) {
        rc = idem_get(c, x->ar, r->idem_key, x->a->user_id, IDEM_ROUTE, &x->code, e);
        if (rc != E_NOTFOUND)
            return rc ? rc : 1;
    }
    if (x->a != &svc_system && !(actor_roles(x->a) & ROLE_RECEPTIONIST))
        return err_set(e, E_FORBIDDEN, NULL,
                       "Chỉ cán bộ Bộ phận Một cửa được tiếp nhận hồ sơ tại quầy");
    if ((rc = org_tree_load(c, x->ar, &t, e)) != 0)
        return rc;
    int64_t unit = receiving_unit(x, &t);
    if (unit < 0)
        return err_set(e, E_INVALID, "unit_key",
                       "Chưa xác định được bộ phận tiếp nhận (bạn chưa được phân công tại "
                       "Bộ phận Một cửa nào)");
    if ((rc = dossier_role_at(&t, x->a, ROLE_RECEPTIONIST, unit, e)) != 0)
        return rc;
    char today[16];
    cal_format_date(cal_local_day(svc_now()), today, sizeof today);
    struct dossier_proc proc;
    rc = dossier_proc_in_force(c, x->ar, r->procedure_code ? r->procedure_code : "", today, &proc,
                               e);
    if (rc == E_NOTFOUND)
        return err_set(e, E_INVALID, "procedure_code", "%s", e->msg);
    if (rc)
        return rc;
    json_t *body = json_loads(proc.body, 0, NULL);
    if (!body)
        return err_set(e, E_INTERNAL, NULL, "procedure body is not JSON");
    char *fold = NULL;
    text_fold(x->ar, r->applicant.name, &fold);
    struct dossier_row d = {
        .procedure_version_id = proc.version_id,
        .procedure_code = r->procedure_code,
        .procedure_name = proc.name,
        .receiving_unit_id = unit,
        .channel = r->channel,
        .return_method = r->return_method,
        .applicant_kind = r->applicant.kind,
        .applicant_name = r->applicant.name,
        .applicant_fold = fold ? fold : "",
        .applicant_id = r->applicant.id_number,
        .applicant_birth =
            r->applicant.birth_date && *r->applicant.birth_date ? r->applicant.birth_date : NULL,
        .applicant_phone = x->phone,
        .applicant_email = r->applicant.email && *r->applicant.email ? r->applicant.email : NULL,
        .applicant_address = r->applicant.address,
        .sets = r->sets ? r->sets : 1,
        .reason = r->reason && *r->reason ? r->reason : NULL,
        .created_by = x->a->user_id,
    };
    rc = record(x, c, &t, &d, body, &proc, e);
    json_decref(body);
    if (!rc && r->idem_key && *r->idem_key)
        rc = idem_put(c, r->idem_key, x->a->user_id, IDEM_ROUTE, 201, x->code, svc_now(), e);
    return rc;
}

int svc_dossier_receive(struct svc *s, const struct actor *a, const struct svc_reception *r,
                        struct arena *ar, const char **code, struct err *e)
{
    char phone[VALIDATE_PHONE_SIZE] = "";
    struct receive_ctx x = {s, a, r, ar, DA_ACCEPT, NULL, NULL};
    int rc = check_request(r, phone, &x.action, e);
    if (rc)
        return rc;
    x.phone = phone[0] ? arena_strdup(ar, phone) : NULL;
    rc = db_tx(s->db, receive_tx, &x, e);
    if (rc >= 0)
        *code = x.code;
    return rc;
}
