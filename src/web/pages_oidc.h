/* pages_oidc.h — logging in through an OpenID Connect identity provider: the redirect to the
 * provider and the provider's answer (docs/oidc.md). */
#ifndef MOTCUA_PAGES_OIDC_H
#define MOTCUA_PAGES_OIDC_H

#include "http.h"

int page_oidc_login(struct http_req *r, struct http_resp *w, void *app);
int page_oidc_callback(struct http_req *r, struct http_resp *w, void *app);

#endif
