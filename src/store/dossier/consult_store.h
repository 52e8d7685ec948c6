/* consult_store.h — persistence of consultations of another unit about a dossier (migration
 * 0012). An answer is written only while the consultation is still open, so two people of
 * the consulted unit cannot both answer it: the second gets E_CONFLICT. */
#ifndef MOTCUA_CONSULT_STORE_H
#define MOTCUA_CONSULT_STORE_H

#include "arena.h"
#include "db.h"

#include <stdint.h>

struct consult_row {
    int64_t id, dossier_id, from_unit_id, to_unit_id, requested_by, requested_at, due_at,
        answered_by, answered_at; /* answered_at 0 while open */
    const char *question, *answer;
    /* filled by the reads, ignored by the insert */
    const char *requested_by_name, *answered_by_name, *dossier_code, *procedure_name;
};

int consult_insert(struct db_conn *c, const struct consult_row *r, int64_t *id, struct err *e);
/* E_NOTFOUND when there is no consultation with this id. */
int consult_get(struct db_conn *c, struct arena *a, int64_t id, struct consult_row *out,
                struct err *e);
/* Records the answer where the consultation is still open; E_CONFLICT when it is not. */
int consult_answer(struct db_conn *c, int64_t id, int64_t by, int64_t at, const char *answer,
                   struct err *e);
/* The consultations of a dossier, oldest first. */
int consult_list(struct db_conn *c, struct arena *a, int64_t dossier_id, struct consult_row **out,
                 int *n, struct err *e);
/* Open consultations of unit_id's subtree, due soonest first, at most limit. */
int consult_open(struct db_conn *c, struct arena *a, int64_t unit_id, int limit,
                 struct consult_row **out, int *n, struct err *e);
/* The units consulted about a dossier and not answered yet (at most max of them). */
int consult_open_units(struct db_conn *c, int64_t dossier_id, int64_t *units, int max, int *n,
                       struct err *e);

/* One page of open consultations of dossiers in processing whose answer is due at or before
 * `horizon`, in (due_at, id) order after the cursor (after_due, after_id); those already
 * marked overdue for their due moment are left out (the deadline job, migration 0017). */
int consult_due(struct db_conn *c, struct arena *a, int64_t horizon, int64_t after_due,
                int64_t after_id, int limit, struct consult_row **out, int *n, struct err *e);
/* Records a warning about a consultation ("consult_due_soon" | "consult_overdue") unless it
 * exists for this due moment; *added is 1 when this call recorded it. */
int consult_alert_add(struct db_conn *c, int64_t consultation_id, const char *kind, int64_t due_at,
                      int64_t at, int *added, struct err *e);

#endif
