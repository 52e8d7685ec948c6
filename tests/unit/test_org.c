/* test_org.c — the organisation tree as data: import validation with field-level messages,
 * idempotent re-import, depth-first order, and renames and merges that keep history. */
#include "svc.h"
#include "svc_org.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

static const char tree[] =
    "{\"valid_from\":\"2020-01-01\",\"units\":["
    "{\"key\":\"P\",\"name\":\"Tỉnh\",\"level\":\"province\",\"agency_code\":\"000.00.00.H33\"},"
    "{\"key\":\"D\",\"name\":\"Huyện\",\"level\":\"district\",\"parent\":\"P\","
    "\"agency_code\":\"000.00.15.H33\"},"
    "{\"key\":\"C1\",\"name\":\"Xã Một\",\"level\":\"commune\",\"parent\":\"D\","
    "\"place\":\"Vĩnh Thạnh\"},"
    "{\"key\":\"C2\",\"name\":\"Xã Hai\",\"level\":\"commune\",\"parent\":\"D\"}]}";

static int setup(void **state)
{
    char path[600];
    snprintf(path, sizeof path, "%s/t.db", test_tmpdir("motcua-org"));
    struct svc_config cfg = {.db_url = path};
    struct svc *s = NULL;
    struct err e = {0};
    if (svc_open(&cfg, &s, &e) != 0)
        return -1;
    int added = 0, skipped = 0;
    if (svc_org_import(s, &svc_system, tree, strlen(tree), &added, &skipped, &e) != 0)
        return -1;
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    svc_close(*state);
    return 0;
}

static const struct svc_org_unit *find(struct svc_org_unit *u, int n, const char *key)
{
    for (int i = 0; i < n; i++)
        if (strcmp(u[i].key, key) == 0)
            return &u[i];
    return NULL;
}

static void expect_import_error(struct svc *s, const char *json, const char *field)
{
    int added = 0, skipped = 0;
    struct err e = {0};
    assert_int_equal(svc_org_import(s, &svc_system, json, strlen(json), &added, &skipped, &e),
                     E_INVALID);
    assert_string_equal(e.field, field);
    assert_true(strlen(e.msg) > 10);
}

static void test_import_validation(void **state)
{
    struct svc *s = *state;
    expect_import_error(s, "{\"units\": 5}", "units");
    expect_import_error(s, "{\"units\":[{\"key\":\"X\",\"name\":\"A\",\"level\":\"county\"}]}",
                        "level");
    expect_import_error(s,
                        "{\"units\":[{\"key\":\"X\",\"name\":\"A\",\"level\":\"commune\","
                        "\"agency_code\":\"H33\"}]}",
                        "agency_code");
    expect_import_error(s,
                        "{\"units\":[{\"key\":\"X\",\"name\":\"A\",\"level\":\"commune\","
                        "\"parent\":\"NOPE\"}]}",
                        "parent");
    expect_import_error(s, "{\"units\":[{\"name\":\"A\",\"level\":\"commune\"}]}", "key");
    expect_import_error(s,
                        "{\"units\":[{\"key\":\"X\",\"name\":\"A\",\"level\":\"commune\","
                        "\"place\":7}]}",
                        "place");
    expect_import_error(s,
                        "{\"units\":[{\"key\":\"X\",\"name\":\"A\",\"level\":\"commune\","
                        "\"place\":\"\"}]}",
                        "place");
    expect_import_error(s, "{not json", "file");
}

static void test_reimport_keeps_existing(void **state)
{
    struct svc *s = *state;
    int added = 0, skipped = 0;
    struct err e = {0};
    assert_int_equal(svc_org_import(s, &svc_system, tree, strlen(tree), &added, &skipped, &e), 0);
    assert_int_equal(added, 0);
    assert_int_equal(skipped, 4);
}

static void test_tree_order_and_depth(void **state)
{
    struct svc *s = *state;
    struct arena *a = arena_new();
    struct svc_org_unit *u = NULL;
    int n = 0;
    struct err e = {0};
    assert_int_equal(svc_org_tree(s, a, &u, &n, &e), 0);
    assert_int_equal(n, 4);
    assert_string_equal(u[0].key, "P");
    assert_int_equal(u[0].depth, 0);
    assert_string_equal(u[1].key, "D");
    assert_int_equal(u[2].depth, 2);
    /* The place name is the unit's own data; units without one inherit it when printing. */
    assert_string_equal(find(u, n, "C1")->place, "Vĩnh Thạnh");
    assert_null(find(u, n, "C2")->place);
    arena_free(a);
}

static void test_rename_and_merge_keep_history(void **state)
{
    struct svc *s = *state;
    struct err e = {0};
    assert_int_equal(svc_org_rename(s, &svc_system, "C1", "C1N", "Phường Một", "2025-07-01", &e),
                     0);
    assert_int_equal(svc_org_merge(s, &svc_system, "C2", "C1N", "2025-07-01", &e), 0);
    /* A unit that already has a successor cannot be renamed or merged again. */
    assert_int_equal(svc_org_merge(s, &svc_system, "C2", "C1N", "2025-08-01", &e), E_CONFLICT);
    assert_int_equal(svc_org_rename(s, &svc_system, "C1", "C1X", "X", "2025-08-01", &e),
                     E_CONFLICT);
    assert_int_equal(svc_org_merge(s, &svc_system, "C1N", "C1N", "2025-08-01", &e), E_INVALID);
    assert_int_equal(svc_org_rename(s, &svc_system, "C1N", "C2", "X", "2025-08-01", &e),
                     E_CONFLICT);
    assert_int_equal(svc_org_rename(s, &svc_system, "C1N", "C9", "X", "2025-13-01", &e), E_INVALID);
    struct arena *a = arena_new();
    struct svc_org_unit *u = NULL;
    int n = 0;
    assert_int_equal(svc_org_tree(s, a, &u, &n, &e), 0);
    const struct svc_org_unit *old = find(u, n, "C1"), *renamed = find(u, n, "C1N"),
                              *merged = find(u, n, "C2");
    assert_non_null(old);
    assert_non_null(renamed);
    assert_string_equal(old->valid_to, "2025-06-30");
    assert_int_equal(old->successor_id, renamed->id);
    assert_string_equal(renamed->valid_from, "2025-07-01");
    assert_null(renamed->valid_to);
    assert_int_equal(renamed->parent_id, old->parent_id);
    assert_string_equal(merged->valid_to, "2025-06-30");
    assert_int_equal(merged->successor_id, renamed->id);
    arena_free(a);
}

static void test_only_admins_change_the_tree(void **state)
{
    struct svc *s = *state;
    struct actor_role role = {ROLE_LEADER, 0, NULL, NULL};
    struct actor leader = {.user_id = 99,
                           .username = "x",
                           .full_name = "X",
                           .kind = "staff",
                           .roles = &role,
                           .nroles = 1};
    int added = 0, skipped = 0;
    struct err e = {0};
    assert_int_equal(svc_org_import(s, &leader, tree, strlen(tree), &added, &skipped, &e),
                     E_FORBIDDEN);
    assert_int_equal(svc_org_merge(s, &leader, "D", "P", "2026-01-01", &e), E_FORBIDDEN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import_validation),
        cmocka_unit_test(test_reimport_keeps_existing),
        cmocka_unit_test(test_tree_order_and_depth),
        cmocka_unit_test(test_rename_and_merge_keep_history),
        cmocka_unit_test(test_only_admins_change_the_tree),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
