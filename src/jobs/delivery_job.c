/* delivery_job.c — the job that delivers the outbox's e-mail and SMS messages at each round
 * (svc_delivery_run), after the deadline job has written its own. Between batches it renews
 * its lease and stops when the server is stopping. */
#include "jobs_internal.h"

#include "svc_delivery.h"

#include <stdio.h>

static int run_delivery(struct job_run *r, int64_t now, struct err *e)
{
    struct svc_delivery_stats st;
    int rc = svc_delivery_run(r->s, &r->cfg->delivery, now, job_keep_going, r, &st, e);
    snprintf(r->summary, sizeof r->summary, "%d sent, %d to retry, %d failed%s", st.sent,
             st.retried, st.failed, st.stopped ? " (stopped early)" : "");
    return rc;
}

const struct job_def job_delivery = {"delivery", run_delivery};
