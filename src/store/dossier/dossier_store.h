/* dossier_store.h — persistence of dossiers, their checklist, steps, events and supplement
 * cycles (migration 0004). Updates of a dossier are conditional on its version, so two
 * people acting on the same page state cannot both win: the second gets E_CONFLICT. */
#ifndef MOTCUA_DOSSIER_STORE_H
#define MOTCUA_DOSSIER_STORE_H

#include "arena.h"
#include "db.h"

#include <stdint.h>

struct dossier_row {
    int64_t id, procedure_version_id, receiving_unit_id, applicant_user_id;
    const char *code, *procedure_code, *procedure_name, *state, *channel, *return_method;
    int national_status, version, sets, limit_value, extended, supplements, step_index;
    const char *applicant_kind, *applicant_name, *applicant_fold, *applicant_id, *applicant_birth,
        *applicant_phone, *applicant_email, *applicant_address;
    int64_t fee_total;
    const char *limit_unit;
    int64_t received_at, accepted_at, clock_start, first_due_at, due_at; /* 0 = none */
    int64_t step_unit_id, step_due_at, assignee_id;
    const char *step_role, *result_kind, *reason;
    int64_t finished_at, returned_at, created_by, updated_at;
    const char *lookup_token; /* the public lookup's second factor (migration 0024) */
};

struct dossier_step_row {
    int idx;
    const char *role, *actor_label, *timing;
    int64_t unit_id, budget_seconds, started_at, due_at, finished_at, finished_by;
    const char *late_reason; /* why it was finished past its due time; NULL when not */
};

struct dossier_component_row {
    int idx, required_count, received_count;
    const char *name, *kind;
};

struct dossier_event_row {
    int64_t at, actor_id, from_unit_id, to_unit_id;
    int step_index;
    const char *actor, *action, *from_state, *to_state, *timing, *note;
};

struct dossier_supplement_row {
    int64_t id, requested_at, completed_at;
    const char *stage, *items, *reason;
};

/* The version of a procedure in force on `today` (YYYY-MM-DD), for a new dossier: its row id,
 * number, name and canonical JSON body, and the procedure's id. E_NOTFOUND when the code is
 * unknown or retired. */
struct dossier_proc {
    int64_t procedure_id, version_id;
    int version_no;
    const char *name, *body;
};
int dossier_proc_in_force(struct db_conn *c, struct arena *a, const char *code, const char *today,
                          struct dossier_proc *out, struct err *e);
int dossier_proc_version(struct db_conn *c, struct arena *a, int64_t version_id,
                         struct dossier_proc *out, struct err *e);

/* The next number of the day for a receiving unit (1 for the first dossier of the day). */
int dossier_next_seq(struct db_conn *c, int64_t unit_id, const char *day, int *seq, struct err *e);
int dossier_insert(struct db_conn *c, const struct dossier_row *d, int64_t *id, struct err *e);
/* Writes every mutable field of d where the stored version is expected_version, and sets the
 * version to expected_version + 1; E_CONFLICT when someone else changed it first. */
int dossier_update(struct db_conn *c, const struct dossier_row *d, int expected_version,
                   struct err *e);
int dossier_get(struct db_conn *c, struct arena *a, const char *code, struct dossier_row *out,
                struct err *e);

/* What the public lookup shows of a dossier: no officer, no note, no personal data beyond the
 * applicant's name (which the service masks), unit names resolved in the same query. */
struct dossier_public_event {
    int64_t at;
    const char *action, *from_state, *to_state, *from_unit_name, *to_unit_name, *timing;
};
struct dossier_public_row {
    const char *code, *procedure_name, *applicant_name, *state, *receiving_unit_name;
    int national_status;
    int64_t received_at, due_at;
    struct dossier_public_event *events; /* oldest first */
    int nevents;
    /* What the lookup's second factor is checked against, never shown (NULL when none). */
    const char *lookup_token, *applicant_id, *applicant_phone;
};
/* The dossier with this code and its whole timeline, in one indexed query; E_NOTFOUND when
 * there is no such code. */
int dossier_public_get(struct db_conn *c, struct arena *a, const char *code,
                       struct dossier_public_row *out, struct err *e);

int dossier_component_insert(struct db_conn *c, int64_t id, const struct dossier_component_row *r,
                             struct err *e);
int dossier_components(struct db_conn *c, struct arena *a, int64_t id,
                       struct dossier_component_row **out, int *n, struct err *e);
int dossier_step_insert(struct db_conn *c, int64_t id, const struct dossier_step_row *r,
                        struct err *e);
int dossier_step_update(struct db_conn *c, int64_t id, const struct dossier_step_row *r,
                        struct err *e);
int dossier_steps(struct db_conn *c, struct arena *a, int64_t id, struct dossier_step_row **out,
                  int *n, struct err *e);
int dossier_event_insert(struct db_conn *c, int64_t id, const struct dossier_event_row *r,
                         struct err *e);
int dossier_events(struct db_conn *c, struct arena *a, int64_t id, struct dossier_event_row **out,
                   int *n, struct err *e);
int dossier_supplement_insert(struct db_conn *c, int64_t id, const struct dossier_supplement_row *r,
                              struct err *e);
/* Marks the open supplement cycle of a dossier completed. */
int dossier_supplement_complete(struct db_conn *c, int64_t id, int64_t at, struct err *e);
int dossier_supplements(struct db_conn *c, struct arena *a, int64_t id,
                        struct dossier_supplement_row **out, int *n, struct err *e);

/* Dossiers waiting for role `role` in unit_id's subtree, open ones only, due soonest first;
 * those marked to someone else are left out. */
/* Dossiers whose current step, at unit_id or below, is due at or before `until` and still
 * open (processing, or a result waiting at the counter), due soonest first. */
int dossier_late(struct db_conn *c, struct arena *a, int64_t unit_id, int64_t until, int limit,
                 struct dossier_row **out, int *n, struct err *e);
int dossier_inbox(struct db_conn *c, struct arena *a, int64_t unit_id, const char *role,
                  int64_t user_id, int limit, struct dossier_row **out, int *n, struct err *e);

struct dossier_query {
    const char *code, *name_fold, *id_number, *phone, *procedure_code, *state;
    int64_t from, to;          /* received_at range, 0 = open */
    int64_t scope_unit_id;     /* receiving or current unit within this subtree; 0 = all */
    int64_t applicant_user_id; /* a citizen's own dossiers; 0 = any */
    int limit;
};
int dossier_search(struct db_conn *c, struct arena *a, const struct dossier_query *q,
                   struct dossier_row **out, int *n, struct err *e);

/* One line of the tracking book (Mẫu 06): a dossier received at a unit, with its first
 * processing step (the lead agency and the transfer time). */
struct dossier_book_row {
    const char *code, *procedure_name, *applicant_name, *applicant_address, *applicant_phone,
        *lead_agency, *state, *reason;
    int sets;
    int64_t received_at, first_due_at, transferred_at, finished_at, returned_at;
};
/* Dossiers received at unit_id in [from, to), oldest first, at most limit. */
int dossier_book(struct db_conn *c, struct arena *a, int64_t unit_id, int64_t from, int64_t to,
                 int limit, struct dossier_book_row **out, int *n, struct err *e);

#endif
