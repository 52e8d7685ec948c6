/* tclient.c — see tclient.h. Each client has its own curl handle with an in-memory cookie
 * engine, so two clients are two independent browsers. */
#include "tclient.h"

#include "testutil.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

struct tclient {
    CURL *curl;
    char base[256];
    char auth[1024];
    char esc[4][4096];
    int esc_slot;
};

struct grow {
    char *p;
    size_t len;
};

static size_t grow_write(char *data, size_t size, size_t n, void *ud)
{
    struct grow *g = ud;
    size_t add = size * n;
    char *p = realloc(g->p, g->len + add + 1);
    if (!p)
        return 0;
    memcpy(p + g->len, data, add);
    g->p = p;
    g->len += add;
    g->p[g->len] = '\0';
    return add;
}

struct tclient *tc_new(const char *base)
{
    static int inited;
    if (!inited) {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        inited = 1;
    }
    struct tclient *c = calloc(1, sizeof *c);
    c->curl = curl_easy_init();
    snprintf(c->base, sizeof c->base, "%s", base ? base : test_env("MOTCUA_TEST_URL", ""));
    curl_easy_setopt(c->curl, CURLOPT_COOKIEFILE, "");
    return c;
}

void tc_set_source(struct tclient *c, const char *address)
{
    curl_easy_setopt(c->curl, CURLOPT_INTERFACE, address);
}

void tc_free(struct tclient *c)
{
    if (!c)
        return;
    curl_easy_cleanup(c->curl);
    free(c);
}

void tc_resp_free(struct tresp *r)
{
    free(r->body);
    free(r->headers);
    json_decref(r->json);
    memset(r, 0, sizeof *r);
}

void tc_set_header(struct tclient *c, const char *header)
{
    snprintf(c->auth, sizeof c->auth, "%s", header ? header : "");
}

/* The answer recorder (MOTCUA_TEST_RECORD=<dir>): every request's line, status, content type
 * and body are appended, one JSON object a line, to <dir>/<suite>.<engine>.jsonl, so that a
 * refactoring can show that the server answers exactly as before
 * (tests/support/record_compare.py masks what changes from run to run). A body that is not
 * UTF-8 text (a PDF, an image) is recorded by its length only. */
static const char *record_engine(void)
{
    const char *db = test_env("MOTCUA_TEST_DB", "");
    size_t n = strlen(db);
    return n > 3 && strcmp(db + n - 3, ".db") == 0 ? "sqlite" : "pg";
}

static void record_answer(const char *method, const char *path, const struct tresp *r,
                          const char *content_type)
{
    const char *dir = getenv("MOTCUA_TEST_RECORD");
    if (!dir || !*dir)
        return;
    char file[1024];
    snprintf(file, sizeof file, "%s/%s.%s.jsonl", dir, program_invocation_short_name,
             record_engine());
    json_t *body = json_stringn(r->body, r->len);
    if (!body)
        body = json_integer((json_int_t)r->len);
    json_t *line = json_object();
    json_object_set_new(line, "req", json_sprintf("%s %s", method, path));
    json_object_set_new(line, "status", json_integer(r->status));
    json_object_set_new(line, "type", json_string(content_type ? content_type : ""));
    json_object_set_new(line, "body", body);
    char *text = json_dumps(line, JSON_COMPACT);
    json_decref(line);
    int fd = open(file, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0 && text) {
        size_t n = strlen(text);
        text[n] = '\n'; /* one write a line keeps lines whole between forked clients */
        if (write(fd, text, n + 1) < 0)
            fprintf(stderr, "tclient: recording to %s: %s\n", file, strerror(errno));
        text[n] = '\0';
    }
    if (fd >= 0)
        close(fd);
    free(text);
}

struct tresp tc_request(struct tclient *c, const char *method, const char *path,
                        const char *content_type, const char *body, size_t len,
                        const char *extra_headers)
{
    struct tresp r = {0};
    struct grow b = {0}, h = {0};
    char url[4096], line[4200];
    snprintf(url, sizeof url, "%s%s", c->base, path);
    CURL *k = c->curl;
    curl_easy_setopt(k, CURLOPT_URL, url);
    curl_easy_setopt(k, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(k, CURLOPT_NOBODY, strcmp(method, "HEAD") == 0 ? 1L : 0L);
    curl_easy_setopt(k, CURLOPT_WRITEFUNCTION, grow_write);
    curl_easy_setopt(k, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(k, CURLOPT_HEADERFUNCTION, grow_write);
    curl_easy_setopt(k, CURLOPT_HEADERDATA, &h);
    curl_easy_setopt(k, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(k, CURLOPT_TIMEOUT, 60L);
    struct curl_slist *hdrs = NULL;
    if (content_type) {
        snprintf(line, sizeof line, "Content-Type: %s", content_type);
        hdrs = curl_slist_append(hdrs, line);
    }
    if (c->auth[0])
        hdrs = curl_slist_append(hdrs, c->auth);
    for (const char *p = extra_headers; p && *p;) {
        size_t n = strcspn(p, "\n");
        snprintf(line, sizeof line, "%.*s", (int)n, p);
        hdrs = curl_slist_append(hdrs, line);
        p += n + (p[n] == '\n');
    }
    curl_easy_setopt(k, CURLOPT_HTTPHEADER, hdrs);
    if (body) {
        curl_easy_setopt(k, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(k, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    } else if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) {
        curl_easy_setopt(k, CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(k, CURLOPT_CUSTOMREQUEST, method);
    } else {
        curl_easy_setopt(k, CURLOPT_POSTFIELDS, "");
        curl_easy_setopt(k, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)0);
    }
    CURLcode rc = curl_easy_perform(k);
    curl_slist_free_all(hdrs);
    curl_easy_setopt(k, CURLOPT_HTTPHEADER, NULL);
    curl_easy_setopt(k, CURLOPT_POSTFIELDS, NULL);
    if (rc != CURLE_OK) {
        fprintf(stderr, "tclient: %s %s: %s\n", method, path, curl_easy_strerror(rc));
        r.status = -1;
    } else {
        curl_easy_getinfo(k, CURLINFO_RESPONSE_CODE, &r.status);
    }
    r.body = b.p ? b.p : calloc(1, 1);
    r.len = b.len;
    r.headers = h.p ? h.p : calloc(1, 1);
    r.json = r.len ? json_loadb(r.body, r.len, 0, NULL) : NULL;
    record_answer(method, path, &r, tc_header(&r, "Content-Type"));
    return r;
}

struct tresp tc_get(struct tclient *c, const char *path)
{
    return tc_request(c, "GET", path, NULL, NULL, 0, NULL);
}

struct tresp tc_post_form(struct tclient *c, const char *path, const char *body)
{
    return tc_request(c, "POST", path, "application/x-www-form-urlencoded", body, strlen(body),
                      NULL);
}

struct tresp tc_post_json(struct tclient *c, const char *path, const char *json)
{
    return tc_request(c, "POST", path, "application/json", json, strlen(json), NULL);
}

const char *tc_escape(struct tclient *c, const char *s)
{
    char *e = curl_easy_escape(c->curl, s, 0);
    char *slot = c->esc[c->esc_slot++ % 4];
    snprintf(slot, sizeof c->esc[0], "%s", e ? e : "");
    curl_free(e);
    return slot;
}

const char *tc_input_value(const char *html, const char *name)
{
    static char out[1024];
    char needle[256];
    snprintf(needle, sizeof needle, "name=\"%s\" value=\"", name);
    const char *p = strstr(html, needle);
    if (!p)
        return NULL;
    p += strlen(needle);
    size_t n = strcspn(p, "\"");
    snprintf(out, sizeof out, "%.*s", (int)n, p);
    return out;
}

const char *tc_header(const struct tresp *r, const char *name)
{
    static char out[2048];
    size_t n = strlen(name);
    for (const char *p = r->headers; p && *p;) {
        size_t len = strcspn(p, "\r\n");
        if (len > n && strncasecmp(p, name, n) == 0 && p[n] == ':') {
            const char *v = p + n + 1;
            while (*v == ' ')
                v++;
            snprintf(out, sizeof out, "%.*s", (int)(len - (size_t)(v - p)), v);
            return out;
        }
        p += len;
        while (*p == '\r' || *p == '\n')
            p++;
    }
    return NULL;
}

const char *tc_login_form(struct tclient *c, const char *user, const char *password)
{
    static char csrf[256];
    struct tresp page = tc_get(c, "/login");
    const char *token = tc_input_value(page.body, "csrf");
    snprintf(csrf, sizeof csrf, "%s", token ? token : "");
    tc_resp_free(&page);
    char body[1024];
    snprintf(body, sizeof body, "csrf=%s&username=%s&password=%s", tc_escape(c, csrf),
             tc_escape(c, user), tc_escape(c, password));
    struct tresp r = tc_post_form(c, "/login", body);
    long status = r.status;
    tc_resp_free(&r);
    if (status != 303)
        return NULL;
    page = tc_get(c, "/desk/org");
    token = tc_input_value(page.body, "csrf");
    snprintf(csrf, sizeof csrf, "%s", token ? token : "");
    tc_resp_free(&page);
    return csrf;
}

int tc_login_api(struct tclient *c, const char *user, const char *password)
{
    json_t *req = json_pack("{s:s, s:s}", "username", user, "password", password);
    char *text = json_dumps(req, 0);
    struct tresp r = tc_post_json(c, "/api/v1/auth/login", text);
    free(text);
    json_decref(req);
    int rc = -1;
    const char *token = json_string_value(json_object_get(r.json, "token"));
    if (r.status == 200 && token) {
        char h[512];
        snprintf(h, sizeof h, "Authorization: Bearer %s", token);
        tc_set_header(c, h);
        rc = 0;
    }
    tc_resp_free(&r);
    return rc;
}

struct tclient *tc_as(const char *user, const char *password)
{
    struct tclient *c = tc_new(NULL);
    if (tc_login_api(c, user, password) != 0)
        fail_msg("login as %s was refused", user);
    return c;
}

const char *tj_str(json_t *j, const char *key)
{
    const char *s = json_string_value(json_object_get(j, key));
    return s ? s : "";
}
