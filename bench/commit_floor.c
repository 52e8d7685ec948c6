/* commit_floor.c — the durable write floor of `make bench`: how many single-row transactions
 * per second the database engine commits durably on this machine, through motcua's own db
 * layer so that the engine settings are exactly the server's (SQLite: WAL, synchronous=FULL,
 * BEGIN IMMEDIATE; PostgreSQL: SERIALIZABLE on a cluster with fsync on). N threads, each with
 * its own pooled connection, commit one INSERT after another for S seconds; the same N as the
 * HTTP clients of the lifecycle run, so that both sides get the same chance to share an fsync
 * (PostgreSQL's group commit) or to queue on SQLite's single writer.
 *
 *   bench_commit_floor --db URL [--seconds S] [--threads N]
 * prints: commits=C busy=B seconds=S per_second=R (B: transactions still locked out after
 * db_tx's retries, which the server would answer with 503) */
#include "db.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct run {
    struct db *db;
    double deadline;
    atomic_long commits, busy;
    atomic_int failed;
};

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int insert_one(struct db_conn *c, void *ctx, struct err *e)
{
    (void)ctx;
    return db_exec(c, "INSERT INTO bench_floor (at, payload) VALUES ($1, $2)",
                   DB_ARGS(DB_I(time(NULL)), DB_T("durable write floor")), e);
}

static void *commit_loop(void *arg)
{
    struct run *r = arg;
    struct err e = {0};
    while (now() < r->deadline) {
        int rc = db_tx(r->db, insert_one, NULL, &e);
        if (rc == E_RETRY || rc == E_UNAVAILABLE) {
            /* Still locked out after db_tx's retries, or after SQLite's 5 s busy timeout (its
             * busy handler is not fair: a writer can lose the lock again and again): the
             * server would answer 503. Count it and go on. */
            atomic_fetch_add(&r->busy, 1);
            continue;
        }
        if (rc) {
            fprintf(stderr, "bench_commit_floor: %s\n", e.msg);
            atomic_store(&r->failed, 1);
            break;
        }
        atomic_fetch_add(&r->commits, 1);
    }
    return NULL;
}

static int create_table(struct db_conn *c, void *ctx, struct err *e)
{
    (void)ctx;
    return db_exec(c,
                   "CREATE TABLE IF NOT EXISTS bench_floor (at BIGINT NOT NULL, payload TEXT "
                   "NOT NULL)",
                   DB_NOARGS, e);
}

static const char *option(int argc, char **argv, const char *name, const char *def)
{
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return argv[i + 1];
    return def;
}

int main(int argc, char **argv)
{
    const char *url = option(argc, argv, "--db", NULL);
    double seconds = strtod(option(argc, argv, "--seconds", "5"), NULL);
    int threads = atoi(option(argc, argv, "--threads", "1"));
    if (!url || seconds <= 0 || threads < 1 || threads > 256) {
        fprintf(stderr, "usage: bench_commit_floor --db URL [--seconds S] [--threads N]\n");
        return 2;
    }
    struct run r = {0};
    struct err e = {0};
    /* One connection first: it switches a new SQLite file to WAL, which the other
     * connections of a pool opened at the same moment would find locked. */
    if (db_open(url, 1, &r.db, &e) == 0) {
        if (db_with_conn(r.db, create_table, NULL, &e) == 0) {
            db_close(r.db);
            r.db = NULL;
            db_open(url, threads, &r.db, &e);
        }
    }
    if (!r.db || e.code) {
        fprintf(stderr, "bench_commit_floor: %s\n", e.msg);
        if (r.db)
            db_close(r.db);
        return 1;
    }
    pthread_t *t = calloc((size_t)threads, sizeof *t);
    double start = now();
    r.deadline = start + seconds;
    for (int i = 0; i < threads; i++)
        pthread_create(&t[i], NULL, commit_loop, &r);
    for (int i = 0; i < threads; i++)
        pthread_join(t[i], NULL);
    double elapsed = now() - start;
    long commits = atomic_load(&r.commits);
    printf("commits=%ld busy=%ld seconds=%.2f per_second=%.1f\n", commits, atomic_load(&r.busy),
           elapsed, (double)commits / elapsed);
    free(t);
    db_close(r.db);
    return atomic_load(&r.failed) ? 1 : 0;
}
