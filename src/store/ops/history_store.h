/* history_store.h — bulk writes of a generated dossier history (`motcua demo --dossiers`):
 * the receiving offers it draws from, the daily code sequences it continues, and multi-row
 * inserts of dossiers, events, supplement cycles, steps, ratings and files, so that a million
 * dossiers are a few thousand statements rather than millions. Rows carry explicit dossier ids so
 * that the child rows need no look-up. */
#ifndef MOTCUA_HISTORY_STORE_H
#define MOTCUA_HISTORY_STORE_H

#include "arena.h"
#include "db.h"
#include "dossier_store.h"

#include <stdint.h>

/* A procedure a unit receives, with its version in force on today (the first version when
 * none is in force yet: a history reaches back before the catalogue was loaded) and the unit
 * that resolves it (0 when none is assigned). */
struct history_offer {
    int64_t unit_id, resolver_id, version_id;
    const char *procedure_code, *name, *body;
};
int history_offers(struct db_conn *c, struct arena *a, const char *today,
                   struct history_offer **out, int *n, struct err *e);

struct history_seq {
    int64_t unit_id;
    const char *day; /* YYYY-MM-DD */
    int last_seq;
};
/* Every stored daily sequence. */
int history_day_seqs(struct db_conn *c, struct arena *a, struct history_seq **out, int *n,
                     struct err *e);
/* Raises each (unit, day) sequence to at least last_seq. */
int history_write_day_seqs(struct db_conn *c, const struct history_seq *r, int n, struct err *e);

/* SQLite's default page cache (2 MiB) makes every batch re-read the index pages it just
 * wrote: a bulk writer's connection gets 256 MiB. Nothing on PostgreSQL. */
int history_bulk_session(struct db_conn *c, struct err *e);
/* The largest dossier id so far (0 when none). */
int history_max_id(struct db_conn *c, int64_t *id, struct err *e);
/* On PostgreSQL the identity sequence does not see explicit ids: moves it past them. */
int history_settle_ids(struct db_conn *c, struct err *e);

struct history_event {
    int64_t dossier_id;
    struct dossier_event_row ev;
};
struct history_supplement {
    int64_t dossier_id;
    struct dossier_supplement_row s;
};
struct history_step {
    int64_t dossier_id;
    struct dossier_step_row s;
};

/* A citizen's rating of a returned dossier (migration 0011). */
struct history_rating {
    int64_t dossier_id, created_at;
    const char *overall, *indicators, *channel;
};

/* A file of a generated dossier (migration 0005): a component scan (component_idx ≥ 0) or
 * the electronic result (component_idx -1), attached by the system. */
struct history_file {
    int64_t dossier_id, uploaded_at;
    const char *sha256, *name;
    int component_idx;
};

/* Inserts n dossiers with their ids (d[i].id). */
int history_insert_dossiers(struct db_conn *c, const struct dossier_row *d, int n, struct err *e);
int history_insert_events(struct db_conn *c, const struct history_event *r, int n, struct err *e);
int history_insert_supplements(struct db_conn *c, const struct history_supplement *r, int n,
                               struct err *e);
int history_insert_steps(struct db_conn *c, const struct history_step *r, int n, struct err *e);
int history_insert_ratings(struct db_conn *c, const struct history_rating *r, int n, struct err *e);
int history_insert_files(struct db_conn *c, const struct history_file *r, int n, struct err *e);

#endif
