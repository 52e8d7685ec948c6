/* stats_store.c — SQL for the statistics counters (see stats_store.h). The counter columns
 * are listed once per statement, in the order of enum stats_counter, so that a result row
 * can be read into an array with one loop. */
#include "stats_store.h"

#include "rows.h"

static const char *const counter_names[STATS_NCOUNTERS] = {
    "received",       "online",           "accepted",      "refused",  "supplements",
    "resolved_early", "resolved_on_time", "resolved_late", "returned", "stopped",
    "withdrawn",      "digitised",        "e_result",
};

const char *stats_counter_name(enum stats_counter k)
{
    return k >= 0 && k < STATS_NCOUNTERS ? counter_names[k] : "";
}

int stats_add(struct db_conn *c, const struct stats_key *k, const int64_t d[STATS_NCOUNTERS],
              struct err *e)
{
    return db_exec(
        c,
        "INSERT INTO stats_daily (unit_id, procedure_code, channel, day, received, online, "
        "accepted, refused, supplements, resolved_early, resolved_on_time, resolved_late, "
        "returned, stopped, withdrawn, digitised, e_result) VALUES ($1, $2, $3, $4, $5, $6, $7, "
        "$8, $9, $10, $11, $12, $13, $14, $15, $16, $17) "
        "ON CONFLICT (unit_id, procedure_code, channel, day) DO UPDATE SET "
        "received = stats_daily.received + $5, online = stats_daily.online + $6, "
        "accepted = stats_daily.accepted + $7, refused = stats_daily.refused + $8, "
        "supplements = stats_daily.supplements + $9, "
        "resolved_early = stats_daily.resolved_early + $10, "
        "resolved_on_time = stats_daily.resolved_on_time + $11, "
        "resolved_late = stats_daily.resolved_late + $12, "
        "returned = stats_daily.returned + $13, stopped = stats_daily.stopped + $14, "
        "withdrawn = stats_daily.withdrawn + $15, digitised = stats_daily.digitised + $16, "
        "e_result = stats_daily.e_result + $17",
        DB_ARGS(DB_I(k->unit_id), DB_T(k->procedure_code), DB_T(k->channel), DB_T(k->day),
                DB_I(d[0]), DB_I(d[1]), DB_I(d[2]), DB_I(d[3]), DB_I(d[4]), DB_I(d[5]), DB_I(d[6]),
                DB_I(d[7]), DB_I(d[8]), DB_I(d[9]), DB_I(d[10]), DB_I(d[11]), DB_I(d[12])),
        e);
}

int stats_clear(struct db_conn *c, struct err *e)
{
    return db_exec(c, "DELETE FROM stats_daily", DB_NOARGS, e);
}

int stats_cells(struct db_conn *c, struct arena *a, const char *from, const char *to,
                struct stats_cell **out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc =
        db_query(c,
                 "SELECT unit_id, procedure_code, channel, SUBSTR(day, 1, 7), SUM(received), "
                 "SUM(online), SUM(accepted), SUM(refused), SUM(supplements), SUM(resolved_early), "
                 "SUM(resolved_on_time), SUM(resolved_late), SUM(returned), SUM(stopped), "
                 "SUM(withdrawn), SUM(digitised), SUM(e_result) FROM stats_daily "
                 "WHERE day >= $1 AND day <= $2 "
                 "GROUP BY unit_id, procedure_code, channel, SUBSTR(day, 1, 7) "
                 "ORDER BY unit_id, procedure_code, channel, SUBSTR(day, 1, 7)",
                 DB_ARGS(DB_T(from), DB_T(to)), &r, e);
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

int stats_events_after(struct db_conn *c, struct arena *a, int64_t after, int limit,
                       struct stats_event **out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "SELECT ev.id, d.receiving_unit_id, COALESCE(d.due_at, 0), ev.at, "
                      "d.extended, d.procedure_code, d.channel, ev.action, ev.from_state, "
                      "ev.to_state FROM dossier_events ev JOIN dossiers d ON d.id = ev.dossier_id "
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
        };
    db_rows_free(r);
    return 0;
}

int stats_procedures(struct db_conn *c, struct arena *a, const char *today,
                     struct stats_procedure **out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "SELECT p.code, v.name, v.online_mode, v.body, "
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
                                             (int)db_rows_int(r, i, 4)};
    db_rows_free(r);
    return 0;
}

#define DOSSIER_COLS                                                                               \
    "SELECT code, procedure_code, procedure_name, channel, state, received_at, "                   \
    "COALESCE(due_at, 0), COALESCE(finished_at, 0), extended FROM dossiers "

int stats_dossiers(struct db_conn *c, struct arena *a, int64_t unit_id, int resolved, int64_t from,
                   int64_t to, struct stats_dossier **out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      resolved ? DOSSIER_COLS "WHERE receiving_unit_id = $1 AND finished_at >= $2 "
                                              "AND finished_at < $3 AND due_at IS NOT NULL "
                                              "ORDER BY finished_at, id"
                               : DOSSIER_COLS "WHERE receiving_unit_id = $1 AND received_at >= $2 "
                                              "AND received_at < $3 ORDER BY received_at, id",
                      DB_ARGS(DB_I(unit_id), DB_I(from), DB_I(to)), &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++)
        (*out)[i] = (struct stats_dossier){
            rows_text(a, r, i, 0), rows_text(a, r, i, 1), rows_text(a, r, i, 2),
            rows_text(a, r, i, 3), rows_text(a, r, i, 4), db_rows_int(r, i, 5),
            db_rows_int(r, i, 6),  db_rows_int(r, i, 7),  (int)db_rows_int(r, i, 8)};
    db_rows_free(r);
    return 0;
}
