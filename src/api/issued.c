/* issued.c — /api/v1/issued (is this paper one motcua issued?) and /api/v1/audit/anchors
 * (the published anchors of the audit chain, and anchoring on demand). The paper answers
 * carry only what the paper prints (docs/signatures.md); both paper routes count against
 * the public lookup's rate limit. The anchor list is public on purpose: the point of an
 * anchor is that anyone can keep a copy. */
#include "api_issued.h"

#include "jpack.h"
#include "svc_anchor.h"
#include "svc_dossier.h"
#include "svc_issued.h"

#include <time.h>

static json_t *version_json(const struct svc_issued_version *v)
{
    return jpack("{s:i, s:I, s:s, s:s}", "version", v->version, "issued_at",
                 (json_int_t)v->issued_at, "token", v->token, "sha256", v->sha256);
}

static int paper_json(struct api_call *c, const struct svc_issued_doc *d)
{
    json_t *out =
        jpack("{s:s, s:s, s:s?, s:s, s:I, s:i, s:s, s:s, s:b, s:s}", "document", d->doc_name,
              "dossier_code", d->dossier_code, "procedure_code", d->procedure_code, "unit",
              d->unit_name, "issued_at", (json_int_t)d->issued_at, "version", d->version, "sha256",
              d->sha256, "token", d->token, "replaced", d->replaced, "verify_url",
              arena_printf(c->arena, "%s/kiem-tra/%s", c->app->base_url, d->token));
    if (d->replaced) {
        json_object_set_new(out, "replaced_by", version_json(&d->next));
        json_object_set_new(out, "newest", version_json(&d->newest));
    }
    return api_json(c, 200, out);
}

int api_issued_by_token(struct api_call *c)
{
    struct svc_issued_doc d;
    if (svc_dossier_paper_admit(c->svc, c->arena, c->r->client_ip, &c->e) ||
        svc_issued_by_token(c->svc, c->arena, http_param(c->r, "token"), &d, &c->e))
        return API_FAILED;
    return paper_json(c, &d);
}

int api_issued_by_sha(struct api_call *c)
{
    struct svc_issued_doc d;
    const char *sha = http_query(c->r, "sha256");
    if (svc_dossier_paper_admit(c->svc, c->arena, c->r->client_ip, &c->e) ||
        svc_issued_by_sha(c->svc, c->arena, sha ? sha : "", &d, &c->e))
        return API_FAILED;
    return paper_json(c, &d);
}

static const char *iso_utc(struct arena *ar, int64_t at)
{
    char buf[32];
    time_t t = (time_t)at;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return arena_strdup(ar, buf);
}

static json_t *anchor_json(struct arena *ar, const struct svc_anchor *a)
{
    return jpack("{s:I, s:s, s:I, s:s, s:s, s:s?, s:s?, s:s?, s:o}", "seq", (json_int_t)a->seq,
                 "hash", a->hash, "anchored_at", (json_int_t)a->anchored_at, "date",
                 iso_utc(ar, a->anchored_at), "statement", a->statement, "signature", a->signature,
                 "signer", a->signer, "timestamp_token", a->timestamp_token, "tsa_time",
                 a->tsa_time ? json_integer(a->tsa_time) : json_null());
}

int api_audit_anchors(struct api_call *c)
{
    struct svc_anchor *list = NULL;
    int n = 0;
    if (svc_anchor_list(c->svc, c->arena, 0, &list, &n, &c->e))
        return API_FAILED;
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, anchor_json(c->arena, &list[i]));
    return api_json(c, 200,
                    jpack("{s:s, s:o}", "format", "motcua-audit-anchors/1", "anchors", arr));
}

int api_audit_anchor_now(struct api_call *c)
{
    struct svc_anchor a;
    if (svc_audit_anchor(c->svc, c->actor, svc_now(), c->arena, &a, &c->e))
        return API_FAILED;
    return api_json(c, 201, anchor_json(c->arena, &a));
}
