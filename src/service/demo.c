/* demo.c — demo data for a fresh install: the organisation tree and one account for each role
 * of the one-stop workflow. The passwords are public (they are in the README), so a real
 * deployment starts with `motcua init` without --demo and creates its own accounts. */
#include "svc_demo.h"

#include "svc_org.h"
#include "svc_user.h"

static const struct {
    const char *username, *password, *full_name, *kind, *role, *unit;
} accounts[] = {
    {"admin", "quantri@2026", "Quản trị hệ thống", "staff", "admin", NULL},
    {"tiepnhan", "tiepnhan@2026", "Nguyễn Thị Lan", "staff", "receptionist", "GR-MC"},
    {"tiepnhan.xa", "tiepnhan@2026", "Trần Văn Bình", "staff", "receptionist", "GR-X01-MC"},
    {"chuyenvien", "chuyenvien@2026", "Lê Minh Tuấn", "staff", "specialist", "GR-TP"},
    {"lanhdao", "lanhdao@2026", "Phạm Văn Hùng", "staff", "leader", "GR"},
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
        struct svc_user_new u = {accounts[i].username, accounts[i].full_name,
                                 accounts[i].kind,     accounts[i].password, NULL, NULL};
        rc = svc_user_add(s, &svc_system, &u, NULL, e);
        if (!rc)
            rc = svc_user_grant(s, &svc_system, u.username, accounts[i].role, accounts[i].unit,
                                e);
    }
    return rc;
}
