/* fuzz_http_json.c — libFuzzer target for the JSON body path: Jansson with duplicate keys
 * refused, then the NFC walk with its depth limit. Whatever survives must hold only valid
 * UTF-8 strings and keys that are already NFC. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http_parse.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_nfc(struct arena *a, const char *s, size_t len)
{
    char *again;
    if (text_nfc(a, s, len, &again) != 0 || strlen(again) != len || memcmp(again, s, len) != 0)
        abort();
}

static void check(struct arena *a, json_t *j)
{
    const char *key;
    json_t *v;
    size_t i;
    switch (json_typeof(j)) {
    case JSON_STRING:
        check_nfc(a, json_string_value(j), json_string_length(j));
        break;
    case JSON_ARRAY:
        json_array_foreach(j, i, v) check(a, v);
        break;
    case JSON_OBJECT:
        json_object_foreach(j, key, v)
        {
            check_nfc(a, key, strlen(key));
            check(a, v);
        }
        break;
    default:
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!text_valid_utf8((const char *)data, size))
        return 0;
    json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (!j)
        return 0;
    struct arena *a = arena_new();
    struct err e;
    if (http_clean_json(a, j, 32, &e) == 0)
        check(a, j);
    else if (e.code != E_INVALID)
        abort();
    json_decref(j);
    arena_free(a);
    return 0;
}
