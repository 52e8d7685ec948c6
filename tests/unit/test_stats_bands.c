/* test_stats_bands.c — the grading bands of Circular 01/2018 Art. 15 at their edges: an
 * agency's nine-indicator total (≥ 15 excellent, 12–<15 good, 9–<12 fair, 6–<9 average, < 6
 * weak) and a staff member's score (≥ 5, 3.5–<5, < 3.5); and the per-unit indicators 5, 8
 * and 9 of Art. 13 at their thresholds, with the level and date rules of indicator 5. */
#include "svc_stats_evaluation.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

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

static void test_one_stop_by_level_and_date(void **state)
{
    (void)state;
    const char *note;
    assert_true(svc_stats_c01_one_stop("commune", "2026-12-31", 10, 10, &note) == 2);
    assert_true(svc_stats_c01_one_stop("commune", "2026-12-31", 9, 10, &note) == 0);
    assert_true(svc_stats_c01_one_stop("district", "2025-06-30", 5, 10, &note) == 2);
    assert_true(svc_stats_c01_one_stop("district", "2024-12-31", 4, 10, &note) == 0);
    assert_true(svc_stats_c01_one_stop("district", "2025-07-01", 10, 10, &note) == -1);
    assert_non_null(strstr(note, "118/2025"));
    assert_true(svc_stats_c01_one_stop("province", "2024-12-31", 10, 10, &note) == -1);
    assert_true(svc_stats_c01_one_stop("commune", "2024-12-31", 0, 0, &note) == -1);
    assert_non_null(strstr(note, "không được giao"));
}

static void test_feedback_thresholds(void **state)
{
    (void)state;
    const char *note;
    assert_true(svc_stats_c01_feedback(10, 0, &note) == 2);
    assert_string_equal(note, "");
    assert_true(svc_stats_c01_feedback(9, 1, &note) == 1);
    assert_true(svc_stats_c01_feedback(89, 11, &note) == 0);
    assert_true(svc_stats_c01_feedback(0, 1, &note) == 0);
    assert_true(svc_stats_c01_feedback(0, 0, &note) == 2);
    assert_non_null(strstr(note, "không có phản ánh"));
}

static void test_online_thresholds(void **state)
{
    (void)state;
    const char *note;
    /* procedures ≥ 20 %, dossiers ≥ 30 %, none late */
    assert_true(svc_stats_c01_online(2, 10, 3, 10, 0, &note) == 2);
    assert_true(svc_stats_c01_online(2, 10, 3, 10, 1, &note) == 1);
    assert_true(svc_stats_c01_online(2, 10, 29, 100, 0, &note) == 1);
    assert_true(svc_stats_c01_online(2, 10, 15, 100, 0, &note) == 1);
    assert_true(svc_stats_c01_online(2, 10, 14, 100, 0, &note) == 0);
    assert_true(svc_stats_c01_online(1, 10, 10, 10, 0, &note) == 0);
    assert_true(svc_stats_c01_online(5, 10, 0, 0, 0, &note) == -1);
    assert_true(svc_stats_c01_online(0, 0, 5, 10, 0, &note) == -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_agency_bands),
        cmocka_unit_test(test_staff_bands),
        cmocka_unit_test(test_one_stop_by_level_and_date),
        cmocka_unit_test(test_feedback_thresholds),
        cmocka_unit_test(test_online_thresholds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
