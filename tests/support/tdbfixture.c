/* tdbfixture.c — see tdbfixture.h. The database layer's tests open bare databases of both
 * engines the same way, so that what they assert is the layer's contract, not a fixture's. */
#include "tdbfixture.h"

#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int open_fixture(struct tdb_fixture *f, void **state)
{
    struct err e = {0};
    if (db_open(f->url, 4, &f->db, &e) != 0) {
        fprintf(stderr, "cannot open %s: %s\n", f->url, e.msg);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

int tdb_setup_sqlite(void **state, const char *prefix, const char *relpath)
{
    struct tdb_fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "%s", test_tmpdir(prefix));
    snprintf(f->url, sizeof f->url, "%s/%s", f->dir, relpath);
    return open_fixture(f, state);
}

int tdb_create_pg_database(const char *base, const char *name, char *url, size_t size)
{
    struct err e = {0};
    struct db *admin = NULL;
    if (db_open(base, 1, &admin, &e) != 0) {
        fprintf(stderr, "cannot reach PostgreSQL at %s: %s\n", base, e.msg);
        return -1;
    }
    struct db_conn *c = db_acquire(admin, &e);
    char sql[300];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", name);
    int rc = c ? db_exec(c, sql, DB_NOARGS, &e) : -1;
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
    if (!rc)
        rc = db_exec(c, sql, DB_NOARGS, &e);
    if (c)
        db_release(c);
    db_close(admin);
    if (rc) {
        fprintf(stderr, "cannot create database %s: %s\n", name, e.msg);
        return -1;
    }
    const char *slash = strrchr(base, '/');
    const char *query = strchr(slash, '?');
    snprintf(url, size, "%.*s/%s%s", (int)(slash - base), base, name, query ? query : "");
    return 0;
}

int tdb_setup_pg(void **state, const char *base, const char *name)
{
    struct tdb_fixture *f = calloc(1, sizeof *f);
    if (tdb_create_pg_database(base, name, f->url, sizeof f->url) != 0) {
        free(f);
        return -1;
    }
    return open_fixture(f, state);
}

int tdb_teardown(void **state)
{
    struct tdb_fixture *f = *state;
    db_close(f->db);
    if (f->dir[0]) {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", f->dir);
    }
    free(f);
    return 0;
}
