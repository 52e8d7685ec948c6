/* test_edges.c — the base pieces of the declarative API edge (#15.4, .6): the arena's cleanup
 * hooks (run once each, newest first, on reset and on free), a buffer tied to an arena, and
 * jspec's typed list and nested-object kinds with the messages the API answers with. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "buf.h"
#include "err.h"
#include "jspec.h"

static char order[16];
static size_t norder;

static void note(void *p)
{
    order[norder++] = *(const char *)p;
}

static void test_cleanups_run_newest_first_once(void **state)
{
    (void)state;
    norder = 0;
    struct arena *a = arena_new();
    static const char first = '1', second = '2';
    arena_defer(a, note, (void *)&first);
    arena_defer(a, note, (void *)&second);
    assert_null(arena_defer(a, note, NULL)); /* nothing to dispose of: no hook */
    arena_reset(a);
    assert_int_equal(norder, 2);
    assert_memory_equal(order, "21", 2);
    arena_defer(a, note, (void *)&first);
    arena_free(a);
    assert_int_equal(norder, 3);
    assert_int_equal(order[2], '1');
}

static void test_buffer_in_arena_is_released_with_it(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct buf *b = buf_in_arena(a, 1u << 20);
    for (int i = 0; i < 10000; i++)
        assert_int_equal(buf_puts(b, "một dòng dài "), 0);
    assert_true(b->len > 100000);
    arena_free(a); /* under ASan, a leak here fails the suite */
}

static json_t *parse(const char *text)
{
    json_t *j = json_loads(text, 0, NULL);
    assert_non_null(j);
    return j;
}

struct reception {
    const char *name, *phone;
    const int *counts;
    int ncounts;
    const char *const *missing;
    int nmissing;
};

static int parse_reception(const char *text, struct reception *r, struct err *e)
{
    const struct jspec person[] = {
        JSPEC_STR("name", 1, 1, 200, &r->name, "Họ tên"),
        JSPEC_STR("phone", 0, 0, 20, &r->phone, "Số điện thoại"),
        JSPEC_END,
    };
    const struct jspec spec[] = {
        JSPEC_SUB("applicant", 1, person, "Người nộp"),
        JSPEC_INTS("received", 0, 3, 0, 1000, &r->counts, &r->ncounts, "Số lượng đã nhận"),
        JSPEC_STRS("missing", 0, 2, 1000, &r->missing, &r->nmissing, "Giấy tờ cần bổ sung"),
        JSPEC_END,
    };
    struct arena *a = arena_new();
    json_t *j = parse(text);
    *e = (struct err){0};
    int rc = jspec_parse(j, spec, a, e);
    if (rc == 0) {
        assert_string_equal(r->name, "Lan");
        assert_int_equal(r->ncounts, 2);
        assert_int_equal(r->counts[1], 2);
        assert_int_equal(r->nmissing, 1);
        assert_string_equal(r->missing[0], "Bản sao CCCD");
    }
    json_decref(j);
    arena_free(a);
    return rc;
}

static void test_lists_and_nested_objects(void **state)
{
    (void)state;
    struct reception r = {0};
    struct err e;
    assert_int_equal(parse_reception("{\"applicant\":{\"name\":\"Lan\"},\"received\":[1,2],"
                                     "\"missing\":[\"Bản sao CCCD\"]}",
                                     &r, &e),
                     0);
    assert_int_equal(
        parse_reception("{\"applicant\":{\"name\":\"Lan\"},\"received\":[1,-1]}", &r, &e),
        E_INVALID);
    assert_string_equal(e.field, "received");
    assert_string_equal(e.msg, "received[1] phải là số từ 0 đến 1000");
    assert_int_equal(
        parse_reception("{\"applicant\":{\"name\":\"Lan\"},\"received\":[1,2,3,4]}", &r, &e),
        E_INVALID);
    assert_string_equal(e.msg, "received phải là danh sách số nguyên");
    assert_int_equal(
        parse_reception("{\"applicant\":{\"name\":\"Lan\"},\"missing\":[\"a\",\"\"]}", &r, &e),
        E_INVALID);
    assert_string_equal(e.msg, "missing[1] phải là chuỗi không rỗng");
    assert_int_equal(parse_reception("{\"applicant\":{\"name\":\"Lan\"},\"missing\":[\"a\",\"b\","
                                     "\"c\"]}",
                                     &r, &e),
                     E_INVALID);
    assert_string_equal(e.msg, "missing phải là danh sách chuỗi (tối đa 2)");
    /* A nested field is named after its parent. */
    assert_int_equal(parse_reception("{\"applicant\":{\"phone\":\"0912\"}}", &r, &e), E_INVALID);
    assert_string_equal(e.field, "applicant.name");
    /* Every field's type is checked before any list's items. */
    assert_int_equal(parse_reception("{\"applicant\":5,\"received\":[-1]}", &r, &e), E_INVALID);
    assert_string_equal(e.field, "applicant");
    assert_string_equal(e.msg, "Người nộp phải là đối tượng");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cleanups_run_newest_first_once),
        cmocka_unit_test(test_buffer_in_arena_is_released_with_it),
        cmocka_unit_test(test_lists_and_nested_objects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
