/* stats.c — `motcua stats`: recomputing the statistics counters from the stored dossier
 * history (after a restore, an import of old dossiers, or to check the live counters). */
#include "cli.h"

#include "svc_stats.h"

#include <inttypes.h>
#include <string.h>

void cli_stats_help(FILE *out)
{
    fputs("Usage:\n"
          "  motcua stats rebuild [--db …]\n\n"
          "Empties the statistics counters and replays every dossier event, rating and\n"
          "finished step into them, in one transaction (reports keep reading the old\n"
          "counters until it commits).\n",
          out);
}

int cli_stats(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "rebuild") != 0)
        return cli_usage_error("usage: motcua stats rebuild [--db …]; see motcua stats --help");
    struct svc *s = NULL;
    if (cli_open(argc, argv, &s) != 0)
        return 1;
    struct err e = {0};
    int64_t events = 0;
    int rc = svc_stats_rebuild(s, &svc_system, &events, &e);
    char done[96];
    snprintf(done, sizeof done, "motcua: statistics rebuilt from %" PRId64 " dossier events",
             events);
    svc_close(s);
    return cli_report(rc, &e, done);
}
