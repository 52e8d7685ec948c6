/* test_page_crawl.c — every page, for everyone, over data in every state. The suite first builds,
 * through the real API, what the pages have to show: a procedure offered at two receiving
 * counters, a citizen's online drafts at each stage (new, filled, with an uploaded file, ready
 * for review, submitted), dossiers in every state of the state machine — submitted online,
 * supplement asked at reception and during appraisal (and answered online), refused at
 * reception, at each processing step, assigned, consulting another unit, extended with an
 * apology, overdue, with a fee unpaid, paid (at the counter and online) and cancelled, refused
 * after appraisal, result ready with a result file, handed over by post, returned and rated,
 * stopped, withdrawn by the applicant and at the counter — and what catalogue changes leave
 * behind (a procedure edited, one retired, a counter that stopped receiving one). Then every
 * GET route of the web route table (read at run time, so a new page is crawled without
 * touching this file) is requested as every role — anonymous, two citizens, the receptionists,
 * specialists and leaders of the district and of the commune, the administrator, the auditor
 * and a staff account without a role — with each path parameter replaced by every value of
 * its kinds, then by a value that names nothing and a malformed one. Every same-site link,
 * redirect and GET form found on the pages is followed once (bounded). The crawl fails on any
 * 5xx, a dropped connection or dead server, a 200 with an empty body, a 200 HTML page without
 * a <main> element or with an empty one, a 429 (a page it would miss), and a page whose
 * visible text shows an internal code — a role or state in English, an event name, a
 * snake_case identifier, an ISO date, a number without Vietnamese separators (tvisible.h; an
 * attribute, a URL, an <input value> or an element marked translate="no" is not text people
 * read); redirects, 401, 403, 404, 409 and 422 are answers. docs/reliability.md says how to add a
 * state. */
#include "embed.h"
#include "tcheck.h"
#include "tclient.h"
#include "tdesk.h"
#include "testutil.h"
#include "tfiles.h"
#include "tvisible.h"
#include "vnpay_double.h"
#include "web.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

extern const struct embed_file motcua_assets[];

#define PASSWORD     "matkhau@2026"
#define CITIZEN2     "0915000401"
#define ONLINE_PROC  "1.004222" /* online, with a fee; offered here at two counters */
#define COUNTER_PROC "1.001193"
#define FEE_PROC     "2.000884"
#define CROSS_PROC   "2.000806" /* commune counter, district department */
#define BOUNDARY     "----motcuacrawl"
#define LINKS_MAX    250        /* links followed per role */
#define CHANGED_PROC "1.004873" /* a new version without components */
#define RETIRED_PROC "1.004194"
#define MOVED_PROC   "1.000656" /* a counter that stopped receiving it */

/* --- the roles, each a browser signed in through the login form --- */

static struct browser {
    const char *user, *password;
    struct tclient *page;
} roles[] = {
    {NULL, NULL, NULL},
    {"congdan", "congdan@2026", NULL},
    {CITIZEN2, PASSWORD, NULL},
    {"tiepnhan", "tiepnhan@2026", NULL},
    {"tiepnhan.xa", "tiepnhan@2026", NULL},
    {"chuyenvien", "chuyenvien@2026", NULL},
    {"chuyenvien.xa", "chuyenvien@2026", NULL},
    {"lanhdao", "lanhdao@2026", NULL},
    {"lanhdao.xa", "lanhdao@2026", NULL},
    {"admin", "quantri@2026", NULL},
    {"kiemtra", "kiemtra@2026", NULL},
    {"chuaphanquyen", PASSWORD, NULL}, /* staff without any role yet */
};
#define NROLES ((int)(sizeof roles / sizeof roles[0]))

static const char *who(int i)
{
    return roles[i].user ? roles[i].user : "anonymous";
}

/* --- the values a path parameter takes, by the parameter's name --- */

#define MAX_VALUES 128

/* The values of one kind a parameter may name; v[0] is the kind's probe (see route_kinds). */
static struct kind {
    const char *param, *what;
    char *v[MAX_VALUES];
    int n;
} kinds[] = {
    {"code", "procedure", {0}, 0},     {"code", "dossier", {0}, 0},
    {"id", "draft", {0}, 0},           {"form", "form", {0}, 0},
    {"rest", "asset", {0}, 0},         {"partner", "exchange partner", {0}, 0},
    {"token", "issued paper", {0}, 0},
};
enum { K_PROCEDURE, K_DOSSIER, K_DRAFT, K_FORM, K_ASSET, K_PARTNER, K_PAPER, NKINDS };

/* Per parameter name, a value that names nothing and one that is malformed. */
static const struct {
    const char *param, *v[2];
} nowhere[] = {
    {"code", {"000.00.15.H33-200101-9999", "khong-co-ma"}},
    {"id", {"999999999", "abc"}},
    {"form", {"9", "x"}},
    {"rest", {"khong-co.css", "..%2f..%2fetc%2fpasswd"}},
    {"partner", {"khong-co", "KH%C3%94NG"}},
    {"token", {"khong-co-giay-to", "..%2f..%2fetc"}},
};
#define NNOWHERE ((int)(sizeof nowhere / sizeof nowhere[0]))

static void add_value(int kind, const char *value)
{
    struct kind *k = &kinds[kind];
    for (int i = 0; i < k->n; i++)
        if (strcmp(k->v[i], value) == 0)
            return;
    assert_true(k->n < MAX_VALUES);
    k->v[k->n++] = strdup(value);
}

/* Makes value (already added) the kind's probe: the one seen by most roles. */
static void make_probe(int kind, const char *value)
{
    struct kind *k = &kinds[kind];
    for (int i = 0; i < k->n; i++)
        if (strcmp(k->v[i], value) == 0) {
            char *first = k->v[0];
            k->v[0] = k->v[i];
            k->v[i] = first;
        }
}

/* Pages that exist only with a query the data gives (the gateway's signed answer on the
 * return page): requested as every role with the links. */
static char *seeds[8];
static int nseeds;

static void add_seed(const char *path)
{
    assert_true(nseeds < (int)(sizeof seeds / sizeof seeds[0]));
    seeds[nseeds++] = strdup(path);
}

static void add_id(long id)
{
    char s[32];
    snprintf(s, sizeof s, "%ld", id);
    add_value(K_DRAFT, s);
}

/* --- building the data through the API --- */

static struct tclient *citizen, *citizen2, *desk, *desk_district, *spec, *spec_district, *lead,
    *lead_district, *admin;

struct blob {
    char *data;
    size_t len;
};

static void append(struct blob *b, const void *data, size_t len)
{
    b->data = realloc(b->data, b->len + len);
    memcpy(b->data + b->len, data, len);
    b->len += len;
}

/* POSTs a multipart form with the fields (name, value pairs, NULL-terminated) and one PNG. */
static struct tresp upload_png(struct tclient *c, const char *path, const char *const *fields)
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
    const char *head = "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; "
                       "filename=\"giấy tờ.png\"\r\nContent-Type: image/png\r\n\r\n";
    const char *tail = "\r\n--" BOUNDARY "--\r\n";
    append(&body, head, strlen(head));
    append(&body, tf_png, sizeof tf_png);
    append(&body, tail, strlen(tail));
    struct tresp r = tc_request(c, "POST", path, "multipart/form-data; boundary=" BOUNDARY,
                                body.data, body.len, NULL);
    free(body.data);
    return r;
}

static void upload_expect(struct tclient *c, const char *path, const char *const *fields)
{
    struct tresp r = upload_png(c, path, fields);
    if (r.status != 201 && r.status != 200)
        fprintf(stderr, "upload to %s: %ld %s\n", path, r.status, r.body);
    assert_true(r.status == 201 || r.status == 200);
    tc_resp_free(&r);
}

static const char *draft_path(long id, const char *suffix)
{
    static char path[4][128];
    static int slot;
    slot = (slot + 1) % 4;
    snprintf(path[slot], sizeof path[slot], "/api/v1/drafts/%ld%s", id, suffix);
    return path[slot];
}

static const char *me_path(const char *code, const char *suffix)
{
    static char path[4][256];
    static int slot;
    slot = (slot + 1) % 4;
    snprintf(path[slot], sizeof path[slot], "/api/v1/me/dossiers/%s%s", code, suffix);
    return path[slot];
}

#define FILLED                                                                                      \
    "\"data\":{\"applicant\":{\"id_number\":\"079203001234\",\"birth_date\":\"2003-05-06\","        \
    "\"address\":\"Ấp 1, xã Thạnh Hưng\"},\"components\":[1,1],\"return_method\":\"online\"," \
    "\"note\":\"Xin cảm ơn\"}"

/* A new draft of procedure: unit (NULL: not chosen yet), filled or not. */
static long draft_of(struct tclient *c, const char *procedure, const char *unit, int filled)
{
    char body[1024];
    snprintf(body, sizeof body, "{\"procedure_code\":\"%s\"%s%s%s%s%s}", procedure,
             unit ? ",\"unit_key\":\"" : "", unit ? unit : "", unit ? "\"" : "", filled ? "," : "",
             filled ? FILLED : "");
    json_t *d = td_post_expect(c, "/api/v1/drafts", body, 201);
    long id = (long)tj_int(d, "id");
    json_decref(d);
    add_id(id);
    return id;
}

static long draft(struct tclient *c, const char *unit, int filled)
{
    return draft_of(c, ONLINE_PROC, unit, filled);
}

static void draft_file_for(struct tclient *c, long id, const char *component)
{
    const char *fields[] = {"component", component, NULL};
    upload_expect(c, draft_path(id, "/files"), fields);
}

static void draft_file(struct tclient *c, long id)
{
    draft_file_for(c, id, "0");
}

/* A dossier of procedure submitted online by c at unit: its code (caller frees). */
static char *submitted_of(struct tclient *c, const char *procedure, const char *unit)
{
    long id = draft_of(c, procedure, unit, 1);
    draft_file(c, id);
    json_t *j = td_post_expect(c, draft_path(id, "/submit"), "{}", 201);
    char *code = strdup(tj_str(j, "code"));
    json_decref(j);
    add_value(K_DOSSIER, code);
    return code;
}

static char *submitted(struct tclient *c, const char *unit)
{
    return submitted_of(c, ONLINE_PROC, unit);
}

static void act(struct tclient *actor, const char *code, const char *action, const char *extra)
{
    long status = td_act_now(actor, admin, code, action, extra);
    if (status != 200)
        fprintf(stderr, "%s on %s: %ld\n", action, code, status);
    assert_int_equal(status, 200);
}

static char *accepted_online(void)
{
    char *code = submitted(citizen, "GR-X01-MC");
    act(desk, code, "accept", NULL);
    return code;
}

static char *at_counter(struct tclient *c, const char *procedure, const char *outcome,
                        const char *extra)
{
    struct tresp r = td_post_reception(c, procedure, outcome, "Trần Thị Thu", extra);
    tc_expect(&r, 201, NULL);
    char *code = strdup(tj_str(r.json, "code"));
    tc_resp_free(&r);
    add_value(K_DOSSIER, code);
    return code;
}

/* Leads a processing dossier through its remaining steps to the result. */
static void resolve(const char *code, struct tclient *specialist, struct tclient *leader)
{
    act(specialist, code, "advance", NULL);
    act(leader, code, "advance", NULL);
}

static void upload_result(const char *code)
{
    const char *fields[] = {"kind", "result", NULL};
    upload_expect(desk, td_path(code, "/files"), fields);
}

/* Moves a dossier's clock back by days, so that it is overdue now. */
static void make_overdue(const char *code, int days)
{
    int64_t back = (int64_t)days * 86400;
    tc_db_run("UPDATE dossiers SET received_at = received_at - $1, accepted_at = accepted_at - $1, "
              "due_at = due_at - $1 WHERE code = $2",
              DB_ARGS(DB_I(back), DB_T(code)));
    tc_db_run("UPDATE dossier_steps SET started_at = started_at - $1, due_at = due_at - $1 WHERE "
              "dossier_id = (SELECT id FROM dossiers WHERE code = $2)",
              DB_ARGS(DB_I(back), DB_T(code)));
}

/* The extension's new due time: two days after the current one, as "YYYY-MM-DDTHH:MM". */
static void extend(const char *code)
{
    json_t *d = tc_get_json(admin, td_path(code, ""));
    time_t due = (time_t)tj_int(d, "due_at") + 7 * 3600 + 2 * 86400;
    json_decref(d);
    struct tm tm;
    gmtime_r(&due, &tm);
    char when[32], extra[256];
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M", &tm);
    snprintf(extra, sizeof extra, ",\"new_due\":\"%s\",\"note\":\"Cần xác minh thêm\"", when);
    act(spec, code, "extend", extra);
}

static void put_expect(const char *path, const char *body)
{
    struct tresp r = tc_request(admin, "PUT", path, "application/json", body, strlen(body), NULL);
    tc_expect(&r, 200, NULL);
    tc_resp_free(&r);
}

/* Sets the units of procedure: the commune counter, the district one too when both, and the
 * unit that resolves it. */
static void set_units(const char *procedure, int both, const char *resolver)
{
    char path[128], body[512];
    snprintf(path, sizeof path, "/api/v1/procedures/%s/units", procedure);
    snprintf(body, sizeof body,
             "{\"units\":[{\"unit\":\"GR-X01-MC\",\"role\":\"receive\"},%s"
             "{\"unit\":\"%s\",\"role\":\"resolve\"}]}",
             both ? "{\"unit\":\"GR-MC\",\"role\":\"receive\"}," : "", resolver);
    put_expect(path, body);
}

static void offer_at_two_counters(void)
{
    set_units(ONLINE_PROC, 1, "GR-X01-CA");
}

/* What the catalogue's changes leave behind: a draft and a dossier of a procedure whose new
 * version has no components (the draft declared and uploaded two), a draft and a dossier of
 * a procedure retired since, and a draft at a counter that no longer receives the procedure. */
static void build_changed_catalogue(void)
{
    long id = draft_of(citizen, CHANGED_PROC, "GR-X01-MC", 1);
    draft_file_for(citizen, id, "1");
    char *c = submitted_of(citizen, CHANGED_PROC, "GR-X01-MC");
    act(desk, c, "accept", NULL);
    free(c);
    put_expect("/api/v1/procedures/" CHANGED_PROC,
               "{\"expected_version\":1,\"code\":\"" CHANGED_PROC "\",\"name\":\"Cấp Giấy xác "
               "nhận tình trạng hôn nhân\",\"field\":\"Hộ tịch\",\"level\":\"commune\","
               "\"online\":\"full\",\"time_limit\":{\"value\":5,\"unit\":\"working_days\"},"
               "\"verified\":true,\"steps\":[{\"role\":\"receptionist\",\"budget_hours\":2},"
               "{\"role\":\"specialist\",\"budget_hours\":30},"
               "{\"role\":\"leader\",\"budget_hours\":4}]}");
    draft_of(citizen, RETIRED_PROC, "GR-X01-MC", 1);
    free(submitted_of(citizen, RETIRED_PROC, "GR-X01-MC"));
    json_decref(td_post_expect(admin, "/api/v1/procedures/" RETIRED_PROC "/retire", "{}", 200));
    set_units(MOVED_PROC, 1, "GR-X01");
    draft_of(citizen, MOVED_PROC, "GR-MC", 1);
    set_units(MOVED_PROC, 0, "GR-X01");
}

static void build_drafts(void)
{
    draft(citizen, NULL, 0);        /* new, the counter not chosen yet */
    draft(citizen, "GR-MC", 0);     /* new, at the district counter */
    draft(citizen, "GR-X01-MC", 1); /* filled */
    long with_file = draft(citizen, "GR-X01-MC", 1);
    draft_file(citizen, with_file); /* filled, a file uploaded: ready for review */
    long files_only = draft(citizen, NULL, 0);
    draft_file(citizen, files_only); /* a file, nothing filled */
    long other = draft(citizen2, "GR-X01-MC", 1);
    draft_file(citizen2, other); /* another citizen's */
}

/* The payer's return from the gateway, signed as VNPAY signs it, with response (NULL: paid). */
static void gateway_return(const struct vd_order *o, const char *response)
{
    const char *secret = test_env("MOTCUA_VNPAY_HASH_SECRET", "");
    struct vd_ipn how = {.response_code = response,
                         .transaction_status = response ? "02" : NULL,
                         .transaction_no = response ? "0" : NULL};
    char *q = vd_ipn_query(o, &how, secret);
    char *path = malloc(strlen(q) + 64);
    sprintf(path, "/api/v1/payments/vnpay/ipn?%s", q);
    struct tclient *gateway = tc_new(NULL);
    struct tresp r = tc_get(gateway, path);
    tc_expect(&r, 200, NULL);
    assert_string_equal(tj_str(r.json, "RspCode"), "00");
    tc_resp_free(&r);
    tc_free(gateway);
    sprintf(path, "/thanh-toan/ket-qua?%s", q);
    add_seed(path);
    free(path);
    free(q);
}

static void vnpay_attempt(const char *code, struct vd_order *o)
{
    json_t *j = td_post_expect(citizen, td_path(code, "/payments/vnpay"), "{}", 200);
    assert_int_equal(
        vd_check_payment_url(tj_str(j, "url"), test_env("MOTCUA_VNPAY_HASH_SECRET", ""), o), 0);
    json_decref(j);
}

static void paid_online(const char *code)
{
    struct vd_order o;
    json_decref(td_post_expect(desk, td_path(code, "/payments"), "{}", 201));
    vnpay_attempt(code, &o);
    gateway_return(&o, "24"); /* the payer cancelled at the gateway */
    vnpay_attempt(code, &o);
    gateway_return(&o, NULL);
}

static void build_online_dossiers(void)
{
    free(submitted(citizen, "GR-X01-MC")); /* submitted, waiting at the commune counter */
    free(submitted(citizen, "GR-MC"));     /* submitted at the district counter */
    free(submitted(citizen2, "GR-X01-MC"));

    char *c = submitted(citizen, "GR-X01-MC"); /* supplement asked at reception */
    act(desk, c, "reception_supplement",
        ",\"items\":[\"Tờ khai có chữ ký\"],\"note\":\"Tờ khai chưa ký\"");
    free(c);
    c = submitted(citizen, "GR-X01-MC"); /* … and answered online */
    act(desk, c, "reception_supplement", ",\"items\":[\"Tờ khai có chữ ký\"]");
    const char *fields[] = {"component", "0", NULL};
    upload_expect(citizen, me_path(c, "/supplement/files"), fields);
    json_decref(td_post_expect(citizen, me_path(c, "/supplement"), "{\"note\":\"Đã ký\"}", 200));
    free(c);
    c = submitted(citizen, "GR-X01-MC"); /* refused at reception */
    act(desk, c, "refuse_reception", ",\"note\":\"Không thuộc thẩm quyền\"");
    free(c);
    c = submitted(citizen, "GR-X01-MC"); /* withdrawn by the applicant before reception */
    json_decref(
        td_post_expect(citizen, me_path(c, "/withdraw"), "{\"reason\":\"Không cần nữa\"}", 200));
    free(c);

    free(accepted_online()); /* at the specialist's step */
    c = accepted_online();   /* at the leader's step */
    act(spec, c, "advance", NULL);
    free(c);
    c = accepted_online(); /* assigned to one specialist */
    act(lead, c, "assign", ",\"assignee\":\"chuyenvien.xa\"");
    free(c);
    c = accepted_online(); /* supplement asked during appraisal */
    act(spec, c, "request_supplement", ",\"items\":[\"Sổ hộ khẩu\"],\"note\":\"Thiếu giấy tờ\"");
    free(c);
    c = accepted_online(); /* … and answered online */
    act(spec, c, "request_supplement", ",\"items\":[\"Sổ hộ khẩu\"]");
    upload_expect(citizen, me_path(c, "/supplement/files"), fields);
    json_decref(td_post_expect(citizen, me_path(c, "/supplement"), "{\"note\":\"Đã có\"}", 200));
    free(c);
    c = accepted_online(); /* consulting another unit */
    int v = td_version(admin, c, NULL);
    char body[512];
    snprintf(body, sizeof body,
             "{\"unit_key\":\"GR-TP\",\"question\":\"Xin ý kiến về nơi cư trú\","
             "\"budget_hours\":8,\"expected_version\":%d}",
             v);
    json_decref(td_post_expect(spec, td_path(c, "/consultations"), body, 201));
    free(c);
    c = accepted_online(); /* a consultation answered */
    snprintf(body, sizeof body,
             "{\"unit_key\":\"GR-TP\",\"question\":\"Xin ý kiến\",\"budget_hours\":8,"
             "\"expected_version\":%d}",
             td_version(admin, c, NULL));
    json_t *k = td_post_expect(spec, td_path(c, "/consultations"), body, 201);
    snprintf(body, sizeof body, "/api/v1/consultations/%lld/answer", tj_int(k, "id"));
    json_decref(k);
    json_decref(td_post_expect(spec_district, body, "{\"answer\":\"Đủ điều kiện\"}", 200));
    free(c);
    c = accepted_online(); /* extended once, with an apology */
    extend(c);
    free(c);
    c = accepted_online(); /* overdue */
    make_overdue(c, 30);
    free(c);
    c = accepted_online(); /* a fee requested, not paid */
    json_decref(td_post_expect(desk, td_path(c, "/payments"), "{}", 201));
    free(c);
    c = accepted_online(); /* a fee requested, then cancelled */
    json_decref(td_post_expect(desk, td_path(c, "/payments"), "{}", 201));
    json_decref(
        td_post_expect(desk, td_path(c, "/payments/cancel"), "{\"reason\":\"Lập nhầm\"}", 200));
    free(c);
    c = accepted_online(); /* paid online, and an attempt cancelled at the gateway */
    paid_online(c);
    free(c);
    c = accepted_online(); /* a fee paid at the counter */
    json_decref(td_post_expect(desk, td_path(c, "/payments"), "{}", 201));
    json_decref(
        td_post_expect(desk, td_path(c, "/payments/counter"), "{\"receipt_no\":\"BL-0001\"}", 200));
    free(c);
    c = accepted_online(); /* refused after appraisal: the refusal is the result */
    act(spec, c, "refuse", ",\"note\":\"Không đủ điều kiện\"");
    free(c);
    c = accepted_online(); /* stopped */
    act(lead, c, "stop", ",\"note\":\"Theo yêu cầu của tòa án\"");
    free(c);
    c = accepted_online(); /* withdrawn while processed */
    json_decref(td_post_expect(citizen, me_path(c, "/withdraw"), "{}", 200));
    free(c);
    c = accepted_online(); /* result ready, with a result file */
    resolve(c, spec, lead);
    upload_result(c);
    free(c);
    c = accepted_online(); /* result ready and handed to the post */
    resolve(c, spec, lead);
    json_decref(td_post_expect(desk, td_path(c, "/postal-handover"),
                               "{\"operator\":\"VNPost\",\"tracking_number\":\"EA123456789VN\"}",
                               201));
    free(c);
    c = accepted_online(); /* returned and rated */
    resolve(c, spec, lead);
    upload_result(c);
    act(desk, c, "return", NULL);
    json_decref(td_post_expect(citizen, me_path(c, "/rating"), "{\"overall\":\"satisfied\"}", 201));
    make_probe(K_DOSSIER, c); /* seen by its citizen, the commune, the public and the auditors */
    json_t *fb = td_post_expect(citizen, "/api/v1/feedback",
                                "{\"category\":\"other\",\"text\":\"Cán bộ nhiệt tình\"}", 201);
    snprintf(body, sizeof body, "/api/v1/feedback/%lld/answer", tj_int(fb, "id"));
    json_decref(fb);
    json_decref(td_post_expect(lead_district, body, "{\"answer\":\"Xin cảm ơn\"}", 200));
    free(c);
    c = accepted_online(); /* returned, not rated (an online return needs the e-result) */
    resolve(c, spec, lead);
    upload_result(c);
    act(desk, c, "return", NULL);
    free(c);
}

static void build_counter_dossiers(void)
{
    /* A counter receives only what is assigned to it: the commune counter and the district's
       receive the cross-level procedure, the district's justice office resolves it. */
    set_units(CROSS_PROC, 1, "GR-TP");
    free(at_counter(desk, COUNTER_PROC, "accept", NULL));
    free(at_counter(desk, FEE_PROC, "accept", /* an organisation, by post */
                    ",\"channel\":\"post\",\"return_method\":\"post\",\"applicant\":{\"kind\":"
                    "\"organisation\",\"name\":\"Công ty TNHH Ánh Dương\","
                    "\"id_number\":\"0100109106\"}"));
    free(at_counter(desk, COUNTER_PROC, "supplement",
                    ",\"missing\":[\"Giấy chứng sinh\"],\"reason\":\"Thiếu giấy chứng sinh\""));
    free(at_counter(desk, COUNTER_PROC, "refuse", ",\"reason\":\"Không thuộc thẩm quyền\""));
    char *c = at_counter(desk, COUNTER_PROC, "accept", NULL); /* returned */
    resolve(c, spec, lead);
    act(desk, c, "return", NULL);
    free(c);
    c = at_counter(desk, COUNTER_PROC, "accept", NULL); /* withdrawn at the counter */
    act(desk, c, "withdraw", ",\"note\":\"Công dân xin rút\"");
    free(c);
    c = at_counter(desk, FEE_PROC, "accept", NULL); /* a fee pending */
    json_decref(td_post_expect(desk, td_path(c, "/payments"), "{}", 201));
    free(c);
    c = at_counter(desk, CROSS_PROC, "accept", NULL); /* at the district department */
    free(c);
    c = at_counter(desk, CROSS_PROC, "accept", NULL); /* supplement asked by the district */
    act(spec_district, c, "request_supplement", ",\"items\":[\"Giấy xác nhận\"],\"note\":\"x\"");
    free(c);
    c = at_counter(desk, CROSS_PROC, "accept", NULL); /* at the district leader */
    act(spec_district, c, "advance", NULL);
    free(c);
    c = at_counter(desk_district, CROSS_PROC, "accept", NULL); /* received by the district */
    make_overdue(c, 60);
    free(c);
    /* a late feedback, answered and not */
    json_decref(td_post_expect(citizen2, "/api/v1/feedback",
                               "{\"category\":\"other\",\"text\":\"Chậm trả lời\"}", 201));
    tc_db_run("UPDATE feedback SET due_at = 1000 WHERE text = $1", DB_ARGS(DB_T("Chậm trả lời")));
}

/* Issued papers in both states: a receipt as printed at the counter (current), and an older
 * version of it that a later one replaced (issued_docs, migration 0036). */
static void build_issued_papers(void)
{
    char *code = tc_db_text("SELECT code FROM dossiers WHERE due_at IS NOT NULL AND "
                            "receiving_unit_id = (SELECT receiving_unit_id FROM dossiers "
                            "WHERE code = $1) ORDER BY id LIMIT 1",
                            DB_ARGS(DB_T(kinds[K_DOSSIER].v[kinds[K_DOSSIER].n - 1])));
    char path[256];
    snprintf(path, sizeof path, "/api/v1/dossiers/%s/forms/1", code);
    tc_get_expect(desk, path, 200);
    char *token =
        tc_db_text("SELECT token FROM issued_docs WHERE dossier_code = $1", DB_ARGS(DB_T(code)));
    free(code);
    add_value(K_PAPER, token);
    tc_db_run("INSERT INTO issued_docs (token, sha256, kind, doc_name, dossier_id, dossier_code, "
              "procedure_code, unit_id, unit_name, issued_by_id, issued_by, issued_at, version) "
              "SELECT 'crawl-older-version', sha256, kind, doc_name, dossier_id, dossier_code, "
              "procedure_code, unit_id, unit_name, issued_by_id, issued_by, issued_at - 60, 0 "
              "FROM issued_docs WHERE token = $1",
              DB_ARGS(DB_T(token)));
    tc_db_run("UPDATE issued_docs SET replaced_by = (SELECT id FROM issued_docs WHERE token = $1) "
              "WHERE token = 'crawl-older-version'",
              DB_ARGS(DB_T(token)));
    add_value(K_PAPER, "crawl-older-version");
    free(token);
}

static void build_values(void)
{
    static const char *const procedures[] = {ONLINE_PROC,  COUNTER_PROC, FEE_PROC,  CROSS_PROC,
                                             CHANGED_PROC, RETIRED_PROC, MOVED_PROC};
    for (size_t i = 0; i < sizeof procedures / sizeof procedures[0]; i++)
        add_value(K_PROCEDURE, procedures[i]);
    for (int f = 1; f <= 5; f++) {
        char s[8];
        snprintf(s, sizeof s, "%d", f);
        add_value(K_FORM, s);
    }
    for (const struct embed_file *f = motcua_assets; f->name; f++)
        add_value(K_ASSET, f->name);
    add_value(K_PARTNER, "hook"); /* test_page_crawl.env */
    add_value(K_PARTNER, "dvcqg"); /* the portal partner: its reconciliation section */
}

static int setup(void **state)
{
    (void)state;
    citizen = tc_as("congdan", "congdan@2026");
    citizen2 = tc_citizen(CITIZEN2, CITIZEN2, "Lý Thị Ngọc", PASSWORD);
    desk = tc_as(TD_DESK);
    desk_district = tc_as("tiepnhan", "tiepnhan@2026");
    spec = tc_as(TD_SPEC);
    spec_district = tc_as("chuyenvien", "chuyenvien@2026");
    lead = tc_as(TD_LEAD);
    lead_district = tc_as("lanhdao", "lanhdao@2026");
    admin = tc_as("admin", "quantri@2026");
    json_decref(td_post_expect(admin, "/api/v1/users",
                               "{\"username\":\"chuaphanquyen\",\"full_name\":\"Mai Văn Mới\","
                               "\"kind\":\"staff\",\"password\":\"" PASSWORD "\"}",
                               201));
    for (int i = 0; i < NROLES; i++) {
        roles[i].page = tc_new(NULL);
        if (roles[i].user && !tc_login_form(roles[i].page, roles[i].user, roles[i].password)) {
            fprintf(stderr, "login of %s refused\n", roles[i].user);
            return -1;
        }
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    struct tclient *all[] = {citizen,       citizen2, desk,          desk_district, spec,
                             spec_district, lead,     lead_district, admin};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        tc_free(all[i]);
    for (int i = 0; i < NROLES; i++)
        tc_free(roles[i].page);
    for (int i = 0; i < nseeds; i++)
        free(seeds[i]);
    for (int k = 0; k < NKINDS; k++)
        for (int i = 0; i < kinds[k].n; i++)
            free(kinds[k].v[i]);
    return 0;
}

/* --- the crawl --- */

struct tally {
    int requests, failures, routes, links, by_class[6];
};

/* A set of paths already requested by one role. */
struct seen {
    char **p;
    int n, cap;
};

static int seen_has(const struct seen *s, const char *path)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->p[i], path) == 0)
            return 1;
    return 0;
}

static int seen_add(struct seen *s, const char *path)
{
    if (seen_has(s, path))
        return 0;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->p = realloc(s->p, sizeof *s->p * (size_t)s->cap);
    }
    s->p[s->n++] = strdup(path);
    return 1;
}

static void seen_free(struct seen *s)
{
    for (int i = 0; i < s->n; i++)
        free(s->p[i]);
    free(s->p);
    memset(s, 0, sizeof *s);
}

/* Whether the server under test still runs: its process exists and is not a zombie waiting
 * for with-server.sh to reap it. */
static int server_alive(void)
{
    const char *pid = test_env("MOTCUA_TEST_SERVER_PID", "");
    char path[64], stat[256] = "";
    if (!*pid)
        return 1;
    snprintf(path, sizeof path, "/proc/%s/stat", pid);
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(stat, 1, sizeof stat - 1, f) : 0;
    if (f)
        fclose(f);
    stat[n] = '\0';
    const char *state = strrchr(stat, ')');
    return state && state[1] == ' ' && state[2] != 'Z' && state[2] != 'X';
}

/* What is wrong with an answer, or NULL. */
static const char *problem(const struct tresp *r)
{
    if (r->status < 0)
        return "no answer (connection dropped)";
    if (r->status >= 500)
        return "server error";
    if (r->status == 429) /* the crawl would miss the page: raise the limit in the .env file */
        return "rate limited";
    if (r->status != 200)
        return NULL;
    if (r->len == 0)
        return "200 with an empty body";
    const char *type = tc_header(r, "Content-Type");
    if (!type || strncasecmp(type, "text/html", 9) != 0)
        return NULL;
    const char *tag = strstr(r->body, "<main");
    const char *open = tag ? strchr(tag, '>') : NULL;
    const char *close = open ? strstr(open, "</main>") : NULL;
    if (!close)
        return "an HTML page without <main>";
    for (const char *p = open + 1; p < close; p++)
        if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r')
            return NULL;
    return "an HTML page with an empty <main>";
}

struct leak {
    const char *path;
    int role, n;
};

static void report_code(const char *what, void *ctx)
{
    struct leak *l = ctx;
    if (l->n++ < 5)
        fprintf(stderr, "GET %s as %s: the page shows an internal code: %s\n", l->path,
                who(l->role), what);
}

/* Whether a page shows a person an internal code (tvisible.h): a role or state in English,
 * an event name, an identifier, an ISO date, a number without Vietnamese separators. */
static int leaks_code(const struct tresp *r, const char *path, int role)
{
    const char *type = tc_header(r, "Content-Type");
    struct leak l = {path, role, 0};
    return r->status == 200 && type && strncasecmp(type, "text/html", 9) == 0 &&
           tv_each_code(r->body, report_code, &l) > 0;
}

/* What reads an answer further (a 200 or a redirect): the links to follow. */
typedef void (*on_page)(int role, const char *path, const struct tresp *r, void *ctx);

/* With MOTCUA_CRAWL_TRACE=FILE, one line per request: status, role, path, milliseconds. */
static void trace(long status, int role, const char *path, const struct timespec *from)
{
    static FILE *out;
    if (!out && getenv("MOTCUA_CRAWL_TRACE"))
        out = fopen(getenv("MOTCUA_CRAWL_TRACE"), "w");
    if (!out)
        return;
    struct timespec to;
    clock_gettime(CLOCK_MONOTONIC, &to);
    fprintf(out, "%ld %s %s %.1f\n", status, who(role), path,
            (double)(to.tv_sec - from->tv_sec) * 1e3 + (double)(to.tv_nsec - from->tv_nsec) / 1e6);
}

/* GETs path as role and checks the answer: its status; *document is 1 when it was a 200 that
 * is not a page (a PDF, an image, a download). */
static long visit(int role, const char *path, struct tally *t, on_page cb, void *ctx, int *document)
{
    struct timespec from;
    clock_gettime(CLOCK_MONOTONIC, &from);
    struct tresp r = tc_get(roles[role].page, path);
    trace(r.status, role, path, &from);
    t->requests++;
    int cls = r.status < 0 ? 0 : (int)(r.status / 100);
    t->by_class[cls >= 0 && cls < 6 ? cls : 0]++;
    const char *bad = problem(&r);
    if (bad) {
        t->failures++;
        fprintf(stderr, "GET %s as %s: %s (%ld): %.300s\n", path, who(role), bad, r.status,
                r.body ? r.body : "");
        if (r.status < 0)
            fail_msg("GET %s as %s got no answer: the server %s", path, who(role),
                     server_alive() ? "dropped the connection" : "died");
    } else if (leaks_code(&r, path, role)) {
        t->failures++;
    } else if (cb && (r.status == 200 || r.status / 100 == 3)) {
        cb(role, path, &r, ctx);
    }
    const char *type = tc_header(&r, "Content-Type");
    if (document)
        *document = r.status == 200 && (!type || strncasecmp(type, "text/html", 9) != 0);
    long status = r.status;
    tc_resp_free(&r);
    return status;
}

struct crawl {
    struct tally *t;
    struct seen seen[NROLES];
    struct seen links[NROLES];
    struct seen places[NROLES]; /* where redirects led, without their query */
    struct seen documents;      /* paths some role was given a document for */
    int values, skipped;
};

/* Undoes the template's escaping of an attribute value in place: the named references it
 * writes and numeric ones (&#61; for '='). */
static void decode_entities(char *s)
{
    static const struct {
        const char *ref;
        char c;
    } named[] = {{"&amp;", '&'}, {"&quot;", '"'}, {"&lt;", '<'}, {"&gt;", '>'}};
    char *w = s;
    for (const char *p = s; *p;) {
        size_t i = 0, n = sizeof named / sizeof named[0];
        for (; i < n && strncmp(p, named[i].ref, strlen(named[i].ref)) != 0; i++)
            ;
        char *end = NULL;
        long code = p[0] == '&' && p[1] == '#' ? strtol(p + 2, &end, 10) : 0;
        if (i < n) {
            *w++ = named[i].c;
            p += strlen(named[i].ref);
        } else if (end && *end == ';' && code > 0 && code < 128) {
            *w++ = (char)code;
            p = end + 1;
        } else {
            *w++ = *p++;
        }
    }
    *w = '\0';
}

/* Remembers a same-site link of a page (not the assets, crawled as routes) for the second
 * pass. */
static void add_link(struct crawl *c, int role, const char *from, const char *href, size_t len)
{
    char link[1024];
    if (len == 0 || len >= sizeof link)
        return;
    snprintf(link, sizeof link, "%.*s", (int)len, href);
    decode_entities(link);
    link[strcspn(link, "#")] = '\0';
    if (link[0] == '?') { /* relative to the page */
        char full[2048];
        int n = snprintf(full, sizeof full, "%.*s%s", (int)strcspn(from, "?"), from, link);
        if (n < 0 || (size_t)n >= sizeof link)
            return;
        memcpy(link, full, (size_t)n + 1);
    }
    if (link[0] != '/' || link[1] == '/' || strncmp(link, "/assets/", 8) == 0)
        return;
    if (c->links[role].n < LINKS_MAX)
        seen_add(&c->links[role], link);
}

/* The value of attribute name in the tag starting at tag (up to '>'), in out. */
static int attr(const char *tag, const char *name, char *out, size_t size)
{
    const char *end = strchr(tag, '>');
    char needle[64];
    snprintf(needle, sizeof needle, " %s=\"", name);
    const char *p = strstr(tag, needle);
    if (!p || !end || p > end)
        return 0;
    p += strlen(needle);
    size_t n = strcspn(p, "\"");
    snprintf(out, size, "%.*s", (int)n, p);
    decode_entities(out);
    return 1;
}

/* One named control of a GET form: its value as the page fills it, and for a select the
 * place of its options. */
struct control {
    char name[128], value[512];
    int typed; /* a field a person types into */
    const char *options, *options_end;
};

static void emit_form(struct crawl *c, int role, const char *from, const char *action,
                      const struct control *ctl, int n, int changed, const char *value)
{
    char query[2048] = "", link[2600];
    for (int i = 0; i < n; i++) {
        size_t len = strlen(query);
        const char *v = i == changed ? value : changed == -2 && ctl[i].typed ? "-1" : ctl[i].value;
        snprintf(query + len, sizeof query - len, "%s%s=%s", len ? "&" : "", ctl[i].name,
                 tc_escape(roles[role].page, v));
    }
    snprintf(link, sizeof link, "%s?%s", action, query);
    add_link(c, role, from, link, strlen(link));
}

/* The value of the option selected in a select (or its first), in out. */
static void selected_option(const struct control *ctl, char *out, size_t size)
{
    const char *pick = NULL;
    out[0] = '\0';
    for (const char *o = ctl->options; (o = strstr(o, "<option")) && o < ctl->options_end; o++) {
        const char *close = strchr(o, '>'), *sel = strstr(o, " selected");
        if (!pick || (sel && close && sel < close))
            pick = o;
        if (sel && close && sel < close)
            break;
    }
    if (pick)
        attr(pick, "value", out, size);
}

/* A GET form as a browser sends it untouched; then once per other option of each select, and
 * once with every typed field "-1" (a number or date out of range, a bad code). */
static void add_get_form(struct crawl *c, int role, const char *from, const char *form)
{
    char method[16] = "get", action[512];
    struct control ctl[24];
    int n = 0;
    attr(form, "method", method, sizeof method);
    if (strcasecmp(method, "get") != 0)
        return;
    if (!attr(form, "action", action, sizeof action))
        snprintf(action, sizeof action, "%.*s", (int)strcspn(from, "?"), from);
    const char *end = strstr(form, "</form>");
    for (const char *p = form; end && n < 24 && (p = strstr(p + 1, "<")) && p < end;) {
        int input = strncmp(p, "<input", 6) == 0, select = strncmp(p, "<select", 7) == 0;
        struct control *k = &ctl[n];
        memset(k, 0, sizeof *k);
        if (!(input || select) || !attr(p, "name", k->name, sizeof k->name))
            continue;
        if (input) {
            char type[32] = "text";
            attr(p, "type", type, sizeof type);
            const char *close = strchr(p, '>'), *at = strstr(p, " checked");
            int checked = close && at && at < close;
            if ((strcmp(type, "checkbox") == 0 || strcmp(type, "radio") == 0) && !checked)
                continue;
            if (strcmp(type, "file") == 0 || strcmp(type, "submit") == 0)
                continue;
            k->typed = strcmp(type, "hidden") != 0 && strcmp(type, "checkbox") != 0 &&
                       strcmp(type, "radio") != 0;
            attr(p, "value", k->value, sizeof k->value);
        } else {
            k->options = p;
            k->options_end = strstr(p, "</select>");
            if (!k->options_end)
                continue;
            selected_option(k, k->value, sizeof k->value);
        }
        n++;
    }
    emit_form(c, role, from, action, ctl, n, -1, NULL);
    emit_form(c, role, from, action, ctl, n, -2, NULL);
    for (int i = 0; i < n; i++) {
        if (!ctl[i].options)
            continue;
        for (const char *o = ctl[i].options; (o = strstr(o, "<option")) && o < ctl[i].options_end;
             o++) {
            char value[512] = "";
            attr(o, "value", value, sizeof value);
            if (strcmp(value, ctl[i].value) != 0)
                emit_form(c, role, from, action, ctl, n, i, value);
        }
    }
}

static void collect_links(int role, const char *path, const struct tresp *r, void *ctx)
{
    struct crawl *c = ctx;
    const char *to = r->status / 100 == 3 ? tc_header(r, "Location") : NULL;
    if (to) { /* once per place: every page sends anonymous visitors to /login?next=… */
        char place[512];
        snprintf(place, sizeof place, "%.*s", (int)strcspn(to, "?"), to);
        if (seen_add(&c->places[role], place))
            add_link(c, role, path, to, strlen(to));
        return;
    }
    const char *type = tc_header(r, "Content-Type");
    if (!type || strncasecmp(type, "text/html", 9) != 0)
        return;
    for (const char *p = r->body; (p = strstr(p, "href=\"")); p += 6)
        add_link(c, role, path, p + 6, strcspn(p + 6, "\""));
    for (const char *p = r->body; (p = strstr(p, "<form")); p += 5)
        add_get_form(c, role, path, p);
}

/* Requests path as role once, unless another role was already given it as a document. */
static void visit_path(struct crawl *c, int role, const char *path)
{
    if (!seen_add(&c->seen[role], path))
        return;
    /* A document's bytes do not depend on who asks (test_permissions checks who may), and
       rendering the official forms is the slowest thing the server does: once is enough. */
    if (seen_has(&c->documents, path)) {
        c->skipped++;
        return;
    }
    int document = 0;
    visit(role, path, c->t, collect_links, c, &document);
    if (document)
        seen_add(&c->documents, path);
}

static void visit_everyone(struct crawl *c, const char *path)
{
    c->values += !seen_has(&c->seen[0], path);
    for (int role = 0; role < NROLES; role++)
        visit_path(c, role, path);
}

/* --- a route's paths --- */

#define MAX_PARAMS 4

/* A route's pattern taken apart: the text before each {param}, and the kinds of values and
 * the index in nowhere[] of each parameter. */
struct shape {
    const char *pattern, *text[MAX_PARAMS + 1];
    int textlen[MAX_PARAMS + 1], nparams, kinds[MAX_PARAMS][NKINDS], nkinds[MAX_PARAMS],
        nowhere[MAX_PARAMS];
    char name[MAX_PARAMS][64];
};

static void parse_route(const char *pattern, struct shape *s)
{
    memset(s, 0, sizeof *s);
    s->pattern = pattern;
    const char *p = pattern;
    for (const char *open; (open = strchr(p, '{'));) {
        const char *close = strchr(open, '}');
        assert_non_null(close);
        assert_true(s->nparams < MAX_PARAMS);
        int i = s->nparams++;
        s->text[i] = p;
        s->textlen[i] = (int)(open - p);
        const char *name = open + 1 + (open[1] == '*'); /* {*rest}: the rest of the path */
        snprintf(s->name[i], sizeof s->name[i], "%.*s", (int)(close - name), name);
        for (int k = 0; k < NKINDS; k++)
            if (strcmp(kinds[k].param, s->name[i]) == 0 && kinds[k].n > 0)
                s->kinds[i][s->nkinds[i]++] = k;
        s->nowhere[i] = -1;
        for (int k = 0; k < NNOWHERE; k++)
            if (strcmp(nowhere[k].param, s->name[i]) == 0)
                s->nowhere[i] = k;
        if (!s->nkinds[i] || s->nowhere[i] < 0)
            fail_msg("route %s: no values for the parameter {%s}; add a kind to kinds[] and "
                     "nowhere[] and fill it while building the data",
                     pattern, s->name[i]);
        p = close + 1;
    }
    s->text[s->nparams] = p;
    s->textlen[s->nparams] = (int)strlen(p);
}

static void compose(const struct shape *s, const char *const *values, char *out, size_t size)
{
    size_t used = 0;
    for (int i = 0; i <= s->nparams && used < size; i++)
        used += (size_t)snprintf(out + used, size - used, "%.*s%s", s->textlen[i], s->text[i],
                                 i < s->nparams ? values[i] : "");
}

static const char *first_value(const struct shape *s, int param)
{
    return kinds[s->kinds[param][0]].v[0];
}

/* The status of values' path for every role (requested now, and remembered as seen). */
static void probe(struct crawl *c, const struct shape *s, const char *const *values,
                  long status[NROLES])
{
    char path[2048];
    compose(s, values, path, sizeof path);
    c->values += !seen_has(&c->seen[0], path);
    for (int role = 0; role < NROLES; role++) {
        seen_add(&c->seen[role], path);
        status[role] = visit(role, path, c->t, collect_links, c, NULL);
    }
}

/* When a parameter's name has several kinds ({code}: a procedure or a dossier), the route
 * keeps the kinds whose probe is answered otherwise than a code that names nothing, by some
 * role: /thu-tuc/{code} answers a dossier code as it answers nothing, so it is asked only for
 * procedures. When no kind stands out, the route keeps them all. */
static void choose_kinds(struct crawl *c, struct shape *s, int param)
{
    const char *values[MAX_PARAMS];
    long none[NROLES], got[NROLES];
    for (int i = 0; i < s->nparams; i++)
        values[i] = first_value(s, i);
    values[param] = nowhere[s->nowhere[param]].v[0];
    probe(c, s, values, none);
    int keep[NKINDS], nkeep = 0;
    for (int k = 0; k < s->nkinds[param]; k++) {
        values[param] = kinds[s->kinds[param][k]].v[0];
        probe(c, s, values, got);
        if (memcmp(none, got, sizeof none) != 0)
            keep[nkeep++] = s->kinds[param][k];
    }
    if (nkeep == 0 || nkeep == s->nkinds[param])
        return;
    memcpy(s->kinds[param], keep, sizeof keep[0] * (size_t)nkeep);
    s->nkinds[param] = nkeep;
    printf("page crawl: %s takes {%s} as %s%s\n", s->pattern, s->name[param], kinds[keep[0]].what,
           nkeep > 1 ? " and more" : "");
}

/* Every value of the kinds param takes (caller frees the list). */
static const char **values_of(const struct shape *s, int param, int *n)
{
    const char **list = malloc(sizeof *list * NKINDS * MAX_VALUES);
    *n = 0;
    for (int k = 0; k < s->nkinds[param]; k++)
        for (int v = 0; v < kinds[s->kinds[param][k]].n; v++)
            list[(*n)++] = kinds[s->kinds[param][k]].v[v];
    return list;
}

/* Every path of the route as every role: each parameter takes every value of its kinds, the
 * others every value of theirs; then each value that names nothing (or is malformed) once,
 * the other parameters at their first value. */
static void crawl_route(struct crawl *c, const char *pattern)
{
    struct shape s;
    parse_route(pattern, &s);
    for (int i = 0; i < s.nparams; i++)
        if (s.nkinds[i] > 1)
            choose_kinds(c, &s, i);
    const char **list[MAX_PARAMS];
    int nlist[MAX_PARAMS], at[MAX_PARAMS] = {0};
    for (int i = 0; i < s.nparams; i++)
        list[i] = values_of(&s, i, &nlist[i]);
    const char *values[MAX_PARAMS];
    char path[2048];
    for (;;) {
        for (int i = 0; i < s.nparams; i++)
            values[i] = list[i][at[i]];
        compose(&s, values, path, sizeof path);
        visit_everyone(c, path);
        int i = s.nparams - 1;
        while (i >= 0 && ++at[i] == nlist[i])
            at[i--] = 0;
        if (i < 0)
            break;
    }
    for (int i = 0; i < s.nparams; i++) {
        for (int j = 0; j < s.nparams; j++)
            values[j] = list[j][0];
        for (int v = 0; v < 2; v++) {
            values[i] = nowhere[s.nowhere[i]].v[v];
            compose(&s, values, path, sizeof path);
            visit_everyone(c, path);
        }
    }
    for (int i = 0; i < s.nparams; i++)
        free(list[i]);
}

static void test_crawl_every_page_as_everyone(void **state)
{
    (void)state;
    struct timespec t0, t1, t2;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    offer_at_two_counters();
    build_drafts();
    build_online_dossiers();
    build_counter_dossiers();
    build_changed_catalogue();
    build_values();
    build_issued_papers();
    clock_gettime(CLOCK_MONOTONIC, &t1);

    struct tally t = {0};
    struct crawl c = {.t = &t};
    int n = 0;
    const struct http_route *routes = web_routes(&n);
    for (int i = 0; i < n; i++) {
        if (strcmp(routes[i].method, "GET") != 0)
            continue;
        t.routes++;
        crawl_route(&c, routes[i].pattern);
    }
    int route_requests = t.requests;
    for (int role = 0; role < NROLES; role++)
        for (int i = 0; i < nseeds; i++)
            if (seen_add(&c.seen[role], seeds[i])) {
                t.links++;
                visit(role, seeds[i], &t, NULL, NULL, NULL);
            }
    /* One level of links: what the pages point at, query strings included. */
    for (int role = 0; role < NROLES; role++) {
        for (int i = 0; i < c.links[role].n; i++)
            if (seen_add(&c.seen[role], c.links[role].p[i])) {
                if (seen_has(&c.documents, c.links[role].p[i])) {
                    c.skipped++;
                    continue;
                }
                t.links++;
                int document = 0;
                visit(role, c.links[role].p[i], &t, NULL, NULL, &document);
                if (document)
                    seen_add(&c.documents, c.links[role].p[i]);
            }
        seen_free(&c.links[role]);
        seen_free(&c.seen[role]);
        seen_free(&c.places[role]);
    }
    seen_free(&c.documents);
    clock_gettime(CLOCK_MONOTONIC, &t2);
    double build = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    double crawl = (double)(t2.tv_sec - t1.tv_sec) + (double)(t2.tv_nsec - t1.tv_nsec) / 1e9;
    printf("page crawl: %d GET routes x %d roles, %d paths per role (every parameter value), "
           "%d requests for routes + %d links followed = %d requests (%d documents already "
           "fetched by another role not fetched again); answers 2xx %d, 3xx %d, 4xx %d, 5xx %d, "
           "none %d; data built in %.1f s, crawled in %.1f s; %d failures\n",
           t.routes, NROLES, c.values, route_requests, t.links, t.requests, c.skipped,
           t.by_class[2], t.by_class[3], t.by_class[4], t.by_class[5], t.by_class[0], build, crawl,
           t.failures);
    assert_int_equal(t.failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crawl_every_page_as_everyone),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
