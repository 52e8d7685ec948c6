/* cal_office_json.h — office hours of a unit as JSON, the form in which admins edit them and
 * the database stores them:
 *   {"work": [["07:00","11:00"], ["13:00","17:00"]],
 *    "reception": {"mon": [["07:00","11:00"], …], …, "sat": [["07:00","11:00"]]},
 *    "same_day_cutoff": "15:00"}
 * Every member is optional; a missing one keeps the default of cal_office_default(), and a
 * missing "reception" means the counter is open during working hours on Monday–Friday. */
#ifndef MOTCUA_CAL_OFFICE_JSON_H
#define MOTCUA_CAL_OFFICE_JSON_H

#include "cal_worktime.h"
#include "err.h"

#include <jansson.h>

int cal_office_from_json(const json_t *j, struct cal_office *out, struct err *e);
/* A new reference, NULL on allocation failure. */
json_t *cal_office_to_json(const struct cal_office *o);

#endif
