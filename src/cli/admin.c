/* admin.c — the operator's subcommands: init, migrate, import, user and audit. Each opens
 * the database named by --db (or MOTCUA_DB), acts as the system, and exits 0 on success, 1 on
 * failure and 2 on bad usage. */
#include "cli.h"

#include "svc_audit.h"
#include "svc_catalogue.h"
#include "svc_org.h"
#include "svc_user.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

void cli_init_help(FILE *out)
{
    fputs("Usage: motcua init [--db PATH | postgresql://…] [--demo]\n\n"
          "Creates the database and applies the migrations. With --demo, a database without\n"
          "users is filled with the Giồng Riềng demo organisation tree and one account per\n"
          "role, whose logins are printed.\n",
          out);
}

int cli_init(int argc, char **argv)
{
    struct svc *s = NULL;
    int created = 0;
    if (cli_open(argc, argv, &s) != 0)
        return 1;
    int rc = cli_prepare(s, cli_flag(argc, argv, "--demo"), &created);
    if (!rc) {
        printf("motcua: database %s is ready\n", cli_db_url(argc, argv));
        if (created)
            cli_print_demo_logins(stdout);
    }
    svc_close(s);
    return rc;
}

void cli_migrate_help(FILE *out)
{
    fputs("Usage: motcua migrate [--db PATH | postgresql://…]\n\n"
          "Applies the migrations the database has not had yet (serve and init do it too).\n",
          out);
}

int cli_migrate(int argc, char **argv)
{
    struct svc *s = NULL;
    if (cli_open(argc, argv, &s) != 0)
        return 1;
    printf("motcua: database %s is up to date\n", cli_db_url(argc, argv));
    svc_close(s);
    return 0;
}

void cli_import_help(FILE *out)
{
    fputs("Usage: motcua import org|procedures FILE.json [--db …]\n\n"
          "  org         organisation units: {\"valid_from\",\"valid_to\",\"units\":[{\"key\",\n"
          "              \"name\",\"level\",\"agency_code\",\"parent\"}]}; units already present\n"
          "              are kept.\n"
          "  procedures  the procedure catalogue: {\"procedures\":[…]} as described in\n"
          "              docs/catalogue.md (the output of `motcua export procedures` too); a\n"
          "              changed procedure gets a new version, an unchanged one is left alone.\n",
          out);
}

static int import_org(struct svc *s, const char *path, const char *data, size_t len)
{
    int added = 0, skipped = 0;
    struct err e = {0};
    int rc = svc_org_import(s, &svc_system, data, len, &added, &skipped, &e);
    if (!rc)
        printf("motcua: imported %d units (%d already present)\n", added, skipped);
    else
        fprintf(stderr, "motcua: %s: %s%s%s\n", path, e.msg, e.field[0] ? " — field " : "",
                e.field);
    return rc;
}

static int import_procedures(struct svc *s, const char *path, const char *data, size_t len)
{
    struct svc_proc_import_stats st = {0};
    struct err e = {0};
    int rc = svc_proc_import(s, &svc_system, data, len, &st, &e);
    if (!rc)
        printf("motcua: imported %d procedures, %d new versions (%d unchanged)\n", st.added,
               st.versions, st.unchanged);
    else
        fprintf(stderr, "motcua: %s: %s%s%s\n", path, e.msg, e.field[0] ? " — field " : "",
                e.field);
    return rc;
}

int cli_import(int argc, char **argv)
{
    if (argc < 3 || (strcmp(argv[1], "org") != 0 && strcmp(argv[1], "procedures") != 0))
        return cli_usage_error("usage: motcua import org|procedures FILE.json [--db …]");
    size_t len = 0;
    char *data = cli_read_file(argv[2], &len);
    if (!data)
        return cli_usage_error("cannot read %s", argv[2]);
    struct svc *s = NULL;
    if (cli_open(argc, argv, &s) != 0) {
        free(data);
        return 1;
    }
    int rc = strcmp(argv[1], "org") == 0 ? import_org(s, argv[2], data, len)
                                         : import_procedures(s, argv[2], data, len);
    free(data);
    svc_close(s);
    if (rc)
        return rc == E_INVALID ? 2 : 1;
    return 0;
}

void cli_user_help(FILE *out)
{
    fputs("Usage:\n"
          "  motcua user add USERNAME --name \"FULL NAME\" [--citizen] [--password P]\n"
          "  motcua user passwd USERNAME [--password P]\n"
          "  motcua user grant USERNAME ROLE [UNIT_KEY]\n"
          "  motcua user list\n"
          "All take [--db …]. Without --password the password is read from the first line of\n"
          "standard input. ROLE is receptionist, specialist, leader (these need a unit),\n"
          "admin, auditor or citizen.\n",
          out);
}

static const char *password_arg(int argc, char **argv)
{
    const char *p = cli_option(argc, argv, "--password", NULL, NULL);
    if (p)
        return p;
    static char line[512];
    if (!fgets(line, sizeof line, stdin))
        return "";
    line[strcspn(line, "\r\n")] = '\0';
    return line;
}

int cli_report(int rc, const struct err *e, const char *done)
{
    if (rc) {
        fprintf(stderr, "motcua: %s\n", e->msg);
        return rc == E_INVALID || rc == E_CONFLICT || rc == E_NOTFOUND ? 2 : 1;
    }
    puts(done);
    return 0;
}

static int user_list(struct svc *s)
{
    struct arena *a = arena_new();
    struct svc_user *users = NULL;
    int n = 0;
    struct err e = {0};
    int rc = svc_user_list(s, &svc_system, a, &users, &n, &e);
    for (int i = 0; !rc && i < n; i++) {
        printf("%s\t%s\t%s\t", users[i].username, users[i].kind, users[i].full_name);
        for (int k = 0; k < users[i].nroles; k++)
            printf("%s%s%s%s", k ? "," : "", role_name(users[i].roles[k].role),
                   users[i].roles[k].unit_key ? "@" : "",
                   users[i].roles[k].unit_key ? users[i].roles[k].unit_key : "");
        putchar('\n');
    }
    arena_free(a);
    return rc ? cli_report(rc, &e, "") : 0;
}

int cli_user(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("usage: motcua user add|passwd|grant|list …");
    const char *cmd = argv[1];
    int known = strcmp(cmd, "list") == 0 ||
                (argc >= 3 && (strcmp(cmd, "add") == 0 || strcmp(cmd, "passwd") == 0)) ||
                (argc >= 4 && strcmp(cmd, "grant") == 0);
    if (!known)
        return cli_usage_error("usage: motcua user add|passwd|grant|list …; see --help");
    struct svc *s = NULL;
    if (cli_open(argc, argv, &s) != 0)
        return 1;
    struct err e = {0};
    int rc;
    if (strcmp(cmd, "list") == 0) {
        rc = user_list(s);
    } else if (strcmp(cmd, "add") == 0) {
        struct svc_user_new u = {argv[2],
                                 cli_option(argc, argv, "--name", NULL, NULL),
                                 cli_flag(argc, argv, "--citizen") ? "citizen" : "staff",
                                 password_arg(argc, argv),
                                 NULL,
                                 NULL};
        rc = cli_report(svc_user_add(s, &svc_system, &u, NULL, &e), &e, "motcua: user added");
    } else if (strcmp(cmd, "passwd") == 0) {
        rc = cli_report(svc_user_passwd(s, &svc_system, argv[2], password_arg(argc, argv), &e), &e,
                        "motcua: password changed");
    } else {
        const char *unit = argc >= 5 && strncmp(argv[4], "--", 2) != 0 ? argv[4] : NULL;
        rc = cli_report(svc_user_grant(s, &svc_system, argv[2], argv[3], unit, &e), &e,
                        "motcua: role granted");
    }
    svc_close(s);
    return rc;
}

void cli_audit_help(FILE *out)
{
    fputs("Usage: motcua audit verify [--db …] [--anchors URL|FILE]\n"
          "       motcua audit anchor [--db …] [--now YYYY-MM-DDTHH:MM]\n\n"
          "verify recomputes the hash chain of the audit log. Prints the number of entries and\n"
          "exits 0 when intact; prints the first broken entry and exits 1 when not. With\n"
          "--anchors it also checks the chain against a copy of the published anchors (the JSON\n"
          "of /api/v1/audit/anchors, a file or a URL) and exits 1 when the tail was cut or the\n"
          "head rewritten.\n"
          "anchor signs the chain's head now with MOTCUA_ANCHOR_KEY (PIN from MOTCUA_ANCHOR_PIN),\n"
          "timestamps it at MOTCUA_ANCHOR_TSA when set, and stores it for publication.\n",
          out);
}

int cli_audit(int argc, char **argv)
{
    int anchor = argc >= 2 && strcmp(argv[1], "anchor") == 0;
    if (argc < 2 || (strcmp(argv[1], "verify") != 0 && !anchor))
        return cli_usage_error("usage: motcua audit verify|anchor [--db …]");
    struct svc *s = NULL;
    if (cli_open(argc, argv, &s) != 0)
        return 1;
    const char *anchors = cli_option(argc, argv, "--anchors", NULL, NULL);
    if (anchor || anchors) {
        int arc = anchor ? cli_audit_anchor(s, argc, argv) : cli_audit_verify_anchors(s, anchors);
        svc_close(s);
        return arc;
    }
    int64_t count = 0, broken = 0;
    struct err e = {0};
    int rc = svc_audit_verify(s, &svc_system, &count, &broken, &e);
    svc_close(s);
    if (rc) {
        fprintf(stderr, "motcua: %s\n", e.msg);
        return 1;
    }
    if (broken) {
        printf("audit chain BROKEN at entry %" PRId64 " (of %" PRId64 ")\n", broken, count);
        return 1;
    }
    printf("audit chain intact: %" PRId64 " entries\n", count);
    return 0;
}
