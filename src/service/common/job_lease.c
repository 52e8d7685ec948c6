/* job_lease.c — leases on background jobs: a server instance runs a job only while it holds
 * the job's lease in the database, so any number of instances may run the scheduler and
 * each job still runs on one of them at a time. A lease that its holder stops renewing (the
 * instance died) runs out and another instance takes the job over. Lease times are wall
 * clock; instances are expected to keep their clocks in sync (NTP). */
#include "svc_jobs.h"

#include "job_store.h"
#include "svc_internal.h"

struct lease_ctx {
    const char *name, *holder;
    int seconds, taken;
};

static int lease_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct lease_ctx *x = ctx;
    int64_t now = svc_now();
    return job_lease_take(c, x->name, x->holder, now, now + x->seconds, &x->taken, e);
}

static int check_names(const char *name, const char *holder, struct err *e)
{
    if (!name || !*name || !holder || !*holder)
        return err_set(e, E_INVALID, NULL, "a lease needs a job name and a holder");
    return 0;
}

int svc_job_lease(struct svc *s, const char *name, const char *holder, int seconds, int *taken,
                  struct err *e)
{
    struct lease_ctx x = {name, holder, seconds, 0};
    *taken = 0;
    int rc = check_names(name, holder, e);
    if (!rc && seconds < 1)
        rc = err_set(e, E_INVALID, NULL, "a lease lasts at least one second");
    if (!rc)
        rc = db_tx(s->db, lease_tx, &x, e);
    *taken = x.taken;
    return rc;
}

static int release_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct lease_ctx *x = ctx;
    return job_lease_release(c, x->name, x->holder, e);
}

int svc_job_release(struct svc *s, const char *name, const char *holder, struct err *e)
{
    struct lease_ctx x = {name, holder, 0, 0};
    int rc = check_names(name, holder, e);
    return rc ? rc : db_tx(s->db, release_tx, &x, e);
}
