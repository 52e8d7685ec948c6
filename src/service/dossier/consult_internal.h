/* consult_internal.h — what the other dossier service files need from consultations: whether
 * an open consultation lets an actor see a dossier, and the consultations of a dossier as a
 * reader sees them. */
#ifndef MOTCUA_CONSULT_INTERNAL_H
#define MOTCUA_CONSULT_INTERNAL_H

#include "dossier_internal.h"

/* 1 when the actor is staff of a unit consulted about d and not answered yet. */
int dossier_consulted(const struct org_tree *t, const struct actor *a, const struct dossier_row *d);
/* The consultations of dossier id, oldest first, with what the actor may do. */
int dossier_consult_views(struct db_conn *c, struct arena *ar, const struct org_tree *t,
                          const struct actor *a, int64_t id, struct svc_consultation **out, int *n,
                          struct err *e);

#endif
