/* test_deadlines.c — the deadline rules of the background job, driven with explicit `now`
 * values against a real database with the demo data: a warning before a step is due is
 * raised once however often the scan runs, an overdue step is marked and the apology
 * proposed (not after an extension), an overdue dossier is marked, finished dossiers are left
 * alone, the next step gets warnings of its own, a stopped scan resumes where it stopped, two
 * scans at once never warn twice, and the notifications reach the right people. A
 * consultation of another unit is warned about before its answer is due and once overdue,
 * exactly once per threshold, to the consulted unit's officers and leaders, and not at all
 * once answered. Runs on SQLite, and on PostgreSQL when MOTCUA_TEST_PG_URL(_FILE) is set. */
#include "cal_date.h"
#include "cal_worktime.h"
#include "calfixture.h"
#include "demofixture.h"
#include "dossier_internal.h"
#include "svc_dossier.h"
#include "svc_jobs.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROCEDURE "1.004873" /* commune: specialist 16 h, leader 4 h, limit 3 working days */
#define COUNTER   "GR-X01-MC"
#define HOUR      3600

static char pg_base[1024];

static int setup_sqlite(void **state)
{
    return demo_fixture_setup(state, NULL, NULL);
}

static int setup_pg(void **state)
{
    return demo_fixture_setup(state, pg_base, "motcua_test_deadlines");
}

struct times {
    int64_t received, step_due, due;
    int version, step_index;
    const char *state;
};

static struct times times_of(struct svc *s, const char *code)
{
    struct arena *a = arena_new();
    struct svc_dossier d;
    struct err e = {0};
    assert_int_equal(svc_dossier_get(s, &svc_system, a, code, &d, &e), 0);
    struct times t = {d.received_at, d.step_due_at, d.due_at, d.version, d.step_index, NULL};
    t.state = strcmp(d.state, "processing") == 0 ? "processing" : "other";
    arena_free(a);
    return t;
}

static const char *receive(struct demo_fixture *f, struct arena *a)
{
    const char *code = demo_receive(f->svc, a, PROCEDURE, COUNTER);
    assert_non_null(code);
    return code;
}

static struct svc_deadline_stats scan_with(struct demo_fixture *f, int64_t now,
                                           const struct svc_deadline_opts *o)
{
    struct svc_deadline_stats st;
    struct err e = {0};
    int rc = svc_deadline_scan(f->svc, now, o, &st, &e);
    if (rc)
        fprintf(stderr, "scan failed: %s\n", e.msg);
    assert_int_equal(rc, 0);
    return st;
}

/* A scan with a one-working-hour window, so that the dossier's own due moment (at least six
 * working hours after the specialist's step) stays out of the window of step warnings. */
static struct svc_deadline_stats scan(struct demo_fixture *f, int64_t now)
{
    struct svc_deadline_opts o = {.warn_before_seconds = HOUR};
    return scan_with(f, now, &o);
}

static int alerts_raised(const struct svc_deadline_stats *st)
{
    return st->step_due_soon + st->step_overdue + st->due_soon + st->overdue + st->propose_apology;
}

static int64_t messages_to(struct demo_fixture *f, const char *username, const char *event)
{
    return demo_query_int(f, "SELECT COUNT(*) FROM outbox WHERE recipient = $1 AND event = $2",
                          DB_ARGS(DB_T(username), DB_T(event)));
}

static int64_t outbox_rows(struct demo_fixture *f)
{
    return demo_query_int(f, "SELECT COUNT(*) FROM outbox", DB_NOARGS);
}

static void act(struct svc *s, const char *code, const char *action, const char *note,
                const char *new_due)
{
    struct times t = times_of(s, code);
    struct svc_dossier_act x = {
        .action = action, .expected_version = t.version, .note = note, .new_due = new_due};
    if (strcmp(action, "return") == 0) { /* a return needs its result: a paper one here */
        x.result_number = "01/2026/KS";
        x.result_date = "2020-01-02";
    }
    struct err e = {0};
    int rc = svc_dossier_act(s, &svc_system, code, &x, NULL, &e);
    if (rc)
        fprintf(stderr, "%s failed: %s\n", action, e.msg);
    assert_int_equal(rc, 0);
}

static void test_nothing_before_the_window(void **state)
{
    struct demo_fixture *f = *state;
    struct arena *a = arena_new();
    struct times t = times_of(f->svc, receive(f, a));
    /* Default window: one working day. A minute more than that of working time before the
     * step is due, nothing is found. The moment is measured on the calendar, not taken to be
     * the reception: received after 15:00, the first step starts the next morning and may
     * have just one working day left at once. */
    struct svc_deadline_stats st =
        scan_with(f, calfix_before_working(t.step_due, 8 * HOUR + 60), NULL);
    assert_int_equal(st.checked, 0);
    assert_int_equal(alerts_raised(&st), 0);
    assert_int_equal(outbox_rows(f), 0);
    arena_free(a);
}

static void test_default_window_is_one_working_day(void **state)
{
    struct demo_fixture *f = *state;
    struct arena *a = arena_new();
    struct times t = times_of(f->svc, receive(f, a));
    struct svc_deadline_stats st = scan_with(f, t.step_due - 60, NULL);
    assert_int_equal(st.step_due_soon, 1);
    assert_int_equal(st.step_overdue, 0);
    arena_free(a);
}

static void test_step_warning_is_raised_once(void **state)
{
    struct demo_fixture *f = *state;
    struct arena *a = arena_new();
    struct times t = times_of(f->svc, receive(f, a));
    assert_int_equal(scan(f, t.received).checked, 0);
    struct svc_deadline_stats st = scan(f, t.step_due - 60);
    assert_int_equal(st.step_due_soon, 1);
    assert_int_equal(alerts_raised(&st), 1);
    assert_true(st.messages >= 2);
    /* The commune's specialist and leader; not the district justice office's specialist. */
    assert_int_equal(messages_to(f, "chuyenvien.xa", "deadline.step_due_soon"), 1);
    assert_int_equal(messages_to(f, "lanhdao.xa", "deadline.step_due_soon"), 1);
    assert_int_equal(messages_to(f, "chuyenvien", "deadline.step_due_soon"), 0);
    int64_t rows = outbox_rows(f);
    assert_int_equal(rows, st.messages);
    st = scan(f, t.step_due - 60);
    assert_int_equal(alerts_raised(&st), 0);
    assert_int_equal(st.messages, 0);
    st = scan(f, t.step_due - 30);
    assert_int_equal(alerts_raised(&st), 0);
    assert_int_equal(outbox_rows(f), rows);
    arena_free(a);
}

static void test_overdue_step_proposes_the_apology(void **state)
{
    struct demo_fixture *f = *state;
    struct arena *a = arena_new();
    struct times t = times_of(f->svc, receive(f, a));
    struct svc_deadline_stats st = scan(f, t.step_due + 60);
    assert_int_equal(st.step_overdue, 1);
    assert_int_equal(st.propose_apology, 1);
    assert_int_equal(st.due_soon + st.overdue + st.step_due_soon, 0);
    assert_int_equal(messages_to(f, "chuyenvien.xa", "deadline.step_overdue"), 1);
    assert_int_equal(messages_to(f, "lanhdao.xa", "deadline.propose_apology"), 1);
    /* the counter informs the applicant and records the new appointment */
    assert_int_equal(messages_to(f, "tiepnhan.xa", "deadline.propose_apology"), 1);
    assert_int_equal(messages_to(f, "tiepnhan.xa", "deadline.step_overdue"), 0);
    st = scan(f, t.step_due + 120);
    assert_int_equal(alerts_raised(&st), 0);
    /* Past the appointment: the dossier is overdue, and an apology is too late. */
    st = scan(f, t.due + 60);
    assert_int_equal(st.overdue, 1);
    assert_int_equal(st.propose_apology + st.step_overdue + st.due_soon, 0);
    assert_int_equal(messages_to(f, "tiepnhan.xa", "deadline.overdue"), 1);
    assert_int_equal(demo_query_int(f, "SELECT COUNT(*) FROM dossier_alerts", DB_NOARGS), 3);
    st = scan(f, t.due + 3 * 24 * HOUR);
    assert_int_equal(alerts_raised(&st), 0);
    assert_int_equal(st.checked, 0); /* the marked backlog is not read again */
    arena_free(a);
}

static void test_dossier_due_soon(void **state)
{
    struct demo_fixture *f = *state;
    struct arena *a = arena_new();
    struct times t = times_of(f->svc, receive(f, a));
    struct svc_deadline_stats st = scan(f, t.due - 60);
    assert_int_equal(st.due_soon, 1);
    assert_int_equal(st.step_overdue, 1); /* the specialist's step ended earlier */
    assert_int_equal(st.propose_apology, 1);
    assert_int_equal(messages_to(f, "chuyenvien.xa", "deadline.due_soon"), 1);
    arena_free(a);
}

static void test_no_apology_after_an_extension(void **state)
{
    struct demo_fixture *f = *state;
    struct arena *a = arena_new();
    const char *code = receive(f, a);
    struct times t = times_of(f->svc, code);
    char new_due[32];
    cal_format_datetime(t.due + 3 * 24 * HOUR, new_due, sizeof new_due);
    act(f->svc, code, "extend", "Cần xác minh thêm", new_due);
    struct svc_deadline_stats st = scan(f, t.step_due + 60);
    assert_int_equal(st.step_overdue, 1);
    assert_int_equal(st.propose_apology, 0);
    arena_free(a);
}

static void test_next_step_gets_its_own_warning(void **state)
{
    struct demo_fixture *f = *state;
    struct arena *a = arena_new();
    const char *code = receive(f, a);
    struct times t = times_of(f->svc, code);
    assert_int_equal(scan(f, t.step_due - 60).step_due_soon, 1);
    act(f->svc, code, "advance", NULL, NULL);
    struct times next = times_of(f->svc, code);
    assert_int_equal(next.step_index, t.step_index + 1);
    struct svc_deadline_stats st = scan(f, next.step_due - 60);
    assert_int_equal(st.step_due_soon, 1);
    assert_int_equal(messages_to(f, "lanhdao.xa", "deadline.step_due_soon"), 2);
    arena_free(a);
}

static void test_finished_dossiers_are_left_alone(void **state)
{
    struct demo_fixture *f = *state;
    struct arena *a = arena_new();
    const char *code = receive(f, a);
    struct times t = times_of(f->svc, code);
    act(f->svc, code, "advance", NULL, NULL);
    act(f->svc, code, "advance", NULL, NULL);
    assert_string_equal(times_of(f->svc, code).state, "other"); /* result ready */
    struct svc_deadline_stats st = scan(f, t.due + 10 * 24 * HOUR);
    assert_int_equal(st.checked, 0);
    act(f->svc, code, "return", NULL, NULL);
    st = scan_with(f, t.due + 10 * 24 * HOUR, NULL);
    assert_int_equal(st.checked, 0);
    assert_int_equal(outbox_rows(f), 0);
    arena_free(a);
}

struct allow {
    int left;
};

static int allow_batches(void *arg)
{
    struct allow *x = arg;
    return x->left-- > 0;
}

static void test_a_stopped_scan_resumes(void **state)
{
    struct demo_fixture *f = *state;
    struct arena *a = arena_new();
    int64_t last = 0;
    for (int i = 0; i < 5; i++) {
        struct times t = times_of(f->svc, receive(f, a));
        last = t.step_due > last ? t.step_due : last;
    }
    struct allow one = {1};
    struct svc_deadline_opts o = {
        .warn_before_seconds = HOUR, .batch = 2, .keep_going = allow_batches, .arg = &one};
    struct svc_deadline_stats st = scan_with(f, last + 60, &o);
    assert_int_equal(st.stopped, 1);
    assert_int_equal(st.checked, 2);
    assert_int_equal(st.step_overdue, 2);
    o.keep_going = NULL;
    st = scan_with(f, last + 60, &o);
    assert_int_equal(st.stopped, 0);
    assert_int_equal(st.step_overdue, 3);
    st = scan_with(f, last + 60, &o);
    assert_int_equal(alerts_raised(&st), 0);
    arena_free(a);
}

struct racer {
    struct demo_fixture *f;
    int64_t now;
    pthread_barrier_t *start;
    struct svc_deadline_stats st;
    int rc;
};

static void *race(void *arg)
{
    struct racer *r = arg;
    struct svc_deadline_opts o = {.warn_before_seconds = HOUR, .batch = 1};
    struct err e = {0};
    pthread_barrier_wait(r->start);
    r->rc = svc_deadline_scan(r->f->svc, r->now, &o, &r->st, &e);
    return NULL;
}

static void test_concurrent_scans_never_warn_twice(void **state)
{
    struct demo_fixture *f = *state;
    struct arena *a = arena_new();
    int64_t last = 0;
    for (int i = 0; i < 3; i++) {
        struct times t = times_of(f->svc, receive(f, a));
        last = t.step_due > last ? t.step_due : last;
    }
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, 2);
    struct racer r[2] = {{f, last + 60, &start, {0}, 0}, {f, last + 60, &start, {0}, 0}};
    pthread_t th[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&th[i], NULL, race, &r[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    pthread_barrier_destroy(&start);
    assert_int_equal(r[0].rc, 0);
    assert_int_equal(r[1].rc, 0);
    assert_int_equal(r[0].st.step_overdue + r[1].st.step_overdue, 3);
    assert_int_equal(r[0].st.propose_apology + r[1].st.propose_apology, 3);
    assert_int_equal(outbox_rows(f), r[0].st.messages + r[1].st.messages);
    assert_int_equal(demo_query_int(f, "SELECT COUNT(*) FROM dossier_alerts", DB_NOARGS), 6);
    arena_free(a);
}

static void test_bad_options_are_refused(void **state)
{
    struct demo_fixture *f = *state;
    struct svc_deadline_stats st;
    struct err e = {0};
    struct svc_deadline_opts negative = {.warn_before_seconds = -1};
    struct svc_deadline_opts huge = {.batch = 1000000};
    assert_int_equal(svc_deadline_scan(f->svc, 0, &negative, &st, &e), E_INVALID);
    assert_int_equal(svc_deadline_scan(f->svc, 0, &huge, &st, &e), E_INVALID);
}

static struct actor staff(struct demo_fixture *f, const char *username, int role,
                          struct actor_role *r)
{
    int64_t id =
        demo_query_int(f, "SELECT id FROM users WHERE username = $1", DB_ARGS(DB_T(username)));
    *r = (struct actor_role){.role = role};
    return (struct actor){.user_id = id, .username = username, .roles = r, .nroles = 1};
}

static void test_notifications_and_outbox_status(void **state)
{
    struct demo_fixture *f = *state;
    struct arena *a = arena_new();
    const char *code = receive(f, a);
    struct times t = times_of(f->svc, code);
    struct svc_deadline_stats st = scan(f, t.step_due + 60);
    struct actor_role ar, admin_role;
    struct actor handler = staff(f, "chuyenvien.xa", ROLE_SPECIALIST, &ar);
    struct actor admin = staff(f, "admin", ROLE_ADMIN, &admin_role);
    struct svc_message *m = NULL;
    int n = 0;
    struct err e = {0};
    assert_int_equal(svc_notifications(f->svc, &handler, a, 50, &m, &n, &e), 0);
    assert_int_equal(n, 2); /* step overdue, apology proposed */
    assert_string_equal(m[0].channel, "internal");
    assert_string_equal(m[0].status, "delivered");
    assert_non_null(strstr(m[0].payload, code));
    assert_int_equal(svc_notifications(f->svc, &admin, a, 50, &m, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(svc_outbox_list(f->svc, &handler, a, NULL, 50, &m, &n, &e), E_FORBIDDEN);
    assert_int_equal(svc_outbox_list(f->svc, &admin, a, "lost", 50, &m, &n, &e), E_INVALID);
    assert_int_equal(svc_outbox_list(f->svc, &admin, a, "delivered", 500, &m, &n, &e), 0);
    assert_int_equal(n, st.messages);
    assert_int_equal(svc_outbox_list(f->svc, &admin, a, "queued", 50, &m, &n, &e), 0);
    assert_int_equal(n, 0);
    struct svc_outbox_count *c = NULL;
    assert_int_equal(svc_outbox_pending(f->svc, &handler, a, &c, &n, &e), E_FORBIDDEN);
    assert_int_equal(svc_outbox_pending(f->svc, &admin, a, &c, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(c[0].channel, "internal");
    assert_string_equal(c[0].status, "delivered");
    assert_int_equal(c[0].count, st.messages);
    arena_free(a);
}

/* Asks the justice office of the district (GR-TP) about code for hours of its working time:
 * the consultation's id and due moment. */
static int64_t consult(struct demo_fixture *f, const char *code, int hours, int64_t *due)
{
    struct err e = {0};
    int64_t id = 0;
    int rc = svc_dossier_consult(f->svc, &svc_system, code, times_of(f->svc, code).version, "GR-TP",
                                 "Xin ý kiến về hộ tịch", hours, &id, &e);
    if (rc)
        fprintf(stderr, "consult failed: %s\n", e.msg);
    assert_int_equal(rc, 0);
    *due = demo_query_int(f, "SELECT due_at FROM dossier_consultations WHERE id = $1",
                          DB_ARGS(DB_I(id)));
    return id;
}

static void test_consultation_warned_once_per_threshold(void **state)
{
    struct demo_fixture *f = *state;
    struct arena *a = arena_new();
    const char *code = receive(f, a);
    int64_t due = 0;
    consult(f, code, 8, &due);
    struct times t = times_of(f->svc, code);
    assert_true(due < t.due);
    /* More than the one-hour window of working time before it: a span of wall-clock time
     * would reach across the lunch break or a night when received before office hours. */
    struct svc_deadline_stats st = scan(f, calfix_before_working(due, HOUR + 60));
    assert_int_equal(st.consult_due_soon + st.consult_overdue, 0);
    st = scan(f, due - 60);
    assert_int_equal(st.consult_due_soon, 1);
    assert_int_equal(st.consult_overdue, 0);
    st = scan(f, due - 30);
    assert_int_equal(st.consult_due_soon + st.consult_overdue, 0);
    st = scan(f, due + 60);
    assert_int_equal(st.consult_due_soon, 0);
    assert_int_equal(st.consult_overdue, 1);
    st = scan(f, due + 2 * HOUR);
    assert_int_equal(st.consult_due_soon + st.consult_overdue, 0);
    /* The consulted unit's officer and its leaders; not the step's own officer. */
    assert_int_equal(messages_to(f, "chuyenvien", "deadline.consult_due_soon"), 1);
    assert_int_equal(messages_to(f, "chuyenvien", "deadline.consult_overdue"), 1);
    assert_int_equal(messages_to(f, "lanhdao", "deadline.consult_overdue"), 1);
    assert_int_equal(messages_to(f, "chuyenvien.xa", "deadline.consult_overdue"), 0);
    /* Every message says which consultation it is about. */
    assert_int_equal(demo_query_int(f,
                                    "SELECT COUNT(*) FROM outbox WHERE event LIKE "
                                    "'deadline.consult%' AND payload NOT LIKE $1",
                                    DB_ARGS(DB_T("%Xin ý kiến về hộ tịch%"))),
                     0);
    arena_free(a);
}

/* Once a scan has passed an overdue consultation, a late run does not send "due soon". */
static void test_consultation_answered_or_late_scan(void **state)
{
    struct demo_fixture *f = *state;
    struct arena *a = arena_new();
    const char *late = receive(f, a);
    int64_t late_due = 0, answered_due = 0;
    consult(f, late, 4, &late_due);
    const char *answered = receive(f, a);
    int64_t id = consult(f, answered, 4, &answered_due);
    struct actor_role role;
    struct actor officer = staff(f, "chuyenvien", ROLE_SPECIALIST, &role);
    officer.full_name = "Chuyên viên Phòng Tư pháp"; /* the answer's event names its author */
    struct err e = {0};
    assert_int_equal(svc_dossier_consult_answer(f->svc, &officer, id, "Đồng ý", &e), 0);
    struct svc_deadline_stats st = scan(f, late_due + 60);
    assert_int_equal(st.consult_due_soon, 0);
    assert_int_equal(st.consult_overdue, 1);
    assert_int_equal(scan(f, late_due + 120).consult_overdue, 0);
    int64_t about_answered =
        demo_query_int(f,
                       "SELECT COUNT(*) FROM outbox o JOIN dossiers d ON d.id = o.dossier_id "
                       "WHERE d.code = $1 AND o.event LIKE 'deadline.consult%'",
                       DB_ARGS(DB_T(answered)));
    assert_int_equal(about_answered, 0);
    arena_free(a);
}

struct transfer_case {
    struct svc *svc;
    int64_t unit_id, at, out;
};

static int transfer_in_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct transfer_case *x = ctx;
    struct dossier_clock k;
    int rc = dossier_clock_open(x->svc, c, x->unit_id, &k, e);
    if (!rc)
        rc = dossier_clock_transfer(&k, x->at, &x->out, e);
    dossier_clock_close(&k);
    return rc;
}

/* Where the first step after reception starts (Decree 61 Art. 18): the same day before the
 * 15:00 cut-off, the next working morning after it — never earlier that day, which made a
 * dossier received after 15:00 late at once. Fixed instants: a Friday and a Saturday. */
static void test_transfer_after_the_cutoff_is_next_morning(void **state)
{
    struct demo_fixture *f = *state;
    struct transfer_case x = {
        .svc = f->svc,
        .unit_id =
            demo_query_int(f, "SELECT id FROM org_units WHERE key = $1", DB_ARGS(DB_T(COUNTER)))};
    static const char *const cases[][2] = {
        {"2026-12-11T14:00", "2026-12-11T14:00"},
        {"2026-12-11T15:30", "2026-12-14T07:00"},
        {"2026-12-11T17:20", "2026-12-14T07:00"},
        {"2026-12-12T09:00", "2026-12-14T07:00"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct err e = {0};
        x.at = calfix_at(cases[i][0]);
        assert_int_equal(db_with_conn(f->db, transfer_in_tx, &x, &e), 0);
        if (x.out != calfix_at(cases[i][1]))
            fail_msg("from %s: expected %s", cases[i][0], cases[i][1]);
    }
}

#define T(fn, setup) cmocka_unit_test_setup_teardown(fn, setup, demo_fixture_teardown)
#define DEADLINE_TESTS(setup)                                                                      \
    T(test_nothing_before_the_window, setup), T(test_default_window_is_one_working_day, setup),    \
        T(test_step_warning_is_raised_once, setup),                                                \
        T(test_overdue_step_proposes_the_apology, setup), T(test_dossier_due_soon, setup),         \
        T(test_no_apology_after_an_extension, setup),                                              \
        T(test_next_step_gets_its_own_warning, setup),                                             \
        T(test_finished_dossiers_are_left_alone, setup), T(test_a_stopped_scan_resumes, setup),    \
        T(test_concurrent_scans_never_warn_twice, setup), T(test_bad_options_are_refused, setup),  \
        T(test_notifications_and_outbox_status, setup),                                            \
        T(test_consultation_warned_once_per_threshold, setup),                                     \
        T(test_consultation_answered_or_late_scan, setup),                                         \
        T(test_transfer_after_the_cutoff_is_next_morning, setup)

int main(void)
{
    const struct CMUnitTest sqlite[] = {DEADLINE_TESTS(setup_sqlite)};
    const struct CMUnitTest pg[] = {DEADLINE_TESTS(setup_pg)};
    int failed = cmocka_run_group_tests_name("deadlines.sqlite", sqlite, NULL, NULL);
    if (demo_pg_url(pg_base, sizeof pg_base))
        failed += cmocka_run_group_tests_name("deadlines.postgres", pg, NULL, NULL);
    else
        printf("# deadlines.postgres skipped: set MOTCUA_TEST_PG_URL or MOTCUA_TEST_PG_URL_FILE\n");
    return failed;
}
