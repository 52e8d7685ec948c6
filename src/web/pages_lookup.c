/* pages_lookup.c — the public dossier lookup. Anyone with the code printed on the receipt sees
 * the status, the appointment and whether the result is ready. The receipt's QR code opens
 * /tra-cuu/{code}?t={token}, and with that token — or the last four digits of the applicant's
 * CCCD or phone typed in the second field — the page also shows the masked name, the
 * procedure, the unit and the dates of every step (the service decides, dossier_lookup.c).
 * No officer's name or note is ever shown. Lookups are rate limited per client address,
 * because codes are sequential and could otherwise be walked. */
#include "pages_dossier.h"
#include "jpack.h"

#include "dossier_view.h"
#include "page.h"
#include "svc_dossier.h"

#include <ctype.h>
#include <string.h>

#define CODE_INPUT_MAX 80

/* What people type: surrounding spaces dropped, agency letters in upper case. */
static const char *clean_code(struct http_req *r, const char *code)
{
    while (*code == ' ' || *code == '\t')
        code++;
    size_t n = strnlen(code, CODE_INPUT_MAX);
    while (n > 0 && (code[n - 1] == ' ' || code[n - 1] == '\t'))
        n--;
    char *out = arena_strndup(r->arena, code, n);
    for (char *p = out; *p; p++)
        if ((unsigned char)*p < 128)
            *p = (char)toupper((unsigned char)*p);
    return out;
}

/* A hand-over inside the unit that already holds the dossier (the specialist to the leader
 * of the same commune): a step of the office's own work, not a new step for the applicant. */
static int same_step(const struct svc_dossier_event *ev, const char *shown_unit)
{
    return strcmp(ev->action, "advance") == 0 && ev->to_unit && shown_unit &&
           strcmp(ev->to_unit, shown_unit) == 0;
}

/* The public timeline: each step once, where it is and when it moved on. */
static json_t *events_json(struct http_req *r, const struct svc_public_dossier *d)
{
    json_t *out = json_array();
    const char *shown_unit = NULL;
    for (int i = 0; i < d->nevents; i++) {
        const struct svc_dossier_event *ev = &d->events[i];
        if (same_step(ev, shown_unit))
            continue;
        if (ev->to_unit)
            shown_unit = ev->to_unit;
        json_array_append_new(out, jpack("{s:s?, s:s, s:s?, s:o}", "at", dview_when(r, ev->at),
                                         "what", dview_event_label(ev->action), "unit", ev->to_unit,
                                         "timing", dview_timing_badge(ev->timing)));
    }
    return out;
}

/* Still being processed after the appointment. */
static int overdue(const struct svc_public_dossier *d)
{
    int open = d->national_status == 2 || d->national_status == 4;
    return open && d->due_at && svc_now() > d->due_at;
}

static json_t *dossier_json(struct http_req *r, const struct svc_public_dossier *d)
{
    return jpack("{s:s, s:b, s:s?, s:s?, s:s?, s:s?, s:o, s:o, s:b, s:s?, s:s?, s:o, s:s?}", "code",
                 d->code, "verified", d->verified, "procedure", d->procedure_name, "name",
                 d->masked_name, "state", d->state_label, "unit", d->receiving_unit_name, "status",
                 dview_national_badge(d->national_status, d->state_label), "due_badge",
                 dview_due_badge(overdue(d), 0), "ready", d->result_ready, "received",
                 d->received_at ? dview_when(r, d->received_at) : NULL, "due",
                 dview_when(r, d->due_at), "events", events_json(r, d), "factor_problem",
                 d->factor_problem);
}

/* The form keeps the code and the token of the link it was opened with (never the digits). */
static int lookup_page(struct http_req *r, struct http_resp *w, int status, const char *code,
                       json_t *dossier, const char *problem)
{
    const char *token = http_query(r, "t");
    json_t *ctx = jpack("{s:s, s:s?, s:o, s:s?}", "code", code ? code : "", "token",
                        token && *token ? token : NULL, "dossier", dossier ? dossier : json_null(),
                        "problem", problem);
    return page_render(r, w, status, "lookup", "Tra cứu hồ sơ", ctx);
}

static int lookup(struct http_req *r, struct http_resp *w, struct app *app, const char *raw)
{
    const char *code = clean_code(r, raw);
    struct err e = {0};
    if (svc_dossier_lookup_admit(app->svc, r->arena, r->client_ip, &e) != 0)
        return e.code == E_RATE
                   ? lookup_page(r, w, 429, code, NULL,
                                 "Bạn đã tra cứu quá nhiều lần trong một phút. Vui lòng chờ một "
                                 "lát rồi thử lại.")
                   : app_err(r, w, &e);
    struct svc_public_dossier d;
    const char *last4 = http_query(r, "last4");
    struct svc_lookup_query q = {code, http_query(r, "t"), last4 && *last4 ? last4 : NULL,
                                 r->client_ip};
    int rc = svc_dossier_lookup(app->svc, r->arena, &q, &d, &e);
    if (rc == E_INVALID || rc == E_RATE)
        return lookup_page(r, w, rc == E_RATE ? 429 : 422, code, NULL, e.msg);
    if (rc == E_NOTFOUND)
        return lookup_page(r, w, 404, code, NULL,
                           e.field[0] ? e.msg
                                      : "Không tìm thấy hồ sơ có mã này. Vui lòng kiểm tra lại "
                                        "mã in trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả "
                                        "(dạng 000.00.15.H33-270429-0007).");
    if (rc)
        return app_err(r, w, &e);
    return lookup_page(r, w, 200, code, dossier_json(r, &d), NULL);
}

int page_lookup(struct http_req *r, struct http_resp *w, void *app)
{
    const char *code = http_query(r, "code");
    if (!code || !*clean_code(r, code))
        return lookup_page(r, w, 200, NULL, NULL, NULL);
    return lookup(r, w, app, code);
}

int page_lookup_code(struct http_req *r, struct http_resp *w, void *app)
{
    return lookup(r, w, app, http_param(r, "code"));
}
