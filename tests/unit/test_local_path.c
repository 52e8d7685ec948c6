/* test_local_path.c — the one check of where a browser may be sent after signing in
 * (core/local_path): paths of this site pass; anything a browser could read as another host
 * — doubled or back slashes, schemes, control characters and spaces, their percent-encoded
 * spellings, look-alike Unicode slashes, malformed escapes, overlong input — does not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "local_path.h"

static void test_paths_of_this_site_pass(void **state)
{
    (void)state;
    static const char *const good[] = {
        "/",
        "/desk",
        "/desk/org?unit=GR&page=2",
        "/tra-cuu/000.00.15.H33-270429-0007",
        "/a/b/c/",
        "/ho-so#tep",
        "/desk/ho-so/12?x=%20y",
        "/a.b/./c",
        "/%E1%BB%87", /* an escaped Vietnamese letter stays escaped: a path, not a host */
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (!local_path_ok(good[i]))
            fail_msg("refused: %s", good[i]);
    assert_string_equal(local_path_or_null("/desk"), "/desk");
}

static void test_hostile_next_is_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        NULL,
        "",
        "desk",
        "evil.example",
        "//evil.example",
        "///evil.example",
        "////evil.example",
        "/\\evil.example",
        "\\/evil.example",
        "/\\/evil.example",
        "/desk\\..\\..",
        "/.//evil.example",
        "/desk//evil.example",
        "/\t/evil.example/",
        "/\n/evil.example/",
        "/\r\nLocation: x",
        "/\x01",
        "/\x7f",
        "/ /evil.example",
        "/desk evil",
        "javascript:alert(1)",
        "/javascript:alert(1)",
        "http://evil.example/",
        "https:/evil.example",
        "HTTP://evil.example",
        "data:text/html,x",
        "/%2F%2Fevil.example",
        "/%2f%2fevil.example",
        "%2F%2Fevil.example",
        "/%2F/evil.example",
        "/%5Cevil.example",
        "/%5cevil.example",
        "/%09/evil.example",
        "/%0A/evil.example",
        "/%0d%0aSet-Cookie:x",
        "/%00",
        "/%3A",
        "/javascript%3Aalert(1)",
        "/%",
        "/%2",
        "/%zz",
        "/%G0",
        "/\xEF\xBC\x8F\xEF\xBC\x8F"
        "evil.example", /* U+FF0F fullwidth solidus, twice */
        "/\xE2\x88\x95"
        "evil.example", /* U+2215 division slash */
        "/\xEF\xBC\xBC"
        "evil.example", /* U+FF3C fullwidth reverse solidus */
        "/evil\xE3\x80\x82"
        "example",                /* U+3002 ideographic full stop */
        "/\xC2\xA0/evil.example", /* U+00A0 no-break space */
        "/\xE1\xBB\x87",          /* "ệ" unescaped: only ASCII passes */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (local_path_ok(bad[i]))
            fail_msg("accepted hostile next number %zu: %s", i, bad[i]);
    assert_null(local_path_or_null("//evil.example"));
}

static void test_overlong_next_is_refused(void **state)
{
    (void)state;
    char path[LOCAL_PATH_MAX + 2];
    memset(path, 'a', sizeof path);
    path[0] = '/';
    path[LOCAL_PATH_MAX] = '\0';
    assert_true(local_path_ok(path));
    path[LOCAL_PATH_MAX] = 'a';
    path[LOCAL_PATH_MAX + 1] = '\0';
    assert_false(local_path_ok(path));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paths_of_this_site_pass),
        cmocka_unit_test(test_hostile_next_is_refused),
        cmocka_unit_test(test_overlong_next_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
