/* text.c — Vietnamese text at the system boundary and in search.
 *
 * Every string that enters motcua is checked here for well-formed UTF-8 (a hand-written DFA,
 * because it runs on every byte of every request and must not depend on ICU's leniency) and
 * normalised to NFC, so "Đăng ký" typed on a Mac (NFD) and on Windows (NFC) is the same
 * string in the database. Search compares a folded form (no marks, case-folded, đ → d)
 * because citizens type "dang ky khai sinh" without diacritics; sorting uses ICU's "vi"
 * collation so names order as a Vietnamese reader expects (a ă â b c d đ e ê …).
 *
 * ICU works on UTF-16, so the slow paths convert in and out through the caller's arena; pure
 * ASCII input (the common case for codes, e-mail, numbers) never touches ICU. The collator is
 * expensive to open, so one instance is opened once per process (pthread_once) and then only
 * used through ucol_getSortKey(), which takes a const UCollator*: ICU4C documents const
 * collator APIs as safe for concurrent use, so no lock and no per-thread clone is needed. */
#include "text.h"

#include "err.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <unicode/ucol.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

/* ICU lengths are int32_t; refusing larger inputs keeps every size computation below in
 * range (a UTF-16 string never has more units than its UTF-8 source has bytes). */
#define TEXT_MAX_BYTES ((size_t)INT32_MAX / 4)

/* UTF-8 DFA over byte classes, after Unicode 15 Table 3-7 (well-formed byte sequences).
 * NUL is its own class and always rejected: a NUL inside a field would truncate it in C
 * and in SQLite, so it is never valid input. */
enum utf8_class {
    C_NUL,    /* 00 */
    C_ASCII,  /* 01..7F */
    C_CONT_A, /* 80..8F */
    C_CONT_B, /* 90..9F */
    C_CONT_C, /* A0..BF */
    C_BAD,    /* C0 C1 F5..FF: only ever used in overlongs or beyond U+10FFFF */
    C_LEAD2,  /* C2..DF */
    C_E0,     /* E0: next byte A0..BF, else overlong */
    C_LEAD3,  /* E1..EC EE EF */
    C_ED,     /* ED: next byte 80..9F, else a surrogate */
    C_F0,     /* F0: next byte 90..BF, else overlong */
    C_LEAD4,  /* F1..F3 */
    C_F4,     /* F4: next byte 80..8F, else beyond U+10FFFF */
    C_COUNT
};

enum utf8_state {
    S_OK,    /* between characters */
    S_NEED1, /* one continuation byte 80..BF left */
    S_NEED2, /* two left */
    S_NEED3, /* three left */
    S_E0,    /* after E0 */
    S_ED,    /* after ED */
    S_F0,    /* after F0 */
    S_F4,    /* after F4 */
    S_REJECT,
    S_COUNT
};

#define X4(c)  c, c, c, c
#define X16(c) X4(c), X4(c), X4(c), X4(c)
static const unsigned char utf8_class[256] = {
    C_NUL,         C_ASCII,       C_ASCII,       C_ASCII,
    X4(C_ASCII),   X4(C_ASCII),   X4(C_ASCII),                  /* 0x */
    X16(C_ASCII),  X16(C_ASCII),  X16(C_ASCII),  X16(C_ASCII),  /* 1x..4x */
    X16(C_ASCII),  X16(C_ASCII),  X16(C_ASCII),                 /* 5x..7x */
    X16(C_CONT_A), X16(C_CONT_B), X16(C_CONT_C), X16(C_CONT_C), /* 8x..Bx */
    C_BAD,         C_BAD,         C_LEAD2,       C_LEAD2,
    X4(C_LEAD2),   X4(C_LEAD2),   X4(C_LEAD2), /* Cx */
    X16(C_LEAD2),                              /* Dx */
    C_E0,          C_LEAD3,       C_LEAD3,       C_LEAD3,
    X4(C_LEAD3),   X4(C_LEAD3),                           /* E0..EB */
    C_LEAD3,       C_ED,          C_LEAD3,       C_LEAD3, /* EC..EF */
    C_F0,          C_LEAD4,       C_LEAD4,       C_LEAD4,
    C_F4,          C_BAD,         C_BAD,         C_BAD, /* F0..F7 */
    X4(C_BAD),     X4(C_BAD),                           /* F8..FF */
};
#undef X16
#undef X4

#define R S_REJECT
static const unsigned char utf8_next[S_COUNT][C_COUNT] = {
    /*            NUL ASC  80  90  A0 BAD   L2    E0    L3    ED    F0    L4    F4 */
    [S_OK] = {R, S_OK, R, R, R, R, S_NEED1, S_E0, S_NEED2, S_ED, S_F0, S_NEED3, S_F4},
    [S_NEED1] = {R, R, S_OK, S_OK, S_OK, R, R, R, R, R, R, R, R},
    [S_NEED2] = {R, R, S_NEED1, S_NEED1, S_NEED1, R, R, R, R, R, R, R, R},
    [S_NEED3] = {R, R, S_NEED2, S_NEED2, S_NEED2, R, R, R, R, R, R, R, R},
    [S_E0] = {R, R, R, R, S_NEED1, R, R, R, R, R, R, R, R},
    [S_ED] = {R, R, S_NEED1, S_NEED1, R, R, R, R, R, R, R, R, R},
    [S_F0] = {R, R, R, S_NEED2, S_NEED2, R, R, R, R, R, R, R, R},
    [S_F4] = {R, R, S_NEED2, R, R, R, R, R, R, R, R, R, R},
    [S_REJECT] = {R, R, R, R, R, R, R, R, R, R, R, R, R},
};
#undef R

/* Length of the leading run of bytes in 01..7F, eight at a time: a word has such bytes only
 * when no byte has its high bit set and no byte is zero. */
static size_t ascii_prefix(const unsigned char *p, size_t len)
{
    const uint64_t high = 0x8080808080808080u, low = 0x0101010101010101u;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if ((w & high) || ((w - low) & ~w & high))
            break;
    }
    while (i < len && p[i] != 0 && p[i] < 0x80)
        i++;
    return i;
}

int text_valid_utf8(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = ascii_prefix(p, len);
    if (i == len)
        return 1;
    unsigned state = S_OK;
    for (; i < len; i++) {
        state = utf8_next[state][utf8_class[p[i]]];
        if (state == S_REJECT)
            return 0;
    }
    return state == S_OK;
}

size_t text_length(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xC0) != 0x80;
    return n;
}

static int is_ascii(const char *s, size_t len)
{
    return ascii_prefix((const unsigned char *)s, len) == len;
}

/* UTF-8 (already validated) → UTF-16 in the arena. */
static int utf16_from_utf8(struct arena *a, const char *s, size_t len, UChar **out,
                           int32_t *out_len)
{
    UChar *u = arena_alloc(a, (len + 1) * sizeof *u);
    UErrorCode status = U_ZERO_ERROR;
    u_strFromUTF8(u, (int32_t)len + 1, out_len, s, (int32_t)len, &status);
    if (U_FAILURE(status))
        return E_INVALID;
    *out = u;
    return 0;
}

/* UTF-16 → NUL-terminated UTF-8 in the arena; one UTF-16 unit never needs more than three
 * bytes (a surrogate pair is two units for four bytes). */
static int utf8_from_utf16(struct arena *a, const UChar *u, int32_t ulen, char **out)
{
    int32_t cap = ulen * 3 + 1, n = 0;
    char *s = arena_alloc(a, (size_t)cap);
    UErrorCode status = U_ZERO_ERROR;
    u_strToUTF8(s, cap, &n, u, ulen, &status);
    if (U_FAILURE(status))
        return E_INTERNAL;
    *out = s;
    return 0;
}

/* One UTF-16 transformation by ICU: writes at most cap units of u's image to dst and reports
 * the length the whole image needs. */
typedef int32_t (*utf16_op)(const void *ctx, const UChar *u, int32_t ulen, UChar *dst, int32_t cap,
                            UErrorCode *status);

/* Runs op into a new arena buffer, growing it once when ICU reports the size it needs
 * (decomposition and case folding can multiply the length). */
static int transform_utf16(struct arena *a, utf16_op op, const void *ctx, const UChar *u,
                           int32_t ulen, UChar **out, int32_t *out_len)
{
    int32_t cap = ulen * 2 + 16;
    for (int attempt = 0; attempt < 2; attempt++) {
        UChar *dst = arena_alloc(a, (size_t)cap * sizeof *dst);
        UErrorCode status = U_ZERO_ERROR;
        int32_t n = op(ctx, u, ulen, dst, cap, &status);
        if (status == U_BUFFER_OVERFLOW_ERROR) {
            cap = n + 1;
            continue;
        }
        if (U_FAILURE(status))
            return E_INTERNAL;
        *out = dst;
        *out_len = n;
        return 0;
    }
    return E_INTERNAL;
}

static int32_t normalize_op(const void *norm, const UChar *u, int32_t ulen, UChar *dst, int32_t cap,
                            UErrorCode *status)
{
    return unorm2_normalize(norm, u, ulen, dst, cap, status);
}

static int normalize_utf16(struct arena *a, const UNormalizer2 *norm, const UChar *u, int32_t ulen,
                           UChar **out, int32_t *out_len)
{
    return transform_utf16(a, normalize_op, norm, u, ulen, out, out_len);
}

static int check_input(const char *s, size_t len)
{
    if (len > TEXT_MAX_BYTES)
        return E_TOOLARGE;
    return text_valid_utf8(s, len) ? 0 : E_INVALID;
}

int text_nfc(struct arena *a, const char *s, size_t len, char **out)
{
    int rc = check_input(s, len);
    if (rc)
        return rc;
    if (is_ascii(s, len)) {
        *out = arena_strndup(a, s, len);
        return 0;
    }
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&status);
    if (U_FAILURE(status))
        return E_INTERNAL;
    UChar *u, *n;
    int32_t ulen, nlen;
    rc = utf16_from_utf8(a, s, len, &u, &ulen);
    if (rc)
        return rc;
    if (unorm2_quickCheck(nfc, u, ulen, &status) == UNORM_YES && U_SUCCESS(status)) {
        *out = arena_strndup(a, s, len);
        return 0;
    }
    rc = normalize_utf16(a, nfc, u, ulen, &n, &nlen);
    if (rc)
        return rc;
    return utf8_from_utf16(a, n, nlen, out);
}

/* Appends c to the folded output, turning every run of white space into one space and
 * dropping it at the start; the caller trims a trailing one. */
static int32_t fold_put(UChar *dst, int32_t n, UChar32 c)
{
    if (u_isUWhiteSpace(c)) {
        if (n > 0 && dst[n - 1] != ' ')
            dst[n++] = ' ';
        return n;
    }
    UBool error = 0;
    U16_APPEND(dst, n, INT32_MAX, c, error);
    (void)error;
    return n;
}

/* Drops combining marks and maps đ/Đ to d (đ is a letter with a stroke, not d plus a mark,
 * so NFD leaves it alone) and collapses white space. Output never exceeds the input. */
static int32_t strip_marks(const UChar *src, int32_t len, UChar *dst)
{
    int32_t n = 0;
    for (int32_t i = 0; i < len;) {
        UChar32 c;
        U16_NEXT(src, i, len, c);
        if (u_charType(c) == U_NON_SPACING_MARK)
            continue;
        if (c == 0x0110 || c == 0x0111)
            c = 'd';
        n = fold_put(dst, n, c);
    }
    if (n > 0 && dst[n - 1] == ' ')
        n--;
    return n;
}

static int32_t case_fold_op(const void *unused, const UChar *u, int32_t ulen, UChar *dst,
                            int32_t cap, UErrorCode *status)
{
    (void)unused;
    return u_strFoldCase(dst, cap, u, ulen, U_FOLD_CASE_DEFAULT, status);
}

static int case_fold_utf16(struct arena *a, const UChar *u, int32_t ulen, UChar **out,
                           int32_t *out_len)
{
    return transform_utf16(a, case_fold_op, NULL, u, ulen, out, out_len);
}

static int fold_ascii(struct arena *a, const char *s, size_t len, char **out)
{
    char *dst = arena_alloc(a, len + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        /* The ASCII members of Unicode White_Space, as u_isUWhiteSpace() sees them. */
        if (c == ' ' || (c >= '\t' && c <= '\r')) {
            if (n > 0 && dst[n - 1] != ' ')
                dst[n++] = ' ';
            continue;
        }
        dst[n++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    if (n > 0 && dst[n - 1] == ' ')
        n--;
    dst[n] = '\0';
    *out = dst;
    return 0;
}

/* The Unicode "canonical caseless" form NFD(casefold(NFD(s))) with marks then dropped:
 * decomposing first makes canonically equivalent inputs fold alike, and decomposing again
 * catches marks that full folding itself produces (İ → i + U+0307). */
int text_fold(struct arena *a, const char *s, char **out)
{
    size_t len = strlen(s);
    int rc = check_input(s, len);
    if (rc)
        return rc;
    if (is_ascii(s, len))
        return fold_ascii(a, s, len, out);
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&status);
    if (U_FAILURE(status))
        return E_INTERNAL;
    UChar *u, *d1, *folded, *d2;
    int32_t ulen, d1len, flen, d2len;
    rc = utf16_from_utf8(a, s, len, &u, &ulen);
    if (!rc)
        rc = normalize_utf16(a, nfd, u, ulen, &d1, &d1len);
    if (!rc)
        rc = case_fold_utf16(a, d1, d1len, &folded, &flen);
    if (!rc)
        rc = normalize_utf16(a, nfd, folded, flen, &d2, &d2len);
    if (rc)
        return rc;
    UChar *stripped = arena_alloc(a, ((size_t)d2len + 1) * sizeof *stripped);
    int32_t slen = strip_marks(d2, d2len, stripped);
    return utf8_from_utf16(a, stripped, slen, out);
}

static UCollator *vi_collator;
static pthread_once_t vi_collator_once = PTHREAD_ONCE_INIT;

static void vi_collator_open(void)
{
    UErrorCode status = U_ZERO_ERROR;
    UCollator *c = ucol_open("vi", &status);
    if (U_FAILURE(status))
        return;
    /* Canonically equivalent input (NFD from a Mac) must sort like its NFC form. */
    ucol_setAttribute(c, UCOL_NORMALIZATION_MODE, UCOL_ON, &status);
    if (U_FAILURE(status)) {
        ucol_close(c);
        return;
    }
    vi_collator = c;
}

/* ICU sort keys end with a single NUL and contain no other zero byte, so they compare
 * correctly with strcmp (which compares as unsigned char). */
int text_sort_key(struct arena *a, const char *s, char **out)
{
    size_t len = strlen(s);
    int rc = check_input(s, len);
    if (rc)
        return rc;
    pthread_once(&vi_collator_once, vi_collator_open);
    if (!vi_collator)
        return E_INTERNAL;
    UChar *u;
    int32_t ulen;
    rc = utf16_from_utf8(a, s, len, &u, &ulen);
    if (rc)
        return rc;
    int32_t cap = ulen * 4 + 32;
    for (int attempt = 0; attempt < 2; attempt++) {
        uint8_t *key = arena_alloc(a, (size_t)cap);
        int32_t need = ucol_getSortKey(vi_collator, u, ulen, key, cap);
        if (need == 0)
            return E_INTERNAL;
        if (need <= cap) {
            *out = (char *)key;
            return 0;
        }
        cap = need;
    }
    return E_INTERNAL;
}
