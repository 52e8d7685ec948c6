/* test_online.c — citizens online, on both databases: registering with a phone number or an
 * e-mail address, the one-time code (read from the outbox message that carries it, as the
 * person would read the SMS or e-mail), wrong and dead codes; a draft started, saved with bad
 * input on every field (422 naming the field), resumed, submitted into the receiving unit's
 * reception inbox, accepted there with the ordinary action (the steps are laid out), followed
 * under "my dossiers" with the receipt downloaded; a choice among several receiving units;
 * withdrawal by the applicant; the same journey through the pages; and that a citizen never
 * sees another citizen's draft or dossier. */
#include "tcheck.h"
#include "tclient.h"
#include "tdesk.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASSWORD "matkhau@2026"
#define CCCD     "079203001234"

static void put_expect(struct tclient *c, const char *path, const char *body, long status,
                       const char *field)
{
    struct tresp r = tc_request(c, "PUT", path, "application/json", body, strlen(body), NULL);
    tc_expect(&r, status, field);
    tc_resp_free(&r);
}

static void test_register_and_verify(void **state)
{
    (void)state;
    struct tclient *anon = tc_new(NULL);
    const char *path = "/api/v1/citizens";
    tc_post_expect(anon, path,
                   "{\"login\":\"12ab\",\"full_name\":\"A\",\"password\":\"" PASSWORD "\"}", 422,
                   "login");
    tc_post_expect(anon, path,
                   "{\"login\":\"a@\",\"full_name\":\"A\",\"password\":\"" PASSWORD "\"}", 422,
                   "login");
    tc_post_expect(anon, path, "{\"login\":\"0912000001\",\"full_name\":\"\",\"password\":\"x\"}",
                   422, "full_name");
    tc_post_expect(anon, path,
                   "{\"login\":\"0912000001\",\"full_name\":\"Lê Thị Hoa\",\"password\":\"ngan\"}",
                   422, "password");
    tc_post_expect(anon, path, "{\"login\":\"0912000001\",\"full_name\":\"Lê Thị Hoa\"}", 422,
                   "password");
    tc_post_expect(
        anon, path,
        "{\"login\":\"0912 000 001\",\"full_name\":\"Lê Thị Hoa\",\"password\":\"" PASSWORD "\"}",
        201, NULL);
    /* Not active before verification. */
    struct tclient *early = tc_new(NULL);
    assert_int_not_equal(tc_login_api(early, "0912000001", PASSWORD), 0);
    tc_free(early);
    char *code = tc_code_sent_to("0912000001");
    char wrong[16], body[256];
    snprintf(wrong, sizeof wrong, "%06d", (atoi(code) + 1) % 1000000);
    snprintf(body, sizeof body, "{\"login\":\"0912000001\",\"code\":\"%s\"}", wrong);
    tc_post_expect(anon, "/api/v1/citizens/verify", body, 422, "code");
    tc_post_expect(anon, "/api/v1/citizens/verify", "{\"login\":\"0912000001\",\"code\":\"12a\"}",
                   422, "code");
    tc_post_expect(anon, "/api/v1/citizens/verify", "{\"login\":\"nobody\",\"code\":\"123456\"}",
                   422, "login");
    snprintf(body, sizeof body, "{\"login\":\"0912000001\",\"code\":\"%s\"}", code);
    tc_post_expect(anon, "/api/v1/citizens/verify", body, 200, NULL);
    tc_post_expect(anon, "/api/v1/citizens/verify", body, 409, "login");
    free(code);
    struct tclient *c = tc_as("0912000001", PASSWORD);
    struct tresp me = tc_get(c, "/api/v1/me");
    assert_int_equal(me.status, 200);
    assert_non_null(strstr(me.body, "citizen"));
    tc_resp_free(&me);
    /* The login is taken now. */
    tc_post_expect(anon, path,
                   "{\"login\":\"0912000001\",\"full_name\":\"Khác\",\"password\":\"" PASSWORD
                   "\"}",
                   409, "login");
    tc_free(c);

    /* Five wrong codes kill the code; registering again sends a new one. */
    tc_post_expect(
        anon, path,
        "{\"login\":\"An.Nguyen@Example.vn\",\"full_name\":\"Nguyễn An\",\"password\":\"" PASSWORD
        "\"}",
        201, NULL);
    code = tc_code_sent_to("an.nguyen@example.vn");
    snprintf(wrong, sizeof wrong, "%06d", (atoi(code) + 7) % 1000000);
    snprintf(body, sizeof body, "{\"login\":\"an.nguyen@example.vn\",\"code\":\"%s\"}", wrong);
    for (int i = 0; i < 5; i++)
        tc_post_expect(anon, "/api/v1/citizens/verify", body, 422, "code");
    snprintf(body, sizeof body, "{\"login\":\"an.nguyen@example.vn\",\"code\":\"%s\"}", code);
    tc_post_expect(anon, "/api/v1/citizens/verify", body, 422, "code");
    free(code);
    tc_post_expect(
        anon, path,
        "{\"login\":\"an.nguyen@example.vn\",\"full_name\":\"Nguyễn An\",\"password\":\"" PASSWORD
        "\"}",
        201, NULL);
    code = tc_code_sent_to("an.nguyen@example.vn");
    snprintf(body, sizeof body, "{\"login\":\"AN.NGUYEN@example.vn\",\"code\":\"%s\"}", code);
    tc_post_expect(anon, "/api/v1/citizens/verify", body, 200, NULL);
    free(code);
    tc_free(tc_as("an.nguyen@example.vn", PASSWORD));
    tc_free(anon);
}

/* Starts a draft; returns its id. */
static long start_draft(struct tclient *c, const char *procedure, const char *unit)
{
    char body[256];
    snprintf(body, sizeof body, "{\"procedure_code\":\"%s\"%s%s%s}", procedure,
             unit ? ",\"unit_key\":\"" : "", unit ? unit : "", unit ? "\"" : "");
    json_t *d = td_post_expect(c, "/api/v1/drafts", body, 201);
    long id = (long)tj_int(d, "id");
    json_decref(d);
    return id;
}

static const char *draft_path(long id, const char *suffix)
{
    static char path[4][128];
    static int slot;
    slot = (slot + 1) % 4;
    snprintf(path[slot], sizeof path[slot], "/api/v1/drafts/%ld%s", id, suffix ? suffix : "");
    return path[slot];
}

#define GOOD_DATA                                                                                  \
    "{\"data\":{\"applicant\":{\"id_number\":\"" CCCD "\",\"phone\":\"0912 345 678\","             \
    "\"address\":\"Ấp 1, xã Thạnh Hưng\"},\"components\":[1,1],\"return_method\":\"online\"}}"

/* Submits a draft; returns the dossier code (caller frees). */
static char *submit(struct tclient *c, long id)
{
    json_t *d = td_post_expect(c, draft_path(id, "/submit"), "{}", 201);
    char *code = strdup(tj_str(d, "code"));
    json_decref(d);
    return code;
}

static int in_list(json_t *list, const char *code)
{
    size_t i;
    json_t *d;
    json_array_foreach(list, i, d) if (strcmp(tj_str(d, "code"), code) == 0) return 1;
    return 0;
}

static void test_draft_submit_accept_and_follow(void **state)
{
    (void)state;
    struct tclient *c = tc_citizen("0913000002", "0913000002", "Trần Văn Bình", PASSWORD);
    tc_post_expect(c, "/api/v1/drafts", "{\"procedure_code\":\"2.000815\"}", 422, "procedure_code");
    tc_post_expect(c, "/api/v1/drafts", "{\"procedure_code\":\"9.999999\"}", 422, "procedure_code");
    tc_post_expect(c, "/api/v1/drafts", "{}", 422, "procedure_code");
    tc_post_expect(c, "/api/v1/drafts", "{\"procedure_code\":\"1.001193\",\"unit_key\":\"GR-MC\"}",
                   422, "unit_key");
    struct tclient *staff = tc_as("tiepnhan.xa", "tiepnhan@2026");
    tc_post_expect(staff, "/api/v1/drafts", "{\"procedure_code\":\"1.001193\"}", 403, NULL);

    long id = start_draft(c, "1.001193", NULL);
    const char *path = draft_path(id, NULL);
    static const struct {
        const char *body, *field;
    } bad[] = {
        {"{\"data\":{\"applicant\":{\"id_number\":\"123\"}}}", "data.applicant.id_number"},
        {"{\"data\":{\"applicant\":{\"id_number\":\"" CCCD "\",\"birth_date\":\"1990-01-01\"}}}",
         "data.applicant.birth_date"},
        {"{\"data\":{\"applicant\":{\"phone\":\"12345\"}}}", "data.applicant.phone"},
        {"{\"data\":{\"applicant\":{\"email\":\"not-an-address\"}}}", "data.applicant.email"},
        {"{\"data\":{\"applicant\":{\"address\":5}}}", "data.applicant.address"},
        {"{\"data\":{\"applicant\":{\"nickname\":\"x\"}}}", "data.applicant.nickname"},
        {"{\"data\":{\"return_method\":\"fax\"}}", "data.return_method"},
        {"{\"data\":{\"components\":[1,-1]}}", "data.components"},
        {"{\"data\":{\"components\":[1,1,1,1]}}", "data.components"},
        {"{\"data\":{\"note\":[]}}", "data.note"},
        {"{\"data\":{\"colour\":\"red\"}}", "data.colour"},
        {"{\"data\":[]}", "data"},
        {"{}", "data"},
        {"{\"unit_key\":\"GR-X02-MC\",\"data\":{}}", "unit_key"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        put_expect(c, path, bad[i].body, 422, bad[i].field);
    /* Incomplete: the identity number is needed to submit. */
    put_expect(c, path, "{\"data\":{\"applicant\":{\"address\":\"Ấp 1\"}}}", 200, NULL);
    tc_post_expect(c, draft_path(id, "/submit"), "{}", 422, "data.applicant.id_number");
    put_expect(c, path, GOOD_DATA, 200, NULL);

    /* Resume: the draft comes back as saved, with the checklist and the account's name. */
    json_t *d = tc_get_json(c, path);
    assert_string_equal(
        tj_str(json_object_get(json_object_get(d, "data"), "applicant"), "id_number"), CCCD);
    assert_string_equal(tj_str(json_object_get(d, "applicant"), "name"), "Trần Văn Bình");
    assert_int_equal(json_array_size(json_object_get(d, "components")), 3);
    assert_string_equal(tj_str(json_array_get(json_object_get(d, "units"), 0), "key"), "GR-X01-MC");
    json_decref(d);
    json_t *drafts = tc_get_json(c, "/api/v1/drafts");
    assert_int_equal(json_array_size(json_object_get(drafts, "drafts")), 1);
    json_decref(drafts);

    char *code = submit(c, id);
    json_t *again = td_post_expect(c, draft_path(id, "/submit"), "{}", 200);
    assert_string_equal(tj_str(again, "code"), code);
    assert_true(json_is_true(json_object_get(again, "replayed")));
    json_decref(again);
    put_expect(c, path, GOOD_DATA, 409, NULL);

    d = tc_get_json(c, td_path(code, ""));
    assert_string_equal(tj_str(d, "state"), "submitted");
    assert_int_equal(json_integer_value(json_object_get(d, "national_status")), 1);
    assert_string_equal(tj_str(d, "channel"), "online");
    assert_string_equal(tj_str(d, "receiving_unit"), "GR-X01-MC");
    assert_string_equal(tj_str(json_object_get(d, "applicant"), "name"), "Trần Văn Bình");
    assert_string_equal(tj_str(json_object_get(d, "applicant"), "id_number"), CCCD);
    assert_string_equal(tj_str(json_object_get(d, "applicant"), "phone"), "0912345678");
    json_decref(d);

    /* In the receiving unit's reception inbox; the receptionist accepts it. */
    json_t *inbox = tc_get_json(staff, "/api/v1/dossiers/inbox");
    assert_true(in_list(json_object_get(inbox, "dossiers"), code));
    json_decref(inbox);
    assert_int_equal(td_act(staff, code, "accept", 1), 200);
    d = tc_get_json(staff, td_path(code, ""));
    assert_string_equal(tj_str(d, "state"), "processing");
    assert_int_equal(json_array_size(json_object_get(d, "steps")), 4);
    assert_string_equal(tj_str(json_object_get(d, "current_step"), "role"), "specialist");
    assert_true(json_integer_value(json_object_get(d, "due_at")) > 0);
    json_decref(d);

    /* The citizen follows it and downloads the receipt. */
    json_t *mine = tc_get_json(c, "/api/v1/me/dossiers");
    json_t *row = json_array_get(json_object_get(mine, "dossiers"), 0);
    assert_string_equal(tj_str(row, "code"), code);
    assert_string_equal(tj_str(row, "state"), "processing");
    char receipt[256];
    snprintf(receipt, sizeof receipt, "%s", tj_str(row, "receipt_url"));
    json_decref(mine);
    struct tresp pdf = tc_get(c, receipt);
    tc_expect(&pdf, 200, NULL);
    assert_true(pdf.len > 4 && memcmp(pdf.body, "%PDF", 4) == 0);
    tc_resp_free(&pdf);
    free(code);
    tc_free(staff);
    tc_free(c);
}

static void test_several_receiving_units(void **state)
{
    (void)state;
    struct tclient *admin = tc_as("admin", "quantri@2026");
    put_expect(admin, "/api/v1/procedures/1.004873/units",
               "{\"units\":[{\"unit\":\"GR-X01-MC\",\"role\":\"receive\"},{\"unit\":\"GR-MC\","
               "\"role\":\"receive\"},{\"unit\":\"GR-X01\",\"role\":\"resolve\"}]}",
               200, NULL);
    tc_free(admin);
    struct tclient *c = tc_citizen("0914000003", "0914000003", "Phạm Thị Cúc", PASSWORD);
    long id = start_draft(c, "1.004873", NULL);
    put_expect(c, draft_path(id, NULL), GOOD_DATA, 200, NULL);
    tc_post_expect(c, draft_path(id, "/submit"), "{}", 422, "unit_key");
    put_expect(c, draft_path(id, NULL),
               "{\"unit_key\":\"GR-X01\",\"data\":{\"applicant\":{\"id_number\":\"" CCCD "\"}}}",
               422, "unit_key");
    put_expect(c, draft_path(id, NULL),
               "{\"unit_key\":\"GR-MC\",\"data\":{\"applicant\":{\"id_number\":\"" CCCD "\"}}}",
               200, NULL);
    char *code = submit(c, id);
    json_t *d = tc_get_json(c, td_path(code, ""));
    assert_string_equal(tj_str(d, "receiving_unit"), "GR-MC");
    json_decref(d);
    struct tclient *district = tc_as("tiepnhan", "tiepnhan@2026");
    json_t *inbox = tc_get_json(district, "/api/v1/dossiers/inbox");
    assert_true(in_list(json_object_get(inbox, "dossiers"), code));
    json_decref(inbox);
    free(code);
    tc_free(district);
    tc_free(c);
}

static void test_withdraw_and_privacy(void **state)
{
    (void)state;
    struct tclient *a = tc_citizen("0915000004", "0915000004", "Võ Văn Dũng", PASSWORD);
    struct tclient *b = tc_citizen("0916000005", "0916000005", "Đặng Thị Én", PASSWORD);
    long id = start_draft(a, "1.000656", NULL);
    put_expect(a, draft_path(id, NULL), GOOD_DATA, 200, NULL);
    long open = start_draft(a, "1.001193", NULL);

    /* Another citizen (and the staff) cannot see or touch the draft. */
    tc_get_expect(b, draft_path(open, NULL), 404);
    put_expect(b, draft_path(open, NULL), GOOD_DATA, 404, NULL);
    tc_post_expect(b, draft_path(open, "/submit"), "{}", 404, NULL);
    struct tclient *staff = tc_as("tiepnhan.xa", "tiepnhan@2026");
    tc_get_expect(staff, draft_path(open, NULL), 404);
    tc_get_expect(b, "/api/v1/drafts/abc", 404);

    char *code = submit(a, id);
    tc_get_expect(b, td_path(code, ""), 404);
    tc_get_expect(b, td_path(code, "/forms/1"), 404);
    json_t *theirs = tc_get_json(b, "/api/v1/me/dossiers");
    assert_false(in_list(json_object_get(theirs, "dossiers"), code));
    json_decref(theirs);
    json_t *drafts = tc_get_json(b, "/api/v1/drafts");
    assert_int_equal(json_array_size(json_object_get(drafts, "drafts")), 0);
    json_decref(drafts);
    char path[256];
    snprintf(path, sizeof path, "/api/v1/me/dossiers/%s/withdraw", code);
    tc_post_expect(b, path, "{}", 404, NULL);
    tc_post_expect(staff, path, "{}", 404, NULL);

    /* The applicant withdraws it. */
    tc_post_expect(a, path, "{\"reason\":\"Nộp nhầm thủ tục\",\"expected_version\":7}", 409, NULL);
    tc_post_expect(a, path, "{\"reason\":\"Nộp nhầm thủ tục\"}", 200, NULL);
    tc_post_expect(a, path, "{}", 409, NULL);
    json_t *d = tc_get_json(a, td_path(code, ""));
    assert_string_equal(tj_str(d, "state"), "withdrawn");
    json_decref(d);
    free(code);
    tc_free(staff);
    tc_free(a);
    tc_free(b);
}

/* The value after "Location: " (static). */
static const char *location(struct tresp *r)
{
    const char *l = tc_header(r, "Location");
    return l ? l : "";
}

static void test_pages(void **state)
{
    (void)state;
    struct tclient *anon = tc_new(NULL);
    struct tresp r = tc_get(anon, "/nop-truc-tuyen/1.001193");
    assert_int_equal(r.status, 303);
    assert_non_null(strstr(location(&r), "/login?next=/nop-truc-tuyen/1.001193"));
    tc_resp_free(&r);

    struct tclient *web = tc_new(NULL);
    r = tc_get(web, "/dang-ky");
    assert_int_equal(r.status, 200);
    char csrf[256], body[1024];
    snprintf(csrf, sizeof csrf, "%s", tc_input_value(r.body, "csrf"));
    tc_resp_free(&r);
    snprintf(body, sizeof body, "csrf=%s&login=0917000006&full_name=%s&password=ngan",
             tc_escape(web, csrf), tc_escape(web, "Hồ Thị Giang"));
    r = tc_post_form(web, "/dang-ky", body);
    assert_int_equal(r.status, 422);
    assert_non_null(strstr(r.body, "password-error"));
    tc_resp_free(&r);
    snprintf(body, sizeof body, "csrf=%s&login=0917000006&full_name=%s&password=%s",
             tc_escape(web, csrf), tc_escape(web, "Hồ Thị Giang"), PASSWORD);
    r = tc_post_form(web, "/dang-ky", body);
    assert_int_equal(r.status, 303);
    assert_non_null(strstr(location(&r), "/xac-minh?login=0917000006"));
    tc_resp_free(&r);
    char *code = tc_code_sent_to("0917000006");
    snprintf(body, sizeof body, "csrf=%s&login=0917000006&code=%s", tc_escape(web, csrf), code);
    r = tc_post_form(web, "/xac-minh", body);
    assert_int_equal(r.status, 303);
    tc_resp_free(&r);
    free(code);

    const char *token = tc_login_form(web, "0917000006", PASSWORD);
    assert_non_null(token);
    snprintf(csrf, sizeof csrf, "%s", token);
    r = tc_get(web, "/nop-truc-tuyen/1.001193");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "Đăng ký khai sinh"));
    tc_resp_free(&r);
    snprintf(body, sizeof body, "csrf=%s", tc_escape(web, csrf));
    r = tc_post_form(web, "/nop-truc-tuyen/1.001193", body);
    assert_int_equal(r.status, 303);
    char fill[128];
    snprintf(fill, sizeof fill, "%s", location(&r));
    assert_non_null(strstr(fill, "/ho-so-nhap/"));
    tc_resp_free(&r);

    /* A bad number is shown beside its field; then save, resume, review, submit. */
    snprintf(body, sizeof body, "csrf=%s&id_number=123&go=save", tc_escape(web, csrf));
    r = tc_post_form(web, fill, body);
    assert_int_equal(r.status, 422);
    assert_non_null(strstr(r.body, "id_number-error"));
    tc_resp_free(&r);
    snprintf(body, sizeof body,
             "csrf=%s&id_number=" CCCD "&phone=0912345678&address=%s&comp_0=1&comp_1=1"
             "&return_method=online&go=save",
             tc_escape(web, csrf), tc_escape(web, "Ấp 2"));
    r = tc_post_form(web, fill, body);
    assert_int_equal(r.status, 303);
    tc_resp_free(&r);
    r = tc_get(web, fill);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "value=\"" CCCD "\""));
    tc_resp_free(&r);
    snprintf(body, sizeof body, "csrf=%s&id_number=" CCCD "&go=review", tc_escape(web, csrf));
    r = tc_post_form(web, fill, body);
    assert_int_equal(r.status, 303);
    assert_non_null(strstr(location(&r), "/xem-lai"));
    tc_resp_free(&r);
    char review[160], send[160];
    snprintf(review, sizeof review, "%s/xem-lai", fill);
    snprintf(send, sizeof send, "%s/nop", fill);
    r = tc_get(web, review);
    assert_int_equal(r.status, 200);
    tc_resp_free(&r);
    snprintf(body, sizeof body, "csrf=%s", tc_escape(web, csrf));
    r = tc_post_form(web, send, body);
    assert_int_equal(r.status, 303);
    char mine[160];
    snprintf(mine, sizeof mine, "%s", location(&r));
    assert_non_null(strstr(mine, "/ho-so-cua-toi/"));
    tc_resp_free(&r);
    r = tc_get(web, mine);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "Rút hồ sơ"));
    tc_resp_free(&r);
    r = tc_get(web, "/ho-so-cua-toi");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, mine + strlen("/ho-so-cua-toi/")));
    tc_resp_free(&r);
    char withdraw[200];
    snprintf(withdraw, sizeof withdraw, "%s/rut", mine);
    r = tc_post_form(web, withdraw, body);
    assert_int_equal(r.status, 303);
    tc_resp_free(&r);

    /* Someone else's draft and dossier pages are not found. */
    struct tclient *other = tc_new(NULL);
    assert_non_null(tc_login_form(other, "congdan", "congdan@2026"));
    r = tc_get(other, fill);
    assert_int_equal(r.status, 404);
    tc_resp_free(&r);
    r = tc_get(other, mine);
    assert_int_equal(r.status, 404);
    tc_resp_free(&r);
    tc_free(other);
    tc_free(web);
    tc_free(anon);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_register_and_verify),
        cmocka_unit_test(test_draft_submit_accept_and_follow),
        cmocka_unit_test(test_several_receiving_units),
        cmocka_unit_test(test_withdraw_and_privacy),
        cmocka_unit_test(test_pages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
