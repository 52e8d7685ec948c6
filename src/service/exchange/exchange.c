/* exchange.c — the exchange layer's configuration and its outbox (docs/exchange.md). Partners
 * are configuration, never rows: MOTCUA_PARTNERS names them and MOTCUA_PARTNER_<NAME>_* gives
 * each its adapter, address, credentials and schedule, so a database dump never carries a
 * partner's password. The configured partners live in the service (a svc_cache slot, freed by
 * svc_close). exchange_enqueue is what a service module calls inside the transaction of a
 * change: the message exists exactly when the change does, and a partner that is not
 * configured gets nothing queued, so a deployment without it does not fill a queue no one
 * empties. */
#include "exchange_internal.h"

#include "exchange_store.h"

#include <ctype.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_LEN 32

struct exchange_registry {
    struct svc_exchange_config cfg;
    struct exchange_partner partners[SVC_EXCHANGE_PARTNERS_MAX];
    int n;
    pthread_mutex_t kick_lock; /* guards kick and kick_arg */
    void (*kick)(void *arg);
    void *kick_arg;
};

static const char *env_of(const char *(*get)(const char *), const char *name, const char *what,
                          char *buf, size_t size)
{
    char upper[NAME_MAX_LEN + 1];
    size_t i = 0;
    for (; name[i] && i < NAME_MAX_LEN; i++)
        upper[i] = (char)toupper((unsigned char)name[i]);
    upper[i] = '\0';
    snprintf(buf, size, "MOTCUA_PARTNER_%s_%s", upper, what);
    const char *v = get(buf);
    return v && *v ? v : NULL;
}

static int env_number(const char *v, const char *var, int *out, struct err *e)
{
    if (!v)
        return 0;
    char *end = NULL;
    long n = strtol(v, &end, 10);
    if (!*v || *end || n < 0 || n > 86400 * 7)
        return err_set(e, E_INVALID, var, "%s phải là một số giây (0 đến 604800)", var);
    *out = (int)n;
    return 0;
}

static int name_ok(const char *s, size_t len)
{
    if (len == 0 || len > NAME_MAX_LEN)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '_'))
            return 0;
    return 1;
}

/* One partner's variables. The name is copied into the partner's own storage (names). */
static int read_partner(const char *(*get)(const char *), const char *name,
                        struct svc_partner_config *p, struct err *e)
{
    char var[96];
    *p = (struct svc_partner_config){.name = name};
    p->adapter = env_of(get, name, "ADAPTER", var, sizeof var);
    if (!p->adapter)
        p->adapter = name;
    if (!exchange_adapter_named(p->adapter))
        return err_set(e, E_INVALID, var, "%s: không có bộ chuyển đổi liên thông \"%s\"", var,
                       p->adapter);
    p->url = env_of(get, name, "URL", var, sizeof var);
    p->user = env_of(get, name, "USER", var, sizeof var);
    p->password = env_of(get, name, "PASSWORD", var, sizeof var);
    p->secret = env_of(get, name, "SECRET", var, sizeof var);
    int rc =
        env_number(env_of(get, name, "SCHEDULE", var, sizeof var), var, &p->schedule_seconds, e);
    if (!rc)
        rc = env_number(env_of(get, name, "TIMEOUT", var, sizeof var), var, &p->timeout_seconds, e);
    return rc;
}

int svc_exchange_config_read(struct svc_exchange_config *out, const char *(*get)(const char *),
                             struct err *e)
{
    static char names[SVC_EXCHANGE_PARTNERS_MAX][NAME_MAX_LEN + 1];
    *out = (struct svc_exchange_config){0};
    int rc = env_number(get("MOTCUA_EXCHANGE_BACKOFF"), "MOTCUA_EXCHANGE_BACKOFF",
                        &out->backoff_seconds, e);
    if (!rc)
        rc = env_number(get("MOTCUA_EXCHANGE_BACKOFF_MAX"), "MOTCUA_EXCHANGE_BACKOFF_MAX",
                        &out->backoff_max_seconds, e);
    if (!rc)
        rc = env_number(get("MOTCUA_EXCHANGE_BATCH"), "MOTCUA_EXCHANGE_BATCH", &out->batch, e);
    const char *list = get("MOTCUA_PARTNERS");
    for (const char *p = list ? list : ""; !rc && *p;) {
        size_t len = strcspn(p, ", ");
        if (len && !name_ok(p, len))
            return err_set(e, E_INVALID, "MOTCUA_PARTNERS",
                           "MOTCUA_PARTNERS: tên đối tác \"%.*s\" chỉ được gồm chữ thường không "
                           "dấu, chữ số và dấu gạch dưới (tối đa 32 ký tự)",
                           (int)len, p);
        if (len && out->npartners == SVC_EXCHANGE_PARTNERS_MAX)
            return err_set(e, E_INVALID, "MOTCUA_PARTNERS",
                           "MOTCUA_PARTNERS: nhiều nhất %d đối tác", SVC_EXCHANGE_PARTNERS_MAX);
        if (len) {
            char *name = names[out->npartners];
            memcpy(name, p, len);
            name[len] = '\0';
            rc = read_partner(get, name, &out->partners[out->npartners++], e);
        }
        p += len;
        p += strspn(p, ", ");
    }
    return rc;
}

static char *copy(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void registry_free(void *snap)
{
    struct exchange_registry *r = snap;
    for (int i = 0; i < r->n; i++) {
        struct exchange_partner *p = &r->partners[i];
        if (p->state && p->adapter->dispose)
            p->adapter->dispose(p->state);
        pthread_mutex_destroy(&p->lock);
        free((char *)p->cfg.name);
        free((char *)p->cfg.adapter);
        free((char *)p->cfg.url);
        free((char *)p->cfg.user);
        free((char *)p->cfg.password);
        free((char *)p->cfg.secret);
    }
    pthread_mutex_destroy(&r->kick_lock);
    free(r);
}

int svc_exchange_configure(struct svc *s, const struct svc_exchange_config *cfg, struct err *e)
{
    struct exchange_registry *r = calloc(1, sizeof *r);
    if (!r)
        return err_set(e, E_NOMEM, NULL, "out of memory");
    r->cfg = *cfg;
    pthread_mutex_init(&r->kick_lock, NULL);
    for (int i = 0; i < cfg->npartners && i < SVC_EXCHANGE_PARTNERS_MAX; i++) {
        const struct svc_partner_config *c = &cfg->partners[i];
        const struct exchange_adapter *ad =
            exchange_adapter_named(c->adapter ? c->adapter : c->name);
        if (!ad) {
            registry_free(r);
            return err_set(e, E_INVALID, "adapter", "Không có bộ chuyển đổi liên thông \"%s\"",
                           c->adapter ? c->adapter : c->name);
        }
        struct exchange_partner *p = &r->partners[r->n++];
        p->cfg = (struct svc_partner_config){
            .name = copy(c->name),
            .adapter = copy(ad->name),
            .url = copy(c->url),
            .user = copy(c->user),
            .password = copy(c->password),
            .secret = copy(c->secret),
            .schedule_seconds = c->schedule_seconds,
            .timeout_seconds = c->timeout_seconds,
        };
        p->adapter = ad;
        pthread_mutex_init(&p->lock, NULL);
        r->cfg.partners[i] = p->cfg;
    }
    svc_cache_clear(&s->exchange);
    s->exchange = (struct svc_cache){r, registry_free};
    return 0;
}

void svc_exchange_on_queue(struct svc *s, void (*fn)(void *arg), void *arg)
{
    struct exchange_registry *r = s->exchange.snap;
    if (!r)
        return;
    pthread_mutex_lock(&r->kick_lock);
    r->kick = fn;
    r->kick_arg = arg;
    pthread_mutex_unlock(&r->kick_lock);
}

/* Tells whoever delivers that a message is waiting. */
static void kick(struct svc *s)
{
    struct exchange_registry *r = s->exchange.snap;
    pthread_mutex_lock(&r->kick_lock);
    if (r->kick)
        r->kick(r->kick_arg);
    pthread_mutex_unlock(&r->kick_lock);
}

/* Every partner named in the configuration, configured (URL set) or not. */
int exchange_all_partners(struct svc *s, struct exchange_partner **out)
{
    struct exchange_registry *r = s->exchange.snap;
    *out = r ? r->partners : NULL;
    return r ? r->n : 0;
}

const struct svc_exchange_config *exchange_config(struct svc *s)
{
    static const struct svc_exchange_config none;
    struct exchange_registry *r = s->exchange.snap;
    return r ? &r->cfg : &none;
}

struct exchange_partner *exchange_partner_find(struct svc *s, const char *name)
{
    struct exchange_partner *all = NULL;
    int n = exchange_all_partners(s, &all);
    for (int i = 0; name && i < n; i++)
        if (strcmp(all[i].cfg.name, name) == 0)
            return all[i].cfg.url ? &all[i] : NULL;
    return NULL;
}

int exchange_partners_of(struct svc *s, const char *adapter, struct exchange_partner **out, int max)
{
    struct exchange_partner *all = NULL;
    int n = exchange_all_partners(s, &all), k = 0;
    for (int i = 0; i < n && k < max; i++)
        if (all[i].cfg.url && strcmp(all[i].adapter->name, adapter) == 0)
            out[k++] = &all[i];
    return k;
}

/* A fresh key: the partner's name and 128 random bits. */
static const char *random_key(struct arena *a, const char *partner)
{
    unsigned char raw[16];
    char hex[sizeof raw * 2 + 1];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
    return arena_printf(a, "%s-%s", partner, hex);
}

int exchange_enqueue(struct svc *s, struct db_conn *c, const struct exchange_new *m,
                     json_t *payload, int64_t *id, struct err *e)
{
    int64_t ignored = 0;
    if (!id)
        id = &ignored;
    *id = 0;
    if (!m->object_key || !*m->object_key || !m->kind || !*m->kind) {
        json_decref(payload);
        return err_set(e, E_INVALID, "object_key", "A message needs an object key and a kind");
    }
    if (!exchange_partner_find(s, m->partner)) {
        json_decref(payload);
        return 0;
    }
    char *text = payload ? json_dumps(payload, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(payload);
    struct arena *a = arena_new();
    if (!text || !a) {
        free(text);
        arena_free(a);
        return err_set(e, E_NOMEM, NULL, "out of memory");
    }
    struct exchange_row row = {
        .partner = m->partner,
        .object_key = m->object_key,
        .kind = m->kind,
        .idem_key = m->idem_key && *m->idem_key ? m->idem_key : random_key(a, m->partner),
        .payload = text,
        .created_at = m->now,
        .dossier_id = m->dossier_id,
    };
    int rc = exchange_out_insert(c, &row, id, e);
    free(text);
    arena_free(a);
    if (!rc)
        kick(s);
    return rc;
}
