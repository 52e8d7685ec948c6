/* svc_stats_indices.h — Decision 766 group 2.1 (dossiers processed early or on time, judged
 * at the period end with supplement time subtracted), which counters cannot give: it reads the
 * period's dossiers through an index, so its cost is the scope's dossiers alive in the period;
 * and Circular 01/2018 Art. 13 indicator 2 (each participating body's time, from the steps),
 * read from the step counters (see docs/statistics.md). */
#ifndef MOTCUA_SVC_STATS_INDICES_H
#define MOTCUA_SVC_STATS_INDICES_H

#include "svc_stats.h"

struct svc_stats_766 {
    int64_t judged; /* dossiers alive in the period that were judged */
    int64_t early, on_time, late;
    int64_t finished;         /* reached a terminal status within the period */
    int64_t open_at_end;      /* still open at the period end: judged then */
    int64_t withdrawn;        /* withdrawals among the finished (terminal) */
    int64_t multi_supplement; /* more than one supplement request: late by rule */
    int64_t with_supplement;  /* one supplement request: its time was subtracted */
    int64_t unjudged;         /* stored timelines the rule rejects (left out, should be 0) */
    double value;             /* (early + on_time) ÷ judged × 100, two decimals; -1 when none */
};

struct svc_stats_step_row {
    const char *unit_key, *unit_name; /* the acting body ("" for the total) */
    int64_t steps, early, on_time, late;
    double on_time_rate; /* % early or on time, -1 when none */
    double points;       /* Art. 13 points averaged (2/1/0), one decimal, -1 when none */
};

struct svc_stats_indices {
    const char *unit_key, *unit_name, *from, *to;
    int64_t period_end; /* the instant open dossiers are judged at: the end of `to`, or now */
    struct svc_stats_766 d766;
    struct svc_stats_step_row *steps; /* by acting unit key */
    int nsteps;
    struct svc_stats_step_row steps_total;
};

/* The indicators for the units in scope (same parameters and access as svc_stats_report;
 * q->group is ignored). */
int svc_stats_indices(struct svc *s, const struct actor *a, struct arena *ar,
                      const struct svc_stats_query *q, struct svc_stats_indices *out,
                      struct err *e);

#endif
