/* test_http_proxy.c — who the client is behind trusted proxies (src/http/proxy.c): the
 * rightmost untrusted address of X-Forwarded-For, only when the connection comes from a
 * trusted proxy; CIDR ranges of both families, IPv4-mapped IPv6 peers, several proxies in a
 * chain, and garbage in the header. */
#include "http_internal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

struct row {
    const char *peer, *xff, *want;
};

static void check_rows(const char *spec, const struct row *rows, int n)
{
    struct http_proxies *p;
    struct err e = {0};
    assert_int_equal(http_proxies_parse(spec, &p, &e), 0);
    struct arena *a = arena_new();
    for (int i = 0; i < n; i++) {
        const char *got = http_proxies_client(a, p, rows[i].peer, rows[i].xff);
        if (strcmp(got, rows[i].want) != 0)
            fail_msg("peer %s, X-Forwarded-For \"%s\": got %s, want %s", rows[i].peer,
                     rows[i].xff ? rows[i].xff : "(none)", got, rows[i].want);
    }
    arena_free(a);
    http_proxies_free(p);
}

static void test_clients(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"203.0.113.9", "198.51.100.1", "203.0.113.9"},          /* not a proxy: header ignored */
        {"127.0.0.1", NULL, "127.0.0.1"},                        /* proxy, no header */
        {"127.0.0.1", "198.51.100.1", "198.51.100.1"},           /* one proxy */
        {"127.0.0.1", "1.2.3.4, 198.51.100.1", "198.51.100.1"},  /* client's own claim ignored */
        {"127.0.0.1", "198.51.100.1, 10.1.2.3", "198.51.100.1"}, /* chain of trusted proxies */
        {"127.0.0.1", "10.1.2.3", "10.1.2.3"},                   /* all trusted: the leftmost */
        {"127.0.0.1", "198.51.100.1,,10.0.0.1", "10.0.0.1"},     /* an empty hop stops the walk */
        {"127.0.0.1", "bogus, 10.0.0.1", "10.0.0.1"},            /* garbage stops the walk */
        {"127.0.0.1", "198.51.100.1 ,\t10.0.0.7 ", "198.51.100.1"}, /* spaces and tabs */
        {"::ffff:127.0.0.1", "198.51.100.1", "198.51.100.1"},       /* mapped IPv4 peer */
        {"2001:db8::5", "2001:db8:1::9", "2001:db8:1::9"},          /* IPv6 range */
        {"2001:db9::5", "2001:db8:1::9", "2001:db9::5"},            /* outside the range */
        {"10.255.255.255", "198.51.100.1", "198.51.100.1"},         /* edge of 10/8 */
        {"11.0.0.0", "198.51.100.1", "11.0.0.0"},
    };
    check_rows("127.0.0.1, 10.0.0.0/8 2001:db8::/32", rows, (int)(sizeof rows / sizeof rows[0]));
}

static void test_nobody_trusted(void **state)
{
    (void)state;
    static const struct row rows[] = {{"127.0.0.1", "198.51.100.1", "127.0.0.1"}};
    check_rows(NULL, rows, 1);
    check_rows("", rows, 1);
}

static void test_bad_specs(void **state)
{
    (void)state;
    static const char *const bad[] = {"127.0.0.1/33", "10.0.0.0/", "nginx",
                                      "1.2.3.4/x",    "::1/129",   "1.2.3"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct http_proxies *p = NULL;
        struct err e = {0};
        assert_int_equal(http_proxies_parse(bad[i], &p, &e), E_INVALID);
        assert_null(p);
        assert_string_equal(e.field, "trusted_proxies");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clients),
        cmocka_unit_test(test_nobody_trusted),
        cmocka_unit_test(test_bad_specs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
