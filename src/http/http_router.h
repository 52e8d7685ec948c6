/* http_router.h — matching a request's method and raw path against the route table given
 * to http_server_start. Internal to the HTTP layer. */
#ifndef MOTCUA_HTTP_ROUTER_H
#define MOTCUA_HTTP_ROUTER_H

#include "http.h"

struct http_router;

enum http_match_result {
    HTTP_MATCH_OK = 0,
    HTTP_MATCH_NONE,     /* no route has this path: 404 */
    HTTP_MATCH_METHOD,   /* the path exists for other methods: 405, see allow */
    HTTP_MATCH_BAD,      /* the path cannot be decoded (broken escape, NUL byte): 400 */
    HTTP_MATCH_BAD_UTF8, /* a decoded segment is not UTF-8: 400 */
};

struct http_match {
    int index;        /* into the route table */
    const char *path; /* decoded path */
    struct http_kv *params;
    int nparams;
    const char *allow; /* "GET, HEAD, POST" for HTTP_MATCH_METHOD */
};

/* Compiles the table once; E_INVALID (e says which pattern) for a malformed pattern. */
int http_router_new(const struct http_route *routes, int nroutes, struct http_router **out,
                    struct err *e);
void http_router_free(struct http_router *r);
/* raw_path is the request target's path, still percent-encoded, without the query. */
enum http_match_result http_router_match(const struct http_router *r, struct arena *a,
                                         const char *method, const char *raw_path,
                                         struct http_match *m);

#endif
