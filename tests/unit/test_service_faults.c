/* test_service_faults.c — no half-written records: the organisation import, user creation and
 * role grants are run with a database failure injected at every statement in turn (including
 * the commit). Each run must either succeed completely or leave no trace: no unit, no user, no
 * role, no audit entry, and an intact audit chain. The same with a serialization failure
 * (E_RETRY) shows that the retry wrapper makes the operation succeed. */
#include "db.h"
#include "svc.h"
#include "svc_audit.h"
#include "svc_org.h"
#include "svc_user.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

static const char org_json[] =
    "{\"valid_from\":\"2020-01-01\",\"units\":["
    "{\"key\":\"P\",\"name\":\"Tỉnh\",\"level\":\"province\",\"agency_code\":\"000.00.00.H33\"},"
    "{\"key\":\"D\",\"name\":\"Huyện\",\"level\":\"district\",\"parent\":\"P\"},"
    "{\"key\":\"C\",\"name\":\"Xã\",\"level\":\"commune\",\"parent\":\"D\"}]}";

static struct svc *open_fresh(void)
{
    char path[600];
    snprintf(path, sizeof path, "%s/t.db", test_tmpdir("motcua-faults"));
    struct svc_config cfg = {.db_url = path, .pwhash_ops = 1, .pwhash_mem = 8192};
    struct svc *s = NULL;
    struct err e = {0};
    assert_int_equal(svc_open(&cfg, &s, &e), 0);
    return s;
}

static int unit_count(struct svc *s)
{
    struct arena *a = arena_new();
    struct svc_org_unit *u = NULL;
    int n = 0;
    struct err e = {0};
    assert_int_equal(svc_org_tree(s, a, &u, &n, &e), 0);
    arena_free(a);
    return n;
}

static int64_t audit_entries(struct svc *s)
{
    int64_t count = 0, broken = 0;
    struct err e = {0};
    assert_int_equal(svc_audit_verify(s, &svc_system, &count, &broken, &e), 0);
    assert_int_equal(broken, 0);
    return count;
}

static void test_import_is_all_or_nothing(void **state)
{
    (void)state;
    int succeeded_at = 0;
    for (int nth = 1; nth < 100 && !succeeded_at; nth++) {
        struct svc *s = open_fresh();
        int added = 0, skipped = 0;
        struct err e = {0};
        db_fault_inject(nth, E_INTERNAL);
        int rc = svc_org_import(s, &svc_system, org_json, strlen(org_json), &added, &skipped, &e);
        db_fault_inject(0, 0);
        if (rc == 0) {
            succeeded_at = nth;
            assert_int_equal(unit_count(s), 3);
            assert_int_equal(audit_entries(s), 3);
        } else {
            assert_int_equal(unit_count(s), 0);
            assert_int_equal(audit_entries(s), 0);
        }
        svc_close(s);
    }
    /* Every statement of the import was failed once before a run got through untouched. */
    assert_true(succeeded_at > 5);
}

static void test_user_add_and_grant_are_atomic(void **state)
{
    (void)state;
    int succeeded = 0;
    for (int nth = 1; nth < 60 && !succeeded; nth++) {
        struct svc *s = open_fresh();
        int added = 0, skipped = 0;
        struct err e = {0};
        assert_int_equal(
            svc_org_import(s, &svc_system, org_json, strlen(org_json), &added, &skipped, &e), 0);
        int64_t before = audit_entries(s);
        struct svc_user_new u = {"nv.a", "Nhân viên A", "staff", "mat-khau-dai", NULL, NULL};
        db_fault_inject(nth, E_UNAVAILABLE);
        int rc = svc_user_add(s, &svc_system, &u, NULL, &e);
        if (rc == 0)
            rc = svc_user_grant(s, &svc_system, "nv.a", "specialist", "C", &e);
        db_fault_inject(0, 0);
        struct arena *a = arena_new();
        struct svc_user *users = NULL;
        int n = 0;
        assert_int_equal(svc_user_list(s, &svc_system, a, &users, &n, &e), 0);
        int64_t after = audit_entries(s);
        if (rc == 0) {
            succeeded = 1;
            assert_int_equal(n, 1);
            assert_int_equal(users[0].nroles, 1);
            assert_int_equal(after, before + 2);
        } else {
            /* Either nothing, or the user without the grant (two separate actions). */
            assert_true(n == 0 || (n == 1 && users[0].nroles == 0));
            assert_int_equal(after, before + n);
        }
        arena_free(a);
        svc_close(s);
    }
    assert_true(succeeded);
}

static void test_retry_makes_conflicts_invisible(void **state)
{
    (void)state;
    struct svc *s = open_fresh();
    int added = 0, skipped = 0;
    struct err e = {0};
    db_fault_inject(4, E_RETRY);
    assert_int_equal(
        svc_org_import(s, &svc_system, org_json, strlen(org_json), &added, &skipped, &e), 0);
    db_fault_inject(0, 0);
    assert_int_equal(added, 3);
    assert_int_equal(unit_count(s), 3);
    assert_int_equal(audit_entries(s), 3);
    svc_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import_is_all_or_nothing),
        cmocka_unit_test(test_user_add_and_grant_are_atomic),
        cmocka_unit_test(test_retry_makes_conflicts_invisible),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
