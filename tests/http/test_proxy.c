/* test_proxy.c — motcua behind Debian's nginx with the shipped site (packaging/nginx.conf,
 * only its addresses, ports and certificate paths changed): TLS in front, the HTTP port
 * redirecting to HTTPS, and the real client seen through X-Forwarded-For — rate limits count
 * each client behind the proxy on its own, a client cannot borrow another's address by
 * sending the header through the proxy, and a client that talks to motcua directly cannot
 * pretend to be anyone (it is not a trusted proxy). Clients are told apart by the loopback
 * address they connect from (curl --interface 127.0.0.N). */
#include "tdesk.h"
#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static char out[8192];
static unsigned https_port, http_port;
static pid_t nginx_pid;

/* A shell command's output lands in out. */
#define sh(...) td_sh(out, sizeof out, __VA_ARGS__)

static unsigned free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    close(fd);
    return ntohs(a.sin_port);
}

static unsigned motcua_port(void)
{
    const char *url = test_env("MOTCUA_TEST_URL", "");
    const char *colon = strrchr(url, ':');
    return colon ? (unsigned)atoi(colon + 1) : 0;
}

/* The shipped site with this machine's ports and a fresh self-signed certificate. */
static void write_config(const char *w)
{
    assert_int_equal(sh("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost "
                        "-keyout '%s/tls.key' -out '%s/tls.pem' 2>&1",
                        w, w),
                     0);
    assert_int_equal(
        sh("sed -e 's|listen 443 ssl http2;|listen 127.0.0.1:%u ssl http2;|' "
           "-e 's|listen 80;|listen 127.0.0.1:%u;|' -e '/listen \\[::\\]/d' "
           "-e 's|server 127.0.0.1:8080;|server 127.0.0.1:%u;|' "
           "-e 's|/etc/ssl/certs/motcua.pem|%s/tls.pem|' "
           "-e 's|/etc/ssl/private/motcua.key|%s/tls.key|' "
           "-e 's|return 301 https://$host$request_uri;|return 301 "
           "https://$host:%u$request_uri;|' '%s/packaging/nginx.conf' > '%s/site.conf'",
           https_port, http_port, motcua_port(), w, w, https_port,
           test_env("MOTCUA_SOURCE_DIR", "."), w),
        0);
    FILE *f = fopen(strcat(strcpy(out, w), "/nginx.conf"), "w");
    assert_non_null(f);
    fprintf(f,
            "daemon off;\nmaster_process on;\nworker_processes 1;\nuser root;\n"
            "pid %s/nginx.pid;\nerror_log %s/nginx.err warn;\nevents {}\nhttp {\n"
            "  access_log off;\n  client_body_temp_path %s/body;\n  proxy_temp_path %s/proxy;\n"
            "  fastcgi_temp_path %s/fcgi;\n  uwsgi_temp_path %s/uwsgi;\n  scgi_temp_path %s/scgi;\n"
            "  include %s/site.conf;\n}\n",
            w, w, w, w, w, w, w, w);
    fclose(f);
}

static int nginx_answers(void)
{
    return sh("curl -sk -o /dev/null -w '%%{http_code}' https://127.0.0.1:%u/healthz",
              https_port) == 0 &&
           strcmp(out, "200") == 0;
}

static int start_nginx(void **state)
{
    (void)state;
    const char *w = test_env("MOTCUA_TEST_WORK", "/tmp");
    https_port = free_port();
    http_port = free_port();
    write_config(w);
    char conf[1024], prefix[1024];
    snprintf(conf, sizeof conf, "%s/nginx.conf", w);
    snprintf(prefix, sizeof prefix, "%s/", w);
    nginx_pid = fork();
    if (nginx_pid == 0) {
        execlp("nginx", "nginx", "-c", conf, "-p", prefix, "-e", "stderr", (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 500 && !nginx_answers(); i++)
        usleep(20000);
    if (!nginx_answers()) {
        sh("cat '%s/nginx.err' 2>&1", w);
        fprintf(stderr, "nginx did not start: %s\n", out);
        return -1;
    }
    return 0;
}

static int stop_nginx(void **state)
{
    (void)state;
    if (nginx_pid > 0) {
        kill(nginx_pid, SIGTERM);
        waitpid(nginx_pid, NULL, 0);
    }
    return 0;
}

/* One public lookup from the loopback address 127.0.0.<who>, through nginx (TLS) or straight
 * to motcua, with an X-Forwarded-For header of the client's own when spoof is not NULL: the
 * HTTP status. */
static int lookup(int who, int via_nginx, const char *spoof)
{
    char header[128] = "";
    if (spoof)
        snprintf(header, sizeof header, "-H 'X-Forwarded-For: %s'", spoof);
    char url[256];
    if (via_nginx)
        snprintf(url, sizeof url, "https://127.0.0.1:%u", https_port);
    else
        snprintf(url, sizeof url, "%s", test_env("MOTCUA_TEST_URL", ""));
    assert_int_equal(sh("curl -sk --interface 127.0.0.%d %s -o /dev/null -w '%%{http_code}' "
                        "'%s/api/v1/lookup/000.00.00.H00-000000-0000'",
                        who, header, url),
                     0);
    return atoi(out);
}

static void tls_and_redirect(void **state)
{
    (void)state;
    assert_int_equal(sh("curl -sk https://127.0.0.1:%u/healthz", https_port), 0);
    assert_non_null(strstr(out, "\"version\""));
    assert_int_equal(sh("curl -s -o /dev/null -w '%%{http_code} %%{redirect_url}' "
                        "http://127.0.0.1:%u/tra-cuu",
                        http_port),
                     0);
    assert_true(strncmp(out, "301 https://", 12) == 0);
}

static void each_client_behind_the_proxy_has_its_own_limit(void **state)
{
    (void)state;
    for (int i = 0; i < 3; i++)
        assert_int_not_equal(lookup(5, 1, NULL), 429);
    assert_int_equal(lookup(5, 1, NULL), 429);
    /* Another client behind the same proxy is not held back by the first. */
    assert_int_not_equal(lookup(6, 1, NULL), 429);
    /* Naming the first client in the header does not move 127.0.0.6's lookups onto it, nor
       does it let .5 escape: nginx appends the address it saw, and that is the one believed. */
    assert_int_not_equal(lookup(6, 1, "127.0.0.5"), 429);
    assert_int_equal(lookup(5, 1, "127.0.0.99"), 429);
}

static void a_direct_client_cannot_pretend(void **state)
{
    (void)state;
    for (int i = 0; i < 3; i++)
        assert_int_not_equal(lookup(7, 0, "127.0.0.8"), 429);
    assert_int_equal(lookup(7, 0, "127.0.0.9"), 429);
    assert_int_equal(lookup(7, 0, NULL), 429);
    /* The addresses it named were never charged. */
    assert_int_not_equal(lookup(8, 0, NULL), 429);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tls_and_redirect),
        cmocka_unit_test(each_client_behind_the_proxy_has_its_own_limit),
        cmocka_unit_test(a_direct_client_cannot_pretend),
    };
    return cmocka_run_group_tests(tests, start_nginx, stop_nginx);
}
