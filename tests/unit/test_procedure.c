/* test_procedure.c — the typed procedure of core/procedure.h: a document decodes into the
 * struct with its defaults, a stored body parses back, the canonical form survives a round
 * trip unchanged, and bad documents are refused with the field of the first error. */
#include "arena.h"
#include "procedure.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *full =
    "{\"code\":\"1.001193\",\"name\":\"Đăng ký khai sinh\",\"field\":\"Hộ tịch\","
    "\"level\":\"commune\",\"online\":\"partial\",\"postal\":true,"
    "\"agencies\":{\"implementing\":[\"ubnd-xa\"]},"
    "\"components\":[{\"name\":\"Tờ khai\",\"form\":\"to-khai-khai-sinh\"},"
    "{\"name\":\"Giấy chứng sinh\",\"kind\":\"present\",\"count\":2}],"
    "\"time_limit\":{\"value\":3,\"unit\":\"working_days\"},"
    "\"steps\":[{\"role\":\"receptionist\",\"budget_hours\":4},"
    "{\"role\":\"specialist\",\"unit\":\"tu-phap\"},{\"actor\":\"Chủ tịch\",\"role\":\"leader\","
    "\"budget_hours\":8}],"
    "\"fees\":[{\"amount\":8000,\"per\":\"case\",\"online_amount\":4000},{\"amount\":null}],"
    "\"result\":{\"type\":\"Giấy khai sinh\"},\"decision\":{\"number\":\"1/QĐ\"},"
    "\"legal_basis\":[\"Luật Hộ tịch 2014\"]}";

static int decode_text(struct arena *a, const char *text, struct procedure *p, struct err *e)
{
    json_t *doc = json_loads(text, 0, NULL);
    assert_non_null(doc);
    int rc = proc_decode(a, doc, NULL, p, e);
    json_decref(doc);
    return rc;
}

static void test_decodes_with_defaults(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct procedure p;
    struct err e = {0};
    assert_int_equal(decode_text(a, full, &p, &e), 0);
    assert_string_equal(p.code, "1.001193");
    assert_string_equal(p.online, "partial");
    assert_int_equal(p.ncomponents, 2);
    assert_string_equal(p.components[0].kind, "original");
    assert_int_equal(p.components[0].count, 1);
    assert_string_equal(p.components[0].form, "to-khai-khai-sinh");
    assert_string_equal(p.components[1].kind, "present");
    assert_int_equal(p.components[1].count, 2);
    assert_int_equal(p.time_limit.unit, CAL_WORKING_DAYS);
    assert_int_equal(p.time_limit.value, 3);
    assert_int_equal(proc_limit_hours(&p.time_limit), 24);
    assert_int_equal(p.nsteps, 3);
    assert_int_equal(p.steps[1].budget_hours, PROC_UNKNOWN);
    assert_string_equal(p.steps[1].unit, "tu-phap");
    assert_int_equal(p.nfees, 2);
    assert_int_equal(p.fees[0].online_amount, 4000);
    assert_int_equal(p.fees[1].amount, PROC_UNKNOWN);
    assert_null(p.fees[1].per);
    assert_int_equal(proc_fee_total(&p), 8000);
    /* channels follow the flags: counter, online (partial), post (postal) */
    assert_int_equal(p.channels.n, 3);
    assert_true(proc_has_channel(&p, "post"));
    assert_int_equal(p.implementing.n, 1);
    assert_int_equal(p.coordinating.n, 0);
    assert_true(p.paper_required);
    assert_string_equal(p.result_type, "Giấy khai sinh");
    assert_string_equal(p.decision_number, "1/QĐ");
    assert_null(p.decision_date);
    assert_int_equal(p.legal_basis.n, 1);
    assert_int_equal(p.subjects.n, 0);
    arena_free(a);
}

/* What proc_to_json writes, proc_parse reads back to the same document: the stored body. */
static void test_canonical_round_trip(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct procedure p, q;
    struct err e = {0};
    assert_int_equal(decode_text(a, full, &p, &e), 0);
    json_t *one = proc_to_json(&p);
    char *text = json_dumps(one, JSON_SORT_KEYS | JSON_COMPACT);
    assert_int_equal(proc_parse(a, text, &q, &e), 0);
    json_t *two = proc_to_json(&q);
    assert_true(json_equal(one, two));
    assert_true(json_is_null(json_object_get(json_object_get(one, "time_limit"), "value")) == 0);
    assert_true(json_is_null(
        json_object_get(json_array_get(json_object_get(one, "steps"), 1), "budget_hours")));
    json_t *stored = proc_stored_json(text);
    assert_true(json_equal(stored, one));
    json_decref(stored);
    free(text);
    json_decref(one);
    json_decref(two);
    arena_free(a);
}

/* The older single fee ("fee": {…}) becomes one line per case. */
static void test_legacy_fee(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct procedure p;
    struct err e = {0};
    assert_int_equal(decode_text(a,
                                 "{\"name\":\"X\",\"field\":\"Y\",\"level\":\"district\","
                                 "\"time_limit\":{\"value\":null,\"unit\":\"same_day\"},"
                                 "\"fee\":{\"amount\":50000}}",
                                 &p, &e),
                     0);
    assert_null(p.code);
    assert_int_equal(p.nfees, 1);
    assert_string_equal(p.fees[0].per, "case");
    assert_int_equal(proc_limit_hours(&p.time_limit), 8);
    struct buf b;
    int days = 0;
    buf_init(&b, 128);
    proc_limit_words(&b, &p.time_limit, &days);
    assert_int_equal(days, 1);
    assert_non_null(strstr(buf_str(&b), "Trong ngày làm việc"));
    buf_free(&b);
    arena_free(a);
}

static int no_role(const char *role)
{
    return strcmp(role, "citizen") != 0;
}

static void expect_field(const char *text, const char *field)
{
    struct arena *a = arena_new();
    struct procedure p;
    struct err e = {0};
    json_t *doc = json_loads(text, 0, NULL);
    assert_int_equal(proc_decode(a, doc, no_role, &p, &e), E_INVALID);
    assert_string_equal(e.field, field);
    json_decref(doc);
    arena_free(a);
}

#define HEAD  "{\"name\":\"X\",\"field\":\"Y\",\"level\":\"commune\","
#define LIMIT "\"time_limit\":{\"value\":1,\"unit\":\"working_days\"}"

static void test_bad_documents_name_their_field(void **state)
{
    (void)state;
    expect_field("[]", "procedure");
    expect_field(HEAD LIMIT ",\"colour\":1}", "colour");
    expect_field(HEAD "\"time_limit\":3}", "time_limit");
    expect_field(HEAD "\"time_limit\":{\"value\":1,\"unit\":\"eons\"}}", "time_limit.unit");
    expect_field(HEAD "\"time_limit\":{\"value\":2,\"unit\":\"same_day\"}}", "time_limit.value");
    expect_field(HEAD LIMIT ",\"components\":[{\"name\":\"A\",\"count\":101}]}",
                 "components[0].count");
    expect_field(HEAD LIMIT ",\"components\":[{\"name\":\"A\",\"kind\":\"scan\"}]}",
                 "components[0].kind");
    expect_field(HEAD LIMIT ",\"components\":[7]}", "components[0].name");
    expect_field(HEAD LIMIT ",\"fees\":[{\"amount\":1000}]}", "fees[0].per");
    expect_field(HEAD LIMIT ",\"fees\":[{\"amount\":-1,\"per\":\"case\"}]}", "fees[0].amount");
    expect_field(HEAD LIMIT ",\"fee\":{},\"fees\":[]}", "fee");
    expect_field(HEAD LIMIT ",\"steps\":[{\"budget_hours\":1}]}", "steps[0].actor");
    expect_field(HEAD LIMIT ",\"steps\":[{\"role\":\"citizen\"}]}", "steps[0].role");
    expect_field(HEAD LIMIT ",\"steps\":[{\"role\":\"leader\",\"budget_hours\":4},"
                            "{\"role\":\"leader\",\"budget_hours\":5}]}",
                 "steps[1].budget_hours");
    expect_field(HEAD LIMIT ",\"agencies\":{\"implementing\":[\"\"]}}", "agencies.implementing[0]");
    expect_field(HEAD LIMIT ",\"channels\":[\"fax\"]}", "channels[0]");
    expect_field(HEAD LIMIT ",\"decision\":{\"number\":\"1\",\"date\":\"2024-13-01\"}}",
                 "decision.date");
    expect_field(HEAD LIMIT ",\"code\":\"1001193\"}", "code");
    expect_field(HEAD LIMIT ",\"postal\":\"yes\"}", "postal");
    expect_field("{\"name\":\"X\",\"field\":\"Y\",\"level\":\"city\"," LIMIT "}", "level");
    expect_field("{\"field\":\"Y\",\"level\":\"commune\"," LIMIT "}", "name");
}

/* A stored body that is not a procedure is the server's fault, never the reader's. */
static void test_bad_stored_body(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct procedure p;
    struct err e = {0};
    assert_int_equal(proc_parse(a, "{not json", &p, &e), E_INTERNAL);
    assert_int_equal(proc_parse(a, NULL, &p, &e), E_INTERNAL);
    assert_int_equal(proc_parse(a, "{\"name\":\"X\"}", &p, &e), E_INTERNAL);
    assert_null(proc_stored_json("{not json"));
    arena_free(a);
}

static void test_labels(void **state)
{
    (void)state;
    assert_string_equal(proc_level_label("commune"), "Cấp xã");
    assert_string_equal(proc_online_label("full"), "Trực tuyến toàn trình");
    assert_string_equal(proc_per_label("page"), "trang");
    assert_string_equal(proc_channel_label("post"), "Qua dịch vụ bưu chính công ích");
    assert_null(proc_level_label("city"));
    assert_true(proc_code_valid("1.001193"));
    assert_false(proc_code_valid("1.00119"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decodes_with_defaults),
        cmocka_unit_test(test_canonical_round_trip),
        cmocka_unit_test(test_legacy_fee),
        cmocka_unit_test(test_bad_documents_name_their_field),
        cmocka_unit_test(test_bad_stored_body),
        cmocka_unit_test(test_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
