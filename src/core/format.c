/* format.c — display formats shared by pages, PDFs and exports, so a date or an amount looks
 * the same on the receipt, the tracking page and the statistics sheet.
 *
 * Vietnam has kept UTC+7 without daylight saving since 1975, so local time is plain
 * arithmetic on the Unix instant (days-from-civil in the proleptic Gregorian calendar) rather
 * than a call to localtime_r(), which would depend on the server's TZ setting and tzdata. */
#include "format.h"

#include "err.h"
#include "text.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#define SECONDS_PER_DAY   86400
#define VN_OFFSET_SECONDS (7 * 3600)

/* Floor division, so instants before 1970 fall on the right day. */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int clamp_int(int64_t v)
{
    return v > INT_MAX ? INT_MAX : v < INT_MIN ? INT_MIN : (int)v;
}

/* Civil date of a day count since 1970-01-01 (H. Hinnant's days-to-civil algorithm: eras of
 * 400 years, each exactly 146097 days, with years starting in March so the leap day is
 * last). */
static void civil_from_days(int64_t days, struct fmt_tm *tm)
{
    int64_t z = days + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t month = mp < 10 ? mp + 3 : mp - 9;
    tm->day = (int)(doy - (153 * mp + 2) / 5 + 1);
    tm->month = (int)month;
    tm->year = clamp_int(yoe + era * 400 + (month <= 2));
}

void fmt_vn_tm(int64_t unix_utc, struct fmt_tm *out)
{
    int64_t days = floor_div(unix_utc, SECONDS_PER_DAY);
    int64_t secs = unix_utc % SECONDS_PER_DAY;
    secs += (secs < 0 ? SECONDS_PER_DAY : 0) + VN_OFFSET_SECONDS;
    if (secs >= SECONDS_PER_DAY) {
        secs -= SECONDS_PER_DAY;
        days++;
    }
    civil_from_days(days, out);
    out->hour = (int)(secs / 3600);
    out->minute = (int)(secs / 60 % 60);
    out->second = (int)(secs % 60);
    /* 1970-01-01 was a Thursday. */
    out->wday = (int)((days % 7 + 7 + 4) % 7);
}

int fmt_number(struct buf *b, int64_t n)
{
    char tmp[32];
    size_t pos = sizeof tmp;
    uint64_t mag = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;
    int digits = 0;
    do {
        if (digits > 0 && digits % 3 == 0)
            tmp[--pos] = '.';
        tmp[--pos] = (char)('0' + mag % 10);
        mag /= 10;
        digits++;
    } while (mag > 0);
    if (n < 0)
        tmp[--pos] = '-';
    return buf_append(b, tmp + pos, sizeof tmp - pos);
}

int fmt_decimal(struct buf *b, double v, int places)
{
    if (places < 0 || places > 6 || !(v > -9e15 && v < 9e15))
        return E_INVALID;
    int64_t scale = 1;
    for (int i = 0; i < places; i++)
        scale *= 10;
    double scaled = v * (double)scale;
    int64_t units = (int64_t)(scaled < 0 ? scaled - 0.5 : scaled + 0.5); /* half away from 0 */
    uint64_t mag = units < 0 ? 0 - (uint64_t)units : (uint64_t)units;
    int rc = units < 0 ? buf_putc(b, '-') : 0;
    if (!rc)
        rc = fmt_number(b, (int64_t)(mag / (uint64_t)scale));
    if (!rc && places)
        rc = buf_printf(b, ",%0*llu", places, (unsigned long long)(mag % (uint64_t)scale));
    return rc;
}

int fmt_tenths(struct buf *b, double v)
{
    if (!(v > -9e15 && v < 9e15))
        return E_INVALID;
    double tenths = v * 10;
    int64_t t = (int64_t)(tenths < 0 ? tenths - 0.5 : tenths + 0.5);
    return fmt_decimal(b, (double)t / 10, t % 10 ? 1 : 0);
}

int fmt_percent(struct buf *b, double v)
{
    int rc = fmt_tenths(b, v);
    return rc ? rc : buf_putc(b, '%');
}

int fmt_money(struct buf *b, int64_t dong)
{
    int rc = fmt_number(b, dong);
    return rc ? rc : buf_puts(b, " đồng");
}

int fmt_fee(struct buf *b, int64_t dong)
{
    return dong == 0 ? buf_puts(b, "Miễn phí") : fmt_money(b, dong);
}

/* Reading an amount aloud, as written on receipts ("Bằng chữ: …"): groups of three digits
 * with trăm/mươi, the usual spoken forms (mười, mốt, tư, lăm, linh for a zero ten), and
 * "không trăm" for an inner group below one hundred. Numbers from a billion up are read as
 * "<number> tỷ <rest>", so 10^12 is "một nghìn tỷ". */
struct words {
    struct buf *b;
    int rc, count;
};

static void put_word(struct words *w, const char *word)
{
    if (w->rc)
        return;
    if (w->count++ > 0)
        w->rc = buf_putc(w->b, ' ');
    if (!w->rc)
        w->rc = buf_puts(w->b, word);
}

static const char *const digit_words[10] = {"không", "một", "hai", "ba",  "bốn",
                                            "năm",   "sáu", "bảy", "tám", "chín"};

/* A group 0..999; full when a higher group precedes it, so its hundreds must be read even
 * when zero. */
static void put_group(struct words *w, int g, int full)
{
    int h = g / 100, t = g / 10 % 10, u = g % 10;
    if (full || h > 0) {
        put_word(w, digit_words[h]);
        put_word(w, "trăm");
    }
    if (t == 0 && u > 0 && (full || h > 0))
        put_word(w, "linh");
    else if (t == 1)
        put_word(w, "mười");
    else if (t > 1) {
        put_word(w, digit_words[t]);
        put_word(w, "mươi");
    }
    if (u == 0)
        return;
    if (u == 1 && t > 1)
        put_word(w, "mốt");
    else if (u == 4 && t > 1)
        put_word(w, "tư");
    else if (u == 5 && t > 0)
        put_word(w, "lăm");
    else
        put_word(w, digit_words[u]);
}

static void put_below_billion(struct words *w, uint64_t n, int full)
{
    static const char *const scales[3] = {"triệu", "nghìn", NULL};
    static const uint64_t sizes[3] = {1000000, 1000, 1};
    for (int i = 0; i < 3; i++) {
        int g = (int)(n / sizes[i] % 1000);
        if (g == 0)
            continue;
        put_group(w, g, full);
        if (scales[i])
            put_word(w, scales[i]);
        full = 1;
    }
}

static void put_number(struct words *w, uint64_t n, int full)
{
    if (n >= 1000000000) {
        put_number(w, n / 1000000000, full);
        put_word(w, "tỷ");
        put_below_billion(w, n % 1000000000, 1);
        return;
    }
    put_below_billion(w, n, full);
}

int fmt_money_words(struct buf *b, int64_t dong)
{
    struct words w = {b, 0, 0};
    size_t start = b->len;
    uint64_t mag = dong < 0 ? 0 - (uint64_t)dong : (uint64_t)dong;
    if (dong < 0)
        put_word(&w, "âm");
    if (mag == 0)
        put_word(&w, "không");
    put_number(&w, mag, 0);
    put_word(&w, "đồng");
    if (w.rc)
        return w.rc;
    /* Every first word starts with an ASCII letter except "âm". */
    if (dong < 0)
        memcpy(b->data + start, "Â", strlen("Â"));
    else
        b->data[start] = (char)(b->data[start] - 'a' + 'A');
    return 0;
}

int fmt_date(struct buf *b, int64_t unix_utc)
{
    struct fmt_tm tm;
    fmt_vn_tm(unix_utc, &tm);
    return buf_printf(b, "%02d/%02d/%04d", tm.day, tm.month, tm.year);
}

static int parse_2digits(const char *s)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return -1;
    return (s[0] - '0') * 10 + (s[1] - '0');
}

static int is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

int fmt_date_ymd(struct buf *b, const char *ymd)
{
    if (!ymd || strlen(ymd) != 10 || ymd[4] != '-' || ymd[7] != '-')
        return E_INVALID;
    int hi = parse_2digits(ymd), lo = parse_2digits(ymd + 2);
    int month = parse_2digits(ymd + 5), day = parse_2digits(ymd + 8);
    if (hi < 0 || lo < 0 || month < 1 || month > 12 || day < 1)
        return E_INVALID;
    int year = hi * 100 + lo;
    if (day > days_in_month(year, month))
        return E_INVALID;
    return buf_printf(b, "%02d/%02d/%04d", day, month, year);
}

/* Up to max digits at *p (at least one); the value, or -1. Advances *p. */
static int take_digits(const char **p, int max)
{
    int v = 0, n = 0;
    while (n < max && **p >= '0' && **p <= '9') {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    return n ? v : -1;
}

/* Day, month and year of "d/m/yyyy" (or with '-' or '.') or "yyyy-mm-dd"; 0 on success. */
static int split_date(const char *s, int *day, int *month, int *year)
{
    const char *p = s;
    int first = take_digits(&p, 4);
    if (first < 0 || !*p)
        return -1;
    char sep = *p;
    if (p - s == 4 && sep == '-') { /* ISO: year first */
        p++;
        *year = first;
        *month = take_digits(&p, 2);
        if (*p++ != '-')
            return -1;
        *day = take_digits(&p, 2);
        return *p || *month < 0 || *day < 0 ? -1 : 0;
    }
    if (p - s > 2 || (sep != '/' && sep != '-' && sep != '.'))
        return -1;
    p++;
    *day = first;
    *month = take_digits(&p, 2);
    if (*month < 0 || *p++ != sep)
        return -1;
    const char *y = p;
    *year = take_digits(&p, 4);
    return *p || p - y != 4 ? -1 : 0;
}

int fmt_parse_date(const char *s, const char *field, const char *label, char ymd[11], struct err *e)
{
    int day = 0, month = 0, year = 0;
    while (s && (*s == ' ' || *s == '\t'))
        s++;
    char trimmed[32];
    size_t n = s ? strlen(s) : 0;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0 || n >= sizeof trimmed)
        return err_set(e, E_INVALID, field,
                       "%s phải viết theo dạng ngày/tháng/năm, ví dụ 17/05/2003", label);
    memcpy(trimmed, s, n);
    trimmed[n] = '\0';
    if (split_date(trimmed, &day, &month, &year) != 0)
        return err_set(e, E_INVALID, field,
                       "%s phải viết theo dạng ngày/tháng/năm, ví dụ 17/05/2003", label);
    if (year < 1900 || year > 2199)
        return err_set(e, E_INVALID, field, "%s: năm %d không hợp lệ", label, year);
    if (month < 1 || month > 12)
        return err_set(e, E_INVALID, field, "%s: không có tháng %d (tháng từ 1 đến 12)", label,
                       month);
    if (day < 1 || day > days_in_month(year, month))
        return err_set(e, E_INVALID, field,
                       "%s: không có ngày %02d/%02d/%04d (tháng %d năm %d có %d ngày)", label, day,
                       month, year, month, year, days_in_month(year, month));
    /* Bounded above, so each part has exactly its width. */
    snprintf(ymd, 11, "%04d-%02d-%02d", year % 10000, month % 100, day % 100);
    return 0;
}

int fmt_time(struct buf *b, int64_t unix_utc)
{
    struct fmt_tm tm;
    fmt_vn_tm(unix_utc, &tm);
    return buf_printf(b, "%02d:%02d", tm.hour, tm.minute);
}

int fmt_datetime(struct buf *b, int64_t unix_utc)
{
    int rc = fmt_time(b, unix_utc);
    if (!rc)
        rc = buf_putc(b, ' ');
    return rc ? rc : fmt_date(b, unix_utc);
}

int fmt_official(struct buf *b, int64_t unix_utc)
{
    struct fmt_tm tm;
    fmt_vn_tm(unix_utc, &tm);
    return buf_printf(b, "%d giờ %02d phút, ngày %02d tháng %s%d năm %d", tm.hour, tm.minute,
                      tm.day, tm.month < 3 ? "0" : "", tm.month, tm.year);
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
    }
    return 1;
}

/* Appends s split into groups of the given sizes, separated by spaces. */
static int append_grouped(struct buf *b, const char *s, const int *groups, int count)
{
    int rc = 0;
    for (int g = 0; g < count && !rc; g++) {
        if (g > 0)
            rc = buf_putc(b, ' ');
        if (!rc)
            rc = buf_append(b, s, (size_t)groups[g]);
        s += groups[g];
    }
    return rc;
}

int fmt_phone(struct buf *b, const char *digits)
{
    static const int mobile[] = {4, 3, 3};
    static const int big_city[] = {3, 4, 4};   /* 024 Hà Nội, 028 Hồ Chí Minh */
    static const int provincial[] = {4, 4, 3}; /* 0236 3822 123 */
    size_t len = strlen(digits);
    if (len == 10 && all_digits(digits, len) && digits[0] == '0')
        return append_grouped(b, digits, mobile, 3);
    if (len == 11 && all_digits(digits, len) && digits[0] == '0' && digits[1] == '2')
        return append_grouped(b, digits,
                              digits[2] == '4' || digits[2] == '8' ? big_city : provincial, 3);
    return buf_puts(b, digits);
}

static int is_name_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int only_space(const char *s)
{
    while (is_name_space(*s))
        s++;
    return *s == '\0';
}

/* Byte length of the UTF-8 sequence starting with lead byte c (input is validated). */
static size_t utf8_seq_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static int append_masked_word(struct buf *b, const char *w, size_t len)
{
    size_t first = utf8_seq_len((unsigned char)w[0]), points = 0;
    for (size_t i = 0; i < len; i++)
        points += ((unsigned char)w[i] & 0xC0) != 0x80;
    int rc = buf_append(b, w, first);
    return rc ? rc : buf_append(b, "***", points < 3 ? points : 3);
}

int fmt_masked_name(struct buf *b, const char *name)
{
    if (!text_valid_utf8(name, strlen(name)))
        return E_INVALID;
    int words = 0, rc = 0;
    for (const char *p = name; *p && !rc;) {
        if (is_name_space(*p)) {
            p++;
            continue;
        }
        size_t len = 0;
        while (p[len] && !is_name_space(p[len]))
            len++;
        if (words > 0)
            rc = buf_putc(b, ' ');
        if (!rc)
            rc = words == 0 && !only_space(p + len) ? buf_append(b, p, len)
                                                    : append_masked_word(b, p, len);
        words++;
        p += len;
    }
    return rc;
}

int fmt_masked_id(struct buf *b, const char *id)
{
    size_t n = id ? strlen(id) : 0;
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++)
        rc = n > 4 && i >= n - 4 && (unsigned char)id[i] < 128 ? buf_putc(b, id[i])
                                                               : buf_putc(b, '*');
    return rc;
}
