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

int api_consult_ask(struct api_call *c)
{
    const char *unit_key = NULL, *question = NULL;
    int64_t version = 0, hours = 0;
    const struct jspec spec[] = {
        JSPEC_STR("unit_key", 1, 1, 64, &unit_key, "Đơn vị được xin ý kiến"),
        JSPEC_STR("question", 1, 1, 2000, &question, "Nội dung xin ý kiến"),
        JSPEC_NUM("budget_hours", 1, 1, 240, &hours, "Thời hạn trả lời (giờ làm việc)"),
        JSPEC_NUM("expected_version", 1, 0, 1000000, &version, "Phiên bản hồ sơ"),
        JSPEC_END,
    };
    if (api_body(c, spec))
        return API_FAILED;
    int64_t id = 0;
    if (svc_dossier_consult(c->svc, c->actor, http_param(c->r, "code"), (int)version, unit_key,
                            question, (int)hours, &id, &c->e))
        return API_FAILED;
    return api_json(c, 201,
                    jpack("{s:I, s:s, s:i}", "id", (json_int_t)id, "dossier_code",
                          http_param(c->r, "code"), "version", (int)version + 1));
}

int api_consult_open(struct api_call *c)
{
    struct svc_consultation *rows = NULL;
    int n = 0;
    if (svc_dossier_consultations_open(c->svc, c->actor, c->arena, &rows, &n, &c->e))
        return API_FAILED;
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(list, consultation_json(&rows[i]));
    return api_json(c, 200, jpack("{s:o}", "consultations", list));
}

int api_consult_answer(struct api_call *c)
{
    int64_t id = api_id(c, "Không tìm thấy yêu cầu xin ý kiến này");
    if (!id)
        return API_FAILED;
    const char *answer = NULL;
    const struct jspec spec[] = {
        JSPEC_STR("answer", 1, 1, 4000, &answer, "Nội dung trả lời"),
        JSPEC_END,
    };
    if (api_body(c, spec))
        return API_FAILED;
    if (svc_dossier_consult_answer(c->svc, c->actor, id, answer, &c->e))
        return API_FAILED;
    return api_json(c, 200, jpack("{s:I, s:s}", "id", (json_int_t)id, "status", "answered"));
}
