/* guards.c — the parts of a request every API handler checks the same way before calling its
 * service, in the …_or_reply style of app.h: the JSON body against the handler's jspec, and
 * the number of the record the path names. Each returns what was asked for, or answers the
 * error itself so the handler simply returns. */
#include "api.h"

#include "jspec.h"

int api_body_or_reply(struct http_req *r, struct http_resp *w, const void *spec)
{
    struct err e = {0};
    if (jspec_parse(r->json, spec, &e) == 0)
        return 0;
    http_resp_error(w, 422, "invalid", e.msg, e.field);
    return 1;
}

int64_t api_id_or_reply(struct http_req *r, struct http_resp *w, const char *not_found)
{
    int64_t id = http_param_id(r, "id");
    if (!id)
        http_resp_error(w, 404, "not_found", not_found, "id");
    return id;
}
