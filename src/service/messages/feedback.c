/* feedback.c — feedback and petitions from citizens (svc_feedback.h). The due time is fixed
 * when the feedback arrives (15 working days on the calendar in force, from the default
 * office hours: feedback is not received at one counter), so lists sort and flag overdue
 * items without recomputing anything. Feedback about a dossier belongs to the dossier's
 * receiving unit: its leaders (and those above) see and answer it; feedback about nothing
 * in particular is for every leader. Administrators and auditors see everything. The answer
 * reaches the citizen through the outbox, in the transaction that records it. */
#include "svc_feedback.h"
#include "jpack.h"

#include "dossier_state.h"
#include "org_tree.h"
#include "feedback_store.h"
#include "notify_internal.h"
#include "procedure_store.h"
#include "svc_calendar.h"
#include "user_store.h"

#include <string.h>

#define MAX_TEXT   4000
#define MAX_LISTED 500

static int is(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static int given(const char *s)
{
    return s && *s;
}

static int check_input(const struct svc_feedback_in *in, struct err *e)
{
    if (!is(in->category, "policy") && !is(in->category, "staff_conduct") &&
        !is(in->category, "other"))
        return err_set(e, E_INVALID, "category",
                       "Loại phản ánh phải là policy, staff_conduct hoặc other");
    if (!given(in->text) || strlen(in->text) > MAX_TEXT)
        return err_set(e, E_INVALID, "text", "Nội dung phản ánh phải có từ 1 đến %d byte",
                       MAX_TEXT);
    return 0;
}

static struct svc_feedback feedback_out(const struct feedback_row *r, int64_t now)
{
    int64_t end = r->answered_at ? r->answered_at : now;
    return (struct svc_feedback){.id = r->id,
                                 .created_at = r->created_at,
                                 .due_at = r->due_at,
                                 .answered_at = r->answered_at,
                                 .category = r->category,
                                 .text = r->text,
                                 .procedure_code = r->procedure_code,
                                 .dossier_code = r->dossier_code,
                                 .answer = r->answer,
                                 .author = r->author,
                                 .answerer = r->answerer,
                                 .overdue = end > r->due_at};
}

struct fb_ctx {
    struct svc *s;
    const struct actor *a;
    struct arena *ar;
    const struct svc_feedback_in *in;
    struct feedback_row row;
    enum feedback_filter filter;
    int64_t id;
    const char *answer;
    struct svc_feedback *out;
    struct feedback_row *rows;
    int n;
};

/* The dossier must be the sender's own; it gives the unit and, when missing, the procedure. */
static int attach_dossier(struct db_conn *c, struct fb_ctx *x, struct err *e)
{
    struct dossier_row d;
    int rc = dossier_get(c, x->ar, x->in->dossier_code, &d, e);
    if (rc && rc != E_NOTFOUND)
        return rc;
    if (rc || d.applicant_user_id != x->a->user_id)
        return err_set(e, E_INVALID, "dossier_code", "Bạn không có hồ sơ nào mang mã này");
    x->row.dossier_code = d.code;
    x->row.unit_id = d.receiving_unit_id;
    if (!x->row.procedure_code)
        x->row.procedure_code = d.procedure_code;
    return 0;
}

static int check_procedure(struct db_conn *c, struct fb_ctx *x, struct err *e)
{
    struct proc_row p;
    int rc = proc_get(c, x->ar, x->row.procedure_code, &p, e);
    if (rc == E_NOTFOUND)
        return err_set(e, E_INVALID, "procedure_code", "Không có thủ tục '%s'",
                       x->row.procedure_code);
    return rc;
}

static int send_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct fb_ctx *x = ctx;
    x->row.procedure_code = given(x->in->procedure_code) ? x->in->procedure_code : NULL;
    x->row.dossier_code = NULL;
    x->row.unit_id = 0;
    int rc = x->row.procedure_code ? check_procedure(c, x, e) : 0;
    if (!rc && given(x->in->dossier_code))
        rc = attach_dossier(c, x, e);
    if (!rc)
        rc = feedback_insert(c, &x->row, &x->row.id, e);
    if (!rc)
        rc = svc_audit_json(
            c, x->a, "feedback.send", "feedback", arena_printf(x->ar, "%lld", (long long)x->row.id),
            jpack("{s:s, s:s?}", "category", x->row.category, "dossier", x->row.dossier_code), e);
    return rc;
}

int svc_feedback_send(struct svc *s, const struct actor *a, struct arena *ar,
                      const struct svc_feedback_in *in, struct svc_feedback *out, struct err *e)
{
    if (!a->user_id || !(actor_roles(a) & ROLE_CITIZEN))
        return err_set(e, E_FORBIDDEN, NULL, "Chỉ tài khoản công dân được gửi phản ánh, kiến nghị");
    int rc = check_input(in, e);
    if (rc)
        return rc;
    int64_t now = svc_now(), due = 0;
    if ((rc = svc_calendar_due(s, NULL, now, "working_days", SVC_FEEDBACK_DAYS, &due, e)) != 0)
        return rc;
    struct fb_ctx x = {.s = s, .a = a, .ar = ar, .in = in};
    x.row = (struct feedback_row){.user_id = a->user_id,
                                  .created_at = now,
                                  .due_at = due,
                                  .category = in->category,
                                  .text = in->text,
                                  .author = a->full_name};
    if ((rc = db_tx(s->db, send_tx, &x, e)) != 0)
        return rc;
    *out = feedback_out(&x.row, now);
    return 0;
}

static int mine_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct fb_ctx *x = ctx;
    return feedback_list(c, x->ar, FEEDBACK_ALL, x->a->user_id, MAX_LISTED, &x->rows, &x->n, e);
}

static int rows_out(struct fb_ctx *x, struct svc_feedback **out, int *n)
{
    int64_t now = svc_now();
    *out = arena_alloc(x->ar, sizeof **out * (size_t)(x->n + 1));
    for (int i = 0; i < x->n; i++)
        (*out)[i] = feedback_out(&x->rows[i], now);
    *n = x->n;
    return 0;
}

int svc_feedback_mine(struct svc *s, const struct actor *a, struct arena *ar,
                      struct svc_feedback **out, int *n, struct err *e)
{
    *n = 0;
    if (!a->user_id)
        return 0;
    struct fb_ctx x = {.s = s, .a = a, .ar = ar};
    int rc = db_with_conn(s->db, mine_read, &x, e);
    return rc ? rc : rows_out(&x, out, n);
}

/* Admins and auditors without a unit see all; leaders, and admins and auditors of a unit,
 * the feedback about the units their grants cover and the feedback about no unit. */
#define READERS (ROLE_LEADER | ROLE_ADMIN | ROLE_AUDITOR)
static int may_see(const struct org_tree *t, const struct actor *a, const struct feedback_row *f)
{
    if (perm_unscoped(a, ROLE_ADMIN | ROLE_AUDITOR))
        return 1;
    if (!perm_some(a, READERS))
        return 0;
    return !f->unit_id || dossier_role_at(t, a, READERS, f->unit_id, NULL) == 0;
}

/* Who may answer: leaders and admins whose grants cover the feedback's unit. */
static int may_answer(const struct org_tree *t, const struct actor *a, const struct feedback_row *f)
{
    int answerers = ROLE_LEADER | ROLE_ADMIN;
    if (perm_unscoped(a, ROLE_ADMIN))
        return 1;
    return f->unit_id ? dossier_role_at(t, a, answerers, f->unit_id, NULL) == 0
                      : (actor_roles(a) & answerers) != 0;
}

static int list_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct fb_ctx *x = ctx;
    struct org_tree t;
    int rc = org_tree_of(x->s, c, &t, e);
    if (!rc)
        rc = feedback_list(c, x->ar, x->filter, 0, MAX_LISTED, &x->rows, &x->n, e);
    int kept = 0;
    for (int i = 0; !rc && i < x->n; i++)
        if (may_see(&t, x->a, &x->rows[i]))
            x->rows[kept++] = x->rows[i];
    x->n = rc ? 0 : kept;
    return rc;
}

int svc_feedback_list(struct svc *s, const struct actor *a, struct arena *ar, const char *status,
                      struct svc_feedback **out, int *n, struct err *e)
{
    *n = 0;
    if (!perm_some(a, ROLE_LEADER | ROLE_ADMIN | ROLE_AUDITOR))
        return err_set(e, E_FORBIDDEN, NULL,
                       "Chỉ lãnh đạo, quản trị và thanh tra được xem phản ánh, kiến nghị");
    struct fb_ctx x = {.s = s, .a = a, .ar = ar};
    if (!status || is(status, "open"))
        x.filter = FEEDBACK_OPEN;
    else if (is(status, "answered"))
        x.filter = FEEDBACK_ANSWERED;
    else if (is(status, "all"))
        x.filter = FEEDBACK_ALL;
    else
        return err_set(e, E_INVALID, "status", "Trạng thái phải là open, answered hoặc all");
    int rc = db_with_conn(s->db, list_read, &x, e);
    return rc ? rc : rows_out(&x, out, n);
}

/* Tells the sender, at the contacts of their account, that the feedback was answered. */
static int tell_sender(struct db_conn *c, struct fb_ctx *x, int64_t now, struct err *e)
{
    struct user_row u;
    int rc = user_get(c, x->ar, x->row.user_id, &u, e);
    if (rc)
        return rc;
    struct notify_feedback f = {x->id,   u.id,    x->row.created_at,   u.username,  u.full_name,
                                u.email, u.phone, x->row.dossier_code, x->row.text, x->answer};
    return notify_feedback_answered(c, &f, now, e);
}

static int answer_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct fb_ctx *x = ctx;
    struct org_tree t;
    int rc = org_tree_of(x->s, c, &t, e);
    if (!rc)
        rc = feedback_get(c, x->ar, x->id, &x->row, e);
    if (!rc && !may_see(&t, x->a, &x->row))
        rc = err_set(e, E_NOTFOUND, "id", "Không tìm thấy phản ánh, kiến nghị này");
    if (!rc && !may_answer(&t, x->a, &x->row))
        rc = err_set(e, E_FORBIDDEN, "id",
                     "Phản ánh này thuộc đơn vị ngoài phạm vi trả lời của bạn");
    int64_t now = svc_now();
    if (!rc)
        rc = feedback_answer(c, x->id, x->answer, x->a->user_id, now, e);
    if (!rc)
        rc = tell_sender(c, x, now, e);
    if (!rc)
        rc = svc_audit_json(c, x->a, "feedback.answer", "feedback",
                            arena_printf(x->ar, "%lld", (long long)x->id),
                            jpack("{s:b}", "late", now > x->row.due_at), e);
    if (!rc) {
        x->row.answer = x->answer;
        x->row.answered_at = now;
        x->row.answered_by = x->a->user_id;
        x->row.answerer = x->a->full_name;
    }
    return rc;
}

int svc_feedback_answer(struct svc *s, const struct actor *a, struct arena *ar, int64_t id,
                        const char *answer, struct svc_feedback *out, struct err *e)
{
    if (!perm_some(a, ROLE_LEADER | ROLE_ADMIN))
        return err_set(e, E_FORBIDDEN, NULL,
                       "Chỉ lãnh đạo và quản trị được trả lời phản ánh, kiến nghị");
    if (!given(answer) || strlen(answer) > MAX_TEXT)
        return err_set(e, E_INVALID, "answer", "Nội dung trả lời phải có từ 1 đến %d byte",
                       MAX_TEXT);
    struct fb_ctx x = {.s = s, .a = a, .ar = ar, .id = id, .answer = answer};
    int rc = db_tx(s->db, answer_tx, &x, e);
    if (!rc)
        *out = feedback_out(&x.row, svc_now());
    return rc;
}
