/* auth.c — password login, database-backed sessions and shared rate limits. Session tokens
 * are 256 random bits; the database keeps only their SHA-256, so reading the sessions table
 * does not let anyone log in. Each session has an idle and an absolute expiry and its own
 * CSRF token. Password hashes are argon2id (libsodium's crypto_pwhash_str). */
#include "svc_auth.h"

#include "svc_internal.h"
#include "user_store.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

struct login_ctx {
    struct svc *s;
    struct arena *a;
    const char *username, *password, *client_ip;
    const char *token;
    struct actor *out;
    struct user_row user;
    int found;
};

const char *svc_random_token(struct arena *a)
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    size_t n = sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = arena_alloc(a, n);
    sodium_bin2base64(out, n, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

static void token_hash(const char *token, char out[65])
{
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(out, 65, d, sizeof d);
}

static int load_actor(struct db_conn *c, struct arena *a, int64_t user_id, struct actor *out,
                      struct err *e)
{
    struct user_row u;
    struct role_row *roles = NULL;
    int n = 0;
    int rc = user_get(c, a, user_id, &u, e);
    if (!rc && !u.active)
        rc = err_set(e, E_UNAUTH, NULL, "Tài khoản đã bị khóa");
    if (!rc)
        rc = user_roles(c, a, user_id, &roles, &n, e);
    if (rc)
        return rc;
    struct actor_role *ar = svc_roles_from_rows(a, roles, n);
    *out = (struct actor){.user_id = u.id,
                          .username = u.username,
                          .full_name = u.full_name,
                          .kind = u.kind,
                          .roles = ar,
                          .nroles = n};
    return 0;
}

int svc_session_open(struct db_conn *c, struct svc *s, struct arena *a, int64_t user_id,
                     const char **token, struct actor *out, struct err *e)
{
    char hash[65];
    int64_t now = svc_now();
    int rc = load_actor(c, a, user_id, out, e);
    if (rc)
        return rc;
    *token = svc_random_token(a);
    token_hash(*token, hash);
    out->csrf_token = svc_random_token(a);
    return session_insert(c, hash, user_id, out->csrf_token, now, now + s->cfg.session_max_seconds,
                          e);
}

/* The login policy (OWASP ASVS 2.2; docs/architecture.md, "Login attempts"). Only wrong
 * passwords count — a correct login never moves a counter, so an office behind one address
 * logs in as often as it likes — and each count's window opens at its first failure:
 *   - per (user name, address): login_max_failures failures, then that address gets 429 for
 *     that name until the window ends, even for the right password (a guesser learns
 *     nothing there); other addresses are not touched by it;
 *   - per address, over every name: login_max_per_ip failures, then 429 for the address
 *     (one machine trying one password on many names);
 *   - per user name, from anywhere: after login_slow_after failures the name is slowed, not
 *     locked: it takes one attempt per login_slow_seconds from any address, the others 429
 *     with Retry-After, so a correct password always gets through within that long.
 * The counters live in the database (shared by every instance); the password is checked
 * outside any transaction. */

/* The three counters of one attempt. */
struct login_buckets {
    const char *pair, *address, *name, *slot;
};

static struct login_buckets buckets_of(const struct login_ctx *x)
{
    const char *ip = x->client_ip && *x->client_ip ? x->client_ip : "-";
    return (struct login_buckets){
        .pair = arena_printf(x->a, "login:pair:%s|%s", ip, x->username),
        .address = arena_printf(x->a, "login:ip-fail:%s", ip),
        .name = arena_printf(x->a, "login:user:%s", x->username),
        .slot = arena_printf(x->a, "login:slot:%s", x->username),
    };
}

/* rc (an E_RATE just set in e) with the moment a retry may pass. */
static int retry_at(struct err *e, int rc, int64_t until, int64_t now)
{
    if (e)
        e->retry_after = (int)(until > now ? until - now : 1);
    return rc;
}

#define LOCKED_HERE "Đăng nhập sai quá nhiều lần từ địa chỉ này. Vui lòng thử lại sau %d phút"
#define SLOWED                                                                                                                     \
    "Tài khoản này vừa bị nhập sai mật khẩu nhiều lần nên tạm thời chỉ nhận một lần đăng nhập " \
    "mỗi ít giây. Vui lòng thử lại sau %d giây"

static int minutes_up(int64_t seconds)
{
    return seconds <= 0 ? 1 : (int)((seconds + 59) / 60);
}

/* Refuses the attempt (E_RATE with Retry-After) when a limit of the policy holds it back;
 * a slowed name's attempt takes that name's slot. */
static int admit_attempt(struct db_conn *c, struct login_ctx *x, int64_t now, struct err *e)
{
    const struct svc_config *cfg = &x->s->cfg;
    struct login_buckets b = buckets_of(x);
    int64_t window = cfg->login_window_seconds;
    struct ratelimit_count pair, address, name, slot;
    int rc = ratelimit_since_read(c, b.pair, now, window, &pair, e);
    if (!rc)
        rc = ratelimit_since_read(c, b.address, now, window, &address, e);
    if (!rc)
        rc = ratelimit_since_read(c, b.name, now, window, &name, e);
    if (rc)
        return rc;
    if (pair.hits >= cfg->login_max_failures)
        return retry_at(
            e, err_set(e, E_RATE, NULL, LOCKED_HERE, minutes_up(pair.started + window - now)),
            pair.started + window, now);
    if (address.hits >= cfg->login_max_per_ip)
        return retry_at(
            e, err_set(e, E_RATE, NULL, LOCKED_HERE, minutes_up(address.started + window - now)),
            address.started + window, now);
    if (name.hits < cfg->login_slow_after)
        return 0;
    if ((rc = ratelimit_since_hit(c, b.slot, now, cfg->login_slow_seconds, 1, &slot, e)) != 0)
        return rc;
    int64_t until = slot.started + cfg->login_slow_seconds;
    if (slot.hits <= 1)
        return 0;
    return retry_at(e, err_set(e, E_RATE, NULL, SLOWED, (int)(until - now)), until, now);
}

/* Counts a wrong password against the three counters, in a transaction of its own. */
static int failure_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct login_ctx *x = ctx;
    struct login_buckets b = buckets_of(x);
    int64_t now = svc_now(), window = x->s->cfg.login_window_seconds;
    struct ratelimit_count n;
    int rc = ratelimit_since_hit(c, b.pair, now, window, 1, &n, e);
    if (!rc)
        rc = ratelimit_since_hit(c, b.address, now, window, 1, &n, e);
    if (!rc)
        rc = ratelimit_since_hit(c, b.name, now, window, 1, &n, e);
    return rc;
}

/* Admits the attempt and reads the account in one short transaction; the password is then
 * checked outside any transaction, so the tens of milliseconds argon2id takes never hold
 * the write lock. */
static int count_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct login_ctx *x = ctx;
    int rc = admit_attempt(c, x, svc_now(), e);
    if (rc)
        return rc;
    rc = user_get_by_username(c, x->a, x->username, &x->user, e);
    x->found = rc == 0;
    return rc == E_NOTFOUND ? 0 : rc;
}

/* A success forgets this address's failures for the name (a typo before the right password);
 * the name's count from elsewhere stays, or a guesser could reset it through the owner. */
static int open_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct login_ctx *x = ctx;
    int rc = ratelimit_clear(c, buckets_of(x).pair, e);
    if (!rc)
        rc = svc_session_open(c, x->s, x->a, x->user.id, &x->token, x->out, e);
    if (!rc)
        rc = svc_audit(c, x->out, "login", "user", x->user.username, "{}", e);
    return rc;
}

/* A hash of a random password, checked when the user name is unknown so that a wrong user
 * name takes as long as a wrong password and names cannot be discovered by timing. */
static char decoy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t decoy_once = PTHREAD_ONCE_INIT;

static void make_decoy(void)
{
    char pw[32];
    randombytes_buf(pw, sizeof pw);
    if (crypto_pwhash_str_alg(decoy_hash, pw, sizeof pw, 2, 19u << 20,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        decoy_hash[0] = '\0';
}

static int password_ok(const struct login_ctx *x)
{
    if (!x->found || !x->user.password_hash || !x->user.active) {
        pthread_once(&decoy_once, make_decoy);
        /* The decoy's answer does not matter, only the time it takes. */
        int spent = decoy_hash[0]
                        ? crypto_pwhash_str_verify(decoy_hash, x->password, strlen(x->password))
                        : 0;
        (void)spent;
        return 0;
    }
    return crypto_pwhash_str_verify(x->user.password_hash, x->password, strlen(x->password)) == 0;
}

int svc_login(struct svc *s, struct arena *a, const char *username, const char *password,
              const char *client_ip, const char **token, struct actor *out, struct err *e)
{
    if (!username || !*username)
        return err_set(e, E_INVALID, "username", "Vui lòng nhập tên đăng nhập");
    if (!password || !*password)
        return err_set(e, E_INVALID, "password", "Vui lòng nhập mật khẩu");
    struct login_ctx x = {.s = s,
                          .a = a,
                          .username = username,
                          .password = password,
                          .client_ip = client_ip,
                          .out = out};
    int rc = db_tx(s->db, count_tx, &x, e);
    if (rc)
        return rc;
    if (!password_ok(&x)) {
        if ((rc = db_tx(s->db, failure_tx, &x, e)) != 0)
            return rc;
        return err_set(e, E_UNAUTH, "password", "Tên đăng nhập hoặc mật khẩu không đúng");
    }
    if ((rc = db_tx(s->db, open_tx, &x, e)) != 0)
        return rc;
    *token = x.token;
    return 0;
}

struct session_ctx {
    struct svc *s;
    struct arena *a;
    char hash[65];
    struct actor *out;
    int expired, stale;
};

/* Reads the session and its user without taking the write lock: most requests only read. */
static int session_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct session_ctx *x = ctx;
    struct session_row row;
    int rc = session_get(c, x->a, x->hash, &row, e);
    if (rc)
        return rc;
    int64_t now = svc_now(), idle = x->s->cfg.session_idle_seconds;
    x->expired = now >= row.expires_at || now - row.last_seen_at >= idle;
    if (x->expired)
        return 0;
    /* Writing last_seen_at on every request would make every page view a write; a resolution
     * of a quarter of the idle timeout (at most a minute) keeps the timeout accurate enough. */
    x->stale = now - row.last_seen_at >= (idle / 4 < 60 ? idle / 4 : 60);
    rc = load_actor(c, x->a, row.user_id, x->out, e);
    x->out->csrf_token = row.csrf_token;
    return rc;
}

static int session_expire_tx(struct db_conn *c, void *ctx, struct err *e)
{
    return session_delete(c, ((struct session_ctx *)ctx)->hash, e);
}

static int session_touch_tx(struct db_conn *c, void *ctx, struct err *e)
{
    return session_touch(c, ((struct session_ctx *)ctx)->hash, svc_now(), e);
}

int svc_session_actor(struct svc *s, struct arena *a, const char *token, struct actor *out,
                      struct err *e)
{
    if (!token || !*token)
        return err_set(e, E_UNAUTH, NULL, "Vui lòng đăng nhập");
    struct session_ctx x = {.s = s, .a = a, .out = out};
    token_hash(token, x.hash);
    int rc = db_with_conn(s->db, session_read, &x, e);
    if (rc)
        return rc;
    if (x.expired) {
        rc = db_tx(s->db, session_expire_tx, &x, e);
        return rc ? rc
                  : err_set(e, E_UNAUTH, NULL,
                            "Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại");
    }
    return x.stale ? db_tx(s->db, session_touch_tx, &x, e) : 0;
}

static int logout_tx(struct db_conn *c, void *ctx, struct err *e)
{
    return session_delete(c, ctx, e);
}

int svc_logout(struct svc *s, const char *token, struct err *e)
{
    if (!token || !*token)
        return 0;
    char hash[65];
    token_hash(token, hash);
    return db_tx(s->db, logout_tx, hash, e);
}

struct rate_ctx {
    const char *bucket;
    int64_t window, amount, hits;
};

static int rate_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct rate_ctx *x = ctx;
    return ratelimit_hit(c, x->bucket, x->window, x->amount, &x->hits, e);
}

/* Public rate limits (lookups) would cost a durable write per request if every hit went to
 * the database. Hits are counted here first and written in batches — RATE_BATCH, or a
 * sixteenth of the limit when that is more — or at once when the limit is in reach: across k
 * instances a client can get at most k × (batch - 1) requests more than the limit (a
 * sixteenth per instance at most), and the database write happens once a batch instead of
 * every time. A client already over the limit in this window is refused without a write. */
#define RATE_BATCH 16
#define RATE_SLOTS 1024

struct rate_slot {
    char bucket[96];
    int64_t window, db_hits, pending;
};

static struct rate_slot rate_slots[RATE_SLOTS];
static pthread_mutex_t rate_lock = PTHREAD_MUTEX_INITIALIZER;

static struct rate_slot *rate_slot(const char *bucket)
{
    uint32_t h = 2166136261u;
    for (const char *p = bucket; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    struct rate_slot *slot = &rate_slots[h % RATE_SLOTS];
    if (strncmp(slot->bucket, bucket, sizeof slot->bucket) != 0) {
        /* A colliding bucket takes the slot over; the database keeps the true count, so the
         * worst case is one extra write. */
        snprintf(slot->bucket, sizeof slot->bucket, "%s", bucket);
        slot->window = slot->db_hits = slot->pending = 0;
    }
    return slot;
}

static int rate_refused(struct err *e)
{
    return err_set(e, E_RATE, NULL, "Bạn đã thao tác quá nhiều lần, vui lòng thử lại sau");
}

int svc_rate_limit(struct svc *s, const char *bucket, int max, int window_seconds, struct err *e)
{
    struct rate_ctx x = {bucket, svc_now() / window_seconds * window_seconds, 0, 0};
    int64_t batch = max / 16 > RATE_BATCH ? max / 16 : RATE_BATCH;
    pthread_mutex_lock(&rate_lock);
    struct rate_slot *slot = rate_slot(bucket);
    if (slot->window != x.window) {
        slot->window = x.window;
        slot->db_hits = slot->pending = 0;
    }
    if (slot->db_hits > max) {
        pthread_mutex_unlock(&rate_lock);
        return rate_refused(e);
    }
    slot->pending++;
    int64_t seen = slot->db_hits + slot->pending;
    int flush = slot->pending >= batch || seen > max - batch;
    if (flush) {
        x.amount = slot->pending;
        slot->pending = 0;
    }
    pthread_mutex_unlock(&rate_lock);
    if (flush) {
        int rc = db_tx(s->db, rate_tx, &x, e);
        if (rc)
            return rc;
        pthread_mutex_lock(&rate_lock);
        if (slot->window == x.window && strcmp(slot->bucket, bucket) == 0)
            slot->db_hits = x.hits;
        pthread_mutex_unlock(&rate_lock);
        seen = x.hits;
    }
    return seen > max ? rate_refused(e) : 0;
}
