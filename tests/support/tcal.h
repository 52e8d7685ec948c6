/* tcal.h — dates for the HTTP suites taken from the server's own calendar
 * (GET /api/v1/calendar/due), so that a test never adds a constant to the wall clock and
 * lands on a weekend, a holiday or outside office hours on the day it happens to run. */
#ifndef MOTCUA_TCAL_H
#define MOTCUA_TCAL_H

#include "tclient.h"

#include <stddef.h>
#include <stdint.h>

/* The due time the server computes from the instant from for limit in unit ("working_days",
 * "hours", "same_day", "calendar_days"); fails the test when the server refuses. */
int64_t tcal_due(struct tclient *c, int64_t from, const char *unit, int limit);
/* The instant n working days after from (n >= 1), by the server's calendar. */
int64_t tcal_working_days_after(struct tclient *c, int64_t from, int n);
/* t as Vietnam local time "YYYY-MM-DDTHH:MM" in out (at least 17 bytes). */
void tcal_local(int64_t t, char *out, size_t len);

#endif
