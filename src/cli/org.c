/* org.c — `motcua org`: renames and merges of organisation units, which keep history (the old
 * row is closed the day before the change and points at its successor). */
#include "cli.h"

#include "svc_org.h"

#include <string.h>

void cli_org_help(FILE *out)
{
    fputs("Usage:\n"
          "  motcua org list [--db …]\n"
          "  motcua org rename KEY NEW_KEY \"NEW NAME\" --from YYYY-MM-DD [--db …]\n"
          "  motcua org merge KEY --into KEY --from YYYY-MM-DD [--db …]\n\n"
          "A renamed or merged unit stays in the tree with its validity closed the day before\n"
          "--from, so dossiers and statistics keep pointing at the unit as it was.\n",
          out);
}

static int org_list(struct svc *s)
{
    struct arena *a = arena_new();
    struct svc_org_unit *u = NULL;
    int n = 0;
    struct err e = {0};
    int rc = svc_org_tree(s, a, &u, &n, &e);
    for (int i = 0; !rc && i < n; i++)
        printf("%*s%s\t%s\t%s\t%s\t%s%s%s\n", u[i].depth * 2, "", u[i].key, u[i].level,
               u[i].agency_code ? u[i].agency_code : "-", u[i].name, u[i].valid_from,
               u[i].valid_to ? ".." : "", u[i].valid_to ? u[i].valid_to : "");
    arena_free(a);
    if (rc)
        fprintf(stderr, "motcua: %s\n", e.msg);
    return rc ? 1 : 0;
}

int cli_org(int argc, char **argv)
{
    const char *cmd = argc >= 2 ? argv[1] : "";
    const char *from = cli_option(argc, argv, "--from", NULL, NULL);
    const char *into = cli_option(argc, argv, "--into", NULL, NULL);
    int ok = strcmp(cmd, "list") == 0 || (strcmp(cmd, "rename") == 0 && argc >= 5 && from) ||
             (strcmp(cmd, "merge") == 0 && argc >= 3 && into && from);
    if (!ok)
        return cli_usage_error("usage: motcua org list|rename|merge …; see motcua org --help");
    struct svc *s = NULL;
    if (cli_open(argc, argv, &s) != 0)
        return 1;
    struct err e = {0};
    int rc;
    if (strcmp(cmd, "list") == 0)
        rc = org_list(s);
    else if (strcmp(cmd, "rename") == 0)
        rc = cli_report(svc_org_rename(s, &svc_system, argv[2], argv[3], argv[4], from, &e), &e,
                        "motcua: unit renamed");
    else
        rc = cli_report(svc_org_merge(s, &svc_system, argv[2], into, from, &e), &e,
                        "motcua: unit merged");
    svc_close(s);
    return rc;
}
