/* citizen_signup.c — citizens prove they hold a phone number or an e-mail address with a
 * 6-digit one-time code sent to it through the outbox, in the same transaction that issues
 * it, so no account waits for a code that was never queued. Two things use the proof:
 * opening an account (created inactive; the code activates it and grants the citizen role)
 * and resetting a forgotten password (the code allows a new password; every session of the
 * account ends). Only an argon2id hash of a code is stored: it lives 15 minutes and allows 5
 * attempts, which together with the per-address rate limits keeps guessing hopeless. The
 * code itself never rests in the outbox: its row names the code row, where the code waits
 * sealed (secretbox under a key held outside the database) until delivery writes it into the
 * message, and is forgotten as soon as the message went out or never will. A reset request
 * answers the same whether the login exists or not, so it tells nobody who has an account. */
#include "jpack.h"
#include "svc_user.h"

#include "code_internal.h"
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

#define CODE_ATTEMPTS    5
#define MIN_PASSWORD     8
#define MAX_PASSWORD     256
#define SIGNUPS_PER_IP   30 /* per hour */
#define VERIFIES_PER_IP  60 /* per 10 minutes */
#define RESETS_PER_IP    30 /* per hour */
#define RESETS_PER_LOGIN 5  /* per hour: nobody's phone is to be flooded with codes */

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

static int check_password(const char *password, struct err *e)
{
    if (!password || text_length(password) < MIN_PASSWORD)
        return err_set(e, E_INVALID, "password", "Mật khẩu phải có ít nhất %d ký tự", MIN_PASSWORD);
    if (strlen(password) > MAX_PASSWORD)
        return err_set(e, E_INVALID, "password", "Mật khẩu quá dài (tối đa %d byte)", MAX_PASSWORD);
    return 0;
}

static int check_signup(const struct svc_signup *in, struct err *e)
{
    if (!in->full_name || !*in->full_name || text_length(in->full_name) > 200)
        return err_set(e, E_INVALID, "full_name", "Vui lòng nhập họ và tên (tối đa 200 ký tự)");
    return check_password(in->password, e);
}

/* A fresh random code and its hash; the caller wipes code once it is queued. */
static int new_code(const struct svc *s, char code[8], char hash[crypto_pwhash_STRBYTES],
                    struct err *e)
{
    snprintf(code, 8, "%06u", (unsigned)randombytes_uniform(1000000));
    return hash_secret(s, code, hash, e);
}

/* A code on its way to the person who must prove they hold the login. */
/* Why a code was refused; the counted attempt of a wrong code is committed all the same. */
struct code_check {
    const char *purpose;                      /* of the code to spend */
    const char *wrong_message, *dead_message; /* in the caller's words */
    const char *failure;                      /* set when the code was refused */
};

#define WRONG_CODE "Mã xác minh không đúng"

/* Spends the account's live code when it matches. Returns 1 (not an error, so that the
 * transaction commits the counted attempt) with chk->failure set when it does not. */
static int spend_code(struct db_conn *c, struct arena *ar, int64_t user_id, const char *given,
                      int64_t now, struct code_check *chk, struct err *e)
{
    struct online_code_row code;
    int rc = online_code_latest(c, ar, user_id, chk->purpose, &code, e);
    if (rc == E_NOTFOUND ||
        (!rc && (code.used_at || now >= code.expires_at || code.attempts >= CODE_ATTEMPTS))) {
        chk->failure = chk->dead_message;
        return 1;
    }
    if (rc)
        return rc;
    if (crypto_pwhash_str_verify(code.code_hash, given, strlen(given)) != 0) {
        chk->failure = code.attempts + 1 >= CODE_ATTEMPTS ? chk->dead_message : chk->wrong_message;
        rc = online_code_count_attempt(c, code.id, e);
        return rc ? rc : 1;
    }
    return online_code_use(c, code.id, now, e);
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
    struct code_msg msg = {.user_id = id,
                           .purpose = "signup",
                           .channel = x->out->channel,
                           .recipient = x->out->username,
                           .full_name = x->in->full_name,
                           .event = "citizen.verify_code",
                           .code = x->code,
                           .code_hash = x->code_hash};
    struct actor self = {.user_id = id,
                         .username = x->out->username,
                         .full_name = x->in->full_name,
                         .kind = "citizen"};
    if ((rc = code_message_queue(c, x->s, &msg, now, &x->out->expires_at, e)) != 0)
        return rc;
    return svc_audit_json(c, &self, "citizen.signup", "user", x->out->username,
                          jpack("{s:s}", "channel", x->out->channel), e);
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
    if ((rc = hash_secret(s, in->password, password_hash, e)) != 0 ||
        (rc = new_code(s, code, code_hash, e)) != 0)
        return rc;
    struct signup_ctx x = {s, ar, in, password_hash, code, code_hash, out};
    rc = db_tx(s->db, signup_tx, &x, e);
    sodium_memzero(code, sizeof code);
    return rc;
}

struct verify_ctx {
    const char *username, *code;
    struct code_check check;
};

#define DEAD_CODE                                                                                  \
    "Mã xác minh đã hết hạn hoặc đã nhập sai quá nhiều lần. Hãy đăng ký lại để nhận mã mới"

static int verify_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct verify_ctx *x = ctx;
    struct arena *ar = arena_new();
    struct user_row u;
    int64_t now = svc_now();
    int rc = user_get_by_username(c, ar, x->username, &u, e);
    if (!rc && u.active)
        rc = err_set(e, E_CONFLICT, "login", "Tài khoản này đã được xác minh. Hãy đăng nhập");
    if (!rc)
        rc = spend_code(c, ar, u.id, x->code, now, &x->check, e);
    if (rc)
        goto out;
    struct actor self = {
        .user_id = u.id, .username = u.username, .full_name = u.full_name, .kind = u.kind};
    if ((rc = online_citizen_activate(c, u.id, now, e)) != 0 ||
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
    struct verify_ctx x = {NULL, code, {"signup", WRONG_CODE, DEAD_CODE, NULL}};
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
        rc = err_set(e, E_INVALID, "code", "%s", x.check.failure);
    if (rc == E_NOTFOUND)
        rc = err_set(e, E_INVALID, "code", "%s", WRONG_CODE);
    arena_free(ar);
    return rc;
}

/* --- password reset --- */

/* One answer for every refusal, so that the confirmation does not tell whether the login has
 * an account or asked for a code. */
#define RESET_REFUSED                                                                                                      \
    "Mã xác minh không đúng hoặc đã hết hiệu lực. Mã chỉ dùng được trong 15 phút và cho 5 lần " \
    "nhập; hãy yêu cầu mã mới nếu cần"

/* Only active citizen accounts reset their password this way; staff ask an administrator. */
static int resettable(const struct user_row *u)
{
    return u->active && strcmp(u->kind, "citizen") == 0;
}

static struct actor self_of(const struct user_row *u)
{
    return (struct actor){
        .user_id = u->id, .username = u->username, .full_name = u->full_name, .kind = u->kind};
}

struct reset_ctx {
    const struct svc *s;
    const char *username, *channel, *code, *code_hash;
};

static int reset_request_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct reset_ctx *x = ctx;
    struct arena *ar = arena_new();
    struct user_row u;
    int rc = user_get_by_username(c, ar, x->username, &u, e);
    if (rc == E_NOTFOUND || (!rc && !resettable(&u))) {
        err_clear(e);
        rc = 0;
        goto out;
    }
    if (rc)
        goto out;
    struct code_msg msg = {.user_id = u.id,
                           .purpose = "reset",
                           .channel = x->channel,
                           .recipient = u.username,
                           .full_name = u.full_name,
                           .event = "citizen.reset_code",
                           .code = x->code,
                           .code_hash = x->code_hash};
    struct actor self = self_of(&u);
    if ((rc = code_message_queue(c, x->s, &msg, svc_now(), NULL, e)) == 0)
        rc = svc_audit_json(c, &self, "citizen.reset_request", "user", u.username,
                            jpack("{s:s}", "channel", x->channel), e);
out:
    arena_free(ar);
    return rc;
}

int svc_citizen_reset_request(struct svc *s, struct arena *ar, const char *login,
                              const char *client_ip, struct svc_reset_sent *out, struct err *e)
{
    struct reset_ctx x = {.s = s};
    *out = (struct svc_reset_sent){0};
    int rc = normalise_login(ar, login, &x.username, &x.channel, e);
    if (!rc)
        rc = svc_rate_limit(s, arena_printf(ar, "reset:%s", client_ip ? client_ip : "-"),
                            RESETS_PER_IP, 3600, e);
    if (!rc)
        rc = svc_rate_limit(s, arena_printf(ar, "reset-login:%s", x.username), RESETS_PER_LOGIN,
                            3600, e);
    if (rc)
        return rc;
    /* The code is made and hashed for unknown logins too: the answer takes as long. */
    char code[8], code_hash[crypto_pwhash_STRBYTES];
    if ((rc = new_code(s, code, code_hash, e)) != 0)
        return rc;
    x.code = code;
    x.code_hash = code_hash;
    rc = db_tx(s->db, reset_request_tx, &x, e);
    sodium_memzero(code, sizeof code);
    if (!rc)
        *out = (struct svc_reset_sent){
            .username = x.username, .channel = x.channel, .minutes = CODE_TTL / 60};
    return rc;
}

struct confirm_ctx {
    const char *username, *code, *password_hash;
    struct code_check check;
};

static int reset_confirm_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct confirm_ctx *x = ctx;
    struct arena *ar = arena_new();
    struct user_row u;
    int64_t now = svc_now();
    int rc = user_get_by_username(c, ar, x->username, &u, e);
    if (rc == E_NOTFOUND || (!rc && !resettable(&u))) {
        x->check.failure = RESET_REFUSED;
        rc = 1;
    }
    if (!rc)
        rc = spend_code(c, ar, u.id, x->code, now, &x->check, e);
    if (rc)
        goto out;
    struct actor self = self_of(&u);
    if ((rc = user_set_password(c, u.id, x->password_hash, now, e)) != 0 ||
        (rc = session_delete_user(c, u.id, e)) != 0)
        goto out;
    rc = svc_audit_json(c, &self, "citizen.password_reset", "user", u.username, json_object(), e);
out:
    arena_free(ar);
    return rc;
}

int svc_citizen_reset_confirm(struct svc *s, const struct svc_reset *in, struct err *e)
{
    struct arena *ar = arena_new();
    struct confirm_ctx x = {NULL, in->code, NULL, {"reset", RESET_REFUSED, RESET_REFUSED, NULL}};
    const char *channel = NULL;
    char hash[crypto_pwhash_STRBYTES];
    int rc = normalise_login(ar, in->login, &x.username, &channel, e);
    if (!rc && !six_digits(in->code))
        rc = err_set(e, E_INVALID, "code", "Mã xác minh gồm 6 chữ số");
    if (!rc)
        rc = check_password(in->password, e);
    if (!rc)
        rc = svc_rate_limit(
            s, arena_printf(ar, "reset-confirm:%s", in->client_ip ? in->client_ip : "-"),
            VERIFIES_PER_IP, 600, e);
    if (!rc)
        rc = hash_secret(s, in->password, hash, e);
    x.password_hash = hash;
    if (!rc)
        rc = db_tx(s->db, reset_confirm_tx, &x, e);
    if (rc == 1)
        rc = err_set(e, E_INVALID, "code", "%s", x.check.failure);
    arena_free(ar);
    return rc;
}
