/* test_http_server.c — the HTTP layer end to end: a real server on a loopback port with test
 * routes, driven over HTTP with libcurl. Requests in one test reuse one keep-alive
 * connection, so when a second response has arrived the server has finished (logged,
 * measured, cleaned up after) the first one — that is how the tests observe deleted upload
 * files and metrics without waiting on a clock. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "http.h"
#include "log.h"
#include "testutil.h"

#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* ---- test application ----------------------------------------------------------------- */

static char upload_dir[512];
static char last_upload_path[1024];

static json_t *kv_object(const struct http_kv *kv, int n)
{
    json_t *o = json_object();
    for (int i = 0; i < n; i++)
        json_object_set_new(o, kv[i].key, json_string(kv[i].value));
    return o;
}

static int h_echo(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    json_t *j = json_object();
    json_object_set_new(j, "name", json_string(http_param(r, "name")));
    json_object_set_new(j, "query", kv_object(r->query, r->nquery));
    json_object_set_new(j, "route", json_string(r->route));
    json_object_set_new(j, "path", json_string(r->path));
    return http_resp_json(w, 200, j);
}

static int h_rest(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    return http_resp_json(w, 200, json_pack("{s:s}", "rest", http_param(r, "rest")));
}

static int h_form(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    json_t *files = json_array();
    for (int i = 0; i < r->nuploads; i++) {
        const struct http_upload *u = &r->uploads[i];
        snprintf(last_upload_path, sizeof last_upload_path, "%s", u->path);
        json_array_append_new(files,
                              json_pack("{s:s,s:s,s:s,s:I,s:b}", "field", u->field, "filename",
                                        u->filename, "type", u->content_type, "size",
                                        (json_int_t)u->size, "exists", access(u->path, F_OK) == 0));
    }
    json_t *j = json_object();
    json_object_set_new(j, "form", kv_object(r->form, r->nform));
    json_object_set_new(j, "files", files);
    return http_resp_json(w, 200, j);
}

static int h_json(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    return http_resp_json(w, 200, json_pack("{s:O?}", "got", r->json));
}

static int h_cookies(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    http_resp_cookie(w, "sid", "tok123", &(struct http_cookie_opts){3600, 1, "Strict", 1});
    json_t *j = kv_object(r->cookies, r->ncookies);
    return http_resp_json(w, 200, j);
}

static int h_fail(struct http_req *r, struct http_resp *w, void *app)
{
    (void)r;
    (void)w;
    (void)app;
    return E_INTERNAL;
}

static int h_page(struct http_req *r, struct http_resp *w, void *app)
{
    (void)r;
    (void)app;
    http_resp_header(w, "Cache-Control", "public, max-age=60");
    const char *html = "<p>Xin chào</p>";
    return http_resp_text(w, 200, "text/html; charset=utf-8", html, strlen(html));
}

static int h_err(struct http_req *r, struct http_resp *w, void *app)
{
    (void)r;
    (void)app;
    struct err e;
    err_set(&e, E_CONFLICT, "version", "Hồ sơ đã được sửa bởi người khác");
    return http_resp_err(w, &e);
}

static char served_file[600];

static int h_file(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    w->status = 200;
    w->content_type = "application/pdf";
    w->file_path = strcmp(http_param(r, "which"), "real") == 0 ? served_file : "/nonexistent/x";
    return 0;
}

/* /slow blocks until the test releases it, to hold a request in flight during a stop. */
static pthread_mutex_t slow_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slow_cv = PTHREAD_COND_INITIALIZER;
static int slow_entered, slow_released;

static int h_slow(struct http_req *r, struct http_resp *w, void *app)
{
    (void)r;
    (void)app;
    pthread_mutex_lock(&slow_mu);
    slow_entered = 1;
    pthread_cond_broadcast(&slow_cv);
    while (!slow_released)
        pthread_cond_wait(&slow_cv, &slow_mu);
    pthread_mutex_unlock(&slow_mu);
    return http_resp_text(w, 200, NULL, "done", 4);
}

static int before(struct http_req *r, struct http_resp *w, const struct http_route *route,
                  void *app)
{
    (void)route;
    (void)app;
    if (!http_header(r, "X-Deny"))
        return 0;
    http_resp_error(w, 403, "forbidden", "Không có quyền", NULL);
    return 1;
}

static void error_page(struct http_req *r, struct http_resp *w, int status, const char *message,
                       void *app)
{
    (void)r;
    (void)app;
    char *html = arena_printf(w->arena, "<h1>Lỗi %d</h1><p>%s</p>", status, message);
    http_resp_text(w, status, "text/html; charset=utf-8", html, strlen(html));
}

static void metrics_extra(struct buf *out, void *app)
{
    (void)app;
    buf_puts(out, "motcua_test_gauge 7\n");
}

static const struct http_route routes[] = {
    {"GET", "/echo/{name}", h_echo, HTTP_BODY_NONE},
    {"PUT", "/echo/{name}", h_echo, HTTP_BODY_JSON},
    {"GET", "/files/{*rest}", h_rest, HTTP_BODY_NONE},
    {"POST", "/form", h_form, HTTP_BODY_FORM | HTTP_BODY_MULTIPART},
    {"POST", "/json", h_json, HTTP_BODY_JSON},
    {"POST", "/api/v1/json", h_json, HTTP_BODY_JSON},
    {"GET", "/cookies", h_cookies, HTTP_BODY_NONE},
    {"GET", "/api/v1/fail", h_fail, HTTP_BODY_NONE},
    {"GET", "/api/v1/conflict", h_err, HTTP_BODY_NONE},
    {"GET", "/page", h_page, HTTP_BODY_NONE},
    {"GET", "/slow", h_slow, HTTP_BODY_NONE},
    {"GET", "/file/{which}", h_file, HTTP_BODY_NONE},
};
#define NROUTES ((int)(sizeof routes / sizeof routes[0]))

#define MAX_BODY   (64 * 1024)
#define MAX_UPLOAD (32 * 1024)

static struct http_config test_config(void)
{
    return (struct http_config){
        .listen_addr = "127.0.0.1",
        .max_body = MAX_BODY,
        .max_upload = MAX_UPLOAD,
        .max_files = 2,
        .threads = 4,
        .upload_dir = upload_dir,
        .before = before,
        .error_page = error_page,
        .metrics_extra = metrics_extra,
    };
}

/* ---- client ----------------------------------------------------------------------------- */

static struct http_server *server;
static CURL *curl;

struct reply {
    long status;
    char body[256 * 1024];
    size_t len;
    char headers[16 * 1024];
    size_t hlen;
};
static struct reply rep;

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    struct reply *r = ud;
    size_t len = size * n;
    if (len > sizeof r->body - 1 - r->len)
        len = sizeof r->body - 1 - r->len;
    memcpy(r->body + r->len, p, len);
    r->len += len;
    r->body[r->len] = '\0';
    return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    struct reply *r = ud;
    size_t len = size * n;
    if (len > sizeof r->headers - 1 - r->hlen)
        len = sizeof r->headers - 1 - r->hlen;
    memcpy(r->headers + r->hlen, p, len);
    r->hlen += len;
    r->headers[r->hlen] = '\0';
    return size * n;
}

/* Prepares the shared handle for a request to `path` on `port`; the connection is kept. */
static void prepare(CURL *c, struct reply *r, uint16_t port, const char *path)
{
    char url[2048];
    snprintf(url, sizeof url, "http://127.0.0.1:%u%s", (unsigned)port, path);
    curl_easy_reset(c);
    memset(r, 0, sizeof *r);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
}

static void perform(CURL *c, struct reply *r)
{
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK)
        fprintf(stderr, "curl: %s\n", curl_easy_strerror(rc));
    assert_int_equal(rc, CURLE_OK);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
}

static void get(const char *path, struct curl_slist *headers)
{
    prepare(curl, &rep, http_server_port(server), path);
    if (headers)
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    perform(curl, &rep);
}

static void post(const char *path, const char *content_type, const char *body, size_t len)
{
    struct curl_slist *h = NULL;
    char ct[256];
    snprintf(ct, sizeof ct, "Content-Type: %s", content_type);
    h = curl_slist_append(h, ct);
    prepare(curl, &rep, http_server_port(server), path);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    perform(curl, &rep);
    curl_slist_free_all(h);
}

static json_t *body_json(void)
{
    json_error_t je;
    json_t *j = json_loads(rep.body, 0, &je);
    if (!j)
        fprintf(stderr, "not JSON: %s\n", rep.body);
    assert_non_null(j);
    return j;
}

static const char *jstr(json_t *j, const char *path)
{
    char copy[256];
    snprintf(copy, sizeof copy, "%s", path);
    for (char *save, *k = strtok_r(copy, ".", &save); k; k = strtok_r(NULL, ".", &save))
        j = json_object_get(j, k);
    return json_string_value(j);
}

static void assert_error(long status, const char *code, const char *field)
{
    assert_int_equal(rep.status, status);
    json_t *j = body_json();
    assert_string_equal(jstr(j, "error.code"), code);
    if (field)
        assert_string_equal(jstr(j, "error.field"), field);
    json_decref(j);
}

static int has_header(const char *line)
{
    return strcasestr(rep.headers, line) != NULL;
}

/* ---- fixtures ----------------------------------------------------------------------------- */

static int setup(void **state)
{
    (void)state;
    log_set_level(LOG_WARN);
    snprintf(upload_dir, sizeof upload_dir, "%s/uploads/tmp", test_tmpdir("http"));
    struct http_config cfg = test_config();
    struct err e = {0};
    if (http_server_start(&cfg, routes, NROUTES, &server, &e) != 0) {
        fprintf(stderr, "start: %s\n", e.msg);
        return -1;
    }
    snprintf(served_file, sizeof served_file, "%s/served.pdf", test_tmpdir("http-file"));
    FILE *f = fopen(served_file, "w");
    if (!f)
        return -1;
    fputs("%PDF-1.7 fake", f);
    fclose(f);
    curl = curl_easy_init();
    return curl ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    curl_easy_cleanup(curl);
    http_server_stop(server, 5);
    return 0;
}

static int count_files(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *ent; d && (ent = readdir(d));)
        n += ent->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

/* ---- routing ------------------------------------------------------------------------------ */

static void test_route_params(void **state)
{
    (void)state;
    get("/echo/H%E1%BB%93%20s%C6%A1?x=1&y=a+b", NULL);
    assert_int_equal(rep.status, 200);
    json_t *j = body_json();
    assert_string_equal(jstr(j, "name"), "Hồ sơ");
    assert_string_equal(jstr(j, "route"), "/echo/{name}");
    assert_string_equal(jstr(j, "query.x"), "1");
    assert_string_equal(jstr(j, "query.y"), "a b");
    json_decref(j);

    get("/files/a/b%2Fc/d.pdf", NULL);
    assert_int_equal(rep.status, 200);
    j = body_json();
    assert_string_equal(jstr(j, "rest"), "a/b/c/d.pdf");
    json_decref(j);
}

static void test_not_found_and_method(void **state)
{
    (void)state;
    get("/nope", NULL);
    assert_int_equal(rep.status, 404);
    assert_non_null(strstr(rep.body, "<h1>Lỗi 404</h1>")); /* the application's error page */

    get("/api/v1/nope", NULL);
    assert_error(404, "not_found", NULL);

    get("/echo", NULL); /* a parameter never matches an absent segment */
    assert_int_equal(rep.status, 404);

    post("/echo/x", "application/json", "{}", 2);
    assert_int_equal(rep.status, 405);
    assert_true(has_header("Allow: GET, HEAD, PUT"));

    prepare(curl, &rep, http_server_port(server), "/healthz");
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "DELETE");
    perform(curl, &rep);
    assert_int_equal(rep.status, 405);
}

static void test_head_as_get(void **state)
{
    (void)state;
    prepare(curl, &rep, http_server_port(server), "/echo/abc");
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    perform(curl, &rep);
    assert_int_equal(rep.status, 200);
    assert_int_equal(rep.len, 0);
}

static void test_bad_paths(void **state)
{
    (void)state;
    get("/api/a%00b", NULL);
    assert_error(400, "invalid_path", "path");
    get("/api/%C3%28", NULL);
    assert_error(400, "invalid_utf8", "path");
    get("/echo/%zz", NULL);
    assert_int_equal(rep.status, 400);
    get("/healthz", NULL); /* still serving */
    assert_int_equal(rep.status, 200);
}

/* ---- input parsing and text ------------------------------------------------------------- */

static void test_query_nfc_and_invalid_utf8(void **state)
{
    (void)state;
    struct curl_slist *h = curl_slist_append(NULL, "Accept: application/json");
    /* "e" + COMBINING CIRCUMFLEX + COMBINING TILDE (NFD) must arrive as U+1EC5 (NFC). */
    get("/echo/x?q=%65%CC%82%CC%83", h);
    assert_int_equal(rep.status, 200);
    json_t *j = body_json();
    assert_string_equal(jstr(j, "query.q"), "\xe1\xbb\x85");
    json_decref(j);

    get("/echo/x?name=%C3%28", h);
    assert_error(400, "invalid_utf8", "name");
    get("/echo/x?a=%00", h);
    assert_error(400, "invalid_utf8", "a");
    curl_slist_free_all(h);
}

static void test_urlencoded_form(void **state)
{
    (void)state;
    const char *body = "title=%C4%90%C4%83ng+k%C3%BD&empty=&flag&&=x";
    post("/form", "application/x-www-form-urlencoded", body, strlen(body));
    assert_int_equal(rep.status, 200);
    json_t *j = body_json();
    assert_string_equal(jstr(j, "form.title"), "Đăng ký");
    assert_string_equal(jstr(j, "form.empty"), "");
    assert_string_equal(jstr(j, "form.flag"), "");
    json_decref(j);

    const char *bad = "ok=1&t=%FF";
    post("/form", "application/x-www-form-urlencoded", bad, strlen(bad));
    assert_int_equal(rep.status, 400);
}

static void test_json_body(void **state)
{
    (void)state;
    /* key and value in NFD: "ê" as e + U+0302 */
    const char *body = "{\"ke\xcc\x82y\":[\"e\xcc\x82\",1,{\"n\":\"a\xcc\x80\"}]}";
    post("/json", "application/json; charset=utf-8", body, strlen(body));
    assert_int_equal(rep.status, 200);
    json_t *j = body_json();
    json_t *arr = json_object_get(json_object_get(j, "got"), "k\xc3\xaay");
    assert_non_null(arr);
    assert_string_equal(json_string_value(json_array_get(arr, 0)), "\xc3\xaa");
    assert_string_equal(jstr(json_array_get(arr, 2), "n"), "\xc3\xa0");
    json_decref(j);

    post("/api/v1/json", "application/json", "{\"a\":", 5);
    assert_error(400, "malformed_json", "body");
    post("/api/v1/json", "application/json", "{\"a\":1,\"a\":2}", 13);
    assert_error(400, "malformed_json", "body");
    post("/api/v1/json", "application/json", "{\"a\":\"\xc3\x28\"}", 10);
    assert_error(400, "invalid_utf8", "body");
    /* two keys that are equal once normalised */
    const char *twins = "{\"\xc3\xaa\":1,\"e\xcc\x82\":2}";
    post("/api/v1/json", "application/json", twins, strlen(twins));
    assert_error(400, "malformed_json", "body");

    char deep[200];
    memset(deep, '[', 100);
    memset(deep + 100, ']', 100);
    post("/api/v1/json", "application/json", deep, sizeof deep);
    assert_error(400, "malformed_json", "body");
}

static void test_content_type_415(void **state)
{
    (void)state;
    post("/api/v1/json", "text/plain", "hello", 5);
    assert_error(415, "unsupported_media_type", NULL);
    post("/form", "application/json", "{}", 2);
    assert_int_equal(rep.status, 415);
    prepare(curl, &rep, http_server_port(server), "/echo/x");
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "GET");
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "a=1");
    perform(curl, &rep);
    assert_int_equal(rep.status, 415);
}

static void test_cookies(void **state)
{
    (void)state;
    struct curl_slist *h = curl_slist_append(NULL, "Cookie: a=1; sid=\"abc\"; junk; =x;  c = d ;;");
    get("/cookies", h);
    curl_slist_free_all(h);
    assert_int_equal(rep.status, 200);
    json_t *j = body_json();
    assert_string_equal(jstr(j, "sid"), "abc");
    assert_string_equal(jstr(j, "a"), "1");
    assert_string_equal(jstr(j, "c"), "d");
    assert_int_equal(json_object_size(j), 3);
    json_decref(j);
    assert_true(has_header("Set-Cookie: sid=tok123; Path=/; Max-Age=3600; HttpOnly; "
                           "SameSite=Strict; Secure"));

    h = curl_slist_append(NULL, "Cookie: bad=\xff\xfe");
    get("/cookies", h);
    curl_slist_free_all(h);
    assert_int_equal(rep.status, 400);
}

/* ---- uploads and limits ----------------------------------------------------------------- */

static void test_multipart_upload(void **state)
{
    (void)state;
    char data[5000];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (char)(i * 7);
    prepare(curl, &rep, http_server_port(server), "/form");
    curl_mime *mime = curl_mime_init(curl);
    curl_mimepart *p = curl_mime_addpart(mime);
    curl_mime_name(p, "title");
    curl_mime_data(p, "Gia\xcc\x81y to\xcc\x9b\xcc\x80", CURL_ZERO_TERMINATED); /* NFD */
    p = curl_mime_addpart(mime);
    curl_mime_name(p, "doc");
    curl_mime_filename(p, "C:\\Users\\an\\to\xcc\x9b\xcc\x80.pdf");
    curl_mime_type(p, "application/pdf");
    curl_mime_data(p, data, sizeof data);
    curl_easy_setopt(curl, CURLOPT_MIMEPOST, mime);
    perform(curl, &rep);
    curl_mime_free(mime);
    assert_int_equal(rep.status, 200);
    json_t *j = body_json();
    assert_string_equal(jstr(j, "form.title"), "Gi\xc3\xa1y t\xe1\xbb\x9d");
    json_t *f = json_array_get(json_object_get(j, "files"), 0);
    assert_non_null(f);
    assert_string_equal(jstr(f, "field"), "doc");
    assert_string_equal(jstr(f, "filename"), "t\xe1\xbb\x9d.pdf");
    assert_string_equal(jstr(f, "type"), "application/pdf");
    assert_int_equal(json_integer_value(json_object_get(f, "size")), sizeof data);
    assert_true(json_is_true(json_object_get(f, "exists")));
    json_decref(j);

    get("/healthz", NULL); /* same connection: the upload request is finished by now */
    assert_int_equal(access(last_upload_path, F_OK), -1);
    assert_int_equal(errno, ENOENT);
    assert_int_equal(count_files(upload_dir), 0);
}

static void test_upload_over_cap(void **state)
{
    (void)state;
    static char big[MAX_UPLOAD + 100];
    memset(big, 'x', sizeof big);
    prepare(curl, &rep, http_server_port(server), "/form");
    curl_mime *mime = curl_mime_init(curl);
    curl_mimepart *p = curl_mime_addpart(mime);
    curl_mime_name(p, "doc");
    curl_mime_filename(p, "big.bin");
    curl_mime_data(p, big, sizeof big);
    curl_easy_setopt(curl, CURLOPT_MIMEPOST, mime);
    struct curl_slist *h = curl_slist_append(NULL, "Accept: application/json");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
    perform(curl, &rep);
    curl_mime_free(mime);
    curl_slist_free_all(h);
    assert_error(413, "too_large", "doc");
    assert_int_equal(count_files(upload_dir), 0);
}

struct source {
    size_t left, sent;
};

static size_t read_source(char *p, size_t size, size_t n, void *ud)
{
    struct source *s = ud;
    size_t len = size * n < s->left ? size * n : s->left;
    memset(p, ' ', len);
    s->left -= len;
    s->sent += len;
    return len;
}

static void test_declared_too_large_not_read(void **state)
{
    (void)state;
    struct source src = {100 * 1024 * 1024, 0};
    prepare(curl, &rep, http_server_port(server), "/api/v1/json");
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    h = curl_slist_append(h, "Expect: 100-continue");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)src.left);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_source);
    curl_easy_setopt(curl, CURLOPT_READDATA, &src);
    /* Never give up waiting for 100 Continue: the answer must come without it. */
    curl_easy_setopt(curl, CURLOPT_EXPECT_100_TIMEOUT_MS, 600000L);
    perform(curl, &rep);
    curl_slist_free_all(h);
    assert_error(413, "too_large", NULL);
    assert_int_equal(src.sent, 0);
}

static void test_chunked_too_large(void **state)
{
    (void)state;
    struct source src = {3 * MAX_BODY, 0};
    prepare(curl, &rep, http_server_port(server), "/api/v1/json");
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    h = curl_slist_append(h, "Transfer-Encoding: chunked");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_source);
    curl_easy_setopt(curl, CURLOPT_READDATA, &src);
    perform(curl, &rep);
    curl_slist_free_all(h);
    assert_error(413, "too_large", NULL);
}

static void test_header_too_large(void **state)
{
    (void)state;
    static char line[40000];
    memcpy(line, "X-Big: ", 7);
    memset(line + 7, 'a', sizeof line - 8);
    struct curl_slist *h = curl_slist_append(NULL, line);
    prepare(curl, &rep, http_server_port(server), "/healthz");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(h);
    if (rc == CURLE_OK) {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &rep.status);
        assert_true(rep.status == 431 || rep.status == 413 || rep.status == 400);
    }
    get("/healthz", NULL);
    assert_int_equal(rep.status, 200);
}

/* ---- responses ---------------------------------------------------------------------------- */

static void test_security_headers(void **state)
{
    (void)state;
    get("/echo/x", NULL);
    assert_true(has_header("Content-Security-Policy: default-src 'self'; img-src 'self' data:; "
                           "style-src 'self'; script-src 'self'; frame-ancestors 'none'; "
                           "form-action 'self'; base-uri 'none'\r\n"));
    assert_true(has_header("X-Content-Type-Options: nosniff"));
    assert_true(has_header("X-Frame-Options: DENY"));
    assert_true(has_header("Referrer-Policy: same-origin"));
    assert_true(has_header("Cache-Control: no-store"));
    assert_true(has_header("Content-Type: application/json"));

    get("/page", NULL);
    assert_true(has_header("Cache-Control: public, max-age=60"));
    assert_false(has_header("no-store"));
    assert_true(has_header("X-Frame-Options: DENY"));

    get("/nope", NULL); /* layer errors carry them too */
    assert_true(has_header("X-Content-Type-Options: nosniff"));
}

static void test_file_response(void **state)
{
    (void)state;
    get("/file/real", NULL);
    assert_int_equal(rep.status, 200);
    assert_string_equal(rep.body, "%PDF-1.7 fake");
    assert_true(has_header("Content-Type: application/pdf"));
    assert_true(has_header("X-Content-Type-Options: nosniff"));
    struct curl_slist *h = curl_slist_append(NULL, "Accept: application/json");
    get("/file/missing", h);
    curl_slist_free_all(h);
    assert_error(404, "not_found", NULL);
}

static void test_handler_errors(void **state)
{
    (void)state;
    get("/api/v1/fail", NULL);
    assert_error(500, "internal", NULL);
    get("/api/v1/conflict", NULL);
    assert_error(409, "conflict", "version");

    struct curl_slist *h = curl_slist_append(NULL, "X-Deny: 1");
    get("/echo/x", h);
    curl_slist_free_all(h);
    assert_int_equal(rep.status, 403);

    get("/api/v1/nope", NULL);
    json_t *j = body_json();
    assert_null(json_object_get(json_object_get(j, "error"), "field")); /* empty → omitted */
    json_decref(j);
}

static void test_status_mapping(void **state)
{
    (void)state;
    assert_int_equal(http_status_for(E_INVALID), 422);
    assert_int_equal(http_status_for(E_NOTFOUND), 404);
    assert_int_equal(http_status_for(E_CONFLICT), 409);
    assert_int_equal(http_status_for(E_CONSTRAINT), 409);
    assert_int_equal(http_status_for(E_FORBIDDEN), 403);
    assert_int_equal(http_status_for(E_UNAUTH), 401);
    assert_int_equal(http_status_for(E_TOOLARGE), 413);
    assert_int_equal(http_status_for(E_RATE), 429);
    assert_int_equal(http_status_for(E_UNAVAILABLE), 503);
    assert_int_equal(http_status_for(E_RETRY), 503);
    assert_int_equal(http_status_for(E_IO), 500);
}

static void test_healthz_and_metrics(void **state)
{
    (void)state;
    get("/healthz", NULL);
    assert_int_equal(rep.status, 200);
    assert_string_equal(rep.body, "{\"status\":\"ok\",\"version\":\"" MOTCUA_VERSION "\"}");

    get("/echo/secret-code-123?q=1", NULL);
    get("/nope", NULL);
    get("/metrics", NULL);
    assert_int_equal(rep.status, 200);
    assert_true(has_header("Content-Type: text/plain; version=0.0.4"));
    assert_non_null(strstr(rep.body, "motcua_http_requests_total{route=\"/echo/{name}\","
                                     "method=\"GET\",status=\"200\"}"));
    assert_non_null(strstr(rep.body, "motcua_http_requests_total{route=\"none\","
                                     "method=\"GET\",status=\"404\"}"));
    assert_non_null(strstr(rep.body,
                           "motcua_http_request_duration_seconds_bucket{route=\"/echo/{name}\","
                           "le=\"+Inf\"}"));
    assert_non_null(strstr(rep.body, "# TYPE motcua_http_request_duration_seconds histogram"));
    assert_non_null(strstr(rep.body, "motcua_http_in_flight 1\n"));
    assert_non_null(strstr(rep.body, "motcua_test_gauge 7\n"));
    assert_null(strstr(rep.body, "secret-code-123"));
}

/* ---- graceful stop ------------------------------------------------------------------------ */

struct slow_client {
    uint16_t port;
    struct reply r;
};

static void *slow_request(void *arg)
{
    struct slow_client *sc = arg;
    CURL *c = curl_easy_init();
    prepare(c, &sc->r, sc->port, "/slow");
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &sc->r.status);
    curl_easy_cleanup(c);
    return NULL;
}

static void *stopper(void *arg)
{
    http_server_stop(arg, 600);
    return NULL;
}

static int port_accepts(uint16_t port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {
        .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int ok = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
    close(fd);
    return ok;
}

static void test_graceful_stop(void **state)
{
    (void)state;
    struct http_config cfg = test_config();
    struct http_server *s;
    assert_int_equal(http_server_start(&cfg, routes, NROUTES, &s, NULL), 0);
    static struct slow_client sc;
    sc.port = http_server_port(s);
    pthread_t client, stop;
    pthread_create(&client, NULL, slow_request, &sc);

    pthread_mutex_lock(&slow_mu);
    while (!slow_entered)
        pthread_cond_wait(&slow_cv, &slow_mu);
    pthread_mutex_unlock(&slow_mu);

    pthread_create(&stop, NULL, stopper, s);
    while (port_accepts(sc.port)) /* the stop has begun once new connections are refused */
        usleep(1000);

    pthread_mutex_lock(&slow_mu);
    slow_released = 1;
    pthread_cond_broadcast(&slow_cv);
    pthread_mutex_unlock(&slow_mu);

    pthread_join(client, NULL);
    pthread_join(stop, NULL);
    assert_int_equal(sc.r.status, 200);
    assert_string_equal(sc.r.body, "done");
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_ALL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_route_params),
        cmocka_unit_test(test_not_found_and_method),
        cmocka_unit_test(test_head_as_get),
        cmocka_unit_test(test_bad_paths),
        cmocka_unit_test(test_query_nfc_and_invalid_utf8),
        cmocka_unit_test(test_urlencoded_form),
        cmocka_unit_test(test_json_body),
        cmocka_unit_test(test_content_type_415),
        cmocka_unit_test(test_cookies),
        cmocka_unit_test(test_multipart_upload),
        cmocka_unit_test(test_upload_over_cap),
        cmocka_unit_test(test_declared_too_large_not_read),
        cmocka_unit_test(test_chunked_too_large),
        cmocka_unit_test(test_header_too_large),
        cmocka_unit_test(test_security_headers),
        cmocka_unit_test(test_file_response),
        cmocka_unit_test(test_handler_errors),
        cmocka_unit_test(test_status_mapping),
        cmocka_unit_test(test_healthz_and_metrics),
        cmocka_unit_test(test_graceful_stop),
    };
    int rc = cmocka_run_group_tests(tests, setup, teardown);
    curl_global_cleanup();
    return rc;
}
