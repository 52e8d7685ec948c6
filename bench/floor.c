/* floor.c — the HTTP floor of `make bench`: a bare libmicrohttpd daemon that answers every
 * request with a fixed 200, started with exactly the threading and limits motcua's
 * src/http/server.c uses (a pool of poll() loops, 4 per online CPU between 4 and 64, or
 * MOTCUA_THREADS; the same connection, per-address, timeout and memory limits). Whatever
 * motcua's own requests/s are, this is what the same daemon does with no work at all on
 * this machine, so their ratio is the share of the machine motcua's handlers leave.
 *
 *   bench_floor PORT_FILE    listens on a free loopback port, writes it to PORT_FILE,
 *                            stops on SIGTERM or SIGINT */
#include <microhttpd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BODY "{\"status\":\"ok\"}"

/* The same defaults as src/http/server.c's apply_defaults(); keep them in step. */
#define MAX_CONNECTIONS 256
#define MAX_PER_IP      64
#define TIMEOUT_SECONDS 30
#define MEMORY_LIMIT    ((16 + 4) * 1024)

static unsigned thread_count(void)
{
    const char *env = getenv("MOTCUA_THREADS");
    long n = env ? strtol(env, NULL, 10) : 0;
    if (n > 0)
        return (unsigned)n;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    n = 4 * (cpus > 0 ? cpus : 1);
    return (unsigned)(n < 4 ? 4 : n > 64 ? 64 : n);
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **state)
{
    struct MHD_Response *fixed = cls;
    (void)url;
    (void)method;
    (void)version;
    (void)upload;
    /* Like motcua, reply only once the whole request (and any body) has been read. */
    if (!*state) {
        *state = c;
        return MHD_YES;
    }
    if (*upload_size) {
        *upload_size = 0;
        return MHD_YES;
    }
    return MHD_queue_response(c, MHD_HTTP_OK, fixed);
}

static int write_port(const char *path, unsigned port)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "%u\n", port);
    return fclose(f);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_floor PORT_FILE\n");
        return 2;
    }
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    struct MHD_Response *fixed =
        MHD_create_response_from_buffer(strlen(BODY), (void *)BODY, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(fixed, "Content-Type", "application/json");
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0, NULL,
        NULL, answer, fixed, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, thread_count(), MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)MAX_CONNECTIONS, MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)MAX_PER_IP,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)TIMEOUT_SECONDS,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)MEMORY_LIMIT, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "bench_floor: cannot listen\n");
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    int rc = write_port(argv[1], info ? info->port : 0) ? 1 : 0;
    int sig = 0;
    if (!rc)
        sigwait(&stop, &sig);
    MHD_stop_daemon(d);
    MHD_destroy_response(fixed);
    return rc;
}
