/* jspec.c — see jspec.h. Strings are counted in code points (the input is already valid
 * UTF-8 by the time it reaches a handler), so "200 ký tự" means what a person reads. */
#include "jspec.h"

#include <stdio.h>
#include <string.h>

static int64_t utf8_chars(const char *s)
{
    int64_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static const char *type_label(enum jspec_type t)
{
    switch (t) {
    case JSPEC_STRING:
        return "chuỗi ký tự";
    case JSPEC_INT:
        return "số nguyên";
    case JSPEC_BOOL:
        return "true hoặc false";
    case JSPEC_OBJECT:
    case JSPEC_FIELDS:
        return "đối tượng";
    default:
        return "mảng";
    }
}

static int type_matches(const json_t *v, enum jspec_type t)
{
    switch (t) {
    case JSPEC_STRING:
        return json_is_string(v);
    case JSPEC_INT:
        return json_is_integer(v);
    case JSPEC_BOOL:
        return json_is_boolean(v);
    case JSPEC_OBJECT:
    case JSPEC_FIELDS:
        return json_is_object(v);
    default:
        return json_is_array(v);
    }
}

static int check_field(json_t *v, const struct jspec *f, struct err *e)
{
    const char *label = f->label ? f->label : f->name;
    if (!type_matches(v, f->type))
        return err_set(e, E_INVALID, f->name, "%s phải là %s", label, type_label(f->type));
    if (f->type == JSPEC_STRING) {
        const char *s = json_string_value(v);
        int64_t n = utf8_chars(s), max = f->max ? f->max : 10000;
        if (n < f->min)
            return err_set(e, E_INVALID, f->name,
                           f->min <= 1 ? "Vui lòng nhập %s" : "%s phải có ít nhất %lld ký tự",
                           label, (long long)f->min);
        if (n > max)
            return err_set(e, E_INVALID, f->name, "%s dài quá %lld ký tự", label, (long long)max);
        *f->out.str = s;
    } else if (f->type == JSPEC_INT) {
        json_int_t i = json_integer_value(v);
        if ((f->min || f->max) && (i < f->min || i > f->max))
            return err_set(e, E_INVALID, f->name, "%s phải từ %lld đến %lld", label,
                           (long long)f->min, (long long)f->max);
        *f->out.num = (int64_t)i;
    } else if (f->type == JSPEC_BOOL) {
        *f->out.flag = json_is_true(v);
    } else if (f->type == JSPEC_OBJECT || f->type == JSPEC_ARRAY) {
        *f->out.json = v;
    }
    return 0;
}

static int string_items(json_t *v, const struct jspec *f, struct arena *a, struct err *e)
{
    size_t n = json_array_size(v);
    if (n > (size_t)f->max_items)
        return err_set(e, E_INVALID, f->name, "%s phải là danh sách chuỗi (tối đa %d)", f->name,
                       f->max_items);
    const char **items = arena_alloc(a, sizeof *items * (n + 1));
    for (size_t i = 0; i < n; i++) {
        const char *s = json_string_value(json_array_get(v, i));
        if (!s || utf8_chars(s) < f->min || utf8_chars(s) > f->max)
            return err_set(e, E_INVALID, f->name, "%s[%zu] phải là chuỗi không rỗng", f->name, i);
        items[i] = s;
    }
    *f->out.strs = items;
    *f->count = (int)n;
    return 0;
}

static int int_items(json_t *v, const struct jspec *f, struct arena *a, struct err *e)
{
    size_t n = json_array_size(v);
    if (n > (size_t)f->max_items)
        return err_set(e, E_INVALID, f->name, "%s phải là danh sách số nguyên", f->name);
    int *items = arena_alloc(a, sizeof *items * (n + 1));
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_array_get(v, i);
        if (!json_is_integer(x) || json_integer_value(x) < f->min || json_integer_value(x) > f->max)
            return err_set(e, E_INVALID, f->name, "%s[%zu] phải là số từ %lld đến %lld", f->name, i,
                           (long long)f->min, (long long)f->max);
        items[i] = (int)json_integer_value(x);
    }
    *f->out.ints = items;
    *f->count = (int)n;
    return 0;
}

/* A nested object's fields are named after their parent: "applicant.name". */
static int nested_fields(json_t *v, const struct jspec *f, struct arena *a, struct err *e)
{
    int rc = jspec_parse(v, f->fields, a, e);
    if (rc && e->field[0]) {
        char field[sizeof e->field];
        snprintf(field, sizeof field, "%s", e->field);
        snprintf(e->field, sizeof e->field, "%.20s.%.40s", f->name, field);
    }
    return rc;
}

/* The second pass: the contents of lists and nested objects (their type is already known). */
static int check_contents(json_t *v, const struct jspec *f, struct arena *a, struct err *e)
{
    switch (f->type) {
    case JSPEC_STRINGS:
        return string_items(v, f, a, e);
    case JSPEC_INTS:
        return int_items(v, f, a, e);
    case JSPEC_FIELDS:
        return nested_fields(v, f, a, e);
    default:
        return 0;
    }
}

static const struct jspec *find_field(const struct jspec *spec, const char *key)
{
    for (const struct jspec *f = spec; f->name; f++)
        if (strcmp(f->name, key) == 0)
            return f;
    return NULL;
}

int jspec_parse(json_t *obj, const struct jspec *spec, struct arena *a, struct err *e)
{
    if (!json_is_object(obj))
        return err_set(e, E_INVALID, "", "Nội dung yêu cầu phải là một đối tượng JSON");
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        if (!find_field(spec, key))
            return err_set(e, E_INVALID, key, "Trường '%s' không được hỗ trợ", key);
    }
    for (const struct jspec *f = spec; f->name; f++) {
        v = json_object_get(obj, f->name);
        if (!v || json_is_null(v)) {
            if (f->required)
                return err_set(e, E_INVALID, f->name, "Thiếu trường bắt buộc: %s",
                               f->label ? f->label : f->name);
            continue;
        }
        int rc = check_field(v, f, e);
        if (rc)
            return rc;
    }
    for (const struct jspec *f = spec; f->name; f++) {
        v = json_object_get(obj, f->name);
        int rc = v && !json_is_null(v) ? check_contents(v, f, a, e) : 0;
        if (rc)
            return rc;
    }
    return 0;
}
