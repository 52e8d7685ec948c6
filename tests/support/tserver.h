/* tserver.h — more `motcua serve` processes for the HTTP suites that kill, restart or double
 * the server that with-server.sh started: start one on a database with extra environment,
 * stop it cleanly or kill it, and run the `motcua` command line on the same database. */
#ifndef MOTCUA_TSERVER_H
#define MOTCUA_TSERVER_H

#include <stddef.h>
#include <sys/types.h>

/* Starts $MOTCUA_BIN serve on db (NULL: $MOTCUA_TEST_DB) with the "KEY=VALUE" strings of env
 * (NULL-terminated, may be NULL) added to its environment and its stderr appended to
 * $MOTCUA_TEST_WORK/server.err; waits until it listens and writes its base URL to url.
 * Returns the pid, or -1 when it did not start. */
pid_t ts_start(const char *db, const char *const *env, char *url, size_t len);
/* SIGTERM and wait: 0 when the server exited with status 0. */
int ts_stop(pid_t pid);
/* SIGKILL and reap. */
void ts_kill(pid_t pid);
/* `motcua audit verify` on db (NULL: $MOTCUA_TEST_DB): the command's exit status. */
int ts_audit_verify(const char *db);
/* 1 when the suite runs on PostgreSQL. */
int ts_is_pg(void);

#endif
