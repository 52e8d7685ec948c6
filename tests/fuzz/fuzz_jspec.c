/* fuzz_jspec.c — libFuzzer target for the declarative JSON request validator (base/jspec).
 * The input is parsed as a JSON document and checked against a spec with every field type;
 * jspec_parse must return 0 or E_INVALID naming a field, and what it accepts must respect
 * the spec: strings within their code-point limits, integers within their range, every
 * required field stored. */
#include "err.h"
#include "jspec.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fields {
    const char *name, *note;
    int64_t count, year;
    int urgent;
    json_t *applicant, *received;
};

static int64_t code_points(const char *s)
{
    int64_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void check_accepted(const struct fields *f)
{
    int64_t n = code_points(f->name);
    if (n < 2 || n > 40)
        abort();
    if (f->note && code_points(f->note) > 10000)
        abort();
    if (f->count < 1 || f->count > 99)
        abort();
    if (f->urgent != 0 && f->urgent != 1)
        abort();
    if (f->applicant && !json_is_object(f->applicant))
        abort();
    if (!json_is_array(f->received))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *obj = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
    if (!obj)
        return 0;
    struct fields f = {0};
    const struct jspec spec[] = {
        JSPEC_STR("name", 1, 2, 40, &f.name, "Họ và tên"),
        JSPEC_STR("note", 0, 0, 0, &f.note, NULL),
        JSPEC_NUM("count", 1, 1, 99, &f.count, "Số bản"),
        JSPEC_NUM("year", 0, 0, 0, &f.year, NULL),
        JSPEC_FLAG("urgent", 0, &f.urgent, NULL),
        JSPEC_OBJ("applicant", 0, &f.applicant, NULL),
        JSPEC_ARR("received", 1, &f.received, NULL),
        JSPEC_END,
    };
    struct err e = {0};
    int rc = jspec_parse(obj, spec, NULL, &e);
    if (rc != 0 && (rc != E_INVALID || !e.msg[0]))
        abort();
    if (rc == 0)
        check_accepted(&f);
    json_decref(obj);
    return 0;
}
