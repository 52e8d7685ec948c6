/* citizen_signup.c — citizens open their own accounts. The login is a mobile number or an
 * e-mail address; the account is created inactive and a 6-digit one-time code goes to that
 * number or address through the outbox, in the same transaction, so no account waits for a
 * code that was never queued. Only an argon2id hash of the code is stored: it lives 15
 * minutes and allows 5 attempts, which together with the per-address rate limits keeps
 * guessing hopeless. The code proves the person holds the number or address; only then does
 * the account become active and receive the citizen role. */
#include "svc_online.h"

#include "online_store.h"
#include "svc_auth.h"
#include "svc_internal.h"
#include "text.h"
#include "user_store.h"
#include "validate.h"

#include <ctype.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define CODE_TTL        (15 * 60)
#define CODE_ATTEMPTS   5
#define MIN_PASSWORD    8
#define MAX_PASSWORD    256
#define SIGNUPS_PER_IP  30 /* per hour */
#define VERIFIES_PER_IP 60 /* per 10 minutes */

/* A phone number in its national form, or an e-mail address in lower case. */
static int normalise_login(struct arena *ar, const char *login, const char **username,
                           const char **channel, struct err *e)
{
    if (!login || !*login)
        return err_set(e, E_INVALID, "login", "Vui lòng nhập số điện thoại hoặc thư điện tử");
    if (strchr(login, '@')) {
        int rc = validate_email(login, "login", e);
        if (rc)
            return rc;
        char *lower = arena_strdup(ar, login);
        for (char *p = lower; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        *username = lower;
        *channel = "email";
        return 0;
    }
    char phone[VALIDATE_PHONE_SIZE];
    int rc = validate_phone(login, phone, "login", e);
    if (rc)
        return rc;
    *username = arena_strdup(ar, phone);
    *channel = "sms";
    return 0;
}

static int hash_secret(const struct svc *s, const char *secret, char out[crypto_pwhash_STRBYTES],
                       struct err *e)
{
    if (crypto_pwhash_str_alg(out, secret, strlen(secret), s->cfg.pwhash_ops, s->cfg.pwhash_mem,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return err_set(e, E_NOMEM, NULL, "Không đủ bộ nhớ để băm mật khẩu");
    return 0;
}

static int check_signup(const struct svc_signup *in, struct err *e)
{
    if (!in->full_name || !*in->full_name || text_length(in->full_name) > 200)
        return err_set(e, E_INVALID, "full_name", "Vui lòng nhập họ và tên (tối đa 200 ký tự)");
    if (!in->password || text_length(in->password) < MIN_PASSWORD)
        return err_set(e, E_INVALID, "password", "Mật khẩu phải có ít nhất %d ký tự", MIN_PASSWORD);
    if (strlen(in->password) > MAX_PASSWORD)
        return err_set(e, E_INVALID, "password", "Mật khẩu quá dài (tối đa %d byte)", MAX_PASSWORD);
    return 0;
}

struct signup_ctx {
    struct svc *s;
    struct arena *ar;
    const struct svc_signup *in;
    const char *password_hash, *code, *code_hash;
    struct svc_signup_sent *out;
};

/* The account to (re)use: a new one, or one that registered itself and was never verified. */
static int account_for(struct db_conn *c, struct signup_ctx *x, int64_t now, int64_t *id,
                       struct err *e)
{
    const char *username = x->out->username;
    int email = strcmp(x->out->channel, "email") == 0;
    struct user_row u;
    int rc = user_get_by_username(c, x->ar, username, &u, e);
    if (rc == E_NOTFOUND)
        return online_citizen_insert(c, username, x->in->full_name, email ? username : NULL,
                                     email ? NULL : username, x->password_hash, now, id, e);
    int pending = 0;
    if (!rc && !u.active && strcmp(u.kind, "citizen") == 0)
        rc = online_citizen_pending(c, u.id, &pending, e);
    if (rc)
        return rc;
    if (!pending)
        return err_set(e, E_CONFLICT, "login",
                       "Số điện thoại hoặc thư điện tử này đã được đăng ký. Hãy đăng nhập");
    *id = u.id;
    return online_citizen_reset_pending(c, u.id, x->in->full_name, x->password_hash, now, e);
}

static int signup_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct signup_ctx *x = ctx;
    int64_t now = svc_now(), id = 0;
    int rc = account_for(c, x, now, &id, e);
    if (rc)
        return rc;
    struct online_code_row code = {.user_id = id,
                                   .expires_at = now + CODE_TTL,
                                   .code_hash = x->code_hash,
                                   .channel = x->out->channel,
                                   .recipient = x->out->username};
    struct svc_outbox_new msg = {
        x->out->channel, x->out->username, "citizen.verify_code", 0, id, now};
    struct actor self = {.user_id = id,
                         .username = x->out->username,
                         .full_name = x->in->full_name,
                         .kind = "citizen"};
    x->out->expires_at = code.expires_at;
    if ((rc = online_code_replace(c, &code, now, e)) != 0 ||
        (rc = svc_outbox_add(c, &msg,
                             json_pack("{s:s, s:s, s:i}", "code", x->code, "full_name",
                                       x->in->full_name, "minutes", CODE_TTL / 60),
                             e)) != 0)
        return rc;
    return svc_audit_json(c, &self, "citizen.signup", "user", x->out->username,
                          json_pack("{s:s}", "channel", x->out->channel), e);
}

int svc_citizen_signup(struct svc *s, struct arena *ar, const struct svc_signup *in,
                       struct svc_signup_sent *out, struct err *e)
{
    *out = (struct svc_signup_sent){0};
    int rc = normalise_login(ar, in->login, &out->username, &out->channel, e);
    if (!rc)
        rc = check_signup(in, e);
    if (!rc)
        rc = svc_rate_limit(s, arena_printf(ar, "signup:%s", in->client_ip ? in->client_ip : "-"),
                            SIGNUPS_PER_IP, 3600, e);
    if (rc)
        return rc;
    char code[8], password_hash[crypto_pwhash_STRBYTES], code_hash[crypto_pwhash_STRBYTES];
    snprintf(code, sizeof code, "%06u", (unsigned)randombytes_uniform(1000000));
    if ((rc = hash_secret(s, in->password, password_hash, e)) != 0 ||
        (rc = hash_secret(s, code, code_hash, e)) != 0)
        return rc;
    struct signup_ctx x = {s, ar, in, password_hash, code, code_hash, out};
    rc = db_tx(s->db, signup_tx, &x, e);
    sodium_memzero(code, sizeof code);
    return rc;
}

struct verify_ctx {
    const char *username, *code;
    const char *failure; /* why a counted attempt failed */
};

#define WRONG_CODE "Mã xác minh không đúng"
#define DEAD_CODE                                                                                  \
    "Mã xác minh đã hết hạn hoặc đã nhập sai quá nhiều lần. Hãy đăng ký lại để nhận mã mới"

static int verify_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct verify_ctx *x = ctx;
    struct arena *ar = arena_new();
    struct user_row u;
    struct online_code_row code;
    int64_t now = svc_now();
    int rc = user_get_by_username(c, ar, x->username, &u, e);
    if (!rc && u.active)
        rc = err_set(e, E_CONFLICT, "login", "Tài khoản này đã được xác minh. Hãy đăng nhập");
    if (!rc)
        rc = online_code_latest(c, ar, u.id, &code, e);
    if (rc == E_NOTFOUND) {
        x->failure = DEAD_CODE;
        rc = 1;
    }
    if (rc)
        goto out;
    if (code.used_at || now >= code.expires_at || code.attempts >= CODE_ATTEMPTS) {
        x->failure = DEAD_CODE;
        rc = 1;
        goto out;
    }
    if (crypto_pwhash_str_verify(code.code_hash, x->code, strlen(x->code)) != 0) {
        /* Not an error of the transaction: the counted attempt must be committed. */
        x->failure = code.attempts + 1 >= CODE_ATTEMPTS ? DEAD_CODE : WRONG_CODE;
        rc = online_code_count_attempt(c, code.id, e);
        rc = rc ? rc : 1;
        goto out;
    }
    struct actor self = {
        .user_id = u.id, .username = u.username, .full_name = u.full_name, .kind = u.kind};
    if ((rc = online_code_use(c, code.id, now, e)) != 0 ||
        (rc = online_citizen_activate(c, u.id, now, e)) != 0 ||
        (rc = user_grant(c, u.id, "citizen", 0, e)) != 0)
        goto out;
    rc = svc_audit_json(c, &self, "citizen.verify", "user", u.username, json_object(), e);
out:
    arena_free(ar);
    return rc;
}

static int six_digits(const char *code)
{
    if (!code || strlen(code) != 6)
        return 0;
    for (int i = 0; i < 6; i++)
        if (code[i] < '0' || code[i] > '9')
            return 0;
    return 1;
}

int svc_citizen_verify(struct svc *s, const char *login, const char *code, const char *client_ip,
                       struct err *e)
{
    struct arena *ar = arena_new();
    struct verify_ctx x = {NULL, code, NULL};
    const char *channel = NULL;
    int rc = normalise_login(ar, login, &x.username, &channel, e);
    if (!rc && !six_digits(code))
        rc = err_set(e, E_INVALID, "code", "Mã xác minh gồm 6 chữ số");
    if (!rc)
        rc = svc_rate_limit(s, arena_printf(ar, "verify:%s", client_ip ? client_ip : "-"),
                            VERIFIES_PER_IP, 600, e);
    if (!rc)
        rc = db_tx(s->db, verify_tx, &x, e);
    if (rc == 1)
        rc = err_set(e, E_INVALID, "code", "%s", x.failure);
    if (rc == E_NOTFOUND)
        rc = err_set(e, E_INVALID, "code", "%s", WRONG_CODE);
    arena_free(ar);
    return rc;
}
