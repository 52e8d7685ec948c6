/* oidc_http.c — the few HTTP exchanges with an OpenID Connect provider (discovery, key set,
 * token endpoint), over libcurl. Bounded in every way a hostile or broken provider could
 * abuse: a whole exchange has a timeout, bodies are capped, only http and https are spoken,
 * redirects are not followed (the provider's endpoints are where discovery says), and plain
 * http is refused except on loopback. */
#include "oidc_internal.h"

#include <curl/curl.h>
#include <string.h>
#include <strings.h>

int oidc_http_init(void)
{
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void oidc_http_cleanup(void)
{
    curl_global_cleanup();
}

int oidc_url_acceptable(const char *url)
{
    if (!url)
        return 0;
    if (strncasecmp(url, "https://", 8) == 0)
        return url[8] != '\0';
    static const char *const loopback[] = {"http://127.0.0.1", "http://localhost", "http://[::1]"};
    for (size_t i = 0; i < sizeof loopback / sizeof loopback[0]; i++) {
        size_t n = strlen(loopback[i]);
        if (strncasecmp(url, loopback[i], n) == 0 && (url[n] == ':' || url[n] == '/' || !url[n]))
            return 1;
    }
    return 0;
}

const char *oidc_form_escape(struct arena *a, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = arena_alloc(a, strlen(s) * 3 + 1), *p = out;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
            strchr("-._~", *c)) {
            *p++ = (char)*c;
        } else {
            *p++ = '%';
            *p++ = hex[*c >> 4];
            *p++ = hex[*c & 15];
        }
    }
    *p = '\0';
    return out;
}

struct sink {
    char *data;
    size_t len, cap;
};

static size_t sink_write(char *data, size_t size, size_t n, void *ud)
{
    struct sink *s = ud;
    size_t add = size * n;
    if (add > s->cap - s->len)
        return 0; /* over the cap: curl stops with CURLE_WRITE_ERROR */
    memcpy(s->data + s->len, data, add);
    s->len += add;
    return add;
}

/* One request; the body lands in a. */
static int perform(struct arena *a, const char *url, const char *form, const char *user,
                   const char *password, long *status, const char **body, struct err *e)
{
    if (!oidc_url_acceptable(url))
        return err_set(e, E_UNAVAILABLE, NULL, "provider address is not https: %.200s", url);
    CURL *k = curl_easy_init();
    if (!k)
        return err_set(e, E_NOMEM, NULL, "libcurl could not start a request");
    struct sink s = {arena_alloc(a, OIDC_HTTP_MAX_BODY + 1), 0, OIDC_HTTP_MAX_BODY};
    struct curl_slist *hdrs = curl_slist_append(NULL, "Accept: application/json");
    curl_easy_setopt(k, CURLOPT_URL, url);
    curl_easy_setopt(k, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(k, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(k, CURLOPT_TIMEOUT, (long)OIDC_HTTP_TIMEOUT);
    curl_easy_setopt(k, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(k, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(k, CURLOPT_WRITEFUNCTION, sink_write);
    curl_easy_setopt(k, CURLOPT_WRITEDATA, &s);
    curl_easy_setopt(k, CURLOPT_USERAGENT, "motcua-oidc");
    if (form)
        curl_easy_setopt(k, CURLOPT_POSTFIELDS, form);
    if (user) {
        curl_easy_setopt(k, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(k, CURLOPT_USERNAME, oidc_form_escape(a, user));
        curl_easy_setopt(k, CURLOPT_PASSWORD, oidc_form_escape(a, password ? password : ""));
    }
    CURLcode rc = curl_easy_perform(k);
    if (rc == CURLE_OK)
        curl_easy_getinfo(k, CURLINFO_RESPONSE_CODE, status);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(k);
    if (rc != CURLE_OK)
        return err_set(e, E_UNAVAILABLE, NULL, "provider request failed: %s",
                       rc == CURLE_WRITE_ERROR ? "answer too large" : curl_easy_strerror(rc));
    s.data[s.len] = '\0';
    *body = s.data;
    return 0;
}

int oidc_http_get(struct arena *a, const char *url, const char **body, struct err *e)
{
    long status = 0;
    int rc = perform(a, url, NULL, NULL, NULL, &status, body, e);
    if (!rc && status != 200)
        rc = err_set(e, E_UNAVAILABLE, NULL, "provider answered %ld for %.200s", status, url);
    return rc;
}

int oidc_http_post_form(struct arena *a, const char *url, const char *form, const char *user,
                        const char *password, long *status, const char **body, struct err *e)
{
    return perform(a, url, form, user, password, status, body, e);
}
