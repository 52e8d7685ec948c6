/* gen_dossiers.c — fills a motcua database with many dossiers quickly, for `make bench`. A
 * few template dossiers are recorded through the real use cases (svc_dossier_receive, then
 * svc_dossier_act to the end for the finished ones), so every row, step, component and event
 * is what the service writes. The many are then copied from the templates in SQL, in large
 * transactions, with their own codes, dates, CCCD and phone numbers: one INSERT … SELECT per
 * table and batch instead of five round trips per dossier, which is what makes a million
 * dossiers take a minute rather than an hour, on SQLite and on PostgreSQL alike.
 *
 * The copies are history (returned, spread over five years ending 40 days ago) except a fixed
 * number of open ones (in processing at the commune's specialist step, received in the last
 * ten days): the work in progress is the same whatever the size of the history, which is
 * what a unit that has run for years looks like. Codes follow the receiving unit's pattern
 * (AGENCY-YYMMDD-NNNN). Copies have no audit entries (the chain stays valid: it covers the
 * entries that exist), and the daily code counters of past days are not advanced: reception
 * only ever numbers today.
 *
 *   bench_gen --db URL --count N [--open M] [--codes FILE] [--samples K]
 * The database must hold the demo data (`motcua init --demo`). FILE receives K codes spread
 * over the copies, one a line, for the load generator. */
#include "db.h"
#include "svc.h"
#include "svc_dossier.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RECEIVING_UNIT "GR-X01-MC"
#define HISTORY_DAYS   1826 /* five years */
#define HISTORY_END    40   /* days before today */
#define OPEN_DAYS      10
#define BATCH          20000
#define DAY            86400

/* Commune procedures received at GR-X01-MC and resolved by GR-X01: specialist then leader. */
static const char *const procedures[] = {"1.001193", "1.000894", "1.000656", "2.000635",
                                         "1.004873", "2.000815", "2.000884", "0.000001"};
#define NPROC ((int)(sizeof procedures / sizeof procedures[0]))

struct options {
    const char *db, *codes;
    long count, open, samples;
};

struct gen {
    struct svc *svc;
    struct db *db;
    struct arena *ar;
    int64_t history_tmpl[NPROC], open_tmpl[NPROC];
    int nhistory, nopen, postgres;
};

static const char *option(int argc, char **argv, const char *name)
{
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return argv[i + 1];
    return NULL;
}

static int parse_options(int argc, char **argv, struct options *o)
{
    const char *count = option(argc, argv, "--count");
    const char *open = option(argc, argv, "--open");
    const char *samples = option(argc, argv, "--samples");
    o->db = option(argc, argv, "--db");
    o->codes = option(argc, argv, "--codes");
    o->count = count ? strtol(count, NULL, 10) : 0;
    o->open = open ? strtol(open, NULL, 10) : 1000;
    o->samples = samples ? strtol(samples, NULL, 10) : 1000;
    if (!o->db || o->count < 1 || o->open < 0 || o->open > o->count || o->samples < 1) {
        fprintf(stderr, "usage: bench_gen --db URL --count N [--open M] [--codes FILE] "
                        "[--samples K]\n(N >= 1, 0 <= M <= N)\n");
        return -1;
    }
    if ((o->count - o->open) / HISTORY_DAYS >= 9999 || o->open / OPEN_DAYS >= 9999) {
        fprintf(stderr, "bench_gen: at most 9999 dossiers a day fit the code pattern\n");
        return -1;
    }
    return 0;
}

static int64_t template_id(struct gen *g, const char *code, struct err *e)
{
    struct db_conn *c = db_acquire(g->db, e);
    int64_t id = 0;
    int rc =
        c ? db_query_int(c, "SELECT id FROM dossiers WHERE code = $1", DB_ARGS(DB_T(code)), &id, e)
          : E_UNAVAILABLE;
    if (c)
        db_release(c);
    return rc ? rc : id;
}

static const char *receive_template(struct gen *g, const char *procedure, int n, struct err *e)
{
    static const int received[] = {1, 1, 1, 1, 1, 1, 1, 1};
    const char *names[] = {"Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Hoàng Phúc",
                           "Phạm Thị Thu Hà"};
    struct svc_reception r = {
        .procedure_code = procedure,
        .unit_key = RECEIVING_UNIT,
        .channel = "counter",
        .return_method = "counter",
        .applicant = {.kind = "person",
                      .name = names[n % 4],
                      .id_number = "079203001234",
                      .phone = "0912345678",
                      .address = "Ấp 1, thị trấn Giồng Riềng"},
        .sets = 1,
        .received = received,
        .nreceived = 8,
        .outcome = "accept",
    };
    const char *code = NULL;
    return svc_dossier_receive(g->svc, &svc_system, &r, g->ar, &code, e) < 0 ? NULL : code;
}

/* Moves a dossier through every step and returns the result, as the system. */
static int finish(struct gen *g, const char *code, struct err *e)
{
    for (int guard = 0; guard < 16; guard++) {
        struct svc_dossier d;
        int rc = svc_dossier_get(g->svc, &svc_system, g->ar, code, &d, e);
        if (rc)
            return rc;
        if (strcmp(d.state, "returned") == 0)
            return 0;
        struct svc_dossier_act act = {.action = strcmp(d.state, "result_ready") == 0 ? "return"
                                                                                     : "advance",
                                      .expected_version = d.version};
        struct svc_dossier_after after;
        rc = svc_dossier_act(g->svc, &svc_system, code, &act, &after, e);
        if (rc)
            return rc;
    }
    return err_set(e, E_INTERNAL, "state", "%s did not reach 'returned'", code);
}

static int make_templates(struct gen *g, struct err *e)
{
    for (int i = 0; i < NPROC; i++) {
        const char *open = receive_template(g, procedures[i], 2 * i, e);
        const char *done = open ? receive_template(g, procedures[i], 2 * i + 1, e) : NULL;
        int rc = done ? finish(g, done, e) : e->code ? e->code : E_INTERNAL;
        int64_t open_id = rc ? rc : template_id(g, open, e);
        int64_t done_id = open_id < 0 ? open_id : template_id(g, done, e);
        if (done_id < 0) {
            fprintf(stderr, "bench_gen: template of %s: %s\n", procedures[i], e->msg);
            return (int)done_id;
        }
        g->open_tmpl[g->nopen++] = open_id;
        g->history_tmpl[g->nhistory++] = done_id;
    }
    return 0;
}

/* Scratch tables: the templates by slot, the days with their code date, one batch's codes. */
static const char *const scratch_ddl[] = {
    "CREATE TABLE bench_tmpl (slot INTEGER NOT NULL, kind TEXT NOT NULL, dossier_id BIGINT "
    "NOT NULL, PRIMARY KEY (kind, slot))",
    "CREATE TABLE bench_days (day INTEGER PRIMARY KEY, yymmdd TEXT NOT NULL, t0 BIGINT NOT "
    "NULL)",
    "CREATE TABLE bench_map (code TEXT PRIMARY KEY, id BIGINT NOT NULL, tmpl BIGINT NOT NULL, "
    "shift BIGINT NOT NULL, n BIGINT NOT NULL)",
};
static const char *const scratch_drop[] = {"DROP TABLE IF EXISTS bench_tmpl",
                                           "DROP TABLE IF EXISTS bench_days",
                                           "DROP TABLE IF EXISTS bench_map"};

static int exec_all(struct db_conn *c, const char *const *sql, int n, struct err *e)
{
    int rc = 0;
    for (int i = 0; !rc && i < n; i++)
        rc = db_exec(c, sql[i], DB_NOARGS, e);
    return rc;
}

/* Day d (0 = the first day of the history) at 00:00 Vietnam time, and its YYMMDD. */
static int64_t day_start(long d, long ndays, long end_days_ago, char yymmdd[7])
{
    int64_t today = (int64_t)time(NULL) / DAY * DAY;
    int64_t t = today - (int64_t)(end_days_ago + ndays - d) * DAY;
    time_t local = (time_t)(t + 7 * 3600);
    struct tm tm;
    gmtime_r(&local, &tm);
    char text[40];
    snprintf(text, sizeof text, "%02d%02d%02d", tm.tm_year % 100, tm.tm_mon + 1, tm.tm_mday);
    snprintf(yymmdd, 7, "%.6s", text);
    return t - 7 * 3600;
}

struct fill {
    struct gen *g;
    long ndays, end_days_ago;
    const char *kind;
    const int64_t *tmpl;
    int ntmpl;
};

static int fill_scratch(struct db_conn *c, void *ctx, struct err *e)
{
    struct fill *f = ctx;
    int rc = db_exec(c, "DELETE FROM bench_days", DB_NOARGS, e);
    rc = rc ? rc : db_exec(c, "DELETE FROM bench_tmpl", DB_NOARGS, e);
    for (long d = 0; !rc && d < f->ndays; d++) {
        char yymmdd[7];
        int64_t t0 = day_start(d, f->ndays, f->end_days_ago, yymmdd);
        rc = db_exec(c, "INSERT INTO bench_days (day, yymmdd, t0) VALUES ($1, $2, $3)",
                     DB_ARGS(DB_I(d), DB_T(yymmdd), DB_I(t0)), e);
    }
    for (int i = 0; !rc && i < f->ntmpl; i++)
        rc = db_exec(c, "INSERT INTO bench_tmpl (slot, kind, dossier_id) VALUES ($1, $2, $3)",
                     DB_ARGS(DB_I(i), DB_T(f->kind), DB_I(f->tmpl[i])), e);
    return rc;
}

/* One batch: numbers base … base+n-1 become codes (day = number / per_day, sequence =
 * number % per_day + 1, working hours spread evenly) and ids (after the largest so far, given
 * explicitly so that the rows of a dossier need no look-up by code), then the dossiers and
 * their rows. */
static const char *const batch_sql[] = {
    "WITH RECURSIVE num(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM num WHERE i + 1 < "
    "CAST($3 AS BIGINT)) "
    "INSERT INTO bench_map (code, id, tmpl, shift, n) "
    "SELECT SUBSTR(t.code, 1, LENGTH(t.code) - 12) || '-' || d.yymmdd || '-' || "
    "SUBSTR(CAST(10000 + (CAST($1 AS BIGINT) + num.i) % $2 + 1 AS TEXT), 2), "
    "CAST($6 AS BIGINT) + num.i + 1, t.id, "
    "d.t0 + 27000 + ((CAST($1 AS BIGINT) + num.i) % $2) * (32400 / $2) - t.received_at, "
    "CAST($1 AS BIGINT) + num.i "
    "FROM num JOIN bench_tmpl s ON s.kind = $4 AND s.slot = num.i % $5 "
    "JOIN dossiers t ON t.id = s.dossier_id "
    "JOIN bench_days d ON d.day = (CAST($1 AS BIGINT) + num.i) / $2",

    "INSERT INTO dossiers (id, code, procedure_version_id, procedure_code, procedure_name, "
    "receiving_unit_id, state, national_status, version, channel, return_method, "
    "applicant_kind, applicant_name, applicant_fold, applicant_id, applicant_birth, "
    "applicant_phone, applicant_email, applicant_address, applicant_user_id, sets, fee_total, "
    "limit_unit, limit_value, received_at, accepted_at, clock_start, first_due_at, due_at, "
    "extended, supplements, step_index, step_unit_id, step_role, step_due_at, assignee_id, "
    "result_kind, reason, finished_at, returned_at, created_by, updated_at) "
    "SELECT m.id, m.code, t.procedure_version_id, t.procedure_code, t.procedure_name, "
    "t.receiving_unit_id, t.state, t.national_status, t.version, t.channel, t.return_method, "
    "t.applicant_kind, t.applicant_name, t.applicant_fold, "
    "'0792' || SUBSTR(CAST(100000000 + m.n AS TEXT), 2), t.applicant_birth, "
    "'09' || SUBSTR(CAST(100000000 + m.n AS TEXT), 2), t.applicant_email, "
    "t.applicant_address, t.applicant_user_id, t.sets, t.fee_total, t.limit_unit, "
    "t.limit_value, t.received_at + m.shift, t.accepted_at + m.shift, t.clock_start + m.shift, "
    "t.first_due_at + m.shift, t.due_at + m.shift, t.extended, t.supplements, t.step_index, "
    "t.step_unit_id, t.step_role, t.step_due_at + m.shift, t.assignee_id, t.result_kind, "
    "t.reason, t.finished_at + m.shift, t.returned_at + m.shift, t.created_by, "
    "t.updated_at + m.shift FROM bench_map m JOIN dossiers t ON t.id = m.tmpl ORDER BY m.n",

    "INSERT INTO dossier_components (dossier_id, idx, name, kind, required_count, "
    "received_count) SELECT m.id, c.idx, c.name, c.kind, c.required_count, c.received_count "
    "FROM bench_map m JOIN dossier_components c ON c.dossier_id = m.tmpl",

    "INSERT INTO dossier_steps (dossier_id, idx, role, unit_id, actor_label, budget_seconds, "
    "started_at, due_at, finished_at, finished_by, timing) SELECT m.id, s.idx, s.role, "
    "s.unit_id, s.actor_label, s.budget_seconds, s.started_at + m.shift, s.due_at + m.shift, "
    "s.finished_at + m.shift, s.finished_by, s.timing "
    "FROM bench_map m JOIN dossier_steps s ON s.dossier_id = m.tmpl",

    "INSERT INTO dossier_events (dossier_id, at, actor_id, actor, action, from_state, "
    "to_state, from_unit_id, to_unit_id, step_index, timing, note) SELECT m.id, "
    "v.at + m.shift, v.actor_id, v.actor, v.action, v.from_state, v.to_state, v.from_unit_id, "
    "v.to_unit_id, v.step_index, v.timing, v.note "
    "FROM bench_map m JOIN dossier_events v ON v.dossier_id = m.tmpl ORDER BY m.n, v.id",

    "DELETE FROM bench_map",
};

struct batch {
    const char *kind;
    long base, n, per_day;
    int ntmpl, postgres;
};

static int copy_batch(struct db_conn *c, void *ctx, struct err *e)
{
    struct batch *b = ctx;
    int64_t last = 0;
    /* PostgreSQL checks foreign keys with a trigger per row, which is most of the time of a
     * batch; copies of valid templates cannot break them, so the superuser of the throwaway
     * bench cluster skips the triggers for this transaction. */
    int rc =
        b->postgres ? db_exec(c, "SET LOCAL session_replication_role = replica", DB_NOARGS, e) : 0;
    rc =
        rc ? rc : db_query_int(c, "SELECT COALESCE(MAX(id), 0) FROM dossiers", DB_NOARGS, &last, e);
    if (!rc)
        rc = db_exec(c, batch_sql[0],
                     DB_ARGS(DB_I(b->base), DB_I(b->per_day), DB_I(b->n), DB_T(b->kind),
                             DB_I(b->ntmpl), DB_I(last)),
                     e);
    for (size_t i = 1; !rc && i < sizeof batch_sql / sizeof batch_sql[0]; i++)
        rc = db_exec(c, batch_sql[i], DB_NOARGS, e);
    return rc;
}

/* Copies `count` dossiers of one kind over `ndays` days ending `end_days_ago` before today. */
static int copy_many(struct gen *g, const char *kind, const int64_t *tmpl, int ntmpl, long count,
                     long ndays, long end_days_ago, struct err *e)
{
    if (count == 0)
        return 0;
    struct fill f = {g, ndays, end_days_ago, kind, tmpl, ntmpl};
    int rc = db_tx(g->db, fill_scratch, &f, e);
    long per_day = (count + ndays - 1) / ndays;
    for (long base = 0; !rc && base < count; base += BATCH) {
        struct batch b = {kind,    base,  count - base < BATCH ? count - base : BATCH,
                          per_day, ntmpl, g->postgres};
        rc = db_tx(g->db, copy_batch, &b, e);
        fprintf(stderr, "\rbench_gen: %s %ld/%ld", kind, base + b.n, count);
    }
    fputc('\n', stderr);
    return rc;
}

static int with_scratch(struct db_conn *c, void *ctx, struct err *e)
{
    int create = *(const int *)ctx;
    int rc = exec_all(c, scratch_drop, 3, e);
    return rc || !create ? rc : exec_all(c, scratch_ddl, 3, e);
}

static int write_codes(struct gen *g, const struct options *o, struct err *e)
{
    struct db_conn *c = db_acquire(g->db, e);
    if (!c)
        return E_UNAVAILABLE;
    long step = o->count / o->samples > 1 ? o->count / o->samples : 1;
    struct db_rows *r = NULL;
    int rc = db_query(c, "SELECT code FROM dossiers WHERE id % $1 = 0 ORDER BY id LIMIT $2",
                      DB_ARGS(DB_I(step), DB_I(o->samples)), &r, e);
    db_release(c);
    FILE *f = rc ? NULL : fopen(o->codes, "w");
    if (!rc && !f)
        rc = err_set(e, E_UNAVAILABLE, "codes", "cannot write %s", o->codes);
    for (int i = 0; f && i < db_rows_count(r); i++)
        fprintf(f, "%s\n", db_rows_text(r, i, 0));
    if (f && fclose(f))
        rc = err_set(e, E_UNAVAILABLE, "codes", "cannot write %s", o->codes);
    db_rows_free(r);
    return rc;
}

/* On PostgreSQL the identity sequence does not see explicit ids: move it past them. And
 * autovacuum would analyse the new rows within a minute; do it now so the plans measured are
 * the ones a running server settles on. (SQLite's AUTOINCREMENT follows explicit ids by
 * itself; SQLite has no automatic statistics, and a motcua database never has them.) */
static int settle_postgres(struct db_conn *c, void *ctx, struct err *e)
{
    (void)ctx;
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "SELECT setval(pg_get_serial_sequence('dossiers', 'id'), "
                      "(SELECT MAX(id) FROM dossiers))",
                      DB_NOARGS, &r, e);
    db_rows_free(r);
    return rc ? rc : db_exec(c, "ANALYZE", DB_NOARGS, e);
}

/* SQLite's default page cache (2 MiB) makes every batch re-read the index pages it just
 * wrote; the generator's own connection may use more. The server's settings are untouched. */
static int large_cache(struct db_conn *c, void *ctx, struct err *e)
{
    (void)ctx;
    return db_exec(c, "PRAGMA cache_size = -524288", DB_NOARGS, e);
}

static int generate(struct gen *g, const struct options *o, struct err *e)
{
    int create = 1, drop = 0;
    int rc = make_templates(g, e);
    if (!rc && !g->postgres)
        rc = db_with_conn(g->db, large_cache, NULL, e);
    rc = rc ? rc : db_with_conn(g->db, with_scratch, &create, e);
    rc = rc ? rc
            : copy_many(g, "history", g->history_tmpl, g->nhistory, o->count - o->open,
                        HISTORY_DAYS, HISTORY_END, e);
    rc = rc ? rc : copy_many(g, "open", g->open_tmpl, g->nopen, o->open, OPEN_DAYS, 0, e);
    rc = rc ? rc : db_with_conn(g->db, with_scratch, &drop, e);
    if (!rc && g->postgres)
        rc = db_with_conn(g->db, settle_postgres, NULL, e);
    if (!rc && o->codes)
        rc = write_codes(g, o, e);
    return rc;
}

int main(int argc, char **argv)
{
    struct options o;
    if (parse_options(argc, argv, &o))
        return 2;
    struct gen g = {0};
    struct svc_config cfg = {.db_url = o.db, .pool_size = 2};
    struct err e = {0};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = svc_open(&cfg, &g.svc, &e);
    rc = rc ? rc : db_open(o.db, 1, &g.db, &e);
    g.ar = arena_new();
    g.postgres = db_url_is_postgres(o.db);
    rc = rc ? rc : generate(&g, &o, &e);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (rc)
        fprintf(stderr, "bench_gen: %s%s%s\n", e.msg, e.field[0] ? " — " : "", e.field);
    else
        printf("bench_gen: %ld dossiers in %.1f s (%.0f/s)\n", o.count, s, (double)o.count / s);
    arena_free(g.ar);
    if (g.db)
        db_close(g.db);
    if (g.svc)
        svc_close(g.svc);
    return rc ? 1 : 0;
}
