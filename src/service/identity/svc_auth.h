/* svc_auth.h — logging in and out, and turning a session token back into an actor. */
#ifndef MOTCUA_SVC_AUTH_H
#define MOTCUA_SVC_AUTH_H

#include "svc.h"

/* Checks the password and opens a session. *token (allocated in a) is the secret for the
 * cookie or the Authorization header; only its hash is stored. Failures are counted per user
 * name and per client address in the database, so the limit holds across server instances:
 * past it the answer is E_RATE even for the right password. A wrong user name and a wrong
 * password give the same E_UNAUTH message. */
int svc_login(struct svc *s, struct arena *a, const char *username, const char *password,
              const char *client_ip, const char **token, struct actor *out, struct err *e);
/* E_UNAUTH when the token is unknown, idle too long or past its absolute expiry. */
int svc_session_actor(struct svc *s, struct arena *a, const char *token, struct actor *out,
                      struct err *e);
int svc_logout(struct svc *s, const char *token, struct err *e);
/* Counts a hit against a named public rate limit (e.g. "lookup:<ip>"); E_RATE past max. */
int svc_rate_limit(struct svc *s, const char *bucket, int max, int window_seconds, struct err *e);
/* A fresh random token (URL-safe base64, 43 characters) in a; for CSRF on anonymous forms. */
const char *svc_random_token(struct arena *a);

/* --- citizens' accounts (citizen_signup.c): a phone number or e-mail address, inactive
 * until a one-time code sent through the outbox proves the person holds it --- */

struct svc_signup {
    const char *login; /* a mobile phone number or an e-mail address: the user name */
    const char *full_name, *password;
    const char *client_ip; /* for the registration rate limit */
};

struct svc_signup_sent {
    const char *username; /* the normalised login ("0912345678", "an@example.vn") */
    const char *channel;  /* "sms" or "email": where the code went */
    int64_t expires_at;
};

/* Creates an inactive citizen account and queues a 6-digit code to the phone or address in
 * the outbox, in one transaction. Registering again a login that was never verified replaces
 * its name, password and code; a verified login gives E_CONFLICT (field "login"). */
int svc_citizen_signup(struct svc *s, struct arena *ar, const struct svc_signup *in,
                       struct svc_signup_sent *out, struct err *e);
/* Activates the account when code matches the live code of login. A code lives 15 minutes
 * and allows 5 attempts; every failure is E_INVALID with field "code". */
int svc_citizen_verify(struct svc *s, const char *login, const char *code, const char *client_ip,
                       struct err *e);

#endif
