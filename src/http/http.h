/* http.h — the HTTP boundary, on libmicrohttpd. The server owns the sockets, threads, limits
 * and parsing; the layers above (api/, web/) only see a fully parsed, validated request and
 * fill in a response. Everything a request allocates comes from req->arena.
 *
 * Guarantees made to handlers:
 *  - every string in query, form, params, cookies and the JSON body is valid UTF-8 in NFC
 *    (invalid input is answered 400 before any handler runs);
 *  - bodies larger than the limit are answered 413 before the rest is read (Expect:
 *    100-continue is honoured);
 *  - multipart file parts are streamed to temporary files under cfg.upload_dir with a cap per
 *    file; they are deleted after the response unless the handler renamed them away.
 */
#ifndef MOTCUA_HTTP_H
#define MOTCUA_HTTP_H

#include "arena.h"
#include "buf.h"
#include "err.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct http_kv {
    const char *key;
    const char *value;
};

struct http_upload {
    const char *field;        /* form field name */
    const char *filename;     /* client's file name, basename only, NFC; may be "" */
    const char *content_type; /* as declared by the client; sniff before trusting */
    const char *path;         /* temporary file holding the bytes */
    size_t size;
};

enum http_body {
    HTTP_BODY_NONE = 0,      /* any body is refused with 415 */
    HTTP_BODY_FORM = 1,      /* application/x-www-form-urlencoded */
    HTTP_BODY_JSON = 2,      /* application/json, parsed into req->json */
    HTTP_BODY_MULTIPART = 4, /* multipart/form-data: text fields in form, files in uploads */
};

struct http_req {
    struct arena *arena;
    const char *method;
    const char *path;  /* decoded path, without the query string */
    const char *route; /* the matched route pattern, "" when none (for metrics and logs) */
    const char *client_ip;
    struct http_kv *query;
    int nquery;
    struct http_kv *form;
    int nform;
    struct http_kv *params; /* path parameters: "{code}" in the pattern */
    int nparams;
    struct http_kv *cookies;
    int ncookies;
    struct http_upload *uploads;
    int nuploads;
    json_t *json; /* borrowed; freed by the server after the response */
    void *conn;   /* the MHD connection; use http_header() */
    void *ctx;    /* per-request data owned by the application (session, user …) */
    const struct http_route *handler; /* the matched route (api/ finds its settings by it) */
};

struct http_header {
    const char *name, *value;
    struct http_header *next;
};

struct http_resp {
    int status;
    const char *content_type;
    struct buf body;             /* bounded; see cfg.max_response */
    const char *file_path;       /* when set, the file is sent instead of body */
    struct http_header *headers; /* extra headers, from the request arena */
    struct arena *arena;
};

const char *http_header(const struct http_req *r, const char *name);
const char *http_query(const struct http_req *r, const char *name);
const char *http_form(const struct http_req *r, const char *name);
const char *http_param(const struct http_req *r, const char *name);
/* The path parameter as a positive number ("{id}"), or 0 when it is missing or is not one
 * (then the record it names cannot exist: handlers answer 404). */
int64_t http_param_id(const struct http_req *r, const char *name);
const char *http_cookie(const struct http_req *r, const char *name);
const struct http_upload *http_upload_get(const struct http_req *r, const char *field);
/* True when the client prefers JSON (path under /api/ or Accept: application/json). */
int http_wants_json(const struct http_req *r);

void http_resp_header(struct http_resp *w, const char *name, const char *value);

struct http_cookie_opts {
    int max_age;           /* seconds; 0 = session cookie; -1 = delete */
    int http_only;         /* set HttpOnly */
    const char *same_site; /* "Lax" or "Strict"; NULL = Lax */
    int secure;
};
void http_resp_cookie(struct http_resp *w, const char *name, const char *value,
                      const struct http_cookie_opts *o);
/* Sets status and a JSON body; takes ownership of (decrefs) j. */
int http_resp_json(struct http_resp *w, int status, json_t *j);
/* {"error":{"code":…,"message":…,"field":…}} with the given status. */
int http_resp_error(struct http_resp *w, int status, const char *code, const char *message,
                    const char *field);
/* Maps an err to a status (E_INVALID→422 unless http_status given, E_NOTFOUND→404,
 * E_CONFLICT/E_CONSTRAINT→409, E_FORBIDDEN→403, E_UNAUTH→401, E_TOOLARGE→413,
 * E_RATE→429, E_UNAVAILABLE/E_RETRY→503, else 500). */
int http_status_for(int err_code);
int http_resp_err(struct http_resp *w, const struct err *e);
/* Retry-After from a rate limit that said when a retry may pass (e->retry_after). */
void http_resp_retry_after(struct http_resp *w, const struct err *e);
void http_resp_redirect(struct http_resp *w, const char *location); /* 303 See Other */
int http_resp_text(struct http_resp *w, int status, const char *content_type, const char *s,
                   size_t len);

/* A handler returns 0 after filling w. A negative return without a status set is answered
 * 500 with a generic message (and logged). */
typedef int (*http_handler_fn)(struct http_req *r, struct http_resp *w, void *app);

struct http_route {
    const char *method;  /* "GET", "POST", … */
    const char *pattern; /* "/api/v1/procedures/{code}"; a final "{*rest}" matches the rest */
    http_handler_fn fn;
    unsigned body; /* bitmask of enum http_body accepted */
};

struct http_config {
    const char *listen_addr;  /* "127.0.0.1" */
    uint16_t port;            /* 0 = pick a free one (see http_server_port) */
    size_t max_body;          /* JSON and form bodies; default 1 MiB */
    size_t max_upload;        /* each uploaded file; default 20 MiB */
    size_t max_header;        /* all request headers; default 16 KiB */
    size_t max_response;      /* default 64 MiB */
    unsigned max_connections; /* default 256 */
    unsigned timeout_seconds; /* idle connection timeout; default 30 */
    unsigned threads;         /* event loops = handlers that can run at once; docs/http.md */
    const char *upload_dir;   /* temporary upload files; created if missing */
    /* Runs before the handler of every matched route (session, CSRF, rate limits). A nonzero
     * return means w is filled and the handler is skipped. */
    int (*before)(struct http_req *r, struct http_resp *w, const struct http_route *route,
                  void *app);
    /* Fills w with an error page for errors raised by the HTTP layer itself (404, 405, 413,
     * 400 …) on requests that do not want JSON; NULL = plain text. */
    void (*error_page)(struct http_req *r, struct http_resp *w, int status, const char *message,
                       void *app);
    /* Appends application gauges (pool use, job queue depth) to /metrics. */
    void (*metrics_extra)(struct buf *out, void *app);
    /* /metrics is served to loopback clients whose request no proxy forwarded, and to
     * requests with "Authorization: Bearer <metrics_token>" when it is set (docs/http.md). */
    const char *metrics_token;
    void *app;
    unsigned max_per_ip; /* connections from one client address; default 64. Behind a reverse
                            proxy every connection has the proxy's address: raise it there */
    unsigned max_files;  /* file parts in one multipart request; default 10 */
    /* Addresses and CIDR ranges of reverse proxies whose X-Forwarded-For is believed
     * (MOTCUA_TRUSTED_PROXIES; proxy.c). Unset: the client is the socket's address. */
    const char *trusted_proxies;
};

struct http_server;

int http_server_start(const struct http_config *cfg, const struct http_route *routes, int nroutes,
                      struct http_server **out, struct err *e);
uint16_t http_server_port(const struct http_server *s);
/* Stops accepting, lets in-flight requests finish (up to grace_seconds), then frees. */
void http_server_stop(struct http_server *s, unsigned grace_seconds);

#endif
