/* api_calendar.h — handlers of /api/v1/calendar/… and unit office hours. */
#ifndef MOTCUA_API_CALENDAR_H
#define MOTCUA_API_CALENDAR_H

struct api_call;

#include "http.h"

int api_calendar_lunar(struct api_call *c);
int api_calendar_solar(struct api_call *c);
int api_calendar_holidays(struct api_call *c);
int api_calendar_due(struct api_call *c);
int api_calendar_put_year(struct api_call *c);
int api_office_hours_get(struct api_call *c);
int api_office_hours_put(struct api_call *c);

#endif
