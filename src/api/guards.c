/* guards.c — the edge every API route shares: api_run turns the matched route into one call
 * of its handler, with the actor the before hook resolved, and answers the error the handler
 * left; and the parts of a request every handler reads the same way (the JSON body against
 * its jspec, the number of the record the path names). */
#include "api.h"

#include "jpack.h"
#include "jspec.h"

int api_run(struct http_req *r, struct http_resp *w, void *app)
{
    const struct api_route *route = api_route_of(r->handler);
    if (!route)
        return -1;
    if (route->need && !app_need_or_reply(r, w, route->need))
        return 0;
    struct api_call c = {.r = r,
                         .w = w,
                         .app = app,
                         .svc = ((struct app *)app)->svc,
                         .actor = app_actor(r),
                         .arena = r->arena};
    int rc = route->fn(&c);
    if (rc && c.e.code)
        return http_resp_err(w, &c.e);
    return rc;
}

int api_body(struct api_call *c, const void *spec)
{
    return jspec_parse(c->r->json, spec, c->arena, &c->e);
}

int64_t api_id(struct api_call *c, const char *not_found)
{
    int64_t id = http_param_id(c->r, "id");
    if (!id)
        err_set(&c->e, E_NOTFOUND, "id", "%s", not_found);
    return id;
}

json_t *api_own(struct api_call *c, json_t *j)
{
    return json_in_arena(c->arena, j);
}

int api_json(struct api_call *c, int status, json_t *j)
{
    return http_resp_json(c->w, status, json_incref(api_own(c, j)));
}
