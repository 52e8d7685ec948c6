/* national_catalogue.c — POST /api/v1/national-catalogue/import {madonvi}: the procedures the
 * unit offers on the National Public Service Portal brought into the versioned catalogue
 * (service/exchange/svc_national_catalogue.h), answered with what was added, changed, left
 * alone or skipped, procedure by procedure. */
#include "api_national_catalogue.h"
#include "jpack.h"
#include "jspec.h"
#include "svc_national_catalogue.h"

static json_t *items_json(const struct svc_national_import *r)
{
    json_t *out = json_array();
    for (int i = 0; i < r->n; i++) {
        const struct svc_national_item *it = &r->items[i];
        json_array_append_new(out, jpack("{s:s, s:s, s:s, s:s?, s:i}", "code", it->code, "name",
                                         it->name, "outcome", it->outcome, "reason", it->reason,
                                         "version", it->version));
    }
    return out;
}

int api_national_catalogue_import(struct api_call *c)
{
    const char *madonvi = NULL;
    const struct jspec spec[] = {
        JSPEC_STR("madonvi", 1, 1, 64, &madonvi, "Mã đơn vị trên Cổng Dịch vụ công quốc gia"),
        JSPEC_END,
    };
    if (api_body(c, spec))
        return API_FAILED;
    struct svc_national_import r;
    if (svc_national_catalogue_import(c->svc, c->actor, c->arena, madonvi, &r, &c->e))
        return API_FAILED;
    return api_json(c, 200,
                    jpack("{s:s, s:i, s:i, s:i, s:i, s:o}", "madonvi", madonvi, "added", r.added,
                          "changed", r.changed, "unchanged", r.unchanged, "skipped", r.skipped,
                          "items", items_json(&r)));
}
