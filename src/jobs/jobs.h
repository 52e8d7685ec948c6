/* jobs.h — the background scheduler: a thread in every `motcua serve` that runs each
 * registered job (today: the deadline warnings) every few seconds, but only while this
 * instance holds the job's lease in the database, so several instances share the work
 * without doing it twice. Every job is idempotent and resumable: it keeps its progress in the
 * database and may be stopped between batches. `motcua jobs run-once` runs the same jobs
 * once, for operators and tests. */
#ifndef MOTCUA_JOBS_H
#define MOTCUA_JOBS_H

#include "svc.h"
#include "svc_delivery.h"

#include <stdint.h>

struct jobs_config {
    int interval_seconds;        /* between runs; 0 = 60 */
    int64_t warn_before_seconds; /* deadline warning window in working time; 0 = 1 working day */
    const char *holder;          /* lease holder name; NULL = host:pid:n */
    struct svc_delivery_config delivery; /* e-mail and SMS channels (docs/notifications.md) */
};

struct jobs;

/* Starts the runner thread (the first round runs at once). */
int jobs_start(struct svc *s, const struct jobs_config *cfg, struct jobs **out, struct err *e);
/* Stops the runner at its next safe point (between batches), waits for the thread and gives
 * its leases up so that another instance takes over at once. NULL is a no-op. */
void jobs_stop(struct jobs *j);

struct jobs_report {
    const char *job;
    int ran;           /* 0 when another instance holds the lease */
    char summary[256]; /* what the job did, for people */
};

/* Runs every job once at `now` (its business clock; leases use the wall clock), each under
 * its lease, and fills one report per job (at most max). */
int jobs_run_once(struct svc *s, const struct jobs_config *cfg, int64_t now,
                  struct jobs_report *out, int max, int *n, struct err *e);

#endif
