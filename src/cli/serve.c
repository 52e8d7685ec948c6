/* serve.c — `motcua serve`: the HTTP server. On a database with no users it loads the demo
 * data first and prints the demo logins, unless MOTCUA_DEMO=0 (the Debian package's setting:
 * an installed server must never carry the public demo passwords). SIGTERM or SIGINT stops it
 * gracefully: it stops accepting, lets requests in flight finish, then closes the database.
 * Under systemd (Type=notify) it tells the service manager when it is ready and when it is
 * stopping; without NOTIFY_SOCKET those messages go nowhere. */
#include "cli.h"

#include "api.h"
#include "app.h"
#include "db.h"
#include "http.h"
#include "jobs.h"
#include "log.h"
#include "svc_portal.h"
#include "svc.h"
#include "svc_exchange.h"
#include "svc_jobs.h"
#include "svc_oidc.h"
#include "web.h"

#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>

void cli_serve_help(FILE *out)
{
    fputs("Usage: motcua serve [--listen ADDR:PORT] [--db PATH | postgresql://…]\n"
          "                    [--port-file FILE] [--base-url URL]\n\n"
          "Serves the public portal (/), the staff desk (/desk) and the JSON API (/api/v1).\n"
          "  --listen     address and port (default 127.0.0.1:8080, env MOTCUA_LISTEN);\n"
          "               port 0 picks a free port\n"
          "  --db         SQLite file or PostgreSQL URL (default var/motcua.db, env MOTCUA_DB);\n"
          "               a database without users is filled with the demo data, unless\n"
          "               MOTCUA_DEMO=0 (then create an admin with `motcua user add`)\n"
          "  --port-file  write the port actually listened on to FILE once serving\n"
          "  --base-url   public address used in QR codes and e-mails (env MOTCUA_BASE_URL)\n"
          "  --files-dir  stored uploads, outside any web root (default var/files,\n"
          "               env MOTCUA_FILES_DIR)\n"
          "Environment: MOTCUA_THREADS, MOTCUA_POOL, MOTCUA_UPLOAD_DIR, MOTCUA_MAX_UPLOAD (bytes\n"
          "per uploaded file, default 20 MiB), MOTCUA_SESSION_IDLE,\n"
          "MOTCUA_SESSION_MAX, MOTCUA_LOGIN_MAX_FAILURES, MOTCUA_LOGIN_MAX_PER_IP,\n"
          "MOTCUA_LOOKUP_RATE (public lookups per address and minute, default 60),\n"
          "MOTCUA_LOGIN_SLOW_AFTER, MOTCUA_LOGIN_SLOW_SECONDS (docs/architecture.md),\n"
          "MOTCUA_DB_READONLY (postgresql://… of a hot standby: statistics and reports read\n"
          "there, with the lag shown; PostgreSQL only; docs/operations.md),\n"
          "MOTCUA_SECURE_COOKIES=1 (behind HTTPS), MOTCUA_LOG=debug|info|warn|error.\n"
          "Behind a reverse proxy (docs/operations.md): MOTCUA_TRUSTED_PROXIES (addresses and\n"
          "CIDR ranges whose X-Forwarded-For is believed), MOTCUA_MAX_PER_IP (connections from\n"
          "one address, default 64; the proxy is one address).\n"
          "MOTCUA_METRICS_TOKEN: /metrics also to \"Authorization: Bearer TOKEN\" (else only\n"
          "to loopback clients not forwarded by a proxy; docs/http.md).\n"
          "Login through an OpenID Connect provider (docs/oidc.md): MOTCUA_OIDC_ISSUER,\n"
          "MOTCUA_OIDC_CLIENT_ID, MOTCUA_OIDC_CLIENT_SECRET (none: a public client),\n"
          "MOTCUA_OIDC_REDIRECT (default BASE_URL/oidc/callback).\n"
          "Tests only: MOTCUA_FAULT_NTH=N fails the N-th statement with MOTCUA_FAULT_CODE.\n"
          "Background jobs: MOTCUA_JOB_INTERVAL (seconds between rounds, default 60; 0 runs\n"
          "none in this instance), MOTCUA_DEADLINE_WARN (see motcua jobs --help).\n"
          "Notifications (docs/notifications.md): MOTCUA_SMTP_URL, MOTCUA_SMS_WEBHOOK,\n"
          "MOTCUA_ZALO_WEBHOOK, MOTCUA_WEBHOOK_SECRET (signs the webhook bodies and checks the\n"
          "gateways' delivery receipts), MOTCUA_CODE_KEY (64 hex digits, the same on every\n"
          "instance: seals one-time codes until they are delivered).\n",
          out);
}

static int parse_listen(const char *s, char *addr, size_t addrlen, uint16_t *port)
{
    const char *colon = strrchr(s, ':');
    if (!colon || colon == s || (size_t)(colon - s) >= addrlen)
        return -1;
    char *end = NULL;
    long p = strtol(colon + 1, &end, 10);
    if (*end || p < 0 || p > 65535 || end == colon + 1)
        return -1;
    memcpy(addr, s, (size_t)(colon - s));
    addr[colon - s] = '\0';
    *port = (uint16_t)p;
    return 0;
}

/* The standby the reports read from (MOTCUA_DB_READONLY), when one is configured. */
static void report_source_metrics(struct buf *out, struct svc *s)
{
    struct svc_report_source src;
    svc_report_source(s, &src);
    if (!src.configured)
        return;
    buf_printf(out,
               "# HELP motcua_db_readonly_up 1 while reports read from the standby, 0 while they "
               "fall back to the primary.\n"
               "# TYPE motcua_db_readonly_up gauge\nmotcua_db_readonly_up %d\n"
               "# HELP motcua_db_readonly_lag_seconds How far the standby was behind the primary "
               "at the last report read from it.\n"
               "# TYPE motcua_db_readonly_lag_seconds gauge\n"
               "motcua_db_readonly_lag_seconds %.3f\n"
               "# HELP motcua_db_readonly_fallbacks_total Reports read from the primary because "
               "the standby failed.\n"
               "# TYPE motcua_db_readonly_fallbacks_total counter\n"
               "motcua_db_readonly_fallbacks_total %lld\n",
               src.standby, (double)src.lag_ms / 1000.0, (long long)src.fallbacks);
}

/* The exchange layer per partner (docs/exchange.md): the numbers of the operator's page. */
static void exchange_metrics(struct buf *out, struct svc *s)
{
    struct arena *a = arena_new();
    struct svc_exchange_partner_view *v = NULL;
    int n = 0;
    struct err e = {0};
    if (svc_exchange_metrics(s, a, svc_now(), &v, &n, &e) == 0 && n > 0) {
        static const struct {
            const char *name, *type, *help;
            size_t off;
        } m[] = {
            {"motcua_exchange_queued", "gauge", "Messages to a partner not yet acknowledged.",
             offsetof(struct svc_exchange_partner_view, queued)},
            {"motcua_exchange_failed", "gauge",
             "Messages a partner refused, waiting for an operator's resend or skip.",
             offsetof(struct svc_exchange_partner_view, failed)},
            {"motcua_exchange_retrying", "gauge",
             "Messages waiting to be tried again after a failed attempt.",
             offsetof(struct svc_exchange_partner_view, retrying)},
            {"motcua_exchange_oldest_unsent_timestamp_seconds", "gauge",
             "When the oldest unacknowledged message was queued (0: none).",
             offsetof(struct svc_exchange_partner_view, oldest_unsent_at)},
            {"motcua_exchange_lag_seconds", "gauge",
             "How long the oldest unacknowledged message has waited.",
             offsetof(struct svc_exchange_partner_view, lag_seconds)},
            {"motcua_exchange_acked_total", "counter", "Messages a partner acknowledged.",
             offsetof(struct svc_exchange_partner_view, acked)},
            {"motcua_exchange_skipped_total", "counter", "Messages an operator gave up.",
             offsetof(struct svc_exchange_partner_view, skipped)},
            {"motcua_exchange_received_total", "counter",
             "Inbound messages from a partner applied (duplicates not counted).",
             offsetof(struct svc_exchange_partner_view, received)},
        };
        for (size_t k = 0; k < sizeof m / sizeof m[0]; k++) {
            buf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", m[k].name, m[k].help, m[k].name,
                       m[k].type);
            for (int i = 0; i < n; i++)
                buf_printf(out, "%s{partner=\"%s\"} %lld\n", m[k].name, v[i].name,
                           (long long)*(const int64_t *)((const char *)&v[i] + m[k].off));
        }
    }
    arena_free(a);
}

static void metrics_extra(struct buf *out, void *appv)
{
    struct app *app = appv;
    int in_use = 0, size = 0;
    svc_pool_stats(app->svc, &in_use, &size);
    buf_printf(out,
               "# HELP motcua_db_pool_in_use Database connections in use.\n"
               "# TYPE motcua_db_pool_in_use gauge\nmotcua_db_pool_in_use %d\n"
               "# HELP motcua_db_pool_size Database connections allowed.\n"
               "# TYPE motcua_db_pool_size gauge\nmotcua_db_pool_size %d\n",
               in_use, size);
    report_source_metrics(out, app->svc);
    /* The job queue: outbox messages by channel and status (a small grouped count). */
    struct arena *a = arena_new();
    struct svc_outbox_count *counts = NULL;
    int n = 0;
    struct err e = {0};
    if (svc_outbox_pending(app->svc, &svc_system, a, &counts, &n, &e) == 0) {
        buf_puts(out, "# HELP motcua_outbox_messages Outbox messages by channel and status.\n"
                      "# TYPE motcua_outbox_messages gauge\n");
        for (int i = 0; i < n; i++)
            buf_printf(out, "motcua_outbox_messages{channel=\"%s\",status=\"%s\"} %lld\n",
                       counts[i].channel, counts[i].status, (long long)counts[i].count);
    }
    arena_free(a);
    exchange_metrics(out, app->svc);
    int64_t diffs = 0;
    if (svc_portal_difference_count(app->svc, &diffs, &e) == 0)
        buf_printf(out,
                   "# HELP motcua_portal_differences Differences the last reconciliation found "
                   "between our dossiers and the national portal's view.\n"
                   "# TYPE motcua_portal_differences gauge\nmotcua_portal_differences %lld\n",
                   (long long)diffs);
}

/* All routes: the API's and the pages'. */
static struct http_route *all_routes(int *n)
{
    int na = 0, nw = 0;
    const struct http_route *a = api_routes(&na), *w = web_routes(&nw);
    struct http_route *all = calloc((size_t)(na + nw), sizeof *all);
    if (!all)
        abort();
    memcpy(all, a, sizeof *a * (size_t)na);
    memcpy(all + na, w, sizeof *w * (size_t)nw);
    *n = na + nw;
    return all;
}

static void set_log_level(void)
{
    const char *l = getenv("MOTCUA_LOG");
    if (!l)
        return;
    static const char *names[] = {"debug", "info", "warn", "error", "off"};
    for (int i = 0; i < 5; i++)
        if (strcmp(l, names[i]) == 0)
            log_set_level((enum log_level)i);
}

static void write_port_file(const char *path, uint16_t port)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return;
    fprintf(f, "%u\n", port);
    fclose(f);
    rename(tmp, path);
}

/* The background jobs (deadline warnings…) beside the server; none when the interval is 0. */
static struct jobs *start_jobs(struct svc *s)
{
    struct jobs_config cfg;
    struct jobs *j = NULL;
    struct err e = {0};
    cli_jobs_config(&cfg);
    if (cfg.interval_seconds <= 0)
        return NULL;
    if (jobs_start(s, &cfg, &j, &e) != 0)
        fprintf(stderr, "motcua: background jobs not started: %s\n", e.msg);
    return j;
}

/* Login through an OpenID Connect provider when MOTCUA_OIDC_ISSUER is set; 1 when it is set
 * but wrong (the server must not start half-configured). */
static int start_oidc(struct svc *s, const char *base_url, struct svc_oidc **out)
{
    *out = NULL;
    const char *issuer = getenv("MOTCUA_OIDC_ISSUER");
    if (!issuer || !*issuer)
        return 0;
    char redirect[512];
    const char *configured = getenv("MOTCUA_OIDC_REDIRECT");
    snprintf(redirect, sizeof redirect, "%s/oidc/callback", base_url);
    struct svc_oidc_config cfg = {
        .issuer = issuer,
        .client_id = getenv("MOTCUA_OIDC_CLIENT_ID"),
        .client_secret = getenv("MOTCUA_OIDC_CLIENT_SECRET"),
        .redirect_uri = configured && *configured ? configured : redirect,
    };
    struct err e = {0};
    if (svc_oidc_new(s, &cfg, out, &e) != 0) {
        fprintf(stderr, "motcua: %s: %s\n", e.field, e.msg);
        return 1;
    }
    return 0;
}

static int serve(struct svc *s, const char *addr, uint16_t port, const char *port_file,
                 const char *base_url)
{
    struct app app = {.svc = s,
                      .base_url = base_url,
                      .error_page = web_error_page,
                      .secure_cookies = cli_env_int("MOTCUA_SECURE_COOKIES", 0)};
    int max_upload = cli_env_int("MOTCUA_MAX_UPLOAD", 0);
    struct http_config cfg = {
        .listen_addr = addr,
        .port = port,
        .threads = (unsigned)cli_env_int("MOTCUA_THREADS", 0),
        .upload_dir = getenv("MOTCUA_UPLOAD_DIR") ? getenv("MOTCUA_UPLOAD_DIR") : "var/uploads",
        .max_upload = max_upload > 0 ? (size_t)max_upload : 0,
        .before = app_before,
        .error_page = web_error_page,
        .metrics_extra = metrics_extra,
        .metrics_token = getenv("MOTCUA_METRICS_TOKEN"),
        .app = &app,
        .max_per_ip = (unsigned)cli_env_int("MOTCUA_MAX_PER_IP", 0),
        .trusted_proxies = getenv("MOTCUA_TRUSTED_PROXIES"),
    };
    int nroutes = 0;
    struct http_route *routes = all_routes(&nroutes);
    struct http_server *srv = NULL;
    struct err e = {0};
    if (http_server_start(&cfg, routes, nroutes, &srv, &e) != 0) {
        fprintf(stderr, "motcua: cannot listen on %s:%u: %s\n", addr, port, e.msg);
        free(routes);
        return 1;
    }
    uint16_t actual = http_server_port(srv);
    /* Without --base-url the public address is the one listened on; known only now when the
     * port was 0, and set before the port is announced, so no request can see it unset. */
    char own_base[300];
    if (!base_url) {
        snprintf(own_base, sizeof own_base, "http://%s:%u", addr, actual);
        app.base_url = own_base;
    }
    if (start_oidc(s, app.base_url, &app.oidc) != 0) {
        http_server_stop(srv, 0);
        free(routes);
        return 1;
    }
    printf("motcua: serving on http://%s:%u/\n", addr, actual);
    fflush(stdout);
    if (port_file)
        write_port_file(port_file, actual);
    struct jobs *jobs = start_jobs(s);
    sd_notifyf(0, "READY=1\nSTATUS=serving on http://%s:%u/", addr, actual);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    int sig = 0;
    sigwait(&set, &sig);
    log_info("signal %d: stopping", sig);
    sd_notify(0, "STOPPING=1");
    jobs_stop(jobs);
    http_server_stop(srv, 10);
    svc_oidc_free(app.oidc);
    free(routes);
    return 0;
}

/* The outage tests drive the server as a separate process, which cannot call
 * db_fault_inject itself: MOTCUA_FAULT_NTH=N makes the N-th statement after start fail with
 * MOTCUA_FAULT_CODE (default E_UNAVAILABLE, as a full disk or a lost server gives). Read once,
 * after the database is prepared, so migrations and demo data are not counted. */
static void inject_fault_from_env(void)
{
    int nth = cli_env_int("MOTCUA_FAULT_NTH", 0);
    int code = cli_env_int("MOTCUA_FAULT_CODE", E_UNAVAILABLE);
    if (nth <= 0)
        return;
    db_fault_inject(nth, code);
    log_warn("fault injection: statement %d after start will fail with error %d", nth, code);
}

int cli_serve(int argc, char **argv)
{
    char addr[256];
    uint16_t port = 0;
    const char *listen = cli_option(argc, argv, "--listen", "MOTCUA_LISTEN", "127.0.0.1:8080");
    if (parse_listen(listen, addr, sizeof addr, &port) != 0)
        return cli_usage_error("--listen must be ADDR:PORT, e.g. 127.0.0.1:8080 (got '%s')",
                               listen);
    set_log_level();
    /* Block the stop signals before any thread starts so that every thread inherits the mask
     * and only sigwait() in this thread receives them. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    struct svc *s = NULL;
    int created = 0;
    struct err e = {0};
    if (cli_open(argc, argv, &s) != 0)
        return 1;
    if (cli_prepare(s, cli_env_int("MOTCUA_DEMO", 1) != 0, &created) != 0 || web_init(&e) != 0) {
        if (e.msg[0])
            fprintf(stderr, "motcua: %s\n", e.msg);
        svc_close(s);
        return 1;
    }
    inject_fault_from_env();
    if (created) {
        printf("motcua: created %s with demo data\n", cli_db_url(argc, argv));
        cli_print_demo_logins(stdout);
    }
    int rc = serve(s, addr, port, cli_option(argc, argv, "--port-file", NULL, NULL),
                   cli_option(argc, argv, "--base-url", "MOTCUA_BASE_URL", NULL));
    web_shutdown();
    svc_close(s);
    return rc;
}
