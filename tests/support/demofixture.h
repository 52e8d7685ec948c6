/* demofixture.h — a fresh motcua database filled with the embedded demo data (the Giồng
 * Riềng org tree, one account per role, the procedure catalogue), on SQLite in a temporary
 * directory or in a freshly created PostgreSQL database, for tests of service use cases; and
 * a dossier received the way the counter would. */
#ifndef MOTCUA_DEMOFIXTURE_H
#define MOTCUA_DEMOFIXTURE_H

#include "arena.h"
#include "db.h"
#include "svc.h"

#include <stddef.h>

struct demo_fixture {
    struct svc *svc;
    struct db *db; /* a second handle on the same database, for checks in SQL */
    char url[1024];
    char dir[600]; /* the SQLite directory, "" on PostgreSQL */
};

/* The PostgreSQL URL from MOTCUA_TEST_PG_URL or the file MOTCUA_TEST_PG_URL_FILE names;
 * 0 when neither is set. */
int demo_pg_url(char *out, size_t size);
/* Opens a fresh demo database: SQLite when pg_base is NULL, else database pg_name (dropped
 * and created again) in the cluster pg_base points at. Returns 0 or -1 (with a message). */
int demo_fixture_open(struct demo_fixture *f, const char *pg_base, const char *pg_name);
void demo_fixture_close(struct demo_fixture *f);
/* cmocka setup and teardown: *state becomes a newly opened fixture, then is closed and freed. */
int demo_fixture_setup(void **state, const char *pg_base, const char *pg_name);
int demo_fixture_teardown(void **state);
/* Accepts a dossier of procedure `procedure` at the counter `unit_key` as the system; its
 * code, in ar, or NULL (with a message) when reception failed. */
const char *demo_receive(struct svc *s, struct arena *ar, const char *procedure,
                         const char *unit_key);
/* One integer from a query on the fixture's own handle (aborts the test on failure). */
int64_t demo_query_int(struct demo_fixture *f, const char *sql, const struct db_param *p, int n);

#endif
