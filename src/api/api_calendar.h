/* api_calendar.h — handlers of /api/v1/calendar/… and unit office hours. */
#ifndef MOTCUA_API_CALENDAR_H
#define MOTCUA_API_CALENDAR_H

#include "http.h"

int api_calendar_lunar(struct http_req *r, struct http_resp *w, void *app);
int api_calendar_solar(struct http_req *r, struct http_resp *w, void *app);
int api_calendar_holidays(struct http_req *r, struct http_resp *w, void *app);
int api_calendar_due(struct http_req *r, struct http_resp *w, void *app);
int api_calendar_put_year(struct http_req *r, struct http_resp *w, void *app);
int api_office_hours_get(struct http_req *r, struct http_resp *w, void *app);
int api_office_hours_put(struct http_req *r, struct http_resp *w, void *app);

#endif
