/* tdesk.c — see tdesk.h. The checks read the database directly rather than through the API,
 * so that what they count is what is stored, not what a handler chooses to show. */
#include "tdesk.h"

#include "db.h"
#include "testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long td_receive(struct tclient *c, const char *name, const char *address, char *code, size_t len)
{
    json_t *body =
        json_pack("{s:s, s:s, s:s, s:s, s:[i,i,i,i,i,i,i,i], s:{s:s, s:s, s:s, s:s, "
                  "s:s}}",
                  "procedure_code", TD_PROC, "outcome", "accept", "channel", "counter",
                  "return_method", "counter", "received", 1, 1, 1, 1, 1, 1, 1, 1, "applicant",
                  "kind", "person", "name", name, "id_number", "079203001234", "phone",
                  "0912 345 678", "address", address ? address : "Ấp 1, thị trấn Giồng Riềng");
    char *text = json_dumps(body, 0);
    struct tresp r = tc_post_json(c, "/api/v1/dossiers", text);
    long status = r.status;
    const char *got = json_string_value(json_object_get(r.json, "code"));
    if (code && len)
        snprintf(code, len, "%s", got && status == 201 ? got : "");
    tc_resp_free(&r);
    free(text);
    json_decref(body);
    return status;
}

long td_act(struct tclient *c, const char *code, const char *action, int version)
{
    char path[256], body[256];
    snprintf(path, sizeof path, "/api/v1/dossiers/%s/actions", code);
    snprintf(body, sizeof body, "{\"action\":\"%s\",\"expected_version\":%d}", action, version);
    struct tresp r = tc_post_json(c, path, body);
    long status = r.status;
    tc_resp_free(&r);
    return status;
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
