/* stats_store.c — SQL for the statistics counters (see stats_store.h). The counter columns
 * are listed once per statement, in the order of enum stats_counter, so that a result row
 * can be read into an array with one loop. */
#include "stats_store.h"

#include "buf.h"
#include "rows.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const counter_names[STATS_NCOUNTERS] = {
    "received",       "online",           "accepted",      "refused",         "supplements",
    "resolved_early", "resolved_on_time", "resolved_late", "returned",        "stopped",
    "withdrawn",      "digitised",        "e_result",      "fully_digitised", "rated",
    "satisfied",      "neutral",          "dissatisfied",  "contacts_n",      "contacts_sum",
    "bodies_n",       "bodies_sum",       "information_n", "information_sum", "attitude_n",
    "attitude_sum",
};

const char *stats_counter_name(enum stats_counter k)
{
    return k >= 0 && k < STATS_NCOUNTERS ? counter_names[k] : "";
}

/* The two statements that name every counter are written once from counter_names, so a new
 * counter is one name in the list (and one column in a migration). */
static char add_sql[4096], cells_sql[2048];
static pthread_once_t sql_once = PTHREAD_ONCE_INIT;

static void build_sql(void)
{
    struct buf a, b;
    buf_init(&a, sizeof add_sql);
    buf_init(&b, sizeof cells_sql);
    buf_puts(&a, "INSERT INTO stats_daily (unit_id, procedure_code, channel, day");
    for (int k = 0; k < STATS_NCOUNTERS; k++)
        buf_printf(&a, ", %s", counter_names[k]);
    buf_puts(&a, ") VALUES ($1, $2, $3, $4");
    for (int k = 0; k < STATS_NCOUNTERS; k++)
        buf_printf(&a, ", $%d", k + 5);
    buf_puts(&a, ") ON CONFLICT (unit_id, procedure_code, channel, day) DO UPDATE SET ");
    for (int k = 0; k < STATS_NCOUNTERS; k++)
        buf_printf(&a, "%s%s = stats_daily.%s + $%d", k ? ", " : "", counter_names[k],
                   counter_names[k], k + 5);
    buf_puts(&b, "SELECT unit_id, procedure_code, channel, SUBSTR(day, 1, 7)");
    for (int k = 0; k < STATS_NCOUNTERS; k++)
        buf_printf(&b, ", SUM(%s)", counter_names[k]);
    buf_puts(&b, " FROM stats_daily WHERE day >= $1 AND day <= $2 "
                 "GROUP BY unit_id, procedure_code, channel, SUBSTR(day, 1, 7) "
                 "ORDER BY unit_id, procedure_code, channel, SUBSTR(day, 1, 7)");
    snprintf(add_sql, sizeof add_sql, "%s", buf_str(&a));
    snprintf(cells_sql, sizeof cells_sql, "%s", buf_str(&b));
    buf_free(&a);
    buf_free(&b);
}

int stats_add(struct db_conn *c, const struct stats_key *k, const int64_t d[STATS_NCOUNTERS],
              struct err *e)
{
    pthread_once(&sql_once, build_sql);
    struct db_param p[4 + STATS_NCOUNTERS] = {DB_I(k->unit_id), DB_T(k->procedure_code),
                                              DB_T(k->channel), DB_T(k->day)};
    for (int i = 0; i < STATS_NCOUNTERS; i++)
        p[4 + i] = DB_I(d[i]);
    return db_exec(c, add_sql, p, 4 + STATS_NCOUNTERS, e);
}

int stats_clear(struct db_conn *c, struct err *e)
{
    return db_exec(c, "DELETE FROM stats_daily", DB_NOARGS, e);
}

int stats_cells(struct db_conn *c, struct arena *a, const char *from, const char *to,
                struct stats_cell **out, int *n, struct err *e)
{
    pthread_once(&sql_once, build_sql);
    struct db_rows *r = NULL;
    int rc = db_query(c, cells_sql, DB_ARGS(DB_T(from), DB_T(to)), &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++) {
        struct stats_cell *s = &(*out)[i];
        s->unit_id = db_rows_int(r, i, 0);
        s->procedure_code = rows_text(a, r, i, 1);
        s->channel = rows_text(a, r, i, 2);
        s->month = rows_text(a, r, i, 3);
        for (int k = 0; k < STATS_NCOUNTERS; k++)
            s->n[k] = db_rows_int(r, i, 4 + k);
    }
    db_rows_free(r);
    return 0;
}

/* How many files of a kind a dossier had before a moment: written once, used by the live
 * look-up and inside the rebuild's event query, so both apply the same rule. */
#define FILES_BEFORE(kind, dossier, moment)                                                        \
    "(SELECT COUNT(*) FROM dossier_files f WHERE f.dossier_id = " dossier " AND f.kind = '" kind   \
    "' AND f.uploaded_at < " moment ")"
/* The rebuild looks only where an event may resolve a dossier (see stats.c). */
#define RESOLVING_FILES(kind)                                                                      \
    "CASE WHEN ev.to_state IN ('result_ready', 'stopped', 'withdrawn') THEN " FILES_BEFORE(        \
        kind, "d.id", "ev.at") " ELSE 0 END"

int stats_dossier_files(struct db_conn *c, int64_t dossier_id, int64_t before,
                        struct stats_files *out, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(
        c, "SELECT " FILES_BEFORE("component", "$1", "$2") ", " FILES_BEFORE("result", "$1", "$2"),
        DB_ARGS(DB_I(dossier_id), DB_I(before)), &r, e);
    if (rc)
        return rc;
    out->components = db_rows_int(r, 0, 0) > 0;
    out->result = db_rows_int(r, 0, 1) > 0;
    db_rows_free(r);
    return 0;
}

int stats_events_after(struct db_conn *c, struct arena *a, int64_t after, int limit,
                       struct stats_event **out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc =
        db_query(c,
                 "SELECT ev.id, d.receiving_unit_id, COALESCE(d.due_at, 0), ev.at, "
                 "d.extended, d.procedure_code, d.channel, ev.action, ev.from_state, "
                 "ev.to_state, " RESOLVING_FILES("component") ", " RESOLVING_FILES(
                     "result") " "
                               "FROM dossier_events ev JOIN dossiers d ON d.id = ev.dossier_id "
                               "WHERE ev.id > $1 ORDER BY ev.id LIMIT $2",
                 DB_ARGS(DB_I(after), DB_I(limit)), &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++)
        (*out)[i] = (struct stats_event){
            .id = db_rows_int(r, i, 0),
            .unit_id = db_rows_int(r, i, 1),
            .due_at = db_rows_int(r, i, 2),
            .at = db_rows_int(r, i, 3),
            .extended = (int)db_rows_int(r, i, 4),
            .procedure_code = rows_text(a, r, i, 5),
            .channel = rows_text(a, r, i, 6),
            .action = rows_text(a, r, i, 7),
            .from_state = rows_text(a, r, i, 8),
            .to_state = rows_text(a, r, i, 9),
            .files = {db_rows_int(r, i, 10) > 0, db_rows_int(r, i, 11) > 0},
        };
    db_rows_free(r);
    return 0;
}

int stats_ratings_after(struct db_conn *c, struct arena *a, int64_t after, int limit,
                        struct stats_rating **out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "SELECT r.id, d.receiving_unit_id, r.created_at, d.procedure_code, "
                      "d.channel, r.overall, r.indicators FROM dossier_ratings r "
                      "JOIN dossiers d ON d.id = r.dossier_id WHERE r.id > $1 ORDER BY r.id "
                      "LIMIT $2",
                      DB_ARGS(DB_I(after), DB_I(limit)), &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++)
        (*out)[i] = (struct stats_rating){db_rows_int(r, i, 0),  db_rows_int(r, i, 1),
                                          db_rows_int(r, i, 2),  rows_text(a, r, i, 3),
                                          rows_text(a, r, i, 4), rows_text(a, r, i, 5),
                                          rows_text(a, r, i, 6)};
    db_rows_free(r);
    return 0;
}

static int procedure_order(const void *a, const void *b)
{
    return strcmp(((const struct stats_procedure *)a)->code,
                  ((const struct stats_procedure *)b)->code);
}

int stats_procedures(struct db_conn *c, struct arena *a, const char *today,
                     struct stats_procedure **out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "SELECT p.code, v.name, v.online_mode, v.body, v.field, "
                      "CASE WHEN p.retired_at IS NULL AND v.effective_from <= $1 THEN 1 ELSE 0 "
                      "END FROM procedures p JOIN procedure_versions v ON v.procedure_id = p.id "
                      "WHERE v.version_no = COALESCE((SELECT MAX(w.version_no) FROM "
                      "procedure_versions w WHERE w.procedure_id = p.id AND w.effective_from <= "
                      "$1), p.latest_version) ORDER BY p.code",
                      DB_ARGS(DB_T(today)), &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++)
        (*out)[i] = (struct stats_procedure){rows_text(a, r, i, 0), rows_text(a, r, i, 1),
                                             rows_text(a, r, i, 2), rows_text(a, r, i, 3),
                                             rows_text(a, r, i, 4), (int)db_rows_int(r, i, 5)};
    db_rows_free(r);
    if (*n)
        qsort(*out, (size_t)*n, sizeof **out, procedure_order);
    return 0;
}

#define DOSSIER_COLS                                                                               \
    "SELECT d.code, d.procedure_code, d.procedure_name, d.channel, d.state, d.received_at, "       \
    "COALESCE(d.due_at, 0), COALESCE(d.finished_at, 0), d.extended, r.overall, r.indicators "      \
    "FROM dossiers d LEFT JOIN dossier_ratings r ON r.dossier_id = d.id "

int stats_dossiers(struct db_conn *c, struct arena *a, int64_t unit_id, int resolved, int64_t from,
                   int64_t to, struct stats_dossier **out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc =
        db_query(c,
                 resolved ? DOSSIER_COLS "WHERE d.receiving_unit_id = $1 AND d.finished_at >= $2 "
                                         "AND d.finished_at < $3 AND d.due_at IS NOT NULL "
                                         "ORDER BY d.finished_at, d.id"
                          : DOSSIER_COLS "WHERE d.receiving_unit_id = $1 AND d.received_at >= "
                                         "$2 AND d.received_at < $3 "
                                         "ORDER BY d.received_at, d.id",
                 DB_ARGS(DB_I(unit_id), DB_I(from), DB_I(to)), &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++)
        (*out)[i] = (struct stats_dossier){
            rows_text(a, r, i, 0), rows_text(a, r, i, 1), rows_text(a, r, i, 2),
            rows_text(a, r, i, 3), rows_text(a, r, i, 4), db_rows_int(r, i, 5),
            db_rows_int(r, i, 6),  db_rows_int(r, i, 7),  (int)db_rows_int(r, i, 8),
            rows_str(a, r, i, 9),  rows_str(a, r, i, 10)};
    db_rows_free(r);
    return 0;
}
