/* app.h — what the JSON API and the HTML pages share on every request: the application
 * object, who is logged in (from the session cookie or a Bearer token), CSRF protection of
 * state-changing requests, and guard helpers in the style of Redis's …_or_reply: each returns
 * the thing asked for, or fills the response and returns NULL/nonzero so the handler simply
 * returns. */
#ifndef MOTCUA_APP_H
#define MOTCUA_APP_H

#include "http.h"
#include "svc.h"

#define APP_SESSION_COOKIE "motcua_session"
#define APP_CSRF_COOKIE    "motcua_csrf"

struct app {
    struct svc *svc;
    const char *base_url; /* public address, for links in QR codes and e-mails */
    int secure_cookies;   /* set Secure on cookies (behind HTTPS) */
    /* Login through an OpenID Connect provider (docs/oidc.md); NULL = not offered. */
    struct svc_oidc *oidc;
    /* Renders an HTML error page (set by web/); JSON requests never reach it. */
    void (*error_page)(struct http_req *r, struct http_resp *w, int status, const char *message,
                       void *app);
};

struct app_req {
    struct app *app;
    struct actor actor;
    int logged_in;
    int bearer;                /* authenticated by an Authorization header, not a cookie */
    const char *token;         /* session token */
    const char *csrf;          /* the token a form on this page must send back */
    const char *session_error; /* why a presented session was not accepted, or NULL */
    int report;                /* the page shows figures: its footer says how fresh they are */
};

/* What a route may require of its caller: any signed-in account, or a mask of roles
 * (ROLE_STAFF …) of which the actor must hold one (app_need_or_reply). */
#define APP_SIGNED_IN (1 << 30)

/* The http_config.before hook: loads the session, enforces CSRF on unsafe methods. */
int app_before(struct http_req *r, struct http_resp *w, const struct http_route *route, void *app);
struct app_req *app_req(const struct http_req *r);
/* Answers an error: the JSON error body for API clients, the HTML error page otherwise. */
int app_error(struct http_req *r, struct http_resp *w, int status, const char *code,
              const char *message, const char *field);
/* The same from a struct err, with the status it maps to. */
int app_err(struct http_req *r, struct http_resp *w, const struct err *e);
/* The logged-in actor, or NULL after answering 401 (JSON) or redirecting to /login (pages). */
const struct actor *app_actor_or_reply(struct http_req *r, struct http_resp *w);
/* The actor if it holds one of the roles in mask, else NULL after answering 401/403. */
const struct actor *app_role_or_reply(struct http_req *r, struct http_resp *w, int mask);
/* The actor for a route's need (APP_SIGNED_IN or a role mask), or NULL after answering. */
const struct actor *app_need_or_reply(struct http_req *r, struct http_resp *w, int need);
/* The signed-in actor, or NULL for an anonymous request; never answers. */
const struct actor *app_actor(const struct http_req *r);
/* Sets the session cookie after login, or clears it (token NULL). */
void app_set_session_cookie(struct http_req *r, struct http_resp *w, const char *token);

/* VNPAY (vnpay.c): the payment address for the dossier of the path ({code}), the gateway
 * sending the payer back to return_path on this server (svc_payment_vnpay_url); and the
 * query's pairs, in order, as the payments service's parameter list (what VNPAY signed). */
int app_vnpay_url(struct app *app, struct http_req *r, const struct actor *a,
                  const char *return_path, const char **url, struct err *e);
struct svc_param;
struct svc_param *app_query_params(struct http_req *r);

#endif
