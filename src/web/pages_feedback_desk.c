/* pages_feedback_desk.c — where a leader answers citizens' feedback. The open items come first,
 * soonest due first (the service's order), each marked when it is past its 15-working-day
 * deadline and followed by its answer form; then the answered ones. The service decides what
 * a leader sees (their units, and feedback about no unit) and who may answer (leaders and
 * administrators; auditors read only); the answer reaches the citizen through the outbox. */
#include "pages_feedback_desk.h"
#include "jpack.h"

#include "dossier_view.h"
#include "page.h"
#include "svc_feedback.h"

#include <string.h>

static const char *category_label(const char *key)
{
    static const struct {
        const char *key, *label;
    } cats[] = {{"policy", "Quy định, chính sách"},
                {"staff_conduct", "Hành vi, thái độ của cán bộ, công chức"},
                {"other", "Vấn đề khác"}};
    for (size_t i = 0; i < sizeof cats / sizeof cats[0]; i++)
        if (strcmp(cats[i].key, key) == 0)
            return cats[i].label;
    return key;
}

/* The items of one list; failed_id and e put a refused answer beside its item. */
static json_t *items_json(struct http_req *r, const struct svc_feedback *f, int n, int can_answer,
                          int64_t failed_id, const struct err *e)
{
    json_t *out = json_array();
    for (int i = 0; i < n; i++) {
        json_t *j = jpack("{s:I, s:s, s:s?, s:s?, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:b, s:b}",
                          "id", (json_int_t)f[i].id, "category", category_label(f[i].category),
                          "created", dview_when(r, f[i].created_at), "due",
                          dview_when(r, f[i].due_at), "text", f[i].text, "author", f[i].author,
                          "dossier_code", f[i].dossier_code, "answer", f[i].answer, "answered",
                          dview_when(r, f[i].answered_at), "answered_by", f[i].answerer, "overdue",
                          f[i].overdue, "can_answer", can_answer && !f[i].answered_at);
        if (e && f[i].id == failed_id) {
            json_object_set_new(j, "answer_error", json_string(e->msg));
            const char *given = http_form(r, "answer");
            json_object_set_new(j, "draft", json_string(given ? given : ""));
        }
        json_array_append_new(out, j);
    }
    return out;
}

static int feedback_page(struct http_req *r, struct http_resp *w, const struct actor *a, int status,
                         int64_t failed_id, const struct err *failure)
{
    struct svc *s = page_app(r)->svc;
    struct svc_feedback *open = NULL, *answered = NULL;
    int nopen = 0, nanswered = 0, overdue = 0;
    struct err e = {0};
    if (svc_feedback_list(s, a, r->arena, "open", &open, &nopen, &e) ||
        svc_feedback_list(s, a, r->arena, "answered", &answered, &nanswered, &e))
        return app_err(r, w, &e);
    for (int i = 0; i < nopen; i++)
        overdue += open[i].overdue;
    int can_answer = (actor_roles(a) & (ROLE_LEADER | ROLE_ADMIN)) != 0;
    json_t *ctx =
        jpack("{s:o, s:o, s:i, s:i, s:b}", "open",
              items_json(r, open, nopen, can_answer, failed_id, failure), "answered",
              items_json(r, answered, nanswered, 0, 0, NULL), "open_count", nopen, "overdue_count",
              overdue, "done", http_query(r, "xong") != NULL && !failure);
    if (failure)
        json_object_set_new(ctx, "errors",
                            jpack("[{s:s, s:s}]", "field", "answer", "message", failure->msg));
    return page_render(r, w, status, "desk_feedback", "Phản ánh, kiến nghị", ctx);
}

int page_desk_feedback(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    const struct actor *a = app_role_or_reply(r, w, ROLE_LEADER | ROLE_ADMIN | ROLE_AUDITOR);
    if (!a)
        return 0;
    return feedback_page(r, w, a, 200, 0, NULL);
}

int page_desk_feedback_answer(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_STAFF);
    if (!a)
        return 0;
    int64_t id = http_param_id(r, "id");
    struct svc_feedback out;
    struct err e = {0};
    int rc = !id ? err_set(&e, E_NOTFOUND, "id", "Không tìm thấy phản ánh, kiến nghị này")
                 : svc_feedback_answer(app->svc, a, r->arena, id, http_form(r, "answer"), &out, &e);
    if (rc == E_INVALID || rc == E_CONFLICT)
        return feedback_page(r, w, a, http_status_for(rc), id, &e);
    if (rc)
        return app_err(r, w, &e);
    http_resp_redirect(w, arena_printf(r->arena, "/desk/phan-anh?xong=%lld#pa-%lld", (long long)id,
                                       (long long)id));
    return 0;
}
