/* deadline_job.c — the job that runs the deadline rules (svc_deadline_scan) at each round:
 * warnings before a step, a dossier or a consultation of another unit is due, overdue marks
 * and apology proposals. Between
 * batches it renews its lease and stops when the server is stopping. */
#include "jobs_internal.h"

#include "svc_jobs.h"

#include <stdio.h>

static int run_deadlines(struct job_run *r, int64_t now, struct err *e)
{
    struct svc_deadline_opts o = {
        .warn_before_seconds = r->cfg->warn_before_seconds, .keep_going = job_keep_going, .arg = r};
    struct svc_deadline_stats st;
    int rc = svc_deadline_scan(r->s, now, &o, &st, e);
    snprintf(r->summary, sizeof r->summary,
             "%d checked, %d step due soon, %d step overdue, %d due soon, %d overdue, "
             "%d apology proposed, %d consultation due soon, %d consultation overdue, "
             "%d messages%s",
             st.checked, st.step_due_soon, st.step_overdue, st.due_soon, st.overdue,
             st.propose_apology, st.consult_due_soon, st.consult_overdue, st.messages,
             st.stopped ? " (stopped early)" : "");
    return rc;
}

const struct job_def job_deadlines = {"deadlines", run_deadlines};
