/* response.c — the helpers handlers use to fill a response: JSON, the one error format of
 * the API, text, redirects, headers and cookies. They only fill struct http_resp; sending it
 * (and adding the security headers every response carries) is respond.c's job. */
#include "http_internal.h"

#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void http_resp_header(struct http_resp *w, const char *name, const char *value)
{
    struct http_header *h = arena_alloc(w->arena, sizeof *h);
    h->name = arena_strdup(w->arena, name);
    h->value = arena_strdup(w->arena, value);
    struct http_header **tail = &w->headers;
    while (*tail)
        tail = &(*tail)->next;
    *tail = h;
}

/* Cookie values motcua sets are opaque tokens; anything that could break out of the
 * Set-Cookie syntax is refused rather than escaped, because a reader would not undo it. */
static int cookie_safe(const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c <= 0x20 || c >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\')
            return 0;
    }
    return 1;
}

void http_resp_cookie(struct http_resp *w, const char *name, const char *value,
                      const struct http_cookie_opts *o)
{
    static const struct http_cookie_opts defaults = {0, 1, "Lax", 0};
    if (!o)
        o = &defaults;
    if (!cookie_safe(name) || !cookie_safe(value) || !name[0]) {
        log_error("http refused to set a cookie with unsafe characters");
        return;
    }
    const char *same_site = o->same_site && strcmp(o->same_site, "Strict") == 0 ? "Strict" : "Lax";
    char age[64] = "";
    if (o->max_age < 0)
        snprintf(age, sizeof age, "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    else if (o->max_age > 0)
        snprintf(age, sizeof age, "; Max-Age=%d", o->max_age);
    http_resp_header(w, "Set-Cookie",
                     arena_printf(w->arena, "%s=%s; Path=/%s%s; SameSite=%s%s", name, value, age,
                                  o->http_only ? "; HttpOnly" : "", same_site,
                                  o->secure ? "; Secure" : ""));
}

int http_resp_text(struct http_resp *w, int status, const char *content_type, const char *s,
                   size_t len)
{
    buf_reset(&w->body);
    w->file_path = NULL;
    w->status = status;
    w->content_type =
        content_type ? arena_strdup(w->arena, content_type) : "text/plain; charset=utf-8";
    return buf_append(&w->body, s, len);
}

int http_resp_json(struct http_resp *w, int status, json_t *j)
{
    if (!j)
        return E_INTERNAL;
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (!s)
        return E_NOMEM;
    int rc = http_resp_text(w, status, "application/json", s, strlen(s));
    free(s);
    return rc;
}

/* Messages are ours, but one built from a bad byte would make json_string fail; the error
 * must still go out. */
static json_t *string_or(const char *s, const char *fallback)
{
    json_t *j = s ? json_string(s) : NULL;
    return j ? j : json_string(fallback);
}

int http_resp_error(struct http_resp *w, int status, const char *code, const char *message,
                    const char *field)
{
    json_t *err = json_object();
    json_object_set_new(err, "code", string_or(code, "error"));
    json_object_set_new(err, "message", string_or(message, "Lỗi"));
    if (field && field[0])
        json_object_set_new(err, "field", string_or(field, "?"));
    json_t *body = json_object();
    json_object_set_new(body, "error", err);
    return http_resp_json(w, status, body);
}

int http_status_for(int err_code)
{
    switch (err_code) {
    case E_INVALID:
        return 422;
    case E_NOTFOUND:
        return 404;
    case E_CONFLICT:
    case E_CONSTRAINT:
        return 409;
    case E_FORBIDDEN:
        return 403;
    case E_UNAUTH:
        return 401;
    case E_TOOLARGE:
        return 413;
    case E_RATE:
        return 429;
    case E_UNAVAILABLE:
    case E_RETRY:
        return 503;
    default:
        return 500;
    }
}

void http_resp_retry_after(struct http_resp *w, const struct err *e)
{
    if (e->code == E_RATE && e->retry_after > 0) {
        char secs[16];
        snprintf(secs, sizeof secs, "%d", e->retry_after);
        http_resp_header(w, "Retry-After", secs);
    }
}

int http_resp_err(struct http_resp *w, const struct err *e)
{
    int status = http_status_for(e->code);
    if (status == 500) {
        /* Internal messages come from the program and the database drivers, which leave out
         * row values (docs/database.md), so they are safe to log and needed to diagnose. */
        log_error("http internal error code=%s msg=\"%s\"", err_code_name(e->code), e->msg);
        return http_resp_error(w, 500, "internal", "Lỗi hệ thống, vui lòng thử lại sau", NULL);
    }
    const char *msg = e->msg[0] ? e->msg : err_code_name(e->code);
    int rc = http_resp_error(w, status, err_code_name(e->code), msg, e->field);
    http_resp_retry_after(w, e);
    return rc;
}

void http_resp_redirect(struct http_resp *w, const char *location)
{
    http_resp_text(w, 303, NULL, "", 0);
    http_resp_header(w, "Location", location);
}
