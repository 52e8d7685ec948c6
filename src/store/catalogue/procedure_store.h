/* procedure_store.h — persistence of the procedure catalogue: procedures, their immutable
 * versions and their unit assignments. */
#ifndef MOTCUA_PROCEDURE_STORE_H
#define MOTCUA_PROCEDURE_STORE_H

#include "arena.h"
#include "db.h"

#include <stddef.h>
#include <stdint.h>

struct proc_row {
    int64_t id, retired_at, created_at; /* retired_at 0 = in force */
    const char *code;
    int latest_version;
};

/* One version; the search columns are computed by the caller (fold, ICU sort key). */
struct proc_version_row {
    int64_t procedure_id, created_at, created_by; /* created_by 0 = the system */
    int version_no, verified;
    const char *effective_from, *name, *field, *level, *online, *search_fold, *body;
    const char *sort_key; /* bytes, sort_key_len long */
    size_t sort_key_len;
};

/* A listing row: the version shown for a procedure. */
struct proc_list_row {
    const char *code, *name, *field, *level, *online, *effective_from;
    int version_no, verified, retired;
};

struct proc_search {
    const char *today;    /* YYYY-MM-DD: which version is in force */
    int latest;           /* 1: show the latest version and retired procedures too */
    const char *words[6]; /* LIKE patterns ("%dang%"), "%" for an unused slot */
    const char *field, *level, *online, *agency; /* "" = any */
    int64_t limit, offset;
};

struct proc_unit_row {
    int64_t unit_id;
    const char *key, *name, *role;
};

int proc_insert(struct db_conn *c, const char *code, int64_t now, int64_t *id, struct err *e);
int proc_get(struct db_conn *c, struct arena *a, const char *code, struct proc_row *out,
             struct err *e);
/* Every procedure, ordered by code. */
int proc_list_all(struct db_conn *c, struct arena *a, struct proc_row **out, int *n, struct err *e);
/* Sets latest_version to version when it is still expected (optimistic lock); E_CONFLICT
 * when another version was written in between. */
int proc_bump_version(struct db_conn *c, int64_t id, int expected, int version, struct err *e);
int proc_retire(struct db_conn *c, int64_t id, int64_t now, struct err *e);

int proc_version_insert(struct db_conn *c, const struct proc_version_row *v, struct err *e);
/* Version version_no of a procedure, or (version_no 0) the one in force on today. Only
 * version_no, effective_from, created_at and body are filled. */
int proc_version_get(struct db_conn *c, struct arena *a, int64_t procedure_id, int version_no,
                     const char *today, struct proc_version_row *out, struct err *e);
/* Every version of a procedure, oldest first (version_no, effective_from, body). */
int proc_version_list(struct db_conn *c, struct arena *a, int64_t procedure_id,
                      struct proc_version_row **out, int *n, struct err *e);

int proc_search(struct db_conn *c, struct arena *a, const struct proc_search *q,
                struct proc_list_row **out, int *n, int64_t *total, struct err *e);
/* The fields of the versions in force today, sorted. */
int proc_fields(struct db_conn *c, struct arena *a, const char *today, const char ***out, int *n,
                struct err *e);
/* Units that have at least one procedure assigned (role "" in the rows). */
int proc_assigned_units(struct db_conn *c, struct arena *a, struct proc_unit_row **out, int *n,
                        struct err *e);

int proc_units_list(struct db_conn *c, struct arena *a, int64_t procedure_id,
                    struct proc_unit_row **out, int *n, struct err *e);
int proc_units_clear(struct db_conn *c, int64_t procedure_id, struct err *e);
int proc_units_add(struct db_conn *c, int64_t procedure_id, int64_t unit_id, const char *role,
                   struct err *e);

/* The code of the procedure without a national code (codes 0.xxxxxx) whose latest version
 * is called name; E_NOTFOUND when there is none. */
int proc_local_code_by_name(struct db_conn *c, struct arena *a, const char *name, const char **code,
                            struct err *e);
/* Highest code starting with prefix ("0." or "9.9"), or E_NOTFOUND. */
int proc_max_code(struct db_conn *c, struct arena *a, const char *like, const char **code,
                  struct err *e);

#endif
