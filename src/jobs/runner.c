/* runner.c — the scheduler thread and the one-shot run. Each round takes (or renews) the
 * lease of every registered job and runs the jobs this instance holds; the lease lasts three
 * intervals, so an instance that dies hands its jobs over within that time, and one that
 * stops hands them over at once by releasing. Stopping is cooperative: the flag is seen
 * between rounds and, inside a job, between batches, so a stop never cuts a transaction.
 * Between rounds the exchange job also runs on demand: a message queued for a partner wakes
 * the runner (svc_exchange_on_queue, from inside the queuing transaction), which then runs the
 * exchange job every HOT_STEP_MS for HOT_SECONDS — the message is delivered within a step of
 * its commit, not at the next round (docs/exchange.md). */
#include "jobs_internal.h"

#include "log.h"
#include "svc_exchange.h"
#include "svc_jobs.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_INTERVAL 60
#define MIN_LEASE        60
#define HOT_SECONDS      5
#define HOT_STEP_MS      250

static const struct job_def *const registry[] = {&job_deadlines, &job_delivery, &job_exchange,
                                                 &job_anchor};
#define NJOBS ((int)(sizeof registry / sizeof registry[0]))

struct jobs {
    struct svc *s;
    struct jobs_config cfg;
    char holder[300];
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    atomic_int stopping;
    struct timespec hot_until; /* monotonic; guarded by lock */
};

static int interval_of(const struct jobs_config *cfg)
{
    return cfg->interval_seconds > 0 ? cfg->interval_seconds : DEFAULT_INTERVAL;
}

static int lease_seconds(const struct jobs_config *cfg)
{
    int s = 3 * interval_of(cfg);
    return s > MIN_LEASE ? s : MIN_LEASE;
}

/* host:pid:n — unique per runner, also between runners of one process. */
static void make_holder(const struct jobs_config *cfg, char *out, size_t size)
{
    static atomic_int serial;
    if (cfg->holder && *cfg->holder) {
        snprintf(out, size, "%s", cfg->holder);
        return;
    }
    char host[256] = "localhost";
    gethostname(host, sizeof host - 1);
    snprintf(out, size, "%s:%ld:%d", host, (long)getpid(), atomic_fetch_add(&serial, 1));
}

int job_keep_going(void *runv)
{
    struct job_run *r = runv;
    if (r->stopping && atomic_load(r->stopping))
        return 0;
    int taken = 0;
    struct err e = {0};
    if (svc_job_lease(r->s, r->name, r->holder, r->lease_seconds, &taken, &e) != 0)
        log_warn("job=%s renewing the lease failed: %s", r->name, e.msg);
    return taken;
}

/* Runs one job under its lease; report->ran says whether this holder had it. */
static int run_job(struct svc *s, const struct jobs_config *cfg, const char *holder,
                   const atomic_int *stopping, const struct job_def *job, int64_t now,
                   struct jobs_report *report, struct err *e)
{
    struct job_run r = {s, cfg, job->name, holder, lease_seconds(cfg), stopping, ""};
    int taken = 0;
    *report = (struct jobs_report){.job = job->name};
    int rc = svc_job_lease(s, job->name, holder, r.lease_seconds, &taken, e);
    if (rc || !taken) {
        snprintf(report->summary, sizeof report->summary, "%s",
                 rc ? e->msg : "skipped: another instance holds the lease");
        return rc;
    }
    rc = job->run(&r, now, e);
    report->ran = 1;
    snprintf(report->summary, sizeof report->summary, "%s", rc ? e->msg : r.summary);
    return rc;
}

static void run_round(struct jobs *j)
{
    for (int i = 0; i < NJOBS && !atomic_load(&j->stopping); i++) {
        struct jobs_report rep;
        struct err e = {0};
        if (run_job(j->s, &j->cfg, j->holder, &j->stopping, registry[i], svc_now(), &rep, &e))
            log_warn("job=%s failed: %s", rep.job, rep.summary);
        else if (rep.ran)
            log_debug("job=%s %s", rep.job, rep.summary);
    }
}

static int before(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static struct timespec mono_after_ms(long ms)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    t.tv_sec += ms / 1000;
    t.tv_nsec += (ms % 1000) * 1000000L;
    if (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    return t;
}

/* A message was queued for a partner: deliver soon (called inside the queuing transaction,
 * so it only marks and wakes). */
static void kick(void *arg)
{
    struct jobs *j = arg;
    pthread_mutex_lock(&j->lock);
    j->hot_until = mono_after_ms(HOT_SECONDS * 1000L);
    pthread_cond_broadcast(&j->wake);
    pthread_mutex_unlock(&j->lock);
}

static void run_exchange_now(struct jobs *j)
{
    struct jobs_report rep;
    struct err e = {0};
    if (run_job(j->s, &j->cfg, j->holder, &j->stopping, &job_exchange, svc_now(), &rep, &e))
        log_warn("job=%s failed: %s", rep.job, rep.summary);
}

/* Waits one interval, or less when asked to stop; while a queued message keeps the runner hot,
 * runs the exchange job every step meanwhile. */
static void sleep_interval(struct jobs *j)
{
    struct timespec until = mono_after_ms(interval_of(&j->cfg) * 1000L);
    pthread_mutex_lock(&j->lock);
    while (!atomic_load(&j->stopping)) {
        struct timespec now = mono_after_ms(0);
        if (!before(&now, &until))
            break;
        if (before(&now, &j->hot_until)) {
            struct timespec step = mono_after_ms(HOT_STEP_MS);
            pthread_cond_timedwait(&j->wake, &j->lock, before(&step, &until) ? &step : &until);
            if (atomic_load(&j->stopping))
                break;
            pthread_mutex_unlock(&j->lock);
            run_exchange_now(j);
            pthread_mutex_lock(&j->lock);
            continue;
        }
        if (pthread_cond_timedwait(&j->wake, &j->lock, &until) == ETIMEDOUT)
            break;
    }
    pthread_mutex_unlock(&j->lock);
}

static void *runner_main(void *arg)
{
    struct jobs *j = arg;
    while (!atomic_load(&j->stopping)) {
        run_round(j);
        sleep_interval(j);
    }
    return NULL;
}

int jobs_start(struct svc *s, const struct jobs_config *cfg, struct jobs **out, struct err *e)
{
    struct jobs *j = calloc(1, sizeof *j);
    if (!j)
        return err_set(e, E_NOMEM, NULL, "out of memory");
    j->s = s;
    j->cfg = *cfg;
    j->cfg.holder = NULL;
    make_holder(cfg, j->holder, sizeof j->holder);
    atomic_init(&j->stopping, 0);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&j->wake, &ca);
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&j->lock, NULL);
    int rc = pthread_create(&j->thread, NULL, runner_main, j);
    if (rc) {
        pthread_cond_destroy(&j->wake);
        pthread_mutex_destroy(&j->lock);
        free(j);
        return err_set(e, E_INTERNAL, NULL, "cannot start the job runner: %s", strerror(rc));
    }
    svc_exchange_on_queue(s, kick, j);
    log_info("job runner started: holder=%s interval=%ds", j->holder, interval_of(&j->cfg));
    *out = j;
    return 0;
}

void jobs_stop(struct jobs *j)
{
    if (!j)
        return;
    svc_exchange_on_queue(j->s, NULL, NULL);
    pthread_mutex_lock(&j->lock);
    atomic_store(&j->stopping, 1);
    pthread_cond_broadcast(&j->wake);
    pthread_mutex_unlock(&j->lock);
    pthread_join(j->thread, NULL);
    for (int i = 0; i < NJOBS; i++) {
        struct err e = {0};
        if (svc_job_release(j->s, registry[i]->name, j->holder, &e))
            log_warn("job=%s releasing the lease failed: %s", registry[i]->name, e.msg);
    }
    pthread_cond_destroy(&j->wake);
    pthread_mutex_destroy(&j->lock);
    free(j);
    log_info("job runner stopped");
}

int jobs_run_once(struct svc *s, const struct jobs_config *cfg, int64_t now,
                  struct jobs_report *out, int max, int *n, struct err *e)
{
    char holder[300];
    make_holder(cfg, holder, sizeof holder);
    int rc = 0;
    *n = 0;
    for (int i = 0; !rc && i < NJOBS && i < max; i++) {
        rc = run_job(s, cfg, holder, NULL, registry[i], now, &out[i], e);
        *n = i + 1;
        struct err released = {0};
        if (out[i].ran && svc_job_release(s, registry[i]->name, holder, &released))
            log_warn("job=%s releasing the lease failed: %s", registry[i]->name, released.msg);
    }
    return rc;
}
