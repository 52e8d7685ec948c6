/* feedback.c — citizens' feedback and petitions over the API: a citizen sends one and reads
 * their own with the answers; leaders, admins and auditors list them by due time; leaders
 * and admins answer. */
#include "api.h"
#include "jpack.h"
#include "api_ratings.h"

#include "jspec.h"
#include "svc_feedback.h"

static json_t *feedback_json(const struct svc_feedback *f)
{
    return jpack("{s:I, s:s, s:s, s:s?, s:s?, s:s, s:I, s:I, s:o, s:s?, s:s?, s:b, s:s}", "id",
                 (json_int_t)f->id, "category", f->category, "text", f->text, "procedure_code",
                 f->procedure_code, "dossier_code", f->dossier_code, "author", f->author,
                 "created_at", (json_int_t)f->created_at, "due_at", (json_int_t)f->due_at,
                 "answered_at", f->answered_at ? json_integer(f->answered_at) : json_null(),
                 "answer", f->answer, "answered_by", f->answerer, "overdue", f->overdue, "status",
                 f->answered_at ? "answered" : "open");
}

static json_t *list_json(const struct svc_feedback *list, int n)
{
    json_t *out = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(out, feedback_json(&list[i]));
    return jpack("{s:o}", "feedback", out);
}

int api_feedback_send(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    struct svc_feedback_in in = {0};
    const struct jspec spec[] = {
        {"category", JSPEC_STRING, 1, 1, 32, &in.category, "Loại phản ánh"},
        {"text", JSPEC_STRING, 1, 1, 4000, &in.text, "Nội dung"},
        {"procedure_code", JSPEC_STRING, 0, 0, 32, &in.procedure_code, "Mã thủ tục"},
        {"dossier_code", JSPEC_STRING, 0, 0, 64, &in.dossier_code, "Mã hồ sơ"},
        JSPEC_END,
    };
    if (api_body_or_reply(r, w, spec))
        return 0;
    struct svc_feedback f;
    struct err e = {0};
    if (svc_feedback_send(app->svc, a, r->arena, &in, &f, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 201, feedback_json(&f));
}

int api_feedback_list(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    struct svc_feedback *list = NULL;
    int n = 0;
    struct err e = {0};
    if (svc_feedback_list(app->svc, a, r->arena, http_query(r, "status"), &list, &n, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 200, list_json(list, n));
}

int api_feedback_mine(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    struct svc_feedback *list = NULL;
    int n = 0;
    struct err e = {0};
    if (svc_feedback_mine(app->svc, a, r->arena, &list, &n, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 200, list_json(list, n));
}

int api_feedback_answer(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    const char *answer = NULL;
    const struct jspec spec[] = {
        {"answer", JSPEC_STRING, 1, 1, 4000, &answer, "Nội dung trả lời"},
        JSPEC_END,
    };
    if (api_body_or_reply(r, w, spec))
        return 0;
    int64_t id = api_id_or_reply(r, w, "Không tìm thấy phản ánh, kiến nghị này");
    if (!id)
        return 0;
    struct svc_feedback f;
    struct err e = {0};
    if (svc_feedback_answer(app->svc, a, r->arena, id, answer, &f, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 200, feedback_json(&f));
}
