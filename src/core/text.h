/* text.h — Vietnamese text at the boundary and in search: UTF-8 validation, NFC
 * normalisation, and the folded form used by search (NFD, strip combining marks, case-fold,
 * đ/Đ → d), plus Vietnamese collation keys for sorting names. */
#ifndef MOTCUA_TEXT_H
#define MOTCUA_TEXT_H

#include "arena.h"

#include <stddef.h>

/* 1 when s[0..len) is well-formed UTF-8 with no NUL bytes, no overlongs, no surrogates. */
int text_valid_utf8(const char *s, size_t len);
/* NFC of valid UTF-8 s[0..len), allocated in a. Returns 0, or E_INVALID for bad UTF-8. */
int text_nfc(struct arena *a, const char *s, size_t len, char **out);
/* Folded search form of valid UTF-8 s: "ĐĂNG KÝ Khai sinh" → "dang ky khai sinh"; runs of
 * white space collapse to one space, leading/trailing space removed. */
int text_fold(struct arena *a, const char *s, char **out);
/* Sort key for Vietnamese collation (ICU "vi"), as a NUL-free byte string comparable with
 * strcmp; allocated in a. */
int text_sort_key(struct arena *a, const char *s, char **out);
/* Number of Unicode code points in valid UTF-8 s. */
size_t text_length(const char *s);

#endif
