/* svc_stats.h — statistics of dossiers for leaders, auditors and the province: figures by
 * unit, procedure, channel or month read from the counters (their cost does not grow with
 * the number of dossiers), the dossiers behind a number, the targets of the 2020 report,
 * exports (CSV, XLSX, PDF with the official header) and SVG charts for the dashboard. See
 * docs/statistics.md for what each figure counts. */
#ifndef MOTCUA_SVC_STATS_H
#define MOTCUA_SVC_STATS_H

#include "buf.h"
#include "svc.h"

#include <stdint.h>

/* The Circular 01/2018 Art. 13 items a citizen scores in a rating, in the order of
 * svc_rating_items. */
enum svc_stats_item {
    SVC_ITEM_CONTACTS,
    SVC_ITEM_BODIES,
    SVC_ITEM_INFORMATION,
    SVC_ITEM_ATTITUDE,
    SVC_NITEMS
};

struct svc_stats_counts {
    int64_t received, online, accepted, refused, supplements, early, on_time, late, returned,
        stopped, withdrawn, digitised, e_result, fully_digitised;
    int64_t rated, satisfied, neutral, dissatisfied;
    int64_t item_n[SVC_NITEMS], item_sum[SVC_NITEMS]; /* scores given and their sum */
};

struct svc_stats_row {
    const char *key, *label; /* unit key, field, procedure code, channel or YYYY-MM; label */
    struct svc_stats_counts n;
    int64_t resolved;    /* early + on_time + late */
    double on_time_rate; /* % of resolved that were early or on time; -1 when none resolved */
    double indicator1;   /* Circular 01 Art. 13 indicator 1 average (2/1/0), -1 when none */
    double item_avg[SVC_NITEMS]; /* average score of each rated item, one decimal; -1 none */
};

struct svc_stats_query {
    const char *unit_key;  /* the unit and its subtree; NULL = all (admins, auditors) or the
                              actor's own unit */
    const char *from, *to; /* YYYY-MM-DD inclusive; NULL = 1 January of this year / today */
    const char *group;     /* unit | field | procedure | channel | month (default unit) */
};

struct svc_stats_report {
    const char *unit_key, *unit_name, *from, *to, *group; /* unit_key "" for all units */
    const char *place; /* the unit's place name for the PDF's date line, NULL when none */
    struct svc_stats_row *rows;
    int nrows;
    struct svc_stats_row total;
};

/* Figures from the counters. Leaders, admins and auditors; receptionists and specialists for
 * their own units. E_INVALID names the bad parameter. */
int svc_stats_report(struct svc *s, const struct actor *a, struct arena *ar,
                     const struct svc_stats_query *q, struct svc_stats_report *out, struct err *e);

/* The report as "csv", "xlsx" or "pdf" (A4 landscape with the official header) into out;
 * *content_type and *filename (in ar) describe it. The same numbers as svc_stats_report. */
int svc_stats_export(const struct svc_stats_report *r, const char *format, struct arena *ar,
                     struct buf *out, const char **content_type, const char **filename,
                     struct err *e);

/* An SVG chart of a report: "bar" (on-time % per row) or "line" (on-time % per row, in
 * order: meant for group=month). Rows with nothing resolved are left out. */
int svc_stats_chart_svg(const struct svc_stats_report *r, const char *kind, struct buf *out,
                        struct err *e);

/* The units a statistics filter offers the actor, in the order and depth of the org tree:
 * every open unit for admins and auditors without a unit (*all = 1, who may also leave it
 * empty for all units), else the units their staff roles cover. */
struct svc_stats_unit {
    const char *key, *name;
    int depth; /* 0 for a root */
};
int svc_stats_units(struct svc *s, const struct actor *a, struct arena *ar,
                    struct svc_stats_unit **out, int *n, int *all, struct err *e);

struct svc_stats_drill {
    const char *unit_key, *procedure, *channel, *from, *to;
    /* The kind of count (svc_stats_drill_title): NULL or "" = received in the period;
       resolved | early | on_time | late = resolved in it (with that timing); digitised |
       e_result = resolved in it with component files / an electronic result; returned =
       returned in it; rated | dissatisfied = rated in it (not satisfied). */
    const char *timing;
    int page, per_page; /* page from 1; per_page 1..200 (default 50) */
    const char *field;  /* NULL or "": any; else the procedures of that field (lĩnh vực) */
};

struct svc_stats_dossier {
    const char *code, *procedure_code, *procedure_name, *channel, *state, *unit_key, *timing;
    int64_t received_at, due_at, finished_at; /* 0 = none */
    const char *field;
    /* Circular 01/2018 Art. 13 scores of this dossier: indicator 1 from its timing (2 early,
       1 on time, 0 late; -1 when not resolved), and the items its rating scored (-1 when not
       rated or skipped); rating is the overall judgement or NULL. */
    int indicator1, items[SVC_NITEMS];
    const char *rating;
};

/* What the list of one kind of count is called ("Hồ sơ đã trả kết quả"; "Hồ sơ tiếp nhận
 * trực tuyến" for those received online); "Hồ sơ" for an unknown kind. */
const char *svc_stats_drill_title(const char *kind, const char *channel);

/* The dossiers behind a number (indexed query on the dossiers of the units in scope, cost
 * proportional to that unit's dossiers in the period). *total counts every match. */
int svc_stats_dossiers(struct svc *s, const struct actor *a, struct arena *ar,
                       const struct svc_stats_drill *q, struct svc_stats_dossier **out, int *n,
                       int *total, struct err *e);

struct svc_stats_target {
    const char *key, *label;           /* "online_full_procedures", "Thủ tục …" */
    const char *num_label, *den_label; /* what numerator and denominator count */
    int64_t numerator, denominator;
    double value, goal; /* percentages; value -1 when the denominator is 0 */
    int met;
};

/* The targets tracker of the 2020 report for the unit's scope and period (same access as
 * svc_stats_report). */
int svc_stats_targets(struct svc *s, const struct actor *a, struct arena *ar,
                      const struct svc_stats_query *q, struct svc_stats_target **out, int *n,
                      struct err *e);

/* Recomputes every counter from the stored dossier events, ratings and finished steps in one
 * transaction; admins and the system. *events counts the events replayed. */
int svc_stats_rebuild(struct svc *s, const struct actor *a, int64_t *events, struct err *e);

/* The figures anyone may see on the portal: per unit, this year so far (the report grouped
 * by unit, with no actor: counts only, nobody's data). */
int svc_stats_public(struct svc *s, struct arena *ar, struct svc_stats_report *out, struct err *e);

#endif
