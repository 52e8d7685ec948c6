/* db_sqlite.c — the SQLite 3.40 driver, the embedded default. Each pooled connection is its
 * own sqlite3 handle on the same file: WAL lets readers run beside the one writer, writes
 * start with BEGIN IMMEDIATE so the write lock is taken up front (no deadlocking upgrade
 * from reader to writer), and synchronous=FULL because these are legal records.
 *
 * Statements use PostgreSQL's $1..$n placeholders. SQLite reads "$1" as a named parameter
 * and numbers named parameters by first appearance, so each is bound by its name: "$2 … $1"
 * and a "$1" used twice both bind correctly. Prepared statements are cached per connection
 * (keyed by SQL text) because the store layer runs the same few hundred statements all day.
 *
 * Writers of one process queue on a gate (one per database file) before they ask SQLite for
 * the write lock. SQLite's own busy handler polls with sleeps of up to 100 ms, so a thread
 * that finds the lock taken sleeps long after it was freed, and with many writers one can be
 * starved for the whole busy timeout; the gate wakes the next writer the moment the lock is
 * released. The busy handler still arbitrates between processes (the CLI beside a server). */
#include "db_driver.h"

#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#define BUSY_TIMEOUT_MS 5000
#define CACHE_SLOTS     64

struct cached {
    char *sql;
    uint64_t hash, used;
    sqlite3_stmt *st;
};

/* The writer gate of one database file, shared by every connection of this process to it. */
struct gate {
    struct gate *next;
    char *path;
    int refs, busy;
    pthread_cond_t freed;
};

struct sq {
    sqlite3 *db;
    struct gate *gate;
    int writing; /* holds the gate */
    uint64_t tick;
    struct cached cache[CACHE_SLOTS];
};

static pthread_mutex_t gates_mu = PTHREAD_MUTEX_INITIALIZER;
static struct gate *gates;

static int map_code(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_BUSY:
        /* Plain BUSY comes only after the busy handler waited the whole timeout: the file is
         * held by someone else, and retrying the transaction would only multiply the wait.
         * The snapshot and recovery variants are immediate conflicts worth a retry. */
        return rc == SQLITE_BUSY_SNAPSHOT || rc == SQLITE_BUSY_RECOVERY ? E_RETRY : E_UNAVAILABLE;
    case SQLITE_LOCKED:
        return E_RETRY;
    case SQLITE_CONSTRAINT:
        return E_CONSTRAINT;
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
        return E_UNAVAILABLE;
    default:
        return E_INTERNAL;
    }
}

static int fail(sqlite3 *db, int rc, struct err *e)
{
    return err_set(e, map_code(rc), NULL, "sqlite: %s",
                   db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

static struct gate *gate_new(const char *path)
{
    struct gate *g = calloc(1, sizeof *g);
    if (g && !(g->path = strdup(path))) {
        free(g);
        return NULL;
    }
    if (g) {
        pthread_cond_init(&g->freed, NULL);
        g->next = gates;
        gates = g;
    }
    return g;
}

static struct gate *gate_open(const char *path)
{
    pthread_mutex_lock(&gates_mu);
    struct gate *g = gates;
    while (g && strcmp(g->path, path) != 0)
        g = g->next;
    if (!g)
        g = gate_new(path);
    if (g)
        g->refs++;
    pthread_mutex_unlock(&gates_mu);
    return g;
}

static void gate_close(struct gate *g)
{
    pthread_mutex_lock(&gates_mu);
    if (--g->refs == 0) {
        struct gate **p = &gates;
        while (*p != g)
            p = &(*p)->next;
        *p = g->next;
        pthread_cond_destroy(&g->freed);
        free(g->path);
        free(g);
    }
    pthread_mutex_unlock(&gates_mu);
}

/* Waits for the gate as long as SQLite would wait for the lock; E_UNAVAILABLE after that,
 * exactly like a busy timeout. */
static int gate_enter(struct sq *s, struct err *e)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += BUSY_TIMEOUT_MS / 1000;
    int rc = 0;
    pthread_mutex_lock(&gates_mu);
    while (s->gate->busy && rc == 0)
        rc = pthread_cond_timedwait(&s->gate->freed, &gates_mu, &until);
    if (!s->gate->busy)
        s->gate->busy = s->writing = 1;
    pthread_mutex_unlock(&gates_mu);
    return s->writing ? 0 : err_set(e, E_UNAVAILABLE, NULL, "sqlite: database is locked");
}

static void gate_leave(struct sq *s)
{
    if (!s->writing)
        return;
    pthread_mutex_lock(&gates_mu);
    s->gate->busy = s->writing = 0;
    pthread_cond_signal(&s->gate->freed);
    pthread_mutex_unlock(&gates_mu);
}

/* Statements that will take SQLite's write lock: an explicit write transaction, or any
 * statement that writes (in autocommit it is its own transaction). */
static int takes_write_lock(const char *sql, sqlite3_stmt *st)
{
    return strncasecmp(sql, "BEGIN IMMEDIATE", 15) == 0 ||
           strncasecmp(sql, "BEGIN EXCLUSIVE", 15) == 0 || !sqlite3_stmt_readonly(st);
}

/* Creates the directories above the database file (e.g. var/) so a fresh checkout runs. */
static int make_parent_dirs(const char *path, struct err *e)
{
    if (path[0] == ':' || strncmp(path, "file:", 5) == 0)
        return 0;
    char *dir = strdup(path);
    if (!dir)
        return err_set(e, E_NOMEM, NULL, "out of memory opening the database");
    int rc = 0;
    for (char *s = strchr(dir + 1, '/'); s && rc == 0; s = strchr(s + 1, '/')) {
        *s = '\0';
        if (mkdir(dir, 0750) < 0 && errno != EEXIST)
            rc = err_set(e, E_UNAVAILABLE, NULL, "cannot create directory %s: %s", dir,
                         strerror(errno));
        *s = '/';
    }
    free(dir);
    return rc;
}

static int configure(sqlite3 *db, struct err *e)
{
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
    int rc = sqlite3_exec(db,
                          "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
                          "PRAGMA synchronous=FULL;",
                          NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : fail(db, rc, e);
}

static int sq_connect(const char *url, void **handle, struct err *e)
{
    int rc = make_parent_dirs(url, e);
    if (rc < 0)
        return rc;
    struct sq *s = calloc(1, sizeof *s);
    if (!s)
        return err_set(e, E_NOMEM, NULL, "out of memory opening the database");
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
    int src = sqlite3_open_v2(url, &s->db, flags, NULL);
    if (src != SQLITE_OK) {
        rc = err_set(e, E_UNAVAILABLE, NULL, "cannot open database %s: %s", url,
                     s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(src));
        goto out;
    }
    rc = configure(s->db, e);
    if (rc == 0 && !(s->gate = gate_open(url)))
        rc = err_set(e, E_NOMEM, NULL, "out of memory opening the database");
out:
    if (rc < 0) {
        sqlite3_close(s->db);
        free(s);
        return rc;
    }
    *handle = s;
    return 0;
}

static void sq_disconnect(void *handle)
{
    struct sq *s = handle;
    for (int i = 0; i < CACHE_SLOTS; i++) {
        sqlite3_finalize(s->cache[i].st);
        free(s->cache[i].sql);
    }
    sqlite3_close(s->db);
    gate_leave(s);
    gate_close(s->gate);
    free(s);
}

static int sq_revive(void *handle, struct err *e)
{
    (void)handle;
    (void)e;
    return 0;
}

static uint64_t hash_text(const char *s)
{
    uint64_t h = 14695981039346656037ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static int only_space(const char *s)
{
    for (; *s; s++)
        if (!strchr(" \t\r\n;", *s))
            return 0;
    return 1;
}

static struct cached *cache_find(struct sq *s, const char *sql, uint64_t hash)
{
    for (int i = 0; i < CACHE_SLOTS; i++) {
        struct cached *c = &s->cache[i];
        if (c->st && c->hash == hash && strcmp(c->sql, sql) == 0)
            return c;
    }
    return NULL;
}

static struct cached *cache_victim(struct sq *s)
{
    struct cached *v = &s->cache[0];
    for (int i = 0; i < CACHE_SLOTS && v->st; i++)
        if (!s->cache[i].st || s->cache[i].used < v->used)
            v = &s->cache[i];
    return v;
}

static int compile(struct sq *s, const char *sql, sqlite3_stmt **st, struct err *e)
{
    const char *tail = NULL;
    int rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, &tail);
    if (rc != SQLITE_OK)
        return fail(s->db, rc, e);
    if (!*st)
        return err_set(e, E_INTERNAL, NULL, "empty SQL statement");
    if (tail && !only_space(tail)) {
        sqlite3_finalize(*st);
        *st = NULL;
        return err_set(e, E_INTERNAL, NULL, "one SQL statement at a time, please");
    }
    return 0;
}

static int prepare(struct sq *s, const char *sql, sqlite3_stmt **out, struct err *e)
{
    uint64_t hash = hash_text(sql);
    struct cached *c = cache_find(s, sql, hash);
    if (!c) {
        sqlite3_stmt *st;
        char *copy = strdup(sql);
        int rc = copy ? compile(s, sql, &st, e) : err_set(e, E_NOMEM, NULL, "out of memory");
        if (rc < 0) {
            free(copy);
            return rc;
        }
        c = cache_victim(s);
        sqlite3_finalize(c->st);
        free(c->sql);
        *c = (struct cached){.sql = copy, .hash = hash, .st = st};
    }
    c->used = ++s->tick;
    *out = c->st;
    return 0;
}

/* "$12" → 12; -1 for any other kind of parameter name ("?", ":x", "$1abc", "$1::int"). */
static int placeholder_number(const char *name)
{
    if (!name || name[0] != '$' || !name[1])
        return -1;
    int v = 0;
    for (const char *p = name + 1; *p; p++) {
        if (*p < '0' || *p > '9' || p - name > 6)
            return -1;
        v = v * 10 + (*p - '0');
    }
    return v;
}

static int bind_one(sqlite3_stmt *st, int i, const struct db_param *p)
{
    switch (p->type) {
    case DB_NULL:
        return sqlite3_bind_null(st, i);
    case DB_INT:
        return sqlite3_bind_int64(st, i, p->i);
    case DB_TEXT:
        if (!p->s)
            return sqlite3_bind_null(st, i);
        return sqlite3_bind_text64(st, i, p->s, p->len ? p->len : strlen(p->s), SQLITE_STATIC,
                                   SQLITE_UTF8);
    case DB_BLOB:
        return sqlite3_bind_blob64(st, i, p->s ? p->s : "", p->len, SQLITE_STATIC);
    }
    return SQLITE_MISUSE;
}

static int check_all_used(const unsigned char *used, int n, struct err *e)
{
    for (int k = 0; k < n; k++)
        if (!used[k])
            return err_set(e, E_INTERNAL, NULL, "parameter $%d is not used by the statement",
                           k + 1);
    return 0;
}

static int bind_params(sqlite3_stmt *st, const struct db_param *p, int n, struct err *e)
{
    unsigned char *used = n > 0 ? calloc((size_t)n, 1) : NULL;
    if (n > 0 && !used)
        return err_set(e, E_NOMEM, NULL, "out of memory binding parameters");
    int rc = 0;
    int count = sqlite3_bind_parameter_count(st);
    for (int i = 1; i <= count && rc == 0; i++) {
        const char *name = sqlite3_bind_parameter_name(st, i);
        int k = placeholder_number(name);
        if (k < 1 || k > n) {
            rc = err_set(e, E_INTERNAL, NULL, "placeholder %s has no parameter (%d given)",
                         name ? name : "?", n);
            break;
        }
        if (bind_one(st, i, &p[k - 1]) != SQLITE_OK)
            rc = err_set(e, E_INTERNAL, NULL, "cannot bind parameter $%d", k);
        used[k - 1] = 1;
    }
    if (rc == 0)
        rc = check_all_used(used, n, e);
    free(used);
    return rc;
}

static int put_column(sqlite3_stmt *st, int i, struct db_rows *rows, struct err *e)
{
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_NULL:
        return db_rows_put(rows, NULL, 0, e);
    case SQLITE_BLOB: {
        const void *b = sqlite3_column_blob(st, i);
        size_t len = (size_t)sqlite3_column_bytes(st, i);
        return db_rows_put(rows, b ? b : "", len, e);
    }
    default: {
        const unsigned char *t = sqlite3_column_text(st, i);
        if (!t)
            return err_set(e, E_NOMEM, NULL, "out of memory reading a result");
        return db_rows_put(rows, t, (size_t)sqlite3_column_bytes(st, i), e);
    }
    }
}

static int put_row(sqlite3_stmt *st, struct db_rows *rows, struct err *e)
{
    int rc = 0;
    int ncols = sqlite3_column_count(st);
    for (int i = 0; i < ncols && rc == 0; i++)
        rc = put_column(st, i, rows, e);
    return rc;
}

static int new_rows(sqlite3_stmt *st, struct db_rows **rows, struct err *e)
{
    int ncols = sqlite3_column_count(st), rc = 0;
    if (!(*rows = db_rows_new(ncols)))
        return err_set(e, E_NOMEM, NULL, "out of memory reading a result");
    for (int i = 0; i < ncols && rc == 0; i++)
        rc = db_rows_set_name(*rows, i, sqlite3_column_name(st, i), e);
    return rc;
}

/* The result is created after the first step: a cached statement whose table changed is
 * prepared again inside sqlite3_step, and only then has its current column count. */
static int step_all(struct sq *s, sqlite3_stmt *st, struct db_rows **rows, struct err *e)
{
    for (;;) {
        int rc = sqlite3_step(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return fail(s->db, rc, e);
        int made = rows && !*rows ? new_rows(st, rows, e) : 0;
        if (made < 0)
            return made;
        if (rc == SQLITE_DONE)
            return 0;
        if (rows && (rc = put_row(st, *rows, e)) < 0)
            return rc;
    }
}

static int sq_run(void *handle, const char *sql, const struct db_param *p, int n,
                  struct db_rows **rows, int64_t *changed, struct err *e)
{
    struct sq *s = handle;
    sqlite3_stmt *st;
    int rc = prepare(s, sql, &st, e);
    if (rc < 0)
        return rc;
    struct db_rows *r = NULL;
    if (!s->writing && takes_write_lock(sql, st) && (rc = gate_enter(s, e)) < 0)
        return rc;
    sqlite3_int64 before = sqlite3_total_changes64(s->db);
    rc = bind_params(st, p, n, e);
    if (rc == 0)
        rc = step_all(s, st, rows ? &r : NULL, e);
    /* sqlite3_changes64 keeps its old value across statements that change nothing. */
    if (rc == 0 && changed)
        *changed = sqlite3_total_changes64(s->db) == before ? 0 : sqlite3_changes64(s->db);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (sqlite3_get_autocommit(s->db))
        gate_leave(s);
    if (rc < 0) {
        db_rows_free(r);
        return rc;
    }
    if (rows)
        *rows = r;
    return 0;
}

static int sq_script(void *handle, const char *sql, struct err *e)
{
    struct sq *s = handle;
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : fail(s->db, rc, e);
}

static int sq_in_tx(void *handle)
{
    struct sq *s = handle;
    return !sqlite3_get_autocommit(s->db);
}

/* The backup API copies every page from one connection's view of a database to another's;
 * from a connection inside a read transaction that view is the transaction's snapshot. */
static int copy_pages(sqlite3 *to, sqlite3 *from, struct err *e)
{
    sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
    if (!b)
        return fail(to, sqlite3_errcode(to), e);
    int rc = sqlite3_backup_step(b, -1);
    int frc = sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE)
        return fail(to, rc, e);
    return frc == SQLITE_OK ? 0 : fail(to, frc, e);
}

static int sq_dump(void *handle, const char *url, const char *dest, struct err *e)
{
    struct sq *s = handle;
    (void)url;
    sqlite3 *out = NULL;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE;
    int rc = sqlite3_open_v2(dest, &out, flags, NULL);
    rc = rc == SQLITE_OK ? copy_pages(out, s->db, e) : fail(out, rc, e);
    sqlite3_close(out);
    return rc;
}

int db_sqlite_load(void *handle, const char *src, struct err *e)
{
    struct sq *s = handle;
    sqlite3 *in = NULL;
    int rc = sqlite3_open_v2(src, &in, SQLITE_OPEN_READONLY, NULL);
    rc = rc == SQLITE_OK ? copy_pages(s->db, in, e) : fail(in, rc, e);
    sqlite3_close(in);
    return rc;
}

const struct db_driver db_sqlite_driver = {
    .engine = DB_SQLITE,
    .begin_sql = "BEGIN IMMEDIATE",
    .connect = sq_connect,
    .disconnect = sq_disconnect,
    .revive = sq_revive,
    .read_only_sql = "PRAGMA query_only = ON",
    .run = sq_run,
    .script = sq_script,
    .in_tx = sq_in_tx,
    .dump = sq_dump,
};
