/* jspec.h — declarative validation of JSON request bodies (after GNU Taler's json specs): a
 * handler lists the fields it takes, their types, limits and where to store them, and one
 * call checks the whole body, reporting the first bad field by name. Unknown fields are
 * refused, so a typo in a client never silently does nothing. */
#ifndef MOTCUA_JSPEC_H
#define MOTCUA_JSPEC_H

#include "err.h"

#include <jansson.h>
#include <stdint.h>

enum jspec_type { JSPEC_STRING, JSPEC_INT, JSPEC_BOOL, JSPEC_OBJECT, JSPEC_ARRAY };

struct jspec {
    const char *name;
    enum jspec_type type;
    int required;
    int64_t min, max;  /* string: length in code points (max 0 = 10000); int: value range */
    void *out;         /* const char ** | int64_t * | int * | json_t ** (borrowed) */
    const char *label; /* Vietnamese name for messages: "Tên đăng nhập" */
};

#define JSPEC_END                                                                                  \
    {                                                                                              \
        NULL, 0, 0, 0, 0, NULL, NULL                                                               \
    }

/* Checks obj against spec and stores the values; fields that are absent and not required
 * are left untouched. E_INVALID with the field name on the first problem. */
int jspec_parse(json_t *obj, const struct jspec *spec, struct err *e);

#endif
