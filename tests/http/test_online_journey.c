/* test_online_journey.c — the acceptance journey of issue 6 on both databases, from the
 * citizen's side: register and verify (the code read from the outbox), start a draft, upload
 * a component, resume, submit; the receptionist asks for a supplement at reception and the
 * citizen answers it online with an upload; accepted; a payment request, a forged VNPAY IPN
 * that changes nothing and the real one; a supplement asked during appraisal and answered
 * online (the time limit starts again); the steps, the result file, its download by the
 * citizen, the rating. Then the personal store and reuse without re-uploading, and that
 * another citizen never sees this citizen's draft, draft files, dossier files or store, nor
 * reuses their content. A draft's own files download for their owner before submission with the
 * headers of a dossier file, and for nobody else. */
#include "tcheck.h"
#include "tclient.h"
#include "tdesk.h"
#include "testutil.h"
#include "tfiles.h"
#include "vnpay_double.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASSWORD "matkhau@2026"
#define PROC     "1.004222" /* online, 10.000 đồng, received at the commune X01 */
#define BOUNDARY "----motcuajourney"

/* A small PDF with its own content, so that its hash is this suite's. */
static const char small_pdf[] = TF_PDF("bổ sung: tờ khai có chữ ký");

struct blob {
    char *data;
    size_t len;
};

/* prefix + middle + suffix, in one of eight rotating static buffers; composed aside first,
 * since a part may be an earlier answer of this function. */
static const char *path3(const char *prefix, const char *middle, const char *suffix)
{
    static char path[8][384];
    static int slot;
    char joined[sizeof path[0]];
    snprintf(joined, sizeof joined, "%s%s%s", prefix, middle, suffix);
    slot = (slot + 1) % 8;
    memcpy(path[slot], joined, sizeof joined);
    return path[slot];
}

static const char *draft_path(long id, const char *suffix)
{
    char n[32];
    snprintf(n, sizeof n, "%ld", id);
    return path3("/api/v1/drafts/", n, suffix);
}

static void append(struct blob *b, const void *data, size_t len)
{
    b->data = realloc(b->data, b->len + len);
    memcpy(b->data + b->len, data, len);
    b->len += len;
}

/* A multipart form as a browser sends it: the fields (name, value pairs, NULL-terminated),
 * then one file part of type (when data). */
static struct tresp form_upload(struct tclient *c, const char *path, const char *const *fields,
                                const char *file_field, const char *filename, const char *type,
                                const void *data, size_t len)
{
    struct blob body = {NULL, 0};
    char part[512];
    for (int i = 0; fields[i]; i += 2) {
        int n = snprintf(part, sizeof part,
                         "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n"
                         "%s\r\n",
                         fields[i], fields[i + 1]);
        append(&body, part, (size_t)n);
    }
    if (data) {
        int n = snprintf(part, sizeof part,
                         "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"%s\"; "
                         "filename=\"%s\"\r\nContent-Type: %s\r\n\r\n",
                         file_field, filename, type);
        append(&body, part, (size_t)n);
        append(&body, data, len);
        append(&body, "\r\n", 2);
    }
    append(&body, "--" BOUNDARY "--\r\n", strlen("--" BOUNDARY "--\r\n"));
    struct tresp r = tc_request(c, "POST", path, "multipart/form-data; boundary=" BOUNDARY,
                                body.data, body.len, NULL);
    free(body.data);
    return r;
}

/* POSTs a multipart form: component (when not NULL) and a PDF file part (when data). */
static struct tresp upload(struct tclient *c, const char *path, const char *component,
                           const char *filename, const void *data, size_t len)
{
    const char *fields[] = {"component", component, NULL};
    return form_upload(c, path, component ? fields : fields + 2, "file", filename,
                       "application/pdf", data, len);
}

static void upload_expect(struct tclient *c, const char *path, const char *component,
                          const char *filename, const void *data, size_t len, long status,
                          const char *field)
{
    struct tresp r = upload(c, path, component, filename, data, len);
    tc_expect(&r, status, field);
    tc_resp_free(&r);
}

/* Uploads and returns the answer (caller decrefs), expecting status. */
static json_t *upload_json(struct tclient *c, const char *path, const char *component,
                           const char *filename, const void *data, size_t len, long status)
{
    struct tresp r = upload(c, path, component, filename, data, len);
    tc_expect(&r, status, NULL);
    json_t *j = json_incref(r.json);
    tc_resp_free(&r);
    return j;
}

static long delete_status(struct tclient *c, const char *path)
{
    struct tresp r = tc_request(c, "DELETE", path, NULL, NULL, 0, NULL);
    long status = r.status;
    tc_resp_free(&r);
    return status;
}

static long start_draft(struct tclient *c)
{
    json_t *d = td_post_expect(
        c, "/api/v1/drafts",
        "{\"procedure_code\":\"" PROC "\",\"data\":{\"applicant\":{\"id_number\":\"079203001234\","
        "\"address\":\"Ấp 1\"},\"components\":[1,1],\"return_method\":\"online\"}}",
        201);
    long id = (long)json_integer_value(json_object_get(d, "id"));
    assert_true(json_array_size(json_object_get(d, "components")) >= 2);
    json_decref(d);
    return id;
}

static char *submit(struct tclient *c, long id)
{
    json_t *j = td_post_expect(c, draft_path(id, "/submit"), "{}", 201);
    char *code = strdup(tj_str(j, "code"));
    json_decref(j);
    return code;
}

static json_t *dossier(struct tclient *c, const char *code)
{
    return tc_get_json(c, td_path(code, ""));
}

static int in_list(json_t *list, const char *key, const char *value)
{
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x) if (strcmp(tj_str(x, key), value) == 0) return 1;
    return 0;
}

static const char *sha_of(json_t *file)
{
    static char sha[65];
    snprintf(sha, sizeof sha, "%s", tj_str(file, "sha256"));
    return sha;
}

/* The VNPAY order of the dossier's pending payment, checked as the gateway would. */
static void vnpay_order(struct tclient *c, const char *code, struct vd_order *o)
{
    json_t *j = td_post_expect(c, td_path(code, "/payments/vnpay"), "{}", 200);
    assert_int_equal(
        vd_check_payment_url(tj_str(j, "url"), test_env("MOTCUA_VNPAY_HASH_SECRET", ""), o), 0);
    json_decref(j);
}

static const char *ipn(const struct vd_order *o, const struct vd_ipn *opt)
{
    static char rsp[8];
    char *q = vd_ipn_query(o, opt, test_env("MOTCUA_VNPAY_HASH_SECRET", ""));
    char *path = malloc(strlen(q) + 64);
    sprintf(path, "/api/v1/payments/vnpay/ipn?%s", q);
    struct tclient *gw = tc_new(NULL);
    struct tresp r = tc_get(gw, path);
    free(path);
    assert_int_equal(r.status, 200);
    snprintf(rsp, sizeof rsp, "%s", tj_str(r.json, "RspCode"));
    tc_resp_free(&r);
    tc_free(gw);
    free(q);
    return rsp;
}

static const char *payment_status(struct tclient *c, const char *code)
{
    static char s[32];
    json_t *j = tc_get_json(c, td_path(code, "/payments"));
    snprintf(s, sizeof s, "%s",
             tj_str(json_array_get(json_object_get(j, "payments"), 0), "status"));
    json_decref(j);
    return s;
}

static struct tclient *citizen, *other, *desk, *spec, *lead;

static int setup(void **state)
{
    (void)state;
    citizen = tc_citizen("0915000201", "0915000201", "Vũ Thị Mai", PASSWORD);
    other = tc_citizen("0915000202", "0915000202", "Hồ Văn Nam", PASSWORD);
    desk = tc_as(TD_DESK);
    spec = tc_as(TD_SPEC);
    lead = tc_as(TD_LEAD);
    return citizen && other && desk && spec && lead ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    struct tclient *all[] = {citizen, other, desk, spec, lead};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (all[i])
            tc_free(all[i]);
    return 0;
}

static char png_sha[65], pdf_sha[65], result_sha[65], code1[64];
static long draft1;

/* The sha256 of the PDF in a draft's list (the file uploaded by mistake). */
static void remember_pdf(const char *files)
{
    json_t *l = tc_get_json(citizen, files);
    json_t *list = json_object_get(l, "files");
    assert_int_equal(json_array_size(list), 2);
    snprintf(pdf_sha, sizeof pdf_sha, "%s", sha_of(json_array_get(list, 1)));
    json_decref(l);
}

/* Draft, uploads, resume, submit: the draft's file becomes the dossier's. */
static void test_draft_upload_resume_submit(void **state)
{
    (void)state;
    draft1 = start_draft(citizen);
    const char *files = draft_path(draft1, "/files");
    upload_expect(citizen, files, "0", "tờ khai.pdf", "<html><script>1</script></html>", 31, 415,
                  "file");
    upload_expect(citizen, files, "9", "a.png", tf_png, sizeof tf_png, 422, "component");
    /* Only a file that opens as its type: a bare "%PDF-" and a JPEG signature before a
       script are refused on a draft as at the counter (file_parse.c). */
    upload_expect(citizen, files, "0", "x.pdf", "%PDF-", 5, 422, "file");
    upload_expect(citizen, files, "0", "x.jpg", "\xff\xd8\xff\xe0<script>", 12, 422, "file");
    upload_expect(citizen, files, NULL, "a.png", tf_png, sizeof tf_png, 422, "component");
    upload_expect(citizen, files, "0", NULL, NULL, 0, 422, "file");
    json_t *f =
        upload_json(citizen, files, "0", "../CCCD mặt trước.png", tf_png, sizeof tf_png, 201);
    snprintf(png_sha, sizeof png_sha, "%s", sha_of(f));
    assert_string_equal(tj_str(f, "name"), "CCCD mặt trước.png");
    assert_string_equal(tj_str(f, "mime"), "image/png");
    assert_int_equal(tj_int(f, "component"), 0);
    assert_false(json_is_true(json_object_get(f, "reused")));
    json_decref(f);
    json_decref(upload_json(citizen, files, "0", "again.png", tf_png, sizeof tf_png, 200));
    /* A file put there by mistake is removed. */
    json_decref(upload_json(citizen, files, "1", "nhầm.pdf", small_pdf, sizeof small_pdf - 1, 201));
    remember_pdf(files);
    assert_int_equal(delete_status(other, path3(files, "/", pdf_sha)), 404);
    assert_int_equal(delete_status(citizen, path3(files, "/", pdf_sha)), 200);
    assert_int_equal(delete_status(citizen, path3(files, "/", pdf_sha)), 404);

    /* Another citizen (or the desk) finds nothing of this draft. */
    tc_get_expect(other, draft_path(draft1, ""), 404);
    tc_get_expect(other, files, 404);
    tc_get_expect(desk, files, 404);
    upload_expect(other, files, "0", "x.png", tf_png, sizeof tf_png, 404, NULL);

    /* Resume: the file is there, once. */
    json_t *l = tc_get_json(citizen, files);
    json_t *list = json_object_get(l, "files");
    assert_int_equal(json_array_size(list), 1);
    assert_string_equal(tj_str(json_array_get(list, 0), "sha256"), png_sha);
    assert_string_equal(tj_str(json_array_get(list, 0), "name"), "CCCD mặt trước.png");
    json_decref(l);

    char *code = submit(citizen, draft1);
    snprintf(code1, sizeof code1, "%s", code);
    free(code);
    upload_expect(citizen, files, "0", "late.png", tf_png, sizeof tf_png, 409, NULL);
    /* The draft's file is the dossier's now, uploaded by the citizen, not digitised. */
    json_t *df = tc_get_json(desk, td_path(code1, "/files"));
    json_t *one = json_array_get(json_object_get(df, "files"), 0);
    assert_int_equal(json_array_size(json_object_get(df, "files")), 1);
    assert_string_equal(tj_str(one, "sha256"), png_sha);
    assert_int_equal(tj_int(one, "component"), 0);
    assert_string_equal(tj_str(one, "uploaded_by"), "Vũ Thị Mai");
    assert_false(json_is_true(json_object_get(one, "digitised")));
    assert_true(json_is_null(json_object_get(one, "reused_from")));
    json_decref(df);
}

/* The receptionist asks for a supplement at reception; the citizen answers online. */
static void test_supplement_at_reception_answered_online(void **state)
{
    (void)state;
    const char *answer = path3("/api/v1/me/dossiers/", code1, "/supplement");
    const char *answer_files = path3("/api/v1/me/dossiers/", code1, "/supplement/files");
    /* Nothing asked yet. */
    tc_post_expect(citizen, answer, "{\"note\":\"x\"}", 409, "code");
    upload_expect(citizen, answer_files, "1", "t.pdf", small_pdf, sizeof small_pdf - 1, 409, NULL);
    assert_int_equal(
        td_act_now(
            desk, desk, code1, "reception_supplement",
            ",\"items\":[\"Tờ khai có chữ ký của người yêu cầu\"],\"note\":\"Tờ khai chưa ký\""),
        200);
    json_t *d = dossier(citizen, code1);
    assert_string_equal(tj_str(d, "state"), "reception_supplement");
    assert_int_equal(tj_int(d, "national_status"), 5);
    json_decref(d);

    json_t *v = tc_get_json(citizen, answer);
    assert_true(json_is_true(json_object_get(v, "waiting")));
    assert_string_equal(tj_str(v, "stage"), "reception");
    json_decref(v);
    tc_get_expect(other, answer, 404);
    tc_post_expect(other, answer, "{\"note\":\"x\"}", 404, NULL);
    upload_expect(other, answer_files, "1", "t.pdf", small_pdf, sizeof small_pdf - 1, 404, NULL);
    /* Neither an empty answer nor a result. */
    tc_post_expect(citizen, answer, "{}", 422, "file");
    upload_expect(citizen, answer_files, "7", "t.pdf", small_pdf, sizeof small_pdf - 1, 422,
                  "component");
    upload_expect(citizen, answer_files, "1", "x.html", "%PDF-1.4\n<html></html>", 22, 422, "file");
    json_t *f = upload_json(citizen, answer_files, "1", "tờ khai đã ký.pdf", small_pdf,
                            sizeof small_pdf - 1, 201);
    assert_true(json_is_true(json_object_get(f, "supplement_answer")));
    assert_string_equal(tj_str(f, "uploaded_by"), "Vũ Thị Mai");
    json_decref(f);

    json_t *a = td_post_expect(citizen, answer, "{\"note\":\"Đã bổ sung tờ khai có chữ ký\"}", 200);
    assert_false(json_is_true(json_object_get(a, "replayed")));
    assert_int_equal(tj_int(a, "national_status"), 1);
    assert_string_equal(tj_str(a, "state"), "submitted");
    int version = (int)tj_int(a, "version");
    json_decref(a);
    a = td_post_expect(citizen, answer, "{\"note\":\"Đã bổ sung tờ khai có chữ ký\"}", 200);
    assert_true(json_is_true(json_object_get(a, "replayed")));
    assert_int_equal(tj_int(a, "version"), version);
    json_decref(a);
    upload_expect(citizen, answer_files, "1", "t2.png", tf_png, sizeof tf_png, 409, NULL);

    /* The desk sees the answer: in the inbox, the cycle completed, the file, the note. */
    json_t *inbox = tc_get_json(desk, "/api/v1/dossiers/inbox");
    assert_true(in_list(json_object_get(inbox, "dossiers"), "code", code1));
    json_decref(inbox);
    d = dossier(desk, code1);
    assert_int_equal(tj_int(d, "national_status"), 1);
    json_t *cycles = json_object_get(d, "supplement_cycles");
    assert_int_equal(json_array_size(cycles), 1);
    assert_true(tj_int(json_array_get(cycles, 0), "completed_at") > 0);
    char *events = json_dumps(json_object_get(d, "events"), 0);
    assert_non_null(strstr(events, "Đã bổ sung tờ khai"));
    free(events);
    json_decref(d);
    json_t *df = tc_get_json(desk, td_path(code1, "/files"));
    assert_int_equal(json_array_size(json_object_get(df, "files")), 2);
    assert_true(json_is_true(
        json_object_get(json_array_get(json_object_get(df, "files"), 1), "supplement_answer")));
    json_decref(df);

    assert_int_equal(td_act(desk, code1, "accept", version), 200);
    d = dossier(citizen, code1);
    assert_string_equal(tj_str(d, "state"), "processing");
    assert_int_equal(tj_int(d, "national_status"), 4);
    json_decref(d);
}

/* The fee: a forged IPN changes nothing, the real one pays. */
static void test_payment_forged_then_good(void **state)
{
    (void)state;
    json_t *p = td_post_expect(desk, td_path(code1, "/payments"), "{}", 201);
    assert_int_equal(tj_int(p, "amount"), 10000);
    json_decref(p);
    int v0 = td_version(citizen, code1, NULL);
    struct vd_order o;
    vnpay_order(citizen, code1, &o);
    assert_string_equal(ipn(&o, &(struct vd_ipn){.secret = "khong-phai-khoa-that"}), "97");
    assert_string_equal(ipn(&o, &(struct vd_ipn){.amount = "100"}), "04");
    assert_string_equal(payment_status(citizen, code1), "pending");
    json_t *d = dossier(citizen, code1);
    assert_int_equal(tj_int(d, "national_status"), 6);
    assert_int_equal(tj_int(d, "version"), v0);
    json_decref(d);
    assert_string_equal(ipn(&o, NULL), "00");
    assert_string_equal(payment_status(citizen, code1), "paid");
    d = dossier(citizen, code1);
    assert_int_equal(tj_int(d, "national_status"), 4);
    json_decref(d);
}

/* A supplement asked during appraisal, answered online: the time limit starts again. */
static void test_supplement_in_appraisal_answered_online(void **state)
{
    (void)state;
    assert_int_equal(
        td_act_now(spec, desk, code1, "request_supplement",
                   ",\"items\":[\"Bản sao giấy tờ tùy thân\"],\"note\":\"Cần bản sao rõ nét\""),
        200);
    json_t *d = dossier(citizen, code1);
    assert_string_equal(tj_str(d, "state"), "supplement");
    int64_t clock_before = tj_int(d, "due_at");
    json_decref(d);
    const char *answer = path3("/api/v1/me/dossiers/", code1, "/supplement");
    /* What is attached there already is not an answer; a new scan is. */
    json_t *f = upload_json(citizen, path3(answer, "/files", ""), "0", "cccd.png", tf_png,
                            sizeof tf_png, 200);
    assert_false(json_is_true(json_object_get(f, "supplement_answer")));
    json_decref(f);
    tc_post_expect(citizen, answer, "{}", 422, "file");
    f = upload_json(citizen, path3(answer, "/files", ""), "0", "cccd-ro-net.pdf", small_pdf,
                    sizeof small_pdf - 1, 201);
    assert_true(json_is_true(json_object_get(f, "supplement_answer")));
    json_decref(f);
    tc_post_expect(citizen, answer, "{\"expected_version\":1}", 409, "version");
    json_t *a = td_post_expect(citizen, answer, "{}", 200);
    assert_string_equal(tj_str(a, "state"), "processing");
    assert_int_equal(tj_int(a, "national_status"), 4);
    json_decref(a);
    a = td_post_expect(citizen, answer, "{}", 200);
    assert_true(json_is_true(json_object_get(a, "replayed")));
    json_decref(a);
    d = dossier(spec, code1);
    assert_string_equal(tj_str(json_object_get(d, "current_step"), "role"), "specialist");
    assert_true(tj_int(d, "due_at") >= clock_before);
    json_t *cycles = json_object_get(d, "supplement_cycles");
    assert_int_equal(json_array_size(cycles), 2);
    assert_true(tj_int(json_array_get(cycles, 1), "completed_at") > 0);
    json_decref(d);
}

/* Steps, the result file, its download by the citizen, the return and the rating. */
static void test_result_download_and_rating(void **state)
{
    (void)state;
    assert_int_equal(td_act_now(spec, desk, code1, "advance", NULL), 200);
    assert_int_equal(td_act_now(lead, desk, code1, "advance", NULL), 200);
    struct tresp r = tc_get(desk, td_path(code1, "/forms/1"));
    tc_expect(&r, 200, NULL);
    struct blob pdf = {malloc(r.len), r.len};
    memcpy(pdf.data, r.body, r.len);
    tc_resp_free(&r);
    struct blob body = {NULL, 0};
    const char *head = "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n"
                       "result\r\n--" BOUNDARY "\r\nContent-Disposition: form-data; "
                       "name=\"file\"; filename=\"Kết quả.pdf\"\r\n\r\n";
    append(&body, head, strlen(head));
    append(&body, pdf.data, pdf.len);
    append(&body, "\r\n--" BOUNDARY "--\r\n", strlen("\r\n--" BOUNDARY "--\r\n"));
    r = tc_request(desk, "POST", td_path(code1, "/files"),
                   "multipart/form-data; boundary=" BOUNDARY, body.data, body.len, NULL);
    tc_expect(&r, 201, NULL);
    snprintf(result_sha, sizeof result_sha, "%s", tj_str(r.json, "sha256"));
    tc_resp_free(&r);
    free(body.data);
    assert_int_equal(td_act_now(desk, desk, code1, "return", NULL), 200);

    json_t *mine = tc_get_json(citizen, path3("/api/v1/me/dossiers/", code1, ""));
    json_t *result = json_array_get(json_object_get(mine, "results"), 0);
    assert_string_equal(tj_str(result, "sha256"), result_sha);
    r = tc_get(citizen, tj_str(result, "url"));
    tc_expect(&r, 200, NULL);
    assert_int_equal(r.len, pdf.len);
    assert_memory_equal(r.body, pdf.data, pdf.len);
    tc_resp_free(&r);
    tc_get_expect(other, td_path(code1, path3("/files/", result_sha, "")), 404);
    json_decref(mine);
    free(pdf.data);

    tc_post_expect(citizen, path3("/api/v1/me/dossiers/", code1, "/rating"),
                   "{\"overall\":\"satisfied\",\"indicators\":{\"contacts\":1}}", 201, NULL);
}

/* The personal store, reuse by sha256, and what another citizen can never reach. */
static void test_store_reuse_and_privacy(void **state)
{
    (void)state;
    json_t *store = tc_get_json(citizen, "/api/v1/me/files");
    json_t *files = json_object_get(store, "files");
    assert_true(in_list(files, "sha256", png_sha));
    assert_true(in_list(files, "sha256", result_sha));
    assert_true(in_list(files, "dossier_code", code1));
    size_t i;
    json_t *f;
    json_array_foreach(files, i, f) if (strcmp(tj_str(f, "sha256"), png_sha) == 0)
    {
        assert_string_equal(tj_str(f, "kind"), "component");
        assert_string_equal(tj_str(f, "procedure_code"), PROC);
        assert_true(*tj_str(f, "component_name"));
        assert_int_equal(tj_int(f, "size"), sizeof tf_png);
    }
    json_decref(store);
    store = tc_get_json(other, "/api/v1/me/files");
    assert_int_equal(json_array_size(json_object_get(store, "files")), 0);
    json_decref(store);

    /* Reuse in a new draft: no upload, flagged with where it came from. */
    long id = start_draft(citizen);
    const char *reuse = draft_path(id, "/files/reuse");
    char body[256];
    snprintf(body, sizeof body, "{\"sha256\":\"%s\",\"component\":0}", png_sha);
    tc_post_expect(citizen, reuse, "{\"sha256\":\"abc\",\"component\":0}", 422, "sha256");
    tc_post_expect(
        citizen, reuse,
        "{\"sha256\":\"0000000000000000000000000000000000000000000000000000000000000000\","
        "\"component\":0}",
        404, "sha256");
    json_t *a = td_post_expect(citizen, reuse, body, 201);
    assert_true(json_is_true(json_object_get(a, "reused")));
    assert_string_equal(tj_str(a, "reused_from"), code1);
    json_decref(a);
    tc_post_expect(citizen, reuse, body, 200, NULL);
    snprintf(body, sizeof body, "{\"sha256\":\"%s\",\"component\":1}", result_sha);
    tc_post_expect(citizen, reuse, body, 201, NULL);

    /* Another citizen cannot take this citizen's content, even knowing its hash. */
    long theirs = start_draft(other);
    snprintf(body, sizeof body, "{\"sha256\":\"%s\",\"component\":0}", png_sha);
    tc_post_expect(other, draft_path(theirs, "/files/reuse"), body, 404, "sha256");
    tc_post_expect(other, reuse, body, 404, NULL);
    json_t *l = tc_get_json(other, draft_path(theirs, "/files"));
    assert_int_equal(json_array_size(json_object_get(l, "files")), 0);
    json_decref(l);

    /* Submitted: the receptionist sees the reused flag on the dossier's files. */
    char *code2 = submit(citizen, id);
    json_t *df = tc_get_json(desk, td_path(code2, "/files"));
    json_t *first = json_array_get(json_object_get(df, "files"), 0);
    assert_int_equal(json_array_size(json_object_get(df, "files")), 2);
    assert_true(json_is_true(json_object_get(first, "reused")));
    assert_string_equal(tj_str(first, "reused_from"), code1);
    json_decref(df);

    /* Nothing of this citizen's dossiers, files or drafts reaches the other. */
    const char *codes[] = {code1, code2};
    for (int k = 0; k < 2; k++) {
        tc_get_expect(other, td_path(codes[k], "/files"), 404);
        tc_get_expect(other, td_path(codes[k], path3("/files/", png_sha, "")), 404);
        tc_get_expect(other, path3("/api/v1/me/dossiers/", codes[k], "/supplement"), 404);
    }
    tc_get_expect(other, draft_path(id, "/files"), 404);
    free(code2);
}

/* The same through the pages: file inputs per component with their labels, a stored file
 * chosen instead of an upload, the review, and the supplement answer from "my dossier". */
static void test_pages(void **state)
{
    (void)state;
    struct tclient *page = tc_new(NULL), *stranger = tc_new(NULL);
    char csrf[128], theirs[128];
    snprintf(csrf, sizeof csrf, "%s", tc_login_form(page, "0915000201", PASSWORD));
    snprintf(theirs, sizeof theirs, "%s", tc_login_form(stranger, "0915000202", PASSWORD));
    long id = start_draft(citizen);
    char fill[64], tep[64], review[64];
    snprintf(fill, sizeof fill, "/ho-so-nhap/%ld", id);
    snprintf(tep, sizeof tep, "/ho-so-nhap/%ld/tep", id);
    snprintf(review, sizeof review, "/ho-so-nhap/%ld/xem-lai", id);
    struct tresp r = tc_get(page, fill);
    tc_expect(&r, 200, NULL);
    assert_non_null(strstr(r.body, "<label for=\"file_0\">Tải lên tệp cho «"));
    assert_non_null(strstr(r.body, "type=\"file\" id=\"file_0\" name=\"file_0\""));
    assert_non_null(strstr(r.body, "type=\"file\" id=\"file_1\" name=\"file_1\""));
    assert_non_null(strstr(r.body, "name=\"reuse_0\""));
    assert_non_null(strstr(r.body, png_sha));
    tc_resp_free(&r);
    tc_get_expect(stranger, fill, 404);

    const char *bad[] = {"csrf", csrf, NULL};
    r = form_upload(page, tep, bad, "file_1", "trang.pdf", "application/octet-stream",
                    "<html></html>", 13);
    tc_expect(&r, 415, NULL);
    assert_non_null(strstr(r.body, "PDF, JPEG"));
    tc_resp_free(&r);
    const char *fields[] = {"csrf", csrf, "reuse_0", png_sha, NULL};
    r = form_upload(page, tep, fields, "file_1", "đơn đề nghị.pdf", "application/octet-stream",
                    small_pdf, sizeof small_pdf - 1);
    tc_expect(&r, 303, NULL);
    tc_resp_free(&r);
    const char *their_fields[] = {"csrf", theirs, "reuse_0", png_sha, NULL};
    r = form_upload(stranger, tep, their_fields, "file_1", "x.pdf", "application/octet-stream",
                    small_pdf, sizeof small_pdf - 1);
    tc_expect(&r, 404, NULL);
    tc_resp_free(&r);
    r = tc_get(page, review);
    tc_expect(&r, 200, NULL);
    assert_non_null(strstr(r.body, "đơn đề nghị.pdf"));
    assert_non_null(strstr(r.body, "Dùng lại từ hồ sơ"));
    tc_resp_free(&r);

    /* Submitted, asked for a supplement at reception, answered through the page. */
    char *code = submit(citizen, id);
    assert_int_equal(td_act_now(desk, desk, code, "reception_supplement",
                                ",\"items\":[\"Bản chính để đối chiếu\"]"),
                     200);
    const char *mine = path3("/ho-so-cua-toi/", code, "");
    r = tc_get(page, mine);
    tc_expect(&r, 200, NULL);
    assert_non_null(strstr(r.body, "Yêu cầu bổ sung hồ sơ"));
    assert_non_null(strstr(r.body, "Bản chính để đối chiếu"));
    assert_non_null(strstr(r.body, "<label for=\"file_0\">Tệp bổ sung cho «"));
    assert_non_null(strstr(r.body, "đơn đề nghị.pdf"));
    tc_resp_free(&r);
    const char *answer[] = {"csrf", csrf, "go", "send", "note", "Gửi bản chụp bản chính", NULL};
    const char *their_answer[] = {"csrf", theirs, "go", "send", NULL};
    r = form_upload(stranger, path3("/ho-so-cua-toi/", code, "/bo-sung"), their_answer, "file_0",
                    "ban-chinh.png", "application/octet-stream", tf_png, sizeof tf_png);
    tc_expect(&r, 404, NULL);
    tc_resp_free(&r);
    static const char scan[] = TF_PDF("ban chinh de doi chieu");
    r = form_upload(page, path3("/ho-so-cua-toi/", code, "/bo-sung"), answer, "file_0",
                    "ban-chinh.pdf", "application/octet-stream", scan, sizeof scan - 1);
    tc_expect(&r, 303, NULL);
    tc_resp_free(&r);
    json_t *d = dossier(citizen, code);
    assert_string_equal(tj_str(d, "state"), "submitted");
    json_decref(d);
    r = tc_get(page, mine);
    tc_expect(&r, 200, NULL);
    assert_null(strstr(r.body, "Yêu cầu bổ sung hồ sơ"));
    assert_non_null(strstr(r.body, "ban-chinh.pdf"));
    tc_resp_free(&r);
    free(code);
    tc_free(stranger);
    tc_free(page);
}

/* The owner downloads a draft's file before submission, as the fill page links it; nobody
 * else does, and after submission the file is the dossier's. */
static void test_draft_file_download(void **state)
{
    (void)state;
    long id = start_draft(citizen);
    json_t *f = upload_json(citizen, draft_path(id, "/files"), "1", "../đơn đề nghị.pdf", small_pdf,
                            sizeof small_pdf - 1, 201);
    const char *get = draft_path(id, path3("/files/", sha_of(f), ""));
    json_decref(f);
    struct tresp r = tc_get(citizen, get);
    tc_expect(&r, 200, NULL);
    assert_int_equal(r.len, sizeof small_pdf - 1);
    assert_memory_equal(r.body, small_pdf, r.len);
    assert_non_null(strstr(tc_header(&r, "Content-Type"), "application/pdf"));
    assert_string_equal(tc_header(&r, "X-Content-Type-Options"), "nosniff");
    const char *cd = tc_header(&r, "Content-Disposition");
    assert_non_null(strstr(cd, "attachment; filename=\""));
    assert_non_null(
        strstr(cd, "filename*=UTF-8''%C4%91%C6%A1n%20%C4%91%E1%BB%81%20ngh%E1%BB%8B.pdf"));
    tc_resp_free(&r);
    tc_get_expect(other, get, 404);
    tc_get_expect(desk, get, 404);
    tc_get_expect(citizen, draft_path(id, path3("/files/", png_sha, "")), 404);
    tc_get_expect(citizen, draft_path(id, "/files/khong-phai-ma"), 404);
    struct tclient *anonymous = tc_new(NULL);
    tc_get_expect(anonymous, get, 401);
    tc_free(anonymous);

    struct tclient *page = tc_new(NULL);
    tc_login_form(page, "0915000201", PASSWORD);
    char fill[64];
    snprintf(fill, sizeof fill, "/ho-so-nhap/%ld", id);
    r = tc_get(page, fill);
    tc_expect(&r, 200, NULL);
    char link[256];
    snprintf(link, sizeof link, "href=\"%s\"", get);
    assert_non_null(strstr(r.body, link));
    tc_resp_free(&r);
    r = tc_get(page, path3(fill, "/xem-lai", ""));
    tc_expect(&r, 200, NULL);
    assert_non_null(strstr(r.body, link));
    tc_resp_free(&r);
    r = tc_get(page, get);
    tc_expect(&r, 200, NULL);
    tc_resp_free(&r);
    tc_free(page);

    free(submit(citizen, id));
    tc_get_expect(citizen, get, 404);
}

/* Issue 14: the fill page's one form saves every field with an upload; dates are typed
 * day/month/year; every problem of a step at once; withdrawal asks once more; the TK-KS
 * e-form makes the declaration's PDF in the draft. */
static void test_citizen_forms(void **state)
{
    (void)state;
    struct tclient *page = tc_new(NULL);
    char csrf[128];
    snprintf(csrf, sizeof csrf, "%s", tc_login_form(page, "0915000201", PASSWORD));
    long id = start_draft(citizen);
    char fill[64];
    snprintf(fill, sizeof fill, "/ho-so-nhap/%ld", id);
    const char *fields[] = {"csrf",     csrf,    "id_number",  "079203001234", "birth_date",
                            "7/5/2003", "phone", "0912345678", "address",      "Ấp 2",
                            "comp_0",   "1",     "go",         "upload",       NULL};
    struct tresp r = form_upload(page, fill, fields, "file_1", "giay.pdf", "application/pdf",
                                 small_pdf, sizeof small_pdf - 1);
    tc_expect(&r, 303, NULL);
    tc_resp_free(&r);
    r = tc_get(page, fill);
    tc_expect(&r, 200, NULL);
    assert_non_null(strstr(r.body, "value=\"07/05/2003\""));
    assert_non_null(strstr(r.body, "value=\"Ấp 2\""));
    assert_non_null(strstr(r.body, "giay.pdf"));
    tc_resp_free(&r);

    const char *bad[] = {"csrf",  csrf, "id_number", "123",    "birth_date", "31/02/2003",
                         "phone", "12", "go",        "review", NULL};
    r = form_upload(page, fill, bad, NULL, NULL, NULL, NULL, 0);
    tc_expect(&r, 422, NULL);
    assert_non_null(strstr(r.body, "Có 3 lỗi cần sửa"));
    assert_non_null(strstr(r.body, "href=\"#birth_date\""));
    assert_non_null(strstr(r.body, "không có ngày 31/02/2003"));
    assert_non_null(strstr(r.body, "value=\"31/02/2003\""));
    tc_resp_free(&r);

    const char *incomplete[] = {"csrf", csrf, "go", "review", NULL};
    r = form_upload(page, fill, incomplete, NULL, NULL, NULL, NULL, 0);
    tc_expect(&r, 422, NULL);
    assert_non_null(strstr(r.body, "Vui lòng nhập số CCCD"));
    tc_resp_free(&r);
    r = form_upload(page, fill, fields, NULL, NULL, NULL, NULL, 0); /* complete again */
    tc_expect(&r, 303, NULL);
    tc_resp_free(&r);

    /* The declaration, blank and filled online. */
    r = tc_get(page, "/bieu-mau/TK-KS");
    tc_expect(&r, 200, NULL);
    assert_non_null(strstr(tc_header(&r, "Content-Type"), "application/pdf"));
    tc_resp_free(&r);
    json_t *birth =
        td_post_expect(citizen, "/api/v1/drafts", "{\"procedure_code\":\"1.001193\"}", 201);
    long birth_id = (long)json_integer_value(json_object_get(birth, "id"));
    json_decref(birth);
    char eform[96], birth_fill[64], body[2048];
    snprintf(birth_fill, sizeof birth_fill, "/ho-so-nhap/%ld", birth_id);
    snprintf(eform, sizeof eform, "%s/to-khai/TK-KS", birth_fill);
    snprintf(body, sizeof body, "csrf=%s&ef_child_birth=30/02/2026", tc_escape(page, csrf));
    r = tc_post_form(page, eform, body);
    tc_expect(&r, 422, NULL);
    assert_non_null(strstr(r.body, "href=\"#ef_child_name\""));
    assert_non_null(strstr(r.body, "không có ngày 30/02/2026"));
    tc_resp_free(&r);
    snprintf(body, sizeof body,
             "csrf=%s&ef_addressee=UBND&ef_requester_name=V%%C5%%A9&ef_requester_birth=7/5/2003"
             "&ef_requester_id=079203001234&ef_requester_address=A&ef_relationship=me"
             "&ef_child_name=Binh&ef_child_birth=2/1/2026&ef_child_birth_words=x"
             "&ef_child_gender=N%%E1%%BB%%AF&ef_child_ethnicity=Kinh&ef_child_nationality=VN"
             "&ef_child_birthplace=B&ef_child_hometown=C&ef_place=D&ef_copies=1",
             tc_escape(page, csrf));
    r = tc_post_form(page, eform, body);
    tc_expect(&r, 303, NULL);
    tc_resp_free(&r);
    r = tc_get(page, birth_fill);
    tc_expect(&r, 200, NULL);
    assert_non_null(strstr(r.body, "to-khai-TK-KS.pdf"));
    tc_resp_free(&r);

    /* Withdrawal: a page that asks once more before the POST. */
    char *code = submit(citizen, id);
    r = tc_get(page, path3("/ho-so-cua-toi/", code, "/rut"));
    tc_expect(&r, 200, NULL);
    assert_non_null(strstr(r.body, "không thể hoàn tác"));
    assert_non_null(strstr(r.body, "Xác nhận rút hồ sơ"));
    tc_resp_free(&r);
    r = tc_get(page, path3("/ho-so-cua-toi/", code, ""));
    tc_expect(&r, 200, NULL);
    assert_non_null(strstr(r.body, "Tiếp theo"));
    assert_non_null(strstr(r.body, "giờ làm việc"));
    tc_resp_free(&r);
    free(code);
    tc_free(page);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_draft_upload_resume_submit),
        cmocka_unit_test(test_supplement_at_reception_answered_online),
        cmocka_unit_test(test_payment_forged_then_good),
        cmocka_unit_test(test_supplement_in_appraisal_answered_online),
        cmocka_unit_test(test_result_download_and_rating),
        cmocka_unit_test(test_store_reuse_and_privacy),
        cmocka_unit_test(test_pages),
        cmocka_unit_test(test_draft_file_download),
        cmocka_unit_test(test_citizen_forms),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
