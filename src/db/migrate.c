/* migrate.c — brings a database's schema up to date from the migration files embedded in
 * the binary (src/db/migrations/NNNN_name.sql), so every instance can simply migrate at
 * start. Each file is applied in its own transaction together with its row in
 * schema_migrations, so a crash leaves either all of it or none of it. Several instances
 * may start at once: on PostgreSQL each transaction first takes a transaction-scoped
 * advisory lock and then re-checks whether the version is still missing (under READ
 * COMMITTED, so the re-check sees what the lock holder committed); on SQLite BEGIN IMMEDIATE
 * already serialises writers. Every file is rendered and checked before any is applied. */
#include "db_driver.h"

#include "log.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MIGRATION_MAX_BYTES ((size_t)16 << 20)
#define LOCK_SQL            "SELECT pg_advisory_xact_lock(7233170737)" /* "motcua" */
#define PG_BEGIN_SQL        "BEGIN ISOLATION LEVEL READ COMMITTED"

extern const struct embed_file motcua_migrations[];

struct migration {
    int64_t version;
    const char *name;
    struct buf sql;
};

struct plan {
    struct migration *list;
    int n;
};

struct apply_ctx {
    const struct migration *m;
    int applied;
};

/* "0007_dossier_fees.sql" → 7; -1 when the name is not NNNN_name.sql. */
static int64_t version_of(const char *name)
{
    size_t digits = strspn(name, "0123456789");
    size_t len = strlen(name);
    if (digits == 0 || digits > 9 || name[digits] != '_' || len < digits + 6 ||
        strcmp(name + len - 4, ".sql") != 0)
        return -1;
    return strtoll(name, NULL, 10);
}

static int is_sql_file(const char *name)
{
    size_t len = strlen(name);
    return len >= 4 && strcmp(name + len - 4, ".sql") == 0;
}

static int by_version(const void *a, const void *b)
{
    const struct migration *x = a, *y = b;
    return (x->version > y->version) - (x->version < y->version);
}

static void plan_free(struct plan *p)
{
    for (int i = 0; i < p->n; i++)
        buf_free(&p->list[i].sql);
    free(p->list);
}

static int add_file(struct plan *p, const struct embed_file *f, enum db_engine engine,
                    struct err *e)
{
    struct migration *m = &p->list[p->n];
    m->version = version_of(f->name);
    m->name = f->name;
    buf_init(&m->sql, MIGRATION_MAX_BYTES);
    p->n++;
    if (m->version < 0)
        return err_set(e, E_INTERNAL, NULL, "migration %s: name must be NNNN_name.sql", f->name);
    return db_migration_render(f->name, (const char *)f->data, f->len, engine, &m->sql, e);
}

static int check_unique(const struct plan *p, struct err *e)
{
    for (int i = 1; i < p->n; i++)
        if (p->list[i].version == p->list[i - 1].version)
            return err_set(e, E_INTERNAL, NULL, "migrations %s and %s share a version",
                           p->list[i - 1].name, p->list[i].name);
    return 0;
}

static int plan_build(struct plan *p, const struct embed_file *files, enum db_engine engine,
                      struct err *e)
{
    int count = 0;
    for (const struct embed_file *f = files; f && f->name; f++)
        count += is_sql_file(f->name);
    p->n = 0;
    p->list = calloc((size_t)count + 1, sizeof *p->list);
    if (!p->list)
        return err_set(e, E_NOMEM, NULL, "out of memory reading migrations");
    for (const struct embed_file *f = files; f && f->name; f++) {
        if (!is_sql_file(f->name))
            continue;
        int rc = add_file(p, f, engine, e);
        if (rc < 0)
            return rc;
    }
    qsort(p->list, (size_t)p->n, sizeof *p->list, by_version);
    return check_unique(p, e);
}

static int lock_if_postgres(struct db_conn *c, struct err *e)
{
    if (db_conn_engine(c) != DB_POSTGRES)
        return 0;
    struct db_rows *r;
    int rc = db_query(c, LOCK_SQL, DB_NOARGS, &r, e);
    db_rows_free(r);
    return rc;
}

static int ensure_table_tx(struct db_conn *c, void *ctx, struct err *e)
{
    (void)ctx;
    int rc = lock_if_postgres(c, e);
    if (rc == 0)
        rc = db_exec(c,
                     "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                     "name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
                     DB_NOARGS, e);
    return rc;
}

static int apply_tx(struct db_conn *c, void *arg, struct err *e)
{
    struct apply_ctx *ctx = arg;
    const struct migration *m = ctx->m;
    int64_t present = 0;
    ctx->applied = 0;
    int rc = lock_if_postgres(c, e);
    if (rc == 0)
        rc = db_query_int(c, "SELECT COUNT(*) FROM schema_migrations WHERE version = $1",
                          DB_ARGS(DB_I(m->version)), &present, e);
    if (rc < 0 || present > 0)
        return rc;
    rc = db_conn_script(c, buf_str(&m->sql), e);
    if (rc < 0 && e) {
        char cause[sizeof e->msg];
        memcpy(cause, e->msg, sizeof cause);
        err_set(e, rc, NULL, "migration %s: %s", m->name, cause);
    }
    if (rc < 0)
        return rc;
    rc = db_exec(c, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                 DB_ARGS(DB_I(m->version), DB_T(m->name), DB_I(time(NULL))), e);
    ctx->applied = rc == 0;
    return rc;
}

static const char *migration_begin(const struct db *db)
{
    return db_engine_of(db) == DB_POSTGRES ? PG_BEGIN_SQL : NULL;
}

static int apply_plan(struct db *db, const struct plan *p, int *applied, struct err *e)
{
    int rc = db_tx_begin_with(db, migration_begin(db), ensure_table_tx, NULL, e);
    for (int i = 0; i < p->n && rc == 0; i++) {
        struct apply_ctx ctx = {.m = &p->list[i]};
        rc = db_tx_begin_with(db, migration_begin(db), apply_tx, &ctx, e);
        if (rc == 0 && ctx.applied) {
            log_info("db: applied migration %s", ctx.m->name);
            (*applied)++;
        }
    }
    return rc;
}

int db_migrate_from(struct db *db, const struct embed_file *files, int *applied, struct err *e)
{
    int count = 0;
    struct plan p = {0};
    int rc = plan_build(&p, files, db_engine_of(db), e);
    if (rc == 0)
        rc = apply_plan(db, &p, &count, e);
    plan_free(&p);
    if (applied)
        *applied = count;
    return rc;
}

int db_migrate(struct db *db, int *applied, struct err *e)
{
    return db_migrate_from(db, motcua_migrations, applied, e);
}

static int read_version(struct db_conn *c, void *out, struct err *e)
{
    const char *exists_sql =
        db_conn_engine(c) == DB_POSTGRES
            ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = "
              "current_schema() AND table_name = 'schema_migrations'"
            : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = "
              "'schema_migrations'";
    int64_t exists;
    int64_t *version = out;
    *version = 0;
    int rc = db_query_int(c, exists_sql, DB_NOARGS, &exists, e);
    if (rc < 0 || !exists)
        return rc;
    return db_query_int(c, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", DB_NOARGS,
                        version, e);
}

int db_schema_version(struct db *db, int64_t *version, struct err *e)
{
    return db_with_conn(db, read_version, version, e);
}
