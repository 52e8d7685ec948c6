/* delivery_smtp.c — e-mail to an applicant over SMTP with libcurl: a plain-text RFC 5322
 * message in UTF-8 (Subject as RFC 2047 encoded words, body in base64 so that no line is too
 * long and no line starts with a dot whatever the text), with Date and a Message-ID built from
 * the outbox row, which makes a retried message recognisable as the same one. Addresses are
 * checked before they reach a header or the envelope: a CR, LF or angle bracket in one could
 * otherwise inject headers or SMTP commands. */
#include "delivery_internal.h"

#include "buf.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MESSAGE_MAX     (256 * 1024)
#define DEFAULT_FROM    "motcua@localhost"
#define WORD_BYTES      45 /* UTF-8 bytes per encoded word: 60 base64 chars, under RFC 2047's 75 */
#define BODY_LINE       57 /* bytes per base64 body line: 76 characters */
#define DEFAULT_TIMEOUT 20

static int address_ok(const char *a)
{
    const char *at = a ? strchr(a, '@') : NULL;
    if (!at || at == a || !at[1] || strlen(a) > 254)
        return 0;
    for (const unsigned char *p = (const unsigned char *)a; *p; p++)
        if (*p <= ' ' || *p == '<' || *p == '>' || *p == '"' || *p == ',' || *p == 0x7f)
            return 0;
    return 1;
}

static void put_base64(struct buf *b, const unsigned char *p, size_t n)
{
    char out[sodium_base64_ENCODED_LEN(BODY_LINE, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(out, sizeof out, p, n, sodium_base64_VARIANT_ORIGINAL);
    buf_puts(b, out);
}

/* Where a chunk of at most max bytes of s may end without cutting a UTF-8 character. */
static size_t utf8_chunk(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    size_t n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n ? n : max;
}

static void put_subject(struct buf *b, const char *subject)
{
    size_t len = strlen(subject);
    buf_puts(b, "Subject:");
    while (len) {
        size_t n = utf8_chunk(subject, len, WORD_BYTES);
        buf_puts(b, " =?UTF-8?B?");
        put_base64(b, (const unsigned char *)subject, n);
        buf_puts(b, "?=");
        subject += n;
        len -= n;
        if (len)
            buf_puts(b, "\r\n");
    }
    buf_puts(b, "\r\n");
}

/* "Tue, 05 May 2027 03:00:00 +0000" in the C locale whatever the process's locale is. */
static void put_date(struct buf *b, time_t t)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    gmtime_r(&t, &tm);
    buf_printf(b, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday], tm.tm_mday,
               months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* The text with CRLF line ends, base64 encoded in 76-character lines. */
static void put_body(struct buf *b, const char *text)
{
    struct buf crlf;
    buf_init(&crlf, MESSAGE_MAX);
    for (const char *p = text; *p; p++) {
        if (*p == '\n' && (p == text || p[-1] != '\r'))
            buf_putc(&crlf, '\r');
        buf_putc(&crlf, *p);
    }
    for (size_t off = 0; off < crlf.len; off += BODY_LINE) {
        size_t n = crlf.len - off < BODY_LINE ? crlf.len - off : BODY_LINE;
        put_base64(b, (const unsigned char *)crlf.data + off, n);
        buf_puts(b, "\r\n");
    }
    buf_free(&crlf);
}

static void build_message(struct buf *b, const char *from, const struct delivery_msg *m)
{
    time_t now = time(NULL);
    put_date(b, now);
    buf_printf(b, "From: %s\r\nTo: %s\r\n", from, m->recipient);
    buf_printf(b, "Message-ID: <motcua.outbox.%lld@%s>\r\n", (long long)m->id,
               strchr(from, '@') + 1);
    put_subject(b, m->subject);
    buf_puts(b, "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                "Content-Transfer-Encoding: base64\r\n\r\n");
    put_body(b, m->text);
}

struct upload {
    const char *p;
    size_t left;
};

static size_t read_upload(char *out, size_t size, size_t nmemb, void *arg)
{
    struct upload *u = arg;
    size_t n = size * nmemb < u->left ? size * nmemb : u->left;
    memcpy(out, u->p, n);
    u->p += n;
    u->left -= n;
    return n;
}

static int send_mail(const struct svc_delivery_config *cfg, const char *from, const char *to,
                     const struct buf *msg, struct err *e)
{
    CURL *h = curl_easy_init();
    if (!h)
        return err_set(e, E_NOMEM, NULL, "cannot start libcurl");
    char envelope_from[300], envelope_to[300], errbuf[CURL_ERROR_SIZE] = "";
    snprintf(envelope_from, sizeof envelope_from, "<%s>", from);
    snprintf(envelope_to, sizeof envelope_to, "<%s>", to);
    struct curl_slist *rcpt = curl_slist_append(NULL, envelope_to);
    struct upload u = {msg->data, msg->len};
    long timeout = cfg->timeout_seconds > 0 ? cfg->timeout_seconds : DEFAULT_TIMEOUT;
    curl_easy_setopt(h, CURLOPT_URL, cfg->smtp_url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, envelope_from);
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(h, CURLOPT_READDATA, &u);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    CURLcode rc = rcpt ? curl_easy_perform(h) : CURLE_OUT_OF_MEMORY;
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(h);
    if (rc == CURLE_OK)
        return 0;
    return err_set(e, E_UNAVAILABLE, NULL, "SMTP: %s", *errbuf ? errbuf : curl_easy_strerror(rc));
}

int delivery_smtp_send(const struct svc_delivery_config *cfg, const struct delivery_msg *m,
                       struct err *e)
{
    const char *from = cfg->mail_from && *cfg->mail_from ? cfg->mail_from : DEFAULT_FROM;
    if (!address_ok(from))
        return err_set(e, E_UNAVAILABLE, NULL, "MOTCUA_MAIL_FROM is not a plain address: %s", from);
    if (!address_ok(m->recipient))
        return err_set(e, E_INVALID, NULL, "not a deliverable e-mail address");
    struct buf msg;
    buf_init(&msg, MESSAGE_MAX);
    build_message(&msg, from, m);
    int rc = send_mail(cfg, from, m->recipient, &msg, e);
    buf_free(&msg);
    return rc;
}
