/* api.h — the JSON API under /api/v1. One file per resource; each handler parses its body
 * against a jspec, calls one service function and answers JSON. Errors use the common body
 * {"error":{"code","message","field"}}. */
#ifndef MOTCUA_API_H
#define MOTCUA_API_H

#include "app.h"
#include "http.h"

const struct http_route *api_routes(int *n);

int api_auth_login(struct http_req *r, struct http_resp *w, void *app);
int api_auth_logout(struct http_req *r, struct http_resp *w, void *app);
int api_me(struct http_req *r, struct http_resp *w, void *app);
int api_org_units(struct http_req *r, struct http_resp *w, void *app);
int api_users_list(struct http_req *r, struct http_resp *w, void *app);
int api_users_add(struct http_req *r, struct http_resp *w, void *app);
int api_users_grant(struct http_req *r, struct http_resp *w, void *app);
int api_audit_list(struct http_req *r, struct http_resp *w, void *app);
int api_audit_verify(struct http_req *r, struct http_resp *w, void *app);
int api_openapi(struct http_req *r, struct http_resp *w, void *app);

/* {"username","full_name","kind","roles":[{"role","unit_key","unit_name"}]} */
json_t *api_actor_json(const struct actor *a);
/* Parses the request's JSON body against spec, or answers 400/422 and returns nonzero. */
int api_body_or_reply(struct http_req *r, struct http_resp *w, const void *spec);
/* The positive number of the path's {id}, or 0 after answering 404 with not_found (field
 * "id"): a number that is not one names nothing, exactly like one that does not exist. */
int64_t api_id_or_reply(struct http_req *r, struct http_resp *w, const char *not_found);

#endif
