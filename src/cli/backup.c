/* backup.c — `motcua backup`, `motcua restore` and `motcua --version`'s neighbours: the
 * operator's commands for keeping a copy of everything and getting it back (the rules are in
 * service/ops/backup.c; docs/operations.md has the runbook). Exit status 0 when done, 2 when the
 * backup or the target is refused (damaged, incomplete, not empty), 1 otherwise. */
#include "cli.h"

#include "svc_backup.h"

#include <inttypes.h>
#include <string.h>

void cli_backup_help(FILE *out)
{
    fputs("Usage:\n"
          "  motcua backup --out DIR [--db …] [--files-dir DIR]\n"
          "  motcua backup --check DIR\n\n"
          "Writes one consistent moment of the database (SQLite's online backup API, or\n"
          "pg_dump under the same snapshot) and every stored file into DIR, which is created\n"
          "and must be empty, while the server keeps working. DIR/MANIFEST.json, written\n"
          "last, lists the SHA-256 of the dump and of every file and the audit chain's head.\n"
          "--check DIR hashes a backup against its manifest without restoring it.\n",
          out);
}

void cli_restore_help(FILE *out)
{
    fputs("Usage:\n"
          "  motcua restore --from DIR --db TARGET [--files-dir DIR]\n\n"
          "Checks the backup in DIR against its manifest and refuses a damaged or partial\n"
          "one before writing anything. Then restores it into TARGET — a SQLite file that\n"
          "does not exist yet, or an empty PostgreSQL database, of the backup's engine —\n"
          "and its files into the files directory, migrates the database to this version\n"
          "and verifies the audit chain against the manifest.\n",
          out);
}

static int report(int rc, const struct err *e, const char *verb, const char *dir,
                  const struct svc_backup_report *r)
{
    char done[512];
    snprintf(done, sizeof done,
             "motcua: %s %s: %s, %" PRId64 " dossiers, %" PRId64
             " files, audit chain at entry %" PRId64,
             verb, dir, r->engine ? r->engine : "", r->dossiers, r->files, r->audit_seq);
    return cli_report(rc, e, done);
}

static int check_only(const char *dir)
{
    struct arena *a = arena_new();
    struct svc_backup_report r = {0};
    struct err e = {0};
    int rc = svc_backup_check(a, dir, &r, &e);
    int status = report(rc, &e, "checked", dir, &r);
    arena_free(a);
    return status;
}

int cli_backup(int argc, char **argv)
{
    const char *check = cli_option(argc, argv, "--check", NULL, NULL);
    if (check)
        return check_only(check);
    const char *out = cli_option(argc, argv, "--out", NULL, NULL);
    if (!out)
        return cli_usage_error("backup needs --out DIR; see motcua backup --help");
    struct svc *s = NULL;
    if (cli_open(argc, argv, &s) != 0)
        return 1;
    struct arena *a = arena_new();
    struct svc_backup_report r = {0};
    struct err e = {0};
    int rc = svc_backup(s, a, out, &r, &e);
    int status = report(rc, &e, "backed up into", out, &r);
    arena_free(a);
    svc_close(s);
    return status;
}

int cli_restore(int argc, char **argv)
{
    const char *from = cli_option(argc, argv, "--from", NULL, NULL);
    const char *db = cli_option(argc, argv, "--db", NULL, NULL);
    if (!from || !db)
        return cli_usage_error(
            "restore needs --from DIR and --db TARGET; see motcua restore --help");
    const char *files = cli_option(argc, argv, "--files-dir", "MOTCUA_FILES_DIR", "var/files");
    struct arena *a = arena_new();
    struct svc_backup_report r = {0};
    struct err e = {0};
    int rc = svc_restore(a, from, db, files, &r, &e);
    int status = report(rc, &e, "restored from", from, &r);
    arena_free(a);
    return status;
}
