/* fuzz_text.c — libFuzzer target for core/text. Any byte string must be classified without
 * crashing; NFC must agree with the validator, produce valid UTF-8 and be idempotent; the
 * folded form must be valid UTF-8 without leading, trailing or doubled spaces, equal for
 * canonically equivalent inputs, the same from the ASCII fast path and the ICU path, and
 * lower-case ASCII for ASCII input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_folded(const char *folded)
{
    size_t n = strlen(folded);
    if (!text_valid_utf8(folded, n))
        abort();
    if (n > 0 && (folded[0] == ' ' || folded[n - 1] == ' ' || strstr(folded, "  ")))
        abort();
}

/* Appending " é" takes the ICU path even for ASCII input, so both paths must agree. */
static void check_paths_agree(struct arena *a, const char *input, const char *folded)
{
    char *extended = arena_printf(a, "%s \xC3\xA9", input), *folded_ext;
    if (text_fold(a, extended, &folded_ext) != 0)
        abort();
    char *expected = arena_printf(a, "%s%se", folded, folded[0] ? " " : "");
    if (strcmp(folded_ext, expected) != 0)
        abort();
}

static void check_ascii_fold(const char *in, const char *folded)
{
    for (const char *p = in; *p; p++) {
        if ((unsigned char)*p >= 0x80)
            return;
    }
    for (const char *p = folded; *p; p++) {
        if (*p >= 'A' && *p <= 'Z')
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    struct arena *a = arena_new();
    int valid = text_valid_utf8(s, size);
    char *nfc = NULL, *again = NULL;
    if ((text_nfc(a, s, size, &nfc) == 0) != valid)
        abort();
    if (valid) {
        if (!text_valid_utf8(nfc, strlen(nfc)))
            abort();
        if (text_nfc(a, nfc, strlen(nfc), &again) != 0 || strcmp(nfc, again) != 0)
            abort();
        char *input = arena_strndup(a, s, size);
        char *folded, *folded_nfc, *key;
        if (text_fold(a, input, &folded) != 0 || text_fold(a, nfc, &folded_nfc) != 0)
            abort();
        if (strcmp(folded, folded_nfc) != 0)
            abort();
        check_folded(folded);
        check_ascii_fold(input, folded);
        check_paths_agree(a, input, folded);
        if (text_sort_key(a, input, &key) != 0)
            abort();
        if (text_length(input) > size)
            abort();
    }
    arena_free(a);
    return 0;
}
