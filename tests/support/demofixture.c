/* demofixture.c — see demofixture.h. The demo data is loaded through the same service calls
 * `motcua init --demo` uses, with a cheap password hash so that a fresh database per test
 * stays fast. */
#include "demofixture.h"

#include "tdbfixture.h"

#include "embed.h"
#include "log.h"
#include "svc_demo.h"
#include "svc_dossier.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct embed_file motcua_data[];

int demo_pg_url(char *out, size_t size)
{
    const char *url = test_env("MOTCUA_TEST_PG_URL", NULL);
    if (url) {
        snprintf(out, size, "%s", url);
        return 1;
    }
    const char *path = test_env("MOTCUA_TEST_PG_URL_FILE", NULL);
    FILE *f = path ? fopen(path, "r") : NULL;
    if (!f)
        return 0;
    int ok = fgets(out, (int)size, f) != NULL;
    fclose(f);
    out[strcspn(out, "\r\n")] = '\0';
    return ok && out[0];
}

static int load_demo(struct svc *s, struct err *e)
{
    static const char *const names[] = {"org/giong-rieng-2020.json", "org/demo-extra.json"};
    const char *texts[2];
    size_t lens[2];
    for (int i = 0; i < 2; i++) {
        const struct embed_file *f = embed_find(motcua_data, names[i]);
        if (!f)
            return err_set(e, E_NOTFOUND, NULL, "%s is not embedded", names[i]);
        texts[i] = (const char *)f->data;
        lens[i] = f->len;
    }
    const struct embed_file *cat = embed_find(motcua_data, "procedures/demo-catalogue.json");
    int rc = svc_demo_load(s, texts, lens, 2, e);
    if (!rc && !cat)
        rc = err_set(e, E_NOTFOUND, NULL, "the demo catalogue is not embedded");
    if (!rc)
        rc = svc_demo_load_procedures(s, (const char *)cat->data, cat->len, e);
    return rc;
}

int demo_fixture_open(struct demo_fixture *f, const char *pg_base, const char *pg_name)
{
    memset(f, 0, sizeof *f);
    log_set_level(LOG_WARN); /* one "applied migration" line per test says nothing */
    if (pg_base) {
        if (tdb_create_pg_database(pg_base, pg_name, f->url, sizeof f->url) != 0)
            return -1;
    } else {
        snprintf(f->dir, sizeof f->dir, "%s", test_tmpdir("motcua-demo"));
        snprintf(f->url, sizeof f->url, "%s/t.db", f->dir);
    }
    struct svc_config cfg = {.db_url = f->url, .pool_size = 4, .pwhash_ops = 1, .pwhash_mem = 8192};
    struct err e = {0};
    if (svc_open(&cfg, &f->svc, &e) != 0 || load_demo(f->svc, &e) != 0 ||
        db_open(f->url, 2, &f->db, &e) != 0) {
        fprintf(stderr, "demo fixture: %s (%s)\n", e.msg, e.field);
        demo_fixture_close(f);
        return -1;
    }
    return 0;
}

void demo_fixture_close(struct demo_fixture *f)
{
    if (f->db)
        db_close(f->db);
    svc_close(f->svc);
    if (f->dir[0]) {
        char cmd[700];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", f->dir);
    }
    memset(f, 0, sizeof *f);
}

int demo_fixture_setup(void **state, const char *pg_base, const char *pg_name)
{
    struct demo_fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    *state = f;
    return demo_fixture_open(f, pg_base, pg_name);
}

int demo_fixture_teardown(void **state)
{
    if (*state)
        demo_fixture_close(*state);
    free(*state);
    *state = NULL;
    return 0;
}

const char *demo_receive(struct svc *s, struct arena *ar, const char *procedure,
                         const char *unit_key)
{
    static const int received[] = {1, 1, 1, 1, 1, 1, 1, 1};
    struct svc_reception r = {
        .procedure_code = procedure,
        .unit_key = unit_key,
        .channel = "counter",
        .return_method = "counter",
        .applicant = {.kind = "person", .name = "Nguyễn Văn Thử", .id_number = "079203001234"},
        .sets = 1,
        .received = received,
        .nreceived = 8,
        .outcome = "accept",
    };
    const char *code = NULL;
    struct err e = {0};
    if (svc_dossier_receive(s, &svc_system, &r, ar, &code, &e) < 0) {
        fprintf(stderr, "reception failed: %s (%s)\n", e.msg, e.field);
        return NULL;
    }
    return code;
}

int64_t demo_query_int(struct demo_fixture *f, const char *sql, const struct db_param *p, int n)
{
    struct err e = {0};
    struct db_conn *c = db_acquire(f->db, &e);
    int64_t v = 0;
    int rc = c ? db_query_int(c, sql, p, n, &v, &e) : -1;
    if (c)
        db_release(c);
    if (rc) {
        fprintf(stderr, "query failed: %s: %s\n", sql, e.msg);
        abort();
    }
    return v;
}
