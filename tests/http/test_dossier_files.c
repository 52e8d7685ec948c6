/* test_dossier_files.c — the files of a dossier over the API, on both databases: a real PDF
 * (the dossier's own receipt) and a PNG uploaded, listed and downloaded byte for byte; types
 * decided by sniffing, never by the name (HTML called .pdf, an EXE called .png, an empty
 * file), and proved by opening the file (a bare "%PDF-", a JPEG signature before a script: 422),
 * the stored name taking the sniffed type's extension; the per-file cap answered 413; the same
 * content stored once on disk however often and wherever it is attached; who may upload what and
 * when; downloads refused as "not found" to people who may not see the dossier and to a content of
 * another dossier asked for through this one; and client file names that can never become paths or
 * header bytes. The server runs with a 1 MiB cap (test_dossier_files.env) and its files directory
 * in $MOTCUA_TEST_WORK/files (with-server.sh). */
#include "tcheck.h"
#include "tclient.h"
#include "tdesk.h"
#include "testutil.h"
#include "tfiles.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define BOUNDARY  "motcua-test-7d41c2"
#define CAP       (1024 * 1024)
#define APPLICANT "Nguyễn Văn An"

struct blob {
    unsigned char *data;
    size_t len;
};

/* One client per person, logged in once for the whole suite (logins are rate-limited per
 * address, and each costs an argon2id hash). */
static struct tclient *desk, *spec, *lead, *admin;
static struct tclient *other;     /* a specialist of another department (Phòng Tư pháp) */
static struct tclient *otherdesk; /* the district's counter */
static struct tclient *citizen;   /* a citizen who is not the applicant's account */

static int setup(void **state)
{
    (void)state;
    desk = tc_as("tiepnhan.xa", "tiepnhan@2026");
    spec = tc_as("chuyenvien.xa", "chuyenvien@2026");
    lead = tc_as("lanhdao.xa", "lanhdao@2026");
    admin = tc_as("admin", "quantri@2026");
    other = tc_as("chuyenvien", "chuyenvien@2026");
    otherdesk = tc_as("tiepnhan", "tiepnhan@2026");
    citizen = tc_as("congdan", "congdan@2026");
    return desk && spec && lead && admin && other && otherdesk && citizen ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    struct tclient *all[] = {desk, spec, lead, admin, other, otherdesk, citizen};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (all[i])
            tc_free(all[i]);
    return 0;
}

static void sha256_hex(const void *data, size_t len, char hex[65])
{
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, data, len);
    sodium_bin2hex(hex, 65, d, sizeof d);
}

/* The receipt (form 1) of a dossier: a real PDF made by the server. */
static struct blob receipt_pdf(struct tclient *c, const char *code)
{
    struct tresp r = tc_get(c, td_path(code, "/forms/1"));
    assert_int_equal(r.status, 200);
    assert_int_equal(memcmp(r.body, "%PDF", 4), 0);
    struct blob b = {malloc(r.len), r.len};
    memcpy(b.data, r.body, r.len);
    tc_resp_free(&r);
    return b;
}

static void append(struct blob *b, const void *data, size_t len)
{
    b->data = realloc(b->data, b->len + len);
    memcpy(b->data + b->len, data, len);
    b->len += len;
}

static void append_str(struct blob *b, const char *s)
{
    append(b, s, strlen(s));
}

static void append_field(struct blob *b, const char *name, const char *value)
{
    char part[512];
    snprintf(part, sizeof part,
             "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n", name,
             value);
    append_str(b, part);
}

/* POSTs a multipart upload: kind, component (when not NULL) and the file part. */
static struct tresp upload(struct tclient *c, const char *code, const char *kind,
                           const char *component, const char *filename, const char *declared,
                           const void *data, size_t len)
{
    struct blob body = {NULL, 0};
    char head[512];
    append_field(&body, "kind", kind);
    if (component)
        append_field(&body, "component", component);
    snprintf(head, sizeof head,
             "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
             "Content-Type: %s\r\n\r\n",
             filename, declared);
    append_str(&body, head);
    append(&body, data, len);
    append_str(&body, "\r\n--" BOUNDARY "--\r\n");
    struct tresp r =
        tc_request(c, "POST", td_path(code, "/files"), "multipart/form-data; boundary=" BOUNDARY,
                   (const char *)body.data, body.len, NULL);
    free(body.data);
    if (r.status >= 500)
        fprintf(stderr, "upload: %ld %s\n", r.status, r.body);
    return r;
}

static long upload_status(struct tclient *c, const char *code, const char *kind,
                          const char *component, const char *filename, const void *data, size_t len)
{
    struct tresp r = upload(c, code, kind, component, filename, "application/pdf", data, len);
    long status = r.status;
    tc_resp_free(&r);
    return status;
}

static struct tresp download(struct tclient *c, const char *code, const char *sha)
{
    char path[256];
    snprintf(path, sizeof path, "/files/%s", sha);
    return tc_get(c, td_path(code, path));
}

static long download_status(struct tclient *c, const char *code, const char *sha)
{
    struct tresp r = download(c, code, sha);
    long status = r.status;
    tc_resp_free(&r);
    return status;
}

static json_t *list_files(struct tclient *c, const char *code)
{
    json_t *list = tc_get_json(c, td_path(code, "/files"));
    json_t *files = json_incref(json_object_get(list, "files"));
    json_decref(list);
    return files;
}

static size_t count_files(struct tclient *c, const char *code)
{
    json_t *files = list_files(c, code);
    size_t n = json_array_size(files);
    json_decref(files);
    return n;
}

/* Runs a shell command and returns the number it prints. */
static long shell_number(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    long n = -1;
    if (fscanf(p, "%ld", &n) != 1)
        n = -1;
    pclose(p);
    return n;
}

static void test_pdf_and_png_round_trip(void **state)
{
    (void)state;
    char *code = td_accept(desk, TD_PROC, APPLICANT, NULL);
    struct blob pdf = receipt_pdf(desk, code);
    char pdf_sha[65], png_sha[65];
    sha256_hex(pdf.data, pdf.len, pdf_sha);
    sha256_hex(tf_png, sizeof tf_png, png_sha);

    struct tresp r = upload(desk, code, "component", "0", "Tờ khai đăng ký khai sinh.pdf",
                            "application/pdf", pdf.data, pdf.len);
    assert_int_equal(r.status, 201);
    assert_string_equal(tj_str(r.json, "sha256"), pdf_sha);
    assert_string_equal(tj_str(r.json, "mime"), "application/pdf");
    assert_string_equal(tj_str(r.json, "name"), "Tờ khai đăng ký khai sinh.pdf");
    assert_int_equal(json_integer_value(json_object_get(r.json, "size")), pdf.len);
    assert_true(json_is_true(json_object_get(r.json, "digitised")));
    tc_resp_free(&r);
    /* The client calls the PNG a JPEG; the sniffed type is what counts. */
    r = upload(desk, code, "component", "1", "anh.jpg", "image/jpeg", tf_png, sizeof tf_png);
    assert_int_equal(r.status, 201);
    assert_string_equal(tj_str(r.json, "mime"), "image/png");
    assert_string_equal(tj_str(r.json, "sha256"), png_sha);
    tc_resp_free(&r);

    json_t *files = list_files(desk, code);
    assert_int_equal(json_array_size(files), 2);
    assert_string_equal(tj_str(json_array_get(files, 0), "kind"), "component");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(files, 1), "component")), 1);
    json_decref(files);

    r = download(desk, code, pdf_sha);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.len, pdf.len);
    assert_memory_equal(r.body, pdf.data, pdf.len);
    assert_string_equal(tc_header(&r, "Content-Type"), "application/pdf");
    assert_string_equal(tc_header(&r, "X-Content-Type-Options"), "nosniff");
    assert_string_equal(tc_header(&r, "Content-Security-Policy"), "sandbox");
    const char *cd = tc_header(&r, "Content-Disposition");
    assert_non_null(cd);
    assert_non_null(strstr(cd, "attachment;"));
    assert_non_null(strstr(cd, "filename*=UTF-8''T%E1%BB%9D%20khai%20"));
    for (const char *p = cd; *p; p++)
        assert_true((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f);
    tc_resp_free(&r);
    r = download(desk, code, png_sha);
    assert_int_equal(r.status, 200);
    assert_string_equal(tc_header(&r, "Content-Type"), "image/png");
    assert_memory_equal(r.body, tf_png, sizeof tf_png);
    tc_resp_free(&r);

    free(pdf.data);
    free(code);
}

static void test_types_are_sniffed_not_named(void **state)
{
    (void)state;
    char *code = td_accept(desk, TD_PROC, APPLICANT, NULL);
    static const char html[] = "<!DOCTYPE html><html><body><script>alert(1)</script></body>"
                               "</html>\n";
    static const char text[] = "Đây là một tệp văn bản, không phải PDF.\n";
    unsigned char exe[512] = {'M', 'Z', 0x90, 0x00, 0x03};
    exe[0x3c] = 0x80; /* e_lfanew → a PE header */
    memcpy(exe + 0x80, "PE\0\0\x4c\x01", 6);

    struct tresp r =
        upload(desk, code, "component", "0", "scan.pdf", "application/pdf", html, strlen(html));
    assert_int_equal(r.status, 415);
    assert_string_equal(tj_str(json_object_get(r.json, "error"), "code"), "unsupported_media_type");
    assert_string_equal(tj_str(json_object_get(r.json, "error"), "message"),
                        "Chỉ nhận tệp PDF, JPEG hoặc PNG");
    tc_resp_free(&r);
    assert_int_equal(upload_status(desk, code, "component", "0", "giay.pdf", text, strlen(text)),
                     415);
    assert_int_equal(upload_status(desk, code, "component", "0", "anh.png", exe, sizeof exe), 415);
    assert_int_equal(upload_status(desk, code, "component", "0", "rong.pdf", "", 0), 415);
    assert_int_equal(count_files(desk, code), 0);
    free(code);
}

/* Files that start like an accepted type but are not one: the name the client gave them
 * does not survive either. A PDF called x.html is stored and served as x.pdf; a bare
 * "%PDF-" and a JPEG signature followed by a script are refused 422 with a message. */
static void test_files_must_open_as_their_type(void **state)
{
    (void)state;
    char *code = td_accept(desk, TD_PROC, APPLICANT, NULL);
    static const char bare_pdf[] = "%PDF-";
    static const char fake_jpeg[] = "\xff\xd8\xff\xe0<script>alert(1)</script>";
    static const char html_pdf[] = "%PDF-1.4\n<html><script>alert(1)</script></html>\n";
    static const struct {
        const char *name, *data, *message;
    } bad[] = {
        {"x.pdf", bare_pdf, "Tệp PDF bị hỏng"},
        {"x.html", html_pdf, "Tệp PDF bị hỏng"},
        {"anh.jpg", fake_jpeg, "Tệp ảnh bị hỏng hoặc không đúng định dạng JPEG"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct tresp r = upload(desk, code, "component", "0", bad[i].name, "application/pdf",
                                bad[i].data, strlen(bad[i].data));
        assert_int_equal(r.status, 422);
        json_t *err = json_object_get(r.json, "error");
        assert_string_equal(tj_str(err, "field"), "file");
        assert_non_null(strstr(tj_str(err, "message"), bad[i].message));
        tc_resp_free(&r);
    }
    assert_int_equal(count_files(desk, code), 0);

    static const char good_pdf[] = TF_PDF("test_dossier_files: x.html");
    struct tresp r =
        upload(desk, code, "component", "0", "x.html", "text/html", good_pdf, strlen(good_pdf));
    assert_int_equal(r.status, 201);
    assert_string_equal(tj_str(r.json, "mime"), "application/pdf");
    assert_string_equal(tj_str(r.json, "name"), "x.pdf");
    char sha[65];
    snprintf(sha, sizeof sha, "%s", tj_str(r.json, "sha256"));
    tc_resp_free(&r);
    r = upload(desk, code, "component", "1", "anh.png", "image/png", tf_jpeg, sizeof tf_jpeg);
    assert_int_equal(r.status, 201);
    assert_string_equal(tj_str(r.json, "mime"), "image/jpeg");
    assert_string_equal(tj_str(r.json, "name"), "anh.jpg");
    tc_resp_free(&r);

    r = download(desk, code, sha);
    assert_int_equal(r.status, 200);
    assert_memory_equal(r.body, good_pdf, strlen(good_pdf));
    assert_string_equal(tc_header(&r, "X-Content-Type-Options"), "nosniff");
    assert_string_equal(tc_header(&r, "Content-Security-Policy"), "sandbox");
    assert_non_null(strstr(tc_header(&r, "Content-Disposition"), "filename=\"x.pdf\""));
    tc_resp_free(&r);
    free(code);
}

static void test_over_the_cap_is_413(void **state)
{
    (void)state;
    char *code = td_accept(desk, TD_PROC, APPLICANT, NULL);
    /* A real PDF made exactly CAP bytes long by a comment line of spaces before its trailer. */
    static const char pdf[] = TF_PDF("413");
    const char *trailer = strstr(pdf, "trailer");
    size_t head = (size_t)(trailer - pdf), tail = strlen(trailer), len = CAP + 1;
    char *big = malloc(len);
    memset(big, ' ', len);
    memcpy(big, pdf, head);
    big[head] = '%';
    big[CAP - tail - 1] = '\n';
    memcpy(big + CAP - tail, trailer, tail);
    big[CAP] = '\n';
    assert_int_equal(upload_status(desk, code, "component", "0", "lon.pdf", big, len), 413);
    assert_int_equal(upload_status(desk, code, "component", "0", "vua.pdf", big, CAP), 201);
    assert_int_equal(count_files(desk, code), 1);
    free(big);
    free(code);
}

static void test_same_content_is_stored_once(void **state)
{
    (void)state;
    char *a = td_accept(desk, TD_PROC, APPLICANT, NULL),
         *b = td_accept(desk, TD_PROC, APPLICANT, NULL);
    unsigned char png[sizeof tf_png + 16];
    memcpy(png, tf_png, sizeof tf_png);
    memcpy(png + sizeof tf_png, "same-content-016", 16); /* bytes after IEND: a new hash */
    char sha[65], cmd[1024];
    sha256_hex(png, sizeof png, sha);

    struct tresp r = upload(desk, a, "component", "2", "mot.png", "image/png", png, sizeof png);
    assert_int_equal(r.status, 201);
    assert_false(json_is_true(json_object_get(r.json, "reused")));
    tc_resp_free(&r);
    /* The same bytes at the same place: a retry, nothing new. */
    r = upload(desk, a, "component", "2", "hai.png", "image/png", png, sizeof png);
    assert_int_equal(r.status, 200);
    assert_string_equal(tj_str(r.json, "sha256"), sha);
    assert_string_equal(tj_str(r.json, "name"), "mot.png");
    tc_resp_free(&r);
    /* Elsewhere in the same dossier and in another dossier: new attachments, one content. */
    r = upload(desk, a, "component", "0", "ba.png", "image/png", png, sizeof png);
    assert_int_equal(r.status, 201);
    assert_true(json_is_true(json_object_get(r.json, "reused")));
    tc_resp_free(&r);
    r = upload(desk, b, "component", "1", "bon.png", "image/png", png, sizeof png);
    assert_int_equal(r.status, 201);
    assert_true(json_is_true(json_object_get(r.json, "reused")));
    assert_string_equal(tj_str(r.json, "sha256"), sha);
    tc_resp_free(&r);
    assert_int_equal(count_files(desk, a), 2);
    assert_int_equal(count_files(desk, b), 1);

    const char *files = getenv("MOTCUA_TEST_WORK");
    assert_non_null(files);
    snprintf(cmd, sizeof cmd, "find '%s/files' -type f -name '%s' | wc -l", files, sha);
    assert_int_equal(shell_number(cmd), 1);
    snprintf(cmd, sizeof cmd, "test -f '%s/files/%.2s/%.2s/%s' && echo 1", files, sha, sha + 2,
             sha);
    assert_int_equal(shell_number(cmd), 1);
    snprintf(cmd, sizeof cmd, "find '%s/files/tmp' -type f | wc -l", files);
    assert_int_equal(shell_number(cmd), 0);
    snprintf(cmd, sizeof cmd, "find '%s/uploads' -type f | wc -l", files);
    assert_int_equal(shell_number(cmd), 0);
    free(a);
    free(b);
}

static void test_who_may_upload_and_download(void **state)
{
    (void)state;
    char *code = td_accept(desk, TD_PROC, APPLICANT, NULL),
         *second = td_accept(desk, TD_PROC, APPLICANT, NULL);
    char sha[65], other_sha[65];
    sha256_hex(tf_png, sizeof tf_png, sha);
    assert_int_equal(upload_status(desk, code, "component", "0", "a.png", tf_png, sizeof tf_png),
                     201);
    struct blob pdf = receipt_pdf(desk, second);
    sha256_hex(pdf.data, pdf.len, other_sha);
    assert_int_equal(upload_status(desk, second, "component", "0", "b.pdf", pdf.data, pdf.len),
                     201);

    /* Reading follows the dossier: the specialist holding the step may, strangers may not. */
    assert_int_equal(download_status(spec, code, sha), 200);
    assert_int_equal(download_status(other, code, sha), 404);
    assert_int_equal(download_status(citizen, code, sha), 404);
    assert_int_equal(download_status(otherdesk, code, sha), 404);
    tc_get_expect(other, td_path(code, "/files"), 404);
    tc_get_expect(citizen, td_path(code, "/files"), 404);
    /* A content of another dossier through this dossier's URL, and junk for a hash. */
    assert_int_equal(download_status(desk, code, other_sha), 404);
    assert_int_equal(download_status(desk, second, other_sha), 200);
    assert_int_equal(download_status(desk, code, "..%2F..%2Fmotcua.db"), 404);
    assert_int_equal(download_status(desk, code, "ABCDEF"), 404);
    struct tclient *anon = tc_new(NULL);
    assert_int_equal(download_status(anon, code, sha), 401);

    /* Scans are the counter's; the result also belongs to whoever holds the step. */
    assert_int_equal(upload_status(spec, code, "component", "1", "c.png", tf_png, sizeof tf_png),
                     403);
    assert_int_equal(upload_status(other, code, "result", NULL, "d.pdf", pdf.data, pdf.len), 404);
    assert_int_equal(upload_status(citizen, code, "result", NULL, "d.pdf", pdf.data, pdf.len), 404);
    assert_int_equal(upload_status(spec, code, "result", NULL, "kq.pdf", pdf.data, pdf.len), 201);
    assert_int_equal(upload_status(desk, code, "component", "99", "x.png", tf_png, sizeof tf_png),
                     422);
    assert_int_equal(upload_status(desk, code, "component", "-1", "x.png", tf_png, sizeof tf_png),
                     422);
    assert_int_equal(upload_status(desk, code, "photo", NULL, "x.png", tf_png, sizeof tf_png), 422);
    /* The rules are checked before the bytes are looked at. */
    assert_int_equal(upload_status(other, code, "component", "0", "x.pdf", "<html>", 6), 404);
    assert_int_equal(count_files(desk, code), 2);

    free(pdf.data);
    free(code);
    free(second);
    tc_free(anon);
}

static void test_when_files_may_be_attached(void **state)
{
    (void)state;
    /* Asked to supplement at the counter: scans yes, no result before acceptance. */
    struct tresp r =
        td_post_reception(desk, TD_PROC, "supplement", APPLICANT,
                          ",\"missing\":[\"Giấy chứng sinh\"],\"reason\":\"Thiếu giấy\"");
    tc_expect(&r, 201, NULL);
    char *waiting = strdup(tj_str(r.json, "code"));
    tc_resp_free(&r);
    assert_int_equal(upload_status(desk, waiting, "component", "0", "a.png", tf_png, sizeof tf_png),
                     201);
    assert_int_equal(upload_status(desk, waiting, "result", NULL, "kq.png", tf_png, sizeof tf_png),
                     409);
    /* Returned: closed to new scans and results (the result goes with the return). */
    char *code = td_accept(desk, TD_PROC, APPLICANT, NULL);
    assert_int_equal(td_act_now(spec, spec, code, "advance", NULL), 200);
    assert_int_equal(td_act_now(lead, lead, code, "advance", NULL), 200);
    assert_int_equal(upload_status(spec, code, "result", NULL, "kq.png", tf_png, sizeof tf_png),
                     403);
    assert_int_equal(td_act_now(desk, desk, code, "return", NULL), 200);
    assert_int_equal(upload_status(desk, code, "component", "0", "a.png", tf_png, sizeof tf_png),
                     409);
    assert_int_equal(upload_status(desk, code, "result", NULL, "kq.png", tf_png, sizeof tf_png),
                     409);
    free(waiting);
    free(code);
}

static void test_client_names_stay_names(void **state)
{
    (void)state;
    char *code = td_accept(desk, TD_PROC, APPLICANT, NULL);
    static const struct {
        const char *sent, *kept;
    } names[] = {
        {"../../etc/passwd", "passwd.png"},
        {"..\\\\..\\\\Windows\\\\win.ini", "win.png"},
        {"..", "tep.png"},
        {"", "tep.png"},
        {"gpj\xe2\x80\xae.exe", "gpj.png"}, /* a right-to-left override removed */
        {"  bản  chụp .png ", "bản  chụp.png"},
        {"x.html", "x.png"}, /* the extension is the sniffed type's */
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        unsigned char png[sizeof tf_png + 1];
        memcpy(png, tf_png, sizeof tf_png);
        png[sizeof tf_png] = (unsigned char)i; /* a distinct content per name */
        struct tresp r =
            upload(desk, code, "component", "0", names[i].sent, "image/png", png, sizeof png);
        assert_int_equal(r.status, 201);
        assert_string_equal(tj_str(r.json, "name"), names[i].kept);
        tc_resp_free(&r);
    }
    /* A long name gets the type's extension within 200 bytes. */
    char longname[400];
    memset(longname, 'a', sizeof longname);
    memcpy(longname + sizeof longname - 5, ".htm", 5);
    struct tresp r =
        upload(desk, code, "component", "1", longname, "image/png", tf_png, sizeof tf_png);
    assert_int_equal(r.status, 201);
    assert_int_equal(strlen(tj_str(r.json, "name")), 200);
    assert_non_null(strstr(tj_str(r.json, "name"), "aaa.png"));
    tc_resp_free(&r);
    free(code);
}

static void test_uploads_are_audited(void **state)
{
    (void)state;
    char *code = td_accept(desk, TD_PROC, APPLICANT, NULL);
    char sha[65], path[256];
    sha256_hex(tf_png, sizeof tf_png, sha);
    assert_int_equal(upload_status(desk, code, "component", "0", "a.png", tf_png, sizeof tf_png),
                     201);
    snprintf(path, sizeof path, "/api/v1/audit?object_type=dossier&object_id=%s", code);
    struct tresp r = tc_get(admin, path);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "\"dossier.file_upload\""));
    assert_non_null(strstr(r.body, sha));
    tc_resp_free(&r);
    r = tc_get(admin, "/api/v1/audit/verify");
    assert_int_equal(r.status, 200);
    assert_true(json_is_true(json_object_get(r.json, "intact")));
    tc_resp_free(&r);
    free(code);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pdf_and_png_round_trip),
        cmocka_unit_test(test_types_are_sniffed_not_named),
        cmocka_unit_test(test_files_must_open_as_their_type),
        cmocka_unit_test(test_over_the_cap_is_413),
        cmocka_unit_test(test_same_content_is_stored_once),
        cmocka_unit_test(test_who_may_upload_and_download),
        cmocka_unit_test(test_when_files_may_be_attached),
        cmocka_unit_test(test_client_names_stay_names),
        cmocka_unit_test(test_uploads_are_audited),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
