/* cal_timing.h — the clock of one dossier and whether it finished early, on time or late.
 * Two rules coexist and both are computed from the same stored timeline:
 *  - legal (Decree 61 Art. 19(4); Decision 45/2016 Art. 7(4)): when the complete dossier
 *    arrives after a supplement request the limit restarts from zero; one apology slip
 *    (Mẫu 04) moves the appointment once; Circular 01/2018 Art. 13 scores the result;
 *  - statistics by the Decision 766 method: the original appointment stands and the time the
 *    citizen spent supplementing is subtracted from the processing time. */
#ifndef MOTCUA_CAL_TIMING_H
#define MOTCUA_CAL_TIMING_H

#include "cal_deadline.h"

#include <stdint.h>

/* The values are the points of Circular 01/2018 Art. 13. */
enum cal_timing { CAL_LATE = 0, CAL_ON_TIME = 1, CAL_EARLY = 2 };

enum cal_end { CAL_END_OPEN, CAL_END_DONE, CAL_END_RETURNED, CAL_END_STOPPED, CAL_END_WITHDRAWN };

struct cal_supplement {
    int64_t requested_at;
    int64_t completed_at; /* 0 while the citizen has not supplied the dossier */
};

struct cal_timeline {
    int64_t received_at;
    struct cal_limit limit;
    const struct cal_supplement *supplements; /* in time order; only the last may be open */
    int nsupplements;
    int64_t extended_due; /* appointment set by the apology slip, 0 when none */
    enum cal_end end;     /* first terminal status reached */
    int64_t ended_at;     /* its time; 0 while open */
};

struct cal_due_info {
    int64_t clock_start; /* receipt, or completion of the last completed supplement */
    int64_t legal_due;   /* clock_start + limit */
    int64_t appointment; /* the extended appointment when there is one, else legal_due */
    int waiting;         /* 1 while a supplement is outstanding: the clock is stopped */
};

const char *cal_timing_name(enum cal_timing t); /* "early", "on_time", "late" */
/* E_INVALID (naming the field) for an inconsistent timeline. */
int cal_timeline_validate(const struct cal_timeline *tl, struct err *e);
/* Due moments under the restart rule. */
int cal_effective_due(const struct cal_calendar *c, const struct cal_office *o,
                      const struct cal_timeline *tl, struct cal_due_info *out, struct err *e);
/* Finishing after `due` is late; on the local day of `due` (at or before it) on time; on an
 * earlier day early. Used for whole dossiers and for steps against their own due moments. */
enum cal_timing cal_classify(int64_t end, int64_t due);
/* Circular 01/2018 Art. 13 for a finished dossier: its end against the legal due moment
 * (an extension does not make a late dossier on time). E_INVALID while it is open. */
int cal_timing_circular01(const struct cal_calendar *c, const struct cal_office *o,
                          const struct cal_timeline *tl, enum cal_timing *out, struct err *e);
/* Decision 766 as judged at period_end: end (or period_end when still open, or the request
 * time when the only event is one open supplement request) minus supplement time, against
 * the appointment given at receipt; more than one supplement request is late. */
int cal_timing_766(const struct cal_calendar *c, const struct cal_office *o,
                   const struct cal_timeline *tl, int64_t period_end, enum cal_timing *out,
                   struct err *e);

#endif
