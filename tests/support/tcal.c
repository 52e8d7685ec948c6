/* tcal.c — see tcal.h. The server is asked rather than the calendar compiled here, because
 * the server's calendar is the one a dossier's times are checked against: its official years
 * may have been edited by an administrator in the suite's database. */
#include "tcal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define VN_OFFSET (7 * 3600)

void tcal_local(int64_t t, char *out, size_t len)
{
    time_t local = (time_t)(t + VN_OFFSET);
    struct tm tm;
    gmtime_r(&local, &tm);
    strftime(out, len, "%Y-%m-%dT%H:%M", &tm);
}

int64_t tcal_due(struct tclient *c, int64_t from, const char *unit, int limit)
{
    char when[32], path[160];
    tcal_local(from, when, sizeof when);
    snprintf(path, sizeof path, "/api/v1/calendar/due?from=%s&limit=%d&unit=%s", when, limit, unit);
    struct tresp r = tc_get(c, path);
    if (r.status != 200 || !json_is_integer(json_object_get(r.json, "due_unix")))
        fail_msg("%s: %ld %s", path, r.status, r.body ? r.body : "");
    int64_t due = (int64_t)json_integer_value(json_object_get(r.json, "due_unix"));
    tc_resp_free(&r);
    return due;
}

int64_t tcal_working_days_after(struct tclient *c, int64_t from, int n)
{
    return tcal_due(c, from, "working_days", n);
}
