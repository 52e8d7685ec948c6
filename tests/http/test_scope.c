/* test_scope.c — issue #13, the attacker's findings about reach: a role granted at a unit
 * acts only within that unit's subtree (item 4), a counter receives only the procedures it
 * is assigned to (item 6), and a citizen's dossier search lists their own dossiers (item 12).
 * The actors are the attacker's: an admin and an auditor granted at commune GR-X03, and a
 * receptionist at commune GR-X02, all made by the unscoped demo admin. */
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

#define PASSWORD "phamvi@2026"

static char district_code[64]; /* a dossier received at the district counter GR-MC */

static void add_staff(struct tclient *admin, const char *username, const char *role,
                      const char *unit)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"username\":\"%s\",\"full_name\":\"Thử Phạm Vi\",\"kind\":\"staff\","
             "\"password\":\"" PASSWORD "\"}",
             username);
    tc_post_expect(admin, "/api/v1/users", body, 201, NULL);
    if (!role)
        return;
    char path[128];
    snprintf(path, sizeof path, "/api/v1/users/%s/roles", username);
    snprintf(body, sizeof body, "{\"role\":\"%s\",\"unit_key\":\"%s\"}", role, unit);
    tc_post_expect(admin, path, body, 201, NULL);
}

static int setup(void **state)
{
    (void)state;
    struct tclient *admin = tc_new(NULL);
    if (tc_login_api(admin, "admin", "quantri@2026") != 0)
        return -1;
    add_staff(admin, "qt.x03", "admin", "GR-X03");
    add_staff(admin, "kt.x03", "auditor", "GR-X03");
    add_staff(admin, "tn.x02", "receptionist", "GR-X02");
    add_staff(admin, "moi.x03", NULL, NULL);
    tc_free(admin);
    struct tclient *desk = tc_new(NULL);
    if (tc_login_api(desk, "tiepnhan", "tiepnhan@2026") != 0)
        return -1;
    struct tresp r = td_post_reception(desk, "2.000806", "accept", "Lê Văn Huyện", NULL);
    if (r.status != 201) {
        fprintf(stderr, "district reception: %ld %s\n", r.status, r.body);
        return -1;
    }
    snprintf(district_code, sizeof district_code, "%s", tj_str(r.json, "code"));
    tc_resp_free(&r);
    tc_free(desk);
    return 0;
}

static long put_json(struct tclient *c, const char *path, const char *body)
{
    struct tresp r = tc_request(c, "PUT", path, "application/json", body, strlen(body), NULL);
    long status = r.status;
    if (status >= 500)
        fprintf(stderr, "PUT %s: %ld %s\n", path, status, r.body);
    tc_resp_free(&r);
    return status;
}

static int lists_code(json_t *body, const char *member, const char *key, const char *value)
{
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(body, member), i, d)
    {
        if (strcmp(tj_str(d, key), value) == 0)
            return 1;
    }
    return 0;
}

/* The auditor of GR-X03 read a district dossier; now neither it nor the admin of GR-X03
 * sees one, by code or by search, while the unscoped auditor still does. */
static void test_scoped_readers_see_only_their_subtree(void **state)
{
    (void)state;
    const char *scoped[] = {"qt.x03", "kt.x03"};
    for (int i = 0; i < 2; i++) {
        struct tclient *c = tc_as(scoped[i], PASSWORD);
        tc_get_expect(c, td_path(district_code, ""), 404);
        json_t *found = tc_get_json(c, "/api/v1/dossiers?limit=500");
        assert_false(lists_code(found, "dossiers", "code", district_code));
        json_decref(found);
        tc_get_expect(c, td_path(district_code, "/files"), 404);
        tc_get_expect(c, "/api/v1/audit", 403);
        tc_get_expect(c, "/api/v1/audit/verify", 403);
        tc_get_expect(c, "/api/v1/units/GR-MC/tracking-book?from=2026-01-01&to=2026-01-31", 403);
        tc_get_expect(c, "/api/v1/units/GR-X03/tracking-book?from=2026-01-01&to=2026-01-31", 200);
        tc_get_expect(c, "/api/v1/stats?group=channel&unit=GR", 403);
        tc_get_expect(c, "/api/v1/stats?group=channel&unit=GR-X03", 200);
        tc_get_expect(c, "/api/v1/stats?group=channel", 200);
        /* the people of GR-X03 only */
        json_t *users = tc_get_json(c, "/api/v1/users");
        assert_true(lists_code(users, "users", "username", "qt.x03"));
        assert_true(lists_code(users, "users", "username", "kt.x03"));
        assert_false(lists_code(users, "users", "username", "admin"));
        assert_false(lists_code(users, "users", "username", "tiepnhan"));
        assert_false(lists_code(users, "users", "username", "congdan"));
        json_decref(users);
        tc_free(c);
    }
    struct tclient *auditor = tc_as("kiemtra", "kiemtra@2026");
    tc_get_expect(auditor, td_path(district_code, ""), 200);
    json_t *users = tc_get_json(auditor, "/api/v1/users");
    assert_true(lists_code(users, "users", "username", "admin"));
    json_decref(users);
    tc_free(auditor);
}

/* The admin of GR-X03 granted itself an unscoped admin role and made a citizen a leader of
 * the province; every escalation is refused, and what stays inside GR-X03 is allowed. */
static void test_scoped_admin_cannot_escalate(void **state)
{
    (void)state;
    struct tclient *c = tc_as("qt.x03", PASSWORD);
    tc_post_expect(c, "/api/v1/users/qt.x03/roles", "{\"role\":\"admin\"}", 403, NULL);
    tc_post_expect(c, "/api/v1/users/qt.x03/roles", "{\"role\":\"auditor\"}", 403, NULL);
    tc_post_expect(c, "/api/v1/users/qt.x03/roles", "{\"role\":\"admin\",\"unit_key\":\"GR\"}", 403,
                   NULL);
    tc_post_expect(c, "/api/v1/users/congdan/roles", "{\"role\":\"leader\",\"unit_key\":\"KG\"}",
                   403, NULL);
    tc_post_expect(c, "/api/v1/users/moi.x03/roles", "{\"role\":\"leader\",\"unit_key\":\"KG\"}",
                   403, NULL);
    tc_post_expect(c, "/api/v1/users/qt.x03/roles",
                   "{\"role\":\"receptionist\",\"unit_key\":\"GR-X02\"}", 403, NULL);
    tc_post_expect(c, "/api/v1/users/congdan/roles", "{\"role\":\"citizen\"}", 403, NULL);
    /* a citizen account gets no staff role, even inside the admin's unit */
    tc_post_expect(c, "/api/v1/users/congdan/roles",
                   "{\"role\":\"leader\",\"unit_key\":\"GR-X03\"}", 422, "role");
    /* nor can it be opened by an admin of a unit */
    tc_post_expect(c, "/api/v1/users",
                   "{\"username\":\"cd.x03\",\"full_name\":\"A\",\"kind\":\"citizen\","
                   "\"password\":\"12345678\"}",
                   403, NULL);
    /* global things: catalogue, calendar, org tree, outbox, statistics rebuild */
    tc_post_expect(c, "/api/v1/procedures/1.001731/retire", "{}", 403, NULL);
    assert_int_equal(put_json(c, "/api/v1/calendar/years/2033", "{\"year\":2033,\"days\":[]}"),
                     403);
    assert_int_equal(
        put_json(c, "/api/v1/org/units/GR-MC/office-hours", "{\"same_day_cutoff\":\"15:00\"}"),
        403);
    assert_int_equal(
        put_json(c, "/api/v1/org/units/GR-X03/office-hours", "{\"same_day_cutoff\":\"15:00\"}"),
        200);
    tc_get_expect(c, "/api/v1/outbox?status=queued", 403);
    /* inside GR-X03: a staff account, and roles at the commune or below */
    tc_post_expect(c, "/api/v1/users/moi.x03/roles",
                   "{\"role\":\"leader\",\"unit_key\":\"GR-X03\"}", 201, NULL);
    tc_post_expect(c, "/api/v1/users/moi.x03/roles",
                   "{\"role\":\"auditor\",\"unit_key\":\"GR-X03\"}", 201, NULL);
    tc_free(c);

    /* the auditor grants nothing */
    c = tc_as("kt.x03", PASSWORD);
    tc_post_expect(c, "/api/v1/users/moi.x03/roles",
                   "{\"role\":\"specialist\",\"unit_key\":\"GR-X03\"}", 403, NULL);
    tc_free(c);

    /* and the unscoped admin cannot make a citizen account staff either */
    c = tc_as("admin", "quantri@2026");
    tc_post_expect(c, "/api/v1/users/congdan/roles", "{\"role\":\"leader\",\"unit_key\":\"KG\"}",
                   422, "role");
    tc_post_expect(c, "/api/v1/users/moi.x03/roles", "{\"role\":\"citizen\"}", 422, "role");
    tc_free(c);

    /* the refused grants left nothing behind */
    struct tclient *leader = tc_as("qt.x03", PASSWORD);
    json_t *me = tc_get_json(leader, "/api/v1/me");
    assert_int_equal(json_array_size(json_object_get(me, "roles")), 1);
    json_decref(me);
    tc_free(leader);
}

/* A GR-X02 receptionist received 1.001193, which only GR-X01-MC receives: refused on
 * procedure_code, naming the counter that does, on the API and on the counter page. */
static void test_counter_receives_only_its_procedures(void **state)
{
    (void)state;
    struct tclient *x02 = tc_as("tn.x02", PASSWORD);
    struct tresp r = td_post_reception(x02, "1.001193", "accept", "Trần Thị Xã Hai", NULL);
    tc_expect(&r, 422, "procedure_code");
    const char *msg = tj_str(json_object_get(r.json, "error"), "message");
    assert_non_null(strstr(msg, "GR-X01-MC"));
    assert_non_null(strstr(msg, "Bộ phận Tiếp nhận và Trả kết quả thị trấn Giồng Riềng"));
    tc_resp_free(&r);
    /* the district counter neither; naming a counter of the procedure it does not hold is 403 */
    struct tclient *district = tc_as("tiepnhan", "tiepnhan@2026");
    r = td_post_reception(district, "1.001193", "accept", "Trần Thị Huyện", NULL);
    tc_expect(&r, 422, "procedure_code");
    tc_resp_free(&r);
    r = td_post_reception(district, "1.001193", "accept", "Trần Thị Huyện",
                          ",\"unit_key\":\"GR-MC\"");
    tc_expect(&r, 422, "procedure_code");
    tc_resp_free(&r);
    r = td_post_reception(district, "1.001193", "accept", "Trần Thị Huyện",
                          ",\"unit_key\":\"GR-X01-MC\"");
    tc_expect(&r, 403, NULL);
    tc_resp_free(&r);
    tc_free(district);
    /* the counter page shows the refusal on the procedure */
    struct tclient *page = tc_new(NULL);
    const char *csrf = tc_login_form(page, "tn.x02", PASSWORD);
    assert_non_null(csrf);
    char form[1024];
    snprintf(form, sizeof form,
             "csrf=%s&procedure_code=1.001193&channel=counter&return_method=counter"
             "&applicant_kind=person&applicant_name=Tr%%E1%%BA%%A7n&applicant_id_number="
             "079203001234&sets=1&received_0=1&received_1=1&received_2=1&outcome=accept",
             csrf);
    r = tc_post_form(page, "/desk/tiep-nhan", form);
    assert_int_equal(r.status, 422);
    assert_non_null(strstr(r.body, "<p class=\"field-error\" id=\"procedure_code\">"));
    assert_non_null(strstr(r.body, "GR-X01-MC"));
    assert_non_null(strstr(r.body, "href=\"#procedure_code\""));
    tc_resp_free(&r);
    tc_free(page);
    /* the commune's own counter still receives it */
    struct tclient *x01 = tc_as(TD_DESK);
    free(td_accept(x01, "1.001193", "Trần Thị Xã Một", NULL));
    tc_free(x01);
    tc_free(x02);
}

/* GET /api/v1/dossiers answered [] to a citizen; it lists their own dossiers, the same ones
 * "Hồ sơ của tôi" (/api/v1/me/dossiers) shows, and nobody else's. */
static void test_citizen_search_lists_own_dossiers(void **state)
{
    (void)state;
    struct tclient *c = tc_as("congdan", "congdan@2026");
    json_t *d = td_post_expect(c, "/api/v1/drafts", "{\"procedure_code\":\"1.001193\"}", 201);
    char path[128];
    snprintf(path, sizeof path, "/api/v1/drafts/%lld", tj_int(d, "id"));
    json_decref(d);
    assert_int_equal(
        put_json(c, path,
                 "{\"data\":{\"applicant\":{\"id_number\":\"079203001234\",\"phone\":\"0912 345 "
                 "678\",\"address\":\"Ấp 1\"},\"components\":[1,1],\"return_method\":\"online\"}}"),
        200);
    strcat(path, "/submit");
    d = td_post_expect(c, path, "{}", 201);
    char *code = strdup(tj_str(d, "code"));
    json_decref(d);

    json_t *mine = tc_get_json(c, "/api/v1/me/dossiers");
    json_t *found = tc_get_json(c, "/api/v1/dossiers");
    size_t nmine = json_array_size(json_object_get(mine, "dossiers"));
    assert_true(nmine >= 1);
    assert_int_equal(json_array_size(json_object_get(found, "dossiers")), nmine);
    assert_true(lists_code(found, "dossiers", "code", code));
    assert_false(lists_code(found, "dossiers", "code", district_code));
    size_t i;
    json_t *one;
    json_array_foreach(json_object_get(mine, "dossiers"), i, one)
        assert_true(lists_code(found, "dossiers", "code", tj_str(one, "code")));
    json_decref(found);
    /* the filters still apply */
    found = tc_get_json(c, "/api/v1/dossiers?procedure_code=2.000806");
    assert_int_equal(json_array_size(json_object_get(found, "dossiers")), 0);
    json_decref(found);
    json_decref(mine);
    free(code);
    tc_free(c);
}

/* The desk offers an admin of a unit nothing it would be refused: no audit log, calendar or
 * notifications in the menu or among the cards; its account form grants within its unit. */
static void test_desk_offers_only_what_the_scope_allows(void **state)
{
    (void)state;
    struct tclient *c = tc_new(NULL);
    assert_non_null(tc_login_form(c, "qt.x03", PASSWORD));
    struct tresp r = tc_get(c, "/desk");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "href=\"/desk/users\""));
    assert_null(strstr(r.body, "href=\"/desk/audit\""));
    assert_null(strstr(r.body, "href=\"/desk/lich\""));
    assert_null(strstr(r.body, "href=\"/desk/thong-bao\""));
    tc_resp_free(&r);
    /* the account form opens the account and grants its role in one step: a role outside
       GR-X03 is refused, and no account is left behind */
    const char *csrf = tc_login_form(c, "qt.x03", PASSWORD);
    char form[512];
    snprintf(form, sizeof form,
             "csrf=%s&username=ngoai.x02&full_name=A&kind=staff&password=12345678&role=leader"
             "&unit=GR-X02",
             csrf);
    r = tc_post_form(c, "/desk/users", form);
    assert_int_equal(r.status, 403);
    tc_resp_free(&r);
    snprintf(form, sizeof form,
             "csrf=%s&username=trong.x03&full_name=A&kind=staff&password=12345678&role=leader"
             "&unit=GR-X03",
             csrf);
    r = tc_post_form(c, "/desk/users", form);
    assert_int_equal(r.status, 303);
    tc_resp_free(&r);
    tc_free(c);
    struct tclient *admin = tc_as("admin", "quantri@2026");
    json_t *users = tc_get_json(admin, "/api/v1/users");
    assert_false(lists_code(users, "users", "username", "ngoai.x02"));
    assert_true(lists_code(users, "users", "username", "trong.x03"));
    json_decref(users);
    tc_free(admin);
    c = tc_new(NULL);
    assert_non_null(tc_login_form(c, "admin", "quantri@2026"));
    r = tc_get(c, "/desk");
    assert_non_null(strstr(r.body, "href=\"/desk/audit\""));
    assert_non_null(strstr(r.body, "href=\"/desk/lich\""));
    tc_resp_free(&r);
    tc_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scoped_readers_see_only_their_subtree),
        cmocka_unit_test(test_scoped_admin_cannot_escalate),
        cmocka_unit_test(test_counter_receives_only_its_procedures),
        cmocka_unit_test(test_citizen_search_lists_own_dossiers),
        cmocka_unit_test(test_desk_offers_only_what_the_scope_allows),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
