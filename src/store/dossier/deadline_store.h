/* deadline_store.h — what the deadline job reads and writes (migrations 0004 and 0006): open
 * dossiers whose current step or whole time limit ends before a horizon, read as index range
 * scans in pages; the alerts already raised; the people who hold a role over a unit; and the
 * units with office hours of their own. */
#ifndef MOTCUA_DEADLINE_STORE_H
#define MOTCUA_DEADLINE_STORE_H

#include "arena.h"
#include "db.h"

#include <stdint.h>

struct deadline_row {
    int64_t id, receiving_unit_id, step_unit_id, step_due_at, due_at; /* 0 = none */
    int step_index, extended;
    const char *code, *procedure_name, *step_role;
};

/* One page of dossiers in processing whose current step is due at or before `horizon`, in
 * (step_due_at, id) order after the cursor (after_due, after_id); those whose step already
 * has its step_overdue alert are left out, so the overdue backlog is not sent again. */
int deadline_steps_due(struct db_conn *c, struct arena *a, int64_t horizon, int64_t after_due,
                       int64_t after_id, int limit, struct deadline_row **out, int *n,
                       struct err *e);
/* The same for the dossier's own due moment (due_at), leaving out those already marked
 * overdue for that due moment. */
int deadline_dossiers_due(struct db_conn *c, struct arena *a, int64_t horizon, int64_t after_due,
                          int64_t after_id, int limit, struct deadline_row **out, int *n,
                          struct err *e);

/* Records an alert unless it exists; *added is 1 when this call recorded it. step_index is
 * -1 for alerts about the whole dossier. */
int deadline_alert_add(struct db_conn *c, int64_t dossier_id, const char *kind, int step_index,
                       int64_t due_at, int64_t at, int *added, struct err *e);

struct deadline_person {
    int64_t user_id;
    const char *username;
};
/* Active users holding `role` at unit_id or one of its ancestors, or without a unit. */
int deadline_people(struct db_conn *c, struct arena *a, int64_t unit_id, const char *role,
                    struct deadline_person **out, int *n, struct err *e);

/* The units that have office hours of their own. */
int deadline_office_units(struct db_conn *c, struct arena *a, int64_t **out, int *n, struct err *e);

#endif
