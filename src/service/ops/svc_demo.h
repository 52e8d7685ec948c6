/* svc_demo.h — the demonstration data a fresh install starts with: the Giồng Riềng org tree
 * and one account per role, so that every page can be tried at once. */
#ifndef MOTCUA_SVC_DEMO_H
#define MOTCUA_SVC_DEMO_H

#include "svc.h"

#include <stddef.h>

struct demo_login {
    const char *username, *password, *role_label, *unit_name;
};

/* The accounts svc_demo_load creates, with their passwords (printed by `motcua serve` and
 * `motcua init --demo`). */
const struct demo_login *svc_demo_logins(int *n);
/* Loads the org tree files (JSON texts) and creates the demo accounts. Run as the system. */
int svc_demo_load(struct svc *s, const char *const *org_json, const size_t *org_len, int nfiles,
                  struct err *e);

/* Imports the demo procedure catalogue (JSON text) and assigns each procedure to the demo
 * units that receive and resolve it: commune procedures at the Giồng Riềng town counter,
 * district ones at the district counter and the department of their field. */
int svc_demo_load_procedures(struct svc *s, const char *json, size_t len, struct err *e);

#endif
