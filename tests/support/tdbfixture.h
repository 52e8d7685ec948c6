/* tdbfixture.h — a bare database for the database layer's own tests (no migrations, no
 * data): on SQLite in a new temporary directory, or a freshly created database of the
 * PostgreSQL test cluster. */
#ifndef MOTCUA_TDBFIXTURE_H
#define MOTCUA_TDBFIXTURE_H

#include "db.h"

#include <stddef.h>

struct tdb_fixture {
    struct db *db;
    char url[1024];
    char dir[512]; /* the SQLite directory, "" on PostgreSQL */
};

/* cmocka setups: *state becomes a fixture on SQLite at DIR/relpath (DIR a new temporary
 * directory named after prefix), or on database name (dropped and created again) in the
 * cluster base points at. 0, or -1 with a message. */
int tdb_setup_sqlite(void **state, const char *prefix, const char *relpath);
int tdb_setup_pg(void **state, const char *base, const char *name);
/* Closes the fixture, removes its directory and frees it. */
int tdb_teardown(void **state);
/* Drops and creates database name in the cluster base points at; its URL in url. 0 or -1
 * (with a message). */
int tdb_create_pg_database(const char *base, const char *name, char *url, size_t size);

#endif
