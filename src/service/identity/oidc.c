/* oidc.c — the OpenID Connect login flow (authorization code with PKCE, OIDC Core §3.1).
 * Beginning a login stores a random state, nonce and PKCE verifier server-side, in the
 * database like sessions, so any server instance can receive the answer; the state is the
 * key, good once and for a few minutes. The answer's state is taken (deleted) in its own
 * transaction before anything else, so a replayed answer finds nothing even when the first
 * one failed later on. The code is exchanged at the token endpoint with the verifier, and the
 * ID token verified (jwt.c) against the provider's keys, refetched once when the token names
 * a key we do not have. The person is then found by (issuer, subject) or given a new citizen
 * account, and a session is opened exactly as a password login opens one. What went wrong
 * is logged for operators without tokens or codes; the person sees a plain message. */
#include "svc_oidc.h"
#include "jpack.h"

#include "jwt.h"
#include "local_path.h"
#include "log.h"
#include "oidc_internal.h"
#include "oidc_store.h"
#include "svc_auth.h"
#include "svc_internal.h"
#include "text.h"
#include "user_store.h"

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define BEGINS_PER_IP   60 /* logins started per client address and 10 minutes */
#define MAX_PARAM       2048
#define MAX_NAME_CHARS  200
#define DEFAULT_CACHE   3600
#define DEFAULT_LOGIN   600
#define REFUSED_MESSAGE "Đăng nhập qua tài khoản định danh không thành công. Vui lòng thử lại."
#define DOWN_MESSAGE                                                                                                                \
    "Hiện không kết nối được với hệ thống định danh. Vui lòng thử lại sau ít phút hoặc đăng nhập " \
    "bằng mật khẩu."

struct svc_oidc {
    struct svc *s;
    char *issuer, *client_id, *client_secret, *redirect_uri;
    int login_seconds;
    struct oidc_provider *provider;
};

static char *copy_setting(const char *v)
{
    char *d = strdup(v ? v : "");
    if (!d)
        abort();
    return d;
}

static int check_config(const struct svc_oidc_config *cfg, struct err *e)
{
    if (!cfg->issuer || !oidc_url_acceptable(cfg->issuer))
        return err_set(e, E_INVALID, "MOTCUA_OIDC_ISSUER",
                       "the OIDC issuer must be an https URL (http only on loopback)");
    if (!cfg->client_id || !*cfg->client_id || strlen(cfg->client_id) > 255)
        return err_set(e, E_INVALID, "MOTCUA_OIDC_CLIENT_ID", "the OIDC client id is missing");
    if (!cfg->redirect_uri || !oidc_url_acceptable(cfg->redirect_uri))
        return err_set(e, E_INVALID, "MOTCUA_OIDC_REDIRECT",
                       "the OIDC redirect URI must be an https URL (http only on loopback)");
    return 0;
}

int svc_oidc_new(struct svc *s, const struct svc_oidc_config *cfg, struct svc_oidc **out,
                 struct err *e)
{
    int rc = check_config(cfg, e);
    if (rc)
        return rc;
    if (oidc_http_init() != 0)
        return err_set(e, E_INTERNAL, NULL, "libcurl could not be initialised");
    struct svc_oidc *o = calloc(1, sizeof *o);
    if (!o)
        abort();
    o->s = s;
    o->issuer = copy_setting(cfg->issuer);
    o->client_id = copy_setting(cfg->client_id);
    o->client_secret =
        cfg->client_secret && *cfg->client_secret ? copy_setting(cfg->client_secret) : NULL;
    o->redirect_uri = copy_setting(cfg->redirect_uri);
    o->login_seconds = cfg->login_seconds > 0 ? cfg->login_seconds : DEFAULT_LOGIN;
    o->provider =
        oidc_provider_new(cfg->issuer, cfg->cache_seconds > 0 ? cfg->cache_seconds : DEFAULT_CACHE);
    *out = o;
    return 0;
}

void svc_oidc_free(struct svc_oidc *o)
{
    if (!o)
        return;
    oidc_provider_free(o->provider);
    free(o->issuer);
    free(o->client_id);
    if (o->client_secret)
        sodium_memzero(o->client_secret, strlen(o->client_secret));
    free(o->client_secret);
    free(o->redirect_uri);
    free(o);
    oidc_http_cleanup();
}

static void state_hash(const char *state, char out[65])
{
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, (const unsigned char *)state, strlen(state));
    sodium_bin2hex(out, 65, d, sizeof d);
}

/* RFC 7636 §4.2: BASE64URL(SHA256(verifier)). */
static const char *pkce_challenge(struct arena *a, const char *verifier)
{
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, (const unsigned char *)verifier, strlen(verifier));
    size_t n = sodium_base64_ENCODED_LEN(sizeof d, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = arena_alloc(a, n);
    sodium_bin2base64(out, n, d, sizeof d, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

static int begin_tx(struct db_conn *c, void *ctx, struct err *e)
{
    const struct oidc_login_row *row = ctx;
    int rc = oidc_login_purge_expired(c, row->created_at, e);
    return rc ? rc : oidc_login_insert(c, row, e);
}

static void keep(struct err *e, const struct err *detail)
{
    if (e)
        *e = *detail;
}

static int provider_down(int rc, struct err *e)
{
    if (rc == E_UNAVAILABLE || rc == E_NOMEM) {
        log_warn("oidc: identity provider unavailable: %s", e ? e->msg : "");
        return err_set(e, E_UNAVAILABLE, NULL, DOWN_MESSAGE);
    }
    return rc;
}

int svc_oidc_begin(struct svc_oidc *o, struct arena *a, const char *next, const char *client_ip,
                   struct svc_oidc_start *out, struct err *e)
{
    struct oidc_endpoints ep;
    int rc = svc_rate_limit(o->s, arena_printf(a, "oidc:%s", client_ip ? client_ip : "-"),
                            BEGINS_PER_IP, 600, e);
    if (rc)
        return rc;
    if ((rc = oidc_provider_endpoints(o->provider, a, &ep, e)) != 0)
        return provider_down(rc, e);
    const char *state = svc_random_token(a), *nonce = svc_random_token(a);
    const char *verifier = svc_random_token(a);
    char hash[65];
    state_hash(state, hash);
    int64_t now = svc_now();
    /* The web layer checked next already; the service keeps only a local path all the same. */
    struct oidc_login_row row = {
        hash, nonce, verifier, local_path_or_null(next), now, now + o->login_seconds};
    if ((rc = db_tx(o->s->db, begin_tx, &row, e)) != 0)
        return rc;
    out->state = state;
    out->url = arena_printf(
        a,
        "%s%cresponse_type=code&client_id=%s&redirect_uri=%s&scope=openid%%20profile&state=%s"
        "&nonce=%s&code_challenge=%s&code_challenge_method=S256",
        ep.authorization, strchr(ep.authorization, '?') ? '&' : '?',
        oidc_form_escape(a, o->client_id), oidc_form_escape(a, o->redirect_uri), state, nonce,
        pkce_challenge(a, verifier));
    return 0;
}

struct take_ctx {
    struct arena *a;
    const char *hash;
    struct oidc_login_row row;
};

static int take_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct take_ctx *x = ctx;
    return oidc_login_take(c, x->a, x->hash, &x->row, e);
}

/* Why a login was refused, for the log; the person gets REFUSED_MESSAGE. */
static int refuse(struct err *e, int code, const char *why)
{
    log_warn("oidc: login refused: %s", why);
    return err_set(e, code, NULL,
                   code == E_INVALID ? "Yêu cầu đăng nhập không hợp lệ." : REFUSED_MESSAGE);
}

static int take_login(struct svc_oidc *o, struct arena *a, const char *state,
                      struct oidc_login_row *out, struct err *e)
{
    struct take_ctx x = {a, NULL, {0}};
    char hash[65];
    state_hash(state, hash);
    x.hash = hash;
    struct err detail = {0};
    int rc = db_tx(o->s->db, take_tx, &x, &detail);
    if (rc == E_NOTFOUND)
        return refuse(e, E_UNAUTH, "unknown or already used state");
    if (rc) {
        keep(e, &detail);
        return rc;
    }
    if (svc_now() >= x.row.expires_at)
        return refuse(e, E_UNAUTH, "the login took too long (state expired)");
    *out = x.row;
    return 0;
}

/* The code for an ID token at the token endpoint (RFC 6749 §4.1.3, RFC 7636 §4.5). */
static int exchange_code(struct svc_oidc *o, struct arena *a, const char *code,
                         const char *verifier, const char **id_token, struct err *e)
{
    struct oidc_endpoints ep;
    struct err detail = {0};
    int rc = oidc_provider_endpoints(o->provider, a, &ep, &detail);
    if (rc) {
        keep(e, &detail);
        return provider_down(rc, e);
    }
    const char *form = arena_printf(
        a, "grant_type=authorization_code&code=%s&redirect_uri=%s&code_verifier=%s%s%s",
        oidc_form_escape(a, code), oidc_form_escape(a, o->redirect_uri), verifier,
        o->client_secret ? "" : "&client_id=",
        o->client_secret ? "" : oidc_form_escape(a, o->client_id));
    long status = 0;
    const char *body = NULL;
    rc = oidc_http_post_form(a, ep.token, form, o->client_secret ? o->client_id : NULL,
                             o->client_secret, &status, &body, &detail);
    if (rc) {
        keep(e, &detail);
        return provider_down(rc, e);
    }
    json_t *j = json_loads(body, 0, NULL);
    const char *t = json_string_value(json_object_get(j, "id_token"));
    if (status != 200 || !t) {
        const char *why = json_string_value(json_object_get(j, "error"));
        log_warn("oidc: token endpoint answered %ld (%.64s)", status, why ? why : "no id_token");
        rc = err_set(e, E_UNAUTH, NULL, REFUSED_MESSAGE);
    } else {
        *id_token = arena_strdup(a, t);
    }
    json_decref(j);
    return rc;
}

static int verify_token(struct svc_oidc *o, struct arena *a, const char *id_token,
                        const char *nonce, struct jwt_claims *claims, struct err *e)
{
    struct jwt_expect x = {o->issuer, o->client_id, nonce, svc_now()};
    struct err detail = {0};
    const char *jwks = NULL;
    int rc = oidc_provider_keys(o->provider, a, 0, &jwks, &detail);
    if (!rc)
        rc = jwt_verify_id_token(a, id_token, jwks, &x, claims, &detail);
    if (rc == E_NOTFOUND) {
        rc = oidc_provider_keys(o->provider, a, 1, &jwks, &detail);
        if (!rc)
            rc = jwt_verify_id_token(a, id_token, jwks, &x, claims, &detail);
    }
    if (rc == E_UNAVAILABLE || rc == E_NOMEM) {
        keep(e, &detail);
        return provider_down(rc, e);
    }
    if (rc)
        return refuse(e, E_UNAUTH, arena_printf(a, "ID token: %s", detail.msg));
    return 0;
}

/* A user name nobody types: derived from (issuer, subject), so it reveals neither (the
 * subject may be a citizen identity number). */
static const char *username_for(struct arena *a, const char *issuer, const char *subject)
{
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    crypto_hash_sha256_update(&h, (const unsigned char *)issuer, strlen(issuer) + 1);
    crypto_hash_sha256_update(&h, (const unsigned char *)subject, strlen(subject));
    crypto_hash_sha256_final(&h, d);
    char hex[2 * 12 + 1];
    sodium_bin2hex(hex, sizeof hex, d, 12);
    return arena_printf(a, "oidc-%s", hex);
}

static const char *full_name_of(struct arena *a, const char *name)
{
    char *nfc = NULL;
    if (!name || !*name || text_nfc(a, name, strlen(name), &nfc) != 0 ||
        text_length(nfc) > MAX_NAME_CHARS)
        return "Công dân";
    return nfc;
}

struct account_ctx {
    struct svc_oidc *o;
    struct arena *a;
    const struct jwt_claims *claims;
    struct svc_oidc_done *out;
};

static int create_account(struct db_conn *c, struct account_ctx *x, int64_t now, int64_t *id,
                          struct err *e)
{
    struct user_row u = {.username = username_for(x->a, x->claims->iss, x->claims->sub),
                         .full_name = full_name_of(x->a, x->claims->name),
                         .kind = "citizen"};
    struct actor self = {.username = u.username, .full_name = u.full_name, .kind = u.kind};
    int rc = user_insert(c, &u, now, id, e);
    if (!rc)
        rc = user_grant(c, *id, "citizen", 0, e);
    if (!rc)
        rc = oidc_identity_insert(c, *id, x->claims->iss, x->claims->sub, now, e);
    self.user_id = *id;
    if (!rc)
        rc = svc_audit_json(c, &self, "citizen.oidc_link", "user", u.username,
                            jpack("{s:s}", "issuer", x->claims->iss), e);
    x->out->created = 1;
    return rc;
}

static int account_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct account_ctx *x = ctx;
    int64_t now = svc_now(), id = 0;
    x->out->created = 0;
    int rc = oidc_identity_user(c, x->claims->iss, x->claims->sub, &id, e);
    if (rc == E_NOTFOUND)
        rc = create_account(c, x, now, &id, e);
    else if (!rc)
        rc = oidc_identity_touch(c, x->claims->iss, x->claims->sub, now, e);
    if (!rc)
        rc = svc_session_open(c, x->o->s, x->a, id, &x->out->token, &x->out->actor, e);
    if (!rc)
        rc = svc_audit_json(c, &x->out->actor, "login.oidc", "user", x->out->actor.username,
                            jpack("{s:s}", "issuer", x->claims->iss), e);
    return rc;
}

static int check_answer(const struct svc_oidc_answer *in, struct err *e)
{
    if (!in->state || !*in->state || strlen(in->state) > MAX_PARAM)
        return refuse(e, E_INVALID, "answer without a state");
    if (in->error)
        return 0;
    if (!in->code || !*in->code || strlen(in->code) > MAX_PARAM)
        return refuse(e, E_INVALID, "answer without a code");
    return 0;
}

int svc_oidc_finish(struct svc_oidc *o, struct arena *a, const struct svc_oidc_answer *in,
                    struct svc_oidc_done *out, struct err *e)
{
    *out = (struct svc_oidc_done){0};
    struct oidc_login_row login = {0};
    struct jwt_claims claims = {0};
    const char *id_token = NULL;
    int rc = check_answer(in, e);
    if (!rc)
        rc = take_login(o, a, in->state, &login, e);
    if (!rc && in->error)
        rc = refuse(e, E_UNAUTH, arena_printf(a, "the provider answered error '%.64s'", in->error));
    if (!rc)
        rc = exchange_code(o, a, in->code, login.code_verifier, &id_token, e);
    if (!rc)
        rc = verify_token(o, a, id_token, login.nonce, &claims, e);
    if (rc)
        return rc;
    struct account_ctx x = {o, a, &claims, out};
    rc = db_tx(o->s->db, account_tx, &x, e);
    /* Two first logins of one person at once: one created the account, the other finds it. */
    if (rc == E_CONSTRAINT || rc == E_CONFLICT)
        rc = db_tx(o->s->db, account_tx, &x, e);
    if (rc == E_UNAUTH)
        log_warn("oidc: login refused: %s", e ? e->msg : "");
    out->next = local_path_or_null(login.next_path);
    return rc;
}
