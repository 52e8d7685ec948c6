/* catalogue_internal.h — what the catalogue's service files share: writing one version of
 * a procedure inside the caller's transaction, and today's date in Vietnam. */
#ifndef MOTCUA_CATALOGUE_INTERNAL_H
#define MOTCUA_CATALOGUE_INTERNAL_H

#include "procedure_store.h"
#include "svc_catalogue.h"
#include "svc_internal.h"

/* Today's date in Vietnam (UTC+7), "YYYY-MM-DD" into out[11]. */
void cat_today(char out[11]);
/* Writes doc (canonical, with its code set) as version expected + 1 of p: checks that the
 * org units it names exist, computes the search columns, moves latest_version on (E_CONFLICT
 * when it is no longer expected). effective_from NULL = today. */
int cat_write_version(struct db_conn *c, struct arena *ar, const struct actor *a,
                      const struct proc_row *p, int expected, json_t *doc,
                      const char *effective_from, struct err *e);
/* The canonical serialisation of a version body (doc without effective_from), malloc'd. */
char *cat_body_text(json_t *doc);
/* Replaces the unit assignments of procedure id; a unit key that does not exist is
 * E_INVALID on field. */
int cat_set_units(struct db_conn *c, struct arena *ar, int64_t id,
                  const struct svc_proc_unit *units, int n, const char *field, struct err *e);

#endif
