/* svc_calendar.h — the working-time calendar in force: the official years shipped with the
 * program, overridden year by year by what admins import, and office hours per unit. Every
 * appointment date is computed from it. */
#ifndef MOTCUA_SVC_CALENDAR_H
#define MOTCUA_SVC_CALENDAR_H

#include "svc.h"

#include <stddef.h>

struct svc_cal_day {
    const char *date; /* YYYY-MM-DD */
    int off;          /* 1 a day off, 0 a Saturday or Sunday worked */
    int uncertain;
    const char *name;
};

/* Where the days of a year come from: an official year with the notices that fix it, or the
 * default rule, which is only a guess (source is then CAL_DEFAULT_RULE_NOTE). */
struct svc_cal_basis {
    int official;
    const char *source;
    int nnotices;
    const char **notices;
};

/* The days of a year that differ from the Monday–Friday week, and where they come from. */
int svc_calendar_holidays(struct svc *s, struct arena *a, int year, struct svc_cal_day **out,
                          int *n, struct svc_cal_basis *basis, struct err *e);
/* The due moment of a limit (unit: same_day, working_days, calendar_days, hours) for a dossier
 * received at `from` by the unit with key unit_key (NULL: default office hours). */
int svc_calendar_due(struct svc *s, const char *unit_key, int64_t from, const char *unit, int value,
                     int64_t *due, struct err *e);
/* Replaces one year with the JSON object of one entry of "years" in
 * data/calendar/official.json. Admins only. */
int svc_calendar_set_year(struct svc *s, const struct actor *a, const char *json, size_t len,
                          int *year, struct err *e);
/* A notice that changes the calendar, as the admin's form has it: the day from (and to, the
 * last day of a run, empty for one day) as dd/mm/yyyy, kind "off" (a day off) or "work" (a
 * Saturday or Sunday worked), the notice's number and date, and what the days are (name). */
struct svc_cal_notice {
    const char *from, *to, *kind, *notice, *name;
};
/* Every problem with the notice (fields from, to, kind, notice, name), up to max of them
 * into problems; E_INVALID when there is one, 0 otherwise. */
int svc_calendar_notice_check(const struct svc_cal_notice *in, struct err *problems, int max,
                              int *n);
/* Puts the notice's days into their year in force (replacing what it said of those days),
 * adds the notice to the year's notices and stores the year; *year receives it. Admins
 * without a unit; E_INVALID (with the field) for the first problem of the notice. */
int svc_calendar_notice_add(struct svc *s, const struct actor *a, const struct svc_cal_notice *in,
                            int *year, struct err *e);
/* Imports a whole calendar file ({"years":[…]}); all-or-nothing. Admins only. */
int svc_calendar_import(struct svc *s, const struct actor *a, const char *json, size_t len,
                        int *years, struct err *e);
/* Office hours of a unit as JSON text (its own, or the default), in a. */
int svc_office_hours_get(struct svc *s, struct arena *a, const char *unit_key, const char **json,
                         int *own, struct err *e);
/* Admins only; validated as a whole. */
int svc_office_hours_set(struct svc *s, const struct actor *a, const char *unit_key,
                         const char *json, size_t len, struct err *e);

#endif
