/* test_validate.c — CCCD, tax code, phone and e-mail checks (core/validate): tables of valid
 * and invalid inputs, the information a CCCD number encodes, the Vietnamese messages and the
 * caller's field name in struct err, and an exhaustive sweep of the tax check digit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "err.h"
#include "validate.h"

static void test_cccd_valid_numbers(void **state)
{
    (void)state;
    static const char *const valid[] = {"001099012345", "079301000123", "096188000001",
                                        "046200123456", "031985999999", "089000000000",
                                        "001789000001", "038612345678"};
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
        struct err e = {0};
        if (validate_cccd(valid[i], "cccd", NULL, &e) != 0)
            fail_msg("%s rejected: %s", valid[i], e.msg);
    }
}

static void test_cccd_invalid_numbers(void **state)
{
    (void)state;
    static const char *const invalid[] = {"",
                                          "00109901234",   /* 11 digits */
                                          "0010990123456", /* 13 digits */
                                          "123456789",     /* old 9-digit CMND */
                                          "00109901234a",
                                          "001 99012345",
                                          " 001099012345",
                                          "001099012345 ",
                                          "003099012345", /* 003 is not a province */
                                          "000099012345",
                                          "097099012345", /* beyond 096 */
                                          "100099012345",
                                          "999099012345",
                                          "０01099012345" /* full-width digit */};
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        struct err e = {0};
        if (validate_cccd(invalid[i], "cccd", NULL, &e) != E_INVALID)
            fail_msg("\"%s\" accepted", invalid[i]);
        assert_int_equal(e.code, E_INVALID);
        assert_string_equal(e.field, "cccd");
    }
    struct err e = {0};
    assert_int_equal(validate_cccd(NULL, "so_cccd", NULL, &e), E_INVALID);
    assert_string_equal(e.msg, "Số CCCD phải có 12 chữ số");
    assert_string_equal(e.field, "so_cccd");
    assert_int_equal(validate_cccd("003099012345", "cccd", NULL, &e), E_INVALID);
    assert_non_null(strstr(e.msg, "003"));
    assert_int_equal(validate_cccd("00109901234", "cccd", NULL, NULL), E_INVALID);
}

static void test_cccd_info(void **state)
{
    (void)state;
    static const struct {
        const char *number, *province;
        int year;
        enum validate_gender gender;
    } cases[] = {
        {"001099012345", "Hà Nội", 1999, VALIDATE_GENDER_MALE},
        {"079301000123", "Hồ Chí Minh", 2001, VALIDATE_GENDER_FEMALE},
        {"096188000001", "Cà Mau", 1988, VALIDATE_GENDER_FEMALE},
        {"091205000001", "Kiên Giang", 2005, VALIDATE_GENDER_MALE},
        {"001400000001", "Hà Nội", 2100, VALIDATE_GENDER_MALE},
        {"001599000001", "Hà Nội", 2199, VALIDATE_GENDER_FEMALE},
        {"001612000001", "Hà Nội", 2212, VALIDATE_GENDER_MALE},
        {"001712000001", "Hà Nội", 2212, VALIDATE_GENDER_FEMALE},
        {"001899000001", "Hà Nội", 1899, VALIDATE_GENDER_MALE},
        {"001999000001", "Hà Nội", 1899, VALIDATE_GENDER_FEMALE},
        {"077090000001", "Bà Rịa - Vũng Tàu", 1990, VALIDATE_GENDER_MALE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct validate_cccd_info info;
        assert_int_equal(validate_cccd(cases[i].number, "cccd", &info, NULL), 0);
        assert_string_equal(info.province_name, cases[i].province);
        assert_int_equal(strncmp(info.province_code, cases[i].number, 3), 0);
        assert_int_equal(info.birth_year, cases[i].year);
        assert_int_equal(info.gender, cases[i].gender);
    }
}

static void test_cccd_holder_consistency(void **state)
{
    (void)state;
    struct err e = {0};
    assert_int_equal(
        validate_cccd_holder("001099012345", "1999-03-15", VALIDATE_GENDER_MALE, "cccd", &e), 0);
    assert_int_equal(validate_cccd_holder("001099012345", NULL, VALIDATE_GENDER_ANY, "cccd", &e),
                     0);
    assert_int_equal(
        validate_cccd_holder("079301000123", "2001-12-31", VALIDATE_GENDER_FEMALE, "cccd", &e), 0);
    /* same two digits, wrong century */
    assert_int_equal(
        validate_cccd_holder("001099012345", "2099-03-15", VALIDATE_GENDER_ANY, "cccd", &e),
        E_INVALID);
    assert_non_null(strstr(e.msg, "năm sinh"));
    assert_int_equal(
        validate_cccd_holder("001099012345", "1998-03-15", VALIDATE_GENDER_ANY, "cccd", &e),
        E_INVALID);
    assert_int_equal(
        validate_cccd_holder("001099012345", "1999-03-15", VALIDATE_GENDER_FEMALE, "cccd", &e),
        E_INVALID);
    assert_string_equal(e.msg, "Số CCCD không khớp với giới tính");
    assert_int_equal(
        validate_cccd_holder("001099012345", "15/03/1999", VALIDATE_GENDER_ANY, "cccd", &e),
        E_INVALID);
    assert_int_equal(validate_cccd_holder("001099012345", "", VALIDATE_GENDER_ANY, "cccd", &e),
                     E_INVALID);
    assert_int_equal(
        validate_cccd_holder("00109901234", "1999-03-15", VALIDATE_GENDER_ANY, "cccd", &e),
        E_INVALID);
    assert_string_equal(e.msg, "Số CCCD phải có 12 chữ số");
}

static void test_province_table(void **state)
{
    (void)state;
    int count = 0;
    char code[8];
    for (int i = 0; i < 1000; i++) {
        snprintf(code, sizeof code, "%03d", i);
        count += validate_province_name(code) != NULL;
    }
    assert_int_equal(count, 63);
    assert_string_equal(validate_province_name("001"), "Hà Nội");
    assert_string_equal(validate_province_name("048"), "Đà Nẵng");
    assert_string_equal(validate_province_name("096"), "Cà Mau");
    assert_null(validate_province_name("01"));
    assert_null(validate_province_name(NULL));
}

static void test_tax_code_valid(void **state)
{
    (void)state;
    static const char *const valid[] = {"0100109106",    "0300588569", "0101243150",
                                        "0314303566",    "1234567893", "0100109106-001",
                                        "0300588569-999"};
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
        struct err e = {0};
        if (validate_tax_code(valid[i], "mst", &e) != 0)
            fail_msg("%s rejected: %s", valid[i], e.msg);
    }
}

static void test_tax_code_invalid(void **state)
{
    (void)state;
    static const char *const shape[] = {"",
                                        "010010910",     /* 9 digits */
                                        "01001091066",   /* 11 digits */
                                        "0100109106001", /* 13 digits without hyphen */
                                        "0100109106-01",
                                        "0100109106-0001",
                                        "010010910a",
                                        "0100109106 001",
                                        "0100109106-00a"};
    for (size_t i = 0; i < sizeof shape / sizeof shape[0]; i++) {
        struct err e = {0};
        if (validate_tax_code(shape[i], "mst", &e) != E_INVALID)
            fail_msg("\"%s\" accepted", shape[i]);
        assert_non_null(strstr(e.msg, "10 chữ số"));
        assert_string_equal(e.field, "mst");
    }
    struct err e = {0};
    assert_int_equal(validate_tax_code("0100109107", "mst", &e), E_INVALID);
    assert_string_equal(e.msg, "Mã số thuế không đúng, vui lòng kiểm tra lại");
    assert_int_equal(validate_tax_code("0100109105-001", "mst", &e), E_INVALID);
    assert_int_equal(validate_tax_code("0100109106-000", "mst", &e), E_INVALID);
    assert_int_equal(validate_tax_code(NULL, "mst", &e), E_INVALID);
    /* The weighted sum of 987654321 is 0 mod 11: no check digit can make it valid. */
    char code[11] = "9876543210";
    for (char d = '0'; d <= '9'; d++) {
        code[9] = d;
        assert_int_equal(validate_tax_code(code, "mst", NULL), E_INVALID);
    }
}

/* For every prefix in a sweep, exactly one check digit is accepted, or none when the rule
 * gives 10. */
static void test_tax_code_exactly_one_check_digit(void **state)
{
    (void)state;
    static const int weights[9] = {31, 29, 23, 19, 17, 13, 7, 5, 3};
    char code[11];
    for (long prefix = 0; prefix < 1000000000L; prefix += 9973) {
        snprintf(code, sizeof code, "%09ld0", prefix);
        int sum = 0;
        for (int i = 0; i < 9; i++)
            sum += (code[i] - '0') * weights[i];
        int accepted = 0;
        for (char d = '0'; d <= '9'; d++) {
            code[9] = d;
            if (validate_tax_code(code, "mst", NULL) == 0) {
                accepted++;
                assert_int_equal(d - '0', 10 - sum % 11);
            }
        }
        assert_int_equal(accepted, sum % 11 == 0 ? 0 : 1);
    }
}

static void test_phone_valid_and_normalised(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"0912345678", "0912345678"},     {"0912 345 678", "0912345678"},
        {"0912.345.678", "0912345678"},   {"0912-345-678", "0912345678"},
        {"+84912345678", "0912345678"},   {"+84 912 345 678", "0912345678"},
        {"0084912345678", "0912345678"},  {"0321234567", "0321234567"},
        {"0521234567", "0521234567"},     {"0701234567", "0701234567"},
        {"0861234567", "0861234567"},     {"02438253536", "02438253536"},
        {"024 3825 3536", "02438253536"}, {"+84 24 3825 3536", "02438253536"},
        {"0236.3822.123", "02363822123"}, {"0297 3862 123", "02973862123"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[VALIDATE_PHONE_SIZE];
        struct err e = {0};
        if (validate_phone(cases[i].in, out, "phone", &e) != 0)
            fail_msg("\"%s\" rejected: %s", cases[i].in, e.msg);
        assert_string_equal(out, cases[i].out);
    }
    assert_int_equal(validate_phone("0912345678", NULL, "phone", NULL), 0);
}

static void test_phone_invalid(void **state)
{
    (void)state;
    static const char *const invalid[] = {
        "",
        "091234567",   /* 9 digits */
        "09123456789", /* 11-digit mobile */
        "01234567890", /* old 11-digit 01x mobile */
        "0412345678",  /* 04 is not a mobile prefix */
        "0612345678",
        "0012345678",
        "1912345678",
        "912345678",
        "0212345678",    /* 02x landline with 10 digits */
        "+840912345678", /* national 0 after +84 */
        "+85 912345678",
        "0912a45678",
        "0912_345_678",
        "(091) 2345678",
        "0912345678901234567890",
        "+84",
    };
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        char out[VALIDATE_PHONE_SIZE] = "untouched";
        struct err e = {0};
        if (validate_phone(invalid[i], out, "phone", &e) != E_INVALID)
            fail_msg("\"%s\" accepted", invalid[i]);
        assert_string_equal(out, "untouched");
        assert_string_equal(e.field, "phone");
        assert_non_null(strstr(e.msg, "Số điện thoại"));
    }
    assert_int_equal(validate_phone(NULL, NULL, "phone", NULL), E_INVALID);
}

static void test_email(void **state)
{
    (void)state;
    static const char *const valid[] = {"an@example.vn",           "nguyen.van.an@gmail.com",
                                        "a+tag@sub.domain.gov.vn", "x_y-z@a-b.co",
                                        "O'Brien@example.org",     "1@2.vn"};
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
        struct err e = {0};
        if (validate_email(valid[i], "email", &e) != 0)
            fail_msg("\"%s\" rejected: %s", valid[i], e.msg);
    }
    static const char *const invalid[] = {"",
                                          "an",
                                          "an@",
                                          "@example.vn",
                                          "an@example",
                                          "an@@example.vn",
                                          "an@exa@mple.vn",
                                          "an @example.vn",
                                          "an@exam ple.vn",
                                          ".an@example.vn",
                                          "an.@example.vn",
                                          "a..n@example.vn",
                                          "an@.example.vn",
                                          "an@example..vn",
                                          "an@example.vn.",
                                          "an@-example.vn",
                                          "an@example-.vn",
                                          "an@example.v",
                                          "an@example.123",
                                          "an(x)@example.vn",
                                          "ân@example.vn",
                                          "an@ví-dụ.vn",
                                          "an@example.vn\n"};
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        struct err e = {0};
        if (validate_email(invalid[i], "email", &e) != E_INVALID)
            fail_msg("\"%s\" accepted", invalid[i]);
        assert_string_equal(e.field, "email");
    }
    assert_int_equal(validate_email(NULL, "email", NULL), E_INVALID);
}

static void test_email_length_limits(void **state)
{
    (void)state;
    char s[400];
    /* local part of 64 is fine, 65 is not */
    memset(s, 'a', 64);
    strcpy(s + 64, "@example.vn");
    assert_int_equal(validate_email(s, "email", NULL), 0);
    memset(s, 'a', 65);
    strcpy(s + 65, "@example.vn");
    assert_int_equal(validate_email(s, "email", NULL), E_INVALID);
    /* a label of 63 is fine, 64 is not */
    strcpy(s, "a@");
    memset(s + 2, 'b', 63);
    strcpy(s + 65, ".vn");
    assert_int_equal(validate_email(s, "email", NULL), 0);
    memset(s + 2, 'b', 64);
    strcpy(s + 66, ".vn");
    assert_int_equal(validate_email(s, "email", NULL), E_INVALID);
    /* whole address above 254 */
    struct err e = {0};
    strcpy(s, "a@");
    size_t n = 2;
    while (n < 260) {
        memset(s + n, 'c', 9);
        s[n + 9] = '.';
        n += 10;
    }
    strcpy(s + n, "vn");
    assert_int_equal(validate_email(s, "email", &e), E_INVALID);
    assert_non_null(strstr(e.msg, "quá dài"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cccd_valid_numbers),
        cmocka_unit_test(test_cccd_invalid_numbers),
        cmocka_unit_test(test_cccd_info),
        cmocka_unit_test(test_cccd_holder_consistency),
        cmocka_unit_test(test_province_table),
        cmocka_unit_test(test_tax_code_valid),
        cmocka_unit_test(test_tax_code_invalid),
        cmocka_unit_test(test_tax_code_exactly_one_check_digit),
        cmocka_unit_test(test_phone_valid_and_normalised),
        cmocka_unit_test(test_phone_invalid),
        cmocka_unit_test(test_email),
        cmocka_unit_test(test_email_length_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
