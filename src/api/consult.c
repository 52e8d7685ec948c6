/* consult.c — consultation of another unit over the API: the officer of the current step asks
 * another unit about a dossier (with the version they saw, like an action), the consulted
 * unit's staff list what is waiting for them, due soonest first, and answer. */
#include "api.h"
#include "jpack.h"
#include "api_consult.h"

#include "jspec.h"
#include "svc_dossier.h"

static json_t *opt_time(int64_t t)
{
    return t ? json_integer(t) : json_null();
}

static json_t *consultation_json(const struct svc_consultation *k)
{
    return jpack("{s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:I, s:I, s:o, s:s?, "
                 "s:s?, s:b, s:b}",
                 "id", (json_int_t)k->id, "dossier_code", k->dossier_code, "procedure_name",
                 k->procedure_name, "from_unit_key", k->from_unit_key, "from_unit_name",
                 k->from_unit_name, "to_unit_key", k->to_unit_key, "to_unit_name", k->to_unit_name,
                 "question", k->question, "requested_by", k->requested_by, "requested_at",
                 (json_int_t)k->requested_at, "due_at", (json_int_t)k->due_at, "answered_at",
                 opt_time(k->answered_at), "answer", k->answer, "answered_by", k->answered_by,
                 "overdue", k->overdue, "can_answer", k->can_answer);
}

int api_consult_ask(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    const char *unit_key = NULL, *question = NULL;
    int64_t version = 0, hours = 0;
    const struct jspec spec[] = {
        {"unit_key", JSPEC_STRING, 1, 1, 64, &unit_key, "Đơn vị được xin ý kiến"},
        {"question", JSPEC_STRING, 1, 1, 2000, &question, "Nội dung xin ý kiến"},
        {"budget_hours", JSPEC_INT, 1, 1, 240, &hours, "Thời hạn trả lời (giờ làm việc)"},
        {"expected_version", JSPEC_INT, 1, 0, 1000000, &version, "Phiên bản hồ sơ"},
        JSPEC_END,
    };
    if (api_body_or_reply(r, w, spec))
        return 0;
    int64_t id = 0;
    struct err e = {0};
    if (svc_dossier_consult(app->svc, a, http_param(r, "code"), (int)version, unit_key, question,
                            (int)hours, &id, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 201,
                          jpack("{s:I, s:s, s:i}", "id", (json_int_t)id, "dossier_code",
                                http_param(r, "code"), "version", (int)version + 1));
}

int api_consult_open(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    struct svc_consultation *rows = NULL;
    int n = 0;
    struct err e = {0};
    if (svc_dossier_consultations_open(app->svc, a, r->arena, &rows, &n, &e))
        return http_resp_err(w, &e);
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(list, consultation_json(&rows[i]));
    return http_resp_json(w, 200, jpack("{s:o}", "consultations", list));
}

int api_consult_answer(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    int64_t id = api_id_or_reply(r, w, "Không tìm thấy yêu cầu xin ý kiến này");
    if (!id)
        return 0;
    const char *answer = NULL;
    const struct jspec spec[] = {
        {"answer", JSPEC_STRING, 1, 1, 4000, &answer, "Nội dung trả lời"},
        JSPEC_END,
    };
    if (api_body_or_reply(r, w, spec))
        return 0;
    struct err e = {0};
    if (svc_dossier_consult_answer(app->svc, a, id, answer, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 200, jpack("{s:I, s:s}", "id", (json_int_t)id, "status", "answered"));
}
