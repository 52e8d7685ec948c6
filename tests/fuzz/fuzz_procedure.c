/* fuzz_procedure.c — libFuzzer target for the procedure decoder (core/procedure.h). Any input
 * must decode or give a clean E_INVALID with a field, never a crash; an accepted document's
 * canonical form must parse back (as a stored body) to the same canonical form. */
#include "arena.h"
#include "procedure.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *doc = json_loadb((const char *)data, size, 0, NULL);
    struct arena *a = arena_new();
    struct procedure p, q;
    struct err e = {0};
    int rc = proc_decode(a, doc, NULL, &p, &e);
    if (rc != 0 && (rc != E_INVALID || !e.msg[0] || !e.field[0]))
        abort();
    if (rc == 0) {
        json_t *one = proc_to_json(&p);
        char *text = json_dumps(one, JSON_SORT_KEYS | JSON_COMPACT);
        if (proc_parse(a, text, &q, &e) != 0)
            abort();
        json_t *two = proc_to_json(&q);
        if (!json_equal(one, two))
            abort();
        free(text);
        json_decref(one);
        json_decref(two);
    }
    arena_free(a);
    json_decref(doc);
    return 0;
}
