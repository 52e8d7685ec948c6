/* jspec.h — declarative validation of JSON request bodies (after GNU Taler's json specs): a
 * handler lists the fields it takes, each made by a typed constructor below (so the compiler
 * checks where each value goes), with its limits; one call checks the whole body, reporting
 * the first bad field by name. Unknown fields are refused, so a typo in a client never
 * silently does nothing. Lists of strings or numbers and nested objects are kinds of their
 * own: their items are checked and copied into the request's arena. */
#ifndef MOTCUA_JSPEC_H
#define MOTCUA_JSPEC_H

#include "arena.h"
#include "err.h"

#include <jansson.h>
#include <stdint.h>

enum jspec_type {
    JSPEC_STRING,
    JSPEC_INT,
    JSPEC_BOOL,
    JSPEC_OBJECT,  /* any object, borrowed */
    JSPEC_ARRAY,   /* any array, borrowed */
    JSPEC_STRINGS, /* array of non-empty strings → const char ** in the arena */
    JSPEC_INTS,    /* array of integers in [min, max] → int * in the arena */
    JSPEC_FIELDS,  /* object checked against a nested spec; its fields named "name.field" */
};

struct jspec {
    const char *name;
    enum jspec_type type;
    int required;
    int64_t min, max; /* string: length in code points (max 0 = 10000); int and list items:
                         value range; string list items: at most max code points */
    union {
        const char **str;
        int64_t *num;
        int *flag;
        json_t **json;
        const char *const **strs;
        const int **ints;
    } out;
    int *count;                 /* lists: number of items */
    int max_items;              /* lists */
    const struct jspec *fields; /* JSPEC_FIELDS */
    const char *label;          /* Vietnamese name for messages: "Tên đăng nhập" */
};

/* A string of min..max code points (max 0: 10000). */
#define JSPEC_STR(name_, req_, min_, max_, out_, label_)                                           \
    {                                                                                              \
        .name = (name_), .type = JSPEC_STRING, .required = (req_), .min = (min_), .max = (max_),   \
        .out.str = (out_), .label = (label_)                                                       \
    }
/* An integer; min = max = 0: any. */
#define JSPEC_NUM(name_, req_, min_, max_, out_, label_)                                           \
    {                                                                                              \
        .name = (name_), .type = JSPEC_INT, .required = (req_), .min = (min_), .max = (max_),      \
        .out.num = (out_), .label = (label_)                                                       \
    }
#define JSPEC_FLAG(name_, req_, out_, label_)                                                      \
    {                                                                                              \
        .name = (name_), .type = JSPEC_BOOL, .required = (req_), .out.flag = (out_),               \
        .label = (label_)                                                                          \
    }
#define JSPEC_OBJ(name_, req_, out_, label_)                                                       \
    {                                                                                              \
        .name = (name_), .type = JSPEC_OBJECT, .required = (req_), .out.json = (out_),             \
        .label = (label_)                                                                          \
    }
#define JSPEC_ARR(name_, req_, out_, label_)                                                       \
    {                                                                                              \
        .name = (name_), .type = JSPEC_ARRAY, .required = (req_), .out.json = (out_),              \
        .label = (label_)                                                                          \
    }
/* At most max_items_ non-empty strings of at most item_max_ code points each. */
#define JSPEC_STRS(name_, req_, max_items_, item_max_, out_, count_, label_)                       \
    {                                                                                              \
        .name = (name_), .type = JSPEC_STRINGS, .required = (req_), .min = 1, .max = (item_max_),  \
        .out.strs = (out_), .count = (count_), .max_items = (max_items_), .label = (label_)        \
    }
/* At most max_items_ integers, each from item_min_ to item_max_. */
#define JSPEC_INTS(name_, req_, max_items_, item_min_, item_max_, out_, count_, label_)            \
    {                                                                                              \
        .name = (name_), .type = JSPEC_INTS, .required = (req_), .min = (item_min_),               \
        .max = (item_max_), .out.ints = (out_), .count = (count_), .max_items = (max_items_),      \
        .label = (label_)                                                                          \
    }
/* An object checked against fields_ (a JSPEC_END-terminated spec). */
#define JSPEC_SUB(name_, req_, fields_, label_)                                                    \
    {                                                                                              \
        .name = (name_), .type = JSPEC_FIELDS, .required = (req_), .fields = (fields_),            \
        .label = (label_)                                                                          \
    }
#define JSPEC_END                                                                                  \
    {                                                                                              \
        .name = NULL                                                                               \
    }

/* Checks obj against spec and stores the values; fields that are absent and not required
 * are left untouched. Every field's presence and type is checked first, then the items of
 * lists and nested objects, in the spec's order. Lists are copied into a (which may be NULL
 * when spec has none). E_INVALID with the field name on the first problem. */
int jspec_parse(json_t *obj, const struct jspec *spec, struct arena *a, struct err *e);

#endif
