/* fuzz_dossier_code.c — libFuzzer target for the dossier code of Circular 01/2018
 * (core/dossier_code). The checker must accept exactly what the formatter produces: any
 * input is checked without crashing; its first line, taken as an agency code, is formatted
 * with a day of the calendar's range and a sequence read from the rest, and every code formatted
 * must be accepted by dossier_code_valid and end with that sequence. */
#include "cal_date.h"
#include "dossier_code.h"
#include "err.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_formatted(const char *agency, int32_t day, int seq)
{
    char code[DOSSIER_CODE_MAX], tail[8];
    struct err e = {0};
    int rc = dossier_code_format(agency, day, seq, code, sizeof code, &e);
    if (rc != 0 && (rc != E_INVALID || !e.msg[0]))
        abort();
    if (rc != 0)
        return;
    snprintf(tail, sizeof tail, "-%04d", seq);
    size_t n = strlen(code);
    if (!dossier_code_valid(code) || n < 5 || strcmp(code + n - 5, tail) != 0 ||
        strncmp(code, agency, strlen(agency)) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    (void)dossier_code_valid(s);
    char *nl = strchr(s, '\n');
    int32_t day = cal_first_day();
    uint16_t seq = 0;
    if (nl) {
        *nl = '\0';
        const char *rest = nl + 1;
        size_t left = size - (size_t)(rest - s);
        memcpy(&day, rest, left < sizeof day ? left : sizeof day);
        if (left > sizeof day)
            memcpy(&seq, rest + sizeof day, left - sizeof day < 2 ? 1 : 2);
        int32_t span = cal_last_day() - cal_first_day() + 1;
        day = cal_first_day() + (int32_t)((uint32_t)day % (uint32_t)span);
    }
    check_formatted(s, day, (int)seq % 10002);
    free(s);
    return 0;
}
