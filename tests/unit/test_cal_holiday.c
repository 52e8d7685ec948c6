/* test_cal_holiday.c — holiday rules: the default rule of Labour Code 2019 Art. 111–112 with
 * its compensatory days, the shipped official years 2020–2026, the JSON format (strict
 * validation, atomic import, per-year replacement, export) and the compiled calendar. */
#include "cal_calendar.h"
#include "cal_date.h"
#include "cal_holiday.h"
#include "cal_lunar.h"
#include "cal_rules.h"
#include "calfixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

/* The days of year that change the Monday–Friday week, as "YYYY-MM-DD off|work" lines. */
static void week_changes(const struct cal_rules *r, int year, char *out, size_t size)
{
    struct cal_day days[CAL_YEAR_MAX_DAYS];
    int n;
    assert_int_equal(cal_holidays(r, year, days, CAL_YEAR_MAX_DAYS, &n, NULL), 0);
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (!cal_day_changes_week(&days[i]))
            continue;
        char date[16];
        cal_format_date(days[i].day, date, sizeof date);
        size_t len = strlen(out);
        snprintf(out + len, size - len, "%s %s\n", date, days[i].kind == CAL_OFF ? "off" : "work");
    }
}

static void test_default_rule_2027(void **state)
{
    (void)state;
    struct cal_rules *r = cal_rules_new();
    char got[2048];
    week_changes(r, 2027, got, sizeof got);
    /* Tết Đinh Mùi is Saturday 6/2: the five days are Fri 5/2 (last day of Bính Ngọ) to
     * Tue 9/2; Sat 6 and Sun 7 are owed and taken Wed 10 and Thu 11. Hùng Kings 10/3 lunar
     * is Fri 16/4. 30/4 is a Friday; 1/5 a Saturday, compensated Monday 3/5. 2/9 Thursday
     * plus the day after, Friday 3/9. */
    assert_string_equal(got, "2027-01-01 off\n"
                             "2027-02-05 off\n2027-02-08 off\n2027-02-09 off\n"
                             "2027-02-10 off\n2027-02-11 off\n"
                             "2027-04-16 off\n2027-04-30 off\n2027-05-03 off\n"
                             "2027-09-02 off\n2027-09-03 off\n");
    cal_rules_free(r);
}

static void test_default_rule_options(void **state)
{
    (void)state;
    struct cal_rules *r = cal_rules_new();
    char got[2048];
    /* 2029: Tết Kỷ Dậu is Tuesday 13/2. Two days before: Sun 11/2 (owed) to Thu 15/2, the
     * Sunday compensated on Friday 16/2. National Day on the day before: Sat 1/9 and Sun 2/9
     * both owed, taken Mon 3/9 and Tue 4/9. New Year Monday; Hùng 10/3 lunar Mon 23/4;
     * 30/4 Mon and 1/5 Tue. */
    r->defaults.tet_days_before = 2;
    r->defaults.national_day_after = 0;
    week_changes(r, 2029, got, sizeof got);
    assert_string_equal(got, "2029-01-01 off\n"
                             "2029-02-12 off\n2029-02-13 off\n2029-02-14 off\n2029-02-15 off\n"
                             "2029-02-16 off\n"
                             "2029-04-23 off\n2029-04-30 off\n2029-05-01 off\n"
                             "2029-09-03 off\n2029-09-04 off\n");
    cal_rules_free(r);
}

static void test_default_rule_weekend_new_year(void **state)
{
    (void)state;
    struct cal_rules *r = cal_rules_new();
    char got[2048];
    /* 2033: New Year on Saturday → Monday 3/1 off. Tết Quý Sửu is Monday 31/1, so the block
     * is Sun 30/1 (last day of the year) to Thu 3/2 and the Sunday is taken Friday 4/2. Hùng 10/3
     * lunar: Sat 9/4 → Mon 11/4. 30/4 Sat and 1/5 Sun → Mon 2/5, Tue 3/5. 2/9 Fri + Sat 3/9 → Mon
     * 5/9. */
    week_changes(r, 2033, got, sizeof got);
    assert_string_equal(got, "2033-01-03 off\n"
                             "2033-01-31 off\n2033-02-01 off\n2033-02-02 off\n2033-02-03 off\n"
                             "2033-02-04 off\n"
                             "2033-04-11 off\n2033-05-02 off\n2033-05-03 off\n"
                             "2033-09-02 off\n2033-09-05 off\n");
    cal_rules_free(r);
}

/* 1947: Hùng Kings' day (10/3 lunar) fell on 30/4, a Wednesday; the two holidays share one
 * day, so one day is owed and taken on Friday 2/5, after 1/5. */
static void test_default_rule_overlapping_holidays(void **state)
{
    (void)state;
    struct cal_rules *r = cal_rules_new();
    char got[2048];
    week_changes(r, 1947, got, sizeof got);
    assert_non_null(strstr(got, "1947-04-30 off\n1947-05-01 off\n1947-05-02 off\n"));
    cal_rules_free(r);
}

static void test_official_years(void **state)
{
    (void)state;
    struct cal_rules *r = calfix_rules();
    char got[2048];
    for (int y = 2020; y <= 2026; y++)
        assert_non_null(cal_rules_year(r, y));
    assert_null(cal_rules_year(r, 2027));
    /* 2024: Tết 8/2–14/2; 30/4–1/5 with Monday 29/4 swapped for Saturday 4/5. */
    week_changes(r, 2024, got, sizeof got);
    assert_string_equal(got, "2024-01-01 off\n"
                             "2024-02-08 off\n2024-02-09 off\n2024-02-12 off\n2024-02-13 off\n"
                             "2024-02-14 off\n"
                             "2024-04-18 off\n2024-04-29 off\n2024-04-30 off\n2024-05-01 off\n"
                             "2024-05-04 work\n"
                             "2024-09-02 off\n2024-09-03 off\n");
    /* 2025: Tết 27–31/1 with no make-up day (8726/VPCP-KGVX; Saturday 8/2 is ordinary);
     * 2/5 swapped for 26/4; National Day 1–2/9. */
    week_changes(r, 2025, got, sizeof got);
    assert_string_equal(got, "2025-01-01 off\n"
                             "2025-01-27 off\n2025-01-28 off\n2025-01-29 off\n2025-01-30 off\n"
                             "2025-01-31 off\n"
                             "2025-04-07 off\n2025-04-26 work\n2025-04-30 off\n2025-05-01 off\n"
                             "2025-05-02 off\n"
                             "2025-09-01 off\n2025-09-02 off\n");
    /* 2026: Friday 2/1 swapped for Saturday 10/1 (12729/VPCP-KGVX); Tết 16–20/2; Hùng Kings
     * (Sun) → 27/4; National Day 1–2/9 with Monday 31/8 swapped for Saturday 22/8. */
    week_changes(r, 2026, got, sizeof got);
    assert_string_equal(got, "2026-01-01 off\n2026-01-02 off\n2026-01-10 work\n"
                             "2026-02-16 off\n2026-02-17 off\n2026-02-18 off\n2026-02-19 off\n"
                             "2026-02-20 off\n"
                             "2026-04-27 off\n2026-04-30 off\n2026-05-01 off\n"
                             "2026-08-22 work\n2026-08-31 off\n2026-09-01 off\n2026-09-02 off\n");
    /* Every year from 2022 names its notices, and none is left unconfirmed. */
    for (int y = 2020; y <= 2026; y++) {
        const struct cal_official_year *oy = cal_rules_year(r, y);
        assert_false(oy->uncertain);
        for (int i = 0; i < oy->ndays; i++)
            assert_false(oy->days[i].uncertain);
        if (y >= 2022 && oy->nnotices < 1)
            fail_msg("official year %d has no notice number", y);
    }
    assert_non_null(strstr(cal_rules_year(r, 2025)->notices[0], "8726/VPCP-KGVX"));
    assert_non_null(strstr(cal_rules_year(r, 2026)->notices[1], "12729/VPCP-KGVX"));
    /* 2022: compensations for New Year (Sat), Hùng Kings (Sun), 30/4–1/5 (Sat–Sun). */
    week_changes(r, 2022, got, sizeof got);
    assert_string_equal(got, "2022-01-03 off\n"
                             "2022-01-31 off\n2022-02-01 off\n2022-02-02 off\n2022-02-03 off\n"
                             "2022-02-04 off\n"
                             "2022-04-11 off\n2022-05-02 off\n2022-05-03 off\n"
                             "2022-09-01 off\n2022-09-02 off\n");
    cal_rules_free(r);
}

/* Every official Tết day named after its lunar date carries the right one. */
static void test_official_tet_names_match_lunar(void **state)
{
    (void)state;
    struct cal_rules *r = calfix_rules();
    for (int i = 0; i < r->nyears; i++) {
        const struct cal_official_year *y = &r->years[i];
        int32_t tet;
        assert_int_equal(cal_lunar_new_year(y->year, &tet), 0);
        for (int j = 0; j < y->ndays; j++) {
            const struct cal_day *d = &y->days[j];
            int n;
            if (sscanf(d->name, "Tết Nguyên đán (mùng %d)", &n) == 1)
                assert_int_equal(d->day, tet + n - 1);
            else if (strstr(d->name, "30 tháng Chạp"))
                assert_int_equal(d->day, tet - 1);
            else if (strstr(d->name, "29 tháng Chạp")) {
                struct cal_lunar l;
                assert_int_equal(cal_lunar_from_solar(d->day, &l), 0);
                assert_int_equal(l.day, 29);
                assert_int_equal(l.month, 12);
            }
        }
    }
    cal_rules_free(r);
}

static const char *const year_2030 =
    "{\"format\":\"motcua-calendar/1\",\"years\":[{\"year\":2030,\"source\":\"test\","
    "\"days\":[{\"date\":\"2030-01-01\",\"kind\":\"off\",\"name\":\"Tết Dương lịch\"},"
    "{\"date\":\"2030-02-09\",\"kind\":\"work\",\"name\":\"Làm bù\",\"uncertain\":true}]}]}";

static void test_import_and_replace(void **state)
{
    (void)state;
    struct cal_rules *r = cal_rules_new();
    struct err e = {0};
    assert_int_equal(cal_rules_from_text(r, year_2030, strlen(year_2030), &e), 0);
    const struct cal_official_year *y = cal_rules_year(r, 2030);
    assert_non_null(y);
    assert_int_equal(y->ndays, 2);
    assert_int_equal(y->days[1].kind, CAL_WORK);
    assert_true(y->days[1].uncertain);
    assert_string_equal(y->source, "test");
    /* A second import of the same year replaces it. */
    const char *again = "{\"years\":[{\"year\":2030,\"days\":[]}]}";
    assert_int_equal(cal_rules_from_text(r, again, strlen(again), &e), 0);
    assert_int_equal(cal_rules_year(r, 2030)->ndays, 0);
    assert_int_equal(r->nyears, 1);
    cal_rules_free(r);
}

static void test_export_round_trip(void **state)
{
    (void)state;
    struct cal_rules *r = calfix_rules(), *copy = cal_rules_new();
    struct err e = {0};
    json_t *years = json_array();
    for (int i = 0; i < r->nyears; i++)
        json_array_append_new(years, cal_official_year_to_json(&r->years[i]));
    json_t *doc = json_pack("{s:o}", "years", years);
    assert_int_equal(cal_rules_from_json(copy, doc, &e), 0);
    assert_int_equal(copy->nyears, r->nyears);
    for (int i = 0; i < r->nyears; i++)
        assert_memory_equal(&copy->years[i], &r->years[i], sizeof r->years[i]);
    json_decref(doc);
    cal_rules_free(copy);
    cal_rules_free(r);
}

static void test_bad_imports(void **state)
{
    (void)state;
    static const struct {
        const char *json, *field;
    } bad[] = {
        {"[]", ""},
        {"{\"format\":\"other/2\"}", "format"},
        {"{\"years\":{}}", "years"},
        {"{\"years\":[{\"days\":[]}]}", "year"},
        {"{\"years\":[{\"year\":1800,\"days\":[]}]}", "year"},
        {"{\"years\":[{\"year\":2030}]}", "days"},
        {"{\"years\":[{\"year\":2030,\"days\":[{\"date\":\"2031-01-01\",\"kind\":\"off\"}]}]}",
         "date"},
        {"{\"years\":[{\"year\":2030,\"days\":[{\"date\":\"2030-02-30\",\"kind\":\"off\"}]}]}",
         "date"},
        {"{\"years\":[{\"year\":2030,\"days\":[{\"date\":\"2030-01-01\",\"kind\":\"holiday\"}]}]}",
         "kind"},
        {"{\"years\":[{\"year\":2030,\"days\":[{\"date\":\"2030-01-01\",\"kind\":\"off\"},"
         "{\"date\":\"2030-01-01\",\"kind\":\"off\"}]}]}",
         "date"},
        {"{\"years\":[{\"year\":2030,\"days\":[{\"date\":\"2030-01-01\",\"kind\":\"off\","
         "\"name\":7}]}]}",
         "name"},
        {"{\"defaults\":{\"tet_days_before\":5}}", "tet_days_before"},
        {"{\"defaults\":{\"national_day_extra\":\"both\"}}", "national_day_extra"},
        {"{\"years\":[{\"year\":2030,\"days\":[], \"uncertain\":\"yes\"}]}", "uncertain"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct cal_rules *r = cal_rules_new();
        struct err e = {0};
        assert_int_equal(cal_rules_from_text(r, bad[i].json, strlen(bad[i].json), &e), E_INVALID);
        assert_string_equal(e.field, bad[i].field);
        assert_true(strlen(e.msg) > 0);
        cal_rules_free(r);
    }
    /* Not JSON at all. */
    struct cal_rules *r = cal_rules_new();
    struct err e = {0};
    assert_int_equal(cal_rules_from_text(r, "{", 1, &e), E_INVALID);
    cal_rules_free(r);
}

static void test_import_is_atomic(void **state)
{
    (void)state;
    struct cal_rules *r = cal_rules_new();
    struct err e = {0};
    const char *half = "{\"defaults\":{\"tet_days_before\":2},\"years\":["
                       "{\"year\":2030,\"days\":[]},{\"year\":2031,\"days\":[{\"date\":\"x\","
                       "\"kind\":\"off\"}]}]}";
    assert_int_equal(cal_rules_from_text(r, half, strlen(half), &e), E_INVALID);
    assert_int_equal(r->nyears, 0);
    assert_int_equal(r->defaults.tet_days_before, 1);
    cal_rules_free(r);
}

static void test_compiled_calendar(void **state)
{
    (void)state;
    struct cal_calendar *c = calfix_calendar();
    assert_false(cal_is_working_day(c, calfix_day("2026-01-02"))); /* swapped Friday */
    assert_true(cal_is_holiday(c, calfix_day("2026-01-02")));
    assert_true(cal_is_working_day(c, calfix_day("2026-01-10"))); /* Saturday worked */
    assert_false(cal_is_holiday(c, calfix_day("2026-01-10")));
    assert_false(cal_is_working_day(c, calfix_day("2025-02-08"))); /* ordinary Saturday */
    assert_false(cal_is_holiday(c, calfix_day("2025-02-08")));
    assert_true(cal_is_working_day(c, calfix_day("2026-09-03")));  /* not a holiday */
    assert_false(cal_is_working_day(c, calfix_day("2025-02-09"))); /* ordinary Sunday */
    assert_false(cal_is_holiday(c, calfix_day("2025-02-09")));
    assert_true(cal_is_holiday(c, calfix_day("2022-01-01"))); /* holiday on a Saturday */
    assert_true(cal_is_working_day(c, calfix_day("2025-02-03")));
    assert_false(cal_is_working_day(c, cal_first_day() - 1));
    assert_false(cal_is_working_day(c, cal_last_day() + 1));
    int32_t d;
    assert_int_equal(cal_next_working_day(c, calfix_day("2025-01-25"), &d), 0);
    assert_int_equal(d, calfix_day("2025-02-03"));
    assert_int_equal(cal_next_working_day(c, calfix_day("2199-12-31") + 1, &d), E_INVALID);
    /* A default-rule year keeps weekends off and weekdays on outside its holidays. */
    int workdays = 0;
    for (int32_t x = calfix_day("2027-01-01"); x <= calfix_day("2027-12-31"); x++)
        workdays += cal_is_working_day(c, x);
    assert_int_equal(workdays, 261 - 11); /* 261 weekdays in 2027, 11 of them off */
    cal_calendar_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_rule_2027),
        cmocka_unit_test(test_default_rule_options),
        cmocka_unit_test(test_default_rule_weekend_new_year),
        cmocka_unit_test(test_default_rule_overlapping_holidays),
        cmocka_unit_test(test_official_years),
        cmocka_unit_test(test_official_tet_names_match_lunar),
        cmocka_unit_test(test_import_and_replace),
        cmocka_unit_test(test_export_round_trip),
        cmocka_unit_test(test_bad_imports),
        cmocka_unit_test(test_import_is_atomic),
        cmocka_unit_test(test_compiled_calendar),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
