/* tdesk.c — see tdesk.h. The checks read the database directly rather than through the API,
 * so that what they count is what is stored, not what a handler chooses to show. */
#include "tdesk.h"

#include "db.h"
#include "tcheck.h"
#include "testutil.h"

#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

/* The reception body every helper sends: one applicant, a counter dossier, eight papers
 * received (more than any demo procedure asks for). */
static json_t *reception_body(const char *procedure, const char *outcome, const char *name,
                              const char *address)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:[i,i,i,i,i,i,i,i], s:{s:s, s:s, s:s, s:s, s:s}}",
                     "procedure_code", procedure, "outcome", outcome, "channel", "counter",
                     "return_method", "counter", "received", 1, 1, 1, 1, 1, 1, 1, 1, "applicant",
                     "kind", "person", "name", name, "id_number", "079203001234", "phone",
                     "0912 345 678", "address", address ? address : "Ấp 1, thị trấn Giồng Riềng");
}

static struct tresp post_reception(struct tclient *c, json_t *body)
{
    char *text = json_dumps(body, 0);
    struct tresp r = tc_post_json(c, "/api/v1/dossiers", text);
    free(text);
    json_decref(body);
    return r;
}

long td_receive(struct tclient *c, const char *name, const char *address, char *code, size_t len)
{
    struct tresp r = post_reception(c, reception_body(TD_PROC, "accept", name, address));
    long status = r.status;
    const char *got = json_string_value(json_object_get(r.json, "code"));
    if (code && len)
        snprintf(code, len, "%s", got && status == 201 ? got : "");
    tc_resp_free(&r);
    return status;
}

long td_act(struct tclient *c, const char *code, const char *action, int version)
{
    return td_act_extra(c, code, action, version, NULL, NULL);
}

int td_version(struct tclient *c, const char *code, long *status)
{
    char path[256];
    snprintf(path, sizeof path, "/api/v1/dossiers/%s", code);
    struct tresp r = tc_get(c, path);
    int v = r.status == 200 ? (int)json_integer_value(json_object_get(r.json, "version")) : -1;
    if (status)
        *status = r.status;
    tc_resp_free(&r);
    return v;
}

struct one_int {
    const char *sql;
    struct db_param p[4];
    int n;
    int64_t v;
};

static int query_one(struct db_conn *c, void *ctx, struct err *e)
{
    struct one_int *q = ctx;
    return db_query_int(c, q->sql, q->p, q->n, &q->v, e);
}

int64_t td_db_int(const char *sql, const char *const *params)
{
    struct db *db = NULL;
    struct err e = {0};
    struct one_int q = {.sql = sql, .v = -1};
    for (; params && params[q.n] && q.n < 4; q.n++)
        q.p[q.n] = DB_T(params[q.n]);
    if (db_open(test_env("MOTCUA_TEST_DB", ""), 1, &db, &e) != 0 ||
        db_with_conn(db, query_one, &q, &e) != 0) {
        fprintf(stderr, "td_db_int: %s: %s\n", sql, e.msg);
        q.v = -1;
    }
    if (db)
        db_close(db);
    return q.v;
}

struct one_text {
    const char *sql;
    struct db_param p[4];
    int n;
    char *out;
    size_t len;
};

static int query_text(struct db_conn *c, void *ctx, struct err *e)
{
    struct one_text *q = ctx;
    struct db_rows *r = NULL;
    int rc = db_query(c, q->sql, q->p, q->n, &r, e);
    if (rc)
        return rc;
    if (db_rows_count(r) == 1 && !db_rows_isnull(r, 0, 0))
        snprintf(q->out, q->len, "%s", db_rows_text(r, 0, 0));
    else
        rc = err_set(e, E_NOTFOUND, NULL, "not one text value");
    db_rows_free(r);
    return rc;
}

int td_db_text(const char *sql, const char *const *params, char *out, size_t len)
{
    struct db *db = NULL;
    struct err e = {0};
    struct one_text q = {.sql = sql, .out = out, .len = len};
    for (; params && params[q.n] && q.n < 4; q.n++)
        q.p[q.n] = DB_T(params[q.n]);
    int rc = db_open(test_env("MOTCUA_TEST_DB", ""), 1, &db, &e);
    if (!rc)
        rc = db_with_conn(db, query_text, &q, &e);
    if (rc)
        fprintf(stderr, "td_db_text: %s: %s\n", sql, e.msg);
    if (db)
        db_close(db);
    return rc;
}

int64_t td_duplicate_codes(void)
{
    return td_db_int("SELECT COUNT(*) FROM (SELECT code FROM dossiers GROUP BY code "
                     "HAVING COUNT(*) > 1) AS d",
                     NULL);
}

int64_t td_counter_drift(void)
{
    return td_db_int("SELECT (SELECT COALESCE(SUM(last_seq), 0) FROM dossier_day_seq) - "
                     "(SELECT COUNT(*) FROM dossiers)",
                     NULL);
}

struct tresp td_post_reception(struct tclient *c, const char *procedure, const char *outcome,
                               const char *name, const char *extra)
{
    json_t *body = reception_body(procedure, outcome, name, NULL);
    if (extra) {
        char *object = malloc(strlen(extra) + 2);
        sprintf(object, "{%s}", extra + strspn(extra, " ,"));
        json_error_t je;
        json_t *more = json_loads(object, 0, &je);
        if (!more)
            fail_msg("td_post_reception: extra members %s: %s", extra, je.text);
        json_object_update_recursive(body, more);
        json_decref(more);
        free(object);
    }
    return post_reception(c, body);
}

char *td_accept(struct tclient *c, const char *procedure, const char *name, const char *extra)
{
    struct tresp r = td_post_reception(c, procedure, "accept", name, extra);
    tc_expect(&r, 201, NULL);
    char *code = strdup(tj_str(r.json, "code"));
    tc_resp_free(&r);
    return code;
}

long td_act_extra(struct tclient *c, const char *code, const char *action, int version,
                  const char *extra, json_t **out)
{
    char path[256], body[2048]; /* not td_path: the fault suites act from several threads */
    snprintf(path, sizeof path, "/api/v1/dossiers/%s/actions", code);
    /* A return needs its result: suites that do not say otherwise hand back a paper one. */
    if (!extra && strcmp(action, "return") == 0)
        extra = ",\"result_number\":\"01/2026/KS\",\"result_date\":\"2020-01-02\"";
    snprintf(body, sizeof body, "{\"action\":\"%s\",\"expected_version\":%d%s}", action, version,
             extra ? extra : "");
    struct tresp r = tc_post_json(c, path, body);
    long status = r.status;
    if (out)
        *out = json_incref(r.json);
    if (status >= 500)
        fprintf(stderr, "%s %s: %ld %s\n", action, code, status, r.body);
    tc_resp_free(&r);
    return status;
}

long td_act_now(struct tclient *actor, struct tclient *reader, const char *code, const char *action,
                const char *extra)
{
    return td_act_extra(actor, code, action, td_version(reader, code, NULL), extra, NULL);
}

json_t *td_post_expect(struct tclient *c, const char *path, const char *body, long status)
{
    struct tresp r =
        body ? tc_post_json(c, path, body) : tc_request(c, "POST", path, NULL, NULL, 0, NULL);
    tc_expect(&r, status, NULL);
    json_t *j = json_incref(r.json);
    tc_resp_free(&r);
    return j;
}

const char *td_path(const char *code, const char *suffix)
{
    static char path[4][512];
    static int slot;
    slot = (slot + 1) % 4;
    snprintf(path[slot], sizeof path[slot], "/api/v1/dossiers/%s%s", code, suffix);
    return path[slot];
}

int td_run(const char *cmd, char *out, size_t len)
{
    FILE *p = popen(cmd, "r");
    size_t n = p ? fread(out, 1, len - 1, p) : 0;
    out[n] = '\0';
    return p ? pclose(p) : -1;
}

int td_sh(char *out, size_t len, const char *fmt, ...)
{
    char cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int status = td_run(cmd, out, len);
    return status < 0 || !WIFEXITED(status) ? -1 : WEXITSTATUS(status);
}

struct tclient *td_browser(const char *user, const char *password, char *csrf, size_t len)
{
    struct tclient *c = tc_new(NULL);
    const char *token = tc_login_form(c, user, password);
    snprintf(csrf, len, "%s", token ? token : "");
    return c;
}

char *td_page(struct tclient *c, const char *path)
{
    struct tresp r = tc_get(c, path);
    if (r.status != 200)
        fprintf(stderr, "GET %s: %ld %s\n", path, r.status, r.body);
    assert_int_equal(r.status, 200);
    char *body = strdup(r.body);
    tc_resp_free(&r);
    return body;
}

long td_form(struct tclient *c, const char *path, const char *body, char **html, char **location)
{
    struct tresp r = tc_post_form(c, path, body);
    long status = r.status;
    if (status >= 500)
        fprintf(stderr, "POST %s: %ld %s\n", path, status, r.body);
    if (html)
        *html = strdup(r.body ? r.body : "");
    if (location) {
        const char *l = tc_header(&r, "Location");
        *location = strdup(l ? l : "");
    }
    tc_resp_free(&r);
    return status;
}

json_t *td_consult(struct tclient *c, const char *code, const char *unit_key, int version,
                   long expect)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"unit_key\":\"%s\",\"question\":\"Xin ý kiến về giấy tờ hộ tịch cũ\","
             "\"budget_hours\":16,\"expected_version\":%d}",
             unit_key, version);
    return td_post_expect(c, td_path(code, "/consultations"), body, expect);
}
