/* validate.c — identifier checks for citizen input (CCCD, tax code, phone, e-mail).
 *
 * These run on every form a citizen submits, so a typo must be caught at the field with a
 * message the citizen understands, before a clerk finds it at the counter. The rules are the
 * published structures: CCCD numbers per Circular 59/2021/TT-BCA (province of birth
 * registration, century-and-gender code, year of birth, serial), tax codes per Circular
 * 105/2020/TT-BTC (check digit over the first nine digits), phone numbers per the 2018
 * renumbering (10-digit mobiles, 11-digit landlines with 02x area codes). The checks are
 * deliberately strict about digits and lenient only about separators people really type. */
#include "validate.h"

#include <stdint.h>
#include <string.h>

struct province {
    char code[4];
    const char *name;
};

/* The 63 provinces as numbered for birth registration in CCCD numbers (the statistical
 * codes); the 2025 mergers do not renumber cards already issued. Sorted by code. */
static const struct province provinces[] = {
    {"001", "Hà Nội"},
    {"002", "Hà Giang"},
    {"004", "Cao Bằng"},
    {"006", "Bắc Kạn"},
    {"008", "Tuyên Quang"},
    {"010", "Lào Cai"},
    {"011", "Điện Biên"},
    {"012", "Lai Châu"},
    {"014", "Sơn La"},
    {"015", "Yên Bái"},
    {"017", "Hòa Bình"},
    {"019", "Thái Nguyên"},
    {"020", "Lạng Sơn"},
    {"022", "Quảng Ninh"},
    {"024", "Bắc Giang"},
    {"025", "Phú Thọ"},
    {"026", "Vĩnh Phúc"},
    {"027", "Bắc Ninh"},
    {"030", "Hải Dương"},
    {"031", "Hải Phòng"},
    {"033", "Hưng Yên"},
    {"034", "Thái Bình"},
    {"035", "Hà Nam"},
    {"036", "Nam Định"},
    {"037", "Ninh Bình"},
    {"038", "Thanh Hóa"},
    {"040", "Nghệ An"},
    {"042", "Hà Tĩnh"},
    {"044", "Quảng Bình"},
    {"045", "Quảng Trị"},
    {"046", "Thừa Thiên Huế"},
    {"048", "Đà Nẵng"},
    {"049", "Quảng Nam"},
    {"051", "Quảng Ngãi"},
    {"052", "Bình Định"},
    {"054", "Phú Yên"},
    {"056", "Khánh Hòa"},
    {"058", "Ninh Thuận"},
    {"060", "Bình Thuận"},
    {"062", "Kon Tum"},
    {"064", "Gia Lai"},
    {"066", "Đắk Lắk"},
    {"067", "Đắk Nông"},
    {"068", "Lâm Đồng"},
    {"070", "Bình Phước"},
    {"072", "Tây Ninh"},
    {"074", "Bình Dương"},
    {"075", "Đồng Nai"},
    {"077", "Bà Rịa - Vũng Tàu"},
    {"079", "Hồ Chí Minh"},
    {"080", "Long An"},
    {"082", "Tiền Giang"},
    {"083", "Bến Tre"},
    {"084", "Trà Vinh"},
    {"086", "Vĩnh Long"},
    {"087", "Đồng Tháp"},
    {"089", "An Giang"},
    {"091", "Kiên Giang"},
    {"092", "Cần Thơ"},
    {"093", "Hậu Giang"},
    {"094", "Sóc Trăng"},
    {"095", "Bạc Liêu"},
    {"096", "Cà Mau"},
};

_Static_assert(sizeof provinces / sizeof provinces[0] == 63, "63 provinces");

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return 0;
    }
    return 1;
}

const char *validate_province_name(const char *code)
{
    if (!code)
        return NULL;
    for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++) {
        if (strcmp(provinces[i].code, code) == 0)
            return provinces[i].name;
    }
    return NULL;
}

/* Fourth digit: even for men, odd for women; pairs step through the centuries starting at
 * the 20th, and 8/9 wrap round to the 19th. */
static int cccd_century(char code)
{
    static const int centuries[10] = {1900, 1900, 2000, 2000, 2100, 2100, 2200, 2200, 1800, 1800};
    return centuries[code - '0'];
}

int validate_cccd(const char *s, const char *field, struct validate_cccd_info *info, struct err *e)
{
    if (!s || strlen(s) != 12 || !all_digits(s, 12))
        return err_set(e, E_INVALID, field, "Số CCCD phải có 12 chữ số");
    char code[4] = {s[0], s[1], s[2], '\0'};
    const char *province = validate_province_name(code);
    if (!province)
        return err_set(e, E_INVALID, field,
                       "Số CCCD không hợp lệ: 3 chữ số đầu (%s) không phải mã tỉnh, thành phố",
                       code);
    if (info) {
        memcpy(info->province_code, code, sizeof code);
        info->province_name = province;
        info->birth_year = cccd_century(s[3]) + (s[4] - '0') * 10 + (s[5] - '0');
        info->gender = (s[3] - '0') % 2 ? VALIDATE_GENDER_FEMALE : VALIDATE_GENDER_MALE;
    }
    return 0;
}

/* Year of a "YYYY-MM-DD" date, or -1 when it does not start that way. */
static int birth_date_year(const char *date)
{
    if (strlen(date) < 10 || !all_digits(date, 4) || date[4] != '-' || !all_digits(date + 5, 2) ||
        date[7] != '-' || !all_digits(date + 8, 2))
        return -1;
    return (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + (date[3] - '0');
}

int validate_cccd_holder(const char *s, const char *birth_date, enum validate_gender gender,
                         const char *field, struct err *e)
{
    struct validate_cccd_info info;
    int rc = validate_cccd(s, field, &info, e);
    if (rc)
        return rc;
    if (birth_date) {
        int year = birth_date_year(birth_date);
        if (year < 0)
            return err_set(e, E_INVALID, field, "Ngày sinh phải có dạng năm-tháng-ngày");
        if (year != info.birth_year)
            return err_set(e, E_INVALID, field,
                           "Số CCCD không khớp với năm sinh %d (số CCCD ghi năm sinh %d)", year,
                           info.birth_year);
    }
    if (gender != VALIDATE_GENDER_ANY && gender != info.gender)
        return err_set(e, E_INVALID, field, "Số CCCD không khớp với giới tính");
    return 0;
}

/* Check digit of a 10-digit tax code (Circular 105/2020/TT-BTC): 10 - (weighted sum mod 11).
 * A result of 10 cannot be written as one digit, so such numbers are never issued. */
static int tax_check_digit(const char *digits)
{
    static const int weights[9] = {31, 29, 23, 19, 17, 13, 7, 5, 3};
    int sum = 0;
    for (int i = 0; i < 9; i++)
        sum += (digits[i] - '0') * weights[i];
    return 10 - sum % 11;
}

int validate_tax_code(const char *s, const char *field, struct err *e)
{
    size_t len = s ? strlen(s) : 0;
    int shape_ok = (len == 10 && all_digits(s, 10)) ||
                   (len == 14 && all_digits(s, 10) && s[10] == '-' && all_digits(s + 11, 3));
    if (!shape_ok)
        return err_set(e, E_INVALID, field,
                       "Mã số thuế phải có 10 chữ số, hoặc dạng 0123456789-001 cho đơn vị phụ "
                       "thuộc");
    if (tax_check_digit(s) != s[9] - '0')
        return err_set(e, E_INVALID, field, "Mã số thuế không đúng, vui lòng kiểm tra lại");
    if (len == 14 && memcmp(s + 11, "000", 3) == 0)
        return err_set(e, E_INVALID, field, "Mã đơn vị phụ thuộc (3 số cuối) không được là 000");
    return 0;
}

static int is_phone_separator(char c)
{
    return c == ' ' || c == '.' || c == '-';
}

/* Collects the digits of s into national form, turning a +84/0084 prefix into the leading 0.
 * Returns the number of digits, or -1 on any other character or too many digits. */
static int phone_digits(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    if (s[0] == '+' && s[1] == '8' && s[2] == '4')
        s += 3, out[n++] = '0';
    else if (strncmp(s, "0084", 4) == 0)
        s += 4, out[n++] = '0';
    for (; *s; s++) {
        if (is_phone_separator(*s))
            continue;
        if (!is_digit(*s) || n + 1 >= cap)
            return -1;
        out[n++] = *s;
    }
    out[n] = '\0';
    return (int)n;
}

static int phone_prefix_ok(const char *d, int n)
{
    if (n == 10)
        return d[0] == '0' && strchr("35789", d[1]) != NULL;
    if (n == 11)
        return d[0] == '0' && d[1] == '2';
    return 0;
}

int validate_phone(const char *s, char *out, const char *field, struct err *e)
{
    char digits[VALIDATE_PHONE_SIZE];
    int n = s ? phone_digits(s, digits, sizeof digits) : -1;
    if (n != 10 && n != 11)
        return err_set(e, E_INVALID, field,
                       "Số điện thoại phải có 10 chữ số, bắt đầu bằng 0 (ví dụ 0912 345 678)");
    if (!phone_prefix_ok(digits, n))
        return err_set(e, E_INVALID, field,
                       "Số điện thoại không hợp lệ: di động 10 số bắt đầu bằng 03, 05, 07, "
                       "08, 09; cố định 11 số bắt đầu bằng 02");
    if (out)
        memcpy(out, digits, (size_t)n + 1);
    return 0;
}

#define EMAIL_MAX 254
#define LOCAL_MAX 64
#define LABEL_MAX 63

static int is_alnum(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* RFC 5322 atext: letters, digits and these printable specials. */
static int is_atext(char c)
{
    return is_alnum(c) || (c != '\0' && strchr("!#$%&'*+/=?^_`{|}~-", c) != NULL);
}

/* Dot-separated runs of atext: no leading, trailing or doubled dot. */
static int email_local_ok(const char *s, size_t n)
{
    if (n == 0 || n > LOCAL_MAX || s[0] == '.' || s[n - 1] == '.')
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.' ? s[i + 1] == '.' : !is_atext(s[i]))
            return 0;
    }
    return 1;
}

/* Host name labels of letters, digits and inner hyphens; at least two labels, and a top
 * level of two or more letters. */
static int email_domain_ok(const char *s, size_t n)
{
    size_t label = 0, labels = 0, last_start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == '.') {
            if (label == 0 || label > LABEL_MAX || s[i - 1] == '-' || s[i - label] == '-')
                return 0;
            labels++;
            last_start = i - label;
            label = 0;
            continue;
        }
        if (!is_alnum(s[i]) && s[i] != '-')
            return 0;
        label++;
    }
    if (labels < 2 || n - last_start < 2)
        return 0;
    for (size_t i = last_start; i < n; i++) {
        if (is_digit(s[i]) || s[i] == '-')
            return 0;
    }
    return 1;
}

int validate_email(const char *s, const char *field, struct err *e)
{
    size_t len = s ? strlen(s) : 0;
    if (len > EMAIL_MAX)
        return err_set(e, E_INVALID, field, "Địa chỉ thư điện tử quá dài (tối đa %d ký tự)",
                       EMAIL_MAX);
    const char *at = s ? strchr(s, '@') : NULL;
    if (!at || !email_local_ok(s, (size_t)(at - s)) ||
        !email_domain_ok(at + 1, len - (size_t)(at - s) - 1))
        return err_set(e, E_INVALID, field,
                       "Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@example.vn)");
    return 0;
}
