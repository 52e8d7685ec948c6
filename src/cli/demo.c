/* demo.c — `motcua demo`: synthetic data for load and layout tests. --procedures adds a
 * catalogue of the 2020 report's size (346 district + 130 commune procedures), every name
 * marked "[Tổng hợp]" and every code in the reserved range 9.9xxxxx, so it can never be
 * mistaken for the real catalogue. Running it again adds nothing. */
#include "cli.h"

#include "svc.h"
#include "svc_catalogue.h"

#include <string.h>

#define REPORT_DISTRICT 346
#define REPORT_COMMUNE  130

void cli_demo_help(FILE *out)
{
    fputs("Usage: motcua demo --procedures [--db …]\n\n"
          "  --procedures  add a synthetic catalogue of 346 district and 130 commune\n"
          "                procedures (names \"[Tổng hợp] …\", codes 9.9xxxxx)\n"
          "  --dossiers N --years Y  synthetic dossiers (not yet available)\n",
          out);
}

int cli_demo(int argc, char **argv)
{
    if (cli_flag(argc, argv, "--dossiers") || cli_flag(argc, argv, "--years")) {
        fprintf(stderr, "motcua: demo --dossiers is not yet available\n");
        return 2;
    }
    if (!cli_flag(argc, argv, "--procedures"))
        return cli_usage_error("usage: motcua demo --procedures [--db …]");
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
