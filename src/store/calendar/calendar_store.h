/* calendar_store.h — persistence of the official calendar years and of office hours. */
#ifndef MOTCUA_CALENDAR_STORE_H
#define MOTCUA_CALENDAR_STORE_H

#include "arena.h"
#include "db.h"

#include <stdint.h>

struct calendar_year_row {
    int year;
    const char *body; /* JSON text of one official year */
    int64_t version;
};

/* The highest version of any year (0 when the table is empty). */
int calendar_version(struct db_conn *c, int64_t *version, struct err *e);
int calendar_years(struct db_conn *c, struct arena *a, struct calendar_year_row **out, int *n,
                   struct err *e);
/* Inserts or replaces a year with the next version number. */
int calendar_put_year(struct db_conn *c, int year, const char *body, int64_t now, const char *by,
                      struct err *e);
/* The office hours JSON of a unit; E_NOTFOUND when the unit has none of its own. */
int office_hours_get(struct db_conn *c, struct arena *a, int64_t unit_id, const char **body,
                     struct err *e);
int office_hours_put(struct db_conn *c, int64_t unit_id, const char *body, int64_t now,
                     struct err *e);

#endif
