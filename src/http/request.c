/* request.c — read access to a parsed request for handlers: headers straight from
 * libmicrohttpd, everything else from the validated arrays the server filled in. Lookups
 * are linear because requests carry few fields and the first match is the one a form meant. */
#include "http_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *http_header(const struct http_req *r, const char *name)
{
    if (!r->conn)
        return NULL;
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

static const char *kv_find(const struct http_kv *kv, int n, const char *key)
{
    for (int i = 0; i < n; i++)
        if (strcmp(kv[i].key, key) == 0)
            return kv[i].value;
    return NULL;
}

const char *http_query(const struct http_req *r, const char *name)
{
    return kv_find(r->query, r->nquery, name);
}

const char *http_form(const struct http_req *r, const char *name)
{
    return kv_find(r->form, r->nform, name);
}

const char *http_param(const struct http_req *r, const char *name)
{
    return kv_find(r->params, r->nparams, name);
}

int64_t http_param_id(const struct http_req *r, const char *name)
{
    const char *s = http_param(r, name);
    char *end = NULL;
    long long v = s ? strtoll(s, &end, 10) : 0;
    return s && *s && !*end && v > 0 ? (int64_t)v : 0;
}

const char *http_cookie(const struct http_req *r, const char *name)
{
    return kv_find(r->cookies, r->ncookies, name);
}

const struct http_upload *http_upload_get(const struct http_req *r, const char *field)
{
    for (int i = 0; i < r->nuploads; i++)
        if (strcmp(r->uploads[i].field, field) == 0)
            return &r->uploads[i];
    return NULL;
}

int http_wants_json(const struct http_req *r)
{
    if (r->path && strncmp(r->path, "/api/", 5) == 0)
        return 1;
    const char *accept = http_header(r, "Accept");
    return accept && strcasestr(accept, "application/json") != NULL;
}
