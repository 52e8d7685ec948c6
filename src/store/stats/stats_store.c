/* stats_store.c — SQL for the statistics counters (see stats_store.h). The counter columns
 * are listed once per statement, in the order of enum stats_counter, so that a result row
 * can be read into an array with one loop. Each counter is kept per day and, in the same
 * statement pair, per month (migration 0020); every read takes the whole months of its period
 * from the monthly rows and the days at its edges from the daily ones, so its cost is bounded
 * by the months and the edge days, not by how densely the period's days are filled. */
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

/* The statements that name every counter are written once from counter_names, so a new
 * counter is one name in the list (and one column in a migration per table). */
static char add_sql[4096], add_month_sql[4096], cells_sql[8192];
static char step_add_sql[1024], step_add_month_sql[1024], step_cells_sql[4096];
static char online_late_sql[4096];
static pthread_once_t sql_once = PTHREAD_ONCE_INIT;

static const char *const step_names[STATS_NSTEPS] = {"early", "on_time", "late"};

/* INSERT … ON CONFLICT … DO UPDATE adding $n to each counter: the one upsert of every counter
 * table, day or month. Parameters: the keys, the period (day or month), the counters. */
static void build_upsert(char *out, size_t size, const char *table, const char *keys, int nkeys,
                         const char *period, const char *const *cols, int ncols)
{
    struct buf b;
    buf_init(&b, size);
    buf_printf(&b, "INSERT INTO %s (%s, %s", table, keys, period);
    for (int k = 0; k < ncols; k++)
        buf_printf(&b, ", %s", cols[k]);
    buf_puts(&b, ") VALUES ($1");
    for (int k = 1; k < nkeys + 1 + ncols; k++)
        buf_printf(&b, ", $%d", k + 1);
    buf_printf(&b, ") ON CONFLICT (%s, %s) DO UPDATE SET ", keys, period);
    for (int k = 0; k < ncols; k++)
        buf_printf(&b, "%s%s = %s.%s + $%d", k ? ", " : "", cols[k], table, cols[k], nkeys + 2 + k);
    snprintf(out, size, "%s", buf_str(&b));
    buf_free(&b);
}

/* One edge month of a period as a UNION ALL pair over parameters $k..$k+4 (lo, hi, the month's
 * first and last day, the month): its monthly row when the month's day rows all lie in lo..hi
 * (the row is then the sum of exactly those days), else its days lo..hi from the daily table.
 * The test is part of the statement, so it sees the rows the read sees; it asks for day rows in
 * lo..hi too, so that day rows removed by hand (a test wiping the counters) are not answered
 * from the month. */
static void build_edge(struct buf *b, const char *family, const char *cols, int k)
{
    char whole[512];
    snprintf(whole, sizeof whole,
             "(EXISTS (SELECT 1 FROM %s_daily WHERE day >= $%d AND day <= $%d) AND NOT EXISTS "
             "(SELECT 1 FROM %s_daily WHERE day >= $%d AND day < $%d) AND NOT EXISTS (SELECT 1 "
             "FROM %s_daily WHERE day > $%d AND day <= $%d))",
             family, k, k + 1, family, k + 2, k, family, k + 1, k + 3);
    buf_printf(b,
               "SELECT %s, SUBSTR(day, 1, 7) AS month FROM %s_daily WHERE day >= $%d AND day <= "
               "$%d AND NOT %s UNION ALL SELECT %s, month FROM %s_monthly WHERE month = $%d AND "
               "%s",
               cols, family, k, k + 1, whole, cols, family, k + 4, whole);
}

/* The counter rows of a period as one derived table `r` of cols and `month` (parameters
 * $1..$12 from struct period): the months strictly inside the period from the monthly table,
 * and its first and last month as build_edge decides. Every counter read goes through it, so a
 * report's answer is the sum of the days whatever table each part comes from. */
static void build_period_rows(struct buf *b, const char *family, const char *cols)
{
    buf_puts(b, "(");
    build_edge(b, family, cols, 1);
    buf_puts(b, " UNION ALL ");
    build_edge(b, family, cols, 6);
    buf_printf(b,
               " UNION ALL SELECT %s, month FROM %s_monthly WHERE month >= $11 AND month <= $12) r",
               cols, family);
}

static void build_sums(struct buf *b, const char *const *cols, int ncols)
{
    for (int k = 0; k < ncols; k++)
        buf_printf(b, ", SUM(%s)", cols[k]);
}

static void build_reads(void)
{
    struct buf cols, b;
    buf_init(&cols, 1024);
    buf_puts(&cols, "unit_id, procedure_code, channel");
    for (int k = 0; k < STATS_NCOUNTERS; k++)
        buf_printf(&cols, ", %s", counter_names[k]);
    buf_init(&b, sizeof cells_sql);
    buf_puts(&b, "SELECT unit_id, procedure_code, channel, month");
    build_sums(&b, counter_names, STATS_NCOUNTERS);
    buf_puts(&b, " FROM ");
    build_period_rows(&b, "stats", buf_str(&cols));
    buf_puts(&b, " GROUP BY unit_id, procedure_code, channel, month "
                 "ORDER BY unit_id, procedure_code, channel, month");
    snprintf(cells_sql, sizeof cells_sql, "%s", buf_str(&b));
    buf_free(&b);
    buf_free(&cols);

    buf_init(&b, sizeof step_cells_sql);
    buf_puts(&b, "SELECT unit_id, step_unit_id");
    build_sums(&b, step_names, STATS_NSTEPS);
    buf_puts(&b, " FROM ");
    build_period_rows(&b, "stats_steps", "unit_id, step_unit_id, early, on_time, late");
    buf_puts(&b, " GROUP BY unit_id, step_unit_id ORDER BY unit_id, step_unit_id");
    snprintf(step_cells_sql, sizeof step_cells_sql, "%s", buf_str(&b));
    buf_free(&b);

    buf_init(&b, sizeof online_late_sql);
    buf_puts(&b, "SELECT unit_id, SUM(resolved_late) FROM ");
    build_period_rows(&b, "stats", "unit_id, channel, resolved_late");
    buf_puts(&b, " WHERE channel = 'online' GROUP BY unit_id ORDER BY unit_id");
    snprintf(online_late_sql, sizeof online_late_sql, "%s", buf_str(&b));
    buf_free(&b);
}

static void build_sql(void)
{
    static const char counter_keys[] = "unit_id, procedure_code, channel";
    static const char step_keys[] = "unit_id, step_unit_id, procedure_code, channel";
    build_upsert(add_sql, sizeof add_sql, "stats_daily", counter_keys, 3, "day", counter_names,
                 STATS_NCOUNTERS);
    build_upsert(add_month_sql, sizeof add_month_sql, "stats_monthly", counter_keys, 3, "month",
                 counter_names, STATS_NCOUNTERS);
    build_upsert(step_add_sql, sizeof step_add_sql, "stats_steps_daily", step_keys, 4, "day",
                 step_names, STATS_NSTEPS);
    build_upsert(step_add_month_sql, sizeof step_add_month_sql, "stats_steps_monthly", step_keys, 4,
                 "month", step_names, STATS_NSTEPS);
    build_reads();
}

/* Adds to the row of the day and to the row of its month, with the same parameters but the
 * period (p[period]): the roll-up is written by the call that writes the day, in its
 * transaction, so the two can only disagree if a table is edited by hand. */
static int add_day_and_month(struct db_conn *c, const char *day_sql, const char *month_sql,
                             struct db_param *p, int np, int period, const char *day, struct err *e)
{
    char month[8];
    snprintf(month, sizeof month, "%.7s", day);
    p[period] = DB_T(day);
    int rc = db_exec(c, day_sql, p, np, e);
    p[period] = DB_T(month);
    return rc ? rc : db_exec(c, month_sql, p, np, e);
}

int stats_add(struct db_conn *c, const struct stats_key *k, const int64_t d[STATS_NCOUNTERS],
              struct err *e)
{
    pthread_once(&sql_once, build_sql);
    struct db_param p[4 + STATS_NCOUNTERS] = {DB_I(k->unit_id), DB_T(k->procedure_code),
                                              DB_T(k->channel)};
    for (int i = 0; i < STATS_NCOUNTERS; i++)
        p[4 + i] = DB_I(d[i]);
    return add_day_and_month(c, add_sql, add_month_sql, p, 4 + STATS_NCOUNTERS, 3, k->day, e);
}

int stats_clear(struct db_conn *c, struct err *e)
{
    static const char *const tables[] = {"DELETE FROM stats_daily", "DELETE FROM stats_monthly",
                                         "DELETE FROM stats_steps_daily",
                                         "DELETE FROM stats_steps_monthly"};
    int rc = 0;
    for (size_t i = 0; !rc && i < sizeof tables / sizeof *tables; i++)
        rc = db_exec(c, tables[i], DB_NOARGS, e);
    return rc;
}

/* A period from..to (inclusive days) as build_period_rows reads it: its first month and its
 * last (none when they are the same), each with the days of the period in it, and the months
 * between; an empty range has its start after its end. */
struct edge {
    char lo[32], hi[32], first[32], last[32], month[32];
};
struct period {
    struct edge head, tail;
    char month_from[32], month_to[32];
};

static int month_days(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

static int parse_day(const char *s, int *y, int *m, int *d)
{
    char tail;
    return s && sscanf(s, "%4d-%2d-%2d%c", y, m, d, &tail) == 3 && *m >= 1 && *m <= 12 && *d >= 1 &&
           *d <= month_days(*y, *m);
}

/* The edge of month index i (y × 12 + m − 1) holding the days lo..hi. */
static void edge_of(struct edge *g, int i, const char *lo, const char *hi)
{
    int y = i / 12, m = i % 12 + 1;
    snprintf(g->lo, sizeof g->lo, "%s", lo);
    snprintf(g->hi, sizeof g->hi, "%s", hi);
    snprintf(g->first, sizeof g->first, "%04d-%02d-01", y, m);
    snprintf(g->last, sizeof g->last, "%04d-%02d-%02d", y, m, month_days(y, m));
    snprintf(g->month, sizeof g->month, "%04d-%02d", y, m);
}

static int period_split(const char *from, const char *to, struct period *p, struct err *e)
{
    int fy, fm, fd, ty, tm, td;
    if (!parse_day(from, &fy, &fm, &fd) || !parse_day(to, &ty, &tm, &td))
        return err_set(e, E_INVALID, "from", "Kỳ thống kê phải có dạng YYYY-MM-DD");
    int head = fy * 12 + fm - 1, tail = ty * 12 + tm - 1;
    *p = (struct period){.tail = {"9999-99-99", "0000-00-00", "9999-99-99", "0000-00-00", "-"}};
    if (head == tail) {
        edge_of(&p->head, head, from, to);
    } else {
        edge_of(&p->head, head, from, "");
        snprintf(p->head.hi, sizeof p->head.hi, "%s", p->head.last);
        edge_of(&p->tail, tail, "", to);
        snprintf(p->tail.lo, sizeof p->tail.lo, "%s", p->tail.first);
    }
    snprintf(p->month_from, sizeof p->month_from, "%04d-%02d", (head + 1) / 12,
             (head + 1) % 12 + 1);
    snprintf(p->month_to, sizeof p->month_to, "%04d-%02d", (tail - 1) / 12, (tail - 1) % 12 + 1);
    return 0;
}

/* Runs a read of build_period_rows for the period from..to. */
static int query_period(struct db_conn *c, const char *sql, const char *from, const char *to,
                        struct db_rows **r, struct err *e)
{
    pthread_once(&sql_once, build_sql);
    struct period p;
    int rc = period_split(from, to, &p, e);
    if (rc)
        return rc;
    const struct edge *h = &p.head, *t = &p.tail;
    return db_query(c, sql,
                    DB_ARGS(DB_T(h->lo), DB_T(h->hi), DB_T(h->first), DB_T(h->last), DB_T(h->month),
                            DB_T(t->lo), DB_T(t->hi), DB_T(t->first), DB_T(t->last), DB_T(t->month),
                            DB_T(p.month_from), DB_T(p.month_to)),
                    r, e);
}

int stats_cells(struct db_conn *c, struct arena *a, const char *from, const char *to,
                struct stats_cell **out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = query_period(c, cells_sql, from, to, &r, e);
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

enum stats_step_counter stats_step_counter_of(const char *timing)
{
    return strcmp(timing, "early") == 0     ? STATS_STEP_EARLY
           : strcmp(timing, "on_time") == 0 ? STATS_STEP_ON_TIME
                                            : STATS_STEP_LATE;
}

int stats_step_add(struct db_conn *c, const struct stats_step_key *k, const int64_t d[STATS_NSTEPS],
                   struct err *e)
{
    pthread_once(&sql_once, build_sql);
    struct db_param p[5 + STATS_NSTEPS] = {DB_I(k->unit_id), DB_I(k->step_unit_id),
                                           DB_T(k->procedure_code), DB_T(k->channel)};
    for (int i = 0; i < STATS_NSTEPS; i++)
        p[5 + i] = DB_I(d[i]);
    return add_day_and_month(c, step_add_sql, step_add_month_sql, p, 5 + STATS_NSTEPS, 4, k->day,
                             e);
}

int stats_step_cells(struct db_conn *c, struct arena *a, const char *from, const char *to,
                     struct stats_step_cell **out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = query_period(c, step_cells_sql, from, to, &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++) {
        struct stats_step_cell *s = &(*out)[i];
        s->unit_id = db_rows_int(r, i, 0);
        s->step_unit_id = db_rows_int(r, i, 1);
        for (int k = 0; k < STATS_NSTEPS; k++)
            s->n[k] = db_rows_int(r, i, 2 + k);
    }
    db_rows_free(r);
    return 0;
}

/* A step counts when it finished with a timing at a known unit: the same condition live (the
 * hook sees the row it writes), in the rebuild and in migration 0019. */
#define COUNTED_STEP "s.timing IS NOT NULL AND s.unit_id IS NOT NULL AND s.finished_at IS NOT NULL"

int stats_steps_after(struct db_conn *c, struct arena *a, int64_t dossier_id, int idx, int limit,
                      struct stats_step **out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "SELECT s.dossier_id, s.idx, d.receiving_unit_id, s.unit_id, s.finished_at, "
                      "s.timing, d.procedure_code, d.channel FROM dossier_steps s "
                      "JOIN dossiers d ON d.id = s.dossier_id WHERE (s.dossier_id > $1 OR "
                      "(s.dossier_id = $1 AND s.idx > $2)) AND " COUNTED_STEP " "
                      "ORDER BY s.dossier_id, s.idx LIMIT $3",
                      DB_ARGS(DB_I(dossier_id), DB_I(idx), DB_I(limit)), &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++)
        (*out)[i] = (struct stats_step){
            .dossier_id = db_rows_int(r, i, 0),
            .idx = (int)db_rows_int(r, i, 1),
            .unit_id = db_rows_int(r, i, 2),
            .step_unit_id = db_rows_int(r, i, 3),
            .finished_at = db_rows_int(r, i, 4),
            .timing = stats_step_counter_of(db_rows_text(r, i, 5)),
            .procedure_code = rows_text(a, r, i, 6),
            .channel = rows_text(a, r, i, 7),
        };
    db_rows_free(r);
    return 0;
}

int stats_step_finished_at(struct db_conn *c, int64_t dossier_id, int idx, int64_t at,
                           int64_t *step_unit_id, enum stats_step_counter *timing, int *found,
                           struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "SELECT s.unit_id, s.timing FROM dossier_steps s WHERE s.dossier_id = $1 "
                      "AND s.idx = $2 AND s.finished_at = $3 AND " COUNTED_STEP,
                      DB_ARGS(DB_I(dossier_id), DB_I(idx), DB_I(at)), &r, e);
    if (rc)
        return rc;
    *found = db_rows_count(r) > 0;
    if (*found) {
        *step_unit_id = db_rows_int(r, 0, 0);
        *timing = stats_step_counter_of(db_rows_text(r, 0, 1));
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

/* The columns of a dossier behind a number; FILES are its two digitisation facts, read only
 * where they mean something (the resolved ones). */
#define DOSSIER_COLS(FILES)                                                                        \
    "SELECT d.code, d.procedure_code, d.procedure_name, d.channel, d.state, d.received_at, "       \
    "COALESCE(d.due_at, 0), COALESCE(d.finished_at, 0), d.extended, r.overall, "                   \
    "r.indicators, " FILES " FROM dossiers d LEFT JOIN dossier_ratings r ON r.dossier_id = d.id "
#define NO_FILES "0, 0"
#define RESOLUTION_FILES                                                                           \
    FILES_BEFORE("component", "d.id", "d.finished_at")                                             \
    ", CASE WHEN d.result_kind IS NOT NULL THEN " FILES_BEFORE("result", "d.id",                   \
                                                               "d.finished_at") " ELSE 0 END"

/* One query per basis, each on its own index: dossiers_receiving, dossiers_finished,
 * dossiers_returned (0027) and dossier_ratings_created (0027). */
static const char *const dossiers_sql[] = {
    [STATS_BY_RECEIVED] = DOSSIER_COLS(NO_FILES) "WHERE d.receiving_unit_id = $1 AND "
                                                 "d.received_at >= $2 AND d.received_at < $3 "
                                                 "ORDER BY d.received_at, d.id",
    [STATS_BY_RESOLVED] = DOSSIER_COLS(RESOLUTION_FILES) "WHERE d.receiving_unit_id = $1 AND "
                                                         "d.finished_at >= $2 AND d.finished_at "
                                                         "< $3 AND d.due_at IS NOT NULL "
                                                         "ORDER BY d.finished_at, d.id",
    [STATS_BY_RETURNED] = DOSSIER_COLS(NO_FILES) "WHERE d.receiving_unit_id = $1 AND "
                                                 "d.returned_at >= $2 AND d.returned_at < $3 "
                                                 "ORDER BY d.returned_at, d.id",
    [STATS_BY_RATED] = DOSSIER_COLS(NO_FILES) "WHERE d.receiving_unit_id = $1 AND "
                                              "r.created_at >= $2 AND r.created_at < $3 "
                                              "ORDER BY r.created_at, d.id",
};

int stats_dossiers(struct db_conn *c, struct arena *a, int64_t unit_id, enum stats_basis basis,
                   int64_t from, int64_t to, struct stats_dossier **out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c, dossiers_sql[basis], DB_ARGS(DB_I(unit_id), DB_I(from), DB_I(to)), &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++)
        (*out)[i] = (struct stats_dossier){
            rows_text(a, r, i, 0),    rows_text(a, r, i, 1), rows_text(a, r, i, 2),
            rows_text(a, r, i, 3),    rows_text(a, r, i, 4), db_rows_int(r, i, 5),
            db_rows_int(r, i, 6),     db_rows_int(r, i, 7),  (int)db_rows_int(r, i, 8),
            rows_str(a, r, i, 9),     rows_str(a, r, i, 10), db_rows_int(r, i, 11) > 0,
            db_rows_int(r, i, 12) > 0};
    db_rows_free(r);
    return 0;
}

int stats_receptions(struct db_conn *c, struct arena *a, struct stats_reception **out, int *n,
                     struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "SELECT pu.unit_id, p.id, p.code FROM procedure_units pu "
                      "JOIN procedures p ON p.id = pu.procedure_id WHERE pu.role = 'receive' "
                      "ORDER BY pu.unit_id, p.code",
                      DB_NOARGS, &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++)
        (*out)[i] = (struct stats_reception){db_rows_int(r, i, 0), db_rows_int(r, i, 1),
                                             rows_text(a, r, i, 2)};
    db_rows_free(r);
    return 0;
}

int stats_online_late(struct db_conn *c, struct arena *a, const char *from, const char *to,
                      struct stats_unit_count **out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = query_period(c, online_late_sql, from, to, &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++)
        (*out)[i] = (struct stats_unit_count){db_rows_int(r, i, 0), db_rows_int(r, i, 1)};
    db_rows_free(r);
    return 0;
}
