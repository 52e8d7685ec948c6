/* tstats.h — what the statistics suites share: a period of today (away from midnight, so a
 * hand-built history falls on one local day), moving a dossier at commune X01 to its result
 * with a chosen due moment, a rating given on the counter's tablet, reading the evaluation's
 * figures, and the rows of a downloaded CSV export. */
#ifndef MOTCUA_TSTATS_H
#define MOTCUA_TSTATS_H

#include "tclient.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* Today in Vietnam: "from=…&to=…" in range (len bytes) and the day's first second in
 * *day_start. Waits past midnight when fewer than three minutes are left. */
void ts_pick_today(char *range, size_t len, int64_t *day_start);
/* Through the specialist's and the leader's steps (commune X01) to "result ready", with the
 * dossier due at `due` when the leader acts. */
void ts_resolve(struct tclient *desk, const char *code, int64_t due);
/* The rating given on the counter's tablet (a form body such as "overall=satisfied&…"). */
void ts_rate(const char *code, const char *fields);
/* GET base?range&query, expecting 200: the JSON (a new reference). */
json_t *ts_get(struct tclient *c, const char *range, const char *base, const char *query);
/* The number member key (failing the test unless it is one). */
double ts_real(json_t *j, const char *key);
/* The Decision 766 figure key of an evaluation answer. */
json_t *ts_figure(json_t *ev, const char *key);
/* Downloads path into file, expecting 200. */
void ts_save(struct tclient *c, const char *path, const char *file);
/* The cells of the CSV row whose first cell is first, from the second on, comma-joined. */
void ts_csv_row(const char *file, const char *first, char *out, size_t len);
/* `motcua stats rebuild` on the suite's database, expecting success: the counters as the
 * stored history says, after a test has edited that history by hand. */
void ts_rebuild_counters(void);
/* The monthly roll-up (migration 0020) holds exactly the daily counters summed per month, for
 * stats_monthly and stats_steps_monthly (EXCEPT both ways, rows of zeros ignored). */
void ts_expect_monthly_rollup(void);

#endif
