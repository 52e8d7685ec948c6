/* test_cal_lunar.c — the Vietnamese lunar calendar: Tết dates 1990–2050 from published
 * calendars, the years where the UTC+7 computation differs from the Chinese (UTC+8) one, leap
 * months, the round trip over every day of 1900–2199, and rejection of non-existent dates. */
#include "cal_date.h"
#include "cal_lunar.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static int32_t ymd(int y, int m, int d)
{
    return cal_day_from_ymd(y, m, d);
}

/* Tết (1/1 lunar) in Vietnam. Written from the published Chinese New Year dates, with the
 * Vietnamese dates where Vietnam's meridian moves the new moon to the previous day (2007,
 * 2030); checked against Vietnamese almanacs for 2024–2027. */
static const struct {
    int year, month, day;
} tet[] = {
    {1990, 1, 27}, {1991, 2, 15}, {1992, 2, 4},  {1993, 1, 23}, {1994, 2, 10}, {1995, 1, 31},
    {1996, 2, 19}, {1997, 2, 7},  {1998, 1, 28}, {1999, 2, 16}, {2000, 2, 5},  {2001, 1, 24},
    {2002, 2, 12}, {2003, 2, 1},  {2004, 1, 22}, {2005, 2, 9},  {2006, 1, 29}, {2007, 2, 17},
    {2008, 2, 7},  {2009, 1, 26}, {2010, 2, 14}, {2011, 2, 3},  {2012, 1, 23}, {2013, 2, 10},
    {2014, 1, 31}, {2015, 2, 19}, {2016, 2, 8},  {2017, 1, 28}, {2018, 2, 16}, {2019, 2, 5},
    {2020, 1, 25}, {2021, 2, 12}, {2022, 2, 1},  {2023, 1, 22}, {2024, 2, 10}, {2025, 1, 29},
    {2026, 2, 17}, {2027, 2, 6},  {2028, 1, 26}, {2029, 2, 13}, {2030, 2, 2},  {2031, 1, 23},
    {2032, 2, 11}, {2033, 1, 31}, {2034, 2, 19}, {2035, 2, 8},  {2036, 1, 28}, {2037, 2, 15},
    {2038, 2, 4},  {2039, 1, 24}, {2040, 2, 12}, {2041, 2, 1},  {2042, 1, 22}, {2043, 2, 10},
    {2044, 1, 30}, {2045, 2, 17}, {2046, 2, 6},  {2047, 1, 26}, {2048, 2, 14}, {2049, 2, 2},
    {2050, 1, 23},
};

static void test_tet_1990_2050(void **state)
{
    (void)state;
    assert_int_equal(sizeof tet / sizeof tet[0], 61);
    for (size_t i = 0; i < sizeof tet / sizeof tet[0]; i++) {
        int32_t d;
        assert_int_equal(cal_lunar_new_year(tet[i].year, &d), 0);
        char got[16];
        cal_format_date(d, got, sizeof got);
        if (d != ymd(tet[i].year, tet[i].month, tet[i].day))
            fail_msg("Tết %d: got %s", tet[i].year, got);
        struct cal_lunar l;
        assert_int_equal(cal_lunar_from_solar(d, &l), 0);
        assert_int_equal(l.day, 1);
        assert_int_equal(l.month, 1);
        assert_int_equal(l.year, tet[i].year);
        assert_int_equal(l.leap, 0);
    }
}

/* Years where the Vietnamese calendar (UTC+7) and the Chinese one (UTC+8) disagree. */
static void test_vietnam_china_divergences(void **state)
{
    (void)state;
    int32_t d;
    /* 1968: the new moon fell before midnight in Hà Nội; North Vietnam celebrated Tết Mậu
     * Thân on 29 January, the South (still on UTC+8) and China on 30 January. */
    assert_int_equal(cal_lunar_new_year(1968, &d), 0);
    assert_int_equal(d, ymd(1968, 1, 29));
    /* 1985: Vietnam had no leap month in 1984 and a leap 2nd month in 1985, so Tết Ất Sửu was
     * 21 January, a whole month before China's 20 February. */
    assert_int_equal(cal_lunar_new_year(1985, &d), 0);
    assert_int_equal(d, ymd(1985, 1, 21));
    assert_int_equal(cal_lunar_leap_month(1984), 0);
    assert_int_equal(cal_lunar_leap_month(1985), 2);
    /* 2007: new moon at 23:14 Hà Nội time on 17 February (00:14 on the 18th in Beijing). */
    assert_int_equal(cal_lunar_new_year(2007, &d), 0);
    assert_int_equal(d, ymd(2007, 2, 17));
    /* 2030: new moon late on 2 February in Hà Nội, after midnight in Beijing. */
    assert_int_equal(cal_lunar_new_year(2030, &d), 0);
    assert_int_equal(d, ymd(2030, 2, 2));
}

static void test_leap_months(void **state)
{
    (void)state;
    /* Leap months 1990–2050 (years not listed have none). */
    static const int leaps[][2] = {
        {1990, 5},  {1993, 3}, {1995, 8}, {1998, 5}, {2001, 4}, {2004, 2}, {2006, 7}, {2009, 5},
        {2012, 4},  {2014, 9}, {2017, 6}, {2020, 4}, {2023, 2}, {2025, 6}, {2028, 5}, {2031, 3},
        {2033, 11}, {2036, 6}, {2039, 5}, {2042, 2}, {2044, 7}, {2047, 5}, {2050, 3},
    };
    size_t next = 0;
    for (int y = 1990; y <= 2050; y++) {
        int expect = 0;
        if (next < sizeof leaps / sizeof leaps[0] && leaps[next][0] == y)
            expect = leaps[next++][1];
        if (cal_lunar_leap_month(y) != expect)
            fail_msg("leap month of %d: got %d, want %d", y, cal_lunar_leap_month(y), expect);
    }
}

static void test_contract_examples(void **state)
{
    (void)state;
    struct cal_lunar l;
    char text[32];
    assert_int_equal(cal_lunar_from_solar(ymd(2027, 2, 6), &l), 0);
    cal_format_lunar(&l, text, sizeof text);
    assert_string_equal(text, "1/1/2027");
    assert_int_equal(cal_lunar_from_solar(ymd(2025, 7, 25), &l), 0);
    cal_format_lunar(&l, text, sizeof text);
    assert_string_equal(text, "1/6+/2025");
    /* Hùng Kings' day 10/3 lunar. */
    struct cal_lunar hung = {.day = 10, .month = 3, .year = 2024};
    int32_t d;
    assert_int_equal(cal_solar_from_lunar(&hung, &d, NULL), 0);
    assert_int_equal(d, ymd(2024, 4, 18));
    /* The ends of the range. */
    assert_int_equal(cal_lunar_from_solar(ymd(1900, 1, 1), &l), 0);
    cal_format_lunar(&l, text, sizeof text);
    assert_string_equal(text, "1/12/1899");
    assert_int_equal(cal_lunar_from_solar(ymd(1899, 12, 31), &l), E_INVALID);
    assert_int_equal(cal_lunar_from_solar(ymd(2200, 1, 1), &l), E_INVALID);
}

/* Every day 1900–2199: solar → lunar → solar is the identity, consecutive days are
 * consecutive lunar days, and every lunar month has 29 or 30 days. */
static void test_round_trip_every_day(void **state)
{
    (void)state;
    struct cal_lunar prev = {0};
    for (int32_t d = cal_first_day(); d <= cal_last_day(); d++) {
        struct cal_lunar l;
        int32_t back;
        assert_int_equal(cal_lunar_from_solar(d, &l), 0);
        if (cal_solar_from_lunar(&l, &back, NULL) != 0 || back != d) {
            char s[16], t[32];
            cal_format_date(d, s, sizeof s);
            cal_format_lunar(&l, t, sizeof t);
            fail_msg("%s → %s does not convert back", s, t);
        }
        if (d > cal_first_day()) {
            if (l.day == 1)
                assert_true(prev.day == 29 || prev.day == 30);
            else
                assert_int_equal(l.day, prev.day + 1);
        }
        if (l.leap)
            assert_int_equal(cal_lunar_leap_month(l.year), l.month);
        prev = l;
    }
}

static void test_bad_lunar_dates(void **state)
{
    (void)state;
    struct cal_lunar l;
    struct err e = {0};
    int32_t d;
    static const char *const syntax[] = {"1/13/2027", "31/1/2027", "0/1/2027", "1/0/2027",
                                         "1/1",       "1/1/",      "a/1/2027", "1/1/2027 ",
                                         "1//2027",   "1/+/2027",  "1/1+2027", "1/1/22000",
                                         "1/1/1898",  "1/1/2200",  ""};
    for (size_t i = 0; i < sizeof syntax / sizeof syntax[0]; i++)
        assert_int_equal(cal_parse_lunar(syntax[i], &l, &e), E_INVALID);
    /* Well-formed but non-existent: 2025 has a leap 6th month, not a leap 5th; 2024 has none;
     * month 12 of Giáp Thìn (2024) had 29 days (no "30 Tết" before Tết 2025). */
    static const char *const absent[] = {"1/5+/2025", "1/6+/2024", "30/12/2024"};
    for (size_t i = 0; i < sizeof absent / sizeof absent[0]; i++) {
        assert_int_equal(cal_parse_lunar(absent[i], &l, &e), 0);
        err_clear(&e);
        assert_int_equal(cal_solar_from_lunar(&l, &d, &e), E_INVALID);
        assert_true(strlen(e.msg) > 0);
    }
    /* The leap month itself converts. */
    assert_int_equal(cal_parse_lunar("1/6+/2025", &l, &e), 0);
    assert_int_equal(cal_solar_from_lunar(&l, &d, &e), 0);
    assert_int_equal(d, ymd(2025, 7, 25));
    /* Outside the range even though the fields are valid. */
    assert_int_equal(cal_parse_lunar("1/1/1899", &l, &e), 0);
    assert_int_equal(cal_solar_from_lunar(&l, &d, &e), E_INVALID);
}

static void test_year_names(void **state)
{
    (void)state;
    char name[32];
    cal_lunar_year_name(2026, name, sizeof name);
    assert_string_equal(name, "Bính Ngọ");
    cal_lunar_year_name(2027, name, sizeof name);
    assert_string_equal(name, "Đinh Mùi");
    cal_lunar_year_name(1968, name, sizeof name);
    assert_string_equal(name, "Mậu Thân");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tet_1990_2050),
        cmocka_unit_test(test_vietnam_china_divergences),
        cmocka_unit_test(test_leap_months),
        cmocka_unit_test(test_contract_examples),
        cmocka_unit_test(test_round_trip_every_day),
        cmocka_unit_test(test_bad_lunar_dates),
        cmocka_unit_test(test_year_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
