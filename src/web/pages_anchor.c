/* pages_anchor.c — the published anchors of the audit chain (/neo-nhat-ky), a public page
 * listing each signed head by date, and the admin's "anchor now" button on the audit page.
 * The same list is published as JSON at /api/v1/audit/anchors for copying elsewhere; a copy
 * is what `motcua audit verify --anchors` checks the chain against (docs/signatures.md). */
#include "pages_paper.h"

#include "jpack.h"
#include "page.h"
#include "svc_anchor.h"

#include <string.h>

int page_anchors(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    struct svc_anchor *list = NULL;
    int n = 0;
    struct err e = {0};
    if (svc_anchor_list(app->svc, r->arena, 0, &list, &n, &e))
        return app_err(r, w, &e);
    json_t *rows = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            rows,
            jpack("{s:s, s:I, s:s, s:s?, s:b, s:s?}", "at", page_datetime(r, list[i].anchored_at),
                  "seq", (json_int_t)list[i].seq, "hash", list[i].hash, "signer", list[i].signer,
                  "timestamped", list[i].timestamp_token != NULL, "tsa_at",
                  list[i].tsa_time ? page_datetime(r, list[i].tsa_time) : NULL));
    return page_render(r, w, 200, "anchors", "Mốc neo nhật ký hệ thống",
                       jpack("{s:o, s:b}", "anchors", rows, "any", n > 0));
}

int page_anchor_now(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_ADMIN);
    if (!a)
        return 0;
    struct err e = {0};
    if (svc_audit_anchor(app->svc, a, svc_now(), r->arena, NULL, &e))
        return app_err(r, w, &e);
    http_resp_redirect(w, "/neo-nhat-ky");
    return 0;
}
