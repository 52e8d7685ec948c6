/* db_pg.c — the PostgreSQL 15 driver (libpq), for many instances sharing one primary.
 * Statements go through PQexecParams: integers and text travel as text (the server infers
 * their types from the statement, as SQLite would), blobs as binary bytea. Results come back
 * as text and are normalised so callers see what SQLite would give them: bytea decoded to
 * raw bytes, booleans as 1/0. Write transactions are SERIALIZABLE, so a conflicting
 * transaction fails with 40001 and db_tx runs it again instead of losing an update.
 *
 * Every connection is made with client_min_messages=warning and TimeZone=UTC as startup
 * options, so PQreset after a lost connection brings them back too.
 *
 * Statements run a second time on a connection are prepared there (named, keyed by their SQL
 * text and which parameters are binary) and from then on only bound and executed, so the
 * server parses and analyses each of the few hundred statements of the store layer once per
 * connection instead of on every call. A statement seen once runs unprepared, so SQL built
 * on the fly does not churn the cache. Prepared statements live in the server session and
 * are not transactional; they are forgotten when the session is reset. */
#include "db_driver.h"

#include "log.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BOOL_OID  16
#define BYTEA_OID 17
#define INT_TEXT  24 /* room for any int64 in decimal */
/* force_custom_plan: a prepared statement is still planned for its parameters on every run
 * (what PQexecParams did), so caching saves parsing without ever choosing a generic plan
 * that is worse for a skewed value. */
#define SESSION_OPTIONS                                                                            \
    "-c client_min_messages=warning -c TimeZone=UTC -c plan_cache_mode=force_custom_plan"
/* The session-level advisory lock db_tx takes around each write transaction (db_tx.c);
 * migrations use 7233170737 inside their transactions. */
#define WRITER_LOCK_KEY "7233170738"
/* How long a writer waits for its turn (then E_UNAVAILABLE, like SQLite's busy timeout and
 * the pool's acquire timeout). lock_timeout applies from the lock to its release: the set_config
 * in a subquery with a volatile function runs before the lock is asked for. */
#define WRITER_WAIT "10s"
#define CACHE_SLOTS 128
#define SEEN_SLOTS  256

struct prepared {
    char *sql;
    uint64_t key, used;
    unsigned id; /* the statement's name is "motcua_<id>" */
};

struct pg {
    PGconn *conn;
    uint64_t tick;
    unsigned next_id;
    struct prepared cache[CACHE_SLOTS];
    uint64_t seen[SEEN_SLOTS]; /* keys of statements run once, unprepared */
};

struct pg_args {
    Oid *types;
    const char **values;
    int *lengths, *formats;
    char *scratch;
};

/* libpq messages end in a newline and may run on with hints; one line is enough here. */
static int first_line(const char *msg)
{
    return (int)strcspn(msg, "\n");
}

static void notice_to_log(void *arg, const char *message)
{
    (void)arg;
    log_debug("db: postgres: %.*s", first_line(message), message);
}

static int pg_connect(const char *url, void **handle, struct err *e)
{
    /* Later keywords win, so settings written in the url override these defaults. */
    const char *keys[] = {"connect_timeout", "application_name", "options", "dbname", NULL};
    const char *vals[] = {"5", "motcua", SESSION_OPTIONS, url, NULL};
    PGconn *conn = PQconnectdbParams(keys, vals, 1);
    if (!conn)
        return err_set(e, E_NOMEM, NULL, "out of memory connecting to PostgreSQL");
    if (PQstatus(conn) != CONNECTION_OK) {
        const char *msg = PQerrorMessage(conn);
        err_set(e, E_UNAVAILABLE, NULL, "cannot connect to PostgreSQL: %.*s", first_line(msg), msg);
        PQfinish(conn);
        return E_UNAVAILABLE;
    }
    struct pg *g = calloc(1, sizeof *g);
    if (!g) {
        PQfinish(conn);
        return err_set(e, E_NOMEM, NULL, "out of memory connecting to PostgreSQL");
    }
    PQsetNoticeProcessor(conn, notice_to_log, NULL);
    g->conn = conn;
    *handle = g;
    return 0;
}

/* The server forgot every prepared statement (a new session). */
static void cache_clear(struct pg *g)
{
    for (int i = 0; i < CACHE_SLOTS; i++) {
        free(g->cache[i].sql);
        g->cache[i] = (struct prepared){0};
    }
    memset(g->seen, 0, sizeof g->seen);
}

static void pg_disconnect(void *handle)
{
    struct pg *g = handle;
    cache_clear(g);
    PQfinish(g->conn);
    free(g);
}

static int pg_revive(void *handle, struct err *e)
{
    struct pg *g = handle;
    PGconn *conn = g->conn;
    if (PQstatus(conn) == CONNECTION_OK)
        return 0;
    cache_clear(g);
    PQreset(conn);
    if (PQstatus(conn) == CONNECTION_OK)
        return 1;
    const char *msg = PQerrorMessage(conn);
    return err_set(e, E_UNAVAILABLE, NULL, "lost the PostgreSQL connection: %.*s", first_line(msg),
                   msg);
}

static int map_sqlstate(PGconn *conn, const char *state)
{
    if (PQstatus(conn) != CONNECTION_OK)
        return E_UNAVAILABLE;
    if (!state)
        return E_INTERNAL;
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
        return E_RETRY;
    if (strncmp(state, "23", 2) == 0)
        return E_CONSTRAINT;
    if (strncmp(state, "08", 2) == 0 || strncmp(state, "53", 2) == 0 ||
        strcmp(state, "57P01") == 0 || strcmp(state, "57P02") == 0 || strcmp(state, "57P03") == 0 ||
        strcmp(state, "55P03") == 0)
        return E_UNAVAILABLE;
    return E_INTERNAL;
}

/* Only the primary message: DETAIL lines can quote row values (personal data). */
static int fail(PGconn *conn, const PGresult *res, struct err *e)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (!msg)
        msg = PQerrorMessage(conn);
    return err_set(e, map_sqlstate(conn, state), NULL, "postgres: %.*s", first_line(msg), msg);
}

static void free_args(struct pg_args *a)
{
    free(a->types);
    free(a->values);
    free(a->lengths);
    free(a->formats);
    free(a->scratch);
}

static size_t scratch_size(const struct db_param *p, int n)
{
    size_t size = 0;
    for (int i = 0; i < n; i++) {
        if (p[i].type == DB_INT)
            size += INT_TEXT;
        else if (p[i].type == DB_TEXT && p[i].s && p[i].len)
            size += p[i].len + 1;
    }
    return size;
}

/* Fills slot i; text with an explicit length is copied to add the NUL libpq wants. */
static int encode_param(struct pg_args *a, int i, const struct db_param *p, char **scratch)
{
    switch (p->type) {
    case DB_NULL:
        return 0;
    case DB_INT:
        a->values[i] = *scratch;
        *scratch += snprintf(*scratch, INT_TEXT, "%lld", (long long)p->i) + 1;
        return 0;
    case DB_TEXT:
        if (p->s && p->len) {
            memcpy(*scratch, p->s, p->len);
            (*scratch)[p->len] = '\0';
            a->values[i] = *scratch;
            *scratch += p->len + 1;
        } else {
            a->values[i] = p->s;
        }
        return 0;
    case DB_BLOB:
        if (p->len > 0x7fffffff)
            return E_TOOLARGE;
        a->types[i] = BYTEA_OID;
        a->values[i] = p->s ? p->s : "";
        a->lengths[i] = (int)p->len;
        a->formats[i] = 1;
        return 0;
    }
    return E_INTERNAL;
}

static int encode_args(struct pg_args *a, const struct db_param *p, int n, struct err *e)
{
    memset(a, 0, sizeof *a);
    if (n <= 0)
        return 0;
    size_t count = (size_t)n;
    a->types = calloc(count, sizeof *a->types);
    a->values = calloc(count, sizeof *a->values);
    a->lengths = calloc(count, sizeof *a->lengths);
    a->formats = calloc(count, sizeof *a->formats);
    a->scratch = malloc(scratch_size(p, n) + 1);
    if (!a->types || !a->values || !a->lengths || !a->formats || !a->scratch)
        return err_set(e, E_NOMEM, NULL, "out of memory binding parameters");
    char *scratch = a->scratch;
    for (int i = 0; i < n; i++) {
        int rc = encode_param(a, i, &p[i], &scratch);
        if (rc < 0)
            return err_set(e, rc, NULL, "cannot pass parameter $%d", i + 1);
    }
    return 0;
}

static int put_cell(const PGresult *res, int row, int col, struct db_rows *rows, struct err *e)
{
    if (PQgetisnull(res, row, col))
        return db_rows_put(rows, NULL, 0, e);
    const char *v = PQgetvalue(res, row, col);
    switch (PQftype(res, col)) {
    case BOOL_OID:
        return db_rows_put(rows, v[0] == 't' ? "1" : "0", 1, e);
    case BYTEA_OID: {
        size_t len;
        unsigned char *bytes = PQunescapeBytea((const unsigned char *)v, &len);
        if (!bytes)
            return err_set(e, E_NOMEM, NULL, "out of memory reading a result");
        int rc = db_rows_put(rows, bytes, len, e);
        PQfreemem(bytes);
        return rc;
    }
    default:
        return db_rows_put(rows, v, (size_t)PQgetlength(res, row, col), e);
    }
}

static int collect_rows(const PGresult *res, struct db_rows **out, struct err *e)
{
    int ncols = PQnfields(res), nrows = PQntuples(res);
    struct db_rows *r = db_rows_new(ncols);
    if (!r)
        return err_set(e, E_NOMEM, NULL, "out of memory reading a result");
    int rc = 0;
    for (int col = 0; col < ncols && rc == 0; col++)
        rc = db_rows_set_name(r, col, PQfname(res, col), e);
    for (int row = 0; row < nrows && rc == 0; row++)
        for (int col = 0; col < ncols && rc == 0; col++)
            rc = put_cell(res, row, col, r, e);
    if (rc < 0) {
        db_rows_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

/* COMMIT of a transaction that already failed "succeeds" with the tag ROLLBACK. */
static int check_result(PGconn *conn, const char *sql, PGresult *res, struct err *e)
{
    switch (PQresultStatus(res)) {
    case PGRES_COMMAND_OK:
        if (strcmp(sql, "COMMIT") == 0 && strcmp(PQcmdStatus(res), "ROLLBACK") == 0)
            return err_set(e, E_INTERNAL, NULL,
                           "postgres: transaction was aborted by an earlier error");
        return 0;
    case PGRES_TUPLES_OK:
        return 0;
    case PGRES_EMPTY_QUERY:
        return err_set(e, E_INTERNAL, NULL, "empty SQL statement");
    default:
        return fail(conn, res, e);
    }
}

/* The SQL text and which parameters travel as binary bytea: a statement prepared with a
 * bytea parameter cannot take that parameter as text, and the other way round. */
static uint64_t statement_key(const char *sql, const struct db_param *p, int n)
{
    uint64_t h = 14695981039346656037ULL;
    for (const char *c = sql; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211ULL;
    for (int i = 0; i < n; i++)
        h = (h ^ (p[i].type == DB_BLOB ? 'b' : 't')) * 1099511628211ULL;
    return h;
}

/* Transaction control is cheap to parse and has to work in a failed transaction. */
static int never_prepared(const char *sql)
{
    return strncmp(sql, "BEGIN", 5) == 0 || strcmp(sql, "COMMIT") == 0 ||
           strcmp(sql, "ROLLBACK") == 0;
}

static struct prepared *cache_find(struct pg *g, const char *sql, uint64_t key)
{
    for (int i = 0; i < CACHE_SLOTS; i++)
        if (g->cache[i].sql && g->cache[i].key == key && strcmp(g->cache[i].sql, sql) == 0)
            return &g->cache[i];
    return NULL;
}

/* True the second time a key is asked about (a one-slot-per-hash memory of recent ones). */
static int seen_before(struct pg *g, uint64_t key)
{
    uint64_t *slot = &g->seen[key % SEEN_SLOTS];
    if (*slot == key)
        return 1;
    *slot = key;
    return 0;
}

static void statement_name(unsigned id, char out[24])
{
    snprintf(out, 24, "motcua_%u", id);
}

/* Frees the least recently used slot; its statement is dropped on the server (outside any
 * transaction's effects: prepared statements are not transactional). */
static struct prepared *cache_victim(struct pg *g)
{
    struct prepared *v = &g->cache[0];
    for (int i = 0; i < CACHE_SLOTS && v->sql; i++)
        if (!g->cache[i].sql || g->cache[i].used < v->used)
            v = &g->cache[i];
    if (v->sql && PQtransactionStatus(g->conn) != PQTRANS_INERROR) {
        char name[24], sql[40];
        statement_name(v->id, name);
        snprintf(sql, sizeof sql, "DEALLOCATE %s", name);
        PQclear(PQexec(g->conn, sql));
    }
    free(v->sql);
    *v = (struct prepared){0};
    return v;
}

/* The cached statement for sql, prepared now if this is its second run; NULL when it should
 * run unprepared. A failed prepare is reported like a failed statement. */
static int lookup_prepared(struct pg *g, const char *sql, const struct pg_args *a, int n,
                           uint64_t key, struct prepared **out, struct err *e)
{
    *out = cache_find(g, sql, key);
    if (*out || never_prepared(sql) || !seen_before(g, key))
        return 0;
    char *copy = strdup(sql);
    if (!copy)
        return err_set(e, E_NOMEM, NULL, "out of memory preparing a statement");
    char name[24];
    unsigned id = ++g->next_id;
    statement_name(id, name);
    PGresult *res = PQprepare(g->conn, name, sql, n, a->types);
    int rc = res ? check_result(g->conn, sql, res, e) : fail(g->conn, NULL, e);
    PQclear(res);
    if (rc < 0) {
        free(copy);
        return rc;
    }
    struct prepared *slot = cache_victim(g);
    *slot = (struct prepared){copy, key, 0, id};
    *out = slot;
    return 0;
}

static PGresult *execute(struct pg *g, const char *sql, const struct prepared *ps,
                         const struct pg_args *a, int n)
{
    if (!ps)
        return PQexecParams(g->conn, sql, n, a->types, a->values, a->lengths, a->formats, 0);
    char name[24];
    statement_name(ps->id, name);
    return PQexecPrepared(g->conn, name, n, a->values, a->lengths, a->formats, 0);
}

/* A prepared statement the server no longer has (26000) or whose result changed shape after
 * a migration by another instance (0A000, "cached plan must not change result type"). */
static int stale_prepared(const PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    return state && (strcmp(state, "26000") == 0 ||
                     (strcmp(state, "0A000") == 0 && msg && strstr(msg, "cached plan")));
}

static void forget(struct prepared *ps)
{
    free(ps->sql);
    *ps = (struct prepared){0};
}

static int pg_run(void *handle, const char *sql, const struct db_param *p, int n,
                  struct db_rows **rows, int64_t *changed, struct err *e)
{
    struct pg *g = handle;
    PGconn *conn = g->conn;
    struct pg_args a;
    PGresult *res = NULL;
    struct prepared *ps = NULL;
    uint64_t key = statement_key(sql, p, n);
    int rc = encode_args(&a, p, n, e);
    if (rc == 0)
        rc = lookup_prepared(g, sql, &a, n, key, &ps, e);
    if (rc < 0)
        goto out;
    if (ps)
        ps->used = ++g->tick;
    res = execute(g, sql, ps, &a, n);
    if (ps && stale_prepared(res)) {
        forget(ps);
        ps = NULL;
        /* Outside a transaction nothing was aborted: run it again, unprepared. Inside, the
         * transaction is lost; db_tx runs it again from the start. */
        if (PQtransactionStatus(conn) == PQTRANS_IDLE) {
            PQclear(res);
            res = execute(g, sql, NULL, &a, n);
        } else {
            rc = err_set(e, E_RETRY, NULL, "postgres: a prepared statement went stale");
            goto out;
        }
    }
    rc = res ? check_result(conn, sql, res, e) : fail(conn, NULL, e);
    if (rc == 0 && rows)
        rc = collect_rows(res, rows, e);
    if (rc == 0 && changed)
        *changed = strtoll(PQcmdTuples(res), NULL, 10);
out:
    PQclear(res);
    free_args(&a);
    return rc;
}

static int pg_script(void *handle, const char *sql, struct err *e)
{
    struct pg *g = handle;
    PGconn *conn = g->conn;
    PGresult *res = PQexec(conn, sql);
    /* A migration whose statements are all for the other engine is empty here. */
    int empty = res && PQresultStatus(res) == PGRES_EMPTY_QUERY;
    int rc = res ? (empty ? 0 : check_result(conn, sql, res, e)) : fail(conn, NULL, e);
    PQclear(res);
    return rc;
}

static int pg_in_tx(void *handle)
{
    const struct pg *g = handle;
    PGTransactionStatusType t = PQtransactionStatus(g->conn);
    return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

/* pg_dump reads under this transaction's snapshot, so the dump is the moment the caller's
 * own queries in the transaction saw. The transaction must stay open until pg_dump is done. */
static int pg_dump_snapshot(void *handle, const char *url, const char *dest, struct err *e)
{
    struct db_rows *rows = NULL;
    int rc = pg_run(handle, "SELECT pg_export_snapshot()", NULL, 0, &rows, NULL, e);
    if (rc)
        return rc;
    char snapshot[128];
    snprintf(snapshot, sizeof snapshot, "%s", db_rows_text(rows, 0, 0));
    db_rows_free(rows);
    const char *argv[] = {
        "pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--snapshot",
        snapshot,  "--file",          dest,         "--dbname",        url,
        NULL};
    return db_run_tool(argv, e);
}

const struct db_driver db_pg_driver = {
    .engine = DB_POSTGRES,
    .begin_sql = "BEGIN ISOLATION LEVEL SERIALIZABLE",
    .writer_lock_sql = "SELECT pg_advisory_lock(" WRITER_LOCK_KEY ") FROM (SELECT "
                       "set_config('lock_timeout', '" WRITER_WAIT "', false)) t",
    .writer_unlock_sql = "SELECT pg_advisory_unlock(" WRITER_LOCK_KEY "), "
                         "set_config('lock_timeout', '0', false)",
    .connect = pg_connect,
    .disconnect = pg_disconnect,
    .revive = pg_revive,
    .read_only_sql = "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
    .run = pg_run,
    .script = pg_script,
    .in_tx = pg_in_tx,
    .dump = pg_dump_snapshot,
};
