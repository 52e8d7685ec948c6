/* jobs_internal.h — what the runner and the jobs share: one run of one job, with the lease
 * it runs under, and the description of a job. */
#ifndef MOTCUA_JOBS_INTERNAL_H
#define MOTCUA_JOBS_INTERNAL_H

#include "jobs.h"

#include <stdatomic.h>

struct job_run {
    struct svc *s;
    const struct jobs_config *cfg;
    const char *name, *holder;
    int lease_seconds;
    const atomic_int *stopping; /* set when the runner is asked to stop; NULL = never */
    char summary[256];
};

struct job_def {
    const char *name;
    int (*run)(struct job_run *r, int64_t now, struct err *e);
};

/* For a job's batch loop: 0 when the runner is stopping or the lease was lost (stop there),
 * 1 after renewing the lease. */
int job_keep_going(void *run);

extern const struct job_def job_deadlines;
extern const struct job_def job_delivery;
extern const struct job_def job_exchange;
extern const struct job_def job_anchor;

#endif
