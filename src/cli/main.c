/* main.c — entry point: dispatches to the subcommand groups listed in cli.h and prints the
 * overall help. Scripts rely on the commands and exit codes described in `motcua --help`. */
#include "cli.h"

#include <stdarg.h>
#include <string.h>

static const struct cli_command commands[] = {
    {"serve", "serve the portal, the desk and the API over HTTP", cli_serve, cli_serve_help},
    {"init", "create the database (optionally with demo data)", cli_init, cli_init_help},
    {"migrate", "apply pending database migrations", cli_migrate, cli_migrate_help},
    {"import", "import data files (organisation tree, …)", cli_import, cli_import_help},
    {"org", "list, rename and merge organisation units", cli_org, cli_org_help},
    {"user", "add users, set passwords, grant roles", cli_user, cli_user_help},
    {"audit", "verify the hash-chained audit log", cli_audit, cli_audit_help},
    {"calendar", "Vietnamese calendar: lunar dates, holidays, deadlines", cli_calendar,
     cli_calendar_help},
    {"export", "export data files (procedure catalogue)", cli_export, cli_export_help},
    {"demo", "synthetic data for load and layout tests", cli_demo, cli_demo_help},
    {"jobs", "run the background jobs once (deadline warnings)", cli_jobs, cli_jobs_help},
    {"stats", "statistics counters: rebuild them from the dossier history", cli_stats,
     cli_stats_help},
    {"backup", "back up the database and the files, consistently, while serving", cli_backup,
     cli_backup_help},
    {"restore", "check a backup and restore it into a new place", cli_restore, cli_restore_help},
};
static const int ncommands = (int)(sizeof commands / sizeof commands[0]);

int cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return 1;
    return 0;
}

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("motcua: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 2;
}

static void print_help(FILE *out)
{
    fputs("motcua — electronic one-stop shop (Một cửa điện tử liên thông)\n\n"
          "Usage: motcua COMMAND [ARGS…]\n\nCommands:\n",
          out);
    for (int i = 0; i < ncommands; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\nRun `motcua COMMAND --help` for the options of one command; `motcua --version`\n"
          "prints the version.\n",
          out);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_help(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--version") == 0) {
        puts("motcua " MOTCUA_VERSION);
        return 0;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        print_help(stdout);
        return 0;
    }
    for (int i = 0; i < ncommands; i++) {
        if (strcmp(argv[1], commands[i].name) != 0)
            continue;
        if (cli_wants_help(argc - 1, argv + 1)) {
            commands[i].help(stdout);
            return 0;
        }
        return commands[i].run(argc - 1, argv + 1);
    }
    return cli_usage_error("unknown command '%s'; see motcua --help", argv[1]);
}
