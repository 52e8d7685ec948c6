/* test_cal_date.c — civil dates, Vietnam local time and the strict ISO parsers of cal_date. */
#include "cal_date.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static void test_day_numbers(void **state)
{
    (void)state;
    assert_int_equal(cal_day_from_ymd(1970, 1, 1), 0);
    assert_int_equal(cal_day_from_ymd(2000, 3, 1), 11017);
    assert_int_equal(cal_weekday(cal_day_from_ymd(2027, 2, 6)), CAL_SAT);
    assert_int_equal(cal_weekday(cal_day_from_ymd(1900, 1, 1)), CAL_MON);
    /* Every day of the range converts back to itself, and weekdays cycle. */
    for (int32_t d = cal_first_day(); d <= cal_last_day(); d++) {
        int y, m, dd;
        cal_ymd_from_day(d, &y, &m, &dd);
        assert_true(cal_ymd_valid(y, m, dd));
        assert_int_equal(cal_day_from_ymd(y, m, dd), d);
        assert_int_equal(cal_weekday(d + 1), (cal_weekday(d) + 1) % 7);
    }
}

static void test_month_lengths(void **state)
{
    (void)state;
    assert_int_equal(cal_days_in_month(2024, 2), 29);
    assert_int_equal(cal_days_in_month(2100, 2), 28); /* century, not divisible by 400 */
    assert_int_equal(cal_days_in_month(2000, 2), 29);
    assert_int_equal(cal_days_in_month(2027, 4), 30);
    assert_false(cal_ymd_valid(2027, 2, 30));
    assert_false(cal_ymd_valid(1899, 12, 31));
    assert_false(cal_ymd_valid(2200, 1, 1));
}

static void test_local_time(void **state)
{
    (void)state;
    /* 2027-04-29 10:00 in Hà Nội is 03:00 UTC. */
    int64_t t = 1808967600; /* 2027-04-29T03:00:00Z */
    assert_int_equal(cal_local_day(t), cal_day_from_ymd(2027, 4, 29));
    assert_int_equal(cal_local_second(t), 10 * 3600);
    assert_int_equal(cal_instant(cal_day_from_ymd(2027, 4, 29), 10 * 3600), t);
    /* 17:00 UTC is already the next local day. */
    assert_int_equal(cal_local_day(t + 14 * 3600), cal_day_from_ymd(2027, 4, 30));
    assert_int_equal(cal_local_second(t + 14 * 3600), 0);
    /* Before 1970 the arithmetic still floors correctly. */
    int64_t early = cal_instant(cal_day_from_ymd(1900, 1, 1), 3600);
    assert_int_equal(cal_local_day(early), cal_day_from_ymd(1900, 1, 1));
    assert_int_equal(cal_local_second(early), 3600);
}

static void test_parse_date(void **state)
{
    (void)state;
    struct err e = {0};
    int32_t d;
    assert_int_equal(cal_parse_date("2024-02-29", &d, &e), 0);
    assert_int_equal(d, cal_day_from_ymd(2024, 2, 29));
    static const char *const bad[] = {"2027-02-30", "2023-02-29", "1899-12-31",  "2200-01-01",
                                      "2027-1-01",  "2027-01-1",  " 2027-01-01", "2027-01-01x",
                                      "2027/01/01", "",           "2027-13-01",  "2027-00-10",
                                      "2027-01-00", "+027-01-01"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err_clear(&e);
        assert_int_equal(cal_parse_date(bad[i], &d, &e), E_INVALID);
        assert_true(strlen(e.msg) > 0);
    }
}

static void test_parse_datetime(void **state)
{
    (void)state;
    struct err e = {0};
    int64_t t;
    char out[32];
    assert_int_equal(cal_parse_datetime("2027-04-29T10:00", &t, &e), 0);
    assert_int_equal(t, 1808967600);
    assert_int_equal(cal_parse_datetime("2027-04-29 10:00:59", &t, &e), 0);
    assert_int_equal(t, 1808967659);
    cal_format_datetime(t, out, sizeof out);
    assert_string_equal(out, "2027-04-29T10:00");
    static const char *const bad[] = {
        "2027-04-29",        "2027-04-29T24:00",    "2027-04-29T10:60",
        "2027-04-29T10",     "2027-04-29T1:00",     "2027-02-30T10:00",
        "2027-04-29T10:00Z", "2027-04-29T10:00:61", "2027-04-29T10:00:"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(cal_parse_datetime(bad[i], &t, &e), E_INVALID);
}

static void test_format(void **state)
{
    (void)state;
    char out[16];
    cal_format_date(cal_day_from_ymd(1900, 1, 1), out, sizeof out);
    assert_string_equal(out, "1900-01-01");
    cal_format_date(cal_day_from_ymd(2199, 12, 31), out, sizeof out);
    assert_string_equal(out, "2199-12-31");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_day_numbers),    cmocka_unit_test(test_month_lengths),
        cmocka_unit_test(test_local_time),     cmocka_unit_test(test_parse_date),
        cmocka_unit_test(test_parse_datetime), cmocka_unit_test(test_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
