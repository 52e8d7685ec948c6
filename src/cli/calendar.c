/* calendar.c — `motcua calendar`: lunar ↔ solar conversion, the holidays of a year and the due
 * moment of a time limit, computed by core/cal_* with the official calendar embedded from
 * data/calendar/official.json. Scripts call these commands, so their output is one fixed
 * format per line and every input error exits 2 with one line on stderr and nothing on
 * stdout. */
#include "cli.h"

#include "svc_calendar.h"

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

/* A year without an official entry is the default rule's guess: said on a first line that
 * starts with '#', so that the lines after it stay one per date. */
static void print_guess_note(void)
{
    printf("# %s\n", CAL_DEFAULT_RULE_NOTE);
}

/* With --db, the calendar in force in that database (shipped years overridden by imported
 * ones) instead of the shipped one alone. */
static int holidays_from_db(int argc, char **argv, int year)
{
    struct svc *s = NULL;
    if (cli_open(argc, argv, &s) != 0)
        return 1;
    struct arena *a = arena_new();
    struct svc_cal_day *days = NULL;
    struct svc_cal_basis basis;
    int n = 0;
    struct err e = {0};
    int rc = svc_calendar_holidays(s, a, year, &days, &n, &basis, &e);
    if (!rc && !basis.official)
        print_guess_note();
    for (int i = 0; !rc && i < n; i++)
        printf("%s\t%s\t%s%s\n", days[i].date, days[i].off ? "off" : "work", days[i].name,
               days[i].uncertain ? " (chưa xác minh)" : "");
    if (rc)
        fprintf(stderr, "motcua: %s\n", e.msg);
    arena_free(a);
    svc_close(s);
    return rc ? 1 : 0;
}

static int cmd_holidays(int argc, char **argv)
{
    int year;
    int with_db = argc == 4 && strcmp(argv[2], "--db") == 0;
    if (argc != 2 && !with_db)
        return cli_usage_error("usage: motcua calendar holidays YYYY [--db …]");
    if (parse_int(argv[1], &year) < 0 || year < CAL_MIN_YEAR || year > CAL_MAX_YEAR)
        return cli_usage_error("year must be %d..%d", CAL_MIN_YEAR, CAL_MAX_YEAR);
    if (with_db)
        return holidays_from_db(argc, argv, year);
    struct cal_rules *r;
    if (load_rules(&r))
        return 1;
    struct cal_day days[CAL_YEAR_MAX_DAYS];
    struct err e = {0};
    int n, rc = cal_holidays(r, year, days, CAL_YEAR_MAX_DAYS, &n, &e);
    int official = cal_rules_year(r, year) != NULL;
    cal_rules_free(r);
    if (rc < 0) {
        fprintf(stderr, "motcua: %s\n", e.msg);
        return 1;
    }
    if (!official)
        print_guess_note();
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
    const char *from, *limit, *unit, *org, *db;
};

static int parse_due_args(int argc, char **argv, struct due_args *a)
{
    for (int i = 1; i < argc; i += 2) {
        const char **slot = strcmp(argv[i], "--from") == 0       ? &a->from
                            : strcmp(argv[i], "--limit") == 0    ? &a->limit
                            : strcmp(argv[i], "--unit") == 0     ? &a->unit
                            : strcmp(argv[i], "--unit-org") == 0 ? &a->org
                            : strcmp(argv[i], "--db") == 0       ? &a->db
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

static void print_due(int64_t due)
{
    char text[24];
    cal_format_datetime(due, text, sizeof text);
    printf("%s\n", text);
}

/* With --unit-org or --db: the unit's own office hours and the calendar in force in the
 * database (--db, else MOTCUA_DB, else var/motcua.db). */
static int due_from_db(const struct due_args *a, int64_t from, struct cal_limit lim)
{
    char *args[] = {"due", "--db", (char *)(a->db ? a->db : cli_db_url(0, NULL))};
    struct svc *s = NULL;
    if (cli_open(3, args, &s) != 0)
        return 1;
    int64_t due = 0;
    struct err e = {0};
    int rc = svc_calendar_due(s, a->org, from, cal_unit_name(lim.unit), lim.value, &due, &e);
    svc_close(s);
    if (rc == E_INVALID)
        return cli_usage_error("%s", e.msg);
    if (rc) {
        fprintf(stderr, "motcua: %s\n", e.msg);
        return 1;
    }
    print_due(due);
    return 0;
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
    print_due(due);
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
    if (a.org || a.db)
        return due_from_db(&a, from, lim);
    struct cal_office office;
    cal_office_default(&office);
    struct cal_rules *r;
    if (load_rules(&r))
        return 1;
    int rc = compute_due(r, &office, from, lim);
    cal_rules_free(r);
    return rc;
}

static int cmd_import(int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-')
        return cli_usage_error("usage: motcua calendar import FILE.json [--db …]");
    size_t len = 0;
    char *text = cli_read_file(argv[1], &len);
    if (!text)
        return cli_usage_error("cannot read %s", argv[1]);
    struct svc *s = NULL;
    if (cli_open(argc, argv, &s) != 0) {
        free(text);
        return 1;
    }
    int years = 0;
    struct err e = {0};
    int rc = svc_calendar_import(s, &svc_system, text, len, &years, &e);
    free(text);
    svc_close(s);
    char done[64];
    snprintf(done, sizeof done, "motcua: imported %d calendar years", years);
    return cli_report(rc, &e, done);
}

/* `office KEY` prints a unit's office hours; `office KEY --set FILE` replaces them. */
static int cmd_office(int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-')
        return cli_usage_error("usage: motcua calendar office UNIT_KEY [--set FILE.json] [--db …]");
    const char *file = cli_option(argc, argv, "--set", NULL, NULL);
    struct svc *s = NULL;
    if (cli_open(argc, argv, &s) != 0)
        return 1;
    struct err e = {0};
    int rc;
    if (file) {
        size_t len = 0;
        char *text = cli_read_file(file, &len);
        rc = text ? svc_office_hours_set(s, &svc_system, argv[1], text, len, &e)
                  : err_set(&e, E_INVALID, "file", "cannot read %s", file);
        free(text);
        rc = cli_report(rc, &e, "motcua: office hours saved");
    } else {
        struct arena *a = arena_new();
        const char *json = NULL;
        int own = 0;
        rc = svc_office_hours_get(s, a, argv[1], &json, &own, &e);
        if (!rc)
            printf("%s%s\n", json, own ? "" : "\t(default)");
        else
            rc = cli_report(rc, &e, "");
        arena_free(a);
    }
    svc_close(s);
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
    if (strcmp(argv[1], "import") == 0)
        return cmd_import(argc - 1, argv + 1);
    if (strcmp(argv[1], "office") == 0)
        return cmd_office(argc - 1, argv + 1);
    return cli_usage_error("calendar: unknown subcommand '%s'; see motcua calendar --help",
                           argv[1]);
}

void cli_calendar_help(FILE *out)
{
    fputs(
        "Usage: motcua calendar SUBCOMMAND …\n"
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
        "      lunar year + 4 days, 2/9 + 3/9, compensatory day after a weekend holiday),\n"
        "      which is a guess until the year's notice is imported: the output then starts\n"
        "      with one line '# Dự kiến theo quy tắc mặc định …'.\n"
        "  due --from YYYY-MM-DDTHH:MM --limit N --unit UNIT [--unit-org KEY]\n"
        "      Prints the due moment YYYY-MM-DDTHH:MM of a time limit received at --from.\n"
        "      UNIT: working_days (N × 8 working hours from receipt), hours (working hours),\n"
        "      calendar_days (receipt day not counted; close of office on day N, moved to the\n"
        "      next working day), same_day (N = 0 or 1: today when received before 15:00,\n"
        "      else the next working day, at close of office).\n"
        "      Office hours 07:00–11:00, 13:00–17:00 on working days; receipt outside them\n"
        "      counts from the next opening. With --unit-org KEY (or --db), the unit's own\n"
        "      office hours and the calendar in force in the database are used.\n"
        "  import FILE.json [--db …]\n"
        "      Imports official years (the format of data/calendar/official.json); an\n"
        "      imported year replaces the shipped one. All-or-nothing.\n"
        "  office UNIT_KEY [--set FILE.json] [--db …]\n"
        "      Prints a unit's office hours as JSON, or replaces them:\n"
        "      {\"work\":[[\"07:00\",\"11:00\"],[\"13:00\",\"17:00\"]],\n"
        "       \"reception\":{\"sat\":[[\"07:00\",\"11:00\"]],…},\"same_day_cutoff\":\"15:00\"}\n"
        "\n"
        "Exit status: 0 success, 1 internal failure, 2 bad usage or bad input (one line on\n"
        "stderr, nothing on stdout).\n",
        out);
}
