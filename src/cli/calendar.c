/* calendar.c — `motcua calendar`: lunar ↔ solar conversion, the holidays of a year and the due
 * moment of a time limit, computed by core/cal_* with the official calendar embedded from
 * data/calendar/official.json. Scripts call these commands, so their output is one fixed
 * format per line and every input error exits 2 with one line on stderr and nothing on
 * stdout. */
#include "cli.h"

#include "cal_date.h"
#include "cal_deadline.h"
#include "cal_holiday.h"
#include "cal_lunar.h"
#include "embed.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

extern const struct embed_file motcua_data[];

#define OFFICIAL_CALENDAR "calendar/official.json"

static int load_rules(struct cal_rules **out)
{
    const struct embed_file *f = embed_find(motcua_data, OFFICIAL_CALENDAR);
    struct cal_rules *r = cal_rules_new();
    struct err e = {0};
    if (!r) {
        fputs("motcua: out of memory\n", stderr);
        return 1;
    }
    if (!f || cal_rules_from_text(r, (const char *)f->data, f->len, &e) < 0) {
        fprintf(stderr, "motcua: embedded %s: %s\n", OFFICIAL_CALENDAR,
                f ? e.msg : "missing from the binary");
        cal_rules_free(r);
        return 1;
    }
    *out = r;
    return 0;
}

static int cmd_lunar(int argc, char **argv)
{
    if (argc != 2)
        return cli_usage_error("usage: motcua calendar lunar YYYY-MM-DD");
    struct err e = {0};
    int32_t day;
    struct cal_lunar l;
    if (cal_parse_date(argv[1], &day, &e) < 0)
        return cli_usage_error("%s", e.msg);
    if (cal_lunar_from_solar(day, &l) < 0)
        return cli_usage_error("%s is outside the lunar calendar", argv[1]);
    char text[32], name[64];
    cal_format_lunar(&l, text, sizeof text);
    cal_lunar_year_name(l.year, name, sizeof name);
    printf("%s năm %s\n", text, name);
    return 0;
}

static int cmd_solar(int argc, char **argv)
{
    if (argc != 2)
        return cli_usage_error("usage: motcua calendar solar D/M/YYYY (D/M+/YYYY: leap month)");
    struct err e = {0};
    struct cal_lunar l;
    int32_t day;
    if (cal_parse_lunar(argv[1], &l, &e) < 0 || cal_solar_from_lunar(&l, &day, &e) < 0)
        return cli_usage_error("%s", e.msg);
    char text[16];
    cal_format_date(day, text, sizeof text);
    printf("%s\n", text);
    return 0;
}

/* Parses a whole decimal int (optionally negative); 0 or -1. */
static int parse_int(const char *s, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno || v < -1000000 || v > 1000000 ||
        (*s != '-' && (*s < '0' || *s > '9')))
        return -1;
    *out = (int)v;
    return 0;
}

static int cmd_holidays(int argc, char **argv)
{
    int year;
    if (argc != 2)
        return cli_usage_error("usage: motcua calendar holidays YYYY");
    if (parse_int(argv[1], &year) < 0 || year < CAL_MIN_YEAR || year > CAL_MAX_YEAR)
        return cli_usage_error("year must be %d..%d", CAL_MIN_YEAR, CAL_MAX_YEAR);
    struct cal_rules *r;
    if (load_rules(&r))
        return 1;
    struct cal_day days[CAL_YEAR_MAX_DAYS];
    struct err e = {0};
    int n, rc = cal_holidays(r, year, days, CAL_YEAR_MAX_DAYS, &n, &e);
    cal_rules_free(r);
    if (rc < 0) {
        fprintf(stderr, "motcua: %s\n", e.msg);
        return 1;
    }
    for (int i = 0; i < n; i++) {
        if (!cal_day_changes_week(&days[i]))
            continue;
        char date[16];
        cal_format_date(days[i].day, date, sizeof date);
        printf("%s\t%s\t%s%s\n", date, days[i].kind == CAL_OFF ? "off" : "work", days[i].name,
               days[i].uncertain ? " (chưa xác minh)" : "");
    }
    return 0;
}

struct due_args {
    const char *from, *limit, *unit, *org;
};

static int parse_due_args(int argc, char **argv, struct due_args *a)
{
    for (int i = 1; i < argc; i += 2) {
        const char **slot = strcmp(argv[i], "--from") == 0       ? &a->from
                            : strcmp(argv[i], "--limit") == 0    ? &a->limit
                            : strcmp(argv[i], "--unit") == 0     ? &a->unit
                            : strcmp(argv[i], "--unit-org") == 0 ? &a->org
                                                                 : NULL;
        if (!slot)
            return cli_usage_error("calendar due: unknown option '%s'", argv[i]);
        if (i + 1 >= argc)
            return cli_usage_error("calendar due: %s needs a value", argv[i]);
        *slot = argv[i + 1];
    }
    if (!a->from || !a->limit || !a->unit)
        return cli_usage_error("usage: motcua calendar due --from YYYY-MM-DDTHH:MM --limit N "
                               "--unit same_day|working_days|calendar_days|hours");
    return 0;
}

/* Office hours of an org unit. No unit-specific table exists yet, so every key gets the
 * default hours (docs/calendar.md). */
static void office_of_org(const char *key, struct cal_office *o)
{
    (void)key;
    cal_office_default(o);
}

static int compute_due(const struct cal_rules *r, const struct cal_office *o, int64_t from,
                       struct cal_limit lim)
{
    struct cal_calendar *c = NULL;
    struct err e = {0};
    int64_t due;
    int rc = cal_calendar_new(r, &c, &e);
    if (rc == 0)
        rc = cal_due(c, o, from, lim, &due, &e);
    cal_calendar_free(c);
    if (rc == E_INVALID)
        return cli_usage_error("%s", e.msg);
    if (rc < 0) {
        fprintf(stderr, "motcua: %s\n", e.msg);
        return 1;
    }
    char text[24];
    cal_format_datetime(due, text, sizeof text);
    printf("%s\n", text);
    return 0;
}

static int cmd_due(int argc, char **argv)
{
    struct due_args a = {0};
    struct err e = {0};
    int64_t from;
    struct cal_limit lim;
    if (parse_due_args(argc, argv, &a))
        return 2;
    if (cal_parse_datetime(a.from, &from, &e) < 0)
        return cli_usage_error("--from: %s", e.msg);
    if (cal_unit_parse(a.unit, &lim.unit, &e) < 0)
        return cli_usage_error("--unit: %s", e.msg);
    if (parse_int(a.limit, &lim.value) < 0)
        return cli_usage_error("--limit must be a whole number");
    if (cal_limit_validate(lim, &e) < 0)
        return cli_usage_error("--limit: %s", e.msg);
    struct cal_office office;
    office_of_org(a.org, &office);
    struct cal_rules *r;
    if (load_rules(&r))
        return 1;
    int rc = compute_due(r, &office, from, lim);
    cal_rules_free(r);
    return rc;
}

int cli_calendar(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("calendar: missing subcommand; see motcua calendar --help");
    if (strcmp(argv[1], "lunar") == 0)
        return cmd_lunar(argc - 1, argv + 1);
    if (strcmp(argv[1], "solar") == 0)
        return cmd_solar(argc - 1, argv + 1);
    if (strcmp(argv[1], "holidays") == 0)
        return cmd_holidays(argc - 1, argv + 1);
    if (strcmp(argv[1], "due") == 0)
        return cmd_due(argc - 1, argv + 1);
    return cli_usage_error("calendar: unknown subcommand '%s'; see motcua calendar --help",
                           argv[1]);
}

void cli_calendar_help(FILE *out)
{
    fputs("Usage: motcua calendar SUBCOMMAND …\n"
          "\n"
          "Vietnamese calendar (lunar dates computed for UTC+7), public holidays and deadlines.\n"
          "All dates and times are Vietnam time (UTC+7). Supported range 1900-01-01..2199-12-31.\n"
          "\n"
          "  lunar YYYY-MM-DD\n"
          "      Prints the lunar date as D/M/YYYY, with + after the month of a leap month\n"
          "      (e.g. 2025-07-25 → 1/6+/2025), then the can-chi name of the lunar year.\n"
          "  solar D/M/YYYY | D/M+/YYYY\n"
          "      Prints the solar date YYYY-MM-DD of a lunar date (+ marks the leap month).\n"
          "  holidays YYYY\n"
          "      One line per date that differs from the Monday–Friday week:\n"
          "      YYYY-MM-DD<TAB>off<TAB>name  (a weekday off: holiday, compensatory, swap)\n"
          "      YYYY-MM-DD<TAB>work<TAB>name (a weekend day worked in a swap)\n"
          "      Years in the official calendar (2020–2026 shipped) use the Prime Minister's\n"
          "      decisions; other years use Labour Code 2019 Art. 111–112 (Tết = last day of the\n"
          "      lunar year + 4 days, 2/9 + 3/9, compensatory day after a weekend holiday).\n"
          "  due --from YYYY-MM-DDTHH:MM --limit N --unit UNIT [--unit-org KEY]\n"
          "      Prints the due moment YYYY-MM-DDTHH:MM of a time limit received at --from.\n"
          "      UNIT: working_days (N × 8 working hours from receipt), hours (working hours),\n"
          "      calendar_days (receipt day not counted; close of office on day N, moved to the\n"
          "      next working day), same_day (N = 0 or 1: today when received before 15:00,\n"
          "      else the next working day, at close of office).\n"
          "      Office hours 07:00–11:00, 13:00–17:00 on working days; receipt outside them\n"
          "      counts from the next opening. --unit-org is accepted for the office hours of\n"
          "      an org unit; no unit has its own hours yet, so all use the default.\n"
          "\n"
          "Exit status: 0 success, 1 internal failure, 2 bad usage or bad input (one line on\n"
          "stderr, nothing on stdout).\n",
          out);
}
