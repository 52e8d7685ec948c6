/* oidc_internal.h — what the OpenID Connect files share: talking to the provider over HTTP
 * (oidc_http.c) and the provider's cached metadata and keys (oidc_provider.c), for the login
 * flow in oidc.c. */
#ifndef MOTCUA_OIDC_INTERNAL_H
#define MOTCUA_OIDC_INTERNAL_H

#include "arena.h"
#include "err.h"

#define OIDC_HTTP_MAX_BODY (256 * 1024)
#define OIDC_HTTP_TIMEOUT  10 /* seconds for a whole exchange with the provider */

/* libcurl's global state; call once at start, before any login can use it. */
int oidc_http_init(void);
void oidc_http_cleanup(void);
/* 1 when url is https, or http on a loopback host (a provider run locally for tests or
 * development): tokens and codes never travel in clear over a network. */
int oidc_url_acceptable(const char *url);
/* GETs url (JSON expected); the body, NUL-terminated, in a. E_UNAVAILABLE when the provider
 * cannot be reached or answers anything but 200. */
int oidc_http_get(struct arena *a, const char *url, const char **body, struct err *e);
/* POSTs an urlencoded form; with user set, authenticates with HTTP Basic (client_secret_basic,
 * user and password form-encoded first as RFC 6749 §2.3.1 asks). *status and the body. */
int oidc_http_post_form(struct arena *a, const char *url, const char *form, const char *user,
                        const char *password, long *status, const char **body, struct err *e);
/* Percent-encodes s for a query or form value (RFC 3986 unreserved characters stay). */
const char *oidc_form_escape(struct arena *a, const char *s);

struct oidc_provider;

/* Where the provider's endpoints are, from its discovery document; strings in the arena. */
struct oidc_endpoints {
    const char *authorization, *token, *jwks;
};

struct oidc_provider *oidc_provider_new(const char *issuer, int cache_seconds);
void oidc_provider_free(struct oidc_provider *p);
/* The endpoints, fetched from {issuer}/.well-known/openid-configuration when not cached or
 * older than the cache time. */
int oidc_provider_endpoints(struct oidc_provider *p, struct arena *a, struct oidc_endpoints *out,
                            struct err *e);
/* The provider's JWK Set as JSON text in a; refresh fetches it again even if cached (after a
 * token named a kid the cached set does not have: the provider may have rotated its keys). */
int oidc_provider_keys(struct oidc_provider *p, struct arena *a, int refresh, const char **jwks,
                       struct err *e);

#endif
