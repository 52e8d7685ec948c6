/* tstandin.h — the partner stand-ins of tests/standin/ (portal.py, population.py) as real HTTP
 * peers for a suite: start one on a loopback port the kernel chooses, talk to its control
 * endpoints, stop it. */
#ifndef MOTCUA_TSTANDIN_H
#define MOTCUA_TSTANDIN_H

#include <jansson.h>
#include <stddef.h>
#include <sys/types.h>

/* Starts tests/standin/<script> (under $MOTCUA_SOURCE_DIR) with --port 0 and the NULL-
 * terminated extra args (may be NULL); writes its base URL ("http://127.0.0.1:PORT") to url.
 * Returns its pid, or -1 when it did not start. */
pid_t tsi_start(const char *script, const char *const *args, char *url, size_t len);
/* SIGTERM and reap. */
void tsi_stop(pid_t pid);
/* POSTs json to base + path (a control endpoint) and returns the answer (new reference);
 * fails the running test unless the answer is 200. */
json_t *tsi_control(const char *base, const char *path, const char *json);

#endif
