/* fuzz_cal_parse.c — libFuzzer target for the calendar parsers: ISO date, ISO date-time and
 * lunar d/m[+]/y. Every accepted input must survive a format → parse round trip and every
 * lunar date that exists must convert back to itself; anything else must be rejected with a
 * message. */
#include "cal_date.h"
#include "cal_lunar.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_date(const char *s)
{
    struct err e = {0};
    int32_t day, again;
    if (cal_parse_date(s, &day, &e) < 0) {
        if (e.msg[0] == '\0')
            abort();
        return;
    }
    char text[16];
    cal_format_date(day, text, sizeof text);
    if (strcmp(text, s) != 0 || cal_parse_date(text, &again, &e) < 0 || again != day)
        abort();
}

static void check_datetime(const char *s)
{
    struct err e = {0};
    int64_t t, again;
    if (cal_parse_datetime(s, &t, &e) < 0) {
        if (e.msg[0] == '\0')
            abort();
        return;
    }
    char text[24];
    cal_format_datetime(t, text, sizeof text);
    if (cal_parse_datetime(text, &again, &e) < 0 || again != t - cal_local_second(t) % 60)
        abort();
}

static void check_lunar(const char *s)
{
    struct err e = {0};
    struct cal_lunar l, back;
    int32_t day;
    if (cal_parse_lunar(s, &l, &e) < 0) {
        if (e.msg[0] == '\0')
            abort();
        return;
    }
    if (cal_solar_from_lunar(&l, &day, &e) < 0)
        return;
    if (cal_lunar_from_solar(day, &back) < 0 || back.day != l.day || back.month != l.month ||
        back.year != l.year || back.leap != l.leap)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64)
        return 0;
    char s[65];
    memcpy(s, data, size);
    s[size] = '\0';
    check_date(s);
    check_datetime(s);
    check_lunar(s);
    return 0;
}
