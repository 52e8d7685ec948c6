/* test_org_snapshot.c — every read of the organisation tree (reception, the reads of
 * dossiers, statistics, the org list the pickers show) takes it from the snapshot the
 * service caches (service/org/org_tree.c, org_tree_of), not from the table in every
 * transaction; the snapshot must never hide a change. A unit renamed by another process (the
 * `motcua org rename` command, on the same database) is known to the very next reception and
 * the very next org list, on SQLite and on PostgreSQL. */
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
#include <string.h>

#define NEW_KEY "GR-X01-MC2"

/* The field a reception at counter NEW_KEY is refused on: "unit_key" while the tree has no
 * such unit (nobody can tell where to receive), something else once it has. */
static char *refused_on(struct tclient *desk)
{
    struct tresp r = td_post_reception(desk, TD_PROC, "accept", "Nguyễn Văn Cây",
                                       ",\"unit_key\":\"" NEW_KEY "\"");
    assert_int_equal(r.status, 422);
    char *field = strdup(tj_str(json_object_get(r.json, "error"), "field"));
    tc_resp_free(&r);
    return field;
}

static void test_a_renamed_unit_is_seen_by_the_next_reception(void **state)
{
    (void)state;
    struct tclient *desk = tc_as(TD_DESK);
    /* A first reception fills the cache with the tree as it is. */
    char *code = td_accept(desk, TD_PROC, "Trần Thị Lá", NULL);
    free(code);
    char *field = refused_on(desk);
    assert_string_equal(field, "unit_key");
    free(field);

    char cmd[1024], out[512];
    snprintf(cmd, sizeof cmd,
             "'%s' org rename GR-X01-MC " NEW_KEY " 'Bộ phận Một cửa thị trấn (mới)' --from "
             "2025-06-01 --db '%s' 2>&1",
             test_env("MOTCUA_BIN", ""), test_env("MOTCUA_TEST_DB", ""));
    int rc = td_run(cmd, out, sizeof out);
    if (rc)
        fprintf(stderr, "%s\n", out);
    assert_int_equal(rc, 0);

    field = refused_on(desk);
    assert_string_not_equal(field, "unit_key");
    free(field);
    tc_free(desk);
}

static void rename_unit(const char *from, const char *to)
{
    char cmd[1024], out[512];
    snprintf(cmd, sizeof cmd,
             "'%s' org rename %s %s 'Bộ phận Một cửa thị trấn (lần nữa)' --from 2025-06-02 "
             "--db '%s' 2>&1",
             test_env("MOTCUA_BIN", ""), from, to, test_env("MOTCUA_TEST_DB", ""));
    int rc = td_run(cmd, out, sizeof out);
    if (rc)
        fprintf(stderr, "%s\n", out);
    assert_int_equal(rc, 0);
}

/* 1 when the public org list (svc_org_tree, the pickers' source) names the unit key. */
static int listed(struct tclient *c, const char *key)
{
    struct tresp r = tc_get(c, "/api/v1/org/units");
    assert_int_equal(r.status, 200);
    int found = r.body && strstr(r.body, key) != NULL;
    tc_resp_free(&r);
    return found;
}

static void test_a_renamed_unit_is_seen_by_the_next_org_list(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    assert_true(listed(c, NEW_KEY));
    assert_false(listed(c, NEW_KEY "B"));
    rename_unit(NEW_KEY, NEW_KEY "B");
    assert_true(listed(c, NEW_KEY "B"));
    tc_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_renamed_unit_is_seen_by_the_next_reception),
        cmocka_unit_test(test_a_renamed_unit_is_seen_by_the_next_org_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
