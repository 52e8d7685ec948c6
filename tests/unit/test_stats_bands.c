/* test_stats_bands.c — the grading bands of Circular 01/2018 Art. 15 at their edges: an
 * agency's nine-indicator total (≥ 15 excellent, 12–<15 good, 9–<12 fair, 6–<9 average, < 6
 * weak) and a staff member's score (≥ 5, 3.5–<5, < 3.5). */
#include "svc_stats_evaluation.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static void test_agency_bands(void **state)
{
    (void)state;
    assert_string_equal(svc_stats_agency_band(18), "Xuất sắc");
    assert_string_equal(svc_stats_agency_band(15), "Xuất sắc");
    assert_string_equal(svc_stats_agency_band(14.9), "Tốt");
    assert_string_equal(svc_stats_agency_band(12), "Tốt");
    assert_string_equal(svc_stats_agency_band(11.9), "Khá");
    assert_string_equal(svc_stats_agency_band(9), "Khá");
    assert_string_equal(svc_stats_agency_band(8.9), "Trung bình");
    assert_string_equal(svc_stats_agency_band(6), "Trung bình");
    assert_string_equal(svc_stats_agency_band(5.9), "Yếu");
    assert_string_equal(svc_stats_agency_band(0), "Yếu");
}

static void test_staff_bands(void **state)
{
    (void)state;
    assert_string_equal(svc_stats_staff_band(6), "Hoàn thành 100% nhiệm vụ");
    assert_string_equal(svc_stats_staff_band(5), "Hoàn thành 100% nhiệm vụ");
    assert_string_equal(svc_stats_staff_band(4.9), "Hoàn thành từ 70% đến dưới 100% nhiệm vụ");
    assert_string_equal(svc_stats_staff_band(3.5), "Hoàn thành từ 70% đến dưới 100% nhiệm vụ");
    assert_string_equal(svc_stats_staff_band(3.4), "Hoàn thành dưới 70% nhiệm vụ");
    assert_string_equal(svc_stats_staff_band(0), "Hoàn thành dưới 70% nhiệm vụ");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_agency_bands),
        cmocka_unit_test(test_staff_bands),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
