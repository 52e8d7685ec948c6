/* anchor_job.c — the daily anchor of the audit chain (svc_audit_anchor_due): at each round it
 * asks whether the newest anchor is a day old, and if so signs the chain's head with the
 * agency's key. Without MOTCUA_ANCHOR_KEY it does nothing (anchors are then made on demand
 * only, unsigned). Idempotent: a second instance or a second round the same day finds a
 * fresh anchor and stops. */
#include "jobs_internal.h"

#include "svc_anchor.h"

#include <stdio.h>

static int run_anchor(struct job_run *r, int64_t now, struct err *e)
{
    struct arena *ar = arena_new();
    int made = 0;
    const char *why = "";
    int rc = svc_audit_anchor_due(r->s, now, ar, &made, &why, e);
    snprintf(r->summary, sizeof r->summary, "%s", rc ? e->msg : why);
    arena_free(ar);
    return rc;
}

const struct job_def job_anchor = {"anchor", run_anchor};
