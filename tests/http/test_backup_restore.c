/* test_backup_restore.c — the restore drill of docs/operations.md: the counter keeps
 * receiving dossiers (some with scans) while `motcua backup` runs; the backup is restored
 * into a fresh place; there the audit chain verifies, every dossier acknowledged before the
 * backup began is present, and every file's bytes match its hash. A damaged backup, a partial
 * one (no manifest), a non-empty target and a second restore over the first are refused with
 * a clear message and without writing anything. Runs on SQLite and on PostgreSQL. */
#include "tclient.h"
#include "tdesk.h"
#include "testutil.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define RECEIVERS 2
#define MAX_ACKED 2048
#define BOUNDARY  "----motcuadrill"

static char acked[MAX_ACKED][40];
static atomic_int nacked;
static atomic_int stop;

/* A valid 1×1 PNG made unique by a tEXt chunk, so that each scan is a content of its own. */
static uint32_t crc32_of(const unsigned char *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
    return c ^ 0xffffffffu;
}

static size_t unique_png(unsigned char *out, int n)
{
    static const unsigned char head[33] = {0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00,
                                           0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
                                           0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00,
                                           0x00, 0x00, 0x90, 0x77, 0x53, 0xde};
    static const unsigned char tail[36] = {0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78,
                                           0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01,
                                           0x01, 0x00, 0xc9, 0xfe, 0x92, 0xef, 0x00, 0x00, 0x00,
                                           0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
    char text[40];
    int tl = snprintf(text, sizeof text, "Comment%cdrill %d", 0, n);
    size_t len = 0;
    memcpy(out, head, sizeof head);
    len += sizeof head;
    unsigned char *chunk = out + len;
    chunk[0] = chunk[1] = chunk[2] = 0;
    chunk[3] = (unsigned char)tl;
    memcpy(chunk + 4, "tEXt", 4);
    memcpy(chunk + 8, text, (size_t)tl);
    uint32_t crc = crc32_of(chunk + 4, 4 + (size_t)tl);
    for (int i = 0; i < 4; i++)
        chunk[8 + tl + i] = (unsigned char)(crc >> (24 - 8 * i));
    len += 12 + (size_t)tl;
    memcpy(out + len, tail, sizeof tail);
    return len + sizeof tail;
}

static long upload_scan(struct tclient *c, const char *code, int n)
{
    unsigned char png[128];
    size_t plen = unique_png(png, n);
    char head[512];
    int hl = snprintf(head, sizeof head,
                      "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n"
                      "component\r\n--" BOUNDARY "\r\nContent-Disposition: form-data; "
                      "name=\"component\"\r\n\r\n0\r\n--" BOUNDARY "\r\nContent-Disposition: "
                      "form-data; name=\"file\"; filename=\"scan%d.png\"\r\nContent-Type: "
                      "image/png\r\n\r\n",
                      n);
    char body[1024];
    memcpy(body, head, (size_t)hl);
    memcpy(body + hl, png, plen);
    int bl =
        hl + (int)plen +
        snprintf(body + hl + plen, sizeof body - (size_t)hl - plen, "\r\n--" BOUNDARY "--\r\n");
    struct tresp r = tc_request(c, "POST", td_path(code, "/files"),
                                "multipart/form-data; boundary=" BOUNDARY, body, (size_t)bl, NULL);
    long status = r.status;
    if (status != 201 && status != 200)
        fprintf(stderr, "upload: %ld %s\n", r.status, r.body ? r.body : "");
    tc_resp_free(&r);
    return status;
}

static void *receiver(void *arg)
{
    int id = (int)(intptr_t)arg;
    struct tclient *c = tc_new(NULL);
    if (tc_login_api(c, TD_DESK) != 0) {
        tc_free(c);
        return NULL;
    }
    for (int i = 0; !atomic_load(&stop) && i < MAX_ACKED / RECEIVERS; i++) {
        char name[64], code[40];
        snprintf(name, sizeof name, "Người nhận thử %d %d", id, i);
        if (td_receive(c, name, NULL, code, sizeof code) != 201)
            continue;
        if (i % 3 == 0 && upload_scan(c, code, id * 10000 + i) >= 300)
            continue;
        /* Acknowledged only once the scan (if any) is stored too. */
        int k = atomic_fetch_add(&nacked, 1);
        if (k < MAX_ACKED)
            snprintf(acked[k], sizeof acked[k], "%s", code);
    }
    tc_free(c);
    return NULL;
}

static void wait_for_acks(int n)
{
    for (int i = 0; i < 6000 && atomic_load(&nacked) < n; i++)
        usleep(10000);
    assert_true(atomic_load(&nacked) >= n);
}

static char said[4096];

/* A shell command's output lands in said. */
#define run(...) td_sh(said, sizeof said, __VA_ARGS__)

static const char *work(void)
{
    return test_env("MOTCUA_TEST_WORK", "/tmp");
}

static int is_pg(void)
{
    return strncmp(test_env("MOTCUA_TEST_DB", ""), "postgres", 8) == 0;
}

/* A fresh place to restore into: a new SQLite file, or a new empty PostgreSQL database. */
static const char *fresh_target(const char *name)
{
    static char url[2][1024];
    static int slot;
    char *out = url[slot++ % 2];
    if (!is_pg()) {
        snprintf(out, 1024, "%s/%s.db", work(), name);
        return out;
    }
    assert_int_equal(run("'%s/pg.sh' createdb '%s' 'drill_%s_%d'",
                         test_env("MOTCUA_TEST_SUPPORT", "."), test_env("MOTCUA_TEST_PG_DIR", ""),
                         name, (int)getpid()),
                     0);
    said[strcspn(said, "\n")] = '\0';
    snprintf(out, 1024, "%.1000s", said);
    return out;
}

static int64_t restored_int(const char *url, const char *sql, const char *param)
{
    char *live = strdup(test_env("MOTCUA_TEST_DB", ""));
    setenv("MOTCUA_TEST_DB", url, 1);
    const char *params[] = {param, NULL};
    int64_t v = td_db_int(sql, param ? params : NULL);
    setenv("MOTCUA_TEST_DB", live, 1);
    free(live);
    return v;
}

static void drill(void **state)
{
    (void)state;
    const char *bin = test_env("MOTCUA_BIN", "motcua");
    pthread_t t[RECEIVERS];
    for (int i = 0; i < RECEIVERS; i++)
        pthread_create(&t[i], NULL, receiver, (void *)(intptr_t)i);
    wait_for_acks(12);
    int before = atomic_load(&nacked);
    /* The backup runs while both receivers keep going. */
    int rc = run("'%s' backup --db '%s' --files-dir '%s/files' --out '%s/backup' 2>&1", bin,
                 test_env("MOTCUA_TEST_DB", ""), work(), work());
    printf("backup: %s", said);
    assert_int_equal(rc, 0);
    int during = atomic_load(&nacked);
    wait_for_acks(during + 6);
    atomic_store(&stop, 1);
    for (int i = 0; i < RECEIVERS; i++)
        pthread_join(t[i], NULL);
    int total = atomic_load(&nacked);
    printf("acknowledged: %d before the backup began, %d when it ended, %d in all\n", before,
           during, total);

    const char *target = fresh_target("restored");
    rc = run("'%s' restore --from '%s/backup' --db '%s' --files-dir '%s/rfiles' 2>&1", bin, work(),
             target, work());
    printf("restore: %s", said);
    assert_int_equal(rc, 0);
    assert_int_equal(run("'%s' audit verify --db '%s' 2>&1", bin, target), 0);

    for (int i = 0; i < before; i++)
        assert_int_equal(
            restored_int(target, "SELECT COUNT(*) FROM dossiers WHERE code = $1", acked[i]), 1);
    int64_t kept = restored_int(target, "SELECT COUNT(*) FROM dossiers", NULL);
    int64_t live = td_db_int("SELECT COUNT(*) FROM dossiers", NULL);
    printf("dossiers: %lld restored, %lld live\n", (long long)kept, (long long)live);
    assert_true(kept >= before && kept <= live);

    /* Every restored file is the content its name says, and every content the restored
       database knows is there. */
    assert_int_equal(run("cd '%s/rfiles' && find . -path './[0-9a-f][0-9a-f]/[0-9a-f][0-9a-f]/*' "
                         "-type f | while read f; do "
                         "[ \"$(sha256sum < \"$f\" | cut -c1-64)\" = \"$(basename \"$f\")\" ] || "
                         "echo \"$f\"; done",
                         work()),
                     0);
    assert_string_equal(said, "");
    assert_int_equal(
        run("find '%s/rfiles' -path '*/[0-9a-f][0-9a-f]/[0-9a-f][0-9a-f]/*' -type f | wc -l",
            work()),
        0);
    int64_t files_on_disk = strtoll(said, NULL, 10);
    assert_int_equal(files_on_disk, restored_int(target, "SELECT COUNT(*) FROM files", NULL));
    assert_true(files_on_disk > 0);
}

static void refusals(void **state)
{
    (void)state;
    const char *bin = test_env("MOTCUA_BIN", "motcua");
    const char *w = work();
    /* A target that is not new. */
    assert_int_equal(run("'%s' restore --from '%s/backup' --db '%s' --files-dir '%s/rfiles' 2>&1",
                         bin, w, test_env("MOTCUA_TEST_DB", ""), w),
                     2);
    printf("over the live database: %s", said);
    assert_non_null(strstr(said, is_pg() ? "empty" : "already exists"));

    /* A damaged file: one byte of one scan changed. */
    assert_int_equal(run("cp -a '%s/backup' '%s/damaged' && f=$(find '%s/damaged/files' -path "
                         "'*/[0-9a-f][0-9a-f]/[0-9a-f][0-9a-f]/*' -type f | head -1) && printf 'X' "
                         "| dd of=\"$f\" bs=1 seek=40 "
                         "conv=notrunc 2>/dev/null",
                         w, w, w),
                     0);
    const char *target = fresh_target("damaged");
    assert_int_equal(run("'%s' restore --from '%s/damaged' --db '%s' --files-dir '%s/dfiles' 2>&1",
                         bin, w, target, w),
                     2);
    printf("damaged: %s", said);
    assert_non_null(strstr(said, "damaged"));
    assert_int_equal(run("test -e '%s/dfiles' || test -e '%s/damaged.db' && echo written", w, w),
                     1);
    assert_int_equal(run("'%s' backup --check '%s/damaged' 2>&1", bin, w), 2);

    /* A partial backup: the manifest is written last, so one cut short has none. */
    assert_int_equal(
        run("cp -a '%s/backup' '%s/partial' && rm '%s/partial/MANIFEST.json'", w, w, w), 0);
    assert_int_equal(run("'%s' restore --from '%s/partial' --db '%s' --files-dir '%s/pfiles' 2>&1",
                         bin, w, target, w),
                     2);
    printf("partial: %s", said);
    assert_non_null(strstr(said, "incomplete"));

    /* A backup never goes into a directory that holds something. */
    assert_int_equal(run("'%s' backup --db '%s' --files-dir '%s/files' --out '%s/backup' 2>&1", bin,
                         test_env("MOTCUA_TEST_DB", ""), w, w),
                     2);
    assert_non_null(strstr(said, "not empty"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(drill),
        cmocka_unit_test(refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
