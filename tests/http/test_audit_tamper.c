/* test_audit_tamper.c — the audit chain detects tampering: an entry changed directly in the
 * database (as an attacker with database access would) is reported by the API and by
 * `motcua audit verify`, which names the first broken entry; so is a deleted newest entry. */
#include "tclient.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

/* Runs one SQL statement directly against the test database, bypassing motcua. */
static void sql_direct(const char *sql)
{
    const char *db = test_env("MOTCUA_TEST_DB", "");
    char cmd[4096];
    if (strncmp(db, "postgres", 8) == 0)
        snprintf(cmd, sizeof cmd, "psql -q '%s' -c \"%s\" >/dev/null", db, sql);
    else
        snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"%s\"", db, sql);
    assert_int_equal(system(cmd), 0);
}

static int cli_verify(char *out, size_t len)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' audit verify --db '%s'", test_env("MOTCUA_BIN", ""),
             test_env("MOTCUA_TEST_DB", ""));
    FILE *p = popen(cmd, "r");
    size_t n = fread(out, 1, len - 1, p);
    out[n] = '\0';
    int status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static json_t *verify_api(struct tclient *c)
{
    struct tresp r = tc_get(c, "/api/v1/audit/verify");
    assert_int_equal(r.status, 200);
    json_t *j = json_incref(r.json);
    tc_resp_free(&r);
    return j;
}

static void test_cli_verify_intact(void **state)
{
    (void)state;
    char out[1024];
    assert_int_equal(cli_verify(out, sizeof out), 0);
    assert_non_null(strstr(out, "intact"));
}

/* Runs on an intact chain: removing the newest entry leaves a chain whose links all
 * match, and only the head record shows the loss. */
static void test_deleting_the_newest_entry_is_detected(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    assert_int_equal(tc_login_api(c, "admin", "quantri@2026"), 0);
    json_t *v = verify_api(c);
    assert_true(json_is_true(json_object_get(v, "intact")));
    json_int_t newest = json_integer_value(json_object_get(v, "entries"));
    json_decref(v);
    sql_direct("DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)");
    v = verify_api(c);
    assert_false(json_is_true(json_object_get(v, "intact")));
    assert_int_equal(json_integer_value(json_object_get(v, "first_broken")), newest);
    json_decref(v);
    tc_free(c);
}

/* An entry in the middle is edited: verification stops at exactly that entry, before the
 * tail damage of the previous test. */
static void test_tampering_is_detected(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    assert_int_equal(tc_login_api(c, "admin", "quantri@2026"), 0);
    char out[1024];
    sql_direct("UPDATE audit_log SET summary = '{\\\"kind\\\":\\\"admin\\\"}' WHERE seq = 5");
    json_t *v = verify_api(c);
    assert_false(json_is_true(json_object_get(v, "intact")));
    assert_int_equal(json_integer_value(json_object_get(v, "first_broken")), 5);
    json_decref(v);
    assert_int_equal(cli_verify(out, sizeof out), 1);
    assert_non_null(strstr(out, "BROKEN at entry 5"));
    tc_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cli_verify_intact),
        cmocka_unit_test(test_deleting_the_newest_entry_is_detected),
        cmocka_unit_test(test_tampering_is_detected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
