/* consult_internal.h — what the other dossier service files need from consultations: whether
 * an open consultation lets an actor see a dossier, and the consultations of a dossier as a
 * reader sees them. */
#ifndef MOTCUA_CONSULT_INTERNAL_H
#define MOTCUA_CONSULT_INTERNAL_H

#include "dossier_internal.h"

/* Who answers a consultation at the consulted unit, and how many open consultations of one
 * dossier are looked at to let their units read it. */
#define CONSULT_ANSWERERS (ROLE_SPECIALIST | ROLE_LEADER)
#define CONSULTED_MAX     16
/* 1 when the actor is staff of a unit consulted about d and not answered yet (part of the
 * visibility rule, so it lives beside dossier_visible in dossier_common.c). */
int dossier_consulted(const struct org_tree *t, const struct actor *a, const struct dossier_row *d);
/* The consultations of dossier id, oldest first, with what the actor may do. */
int dossier_consult_views(struct db_conn *c, struct arena *ar, const struct org_tree *t,
                          const struct actor *a, int64_t id, struct svc_consultation **out, int *n,
                          struct err *e);

#endif
