/* dossier_receive.c — reception at the one-stop counter (Decree 61 Art. 17): the officer
 * checks the dossier against the procedure's checklist and either accepts it (a code, a
 * receipt with the appointment computed from the working-time calendar, and the steps of the
 * procedure laid out with their own due times), asks once for everything missing (Mẫu 02), or
 * refuses it with a reason (Mẫu 03). Every outcome is recorded with a code, so that the
 * tracking book is complete and the applicant can look it up. */
#include "dossier_internal.h"
#include "jpack.h"

#include "cal_date.h"
#include "dossier_code.h"
#include "idem_store.h"
#include "procedure_store.h"
#include "text.h"
#include "validate.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct receive_ctx {
    struct svc *s;
    const struct actor *a;
    const struct svc_reception *r;
    struct arena *ar;
    enum dossier_action action;
    const char *phone; /* normalised */
    const char *code;
};

/* The problems of a request, collected so that the counter sees every one at once. */
struct problems {
    struct err *list;
    int max, n;
};

static void note(struct problems *p, const struct err *e)
{
    if (p->n < p->max)
        p->list[p->n++] = *e;
}

static void check_enum(struct problems *p, const char *v, const char *const *allowed,
                       const char *field, const char *label)
{
    for (int i = 0; v && allowed[i]; i++)
        if (strcmp(v, allowed[i]) == 0)
            return;
    struct err e = {0};
    err_set(&e, E_INVALID, field, "%s không hợp lệ", label);
    note(p, &e);
}

static void check_applicant(struct problems *p, const struct svc_applicant *a,
                            char phone[VALIDATE_PHONE_SIZE])
{
    static const char *const kinds[] = {"person", "organisation", NULL};
    struct err e = {0};
    int before = p->n;
    check_enum(p, a->kind, kinds, "applicant.kind", "Loại người nộp");
    if (p->n > before)
        return;
    if (!a->name || !*a->name || text_length(a->name) > 200)
        note(p, (err_set(&e, E_INVALID, "applicant.name",
                         "Vui lòng nhập họ tên người nộp (tối đa 200 ký tự)"),
                 &e));
    int person = strcmp(a->kind, "person") == 0;
    int id_ok = 0;
    if (!a->id_number || !*a->id_number)
        note(p, (err_set(&e, E_INVALID, "applicant.id_number",
                         person ? "Vui lòng nhập số CCCD của người nộp"
                                : "Vui lòng nhập mã số thuế của tổ chức"),
                 &e));
    else if ((person ? validate_cccd(a->id_number, "applicant.id_number", NULL, &e)
                     : validate_tax_code(a->id_number, "applicant.id_number", &e)) != 0)
        note(p, &e);
    else
        id_ok = 1;
    if (id_ok && person && a->birth_date && *a->birth_date &&
        validate_cccd_holder(a->id_number, a->birth_date, VALIDATE_GENDER_ANY,
                             "applicant.birth_date", &e) != 0)
        note(p, &e);
    if (a->phone && *a->phone && validate_phone(a->phone, phone, "applicant.phone", &e) != 0)
        note(p, &e);
    if (a->email && *a->email && validate_email(a->email, "applicant.email", &e) != 0)
        note(p, &e);
    if (a->address && text_length(a->address) > 500)
        note(p, (err_set(&e, E_INVALID, "applicant.address", "Địa chỉ dài quá 500 ký tự"), &e));
}

static void collect(const struct svc_reception *r, char phone[VALIDATE_PHONE_SIZE],
                    struct problems *p)
{
    static const char *const channels[] = {"counter", "online", "post", NULL};
    static const char *const outcomes[] = {"accept", "supplement", "refuse", NULL};
    struct err e = {0};
    check_enum(p, r->outcome, outcomes, "outcome", "Kết quả tiếp nhận");
    check_enum(p, r->channel, channels, "channel", "Kênh nộp hồ sơ");
    check_enum(p, r->return_method, channels, "return_method", "Hình thức nhận kết quả");
    if (r->sets < 0 || r->sets > SVC_DOSSIER_SETS_MAX)
        note(p,
             (err_set(&e, E_INVALID, "sets", "Số bộ hồ sơ phải từ 1 đến %d", SVC_DOSSIER_SETS_MAX),
              &e));
    check_applicant(p, &r->applicant, phone);
    if (r->outcome && strcmp(r->outcome, "refuse") == 0 && (!r->reason || !*r->reason))
        note(p, (err_set(&e, E_INVALID, "reason", "Vui lòng ghi rõ lý do từ chối tiếp nhận"), &e));
}

int svc_reception_check(const struct svc_reception *r, struct err *problems, int max, int *n)
{
    char phone[VALIDATE_PHONE_SIZE];
    struct problems p = {problems, max, 0};
    collect(r, phone, &p);
    *n = p.n;
    return p.n ? E_INVALID : 0;
}

static int check_request(const struct svc_reception *r, char phone[VALIDATE_PHONE_SIZE],
                         enum dossier_action *action, struct err *e)
{
    struct problems p = {e, 1, 0};
    phone[0] = 0;
    collect(r, phone, &p);
    if (p.n)
        return E_INVALID;
    *action = strcmp(r->outcome, "accept") == 0       ? DA_ACCEPT
              : strcmp(r->outcome, "supplement") == 0 ? DA_RECEPTION_SUPPLEMENT
                                                      : DA_REFUSE_RECEPTION;
    return 0;
}

static int64_t received_count(const struct svc_reception *r, size_t i)
{
    return r->received && (int)i < r->nreceived ? r->received[i] : 0;
}

/* The components still missing, as a JSON array of names (new reference). */
static json_t *missing_components(const struct svc_reception *r, const struct procedure *proc)
{
    json_t *out = json_array();
    for (int i = 0; i < r->nmissing; i++)
        json_array_append_new(out, json_string(r->missing[i]));
    if (r->nmissing)
        return out;
    for (int i = 0; i < proc->ncomponents; i++)
        if (received_count(r, (size_t)i) < proc->components[i].count)
            json_array_append_new(out, json_string(proc->components[i].name));
    return out;
}

static int check_complete(const struct svc_reception *r, const struct procedure *proc,
                          struct err *e)
{
    for (int i = 0; i < proc->ncomponents; i++)
        if (received_count(r, (size_t)i) < proc->components[i].count)
            return err_set(e, E_INVALID, "components",
                           "Hồ sơ còn thiếu \"%s\". Hãy hướng dẫn bổ sung (Mẫu 02) thay vì "
                           "tiếp nhận",
                           proc->components[i].name);
    return 0;
}

/* The counters a procedure is assigned to receive at (its "receive" units). */
struct counters {
    struct proc_unit_row *rows;
    int n;
};

static int load_counters(struct db_conn *c, struct arena *ar, int64_t procedure_id,
                         struct counters *out, struct err *e)
{
    struct proc_unit_row *rows = NULL;
    int n = 0, rc = proc_units_list(c, ar, procedure_id, &rows, &n, e);
    out->rows = rows;
    out->n = 0;
    for (int i = 0; !rc && i < n; i++)
        if (strcmp(rows[i].role, "receive") == 0)
            out->rows[out->n++] = rows[i];
    return rc;
}

/* Refuses a counter the procedure is not assigned to, naming the ones it is. */
static int not_received_here(struct arena *ar, const char *code, const struct counters *k,
                             struct err *e)
{
    if (k->n == 0)
        return err_set(e, E_INVALID, "procedure_code",
                       "Thủ tục %s chưa được giao cho bộ phận tiếp nhận nào; cập nhật danh mục "
                       "trước khi tiếp nhận",
                       code);
    const char *names = "";
    for (int i = 0; i < k->n; i++)
        names =
            arena_printf(ar, "%s%s%s (%s)", names, i ? "; " : "", k->rows[i].name, k->rows[i].key);
    return err_set(e, E_INVALID, "procedure_code",
                   "Thủ tục %s không được tiếp nhận tại bộ phận của bạn; nơi tiếp nhận: %s", code,
                   names);
}

/* The counter that receives: the one named (it must be one the procedure is assigned to),
 * else the first of the procedure's counters the receptionist's grants cover. -1 when the
 * receptionist works at no counter; E_INVALID on procedure_code when none of theirs receives
 * it; the caller then checks the receptionist's grant at the unit. */
static int receiving_unit(const struct receive_ctx *x, const struct org_tree *t,
                          const struct counters *k, int64_t *unit, struct err *e)
{
    const char *key = x->r->unit_key;
    *unit = -1;
    if (key && *key) {
        int known = 0;
        for (int i = 0; i < t->n && !known; i++)
            known = strcmp(t->units[i].key, key) == 0;
        for (int i = 0; i < k->n && *unit < 0; i++)
            if (strcmp(k->rows[i].key, key) == 0)
                *unit = k->rows[i].unit_id;
        return *unit >= 0 || !known ? 0 : not_received_here(x->ar, x->r->procedure_code, k, e);
    }
    for (int i = 0; i < k->n && *unit < 0; i++)
        if (dossier_role_at(t, x->a, ROLE_RECEPTIONIST, k->rows[i].unit_id, NULL) == 0)
            *unit = k->rows[i].unit_id;
    if (*unit >= 0)
        return 0;
    for (int i = 0; i < x->a->nroles; i++)
        if (x->a->roles[i].role == ROLE_RECEPTIONIST && x->a->roles[i].unit_id)
            return not_received_here(x->ar, x->r->procedure_code, k, e);
    return x->a == &svc_system ? not_received_here(x->ar, x->r->procedure_code, k, e) : 0;
}

static int record(struct receive_ctx *x, struct db_conn *c, const struct org_tree *t,
                  struct dossier_row *d, const struct procedure *body, struct dossier_proc *proc,
                  struct err *e)
{
    int64_t now = svc_now();
    int rc = dossier_issue_code(c, x->ar, t, d->receiving_unit_id, now, &x->code, e);
    if (rc)
        return rc;
    enum dossier_state to;
    if ((rc = dossier_transition(DS_NONE, x->action, &to, e)) != 0)
        return rc;
    struct dossier_plan p;
    d->code = x->code;
    d->state = dossier_state_name(to);
    d->national_status = dossier_national_status(to);
    d->received_at = d->updated_at = now;
    d->limit_unit = cal_unit_name(body->time_limit.unit);
    d->limit_value = body->time_limit.value == PROC_UNKNOWN ? 0 : (int)body->time_limit.value;
    d->fee_total = proc_fee_total(body);
    if (x->action == DA_ACCEPT) {
        if (body->time_limit.value == PROC_UNKNOWN)
            return err_set(e, E_INVALID, "procedure_code",
                           "Thủ tục chưa có thời hạn giải quyết trong danh mục; cập nhật danh "
                           "mục trước khi tiếp nhận");
        if ((rc = check_complete(x->r, body, e)) != 0 ||
            (rc = dossier_plan_steps(c, x->ar, t, body, proc->procedure_id, d->receiving_unit_id,
                                     &p, e)) != 0 ||
            (rc = dossier_start_processing(x->s, c, x->a, d, &p, now, e)) != 0)
            return rc;
    } else {
        p.n = 0;
        d->step_unit_id = x->action == DA_RECEPTION_SUPPLEMENT ? d->receiving_unit_id : 0;
        d->step_role = x->action == DA_RECEPTION_SUPPLEMENT ? "receptionist" : NULL;
        d->finished_at = x->action == DA_REFUSE_RECEPTION ? now : 0;
    }
    if (!d->limit_unit)
        d->limit_unit = "working_days";
    d->lookup_token = svc_dossier_lookup_token(x->ar); /* the lookup's second factor */
    if ((rc = dossier_insert(c, d, &d->id, e)) != 0 ||
        (rc = dossier_insert_components(c, d->id, body, x->r->received, x->r->nreceived, e)) != 0)
        return rc;
    if (!rc)
        rc = dossier_plan_insert(c, d->id, &p, e);
    if (!rc && x->action == DA_RECEPTION_SUPPLEMENT) {
        json_t *items = missing_components(x->r, body);
        char *text = json_dumps(items, JSON_COMPACT);
        struct dossier_supplement_row sup = {
            0,
            now,
            0,
            "reception",
            text,
            x->r->reason && *x->r->reason ? x->r->reason : svc_supplement_reason("reception")};
        if (!json_array_size(items))
            rc = err_set(e, E_INVALID, "missing",
                         "Hãy ghi đầy đủ các giấy tờ cần bổ sung (hướng dẫn một lần)");
        else
            rc = dossier_supplement_insert(c, d->id, &sup, e);
        free(text);
        json_decref(items);
    }
    if (!rc)
        rc = dossier_log(x->s, c, x->a, d, dossier_action_name(x->action), "none", 0, NULL,
                         x->r->reason, now, e);
    if (!rc)
        rc = svc_audit_json(c, x->a,
                            arena_printf(x->ar, "dossier.%s", dossier_action_name(x->action)),
                            "dossier", d->code,
                            jpack("{s:s, s:i, s:s}", "procedure", d->procedure_code,
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
    if (!perm_some(x->a, ROLE_RECEPTIONIST))
        return err_set(e, E_FORBIDDEN, NULL,
                       "Chỉ cán bộ Bộ phận Một cửa được tiếp nhận hồ sơ tại quầy");
    if ((rc = org_tree_of(x->s, c, &t, e)) != 0)
        return rc;
    char today[16];
    cal_format_date(cal_local_day(svc_now()), today, sizeof today);
    struct dossier_proc proc;
    rc = dossier_proc_in_force(c, x->ar, r->procedure_code ? r->procedure_code : "", today, &proc,
                               e);
    if (rc == E_NOTFOUND)
        return err_set(e, E_INVALID, "procedure_code", "%s", e->msg);
    struct counters counters;
    int64_t unit = -1;
    if (!rc)
        rc = load_counters(c, x->ar, proc.procedure_id, &counters, e);
    if (!rc)
        rc = receiving_unit(x, &t, &counters, &unit, e);
    if (rc)
        return rc;
    if (unit < 0)
        return err_set(e, E_INVALID, "unit_key",
                       "Chưa xác định được bộ phận tiếp nhận (bạn chưa được phân công tại "
                       "Bộ phận Một cửa nào)");
    if ((rc = dossier_role_at(&t, x->a, ROLE_RECEPTIONIST, unit, e)) != 0)
        return rc;
    struct procedure body;
    if ((rc = proc_parse(x->ar, proc.body, &body, e)) != 0)
        return rc;
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
    rc = record(x, c, &t, &d, &body, &proc, e);
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
