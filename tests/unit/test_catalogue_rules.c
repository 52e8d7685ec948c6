/* test_catalogue_rules.c — the pure rules of the procedure catalogue: the document's canonical
 * form (defaults, legacy single fee, channels), the checks that name their field (budgets
 * against the time limit, fee units, enumerations, code shape), time limits in words, and
 * the QR code as SVG, decoded by zbarimg when it is installed. */
#include "qr_svg.h"
#include "svc_catalogue.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *base =
    "\"code\":\"1.001193\",\"name\":\"Đăng ký khai sinh\",\"field\":\"Hộ tịch\","
    "\"level\":\"commune\"";

static int normalize_text(const char *extra, json_t **out, struct err *e)
{
    char text[2048];
    snprintf(text, sizeof text, "{%s,%s}", base, extra);
    json_t *in = json_loads(text, 0, NULL);
    assert_non_null(in);
    int rc = svc_proc_normalize(in, out, e);
    json_decref(in);
    return rc;
}

static void expect_field(const char *extra, const char *field)
{
    json_t *out = NULL;
    struct err e = {0};
    assert_int_equal(normalize_text(extra, &out, &e), E_INVALID);
    assert_null(out);
    assert_string_equal(e.field, field);
    assert_non_null(strstr(e.msg, field));
}

static void test_canonical_defaults(void **state)
{
    (void)state;
    json_t *out = NULL;
    assert_int_equal(normalize_text("\"time_limit\":{\"value\":0,\"unit\":\"same_day\"},"
                                    "\"online\":\"full\",\"postal\":true,"
                                    "\"fee\":{\"amount\":8000,\"note\":\"x\"}",
                                    &out, NULL),
                     0);
    json_t *ch = json_object_get(out, "channels");
    assert_int_equal(json_array_size(ch), 3);
    assert_string_equal(json_string_value(json_array_get(ch, 2)), "post");
    json_t *fee = json_array_get(json_object_get(out, "fees"), 0);
    assert_string_equal(json_string_value(json_object_get(fee, "per")), "case");
    assert_int_equal(json_integer_value(json_object_get(fee, "amount")), 8000);
    assert_false(json_is_true(json_object_get(out, "verified")));
    assert_true(json_is_true(json_object_get(json_object_get(out, "result"), "paper_required")));
    /* the canonical form is a fixed point */
    json_t *again = NULL;
    assert_int_equal(svc_proc_normalize(out, &again, NULL), 0);
    assert_true(json_equal(out, again));
    json_decref(again);
    json_decref(out);
}

static void test_field_errors(void **state)
{
    (void)state;
    const char *limit = "\"time_limit\":{\"value\":1,\"unit\":\"working_days\"}";
    char extra[1024];
    snprintf(extra, sizeof extra,
             "%s,\"steps\":[{\"role\":\"receptionist\",\"budget_hours\":4},"
             "{\"role\":\"specialist\",\"budget_hours\":4},{\"role\":\"leader\","
             "\"budget_hours\":1}]",
             limit);
    expect_field(extra, "steps[2].budget_hours");
    snprintf(extra, sizeof extra, "%s,\"fees\":[{\"amount\":1000}]", limit);
    expect_field(extra, "fees[0].per");
    snprintf(extra, sizeof extra, "%s,\"fees\":[{\"amount\":1000,\"per\":\"kg\"}]", limit);
    expect_field(extra, "fees[0].per");
    snprintf(extra, sizeof extra, "%s,\"components\":[{\"name\":\"A\",\"kind\":\"scan\"}]", limit);
    expect_field(extra, "components[0].kind");
    snprintf(extra, sizeof extra, "%s,\"steps\":[{\"role\":\"citizen\"}]", limit);
    expect_field(extra, "steps[0].role");
    snprintf(extra, sizeof extra, "%s,\"online\":\"sometimes\"", limit);
    expect_field(extra, "online");
    snprintf(extra, sizeof extra, "%s,\"colour\":\"red\"", limit);
    expect_field(extra, "colour");
    expect_field("\"time_limit\":{\"value\":2,\"unit\":\"same_day\"}", "time_limit.value");
    expect_field("\"time_limit\":{\"value\":1,\"unit\":\"weeks\"}", "time_limit.unit");
    expect_field("\"online\":\"full\"", "time_limit");
    /* an unknown budget or limit is not a reason to refuse */
    json_t *out = NULL;
    assert_int_equal(normalize_text("\"time_limit\":{\"value\":null,\"unit\":\"working_days\"},"
                                    "\"steps\":[{\"actor\":\"x\",\"budget_hours\":null}]",
                                    &out, NULL),
                     0);
    json_decref(out);
}

static void test_budget_limits(void **state)
{
    (void)state;
    assert_int_equal(proc_limit_hours(&(struct proc_time_limit){CAL_SAME_DAY, PROC_UNKNOWN}), 8);
    assert_int_equal(proc_limit_hours(&(struct proc_time_limit){CAL_WORKING_DAYS, 3}), 24);
    assert_int_equal(proc_limit_hours(&(struct proc_time_limit){CAL_CALENDAR_DAYS, 3}), 24);
    assert_int_equal(proc_limit_hours(&(struct proc_time_limit){CAL_HOURS, 3}), 3);
    assert_int_equal(proc_limit_hours(&(struct proc_time_limit){CAL_WORKING_DAYS, PROC_UNKNOWN}),
                     -1);
    struct buf b;
    int days = 0;
    buf_init(&b, 256);
    proc_limit_words(&b, &(struct proc_time_limit){CAL_WORKING_DAYS, 3}, &days);
    assert_string_equal(buf_str(&b), "3 ngày làm việc");
    assert_int_equal(days, 3);
    buf_reset(&b);
    proc_limit_words(&b, &(struct proc_time_limit){CAL_CALENDAR_DAYS, 3}, &days);
    assert_int_equal(days, -1);
    buf_free(&b);
}

static void test_code_shape(void **state)
{
    (void)state;
    assert_true(svc_proc_code_valid("1.001193"));
    assert_true(svc_proc_code_valid("9.900001"));
    assert_false(svc_proc_code_valid("1.1193"));
    assert_false(svc_proc_code_valid("1.0011930"));
    assert_false(svc_proc_code_valid("A.001193"));
    assert_false(svc_proc_code_valid("1-001193"));
    assert_false(svc_proc_code_valid(NULL));
    assert_string_equal(svc_proc_level_label("commune"), "Cấp xã");
    assert_null(svc_proc_online_label("maybe"));
}

static void test_qr_svg_decodes(void **state)
{
    (void)state;
    struct buf b;
    struct err e = {0};
    buf_init(&b, 1 << 20);
    const char *url = "https://motcua.example.vn/thu-tuc/1.001193";
    assert_int_equal(qr_svg(&b, url, 200, "QR <&>", &e), 0);
    assert_non_null(strstr(buf_str(&b), "<svg"));
    assert_non_null(strstr(buf_str(&b), "QR &lt;&amp;&gt;"));
    assert_int_equal(qr_svg(&b, "", 200, NULL, &e), E_INVALID);
    if (system("command -v rsvg-convert >/dev/null && command -v zbarimg >/dev/null") != 0) {
        buf_free(&b);
        skip();
    }
    char dir[] = "/tmp/motcua-qrsvg-XXXXXX", cmd[512], got[256] = "";
    assert_non_null(mkdtemp(dir));
    snprintf(cmd, sizeof cmd, "%s/qr.svg", dir);
    FILE *f = fopen(cmd, "wb");
    assert_non_null(f);
    fputs(buf_str(&b), f);
    fclose(f);
    buf_free(&b);
    snprintf(cmd, sizeof cmd,
             "rsvg-convert -w 300 %s/qr.svg -o %s/qr.png && zbarimg -q --raw %s/qr.png "
             "2>/dev/null; rm -rf %s",
             dir, dir, dir, dir);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(got, 1, sizeof got - 1, p);
    got[n] = '\0';
    pclose(p);
    got[strcspn(got, "\n")] = '\0';
    assert_string_equal(got, url);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_canonical_defaults), cmocka_unit_test(test_field_errors),
        cmocka_unit_test(test_budget_limits),      cmocka_unit_test(test_code_shape),
        cmocka_unit_test(test_qr_svg_decodes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
