/* stats_store.c — SQL for the statistics counters (see stats_store.h). Each counter is kept
 * per day and, in the same statement pair, per month (migration 0020); every read takes the
 * whole months of its period from the monthly rows and the days at its edges from the daily
 * ones, so its cost is bounded by the months and the edge days, not by how densely the
 * period's days are filled.
 *
 * The statements are constant strings. The counter columns are written out in the order of
 * enum stats_counter, since the upserts bind counter k as $(5 + k); the reads name each
 * counter and are decoded by name. A new counter is a name in each list below (and a column
 * in a migration per table); unit.test_stats_store adds a distinct amount to every counter
 * and reads each back by name, on both engines, so a list out of step fails there. */
#include "stats_store.h"

#include "rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The counter columns, in the order of enum stats_counter. */
#define COUNTERS                                                                                   \
    "received, online, accepted, refused, supplements, resolved_early, "                           \
    "resolved_on_time, resolved_late, returned, stopped, withdrawn, digitised, "                   \
    "e_result, fully_digitised, rated, satisfied, neutral, dissatisfied, contacts_n, "             \
    "contacts_sum, bodies_n, bodies_sum, information_n, information_sum, attitude_n, "             \
    "attitude_sum"

/* The counters' parameters in the upserts: the keys take $1..$3 and the period $4. */
#define COUNTER_VALUES                                                                             \
    "$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, "             \
    "$22, $23, $24, $25, $26, $27, $28, $29, $30"

/* ON CONFLICT … DO UPDATE adding each counter's parameter to table t's row. */
#define COUNTER_ADDS(t)                                                                            \
    "received = " t ".received + $5, "                                                             \
    "online = " t ".online + $6, "                                                                 \
    "accepted = " t ".accepted + $7, "                                                             \
    "refused = " t ".refused + $8, "                                                               \
    "supplements = " t ".supplements + $9, "                                                       \
    "resolved_early = " t ".resolved_early + $10, "                                                \
    "resolved_on_time = " t ".resolved_on_time + $11, "                                            \
    "resolved_late = " t ".resolved_late + $12, "                                                  \
    "returned = " t ".returned + $13, "                                                            \
    "stopped = " t ".stopped + $14, "                                                              \
    "withdrawn = " t ".withdrawn + $15, "                                                          \
    "digitised = " t ".digitised + $16, "                                                          \
    "e_result = " t ".e_result + $17, "                                                            \
    "fully_digitised = " t ".fully_digitised + $18, "                                              \
    "rated = " t ".rated + $19, "                                                                  \
    "satisfied = " t ".satisfied + $20, "                                                          \
    "neutral = " t ".neutral + $21, "                                                              \
    "dissatisfied = " t ".dissatisfied + $22, "                                                    \
    "contacts_n = " t ".contacts_n + $23, "                                                        \
    "contacts_sum = " t ".contacts_sum + $24, "                                                    \
    "bodies_n = " t ".bodies_n + $25, "                                                            \
    "bodies_sum = " t ".bodies_sum + $26, "                                                        \
    "information_n = " t ".information_n + $27, "                                                  \
    "information_sum = " t ".information_sum + $28, "                                              \
    "attitude_n = " t ".attitude_n + $29, "                                                        \
    "attitude_sum = " t ".attitude_sum + $30"

/* The counters summed, each under its own name. */
#define COUNTER_SUMS                                                                               \
    "SUM(received) AS received, SUM(online) AS online, SUM(accepted) AS accepted, "                \
    "SUM(refused) AS refused, SUM(supplements) AS supplements, "                                   \
    "SUM(resolved_early) AS resolved_early, "                                                      \
    "SUM(resolved_on_time) AS resolved_on_time, SUM(resolved_late) AS resolved_late, "             \
    "SUM(returned) AS returned, SUM(stopped) AS stopped, "                                         \
    "SUM(withdrawn) AS withdrawn, SUM(digitised) AS digitised, "                                   \
    "SUM(e_result) AS e_result, SUM(fully_digitised) AS fully_digitised, "                         \
    "SUM(rated) AS rated, SUM(satisfied) AS satisfied, SUM(neutral) AS neutral, "                  \
    "SUM(dissatisfied) AS dissatisfied, SUM(contacts_n) AS contacts_n, "                           \
    "SUM(contacts_sum) AS contacts_sum, SUM(bodies_n) AS bodies_n, "                               \
    "SUM(bodies_sum) AS bodies_sum, SUM(information_n) AS information_n, "                         \
    "SUM(information_sum) AS information_sum, SUM(attitude_n) AS attitude_n, "                     \
    "SUM(attitude_sum) AS attitude_sum"

#define STEPS       "early, on_time, late"
#define STEP_VALUES "$6, $7, $8"
#define STEP_ADDS(t)                                                                               \
    "early = " t ".early + $6, on_time = " t ".on_time + $7, late = " t ".late + $8"
#define STEP_SUMS "SUM(early) AS early, SUM(on_time) AS on_time, SUM(late) AS late"

/* The one upsert of every counter table, day or month: parameters the keys, the period, the
 * counters. */
#define COUNTER_UPSERT(table, period)                                                              \
    "INSERT INTO " table " (unit_id, procedure_code, channel, " period ", " COUNTERS               \
    ") VALUES ($1, $2, $3, $4, " COUNTER_VALUES ") ON CONFLICT (unit_id, procedure_code, "         \
    "channel, " period ") DO UPDATE SET " COUNTER_ADDS(table)
#define STEP_UPSERT(table, period)                                                                 \
    "INSERT INTO " table " (unit_id, step_unit_id, procedure_code, channel, " period ", " STEPS    \
    ") VALUES ($1, $2, $3, $4, $5, " STEP_VALUES ") ON CONFLICT (unit_id, step_unit_id, "          \
    "procedure_code, channel, " period ") DO UPDATE SET " STEP_ADDS(table)

static const char add_sql[] = COUNTER_UPSERT("stats_daily", "day");
static const char add_month_sql[] = COUNTER_UPSERT("stats_monthly", "month");
static const char step_add_sql[] = STEP_UPSERT("stats_steps_daily", "day");
static const char step_add_month_sql[] = STEP_UPSERT("stats_steps_monthly", "month");

/* Whether an edge month of a period (parameters lo, hi, the month's first and last day) is
 * answered from its monthly row: when the month's day rows all lie in lo..hi (the row is then
 * the sum of exactly those days). The test is part of the statement, so it sees the rows the
 * read sees; it asks for day rows in lo..hi too, so that day rows removed by hand (a test
 * wiping the counters) are not answered from the month. */
#define EDGE_WHOLE(f, lo, hi, first, last)                                                         \
    "(EXISTS (SELECT 1 FROM " f "_daily WHERE day >= " lo " AND day <= " hi ") AND NOT EXISTS "    \
    "(SELECT 1 FROM " f "_daily WHERE day >= " first " AND day < " lo                              \
    ") AND NOT EXISTS (SELECT 1 "                                                                  \
    "FROM " f "_daily WHERE day > " hi " AND day <= " last "))"
/* One edge month as a UNION ALL pair (parameters as EDGE_WHOLE, then the month): its monthly
 * row when EDGE_WHOLE, else its days lo..hi from the daily table. */
#define EDGE(f, cols, lo, hi, first, last, month)                                                  \
    "SELECT " cols ", SUBSTR(day, 1, 7) AS month FROM " f "_daily WHERE day >= " lo                \
    " AND day <= " hi                                                                              \
    " AND NOT " EDGE_WHOLE(f, lo, hi, first, last) " UNION ALL SELECT " cols ", month FROM " f     \
                                                   "_monthly WHERE month = " month                 \
                                                   " AND " EDGE_WHOLE(f, lo, hi, first, last)
/* The counter rows of a period as one derived table `r` of cols and `month` (parameters
 * $1..$12 from struct period): the months strictly inside the period from the monthly table,
 * and its first and last month as EDGE decides. Every counter read goes through it, so a
 * report's answer is the sum of the days whatever table each part comes from. */
#define PERIOD_ROWS(f, cols)                                                                       \
    "(" EDGE(f, cols, "$1", "$2", "$3", "$4", "$5") " UNION ALL " EDGE(                            \
        f, cols, "$6", "$7", "$8", "$9", "$10") " UNION ALL SELECT " cols ", month FROM " f        \
                                                "_monthly WHERE month >= $11 AND month <= $12) r"

static const char cells_sql[] =
    "SELECT unit_id, procedure_code, channel, month, " COUNTER_SUMS " FROM " PERIOD_ROWS(
        "stats",
        "unit_id, procedure_code, channel, " COUNTERS) " GROUP BY unit_id, "
                                                       "procedure_code, channel, month ORDER BY "
                                                       "unit_id, procedure_code, channel, month";
static const char step_cells_sql[] =
    "SELECT unit_id, step_unit_id, " STEP_SUMS " FROM " PERIOD_ROWS(
        "stats_steps", "unit_id, step_unit_id, " STEPS) " GROUP BY unit_id, step_unit_id "
                                                        "ORDER BY unit_id, step_unit_id";
static const char online_late_sql[] = "SELECT unit_id, SUM(resolved_late) AS n FROM " PERIOD_ROWS(
    "stats", "unit_id, channel, resolved_late") " WHERE channel = 'online' GROUP BY unit_id "
                                                "ORDER BY unit_id";

/* A cell: its keys, then each counter by its column name into n[k]. */
#define N(name, k) ROW_I64(name, struct stats_cell, n[k])
static const struct row_col cell_cols[] = {
    ROW_I64("unit_id", struct stats_cell, unit_id),
    ROW_TEXT("procedure_code", struct stats_cell, procedure_code),
    ROW_TEXT("channel", struct stats_cell, channel),
    ROW_TEXT("month", struct stats_cell, month),
    N("received", STATS_RECEIVED),
    N("online", STATS_ONLINE),
    N("accepted", STATS_ACCEPTED),
    N("refused", STATS_REFUSED),
    N("supplements", STATS_SUPPLEMENTS),
    N("resolved_early", STATS_EARLY),
    N("resolved_on_time", STATS_ON_TIME),
    N("resolved_late", STATS_LATE),
    N("returned", STATS_RETURNED),
    N("stopped", STATS_STOPPED),
    N("withdrawn", STATS_WITHDRAWN),
    N("digitised", STATS_DIGITISED),
    N("e_result", STATS_E_RESULT),
    N("fully_digitised", STATS_FULLY_DIGITISED),
    N("rated", STATS_RATED),
    N("satisfied", STATS_SATISFIED),
    N("neutral", STATS_NEUTRAL),
    N("dissatisfied", STATS_DISSATISFIED),
    N("contacts_n", STATS_CONTACTS_N),
    N("contacts_sum", STATS_CONTACTS_SUM),
    N("bodies_n", STATS_BODIES_N),
    N("bodies_sum", STATS_BODIES_SUM),
    N("information_n", STATS_INFORMATION_N),
    N("information_sum", STATS_INFORMATION_SUM),
    N("attitude_n", STATS_ATTITUDE_N),
    N("attitude_sum", STATS_ATTITUDE_SUM),
};
#undef N
#define CELL_KEYS 4
static const struct row_spec cell_spec = ROW_SPEC(struct stats_cell, cell_cols);

const char *stats_counter_name(enum stats_counter k)
{
    return k >= 0 && k < STATS_NCOUNTERS ? cell_cols[CELL_KEYS + k].name : "";
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

/* A period from..to (inclusive days) as PERIOD_ROWS reads it: its first month and its
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

/* Runs a read of PERIOD_ROWS for the period from..to and decodes its rows by spec. */
static int query_period(struct db_conn *c, struct arena *a, const char *sql, const char *from,
                        const char *to, const struct row_spec *spec, void *out, int *n,
                        struct err *e)
{
    struct period p;
    int rc = period_split(from, to, &p, e);
    if (rc)
        return rc;
    const struct edge *h = &p.head, *t = &p.tail;
    return rows_query_all(c, a, sql,
                          DB_ARGS(DB_T(h->lo), DB_T(h->hi), DB_T(h->first), DB_T(h->last),
                                  DB_T(h->month), DB_T(t->lo), DB_T(t->hi), DB_T(t->first),
                                  DB_T(t->last), DB_T(t->month), DB_T(p.month_from),
                                  DB_T(p.month_to)),
                          spec, out, n, e);
}

int stats_cells(struct db_conn *c, struct arena *a, const char *from, const char *to,
                struct stats_cell **out, int *n, struct err *e)
{
    return query_period(c, a, cells_sql, from, to, &cell_spec, out, n, e);
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
    struct db_param p[5 + STATS_NSTEPS] = {DB_I(k->unit_id), DB_I(k->step_unit_id),
                                           DB_T(k->procedure_code), DB_T(k->channel)};
    for (int i = 0; i < STATS_NSTEPS; i++)
        p[5 + i] = DB_I(d[i]);
    return add_day_and_month(c, step_add_sql, step_add_month_sql, p, 5 + STATS_NSTEPS, 4, k->day,
                             e);
}

#define SC(name, field) ROW_I64(name, struct stats_step_cell, field)
static const struct row_col step_cell_cols[] = {
    SC("unit_id", unit_id),           SC("step_unit_id", step_unit_id),
    SC("early", n[STATS_STEP_EARLY]), SC("on_time", n[STATS_STEP_ON_TIME]),
    SC("late", n[STATS_STEP_LATE]),
};
#undef SC
static const struct row_spec step_cell_spec = ROW_SPEC(struct stats_step_cell, step_cell_cols);

int stats_step_cells(struct db_conn *c, struct arena *a, const char *from, const char *to,
                     struct stats_step_cell **out, int *n, struct err *e)
{
    return query_period(c, a, step_cells_sql, from, to, &step_cell_spec, out, n, e);
}

/* A step counts when it finished with a timing at a known unit: the same condition live (the
 * hook sees the row it writes), in the rebuild and in migration 0019. */
#define COUNTED_STEP "s.timing IS NOT NULL AND s.unit_id IS NOT NULL AND s.finished_at IS NOT NULL"

/* A counted step as read: the timing as stored, turned into its counter after decoding. */
struct step_read {
    struct stats_step s;
    const char *timing;
};
#define ST(kind, name, field) ROW_##kind(name, struct step_read, field)
static const struct row_col step_cols[] = {
    ST(I64, "dossier_id", s.dossier_id),          ST(INT, "idx", s.idx),
    ST(I64, "receiving_unit_id", s.unit_id),      ST(I64, "unit_id", s.step_unit_id),
    ST(I64, "finished_at", s.finished_at),        ST(TEXT, "timing", timing),
    ST(TEXT, "procedure_code", s.procedure_code), ST(TEXT, "channel", s.channel),
};
#undef ST
static const struct row_spec step_spec = ROW_SPEC(struct step_read, step_cols);

int stats_steps_after(struct db_conn *c, struct arena *a, int64_t dossier_id, int idx, int limit,
                      struct stats_step **out, int *n, struct err *e)
{
    struct step_read *r;
    int rc =
        rows_query_all(c, a,
                       "SELECT s.dossier_id, s.idx, d.receiving_unit_id, s.unit_id, "
                       "s.finished_at, s.timing, d.procedure_code, d.channel "
                       "FROM dossier_steps s JOIN dossiers d ON d.id = s.dossier_id "
                       "WHERE (s.dossier_id > $1 OR (s.dossier_id = $1 AND s.idx > $2)) "
                       "AND " COUNTED_STEP " ORDER BY s.dossier_id, s.idx LIMIT $3",
                       DB_ARGS(DB_I(dossier_id), DB_I(idx), DB_I(limit)), &step_spec, &r, n, e);
    if (rc)
        return rc;
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++) {
        (*out)[i] = r[i].s;
        (*out)[i].timing = stats_step_counter_of(r[i].timing);
    }
    return 0;
}

/* Reads its two columns by name, copying them out, so it needs no arena. */
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
    int cu = rows_column(r, "unit_id"), ct = rows_column(r, "timing");
    *found = db_rows_count(r) > 0 && cu >= 0 && ct >= 0;
    if (*found) {
        *step_unit_id = db_rows_int(r, 0, cu);
        *timing = stats_step_counter_of(db_rows_text(r, 0, ct));
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

/* The counts behind struct stats_files, before they are read as "any". */
struct files_count {
    int64_t components, result;
};
static const struct row_col files_count_cols[] = {
    ROW_I64("components", struct files_count, components),
    ROW_I64("result", struct files_count, result)};
static const struct row_spec files_count_spec = ROW_SPEC(struct files_count, files_count_cols);

int stats_dossier_files(struct db_conn *c, int64_t dossier_id, int64_t before,
                        struct stats_files *out, struct err *e)
{
    struct files_count k = {0};
    int found;
    int rc = rows_query_numbers(
        c,
        "SELECT " FILES_BEFORE("component", "$1", "$2") " AS components, " FILES_BEFORE(
            "result", "$1", "$2") " AS result",
        DB_ARGS(DB_I(dossier_id), DB_I(before)), &files_count_spec, &k, &found, e);
    *out = (struct stats_files){.components = k.components > 0, .result = k.result > 0};
    return rc;
}

#define EV(kind, name, field) ROW_##kind(name, struct stats_event, field)
static const struct row_col event_cols[] = {
    EV(I64, "id", id),
    EV(I64, "receiving_unit_id", unit_id),
    EV(I64, "due_at", due_at),
    EV(I64, "at", at),
    EV(INT, "extended", extended),
    EV(TEXT, "procedure_code", procedure_code),
    EV(TEXT, "channel", channel),
    EV(TEXT, "action", action),
    EV(TEXT, "from_state", from_state),
    EV(TEXT, "to_state", to_state),
    EV(INT, "component_files", files.components),
    EV(INT, "result_files", files.result),
};
#undef EV
static const struct row_spec event_spec = ROW_SPEC(struct stats_event, event_cols);

int stats_events_after(struct db_conn *c, struct arena *a, int64_t after, int limit,
                       struct stats_event **out, int *n, struct err *e)
{
    int rc = rows_query_all(
        c, a,
        "SELECT ev.id, d.receiving_unit_id, d.due_at, ev.at, d.extended, d.procedure_code, "
        "d.channel, ev.action, ev.from_state, ev.to_state, " RESOLVING_FILES(
            "component") " AS component_files, " RESOLVING_FILES("result") " AS result_files "
                                                                           "FROM dossier_events "
                                                                           "ev JOIN dossiers d ON "
                                                                           "d.id = ev.dossier_id "
                                                                           "WHERE ev.id > $1 "
                                                                           "ORDER BY ev.id LIMIT "
                                                                           "$2",
        DB_ARGS(DB_I(after), DB_I(limit)), &event_spec, out, n, e);
    /* The rebuild asks whether there were any files, not how many. */
    for (int i = 0; rc == 0 && i < *n; i++) {
        struct stats_files *f = &(*out)[i].files;
        *f = (struct stats_files){.components = f->components > 0, .result = f->result > 0};
    }
    return rc;
}

#define RA(kind, name, field) ROW_##kind(name, struct stats_rating, field)
static const struct row_col rating_cols[] = {
    RA(I64, "id", id),
    RA(I64, "receiving_unit_id", unit_id),
    RA(I64, "created_at", at),
    RA(TEXT, "procedure_code", procedure_code),
    RA(TEXT, "channel", channel),
    RA(TEXT, "overall", overall),
    RA(TEXT, "indicators", indicators),
};
#undef RA
static const struct row_spec rating_spec = ROW_SPEC(struct stats_rating, rating_cols);

int stats_ratings_after(struct db_conn *c, struct arena *a, int64_t after, int limit,
                        struct stats_rating **out, int *n, struct err *e)
{
    return rows_query_all(c, a,
                          "SELECT r.id, d.receiving_unit_id, r.created_at, d.procedure_code, "
                          "d.channel, r.overall, r.indicators FROM dossier_ratings r "
                          "JOIN dossiers d ON d.id = r.dossier_id WHERE r.id > $1 ORDER BY r.id "
                          "LIMIT $2",
                          DB_ARGS(DB_I(after), DB_I(limit)), &rating_spec, out, n, e);
}

static int procedure_order(const void *a, const void *b)
{
    return strcmp(((const struct stats_procedure *)a)->code,
                  ((const struct stats_procedure *)b)->code);
}

#define PR(kind, name, field) ROW_##kind(name, struct stats_procedure, field)
static const struct row_col procedure_cols[] = {
    PR(TEXT, "code", code), PR(TEXT, "name", name),   PR(TEXT, "online_mode", online_mode),
    PR(TEXT, "body", body), PR(TEXT, "field", field), PR(INT, "in_force", in_force),
};
#undef PR
static const struct row_spec procedure_spec = ROW_SPEC(struct stats_procedure, procedure_cols);

int stats_procedures(struct db_conn *c, struct arena *a, const char *today,
                     struct stats_procedure **out, int *n, struct err *e)
{
    int rc = rows_query_all(c, a,
                            "SELECT p.code, v.name, v.online_mode, v.body, v.field, "
                            "CASE WHEN p.retired_at IS NULL AND v.effective_from <= $1 THEN 1 "
                            "ELSE 0 END AS in_force FROM procedures p JOIN procedure_versions v "
                            "ON v.procedure_id = p.id WHERE v.version_no = COALESCE((SELECT "
                            "MAX(w.version_no) FROM procedure_versions w WHERE w.procedure_id = "
                            "p.id AND w.effective_from <= $1), p.latest_version) ORDER BY p.code",
                            DB_ARGS(DB_T(today)), &procedure_spec, out, n, e);
    if (rc == 0 && *n)
        qsort(*out, (size_t)*n, sizeof **out, procedure_order);
    return rc;
}

/* The columns of a dossier behind a number; FILES are its two digitisation facts (counts of
 * files), read only where they mean something (the resolved ones). Instants that are NULL read
 * as 0. */
#define DOSSIER_COLS(FILES)                                                                        \
    "SELECT d.code, d.procedure_code, d.procedure_name, d.channel, d.state, d.received_at, "       \
    "d.due_at, d.finished_at, d.extended, r.overall, r.indicators, " FILES                         \
    " FROM dossiers d LEFT JOIN dossier_ratings r ON r.dossier_id = d.id "
#define NO_FILES "0 AS components, 0 AS e_result"
#define RESOLUTION_FILES                                                                           \
    FILES_BEFORE("component", "d.id", "d.finished_at")                                             \
    " AS components, CASE WHEN d.result_kind IS NOT NULL THEN " FILES_BEFORE(                      \
        "result", "d.id", "d.finished_at") " ELSE 0 END AS e_result"

#define DO(kind, name, field) ROW_##kind(name, struct stats_dossier, field)
static const struct row_col dossier_cols[] = {
    DO(TEXT, "code", code),
    DO(TEXT, "procedure_code", procedure_code),
    DO(TEXT, "procedure_name", procedure_name),
    DO(TEXT, "channel", channel),
    DO(TEXT, "state", state),
    DO(I64, "received_at", received_at),
    DO(I64, "due_at", due_at),
    DO(I64, "finished_at", finished_at),
    DO(INT, "extended", extended),
    DO(STR, "overall", rating_overall),
    DO(STR, "indicators", rating_indicators),
    DO(INT, "components", components),
    DO(INT, "e_result", e_result),
};
#undef DO
static const struct row_spec dossier_spec = ROW_SPEC(struct stats_dossier, dossier_cols);

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
    return rows_query_all(c, a, dossiers_sql[basis], DB_ARGS(DB_I(unit_id), DB_I(from), DB_I(to)),
                          &dossier_spec, out, n, e);
}

#define RE(kind, name, field) ROW_##kind(name, struct stats_reception, field)
static const struct row_col reception_cols[] = {
    RE(I64, "unit_id", unit_id),
    RE(I64, "procedure_id", procedure_id),
    RE(TEXT, "code", code),
};
#undef RE
static const struct row_spec reception_spec = ROW_SPEC(struct stats_reception, reception_cols);

int stats_receptions(struct db_conn *c, struct arena *a, struct stats_reception **out, int *n,
                     struct err *e)
{
    return rows_query_all(c, a,
                          "SELECT pu.unit_id, p.id AS procedure_id, p.code FROM procedure_units pu "
                          "JOIN procedures p ON p.id = pu.procedure_id WHERE pu.role = 'receive' "
                          "ORDER BY pu.unit_id, p.code",
                          DB_NOARGS, &reception_spec, out, n, e);
}

static const struct row_col unit_count_cols[] = {
    ROW_I64("unit_id", struct stats_unit_count, unit_id),
    ROW_I64("n", struct stats_unit_count, n),
};
static const struct row_spec unit_count_spec = ROW_SPEC(struct stats_unit_count, unit_count_cols);

int stats_online_late(struct db_conn *c, struct arena *a, const char *from, const char *to,
                      struct stats_unit_count **out, int *n, struct err *e)
{
    return query_period(c, a, online_late_sql, from, to, &unit_count_spec, out, n, e);
}
