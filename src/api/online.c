/* online.c — the citizens' self-service API: registering an account and verifying it with
 * the one-time code, drafts of online dossiers (start, save, resume, submit) and "my
 * dossiers" with the withdrawal request. Drafts are addressed by number; a number that is not
 * the caller's own draft answers 404 exactly like one that does not exist. */
#include "api.h"
#include "jpack.h"
#include "api_dossiers.h"
#include "api_online.h"

#include "jspec.h"
#include "svc_online.h"

#include <string.h>

static json_t *opt_time(int64_t t)
{
    return t ? json_integer(t) : json_null();
}

int api_citizen_signup(struct api_call *c)
{
    struct svc_signup in = {.client_ip = c->r->client_ip};
    const struct jspec spec[] = {
        JSPEC_STR("login", 1, 1, 254, &in.login, "Số điện thoại hoặc thư điện tử"),
        JSPEC_STR("full_name", 1, 1, 200, &in.full_name, "Họ và tên"),
        JSPEC_STR("password", 1, 1, 256, &in.password, "Mật khẩu"),
        JSPEC_END,
    };
    if (api_body(c, spec))
        return API_FAILED;
    struct svc_signup_sent sent;
    if (svc_citizen_signup(c->svc, c->arena, &in, &sent, &c->e))
        return API_FAILED;
    return api_json(c, 201,
                    jpack("{s:s, s:s, s:I, s:s}", "username", sent.username, "channel",
                          sent.channel, "expires_at", (json_int_t)sent.expires_at, "verify_url",
                          "/api/v1/citizens/verify"));
}

int api_citizen_verify(struct api_call *c)
{
    const char *login = NULL, *code = NULL;
    const struct jspec spec[] = {
        JSPEC_STR("login", 1, 1, 254, &login, "Số điện thoại hoặc thư điện tử"),
        JSPEC_STR("code", 1, 1, 16, &code, "Mã xác minh"),
        JSPEC_END,
    };
    if (api_body(c, spec))
        return API_FAILED;
    if (svc_citizen_verify(c->svc, login, code, c->r->client_ip, &c->e))
        return API_FAILED;
    return api_json(c, 200, jpack("{s:b}", "active", 1));
}

static json_t *draft_json(const struct svc_draft *d)
{
    json_t *comps = json_array(), *units = json_array();
    for (int i = 0; i < d->ncomponents; i++)
        json_array_append_new(comps, jpack("{s:i, s:s, s:s, s:i}", "index", i, "name",
                                           d->components[i].name, "kind", d->components[i].kind,
                                           "count", d->components[i].required_count));
    for (int i = 0; i < d->nunits; i++)
        json_array_append_new(
            units, jpack("{s:s, s:s}", "key", d->units[i].key, "name", d->units[i].name));
    json_t *data = json_loads(d->data ? d->data : "{}", 0, NULL);
    return jpack("{s:I, s:s, s:s?, s:s?, s:s?, s:o, s:s?, s:I, s:I, s:{s:s?, s:s?, s:s?}, "
                 "s:o, s:o}",
                 "id", (json_int_t)d->id, "procedure_code", d->procedure_code, "procedure_name",
                 d->procedure_name, "online", d->online, "unit_key", d->unit_key, "data",
                 data ? data : json_object(), "dossier_code", d->dossier_code, "created_at",
                 (json_int_t)d->created_at, "updated_at", (json_int_t)d->updated_at, "applicant",
                 "name", d->applicant_name, "phone", d->account_phone, "email", d->account_email,
                 "components", comps, "units", units);
}

int64_t api_draft_id(struct api_call *c)
{
    return api_id(c, "Không tìm thấy hồ sơ nháp");
}

int api_draft_start(struct api_call *c)
{
    const char *procedure = NULL, *unit = NULL;
    json_t *data = NULL;
    const struct jspec spec[] = {
        JSPEC_STR("procedure_code", 1, 1, 32, &procedure, "Mã thủ tục"),
        JSPEC_STR("unit_key", 0, 0, 64, &unit, "Nơi tiếp nhận"),
        JSPEC_OBJ("data", 0, &data, "Dữ liệu hồ sơ"),
        JSPEC_END,
    };
    if (api_body(c, spec))
        return API_FAILED;
    struct svc_draft d;
    if (svc_draft_start(c->svc, c->actor, c->arena, procedure, unit, data, &d, &c->e))
        return API_FAILED;
    return api_json(c, 201, draft_json(&d));
}

int api_draft_list(struct api_call *c)
{
    struct svc_draft *list = NULL;
    int n = 0;
    if (svc_draft_list(c->svc, c->actor, c->arena, &list, &n, &c->e))
        return API_FAILED;
    json_t *out = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            out, jpack("{s:I, s:s, s:s?, s:s?, s:s?, s:I}", "id", (json_int_t)list[i].id,
                       "procedure_code", list[i].procedure_code, "procedure_name",
                       list[i].procedure_name, "unit_key", list[i].unit_key, "dossier_code",
                       list[i].dossier_code, "updated_at", (json_int_t)list[i].updated_at));
    return api_json(c, 200, jpack("{s:o}", "drafts", out));
}

int api_draft_get(struct api_call *c)
{
    int64_t id = api_draft_id(c);
    if (!id)
        return API_FAILED;
    struct svc_draft d;
    if (svc_draft_get(c->svc, c->actor, c->arena, id, &d, &c->e))
        return API_FAILED;
    return api_json(c, 200, draft_json(&d));
}

int api_draft_save(struct api_call *c)
{
    int64_t id = api_draft_id(c);
    if (!id)
        return API_FAILED;
    const char *unit = NULL;
    json_t *data = NULL;
    const struct jspec spec[] = {
        JSPEC_STR("unit_key", 0, 0, 64, &unit, "Nơi tiếp nhận"),
        JSPEC_OBJ("data", 1, &data, "Dữ liệu hồ sơ"),
        JSPEC_END,
    };
    if (api_body(c, spec))
        return API_FAILED;
    struct svc_draft d;
    if (svc_draft_save(c->svc, c->actor, c->arena, id, unit, data, &d, &c->e))
        return API_FAILED;
    return api_json(c, 200, draft_json(&d));
}

int api_draft_submit(struct api_call *c)
{
    int64_t id = api_draft_id(c);
    if (!id)
        return API_FAILED;
    const char *code = NULL;
    int rc = svc_draft_submit(c->svc, c->actor, c->arena, id, &code, &c->e);
    if (rc < 0)
        return API_FAILED;
    return api_json(c, rc == 0 ? 201 : 200,
                    jpack("{s:s, s:s, s:b}", "code", code, "url",
                          arena_printf(c->arena, "/api/v1/dossiers/%s", code), "replayed", rc > 0));
}

int api_my_dossiers(struct api_call *c)
{
    struct svc_my_dossier *list = NULL;
    int n = 0;
    if (svc_my_dossiers(c->svc, c->actor, c->arena, &list, &n, &c->e))
        return API_FAILED;
    json_t *out = json_array();
    for (int i = 0; i < n; i++) {
        const struct svc_my_dossier *d = &list[i];
        json_t *j =
            jpack("{s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:I, s:o, s:o, s:o, s:b}", "code", d->code,
                  "procedure_name", d->procedure_name, "state", d->state, "state_label",
                  d->state_label, "channel", d->channel, "national_status", d->national_status,
                  "version", d->version, "received_at", (json_int_t)d->received_at, "accepted_at",
                  opt_time(d->accepted_at), "due_at", opt_time(d->due_at), "finished_at",
                  opt_time(d->finished_at), "can_withdraw", d->can_withdraw);
        json_object_set_new(j, "receipt_url",
                            d->accepted_at ? json_string(arena_printf(
                                                 c->arena, "/api/v1/dossiers/%s/forms/1", d->code))
                                           : json_null());
        json_array_append_new(out, j);
    }
    return api_json(c, 200, jpack("{s:o}", "dossiers", out));
}

int api_my_withdraw(struct api_call *c)
{
    const char *reason = NULL;
    int64_t version = 0;
    const struct jspec spec[] = {
        JSPEC_STR("reason", 0, 0, 2000, &reason, "Lý do rút hồ sơ"),
        JSPEC_NUM("expected_version", 0, 1, 1000000, &version, "Phiên bản hồ sơ"),
        JSPEC_END,
    };
    if (c->r->json && api_body(c, spec))
        return API_FAILED;
    struct svc_dossier_after after;
    if (svc_my_withdraw(c->svc, c->actor, http_param(c->r, "code"), (int)version, reason, &after,
                        &c->e))
        return API_FAILED;
    return api_json(c, 200, api_dossier_after_json(http_param(c->r, "code"), &after));
}
