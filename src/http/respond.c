/* respond.c — turning a filled struct http_resp into a libmicrohttpd response. This is the
 * single exit of every request, so the security headers are added here and nowhere else:
 * a handler cannot forget them, and may replace one by setting a header of the same name
 * (Cache-Control for a static asset, say). Errors raised by the layer itself also pass
 * through here, as JSON for API clients and as the application's error page otherwise. */
#include "http_internal.h"

#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
    const char *name, *value;
} default_headers[] = {
    {"Content-Security-Policy",
     "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
     "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "same-origin"},
    {"Cache-Control", "no-store"},
};

void http_fail_response(struct http_exchange *x, int status, const char *code, const char *msg,
                        const char *field)
{
    struct http_resp *w = &x->resp;
    const struct http_config *cfg = &x->srv->cfg;
    w->headers = NULL;
    w->status = 0;
    if (http_wants_json(&x->req)) {
        http_resp_error(w, status, code, msg, field);
    } else if (cfg->error_page) {
        buf_reset(&w->body);
        w->file_path = NULL;
        w->content_type = NULL;
        cfg->error_page(&x->req, w, status, msg, cfg->app);
    }
    if (w->status == 0) {
        char *text = arena_printf(w->arena, "%d %s\n", status, msg);
        http_resp_text(w, status, NULL, text, strlen(text));
    }
}

/* Every 503 says when to come back: the conditions behind it (a database that is down, full
 * or busy, a full disk, a provider out of reach) pass, and clients and proxies that honour
 * Retry-After then wait instead of hammering. */
#define RETRY_AFTER_SECONDS "30"

static int has_header(const struct http_resp *w, const char *name)
{
    for (const struct http_header *h = w->headers; h; h = h->next)
        if (strcasecmp(h->name, name) == 0)
            return 1;
    return 0;
}

static void add_headers(struct http_exchange *x, struct MHD_Response *r)
{
    const struct http_resp *w = &x->resp;
    for (const struct http_header *h = w->headers; h; h = h->next)
        if (MHD_add_response_header(r, h->name, h->value) != MHD_YES)
            log_warn("http dropped an invalid response header route=%s", x->req.route);
    if (w->content_type && !has_header(w, "Content-Type"))
        MHD_add_response_header(r, "Content-Type", w->content_type);
    for (size_t i = 0; i < sizeof default_headers / sizeof default_headers[0]; i++)
        if (!has_header(w, default_headers[i].name))
            MHD_add_response_header(r, default_headers[i].name, default_headers[i].value);
    if (w->status == 503 && !has_header(w, "Retry-After"))
        MHD_add_response_header(r, "Retry-After", RETRY_AFTER_SECONDS);
    if (atomic_load(&x->srv->stopping))
        MHD_add_response_header(r, "Connection", "close");
}

static struct MHD_Response *file_response(struct http_exchange *x)
{
    int fd = open(x->resp.file_path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        x->bytes = (size_t)st.st_size;
        struct MHD_Response *r = MHD_create_response_from_fd64((uint64_t)st.st_size, fd);
        if (r)
            return r;
    }
    int missing = fd < 0 && errno == ENOENT;
    if (fd >= 0)
        close(fd);
    log_warn("http could not send a file route=%s", x->req.route);
    x->resp.file_path = NULL;
    if (missing)
        http_fail_response(x, 404, "not_found", "Không tìm thấy tệp", NULL);
    else
        http_fail_response(x, 500, "internal", "Lỗi hệ thống, vui lòng thử lại sau", NULL);
    return NULL;
}

static struct MHD_Response *body_response(struct http_exchange *x)
{
    x->bytes = x->resp.body.len;
    size_t len = x->resp.body.len;
    char *data = buf_steal(&x->resp.body);
    struct MHD_Response *r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
    if (!r)
        free(data);
    return r;
}

enum MHD_Result http_respond(struct http_exchange *x, struct MHD_Connection *c)
{
    struct MHD_Response *r = NULL;
    if (x->resp.file_path)
        r = file_response(x);
    if (!r)
        r = body_response(x);
    if (!r)
        return MHD_NO;
    add_headers(x, r);
    x->status = x->resp.status;
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)x->resp.status, r);
    MHD_destroy_response(r);
    return ok;
}
