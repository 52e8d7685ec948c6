/* test_upgrade.c — a database made by the previous release (tests/fixtures/upgrade) migrates
 * to this version with nothing lost, and a migration that fails part-way leaves the database
 * at the last whole migration, with every record of the old release intact, so that the next
 * start simply continues. The failure is injected at every statement of the upgrade in turn
 * (after SQLite's own habit of fault-injecting every step). Runs on SQLite, and on the
 * PostgreSQL test cluster when MOTCUA_TEST_PG_URL_FILE is set. */
#include "db.h"
#include "demofixture.h"
#include "embed.h"
#include "svc_audit.h"
#include "tdbfixture.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIXTURE_RELEASE "0.2.0"

extern const struct embed_file motcua_migrations[];

/* The records of the old release that an upgrade must keep, row for row. */
static const char *const kept_tables[] = {
    "users",     "user_roles",      "org_units",        "procedures",    "procedure_versions",
    "dossiers",  "dossier_steps",   "dossier_events",   "dossier_files", "files",
    "audit_log", "dossier_ratings", "payment_requests", "feedback",
};
#define NKEPT (int)(sizeof kept_tables / sizeof kept_tables[0])

struct counts {
    int64_t rows[NKEPT];
    int64_t version, applied;
};

struct query {
    const char *sql;
    int64_t v;
};

static int query_one(struct db_conn *c, void *ctx, struct err *e)
{
    struct query *q = ctx;
    return db_query_int(c, q->sql, DB_NOARGS, &q->v, e);
}

static int64_t one_int(struct db *db, const char *sql)
{
    struct query q = {sql, -1};
    struct err e = {0};
    if (db_with_conn(db, query_one, &q, &e) != 0)
        fail_msg("%s: %s", sql, e.msg);
    return q.v;
}

static void count_all(struct db *db, struct counts *out)
{
    char sql[128];
    for (int i = 0; i < NKEPT; i++) {
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", kept_tables[i]);
        out->rows[i] = one_int(db, sql);
    }
    out->version = one_int(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    out->applied = one_int(db, "SELECT COUNT(*) FROM schema_migrations");
}

/* How many migrations of this build have a version up to v. */
static int64_t migrations_up_to(int64_t v)
{
    int64_t n = 0;
    for (const struct embed_file *f = motcua_migrations; f->name; f++)
        n += strlen(f->name) > 5 && f->name[4] == '_' && atoll(f->name) > 0 && atoll(f->name) <= v;
    return n;
}

static int64_t newest_migration(void)
{
    int64_t v = 0;
    for (const struct embed_file *f = motcua_migrations; f->name; f++)
        if (f->name[4] == '_' && atoll(f->name) > v)
            v = atoll(f->name);
    return v;
}

static void run(const char *cmd)
{
    int rc = system(cmd);
    if (rc != 0)
        fail_msg("%s: exit %d", cmd, rc);
}

/* Loads the fixture of engine ("sqlite" | "pg") into a new database; its URL in url. */
static void load_fixture(const char *engine, char *url, size_t len)
{
    const char *src = test_env("MOTCUA_SOURCE_DIR", ".");
    char cmd[4096];
    if (strcmp(engine, "sqlite") == 0) {
        char dir[] = "/tmp/motcua-upgrade-XXXXXX";
        assert_non_null(mkdtemp(dir));
        snprintf(url, len, "%s/old.db", dir);
        snprintf(cmd, sizeof cmd,
                 "zcat '%s/tests/fixtures/upgrade/" FIXTURE_RELEASE
                 ".sqlite.sql.gz' | sqlite3 '%s'",
                 src, url);
    } else {
        char base[1024];
        assert_true(demo_pg_url(base, sizeof base));
        assert_int_equal(tdb_create_pg_database(base, "motcua_upgrade", url, len), 0);
        snprintf(cmd, sizeof cmd,
                 "zcat '%s/tests/fixtures/upgrade/" FIXTURE_RELEASE
                 ".pg.sql.gz' | psql -q -v ON_ERROR_STOP=1 -o /dev/null '%s'",
                 src, url);
    }
    run(cmd);
}

static void assert_kept(const struct counts *old, const struct counts *now)
{
    for (int i = 0; i < NKEPT; i++)
        if (old->rows[i] != now->rows[i])
            fail_msg("%s: %lld rows before the upgrade, %lld after", kept_tables[i],
                     (long long)old->rows[i], (long long)now->rows[i]);
}

static void upgrade(const char *engine)
{
    char url[1024];
    load_fixture(engine, url, sizeof url);
    struct db *db;
    struct err e = {0};
    assert_int_equal(db_open(url, 2, &db, &e), 0);
    struct counts old, now;
    count_all(db, &old);
    assert_true(old.rows[5] > 0); /* dossiers */
    int failures = 0;
    for (int nth = 1;; nth++) {
        int applied = 0;
        db_fault_inject(nth, E_UNAVAILABLE);
        int rc = db_migrate(db, &applied, &e);
        db_fault_inject(0, 0);
        count_all(db, &now);
        assert_kept(&old, &now);
        /* Only whole migrations: the versions recorded are exactly those up to the newest. */
        assert_int_equal(now.applied, migrations_up_to(now.version));
        if (rc == 0)
            break;
        failures++;
        assert_true(nth < 10000);
    }
    assert_int_equal(now.version, newest_migration());
    db_close(db);

    struct svc_config cfg = {.db_url = url};
    struct svc *s;
    assert_int_equal(svc_open(&cfg, &s, &e), 0);
    int64_t entries = 0, broken = -1;
    assert_int_equal(svc_audit_verify(s, &svc_system, &entries, &broken, &e), 0);
    assert_int_equal(broken, 0);
    svc_close(s);
    printf("%s: release " FIXTURE_RELEASE " at migration %lld → %lld; %d injected failures, "
           "each left whole migrations and every record; %lld dossiers, %lld audit entries "
           "verified\n",
           engine, (long long)old.version, (long long)now.version, failures, (long long)now.rows[5],
           (long long)entries);
}

static void upgrade_sqlite(void **state)
{
    (void)state;
    upgrade("sqlite");
}

static void upgrade_pg(void **state)
{
    (void)state;
    upgrade("pg");
}

/* unit.test_upgrade runs the SQLite fixture; unit.test_upgrade.pg (with the cluster) the
 * PostgreSQL one. */
int main(void)
{
    char base[1024];
    const struct CMUnitTest sqlite[] = {cmocka_unit_test(upgrade_sqlite)};
    const struct CMUnitTest pg[] = {cmocka_unit_test(upgrade_pg)};
    if (demo_pg_url(base, sizeof base))
        return cmocka_run_group_tests_name("upgrade.postgres", pg, NULL, NULL);
    return cmocka_run_group_tests_name("upgrade.sqlite", sqlite, NULL, NULL);
}
