/* svc_demo_history.h — a synthetic dossier history for demonstrations and load tests
 * (`motcua demo --dossiers N --years Y`): realistic channels, timings, supplements, refusals
 * and withdrawals on the demo org tree and catalogue, written in bulk. Generated dossiers are
 * marked: applicant names start with "[Tổng hợp]" and every event's actor is
 * SVC_HISTORY_ACTOR. See docs/statistics.md. */
#ifndef MOTCUA_SVC_DEMO_HISTORY_H
#define MOTCUA_SVC_DEMO_HISTORY_H

#include "svc.h"

#include <stdint.h>

#define SVC_HISTORY_ACTOR "Dữ liệu tổng hợp (motcua demo)"

/* How the statistics counters follow the generated events. */
enum svc_history_counters {
    SVC_HISTORY_INLINE, /* stats_on_event for each event, in the batch's transaction (the
                           default: measured faster, and its cost does not grow with the
                           history already stored) */
    SVC_HISTORY_REBUILD /* svc_stats_rebuild once at the end */
};

struct svc_history_opts {
    long dossiers; /* 1 .. 10,000,000 */
    int years;     /* 1 .. 20: the history covers that many years up to yesterday */
    uint64_t seed; /* same seed, same database contents → same history */
    int64_t now;   /* 0 = svc_now(); the end of the history */
    enum svc_history_counters counters;
    /* Called after each committed batch with the dossiers written so far (may be NULL). */
    void (*progress)(long done, long total, void *ctx);
    void *progress_ctx;
};

struct svc_history_result {
    long dossiers, events;
    double insert_seconds, counter_seconds; /* counter_seconds: the rebuild at the end, if any */
};

/* Generates the history as the system. E_INVALID names a bad option; E_NOTFOUND when no unit
 * receives any procedure (load the demo catalogue first). */
int svc_demo_history(struct svc *s, const struct svc_history_opts *o,
                     struct svc_history_result *out, struct err *e);

#endif
