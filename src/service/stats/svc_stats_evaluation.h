/* svc_stats_evaluation.h — the evaluation figures the system's own data can give, read from
 * the counters, the catalogue and small per-unit aggregates (feedback, step timings): the
 * Decision 766 indicators of publicity, online service provision, digitisation and
 * satisfaction, each with its formula and inputs, and the Circular 01/2018 Art. 13–15 grading
 * per unit — the nine indicators with their inputs, the total and the agency band, and which
 * indicators are missing (and why) when one cannot be scored. See docs/statistics.md. */
#ifndef MOTCUA_SVC_STATS_EVALUATION_H
#define MOTCUA_SVC_STATS_EVALUATION_H

#include "svc_stats.h"

#define SVC_FIGURE_MAX_INPUTS 6

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

/* The figure's formula in words, for pages and documents: each input named by its label and
 * each operator by its word ("số hồ sơ nộp trực tuyến chia cho số hồ sơ tiếp nhận trong kỳ
 * nhân 100"); the API keeps the formula with the inputs' keys. */
const char *svc_stats_formula_words(struct arena *ar, const struct svc_stats_figure *f);

/* Circular 01/2018 Art. 13 indicators 1..9 of a unit (index 0 unused). */
#define SVC_C01_INDICATORS 10

/* How one indicator of a unit was scored: the numbers it comes from, the rule applied, and
 * a note — why it has no score, or the documented reading of the law it relied on. */
struct svc_stats_c01 {
    struct svc_stats_input inputs[SVC_FIGURE_MAX_INPUTS];
    int ninputs;
    const char *rule, *note; /* note "" when there is nothing to add */
};

struct svc_stats_grading {
    const char *key, *label; /* unit key and name; "" and "Tổng cộng" for the total */
    const char *tier;        /* "district", "commune", … of the People's Committee
                                above the unit (indicator 5); "" for the total */
    struct svc_stats_c01 detail[SVC_C01_INDICATORS];
    double score[SVC_C01_INDICATORS];  /* average per Art. 15, one decimal; -1 not available */
    int64_t basis[SVC_C01_INDICATORS]; /* what each score is over: dossiers (1, 3, 4, 6, 7),
                                          steps (2), procedures (5), feedback judged (8),
                                          dossiers received (9); units for the total's 5/8/9 */
    double staff_score;                /* indicators 1 + 3 + 7; -1 when one is missing */
    const char *staff_band;            /* Art. 15 staff band, or NULL */
    double total;                      /* sum of the nine; -1 when one is missing */
    const char *grade;                 /* Art. 15 agency band, or NULL */
    const char *missing;               /* "5, 8": what keeps it from being graded ("" none) */
};

/* A procedure in force whose published data lacks something Decision 766 indicator 1.3
 * requires. */
struct svc_stats_incomplete {
    const char *code, *name, *missing; /* missing: "thành phần hồ sơ, đối tượng" */
};

struct svc_stats_evaluation {
    const char *unit_key, *unit_name, *from, *to;
    const char *place; /* as in svc_stats_report */
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

/* The per-unit indicators of Circular 01/2018 Art. 13 as this system reads them
 * (docs/statistics.md); each returns 2, 1 or 0, or -1 when it cannot be scored, and sets
 * *note to why (or to the documented reading it applied; "" when none). */
/* 5: of the `procedures` in force the unit receives, `appraised` are appraised at its one-stop
 * section; tier is the level of the People's Committee above it and `to` the period end
 * (YYYY-MM-DD): commune 100 %, district ≥ 50 % (periods ending before 2025-07-01 only). */
double svc_stats_c01_one_stop(const char *tier, const char *to, int64_t appraised,
                              int64_t procedures, const char **note);
/* 8: feedback that fell due in the period, answered on time or late (open past due is late):
 * 100 % on time = 2, ≥ 90 % = 1, else 0; none at all = 2. */
double svc_stats_c01_feedback(int64_t on_time, int64_t late, const char **note);
/* 9: `online_procedures` of the unit's `procedures` offered online (toàn trình or một phần),
 * `online` of the `received` dossiers submitted online, `online_late` of them resolved late:
 * ≥ 20 % procedures and ≥ 30 % dossiers with none late = 2; ≥ 20 % and ≥ 15 % = 1; else 0. */
double svc_stats_c01_online(int64_t online_procedures, int64_t procedures, int64_t online,
                            int64_t received, int64_t online_late, const char **note);

/* One table of the evaluation — "figures" (Decision 766, default) or "grading" (Circular
 * 01/2018 per unit) — as "csv", "xlsx" or "pdf" (A4 landscape, official header): the same
 * numbers as svc_stats_evaluation. */
int svc_stats_evaluation_export(const struct svc_stats_evaluation *v, const char *table,
                                const char *format, struct arena *ar, struct buf *out,
                                const char **content_type, const char **filename, struct err *e);

#endif
