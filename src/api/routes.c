/* routes.c — the table of /api/v1 routes; docs/openapi.yaml describes each one. */
#include "api.h"
#include "api_calendar.h"
#include "api_consult.h"
#include "api_dossiers.h"
#include "api_exchange.h"
#include "api_portal.h"
#include "api_files.h"
#include "api_online.h"
#include "api_outbox.h"
#include "api_password.h"
#include "api_payments.h"
#include "api_national_catalogue.h"
#include "api_population.h"
#include "api_procedures.h"
#include "api_stats.h"
#include "api_stats_indices.h"
#include "api_ratings.h"
#include "api_issued.h"

static const struct api_route routes[] = {
    API_ROUTE("POST", "/api/v1/auth/login", api_auth_login, HTTP_BODY_JSON, API_PUBLIC),
    API_ROUTE("POST", "/api/v1/auth/logout", api_auth_logout, HTTP_BODY_NONE | HTTP_BODY_JSON,
              APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/me", api_me, HTTP_BODY_NONE, APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/org/units", api_org_units, HTTP_BODY_NONE, API_PUBLIC),
    API_ROUTE("GET", "/api/v1/users", api_users_list, HTTP_BODY_NONE, APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/users", api_users_add, HTTP_BODY_JSON, APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/users/{username}/roles", api_users_grant, HTTP_BODY_JSON,
              APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/audit", api_audit_list, HTTP_BODY_NONE, APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/audit/verify", api_audit_verify, HTTP_BODY_NONE, APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/audit/anchors", api_audit_anchors, HTTP_BODY_NONE, API_PUBLIC),
    API_ROUTE("POST", "/api/v1/audit/anchors", api_audit_anchor_now,
              HTTP_BODY_NONE | HTTP_BODY_JSON, ROLE_ADMIN),
    API_ROUTE("GET", "/api/v1/issued", api_issued_by_sha, HTTP_BODY_NONE, API_PUBLIC),
    API_ROUTE("GET", "/api/v1/issued/{token}", api_issued_by_token, HTTP_BODY_NONE, API_PUBLIC),
    API_ROUTE("GET", "/api/v1/openapi.yaml", api_openapi, HTTP_BODY_NONE, API_PUBLIC),
    API_ROUTE("GET", "/api/v1/procedures", api_procedures_list, HTTP_BODY_NONE, API_PUBLIC),
    API_ROUTE("POST", "/api/v1/procedures", api_procedure_create, HTTP_BODY_JSON, APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/procedures/{code}", api_procedure_get, HTTP_BODY_NONE, API_PUBLIC),
    API_ROUTE("PUT", "/api/v1/procedures/{code}", api_procedure_update, HTTP_BODY_JSON,
              APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/procedures/{code}/retire", api_procedure_retire,
              HTTP_BODY_NONE | HTTP_BODY_JSON, APP_SIGNED_IN),
    API_ROUTE("PUT", "/api/v1/procedures/{code}/units", api_procedure_units, HTTP_BODY_JSON,
              APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/calendar/lunar", api_calendar_lunar, HTTP_BODY_NONE, API_PUBLIC),
    API_ROUTE("GET", "/api/v1/calendar/solar", api_calendar_solar, HTTP_BODY_NONE, API_PUBLIC),
    API_ROUTE("GET", "/api/v1/calendar/holidays", api_calendar_holidays, HTTP_BODY_NONE,
              API_PUBLIC),
    API_ROUTE("GET", "/api/v1/calendar/due", api_calendar_due, HTTP_BODY_NONE, API_PUBLIC),
    API_ROUTE("PUT", "/api/v1/calendar/years/{year}", api_calendar_put_year, HTTP_BODY_JSON,
              APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/org/units/{key}/office-hours", api_office_hours_get, HTTP_BODY_NONE,
              API_PUBLIC),
    API_ROUTE("PUT", "/api/v1/org/units/{key}/office-hours", api_office_hours_put, HTTP_BODY_JSON,
              APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/dossiers", api_dossier_receive, HTTP_BODY_JSON, APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/dossiers", api_dossier_search, HTTP_BODY_NONE, APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/dossiers/inbox", api_dossier_inbox, HTTP_BODY_NONE, ROLE_STAFF),
    API_ROUTE("GET", "/api/v1/dossiers/{code}", api_dossier_get, HTTP_BODY_NONE, APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/dossiers/{code}/actions", api_dossier_act, HTTP_BODY_JSON,
              APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/dossiers/{code}/forms/{form}", api_dossier_form, HTTP_BODY_NONE,
              APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/lookup/{code}", api_lookup, HTTP_BODY_NONE, API_PUBLIC),
    API_ROUTE("GET", "/api/v1/units/{key}/tracking-book", api_tracking_book, HTTP_BODY_NONE,
              APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/dossiers/{code}/files", api_dossier_file_upload, HTTP_BODY_MULTIPART,
              APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/dossiers/{code}/files", api_dossier_files, HTTP_BODY_NONE,
              APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/dossiers/{code}/files/{sha256}", api_dossier_file_get, HTTP_BODY_NONE,
              APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/notifications", api_notifications, HTTP_BODY_NONE, APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/outbox", api_outbox, HTTP_BODY_NONE, APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/outbox/receipts", api_outbox_receipt, HTTP_BODY_JSON, API_PUBLIC),
    API_ROUTE("POST", "/api/v1/exchange/{partner}/messages", api_exchange_receive, HTTP_BODY_JSON,
              API_PUBLIC),
    API_ROUTE("GET", "/api/v1/exchange/partners", api_exchange_partners, HTTP_BODY_NONE,
              APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/exchange/messages/{id}/resend", api_exchange_resend,
              HTTP_BODY_NONE | HTTP_BODY_JSON, APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/exchange/messages/{id}/skip", api_exchange_skip, HTTP_BODY_JSON,
              APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/portal/{partner}/dossiers", api_portal_push, HTTP_BODY_JSON,
              API_PUBLIC),
    API_ROUTE("POST", "/api/v1/portal/{partner}/reconcile", api_portal_reconcile,
              HTTP_BODY_NONE | HTTP_BODY_JSON, APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/portal/differences", api_portal_differences, HTTP_BODY_NONE,
              APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/portal/differences/{id}/resend", api_portal_resend,
              HTTP_BODY_NONE | HTTP_BODY_JSON, APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/outbox/{id}/requeue", api_outbox_requeue,
              HTTP_BODY_NONE | HTTP_BODY_JSON, APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/me/notifications", api_my_notify_prefs, HTTP_BODY_NONE,
              APP_SIGNED_IN),
    API_ROUTE("PUT", "/api/v1/me/notifications", api_my_notify_prefs_put, HTTP_BODY_JSON,
              APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/citizens", api_citizen_signup, HTTP_BODY_JSON, API_PUBLIC),
    API_ROUTE("POST", "/api/v1/citizens/verify", api_citizen_verify, HTTP_BODY_JSON, API_PUBLIC),
    API_ROUTE("POST", "/api/v1/drafts", api_draft_start, HTTP_BODY_JSON, APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/drafts", api_draft_list, HTTP_BODY_NONE, APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/drafts/{id}", api_draft_get, HTTP_BODY_NONE, APP_SIGNED_IN),
    API_ROUTE("PUT", "/api/v1/drafts/{id}", api_draft_save, HTTP_BODY_JSON, APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/drafts/{id}/submit", api_draft_submit,
              HTTP_BODY_NONE | HTTP_BODY_JSON, APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/me/dossiers", api_my_dossiers, HTTP_BODY_NONE, APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/me/dossiers/{code}/withdraw", api_my_withdraw,
              HTTP_BODY_NONE | HTTP_BODY_JSON, APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/stats", api_stats, HTTP_BODY_NONE, APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/stats/dossiers", api_stats_dossiers, HTTP_BODY_NONE, APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/stats/targets", api_stats_targets, HTTP_BODY_NONE, APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/dossiers/{code}/payments", api_payment_request,
              HTTP_BODY_NONE | HTTP_BODY_JSON, APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/dossiers/{code}/payments", api_payment_list, HTTP_BODY_NONE,
              APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/dossiers/{code}/payments/counter", api_payment_counter,
              HTTP_BODY_JSON, APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/dossiers/{code}/payments/vnpay", api_payment_vnpay_url,
              HTTP_BODY_NONE | HTTP_BODY_JSON, APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/payments/vnpay/ipn", api_payment_vnpay_ipn, HTTP_BODY_NONE,
              API_PUBLIC),
    API_ROUTE("GET", "/api/v1/payments/vnpay/return", api_payment_vnpay_return, HTTP_BODY_NONE,
              API_PUBLIC),
    API_ROUTE("POST", "/api/v1/dossiers/{code}/consultations", api_consult_ask, HTTP_BODY_JSON,
              APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/consultations", api_consult_open, HTTP_BODY_NONE, APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/consultations/{id}/answer", api_consult_answer, HTTP_BODY_JSON,
              APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/me/dossiers/{code}/rating", api_my_rating, HTTP_BODY_JSON,
              APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/me/dossiers/{code}", api_my_dossier, HTTP_BODY_NONE, APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/dossiers/{code}/postal-handover", api_postal_handover,
              HTTP_BODY_JSON, APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/feedback", api_feedback_send, HTTP_BODY_JSON, APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/feedback", api_feedback_list, HTTP_BODY_NONE, APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/me/feedback", api_feedback_mine, HTTP_BODY_NONE, APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/feedback/{id}/answer", api_feedback_answer, HTTP_BODY_JSON,
              APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/stats/indices", api_stats_indices, HTTP_BODY_NONE, APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/stats/evaluation", api_stats_evaluation, HTTP_BODY_NONE,
              APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/drafts/{id}/files", api_draft_file_upload, HTTP_BODY_MULTIPART,
              APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/drafts/{id}/files", api_draft_files, HTTP_BODY_NONE, APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/drafts/{id}/files/reuse", api_draft_file_reuse, HTTP_BODY_JSON,
              APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/drafts/{id}/files/{sha256}", api_draft_file_get, HTTP_BODY_NONE,
              APP_SIGNED_IN),
    API_ROUTE("DELETE", "/api/v1/drafts/{id}/files/{sha256}", api_draft_file_remove,
              HTTP_BODY_NONE | HTTP_BODY_JSON, APP_SIGNED_IN),
    API_ROUTE("GET", "/api/v1/me/files", api_my_files, HTTP_BODY_NONE, APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/population/lookup", api_population_lookup, HTTP_BODY_JSON,
              ROLE_RECEPTIONIST | ROLE_CITIZEN),
    API_ROUTE("POST", "/api/v1/national-catalogue/import", api_national_catalogue_import,
              HTTP_BODY_JSON, ROLE_ADMIN),
    API_ROUTE("GET", "/api/v1/me/dossiers/{code}/supplement", api_supplement_get, HTTP_BODY_NONE,
              APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/me/dossiers/{code}/supplement", api_supplement_answer,
              HTTP_BODY_NONE | HTTP_BODY_JSON, APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/me/dossiers/{code}/supplement/files", api_supplement_file_upload,
              HTTP_BODY_MULTIPART, APP_SIGNED_IN),
    API_ROUTE("DELETE", "/api/v1/me/dossiers/{code}/supplement/files/{sha256}",
              api_supplement_file_remove, HTTP_BODY_NONE | HTTP_BODY_JSON, APP_SIGNED_IN),
    API_ROUTE("POST", "/api/v1/citizens/password-reset", api_password_reset_request, HTTP_BODY_JSON,
              API_PUBLIC),
    API_ROUTE("POST", "/api/v1/citizens/password-reset/confirm", api_password_reset_confirm,
              HTTP_BODY_JSON, API_PUBLIC),
    API_ROUTE("POST", "/api/v1/dossiers/{code}/payments/cancel", api_payment_cancel, HTTP_BODY_JSON,
              APP_SIGNED_IN),
};

#define NROUTES ((int)(sizeof routes / sizeof routes[0]))

const struct api_route *api_route_table(int *n)
{
    *n = NROUTES;
    return routes;
}

/* The server takes a plain array of http_route; it is made once, at start-up, from the table. */
const struct http_route *api_routes(int *n)
{
    static struct http_route plain[NROUTES];
    for (int i = 0; i < NROUTES; i++)
        plain[i] = routes[i].http;
    *n = NROUTES;
    return plain;
}

/* The server copies the routes it is given, so a route is known by its pattern's address. */
const struct api_route *api_route_of(const struct http_route *route)
{
    for (int i = 0; route && i < NROUTES; i++)
        if (routes[i].http.pattern == route->pattern && routes[i].http.method == route->method)
            return &routes[i];
    return NULL;
}
