/* code_message.c — one-time codes as messages: the code is sealed (secretbox under the
 * process's code key) into its code row, the outbox row carries only the code row it names
 * and the text with the code masked, and the delivery loop opens the seal and writes the
 * code into the text at the last moment, then forgets it. The sign-up and reset use cases
 * (identity/citizen_signup.c) issue the codes; this file owns how they travel, so the
 * delivery loop needs nothing from identity/. */
#include "code_internal.h"
#include "jpack.h"

#include "online_store.h"
#include "svc_internal.h"
#include "svc_notify.h"

#include <jansson.h>
#include <sodium.h>
#include <string.h>

/* What a code is for, in the message. */
static const char *code_use(const char *purpose)
{
    return strcmp(purpose, "reset") == 0 ? "đặt lại mật khẩu" : "xác minh tài khoản";
}

/* The message as the person reads it: the code, what it is for and how long it lives. The
 * outbox keeps it with the code masked (what staff see); delivery renders it again with the
 * code opened from its seal. */
static void code_texts(struct arena *ar, const char *purpose, const char *full_name,
                       const char *code, const char **subject, const char **text)
{
    *subject = arena_printf(ar, "Mã %s Dịch vụ công: %s", code_use(purpose), code);
    *text = arena_printf(ar,
                         "Kính gửi ông/bà %s. Mã %s của ông/bà là %s, có hiệu lực trong %d "
                         "phút. Không cung cấp mã này cho bất kỳ ai, kể cả cán bộ.",
                         full_name, code_use(purpose), code, CODE_TTL / 60);
}

#define MASKED_CODE "******"

static json_t *code_payload(struct arena *ar, const struct code_msg *m, int64_t ref)
{
    const char *subject, *text;
    code_texts(ar, m->purpose, m->full_name, MASKED_CODE, &subject, &text);
    return jpack("{s:I, s:s, s:s, s:i, s:s, s:s}", "code_ref", (json_int_t)ref, "purpose",
                 m->purpose, "full_name", m->full_name, "minutes", CODE_TTL / 60, "subject",
                 subject, "text", text);
}

/* The code sealed under the process's code key: base64 of nonce and box. */
static const char *code_seal(const struct svc *s, struct arena *ar, const char *code)
{
    size_t len = strlen(code);
    unsigned char sealed[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + 8];
    randombytes_buf(sealed, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(sealed + crypto_secretbox_NONCEBYTES, (const unsigned char *)code, len,
                          sealed, s->code_key);
    size_t n = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + len;
    size_t out_len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
    char *out = arena_alloc(ar, out_len);
    return sodium_bin2base64(out, out_len, sealed, n, sodium_base64_VARIANT_ORIGINAL);
}

/* The code back from its seal into code[8]; -1 when it does not open with this key. */
static int code_open(const struct svc *s, const char *sealed, char code[8])
{
    unsigned char raw[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + 8];
    size_t n = 0;
    if (sodium_base642bin(raw, sizeof raw, sealed, strlen(sealed), NULL, &n, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        n <= crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES ||
        n - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES >= 8)
        return -1;
    size_t len = n - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
    memset(code, 0, 8);
    return crypto_secretbox_open_easy((unsigned char *)code, raw + crypto_secretbox_NONCEBYTES,
                                      n - crypto_secretbox_NONCEBYTES, raw, s->code_key) == 0 &&
                   len == 6
               ? 0
               : -1;
}

/* Kills the account's live code and queues the new one, in the caller's transaction. */
int code_message_queue(struct db_conn *c, const struct svc *s, const struct code_msg *m,
                       int64_t now, int64_t *expires_at, struct err *e)
{
    struct arena *ar = arena_new();
    struct online_code_row row = {.user_id = m->user_id,
                                  .purpose = m->purpose,
                                  .expires_at = now + CODE_TTL,
                                  .code_hash = m->code_hash,
                                  .code_sealed = code_seal(s, ar, m->code),
                                  .channel = m->channel,
                                  .recipient = m->recipient};
    struct svc_outbox_new msg = {.channel = m->channel,
                                 .recipient = m->recipient,
                                 .event = m->event,
                                 .user_id = m->user_id,
                                 .now = now};
    int64_t ref = 0;
    int rc = online_code_replace(c, &row, now, &ref, e);
    if (!rc)
        rc = svc_outbox_add(c, &msg, code_payload(ar, m, ref), e);
    if (!rc && expires_at)
        *expires_at = row.expires_at;
    arena_free(ar);
    return rc;
}

struct render_ctx {
    struct arena *ar;
    int64_t ref;
    struct online_code_row row;
};

static int code_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct render_ctx *x = ctx;
    return online_code_get(c, x->ar, x->ref, &x->row, e);
}

#define CODE_GONE                                                                                                                      \
    "Mã dùng một lần đã hết hiệu lực, đã được dùng hoặc không còn được giữ để gửi; người dân " \
    "hãy yêu cầu mã mới"

int code_message_render(struct svc *s, struct arena *ar, const char *payload, const char **subject,
                        const char **text, struct err *e)
{
    json_t *p = json_loads(payload, 0, NULL);
    struct render_ctx x = {ar, (int64_t)json_integer_value(json_object_get(p, "code_ref")), {0}};
    const char *full_name = json_string_value(json_object_get(p, "full_name"));
    int rc = full_name ? db_with_conn(s->db, code_read, &x, e) : E_NOTFOUND;
    char code[8] = "";
    if (rc == E_NOTFOUND ||
        (!rc && (x.row.used_at || svc_now() >= x.row.expires_at || !x.row.code_sealed)))
        rc = err_set(e, E_INVALID, NULL, CODE_GONE);
    /* Sealed by an instance with another key: one that shares it may still send it, until
     * the code expires. */
    else if (!rc && code_open(s, x.row.code_sealed, code) != 0)
        rc = err_set(e, E_UNAVAILABLE, NULL,
                     "Mã được niêm phong bằng khóa của máy chủ khác (MOTCUA_CODE_KEY)");
    if (!rc)
        code_texts(ar, x.row.purpose, full_name, code, subject, text);
    sodium_memzero(code, sizeof code);
    json_decref(p);
    return rc;
}

int code_message_done(struct db_conn *c, int64_t ref, struct err *e)
{
    return ref ? online_code_forget(c, ref, e) : 0;
}
