/* dossier_lookup.c — the public lookup of a dossier by its code (svc_dossier.h). Codes are
 * sequential by law (unit, date, number of the day), so anyone can guess them: by the code
 * alone the lookup shows only the status and the appointment. The masked name of the
 * applicant, the procedure, the receiving unit and the timeline need a second factor that only
 * the applicant has: the dossier's random lookup token (in the receipt's QR code and in the
 * lookup link of every notification) or the last four digits of their CCCD or phone number.
 * Four digits can be guessed in ten thousand tries, so every try with them — and every wrong
 * token — counts in buckets of its own, per client address and per dossier, far below the
 * lookup's own limit. */
#include "svc_dossier.h"

#include "dossier_code.h"
#include "dossier_internal.h"
#include "format.h"
#include "svc_auth.h"

#include <ctype.h>
#include <sodium.h>
#include <string.h>

/* Tries of a second factor per hour, per client address and per dossier. */
#define FACTOR_TRIES_PER_HOUR 10
#define LAST4_LEN             4

/* 128 random bits, base64url: unguessable, and short enough that the receipt's QR code (at
 * most 24 mm) stays easy for a phone to read. */
const char *svc_dossier_lookup_token(struct arena *ar)
{
    unsigned char raw[16];
    randombytes_buf(raw, sizeof raw);
    size_t n = sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = arena_alloc(ar, n);
    sodium_bin2base64(out, n, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

struct lookup_ctx {
    struct arena *ar;
    const char *code;
    struct dossier_public_row row;
};

/* One query, no organisation tree: the lookup is the busiest anonymous page (every receipt's
 * QR code leads to it), and the unit names it shows come with the dossier's own row. */
static int lookup_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct lookup_ctx *x = ctx;
    return dossier_public_get(c, x->ar, x->code, &x->row, e);
}

static int token_matches(const char *given, const char *stored)
{
    size_t n = given ? strlen(given) : 0;
    return n && stored && n == strlen(stored) && sodium_memcmp(given, stored, n) == 0;
}

/* The last four digits of s, ignoring everything that is not a digit; 0 when s has fewer. */
static int last_digits(const char *s, char out[LAST4_LEN + 1])
{
    size_t have = 0;
    char digits[LAST4_LEN] = {0};
    for (const char *p = s ? s : ""; *p; p++)
        if (isdigit((unsigned char)*p)) {
            memmove(digits, digits + 1, LAST4_LEN - 1);
            digits[LAST4_LEN - 1] = *p;
            have++;
        }
    memcpy(out, digits, LAST4_LEN);
    out[LAST4_LEN] = '\0';
    return have >= LAST4_LEN;
}

static int last4_matches(const char *given, const struct dossier_public_row *d)
{
    char id[LAST4_LEN + 1], phone[LAST4_LEN + 1];
    int has_id = last_digits(d->applicant_id, id),
        has_phone = last_digits(d->applicant_phone, phone);
    return (has_id && sodium_memcmp(given, id, LAST4_LEN) == 0) ||
           (has_phone && sodium_memcmp(given, phone, LAST4_LEN) == 0);
}

static int last4_valid(const char *s)
{
    if (!s || strlen(s) != LAST4_LEN)
        return 0;
    for (const char *p = s; *p; p++)
        if (!isdigit((unsigned char)*p))
            return 0;
    return 1;
}

/* Counts one try of a second factor for the client and for the dossier; E_RATE past either. */
static int count_factor_try(struct svc *s, struct arena *ar, const struct svc_lookup_query *q,
                            struct err *e)
{
    const char *ip = q->client_ip ? q->client_ip : "";
    int rc =
        svc_rate_limit(s, arena_printf(ar, "lookup-factor:%s", ip), FACTOR_TRIES_PER_HOUR, 3600, e);
    if (!rc)
        rc = svc_rate_limit(s, arena_printf(ar, "lookup-factor:%s", q->code), FACTOR_TRIES_PER_HOUR,
                            3600, e);
    if (rc == E_RATE)
        return err_set(e, E_RATE, "last4",
                       "Đã nhập sai thông tin xác minh quá nhiều lần. Vui lòng thử lại sau một "
                       "giờ, hoặc quét mã QR trên Giấy tiếp nhận.");
    return rc;
}

static void fill_full(struct arena *ar, const struct dossier_public_row *d,
                      struct svc_public_dossier *out)
{
    struct buf masked;
    buf_init(&masked, 1024);
    fmt_masked_name(&masked, d->applicant_name);
    out->masked_name = arena_strdup(ar, buf_str(&masked));
    buf_free(&masked);
    out->procedure_name = d->procedure_name;
    out->receiving_unit_name = d->receiving_unit_name;
    out->received_at = d->received_at;
    out->events = arena_alloc(ar, sizeof *out->events * (size_t)(d->nevents + 1));
    out->nevents = d->nevents;
    for (int i = 0; i < d->nevents; i++) {
        const struct dossier_public_event *ev = &d->events[i];
        out->events[i] = (struct svc_dossier_event){.at = ev->at,
                                                    .actor = "",
                                                    .action = ev->action,
                                                    .from_state = ev->from_state,
                                                    .to_state = ev->to_state,
                                                    .from_unit = ev->from_unit_name,
                                                    .to_unit = ev->to_unit_name,
                                                    .timing = ev->timing,
                                                    .note = ""};
    }
    out->verified = 1;
}

int svc_dossier_lookup(struct svc *s, struct arena *ar, const struct svc_lookup_query *q,
                       struct svc_public_dossier *out, struct err *e)
{
    if (!q->code || !dossier_code_valid(q->code))
        return err_set(e, E_NOTFOUND, "code",
                       "Mã hồ sơ không đúng dạng. Mã in trên Giấy tiếp nhận có dạng "
                       "000.00.15.H33-270429-0007");
    int has_token = q->token && *q->token, has_last4 = q->last4 && *q->last4;
    if (has_last4 && !last4_valid(q->last4))
        return err_set(e, E_INVALID, "last4",
                       "Nhập đúng 4 chữ số cuối của số CCCD hoặc số điện thoại đã khai");
    int rc = has_last4 ? count_factor_try(s, ar, q, e) : 0;
    struct lookup_ctx x = {.ar = ar, .code = q->code};
    if (!rc)
        rc = db_with_conn(s->db, lookup_read, &x, e);
    if (rc)
        return rc;
    enum dossier_state st = DS_NONE;
    dossier_state_parse(x.row.state, &st);
    *out = (struct svc_public_dossier){.code = x.row.code,
                                       .state_label = dossier_state_label(st),
                                       .national_status = x.row.national_status,
                                       .result_ready = st == DS_RESULT_READY,
                                       .due_at = x.row.due_at};
    if ((has_token && token_matches(q->token, x.row.lookup_token)) ||
        (has_last4 && last4_matches(q->last4, &x.row))) {
        fill_full(ar, &x.row, out);
        return 0;
    }
    if (has_token && !has_last4 && (rc = count_factor_try(s, ar, q, e)) != 0)
        return rc;
    if (has_last4)
        out->factor_problem = "4 số cuối không khớp với số CCCD hoặc số điện thoại của hồ sơ này.";
    else if (has_token)
        out->factor_problem = "Đường dẫn tra cứu không đúng. Hãy quét lại mã QR trên Giấy tiếp "
                              "nhận hoặc nhập 4 số cuối CCCD hoặc số điện thoại.";
    return 0;
}

int svc_dossier_lookup_admit(struct svc *s, struct arena *ar, const char *client_ip, struct err *e)
{
    return svc_rate_limit(s, arena_printf(ar, "lookup:%s", client_ip ? client_ip : ""),
                          s->cfg.lookups_per_minute, 60, e);
}

int svc_dossier_paper_admit(struct svc *s, struct arena *ar, const char *client_ip, struct err *e)
{
    return svc_rate_limit(s, arena_printf(ar, "verify:%s", client_ip ? client_ip : ""),
                          s->cfg.lookups_per_minute, 60, e);
}
