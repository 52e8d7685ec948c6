/* svc_jobs.h — the use cases of background work and of the messages it produces: leases
 * that let one server instance at a time run a job, the deadline scan that warns handlers
 * and leaders before a step or a dossier is due, marks overdue ones and proposes the apology
 * (Decree 61/2018 Art. 19(9)), and reading the outbox: a person's own notifications, and the
 * delivery status per channel for administrators. */
#ifndef MOTCUA_SVC_JOBS_H
#define MOTCUA_SVC_JOBS_H

#include "svc.h"

#include <stdint.h>

/* Takes or renews the lease on job `name` for `holder` for `seconds` from now (wall clock).
 * *taken is 0 when another holder's lease has not run out. */
int svc_job_lease(struct svc *s, const char *name, const char *holder, int seconds, int *taken,
                  struct err *e);
/* Gives a held lease up, so that another instance may run the job at once. */
int svc_job_release(struct svc *s, const char *name, const char *holder, struct err *e);

struct svc_deadline_opts {
    /* Warn this much WORKING time (in the receiving unit's office hours) before a due moment;
     * 0 = one working day of that unit. */
    int64_t warn_before_seconds;
    int batch; /* dossiers per transaction; 0 = 200 */
    /* Asked before every batch; returning 0 ends the scan there (a safe point: every batch
     * before it is committed, none after it is started). NULL = always go on. */
    int (*keep_going)(void *arg);
    void *arg;
};

struct svc_deadline_stats {
    int checked;                     /* candidates read (dossiers, consultations) */
    int step_due_soon, step_overdue; /* alerts raised now, by kind */
    int due_soon, overdue, propose_apology;
    int consult_due_soon, consult_overdue; /* consultations of another unit */
    int messages;                          /* notifications written */
    int stopped;                           /* 1 when keep_going ended the scan early */
};

/* One pass of the deadline rules at `now` (as the system): for every dossier in processing
 * whose current step or whole time limit is due within the warning window or past, raises
 * each alert at most once (per due moment) and writes internal notifications to the people
 * who act on the step and its leaders, in the same transaction; likewise for every open
 * consultation of such a dossier, to the consulted unit's officers and leaders. Runs in
 * batches. */
int svc_deadline_scan(struct svc *s, int64_t now, const struct svc_deadline_opts *o,
                      struct svc_deadline_stats *st, struct err *e);

struct svc_message {
    int64_t id, created_at, next_attempt_at;
    int attempts;
    const char *channel, *recipient, *event, *status, *last_error;
    const char *payload; /* JSON object text */
};

/* The actor's own internal notifications, newest first (any logged-in person). */
int svc_notifications(struct svc *s, const struct actor *a, struct arena *ar, int limit,
                      struct svc_message **out, int *n, struct err *e);

struct svc_outbox_count {
    const char *channel, *status;
    int64_t count;
};
/* How many messages each channel has queued, sent, delivered and failed. Administrators. */
int svc_outbox_pending(struct svc *s, const struct actor *a, struct arena *ar,
                       struct svc_outbox_count **out, int *n, struct err *e);
/* Messages in one status (queued | sent | delivered | failed; NULL or "" for all), newest
 * first. Administrators; E_INVALID for an unknown status. */
int svc_outbox_list(struct svc *s, const struct actor *a, struct arena *ar, const char *status,
                    int limit, struct svc_message **out, int *n, struct err *e);

#endif
