/* svc_stats_evaluation.h — the evaluation figures the system's own data can give, read from
 * the counters and the catalogue only (so their cost does not grow with the number of
 * dossiers): the Decision 766 indicators of publicity, online service provision, digitisation
 * and satisfaction, each with its formula and inputs, and the Circular 01/2018 Art. 13–15
 * grading per unit — indicator averages where the data exists, the bands where every needed
 * indicator is there, and which indicators are missing otherwise. See docs/statistics.md. */
#ifndef MOTCUA_SVC_STATS_EVALUATION_H
#define MOTCUA_SVC_STATS_EVALUATION_H

#include "svc_stats.h"

#define SVC_FIGURE_MAX_INPUTS 4

struct svc_stats_input {
    const char *key, *label;
    int64_t value;
};

/* One Decision 766 figure: value = numerator ÷ denominator × 100 (two decimals; -1 when the
 * denominator is 0); goal is the share that earns the full points (0 when none is set). */
struct svc_stats_figure {
    const char *key, *group, *indicator, *label, *formula;
    struct svc_stats_input inputs[SVC_FIGURE_MAX_INPUTS];
    int ninputs;
    int64_t numerator, denominator;
    double value, goal;
    int met;
};

/* Circular 01/2018 Art. 13 indicators 1..9 of a unit (index 0 unused). */
#define SVC_C01_INDICATORS 10

struct svc_stats_grading {
    const char *key, *label;           /* unit key and name; "" and "Tổng cộng" for the total */
    double score[SVC_C01_INDICATORS];  /* average per Art. 15, one decimal; -1 not available */
    int64_t basis[SVC_C01_INDICATORS]; /* dossiers each average is over */
    double staff_score;                /* indicators 1 + 3 + 7; -1 when one is missing */
    const char *staff_band;            /* Art. 15 staff band, or NULL */
    double total;                      /* sum of the nine; -1 when one is missing */
    const char *grade;                 /* Art. 15 agency band, or NULL */
    const char *missing;               /* "2, 5, 8, 9": what keeps it from being graded */
};

/* A procedure in force whose published data lacks something Decision 766 indicator 1.3
 * requires. */
struct svc_stats_incomplete {
    const char *code, *name, *missing; /* missing: "thành phần hồ sơ, đối tượng" */
};

struct svc_stats_evaluation {
    const char *unit_key, *unit_name, *from, *to;
    struct svc_stats_figure *figures;
    int nfigures;
    struct svc_stats_grading *units; /* per receiving unit in scope */
    int nunits;
    struct svc_stats_grading total;
    struct svc_stats_incomplete *incomplete;
    int nincomplete;
};

/* The figures for the scope and period of q (same access and parameters as
 * svc_stats_report; q->group is ignored). */
int svc_stats_evaluation(struct svc *s, const struct actor *a, struct arena *ar,
                         const struct svc_stats_query *q, struct svc_stats_evaluation *out,
                         struct err *e);

/* Circular 01/2018 Art. 15 bands: an agency's nine-indicator total (≥ 15 "Xuất sắc", 12–<15
 * "Tốt", 9–<12 "Khá", 6–<9 "Trung bình", < 6 "Yếu") and a staff member's score (≥ 5, 3.5–<5,
 * < 3.5). */
const char *svc_stats_agency_band(double total);
const char *svc_stats_staff_band(double score);

/* One table of the evaluation — "figures" (Decision 766, default) or "grading" (Circular
 * 01/2018 per unit) — as "csv", "xlsx" or "pdf" (A4 landscape, official header): the same
 * numbers as svc_stats_evaluation. */
int svc_stats_evaluation_export(const struct svc_stats_evaluation *v, const char *table,
                                const char *format, struct arena *ar, struct buf *out,
                                const char **content_type, const char **filename, struct err *e);

#endif
