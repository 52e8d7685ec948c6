/* consult_internal.h — what the other dossier service files need from consultations: the
 * consultations of a dossier as a reader sees them (whether an open consultation lets an
 * actor see a dossier is part of the visibility rule, org/org_tree.h). */
#ifndef MOTCUA_CONSULT_INTERNAL_H
#define MOTCUA_CONSULT_INTERNAL_H

#include "dossier_internal.h"

/* The consultations of dossier id, oldest first, with what the actor may do. */
int dossier_consult_views(struct db_conn *c, struct arena *ar, const struct org_tree *t,
                          const struct actor *a, int64_t id, struct svc_consultation **out, int *n,
                          struct err *e);

#endif
