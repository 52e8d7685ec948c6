/* cli.h — the subcommands of the motcua executable. Each group lives in its own file and
 * exposes one entry point taking the arguments after the group name (argv[0] is the group
 * name). Exit codes: 0 success, 1 failure while working, 2 bad usage or bad input (with a
 * one-line message on stderr and nothing on stdout). */
#ifndef MOTCUA_CLI_H
#define MOTCUA_CLI_H

#include <stdio.h>

struct cli_command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
    void (*help)(FILE *out);
};

struct svc;
struct err;

/* Subcommand groups, one file each. */
int cli_serve(int argc, char **argv);
void cli_serve_help(FILE *out);
int cli_init(int argc, char **argv);
void cli_init_help(FILE *out);
int cli_migrate(int argc, char **argv);
void cli_migrate_help(FILE *out);
int cli_import(int argc, char **argv);
void cli_import_help(FILE *out);
int cli_user(int argc, char **argv);
void cli_user_help(FILE *out);
int cli_audit(int argc, char **argv);
void cli_audit_help(FILE *out);
/* audit_anchor.c: `audit anchor` and `audit verify --anchors URL|FILE` on an open service. */
int cli_audit_anchor(struct svc *s, int argc, char **argv);
int cli_audit_verify_anchors(struct svc *s, const char *source);
int cli_org(int argc, char **argv);
void cli_org_help(FILE *out);
int cli_calendar(int argc, char **argv);
void cli_calendar_help(FILE *out);
int cli_export(int argc, char **argv);
void cli_export_help(FILE *out);
int cli_demo(int argc, char **argv);
void cli_demo_help(FILE *out);
int cli_jobs(int argc, char **argv);
void cli_jobs_help(FILE *out);
struct jobs_config;
/* The background jobs' settings from the environment (MOTCUA_JOB_INTERVAL, …). */
void cli_jobs_config(struct jobs_config *cfg);
int cli_stats(int argc, char **argv);
void cli_stats_help(FILE *out);
int cli_backup(int argc, char **argv);
void cli_backup_help(FILE *out);
int cli_restore(int argc, char **argv);
void cli_restore_help(FILE *out);

/* The value after `name` in argv, else the environment variable env, else def. */
const char *cli_option(int argc, char **argv, const char *name, const char *env, const char *def);
int cli_flag(int argc, char **argv, const char *name);
int cli_env_int(const char *name, int def);
/* The whole file (at most 64 MiB), malloc'd; NULL when it cannot be read. */
char *cli_read_file(const char *path, size_t *len);
/* --db, else MOTCUA_DB, else var/motcua.db. */
const char *cli_db_url(int argc, char **argv);
/* Opens the service on the --db database (creating it and migrating); prints the reason and
 * returns 1 on failure. */
int cli_open(int argc, char **argv, struct svc **out);
/* Installs the exchange partners of the environment (MOTCUA_PARTNERS…) in s; 1 after
 * printing what is wrong. cli_open calls it. */
int cli_exchange_setup(struct svc *s);
/* When the database has no users and want_demo is set, loads the demo data (*created = 1). */
int cli_prepare(struct svc *s, int want_demo, int *created);
int cli_load_demo(struct svc *s);
void cli_print_demo_logins(FILE *out);

/* Prints e's message for a failed rc (exit 2 for bad input, 1 otherwise) or done on success. */
int cli_report(int rc, const struct err *e, const char *done);

/* True when argv[1..] contains --help or -h. */
int cli_wants_help(int argc, char **argv);
/* Prints "motcua: MSG" on stderr and returns 2. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
