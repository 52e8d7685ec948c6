/* tserver.c — see tserver.h. The servers are children of the test program, so a suite can
 * kill one at any moment and start another on the same database, as an operator's
 * supervisor would after a crash. */
#include "tserver.h"

#include "testutil.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *db_or_default(const char *db)
{
    return db ? db : test_env("MOTCUA_TEST_DB", "");
}

static void redirect_output(void)
{
    char err[1024];
    snprintf(err, sizeof err, "%s/server.err", test_env("MOTCUA_TEST_WORK", "/tmp"));
    int null = open("/dev/null", O_WRONLY);
    int log = open(err, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (null < 0 || log < 0 || dup2(null, 1) < 0 || dup2(log, 2) < 0)
        _exit(127);
}

static void exec_server(const char *db, const char *const *env, const char *port_file)
{
    redirect_output();
    for (int i = 0; env && env[i]; i++)
        putenv((char *)env[i]);
    execl(test_env("MOTCUA_BIN", "motcua"), "motcua", "serve", "--listen", "127.0.0.1:0",
          "--port-file", port_file, "--db", db_or_default(db), (char *)NULL);
    _exit(127);
}

static int read_port(const char *port_file, unsigned *port)
{
    FILE *f = fopen(port_file, "r");
    int ok = f && fscanf(f, "%u", port) == 1 && *port;
    if (f)
        fclose(f);
    return ok;
}

pid_t ts_start(const char *db, const char *const *env, char *url, size_t len)
{
    static int serial;
    char port_file[1024];
    snprintf(port_file, sizeof port_file, "%s/port.%d.%d", test_env("MOTCUA_TEST_WORK", "/tmp"),
             (int)getpid(), ++serial);
    unlink(port_file);
    pid_t pid = fork();
    if (pid == 0)
        exec_server(db, env, port_file);
    if (pid < 0)
        return -1;
    unsigned port = 0;
    for (int i = 0; i < 600; i++) {
        if (read_port(port_file, &port)) {
            snprintf(url, len, "http://127.0.0.1:%u", port);
            return pid;
        }
        if (waitpid(pid, NULL, WNOHANG) == pid)
            return -1;
        usleep(50000);
    }
    ts_kill(pid);
    return -1;
}

int ts_stop(pid_t pid)
{
    int status = 0;
    kill(pid, SIGTERM);
    if (waitpid(pid, &status, 0) != pid)
        return -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

void ts_kill(pid_t pid)
{
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

int ts_audit_verify(const char *db)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' audit verify --db '%s' >/dev/null 2>&1",
             test_env("MOTCUA_BIN", "motcua"), db_or_default(db));
    return system(cmd);
}

int ts_is_pg(void)
{
    return strncmp(test_env("MOTCUA_TEST_DB", ""), "postgres", 8) == 0;
}
