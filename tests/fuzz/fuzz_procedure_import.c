/* fuzz_procedure_import.c — libFuzzer target for the procedure catalogue import validator
 * (svc_proc_import_check, which runs svc_proc_normalize on every entry). Any input must give
 * 0 or a clean error with a message, never a crash; an accepted entry's canonical form must
 * normalise to itself (the property export → import relies on). */
#include "err.h"
#include "svc_catalogue.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_fixed_point(const uint8_t *data, size_t size)
{
    json_t *root = json_loadb((const char *)data, size, 0, NULL);
    json_t *list = json_object_get(root, "procedures");
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *in = json_deep_copy(json_array_get(list, i)), *a = NULL, *b = NULL;
        json_object_del(in, "version");
        json_object_del(in, "units");
        json_object_del(in, "retired_at");
        if (svc_proc_normalize(in, &a, NULL) == 0) {
            if (svc_proc_normalize(a, &b, NULL) != 0 || !json_equal(a, b))
                abort();
        }
        json_decref(in);
        json_decref(a);
        json_decref(b);
    }
    json_decref(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct err e = {0};
    size_t n = 0;
    int rc = svc_proc_import_check((const char *)data, size, &n, &e);
    if (rc != 0 && (rc != E_INVALID && rc != E_TOOLARGE))
        abort();
    if (rc != 0 && !e.msg[0])
        abort();
    if (rc == 0)
        check_fixed_point(data, size);
    return 0;
}
