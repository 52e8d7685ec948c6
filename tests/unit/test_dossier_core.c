/* test_dossier_core.c — the dossier state machine and dossier codes. Every (state, action)
 * pair is tried: the allowed ones lead where Decree 61 says, the others are refused with
 * E_CONFLICT and a message, and final states refuse everything. */
#include "cal_date.h"
#include "dossier_code.h"
#include "dossier_state.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

static const struct {
    enum dossier_state from;
    enum dossier_action action;
    enum dossier_state to;
} allowed[] = {
    {DS_NONE, DA_SUBMIT_ONLINE, DS_SUBMITTED},
    {DS_NONE, DA_ACCEPT, DS_PROCESSING},
    {DS_SUBMITTED, DA_ACCEPT, DS_PROCESSING},
    {DS_RECEPTION_SUPPLEMENT, DA_ACCEPT, DS_PROCESSING},
    {DS_NONE, DA_RECEPTION_SUPPLEMENT, DS_RECEPTION_SUPPLEMENT},
    {DS_SUBMITTED, DA_RECEPTION_SUPPLEMENT, DS_RECEPTION_SUPPLEMENT},
    {DS_NONE, DA_REFUSE_RECEPTION, DS_REFUSED},
    {DS_SUBMITTED, DA_REFUSE_RECEPTION, DS_REFUSED},
    {DS_RECEPTION_SUPPLEMENT, DA_REFUSE_RECEPTION, DS_REFUSED},
    {DS_PROCESSING, DA_ADVANCE, DS_PROCESSING},
    {DS_PROCESSING, DA_REQUEST_SUPPLEMENT, DS_SUPPLEMENT},
    {DS_SUPPLEMENT, DA_SUPPLEMENT_RECEIVED, DS_PROCESSING},
    {DS_PROCESSING, DA_REFUSE, DS_RESULT_READY},
    {DS_PROCESSING, DA_EXTEND, DS_PROCESSING},
    {DS_PROCESSING, DA_STOP, DS_STOPPED},
    {DS_SUPPLEMENT, DA_STOP, DS_STOPPED},
    {DS_SUBMITTED, DA_WITHDRAW, DS_WITHDRAWN},
    {DS_RECEPTION_SUPPLEMENT, DA_WITHDRAW, DS_WITHDRAWN},
    {DS_PROCESSING, DA_WITHDRAW, DS_WITHDRAWN},
    {DS_SUPPLEMENT, DA_WITHDRAW, DS_WITHDRAWN},
    {DS_RESULT_READY, DA_WITHDRAW, DS_WITHDRAWN},
    {DS_RESULT_READY, DA_RETURN, DS_RETURNED},
    {DS_PROCESSING, DA_ASSIGN, DS_PROCESSING},
    {DS_RECEPTION_SUPPLEMENT, DA_SUPPLEMENT_ONLINE, DS_SUBMITTED},
};

static int expected(enum dossier_state s, enum dossier_action a, enum dossier_state *to)
{
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
        if (allowed[i].from == s && allowed[i].action == a) {
            *to = allowed[i].to;
            return 1;
        }
    return 0;
}

static void test_every_transition(void **state)
{
    (void)state;
    for (int s = 0; s < DS_COUNT; s++)
        for (int a = 0; a < DA_COUNT; a++) {
            enum dossier_state want, got = DS_NONE;
            struct err e = {0};
            int rc = dossier_transition((enum dossier_state)s, (enum dossier_action)a, &got, &e);
            if (expected((enum dossier_state)s, (enum dossier_action)a, &want)) {
                assert_int_equal(rc, 0);
                assert_int_equal(got, want);
            } else {
                assert_int_equal(rc, E_CONFLICT);
                assert_true(strlen(e.msg) > 10);
            }
        }
}

static void test_final_states_are_final(void **state)
{
    (void)state;
    for (int s = 0; s < DS_COUNT; s++) {
        int leaves = 0;
        for (int a = 0; a < DA_COUNT; a++) {
            enum dossier_state to;
            leaves +=
                dossier_transition((enum dossier_state)s, (enum dossier_action)a, &to, NULL) == 0;
        }
        assert_int_equal(dossier_state_final((enum dossier_state)s), leaves == 0);
    }
}

static void test_national_codes_and_names(void **state)
{
    (void)state;
    assert_int_equal(dossier_national_status(DS_SUBMITTED), 1);
    assert_int_equal(dossier_national_status(DS_REFUSED), 3);
    assert_int_equal(dossier_national_status(DS_PROCESSING), 4);
    assert_int_equal(dossier_national_status(DS_SUPPLEMENT), 5);
    assert_int_equal(dossier_national_status(DS_RESULT_READY), 9);
    assert_int_equal(dossier_national_status(DS_RETURNED), 10);
    assert_string_equal(dossier_national_label(4), "Đang xử lý");
    assert_string_equal(dossier_national_label(11), "");
    for (int s = 0; s < DS_COUNT; s++) {
        enum dossier_state back;
        assert_int_equal(dossier_state_parse(dossier_state_name((enum dossier_state)s), &back), 0);
        assert_int_equal(back, s);
    }
    for (int a = 0; a < DA_COUNT; a++) {
        enum dossier_action back;
        assert_int_equal(dossier_action_parse(dossier_action_name((enum dossier_action)a), &back),
                         0);
        assert_int_equal(back, a);
    }
    enum dossier_state s;
    assert_int_equal(dossier_state_parse("nope", &s), E_INVALID);
    assert_int_equal(dossier_state_parse(NULL, &s), E_INVALID);
}

static void test_codes(void **state)
{
    (void)state;
    char code[DOSSIER_CODE_MAX];
    struct err e = {0};
    int32_t day = cal_day_from_ymd(2027, 4, 29);
    assert_int_equal(dossier_code_format("000.00.15.H33", day, 7, code, sizeof code, &e), 0);
    assert_string_equal(code, "000.00.15.H33-270429-0007");
    assert_true(dossier_code_valid(code));
    assert_int_equal(dossier_code_format("000.00.15.H33", day, 0, code, sizeof code, &e),
                     E_INVALID);
    assert_int_equal(dossier_code_format("000.00.15.H33", day, 10000, code, sizeof code, &e),
                     E_INVALID);
    assert_int_equal(dossier_code_format("H33", day, 1, code, sizeof code, &e), E_INVALID);
    assert_int_equal(dossier_code_format(NULL, day, 1, code, sizeof code, &e), E_INVALID);
    assert_int_equal(dossier_code_format("000.00.15.H33x", day, 1, code, sizeof code, &e),
                     E_INVALID);
    const char *bad[] = {"",
                         "000.00.15.H33",
                         "000.00.15.H33-270429-007",
                         "000.00.15.H33-2704290007",
                         "000.00.15.H33-270429-00071",
                         "000.00.15.333-270429-0007",
                         "' OR 1=1 --",
                         "000.00.15.H33-27a429-0007"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(dossier_code_valid(bad[i]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_transition),
        cmocka_unit_test(test_final_states_are_final),
        cmocka_unit_test(test_national_codes_and_names),
        cmocka_unit_test(test_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
