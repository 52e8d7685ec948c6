/* payment_vnpay.c — online payment through VNPAY (payment API v2.1.0), implemented from the
 * public protocol: the payment URL carries the order as vnp_* parameters, sorted by name,
 * each name and value encoded like PHP's urlencode (space as '+'), joined with '&' and signed
 * with HMAC-SHA512 under the merchant's hash secret (vnp_SecureHash, lowercase hex). The
 * gateway confirms a payment by calling the IPN address with GET parameters signed the same
 * way; we answer {"RspCode","Message"}: 00 confirmed, 01 unknown order, 02 already
 * confirmed, 04 wrong amount, 97 bad signature, 99 our own failure. Only a correctly signed
 * notification for a pending order of exactly its amount changes anything; every
 * notification is recorded, and one seen before is answered 02 (a replay). Each trip to the
 * payment page is an attempt with its own order reference, since the gateway refuses one it
 * has seen: a notification names the attempt, the attempt leads to the request, and the
 * request is paid once whichever attempt the notification is about. The browser's return
 * address only shows the result: it proves nothing a payer could not forge. */
#include "payments_internal.h"
#include "jpack.h"

#include "format.h"

#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VNP_VERSION    "2.1.0"
#define EXPIRE_SECONDS (15 * 60)
#define SIGNATURE_HEX  (2 * 64)
#define SIGNED_MAX     (64 * 1024)
#define PARAMS_MAX     64

static const struct actor vnpay_actor = {
    .user_id = 0, .username = "vnpay", .full_name = "Cổng thanh toán VNPAY", .kind = "system"};

static const struct svc_vnpay_answer ANSWER_OK = {"00", "Confirm Success"},
                                     ANSWER_UNKNOWN = {"01", "Order not found"},
                                     ANSWER_CONFIRMED = {"02", "Order already confirmed"},
                                     ANSWER_AMOUNT = {"04", "invalid amount"},
                                     ANSWER_SIGNATURE = {"97", "Invalid signature"},
                                     ANSWER_ERROR = {"99", "Unknow error"};

/* PHP urlencode: letters, digits and "-_." stay, space becomes '+', the rest %XX. */
static int put_urlencoded(struct buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    int rc = 0;
    for (const unsigned char *p = (const unsigned char *)s; !rc && *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.')
            rc = buf_putc(b, (char)*p);
        else if (*p == ' ')
            rc = buf_putc(b, '+');
        else
            rc = buf_printf(b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
    }
    return rc;
}

static int by_key(const void *pa, const void *pb)
{
    return strcmp(((const struct svc_param *)pa)->key, ((const struct svc_param *)pb)->key);
}

static int is_signature_key(const char *key)
{
    return strcmp(key, "vnp_SecureHash") == 0 || strcmp(key, "vnp_SecureHashType") == 0;
}

/* The string VNPAY signs: the vnp_* parameters except the signature ones, sorted by name,
 * encoded name=value pairs joined with '&'. Sorts params in place. */
static int signed_data(struct svc_param *params, int n, struct buf *out)
{
    qsort(params, (size_t)n, sizeof *params, by_key);
    int rc = 0, first = 1;
    for (int i = 0; !rc && i < n; i++) {
        if (strncmp(params[i].key, "vnp_", 4) != 0 || is_signature_key(params[i].key))
            continue;
        rc = first ? 0 : buf_putc(out, '&');
        first = 0;
        if (!rc)
            rc = put_urlencoded(out, params[i].key);
        if (!rc)
            rc = buf_putc(out, '=');
        if (!rc)
            rc = put_urlencoded(out, params[i].value);
    }
    return rc;
}

static void hmac_sha512_hex(const char *secret, const struct buf *data, char out[SIGNATURE_HEX + 1])
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha512(), secret, (int)strlen(secret), (const unsigned char *)buf_str(data), data->len,
         mac, &len);
    sodium_bin2hex(out, SIGNATURE_HEX + 1, mac, len);
}

static int configured(const struct svc *s)
{
    return s->cfg.vnpay_tmn_code && *s->cfg.vnpay_tmn_code && s->cfg.vnpay_hash_secret &&
           *s->cfg.vnpay_hash_secret;
}

/* yyyyMMddHHmmss in Vietnam time (GMT+7), as VNPAY wants its dates. */
static void vnp_date(int64_t t, char out[16])
{
    struct fmt_tm tm;
    fmt_vn_tm(t, &tm);
    snprintf(out, 16, "%04d%02d%02d%02d%02d%02d", tm.year % 10000, tm.month, tm.day, tm.hour,
             tm.minute, tm.second);
}

struct url_ctx {
    struct svc *s;
    const struct actor *a;
    const char *code;
    struct arena *ar;
    struct payment_row p;
    const char *ref; /* the new attempt's order reference */
};

static int attempt_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct url_ctx *x = ctx;
    int rc = payment_pending_for(x->s, c, x->ar, x->a, x->code, PAY_APPLICANT_OR_STAFF, &x->p, e);
    if (rc)
        return rc;
    if (!configured(x->s))
        return err_set(e, E_UNAVAILABLE, NULL,
                       "Thanh toán trực tuyến qua VNPAY chưa được cấu hình; vui lòng nộp phí "
                       "tại Bộ phận Một cửa");
    x->ref = payment_new_ref(x->ar);
    return payment_attempt_insert(c, x->p.id, x->ref, x->a->user_id, svc_now(), e);
}

static int check_return_url(const char *url, struct err *e)
{
    if (url && strlen(url) <= 255 &&
        (strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0))
        return 0;
    return err_set(e, E_INVALID, "return_url",
                   "Địa chỉ quay về phải là http:// hoặc https:// (tối đa 255 ký tự)");
}

int svc_payment_vnpay_url(struct svc *s, const struct actor *a, const char *code,
                          const char *return_url, const char *client_ip, struct arena *ar,
                          const char **url, struct err *e)
{
    int rc = check_return_url(return_url, e);
    struct url_ctx x = {s, a, code ? code : "", ar, {0}, NULL};
    if (!rc)
        rc = db_tx(s->db, attempt_tx, &x, e);
    if (rc)
        return rc;
    char created[16], expires[16];
    int64_t now = svc_now();
    vnp_date(now, created);
    vnp_date(now + EXPIRE_SECONDS, expires);
    struct svc_param params[] = {
        {"vnp_Version", VNP_VERSION},
        {"vnp_Command", "pay"},
        {"vnp_TmnCode", s->cfg.vnpay_tmn_code},
        {"vnp_Amount", arena_printf(ar, "%lld", (long long)x.p.amount * 100)},
        {"vnp_CurrCode", "VND"},
        {"vnp_TxnRef", x.ref},
        {"vnp_OrderInfo", arena_printf(ar, "Thanh toan le phi ho so %s", x.p.dossier_code)},
        {"vnp_OrderType", "other"},
        {"vnp_Locale", "vn"},
        {"vnp_ReturnUrl", return_url},
        {"vnp_IpAddr", client_ip && *client_ip ? client_ip : "127.0.0.1"},
        {"vnp_CreateDate", created},
        {"vnp_ExpireDate", expires},
    };
    struct buf query;
    char signature[SIGNATURE_HEX + 1];
    buf_init(&query, SIGNED_MAX);
    rc = signed_data(params, (int)(sizeof params / sizeof params[0]), &query);
    hmac_sha512_hex(s->cfg.vnpay_hash_secret, &query, signature);
    if (!rc)
        *url = arena_printf(ar, "%s?%s&vnp_SecureHash=%s", s->cfg.vnpay_url, buf_str(&query),
                            signature);
    buf_free(&query);
    return rc ? err_set(e, rc, NULL, "VNPAY payment URL too long") : 0;
}

/* A notification or return as verified: its vnp_* parameters (sorted), whether the
 * signature holds, and the hash that identifies it. */
struct vnp_message {
    struct svc_param *params;
    int n, signature_ok;
    char hash[2 * crypto_hash_sha256_BYTES + 1];
};

static const char *param(const struct vnp_message *m, const char *key)
{
    for (int i = 0; i < m->n; i++)
        if (strcmp(m->params[i].key, key) == 0)
            return m->params[i].value;
    return NULL;
}

static void to_lower(char *s)
{
    for (; *s; s++)
        *s = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
}

/* Copies the vnp_* parameters, checks the signature in constant time and hashes the signed
 * string with its signature. A repeated name makes the message invalid: which copy would the
 * signature cover? */
static void verify(const struct svc *s, struct arena *ar, const struct svc_param *in, int n,
                   struct vnp_message *m)
{
    m->params = arena_alloc(ar, sizeof *m->params * (size_t)(n + 1));
    m->n = 0;
    m->signature_ok = 0;
    for (int i = 0; i < n && m->n < PARAMS_MAX; i++)
        if (strncmp(in[i].key, "vnp_", 4) == 0)
            m->params[m->n++] = in[i];
    struct buf data;
    buf_init(&data, SIGNED_MAX);
    int bad = signed_data(m->params, m->n, &data) != 0;
    for (int i = 1; i < m->n; i++)
        bad |= strcmp(m->params[i - 1].key, m->params[i].key) == 0;
    const char *given = param(m, "vnp_SecureHash");
    char *got = arena_strdup(ar, given ? given : "");
    to_lower(got);
    if (!bad && configured(s) && strlen(got) == SIGNATURE_HEX) {
        char want[SIGNATURE_HEX + 1];
        hmac_sha512_hex(s->cfg.vnpay_hash_secret, &data, want);
        m->signature_ok = CRYPTO_memcmp(want, got, SIGNATURE_HEX) == 0;
    }
    buf_puts(&data, "&vnp_SecureHash=");
    buf_puts(&data, got);
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const unsigned char *)buf_str(&data), data.len);
    sodium_bin2hex(m->hash, sizeof m->hash, digest, sizeof digest);
    buf_free(&data);
}

static int is(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static int paid_ok(const struct vnp_message *m)
{
    return is(param(m, "vnp_ResponseCode"), "00") && is(param(m, "vnp_TransactionStatus"), "00");
}

/* vnp_Amount is the amount in đồng times 100, as digits only. */
static int amount_matches(const char *given, int64_t amount)
{
    char want[32];
    snprintf(want, sizeof want, "%lld", (long long)amount * 100);
    return is(given, want);
}

struct ipn_ctx {
    struct svc *s;
    struct vnp_message *m;
    const char *client_ip;
    struct arena *ar;
    struct svc_vnpay_answer answer;
};

/* Decides what a correctly signed notification for a known order does. */
static int judge(struct ipn_ctx *x, struct db_conn *c, struct payment_row *p, const char **outcome,
                 struct err *e)
{
    int64_t seen = 0;
    int rc = 0;
    if (!amount_matches(param(x->m, "vnp_Amount"), p->amount)) {
        x->answer = ANSWER_AMOUNT;
        *outcome = "bad_amount";
    } else if (strcmp(p->status, "pending") != 0) {
        x->answer = ANSWER_CONFIRMED;
        *outcome = strcmp(p->status, "cancelled") == 0 ? "cancelled" : "already_paid";
    } else if ((rc = payment_event_accepted(c, x->m->hash, &seen, e)) != 0 || seen) {
        x->answer = ANSWER_CONFIRMED;
        *outcome = "replay";
    } else if (paid_ok(x->m)) {
        p->method = "vnpay";
        p->paid_at = svc_now();
        p->paid_by = 0;
        p->gateway_txn_no = param(x->m, "vnp_TransactionNo");
        p->bank_code = param(x->m, "vnp_BankCode");
        p->paid_txn_ref = param(x->m, "vnp_TxnRef");
        x->answer = ANSWER_OK;
        *outcome = "paid";
        rc = payment_settle(x->s, c, x->ar, &vnpay_actor, p, e);
    } else {
        x->answer = ANSWER_OK;
        *outcome = "failed";
        rc = svc_audit_json(c, &vnpay_actor, "payment.vnpay_failed", "dossier", p->dossier_code,
                            jpack("{s:s?, s:s?, s:s?}", "txn_ref", param(x->m, "vnp_TxnRef"),
                                  "response_code", param(x->m, "vnp_ResponseCode"),
                                  "transaction_status", param(x->m, "vnp_TransactionStatus")),
                            e);
    }
    return rc;
}

static int ipn_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct ipn_ctx *x = ctx;
    const char *ref = param(x->m, "vnp_TxnRef");
    struct payment_event_row ev = {.txn_ref = ref,
                                   .params_hash = x->m->hash,
                                   .response_code = param(x->m, "vnp_ResponseCode"),
                                   .transaction_status = param(x->m, "vnp_TransactionStatus"),
                                   .client_ip = x->client_ip,
                                   .received_at = svc_now()};
    struct payment_row p;
    int rc = 0;
    x->answer = ANSWER_SIGNATURE;
    ev.outcome = "bad_signature";
    if (x->m->signature_ok) {
        rc = ref && is(param(x->m, "vnp_TmnCode"), x->s->cfg.vnpay_tmn_code)
                 ? payment_by_ref(c, x->ar, ref, &p, e)
                 : E_NOTFOUND;
        x->answer = ANSWER_UNKNOWN;
        ev.outcome = "unknown_order";
        if (rc == E_NOTFOUND)
            rc = 0;
        else if (!rc) {
            ev.request_id = p.id;
            rc = judge(x, c, &p, &ev.outcome, e);
        }
    }
    ev.rsp_code = x->answer.rsp_code;
    return rc ? rc : payment_event_insert(c, &ev, e);
}

int svc_payment_vnpay_ipn(struct svc *s, const struct svc_param *params, int n,
                          const char *client_ip, struct svc_vnpay_answer *out, struct err *e)
{
    struct vnp_message m;
    struct ipn_ctx x = {s, &m, client_ip, arena_new(), ANSWER_ERROR};
    verify(s, x.ar, params, n, &m);
    int rc = db_tx(s->db, ipn_tx, &x, e);
    *out = rc ? ANSWER_ERROR : x.answer;
    arena_free(x.ar);
    return rc;
}

struct return_ctx {
    struct arena *ar;
    const char *ref;
    struct payment_row p;
};

static int return_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct return_ctx *x = ctx;
    return payment_by_ref(c, x->ar, x->ref, &x->p, e);
}

/* Why VNPAY did not take the money (vnp_ResponseCode), in the payer's words. */
static const char *failure_reason(const char *code)
{
    static const struct {
        const char *code, *reason;
    } reasons[] = {
        {"07", "giao dịch bị nghi ngờ gian lận"},
        {"09", "thẻ hoặc tài khoản chưa đăng ký dịch vụ ngân hàng trực tuyến"},
        {"10", "xác thực thông tin thẻ hoặc tài khoản sai quá 3 lần"},
        {"11", "đã hết thời gian chờ thanh toán"},
        {"12", "thẻ hoặc tài khoản bị khóa"},
        {"13", "nhập sai mật khẩu xác thực giao dịch (OTP)"},
        {"24", "ông/bà đã hủy giao dịch"},
        {"51", "tài khoản không đủ số dư"},
        {"65", "tài khoản đã vượt quá hạn mức giao dịch trong ngày"},
        {"75", "ngân hàng thanh toán đang bảo trì"},
        {"79", "nhập sai mật khẩu thanh toán quá số lần quy định"},
    };
    for (size_t i = 0; code && i < sizeof reasons / sizeof reasons[0]; i++)
        if (strcmp(reasons[i].code, code) == 0)
            return reasons[i].reason;
    return "ngân hàng hoặc cổng thanh toán từ chối giao dịch";
}

static const char *return_message(struct arena *ar, const struct svc_vnpay_return *v)
{
    if (!v->signature_ok)
        return "Không xác định được kết quả giao dịch vì dữ liệu trả về không hợp lệ. Nếu tài "
               "khoản của ông/bà đã bị trừ tiền, vui lòng liên hệ Bộ phận Một cửa";
    if (v->status && strcmp(v->status, "paid") == 0)
        return "Ông/bà đã nộp phí, lệ phí thành công. Hồ sơ sẽ được tiếp tục giải quyết";
    if (v->status && strcmp(v->status, "cancelled") == 0)
        return "Yêu cầu nộp phí này đã được hủy; ông/bà không cần thanh toán. Nếu tài khoản đã "
               "bị trừ tiền, vui lòng liên hệ Bộ phận Một cửa để được hoàn trả";
    if (v->success)
        return "Giao dịch thành công. Hệ thống đang chờ VNPAY xác nhận; trạng thái hồ sơ sẽ "
               "được cập nhật trong ít phút";
    return arena_printf(ar,
                        "Giao dịch chưa thành công: %s. Ông/bà chưa bị thu phí và có thể thanh "
                        "toán lại",
                        failure_reason(v->response_code));
}

int svc_payment_vnpay_return(struct svc *s, const struct svc_param *params, int n, struct arena *ar,
                             struct svc_vnpay_return *out, struct err *e)
{
    struct vnp_message m;
    verify(s, ar, params, n, &m);
    *out = (struct svc_vnpay_return){.signature_ok = m.signature_ok,
                                     .success = m.signature_ok && paid_ok(&m),
                                     .txn_ref = param(&m, "vnp_TxnRef"),
                                     .response_code = param(&m, "vnp_ResponseCode")};
    struct return_ctx x = {ar, out->txn_ref, {0}};
    int rc = m.signature_ok && x.ref ? db_with_conn(s->db, return_read, &x, e) : E_NOTFOUND;
    if (!rc) {
        out->dossier_code = x.p.dossier_code;
        out->status = x.p.status;
        out->amount = x.p.amount;
    }
    out->message = return_message(ar, out);
    return rc == E_NOTFOUND ? 0 : rc;
}
