/* db_backup.c — consistent copies of a live database, and loading them back. A backup must be
 * one moment of the database while the counter keeps receiving dossiers: on SQLite the online
 * backup API copies every page through a connection that holds a read transaction, so the
 * copy is exactly that transaction's snapshot (WAL lets writers go on meanwhile); on
 * PostgreSQL the transaction exports its snapshot and pg_dump reads under it
 * (`--snapshot`), so the manifest read in the transaction and the dump describe the same
 * instant. Restoring only ever writes into a place that holds nothing yet, so a mistaken
 * restore cannot overwrite a live database. */
#include "db_driver.h"

#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* REPEATABLE READ gives PostgreSQL a snapshot that can be exported; SQLite's deferred BEGIN
 * starts its read snapshot at the first statement. */
static const char *snapshot_begin(enum db_engine engine)
{
    return engine == DB_POSTGRES ? "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY" : "BEGIN";
}

int db_snapshot_tx(struct db *db, db_tx_fn fn, void *ctx, struct err *e)
{
    return db_tx_begin_with(db, snapshot_begin(db_engine_of(db)), fn, ctx, e);
}

int db_conn_dump(struct db_conn *c, const char *dest, struct err *e)
{
    const struct db_driver *drv = c->db->drv;
    if (!drv->in_tx(c->handle))
        return err_set(e, E_INTERNAL, NULL, "db_conn_dump needs the snapshot transaction");
    if (access(dest, F_OK) == 0)
        return err_set(e, E_CONFLICT, NULL, "%s already exists", dest);
    return drv->dump(c->handle, c->db->url, dest, e);
}

static void first_line_of(int fd, char *out, size_t len)
{
    size_t n = 0;
    ssize_t got;
    while (n + 1 < len && (got = read(fd, out + n, len - 1 - n)) > 0)
        n += (size_t)got;
    out[n] = '\0';
    out[strcspn(out, "\n")] = '\0';
    char drain[256];
    while (read(fd, drain, sizeof drain) > 0)
        ;
}

int db_run_tool(const char *const argv[], struct err *e)
{
    int pipefd[2];
    if (pipe2(pipefd, O_CLOEXEC) != 0)
        return err_set(e, E_IO, NULL, "cannot run %s: %s", argv[0], strerror(errno));
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDERR_FILENO);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(pipefd[1]);
    if (rc != 0) {
        close(pipefd[0]);
        return err_set(e, E_UNAVAILABLE, NULL, "cannot run %s: %s", argv[0], strerror(rc));
    }
    char said[512];
    first_line_of(pipefd[0], said, sizeof said);
    close(pipefd[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    return err_set(e, E_UNAVAILABLE, NULL, "%s failed: %s", argv[0], *said ? said : "no message");
}

static int restore_postgres(const char *dump, const char *url, struct err *e)
{
    struct db *db;
    int rc = db_open(url, 1, &db, e);
    if (rc)
        return rc;
    struct db_conn *c = db_acquire(db, e);
    int64_t tables = 0;
    rc = c ? db_query_int(c,
                          "SELECT COUNT(*) FROM information_schema.tables "
                          "WHERE table_schema = current_schema()",
                          DB_NOARGS, &tables, e)
           : E_UNAVAILABLE;
    if (c)
        db_release(c);
    db_close(db);
    if (rc)
        return rc;
    if (tables > 0)
        return err_set(e, E_CONFLICT, NULL,
                       "the target database already has %lld tables; restore only into an "
                       "empty database",
                       (long long)tables);
    const char *argv[] = {"pg_restore",
                          "--no-owner",
                          "--no-privileges",
                          "--exit-on-error",
                          "--single-transaction",
                          "--dbname",
                          url,
                          dump,
                          NULL};
    return db_run_tool(argv, e);
}

static int restore_sqlite(const char *dump, const char *url, struct err *e)
{
    if (access(url, F_OK) == 0)
        return err_set(e, E_CONFLICT, NULL, "%s already exists; restore only into a new file", url);
    /* The driver's own connection makes the file (and its directory) as a live one would be;
     * the pages then come from the dump through the backup API, on the same handle. */
    struct db *db;
    int rc = db_open(url, 1, &db, e);
    if (rc)
        return rc;
    struct db_conn *c = db_acquire(db, e);
    rc = c ? db_sqlite_load(c->handle, dump, e) : E_UNAVAILABLE;
    if (c)
        db_release(c);
    db_close(db);
    if (rc)
        unlink(url);
    return rc;
}

int db_restore_dump(const char *dump, const char *url, struct err *e)
{
    struct stat st;
    if (stat(dump, &st) != 0)
        return err_set(e, E_NOTFOUND, NULL, "%s: %s", dump, strerror(errno));
    return db_url_is_postgres(url) ? restore_postgres(dump, url, e) : restore_sqlite(dump, url, e);
}
