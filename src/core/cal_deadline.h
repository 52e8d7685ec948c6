/* cal_deadline.h — the due moment of a time limit (thời hạn giải quyết) and of the steps of
 * an internal process. A limit is a value and a unit as published in the procedure catalogue:
 *   same_day       done by the end of the working day of receipt when received before the
 *                  cut-off (15:00), else by the end of the next working day;
 *   working_days   N × the unit's daily office hours of working time from receipt;
 *   hours          N working hours from receipt;
 *   calendar_days  the day of receipt not counted, ends at close of office on day N, moved to
 *                  the next working day when day N is not one (Civil Code Art. 147–148).
 * Receipt outside office hours counts from the next opening. */
#ifndef MOTCUA_CAL_DEADLINE_H
#define MOTCUA_CAL_DEADLINE_H

#include "cal_worktime.h"

#include <stdint.h>

enum cal_unit { CAL_SAME_DAY, CAL_WORKING_DAYS, CAL_CALENDAR_DAYS, CAL_HOURS };

#define CAL_MAX_LIMIT_DAYS  1000 /* working days */
#define CAL_MAX_LIMIT_CDAYS 3660 /* calendar days */
#define CAL_MAX_LIMIT_HOURS 8000

struct cal_limit {
    enum cal_unit unit;
    int value; /* ignored for same_day, which must say 0 or 1 */
};

/* "same_day", "working_days", "calendar_days", "hours" ↔ enum. */
int cal_unit_parse(const char *s, enum cal_unit *unit, struct err *e);
const char *cal_unit_name(enum cal_unit unit);
/* E_INVALID unless the value is in range for its unit (≥ 1, bounded). */
int cal_limit_validate(struct cal_limit lim, struct err *e);
/* The due moment of lim for a dossier received at `received`. */
int cal_due(const struct cal_calendar *c, const struct cal_office *o, int64_t received,
            struct cal_limit lim, int64_t *due, struct err *e);
/* Due moments of consecutive steps with working-time budgets (seconds): dues[i] is the moment
 * budgets[0] + … + budgets[i] of working time have run from start. */
int cal_step_dues(const struct cal_calendar *c, const struct cal_office *o, int64_t start,
                  const int64_t *budgets, int n, int64_t *dues, struct err *e);

#endif
