/* vnpay_double.c — the VNPAY gateway as the payment suites need it: parse a payment URL,
 * check what the gateway checks (version, command, currency, amount in hundredths, dates
 * in yyyyMMddHHmmss, and the signature: vnp_* parameters but vnp_SecureHash sorted by name,
 * PHP-urlencoded, joined with '&', HMAC-SHA512 under the hash secret, lowercase hex), then
 * sign an IPN query the same way. Deliberately its own code (OpenSSL directly), so that a
 * mistake in the server's signing cannot be mirrored here and pass. */
#include "vnpay_double.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_PARAMS 40

struct pair {
    char key[64];
    char value[600];
};

static int hexval(int c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Form-decodes s[0..n) into out (size cap); '+' is a space. */
static void decode(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        if (s[i] == '+') {
            out[o++] = ' ';
        } else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            out[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
}

/* PHP's urlencode into out (appended). */
static void urlencode_append(char *out, size_t cap, const char *s)
{
    size_t o = strlen(out);
    for (const unsigned char *p = (const unsigned char *)s; *p && o + 4 < cap; p++) {
        if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            *p == '-' || *p == '_' || *p == '.')
            out[o++] = (char)*p;
        else if (*p == ' ')
            out[o++] = '+';
        else
            o += (size_t)snprintf(out + o, cap - o, "%%%02X", *p);
    }
    out[o] = '\0';
}

static int by_key(const void *a, const void *b)
{
    return strcmp(((const struct pair *)a)->key, ((const struct pair *)b)->key);
}

/* The signed string of pairs (sorted in place), without vnp_SecureHash. */
static void hash_data(struct pair *p, int n, char *out, size_t cap)
{
    qsort(p, (size_t)n, sizeof *p, by_key);
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (strcmp(p[i].key, "vnp_SecureHash") == 0 || strcmp(p[i].key, "vnp_SecureHashType") == 0)
            continue;
        if (out[0])
            strncat(out, "&", cap - strlen(out) - 1);
        urlencode_append(out, cap, p[i].key);
        strncat(out, "=", cap - strlen(out) - 1);
        urlencode_append(out, cap, p[i].value);
    }
}

static void sign(const char *secret, const char *data, char hex[129])
{
    unsigned char mac[64];
    unsigned int len = 0;
    HMAC(EVP_sha512(), secret, (int)strlen(secret), (const unsigned char *)data, strlen(data), mac,
         &len);
    for (unsigned i = 0; i < len; i++)
        snprintf(hex + 2 * i, 3, "%02x", mac[i]);
    hex[2 * len] = '\0';
}

static const char *get(const struct pair *p, int n, const char *key)
{
    for (int i = 0; i < n; i++)
        if (strcmp(p[i].key, key) == 0)
            return p[i].value;
    return NULL;
}

static int fail(const char *why, const char *what)
{
    fprintf(stderr, "vnpay double: %s: %s\n", why, what ? what : "(missing)");
    return -1;
}

static int all_digits(const char *s, size_t len)
{
    if (!s || strlen(s) != len)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

static int parse_query(const char *q, struct pair *p, int *n)
{
    *n = 0;
    while (*q && *n < MAX_PARAMS) {
        const char *amp = strchr(q, '&'), *end = amp ? amp : q + strlen(q);
        const char *eq = memchr(q, '=', (size_t)(end - q));
        if (!eq)
            return fail("parameter without '='", q);
        decode(q, (size_t)(eq - q), p[*n].key, sizeof p[*n].key);
        decode(eq + 1, (size_t)(end - eq - 1), p[*n].value, sizeof p[*n].value);
        (*n)++;
        q = amp ? amp + 1 : end;
    }
    return 0;
}

static int check_fields(const struct pair *p, int n)
{
    static const char *const required[] = {
        "vnp_Version", "vnp_Command",    "vnp_TmnCode",    "vnp_Amount",     "vnp_CurrCode",
        "vnp_TxnRef",  "vnp_OrderInfo",  "vnp_OrderType",  "vnp_Locale",     "vnp_ReturnUrl",
        "vnp_IpAddr",  "vnp_CreateDate", "vnp_ExpireDate", "vnp_SecureHash", NULL};
    for (int i = 0; required[i]; i++)
        if (!get(p, n, required[i]) || !*get(p, n, required[i]))
            return fail("required parameter missing", required[i]);
    const char *amount = get(p, n, "vnp_Amount");
    if (strcmp(get(p, n, "vnp_Version"), "2.1.0") != 0)
        return fail("version", get(p, n, "vnp_Version"));
    if (strcmp(get(p, n, "vnp_Command"), "pay") != 0)
        return fail("command", get(p, n, "vnp_Command"));
    if (strcmp(get(p, n, "vnp_CurrCode"), "VND") != 0)
        return fail("currency", get(p, n, "vnp_CurrCode"));
    if (strlen(amount) < 3 || strcmp(amount + strlen(amount) - 2, "00") != 0 ||
        !all_digits(amount, strlen(amount)))
        return fail("amount is not đồng × 100", amount);
    if (!all_digits(get(p, n, "vnp_CreateDate"), 14) ||
        !all_digits(get(p, n, "vnp_ExpireDate"), 14) ||
        strcmp(get(p, n, "vnp_ExpireDate"), get(p, n, "vnp_CreateDate")) <= 0)
        return fail("dates", get(p, n, "vnp_CreateDate"));
    return 0;
}

static void copy(char *dst, size_t cap, const char *src)
{
    size_t n = src ? strlen(src) : 0;
    n = n < cap ? n : cap - 1;
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

int vd_check_payment_url(const char *url, const char *secret, struct vd_order *out)
{
    static struct pair p[MAX_PARAMS];
    static char data[16384], raw[16384];
    int n = 0;
    const char *q = url ? strchr(url, '?') : NULL;
    if (!q)
        return fail("no query in the payment URL", url);
    if (parse_query(q + 1, p, &n) || check_fields(p, n))
        return -1;
    /* The query as sent, up to the signature, must be exactly the string that was signed. */
    const char *hash_at = strstr(q, "&vnp_SecureHash=");
    if (!hash_at)
        return fail("vnp_SecureHash is not the last parameter", q);
    snprintf(raw, sizeof raw, "%.*s", (int)(hash_at - q - 1), q + 1);
    char want[129], given[160];
    copy(given, sizeof given, get(p, n, "vnp_SecureHash"));
    hash_data(p, n, data, sizeof data); /* sorts p */
    sign(secret, data, want);
    if (strcmp(raw, data) != 0)
        return fail("query differs from the signed data", raw);
    if (strcmp(want, given) != 0)
        return fail("signature does not verify", given);
    copy(out->tmn_code, sizeof out->tmn_code, get(p, n, "vnp_TmnCode"));
    copy(out->txn_ref, sizeof out->txn_ref, get(p, n, "vnp_TxnRef"));
    copy(out->amount, sizeof out->amount, get(p, n, "vnp_Amount"));
    copy(out->order_info, sizeof out->order_info, get(p, n, "vnp_OrderInfo"));
    copy(out->return_url, sizeof out->return_url, get(p, n, "vnp_ReturnUrl"));
    copy(out->ip_addr, sizeof out->ip_addr, get(p, n, "vnp_IpAddr"));
    copy(out->create_date, sizeof out->create_date, get(p, n, "vnp_CreateDate"));
    copy(out->expire_date, sizeof out->expire_date, get(p, n, "vnp_ExpireDate"));
    return 0;
}

static void pay_date(char out[16])
{
    time_t t = time(NULL) + 7 * 3600;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 16, "%Y%m%d%H%M%S", &tm);
}

static const char * or (const char *v, const char *def)
{
    return v ? v : def;
}

static void set(struct pair *p, int n, const char *key, const char *value)
{
    for (int i = 0; i < n; i++)
        if (strcmp(p[i].key, key) == 0)
            copy(p[i].value, sizeof p[i].value, value);
}

char *vd_ipn_query(const struct vd_order *o, const struct vd_ipn *opt, const char *secret)
{
    static const struct vd_ipn none;
    if (!opt)
        opt = &none;
    char date[16];
    pay_date(date);
    struct pair p[] = {
        {"vnp_TxnRef", ""},
        {"vnp_Amount", ""},
        {"vnp_BankCode", "NCB"},
        {"vnp_BankTranNo", "VNP14226112"},
        {"vnp_CardType", "ATM"},
        {"vnp_OrderInfo", ""},
        {"vnp_PayDate", ""},
        {"vnp_ResponseCode", ""},
        {"vnp_TmnCode", ""},
        {"vnp_TransactionNo", ""},
        {"vnp_TransactionStatus", ""},
    };
    int n = (int)(sizeof p / sizeof p[0]);
    set(p, n, "vnp_Amount", or (opt->amount, o->amount));
    set(p, n, "vnp_OrderInfo", o->order_info);
    set(p, n, "vnp_PayDate", date);
    set(p, n, "vnp_ResponseCode", or (opt->response_code, "00"));
    set(p, n, "vnp_TmnCode", o->tmn_code);
    set(p, n, "vnp_TransactionNo", or (opt->transaction_no, "14226112"));
    set(p, n, "vnp_TransactionStatus", or (opt->transaction_status, "00"));
    set(p, n, "vnp_TxnRef", or (opt->txn_ref, o->txn_ref));
    size_t cap = 16384;
    char *data = malloc(cap), *query = malloc(cap + 200);
    char hex[129];
    hash_data(p, n, data, cap);
    sign(or (opt->secret, secret), data, hex);
    if (opt->tamper) {
        set(p, n, "vnp_OrderInfo", "Thanh toan 1 dong");
        hash_data(p, n, data, cap);
    }
    snprintf(query, cap + 200, "%s&vnp_SecureHash=%s", data, hex);
    free(data);
    return query;
}
