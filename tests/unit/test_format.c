/* test_format.c — display formats (core/format): money, fees, Vietnam-time dates and times,
 * the official long form, phones and masked names. Vietnam time is checked against glibc's
 * gmtime_r() shifted by seven hours over a seeded sweep of instants, so the arithmetic
 * conversion is compared with an independent implementation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "buf.h"
#include "err.h"
#include "format.h"

#define CHECK(call, expected)                                                                      \
    do {                                                                                           \
        struct buf b_;                                                                             \
        buf_init(&b_, 1024);                                                                       \
        assert_int_equal(call(&b_), 0);                                                            \
        assert_string_equal(buf_str(&b_), expected);                                               \
        buf_free(&b_);                                                                             \
    } while (0)

static void expect_number(int64_t n, const char *expected)
{
    struct buf b;
    buf_init(&b, 64);
    assert_int_equal(fmt_number(&b, n), 0);
    assert_string_equal(buf_str(&b), expected);
    buf_free(&b);
}

static void test_number_groups_thousands_with_dots(void **state)
{
    (void)state;
    expect_number(0, "0");
    expect_number(7, "7");
    expect_number(999, "999");
    expect_number(1000, "1.000");
    expect_number(75000, "75.000");
    expect_number(100000, "100.000");
    expect_number(1234567, "1.234.567");
    expect_number(-1500, "-1.500");
    expect_number(-999, "-999");
    expect_number(INT64_MAX, "9.223.372.036.854.775.807");
    expect_number(INT64_MIN, "-9.223.372.036.854.775.808");
}

static void expect_money(int64_t n, int fee, const char *expected)
{
    struct buf b;
    buf_init(&b, 64);
    assert_int_equal(fee ? fmt_fee(&b, n) : fmt_money(&b, n), 0);
    assert_string_equal(buf_str(&b), expected);
    buf_free(&b);
}

static void expect_decimal(double v, int places, const char *expected)
{
    struct buf b;
    buf_init(&b, 64);
    assert_int_equal(fmt_decimal(&b, v, places), 0);
    assert_string_equal(buf_str(&b), expected);
    buf_free(&b);
}

static void expect_share(int (*fn)(struct buf *, double), double v, const char *expected)
{
    struct buf b;
    buf_init(&b, 64);
    assert_int_equal(fn(&b, v), 0);
    assert_string_equal(buf_str(&b), expected);
    buf_free(&b);
}

/* Decimals as Vietnamese write them: dots between thousands, a comma before the decimals. */
static void test_decimals_and_percent(void **state)
{
    (void)state;
    expect_decimal(75, 2, "75,00");
    expect_decimal(33.333333, 2, "33,33");
    expect_decimal(1234567.891, 2, "1.234.567,89");
    expect_decimal(12.5, 1, "12,5");
    expect_decimal(0.05, 1, "0,1"); /* half away from zero */
    expect_decimal(-1.25, 1, "-1,3");
    expect_decimal(-0.04, 1, "0,0");
    expect_decimal(95, 0, "95");
    expect_decimal(1500.4, 0, "1.500");
    expect_share(fmt_tenths, 15.5, "15,5");
    expect_share(fmt_tenths, 4, "4");
    expect_share(fmt_tenths, 99.96, "100");
    expect_share(fmt_percent, 87.5, "87,5%");
    expect_share(fmt_percent, 100, "100%");
    expect_share(fmt_percent, 1234.56, "1.234,6%");
    struct buf b;
    buf_init(&b, 64);
    assert_int_equal(fmt_decimal(&b, 1.0 / 0.0, 2), E_INVALID);
    assert_int_equal(fmt_decimal(&b, 1, 7), E_INVALID);
    buf_free(&b);
}

static void test_money_and_fee(void **state)
{
    (void)state;
    expect_money(75000, 0, "75.000 đồng");
    expect_money(0, 0, "0 đồng");
    expect_money(1000000, 0, "1.000.000 đồng");
    expect_money(0, 1, "Miễn phí");
    expect_money(50000, 1, "50.000 đồng");
}

static void test_money_respects_buffer_limit(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 8);
    assert_int_equal(fmt_money(&b, 75000), E_TOOLARGE);
    buf_free(&b);
}

static void expect_words(int64_t n, const char *expected)
{
    struct buf b;
    buf_init(&b, 512);
    assert_int_equal(buf_puts(&b, "Bằng chữ: "), 0);
    assert_int_equal(fmt_money_words(&b, n), 0);
    if (strcmp(buf_str(&b) + strlen("Bằng chữ: "), expected) != 0)
        fail_msg("%lld read as \"%s\", expected \"%s\"", (long long)n, buf_str(&b), expected);
    buf_free(&b);
}

static void test_money_in_words(void **state)
{
    (void)state;
    expect_words(0, "Không đồng");
    expect_words(1, "Một đồng");
    expect_words(5, "Năm đồng");
    expect_words(10, "Mười đồng");
    expect_words(11, "Mười một đồng");
    expect_words(15, "Mười lăm đồng");
    expect_words(20, "Hai mươi đồng");
    expect_words(21, "Hai mươi mốt đồng");
    expect_words(24, "Hai mươi tư đồng");
    expect_words(25, "Hai mươi lăm đồng");
    expect_words(100, "Một trăm đồng");
    expect_words(105, "Một trăm linh năm đồng");
    expect_words(110, "Một trăm mười đồng");
    expect_words(115, "Một trăm mười lăm đồng");
    expect_words(1000, "Một nghìn đồng");
    expect_words(1005, "Một nghìn không trăm linh năm đồng");
    expect_words(1050, "Một nghìn không trăm năm mươi đồng");
    expect_words(75000, "Bảy mươi lăm nghìn đồng");
    expect_words(150000, "Một trăm năm mươi nghìn đồng");
    expect_words(1005000, "Một triệu không trăm linh năm nghìn đồng");
    expect_words(1000005, "Một triệu không trăm linh năm đồng");
    expect_words(2500000, "Hai triệu năm trăm nghìn đồng");
    expect_words(1000000000, "Một tỷ đồng");
    expect_words(1000000000000, "Một nghìn tỷ đồng");
    expect_words(1001000000000, "Một nghìn không trăm linh một tỷ đồng");
    expect_words(-75000, "Âm bảy mươi lăm nghìn đồng");
    expect_words(INT64_MIN, "Âm chín tỷ hai trăm hai mươi ba triệu ba trăm bảy mươi hai "
                            "nghìn không trăm ba mươi sáu tỷ tám trăm năm mươi tư triệu bảy "
                            "trăm bảy mươi lăm nghìn tám trăm linh tám đồng");
}

static void expect_tm(int64_t t, int y, int mo, int d, int h, int mi, int s, int wday)
{
    struct fmt_tm tm;
    fmt_vn_tm(t, &tm);
    assert_int_equal(tm.year, y);
    assert_int_equal(tm.month, mo);
    assert_int_equal(tm.day, d);
    assert_int_equal(tm.hour, h);
    assert_int_equal(tm.minute, mi);
    assert_int_equal(tm.second, s);
    assert_int_equal(tm.wday, wday);
}

static void test_vn_tm_known_instants(void **state)
{
    (void)state;
    expect_tm(1809572400, 2027, 5, 6, 10, 0, 0, 4);   /* Thursday */
    expect_tm(0, 1970, 1, 1, 7, 0, 0, 4);             /* 07:00 local */
    expect_tm(-25201, 1969, 12, 31, 23, 59, 59, 3);   /* last second of 1969 in Vietnam */
    expect_tm(-25200, 1970, 1, 1, 0, 0, 0, 4);        /* midnight local */
    expect_tm(1709225940, 2024, 2, 29, 23, 59, 0, 4); /* leap day */
    expect_tm(1709226000, 2024, 3, 1, 0, 0, 0, 5);
    expect_tm(4107517200, 2100, 3, 1, 0, 0, 0, 1); /* 2100 is not a leap year */
    expect_tm(-2203891200, 1900, 3, 1, 7, 0, 0, 4);
}

static void test_vn_tm_matches_gmtime_plus_seven_hours(void **state)
{
    (void)state;
    uint64_t seed = 42;
    for (int i = 0; i < 200000; i++) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        /* instants between about 1700 and 2300 */
        int64_t t = (int64_t)(seed >> 30) % 10000000000LL - 8000000000LL;
        time_t shifted = (time_t)(t + 7 * 3600);
        struct tm ref;
        assert_non_null(gmtime_r(&shifted, &ref));
        struct fmt_tm tm;
        fmt_vn_tm(t, &tm);
        if (tm.year != ref.tm_year + 1900 || tm.month != ref.tm_mon + 1 || tm.day != ref.tm_mday ||
            tm.hour != ref.tm_hour || tm.minute != ref.tm_min || tm.second != ref.tm_sec ||
            tm.wday != ref.tm_wday)
            fail_msg("instant %lld differs from gmtime", (long long)t);
    }
}

static void test_vn_tm_extremes_do_not_overflow(void **state)
{
    (void)state;
    struct fmt_tm tm;
    fmt_vn_tm(INT64_MAX, &tm);
    assert_true(tm.month >= 1 && tm.month <= 12 && tm.hour >= 0 && tm.hour < 24);
    fmt_vn_tm(INT64_MIN, &tm);
    assert_true(tm.month >= 1 && tm.month <= 12 && tm.day >= 1 && tm.day <= 31);
}

static int date_of_example(struct buf *b)
{
    return fmt_date(b, 1809572400);
}

static int time_of_example(struct buf *b)
{
    return fmt_time(b, 1809572400 + 5 * 60);
}

static int datetime_of_example(struct buf *b)
{
    return fmt_datetime(b, 1809572400);
}

static int official_of_example(struct buf *b)
{
    return fmt_official(b, 1809572400);
}

/* 08:05 local on 3 February 2027 */
static int official_of_february(struct buf *b)
{
    return fmt_official(b, 1801616700);
}

/* 14:30 local on 25 December 2026 */
static int official_of_december(struct buf *b)
{
    return fmt_official(b, 1798183800);
}

static int date_just_before_local_midnight(struct buf *b)
{
    return fmt_date(b, -25201);
}

static void test_dates_and_times(void **state)
{
    (void)state;
    CHECK(date_of_example, "06/05/2027");
    CHECK(time_of_example, "10:05");
    CHECK(datetime_of_example, "10:00 06/05/2027");
    CHECK(official_of_example, "10 giờ 00 phút, ngày 06 tháng 5 năm 2027");
    CHECK(official_of_february, "8 giờ 05 phút, ngày 03 tháng 02 năm 2027");
    CHECK(official_of_december, "14 giờ 30 phút, ngày 25 tháng 12 năm 2026");
    CHECK(date_just_before_local_midnight, "31/12/1969");
}

static void expect_ymd(const char *in, int rc, const char *expected)
{
    struct buf b;
    buf_init(&b, 64);
    assert_int_equal(fmt_date_ymd(&b, in), rc);
    assert_string_equal(buf_str(&b), expected);
    buf_free(&b);
}

static void test_date_ymd(void **state)
{
    (void)state;
    expect_ymd("2027-05-06", 0, "06/05/2027");
    expect_ymd("2024-02-29", 0, "29/02/2024");
    expect_ymd("2000-02-29", 0, "29/02/2000");
    expect_ymd("2023-02-29", E_INVALID, "");
    expect_ymd("1900-02-29", E_INVALID, "");
    expect_ymd("2027-13-01", E_INVALID, "");
    expect_ymd("2027-00-01", E_INVALID, "");
    expect_ymd("2027-04-31", E_INVALID, "");
    expect_ymd("2027-04-00", E_INVALID, "");
    expect_ymd("2027-4-6", E_INVALID, "");
    expect_ymd("06/05/2027", E_INVALID, "");
    expect_ymd("2027-05-06T10:00", E_INVALID, "");
    expect_ymd("", E_INVALID, "");
    expect_ymd(NULL, E_INVALID, "");
}

static void expect_parse(const char *in, int rc, const char *ymd)
{
    char out[11] = "";
    struct err e = {0};
    assert_int_equal(fmt_parse_date(in, "birth_date", "Ngày sinh", out, &e), rc);
    if (rc == 0) {
        assert_string_equal(out, ymd);
    } else {
        assert_string_equal(e.field, "birth_date");
        assert_non_null(strstr(e.msg, "Ngày sinh"));
        if (ymd[0])
            assert_non_null(strstr(e.msg, ymd));
    }
}

/* Dates as Vietnamese write them, day first, whatever the browser's language. */
static void test_parse_date(void **state)
{
    (void)state;
    expect_parse("17/05/2003", 0, "2003-05-17");
    expect_parse("7/5/2003", 0, "2003-05-07");
    expect_parse(" 07/5/2003 ", 0, "2003-05-07");
    expect_parse("17-05-2003", 0, "2003-05-17");
    expect_parse("17.05.2003", 0, "2003-05-17");
    expect_parse("2003-05-17", 0, "2003-05-17");
    expect_parse("29/02/2024", 0, "2024-02-29");
    expect_parse("31/02/2003", E_INVALID, "31/02/2003");
    expect_parse("29/02/2023", E_INVALID, "tháng 2 năm 2023 có 28 ngày");
    expect_parse("17/13/2003", E_INVALID, "tháng 13");
    expect_parse("0/5/2003", E_INVALID, "");
    expect_parse("17/05/03", E_INVALID, "ngày/tháng/năm");
    expect_parse("17/05-2003", E_INVALID, "ngày/tháng/năm");
    expect_parse("05/17/2003x", E_INVALID, "");
    expect_parse("17052003", E_INVALID, "ngày/tháng/năm");
    expect_parse("", E_INVALID, "");
    expect_parse(NULL, E_INVALID, "");
    expect_parse("17/05/1899", E_INVALID, "năm 1899");
}

static void expect_phone(const char *in, const char *expected)
{
    struct buf b;
    buf_init(&b, 64);
    assert_int_equal(fmt_phone(&b, in), 0);
    assert_string_equal(buf_str(&b), expected);
    buf_free(&b);
}

static void test_phone_grouping(void **state)
{
    (void)state;
    expect_phone("0912345678", "0912 345 678");
    expect_phone("0321234567", "0321 234 567");
    expect_phone("02438253536", "024 3825 3536");
    expect_phone("02838221234", "028 3822 1234");
    expect_phone("02363822123", "0236 3822 123");
    expect_phone("12345", "12345");
    expect_phone("", "");
}

static void expect_masked(const char *in, const char *expected)
{
    struct buf b;
    buf_init(&b, 256);
    assert_int_equal(fmt_masked_name(&b, in), 0);
    assert_string_equal(buf_str(&b), expected);
    buf_free(&b);
}

static void test_masked_names(void **state)
{
    (void)state;
    expect_masked("Nguyễn Văn An", "Nguyễn V*** A**");
    expect_masked("Trần Thị Bích Ngọc", "Trần T*** B*** N***");
    expect_masked("Lê Y", "Lê Y*");
    expect_masked("Đỗ Đức Ánh", "Đỗ Đ*** Á***");
    expect_masked("  Phạm   Minh\tChính  ", "Phạm M*** C***");
    expect_masked("Ê", "Ê*");
    expect_masked("Ngô", "N***");
    expect_masked("", "");
    expect_masked("   ", "");
    struct buf b;
    buf_init(&b, 256);
    assert_int_equal(fmt_masked_name(&b, "Nguy\xC3"), E_INVALID);
    buf_free(&b);
}

static const char *masked_id(struct buf *b, const char *id)
{
    buf_reset(b);
    assert_int_equal(fmt_masked_id(b, id), 0);
    return buf_str(b);
}

/* The ID in a paper's QR code keeps the last four characters the public lookup asks for. */
static void test_masked_ids(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 64);
    assert_string_equal(masked_id(&b, "079203001234"), "********1234");
    assert_string_equal(masked_id(&b, "0312345678"), "******5678");
    assert_string_equal(masked_id(&b, "1234"), "****");
    assert_string_equal(masked_id(&b, "12"), "**");
    assert_string_equal(masked_id(&b, ""), "");
    assert_string_equal(masked_id(&b, NULL), "");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_number_groups_thousands_with_dots),
        cmocka_unit_test(test_decimals_and_percent),
        cmocka_unit_test(test_money_and_fee),
        cmocka_unit_test(test_money_respects_buffer_limit),
        cmocka_unit_test(test_money_in_words),
        cmocka_unit_test(test_vn_tm_known_instants),
        cmocka_unit_test(test_vn_tm_matches_gmtime_plus_seven_hours),
        cmocka_unit_test(test_vn_tm_extremes_do_not_overflow),
        cmocka_unit_test(test_dates_and_times),
        cmocka_unit_test(test_date_ymd),
        cmocka_unit_test(test_parse_date),
        cmocka_unit_test(test_phone_grouping),
        cmocka_unit_test(test_masked_names),
        cmocka_unit_test(test_masked_ids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
