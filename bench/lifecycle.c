/* lifecycle.c — the write load of `make bench`: N clients, each taking dossiers from reception
 * to return over the HTTP API the way the commune's desk does it — the receptionist accepts a
 * dossier of procedure 1.001193 at GR-X01-MC, the specialist opens it and advances it, the
 * leader approves it, the receptionist returns the result — one dossier after another for S
 * seconds. Each of the four writes is one service transaction (with its audit entry), so the
 * transactions per second can be set against the database's own durable commit floor
 * (commit_floor.c) measured with the same number of clients.
 *
 * The three demo accounts log in once (logins are rate limited per address and cost an
 * argon2id hash each); every client sends their Bearer tokens on its own keep-alive
 * connections.
 *
 *   bench_lifecycle --url http://127.0.0.1:PORT [--seconds S] [--clients N]
 * prints: dossiers=D writes=W errors=E seconds=S dossiers_per_second=… writes_per_second=… */
#include "tclient.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PROCEDURE "1.001193"

enum who { DESK, SPECIALIST, LEADER, NROLES };

static const char *const logins[NROLES][2] = {{"tiepnhan.xa", "tiepnhan@2026"},
                                              {"chuyenvien.xa", "chuyenvien@2026"},
                                              {"lanhdao.xa", "lanhdao@2026"}};

struct shared {
    const char *url;
    char auth[NROLES][600];
    double deadline;
    atomic_long dossiers, writes, errors;
};

struct client {
    struct shared *sh;
    struct tclient *as[NROLES];
};

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int login(struct shared *sh, enum who w)
{
    struct tclient *c = tc_new(sh->url);
    json_t *req = json_pack("{s:s, s:s}", "username", logins[w][0], "password", logins[w][1]);
    char *text = json_dumps(req, 0);
    struct tresp r = tc_post_json(c, "/api/v1/auth/login", text);
    const char *token = json_string_value(json_object_get(r.json, "token"));
    int rc = r.status == 200 && token ? 0 : -1;
    if (rc)
        fprintf(stderr, "bench_lifecycle: login %s: %ld %s\n", logins[w][0], r.status,
                r.body ? r.body : "");
    else
        snprintf(sh->auth[w], sizeof sh->auth[w], "Authorization: Bearer %s", token);
    tc_resp_free(&r);
    free(text);
    json_decref(req);
    tc_free(c);
    return rc;
}

/* A write that must answer `want`; counts it, and returns the response JSON (a new reference)
 * or NULL after counting an error. */
static json_t *write_ok(struct client *c, struct tresp r, long want)
{
    json_t *j = NULL;
    if (r.status == want && r.json) {
        atomic_fetch_add(&c->sh->writes, 1);
        j = json_incref(r.json);
    } else {
        if (atomic_fetch_add(&c->sh->errors, 1) < 5)
            fprintf(stderr, "bench_lifecycle: %ld %s\n", r.status, r.body ? r.body : "");
    }
    tc_resp_free(&r);
    return j;
}

static char *receive(struct client *c)
{
    static const char body[] =
        "{\"procedure_code\":\"" PROCEDURE "\",\"outcome\":\"accept\",\"channel\":\"counter\","
        "\"return_method\":\"counter\",\"received\":[1,1,1,1,1,1,1,1],"
        "\"applicant\":{\"kind\":\"person\",\"name\":\"Nguyễn Văn An\","
        "\"id_number\":\"079203001234\",\"phone\":\"0912 345 678\","
        "\"address\":\"Ấp 1, thị trấn Giồng Riềng\"}}";
    json_t *j = write_ok(c, tc_post_json(c->as[DESK], "/api/v1/dossiers", body), 201);
    const char *code = json_string_value(json_object_get(j, "code"));
    char *out = code ? strdup(code) : NULL;
    json_decref(j);
    return out;
}

/* The version the specialist sees on opening the dossier; -1 when it cannot be read. */
static int open_version(struct client *c, const char *code)
{
    char path[256];
    snprintf(path, sizeof path, "/api/v1/dossiers/%s", code);
    struct tresp r = tc_get(c->as[SPECIALIST], path);
    int v = r.status == 200 ? (int)json_integer_value(json_object_get(r.json, "version")) : -1;
    if (v < 0)
        atomic_fetch_add(&c->sh->errors, 1);
    tc_resp_free(&r);
    return v;
}

/* One action; returns the new version, or -1. `state` receives the state it led to. */
static int act(struct client *c, enum who w, const char *code, const char *action, int version,
               char *state, size_t len)
{
    char path[256], body[128];
    snprintf(path, sizeof path, "/api/v1/dossiers/%s/actions", code);
    snprintf(body, sizeof body, "{\"action\":\"%s\",\"expected_version\":%d}", action, version);
    json_t *j = write_ok(c, tc_post_json(c->as[w], path, body), 200);
    int v = j ? (int)json_integer_value(json_object_get(j, "version")) : -1;
    const char *s = json_string_value(json_object_get(j, "state"));
    snprintf(state, len, "%s", s ? s : "");
    json_decref(j);
    return v;
}

static int one_dossier(struct client *c)
{
    char state[32] = "";
    char *code = receive(c);
    int v = code ? open_version(c, code) : -1;
    if (v >= 0)
        v = act(c, SPECIALIST, code, "advance", v, state, sizeof state);
    if (v >= 0)
        v = act(c, LEADER, code, "advance", v, state, sizeof state);
    if (v >= 0)
        v = act(c, DESK, code, "return", v, state, sizeof state);
    free(code);
    if (v < 0 || strcmp(state, "returned") != 0) {
        if (v >= 0)
            atomic_fetch_add(&c->sh->errors, 1);
        return -1;
    }
    atomic_fetch_add(&c->sh->dossiers, 1);
    return 0;
}

static void *client_loop(void *arg)
{
    struct client *c = arg;
    while (now() < c->sh->deadline)
        one_dossier(c);
    return NULL;
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
    struct shared sh = {.url = option(argc, argv, "--url", NULL)};
    double seconds = strtod(option(argc, argv, "--seconds", "5"), NULL);
    int n = atoi(option(argc, argv, "--clients", "8"));
    if (!sh.url || seconds <= 0 || n < 1 || n > 64) {
        fprintf(stderr, "usage: bench_lifecycle --url URL [--seconds S] [--clients N]\n");
        return 2;
    }
    for (int w = 0; w < NROLES; w++)
        if (login(&sh, (enum who)w))
            return 1;
    struct client *cl = calloc((size_t)n, sizeof *cl);
    pthread_t *t = calloc((size_t)n, sizeof *t);
    for (int i = 0; i < n; i++) {
        cl[i].sh = &sh;
        for (int w = 0; w < NROLES; w++) {
            cl[i].as[w] = tc_new(sh.url);
            tc_set_header(cl[i].as[w], sh.auth[w]);
        }
    }
    double start = now();
    sh.deadline = start + seconds;
    for (int i = 0; i < n; i++)
        pthread_create(&t[i], NULL, client_loop, &cl[i]);
    for (int i = 0; i < n; i++)
        pthread_join(t[i], NULL);
    double elapsed = now() - start;
    long d = atomic_load(&sh.dossiers), wr = atomic_load(&sh.writes);
    long errors = atomic_load(&sh.errors);
    printf("dossiers=%ld writes=%ld errors=%ld seconds=%.2f dossiers_per_second=%.1f "
           "writes_per_second=%.1f\n",
           d, wr, errors, elapsed, (double)d / elapsed, (double)wr / elapsed);
    for (int i = 0; i < n; i++)
        for (int w = 0; w < NROLES; w++)
            tc_free(cl[i].as[w]);
    free(cl);
    free(t);
    return d > 0 ? 0 : 1;
}
