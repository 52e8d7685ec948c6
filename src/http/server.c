/* server.c — the libmicrohttpd daemon: limits, threads, start and graceful stop.
 *
 * Threading: an internal pool of cfg.threads event loops (MHD_OPTION_THREAD_POOL_SIZE), not a
 * thread per connection. Why:
 *  - Slow or idle clients cost a socket and a little memory, never a thread: reading headers
 *    and bodies and writing responses is event-driven, so a slowloris client cannot pin
 *    threads, and keep-alive connections are free. With a thread per connection every one
 *    of max_connections could hold a thread (and its stack) for timeout_seconds.
 *  - Handlers block on the database, and a blocked handler stalls the other connections of
 *    its event loop. But the work that blocks is bounded by the database pool anyway: with
 *    cfg.threads at or a little above the pool size every pool connection can be busy while
 *    the remaining threads keep serving requests that do not need the database (/healthz,
 *    static assets, cached pages). So cfg.threads is the number of requests that can be
 *    inside handlers at once, and the DB pool should be sized to match it.
 *  - On the project's 2-core reference machine a bare MHD measured 42.7 k req/s with an
 *    epoll pool against 22.0 k req/s thread-per-connection (docs/architecture.md); bench/
 *    is where this choice gets re-measured with real handlers.
 * Default threads: 4 per online CPU, between 4 and 64.
 * The loops use poll(), not epoll: in libmicrohttpd 0.9.75 MHD_quiesce_daemon() on an epoll
 * daemon with internal threads races with the workers over removing the listening socket from
 * their epoll sets and can abort the process (MHD_PANIC "Failed to remove listen FD from epoll
 * set", seen in this project's graceful-stop test under ASan). With at most max_connections /
 * threads sockets per loop, poll() costs next to nothing more.
 *
 * Limits: max_connections in total, max_per_ip from one address, timeout_seconds of
 * inactivity, max_header via MHD's per-connection memory pool (request line and headers must
 * fit, otherwise MHD answers 431/413 itself), and the body limits enforced in body.c.
 *
 * Graceful stop: quiesce (close the listening socket so the load balancer moves on), answer
 * further keep-alive requests with "Connection: close", wait until no request is in flight
 * or the grace period is over, then stop the daemon. */
#include "http_internal.h"

#include "log.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KIB ((size_t)1024)
#define MIB (KIB * KIB)
/* Room in the connection pool beyond the request headers: response headers and the read
 * buffer for the body. */
#define POOL_SLACK (4 * KIB)

static unsigned default_threads(void)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    long n = 4 * (cpus > 0 ? cpus : 1);
    return (unsigned)(n < 4 ? 4 : n > 64 ? 64 : n);
}

static void apply_defaults(struct http_config *c)
{
    if (!c->listen_addr)
        c->listen_addr = "127.0.0.1";
    if (!c->max_body)
        c->max_body = 1 * MIB;
    if (!c->max_upload)
        c->max_upload = 20 * MIB;
    if (!c->max_header)
        c->max_header = 16 * KIB;
    if (!c->max_response)
        c->max_response = 64 * MIB;
    if (!c->max_connections)
        c->max_connections = 256;
    if (!c->timeout_seconds)
        c->timeout_seconds = 30;
    if (!c->threads)
        c->threads = default_threads();
    if (!c->upload_dir)
        c->upload_dir = "var/tmp";
    if (!c->max_per_ip)
        c->max_per_ip = 64;
    if (!c->max_files)
        c->max_files = 10;
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)c;
    return http_exchange_new(cls, uri);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)url;
    (void)version;
    if (!*con_cls)
        *con_cls = http_exchange_new(cls, "");
    return http_exchange_step(*con_cls, c, method, upload_data, upload_data_size);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    if (*con_cls)
        http_exchange_end(*con_cls);
    *con_cls = NULL;
}

__attribute__((format(printf, 2, 0))) static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[512];
    vsnprintf(line, sizeof line, fmt, ap);
    line[strcspn(line, "\n")] = '\0';
    log_warn("http mhd: %s", line);
}

/* The MHD URL decoder stops at %00 and hides broken escapes; the router decodes instead. */
static size_t keep_escaped(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    return strlen(s);
}

union any_addr {
    struct sockaddr sa;
    struct sockaddr_in in4;
    struct sockaddr_in6 in6;
};

static int resolve(const struct http_config *cfg, union any_addr *addr, unsigned *flags,
                   struct err *e)
{
    memset(addr, 0, sizeof *addr);
    if (inet_pton(AF_INET, cfg->listen_addr, &addr->in4.sin_addr) == 1) {
        addr->in4.sin_family = AF_INET;
        addr->in4.sin_port = htons(cfg->port);
        return 0;
    }
    if (inet_pton(AF_INET6, cfg->listen_addr, &addr->in6.sin6_addr) == 1) {
        addr->in6.sin6_family = AF_INET6;
        addr->in6.sin6_port = htons(cfg->port);
        *flags |= MHD_USE_IPv6;
        return 0;
    }
    return err_set(e, E_INVALID, "listen", "not an IP address: %s", cfg->listen_addr);
}

static int start_daemon(struct http_server *s, struct err *e)
{
    const struct http_config *cfg = &s->cfg;
    unsigned flags =
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    union any_addr addr;
    int rc = resolve(cfg, &addr, &flags, e);
    if (rc)
        return rc;
    s->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, s,
        MHD_OPTION_SOCK_ADDR, &addr.sa, MHD_OPTION_THREAD_POOL_SIZE, cfg->threads,
        MHD_OPTION_CONNECTION_LIMIT, cfg->max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        cfg->max_per_ip, MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_seconds,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, cfg->max_header + POOL_SLACK,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, s, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, s, MHD_OPTION_END);
    if (!s->daemon)
        return err_set(e, E_UNAVAILABLE, "listen", "cannot listen on %s port %u", cfg->listen_addr,
                       (unsigned)cfg->port);
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : cfg->port;
    return 0;
}

static void server_free(struct http_server *s)
{
    http_router_free(s->router);
    http_metrics_free(s->metrics);
    http_proxies_free(s->proxies);
    free((void *)s->routes);
    free(s);
}

int http_server_start(const struct http_config *cfg, const struct http_route *routes, int nroutes,
                      struct http_server **out, struct err *e)
{
    if (nroutes < 0 || (nroutes > 0 && !routes))
        return err_set(e, E_INVALID, "routes", "bad route table");
    struct http_server *s = calloc(1, sizeof *s);
    if (!s)
        return err_set(e, E_NOMEM, "", "out of memory");
    s->cfg = *cfg;
    apply_defaults(&s->cfg);
    /* A private copy: callers may build the table on the heap and free it after start (the
     * pattern and method strings must stay, as string literals do). */
    struct http_route *copy = calloc((size_t)(nroutes > 0 ? nroutes : 1), sizeof *copy);
    if (!copy) {
        free(s);
        return err_set(e, E_NOMEM, "", "out of memory");
    }
    if (nroutes > 0)
        memcpy(copy, routes, (size_t)nroutes * sizeof *copy);
    s->routes = copy;
    s->nroutes = nroutes;
    int rc = http_router_new(s->routes, nroutes, &s->router, e);
    if (!rc)
        rc = http_proxies_parse(s->cfg.trusted_proxies, &s->proxies, e);
    if (!rc)
        rc = http_upload_dir_prepare(s->cfg.upload_dir, e);
    if (!rc) {
        s->metrics = http_metrics_new(s->routes, nroutes);
        rc = start_daemon(s, e);
    }
    if (rc) {
        server_free(s);
        return rc;
    }
    log_info("http listening addr=%s port=%u threads=%u", s->cfg.listen_addr, (unsigned)s->port,
             s->cfg.threads);
    *out = s;
    return 0;
}

uint16_t http_server_port(const struct http_server *s)
{
    return s->port;
}

static void wait_in_flight(struct http_server *s, unsigned grace_seconds)
{
    struct timespec start, now, tick = {0, 10 * 1000 * 1000};
    clock_gettime(CLOCK_MONOTONIC, &start);
    while (atomic_load(&s->in_flight) > 0) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - start.tv_sec >= (time_t)grace_seconds) {
            log_warn("http stopping with %d requests still in flight", atomic_load(&s->in_flight));
            return;
        }
        nanosleep(&tick, NULL);
    }
}

void http_server_stop(struct http_server *s, unsigned grace_seconds)
{
    if (!s)
        return;
    atomic_store(&s->stopping, 1);
    MHD_socket listen_fd = MHD_quiesce_daemon(s->daemon);
    if (listen_fd != MHD_INVALID_SOCKET)
        close(listen_fd);
    wait_in_flight(s, grace_seconds);
    MHD_stop_daemon(s->daemon);
    server_free(s);
    log_info("http stopped");
}
