/* body.c — receiving the request body under its limits. Everything that can be decided
 * from the headers is decided before a single body byte is read: a Content-Type the route
 * does not take is 415, a declared Content-Length over the limit is 413 — answered at once,
 * so a client that sent `Expect: 100-continue` never uploads the body at all. A chunked body
 * is counted as it arrives. libmicrohttpd cannot answer in the middle of an upload, so a body
 * found too large (or malformed) half-way is read to its end and discarded, and the error
 * is answered then; a client that goes on far past the limit is disconnected instead.
 *
 * Form and JSON bodies are buffered (they are small and must be whole to parse); multipart
 * bodies are streamed through the parser into the upload sink. */
#include "http_internal.h"

#include "text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* How much more than the limit is read and thrown away before hanging up instead. */
#define DISCARD_MAX    ((size_t)16 * 1024 * 1024)
#define JSON_MAX_DEPTH 32

static size_t add_sat(size_t a, size_t b)
{
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

static size_t mul_sat(size_t a, size_t b)
{
    return b && a > SIZE_MAX / b ? SIZE_MAX : a * b;
}

static int parse_length(const char *s, size_t *out)
{
    size_t v = 0;
    if (!*s)
        return E_INVALID;
    for (; *s; s++) {
        if (!isdigit((unsigned char)*s) || v > (SIZE_MAX - 9) / 10)
            return E_INVALID;
        v = v * 10 + (size_t)(*s - '0');
    }
    *out = v;
    return 0;
}

/* The enum http_body value of a Content-Type, 0 when it is none of them. */
static unsigned classify(const char *content_type)
{
    static const struct {
        const char *type;
        unsigned kind;
    } kinds[] = {{"application/x-www-form-urlencoded", HTTP_BODY_FORM},
                 {"application/json", HTTP_BODY_JSON},
                 {"multipart/form-data", HTTP_BODY_MULTIPART}};
    if (!content_type)
        return 0;
    size_t len = strcspn(content_type, ";");
    while (len && isspace((unsigned char)content_type[len - 1]))
        len--;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strlen(kinds[i].type) == len && strncasecmp(content_type, kinds[i].type, len) == 0)
            return kinds[i].kind;
    return 0;
}

static size_t limit_for(const struct http_config *cfg, unsigned kind)
{
    if (kind == HTTP_BODY_MULTIPART)
        return add_sat(cfg->max_body, mul_sat(cfg->max_files, cfg->max_upload));
    return cfg->max_body;
}

static void begin_multipart(struct http_exchange *x, const char *content_type)
{
    struct arena *a = x->req.arena;
    char *boundary;
    if (http_multipart_boundary(a, content_type, &boundary) != 0) {
        http_reject(x, 400, "malformed_multipart", "Thiếu hoặc sai boundary của multipart", "body");
        return;
    }
    x->sink = http_upload_sink_new(a, &x->srv->cfg);
    x->mp = http_multipart_new(a, boundary, &http_upload_sink_cb, x->sink);
}

void http_body_begin(struct http_exchange *x, const struct http_route *route)
{
    const struct http_config *cfg = &x->srv->cfg;
    const char *cl = http_header(&x->req, "Content-Length");
    const char *te = http_header(&x->req, "Transfer-Encoding");
    size_t declared = 0;
    if (cl && parse_length(cl, &declared) != 0) {
        http_reject(x, 400, "bad_request", "Content-Length không hợp lệ", "");
        return;
    }
    if (declared == 0 && !(te && strcasestr(te, "chunked")))
        return;
    const char *ctype = http_header(&x->req, "Content-Type");
    unsigned kind = classify(ctype);
    if (!kind || !(route->body & kind)) {
        http_reject(x, 415, "unsupported_media_type", "Kiểu nội dung không được chấp nhận", "");
        return;
    }
    x->kind = kind;
    x->limit = limit_for(cfg, kind);
    if (declared > x->limit) {
        http_reject(x, 413, "too_large", "Dữ liệu gửi lên quá lớn", "");
        return;
    }
    if (kind == HTTP_BODY_MULTIPART)
        begin_multipart(x, ctype);
    else
        buf_init(&x->body, cfg->max_body);
}

static void reject_multipart(struct http_exchange *x, int rc)
{
    const char *code;
    const struct err *e;
    int status = http_upload_sink_failure(x->sink, &code, &e);
    if (status)
        http_reject(x, status, code, e->msg, e->field);
    else if (rc == E_TOOLARGE)
        http_reject(x, 413, "too_large", "Dữ liệu gửi lên quá lớn", "");
    else
        http_reject(x, 400, "malformed_multipart", "Dữ liệu multipart không hợp lệ", "body");
    http_upload_sink_cleanup(x->sink);
}

int http_body_consume(struct http_exchange *x, const char *data, size_t len)
{
    x->received = add_sat(x->received, len);
    if (x->fail_status)
        return x->received > add_sat(x->limit, DISCARD_MAX);
    if (x->received > x->limit) {
        http_reject(x, 413, "too_large", "Dữ liệu gửi lên quá lớn", "");
        if (x->sink)
            http_upload_sink_cleanup(x->sink);
        return 0;
    }
    if (x->mp) {
        int rc = http_multipart_feed(x->mp, data, len);
        if (rc)
            reject_multipart(x, rc);
    } else if (buf_append(&x->body, data, len) != 0) {
        http_reject(x, 413, "too_large", "Dữ liệu gửi lên quá lớn", "");
    }
    return 0;
}

static void finish_form(struct http_exchange *x)
{
    struct err e = {0};
    struct http_req *r = &x->req;
    if (http_parse_urlencoded(r->arena, buf_str(&x->body), x->body.len, "form", &r->form, &r->nform,
                              &e) != 0)
        http_reject(x, 400, "invalid_utf8", e.msg, e.field);
}

static void finish_json(struct http_exchange *x)
{
    struct http_req *r = &x->req;
    if (!text_valid_utf8(buf_str(&x->body), x->body.len)) {
        http_reject(x, 400, "invalid_utf8", "Dữ liệu không phải UTF-8 hợp lệ", "body");
        return;
    }
    json_error_t je;
    r->json = json_loadb(buf_str(&x->body), x->body.len, JSON_REJECT_DUPLICATES, &je);
    if (!r->json) {
        http_reject(x, 400, "malformed_json",
                    arena_printf(r->arena, "JSON không hợp lệ (dòng %d, cột %d): %s", je.line,
                                 je.column, je.text),
                    "body");
        return;
    }
    struct err e = {0};
    if (http_clean_json(r->arena, r->json, JSON_MAX_DEPTH, &e) != 0)
        http_reject(x, 400, "malformed_json", e.msg, "body");
}

static void finish_multipart(struct http_exchange *x)
{
    int rc = http_multipart_finish(x->mp);
    if (rc) {
        reject_multipart(x, rc);
        return;
    }
    http_upload_sink_result(x->sink, &x->req);
}

void http_body_finish(struct http_exchange *x)
{
    if (x->fail_status)
        return;
    if (x->kind == HTTP_BODY_FORM)
        finish_form(x);
    else if (x->kind == HTTP_BODY_JSON)
        finish_json(x);
    else if (x->kind == HTTP_BODY_MULTIPART && x->mp)
        finish_multipart(x);
}

void http_body_release(struct http_exchange *x)
{
    if (x->sink)
        http_upload_sink_cleanup(x->sink);
    buf_free(&x->body);
    json_decref(x->req.json);
    x->req.json = NULL;
}
