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

#endif
