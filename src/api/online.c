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

int api_citizen_signup(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    struct svc_signup in = {.client_ip = r->client_ip};
    const struct jspec spec[] = {
        {"login", JSPEC_STRING, 1, 1, 254, &in.login, "Số điện thoại hoặc thư điện tử"},
        {"full_name", JSPEC_STRING, 1, 1, 200, &in.full_name, "Họ và tên"},
        {"password", JSPEC_STRING, 1, 1, 256, &in.password, "Mật khẩu"},
        JSPEC_END,
    };
    if (api_body_or_reply(r, w, spec))
        return 0;
    struct svc_signup_sent sent;
    struct err e = {0};
    if (svc_citizen_signup(app->svc, r->arena, &in, &sent, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 201,
                          jpack("{s:s, s:s, s:I, s:s}", "username", sent.username, "channel",
                                sent.channel, "expires_at", (json_int_t)sent.expires_at,
                                "verify_url", "/api/v1/citizens/verify"));
}

int api_citizen_verify(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const char *login = NULL, *code = NULL;
    const struct jspec spec[] = {
        {"login", JSPEC_STRING, 1, 1, 254, &login, "Số điện thoại hoặc thư điện tử"},
        {"code", JSPEC_STRING, 1, 1, 16, &code, "Mã xác minh"},
        JSPEC_END,
    };
    if (api_body_or_reply(r, w, spec))
        return 0;
    struct err e = {0};
    if (svc_citizen_verify(app->svc, login, code, r->client_ip, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 200, jpack("{s:b}", "active", 1));
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

const struct actor *api_draft_or_reply(struct http_req *r, struct http_resp *w, int64_t *id)
{
    const struct actor *a = app_actor_or_reply(r, w);
    if (a)
        *id = api_id_or_reply(r, w, "Không tìm thấy hồ sơ nháp");
    return a && *id ? a : NULL;
}

int api_draft_start(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    const char *procedure = NULL, *unit = NULL;
    json_t *data = NULL;
    const struct jspec spec[] = {
        {"procedure_code", JSPEC_STRING, 1, 1, 32, &procedure, "Mã thủ tục"},
        {"unit_key", JSPEC_STRING, 0, 0, 64, &unit, "Nơi tiếp nhận"},
        {"data", JSPEC_OBJECT, 0, 0, 0, &data, "Dữ liệu hồ sơ"},
        JSPEC_END,
    };
    if (api_body_or_reply(r, w, spec))
        return 0;
    struct svc_draft d;
    struct err e = {0};
    if (svc_draft_start(app->svc, a, r->arena, procedure, unit, data, &d, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 201, draft_json(&d));
}

int api_draft_list(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    struct svc_draft *list = NULL;
    int n = 0;
    struct err e = {0};
    if (svc_draft_list(app->svc, a, r->arena, &list, &n, &e))
        return http_resp_err(w, &e);
    json_t *out = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            out, jpack("{s:I, s:s, s:s?, s:s?, s:s?, s:I}", "id", (json_int_t)list[i].id,
                       "procedure_code", list[i].procedure_code, "procedure_name",
                       list[i].procedure_name, "unit_key", list[i].unit_key, "dossier_code",
                       list[i].dossier_code, "updated_at", (json_int_t)list[i].updated_at));
    return http_resp_json(w, 200, jpack("{s:o}", "drafts", out));
}

int api_draft_get(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    int64_t id = 0;
    const struct actor *a = api_draft_or_reply(r, w, &id);
    if (!a)
        return 0;
    struct svc_draft d;
    struct err e = {0};
    if (svc_draft_get(app->svc, a, r->arena, id, &d, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 200, draft_json(&d));
}

int api_draft_save(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    int64_t id = 0;
    const struct actor *a = api_draft_or_reply(r, w, &id);
    if (!a)
        return 0;
    const char *unit = NULL;
    json_t *data = NULL;
    const struct jspec spec[] = {
        {"unit_key", JSPEC_STRING, 0, 0, 64, &unit, "Nơi tiếp nhận"},
        {"data", JSPEC_OBJECT, 1, 0, 0, &data, "Dữ liệu hồ sơ"},
        JSPEC_END,
    };
    if (api_body_or_reply(r, w, spec))
        return 0;
    struct svc_draft d;
    struct err e = {0};
    if (svc_draft_save(app->svc, a, r->arena, id, unit, data, &d, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 200, draft_json(&d));
}

int api_draft_submit(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    int64_t id = 0;
    const struct actor *a = api_draft_or_reply(r, w, &id);
    if (!a)
        return 0;
    const char *code = NULL;
    struct err e = {0};
    int rc = svc_draft_submit(app->svc, a, r->arena, id, &code, &e);
    if (rc < 0)
        return http_resp_err(w, &e);
    return http_resp_json(w, rc == 0 ? 201 : 200,
                          jpack("{s:s, s:s, s:b}", "code", code, "url",
                                arena_printf(r->arena, "/api/v1/dossiers/%s", code), "replayed",
                                rc > 0));
}

int api_my_dossiers(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    struct svc_my_dossier *list = NULL;
    int n = 0;
    struct err e = {0};
    if (svc_my_dossiers(app->svc, a, r->arena, &list, &n, &e))
        return http_resp_err(w, &e);
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
                                                 r->arena, "/api/v1/dossiers/%s/forms/1", d->code))
                                           : json_null());
        json_array_append_new(out, j);
    }
    return http_resp_json(w, 200, jpack("{s:o}", "dossiers", out));
}

int api_my_withdraw(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    const char *reason = NULL;
    int64_t version = 0;
    const struct jspec spec[] = {
        {"reason", JSPEC_STRING, 0, 0, 2000, &reason, "Lý do rút hồ sơ"},
        {"expected_version", JSPEC_INT, 0, 1, 1000000, &version, "Phiên bản hồ sơ"},
        JSPEC_END,
    };
    if (r->json && api_body_or_reply(r, w, spec))
        return 0;
    struct svc_dossier_after after;
    struct err e = {0};
    if (svc_my_withdraw(app->svc, a, http_param(r, "code"), (int)version, reason, &after, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 200, api_dossier_after_json(http_param(r, "code"), &after));
}
