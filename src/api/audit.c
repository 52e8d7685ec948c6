/* audit.c — GET /api/v1/audit (recent entries, optionally for one object) and GET
 * /api/v1/audit/verify (the chain check). Admins and auditors. */
#include "api.h"
#include "jpack.h"

#include "svc_audit.h"

#include <stdlib.h>

int api_audit_list(struct api_call *c)
{
    const char *limit = http_query(c->r, "limit");
    struct svc_audit_entry *en = NULL;
    int n = 0;
    if (svc_audit_recent(c->svc, c->actor, c->arena, http_query(c->r, "object_type"),
                         http_query(c->r, "object_id"), limit ? atoi(limit) : 100, &en, &n, &c->e))
        return API_FAILED;
    json_t *out = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(out, jpack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "seq",
                                         (json_int_t)en[i].seq, "at", (json_int_t)en[i].at, "actor",
                                         en[i].actor, "action", en[i].action, "object_type",
                                         en[i].object_type, "object_id", en[i].object_id, "summary",
                                         en[i].summary, "hash", en[i].hash));
    return api_json(c, 200, jpack("{s:o}", "entries", out));
}

int api_audit_verify(struct api_call *c)
{
    int64_t count = 0, broken = 0;
    if (svc_audit_verify(c->svc, c->actor, &count, &broken, &c->e))
        return API_FAILED;
    return api_json(c, 200,
                    jpack("{s:b, s:I, s:I}", "intact", broken == 0, "entries", (json_int_t)count,
                          "first_broken", (json_int_t)broken));
}
