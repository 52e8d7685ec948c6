/* tcheck.c — see tcheck.h. */
#include "tcheck.h"

#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tc_expect(struct tresp *r, long status, const char *field)
{
    if (r->status != status)
        fprintf(stderr, "expected %ld, got %ld: %s\n", status, r->status, r->body);
    assert_int_equal(r->status, status);
    if (field) {
        json_t *err = json_object_get(r->json, "error");
        if (strcmp(tj_str(err, "field"), field) != 0)
            fprintf(stderr, "expected field %s: %s\n", field, r->body);
        assert_string_equal(tj_str(err, "field"), field);
    }
}

void tc_post_expect(struct tclient *c, const char *path, const char *body, long status,
                    const char *field)
{
    struct tresp r = tc_post_json(c, path, body);
    tc_expect(&r, status, field);
    tc_resp_free(&r);
}

void tc_get_expect(struct tclient *c, const char *path, long status)
{
    struct tresp r = tc_get(c, path);
    tc_expect(&r, status, NULL);
    tc_resp_free(&r);
}

json_t *tc_get_json(struct tclient *c, const char *path)
{
    struct tresp r = tc_get(c, path);
    tc_expect(&r, 200, NULL);
    json_t *j = json_incref(r.json);
    tc_resp_free(&r);
    return j;
}

long long tj_int(json_t *j, const char *key)
{
    return (long long)json_integer_value(json_object_get(j, key));
}

void tc_db_run(const char *sql, const struct db_param *p, int n)
{
    struct db *db = NULL;
    struct err e = {0};
    assert_int_equal(db_open(test_env("MOTCUA_TEST_DB", ""), 1, &db, &e), 0);
    struct db_conn *c = db_acquire(db, &e);
    assert_non_null(c);
    if (db_exec(c, sql, p, n, &e) != 0)
        fprintf(stderr, "db: %s\n", e.msg);
    assert_int_equal(e.code, 0);
    db_release(c);
    db_close(db);
}

char *tc_db_text(const char *sql, const struct db_param *p, int n)
{
    struct db *db = NULL;
    struct db_rows *rows = NULL;
    struct err e = {0};
    assert_int_equal(db_open(test_env("MOTCUA_TEST_DB", ""), 1, &db, &e), 0);
    struct db_conn *c = db_acquire(db, &e);
    assert_non_null(c);
    if (db_query(c, sql, p, n, &rows, &e) != 0)
        fprintf(stderr, "db: %s\n", e.msg);
    assert_int_equal(e.code, 0);
    const char *v =
        db_rows_count(rows) > 0 && !db_rows_isnull(rows, 0, 0) ? db_rows_text(rows, 0, 0) : NULL;
    char *out = v ? strdup(v) : NULL;
    db_rows_free(rows);
    db_release(c);
    db_close(db);
    return out;
}

char *tc_sealed_code(const char *username, const char *purpose)
{
    char *sealed = tc_db_text(
        "SELECT v.code_sealed FROM verification_codes v JOIN users u ON u.id = v.user_id "
        "WHERE u.username = $1 AND v.purpose = $2 ORDER BY v.id DESC LIMIT 1",
        DB_ARGS(DB_T(username), DB_T(purpose)));
    if (!sealed)
        return NULL;
    unsigned char key[crypto_secretbox_KEYBYTES], raw[128];
    const char *hex = test_env("MOTCUA_CODE_KEY", "");
    size_t n = 0;
    assert_int_equal(sodium_hex2bin(key, sizeof key, hex, strlen(hex), NULL, &n, NULL), 0);
    assert_int_equal(n, sizeof key);
    assert_int_equal(sodium_base642bin(raw, sizeof raw, sealed, strlen(sealed), NULL, &n, NULL,
                                       sodium_base64_VARIANT_ORIGINAL),
                     0);
    free(sealed);
    size_t len = n - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
    char *code = calloc(1, len + 1);
    assert_int_equal(crypto_secretbox_open_easy((unsigned char *)code,
                                                raw + crypto_secretbox_NONCEBYTES,
                                                n - crypto_secretbox_NONCEBYTES, raw, key),
                     0);
    return code;
}

char *tc_code_sent_to(const char *username)
{
    char *code = tc_sealed_code(username, "signup");
    assert_non_null(code);
    assert_int_equal(strlen(code), 6);
    return code;
}

struct tclient *tc_citizen(const char *login, const char *username, const char *name,
                           const char *password)
{
    struct tclient *anon = tc_new(NULL);
    char body[512];
    snprintf(body, sizeof body, "{\"login\":\"%s\",\"full_name\":\"%s\",\"password\":\"%s\"}",
             login, name, password);
    tc_post_expect(anon, "/api/v1/citizens", body, 201, NULL);
    char *code = tc_code_sent_to(username);
    snprintf(body, sizeof body, "{\"login\":\"%s\",\"code\":\"%s\"}", login, code);
    tc_post_expect(anon, "/api/v1/citizens/verify", body, 200, NULL);
    free(code);
    tc_free(anon);
    return tc_as(username, password);
}

json_t *tc_outbox_to(const char *recipient, const char *event, const char *channel)
{
    struct tclient *admin = tc_as("admin", "quantri@2026");
    json_t *j = tc_get_json(admin, "/api/v1/outbox?limit=500"), *m, *out = json_array();
    size_t i;
    json_array_foreach(json_object_get(j, "messages"), i, m)
    {
        if (strcmp(tj_str(m, "recipient"), recipient) == 0 &&
            strcmp(tj_str(m, "event"), event) == 0 &&
            (!channel || strcmp(tj_str(m, "channel"), channel) == 0))
            json_array_append(out, m);
    }
    json_decref(j);
    tc_free(admin);
    return out;
}
