/* test_exchange.c — the exchange layer's guarantees (docs/exchange.md) against a real partner
 * over loopback (tests/exchange/peer.py, a receiver that applies each message once by its
 * Idempotency-Key), through the generic webhook adapter, with the worker's clock injected:
 * messages of one object go in order and a later one waits while an earlier one is
 * unacknowledged; a failure is retried with exponential backoff; a partner that is down is
 * caught up afterwards with nothing lost; a refused message holds its object until an
 * administrator resends or skips it (both audited); an inbound message is authenticated and
 * applied once however often it arrives; and `motcua serve` killed with SIGKILL in the middle
 * of a delivery loses nothing and makes the receiver apply nothing twice. Runs on SQLite, and
 * on PostgreSQL when MOTCUA_TEST_PG_URL(_FILE) is set. */
#include "demofixture.h"
#include "exchange_internal.h"
#include "jobs.h"
#include "jpack.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define T0      1800000000 /* the worker's clock in these tests (2027-01-15) */
#define BACKOFF 30
#define PARTNER "hook"

static char pg_base[1024];

struct peer {
    pid_t pid;
    int port;
    char dir[600];
};

struct ctx {
    struct demo_fixture *f;
    struct peer peer;
};

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static const char *source_dir(void)
{
    return test_env("MOTCUA_SOURCE_DIR", ".");
}

/* Starts the peer on port (0: any) and waits until it listens. */
static void peer_start(struct peer *p, int port)
{
    char script[1200], portfile[700], portarg[16];
    snprintf(script, sizeof script, "%s/tests/exchange/peer.py", source_dir());
    snprintf(portfile, sizeof portfile, "%s/port", p->dir);
    snprintf(portarg, sizeof portarg, "%d", port);
    unlink(portfile);
    p->pid = fork();
    assert_true(p->pid >= 0);
    if (p->pid == 0) {
        execl("/usr/bin/python3", "python3", script, portarg, p->dir, (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 500; i++) {
        FILE *f = fopen(portfile, "r");
        if (f) {
            int ok = fscanf(f, "%d", &p->port) == 1;
            fclose(f);
            if (ok)
                return;
        }
        sleep_ms(20);
    }
    fail_msg("the peer did not start");
}

static void peer_stop(struct peer *p)
{
    if (p->pid > 0) {
        kill(p->pid, SIGKILL);
        waitpid(p->pid, NULL, 0);
    }
    p->pid = 0;
}

static void peer_mode(struct peer *p, const char *mode)
{
    char path[700];
    snprintf(path, sizeof path, "%s/mode", p->dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(mode, f);
    fclose(f);
}

/* Every request the peer logged, as a JSON array. */
static json_t *peer_log(struct peer *p)
{
    char path[700], line[4096];
    snprintf(path, sizeof path, "%s/log.jsonl", p->dir);
    json_t *all = json_array();
    FILE *f = fopen(path, "r");
    while (f && fgets(line, sizeof line, f))
        json_array_append_new(all, json_loads(line, 0, NULL));
    if (f)
        fclose(f);
    return all;
}

static int peer_requests(struct peer *p)
{
    json_t *l = peer_log(p);
    int n = (int)json_array_size(l);
    json_decref(l);
    return n;
}

static struct svc_exchange_config config_for(int port)
{
    static char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/", port);
    struct svc_exchange_config c = {.npartners = 1, .backoff_seconds = BACKOFF, .batch = 4};
    c.partners[0] = (struct svc_partner_config){.name = PARTNER,
                                                .adapter = "webhook",
                                                .url = url,
                                                .password = "tok-out",
                                                .secret = "tok-in",
                                                .timeout_seconds = 2};
    return c;
}

static int setup_with(void **state, const char *pg, const char *name)
{
    struct ctx *x = calloc(1, sizeof *x);
    void *f = NULL;
    if (demo_fixture_setup(&f, pg, name) != 0)
        return -1;
    x->f = f;
    snprintf(x->peer.dir, sizeof x->peer.dir, "%s", test_tmpdir("motcua-peer"));
    peer_start(&x->peer, 0);
    struct svc_exchange_config c = config_for(x->peer.port);
    struct err e = {0};
    if (svc_exchange_configure(x->f->svc, &c, &e) != 0)
        return -1;
    *state = x;
    return 0;
}

static int setup_sqlite(void **state)
{
    return setup_with(state, NULL, NULL);
}

static int setup_pg(void **state)
{
    return setup_with(state, pg_base, "motcua_test_exchange");
}

static int teardown(void **state)
{
    struct ctx *x = *state;
    peer_stop(&x->peer);
    void *f = x->f;
    demo_fixture_teardown(&f);
    free(x);
    return 0;
}

struct enq {
    struct svc *s;
    const char *object, *kind, *key;
    int64_t id;
};

static int enqueue_tx(struct db_conn *c, void *arg, struct err *e)
{
    struct enq *q = arg;
    struct exchange_new m = {.partner = PARTNER,
                             .object_key = q->object,
                             .kind = q->kind,
                             .idem_key = q->key,
                             .now = T0};
    return exchange_enqueue(q->s, c, &m, jpack("{s:s?}", "said", q->key), &q->id, e);
}

/* Queues a message in a transaction of its own, as a service change would. */
static int64_t enqueue(struct ctx *x, const char *object, const char *key)
{
    struct enq q = {x->f->svc, object, "test.event", key, 0};
    struct err e = {0};
    assert_int_equal(db_tx(x->f->db, enqueue_tx, &q, &e), 0);
    assert_true(q.id > 0);
    return q.id;
}

static struct svc_exchange_stats run(struct ctx *x, int64_t now)
{
    struct svc_exchange_stats st;
    struct err e = {0};
    assert_int_equal(svc_exchange_run(x->f->svc, now, NULL, NULL, &st, &e), 0);
    return st;
}

static int64_t count_state(struct ctx *x, const char *state)
{
    return demo_query_int(x->f, "SELECT COUNT(*) FROM exchange_out WHERE state = $1",
                          DB_ARGS(DB_T(state)));
}

static int64_t column_of(struct ctx *x, const char *sql, int64_t id)
{
    return demo_query_int(x->f, sql, DB_ARGS(DB_I(id)));
}

/* The keys the peer applied (first deliveries), in the order it applied them, for one object
 * (NULL: all), as "k1,k2,…". */
static void applied_keys(struct ctx *x, const char *object, char *out, size_t size)
{
    json_t *l = peer_log(&x->peer);
    size_t i;
    json_t *entry;
    out[0] = '\0';
    json_array_foreach(l, i, entry)
    {
        const char *obj = json_string_value(json_object_get(entry, "object"));
        if (!json_is_true(json_object_get(entry, "applied")) ||
            (object && (!obj || strcmp(obj, object) != 0)))
            continue;
        size_t n = strlen(out);
        snprintf(out + n, size - n, "%s%s", n ? "," : "",
                 json_string_value(json_object_get(entry, "key")));
    }
    json_decref(l);
}

/* A later message of an object is not sent while an earlier one is unacknowledged, and the
 * objects' queues go in order once the partner answers again; the partner gets the
 * idempotency key and our bearer token. */
static void test_order_per_object(void **state)
{
    struct ctx *x = *state;
    enqueue(x, "dossier:1", "a1");
    enqueue(x, "dossier:2", "b1");
    enqueue(x, "dossier:1", "a2");
    enqueue(x, "dossier:1", "a3");
    enqueue(x, "dossier:2", "b2");

    peer_mode(&x->peer, "500");
    struct svc_exchange_stats st = run(x, T0);
    assert_int_equal(st.retried, 2); /* the heads only: a1 and b1 */
    assert_int_equal(st.sent, 0);
    json_t *l = peer_log(&x->peer);
    assert_int_equal(json_array_size(l), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(l, 0), "key")), "a1");
    assert_string_equal(json_string_value(json_object_get(json_array_get(l, 1), "key")), "b1");
    assert_string_equal(json_string_value(json_object_get(json_array_get(l, 0), "auth")),
                        "Bearer tok-out");
    json_decref(l);

    peer_mode(&x->peer, "ok");
    st = run(x, T0 + BACKOFF);
    assert_int_equal(st.sent, 5);
    char keys[256];
    applied_keys(x, "dossier:1", keys, sizeof keys);
    assert_string_equal(keys, "a1,a2,a3");
    applied_keys(x, "dossier:2", keys, sizeof keys);
    assert_string_equal(keys, "b1,b2");
    assert_int_equal(count_state(x, "acked"), 5);
    /* Nothing is sent twice once acknowledged. */
    st = run(x, T0 + 100000);
    assert_int_equal(st.sent + st.retried + st.failed, 0);
}

/* Retries wait base, 2·base, 4·base … on the worker's clock, capped at the maximum. */
static void test_backoff(void **state)
{
    struct ctx *x = *state;
    struct svc_exchange_config c = config_for(x->peer.port);
    c.backoff_max_seconds = 100;
    struct err e = {0};
    assert_int_equal(svc_exchange_configure(x->f->svc, &c, &e), 0);
    int64_t id = enqueue(x, "dossier:7", "x1");
    const char *next = "SELECT next_attempt_at FROM exchange_out WHERE id = $1";
    peer_mode(&x->peer, "500");

    assert_int_equal(run(x, T0).retried, 1);
    assert_int_equal(column_of(x, next, id), T0 + 30);
    assert_int_equal(run(x, T0 + 29).retried, 0); /* not due yet */
    assert_int_equal(peer_requests(&x->peer), 1);
    assert_int_equal(run(x, T0 + 30).retried, 1);
    assert_int_equal(column_of(x, next, id), T0 + 30 + 60);
    assert_int_equal(run(x, T0 + 90).retried, 1);
    assert_int_equal(column_of(x, next, id), T0 + 90 + 100); /* 120, capped at 100 */
    assert_int_equal(column_of(x, "SELECT attempts FROM exchange_out WHERE id = $1", id), 3);
    peer_mode(&x->peer, "ok");
    assert_int_equal(run(x, T0 + 190).sent, 1);
    assert_int_equal(column_of(x, "SELECT acked_at FROM exchange_out WHERE id = $1", id), T0 + 190);
}

/* The partner is unreachable: the run gives up after one attempt instead of one timeout per
 * message, the operators' numbers show the queue, and once the partner is back everything
 * is delivered, in order, once. */
static void test_partner_down_then_caught_up(void **state)
{
    struct ctx *x = *state;
    peer_stop(&x->peer);
    char key[32], object[32];
    for (int i = 0; i < 12; i++) {
        snprintf(key, sizeof key, "d%02d", i);
        snprintf(object, sizeof object, "dossier:%d", 100 + i % 3);
        enqueue(x, object, key);
    }
    struct svc_exchange_stats st = run(x, T0);
    assert_int_equal(st.retried, 1);
    assert_int_equal(st.sent, 0);

    struct arena *ar = arena_new();
    struct svc_exchange_partner_view *v = NULL;
    int n = 0;
    struct err e = {0};
    assert_int_equal(svc_exchange_metrics(x->f->svc, ar, T0 + 600, &v, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(v[0].name, PARTNER);
    assert_int_equal(v[0].queued, 12);
    assert_int_equal(v[0].retrying, 1);
    assert_int_equal(v[0].oldest_unsent_at, T0);
    assert_int_equal(v[0].lag_seconds, 600);
    arena_free(ar);

    peer_start(&x->peer, x->peer.port);
    st = run(x, T0 + 3600);
    assert_int_equal(st.sent, 12);
    assert_int_equal(count_state(x, "acked"), 12);
    char keys[256];
    applied_keys(x, "dossier:100", keys, sizeof keys);
    assert_string_equal(keys, "d00,d03,d06,d09");
    applied_keys(x, "dossier:101", keys, sizeof keys);
    assert_string_equal(keys, "d01,d04,d07,d10");
    applied_keys(x, "dossier:102", keys, sizeof keys);
    assert_string_equal(keys, "d02,d05,d08,d11");
}

static int64_t audits(struct ctx *x, const char *action)
{
    return demo_query_int(x->f, "SELECT COUNT(*) FROM audit_log WHERE action = $1",
                          DB_ARGS(DB_T(action)));
}

/* A refused message is failed with the partner's answer and holds its object; an
 * administrator's resend sends it again, a skip (with a reason) lets the object go on; both
 * are audited, and neither is open to other staff. */
static void test_refused_then_resend_and_skip(void **state)
{
    struct ctx *x = *state;
    int64_t r1 = enqueue(x, "dossier:9", "r1");
    int64_t r2 = enqueue(x, "dossier:9", "r2");
    enqueue(x, "dossier:9", "r3");
    peer_mode(&x->peer, "422");
    assert_int_equal(run(x, T0).failed, 1);
    peer_mode(&x->peer, "ok");
    assert_int_equal(run(x, T0 + 1000).sent, 0); /* r2 and r3 wait behind the refused r1 */

    struct arena *ar = arena_new();
    struct svc_exchange_partner_view v;
    struct svc_exchange_message *m = NULL;
    int n = 0;
    struct err e = {0};
    assert_int_equal(
        svc_exchange_partner(x->f->svc, &svc_system, ar, PARTNER, T0, 10, &v, &m, &n, &e), 0);
    assert_int_equal(v.failed, 1);
    assert_int_equal(n, 1);
    assert_int_equal(m[0].id, r1);
    assert_string_equal(m[0].state_label, "Bị từ chối");
    assert_non_null(strstr(m[0].last_error, "HTTP 422"));
    assert_non_null(strstr(m[0].last_error, "trường X bị từ chối"));

    static const struct actor_role clerk_role = {ROLE_RECEPTIONIST, 0, NULL, NULL};
    const struct actor clerk = {
        .user_id = 2, .username = "tiepnhan", .roles = &clerk_role, .nroles = 1};
    assert_int_equal(svc_exchange_resend(x->f->svc, &clerk, r1, &e), E_FORBIDDEN);
    assert_int_equal(svc_exchange_resend(x->f->svc, &svc_system, r1, &e), 0);
    assert_int_equal(audits(x, "exchange.resend"), 1);
    assert_int_equal(run(x, T0 + 1001).sent, 3);

    int64_t r4 = enqueue(x, "dossier:9", "r4");
    enqueue(x, "dossier:9", "r5");
    peer_mode(&x->peer, "422");
    assert_int_equal(run(x, T0 + 2000).failed, 1);
    peer_mode(&x->peer, "ok");
    assert_int_equal(svc_exchange_skip(x->f->svc, &svc_system, r4, "", &e), E_INVALID);
    assert_int_equal(svc_exchange_skip(x->f->svc, &clerk, r4, "sai", &e), E_FORBIDDEN);
    assert_int_equal(svc_exchange_skip(x->f->svc, &svc_system, r4, "Cổng đã có bản này", &e), 0);
    assert_int_equal(svc_exchange_skip(x->f->svc, &svc_system, r4, "lần nữa", &e), E_CONFLICT);
    assert_int_equal(svc_exchange_resend(x->f->svc, &svc_system, r2, &e), E_CONFLICT); /* acked */
    assert_int_equal(audits(x, "exchange.skip"), 1);
    assert_int_equal(run(x, T0 + 2001).sent, 1); /* r5 goes on */
    assert_int_equal(count_state(x, "skipped"), 1);
    char keys[256];
    applied_keys(x, "dossier:9", keys, sizeof keys);
    assert_string_equal(keys, "r1,r2,r3,r5");
    arena_free(ar);
}

static int receive(struct ctx *x, const char *partner, const char *auth, const char *key,
                   const char *body, struct svc_exchange_answer *ans, struct err *e)
{
    struct arena *ar = arena_new();
    struct svc_exchange_inbound in = {.partner = partner,
                                      .authorization = auth,
                                      .idem_key = key,
                                      .content_type = "application/json",
                                      .body = body,
                                      .len = strlen(body)};
    int rc = svc_exchange_receive(x->f->svc, ar, &in, ans, e);
    static char kept[512];
    if (!rc) {
        snprintf(kept, sizeof kept, "%s", ans->body);
        ans->body = kept;
    }
    arena_free(ar);
    return rc;
}

/* An inbound message needs the partner's secret and a key, and is applied once: the same key
 * again is answered "duplicate" and changes nothing. */
static void test_inbound_applied_once(void **state)
{
    struct ctx *x = *state;
    struct svc_exchange_answer ans;
    struct err e = {0};
    const char *body = "{\"kind\":\"dossier.submitted\",\"code\":\"X-1\"}";
    assert_int_equal(receive(x, "khong-co", "Bearer tok-in", "in-1", body, &ans, &e), E_NOTFOUND);
    assert_int_equal(receive(x, PARTNER, NULL, "in-1", body, &ans, &e), E_UNAUTH);
    assert_int_equal(receive(x, PARTNER, "Bearer tok-out", "in-1", body, &ans, &e), E_UNAUTH);
    assert_int_equal(receive(x, PARTNER, "Bearer tok-in", NULL, body, &ans, &e), E_INVALID);
    assert_int_equal(receive(x, PARTNER, "Bearer tok-in", "in-1", "[1]", &ans, &e), 0);
    assert_int_equal(ans.http_status, 422); /* refused by the adapter: no key is kept */
    assert_non_null(strstr(ans.body, "\"rejected\""));

    assert_int_equal(receive(x, PARTNER, "Bearer tok-in", "in-1", body, &ans, &e), 0);
    assert_int_equal(ans.http_status, 200);
    assert_non_null(strstr(ans.body, "\"applied\""));
    for (int i = 0; i < 3; i++) {
        assert_int_equal(receive(x, PARTNER, "Bearer tok-in", "in-1", body, &ans, &e), 0);
        assert_int_equal(ans.http_status, 200);
        assert_non_null(strstr(ans.body, "\"duplicate\""));
        assert_non_null(strstr(ans.body, "Đã nhận thông điệp in-1"));
    }
    /* The key may also come in the body. */
    assert_int_equal(receive(x, PARTNER, "Bearer tok-in", NULL, "{\"key\":\"in-2\"}", &ans, &e), 0);
    assert_non_null(strstr(ans.body, "\"applied\""));
    assert_int_equal(demo_query_int(x->f, "SELECT COUNT(*) FROM exchange_in", DB_NOARGS), 2);
    assert_int_equal(audits(x, "exchange.receive"), 2);
}

/* The queue is written in the caller's transaction: rolled back with it, and nothing at all
 * for a partner that is not configured; the same key queues one message. */
static int enqueue_then_fail_tx(struct db_conn *c, void *arg, struct err *e)
{
    int rc = enqueue_tx(c, arg, e);
    return rc ? rc : err_set(e, E_CONFLICT, NULL, "the change failed after queuing");
}

static void test_enqueue_in_the_callers_transaction(void **state)
{
    struct ctx *x = *state;
    struct enq q = {x->f->svc, "dossier:5", "k", "t1", 0};
    struct err e = {0};
    assert_int_equal(db_tx(x->f->db, enqueue_then_fail_tx, &q, &e), E_CONFLICT);
    assert_int_equal(demo_query_int(x->f, "SELECT COUNT(*) FROM exchange_out", DB_NOARGS), 0);
    int64_t a = enqueue(x, "dossier:5", "t1"), b = enqueue(x, "dossier:5", "t1");
    assert_int_equal(a, b);
    struct enq r = {x->f->svc, "dossier:5", "k", NULL, 0};
    assert_int_equal(db_tx(x->f->db, enqueue_tx, &r, &e), 0); /* a random key */
    assert_true(r.id > a);
    assert_int_equal(demo_query_int(x->f, "SELECT COUNT(*) FROM exchange_out", DB_NOARGS), 2);
    struct exchange_new off = {.partner = "khong-co", .object_key = "o", .kind = "k"};
    struct db_conn *c = db_acquire(x->f->db, &e);
    int64_t id = -1;
    assert_int_equal(exchange_enqueue(x->f->svc, c, &off, json_object(), &id, &e), 0);
    db_release(c);
    assert_int_equal(id, 0);
    assert_int_equal(demo_query_int(x->f, "SELECT COUNT(*) FROM exchange_out", DB_NOARGS), 2);
}

/* A message queued in the server's process wakes its job runner: delivered within a second or
 * so of its commit, not at the next round (an hour away here). */
static void test_queued_message_wakes_the_runner(void **state)
{
    struct ctx *x = *state;
    struct jobs_config cfg = {.interval_seconds = 3600, .holder = "wake-test"};
    struct jobs *j = NULL;
    struct err e = {0};
    assert_int_equal(jobs_start(x->f->svc, &cfg, &j, &e), 0);
    sleep_ms(1500); /* the first round, at once, finds nothing */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct enq q = {x->f->svc, "dossier:77", "test.event", "w1", 0};
    assert_int_equal(db_tx(x->f->db, enqueue_tx, &q, &e), 0);
    for (int i = 0; i < 300 && count_state(x, "acked") < 1; i++)
        sleep_ms(20);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    jobs_stop(j);
    assert_int_equal(count_state(x, "acked"), 1);
    double took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("# queued to acknowledged through the runner: %.3f s\n", took);
    assert_true(took < 3.0);
}

/* ---- the configuration ---------------------------------------------------------------- */

static const char *const *env_table;
static const char *table_get(const char *name)
{
    for (int i = 0; env_table[i]; i += 2)
        if (strcmp(env_table[i], name) == 0)
            return env_table[i + 1];
    return NULL;
}

static void test_config_from_environment(void **state)
{
    (void)state;
    static const char *const good[] = {"MOTCUA_PARTNERS",
                                       "dvcqg_test, hook",
                                       "MOTCUA_PARTNER_DVCQG_TEST_ADAPTER",
                                       "webhook",
                                       "MOTCUA_PARTNER_DVCQG_TEST_URL",
                                       "https://a.example/x",
                                       "MOTCUA_PARTNER_DVCQG_TEST_SCHEDULE",
                                       "300",
                                       "MOTCUA_PARTNER_HOOK_ADAPTER",
                                       "webhook",
                                       "MOTCUA_EXCHANGE_BACKOFF",
                                       "5",
                                       NULL};
    struct svc_exchange_config c;
    struct err e = {0};
    env_table = good;
    assert_int_equal(svc_exchange_config_read(&c, table_get, &e), 0);
    assert_int_equal(c.npartners, 2);
    assert_string_equal(c.partners[0].name, "dvcqg_test");
    assert_string_equal(c.partners[0].url, "https://a.example/x");
    assert_int_equal(c.partners[0].schedule_seconds, 300);
    assert_string_equal(c.partners[1].name, "hook");
    assert_null(c.partners[1].url); /* configured off */
    assert_int_equal(c.backoff_seconds, 5);

    static const char *const bad_name[] = {"MOTCUA_PARTNERS", "Cổng", NULL};
    env_table = bad_name;
    assert_int_equal(svc_exchange_config_read(&c, table_get, &e), E_INVALID);
    static const char *const bad_adapter[] = {"MOTCUA_PARTNERS", "x", NULL};
    env_table = bad_adapter;
    assert_int_equal(svc_exchange_config_read(&c, table_get, &e), E_INVALID);
    assert_string_equal(e.field, "MOTCUA_PARTNER_X_ADAPTER");
    static const char *const bad_number[] = {"MOTCUA_PARTNERS",
                                             "hook",
                                             "MOTCUA_PARTNER_HOOK_ADAPTER",
                                             "webhook",
                                             "MOTCUA_PARTNER_HOOK_TIMEOUT",
                                             "-1",
                                             NULL};
    env_table = bad_number;
    assert_int_equal(svc_exchange_config_read(&c, table_get, &e), E_INVALID);
}

/* ---- the crash ------------------------------------------------------------------------ */

static pid_t serve_start(struct ctx *x, const char *work)
{
    char portfile[700], url[64];
    snprintf(portfile, sizeof portfile, "%s/port", work);
    snprintf(url, sizeof url, "http://127.0.0.1:%d/", x->peer.port);
    unlink(portfile);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char log[700];
        snprintf(log, sizeof log, "%s/server.err", work);
        if (!freopen(log, "a", stderr) || !freopen("/dev/null", "w", stdout))
            _exit(126);
        setenv("MOTCUA_PARTNERS", PARTNER, 1);
        setenv("MOTCUA_PARTNER_HOOK_ADAPTER", "webhook", 1);
        setenv("MOTCUA_PARTNER_HOOK_URL", url, 1);
        setenv("MOTCUA_PARTNER_HOOK_SECRET", "tok-in", 1);
        setenv("MOTCUA_PARTNER_HOOK_TIMEOUT", "2", 1);
        setenv("MOTCUA_EXCHANGE_BATCH", "4", 1);
        setenv("MOTCUA_JOB_INTERVAL", "1", 1);
        setenv("MOTCUA_JOB_HOLDER", "crash-test", 1);
        setenv("MOTCUA_DEMO", "0", 1);
        setenv("MOTCUA_LOG",
               getenv("MOTCUA_TEST_SERVER_LOG") ? getenv("MOTCUA_TEST_SERVER_LOG") : "warn", 1);
        const char *bin = getenv("MOTCUA_BIN");
        execl(bin, bin, "serve", "--listen", "127.0.0.1:0", "--port-file", portfile, "--db",
              x->f->url, (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 1500 && access(portfile, R_OK) != 0; i++)
        sleep_ms(20);
    assert_int_equal(access(portfile, R_OK), 0);
    return pid;
}

/* 1 when the peer's log has an applied entry for key. */
static int peer_applied(struct ctx *x, const char *key)
{
    json_t *l = peer_log(&x->peer);
    size_t i;
    json_t *entry;
    int found = 0;
    json_array_foreach(l, i, entry) if (json_is_true(json_object_get(entry, "applied")) &&
                                        strcmp(json_string_value(json_object_get(entry, "key")),
                                               key) == 0) found = 1;
    json_decref(l);
    return found;
}

static void test_crash_mid_delivery(void **state)
{
    struct ctx *x = *state;
    if (!getenv("MOTCUA_BIN"))
        skip();
    const char *work = test_tmpdir("motcua-crash");
    char key[16], object[32], keys[64][16];
    for (int i = 0; i < 24; i++) {
        snprintf(keys[i], sizeof keys[i], "c%02d", i);
        snprintf(object, sizeof object, "dossier:%d", 200 + i % 4);
        enqueue(x, object, keys[i]);
    }
    /* The peer applies c13, then hangs before answering; the server is killed meanwhile. */
    snprintf(key, sizeof key, "c13");
    peer_mode(&x->peer, "hang:c13:60");
    pid_t pid = serve_start(x, work);
    for (int i = 0; i < 1500 && !peer_applied(x, key); i++)
        sleep_ms(20);
    assert_true(peer_applied(x, key));
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    int64_t acked_before = count_state(x, "acked");
    assert_true(acked_before < 24);

    peer_mode(&x->peer, "ok");
    pid = serve_start(x, work);
    /* Everything is acknowledged within the claim's lease (timeout + 10 s) and a few rounds. */
    for (int i = 0; i < 600 && count_state(x, "acked") < 24; i++) {
        sleep_ms(100);
    }
    if (count_state(x, "acked") < 24) {
        struct err e = {0};
        struct db_conn *c = db_acquire(x->f->db, &e);
        struct db_rows *r = NULL;
        db_query(c,
                 "SELECT id, idem_key, state, attempts, next_attempt_at, last_error FROM "
                 "exchange_out WHERE state <> 'acked'",
                 DB_NOARGS, &r, &e);
        for (int k = 0; r && k < db_rows_count(r); k++)
            fprintf(stderr, "# not acknowledged: %s %s attempts=%s next=%s (now %lld) %s\n",
                    db_rows_text(r, k, 1), db_rows_text(r, k, 2), db_rows_text(r, k, 3),
                    db_rows_text(r, k, 4), (long long)time(NULL), db_rows_text(r, k, 5));
        db_rows_free(r);
        db_release(c);
    }
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    assert_int_equal(count_state(x, "acked"), 24);

    /* The receiver applied each message once, in order per object, and was given c13 again
     * with the same key (a duplicate it dropped). */
    json_t *l = peer_log(&x->peer);
    size_t i;
    json_t *entry;
    int applied[24] = {0}, c13 = 0;
    json_array_foreach(l, i, entry)
    {
        int k = atoi(json_string_value(json_object_get(entry, "key")) + 1);
        if (json_is_true(json_object_get(entry, "applied")))
            applied[k]++;
        if (k == 13)
            c13++;
    }
    json_decref(l);
    for (int k = 0; k < 24; k++)
        assert_int_equal(applied[k], 1);
    assert_true(c13 >= 2);
    for (int o = 0; o < 4; o++) {
        char want[128] = "", got[128];
        for (int k = o; k < 24; k += 4) {
            size_t n = strlen(want);
            snprintf(want + n, sizeof want - n, "%s%s", n ? "," : "", keys[k]);
        }
        snprintf(object, sizeof object, "dossier:%d", 200 + o);
        applied_keys(x, object, got, sizeof got);
        assert_string_equal(got, want);
    }
}

/* ---- the operator's view over HTTP ---------------------------------------------------- */

struct http_answer {
    long status;
    char body[65536];
};

/* One request to the server under test, with a bearer token when given. */
static void call(int port, const char *method, const char *path, const char *type, const char *body,
                 const char *bearer, const char *extra, struct http_answer *out)
{
    struct arena *a = arena_new();
    struct svc_http_request rq = {
        .method = method,
        .url = arena_printf(a, "http://127.0.0.1:%d%s", port, path),
        .content_type = type,
        .body = body,
        .headers = {bearer ? arena_printf(a, "Authorization: Bearer %s", bearer) : extra,
                    bearer ? extra : NULL}};
    struct svc_http_response rs;
    struct err e = {0};
    assert_int_equal(svc_http_send(a, &rq, &rs, &e), 0);
    out->status = rs.status;
    snprintf(out->body, sizeof out->body, "%s", rs.body);
    arena_free(a);
}

static int server_port(const char *work)
{
    char path[700];
    int port = 0;
    snprintf(path, sizeof path, "%s/port", work);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    assert_int_equal(fscanf(f, "%d", &port), 1);
    fclose(f);
    return port;
}

/* The partner's numbers on /metrics and the admin page; resend and skip from the page take
 * the confirmation step and are audited; a push through the API is applied once. */
static void test_operator_page_over_http(void **state)
{
    struct ctx *x = *state;
    if (!getenv("MOTCUA_BIN"))
        skip();
    int64_t p1 = enqueue(x, "dossier:11", "p1");
    enqueue(x, "dossier:11", "p2");
    int64_t q1 = enqueue(x, "dossier:12", "q1");
    peer_mode(&x->peer, "422");
    assert_int_equal(run(x, T0).failed, 2);
    peer_stop(&x->peer); /* the served partner stays down: nothing moves while we look */
    const char *work = test_tmpdir("motcua-page");
    pid_t pid = serve_start(x, work);
    int port = server_port(work);
    struct http_answer ans;

    call(port, "GET", "/metrics", NULL, NULL, NULL, NULL, &ans);
    assert_int_equal(ans.status, 200);
    assert_non_null(strstr(ans.body, "motcua_exchange_queued{partner=\"hook\"} 3"));
    assert_non_null(strstr(ans.body, "motcua_exchange_failed{partner=\"hook\"} 2"));
    assert_non_null(strstr(ans.body, "motcua_exchange_lag_seconds{partner=\"hook\"}"));

    call(port, "POST", "/api/v1/auth/login", "application/json",
         "{\"username\":\"admin\",\"password\":\"quantri@2026\"}", NULL, NULL, &ans);
    assert_int_equal(ans.status, 200);
    json_t *login = json_loads(ans.body, 0, NULL);
    char token[256];
    snprintf(token, sizeof token, "%s", json_string_value(json_object_get(login, "token")));
    json_decref(login);

    call(port, "GET", "/desk/lien-thong", NULL, NULL, token, NULL, &ans);
    assert_int_equal(ans.status, 200);
    assert_non_null(strstr(ans.body, "/desk/lien-thong/hook"));
    call(port, "GET", "/desk/lien-thong/hook", NULL, NULL, token, NULL, &ans);
    assert_int_equal(ans.status, 200);
    assert_non_null(strstr(ans.body, "trường X bị từ chối"));
    assert_non_null(strstr(ans.body, "Bị từ chối"));

    char path[128];
    snprintf(path, sizeof path, "/desk/lien-thong/tin/%lld/bo-qua", (long long)p1);
    call(port, "POST", path, "application/x-www-form-urlencoded", "x=1", token, NULL, &ans);
    assert_int_equal(ans.status, 200); /* the confirmation step: nothing done yet */
    assert_non_null(strstr(ans.body, "Điều gì sẽ xảy ra"));
    assert_int_equal(count_state(x, "skipped"), 0);
    call(port, "POST", path, "application/x-www-form-urlencoded", "confirm=1&reason=", token, NULL,
         &ans);
    assert_int_equal(ans.status, 422);
    assert_int_equal(count_state(x, "skipped"), 0);
    call(port, "POST", path, "application/x-www-form-urlencoded",
         "confirm=1&reason=C%E1%BB%95ng+%C4%91%C3%A3+c%C3%B3", token, NULL, &ans);
    assert_int_equal(ans.status, 303);
    assert_int_equal(count_state(x, "skipped"), 1);
    assert_int_equal(audits(x, "exchange.skip"), 1);

    snprintf(path, sizeof path, "/desk/lien-thong/tin/%lld/gui-lai", (long long)q1);
    call(port, "POST", path, "application/x-www-form-urlencoded", "x=1", token, NULL, &ans);
    assert_int_equal(ans.status, 200);
    assert_int_equal(count_state(x, "failed"), 1);
    call(port, "POST", path, "application/x-www-form-urlencoded", "confirm=1", token, NULL, &ans);
    assert_int_equal(ans.status, 303);
    assert_int_equal(count_state(x, "failed"), 0);
    assert_int_equal(audits(x, "exchange.resend"), 1);

    /* A partner's push: its secret, a key; the second time a duplicate. */
    const char *push = "{\"kind\":\"ping\"}";
    call(port, "POST", "/api/v1/exchange/hook/messages", "application/json", push, "sai",
         "Idempotency-Key: h-1", &ans);
    assert_int_equal(ans.status, 401);
    call(port, "POST", "/api/v1/exchange/hook/messages", "application/json", push, "tok-in",
         "Idempotency-Key: h-1", &ans);
    assert_int_equal(ans.status, 200);
    assert_non_null(strstr(ans.body, "\"applied\""));
    call(port, "POST", "/api/v1/exchange/hook/messages", "application/json", push, "tok-in",
         "Idempotency-Key: h-1", &ans);
    assert_int_equal(ans.status, 200);
    assert_non_null(strstr(ans.body, "\"duplicate\""));
    assert_int_equal(audits(x, "exchange.receive"), 1);

    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
}

#define EXCHANGE_TESTS(setup)                                                                      \
    cmocka_unit_test_setup_teardown(test_order_per_object, setup, teardown),                       \
        cmocka_unit_test_setup_teardown(test_backoff, setup, teardown),                            \
        cmocka_unit_test_setup_teardown(test_partner_down_then_caught_up, setup, teardown),        \
        cmocka_unit_test_setup_teardown(test_refused_then_resend_and_skip, setup, teardown),       \
        cmocka_unit_test_setup_teardown(test_inbound_applied_once, setup, teardown),               \
        cmocka_unit_test_setup_teardown(test_enqueue_in_the_callers_transaction, setup, teardown), \
        cmocka_unit_test_setup_teardown(test_crash_mid_delivery, setup, teardown),                 \
        cmocka_unit_test_setup_teardown(test_operator_page_over_http, setup, teardown),            \
        cmocka_unit_test_setup_teardown(test_queued_message_wakes_the_runner, setup, teardown)

int main(void)
{
    const struct CMUnitTest common[] = {cmocka_unit_test(test_config_from_environment)};
    int failed = cmocka_run_group_tests_name("exchange", common, NULL, NULL);
    if (demo_pg_url(pg_base, sizeof pg_base)) {
        const struct CMUnitTest pg[] = {EXCHANGE_TESTS(setup_pg)};
        return failed + cmocka_run_group_tests_name("exchange.pg", pg, NULL, NULL);
    }
    const struct CMUnitTest sqlite[] = {EXCHANGE_TESTS(setup_sqlite)};
    return failed + cmocka_run_group_tests_name("exchange.sqlite", sqlite, NULL, NULL);
}
