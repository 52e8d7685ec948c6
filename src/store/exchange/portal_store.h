/* portal_store.h — what the national portal adapter keeps of its own (migrations 0032, 0033):
 * the link between a dossier received from Cổng DVCQG and the portal's code for it, whether
 * the applicant's account is authenticated through an outside identity provider (VNeID), and
 * the differences the last reconciliation found. */
#ifndef MOTCUA_PORTAL_STORE_H
#define MOTCUA_PORTAL_STORE_H

#include "arena.h"
#include "db.h"

#include <stdint.h>

struct portal_link_row {
    int64_t dossier_id, submitted_at;
    const char *partner, *portal_code;
    int vneid_verified;
};
/* E_CONFLICT when the partner's code was recorded before. */
int portal_link_insert(struct db_conn *c, const struct portal_link_row *r, struct err *e);
/* The link of a dossier; E_NOTFOUND for a dossier made in motcua. */
int portal_link_get(struct db_conn *c, struct arena *a, int64_t dossier_id,
                    struct portal_link_row *out, struct err *e);
/* The dossier a partner's code was received as; E_NOTFOUND. */
int portal_link_find(struct db_conn *c, const char *partner, const char *portal_code,
                     int64_t *dossier_id, struct err *e);
/* 1 in *yes when the account signs in through an outside identity provider. */
int portal_account_verified(struct db_conn *c, int64_t user_id, int *yes, struct err *e);

/* The appointment before and after a supplement cycle (0 = not known yet). */
int portal_due_open(struct db_conn *c, int64_t supplement_id, int64_t due_before, struct err *e);
int portal_due_close(struct db_conn *c, int64_t supplement_id, int64_t due_after, struct err *e);
int portal_due_get(struct db_conn *c, int64_t supplement_id, int64_t *due_before,
                   int64_t *due_after, struct err *e);

struct portal_diff_row {
    int64_t id, run_at, dossier_id, resent_at;
    const char *partner, *code, *kind, *field, *ours, *theirs;
};
/* Replaces the partner's list with rows (the last run's findings). */
int portal_diff_replace(struct db_conn *c, const char *partner, const struct portal_diff_row *rows,
                        int n, struct err *e);
/* The partner's list in the order found (partner NULL = every partner). */
int portal_diff_list(struct db_conn *c, struct arena *a, const char *partner,
                     struct portal_diff_row **out, int *n, struct err *e);
int portal_diff_get(struct db_conn *c, struct arena *a, int64_t id, struct portal_diff_row *out,
                    struct err *e);
int portal_diff_mark_resent(struct db_conn *c, int64_t id, int64_t at, struct err *e);

#endif
