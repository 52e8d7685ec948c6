/* cal_rules.h — the holiday rules in force: the default rule of Labour Code 2019 Art. 112
 * (with its two placement choices) and, per year, the official calendar fixed by the Prime
 * Minister (exact Tết and National Day days, compensatory days, swaps). An official year
 * replaces the default rule for that whole year. The rules are plain data built from JSON of
 * the format of data/calendar/official.json (see docs/calendar.md), so a database row or an
 * admin's per-year file goes through the same function as the shipped file. */
#ifndef MOTCUA_CAL_RULES_H
#define MOTCUA_CAL_RULES_H

#include "err.h"

#include <jansson.h>
#include <stdint.h>

#define CAL_FORMAT        "motcua-calendar/1" /* value of the optional "format" member */
#define CAL_NAME_MAX      96
#define CAL_SOURCE_MAX    1024
#define CAL_YEAR_MAX_DAYS 48
#define CAL_NOTICE_MAX    256 /* one notice: "8726/VPCP-KGVX ngày 26/11/2024 (Tết)" */
#define CAL_NOTICES_MAX   4   /* notices of one year (Tết, New Year swap, National Day…) */

/* What the calendar of a year without an official entry is called wherever it is shown
 * (admin page, CLI, API): the default rule is a guess until the year's notice is entered. */
#define CAL_DEFAULT_RULE_NOTE                                                                                          \
    "Dự kiến theo quy tắc mặc định (Bộ luật Lao động 2019, Điều 111 khoản 3 và Điều 112), " \
    "chưa có thông báo chính thức: ngày nghỉ Tết, ngày liền kề Quốc khánh và ngày làm bù do "  \
    "Thủ tướng quyết định hằng năm, nên hạn giải quyết tính theo năm này có thể thay đổi."

enum cal_day_kind { CAL_OFF, CAL_WORK };

/* One named day: a holiday, a compensatory day, a swapped weekday off, a Saturday worked. */
struct cal_day {
    int32_t day; /* day number, see cal_date.h */
    enum cal_day_kind kind;
    int uncertain; /* 1 when the source could not be confirmed */
    char name[CAL_NAME_MAX];
};

struct cal_official_year {
    int year;
    int uncertain; /* 1 when some of the year is reconstructed rather than documented */
    char source[CAL_SOURCE_MAX];
    int nnotices; /* the numbers of the notices that fix the year ("notices" in JSON) */
    char notices[CAL_NOTICES_MAX][CAL_NOTICE_MAX];
    int ndays;
    struct cal_day days[CAL_YEAR_MAX_DAYS];
};

struct cal_default_rule {
    int tet_days_before;    /* Tết days before 1/1 lunar (0..4); the rest follow it */
    int national_day_after; /* 1: the extra National Day day is 3/9; 0: it is 1/9 */
};

struct cal_rules {
    struct cal_default_rule defaults;
    int nyears, cap;
    struct cal_official_year *years; /* sorted by year */
};

/* New rules with the default rule (1 Tết day before new year, 3/9) and no official year;
 * NULL when memory runs out. */
struct cal_rules *cal_rules_new(void);
void cal_rules_free(struct cal_rules *r);
/* Adds an official year, replacing the one already there; validates it. */
int cal_rules_set_year(struct cal_rules *r, const struct cal_official_year *y, struct err *e);
/* The official year, or NULL when the default rule applies. */
const struct cal_official_year *cal_rules_year(const struct cal_rules *r, int year);
/* Merges a document {"defaults":{…}, "years":[…]} into r (years replace years). */
int cal_rules_from_json(struct cal_rules *r, const json_t *root, struct err *e);
/* Same, from JSON text. */
int cal_rules_from_text(struct cal_rules *r, const char *text, size_t len, struct err *e);
/* One year as the JSON object used in "years" (new reference; NULL on allocation failure). */
json_t *cal_official_year_to_json(const struct cal_official_year *y);

#endif
