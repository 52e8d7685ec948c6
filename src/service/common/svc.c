/* svc.c — opening the service (database + migrations), configuration defaults, the clock,
 * and role names. */
#include "svc_internal.h"

#include "audit_store.h"
#include "user_store.h"

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

const struct actor svc_system = {
    .user_id = 0, .username = "system", .full_name = "Hệ thống", .kind = "system"};

static const struct {
    int role;
    const char *name, *label;
} roles[] = {
    {ROLE_RECEPTIONIST, "receptionist", "Cán bộ một cửa"},
    {ROLE_SPECIALIST, "specialist", "Chuyên viên xử lý"},
    {ROLE_LEADER, "leader", "Lãnh đạo"},
    {ROLE_ADMIN, "admin", "Quản trị hệ thống"},
    {ROLE_AUDITOR, "auditor", "Kiểm tra, giám sát"},
    {ROLE_CITIZEN, "citizen", "Công dân"},
};

int role_from_name(const char *name)
{
    for (size_t i = 0; name && i < sizeof roles / sizeof roles[0]; i++)
        if (strcmp(roles[i].name, name) == 0)
            return roles[i].role;
    return 0;
}

const char *role_name(int role)
{
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (roles[i].role == role)
            return roles[i].name;
    return "";
}

int role_nth(int i)
{
    return i >= 0 && (size_t)i < sizeof roles / sizeof roles[0] ? roles[i].role : 0;
}

const char *role_label(int role)
{
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (roles[i].role == role)
            return roles[i].label;
    return "";
}

int actor_roles(const struct actor *a)
{
    int mask = 0;
    for (int i = 0; i < a->nroles; i++)
        mask |= a->roles[i].role;
    return mask;
}

int actor_roles_unscoped(const struct actor *a)
{
    int mask = 0;
    for (int i = 0; i < a->nroles; i++)
        if (!a->roles[i].unit_id)
            mask |= a->roles[i].role;
    return mask;
}

struct actor_role *svc_roles_from_rows(struct arena *a, const struct role_row *rows, int n)
{
    struct actor_role *ar = arena_alloc(a, sizeof *ar * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++)
        ar[i] = (struct actor_role){role_from_name(rows[i].role), rows[i].unit_id, rows[i].unit_key,
                                    rows[i].unit_name};
    return ar;
}

void svc_config_defaults(struct svc_config *cfg)
{
    if (!cfg->pool_size)
        cfg->pool_size = 8;
    if (!cfg->session_idle_seconds)
        cfg->session_idle_seconds = 30 * 60;
    if (!cfg->session_max_seconds)
        cfg->session_max_seconds = 12 * 3600;
    if (!cfg->login_max_failures)
        cfg->login_max_failures = 5;
    if (!cfg->login_max_per_ip)
        cfg->login_max_per_ip = 30;
    if (!cfg->login_window_seconds)
        cfg->login_window_seconds = 15 * 60;
    if (cfg->lookups_per_minute <= 0)
        cfg->lookups_per_minute = 60;
    if (!cfg->login_slow_after)
        cfg->login_slow_after = 10;
    if (!cfg->login_slow_seconds)
        cfg->login_slow_seconds = 36; /* 100 attempts an hour at most: OWASP ASVS 2.2.1 */
    if (!cfg->pwhash_ops)
        cfg->pwhash_ops = 2;
    if (!cfg->pwhash_mem)
        cfg->pwhash_mem = 19u << 20;
    if (!cfg->files_dir || !*cfg->files_dir)
        cfg->files_dir = "var/files";
    if (!cfg->vnpay_url || !*cfg->vnpay_url)
        cfg->vnpay_url = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html";
}

/* The key that seals one-time codes: configured (every instance must share it, so that any
 * of them can deliver a code another queued), or random for this process alone. */
static int code_key_load(struct svc *s, struct err *e)
{
    const char *hex = s->cfg.code_key;
    size_t n = 0;
    if (!hex || !*hex) {
        randombytes_buf(s->code_key, sizeof s->code_key);
        return 0;
    }
    if (strlen(hex) != 2 * sizeof s->code_key ||
        sodium_hex2bin(s->code_key, sizeof s->code_key, hex, strlen(hex), NULL, &n, NULL) != 0 ||
        n != sizeof s->code_key)
        return err_set(e, E_INVALID, NULL, "MOTCUA_CODE_KEY phải gồm 64 chữ số thập lục phân");
    return 0;
}

int svc_open(const struct svc_config *cfg, struct svc **out, struct err *e)
{
    if (sodium_init() < 0)
        return err_set(e, E_INTERNAL, NULL, "libsodium could not start");
    struct svc *s = calloc(1, sizeof *s);
    if (!s)
        return err_set(e, E_NOMEM, NULL, "out of memory");
    s->cfg = *cfg;
    svc_config_defaults(&s->cfg);
    pthread_mutex_init(&s->cal_lock, NULL);
    pthread_mutex_init(&s->standby.mu, NULL);
    pthread_mutex_init(&s->org_lock, NULL);
    int rc = code_key_load(s, e);
    if (!rc)
        rc = svc_standby_open(s, e);
    if (!rc)
        rc = db_open(cfg->db_url, s->cfg.pool_size, &s->db, e);
    if (!rc)
        rc = db_migrate(s->db, NULL, e);
    if (rc) {
        svc_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

void svc_close(struct svc *s)
{
    if (!s)
        return;
    if (s->db)
        db_close(s->db);
    svc_standby_close(s);
    svc_cache_clear(&s->cal);
    svc_cache_clear(&s->org);
    svc_cache_clear(&s->exchange);
    pthread_mutex_destroy(&s->cal_lock);
    pthread_mutex_destroy(&s->org_lock);
    pthread_mutex_destroy(&s->standby.mu);
    free(s);
}

void svc_cache_clear(struct svc_cache *cache)
{
    if (cache->snap && cache->dispose)
        cache->dispose(cache->snap);
    cache->snap = NULL;
}

int svc_dossier_changed(struct svc *s, struct db_conn *c, const struct svc_dossier_change *ch,
                        struct err *e)
{
    return s && s->dossier_hook ? s->dossier_hook(s, c, ch, e) : 0;
}

void svc_pool_stats(struct svc *s, int *in_use, int *size)
{
    db_pool_stats(s->db, in_use, size);
}

static int count_users(struct db_conn *c, void *ctx, struct err *e)
{
    return db_query_int(c, "SELECT COUNT(*) FROM users", DB_NOARGS, ctx, e);
}

int svc_is_fresh(struct svc *s, int *fresh, struct err *e)
{
    int64_t n = 0;
    int rc = db_with_conn(s->db, count_users, &n, e);
    *fresh = rc == 0 && n == 0;
    return rc;
}

int svc_audit(struct db_conn *c, const struct actor *a, const char *action, const char *object_type,
              const char *object_id, const char *summary, struct err *e)
{
    return audit_append(c, svc_now(), a->user_id, a->username, action, object_type, object_id,
                        summary ? summary : "{}", e);
}

int svc_audit_json(struct db_conn *c, const struct actor *a, const char *action,
                   const char *object_type, const char *object_id, json_t *summary, struct err *e)
{
    char *text = summary ? json_dumps(summary, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    int rc = svc_audit(c, a, action, object_type, object_id, text, e);
    free(text);
    json_decref(summary);
    return rc;
}
