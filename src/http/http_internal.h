/* http_internal.h — what the files of the HTTP layer share with each other and nobody else:
 * the server object, the per-request exchange that carries one request from its first byte
 * to the access log line, and the functions that pass it between files. */
#ifndef MOTCUA_HTTP_INTERNAL_H
#define MOTCUA_HTTP_INTERNAL_H

#include "http.h"
#include "http_parse.h"
#include "http_router.h"

#include <microhttpd.h>
#include <stdatomic.h>
#include <time.h>

/* Metrics slots after the application's routes: slot i < nroutes is route i. */
enum { HTTP_SLOT_HEALTHZ, HTTP_SLOT_METRICS, HTTP_SLOT_UNMATCHED, HTTP_EXTRA_SLOTS };

struct http_metrics;
struct http_upload_sink;

/* Trusted reverse proxies (proxy.c). */
struct http_proxies;
/* Parses "127.0.0.1, 10.0.0.0/8, ::1" (NULL or "" gives NULL: trust nobody). */
int http_proxies_parse(const char *spec, struct http_proxies **out, struct err *e);
void http_proxies_free(struct http_proxies *p);
/* The client's address: peer, or — when peer is a trusted proxy — the rightmost address of
 * forwarded_for (the X-Forwarded-For list) that is not a trusted proxy. */
const char *http_proxies_client(struct arena *a, const struct http_proxies *p, const char *peer,
                                const char *forwarded_for);

struct http_server {
    struct http_config cfg; /* with defaults filled in */
    struct http_proxies *proxies;
    const struct http_route *routes;
    int nroutes;
    struct http_router *router;
    struct http_metrics *metrics;
    struct MHD_Daemon *daemon;
    atomic_int in_flight;
    atomic_int stopping;
    uint16_t port;
};

struct http_exchange {
    struct http_server *srv;
    struct http_req req;
    struct http_resp resp;
    const char *raw_uri;
    struct timespec start;
    int slot; /* metrics slot */
    int started;
    /* request body */
    unsigned kind; /* one enum http_body value, or 0 for none */
    size_t limit, received;
    struct buf body;
    struct http_multipart *mp;
    struct http_upload_sink *sink;
    /* the first error found; answered as soon as the protocol allows */
    int fail_status;
    const char *fail_code, *fail_msg, *fail_field;
    /* what was answered, for metrics and the access log */
    int status;
    size_t bytes;
};

/* dispatch.c */
struct http_exchange *http_exchange_new(struct http_server *srv, const char *uri);
enum MHD_Result http_exchange_step(struct http_exchange *x, struct MHD_Connection *c,
                                   const char *method, const char *data, size_t *size);
void http_exchange_end(struct http_exchange *x);
/* Records the error that will answer this request (the first one wins). */
void http_reject(struct http_exchange *x, int status, const char *code, const char *msg,
                 const char *field);

/* body.c */
void http_body_begin(struct http_exchange *x, const struct http_route *route);
/* Returns nonzero when the connection should be closed (a client that goes on sending
 * far past the limit). */
int http_body_consume(struct http_exchange *x, const char *data, size_t len);
void http_body_finish(struct http_exchange *x);
void http_body_release(struct http_exchange *x);

/* upload.c */
int http_upload_dir_prepare(const char *dir, struct err *e);
struct http_upload_sink *http_upload_sink_new(struct arena *a, const struct http_config *cfg);
extern const struct http_multipart_cb http_upload_sink_cb;
/* Status, code, message and field of the error that stopped the sink, if any. */
int http_upload_sink_failure(const struct http_upload_sink *s, const char **code,
                             const struct err **e);
void http_upload_sink_result(const struct http_upload_sink *s, struct http_req *r);
/* Closes the open file and deletes every temporary file (once). */
void http_upload_sink_cleanup(struct http_upload_sink *s);

/* respond.c */
void http_fail_response(struct http_exchange *x, int status, const char *code, const char *msg,
                        const char *field);
enum MHD_Result http_respond(struct http_exchange *x, struct MHD_Connection *c);

/* builtin.c */
/* Answers /healthz and /metrics; returns 1 when the path was one of them. */
int http_builtin(struct http_exchange *x, const char *raw_path);

/* metrics.c */
struct http_metrics *http_metrics_new(const struct http_route *routes, int nroutes);
void http_metrics_free(struct http_metrics *m);
void http_metrics_observe(struct http_metrics *m, int slot, const char *method, int status,
                          double seconds);
int http_metrics_render(const struct http_metrics *m, int in_flight, struct buf *out);
/* The method as it may appear in logs and labels: a known method name or "OTHER". */
const char *http_method_label(const char *method);

/* access_log.c */
void http_access_log(const struct http_exchange *x, double seconds);

#endif
