/* test_report_standby.c — reports read from a hot standby (MOTCUA_DB_READONLY,
 * docs/operations.md). On a PostgreSQL primary with a streaming standby (tests/support/
 * pg-pair.sh): with the standby's replay paused, a dossier committed on the primary is not yet
 * in the statistics, which proves they are read from the standby, and the report page and
 * /metrics show the growing lag; once replay resumes the figures catch up. Nothing can be
 * written through the read-only pool, even when it names the primary. With the standby
 * stopped, reports are read from the primary (200, never 500) and the page, the log and
 * /metrics say so. On SQLite the setting is refused at start with a message naming it. */
#include "db.h"
#include "tcheck.h"
#include "tclient.h"
#include "tdesk.h"
#include "testutil.h"
#include "tserver.h"
#include "tstats.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char pair_dir[1024], primary_url[256], standby_url[256], url[128], range[128];
static char out[4096], page[1 << 18];
static unsigned p1, p2;
static pid_t server; /* stopped by the test, or killed by the teardown if it failed */

#define sh(...) td_sh(out, sizeof out, __VA_ARGS__)

static void sqlite_refuses_the_setting(void **state)
{
    (void)state;
    if (ts_is_pg())
        skip();
    int rc = sh("MOTCUA_DB_READONLY='postgresql://postgres@127.0.0.1:1/motcua' '%s' serve "
                "--listen 127.0.0.1:0 --db '%s' 2>&1",
                test_env("MOTCUA_BIN", "motcua"), test_env("MOTCUA_TEST_DB", ""));
    assert_int_equal(rc, 1);
    assert_non_null(strstr(out, "MOTCUA_DB_READONLY"));
    assert_non_null(strstr(out, "chỉ dùng được khi MOTCUA_DB là PostgreSQL"));
}

/* A read-only pool reads, and refuses every write, wherever it points. */
static void writes_refused(const char *db_url)
{
    struct db *db = NULL;
    struct err e = {0};
    assert_int_equal(db_open_readonly(db_url, 1, &db, &e), 0);
    struct db_conn *c = db_acquire(db, &e);
    assert_non_null(c);
    int64_t users = 0;
    assert_int_equal(db_query_int(c, "SELECT COUNT(*) FROM users", DB_NOARGS, &users, &e), 0);
    assert_true(users > 0);
    assert_int_not_equal(db_exec(c, "UPDATE users SET full_name = full_name", DB_NOARGS, &e), 0);
    assert_int_not_equal(db_exec(c, "CREATE TABLE standby_probe (i INTEGER)", DB_NOARGS, &e), 0);
    db_release(c);
    db_close(db);
}

static long long received(struct tclient *admin)
{
    json_t *j = ts_get(admin, range, "/api/v1/stats", "group=unit");
    long long n = tj_int(json_object_get(j, "total"), "received");
    json_decref(j);
    return n;
}

static const char *body_of(struct tclient *c, const char *path)
{
    struct tresp r = tc_get(c, path);
    assert_int_equal(r.status, 200);
    snprintf(page, sizeof page, "%s", r.body ? r.body : "");
    tc_resp_free(&r);
    return page;
}

/* The number after "chậm " on the public statistics page's footer. */
static long lag_on_page(struct tclient *c)
{
    const char *p = strstr(body_of(c, "/thong-ke"), "Số liệu tính đến ");
    assert_non_null(p);
    assert_non_null(strstr(p, "giây so với máy chủ chính"));
    const char *n = strstr(p, "chậm ");
    assert_non_null(n);
    return strtol(n + strlen("chậm "), NULL, 10);
}

static double metric(struct tclient *c, const char *name)
{
    const char *p = strstr(body_of(c, "/metrics"), name);
    for (; p; p = strstr(p + 1, name))
        if ((p == page || p[-1] == '\n') && p[strlen(name)] == ' ')
            return strtod(p + strlen(name) + 1, NULL);
    fail_msg("metric %s missing", name);
    return -1;
}

static void psql_standby(const char *sql)
{
    assert_int_equal(sh("psql -h 127.0.0.1 -p %u -U postgres -Atqc \"%s\" motcua", p2, sql), 0);
}

static void reports_read_from_the_standby(void **state)
{
    (void)state;
    if (!ts_is_pg())
        skip(); /* SQLite has no standby: see sqlite_refuses_the_setting */
    const char *support = test_env("MOTCUA_TEST_SUPPORT", ".");
    snprintf(pair_dir, sizeof pair_dir, "%s/pair", test_env("MOTCUA_TEST_WORK", "/tmp"));
    assert_int_equal(sh("'%s/pg-pair.sh' start '%s'", support, pair_dir), 0);
    assert_int_equal(sscanf(out, "%u %u", &p1, &p2), 2);
    assert_int_equal(sh("createdb -h 127.0.0.1 -p %u -U postgres -E UTF8 -T template0 motcua", p1),
                     0);
    snprintf(primary_url, sizeof primary_url, "postgresql://postgres@127.0.0.1:%u/motcua", p1);
    snprintf(standby_url, sizeof standby_url, "postgresql://postgres@127.0.0.1:%u/motcua", p2);
    char setting[300];
    snprintf(setting, sizeof setting, "MOTCUA_DB_READONLY=%s", standby_url);
    const char *env[] = {setting, NULL};
    assert_true((server = ts_start(primary_url, env, url, sizeof url)) > 0);
    writes_refused(standby_url);
    writes_refused(primary_url);

    int64_t day_start = 0;
    ts_pick_today(range, sizeof range, &day_start);
    struct tclient *admin = tc_new(url), *desk = tc_new(url), *visitor = tc_new(url);
    assert_int_equal(tc_login_api(admin, "admin", "quantri@2026"), 0);
    assert_int_equal(tc_login_api(desk, TD_DESK), 0);
    long long before = received(admin);
    assert_true(lag_on_page(visitor) >= 0);
    assert_true(metric(visitor, "motcua_db_readonly_up") == 1);

    /* Replay paused: the primary commits (the standby still receives the WAL synchronously)
     * but the standby's data stands still, and so do the reports. */
    psql_standby("SELECT pg_wal_replay_pause()");
    char code[40];
    assert_int_equal(td_receive(desk, "Trần Thị Dự Phòng", NULL, code, sizeof code), 201);
    assert_int_equal(received(admin), before);
    usleep(1500000); /* the lag is the time since the last replayed commit */
    long paused_lag = lag_on_page(visitor);
    double metric_lag = metric(visitor, "motcua_db_readonly_lag_seconds");
    assert_true(paused_lag >= 1);
    assert_true(metric_lag >= 1.0);
    psql_standby("SELECT pg_wal_replay_resume()");
    long long caught_up = before;
    for (int i = 0; i < 200 && caught_up == before; i++) {
        usleep(50000);
        caught_up = received(admin);
    }
    assert_int_equal(caught_up, before + 1);

    /* The standby stops: reports come from the primary and say so; writes go on. */
    assert_int_equal(sh("'%s/pg-pair.sh' stop-standby '%s'", support, pair_dir), 0);
    assert_int_equal(received(admin), before + 1);
    assert_non_null(strstr(body_of(visitor, "/thong-ke"), "Máy chủ dự phòng không trả lời"));
    assert_true(metric(visitor, "motcua_db_readonly_up") == 0);
    double fallbacks = metric(visitor, "motcua_db_readonly_fallbacks_total");
    assert_true(fallbacks >= 1);
    assert_int_equal(td_receive(desk, "Trần Thị Dự Phòng Hai", NULL, code, sizeof code), 201);
    assert_int_equal(received(admin), before + 2);
    assert_int_equal(
        sh("grep -c 'reports: the standby (MOTCUA_DB_READONLY) failed' '%s/server.err'",
           test_env("MOTCUA_TEST_WORK", "/tmp")),
        0);
    printf("report standby: figures held at %lld while replay was paused, page lag %ld s "
           "(metric %.1f s), caught up after resume; standby stopped: reports from the "
           "primary, %.0f fallbacks counted, writes continue\n",
           before, paused_lag, metric_lag, fallbacks);
    tc_free(admin);
    tc_free(desk);
    tc_free(visitor);
    assert_int_equal(ts_stop(server), 0);
    server = 0;
}

static int teardown(void **state)
{
    (void)state;
    if (server > 0)
        ts_kill(server);
    server = 0;
    if (*pair_dir)
        sh("'%s/pg-pair.sh' stop '%s'", test_env("MOTCUA_TEST_SUPPORT", "."), pair_dir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sqlite_refuses_the_setting),
        cmocka_unit_test_teardown(reports_read_from_the_standby, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
