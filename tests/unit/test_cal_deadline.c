/* test_cal_deadline.c — due moments: a table of cases around Tết, 30/4–1/5, 2/9, weekends,
 * the 15:00 cut-off, receipt outside office hours, compensatory days and swaps (each with its
 * reasoning), step budgets, input validation, and property tests over seeded random inputs.
 * Office hours are the default 07:00–11:00 and 13:00–17:00 (8 h a day). */
#include "cal_date.h"
#include "cal_deadline.h"
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

static const struct {
    const char *from, *unit;
    int value;
    const char *due;
} cases[] = {
    /* Thu 10:00; Fri 30/4 off, Sat 1/5 holiday → Mon 3/5 compensatory (default rule 2027).
     * Thu gives 1 h + 4 h = 5 h, Tue 4/5 and Wed 5/5 16 h more, 3 h on Thu 6/5 → 10:00. */
    {"2027-04-29T10:00", "working_days", 3, "2027-05-06T10:00"},
    /* Tết 2025 (official, 8726/VPCP-KGVX): Fri 16:00 gives 1 h; 27–31/1 Tết, the weekend
     * 1–2/2; 7 h on Mon 3/2 → 16:00. */
    {"2025-01-24T16:00", "working_days", 1, "2025-02-03T16:00"},
    /* The appointments the first shipped data got wrong (DOMAIN §4.5, issue #13): */
    /* Tết 2025 had no make-up day: Saturday 8/2/2025 is an ordinary Saturday. */
    {"2025-02-07T09:00", "working_days", 1, "2025-02-10T09:00"},
    {"2025-02-07T17:00", "working_days", 1, "2025-02-10T17:00"},
    /* New Year 2026: Friday 2/1 off, worked back on Saturday 10/1. */
    {"2025-12-31T09:00", "working_days", 1, "2026-01-05T09:00"},
    /* National Day 2026: Saturday 22/8 worked for Monday 31/8. */
    {"2026-08-21T09:00", "working_days", 1, "2026-08-22T09:00"},
    /* 29/8–2/9/2026 off (31/8 swapped, 1–2/9 the holidays); 3/9 a working day. */
    {"2026-08-28T09:00", "working_days", 2, "2026-09-04T09:00"},
    /* Received on the holiday 2/9/2026: counting starts on Thursday 3/9 at 07:00. */
    {"2026-09-02T09:00", "working_days", 1, "2026-09-03T17:00"},
    /* 30/4–1/5 2024 (official): Fri 26/4 09:00 gives 6 h; Mon 29/4 swapped off, 30/4 and 1/5
     * holidays; Thu 2/5 8 h; 2 h on Fri 3/5 → 09:00 (Sat 4/5 worked, not needed). */
    {"2024-04-26T09:00", "working_days", 2, "2024-05-03T09:00"},
    /* Same dossier with 3 days: 6 h (Fri 26/4) + 8 h (Thu 2/5) + 8 h (Fri 3/5) = 22 h; the
     * last 2 h fall on Saturday 4/5, the day worked back → 09:00. */
    {"2024-04-26T09:00", "working_days", 3, "2024-05-04T09:00"},
    /* National Day 2025 (official 1–2/9): Fri 29/8 15:00 gives 2 h, Wed 3/9 6 h → 15:00. */
    {"2025-08-29T15:00", "working_days", 1, "2025-09-03T15:00"},
    /* New Year 2022 fell on Saturday: Monday 3/1 is the compensatory day. Fri 31/12/2021
     * 10:00 gives 5 h, Tue 4/1 3 h → 10:00. */
    {"2021-12-31T10:00", "working_days", 1, "2022-01-04T10:00"},
    /* Tết 2027 (default rule): Thu 4/2 09:00 gives 6 h; 5/2 and 8–11/2 off; Fri 12, Mon 15,
     * Tue 16, Wed 17 give 32 h (38 h); 2 h on Thu 18/2 → 09:00. */
    {"2027-02-04T09:00", "working_days", 5, "2027-02-18T09:00"},
    /* Received after hours: counting starts at 07:00 the next working day. */
    {"2027-03-01T18:00", "working_days", 1, "2027-03-02T17:00"},
    /* Received before opening: counting starts at 07:00 the same day. */
    {"2027-03-01T06:00", "working_days", 1, "2027-03-01T17:00"},
    /* Received at lunch: counting starts at 13:00; 4 h Monday, 4 h Tuesday morning ending
     * exactly at 11:00 (a period filled exactly ends at its close). */
    {"2027-03-01T12:00", "working_days", 1, "2027-03-02T11:00"},
    /* Received on Saturday: counting starts Monday 07:00. */
    {"2027-03-06T10:00", "working_days", 2, "2027-03-09T17:00"},
    /* Working hours: 30 min Monday, 3 h 30 Tuesday → 10:30. */
    {"2027-03-01T16:30", "hours", 4, "2027-03-02T10:30"},
    /* same_day before the 15:00 cut-off: close of office the same day. */
    {"2027-03-01T14:59", "same_day", 1, "2027-03-01T17:00"},
    /* same_day at 15:00 exactly is not "before 15:00": close of the next working day. */
    {"2027-03-01T15:00", "same_day", 1, "2027-03-02T17:00"},
    /* same_day after the cut-off on Wed 1/9/2027: Thu 2/9 and Fri 3/9 are National Day,
     * then the weekend → Monday 6/9. */
    {"2027-09-01T15:30", "same_day", 1, "2027-09-06T17:00"},
    /* same_day received on Saturday: the receipt counts from Monday 07:00, before 15:00. */
    {"2027-03-06T09:00", "same_day", 0, "2027-03-08T17:00"},
    /* same_day after close on Friday: Monday. */
    {"2027-03-05T17:30", "same_day", 1, "2027-03-08T17:00"},
    /* Calendar days: receipt day not counted; 28, 29, 30/4 → day 3 is Fri 30/4, a holiday,
     * then Sat 1/5, Sun 2/5, Mon 3/5 (compensatory) → Tuesday 4/5 at close. */
    {"2027-04-27T10:00", "calendar_days", 3, "2027-05-04T17:00"},
    /* Calendar days ending on an ordinary weekday: 15 days after Mon 1/3 is Tue 16/3. */
    {"2027-03-01T16:00", "calendar_days", 15, "2027-03-16T17:00"},
    /* Calendar days ending on Saturday 22/8/2026, a Saturday worked: it is a working day. */
    {"2026-08-15T10:00", "calendar_days", 7, "2026-08-22T17:00"},
    /* Ending on Saturday 8/2/2025, an ordinary Saturday: moved to Monday 10/2. */
    {"2025-02-01T10:00", "calendar_days", 7, "2025-02-10T17:00"},
    /* Calendar days ending on Sunday: moved to Monday. */
    {"2027-03-01T08:00", "calendar_days", 6, "2027-03-08T17:00"},
};

static void test_due_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct cal_limit lim = {.value = cases[i].value};
        struct err e = {0};
        int64_t due;
        char got[32];
        assert_int_equal(cal_unit_parse(cases[i].unit, &lim.unit, &e), 0);
        assert_int_equal(cal_due(cal, &office, calfix_at(cases[i].from), lim, &due, &e), 0);
        cal_format_datetime(due, got, sizeof got);
        if (strcmp(got, cases[i].due) != 0)
            fail_msg("case %zu: %s + %d %s: got %s, want %s", i, cases[i].from, cases[i].value,
                     cases[i].unit, got, cases[i].due);
    }
}

static void test_limit_validation(void **state)
{
    (void)state;
    struct err e = {0};
    enum cal_unit u;
    int64_t due;
    assert_int_equal(cal_unit_parse("days", &u, &e), E_INVALID);
    assert_string_equal(cal_unit_name(CAL_CALENDAR_DAYS), "calendar_days");
    static const struct cal_limit bad[] = {
        {CAL_WORKING_DAYS, -1}, {CAL_WORKING_DAYS, 0}, {CAL_HOURS, 0},
        {CAL_CALENDAR_DAYS, 0}, {CAL_SAME_DAY, 2},     {CAL_WORKING_DAYS, CAL_MAX_LIMIT_DAYS + 1},
        {(enum cal_unit)9, 1},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err_clear(&e);
        assert_int_equal(cal_due(cal, &office, calfix_at("2027-03-01T08:00"), bad[i], &due, &e),
                         E_INVALID);
        assert_true(strlen(e.msg) > 0);
    }
    /* A due moment past the end of the calendar is an error, not a wrap-around. */
    struct cal_limit lim = {CAL_WORKING_DAYS, 10};
    assert_int_equal(cal_due(cal, &office, calfix_at("2199-12-25T08:00"), lim, &due, &e),
                     E_INVALID);
    lim = (struct cal_limit){CAL_CALENDAR_DAYS, 30};
    assert_int_equal(cal_due(cal, &office, calfix_at("2199-12-25T08:00"), lim, &due, &e),
                     E_INVALID);
}

static void test_step_dues(void **state)
{
    (void)state;
    /* A 12-day building permit split 1 day (one-stop) → 10 days (office) → 1 day (one-stop),
     * received Thu 29/4/2027 10:00. */
    const int64_t day = 8 * 3600;
    const int64_t budgets[3] = {day, 10 * day, day};
    int64_t dues[3];
    struct err e = {0};
    assert_int_equal(
        cal_step_dues(cal, &office, calfix_at("2027-04-29T10:00"), budgets, 3, dues, &e), 0);
    char got[32];
    /* 5 h Thu, then Fri 30/4 and Mon 3/5 are off: 3 h on Tue 4/5 → 10:00. */
    cal_format_datetime(dues[0], got, sizeof got);
    assert_string_equal(got, "2027-05-04T10:00");
    /* Ten more working days: 5–7, 10–14, 17–18/5 → Tue 18/5 10:00. */
    cal_format_datetime(dues[1], got, sizeof got);
    assert_string_equal(got, "2027-05-18T10:00");
    /* The last step ends where the whole 12-day limit does. */
    int64_t whole;
    struct cal_limit lim = {CAL_WORKING_DAYS, 12};
    assert_int_equal(cal_due(cal, &office, calfix_at("2027-04-29T10:00"), lim, &whole, &e), 0);
    assert_int_equal(dues[2], whole);
    const int64_t negative[1] = {-1};
    assert_int_equal(
        cal_step_dues(cal, &office, calfix_at("2027-04-29T10:00"), negative, 1, dues, &e),
        E_INVALID);
}

/* xorshift64*: deterministic, so a failure reproduces. */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717u;
}

static int64_t random_instant(void)
{
    /* Any second of 2019–2031, covering the official years and default-rule years. */
    int64_t from = calfix_at("2019-01-01T00:00"), to = calfix_at("2031-12-31T00:00");
    return from + (int64_t)(rng() % (uint64_t)(to - from));
}

static struct cal_limit random_limit(void)
{
    struct cal_limit lim;
    lim.unit = (enum cal_unit)(rng() % 4);
    lim.value = lim.unit == CAL_SAME_DAY ? (int)(rng() % 2)
                : lim.unit == CAL_HOURS  ? 1 + (int)(rng() % 200)
                                         : 1 + (int)(rng() % 60);
    return lim;
}

/* A due moment always lies inside office hours of a working day. */
static void test_property_due_in_office_hours(void **state)
{
    (void)state;
    for (int i = 0; i < 20000; i++) {
        int64_t t = random_instant(), due;
        struct cal_limit lim = random_limit();
        assert_int_equal(cal_due(cal, &office, t, lim, &due, NULL), 0);
        assert_true(cal_work_contains(cal, &office, due));
        assert_true(due > t);
    }
}

/* More time never gives an earlier due moment: neither a longer limit nor a later receipt. */
static void test_property_monotonic(void **state)
{
    (void)state;
    for (int i = 0; i < 20000; i++) {
        int64_t t = random_instant(), d1, d2;
        struct cal_limit a = random_limit(), b = a;
        if (a.unit == CAL_SAME_DAY)
            continue;
        b.value += (int)(rng() % 10);
        assert_int_equal(cal_due(cal, &office, t, a, &d1, NULL), 0);
        assert_int_equal(cal_due(cal, &office, t, b, &d2, NULL), 0);
        assert_true(d2 >= d1);
        int64_t later = t + (int64_t)(rng() % (5 * 86400));
        assert_int_equal(cal_due(cal, &office, later, a, &d2, NULL), 0);
        assert_true(d2 >= d1);
    }
    /* Later receipt for same_day too. */
    for (int i = 0; i < 20000; i++) {
        int64_t t = random_instant(), d1, d2;
        struct cal_limit lim = {CAL_SAME_DAY, 1};
        assert_int_equal(cal_due(cal, &office, t, lim, &d1, NULL), 0);
        assert_int_equal(cal_due(cal, &office, t + (int64_t)(rng() % 86400), lim, &d2, NULL), 0);
        assert_true(d2 >= d1);
    }
}

/* Working hours add up: adding a then b equals adding a + b, and the working time between
 * the start and the result is exactly what was added. */
static void test_property_additive(void **state)
{
    (void)state;
    for (int i = 0; i < 20000; i++) {
        int64_t t = random_instant();
        int64_t a = (int64_t)(rng() % (200 * 3600)), b = (int64_t)(rng() % (200 * 3600));
        int64_t once, first, twice, between;
        assert_int_equal(cal_work_add(cal, &office, t, a + b, &once), 0);
        assert_int_equal(cal_work_add(cal, &office, t, a, &first), 0);
        assert_int_equal(cal_work_add(cal, &office, first, b, &twice), 0);
        assert_int_equal(once, twice);
        assert_int_equal(cal_work_between(cal, &office, t, once, &between), 0);
        assert_int_equal(between, a + b);
    }
}

/* Whole hours in two parts equal the sum as an `hours` limit. */
static void test_property_hour_limits_split(void **state)
{
    (void)state;
    for (int i = 0; i < 5000; i++) {
        int64_t t = random_instant(), whole, part, rest;
        int a = 1 + (int)(rng() % 100), b = 1 + (int)(rng() % 100);
        assert_int_equal(
            cal_due(cal, &office, t, (struct cal_limit){CAL_HOURS, a + b}, &whole, NULL), 0);
        assert_int_equal(cal_due(cal, &office, t, (struct cal_limit){CAL_HOURS, a}, &part, NULL),
                         0);
        assert_int_equal(cal_due(cal, &office, part, (struct cal_limit){CAL_HOURS, b}, &rest, NULL),
                         0);
        assert_int_equal(whole, rest);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_due_table),
        cmocka_unit_test(test_limit_validation),
        cmocka_unit_test(test_step_dues),
        cmocka_unit_test(test_property_due_in_office_hours),
        cmocka_unit_test(test_property_monotonic),
        cmocka_unit_test(test_property_additive),
        cmocka_unit_test(test_property_hour_limits_split),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
