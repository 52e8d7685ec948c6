/* procedures.c — /api/v1/procedures: the procedure catalogue as JSON. Reading is public (the
 * same data as the portal's pages); creating, publishing a version, retiring and assigning
 * units are for admins (checked again in the service layer). A procedure is answered as its
 * version's canonical document with the version facts beside it; ?version=N reads an older
 * one, which is how a dossier shows the rules it was received under. */
#include "api_procedures.h"
#include "jpack.h"

#include "api.h"
#include "svc_catalogue.h"

#include <stdlib.h>
#include <string.h>

/* A positive integer query parameter; def when absent. */
static int query_int(struct http_req *r, struct http_resp *w, const char *name, int def, int *out)
{
    const char *s = http_query(r, name);
    *out = def;
    if (!s || !*s)
        return 0;
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < 1 || v > 1000000) {
        http_resp_error(w, 400, "invalid", "Tham số phải là số nguyên dương", name);
        return 1;
    }
    *out = (int)v;
    return 0;
}

static json_t *row_json(const struct svc_proc_row *p)
{
    return jpack("{s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:b, s:b}", "code", p->code, "name", p->name,
                 "field", p->field, "level", p->level, "online", p->online, "version", p->version,
                 "effective_from", p->effective_from, "verified", p->verified, "retired",
                 p->retired);
}

int api_procedures_list(struct api_call *c)
{
    struct svc_proc_query q = {.q = http_query(c->r, "q"),
                               .field = http_query(c->r, "field"),
                               .level = http_query(c->r, "level"),
                               .agency = http_query(c->r, "agency"),
                               .online = http_query(c->r, "online")};
    if (query_int(c->r, c->w, "page", 1, &q.page) ||
        query_int(c->r, c->w, "per_page", 20, &q.per_page))
        return 0;
    struct svc_proc_page page;
    if (svc_proc_search(c->svc, c->arena, &q, &page, &c->e))
        return API_FAILED;
    json_t *list = json_array();
    for (int i = 0; i < page.n; i++)
        json_array_append_new(list, row_json(&page.rows[i]));
    return api_json(c, 200,
                    jpack("{s:o, s:I, s:i, s:i}", "procedures", list, "total",
                          (json_int_t)page.total, "page", page.page, "per_page", page.per_page));
}

int api_procedure_get(struct api_call *c)
{
    int version = 0;
    if (query_int(c->r, c->w, "version", 0, &version))
        return 0;
    struct svc_procedure p;
    if (svc_proc_get(c->svc, c->arena, http_param(c->r, "code"), version, &p, &c->e))
        return API_FAILED;
    json_t *doc = proc_stored_json(p.body); /* the stored text, answered as it is */
    if (!doc)
        return E_INTERNAL;
    json_t *units = json_array();
    for (int i = 0; i < p.nunits; i++)
        json_array_append_new(units, jpack("{s:s, s:s, s:s}", "unit", p.units[i].key, "name",
                                           p.units[i].name, "role", p.units[i].role));
    json_object_set_new(doc, "version", json_integer(p.version));
    json_object_set_new(doc, "latest_version", json_integer(p.latest_version));
    json_object_set_new(doc, "effective_from", json_string(p.effective_from));
    json_object_set_new(doc, "retired_at", p.retired_at ? json_integer(p.retired_at) : json_null());
    json_object_set_new(doc, "units", units);
    return api_json(c, 200, doc);
}

static int body_or_reply(struct http_req *r, struct http_resp *w)
{
    if (json_is_object(r->json))
        return 0;
    http_resp_error(w, 400, "invalid", "Nội dung phải là một đối tượng JSON", NULL);
    return 1;
}

int api_procedure_create(struct api_call *c)
{
    if (body_or_reply(c->r, c->w))
        return 0;
    int version = 0;
    if (svc_proc_create(c->svc, c->actor, c->r->json, &version, &c->e))
        return API_FAILED;
    return api_json(c, 201,
                    jpack("{s:s, s:i}", "code",
                          json_string_value(json_object_get(c->r->json, "code")), "version",
                          version));
}

int api_procedure_update(struct api_call *c)
{
    if (body_or_reply(c->r, c->w))
        return 0;
    json_t *expected = json_object_get(c->r->json, "expected_version");
    if (!json_is_integer(expected))
        return http_resp_error(c->w, 422, "invalid",
                               "expected_version: bắt buộc, là số phiên bản đang sửa",
                               "expected_version");
    json_t *doc = api_own(c, json_copy(c->r->json));
    json_object_del(doc, "expected_version");
    int version = 0;
    const char *code = http_param(c->r, "code");
    int rc = svc_proc_update(c->svc, c->actor, code, (int)json_integer_value(expected), doc,
                             &version, &c->e);
    if (rc)
        return API_FAILED;
    return api_json(c, 200, jpack("{s:s, s:i}", "code", code, "version", version));
}

int api_procedure_retire(struct api_call *c)
{
    if (svc_proc_retire(c->svc, c->actor, http_param(c->r, "code"), &c->e))
        return API_FAILED;
    return api_json(c, 200, jpack("{s:s, s:b}", "code", http_param(c->r, "code"), "retired", 1));
}

int api_procedure_units(struct api_call *c)
{
    if (body_or_reply(c->r, c->w))
        return 0;
    json_t *list = json_object_get(c->r->json, "units");
    if (!json_is_array(list) || json_object_size(c->r->json) != 1 || json_array_size(list) > 200)
        return http_resp_error(c->w, 422, "invalid",
                               "units: bắt buộc, là mảng [{\"unit\": mã đơn vị, \"role\": "
                               "\"receive\" hoặc \"resolve\"}]",
                               "units");
    size_t n = json_array_size(list);
    struct svc_proc_unit *u = arena_alloc(c->arena, sizeof *u * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(list, i);
        u[i] = (struct svc_proc_unit){json_string_value(json_object_get(o, "unit")), NULL,
                                      json_string_value(json_object_get(o, "role"))};
    }
    if (svc_proc_set_units(c->svc, c->actor, http_param(c->r, "code"), u, (int)n, &c->e))
        return API_FAILED;
    return api_json(c, 200, jpack("{s:s, s:O}", "code", http_param(c->r, "code"), "units", list));
}
