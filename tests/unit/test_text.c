/* test_text.c — UTF-8 validation, NFC, search folding and Vietnamese collation (core/text).
 * The folding cases are the ones the catalogue search must treat as equal; the invalid
 * UTF-8 cases cover each way a byte sequence can be ill-formed; a seeded random sweep checks
 * the DFA against a straightforward decoder written from the Unicode definition. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "err.h"
#include "text.h"

static int valid(const char *s)
{
    return text_valid_utf8(s, strlen(s));
}

static void test_valid_utf8_accepts_well_formed(void **state)
{
    (void)state;
    assert_true(valid(""));
    assert_true(valid("dang ky khai sinh"));
    assert_true(valid("Đăng ký khai sinh"));
    assert_true(valid("\xC2\x80"));             /* U+0080 */
    assert_true(valid("\xDF\xBF"));             /* U+07FF */
    assert_true(valid("\xE0\xA0\x80"));         /* U+0800 */
    assert_true(valid("\xED\x9F\xBF"));         /* U+D7FF */
    assert_true(valid("\xEE\x80\x80"));         /* U+E000 */
    assert_true(valid("\xEF\xBF\xBF"));         /* U+FFFF */
    assert_true(valid("\xF0\x90\x80\x80"));     /* U+10000 */
    assert_true(valid("\xF4\x8F\xBF\xBF"));     /* U+10FFFF */
    assert_true(valid("\xF0\x9F\x98\x80 ok"));  /* emoji */
    assert_true(valid("abcdefghijklmnopqrsẞ")); /* non-ASCII after the word-wide fast path */
}

static void test_valid_utf8_rejects_ill_formed(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t len;
    } bad[] = {
        {"a\0b", 3},                     /* NUL */
        {"\0", 1},                       /* lone NUL */
        {"abcdefgh\0ijklmnop", 17},      /* NUL inside the fast path */
        {"\x80", 1},                     /* stray continuation */
        {"\xBF", 1},                     /* stray continuation */
        {"\xC0\x80", 2},                 /* overlong NUL */
        {"\xC1\xBF", 2},                 /* overlong 2-byte */
        {"\xE0\x80\x80", 3},             /* overlong 3-byte */
        {"\xE0\x9F\xBF", 3},             /* overlong 3-byte, top */
        {"\xF0\x80\x80\x80", 4},         /* overlong 4-byte */
        {"\xF0\x8F\xBF\xBF", 4},         /* overlong 4-byte, top */
        {"\xED\xA0\x80", 3},             /* surrogate U+D800 */
        {"\xED\xBF\xBF", 3},             /* surrogate U+DFFF */
        {"\xED\xA0\xBD\xED\xB8\x80", 6}, /* CESU-8 pair */
        {"\xF4\x90\x80\x80", 4},         /* U+110000 */
        {"\xF5\x80\x80\x80", 4},         /* lead beyond range */
        {"\xF8\x88\x80\x80\x80", 5},     /* 5-byte form */
        {"\xFC\x84\x80\x80\x80\x80", 6}, /* 6-byte form */
        {"\xFE", 1},                     /* never valid */
        {"\xFF", 1},                     /* never valid */
        {"\xC3", 1},                     /* truncated 2-byte */
        {"\xE1\xBA", 2},                 /* truncated 3-byte */
        {"\xF0\x9F\x98", 3},             /* truncated 4-byte */
        {"\xE1\xBA"
         "a",
         3},                                       /* continuation replaced by ASCII */
        {"\xC3\xA1\xA1", 3},                       /* one continuation too many */
        {"Đăng ký\xC3", sizeof "Đăng ký\xC3" - 1}, /* truncated at the end */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (text_valid_utf8(bad[i].bytes, bad[i].len))
            fail_msg("case %zu accepted", i);
    }
}

/* Reference decoder written straight from the definition: decode, then check range,
 * minimal length and surrogates. */
static int reference_valid(const unsigned char *p, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned b = p[i];
        size_t n;
        uint32_t cp;
        if (b == 0)
            return 0;
        if (b < 0x80) {
            i++;
            continue;
        } else if ((b & 0xE0) == 0xC0) {
            n = 2, cp = b & 0x1F;
        } else if ((b & 0xF0) == 0xE0) {
            n = 3, cp = b & 0x0F;
        } else if ((b & 0xF8) == 0xF0) {
            n = 4, cp = b & 0x07;
        } else {
            return 0;
        }
        if (i + n > len)
            return 0;
        for (size_t k = 1; k < n; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += n;
    }
    return 1;
}

static void test_valid_utf8_matches_reference_on_random_input(void **state)
{
    (void)state;
    static const unsigned char alphabet[] = {
        0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
        0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF, 0x20, 0xBA, 0xA1};
    unsigned seed = 12345;
    unsigned char s[24];
    for (int round = 0; round < 200000; round++) {
        seed = seed * 1103515245u + 12345u;
        size_t len = (seed >> 16) % sizeof s;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            s[i] = alphabet[(seed >> 16) % sizeof alphabet];
        }
        if (text_valid_utf8((const char *)s, len) != reference_valid(s, len))
            fail_msg("mismatch at round %d", round);
    }
}

static void test_nfc_composes_nfd_input(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    char *out;
    /* "Đăng ký" with a + breve + ... decomposed: a U+0306, y U+0301 */
    const char *nfd = "\xC4\x90"
                      "a\xCC\x86ng ky\xCC\x81";
    assert_int_equal(text_nfc(a, nfd, strlen(nfd), &out), 0);
    assert_string_equal(out, "Đăng ký");
    /* ệ as e + circumflex + dot below, and as e + dot below + circumflex */
    const char *e1 = "e\xCC\x82\xCC\xA3", *e2 = "e\xCC\xA3\xCC\x82";
    assert_int_equal(text_nfc(a, e1, strlen(e1), &out), 0);
    assert_string_equal(out, "ệ");
    assert_int_equal(text_nfc(a, e2, strlen(e2), &out), 0);
    assert_string_equal(out, "ệ");
    arena_free(a);
}

static void test_nfc_keeps_nfc_and_ascii(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    char *out;
    assert_int_equal(text_nfc(a, "Nguyễn Văn An", strlen("Nguyễn Văn An"), &out), 0);
    assert_string_equal(out, "Nguyễn Văn An");
    assert_int_equal(text_nfc(a, "plain ascii", 5, &out), 0);
    assert_string_equal(out, "plain");
    assert_int_equal(text_nfc(a, "", 0, &out), 0);
    assert_string_equal(out, "");
    arena_free(a);
}

static void test_nfc_is_idempotent(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    const char *inputs[] = {"Ngô Bảo Châu", "A\xCC\x8A\xCC\x81", "\xEA\xB0\x80",
                            "\xE1\x84\x80\xE1\x85\xA1", "Ω Å ﬁ"};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        char *once, *twice;
        assert_int_equal(text_nfc(a, inputs[i], strlen(inputs[i]), &once), 0);
        assert_int_equal(text_nfc(a, once, strlen(once), &twice), 0);
        assert_string_equal(once, twice);
    }
    arena_free(a);
}

static void test_nfc_rejects_bad_utf8(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    char *out = NULL;
    assert_int_equal(text_nfc(a, "ab\xC0\x80", 4, &out), E_INVALID);
    assert_int_equal(text_nfc(a, "a\0b", 3, &out), E_INVALID);
    assert_int_equal(text_nfc(a, "\xED\xA0\x80", 3, &out), E_INVALID);
    assert_null(out);
    arena_free(a);
}

static void assert_folds_to(struct arena *a, const char *in, const char *expected)
{
    char *out = NULL;
    int rc = text_fold(a, in, &out);
    if (rc != 0)
        fail_msg("fold(\"%s\") failed with %d", in, rc);
    if (strcmp(out, expected) != 0)
        fail_msg("fold(\"%s\") = \"%s\", expected \"%s\"", in, out, expected);
}

static void test_fold_catalogue_cases(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    assert_folds_to(a, "dang ky khai sinh", "dang ky khai sinh");
    assert_folds_to(a, "Đăng ký khai sinh", "dang ky khai sinh");
    assert_folds_to(a, "ĐĂNG KÝ KHAI SINH", "dang ky khai sinh");
    assert_folds_to(a,
                    "\xC4\x90"
                    "a\xCC\x86ng ky\xCC\x81 khai sinh",
                    "dang ky khai sinh");
    assert_folds_to(a, "Đồng", "dong");
    assert_folds_to(a, "đồng", "dong");
    assert_folds_to(a, "  Đăng\t ký \n khai\xC2\xA0sinh  ", "dang ky khai sinh");
    assert_folds_to(a, "Cấp lại Giấy chứng nhận quyền sử dụng đất",
                    "cap lai giay chung nhan quyen su dung dat");
    assert_folds_to(a, "Ưu tiên Ơn Ượt Ở Ữ Ự", "uu tien on uot o u u");
    assert_folds_to(a, "Thủ tục ỦY BAN NHÂN DÂN", "thu tuc uy ban nhan dan");
    assert_folds_to(a, "  MIXED Case  ascii ", "mixed case ascii");
    assert_folds_to(a, "", "");
    assert_folds_to(a, "   ", "");
    assert_folds_to(a, "Straße", "strasse"); /* full case folding */
    assert_folds_to(a, "İstanbul", "istanbul");
    arena_free(a);
}

static void test_fold_every_vietnamese_vowel(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    static const struct {
        const char *letters, *base;
    } groups[] = {
        {"aàáảãạăằắẳẵặâầấẩẫậAÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", "a"},
        {"eèéẻẽẹêềếểễệEÈÉẺẼẸÊỀẾỂỄỆ", "e"},
        {"iìíỉĩịIÌÍỈĨỊ", "i"},
        {"oòóỏõọôồốổỗộơờớởỡợOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", "o"},
        {"uùúủũụưừứửữựUÙÚỦŨỤƯỪỨỬỮỰ", "u"},
        {"yỳýỷỹỵYỲÝỶỸỴ", "y"},
        {"dđDĐ", "d"},
    };
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
        char *out;
        assert_int_equal(text_fold(a, groups[g].letters, &out), 0);
        size_t n = strlen(out);
        assert_int_equal(n, text_length(groups[g].letters));
        for (size_t i = 0; i < n; i++)
            assert_int_equal(out[i], groups[g].base[0]);
    }
    arena_free(a);
}

static void test_fold_rejects_bad_utf8(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    char *out;
    assert_int_equal(text_fold(a, "abc\xFF", &out), E_INVALID);
    assert_int_equal(text_fold(a, "\xE1\xBA", &out), E_INVALID);
    arena_free(a);
}

static void assert_sorted(struct arena *a, const char *const *names, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        char *k1, *k2;
        assert_int_equal(text_sort_key(a, names[i], &k1), 0);
        assert_int_equal(text_sort_key(a, names[i + 1], &k2), 0);
        if (strcmp(k1, k2) >= 0)
            fail_msg("\"%s\" does not sort before \"%s\"", names[i], names[i + 1]);
    }
}

static void test_sort_key_orders_names(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    /* Tones are secondary differences (Anh < Ánh) but ă â đ ê ô ơ ư are letters of their
     * own (Ánh < Ân, Dũng < Dương, Ông < Ơn). */
    static const char *const names[] = {"An",    "Anh", "Ánh", "Ân",   "Bình", "Chi",   "Dũng",
                                        "Dương", "Đạt", "Đức", "Em",   "Ê-đê", "Giang", "Hà",
                                        "Hải",   "Ông", "Ơn",  "Uyên", "Ưng",  "Vy",    "Yến"};
    assert_sorted(a, names, sizeof names / sizeof names[0]);
    arena_free(a);
}

static void test_sort_key_orders_vietnamese_alphabet(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    static const char *const alphabet[] = {"a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g",
                                           "h", "i", "k", "l", "m", "n", "o", "ô", "ơ", "p",
                                           "q", "r", "s", "t", "u", "ư", "v", "x", "y"};
    assert_sorted(a, alphabet, sizeof alphabet / sizeof alphabet[0]);
    arena_free(a);
}

static void test_sort_key_nfd_equals_nfc(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    char *k1, *k2;
    assert_int_equal(text_sort_key(a, "Đăng", &k1), 0);
    assert_int_equal(text_sort_key(a,
                                   "\xC4\x90"
                                   "a\xCC\x86ng",
                                   &k2),
                     0);
    assert_string_equal(k1, k2);
    assert_int_equal(text_sort_key(a, "\xFF", &k1), E_INVALID);
    arena_free(a);
}

static void test_length_counts_code_points(void **state)
{
    (void)state;
    assert_int_equal(text_length(""), 0);
    assert_int_equal(text_length("abc"), 3);
    assert_int_equal(text_length("Nguyễn"), 6);
    assert_int_equal(text_length("\xF0\x9F\x98\x80"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_utf8_accepts_well_formed),
        cmocka_unit_test(test_valid_utf8_rejects_ill_formed),
        cmocka_unit_test(test_valid_utf8_matches_reference_on_random_input),
        cmocka_unit_test(test_nfc_composes_nfd_input),
        cmocka_unit_test(test_nfc_keeps_nfc_and_ascii),
        cmocka_unit_test(test_nfc_is_idempotent),
        cmocka_unit_test(test_nfc_rejects_bad_utf8),
        cmocka_unit_test(test_fold_catalogue_cases),
        cmocka_unit_test(test_fold_every_vietnamese_vowel),
        cmocka_unit_test(test_fold_rejects_bad_utf8),
        cmocka_unit_test(test_sort_key_orders_vietnamese_alphabet),
        cmocka_unit_test(test_sort_key_orders_names),
        cmocka_unit_test(test_sort_key_nfd_equals_nfc),
        cmocka_unit_test(test_length_counts_code_points),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
