/* metrics.c — request counters and latency histograms in Prometheus text format. Every
 * request updates a few relaxed atomic counters in tables allocated once at start and indexed
 * by (route, method, status), so recording never takes a lock or allocates, and the label
 * sets are bounded: routes are the configured patterns (never raw paths, which would carry
 * dossier codes and explode cardinality), methods a fixed list, statuses a fixed list plus
 * one bucket per class. */
#include "http_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const methods[] = {"GET",   "HEAD",   "POST",    "PUT",
                                      "PATCH", "DELETE", "OPTIONS", "OTHER"};
#define NMETHODS ((int)(sizeof methods / sizeof methods[0]))

static const int statuses[] = {200, 201, 202, 204, 301, 302, 303, 304, 307, 308, 400,
                               401, 403, 404, 405, 406, 408, 409, 410, 412, 413, 414,
                               415, 422, 429, 431, 500, 501, 502, 503, 504};
#define NEXACT  ((int)(sizeof statuses / sizeof statuses[0]))
#define NSTATUS (NEXACT + 5) /* then 1xx..5xx for anything else */

static const double bounds[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
#define NBOUNDS ((int)(sizeof bounds / sizeof bounds[0]))

struct http_metrics {
    int nslots;
    char **labels;          /* route label per slot, escaped for the exposition format */
    atomic_ulong *requests; /* [slot][method][status] */
    atomic_ulong *buckets;  /* [slot][bound], not cumulative */
    atomic_ulong *count;    /* [slot] */
    atomic_ullong *sum_us;  /* [slot] */
};

static char *escape_label(const char *s)
{
    char *out = malloc(2 * strlen(s) + 1), *p = out;
    if (!out)
        abort();
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            *p++ = '\\';
        *p++ = *s == '\n' ? ' ' : *s;
    }
    *p = '\0';
    return out;
}

static void *zalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        abort();
    return p;
}

struct http_metrics *http_metrics_new(const struct http_route *routes, int nroutes)
{
    static const char *const extra[HTTP_EXTRA_SLOTS] = {"/healthz", "/metrics", "none"};
    struct http_metrics *m = zalloc(1, sizeof *m);
    m->nslots = nroutes + HTTP_EXTRA_SLOTS;
    size_t n = (size_t)m->nslots;
    m->labels = zalloc(n, sizeof *m->labels);
    for (int i = 0; i < m->nslots; i++)
        m->labels[i] = escape_label(i < nroutes ? routes[i].pattern : extra[i - nroutes]);
    m->requests = zalloc(n * NMETHODS * NSTATUS, sizeof *m->requests);
    m->buckets = zalloc(n * NBOUNDS, sizeof *m->buckets);
    m->count = zalloc(n, sizeof *m->count);
    m->sum_us = zalloc(n, sizeof *m->sum_us);
    return m;
}

void http_metrics_free(struct http_metrics *m)
{
    if (!m)
        return;
    for (int i = 0; i < m->nslots; i++)
        free(m->labels[i]);
    free(m->labels);
    free(m->requests);
    free(m->buckets);
    free(m->count);
    free(m->sum_us);
    free(m);
}

static int method_index(const char *method)
{
    for (int i = 0; i < NMETHODS - 1; i++)
        if (method && strcmp(method, methods[i]) == 0)
            return i;
    return NMETHODS - 1;
}

const char *http_method_label(const char *method)
{
    return methods[method_index(method)];
}

static int status_index(int status)
{
    for (int i = 0; i < NEXACT; i++)
        if (statuses[i] == status)
            return i;
    int cls = status / 100;
    return NEXACT + (cls >= 1 && cls <= 5 ? cls - 1 : 4);
}

static void status_label(int index, char out[16])
{
    if (index < NEXACT)
        snprintf(out, 16, "%d", statuses[index]);
    else
        snprintf(out, 16, "%dxx", index - NEXACT + 1);
}

void http_metrics_observe(struct http_metrics *m, int slot, const char *method, int status,
                          double seconds)
{
    if (slot < 0 || slot >= m->nslots)
        return;
    size_t cell = ((size_t)slot * NMETHODS + (size_t)method_index(method)) * NSTATUS +
                  (size_t)status_index(status);
    atomic_fetch_add_explicit(&m->requests[cell], 1, memory_order_relaxed);
    int b = 0;
    while (b < NBOUNDS && seconds > bounds[b])
        b++;
    if (b < NBOUNDS)
        atomic_fetch_add_explicit(&m->buckets[(size_t)slot * NBOUNDS + (size_t)b], 1,
                                  memory_order_relaxed);
    atomic_fetch_add_explicit(&m->count[slot], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&m->sum_us[slot], (unsigned long long)(seconds * 1e6),
                              memory_order_relaxed);
}

static unsigned long load(const atomic_ulong *p)
{
    return atomic_load_explicit(p, memory_order_relaxed);
}

static int render_requests(const struct http_metrics *m, struct buf *out)
{
    int rc = buf_puts(out, "# HELP motcua_http_requests_total HTTP requests answered.\n"
                           "# TYPE motcua_http_requests_total counter\n");
    for (int s = 0; s < m->nslots && !rc; s++)
        for (int me = 0; me < NMETHODS && !rc; me++)
            for (int st = 0; st < NSTATUS && !rc; st++) {
                unsigned long v =
                    load(&m->requests[((size_t)s * NMETHODS + (size_t)me) * NSTATUS + (size_t)st]);
                char sl[16];
                status_label(st, sl);
                if (v)
                    rc = buf_printf(out,
                                    "motcua_http_requests_total{route=\"%s\",method=\"%s\","
                                    "status=\"%s\"} %lu\n",
                                    m->labels[s], methods[me], sl, v);
            }
    return rc;
}

static int render_histogram(const struct http_metrics *m, int s, struct buf *out)
{
    unsigned long cumulative = 0;
    int rc = 0;
    for (int b = 0; b < NBOUNDS && !rc; b++) {
        cumulative += load(&m->buckets[(size_t)s * NBOUNDS + (size_t)b]);
        rc = buf_printf(out,
                        "motcua_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} "
                        "%lu\n",
                        m->labels[s], bounds[b], cumulative);
    }
    unsigned long n = load(&m->count[s]);
    double sum = (double)atomic_load_explicit(&m->sum_us[s], memory_order_relaxed) / 1e6;
    if (!rc)
        rc = buf_printf(out,
                        "motcua_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} "
                        "%lu\n"
                        "motcua_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n"
                        "motcua_http_request_duration_seconds_count{route=\"%s\"} %lu\n",
                        m->labels[s], n, m->labels[s], sum, m->labels[s], n);
    return rc;
}

int http_metrics_render(const struct http_metrics *m, int in_flight, struct buf *out)
{
    int rc = render_requests(m, out);
    if (!rc)
        rc = buf_puts(out, "# HELP motcua_http_request_duration_seconds Time from request "
                           "line to last response byte.\n"
                           "# TYPE motcua_http_request_duration_seconds histogram\n");
    for (int s = 0; s < m->nslots && !rc; s++)
        if (load(&m->count[s]))
            rc = render_histogram(m, s, out);
    if (!rc)
        rc = buf_printf(out,
                        "# HELP motcua_http_in_flight Requests being received, handled or "
                        "answered.\n# TYPE motcua_http_in_flight gauge\n"
                        "motcua_http_in_flight %d\n",
                        in_flight);
    return rc;
}
