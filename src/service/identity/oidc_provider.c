/* oidc_provider.c — what we know about the identity provider: its endpoints from the
 * discovery document and its signing keys, each cached for a while so that a login costs one
 * exchange with the provider (the token request), not three. The cache is per process and
 * guarded by a mutex; a fetch happens under it, so a cold cache is filled once, not by every
 * login that arrives at the same moment. The discovery document must name exactly the issuer
 * configured (OIDC Discovery §4.3), or a document from elsewhere could point us at keys of
 * its own choosing. */
#include "oidc_internal.h"

#include "log.h"
#include "svc.h"

#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct oidc_provider {
    pthread_mutex_t lock;
    char *issuer;
    int cache_seconds;
    char *authorization, *token, *jwks_uri; /* NULL until discovered */
    int64_t discovered_at;
    char *jwks;
    int64_t jwks_at;
};

static char *dup_or_die(const char *s)
{
    char *d = strdup(s);
    if (!d)
        abort();
    return d;
}

struct oidc_provider *oidc_provider_new(const char *issuer, int cache_seconds)
{
    struct oidc_provider *p = calloc(1, sizeof *p);
    if (!p)
        abort();
    pthread_mutex_init(&p->lock, NULL);
    p->issuer = dup_or_die(issuer);
    p->cache_seconds = cache_seconds;
    return p;
}

static void forget_endpoints(struct oidc_provider *p)
{
    free(p->authorization);
    free(p->token);
    free(p->jwks_uri);
    p->authorization = p->token = p->jwks_uri = NULL;
}

void oidc_provider_free(struct oidc_provider *p)
{
    if (!p)
        return;
    forget_endpoints(p);
    free(p->jwks);
    free(p->issuer);
    pthread_mutex_destroy(&p->lock);
    free(p);
}

static int endpoint(json_t *doc, const char *name, const char **url, struct err *e)
{
    *url = json_string_value(json_object_get(doc, name));
    if (!oidc_url_acceptable(*url))
        return err_set(e, E_UNAVAILABLE, NULL, "discovery document: '%s' missing or not https",
                       name);
    return 0;
}

static int discover(struct oidc_provider *p, struct arena *a, struct err *e)
{
    size_t n = strlen(p->issuer);
    int slash = n > 0 && p->issuer[n - 1] == '/';
    const char *url =
        arena_printf(a, "%.*s/.well-known/openid-configuration", (int)(n - slash), p->issuer);
    const char *body = NULL, *iss, *auth = NULL, *token = NULL, *jwks = NULL;
    int rc = oidc_http_get(a, url, &body, e);
    if (rc)
        return rc;
    json_t *doc = json_loads(body, JSON_REJECT_DUPLICATES, NULL);
    iss = json_string_value(json_object_get(doc, "issuer"));
    if (!json_is_object(doc))
        rc = err_set(e, E_UNAVAILABLE, NULL, "discovery document is not a JSON object");
    else if (!iss || strcmp(iss, p->issuer) != 0)
        rc = err_set(e, E_UNAVAILABLE, NULL, "discovery document names another issuer");
    if (!rc && !(rc = endpoint(doc, "authorization_endpoint", &auth, e)) &&
        !(rc = endpoint(doc, "token_endpoint", &token, e)))
        rc = endpoint(doc, "jwks_uri", &jwks, e);
    if (!rc) {
        forget_endpoints(p);
        p->authorization = dup_or_die(auth);
        p->token = dup_or_die(token);
        p->jwks_uri = dup_or_die(jwks);
        p->discovered_at = svc_now();
    }
    json_decref(doc);
    return rc;
}

static int fresh(const struct oidc_provider *p, int64_t at)
{
    return svc_now() - at < p->cache_seconds;
}

int oidc_provider_endpoints(struct oidc_provider *p, struct arena *a, struct oidc_endpoints *out,
                            struct err *e)
{
    int rc = 0;
    pthread_mutex_lock(&p->lock);
    if (!p->authorization || !fresh(p, p->discovered_at))
        rc = discover(p, a, e);
    if (rc && p->authorization) {
        /* A provider briefly unreachable should not stop logins we can still complete. */
        log_warn("oidc: keeping the cached discovery document: %s", e ? e->msg : "");
        rc = 0;
    }
    if (!rc)
        *out = (struct oidc_endpoints){arena_strdup(a, p->authorization), arena_strdup(a, p->token),
                                       arena_strdup(a, p->jwks_uri)};
    pthread_mutex_unlock(&p->lock);
    return rc;
}

int oidc_provider_keys(struct oidc_provider *p, struct arena *a, int refresh, const char **jwks,
                       struct err *e)
{
    struct oidc_endpoints ep;
    const char *body = NULL;
    int rc = oidc_provider_endpoints(p, a, &ep, e);
    if (rc)
        return rc;
    pthread_mutex_lock(&p->lock);
    if (refresh || !p->jwks || !fresh(p, p->jwks_at)) {
        rc = oidc_http_get(a, ep.jwks, &body, e);
        if (!rc) {
            free(p->jwks);
            p->jwks = dup_or_die(body);
            p->jwks_at = svc_now();
        }
    }
    if (!rc)
        *jwks = arena_strdup(a, p->jwks);
    pthread_mutex_unlock(&p->lock);
    return rc;
}
