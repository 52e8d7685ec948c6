/* calfixture.h — the shipped calendar rules (data/calendar/official.json, read from the source
 * tree named by $MOTCUA_SOURCE_DIR) compiled into a working-day calendar, for the tests of
 * core/cal_*. Aborts when the file is missing or invalid: every calendar test depends on it. */
#ifndef MOTCUA_CALFIXTURE_H
#define MOTCUA_CALFIXTURE_H

#include "cal_calendar.h"
#include "cal_rules.h"

#include <stdint.h>

/* New rules loaded from the shipped file; free with cal_rules_free(). */
struct cal_rules *calfix_rules(void);
/* New calendar compiled from calfix_rules(); free with cal_calendar_free(). */
struct cal_calendar *calfix_calendar(void);
/* Instant of a Vietnam local "YYYY-MM-DDTHH:MM"; aborts on a malformed literal. */
int64_t calfix_at(const char *local);
/* Day number of "YYYY-MM-DD"; aborts on a malformed literal. */
int32_t calfix_day(const char *date);
/* The latest whole minute from which more than `working` seconds of working time (default
 * office hours, shipped calendar) remain until t: "that long before t" measured as the
 * deadline rules measure it, across nights, weekends and lunch breaks. */
int64_t calfix_before_working(int64_t t, int64_t working);

#endif
