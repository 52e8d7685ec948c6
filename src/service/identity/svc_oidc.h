/* svc_oidc.h — logging in through an OpenID Connect identity provider (the way VNeID-backed
 * national login reaches provincial systems): authorization code flow with PKCE, the ID
 * token's signature checked against the provider's key set and its claims against this
 * login. A person the provider vouches for gets a citizen account linked to the provider's
 * (issuer, subject) on first login and the same account afterwards. See docs/oidc.md. */
#ifndef MOTCUA_SVC_OIDC_H
#define MOTCUA_SVC_OIDC_H

#include "svc.h"

struct svc_oidc_config {
    const char *issuer;        /* exactly as the provider states it, e.g. https://id.example.vn */
    const char *client_id;     /* as registered at the provider */
    const char *client_secret; /* NULL or "": a public client (PKCE only) */
    const char *redirect_uri;  /* our callback, e.g. https://motcua.example.vn/oidc/callback */
    int cache_seconds;         /* discovery document and key set; default 3600 */
    int login_seconds;         /* how long a started login may take; default 600 */
};

struct svc_oidc;

/* Checks the configuration (nothing is fetched yet: the provider may be down at start) and
 * copies it. E_INVALID with a message naming the setting that is wrong. */
int svc_oidc_new(struct svc *s, const struct svc_oidc_config *cfg, struct svc_oidc **out,
                 struct err *e);
void svc_oidc_free(struct svc_oidc *o);

/* A login on its way to the provider. */
struct svc_oidc_start {
    const char *url;   /* the provider's authorization endpoint with our request */
    const char *state; /* also for a browser-bound cookie, see pages_oidc.c */
};

/* Stores a new state, nonce and PKCE verifier (single use, expiring) and builds the
 * authorization request. next is a local path to return to afterwards (or NULL). Fetches the
 * discovery document when not cached: E_UNAVAILABLE when the provider cannot be reached. */
int svc_oidc_begin(struct svc_oidc *o, struct arena *a, const char *next, const char *client_ip,
                   struct svc_oidc_start *out, struct err *e);

/* The provider's answer at our redirect URI. */
struct svc_oidc_answer {
    const char *code, *state;
    const char *error; /* the provider's "error" parameter (the person declined…), or NULL */
    const char *client_ip;
};

struct svc_oidc_done {
    const char *token; /* the new session, as from svc_login */
    struct actor actor;
    const char *next; /* the local path given to svc_oidc_begin, or NULL */
    int created;      /* 1 when this login created the account */
};

/* Completes a login: takes the state (once), exchanges the code with the verifier, verifies
 * the ID token, finds or creates the citizen account, opens a session and audits it.
 * Failures carry a message fit for the person (no details, no tokens); the detail is logged.
 * E_INVALID for a malformed answer, E_UNAUTH for one that is refused, E_UNAVAILABLE when
 * the provider cannot be reached. */
int svc_oidc_finish(struct svc_oidc *o, struct arena *a, const struct svc_oidc_answer *in,
                    struct svc_oidc_done *out, struct err *e);

#endif
