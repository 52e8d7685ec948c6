/* jpack.c — the checked wrapper around json_vpack_ex (see jpack.h for why it exists). A
 * failure is a programming error, so it is logged loudly with the place it came from; in
 * strict mode (tests) it aborts so the failing test points at the line. */
#include "jpack.h"

#include "arena.h"
#include "log.h"

#include <stdarg.h>
#include <stdlib.h>

static int strict_mode(void)
{
    const char *s = getenv("MOTCUA_STRICT_PACK");
    return s && *s && *s != '0';
}

json_t *jpack_at(const char *file, int line, const char *fmt, ...)
{
    json_error_t error;
    va_list ap;
    va_start(ap, fmt);
    json_t *j = json_vpack_ex(&error, 0, fmt, ap);
    va_end(ap);
    if (j)
        return j;
    log_error("json pack failed at %s:%d format=\"%s\": %s", file, line, fmt, error.text);
    if (strict_mode())
        abort();
    return NULL;
}

static void json_dispose(void *j)
{
    json_decref(j);
}

json_t *json_in_arena(struct arena *a, json_t *j)
{
    return arena_defer(a, json_dispose, j);
}
