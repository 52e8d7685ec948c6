/* test_org_snapshot.c — reception reads the organisation tree from the snapshot the service
 * caches (service/dossier/dossier_common.c, org_tree_of), not from the table in every
 * transaction; the snapshot must never hide a change. A unit renamed by another process (the
 * `motcua org rename` command, on the same database) is known to the very next reception, on
 * SQLite and on PostgreSQL. */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_renamed_unit_is_seen_by_the_next_reception),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
