/* audit.c — GET /api/v1/audit (recent entries, optionally for one object) and GET
 * /api/v1/audit/verify (the chain check). Admins and auditors. */
#include "api.h"
#include "jpack.h"

#include "svc_audit.h"

#include <stdlib.h>

int api_audit_list(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    const char *limit = http_query(r, "limit");
    struct svc_audit_entry *en = NULL;
    int n = 0;
    struct err e = {0};
    if (svc_audit_recent(app->svc, a, r->arena, http_query(r, "object_type"),
                         http_query(r, "object_id"), limit ? atoi(limit) : 100, &en, &n, &e))
        return http_resp_err(w, &e);
    json_t *out = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(out, jpack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "seq",
                                         (json_int_t)en[i].seq, "at", (json_int_t)en[i].at, "actor",
                                         en[i].actor, "action", en[i].action, "object_type",
                                         en[i].object_type, "object_id", en[i].object_id, "summary",
                                         en[i].summary, "hash", en[i].hash));
    return http_resp_json(w, 200, jpack("{s:o}", "entries", out));
}

int api_audit_verify(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    int64_t count = 0, broken = 0;
    struct err e = {0};
    if (svc_audit_verify(app->svc, a, &count, &broken, &e))
        return http_resp_err(w, &e);
    return http_resp_json(w, 200,
                          jpack("{s:b, s:I, s:I}", "intact", broken == 0, "entries",
                                (json_int_t)count, "first_broken", (json_int_t)broken));
}
