/* err.c — filling the error carrier and naming error codes. Keeping the names in one table
 * means API clients see exactly one spelling for each failure. */
#include "err.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int err_set(struct err *e, int code, const char *field, const char *fmt, ...)
{
    if (!e)
        return code;
    e->code = code;
    e->retry_after = 0;
    snprintf(e->field, sizeof e->field, "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return code;
}

void err_clear(struct err *e)
{
    if (e)
        memset(e, 0, sizeof *e);
}

int err_disk_full(int errnum)
{
    return errnum == ENOSPC || errnum == EDQUOT || errnum == EFBIG;
}

const char *err_code_name(int code)
{
    switch (code) {
    case E_OK:
        return "ok";
    case E_INVALID:
        return "invalid";
    case E_NOTFOUND:
        return "not_found";
    case E_CONFLICT:
        return "conflict";
    case E_CONSTRAINT:
        return "constraint";
    case E_RETRY:
        return "retry";
    case E_FORBIDDEN:
        return "forbidden";
    case E_UNAUTH:
        return "unauthorized";
    case E_TOOLARGE:
        return "too_large";
    case E_UNAVAILABLE:
        return "unavailable";
    case E_NOMEM:
        return "no_memory";
    case E_RATE:
        return "rate_limited";
    case E_IO:
        return "io";
    default:
        return "internal";
    }
}
