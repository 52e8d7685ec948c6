/* test_db_outage.c — the database going away under a running server. Each fault must turn
 * into 503 with a clear JSON message, leave nothing half-written, and the service must come
 * back by itself when the fault goes:
 *  - an injected failure (MOTCUA_FAULT_NTH, what a full disk or a dropped connection gives)
 *    at every statement of a reception in turn, on both engines;
 *  - PostgreSQL stopped and started again (a private cluster, so the other suites sharing
 *    the fixture's cluster are not disturbed);
 *  - the SQLite file locked by another process past the busy timeout;
 *  - a full file system under SQLite (a small tmpfs; skipped when mounting is not allowed);
 *  - a full files directory and a full upload directory (the same small tmpfs), on both
 *    engines.
 * Every 503 carries Retry-After and a message for a person that names no engine: the
 * drivers' words ("sqlite: database or disk is full") go to the log only. */
#include "tcheck.h"
#include "tclient.h"
#include "tdesk.h"
#include "testutil.h"
#include "tfiles.h"
#include "tserver.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_NTH 80

static int64_t dossiers(void)
{
    return td_db_int("SELECT COUNT(*) FROM dossiers", NULL);
}

/* Dossiers plus audit entries, read over one connection rather than two: the walk over the
 * statements reads it twice per statement number, and on PostgreSQL a connection costs more
 * than the request. Neither table ever loses rows, so the sum is unchanged exactly when
 * neither table changed. */
static int64_t rows_written(void)
{
    return td_db_int("SELECT (SELECT COUNT(*) FROM dossiers) + (SELECT COUNT(*) FROM audit_log)",
                     NULL);
}

/* True when s names a database engine or a file system, in any case. */
static int names_a_backend(const char *s)
{
    static const char *const words[] = {"sqlite", "postgres", "pq", "disk is full", "errno"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcasestr(s, words[i]))
            return 1;
    return 0;
}

static void expect_json_503(struct tresp *r, const char *what)
{
    if (r->status != 503)
        fail_msg("%s: %ld %s", what, r->status, r->body ? r->body : "");
    json_t *err = json_object_get(r->json, "error");
    const char *msg = json_string_value(json_object_get(err, "message"));
    assert_non_null(msg);
    assert_true(strlen(msg) > 0);
    assert_string_equal(json_string_value(json_object_get(err, "code")), "unavailable");
    if (names_a_backend(r->body))
        fail_msg("%s: the 503 names a backend: %s", what, r->body);
    const char *retry = tc_header(r, "Retry-After");
    if (!retry || atoi(retry) <= 0)
        fail_msg("%s: 503 without Retry-After", what);
}

static const char *login_token(const char *base, char *out, size_t len)
{
    struct tclient *c = tc_new(base);
    struct tresp r = tc_post_json(c, "/api/v1/auth/login",
                                  "{\"username\":\"tiepnhan.xa\",\"password\":\"tiepnhan@2026\"}");
    assert_int_equal(r.status, 200);
    snprintf(out, len, "Authorization: Bearer %s",
             json_string_value(json_object_get(r.json, "token")));
    tc_resp_free(&r);
    tc_free(c);
    return out;
}

static struct tresp post_reception(struct tclient *c)
{
    return tc_post_json(c, "/api/v1/dossiers",
                        "{\"procedure_code\":\"" TD_PROC "\",\"outcome\":\"accept\","
                        "\"received\":[1,1,1,1,1,1,1,1],\"applicant\":{\"kind\":\"person\","
                        "\"name\":\"Lê Thị Sự Cố\",\"id_number\":\"079203001234\"}}");
}

/* One server whose nth statement fails: the reception that meets it answers 503 and leaves
 * the database as it was, and the same request on the same server then succeeds. Returns 1
 * when the fault was met. */
static int survive_fault_at(int nth, const char *auth)
{
    char env_nth[32], url[128];
    snprintf(env_nth, sizeof env_nth, "MOTCUA_FAULT_NTH=%d", nth);
    const char *env[] = {env_nth, "MOTCUA_JOB_INTERVAL=0", NULL};
    pid_t pid = ts_start(NULL, env, url, sizeof url);
    assert_true(pid > 0);
    struct tclient *c = tc_new(url);
    tc_set_header(c, auth);
    int64_t before = rows_written();
    struct tresp r = post_reception(c);
    int met = r.status != 201;
    if (met) {
        expect_json_503(&r, "reception meeting an injected fault");
        if (rows_written() != before)
            fail_msg("the reception that met the fault at statement %d left rows behind", nth);
        tc_resp_free(&r);
        r = post_reception(c);
        assert_int_equal(r.status, 201);
    }
    tc_resp_free(&r);
    tc_free(c);
    assert_int_equal(ts_stop(pid), 0);
    return met;
}

static void test_injected_fault_at_every_statement(void **state)
{
    (void)state;
    char auth[256];
    login_token(test_env("MOTCUA_TEST_URL", ""), auth, sizeof auth);
    /* Some statements are allowed to fail quietly (a session's idle stamp), so the walk
     * ends only after several statement numbers in a row that the reception never met. */
    int met = 0, quiet = 0, nth = 1;
    for (; nth <= MAX_NTH && quiet < 5; nth++) {
        int hit = survive_fault_at(nth, auth);
        met += hit;
        quiet = hit ? 0 : quiet + 1;
    }
    assert_true(met > 3);
    assert_true(quiet == 5); /* a reception has fewer statements than MAX_NTH */
    assert_int_equal(td_duplicate_codes(), 0);
    assert_int_equal(td_counter_drift(), 0);
    assert_int_equal(ts_audit_verify(NULL), 0);
    printf("injected faults survived: %d (every statement of a reception), 503 each time, "
           "nothing half-written\n",
           met);
}

/* Runs SCRIPT (in tests/support) with a verb and a cluster directory. */
static int cluster(const char *script, const char *verb, const char *dir)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s/%s' %s '%s' >/dev/null", test_env("MOTCUA_TEST_SUPPORT", ""),
             script, verb, dir);
    return system(cmd);
}

/* Reads the URL file pg.sh wrote. */
static void read_line(const char *path, char *out, size_t len)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    assert_non_null(fgets(out, (int)len, f));
    out[strcspn(out, "\n")] = '\0';
    fclose(f);
}

static void test_postgres_stopped_and_started(void **state)
{
    (void)state;
    if (!ts_is_pg())
        skip();
    char dir[1024], path[1100], db[512], url[128], code[64];
    snprintf(dir, sizeof dir, "%s/pg-own", test_env("MOTCUA_TEST_WORK", "/tmp"));
    assert_int_equal(cluster("pg.sh", "start", dir), 0);
    snprintf(path, sizeof path, "%s/url", dir);
    read_line(path, db, sizeof db);
    char saved[1024];
    snprintf(saved, sizeof saved, "%s", test_env("MOTCUA_TEST_DB", ""));
    setenv("MOTCUA_TEST_DB", db, 1);
    pid_t pid = ts_start(db, NULL, url, sizeof url);
    assert_true(pid > 0);
    struct tclient *c = tc_new(url);
    assert_int_equal(tc_login_api(c, TD_DESK), 0);
    assert_int_equal(td_receive(c, "Phạm Văn Trước", NULL, code, sizeof code), 201);

    assert_int_equal(cluster("pg-restart.sh", "stop", dir), 0);
    struct tresp r = post_reception(c);
    expect_json_503(&r, "reception with PostgreSQL stopped");
    tc_resp_free(&r);
    char lookup[128];
    snprintf(lookup, sizeof lookup, "/api/v1/lookup/%s", code);
    r = tc_get(c, lookup);
    expect_json_503(&r, "public lookup with PostgreSQL stopped");
    tc_resp_free(&r);

    assert_int_equal(cluster("pg-restart.sh", "start", dir), 0);
    int tries = 0;
    long status = 0;
    while (status != 201 && tries++ < 50) {
        status = td_receive(c, "Phạm Văn Sau", NULL, code, sizeof code);
        if (status != 201)
            usleep(100000);
    }
    assert_int_equal(status, 201);
    assert_int_equal(dossiers(), 2);
    assert_int_equal(ts_audit_verify(db), 0);
    tc_free(c);
    assert_int_equal(ts_stop(pid), 0);
    setenv("MOTCUA_TEST_DB", saved, 1);
    cluster("pg.sh", "stop", dir);
    printf("PostgreSQL stopped: 503 with a message; started again: service back after %d "
           "request(s)\n",
           tries);
}

/* A child process that holds an exclusive transaction on the SQLite file until told to go:
 * it writes one byte to `ready` once the lock is held and rolls back when `go` closes. */
static pid_t hold_sqlite_lock(const char *path, int *release)
{
    int ready[2], go[2];
    assert_int_equal(pipe(ready), 0);
    assert_int_equal(pipe(go), 0);
    pid_t pid = fork();
    if (pid == 0) {
        sqlite3 *db = NULL;
        char byte = 1;
        close(ready[0]);
        close(go[1]);
        if (sqlite3_open(path, &db) != SQLITE_OK ||
            sqlite3_exec(db, "BEGIN EXCLUSIVE", NULL, NULL, NULL) != SQLITE_OK ||
            write(ready[1], &byte, 1) != 1)
            _exit(1);
        while (read(go[0], &byte, 1) > 0)
            ;
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(db);
        _exit(0);
    }
    close(ready[1]);
    close(go[0]);
    char byte = 0;
    assert_int_equal(read(ready[0], &byte, 1), 1);
    close(ready[0]);
    *release = go[1];
    return pid;
}

static void release_lock(pid_t pid, int release)
{
    int status = 0;
    close(release);
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void test_sqlite_file_locked(void **state)
{
    (void)state;
    if (ts_is_pg())
        skip();
    struct tclient *c = tc_new(NULL);
    assert_int_equal(tc_login_api(c, TD_DESK), 0);
    int64_t before = dossiers();
    int release = -1;
    pid_t holder = hold_sqlite_lock(test_env("MOTCUA_TEST_DB", ""), &release);
    struct tresp r = post_reception(c);
    expect_json_503(&r, "reception with the SQLite file locked");
    tc_resp_free(&r);
    release_lock(holder, release);
    assert_int_equal(dossiers(), before);
    r = post_reception(c);
    assert_int_equal(r.status, 201);
    tc_resp_free(&r);
    tc_free(c);
    printf("SQLite locked by another process: 503 after the busy timeout; resumes at once\n");
}

/* Fills the file system of dir until the kernel says it is full. */
static void fill_up(const char *path)
{
    static char block[64 * 1024];
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    while (write(fd, block, sizeof block) > 0)
        ;
    while (write(fd, block, 512) > 0)
        ;
    assert_int_equal(errno, ENOSPC);
    close(fd);
}

static void test_sqlite_disk_full(void **state)
{
    (void)state;
    if (ts_is_pg())
        skip();
    char dir[1024], db[1100], filler[1100], url[128];
    snprintf(dir, sizeof dir, "%s/small-fs", test_env("MOTCUA_TEST_WORK", "/tmp"));
    assert_int_equal(mkdir(dir, 0700), 0);
    if (mount("tmpfs", dir, "tmpfs", 0, "size=48m") != 0) {
        printf("disk full: skipped, mounting a small tmpfs is not permitted here (%s)\n",
               strerror(errno));
        rmdir(dir);
        skip();
    }
    snprintf(db, sizeof db, "%s/motcua.db", dir);
    snprintf(filler, sizeof filler, "%s/filler", dir);
    char saved[1024];
    snprintf(saved, sizeof saved, "%s", test_env("MOTCUA_TEST_DB", ""));
    setenv("MOTCUA_TEST_DB", db, 1);
    pid_t pid = ts_start(db, NULL, url, sizeof url);
    assert_true(pid > 0);
    struct tclient *c = tc_new(url);
    assert_int_equal(tc_login_api(c, TD_DESK), 0);
    char code[64];
    assert_int_equal(td_receive(c, "Võ Văn Đầy", NULL, code, sizeof code), 201);
    fill_up(filler);
    struct tresp r = post_reception(c);
    expect_json_503(&r, "reception on a full disk");
    tc_resp_free(&r);
    unlink(filler);
    r = post_reception(c);
    assert_int_equal(r.status, 201);
    tc_resp_free(&r);
    assert_int_equal(dossiers(), 2);
    assert_int_equal(ts_audit_verify(db), 0);
    tc_free(c);
    assert_int_equal(ts_stop(pid), 0);
    setenv("MOTCUA_TEST_DB", saved, 1);
    assert_int_equal(umount(dir), 0);
    rmdir(dir);
    printf("disk full (tmpfs): 503 with a message, nothing written; space freed: resumes\n");
}

/* POSTs tf_png as a component scan of dossier code. */
static struct tresp upload_png(struct tclient *c, const char *code)
{
    static const char head[] = "--b\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n"
                               "component\r\n--b\r\nContent-Disposition: form-data; "
                               "name=\"component\"\r\n\r\n0\r\n--b\r\nContent-Disposition: "
                               "form-data; name=\"file\"; filename=\"a.png\"\r\n"
                               "Content-Type: image/png\r\n\r\n";
    static const char tail[] = "\r\n--b--\r\n";
    char body[1024];
    size_t n = 0;
    memcpy(body, head, sizeof head - 1);
    n += sizeof head - 1;
    memcpy(body + n, tf_png, sizeof tf_png);
    n += sizeof tf_png;
    memcpy(body + n, tail, sizeof tail - 1);
    n += sizeof tail - 1;
    return tc_request(c, "POST", td_path(code, "/files"), "multipart/form-data; boundary=b", body,
                      n, NULL);
}

/* A server whose variable var (the files or the upload directory) points into the full
 * file system dir: an upload answers 503, nothing is attached. */
static void upload_to_full_disk(const char *var, const char *dir, const char *code)
{
    char env_dir[1200], url[128];
    snprintf(env_dir, sizeof env_dir, "%s=%s/%s", var, dir, var);
    const char *env[] = {env_dir, NULL};
    pid_t pid = ts_start(NULL, env, url, sizeof url);
    assert_true(pid > 0);
    struct tclient *c = tc_new(url);
    assert_int_equal(tc_login_api(c, TD_DESK), 0);
    struct tresp r = upload_png(c, code);
    expect_json_503(&r, var);
    tc_resp_free(&r);
    tc_free(c);
    assert_int_equal(ts_stop(pid), 0);
}

static void test_files_disk_full(void **state)
{
    (void)state;
    char dir[1024], filler[1100];
    snprintf(dir, sizeof dir, "%s/full-files", test_env("MOTCUA_TEST_WORK", "/tmp"));
    assert_int_equal(mkdir(dir, 0700), 0);
    if (mount("tmpfs", dir, "tmpfs", 0, "size=1m") != 0) {
        printf("files disk full: skipped, mounting a small tmpfs is not permitted here (%s)\n",
               strerror(errno));
        rmdir(dir);
        skip();
    }
    struct tclient *c = tc_new(NULL);
    assert_int_equal(tc_login_api(c, TD_DESK), 0);
    char *code = td_accept(c, TD_PROC, "Đỗ Thị Đầy Đĩa", NULL);
    snprintf(filler, sizeof filler, "%s/filler", dir);
    fill_up(filler);
    upload_to_full_disk("MOTCUA_FILES_DIR", dir, code);
    upload_to_full_disk("MOTCUA_UPLOAD_DIR", dir, code);
    json_t *files = tc_get_json(c, td_path(code, "/files"));
    assert_int_equal(json_array_size(json_object_get(files, "files")), 0);
    json_decref(files);
    struct tresp r = upload_png(c, code); /* the suite's own directories have room */
    assert_int_equal(r.status, 201);
    tc_resp_free(&r);
    free(code);
    tc_free(c);
    assert_int_equal(umount(dir), 0);
    rmdir(dir);
    printf("files and uploads on a full disk: 503 with Retry-After and a message; nothing "
           "attached\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_injected_fault_at_every_statement),
        cmocka_unit_test(test_postgres_stopped_and_started),
        cmocka_unit_test(test_sqlite_file_locked),
        cmocka_unit_test(test_sqlite_disk_full),
        cmocka_unit_test(test_files_disk_full),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
