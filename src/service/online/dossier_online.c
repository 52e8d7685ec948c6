/* dossier_online.c — a dossier prepared online by the citizen (Decree 45/2020 on online
 * public services): a draft started for a procedure whose online mode allows it, saved and
 * resumed as often as needed, then submitted. Submission records a dossier in state
 * "submitted" (national status 1) at the procedure's receiving one-stop section with the
 * receptionist as its current step, so it waits in that section's inbox; the receptionist then
 * accepts it with the ordinary `accept` action, which lays out the steps and starts the
 * clock. The files uploaded with the draft (draft_files.c) become the dossier's files in the
 * submitting transaction. The applicant is the account: its name, and the identity data from the
 * draft. The citizen's own dossiers and the withdrawal request are here too. */
#include "svc_online.h"
#include "jpack.h"

#include "cal_date.h"
#include "dossier_code.h"
#include "dossier_internal.h"
#include "file_store.h"
#include "jspec.h"
#include "online_store.h"
#include "svc_calendar.h"
#include "procedure_store.h"
#include "text.h"
#include "user_store.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DRAFTS     100
#define MAX_MINE       500
#define MAX_DATA_BYTES 65536

/* The procedure a draft is for, as in force today. */
struct online_proc {
    struct dossier_proc proc;
    struct procedure body;
    const char *online;
    struct svc_draft_unit *units; /* receiving units */
    int64_t *unit_ids;
    int nunits;
};

static int load_proc(struct db_conn *c, struct arena *ar, const char *code, struct online_proc *p,
                     struct err *e)
{
    char today[16];
    cal_format_date(cal_local_day(svc_now()), today, sizeof today);
    *p = (struct online_proc){0};
    int rc = dossier_proc_in_force(c, ar, code ? code : "", today, &p->proc, e);
    if (rc == E_NOTFOUND)
        return err_set(e, E_INVALID, "procedure_code", "Không có thủ tục '%s' đang có hiệu lực",
                       code ? code : "");
    if (rc)
        return rc;
    if ((rc = proc_parse(ar, p->proc.body, &p->body, e)) != 0)
        return rc;
    p->online = p->body.online;
    if ((strcmp(p->online, "full") != 0 && strcmp(p->online, "partial") != 0))
        return err_set(e, E_INVALID, "procedure_code",
                       "Thủ tục này chưa được cung cấp trực tuyến; vui lòng nộp hồ sơ tại Bộ phận "
                       "Một cửa");
    struct proc_unit_row *rows = NULL;
    int n = 0;
    if ((rc = proc_units_list(c, ar, p->proc.procedure_id, &rows, &n, e)) != 0)
        return rc;
    p->units = arena_alloc(ar, sizeof *p->units * (size_t)(n + 1));
    p->unit_ids = arena_alloc(ar, sizeof *p->unit_ids * (size_t)(n + 1));
    for (int i = 0; i < n; i++)
        if (strcmp(rows[i].role, "receive") == 0) {
            p->units[p->nunits] = (struct svc_draft_unit){.key = rows[i].key, .name = rows[i].name};
            p->unit_ids[p->nunits++] = rows[i].unit_id;
        }
    if (p->nunits == 0)
        return err_set(e, E_INVALID, "procedure_code",
                       "Thủ tục chưa được giao cho bộ phận tiếp nhận nào; chưa nộp trực tuyến "
                       "được");
    return 0;
}

/* The receiving unit a draft names: its key must be one of the procedure's; with a single
 * receiving unit none need be named. *id is 0 while a choice is still to be made. */
static int choose_unit(const struct online_proc *p, const char *key, int64_t *id, struct err *e)
{
    *id = 0;
    for (int i = 0; key && *key && i < p->nunits; i++)
        if (strcmp(p->units[i].key, key) == 0)
            *id = p->unit_ids[i];
    if (key && *key && !*id)
        return err_set(e, E_INVALID, "unit_key",
                       "Bộ phận tiếp nhận '%s' không tiếp nhận thủ tục này", key);
    if (!*id && p->nunits == 1)
        *id = p->unit_ids[0];
    return 0;
}

static int prefixed(struct err *e, const char *prefix)
{
    char field[sizeof e->field];
    snprintf(field, sizeof field, "%s", e->field);
    snprintf(e->field, sizeof e->field, "%s%.*s", prefix, (int)(sizeof field - 24), field);
    return e->code;
}

struct draft_fields {
    json_t *applicant, *components, *eforms; /* eforms: form code → the answers (eforms.c) */
    const char *return_method, *note;
    const char *id_number, *birth_date, *phone, *email, *address;
};

/* The shape of data and the form of every field given (docs/online.md). */
static int check_shape(json_t *data, struct draft_fields *f, struct err *e)
{
    *f = (struct draft_fields){0};
    const struct jspec top[] = {
        JSPEC_OBJ("applicant", 0, &f->applicant, "Người nộp"),
        JSPEC_ARR("components", 0, &f->components, "Thành phần hồ sơ"),
        JSPEC_STR("return_method", 0, 0, 16, &f->return_method, "Hình thức nhận kết quả"),
        JSPEC_STR("note", 0, 0, 2000, &f->note, "Ghi chú"),
        JSPEC_OBJ("eforms", 0, &f->eforms, "Tờ khai điện tử"),
        JSPEC_END,
    };
    const struct jspec applicant[] = {
        JSPEC_STR("id_number", 0, 0, 20, &f->id_number, "Số CCCD"),
        JSPEC_STR("birth_date", 0, 0, 10, &f->birth_date, "Ngày sinh"),
        JSPEC_STR("phone", 0, 0, 20, &f->phone, "Số điện thoại"),
        JSPEC_STR("email", 0, 0, 254, &f->email, "Thư điện tử"),
        JSPEC_STR("address", 0, 0, 500, &f->address, "Địa chỉ"),
        JSPEC_END,
    };
    if (!json_is_object(data))
        return err_set(e, E_INVALID, "data", "data phải là một đối tượng JSON");
    if (jspec_parse(data, top, NULL, e) != 0)
        return prefixed(e, "data.");
    if (f->applicant && jspec_parse(f->applicant, applicant, NULL, e) != 0)
        return prefixed(e, "data.applicant.");
    return 0;
}

static int given(const char *s)
{
    return s && *s;
}

/* Every problem found, up to max of them, so that a form shows them all at once. Without a
 * list (p NULL) a check stops at the first problem, which e describes. */
struct problems {
    struct err *list;
    int n, max, first; /* first: the code of the first problem */
};

/* Records a failed check (rc != 0, e filled); 1 when checking must stop here. */
static int stop_at(struct problems *p, int rc, const struct err *e)
{
    if (!rc)
        return 0;
    if (!p)
        return 1;
    if (!p->first)
        p->first = rc;
    if (p->n < p->max)
        p->list[p->n++] = *e;
    return 0;
}

/* The result of a collecting check: the first problem's code, with e describing it. */
static int first_problem(const struct problems *p, struct err *e)
{
    if (p->first && p->n)
        *e = p->list[0];
    return p->first;
}

static int check_values(const struct draft_fields *f, int ncomponents, struct problems *p,
                        struct err *e)
{
    static const char *const methods[] = {"online", "counter", "post", NULL};
    int rc = 0, ok = !given(f->return_method);
    for (int i = 0; !ok && methods[i]; i++)
        ok = strcmp(f->return_method, methods[i]) == 0;
    if (!ok && stop_at(p,
                       rc = err_set(e, E_INVALID, "data.return_method",
                                    "Hình thức nhận kết quả phải là online, counter hoặc post"),
                       e))
        return rc;
    int cccd =
        given(f->id_number) ? validate_cccd(f->id_number, "data.applicant.id_number", NULL, e) : 0;
    if (stop_at(p, cccd, e))
        return cccd;
    if (!cccd && given(f->id_number) && given(f->birth_date) &&
        stop_at(p,
                rc = validate_cccd_holder(f->id_number, f->birth_date, VALIDATE_GENDER_ANY,
                                          "data.applicant.birth_date", e),
                e))
        return rc;
    if (given(f->phone) &&
        stop_at(p, rc = validate_phone(f->phone, NULL, "data.applicant.phone", e), e))
        return rc;
    if (given(f->email) && stop_at(p, rc = validate_email(f->email, "data.applicant.email", e), e))
        return rc;
    if (json_array_size(f->components) > (size_t)ncomponents &&
        stop_at(p,
                rc = err_set(e, E_INVALID, "data.components", "Thủ tục chỉ có %d thành phần hồ sơ",
                             ncomponents),
                e))
        return rc;
    for (size_t i = 0; i < json_array_size(f->components); i++) {
        json_t *v = json_array_get(f->components, i);
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 100) {
            rc = err_set(e, E_INVALID, "data.components",
                         "data.components[%zu] phải là số bản từ 0 đến 100", i);
            if (stop_at(p, rc, e))
                return rc;
            break;
        }
    }
    return p ? first_problem(p, e) : 0;
}

/* What only a submission needs: the identity number of the applicant and the unit. */
static int check_complete(const struct draft_fields *f, int64_t unit, struct problems *p,
                          struct err *e)
{
    int rc = 0;
    if (!given(f->id_number) &&
        stop_at(p,
                rc = err_set(e, E_INVALID, "data.applicant.id_number",
                             "Vui lòng nhập số CCCD của người nộp trước khi nộp hồ sơ"),
                e))
        return rc;
    if (!unit &&
        stop_at(p, rc = err_set(e, E_INVALID, "unit_key", "Vui lòng chọn nơi tiếp nhận hồ sơ"), e))
        return rc;
    return p ? first_problem(p, e) : 0;
}

static int check_data(json_t *data, const struct online_proc *p, struct draft_fields *f,
                      struct err *e)
{
    int rc = check_shape(data, f, e);
    return rc ? rc : check_values(f, p->body.ncomponents, NULL, e);
}

static const char *data_text(struct arena *ar, json_t *data, struct err *e)
{
    char *text = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
    const char *out = text && strlen(text) <= MAX_DATA_BYTES ? arena_strdup(ar, text) : NULL;
    free(text);
    if (!out)
        err_set(e, E_INVALID, "data", "Dữ liệu hồ sơ nháp quá lớn (tối đa %d byte)",
                MAX_DATA_BYTES);
    return out;
}

static int require_citizen(const struct actor *a, struct err *e)
{
    if (a->user_id && (actor_roles(a) & ROLE_CITIZEN))
        return 0;
    return err_set(e, E_FORBIDDEN, NULL, "Chỉ tài khoản công dân được nộp hồ sơ trực tuyến");
}

struct draft_ctx {
    const struct actor *a;
    struct arena *ar;
    int64_t id;
    const char *procedure_code, *unit_key;
    json_t *data;
    struct svc_draft *out;
    const char *code;
    struct svc *s;
};

static void fill_components(struct arena *ar, const struct procedure *body, struct svc_draft *v)
{
    v->ncomponents = body->ncomponents;
    v->components = arena_alloc(ar, sizeof *v->components * (size_t)(v->ncomponents + 1));
    v->forms = arena_alloc(ar, sizeof *v->forms * (size_t)(v->ncomponents + 1));
    for (int i = 0; i < v->ncomponents; i++) {
        const struct proc_component *c = &body->components[i];
        v->components[i] = (struct svc_dossier_component){.idx = i,
                                                          .required_count = c->count,
                                                          .received_count = 0,
                                                          .name = c->name,
                                                          .kind = c->kind};
        v->forms[i] = c->form;
    }
}

/* The full view of a draft: the row, the procedure's checklist and units, the account. */
static int draft_view(struct db_conn *c, struct draft_ctx *x, const struct online_draft_row *row,
                      struct err *e)
{
    struct online_proc p;
    struct user_row u;
    int rc = load_proc(c, x->ar, row->procedure_code, &p, e);
    if (!rc)
        rc = user_get(c, x->ar, x->a->user_id, &u, e);
    if (!rc) {
        *x->out = (struct svc_draft){.id = row->id,
                                     .created_at = row->created_at,
                                     .updated_at = row->updated_at,
                                     .procedure_code = row->procedure_code,
                                     .procedure_name = p.proc.name,
                                     .online = arena_strdup(x->ar, p.online),
                                     .unit_key = row->unit_key,
                                     .data = row->data,
                                     .dossier_code = row->dossier_code,
                                     .applicant_name = u.full_name,
                                     .account_phone = u.phone,
                                     .account_email = u.email,
                                     .units = p.units,
                                     .nunits = p.nunits};
        fill_components(x->ar, &p.body, x->out);
    }
    /* A submitted draft stays readable even if the procedure went offline since. */
    if (rc == E_INVALID && row->dossier_code) {
        *x->out = (struct svc_draft){.id = row->id,
                                     .procedure_code = row->procedure_code,
                                     .data = row->data,
                                     .dossier_code = row->dossier_code,
                                     .created_at = row->created_at,
                                     .updated_at = row->updated_at};
        return 0;
    }
    return rc;
}

static int start_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct draft_ctx *x = ctx;
    struct online_proc p;
    struct draft_fields f;
    int64_t unit = 0;
    int64_t now = svc_now();
    json_t *empty = json_object();
    json_t *data = x->data ? x->data : empty;
    struct online_draft_row row = {.user_id = x->a->user_id,
                                   .created_at = now,
                                   .updated_at = now,
                                   .procedure_code = x->procedure_code,
                                   .unit_key = given(x->unit_key) ? x->unit_key : NULL};
    int rc = load_proc(c, x->ar, x->procedure_code, &p, e);
    if (!rc)
        rc = choose_unit(&p, x->unit_key, &unit, e);
    if (!rc)
        rc = check_data(data, &p, &f, e);
    if (!rc && !(row.data = data_text(x->ar, data, e)))
        rc = e->code;
    json_decref(empty);
    if (!rc)
        rc = online_draft_insert(c, &row, &row.id, e);
    if (!rc)
        rc = svc_audit_json(c, x->a, "draft.start", "draft",
                            arena_printf(x->ar, "%lld", (long long)row.id),
                            jpack("{s:s}", "procedure", x->procedure_code), e);
    return rc ? rc : draft_view(c, x, &row, e);
}

int svc_draft_start(struct svc *s, const struct actor *a, struct arena *ar,
                    const char *procedure_code, const char *unit_key, json_t *data,
                    struct svc_draft *out, struct err *e)
{
    int rc = require_citizen(a, e);
    if (rc)
        return rc;
    struct draft_ctx x = {.a = a,
                          .ar = ar,
                          .procedure_code = procedure_code,
                          .unit_key = unit_key,
                          .data = data,
                          .out = out,
                          .s = s};
    return db_tx(s->db, start_tx, &x, e);
}

static int get_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct draft_ctx *x = ctx;
    struct online_draft_row row;
    int rc = online_draft_get(c, x->ar, x->id, x->a->user_id, &row, e);
    return rc ? rc : draft_view(c, x, &row, e);
}

int svc_draft_get(struct svc *s, const struct actor *a, struct arena *ar, int64_t id,
                  struct svc_draft *out, struct err *e)
{
    struct draft_ctx x = {.a = a, .ar = ar, .id = id, .out = out, .s = s};
    return db_with_conn(s->db, get_read, &x, e);
}

static int save_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct draft_ctx *x = ctx;
    struct online_draft_row row;
    struct online_proc p = {0};
    struct draft_fields f;
    int64_t unit = 0;
    int rc = online_draft_get(c, x->ar, x->id, x->a->user_id, &row, e);
    if (!rc && row.dossier_code)
        rc = err_set(e, E_CONFLICT, "id", "Hồ sơ nháp đã được nộp, không sửa được nữa");
    if (!rc)
        rc = load_proc(c, x->ar, row.procedure_code, &p, e);
    if (!rc)
        rc = choose_unit(&p, x->unit_key, &unit, e);
    if (!rc)
        rc = check_data(x->data, &p, &f, e);
    if (!rc && !(row.data = data_text(x->ar, x->data, e)))
        rc = e->code;
    if (rc)
        return rc;
    row.unit_key = given(x->unit_key) ? x->unit_key : NULL;
    row.updated_at = svc_now();
    rc = online_draft_save(c, &row, e);
    return rc ? rc : draft_view(c, x, &row, e);
}

int svc_draft_save(struct svc *s, const struct actor *a, struct arena *ar, int64_t id,
                   const char *unit_key, json_t *data, struct svc_draft *out, struct err *e)
{
    struct draft_ctx x = {
        .a = a, .ar = ar, .id = id, .unit_key = unit_key, .data = data, .out = out, .s = s};
    if (!data)
        return err_set(e, E_INVALID, "data", "Thiếu dữ liệu hồ sơ (data)");
    return db_tx(s->db, save_tx, &x, e);
}

struct check_ctx {
    const struct actor *a;
    struct arena *ar;
    int64_t id;
    const char *unit_key;
    json_t *data;
    int complete;
    struct problems p;
};

static int check_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct check_ctx *x = ctx;
    struct online_draft_row row;
    struct online_proc p = {0};
    struct draft_fields f;
    struct err pe = {0};
    int64_t unit = 0;
    int rc = online_draft_get(c, x->ar, x->id, x->a->user_id, &row, e);
    if (!rc && row.dossier_code)
        rc = err_set(e, E_CONFLICT, "id", "Hồ sơ nháp đã được nộp, không sửa được nữa");
    if (!rc)
        rc = load_proc(c, x->ar, row.procedure_code, &p, e);
    if (rc)
        return rc;
    int unit_bad = choose_unit(&p, x->unit_key, &unit, &pe);
    stop_at(&x->p, unit_bad, &pe);
    int shape = !json_is_object(x->data) ? err_set(&pe, E_INVALID, "data", "Thiếu dữ liệu hồ sơ")
                                         : check_shape(x->data, &f, &pe);
    stop_at(&x->p, shape, &pe);
    if (!shape)
        check_values(&f, p.body.ncomponents, &x->p, &pe);
    /* A unit named but unknown was reported already; "choose one" would say it twice. */
    if (!shape && x->complete)
        check_complete(&f, unit_bad ? -1 : unit, &x->p, &pe);
    return 0;
}

int svc_draft_check(struct svc *s, const struct actor *a, struct arena *ar, int64_t id,
                    const char *unit_key, json_t *data, int complete, struct err *problems, int max,
                    int *n, struct err *e)
{
    struct check_ctx x = {a, ar, id, unit_key, data, complete, {problems, 0, max, 0}};
    int rc = db_with_conn(s->db, check_read, &x, e);
    *n = rc ? 0 : x.p.n;
    return rc;
}

struct list_ctx {
    const struct actor *a;
    struct arena *ar;
    struct svc_draft *drafts;
    struct svc_my_dossier *dossiers;
    int n;
};

static int list_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct list_ctx *x = ctx;
    struct online_draft_row *rows = NULL;
    int rc = online_draft_list(c, x->ar, x->a->user_id, MAX_DRAFTS, &rows, &x->n, e);
    if (rc)
        return rc;
    x->drafts = arena_alloc(x->ar, sizeof *x->drafts * (size_t)(x->n + 1));
    for (int i = 0; i < x->n; i++) {
        struct dossier_proc proc = {.name = ""};
        char today[16];
        cal_format_date(cal_local_day(svc_now()), today, sizeof today);
        if (dossier_proc_in_force(c, x->ar, rows[i].procedure_code, today, &proc, NULL) != 0)
            proc.name = rows[i].procedure_code;
        x->drafts[i] = (struct svc_draft){.id = rows[i].id,
                                          .created_at = rows[i].created_at,
                                          .updated_at = rows[i].updated_at,
                                          .procedure_code = rows[i].procedure_code,
                                          .procedure_name = proc.name,
                                          .unit_key = rows[i].unit_key,
                                          .data = rows[i].data,
                                          .dossier_code = rows[i].dossier_code};
    }
    return 0;
}

int svc_draft_list(struct svc *s, const struct actor *a, struct arena *ar, struct svc_draft **out,
                   int *n, struct err *e)
{
    struct list_ctx x = {a, ar, NULL, NULL, 0};
    int rc = db_with_conn(s->db, list_read, &x, e);
    *out = x.drafts;
    *n = x.n;
    return rc;
}

/* --- submission --- */

/* The counts the citizen declared (a JSON array) as the checklist's received counts. */
static int insert_declared(struct db_conn *c, struct arena *ar, int64_t id,
                           const struct procedure *body, json_t *declared, struct err *e)
{
    size_t n = json_array_size(declared);
    int *counts = arena_alloc(ar, sizeof *counts * (n + 1));
    for (size_t i = 0; i < n; i++)
        counts[i] = (int)json_integer_value(json_array_get(declared, i));
    return dossier_insert_components(c, id, body, counts, (int)n, e);
}

static int record_submission(struct db_conn *c, struct draft_ctx *x, struct dossier_row *d,
                             const struct online_proc *p, json_t *declared, struct err *e)
{
    const struct proc_time_limit *limit = &p->body.time_limit;
    enum dossier_state to;
    int rc = dossier_transition(DS_NONE, DA_SUBMIT_ONLINE, &to, e);
    if (rc)
        return rc;
    d->state = dossier_state_name(to);
    d->national_status = dossier_national_status(to);
    d->limit_unit = cal_unit_name(limit->unit);
    d->limit_value = limit->value == PROC_UNKNOWN ? 0 : (int)limit->value;
    d->fee_total = proc_fee_total(&p->body);
    /* Waiting for the receptionists of the receiving unit: the inbox shows it to them. */
    d->step_unit_id = d->receiving_unit_id;
    d->step_role = "receptionist";
    d->lookup_token = svc_dossier_lookup_token(x->ar); /* the lookup's second factor */
    if ((rc = dossier_insert(c, d, &d->id, e)) != 0 ||
        (rc = insert_declared(c, x->ar, d->id, &p->body, declared, e)) != 0 ||
        (rc = dossier_log(x->s, c, x->a, d, dossier_action_name(DA_SUBMIT_ONLINE), "none", 0, NULL,
                          NULL, d->received_at, e)) != 0)
        return rc;
    struct svc_outbox_new msg = {.channel = "internal",
                                 .recipient = x->a->username,
                                 .event = "dossier.submitted",
                                 .dossier_id = d->id,
                                 .user_id = x->a->user_id,
                                 .now = d->received_at};
    rc = svc_outbox_add(c, &msg,
                        jpack("{s:s, s:s}", "code", d->code, "procedure", d->procedure_name), e);
    if (!rc)
        rc = svc_audit_json(c, x->a, "dossier.submit_online", "dossier", d->code,
                            jpack("{s:s, s:i, s:s, s:I}", "procedure", d->procedure_code,
                                  "procedure_version", p->proc.version_no, "state", d->state,
                                  "draft", (json_int_t)x->id),
                            e);
    return rc;
}

static int submit_with(struct db_conn *c, struct draft_ctx *x, struct online_draft_row *row,
                       struct online_proc *p, struct err *e)
{
    struct draft_fields f;
    struct org_tree t;
    struct user_row u;
    int64_t unit = 0, now = svc_now();
    json_t *data = json_loads(row->data, 0, NULL);
    char phone[VALIDATE_PHONE_SIZE] = "";
    int rc = choose_unit(p, row->unit_key, &unit, e);
    if (!rc)
        rc = check_data(data, p, &f, e);
    if (!rc)
        rc = check_complete(&f, unit, NULL, e);
    if (!rc)
        rc = user_get(c, x->ar, x->a->user_id, &u, e);
    if (!rc)
        rc = org_tree_of(x->s, c, &t, e);
    const char *phone_in = given(f.phone) ? f.phone : u.phone;
    if (!rc && given(phone_in))
        rc = validate_phone(phone_in, phone, "data.applicant.phone", e);
    char *fold = NULL;
    if (!rc)
        rc = text_fold(x->ar, u.full_name, &fold);
    if (!rc)
        rc = dossier_issue_code(c, x->ar, &t, unit, now, &x->code, e);
    if (rc)
        goto out;
    struct dossier_row d = {
        .code = x->code,
        .procedure_version_id = p->proc.version_id,
        .procedure_code = row->procedure_code,
        .procedure_name = p->proc.name,
        .receiving_unit_id = unit,
        .channel = "online",
        .return_method = given(f.return_method) ? f.return_method : "online",
        .applicant_kind = "person",
        .applicant_name = u.full_name,
        .applicant_fold = fold ? fold : "",
        .applicant_id = f.id_number,
        .applicant_birth = given(f.birth_date) ? f.birth_date : NULL,
        .applicant_phone = phone[0] ? arena_strdup(x->ar, phone) : NULL,
        .applicant_email = given(f.email) ? f.email : u.email,
        .applicant_address = given(f.address) ? f.address : NULL,
        .applicant_user_id = x->a->user_id,
        .sets = 1,
        .reason = given(f.note) ? f.note : NULL,
        .received_at = now,
        .updated_at = now,
        .created_by = x->a->user_id,
    };
    rc = record_submission(c, x, &d, p, f.components, e);
    /* The components uploaded with the draft become the dossier's, in the same transaction. */
    if (!rc)
        rc = file_draft_to_dossier(c, row->id, d.id, x->a->user_id, e);
    if (!rc)
        rc = online_draft_mark_submitted(c, row->id, x->code, now, e);
out:
    json_decref(data);
    return rc;
}

static int submit_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct draft_ctx *x = ctx;
    struct online_draft_row row;
    struct online_proc p = {0};
    int rc = online_draft_get(c, x->ar, x->id, x->a->user_id, &row, e);
    if (!rc && row.dossier_code) {
        x->code = row.dossier_code;
        return 1;
    }
    if (!rc)
        rc = load_proc(c, x->ar, row.procedure_code, &p, e);
    if (!rc)
        rc = submit_with(c, x, &row, &p, e);
    return rc;
}

int svc_draft_submit(struct svc *s, const struct actor *a, struct arena *ar, int64_t id,
                     const char **code, struct err *e)
{
    int rc = require_citizen(a, e);
    if (rc)
        return rc;
    struct draft_ctx x = {.a = a, .ar = ar, .id = id, .s = s};
    rc = db_tx(s->db, submit_tx, &x, e);
    if (rc >= 0)
        *code = x.code;
    return rc;
}

/* --- the citizen's own dossiers --- */

static int mine_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct list_ctx *x = ctx;
    struct dossier_query q = {.applicant_user_id = x->a->user_id, .limit = MAX_MINE};
    struct dossier_row *rows = NULL;
    int rc = x->a->user_id ? dossier_search(c, x->ar, &q, &rows, &x->n, e) : 0;
    if (rc)
        return rc;
    x->dossiers = arena_alloc(x->ar, sizeof *x->dossiers * (size_t)(x->n + 1));
    for (int i = 0; i < x->n; i++) {
        enum dossier_state st = DS_NONE, to;
        dossier_state_parse(rows[i].state, &st);
        x->dossiers[i] = (struct svc_my_dossier){
            rows[i].code,        rows[i].procedure_name,
            rows[i].state,       dossier_state_label(st),
            rows[i].channel,     rows[i].national_status,
            rows[i].version,     rows[i].received_at,
            rows[i].accepted_at, rows[i].due_at,
            rows[i].finished_at, dossier_transition(st, DA_WITHDRAW, &to, NULL) == 0};
    }
    return 0;
}

int svc_my_dossiers(struct svc *s, const struct actor *a, struct arena *ar,
                    struct svc_my_dossier **out, int *n, struct err *e)
{
    struct list_ctx x = {a, ar, NULL, NULL, 0};
    int rc = db_with_conn(s->db, mine_read, &x, e);
    *out = x.dossiers;
    *n = x.n;
    return rc;
}

struct own_ctx {
    const struct actor *a;
    const char *code;
    int version;
};

static int own_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct own_ctx *x = ctx;
    struct arena *ar = arena_new();
    struct dossier_row d;
    int rc = dossier_get(c, ar, x->code, &d, e);
    if (!rc && (!x->a->user_id || d.applicant_user_id != x->a->user_id))
        rc = err_set(e, E_NOTFOUND, "code", "Không tìm thấy hồ sơ có mã này");
    if (!rc)
        x->version = d.version;
    arena_free(ar);
    return rc;
}

int svc_my_withdraw(struct svc *s, const struct actor *a, const char *code, int expected_version,
                    const char *reason, struct svc_dossier_after *after, struct err *e)
{
    struct own_ctx x = {a, code ? code : "", 0};
    int rc = db_with_conn(s->db, own_read, &x, e);
    if (rc)
        return rc;
    struct svc_dossier_act act = {
        .action = dossier_action_name(DA_WITHDRAW),
        .expected_version = expected_version ? expected_version : x.version,
        .note = given(reason) ? reason : "Người nộp rút hồ sơ (yêu cầu trực tuyến)"};
    return dossier_act_by_applicant(s, a, code, &act, after, e);
}

int svc_online_answer_due(struct svc *s, const char *unit_key, int64_t submitted_at, int64_t *due,
                          struct err *e)
{
    return svc_calendar_due(s, unit_key, submitted_at, "hours", SVC_ONLINE_ANSWER_HOURS, due, e);
}
