/* api.h — the JSON API under /api/v1. One file per resource. The route table (routes.c)
 * says what each route requires of its caller (API_PUBLIC, APP_SIGNED_IN or a role mask);
 * the before hook resolves the actor and checks that before the handler runs, and api_run
 * gives the handler one struct api_call. A handler parses its input (a jspec), calls one
 * service function and shapes the answer; when it returns nonzero, api_run answers the
 * error it left in call->e. Errors use the common body {"error":{"code","message","field"}}. */
#ifndef MOTCUA_API_H
#define MOTCUA_API_H

#include "app.h"
#include "http.h"

const struct http_route *api_routes(int *n);

/* One API request as its handler sees it. */
struct api_call {
    struct http_req *r;
    struct http_resp *w;
    struct app *app;
    struct svc *svc;
    const struct actor *actor; /* the caller (never NULL when the route needs one), or NULL */
    struct arena *arena;       /* the request's: everything the handler makes goes here */
    struct err e;              /* why the call failed, answered by api_run */
};

/* A handler: 0 after filling c->w, nonzero when c->e says what went wrong (or, with c->e
 * empty, when the answer is already filled in). */
typedef int (*api_fn)(struct api_call *c);
enum { API_FAILED = -1 }; /* what a handler returns when c->e holds the error */

/* A route with its settings (as GNU Taler's handler table carries them): what it requires of
 * the caller (API_PUBLIC, APP_SIGNED_IN or a role mask) and the function it runs. */
struct api_route {
    struct http_route http; /* its fn is api_run */
    int need;
    api_fn fn;
};

/* The http handler of every API route: finds the route's settings, answers 401/403 when the
 * caller does not meet its need, runs its api_fn and answers the error it leaves. */
int api_run(struct http_req *r, struct http_resp *w, void *app);
/* The table, and the settings of one of its routes by its http_route (NULL if not one). */
const struct api_route *api_route_table(int *n);
const struct api_route *api_route_of(const struct http_route *route);

#define API_PUBLIC 0
/* One line of the route table: method, pattern, handler, bodies accepted, need. */
#define API_ROUTE(method_, pattern_, fn_, body_, need_)                                            \
    {                                                                                              \
        {(method_), (pattern_), api_run, (body_)}, (need_), (fn_)                                  \
    }

/* Parses the request's JSON body against spec (lists into the arena); nonzero with c->e. */
int api_body(struct api_call *c, const void *spec);
/* The positive number of the path's {id}, or 0 with c->e set to not_found (field "id"): a
 * number that is not one names nothing, exactly like one that does not exist. */
int64_t api_id(struct api_call *c, const char *not_found);
/* Answers status with j (which the request's arena releases); returns 0. */
int api_json(struct api_call *c, int status, json_t *j);
/* j, released with the request's arena: for a value the handler builds and may drop. */
json_t *api_own(struct api_call *c, json_t *j);

int api_auth_login(struct api_call *c);
int api_auth_logout(struct api_call *c);
int api_me(struct api_call *c);
int api_org_units(struct api_call *c);
int api_users_list(struct api_call *c);
int api_users_add(struct api_call *c);
int api_users_grant(struct api_call *c);
int api_audit_list(struct api_call *c);
int api_audit_verify(struct api_call *c);
int api_openapi(struct api_call *c);

/* {"username","full_name","kind","roles":[{"role","unit_key","unit_name"}]} */
json_t *api_actor_json(const struct actor *a);
#endif
