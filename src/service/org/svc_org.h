/* svc_org.h — the organisation tree: provinces, districts, communes, departments, one-stop
 * sections and external agencies, with validity dates so that both the pre-2025 three-tier
 * and the post-2025 two-tier administrations can be represented. */
#ifndef MOTCUA_SVC_ORG_H
#define MOTCUA_SVC_ORG_H

#include "svc.h"

#include <stddef.h>

struct svc_org_unit {
    int64_t id, parent_id, successor_id;
    const char *key, *name, *level, *agency_code, *valid_from, *valid_to;
    int depth;         /* 0 for roots, in the order of svc_org_tree */
    const char *place; /* its own place name (địa danh), NULL when inherited */
};

/* Imports a JSON file of the shape of data/org/giong-rieng-2020.json:
 * {"valid_from":"YYYY-MM-DD","valid_to":…,"units":[{"key","name","level","agency_code",
 * "place","parent"}…]}; "place" is the place name printed on the unit's documents. Units whose key
 * exists already are left as they are (the import can be run again). Admins only; all-or-nothing.
 */
int svc_org_import(struct svc *s, const struct actor *a, const char *json, size_t len, int *added,
                   int *skipped, struct err *e);
/* The whole tree in depth-first order (parents before children, siblings by name). */
int svc_org_tree(struct svc *s, struct arena *ar, struct svc_org_unit **out, int *n, struct err *e);
/* The units in force (no successor) within the actor's admin reach — every one for an admin
 * without a unit, the subtrees of their admin units otherwise — in svc_org_tree's order: the
 * choices of the forms that grant a role at a unit or set a unit's office hours. Admins only
 * (E_FORBIDDEN). */
int svc_org_admin_units(struct svc *s, const struct actor *a, struct arena *ar,
                        struct svc_org_unit **out, int *n, struct err *e);
/* Renames a unit from a date: the old row is closed the day before and points at a new row
 * with the same parent and code. Admins only. */
int svc_org_rename(struct svc *s, const struct actor *a, const char *key, const char *new_key,
                   const char *new_name, const char *from_date, struct err *e);
/* Merges a unit into another from a date: the merged unit is closed the day before and points
 * at the unit that absorbs it (its history stays attached to it). Admins only. */
int svc_org_merge(struct svc *s, const struct actor *a, const char *key, const char *into_key,
                  const char *from_date, struct err *e);
/* Level names and Vietnamese labels. */
const char *org_level_label(const char *level);

#endif
