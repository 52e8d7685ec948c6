/* err.h — one set of error codes for the whole program, and a small carrier for the
 * human-readable message and the input field the error is about. Functions return 0 or a
 * negative E_* code and optionally fill a struct err; the HTTP layer maps codes to statuses. */
#ifndef MOTCUA_ERR_H
#define MOTCUA_ERR_H

#include <stdarg.h>

enum err_code {
    E_OK = 0,
    E_INVALID = -1,     /* bad input: 400/422 */
    E_NOTFOUND = -2,    /* 404 */
    E_CONFLICT = -3,    /* stale version, duplicate: 409 */
    E_CONSTRAINT = -4,  /* database constraint violated: 409 */
    E_RETRY = -5,       /* serialization failure / busy: retry the transaction */
    E_FORBIDDEN = -6,   /* 403 */
    E_UNAUTH = -7,      /* 401 */
    E_TOOLARGE = -8,    /* 413 */
    E_UNAVAILABLE = -9, /* database or dependency down: 503 */
    E_INTERNAL = -10,   /* broken invariant or unexpected library failure: 500 */
    E_NOMEM = -11,      /* allocation failed or a bounded buffer is full */
    E_RATE = -12,       /* rate limited: 429 */
    E_IO = -13,         /* file system error */
};

struct err {
    int code;
    char msg[256];   /* for a person; Vietnamese when it is shown on a page */
    char field[64];  /* input field the error is about, or "" */
    int retry_after; /* E_RATE: seconds until a retry may pass (Retry-After), or 0 */
};

/* Fills e (when not NULL) and returns code, so callers can write `return err_set(...)`. */
int err_set(struct err *e, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void err_clear(struct err *e);
/* A full disk or quota (ENOSPC, EDQUOT, and EFBIG past a file size limit) is a condition that
 * passes once space is freed, not a fault of the program: whoever writes a file maps it to
 * E_UNAVAILABLE (503 with Retry-After) with ERR_DISK_FULL_MESSAGE, which names no file
 * system, and logs the details. err_disk_full(errno) says which errors those are. */
#define ERR_DISK_FULL_MESSAGE                                                                      \
    "Hệ thống tạm thời hết chỗ lưu trữ, chưa lưu được tệp; vui lòng thử lại sau ít phút"
int err_disk_full(int errnum);

/* Stable machine name of a code, e.g. "not_found"; used in JSON error bodies. */
const char *err_code_name(int code);

#endif
