/* demo.c — `motcua demo`: synthetic data for load and layout tests. --procedures adds a
 * catalogue of the 2020 report's size (346 district + 130 commune procedures), every name
 * marked "[Tổng hợp]" and every code in the reserved range 9.9xxxxx, so it can never be
 * mistaken for the real catalogue; running it again adds nothing. --dossiers N --years Y
 * adds a generated history of N dossiers over the last Y years (applicant names "[Tổng hợp]
 * …"), deterministic for a given --seed, and prints the rate. */
#include "cli.h"

#include "svc.h"
#include "svc_catalogue.h"
#include "svc_demo_history.h"

#include <stdlib.h>
#include <string.h>

#define REPORT_DISTRICT 346
#define REPORT_COMMUNE  130

void cli_demo_help(FILE *out)
{
    fputs("Usage: motcua demo --procedures [--db …]\n"
          "       motcua demo --dossiers N --years Y [--seed S] [--counters inline|rebuild] "
          "[--db …]\n\n"
          "  --procedures  add a synthetic catalogue of 346 district and 130 commune\n"
          "                procedures (names \"[Tổng hợp] …\", codes 9.9xxxxx)\n"
          "  --dossiers N --years Y  add N generated dossiers received over the last Y years\n"
          "                at the demo units (applicant names \"[Tổng hợp] …\"); the same\n"
          "                --seed (default 1) on the same database gives the same history\n"
          "  --counters    count each event as it is written (inline, the default) or\n"
          "                rebuild the statistics once at the end\n",
          out);
}

static int parse_long(const char *s, long *out)
{
    char *end = NULL;
    *out = s ? strtol(s, &end, 10) : 0;
    return s && *s && end && !*end ? 0 : -1;
}

static void progress(long done, long total, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "\rmotcua: %ld/%ld dossiers", done, total);
    if (done == total)
        fputc('\n', stderr);
}

static int demo_dossiers(int argc, char **argv)
{
    long n = 0, years = 0, seed = 0;
    const char *counters = cli_option(argc, argv, "--counters", NULL, "inline");
    if (parse_long(cli_option(argc, argv, "--dossiers", NULL, NULL), &n) ||
        parse_long(cli_option(argc, argv, "--years", NULL, NULL), &years) ||
        parse_long(cli_option(argc, argv, "--seed", NULL, "1"), &seed) || years > 1000 ||
        (strcmp(counters, "rebuild") != 0 && strcmp(counters, "inline") != 0))
        return cli_usage_error("usage: motcua demo --dossiers N --years Y [--seed S] "
                               "[--counters inline|rebuild] [--db …]");
    struct svc_history_opts o = {.dossiers = n,
                                 .years = (int)years,
                                 .seed = (uint64_t)seed,
                                 .counters = strcmp(counters, "inline") == 0 ? SVC_HISTORY_INLINE
                                                                             : SVC_HISTORY_REBUILD,
                                 .progress = progress};
    struct svc *s = NULL;
    if (cli_open(argc, argv, &s) != 0)
        return 1;
    struct svc_history_result r;
    struct err e = {0};
    int rc = svc_demo_history(s, &o, &r, &e);
    svc_close(s);
    if (rc)
        return cli_report(rc, &e, NULL);
    double total = r.insert_seconds + r.counter_seconds;
    printf("motcua: %ld dossiers, %ld events in %.1f s (%.0f dossiers/s; rows %.1f s, "
           "counters %.1f s)\n",
           r.dossiers, r.events, total, total > 0 ? (double)r.dossiers / total : 0.0,
           r.insert_seconds, r.counter_seconds);
    return 0;
}

int cli_demo(int argc, char **argv)
{
    if (cli_flag(argc, argv, "--dossiers") || cli_flag(argc, argv, "--years"))
        return demo_dossiers(argc, argv);
    if (!cli_flag(argc, argv, "--procedures"))
        return cli_usage_error("usage: motcua demo --procedures | --dossiers N --years Y [--db …]");
    struct svc *s = NULL;
    if (cli_open(argc, argv, &s) != 0)
        return 1;
    int added = 0;
    struct err e = {0};
    int rc = svc_proc_synthetic(s, &svc_system, REPORT_DISTRICT, REPORT_COMMUNE, &added, &e);
    svc_close(s);
    if (rc) {
        fprintf(stderr, "motcua: synthetic catalogue failed: %s\n", e.msg);
        return 1;
    }
    printf("motcua: added %d synthetic procedures (%d district + %d commune in total)\n", added,
           REPORT_DISTRICT, REPORT_COMMUNE);
    return 0;
}
