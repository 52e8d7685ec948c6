/* test_cal_timing.c — office hours and reception, the dossier clock (restart after a
 * supplement, one extension) and timing classification by Circular 01/2018 Art. 13 and by
 * the Decision 766 method. */
#include "cal_date.h"
#include "cal_timing.h"
#include "calfixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static struct cal_calendar *cal;
static struct cal_office office;

static int setup(void **state)
{
    (void)state;
    cal = calfix_calendar();
    cal_office_default(&office);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cal_calendar_free(cal);
    return 0;
}

#define AT(s) calfix_at(s)

static void test_office_hours(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(cal_office_validate(&office, &e), 0);
    assert_int_equal(cal_office_day_seconds(&office), 8 * 3600);
    assert_true(cal_work_contains(cal, &office, AT("2027-03-01T07:00")));
    assert_true(cal_work_contains(cal, &office, AT("2027-03-01T11:00")));
    assert_false(cal_work_contains(cal, &office, AT("2027-03-01T12:00")));
    assert_false(cal_work_contains(cal, &office, AT("2027-03-06T09:00"))); /* Saturday */
    assert_true(cal_work_contains(cal, &office, AT("2026-01-10T09:00")));  /* worked Saturday */
    int64_t start;
    assert_int_equal(cal_work_start(cal, &office, AT("2027-03-01T11:00"), &start), 0);
    assert_int_equal(start, AT("2027-03-01T13:00"));
    assert_int_equal(cal_work_start(cal, &office, AT("2027-03-01T08:15"), &start), 0);
    assert_int_equal(start, AT("2027-03-01T08:15"));
    /* Broken hours are refused. */
    struct cal_office bad = office;
    bad.work.p[1].start = 10 * 3600; /* overlaps the morning */
    assert_int_equal(cal_office_validate(&bad, &e), E_INVALID);
    bad = office;
    bad.work.n = 0;
    assert_int_equal(cal_office_validate(&bad, &e), E_INVALID);
    bad = office;
    bad.reception[CAL_SAT].n = 1;
    bad.reception[CAL_SAT].p[0] = (struct cal_period){12 * 3600, 8 * 3600};
    assert_int_equal(cal_office_validate(&bad, &e), E_INVALID);
}

static void test_reception_hours(void **state)
{
    (void)state;
    /* A commune police post that also receives on Saturday mornings: reception is open then,
     * but no working time counts until Monday. */
    struct cal_office police = office;
    police.reception[CAL_SAT].n = 1;
    police.reception[CAL_SAT].p[0] = (struct cal_period){7 * 3600 + 1800, 11 * 3600};
    assert_true(cal_reception_open(cal, &police, AT("2027-03-06T08:00")));
    assert_false(cal_reception_open(cal, &office, AT("2027-03-06T08:00")));
    assert_false(cal_reception_open(cal, &police, AT("2027-03-06T07:00")));
    /* Not on a Saturday that is a holiday (1/1/2022), and not on a swapped-off weekday. */
    assert_false(cal_reception_open(cal, &police, AT("2022-01-01T08:00")));
    assert_false(cal_reception_open(cal, &police, AT("2026-01-02T08:00")));
    /* A Saturday worked back keeps the counter open for the whole office day. */
    assert_true(cal_reception_open(cal, &office, AT("2026-01-10T15:00")));
    int64_t due;
    struct cal_limit one_hour = {CAL_HOURS, 1};
    assert_int_equal(cal_due(cal, &police, AT("2027-03-06T08:00"), one_hour, &due, NULL), 0);
    assert_int_equal(due, AT("2027-03-08T08:00"));
}

static void test_restart_after_supplement(void **state)
{
    (void)state;
    /* Received Mon 1/3/2027 08:00, 5 working days (due Mon 8/3 08:00). A supplement asked on
     * Tue 2/3 and delivered Mon 8/3 09:00 restarts the limit: due Mon 15/3 09:00. */
    struct cal_supplement sup[1] = {{AT("2027-03-02T10:00"), AT("2027-03-08T09:00")}};
    struct cal_timeline tl = {.received_at = AT("2027-03-01T08:00"),
                              .limit = {CAL_WORKING_DAYS, 5},
                              .supplements = sup,
                              .nsupplements = 1};
    struct cal_due_info info;
    assert_int_equal(cal_effective_due(cal, &office, &tl, &info, NULL), 0);
    assert_int_equal(info.clock_start, AT("2027-03-08T09:00"));
    assert_int_equal(info.legal_due, AT("2027-03-15T09:00"));
    assert_int_equal(info.appointment, info.legal_due);
    assert_false(info.waiting);
    /* While the citizen has not delivered, the clock is stopped. */
    sup[0].completed_at = 0;
    assert_int_equal(cal_effective_due(cal, &office, &tl, &info, NULL), 0);
    assert_true(info.waiting);
    assert_int_equal(info.clock_start, tl.received_at);
    /* One extension moves the appointment, not the legal due moment. */
    sup[0].completed_at = AT("2027-03-08T09:00");
    tl.extended_due = AT("2027-03-19T17:00");
    assert_int_equal(cal_effective_due(cal, &office, &tl, &info, NULL), 0);
    assert_int_equal(info.appointment, AT("2027-03-19T17:00"));
    assert_int_equal(info.legal_due, AT("2027-03-15T09:00"));
}

static void test_classify(void **state)
{
    (void)state;
    int64_t due = AT("2027-03-08T10:00");
    assert_int_equal(cal_classify(AT("2027-03-08T10:00"), due), CAL_ON_TIME); /* at the moment */
    assert_int_equal(cal_classify(AT("2027-03-08T07:30"), due), CAL_ON_TIME); /* same day */
    assert_int_equal(cal_classify(AT("2027-03-05T16:00"), due), CAL_EARLY);   /* a day before */
    assert_int_equal(cal_classify(AT("2027-03-08T10:01"), due), CAL_LATE);
    assert_int_equal(CAL_EARLY, 2); /* Circular 01 points */
    assert_int_equal(CAL_ON_TIME, 1);
    assert_int_equal(CAL_LATE, 0);
    assert_string_equal(cal_timing_name(CAL_ON_TIME), "on_time");
}

static void test_circular01(void **state)
{
    (void)state;
    struct cal_supplement sup[1] = {{AT("2027-03-02T10:00"), AT("2027-03-08T09:00")}};
    struct cal_timeline tl = {.received_at = AT("2027-03-01T08:00"),
                              .limit = {CAL_WORKING_DAYS, 5},
                              .supplements = sup,
                              .nsupplements = 1,
                              .end = CAL_END_DONE,
                              .ended_at = AT("2027-03-15T08:00")};
    enum cal_timing t;
    /* Due Mon 15/3 09:00 after the restart; finished 08:00 that day → on time. */
    assert_int_equal(cal_timing_circular01(cal, &office, &tl, &t, NULL), 0);
    assert_int_equal(t, CAL_ON_TIME);
    tl.ended_at = AT("2027-03-12T16:00");
    assert_int_equal(cal_timing_circular01(cal, &office, &tl, &t, NULL), 0);
    assert_int_equal(t, CAL_EARLY);
    /* After the legal due moment it is late even though an apology slip moved the
     * appointment. */
    tl.ended_at = AT("2027-03-16T08:00");
    tl.extended_due = AT("2027-03-19T17:00");
    assert_int_equal(cal_timing_circular01(cal, &office, &tl, &t, NULL), 0);
    assert_int_equal(t, CAL_LATE);
    /* An open dossier has no Circular 01 result yet. */
    tl.end = CAL_END_OPEN;
    tl.ended_at = 0;
    assert_int_equal(cal_timing_circular01(cal, &office, &tl, &t, NULL), E_INVALID);
}

static void test_decision766(void **state)
{
    (void)state;
    /* Received Mon 1/3/2027 08:00, 5 working days: appointment Mon 8/3 08:00. */
    struct cal_supplement sup[2] = {{AT("2027-03-02T10:00"), AT("2027-03-08T09:00")},
                                    {AT("2027-03-09T10:00"), AT("2027-03-10T10:00")}};
    struct cal_timeline tl = {.received_at = AT("2027-03-01T08:00"),
                              .limit = {CAL_WORKING_DAYS, 5},
                              .supplements = sup,
                              .nsupplements = 1,
                              .end = CAL_END_DONE,
                              .ended_at = AT("2027-03-12T10:00")};
    int64_t period_end = AT("2027-03-31T23:59");
    enum cal_timing t;
    /* Finished Fri 12/3 10:00 less 5 d 23 h of supplement = Sat 6/3 11:00 ≤ Mon 8/3 → early. */
    assert_int_equal(cal_timing_766(cal, &office, &tl, period_end, &t, NULL), 0);
    assert_int_equal(t, CAL_EARLY);
    /* Finished Mon 15/3 08:00 less 5 d 23 h = Tue 9/3 09:00 > Mon 8/3 08:00 → late under 766,
     * while the legal (restart) rule scores it on time. */
    tl.ended_at = AT("2027-03-15T08:00");
    assert_int_equal(cal_timing_766(cal, &office, &tl, period_end, &t, NULL), 0);
    assert_int_equal(t, CAL_LATE);
    assert_int_equal(cal_timing_circular01(cal, &office, &tl, &t, NULL), 0);
    assert_int_equal(t, CAL_ON_TIME);
    /* More than one supplement request is late whatever the times. */
    tl.nsupplements = 2;
    tl.ended_at = AT("2027-03-10T11:00");
    assert_int_equal(cal_timing_766(cal, &office, &tl, period_end, &t, NULL), 0);
    assert_int_equal(t, CAL_LATE);
    /* Withdrawal is terminal: withdrawn Thu 4/3 → judged then → early. */
    tl.nsupplements = 0;
    tl.end = CAL_END_WITHDRAWN;
    tl.ended_at = AT("2027-03-04T09:00");
    assert_int_equal(cal_timing_766(cal, &office, &tl, period_end, &t, NULL), 0);
    assert_int_equal(t, CAL_EARLY);
    /* Still open at the end of the period: judged at the period end. */
    tl.end = CAL_END_OPEN;
    tl.ended_at = 0;
    assert_int_equal(cal_timing_766(cal, &office, &tl, AT("2027-03-05T17:00"), &t, NULL), 0);
    assert_int_equal(t, CAL_EARLY);
    assert_int_equal(cal_timing_766(cal, &office, &tl, AT("2027-03-08T08:00"), &t, NULL), 0);
    assert_int_equal(t, CAL_ON_TIME);
    assert_int_equal(cal_timing_766(cal, &office, &tl, period_end, &t, NULL), 0);
    assert_int_equal(t, CAL_LATE);
    /* Open with one outstanding supplement request as the only event: the request time is
     * the end time (Tue 2/3 10:00) → early. */
    sup[0].completed_at = 0;
    tl.nsupplements = 1;
    assert_int_equal(cal_timing_766(cal, &office, &tl, period_end, &t, NULL), 0);
    assert_int_equal(t, CAL_EARLY);
    /* A period that ends before receipt is an error. */
    assert_int_equal(cal_timing_766(cal, &office, &tl, AT("2027-02-01T00:00"), &t, NULL),
                     E_INVALID);
}

static void test_bad_timelines(void **state)
{
    (void)state;
    struct cal_supplement backwards[1] = {{AT("2027-03-02T10:00"), AT("2027-03-01T10:00")}};
    struct cal_supplement open_first[2] = {{AT("2027-03-02T10:00"), 0},
                                           {AT("2027-03-03T10:00"), AT("2027-03-04T10:00")}};
    struct cal_supplement before_receipt[1] = {{AT("2027-02-02T10:00"), AT("2027-03-04T10:00")}};
    struct cal_timeline tl = {.received_at = AT("2027-03-01T08:00"),
                              .limit = {CAL_WORKING_DAYS, 5}};
    struct cal_due_info info;
    struct err e = {0};
    tl.supplements = backwards;
    tl.nsupplements = 1;
    assert_int_equal(cal_effective_due(cal, &office, &tl, &info, &e), E_INVALID);
    tl.supplements = open_first;
    tl.nsupplements = 2;
    assert_int_equal(cal_effective_due(cal, &office, &tl, &info, &e), E_INVALID);
    tl.supplements = before_receipt;
    tl.nsupplements = 1;
    assert_int_equal(cal_effective_due(cal, &office, &tl, &info, &e), E_INVALID);
    tl.nsupplements = 0;
    tl.end = CAL_END_DONE;
    tl.ended_at = AT("2027-02-01T08:00");
    assert_int_equal(cal_effective_due(cal, &office, &tl, &info, &e), E_INVALID);
    assert_string_equal(e.field, "ended_at");
    tl.end = CAL_END_OPEN;
    tl.nsupplements = -1;
    assert_int_equal(cal_effective_due(cal, &office, &tl, &info, &e), E_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_office_hours),
        cmocka_unit_test(test_reception_hours),
        cmocka_unit_test(test_restart_after_supplement),
        cmocka_unit_test(test_classify),
        cmocka_unit_test(test_circular01),
        cmocka_unit_test(test_decision766),
        cmocka_unit_test(test_bad_timelines),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
