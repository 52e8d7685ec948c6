/* export.c — `motcua export`: data out of the database in the same files `motcua import`
 * reads, on stdout, so a catalogue can be moved between installations, kept under version
 * control, or reviewed as a diff. */
#include "cli.h"

#include "svc.h"
#include "svc_catalogue.h"

#include <stdlib.h>
#include <string.h>

void cli_export_help(FILE *out)
{
    fputs("Usage: motcua export procedures [--db …]\n\n"
          "  procedures  every version of every procedure, with unit assignments, as the JSON\n"
          "              that `motcua import procedures` reads (docs/catalogue.md).\n",
          out);
}

int cli_export(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "procedures") != 0)
        return cli_usage_error("usage: motcua export procedures [--db …]");
    struct svc *s = NULL;
    if (cli_open(argc, argv, &s) != 0)
        return 1;
    char *text = NULL;
    struct err e = {0};
    int rc = svc_proc_export(s, &text, &e);
    svc_close(s);
    if (rc) {
        fprintf(stderr, "motcua: export failed: %s\n", e.msg);
        return 1;
    }
    int bad = fputs(text, stdout) < 0 || fputc('\n', stdout) == EOF || fflush(stdout) != 0;
    free(text);
    if (bad) {
        fprintf(stderr, "motcua: cannot write the export\n");
        return 1;
    }
    return 0;
}
