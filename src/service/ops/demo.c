/* demo.c — demo data for a fresh install: the organisation tree and one account for each role
 * of the one-stop workflow. The passwords are public (they are in the README), so a real
 * deployment starts with `motcua init` without --demo and creates its own accounts. */
#include "svc_demo.h"
#include "jpack.h"

#include "svc_catalogue.h"
#include "svc_org.h"
#include "svc_user.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *username, *password, *full_name, *kind, *role, *unit;
} accounts[] = {
    {"admin", "quantri@2026", "Quản trị hệ thống", "staff", "admin", NULL},
    {"tiepnhan", "tiepnhan@2026", "Nguyễn Thị Lan", "staff", "receptionist", "GR-MC"},
    {"tiepnhan.xa", "tiepnhan@2026", "Trần Văn Bình", "staff", "receptionist", "GR-X01-MC"},
    {"chuyenvien", "chuyenvien@2026", "Lê Minh Tuấn", "staff", "specialist", "GR-TP"},
    {"lanhdao", "lanhdao@2026", "Phạm Văn Hùng", "staff", "leader", "GR"},
    {"chuyenvien.xa", "chuyenvien@2026", "Đặng Thị Hoa", "staff", "specialist", "GR-X01"},
    {"lanhdao.xa", "lanhdao@2026", "Huỳnh Văn Tâm", "staff", "leader", "GR-X01"},
    {"kiemtra", "kiemtra@2026", "Võ Thị Mai", "staff", "auditor", NULL},
    {"congdan", "congdan@2026", "Nguyễn Văn An", "citizen", "citizen", NULL},
};
#define NACCOUNTS ((int)(sizeof accounts / sizeof accounts[0]))

static struct demo_login logins[NACCOUNTS];

const struct demo_login *svc_demo_logins(int *n)
{
    for (int i = 0; i < NACCOUNTS; i++)
        logins[i] = (struct demo_login){accounts[i].username, accounts[i].password,
                                        role_label(role_from_name(accounts[i].role)),
                                        accounts[i].unit ? accounts[i].unit : ""};
    *n = NACCOUNTS;
    return logins;
}

int svc_demo_load(struct svc *s, const char *const *org_json, const size_t *org_len, int nfiles,
                  struct err *e)
{
    int rc = 0;
    for (int i = 0; !rc && i < nfiles; i++) {
        int added = 0, skipped = 0;
        rc = svc_org_import(s, &svc_system, org_json[i], org_len[i], &added, &skipped, e);
    }
    for (int i = 0; !rc && i < NACCOUNTS; i++) {
        struct svc_user_new u = {.username = accounts[i].username,
                                 .full_name = accounts[i].full_name,
                                 .kind = accounts[i].kind,
                                 .password = accounts[i].password,
                                 .email = NULL,
                                 .phone = NULL};
        rc = svc_user_add(s, &svc_system, &u, NULL, e);
        if (!rc)
            rc = svc_user_grant(s, &svc_system, u.username, accounts[i].role, accounts[i].unit, e);
    }
    return rc;
}

/* Which district department resolves a field's procedures in the demo tree. */
static const struct {
    const char *field, *unit;
} demo_departments[] = {
    {"Hộ tịch", "GR-TP"},
    {"Chứng thực", "GR-TP"},
    {"Thành lập và hoạt động của hộ kinh doanh", "GR-TCKH"},
    {"Xây dựng", "GR-KTHT"},
    {"Đất đai", "GR-TNMT"},
    {"Bảo trợ xã hội", "GR-LDTBXH"},
};

static json_t *demo_units(const char *level, const char *field)
{
    if (strcmp(level, "commune") == 0) {
        const char *resolve = strcmp(field, "Cư trú") == 0 ? "GR-X01-CA" : "GR-X01";
        return jpack("[{s:s, s:s}, {s:s, s:s}]", "unit", "GR-X01-MC", "role", "receive", "unit",
                     resolve, "role", "resolve");
    }
    const char *resolve = "GR-VP";
    for (size_t i = 0; i < sizeof demo_departments / sizeof demo_departments[0]; i++)
        if (strcmp(demo_departments[i].field, field) == 0)
            resolve = demo_departments[i].unit;
    return jpack("[{s:s, s:s}, {s:s, s:s}]", "unit", "GR-MC", "role", "receive", "unit", resolve,
                 "role", "resolve");
}

int svc_demo_load_procedures(struct svc *s, const char *json, size_t len, struct err *e)
{
    json_t *root = json_loadb(json, len, 0, NULL);
    json_t *list = json_object_get(root, "procedures");
    if (!json_is_array(list)) {
        json_decref(root);
        return err_set(e, E_INVALID, "procedures", "demo catalogue has no procedures");
    }
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *p = json_array_get(list, i);
        const char *level = json_string_value(json_object_get(p, "level"));
        const char *field = json_string_value(json_object_get(p, "field"));
        if (level && field)
            json_object_set_new(p, "units", demo_units(level, field));
    }
    char *text = json_dumps(root, JSON_COMPACT);
    json_decref(root);
    struct svc_proc_import_stats st;
    int rc = text ? svc_proc_import(s, &svc_system, text, strlen(text), &st, e)
                  : err_set(e, E_NOMEM, NULL, "out of memory");
    free(text);
    return rc;
}
