/* tstats.c — see tstats.h. */
#include "tstats.h"

#include "db.h"
#include "tcheck.h"
#include "tdesk.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define VN_OFFSET (7 * 3600)

void ts_pick_today(char *range, size_t len, int64_t *day_start)
{
    time_t now = time(NULL);
    int64_t start = (now + VN_OFFSET) / 86400 * 86400 - VN_OFFSET;
    if (start + 86400 - now < 180) {
        sleep((unsigned)(start + 86400 - now + 2));
        now = time(NULL);
        start = (now + VN_OFFSET) / 86400 * 86400 - VN_OFFSET;
    }
    char today[16];
    struct tm tm;
    time_t local = (time_t)(start + VN_OFFSET);
    gmtime_r(&local, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    snprintf(range, len, "from=%s&to=%s", today, today);
    *day_start = start;
}

void ts_resolve(struct tclient *desk, const char *code, int64_t due)
{
    struct tclient *spec = tc_as(TD_SPEC), *lead = tc_as(TD_LEAD);
    assert_int_equal(td_act_now(spec, desk, code, "advance", NULL), 200);
    tc_db_run("UPDATE dossiers SET due_at = $1 WHERE code = $2", DB_ARGS(DB_I(due), DB_T(code)));
    assert_int_equal(td_act_now(lead, desk, code, "advance", NULL), 200);
    tc_free(spec);
    tc_free(lead);
}

void ts_rate(const char *code, const char *fields)
{
    struct tclient *tablet = tc_new(NULL);
    const char *csrf = tc_login_form(tablet, TD_DESK);
    assert_non_null(csrf);
    char token[256], path[128], body[512];
    snprintf(token, sizeof token, "%s", csrf);
    snprintf(path, sizeof path, "/danh-gia/%s", code);
    snprintf(body, sizeof body, "csrf=%s&%s", tc_escape(tablet, token), fields);
    struct tresp r = tc_post_form(tablet, path, body);
    tc_expect(&r, 303, NULL);
    tc_resp_free(&r);
    tc_free(tablet);
}

json_t *ts_get(struct tclient *c, const char *range, const char *base, const char *query)
{
    char path[512];
    snprintf(path, sizeof path, "%s?%s&%s", base, range, query);
    return tc_get_json(c, path);
}

double ts_real(json_t *j, const char *key)
{
    json_t *v = json_object_get(j, key);
    if (!json_is_number(v))
        fail_msg("%s is not a number", key);
    return json_number_value(v);
}

json_t *ts_figure(json_t *ev, const char *key)
{
    json_t *arr = json_object_get(ev, "decision766");
    for (size_t i = 0; i < json_array_size(arr); i++)
        if (strcmp(tj_str(json_array_get(arr, i), "key"), key) == 0)
            return json_array_get(arr, i);
    fail_msg("no figure %s", key);
    return NULL;
}

void ts_save(struct tclient *c, const char *path, const char *file)
{
    struct tresp r = tc_get(c, path);
    tc_expect(&r, 200, NULL);
    FILE *f = fopen(file, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(r.body, 1, r.len, f), r.len);
    fclose(f);
    tc_resp_free(&r);
}

void ts_csv_row(const char *file, const char *first, char *out, size_t len)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "python3 -c \"import csv,sys; rows=list(csv.reader(open(sys.argv[1], "
             "encoding='utf-8-sig'))); t=[r for r in rows if r[0]==sys.argv[2]][0]; "
             "print(','.join(t[1:]))\" '%s' '%s'",
             file, first);
    assert_int_equal(td_run(cmd, out, len), 0);
    out[strcspn(out, "\n")] = '\0';
}

void ts_rebuild_counters(void)
{
    char cmd[1024], out[512];
    snprintf(cmd, sizeof cmd, "'%s' stats rebuild --db '%s' 2>&1", test_env("MOTCUA_BIN", ""),
             test_env("MOTCUA_TEST_DB", ""));
    int rc = td_run(cmd, out, sizeof out);
    if (rc)
        fprintf(stderr, "%s\n", out);
    assert_int_equal(rc, 0);
}

static void expect_same_rows(const char *a, const char *b)
{
    char sql[8192];
    const char *p[] = {NULL};
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM (%s EXCEPT %s) x", a, b);
    assert_int_equal(td_db_int(sql, p), 0);
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM (%s EXCEPT %s) x", b, a);
    assert_int_equal(td_db_int(sql, p), 0);
}

/* A day table's rows summed per month against the month table's rows, every counter. */
#define ROLLUP(family, keys, sums, cols)                                                           \
    "SELECT " keys ", SUBSTR(day, 1, 7), " sums " FROM " family "_daily GROUP BY " keys            \
    ", SUBSTR(day, 1, 7)",                                                                         \
        "SELECT " keys ", month, " cols " FROM " family "_monthly"

void ts_expect_monthly_rollup(void)
{
    expect_same_rows(ROLLUP("stats", "unit_id, procedure_code, channel",
                            "SUM(received), SUM(online), SUM(accepted), SUM(refused), "
                            "SUM(supplements), SUM(resolved_early), SUM(resolved_on_time), "
                            "SUM(resolved_late), SUM(returned), SUM(stopped), SUM(withdrawn), "
                            "SUM(digitised), SUM(e_result), SUM(fully_digitised), SUM(rated), "
                            "SUM(satisfied), SUM(neutral), SUM(dissatisfied), SUM(contacts_n), "
                            "SUM(contacts_sum), SUM(bodies_n), SUM(bodies_sum), "
                            "SUM(information_n), SUM(information_sum), SUM(attitude_n), "
                            "SUM(attitude_sum)",
                            "received, online, accepted, refused, supplements, resolved_early, "
                            "resolved_on_time, resolved_late, returned, stopped, withdrawn, "
                            "digitised, e_result, fully_digitised, rated, satisfied, neutral, "
                            "dissatisfied, contacts_n, contacts_sum, bodies_n, bodies_sum, "
                            "information_n, information_sum, attitude_n, attitude_sum"));
    expect_same_rows(ROLLUP("stats_steps", "unit_id, step_unit_id, procedure_code, channel",
                            "SUM(early), SUM(on_time), SUM(late)", "early, on_time, late"));
}
