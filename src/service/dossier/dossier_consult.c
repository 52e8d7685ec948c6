/* dossier_consult.c — consultation of another unit about a dossier (Decree 61/2018
 * Art. 19(5)): the officer of the current step asks another unit for its opinion, with a due
 * time of its own counted in the consulted unit's working time. Asking changes neither the
 * dossier's state nor its step, but it is an event of the dossier and bumps its version (the
 * page the officer saw is stale afterwards). While a consultation is open the consulted unit's
 * staff may read the dossier; its specialists and leaders answer, once. */
#include "consult_internal.h"
#include "jpack.h"

#include "consult_store.h"

#include <stdlib.h>
#include <string.h>

#define BUDGET_MAX_HOURS 240 /* 30 working days of 8 hours */
#define QUESTION_MAX     2000
#define ANSWER_MAX       4000
#define OPEN_MAX         200

static const char *unit_field(const struct org_tree *t, int64_t id, int name)
{
    const struct org_unit *u = org_tree_get(t, id);
    return u ? (name ? u->name : u->key) : NULL;
}

/* The unit with this key as it is now (a renamed or merged one has a successor). */
static const struct org_unit *unit_by_key(const struct org_tree *t, const char *key)
{
    for (int i = 0; key && i < t->n; i++)
        if (strcmp(t->units[i].key, key) == 0 && !t->units[i].successor_id)
            return &t->units[i];
    return NULL;
}

static struct svc_consultation view_of(const struct org_tree *t, const struct actor *a,
                                       const struct consult_row *k, int64_t now)
{
    int open = k->answered_at == 0;
    return (struct svc_consultation){
        .id = k->id,
        .requested_at = k->requested_at,
        .due_at = k->due_at,
        .answered_at = k->answered_at,
        .dossier_code = k->dossier_code,
        .procedure_name = k->procedure_name,
        .from_unit_key = unit_field(t, k->from_unit_id, 0),
        .from_unit_name = unit_field(t, k->from_unit_id, 1),
        .to_unit_key = unit_field(t, k->to_unit_id, 0),
        .to_unit_name = unit_field(t, k->to_unit_id, 1),
        .question = k->question,
        .requested_by = k->requested_by_name,
        .answer = k->answer,
        .answered_by = k->answered_by_name,
        .overdue = open && now > k->due_at,
        .can_answer = open && dossier_role_at(t, a, CONSULT_ANSWERERS, k->to_unit_id, NULL) == 0,
    };
}

int dossier_consult_views(struct db_conn *c, struct arena *ar, const struct org_tree *t,
                          const struct actor *a, int64_t id, struct svc_consultation **out, int *n,
                          struct err *e)
{
    struct consult_row *rows = NULL;
    int rc = consult_list(c, ar, id, &rows, n, e);
    if (rc)
        return rc;
    int64_t now = svc_now();
    *out = arena_alloc(ar, sizeof **out * (size_t)(*n + 1));
    for (int i = 0; i < *n; i++)
        (*out)[i] = view_of(t, a, &rows[i], now);
    return 0;
}

struct ask_ctx {
    struct svc *s;
    const struct actor *a;
    const char *code, *unit_key, *question;
    int expected_version, budget_hours;
    struct arena *ar;
    int64_t id;
};

static int check_ask(const struct ask_ctx *x, const struct org_tree *t, const struct dossier_row *d,
                     const struct org_unit *to, struct err *e)
{
    if (x->expected_version != d->version)
        return err_set(e, E_CONFLICT, "version",
                       "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang để xem trạng "
                       "thái mới nhất");
    int rc = dossier_may_consult_e(t, x->a, d, e);
    if (rc)
        return rc;
    if (!x->unit_key || !*x->unit_key)
        return err_set(e, E_INVALID, "unit_key", "Hãy chọn đơn vị được xin ý kiến trong danh sách");
    if (to && to->id == d->step_unit_id)
        return err_set(e, E_INVALID, "unit_key",
                       "Đơn vị được xin ý kiến phải khác đơn vị đang giải quyết hồ sơ");
    /* the units offered on the page are the only ones taken */
    struct svc_pick *units = NULL;
    int n = 0;
    dossier_pick_consulted(t, x->ar, d, &units, &n);
    if (!to || !dossier_pick_find(units, n, x->unit_key))
        return err_set(e, E_INVALID, "unit_key",
                       "Không có đơn vị '%s' để xin ý kiến: hãy chọn trong danh sách", x->unit_key);
    return 0;
}

int dossier_may_consult_e(const struct org_tree *t, const struct actor *a,
                          const struct dossier_row *d, struct err *e)
{
    enum dossier_state st;
    if (dossier_state_parse(d->state, &st) != 0 || st != DS_PROCESSING || !d->step_unit_id)
        return err_set(e, E_CONFLICT, "action",
                       "Chỉ xin ý kiến đơn vị khác khi hồ sơ đang được giải quyết");
    return dossier_role_at(t, a, role_from_name(d->step_role), d->step_unit_id, e);
}

static int ask_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct ask_ctx *x = ctx;
    struct org_tree t;
    struct dossier_row d;
    struct dossier_clock k;
    int64_t now = svc_now();
    int rc = org_tree_of(x->s, c, &t, e);
    if (!rc)
        rc = dossier_get(c, x->ar, x->code, &d, e);
    if (!rc)
        rc = dossier_visible(&t, x->a, &d, e);
    const struct org_unit *to = unit_by_key(&t, x->unit_key);
    if (!rc)
        rc = check_ask(x, &t, &d, to, e);
    if (rc)
        return rc;
    struct consult_row row = {.dossier_id = d.id,
                              .from_unit_id = d.step_unit_id,
                              .to_unit_id = to->id,
                              .requested_by = x->a->user_id,
                              .requested_at = now,
                              .question = x->question};
    if ((rc = dossier_clock_open(x->s, c, to->id, &k, e)) == 0)
        rc = dossier_clock_add(&k, now, (int64_t)x->budget_hours * 3600, &row.due_at, e);
    dossier_clock_close(&k);
    d.updated_at = now;
    if (rc || (rc = consult_insert(c, &row, &x->id, e)) != 0 ||
        (rc = dossier_update(c, &d, x->expected_version, e)) != 0 ||
        (rc = dossier_log(x->s, c, x->a, &d, "consult", d.state, d.step_unit_id, NULL,
                          arena_printf(x->ar, "%s: %s", to->name, x->question), now, e)) != 0)
        return rc;
    return svc_audit_json(c, x->a, "dossier.consult", "dossier", d.code,
                          jpack("{s:I, s:s, s:I}", "consultation", (json_int_t)x->id, "unit",
                                to->key, "due_at", (json_int_t)row.due_at),
                          e);
}

static int text_ok(const char *s, size_t max, const char *field, const char *what, struct err *e)
{
    if (!s || !*s || strlen(s) > max)
        return err_set(e, E_INVALID, field, "Vui lòng ghi %s (tối đa %zu ký tự)", what, max);
    return 0;
}

int svc_dossier_consult(struct svc *s, const struct actor *a, const char *code,
                        int expected_version, const char *unit_key, const char *question,
                        int budget_hours, int64_t *id, struct err *e)
{
    if (budget_hours < 1 || budget_hours > BUDGET_MAX_HOURS)
        return err_set(e, E_INVALID, "budget_hours",
                       "Thời hạn trả lời phải từ 1 đến %d giờ làm việc", BUDGET_MAX_HOURS);
    int rc = text_ok(question, QUESTION_MAX, "question", "nội dung xin ý kiến", e);
    if (rc)
        return rc;
    struct ask_ctx x = {
        s, a, code ? code : "", unit_key, question, expected_version, budget_hours, arena_new(), 0};
    rc = db_tx(s->db, ask_tx, &x, e);
    arena_free(x.ar);
    if (!rc && id)
        *id = x.id;
    return rc;
}

struct answer_ctx {
    struct svc *s;
    const struct actor *a;
    int64_t id;
    const char *answer;
    struct arena *ar;
};

static int answer_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct answer_ctx *x = ctx;
    struct org_tree t;
    struct consult_row k;
    struct dossier_row d;
    int64_t now = svc_now();
    int rc = org_tree_of(x->s, c, &t, e);
    if (!rc)
        rc = consult_get(c, x->ar, x->id, &k, e);
    if (!rc)
        rc = dossier_get(c, x->ar, k.dossier_code, &d, e);
    if (rc)
        return rc;
    /* Whoever may not see the dossier learns nothing about the consultation either. */
    if (dossier_role_at(&t, x->a, CONSULT_ANSWERERS, k.to_unit_id, NULL) != 0)
        return dossier_visible(&t, x->a, &d, NULL) == 0
                   ? err_set(e, E_FORBIDDEN, "id",
                             "Chỉ chuyên viên, lãnh đạo của đơn vị được xin ý kiến mới trả lời")
                   : err_set(e, E_NOTFOUND, "id", "Không tìm thấy yêu cầu xin ý kiến này");
    if ((rc = consult_answer(c, x->id, x->a->user_id, now, x->answer, e)) != 0 ||
        (rc = dossier_log(x->s, c, x->a, &d, "consult_answer", d.state, d.step_unit_id, NULL,
                          arena_printf(x->ar, "%s: %s", unit_field(&t, k.to_unit_id, 1), x->answer),
                          now, e)) != 0)
        return rc;
    return svc_audit_json(c, x->a, "dossier.consult_answer", "dossier", d.code,
                          jpack("{s:I}", "consultation", (json_int_t)x->id), e);
}

int svc_dossier_consult_answer(struct svc *s, const struct actor *a, int64_t consultation_id,
                               const char *answer, struct err *e)
{
    int rc = text_ok(answer, ANSWER_MAX, "answer", "nội dung trả lời", e);
    if (rc)
        return rc;
    struct answer_ctx x = {
        .s = s, .a = a, .id = consultation_id, .answer = answer, .ar = arena_new()};
    rc = db_tx(s->db, answer_tx, &x, e);
    arena_free(x.ar);
    return rc;
}

struct open_ctx {
    struct svc *s;
    const struct actor *a;
    struct arena *ar;
    struct svc_consultation *out;
    int n;
};

static int seen(const struct open_ctx *x, int64_t id)
{
    for (int i = 0; i < x->n; i++)
        if (x->out[i].id == id)
            return 1;
    return 0;
}

static int by_due(const void *pa, const void *pb)
{
    const struct svc_consultation *a = pa, *b = pb;
    if (a->due_at != b->due_at)
        return a->due_at < b->due_at ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

static int open_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct open_ctx *x = ctx;
    struct org_tree t;
    int64_t now = svc_now();
    int rc = org_tree_of(x->s, c, &t, e);
    x->out = arena_alloc(x->ar, sizeof *x->out * (size_t)(x->a->nroles * OPEN_MAX + 1));
    for (int i = 0; !rc && i < x->a->nroles; i++) {
        const struct actor_role *r = &x->a->roles[i];
        struct consult_row *rows = NULL;
        int n = 0;
        if (!(r->role & CONSULT_ANSWERERS) || !r->unit_id)
            continue;
        rc = consult_open(c, x->ar, r->unit_id, OPEN_MAX, &rows, &n, e);
        for (int j = 0; !rc && j < n; j++)
            if (!seen(x, rows[j].id))
                x->out[x->n++] = view_of(&t, x->a, &rows[j], now);
    }
    qsort(x->out, (size_t)x->n, sizeof *x->out, by_due);
    return rc;
}

int svc_dossier_consultations_open(struct svc *s, const struct actor *a, struct arena *ar,
                                   struct svc_consultation **out, int *n, struct err *e)
{
    if (!perm_some(a, ROLE_STAFF))
        return err_set(e, E_FORBIDDEN, NULL, "Chỉ cán bộ, công chức mới có hộp xin ý kiến");
    struct open_ctx x = {s, a, ar, NULL, 0};
    int rc = db_with_conn(s->db, open_read, &x, e);
    *out = x.out;
    *n = x.n;
    return rc;
}
