/* notify.c — the messages an applicant receives about their dossier (received, supplement
 * requested, payment requested, processing again, result ready, returned, refused, withdrawn
 * or stopped, the apology with its new date: the nine statuses provincial systems push), in
 * Vietnamese. Each is written to the outbox by dossier_log()
 * in the transaction of the transition itself, one row per contact the applicant gave, with
 * the subject and text rendered now: what the applicant reads is what the dossier was at that
 * moment, and staff see the exact text in the outbox. E-mail and Zalo carry the full text, SMS
 * one line; which of them go out is the applicant's choice (notify_prefs.c). The texts never
 * carry the applicant's
 * identity number; the public lookup link is added at delivery, where the public address is
 * known (delivery.c). The citizen who sent feedback (phản ánh, kiến nghị) is told the answer
 * the same way. */
#include "notify_internal.h"
#include "jpack.h"

#include "dossier_state.h"
#include "format.h"
#include "svc_internal.h"

#include <jansson.h>
#include <string.h>

#define TEXT_MAX 8192

enum notify_date { DATE_NONE, DATE_DUE, DATE_NEW_DUE };

struct notify_event {
    const char *action, *state; /* the transition (state NULL = any) */
    const char *event;          /* outbox event name */
    const char *subject;        /* after "Hồ sơ CODE " */
    const char *sentence;       /* what happened, for the applicant */
    enum notify_date date;
    const char *note_label; /* how the note is introduced; NULL = not shown */
};

static const struct notify_event events[] = {
    {"accept", NULL, "dossier.received", "đã được tiếp nhận",
     "Hồ sơ của ông/bà đã được tiếp nhận và chuyển xử lý.", DATE_DUE, NULL},
    {"reception_supplement", NULL, "dossier.supplement_requested", "cần bổ sung",
     "Hồ sơ của ông/bà chưa đủ điều kiện tiếp nhận, đề nghị bổ sung, hoàn thiện.", DATE_NONE,
     "Nội dung cần bổ sung"},
    {"request_supplement", NULL, "dossier.supplement_requested", "cần bổ sung",
     "Trong quá trình giải quyết, hồ sơ của ông/bà cần được bổ sung, hoàn thiện.", DATE_NONE,
     "Nội dung cần bổ sung"},
    {"refuse_reception", NULL, "dossier.refused", "không được tiếp nhận",
     "Hồ sơ của ông/bà không được tiếp nhận.", DATE_NONE, "Lý do"},
    {"payment_request", NULL, "dossier.payment_requested", "cần nộp phí, lệ phí",
     "Đề nghị ông/bà nộp phí, lệ phí để hồ sơ được tiếp tục giải quyết.", DATE_NONE, "Chi tiết"},
    {"supplement_received", NULL, "dossier.processing", "đang được giải quyết",
     "Cơ quan giải quyết đã nhận đủ hồ sơ bổ sung; hồ sơ của ông/bà tiếp tục được giải quyết.",
     DATE_DUE, NULL},
    {"payment_paid", "processing", "dossier.processing", "đang được giải quyết",
     "Ông/bà đã nộp phí, lệ phí; hồ sơ của ông/bà tiếp tục được giải quyết.", DATE_DUE, "Chi tiết"},
    {"advance", "result_ready", "dossier.result_ready", "đã có kết quả",
     "Hồ sơ của ông/bà đã có kết quả giải quyết, mời ông/bà đến nhận kết quả.", DATE_NONE, NULL},
    {"refuse", NULL, "dossier.result_ready", "đã có kết quả",
     "Hồ sơ của ông/bà đã có văn bản trả lời, mời ông/bà đến nhận.", DATE_NONE, "Lý do"},
    {"return", NULL, "dossier.returned", "đã trả kết quả",
     "Kết quả giải quyết hồ sơ đã được trả cho ông/bà. Cảm ơn ông/bà đã sử dụng dịch vụ.",
     DATE_NONE, NULL},
    {"extend", NULL, "dossier.apology", "được hẹn lại ngày trả kết quả",
     "Cơ quan giải quyết thành thật xin lỗi ông/bà vì hồ sơ chưa được giải quyết đúng hạn và "
     "xin hẹn lại ngày trả kết quả.",
     DATE_NEW_DUE, "Lý do"},
    {"withdraw", NULL, "dossier.withdrawn", "đã được rút",
     "Hồ sơ của ông/bà đã được rút theo yêu cầu.", DATE_NONE, NULL},
    {"stop", NULL, "dossier.stopped", "đã dừng giải quyết",
     "Việc giải quyết hồ sơ của ông/bà đã dừng.", DATE_NONE, "Lý do"},
};

static const struct notify_event *event_for(const char *action, const char *state)
{
    for (size_t i = 0; i < sizeof events / sizeof events[0]; i++)
        if (strcmp(events[i].action, action) == 0 &&
            (!events[i].state || strcmp(events[i].state, state) == 0))
            return &events[i];
    return NULL;
}

static const char *state_label(const char *name)
{
    enum dossier_state s;
    return dossier_state_parse(name, &s) == 0 ? dossier_state_label(s) : name;
}

static int given(const char *s)
{
    return s && *s;
}

static void put_date(struct buf *b, const char *label, int64_t t)
{
    if (!t)
        return;
    buf_printf(b, "%s: ", label);
    fmt_official(b, t);
    buf_puts(b, ".\n");
}

/* The e-mail text: greeting, what happened, the dossier, the date that matters, the note. */
static void render_text(struct buf *b, const struct notify_event *ev, const struct dossier_row *d,
                        const char *note)
{
    buf_printf(b, "Kính gửi ông/bà %s,\n\n%s\n\n", d->applicant_name, ev->sentence);
    buf_printf(b, "Mã hồ sơ: %s.\nThủ tục: %s.\nTrạng thái: %s.\n", d->code, d->procedure_name,
               state_label(d->state));
    if (ev->date == DATE_DUE)
        put_date(b, "Ngày hẹn trả kết quả", d->due_at);
    else if (ev->date == DATE_NEW_DUE)
        put_date(b, "Ngày hẹn trả kết quả mới", d->due_at);
    if (ev->note_label && given(note))
        buf_printf(b, "%s: %s\n", ev->note_label, note);
    buf_puts(b, "\nBộ phận Tiếp nhận và Trả kết quả (Một cửa).\n");
}

/* The SMS text: short, one line, the code and the date that matters. */
static void render_short(struct buf *b, const struct notify_event *ev, const struct dossier_row *d)
{
    buf_printf(b, "Hồ sơ %s %s.", d->code, ev->subject);
    if (ev->date != DATE_NONE && d->due_at) {
        buf_puts(b, " Hẹn trả kết quả: ");
        fmt_datetime(b, d->due_at);
        buf_putc(b, '.');
    }
}

static int queue(struct db_conn *c, const struct dossier_row *d, const struct notify_event *ev,
                 const char *channel, const char *to, const char *subject, const char *text,
                 int64_t now, struct err *e)
{
    struct svc_outbox_new m = {.channel = channel,
                               .recipient = to,
                               .event = ev->event,
                               .dossier_id = d->id,
                               .user_id = d->applicant_user_id,
                               .now = now};
    json_t *payload = jpack("{s:s, s:s, s:s, s:s, s:s}", "code", d->code, "procedure",
                            d->procedure_name, "state", d->state, "subject", subject, "text", text);
    return payload ? svc_outbox_add(c, &m, payload, e) : err_set(e, E_NOMEM, NULL, "out of memory");
}

int notify_on_event(struct db_conn *c, const struct dossier_row *d, const char *action,
                    const char *note, int64_t now, struct err *e)
{
    const struct notify_event *ev = event_for(action, d->state);
    struct notify_pref want;
    if (!ev || (!given(d->applicant_email) && !given(d->applicant_phone)))
        return 0;
    int rc = notify_prefs_for(c, d->applicant_user_id, &want, e);
    if (rc)
        return rc;
    struct buf subject, text, sms;
    buf_init(&subject, TEXT_MAX);
    buf_init(&text, TEXT_MAX);
    buf_init(&sms, TEXT_MAX);
    buf_printf(&subject, "Hồ sơ %s %s", d->code, ev->subject);
    render_text(&text, ev, d, note);
    render_short(&sms, ev, d);
    if (want.email && given(d->applicant_email))
        rc =
            queue(c, d, ev, "email", d->applicant_email, buf_str(&subject), buf_str(&text), now, e);
    if (!rc && want.sms && given(d->applicant_phone))
        rc = queue(c, d, ev, "sms", d->applicant_phone, buf_str(&subject), buf_str(&sms), now, e);
    if (!rc && want.zalo && given(d->applicant_phone))
        rc = queue(c, d, ev, "zalo", d->applicant_phone, buf_str(&subject), buf_str(&text), now, e);
    buf_free(&subject);
    buf_free(&text);
    buf_free(&sms);
    return rc;
}

#define FEEDBACK_EVENT   "feedback.answered"
#define FEEDBACK_SUBJECT "Phản ánh, kiến nghị của ông/bà đã được trả lời"

static void render_feedback_text(struct buf *b, const struct notify_feedback *f)
{
    buf_printf(b, "Kính gửi ông/bà %s,\n\nPhản ánh, kiến nghị ông/bà gửi ", f->full_name);
    fmt_official(b, f->created_at);
    if (given(f->dossier_code))
        buf_printf(b, " về hồ sơ %s", f->dossier_code);
    buf_printf(b, " đã được trả lời.\n\nNội dung phản ánh, kiến nghị:\n%s\n\nTrả lời:\n%s\n\n",
               f->text, f->answer);
    buf_puts(b, "Ông/bà xem lại tại mục \"Phản ánh, kiến nghị\" trên Cổng dịch vụ công.\n\n"
                "Bộ phận Tiếp nhận và Trả kết quả (Một cửa).\n");
}

static void render_feedback_short(struct buf *b, const struct notify_feedback *f)
{
    buf_puts(b, "Phản ánh, kiến nghị ông/bà gửi ngày ");
    fmt_date(b, f->created_at);
    buf_puts(b, " đã được trả lời. Xem tại mục Phản ánh, kiến nghị trên Cổng dịch vụ công.");
}

/* The dossier's code, when there is one, is what delivery links to. */
static int queue_feedback(struct db_conn *c, const struct notify_feedback *f, const char *channel,
                          const char *to, const char *text, int64_t now, struct err *e)
{
    struct svc_outbox_new m = {.channel = channel,
                               .recipient = to,
                               .event = FEEDBACK_EVENT,
                               .user_id = f->user_id,
                               .now = now};
    json_t *payload = jpack("{s:I, s:s, s:s}", "feedback_id", (json_int_t)f->id, "subject",
                            FEEDBACK_SUBJECT, "text", text);
    if (payload && given(f->dossier_code))
        json_object_set_new(payload, "code", json_string(f->dossier_code));
    return payload ? svc_outbox_add(c, &m, payload, e) : err_set(e, E_NOMEM, NULL, "out of memory");
}

int notify_feedback_answered(struct db_conn *c, const struct notify_feedback *f, int64_t now,
                             struct err *e)
{
    struct notify_pref want;
    int rc = notify_prefs_for(c, f->user_id, &want, e);
    if (rc)
        return rc;
    struct buf text, sms;
    buf_init(&text, TEXT_MAX);
    buf_init(&sms, TEXT_MAX);
    render_feedback_text(&text, f);
    render_feedback_short(&sms, f);
    rc = queue_feedback(c, f, "internal", f->username, buf_str(&text), now, e);
    if (!rc && want.email && given(f->email))
        rc = queue_feedback(c, f, "email", f->email, buf_str(&text), now, e);
    if (!rc && want.sms && given(f->phone))
        rc = queue_feedback(c, f, "sms", f->phone, buf_str(&sms), now, e);
    if (!rc && want.zalo && given(f->phone))
        rc = queue_feedback(c, f, "zalo", f->phone, buf_str(&text), now, e);
    buf_free(&text);
    buf_free(&sms);
    return rc;
}
