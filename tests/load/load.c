/* load.c — the load generator behind `make soak` (scripts/soak.sh): N workers, each one
 * desk clerk and one specialist of the demo commune, send a realistic mix for a set time —
 * public lookups by code 40 %, catalogue searches 30 %, receptions 15 %, transitions of the
 * worker's own dossiers 10 %, inbox views 5 % — and the run prints one line: requests,
 * requests per second, p50/p99 latency, server errors (5xx or no answer), and the number of
 * acknowledged receptions, which the script compares with the database afterwards.
 *   load BASE_URL WORKERS SECONDS */
#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_SAMPLES (1 << 20)
#define MAX_OWN     4096

static const char *base;
static double deadline;
static double samples[MAX_SAMPLES];
static long nsamples, errors, acked;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
/* Everyone logs in first (argon2id is slow on purpose); the clock starts after. */
static pthread_barrier_t ready, go;

struct body {
    char *p;
    size_t n;
};

struct worker {
    CURL *curl;
    struct curl_slist *desk, *spec;
    char own[64][64];
    int nown;
    unsigned rand_state;
};

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static size_t collect(char *p, size_t size, size_t n, void *ud)
{
    struct body *b = ud;
    char *grown = realloc(b->p, b->n + size * n + 1);
    if (!grown)
        return 0;
    b->p = grown;
    memcpy(b->p + b->n, p, size * n);
    b->n += size * n;
    b->p[b->n] = '\0';
    return size * n;
}

/* One request; the status (-1 when there was no answer), the body in *out when wanted. */
static long request(struct worker *w, const char *path, struct curl_slist *auth, const char *json,
                    json_t **out)
{
    char url[512];
    struct body b = {0};
    snprintf(url, sizeof url, "%s%s", base, path);
    curl_easy_reset(w->curl);
    curl_easy_setopt(w->curl, CURLOPT_URL, url);
    curl_easy_setopt(w->curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(w->curl, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(w->curl, CURLOPT_TIMEOUT, 30L);
    struct curl_slist *h = NULL;
    if (json) {
        curl_easy_setopt(w->curl, CURLOPT_POSTFIELDS, json);
        h = curl_slist_append(h, "Content-Type: application/json");
    }
    for (struct curl_slist *a = auth; a; a = a->next)
        h = curl_slist_append(h, a->data);
    curl_easy_setopt(w->curl, CURLOPT_HTTPHEADER, h);
    double t0 = now();
    long status = -1;
    if (curl_easy_perform(w->curl) == CURLE_OK)
        curl_easy_getinfo(w->curl, CURLINFO_RESPONSE_CODE, &status);
    double ms = (now() - t0) * 1000.0;
    curl_slist_free_all(h);
    pthread_mutex_lock(&lock);
    if (nsamples < MAX_SAMPLES)
        samples[nsamples++] = ms;
    if (status < 0 || status >= 500)
        errors++;
    pthread_mutex_unlock(&lock);
    if (out)
        *out = b.p ? json_loads(b.p, 0, NULL) : NULL;
    free(b.p);
    return status;
}

static struct curl_slist *login(struct worker *w, const char *user, const char *password)
{
    char body[256], header[256];
    json_t *j = NULL;
    snprintf(body, sizeof body, "{\"username\":\"%s\",\"password\":\"%s\"}", user, password);
    /* A crowd logging in at once may be told to come back (503 while SQLite's one writer is
     * busy hashing passwords); a person would try again, and so does a worker. */
    long status = 0;
    for (int attempt = 0; attempt < 50 && status != 200; attempt++) {
        json_decref(j);
        j = NULL;
        if ((status = request(w, "/api/v1/auth/login", NULL, body, &j)) != 200)
            usleep(200000);
    }
    if (status != 200) {
        fprintf(stderr, "load: login %s failed (%ld)\n", user, status);
        exit(2);
    }
    snprintf(header, sizeof header, "Authorization: Bearer %s",
             json_string_value(json_object_get(j, "token")));
    json_decref(j);
    return curl_slist_append(NULL, header);
}

static void receive(struct worker *w)
{
    static const char body[] =
        "{\"procedure_code\":\"1.001193\",\"outcome\":\"accept\",\"received\":[1,1,1,1,1,1,1,"
        "1],\"applicant\":{\"kind\":\"person\",\"name\":\"Tải Văn Thử\",\"id_number\":"
        "\"079203001234\",\"phone\":\"0912 345 678\"}}";
    json_t *j = NULL;
    if (request(w, "/api/v1/dossiers", w->desk, body, &j) == 201) {
        pthread_mutex_lock(&lock);
        acked++;
        pthread_mutex_unlock(&lock);
        if (w->nown < 64)
            snprintf(w->own[w->nown++], sizeof w->own[0], "%s",
                     json_string_value(json_object_get(j, "code")));
    }
    json_decref(j);
}

static void advance(struct worker *w)
{
    if (!w->nown) {
        receive(w);
        return;
    }
    char path[256], body[128];
    json_t *j = NULL;
    const char *code = w->own[--w->nown];
    snprintf(path, sizeof path, "/api/v1/dossiers/%s", code);
    if (request(w, path, w->spec, NULL, &j) == 200) {
        snprintf(path, sizeof path, "/api/v1/dossiers/%s/actions", code);
        snprintf(body, sizeof body, "{\"action\":\"advance\",\"expected_version\":%lld}",
                 (long long)json_integer_value(json_object_get(j, "version")));
        request(w, path, w->spec, body, NULL);
    }
    json_decref(j);
}

static void lookup(struct worker *w)
{
    char path[256];
    snprintf(path, sizeof path, "/api/v1/lookup/%s",
             w->nown ? w->own[rand_r(&w->rand_state) % (unsigned)w->nown]
                     : "000.00.15.H33-270101-0001");
    request(w, path, NULL, NULL, NULL);
}

static void *work(void *arg)
{
    struct worker *w = arg;
    static const char *const searches[] = {"dang ky", "khai sinh", "ho kinh doanh", "chung thuc",
                                           "xay dung"};
    char path[128];
    w->curl = curl_easy_init();
    w->desk = login(w, "tiepnhan.xa", "tiepnhan@2026");
    w->spec = login(w, "chuyenvien.xa", "chuyenvien@2026");
    pthread_barrier_wait(&ready);
    pthread_barrier_wait(&go);
    while (now() < deadline) {
        unsigned r = rand_r(&w->rand_state) % 100;
        if (r < 40) {
            lookup(w);
        } else if (r < 70) {
            snprintf(path, sizeof path, "/api/v1/procedures?q=%s", searches[r % 5]);
            for (char *p = path; *p; p++)
                *p = *p == ' ' ? '+' : *p;
            request(w, path, NULL, NULL, NULL);
        } else if (r < 85) {
            receive(w);
        } else if (r < 95) {
            advance(w);
        } else {
            request(w, "/api/v1/dossiers/inbox", w->spec, NULL, NULL);
        }
    }
    curl_slist_free_all(w->desk);
    curl_slist_free_all(w->spec);
    curl_easy_cleanup(w->curl);
    return NULL;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: load BASE_URL WORKERS SECONDS\n");
        return 2;
    }
    base = argv[1];
    int n = atoi(argv[2]), seconds = atoi(argv[3]);
    if (n < 1 || n > 1024 || seconds < 1) {
        fprintf(stderr, "load: WORKERS must be 1..1024 and SECONDS at least 1\n");
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    struct worker *w = calloc((size_t)n, sizeof *w);
    pthread_t *th = calloc((size_t)n, sizeof *th);
    pthread_barrier_init(&ready, NULL, (unsigned)n + 1);
    pthread_barrier_init(&go, NULL, (unsigned)n + 1);
    for (int i = 0; i < n; i++) {
        w[i].rand_state = (unsigned)i * 2654435761u + 1;
        pthread_create(&th[i], NULL, work, &w[i]);
    }
    pthread_barrier_wait(&ready);
    nsamples = errors = 0; /* the logins are not part of the mix */
    double t0 = now();
    deadline = t0 + seconds;
    pthread_barrier_wait(&go);
    for (int i = 0; i < n; i++)
        pthread_join(th[i], NULL);
    double elapsed = now() - t0;
    qsort(samples, (size_t)nsamples, sizeof samples[0], by_value);
    double p50 = nsamples ? samples[nsamples / 2] : 0,
           p99 = nsamples ? samples[nsamples * 99 / 100] : 0;
    printf("workers=%d requests=%ld rps=%.0f p50_ms=%.1f p99_ms=%.1f errors=%ld acked=%ld\n", n,
           nsamples, (double)nsamples / elapsed, p50, p99, errors, acked);
    free(w);
    free(th);
    curl_global_cleanup();
    return 0;
}
