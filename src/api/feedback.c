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

int api_feedback_send(struct api_call *c)
{
    struct svc_feedback_in in = {0};
    const struct jspec spec[] = {
        JSPEC_STR("category", 1, 1, 32, &in.category, "Loại phản ánh"),
        JSPEC_STR("text", 1, 1, 4000, &in.text, "Nội dung"),
        JSPEC_STR("procedure_code", 0, 0, 32, &in.procedure_code, "Mã thủ tục"),
        JSPEC_STR("dossier_code", 0, 0, 64, &in.dossier_code, "Mã hồ sơ"),
        JSPEC_END,
    };
    if (api_body(c, spec))
        return API_FAILED;
    struct svc_feedback f;
    if (svc_feedback_send(c->svc, c->actor, c->arena, &in, &f, &c->e))
        return API_FAILED;
    return api_json(c, 201, feedback_json(&f));
}

int api_feedback_list(struct api_call *c)
{
    struct svc_feedback *list = NULL;
    int n = 0;
    if (svc_feedback_list(c->svc, c->actor, c->arena, http_query(c->r, "status"), &list, &n, &c->e))
        return API_FAILED;
    return api_json(c, 200, list_json(list, n));
}

int api_feedback_mine(struct api_call *c)
{
    struct svc_feedback *list = NULL;
    int n = 0;
    if (svc_feedback_mine(c->svc, c->actor, c->arena, &list, &n, &c->e))
        return API_FAILED;
    return api_json(c, 200, list_json(list, n));
}

int api_feedback_answer(struct api_call *c)
{
    const char *answer = NULL;
    const struct jspec spec[] = {
        JSPEC_STR("answer", 1, 1, 4000, &answer, "Nội dung trả lời"),
        JSPEC_END,
    };
    if (api_body(c, spec))
        return API_FAILED;
    int64_t id = api_id(c, "Không tìm thấy phản ánh, kiến nghị này");
    if (!id)
        return API_FAILED;
    struct svc_feedback f;
    if (svc_feedback_answer(c->svc, c->actor, c->arena, id, answer, &f, &c->e))
        return API_FAILED;
    return api_json(c, 200, feedback_json(&f));
}
