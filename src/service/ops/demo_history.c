/* demo_history.c — `motcua demo --dossiers N --years Y`: a synthetic but plausible history of
 * dossiers over the last Y years, so that dashboards, reports and the Decision 766 indicator
 * can be shown and measured on a realistic volume. Each dossier is drawn from a seeded
 * generator (same seed, same database → same history): a unit and one of the procedures it
 * receives (popular procedures more often), a working day and an hour, a channel (online
 * rising from 15 % to 55 % over the period), and a path — refused at reception, asked to
 * supplement at reception, supplement requests during appraisal (a few with two cycles),
 * withdrawal, stop, refusal after appraisal or a result, early, on time or late with a
 * lateness rate that differs per procedure. Due moments come from the real calendar and
 * office hours, with the restart rule after a supplement.
 *
 * Rows are written through history_store in multi-row statements, BATCH dossiers per
 * transaction; codes continue the stored daily sequences (kept in memory per unit and day and
 * written at the end). The counters are updated event by event inside each batch by the rule
 * live traffic uses (stats_on_event_files, stats_on_rating, stats_on_step for each finished
 * step), or on request rebuilt once at the end. Generated history has no checklist
 * components and no reception step (two processing steps: specialist, then leader), which
 * keeps a dossier to about seven rows; its scans and electronic results all point at one
 * small synthetic PDF stored once. */
#include "svc_demo_history.h"

#include "cal_calendar.h"
#include "cal_date.h"
#include "cal_timing.h"
#include "dossier_code.h"
#include "blob_store.h"
#include "file_store.h"
#include "history_store.h"
#include "stats_internal.h"
#include "svc_stats.h"
#include "text.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BATCH        5000
#define MAX_EVENTS   8 /* per dossier */
#define DAY_SECONDS  86400
#define OPENING      27000 /* 07:30 local */
#define CLOSING      61200 /* 17:00 local */
#define MAX_DOSSIERS 10000000L
#define MAX_YEARS    20
#define NOTE         "Dữ liệu tổng hợp"

struct rng {
    uint64_t s;
};

/* splitmix64: small, fast and the same on every platform. */
static uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double rng_unit(struct rng *r)
{
    return (double)(rng_next(r) >> 11) / 9007199254740992.0;
}

static int64_t rng_between(struct rng *r, int64_t lo, int64_t hi)
{
    return hi <= lo ? lo : lo + (int64_t)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

struct offer {
    const struct history_offer *o;
    const char *limit_unit;
    int limit_value;
    double late_rate;
    int64_t fee;
};

struct unit {
    int64_t id, admin_id;
    const char *agency_code;
    int first, count; /* its offers */
    struct dossier_clock clock;
    int clock_open;
};

struct batch {
    struct dossier_row *d;
    struct stats_files *facts; /* facts[i]: the files written for d[i] */
    struct history_event *ev;
    struct history_supplement *sup;
    struct history_step *steps;
    struct history_rating *ratings;
    struct history_file *files;
    int nd, nev, nsup, nsteps, nratings, nfiles;
    struct arena *ar;
};

struct gen {
    struct svc *s;
    const struct svc_history_opts *o;
    struct rng rng;
    int64_t now, next_id;
    struct offer *offers;
    struct unit *units;
    int noffers, nunits;
    int32_t *days; /* the working days of the period */
    int ndays;
    int32_t first_day;
    int *seq; /* [unit][day - first_day] */
    int span, spacing;
    struct batch b;
    long events;
    char sha256[BLOB_HEX_LEN + 1]; /* the one synthetic content every generated file shows */
};

static const char *const family[] = {"Nguyễn", "Trần", "Lê",  "Phạm", "Huỳnh", "Hoàng",
                                     "Võ",     "Đặng", "Bùi", "Đỗ",   "Dương", "Lâm"};
static const char *const middle[] = {"Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hoàng", "Hữu"};
static const char *const given[] = {"An",   "Bình",  "Cường", "Dũng", "Hà",   "Hạnh", "Hùng",
                                    "Lan",  "Linh",  "Nam",   "Phúc", "Quân", "Sơn",  "Tâm",
                                    "Thảo", "Trang", "Tuấn",  "Vy",   "Yến",  "Khánh"};
#define PICK(r, a) (a[rng_next(r) % (sizeof a / sizeof a[0])])

static int check_opts(const struct svc_history_opts *o, struct err *e)
{
    if (o->dossiers < 1 || o->dossiers > MAX_DOSSIERS)
        return err_set(e, E_INVALID, "dossiers", "Số hồ sơ phải từ 1 đến %ld", MAX_DOSSIERS);
    if (o->years < 1 || o->years > MAX_YEARS)
        return err_set(e, E_INVALID, "years", "Số năm phải từ 1 đến %d", MAX_YEARS);
    return 0;
}

/* A procedure's lateness rate, fixed by its code: most procedures are rarely late, a few
 * are often late (2 % … 20 %). */
static double late_rate_of(const char *code)
{
    uint32_t h = 2166136261u;
    for (const char *p = code; *p; p++)
        h = (h ^ (uint8_t)*p) * 16777619u;
    double x = (double)(h % 1000) / 1000.0;
    return 0.02 + 0.18 * x * x * x;
}

static int load_offer(struct arena *ar, const struct history_offer *ho, struct offer *out)
{
    struct procedure body;
    struct err ignore = {0};
    if (proc_parse(ar, ho->body, &body, &ignore) != 0 || body.time_limit.value == PROC_UNKNOWN)
        return 0;
    struct cal_limit lim = {body.time_limit.unit, (int)body.time_limit.value};
    if (cal_limit_validate(lim, &ignore) != 0)
        return 0;
    *out = (struct offer){ho, cal_unit_name(lim.unit), lim.value, late_rate_of(ho->procedure_code),
                          proc_fee_total(&body)};
    return 1;
}

/* Offers grouped by receiving unit (they arrive sorted by unit), with each unit's clock. */
static int load_units(struct gen *g, struct db_conn *c, struct arena *ar, struct err *e)
{
    struct history_offer *ho = NULL;
    struct org_tree t;
    int n = 0;
    char today[16];
    cal_format_date(cal_local_day(g->now), today, sizeof today);
    int rc = history_offers(c, ar, today, &ho, &n, e);
    rc = rc ? rc : org_tree_of(g->s, c, &t, e);
    if (rc)
        return rc;
    g->offers = arena_alloc(ar, sizeof *g->offers * (size_t)(n ? n : 1));
    g->units = arena_alloc(ar, sizeof *g->units * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        struct offer of;
        const char *agency = org_tree_agency_code(&t, ho[i].unit_id);
        if (!agency || !*agency || !load_offer(ar, &ho[i], &of))
            continue;
        struct unit *u = g->nunits ? &g->units[g->nunits - 1] : NULL;
        if (!u || u->id != ho[i].unit_id) {
            const struct org_unit *admin = org_tree_admin(&t, ho[i].unit_id);
            u = &g->units[g->nunits++];
            *u = (struct unit){ho[i].unit_id,
                               admin ? admin->id : ho[i].unit_id,
                               arena_strdup(ar, agency),
                               g->noffers,
                               0,
                               {0},
                               0};
        }
        u->count++;
        g->offers[g->noffers++] = of;
    }
    if (!g->nunits)
        return err_set(e, E_NOTFOUND, "procedures",
                       "Chưa có đơn vị nào tiếp nhận thủ tục; hãy nạp danh mục mẫu trước");
    for (int i = 0; !rc && i < g->nunits; i++) {
        rc = dossier_clock_open(g->s, c, g->units[i].id, &g->units[i].clock, e);
        g->units[i].clock_open = !rc;
    }
    return rc;
}

static int load_days(struct gen *g, struct db_conn *c, struct arena *ar, struct err *e)
{
    int32_t last = cal_local_day(g->now) - 1;
    g->first_day = last - 365 * g->o->years + 1;
    g->span = last - g->first_day + 1;
    g->days = arena_alloc(ar, sizeof *g->days * (size_t)g->span);
    const struct cal_calendar *cal = svc_cal_calendar(g->units[0].clock.snap);
    for (int32_t d = g->first_day; d <= last; d++)
        if (cal_is_working_day(cal, d))
            g->days[g->ndays++] = d;
    long per_day = g->o->dossiers / ((long)g->nunits * (g->ndays ? g->ndays : 1)) + 1;
    if (!g->ndays || per_day * 2 > DOSSIER_SEQ_MAX)
        return err_set(e, E_INVALID, "dossiers",
                       "Quá nhiều hồ sơ cho số năm này (tối đa %d hồ sơ một ngày một đơn vị)",
                       DOSSIER_SEQ_MAX / 2);
    g->spacing = (int)((CLOSING - OPENING) / (per_day * 2));
    g->seq = calloc((size_t)g->nunits * (size_t)g->span, sizeof *g->seq);
    if (!g->seq)
        return err_set(e, E_NOMEM, NULL, "out of memory");
    struct history_seq *seqs = NULL;
    int n = 0;
    int rc = history_day_seqs(c, ar, &seqs, &n, e);
    for (int i = 0; !rc && i < n; i++) {
        int32_t day;
        struct err ignore = {0};
        if (cal_parse_date(seqs[i].day, &day, &ignore) || day < g->first_day ||
            day >= g->first_day + g->span)
            continue;
        for (int u = 0; u < g->nunits; u++)
            if (g->units[u].id == seqs[i].unit_id)
                g->seq[(size_t)u * (size_t)g->span + (size_t)(day - g->first_day)] =
                    seqs[i].last_seq;
    }
    return rc ? rc : history_max_id(c, &g->next_id, e);
}

static void add_event(struct gen *g, int64_t id, int64_t at, const char *action, const char *from,
                      const char *to, int step, const char *timing)
{
    struct history_event *v = &g->b.ev[g->b.nev++];
    *v = (struct history_event){.dossier_id = id,
                                .ev = {.at = at,
                                       .step_index = step,
                                       .actor = SVC_HISTORY_ACTOR,
                                       .action = action,
                                       .from_state = from,
                                       .to_state = to,
                                       .timing = timing,
                                       .note = NOTE}};
}

static void add_supplement(struct gen *g, int64_t id, const char *stage, int64_t at, int64_t done)
{
    struct history_supplement *s = &g->b.sup[g->b.nsup++];
    *s = (struct history_supplement){
        .dossier_id = id,
        .s = {.stage = stage,
              .requested_at = at,
              .completed_at = done,
              .items = "[\"Giấy tờ còn thiếu (dữ liệu tổng hợp)\"]",
              .reason = "Hồ sơ chưa đầy đủ theo quy định (dữ liệu tổng hợp)."}};
}

/* The two processing steps: the specialist gets four fifths of the time, the leader signs. */
static void add_steps(struct gen *g, const struct unit *u, const struct offer *of,
                      struct dossier_row *d, int64_t end)
{
    int64_t start = d->clock_start, span = d->due_at - start;
    int64_t due1 = start + span * 4 / 5, end1 = end ? start + (end - start) * 4 / 5 : 0;
    int64_t resolver = of->o->resolver_id ? of->o->resolver_id : u->admin_id;
    struct history_step *s = &g->b.steps[g->b.nsteps];
    s[0] = (struct history_step){.dossier_id = d->id,
                                 .s = {.idx = 1,
                                       .role = "specialist",
                                       .unit_id = resolver,
                                       .actor_label = "Chuyên viên thụ lý",
                                       .budget_seconds = due1 - start,
                                       .started_at = start,
                                       .due_at = due1,
                                       .finished_at = end1,
                                       .timing = end1 ? dossier_timing(end1, due1) : NULL}};
    s[1] = (struct history_step){.dossier_id = d->id,
                                 .s = {.idx = 2,
                                       .role = "leader",
                                       .unit_id = u->admin_id,
                                       .actor_label = "Lãnh đạo phê duyệt",
                                       .budget_seconds = d->due_at - due1,
                                       .started_at = end1,
                                       .due_at = end1 ? d->due_at : 0,
                                       .finished_at = end,
                                       .timing = end ? dossier_timing(end, d->due_at) : NULL}};
    g->b.nsteps += 2;
    if (!end) {
        d->step_index = 1;
        d->step_unit_id = resolver;
        d->step_role = "specialist";
        d->step_due_at = due1;
    }
}

static int due_from(const struct unit *u, const struct offer *of, int64_t t, int64_t *due,
                    struct err *e)
{
    return dossier_clock_due(&u->clock, t, of->limit_unit, of->limit_value, due, e);
}

/* When processing ends: late with the procedure's rate, otherwise early or on the due day. */
static int64_t finish_time(struct gen *g, const struct offer *of, int64_t start, int64_t due)
{
    double x = rng_unit(&g->rng);
    if (x < of->late_rate)
        return due + rng_between(&g->rng, 3600, 10 * DAY_SECONDS);
    if (x < of->late_rate + 0.55 && due - start > DAY_SECONDS)
        return start + (int64_t)((double)(due - start) * (0.2 + 0.6 * rng_unit(&g->rng)));
    int64_t t = due - rng_between(&g->rng, 0, 1800);
    return t > start ? t : due;
}

static void set_state(struct dossier_row *d, enum dossier_state st)
{
    d->state = dossier_state_name(st);
    d->national_status = dossier_national_status(st);
}

/* Appraisal supplement cycles (restart rule: the limit counts again from completion). 1 when
 * the dossier is left waiting for the citizen. */
static int appraisal_supplements(struct gen *g, const struct unit *u, const struct offer *of,
                                 struct dossier_row *d, struct err *e, int *rc)
{
    double y = rng_unit(&g->rng);
    int cycles = y < 0.01 ? 2 : y < 0.06 ? 1 : 0;
    for (int i = 0; i < cycles && !*rc; i++) {
        int64_t asked = d->clock_start + (int64_t)((double)(d->due_at - d->clock_start) *
                                                   (0.1 + 0.4 * rng_unit(&g->rng)));
        if (asked > g->now)
            return 0;
        int64_t done = asked + rng_between(&g->rng, DAY_SECONDS, 10 * DAY_SECONDS);
        d->supplements++;
        add_event(g, d->id, asked, "request_supplement", "processing", "supplement", 1, NULL);
        if (done > g->now) {
            add_supplement(g, d->id, "appraisal", asked, 0);
            set_state(d, DS_SUPPLEMENT);
            d->step_unit_id = d->receiving_unit_id;
            d->step_role = "receptionist";
            return 1;
        }
        add_supplement(g, d->id, "appraisal", asked, done);
        add_event(g, d->id, done, "supplement_received", "supplement", "processing", 1, NULL);
        d->clock_start = done;
        *rc = due_from(u, of, done, &d->due_at, e);
    }
    return 0;
}

/* Two in five applicants rate a returned dossier, less kindly when it was late; they score
 * the four Circular 01/2018 Art. 13 items of the rating form (keys sorted, as stored live). */
static void maybe_rate(struct gen *g, const struct dossier_row *d, int late)
{
    if (rng_unit(&g->rng) >= 0.4)
        return;
    double x = rng_unit(&g->rng);
    int64_t at = d->returned_at + rng_between(&g->rng, 60, 3 * DAY_SECONDS);
    if (at > g->now)
        return; /* not given yet: like every generated event, a rating lies in the past */
    double bad = late ? 0.3 : 0.03, so_so = late ? 0.6 : 0.12;
    int score = x < bad ? 0 : x < so_so ? 1 : 2;
    struct history_rating *r = &g->b.ratings[g->b.nratings++];
    *r = (struct history_rating){
        d->id, at,
        score == 2   ? "satisfied"
        : score == 1 ? "neutral"
                     : "dissatisfied",
        score == 2   ? "{\"attitude\":2,\"bodies\":2,\"contacts\":2,\"information\":2}"
        : score == 1 ? "{\"attitude\":1,\"bodies\":2,\"contacts\":1,\"information\":1}"
                     : "{\"attitude\":1,\"bodies\":1,\"contacts\":0,\"information\":1}",
        strcmp(d->channel, "online") == 0 ? "online" : "counter"};
}

/* A share that rises linearly over the period, from lo on its first day to hi on its last. */
static double rising(const struct gen *g, int64_t at, double lo, double hi)
{
    return lo + (hi - lo) * (double)(cal_local_day(at) - g->first_day) / (double)g->span;
}

static void add_file(struct gen *g, const struct dossier_row *d, int component_idx, int64_t at,
                     const char *name)
{
    g->b.files[g->b.nfiles++] = (struct history_file){.dossier_id = d->id,
                                                      .uploaded_at = at,
                                                      .sha256 = g->sha256,
                                                      .name = name,
                                                      .component_idx = component_idx};
}

/* Digitisation at acceptance: what was sent online is electronic already; at the counter the
 * components are scanned more and more often (40 % → 90 % over the period). */
static void maybe_scan(struct gen *g, const struct dossier_row *d)
{
    int online = strcmp(d->channel, "online") == 0;
    if (!online && rng_unit(&g->rng) >= rising(g, d->accepted_at, 0.4, 0.9))
        return;
    add_file(g, d, 0, d->accepted_at, online ? "to-khai.pdf" : "ban-quet-to-khai.pdf");
    g->b.facts[g->b.nd - 1].components = 1;
}

/* The electronic result (50 % → 90 % of results over the period), signed a little before the
 * result is ready and never before the dossier was accepted. */
static void maybe_e_result(struct gen *g, const struct dossier_row *d, int64_t end)
{
    if (rng_unit(&g->rng) >= rising(g, end, 0.5, 0.9))
        return;
    int64_t at = end - rng_between(&g->rng, 60, 3600);
    add_file(g, d, -1, at > d->accepted_at ? at : d->accepted_at, "ket-qua.pdf");
    g->b.facts[g->b.nd - 1].result = 1;
}

/* From acceptance to the end: supplements, then withdrawal, stop, refusal or result, and the
 * hand-back. */
static int process(struct gen *g, const struct unit *u, const struct offer *of,
                   struct dossier_row *d, struct err *e)
{
    int rc = due_from(u, of, d->accepted_at, &d->due_at, e);
    d->clock_start = d->accepted_at;
    d->first_due_at = d->due_at;
    set_state(d, DS_PROCESSING);
    maybe_scan(g, d);
    if (rc || appraisal_supplements(g, u, of, d, e, &rc) || rc)
        return rc;
    int64_t end = finish_time(g, of, d->clock_start, d->due_at);
    if (end > g->now) {
        add_steps(g, u, of, d, 0);
        return 0;
    }
    add_steps(g, u, of, d, end);
    d->finished_at = d->updated_at = end;
    double z = rng_unit(&g->rng);
    const char *timing = dossier_timing(end, d->due_at);
    if (z < 0.03) {
        set_state(d, z < 0.02 ? DS_WITHDRAWN : DS_STOPPED);
        d->reason =
            z < 0.02 ? "Công dân rút hồ sơ (dữ liệu tổng hợp)" : "Dừng xử lý (dữ liệu tổng hợp)";
        add_event(g, d->id, end, z < 0.02 ? "withdraw" : "stop", "processing", d->state, 2, timing);
        return 0;
    }
    set_state(d, DS_RESULT_READY);
    d->result_kind = z < 0.06 ? "refusal" : "result";
    maybe_e_result(g, d, end);
    d->step_unit_id = d->receiving_unit_id;
    d->step_role = "receptionist";
    add_event(g, d->id, end, z < 0.06 ? "refuse" : "advance", "processing", "result_ready", 2,
              timing);
    int64_t back = end + rng_between(&g->rng, 600, 5 * DAY_SECONDS);
    if (back <= g->now && rng_unit(&g->rng) < 0.97) {
        set_state(d, DS_RETURNED);
        d->returned_at = d->updated_at = back;
        d->step_unit_id = 0;
        d->step_role = NULL;
        add_event(g, d->id, back, "return", "result_ready", "returned", 2, NULL);
        maybe_rate(g, d, strcmp(timing, "late") == 0);
    }
    return 0;
}

/* Reception: refused (3 %), asked to supplement first (8 %, of whom some withdraw), or
 * accepted. */
static int receive(struct gen *g, const struct unit *u, const struct offer *of,
                   struct dossier_row *d, struct err *e)
{
    double x = rng_unit(&g->rng);
    if (x < 0.03) {
        set_state(d, DS_REFUSED);
        d->finished_at = d->received_at;
        d->reason = "Hồ sơ không thuộc thẩm quyền giải quyết (dữ liệu tổng hợp)";
        add_event(g, d->id, d->received_at, "refuse_reception", "none", "refused", 0, NULL);
        return 0;
    }
    if (x >= 0.11) {
        d->accepted_at = d->received_at;
        add_event(g, d->id, d->received_at, "accept", "none", "processing", 0, NULL);
        return process(g, u, of, d, e);
    }
    int64_t done = d->received_at + rng_between(&g->rng, DAY_SECONDS / 2, 10 * DAY_SECONDS);
    int gives_up = rng_unit(&g->rng) < 0.1;
    d->supplements = 1;
    add_event(g, d->id, d->received_at, "reception_supplement", "none", "reception_supplement", 0,
              NULL);
    if (done > g->now || gives_up) {
        int64_t left = d->received_at + 15 * DAY_SECONDS;
        add_supplement(g, d->id, "reception", d->received_at, 0);
        set_state(d, DS_RECEPTION_SUPPLEMENT);
        d->step_unit_id = d->receiving_unit_id;
        d->step_role = "receptionist";
        if (gives_up && left <= g->now) {
            set_state(d, DS_WITHDRAWN);
            d->finished_at = d->updated_at = left;
            d->step_unit_id = 0;
            d->step_role = NULL;
            add_event(g, d->id, left, "withdraw", "reception_supplement", "withdrawn", 0, NULL);
        }
        return 0;
    }
    add_supplement(g, d->id, "reception", d->received_at, done);
    d->accepted_at = done;
    add_event(g, d->id, done, "accept", "reception_supplement", "processing", 0, NULL);
    return process(g, u, of, d, e);
}

/* Popular procedures first: the square of a uniform draw favours the first offers. */
static const struct offer *pick_offer(struct gen *g, const struct unit *u)
{
    double x = rng_unit(&g->rng);
    return &g->offers[u->first + (int)(x * x * u->count)];
}

static const char *pick_channel(struct gen *g, int32_t day)
{
    double online = 0.15 + 0.40 * (double)(day - g->first_day) / (double)g->span;
    double x = rng_unit(&g->rng);
    return x < online ? "online" : x < online + 0.05 ? "post" : "counter";
}

static int applicant(struct gen *g, struct dossier_row *d, struct err *e)
{
    char *fold = NULL;
    const char *name = arena_printf(g->b.ar, "[Tổng hợp] %s %s %s", PICK(&g->rng, family),
                                    PICK(&g->rng, middle), PICK(&g->rng, given));
    if (text_fold(g->b.ar, name, &fold))
        return err_set(e, E_INTERNAL, "applicant_name", "cannot fold a generated name");
    d->applicant_kind = "person";
    d->applicant_name = name;
    d->applicant_fold = fold;
    d->applicant_id = arena_printf(g->b.ar, "0792%08lld", (long long)(d->id % 100000000));
    d->applicant_phone =
        arena_printf(g->b.ar, "09%08lld", (long long)(rng_next(&g->rng) % 100000000));
    return 0;
}

static int generate_one(struct gen *g, struct err *e)
{
    struct unit *u = &g->units[rng_next(&g->rng) % (uint64_t)g->nunits];
    const struct offer *of = pick_offer(g, u);
    int32_t day = g->days[rng_next(&g->rng) % (uint64_t)g->ndays];
    int *seq = &g->seq[(size_t)(u - g->units) * (size_t)g->span + (size_t)(day - g->first_day)];
    if (*seq >= DOSSIER_SEQ_MAX)
        return err_set(e, E_INVALID, "dossiers", "Quá %d hồ sơ trong một ngày", DOSSIER_SEQ_MAX);
    ++*seq;
    char code[DOSSIER_CODE_MAX];
    int rc = dossier_code_format(u->agency_code, day, *seq, code, sizeof code, e);
    if (rc)
        return rc;
    int second = OPENING + (*seq - 1) * g->spacing + (int)rng_between(&g->rng, 0, g->spacing - 1);
    g->b.facts[g->b.nd] = (struct stats_files){0, 0};
    struct dossier_row *d = &g->b.d[g->b.nd++];
    *d = (struct dossier_row){.id = ++g->next_id,
                              .code = arena_strdup(g->b.ar, code),
                              .procedure_version_id = of->o->version_id,
                              .procedure_code = of->o->procedure_code,
                              .procedure_name = of->o->name,
                              .receiving_unit_id = u->id,
                              .version = 1,
                              .channel = pick_channel(g, day),
                              .sets = 1,
                              .fee_total = of->fee,
                              .limit_unit = of->limit_unit,
                              .limit_value = of->limit_value,
                              .received_at = cal_instant(day, second < CLOSING ? second : CLOSING)};
    d->return_method = strcmp(d->channel, "online") == 0 ? "online" : "counter";
    d->updated_at = d->received_at;
    rc = applicant(g, d, e);
    return rc ? rc : receive(g, u, of, d, e);
}

/* The counters of every event, rating and finished step of the batch, with the dossier as it
 * ends up (its final due moment, as the rebuild would join it) and the files written for it. */
static int count_inline(struct gen *g, struct db_conn *c, struct err *e)
{
    int rc = 0;
    for (int i = 0, k = 0; !rc && i < g->b.nev; i++) {
        while (g->b.d[k].id != g->b.ev[i].dossier_id)
            k++;
        struct dossier_row d = g->b.d[k];
        d.state = g->b.ev[i].ev.to_state;
        rc = stats_on_event_files(c, &d, g->b.ev[i].ev.action, g->b.ev[i].ev.from_state,
                                  g->b.ev[i].ev.at, &g->b.facts[k], e);
    }
    for (int i = 0, k = 0; !rc && i < g->b.nratings; i++) {
        while (g->b.d[k].id != g->b.ratings[i].dossier_id)
            k++;
        rc = stats_on_rating(c, &g->b.d[k], g->b.ratings[i].overall, g->b.ratings[i].indicators,
                             g->b.ratings[i].created_at, e);
    }
    for (int i = 0, k = 0; !rc && i < g->b.nsteps; i++) {
        while (g->b.d[k].id != g->b.steps[i].dossier_id)
            k++;
        rc = stats_on_step(c, &g->b.d[k], NULL, &g->b.steps[i].s, e);
    }
    return rc;
}

static int write_batch(struct db_conn *c, void *ctx, struct err *e)
{
    struct gen *g = ctx;
    int rc = history_bulk_session(c, e);
    rc = rc ? rc : history_insert_dossiers(c, g->b.d, g->b.nd, e);
    rc = rc ? rc : history_insert_events(c, g->b.ev, g->b.nev, e);
    rc = rc ? rc : history_insert_supplements(c, g->b.sup, g->b.nsup, e);
    rc = rc ? rc : history_insert_steps(c, g->b.steps, g->b.nsteps, e);
    rc = rc ? rc : history_insert_ratings(c, g->b.ratings, g->b.nratings, e);
    rc = rc ? rc : history_insert_files(c, g->b.files, g->b.nfiles, e);
    if (!rc && g->o->counters == SVC_HISTORY_INLINE)
        rc = count_inline(g, c, e);
    return rc;
}

static int write_seqs(struct db_conn *c, void *ctx, struct err *e)
{
    struct gen *g = ctx;
    struct arena *ar = arena_new();
    int rc = 0;
    struct history_seq *rows = arena_alloc(ar, sizeof *rows * (size_t)g->span);
    for (int u = 0; !rc && u < g->nunits; u++) {
        int n = 0;
        for (int d = 0; d < g->span; d++) {
            int last = g->seq[(size_t)u * (size_t)g->span + (size_t)d];
            char day[16];
            cal_format_date(g->first_day + d, day, sizeof day);
            if (last)
                rows[n++] = (struct history_seq){
                    .unit_id = g->units[u].id, .day = arena_strdup(ar, day), .last_seq = last};
        }
        rc = history_write_day_seqs(c, rows, n, e);
    }
    arena_free(ar);
    return rc ? rc : history_settle_ids(c, e);
}

static int batch_alloc(struct batch *b, struct err *e)
{
    b->d = calloc(BATCH, sizeof *b->d);
    b->ev = calloc((size_t)BATCH * MAX_EVENTS, sizeof *b->ev);
    b->sup = calloc((size_t)BATCH * 2, sizeof *b->sup);
    b->steps = calloc((size_t)BATCH * 2, sizeof *b->steps);
    b->ratings = calloc(BATCH, sizeof *b->ratings);
    b->facts = calloc(BATCH, sizeof *b->facts);
    b->files = calloc((size_t)BATCH * 2, sizeof *b->files);
    b->ar = arena_new();
    return b->d && b->ev && b->sup && b->steps && b->ratings && b->facts && b->files && b->ar
               ? 0
               : err_set(e, E_NOMEM, NULL, "out of memory");
}

static void batch_free(struct batch *b)
{
    free(b->d);
    free(b->ev);
    free(b->sup);
    free(b->steps);
    free(b->ratings);
    free(b->facts);
    free(b->files);
    arena_free(b->ar);
}

/* A one-page PDF that every generated file points at: stored once in the files directory
 * before its row is written, like any upload, so a download of it works. */
static const char synthetic_pdf[] =
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    "trailer<</Root 1 0 R>>\n%%EOF\n";

static int store_content(struct db_conn *c, void *ctx, struct err *e)
{
    struct gen *g = ctx;
    int existed = 0;
    return file_content_put(c, g->sha256, (int64_t)(sizeof synthetic_pdf - 1), "application/pdf",
                            g->now, &existed, e);
}

static int synthetic_content(struct gen *g, struct arena *ar, struct err *e)
{
    FILE *f = tmpfile();
    if (!f)
        return err_set(e, E_INTERNAL, NULL, "cannot create a temporary file");
    struct blob_id id;
    int existed = 0, rc = 0;
    if (fwrite(synthetic_pdf, 1, sizeof synthetic_pdf - 1, f) != sizeof synthetic_pdf - 1 ||
        fflush(f) || fseek(f, 0, SEEK_SET))
        rc = err_set(e, E_INTERNAL, NULL, "cannot write a temporary file");
    rc = rc ? rc : blob_put_fd(ar, g->s->cfg.files_dir, fileno(f), &id, &existed, e);
    fclose(f);
    if (rc)
        return rc;
    memcpy(g->sha256, id.hex, sizeof g->sha256);
    return db_tx(g->s->db, store_content, g, e);
}

/* The run-wide arena holds offers and units; the batch arena is reset after every batch. */
static int generate(struct gen *g, struct arena *ar, struct err *e)
{
    struct db_conn *c = db_acquire(g->s->db, e);
    if (!c)
        return E_UNAVAILABLE;
    int rc = load_units(g, c, ar, e);
    rc = rc ? rc : load_days(g, c, ar, e);
    db_release(c);
    rc = rc ? rc : synthetic_content(g, ar, e);
    for (long done = 0; !rc && done < g->o->dossiers; done += g->b.nd) {
        g->b.nd = g->b.nev = g->b.nsup = g->b.nsteps = g->b.nratings = g->b.nfiles = 0;
        arena_reset(g->b.ar);
        for (long i = done; !rc && i < g->o->dossiers && g->b.nd < BATCH; i++)
            rc = generate_one(g, e);
        rc = rc ? rc : db_tx(g->s->db, write_batch, g, e);
        g->events += g->b.nev;
        if (!rc && g->o->progress)
            g->o->progress(done + g->b.nd, g->o->dossiers, g->o->progress_ctx);
    }
    return rc ? rc : db_tx(g->s->db, write_seqs, g, e);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int svc_demo_history(struct svc *s, const struct svc_history_opts *o,
                     struct svc_history_result *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    int rc = check_opts(o, e);
    if (rc)
        return rc;
    struct gen g = {.s = s, .o = o, .rng = {o->seed}, .now = o->now ? o->now : svc_now()};
    struct arena *ar = arena_new();
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    rc = batch_alloc(&g.b, e);
    rc = rc ? rc : generate(&g, ar, e);
    out->insert_seconds = seconds_since(&t0);
    if (!rc && o->counters == SVC_HISTORY_REBUILD) {
        int64_t replayed = 0;
        rc = svc_stats_rebuild(s, &svc_system, &replayed, e);
        out->counter_seconds = seconds_since(&t0) - out->insert_seconds;
    }
    for (int i = 0; i < g.nunits; i++)
        if (g.units[i].clock_open)
            dossier_clock_close(&g.units[i].clock);
    out->dossiers = rc ? 0 : o->dossiers;
    out->events = g.events;
    free(g.seq);
    batch_free(&g.b);
    arena_free(ar);
    return rc;
}
