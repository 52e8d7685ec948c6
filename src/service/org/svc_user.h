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

/* Admins only (a citizen account: an admin without a unit). Passwords need at least 8
 * characters. */
int svc_user_add(struct svc *s, const struct actor *a, const struct svc_user_new *u, int64_t *id,
                 struct err *e);
/* svc_user_add and, in the same transaction, svc_user_grant of role at unit_key (role NULL:
 * none): a refused grant leaves no account behind. */
int svc_user_add_granted(struct svc *s, const struct actor *a, const struct svc_user_new *u,
                         const char *role, const char *unit_key, int64_t *id, struct err *e);
/* The user for their own account, or an admin whose reach covers every role of the user
 * (perm_require_manage). Ends the user's other sessions. */
int svc_user_passwd(struct svc *s, const struct actor *a, const char *username,
                    const char *password, struct err *e);
/* Admins whose own admin grant covers the unit; unit_key NULL or "" for roles without a unit
 * (admin, auditor, citizen), which only an admin without a unit grants. Staff roles go to
 * staff accounts only, the citizen role to citizen accounts only (E_INVALID on "role"). */
int svc_user_grant(struct svc *s, const struct actor *a, const char *username, const char *role,
                   const char *unit_key, struct err *e);
/* The signed-in person's own account (name, login, contact); E_UNAUTH without one. */
int svc_user_me(struct svc *s, const struct actor *a, struct arena *ar, struct svc_user *out,
                struct err *e);
/* Admins and auditors: everyone for those without a unit; for those of a unit, the people
 * holding a role in its subtree, with those roles only. */
int svc_user_list(struct svc *s, const struct actor *a, struct arena *ar, struct svc_user **out,
                  int *n, struct err *e);

/* --- a citizen's forgotten password (citizen_signup.c) --- */

struct svc_reset_sent {
    const char *username; /* the normalised login */
    const char *channel;  /* "sms" or "email": where a code goes if the account exists */
    int minutes;          /* how long a code lives */
};

/* Queues a 6-digit code to the phone or address when login is an active citizen account,
 * and does nothing otherwise: the answer is the same, so nobody learns who has an account.
 * E_INVALID ("login") for a malformed login, E_RATE past the per-address and per-login
 * limits. */
int svc_citizen_reset_request(struct svc *s, struct arena *ar, const char *login,
                              const char *client_ip, struct svc_reset_sent *out, struct err *e);

struct svc_reset {
    const char *login, *code, *password; /* password: the new one, rules as at registration */
    const char *client_ip;
};

/* Sets the new password when code is the live reset code of login, and ends every session
 * of the account. Every refusal of the code is the same E_INVALID on "code". */
int svc_citizen_reset_confirm(struct svc *s, const struct svc_reset *in, struct err *e);

#endif
