/* routes.c — the table of /api/v1 routes; docs/openapi.yaml describes each one. */
#include "api.h"

static const struct http_route routes[] = {
    {"POST", "/api/v1/auth/login", api_auth_login, HTTP_BODY_JSON},
    {"POST", "/api/v1/auth/logout", api_auth_logout, HTTP_BODY_NONE | HTTP_BODY_JSON},
    {"GET", "/api/v1/me", api_me, HTTP_BODY_NONE},
    {"GET", "/api/v1/org/units", api_org_units, HTTP_BODY_NONE},
    {"GET", "/api/v1/users", api_users_list, HTTP_BODY_NONE},
    {"POST", "/api/v1/users", api_users_add, HTTP_BODY_JSON},
    {"POST", "/api/v1/users/{username}/roles", api_users_grant, HTTP_BODY_JSON},
    {"GET", "/api/v1/audit", api_audit_list, HTTP_BODY_NONE},
    {"GET", "/api/v1/audit/verify", api_audit_verify, HTTP_BODY_NONE},
    {"GET", "/api/v1/openapi.yaml", api_openapi, HTTP_BODY_NONE},
};

const struct http_route *api_routes(int *n)
{
    *n = (int)(sizeof routes / sizeof routes[0]);
    return routes;
}
