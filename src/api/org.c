/* org.c — GET /api/v1/org/units: the organisation tree, public because the units and their
 * codes are printed on every receipt anyway. */
#include "api.h"
#include "jpack.h"

#include "svc_org.h"

int api_org_units(struct api_call *c)
{
    struct svc_org_unit *units = NULL;
    int n = 0;
    if (svc_org_tree(c->svc, c->arena, &units, &n, &c->e))
        return API_FAILED;
    json_t *out = json_array();
    for (int i = 0; i < n; i++) {
        const struct svc_org_unit *u = &units[i];
        json_t *parent = NULL;
        for (int k = 0; k < n && !parent; k++)
            if (units[k].id == u->parent_id)
                parent = json_string(units[k].key);
        json_array_append_new(out, jpack("{s:s, s:s, s:s, s:s?, s:o, s:s, s:s?, s:i, s:s?}", "key",
                                         u->key, "name", u->name, "level", u->level, "agency_code",
                                         u->agency_code, "parent", parent ? parent : json_null(),
                                         "valid_from", u->valid_from, "valid_to", u->valid_to,
                                         "depth", u->depth, "place", u->place));
    }
    return api_json(c, 200, jpack("{s:o}", "units", out));
}
