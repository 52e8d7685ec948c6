/* tstandin.c — starting and steering the partner stand-ins of tests/standin/ from a suite:
 * the stand-in prints the port it chose on its first line, so the suite never guesses a free
 * port; its control endpoints are plain JSON POSTs made with the suite's own HTTP client. */
#include "tstandin.h"
#include "tclient.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ARGS 32

pid_t tsi_start(const char *script, const char *const *args, char *url, size_t len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/standin/%s", test_env("MOTCUA_SOURCE_DIR", "."), script);
    const char *argv[MAX_ARGS + 5] = {"/usr/bin/python3", path, "--port", "0"};
    int n = 4;
    for (int i = 0; args && args[i] && n < MAX_ARGS + 4; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    int out[2];
    if (pipe(out) != 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(out[1]);
    if (pid < 0) {
        close(out[0]);
        return -1;
    }
    FILE *f = fdopen(out[0], "r");
    char line[64] = "";
    int ok = f && fgets(line, sizeof line, f) && atoi(line) > 0;
    if (f)
        fclose(f); /* the stand-in writes nothing more to stdout */
    if (!ok) {
        tsi_stop(pid);
        return -1;
    }
    snprintf(url, len, "http://127.0.0.1:%d", atoi(line));
    return pid;
}

void tsi_stop(pid_t pid)
{
    if (pid <= 0)
        return;
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
}

json_t *tsi_control(const char *base, const char *path, const char *json)
{
    struct tclient *c = tc_new(base);
    struct tresp r = tc_post_json(c, path, json);
    if (r.status != 200)
        fail_msg("stand-in %s%s: %ld %s", base, path, r.status, r.body ? r.body : "");
    json_t *answer = json_incref(r.json);
    tc_resp_free(&r);
    tc_free(c);
    return answer;
}
