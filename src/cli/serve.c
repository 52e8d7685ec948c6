/* serve.c — `motcua serve`: the HTTP server. On a database with no users it loads the demo
 * data first and prints the demo logins. SIGTERM or SIGINT stops it gracefully: it stops
 * accepting, lets requests in flight finish, then closes the database. */
#include "cli.h"

#include "api.h"
#include "app.h"
#include "http.h"
#include "log.h"
#include "svc.h"
#include "web.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

void cli_serve_help(FILE *out)
{
    fputs("Usage: motcua serve [--listen ADDR:PORT] [--db PATH | postgresql://…]\n"
          "                    [--port-file FILE] [--base-url URL]\n\n"
          "Serves the public portal (/), the staff desk (/desk) and the JSON API (/api/v1).\n"
          "  --listen     address and port (default 127.0.0.1:8080, env MOTCUA_LISTEN);\n"
          "               port 0 picks a free port\n"
          "  --db         SQLite file or PostgreSQL URL (default var/motcua.db, env MOTCUA_DB);\n"
          "               a database without users is filled with the demo data\n"
          "  --port-file  write the port actually listened on to FILE once serving\n"
          "  --base-url   public address used in QR codes and e-mails (env MOTCUA_BASE_URL)\n"
          "Environment: MOTCUA_THREADS, MOTCUA_POOL, MOTCUA_UPLOAD_DIR, MOTCUA_SESSION_IDLE,\n"
          "MOTCUA_SESSION_MAX, MOTCUA_LOGIN_MAX_FAILURES, MOTCUA_LOGIN_MAX_PER_IP,\n"
          "MOTCUA_SECURE_COOKIES=1 (behind HTTPS), MOTCUA_LOG=debug|info|warn|error.\n",
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

static int serve(struct svc *s, const char *addr, uint16_t port, const char *port_file,
                 const char *base_url)
{
    struct app app = {.svc = s,
                      .base_url = base_url,
                      .error_page = web_error_page,
                      .secure_cookies = cli_env_int("MOTCUA_SECURE_COOKIES", 0)};
    struct http_config cfg = {
        .listen_addr = addr,
        .port = port,
        .threads = (unsigned)cli_env_int("MOTCUA_THREADS", 0),
        .upload_dir = getenv("MOTCUA_UPLOAD_DIR") ? getenv("MOTCUA_UPLOAD_DIR") : "var/uploads",
        .before = app_before,
        .error_page = web_error_page,
        .metrics_extra = metrics_extra,
        .app = &app,
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
    printf("motcua: serving on http://%s:%u/\n", addr, actual);
    fflush(stdout);
    if (port_file)
        write_port_file(port_file, actual);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    int sig = 0;
    sigwait(&set, &sig);
    log_info("signal %d: stopping", sig);
    http_server_stop(srv, 10);
    free(routes);
    return 0;
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
    if (cli_prepare(s, 1, &created) != 0 || web_init(&e) != 0) {
        if (e.msg[0])
            fprintf(stderr, "motcua: %s\n", e.msg);
        svc_close(s);
        return 1;
    }
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
