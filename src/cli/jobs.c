/* jobs.c — `motcua jobs run-once`: runs every background job once, under its lease, as the
 * server's scheduler would, and prints what each did. Operators use it to catch up after a
 * stop or to run the jobs from cron instead of the server (MOTCUA_JOB_INTERVAL=0); tests use
 * --now to see the rules at a chosen moment. */
#include "cli.h"

#include "cal_date.h"
#include "jobs.h"
#include "svc.h"

#include <stdlib.h>
#include <string.h>

void cli_jobs_help(FILE *out)
{
    fputs("Usage: motcua jobs run-once [--db PATH | postgresql://…] [--now YYYY-MM-DDTHH:MM]\n\n"
          "Runs the background jobs once: deadline warnings before a step or a dossier is\n"
          "due, overdue marks and apology proposals, written as notifications for the staff.\n"
          "A job another instance is running (it holds the job's lease) is skipped.\n"
          "  --db   SQLite file or PostgreSQL URL (default var/motcua.db, env MOTCUA_DB)\n"
          "  --now  the moment to judge deadlines at, Vietnam time (default: now)\n"
          "Environment: MOTCUA_DEADLINE_WARN — warn this many seconds of working time before a\n"
          "due moment (default: one working day of the receiving unit's office hours);\n"
          "MOTCUA_JOB_INTERVAL — seconds between rounds in `motcua serve` (default 60);\n"
          "MOTCUA_JOB_HOLDER — this instance's name on the job leases, unique per instance\n"
          "(default host:pid:n), so that a restarted instance takes its leases back at once.\n"
          "Delivery of e-mail and SMS (docs/notifications.md): MOTCUA_SMTP_URL,\n"
          "MOTCUA_MAIL_FROM, MOTCUA_SMS_WEBHOOK, MOTCUA_ZALO_WEBHOOK, MOTCUA_BASE_URL (lookup\n"
          "link), MOTCUA_DELIVERY_BACKOFF (first retry delay, default 60 s),\n"
          "MOTCUA_DELIVERY_ATTEMPTS (default 8).\n",
          out);
}

void cli_jobs_config(struct jobs_config *cfg)
{
    *cfg = (struct jobs_config){.interval_seconds = cli_env_int("MOTCUA_JOB_INTERVAL", 60),
                                .warn_before_seconds = cli_env_int("MOTCUA_DEADLINE_WARN", 0),
                                .holder = getenv("MOTCUA_JOB_HOLDER"),
                                .delivery = {
                                    .smtp_url = getenv("MOTCUA_SMTP_URL"),
                                    .mail_from = getenv("MOTCUA_MAIL_FROM"),
                                    .sms_webhook = getenv("MOTCUA_SMS_WEBHOOK"),
                                    .zalo_webhook = getenv("MOTCUA_ZALO_WEBHOOK"),
                                    .webhook_secret = getenv("MOTCUA_WEBHOOK_SECRET"),
                                    .base_url = getenv("MOTCUA_BASE_URL"),
                                    .backoff_seconds = cli_env_int("MOTCUA_DELIVERY_BACKOFF", 0),
                                    .max_attempts = cli_env_int("MOTCUA_DELIVERY_ATTEMPTS", 0),
                                }};
}

static int run_once(int argc, char **argv)
{
    struct jobs_config cfg;
    cli_jobs_config(&cfg);
    if (cfg.warn_before_seconds < 0)
        return cli_usage_error("MOTCUA_DEADLINE_WARN must be 0 or more seconds");
    const char *when = cli_option(argc, argv, "--now", NULL, NULL);
    int64_t now = svc_now();
    struct err e = {0};
    if (when && cal_parse_datetime(when, &now, &e) != 0)
        return cli_usage_error("--now must be YYYY-MM-DDTHH:MM (got '%s')", when);
    struct svc *s = NULL;
    if (cli_open(argc, argv, &s) != 0)
        return 1;
    struct jobs_report reports[16];
    int n = 0;
    int rc = jobs_run_once(s, &cfg, now, reports, 16, &n, &e);
    for (int i = 0; i < n; i++)
        printf("%s: %s\n", reports[i].job, reports[i].summary);
    svc_close(s);
    if (rc)
        fprintf(stderr, "motcua: %s\n", e.msg);
    return rc ? 1 : 0;
}

int cli_jobs(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("usage: motcua jobs run-once [--db …] [--now YYYY-MM-DDTHH:MM]");
    if (strcmp(argv[1], "run-once") == 0)
        return run_once(argc - 1, argv + 1);
    return cli_usage_error("unknown jobs command '%s'; see motcua jobs --help", argv[1]);
}
