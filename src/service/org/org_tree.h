/* org_tree.h — the organisation tree in memory and what a role at a unit reaches over it, for
 * every module of the service layer (like svc_internal.h, not for the layers above): the
 * modules that act on or read dossiers take the tree from here and ask the visibility rule
 * here, so they depend on org/ and common/ instead of on each other. */
#ifndef MOTCUA_ORG_TREE_H
#define MOTCUA_ORG_TREE_H

#include "dossier_store.h"
#include "org_store.h"
#include "svc_internal.h"

/* The organisation tree and the connection of the transaction using it (for the rules that
 * need one more look at the database: open consultations). org_tree_of hands out the
 * snapshot cached in the svc, checked against the table's signature (org_signature: one
 * short query) and rebuilt when the tree changed, through any instance. The units are
 * shared by every request: read them, never change them. */
struct org_tree {
    struct org_unit *units;
    int n;
    struct db_conn *c;
};
int org_tree_of(struct svc *s, struct db_conn *c, struct org_tree *t, struct err *e);
const struct org_unit *org_tree_get(const struct org_tree *t, int64_t id);
/* The parent of unit id in the tree (a struct org_tree *), 0 for a root or an unknown unit:
 * the perm_parent_fn that perm_holds_in walks. */
int64_t org_tree_parent(const void *tree, int64_t id);
/* The nearest ancestor-or-self that is a People's Committee (commune, district, province). */
const struct org_unit *org_tree_admin(const struct org_tree *t, int64_t id);
/* The place name (địa danh) printed before the date of the unit's documents: its own or its
 * nearest ancestor's; id 0 (every unit) takes the first root's. NULL when none has one. */
const char *org_tree_place(const struct org_tree *t, int64_t id);
/* The agency code printed in dossier codes: the unit's own or its nearest ancestor's. */
const char *org_tree_agency_code(const struct org_tree *t, int64_t id);
/* 1 when unit is ancestor-or-self of id. */
int org_tree_within(const struct org_tree *t, int64_t id, int64_t ancestor);

/* Fails with E_FORBIDDEN unless the actor holds a role in mask at a unit that is the given
 * unit or one of its ancestors (roles without a unit count everywhere): perm_holds_in over
 * the tree in memory, with the refusal worded for a dossier (reach.c). */
int dossier_role_at(const struct org_tree *t, const struct actor *a, int mask, int64_t unit_id,
                    struct err *e);

/* Who answers a consultation at the consulted unit, and how many open consultations of one
 * dossier are looked at to let their units read it. */
#define CONSULT_ANSWERERS (ROLE_SPECIALIST | ROLE_LEADER)
#define CONSULTED_MAX     16
/* 1 when the actor is staff of a unit consulted about d and not answered yet (part of the
 * visibility rule, beside dossier_visible). */
int dossier_consulted(const struct org_tree *t, const struct actor *a, const struct dossier_row *d);
/* May the actor see this dossier? Staff reaching its receiving or current unit or a unit
 * consulted about it and not answered yet, auditors and admins of a unit covering either
 * (or without a unit), and the applicant's own account. Others get E_NOTFOUND, so a code
 * guessed by a stranger reveals nothing. */
int dossier_visible(const struct org_tree *t, const struct actor *a, const struct dossier_row *d,
                    struct err *e);

#endif
