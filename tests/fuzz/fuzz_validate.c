/* fuzz_validate.c — libFuzzer target for the citizen identifier checks (core/validate) and
 * the display formats that show their results (core/format). Every validator must return 0
 * or E_INVALID on any input; what it accepts must have the documented shape; formatting an
 * accepted value, any name, and any instant read from the input must never fail or crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "format.h"
#include "text.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_result(int rc)
{
    if (rc != 0 && rc != E_INVALID)
        abort();
}

static void check_phone(const char *s, struct buf *b)
{
    char out[VALIDATE_PHONE_SIZE];
    struct err e = {0};
    int rc = validate_phone(s, out, "phone", &e);
    check_result(rc);
    if (rc != 0)
        return;
    size_t n = strlen(out);
    if ((n != 10 && n != 11) || out[0] != '0' || fmt_phone(b, out) != 0)
        abort();
}

static void check_cccd(const char *s)
{
    struct validate_cccd_info info;
    struct err e = {0};
    int rc = validate_cccd(s, "cccd", &info, &e);
    check_result(rc);
    if (rc == 0 && (info.birth_year < 1800 || info.birth_year > 2299 || !info.province_name))
        abort();
    check_result(validate_cccd_holder(s, s, VALIDATE_GENDER_FEMALE, "cccd", &e));
}

static void check_formats(const char *s, const uint8_t *data, size_t size, struct buf *b)
{
    int64_t t = 0;
    memcpy(&t, data, size < sizeof t ? size : sizeof t);
    struct fmt_tm tm;
    fmt_vn_tm(t, &tm);
    if (tm.month < 1 || tm.month > 12 || tm.day < 1 || tm.day > 31 || tm.hour > 23 || tm.wday < 0 ||
        tm.wday > 6)
        abort();
    if (fmt_official(b, t) || fmt_datetime(b, t) || fmt_fee(b, t) || fmt_money(b, t) ||
        fmt_number(b, t) || fmt_money_words(b, t))
        abort();
    int rc = fmt_masked_name(b, s);
    if (rc != (text_valid_utf8(s, strlen(s)) ? 0 : E_INVALID))
        abort();
    check_result(fmt_date_ymd(b, s));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    struct buf b;
    buf_init(&b, 1 << 20);
    struct err e = {0};
    check_cccd(s);
    check_phone(s, &b);
    int rc = validate_tax_code(s, "mst", &e);
    check_result(rc);
    if (rc == 0 && strlen(s) != 10 && strlen(s) != 14)
        abort();
    rc = validate_email(s, "email", &e);
    check_result(rc);
    if (rc == 0 && (!strchr(s, '@') || strchr(s, ' ')))
        abort();
    check_formats(s, data, size, &b);
    buf_free(&b);
    free(s);
    return 0;
}
