/* exchange_job.c — the job that delivers the exchange layer's messages to partner systems at
 * each round (svc_exchange_run, docs/exchange.md) and runs the adapters' polls when their
 * schedule is due. Between batches it renews its lease and stops when the server is
 * stopping. */
#include "jobs_internal.h"

#include "svc_exchange.h"

#include <stdio.h>

static int run_exchange(struct job_run *r, int64_t now, struct err *e)
{
    struct svc_exchange_stats st;
    int rc = svc_exchange_run(r->s, now, job_keep_going, r, &st, e);
    snprintf(r->summary, sizeof r->summary, "%d acknowledged, %d to retry, %d refused, %d polled%s",
             st.sent, st.retried, st.failed, st.polled, st.stopped ? " (stopped early)" : "");
    return rc;
}

const struct job_def job_exchange = {"exchange", run_exchange};
