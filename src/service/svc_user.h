/* svc_user.h — managing people and their roles (admins, and the command line). */
#ifndef MOTCUA_SVC_USER_H
#define MOTCUA_SVC_USER_H

#include "svc.h"

struct svc_user {
    int64_t id;
    const char *username, *full_name, *kind, *email, *phone;
    int active;
    const struct actor_role *roles;
    int nroles;
};

struct svc_user_new {
    const char *username, *full_name, *kind, *password, *email, *phone;
};

/* Admins only. Passwords need at least 8 characters. */
int svc_user_add(struct svc *s, const struct actor *a, const struct svc_user_new *u, int64_t *id,
                 struct err *e);
/* Admins, or the user for their own account. Ends the user's other sessions. */
int svc_user_passwd(struct svc *s, const struct actor *a, const char *username,
                    const char *password, struct err *e);
/* Admins only; unit_key NULL or "" for roles without a unit (admin, auditor, citizen). */
int svc_user_grant(struct svc *s, const struct actor *a, const char *username, const char *role,
                   const char *unit_key, struct err *e);
/* Admins and auditors. */
int svc_user_list(struct svc *s, const struct actor *a, struct arena *ar, struct svc_user **out,
                  int *n, struct err *e);

#endif
