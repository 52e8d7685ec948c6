/* pages_exchange.c — /desk/lien-thong, the operators' view of the exchange with other systems
 * (docs/exchange.md "The operator's page"). The first page lists every configured partner
 * with its queue depth, the oldest message not yet acknowledged, the lag, the failures and
 * the totals; a partner's page lists its messages in trouble — refused for good, or waiting
 * for another try — with the partner's own answer, and offers resend and skip. Both actions
 * take the desk's confirmation step (templates/confirm.html): the first POST shows what will
 * happen, the button posts again with confirm=1; a skip needs a reason. Administrators and
 * auditors without a unit read, administrators act; the service checks again and audits.
 * A partner on the national portal's adapter also gets reconciliation (docs/national-portal.md):
 * a period (dd/mm/yyyy, yesterday by default) compared with the portal's view, the last run's
 * differences, and a resend per difference behind the same confirmation step. */
#include "page.h"
#include "jpack.h"
#include "pages_exchange.h"

#include "cal_date.h"
#include "format.h"
#include "svc_exchange.h"
#include "svc_portal.h"

#include <string.h>

#define TROUBLE_SHOWN 200

/* "3 giờ 5 phút", "40 giây": how long the oldest message has waited. */
static const char *lag_words(struct http_req *r, int64_t s)
{
    if (s <= 0)
        return "—";
    if (s < 60)
        return arena_printf(r->arena, "%lld giây", (long long)s);
    if (s < 3600)
        return arena_printf(r->arena, "%lld phút", (long long)(s / 60));
    if (s < 86400)
        return arena_printf(r->arena, "%lld giờ %lld phút", (long long)(s / 3600),
                            (long long)(s % 3600 / 60));
    return arena_printf(r->arena, "%lld ngày %lld giờ", (long long)(s / 86400),
                        (long long)(s % 86400 / 3600));
}

static json_t *partner_json(struct http_req *r, const struct svc_exchange_partner_view *v)
{
    return jpack("{s:s, s:s, s:s, s:b, s:I, s:I, s:I, s:s, s:s, s:I, s:I, s:I, s:s, s:b}", "name",
                 v->name, "adapter", v->adapter, "url", v->url, "configured", v->configured,
                 "queued", (json_int_t)v->queued, "failed", (json_int_t)v->failed, "retrying",
                 (json_int_t)v->retrying, "oldest",
                 v->oldest_unsent_at ? page_datetime(r, v->oldest_unsent_at) : "—", "lag",
                 lag_words(r, v->lag_seconds), "acked", (json_int_t)v->acked, "skipped",
                 (json_int_t)v->skipped, "received", (json_int_t)v->received, "last_ack",
                 v->last_ack_at ? page_datetime(r, v->last_ack_at) : "chưa có", "trouble",
                 v->failed > 0 || v->retrying > 0);
}

int page_exchange(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_ADMIN | ROLE_AUDITOR);
    if (!a)
        return 0;
    struct svc_exchange_partner_view *v = NULL;
    int n = 0;
    struct err e = {0};
    if (svc_exchange_partners(app->svc, a, r->arena, svc_now(), &v, &n, &e))
        return app_err(r, w, &e);
    json_t *rows = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(rows, partner_json(r, &v[i]));
    return page_render(r, w, 200, "desk_exchange", "Liên thông với hệ thống khác",
                       jpack("{s:o, s:b}", "partners", rows, "any", n > 0));
}

static json_t *message_json(struct http_req *r, const struct svc_exchange_message *m, int may_act)
{
    return jpack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:b, s:b}", "id", (json_int_t)m->id,
        "created", page_datetime(r, m->created_at), "object", m->object_key, "kind", m->kind, "key",
        m->idem_key, "state", m->state_label, "attempts", m->attempts, "next",
        strcmp(m->state, "queued") == 0 && m->next_attempt_at ? page_datetime(r, m->next_attempt_at)
                                                              : "—",
        "answer", m->last_error ? m->last_error : "", "failed", strcmp(m->state, "failed") == 0,
        "may_act", may_act);
}

/* "dd/mm/yyyy" of a calendar day. */
static const char *day_words(struct http_req *r, int32_t day)
{
    struct buf *b = buf_in_arena(r->arena, 32);
    return b && fmt_date(b, cal_instant(day, 12 * 3600)) == 0 && b->data ? b->data : "";
}

static json_t *difference_json(const struct svc_portal_difference *d, int may_act)
{
    return jpack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:b}", "id", (json_int_t)d->id, "code",
                 d->code, "kind", d->kind_label, "field", d->field, "ours", d->ours, "theirs",
                 d->theirs, "resent", d->resent_at != 0, "may_act", may_act);
}

/* The reconciliation part of a portal partner's page: the form (yesterday by default), the
 * last run's result when the redirect carries it, and the last run's differences. */
static int portal_part(struct http_req *r, const struct actor *a, const char *partner, int may_act,
                       json_t *ctx, struct err *e)
{
    struct svc_portal_difference *d = NULL;
    int n = 0;
    if (svc_portal_differences(page_app(r)->svc, a, r->arena, partner, &d, &n, e))
        return e->code;
    json_t *rows = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(rows, difference_json(&d[i], may_act));
    const char *yesterday = day_words(r, cal_local_day(svc_now()) - 1);
    const char *from = http_form(r, "from"), *to = http_form(r, "to");
    json_t *part =
        jpack("{s:s, s:s, s:o, s:b, s:b}", "from", from ? from : yesterday, "to",
              to ? to : yesterday, "differences", rows, "any", n > 0, "may_act", may_act);
    const char *checked = http_query(r, "da-so");
    if (checked && *checked)
        json_object_set_new(
            part, "result",
            json_string(arena_printf(
                r->arena, "Đã đối soát %s hồ sơ: %s khác biệt, %s hồ sơ không hỏi được Cổng.",
                checked, http_query(r, "khac") ? http_query(r, "khac") : "0",
                http_query(r, "khong-hoi") ? http_query(r, "khong-hoi") : "0")));
    json_object_set_new(ctx, "portal", part);
    return 0;
}

static int partner_page(struct http_req *r, struct http_resp *w, const char *partner, int status,
                        const struct err *fe)
{
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_ADMIN | ROLE_AUDITOR);
    if (!a)
        return 0;
    struct svc_exchange_partner_view v;
    struct svc_exchange_message *m = NULL;
    int n = 0;
    struct err e = {0};
    if (svc_exchange_partner(app->svc, a, r->arena, partner, svc_now(), TROUBLE_SHOWN, &v, &m, &n,
                             &e))
        return app_err(r, w, &e);
    int may_act = (actor_roles_unscoped(a) & ROLE_ADMIN) != 0;
    json_t *rows = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(rows, message_json(r, &m[i], may_act));
    json_t *ctx = jpack("{s:o, s:o, s:b}", "partner", partner_json(r, &v), "messages", rows,
                        "any_trouble", n > 0);
    if (svc_portal_adapter_is(v.adapter) && portal_part(r, a, partner, may_act, ctx, &e))
        return app_err(r, w, &e);
    const char *done = http_query(r, "xong");
    if (done && *done)
        json_object_set_new(ctx, "done", json_string(done));
    if (fe)
        json_object_set_new(ctx, "errors",
                            jpack("[{s:s, s:s}]", "field", fe->field, "message", fe->msg));
    return page_render(r, w, status, "desk_exchange_partner",
                       arena_printf(r->arena, "Liên thông: %s", v.name), ctx);
}

int page_exchange_partner(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    return partner_page(r, w, http_param(r, "partner"), 200, NULL);
}

static json_t *hidden(const char *name, const char *value)
{
    return jpack("{s:s, s:s}", "name", name, "value", value ? value : "");
}

/* What resend and skip say before they are done, and where they go back to. */
static int confirm_page(struct http_req *r, struct http_resp *w,
                        const struct svc_exchange_message *m, int skip, const struct err *fe)
{
    const char *back = arena_printf(r->arena, "/desk/lien-thong/%s", m->partner);
    json_t *says = json_array();
    json_array_append_new(
        says, json_string(arena_printf(r->arena, "Thông điệp «%s» về %s (khóa %s), %s.", m->kind,
                                       m->object_key, m->idem_key, m->state_label)));
    if (m->last_error && *m->last_error)
        json_array_append_new(
            says,
            json_string(arena_printf(r->arena, "Trả lời lần cuối của đối tác: %s", m->last_error)));
    json_array_append_new(
        says,
        json_string(skip ? "Thông điệp sẽ không bao giờ được gửi; các thông điệp sau nó về cùng "
                           "đối tượng sẽ được gửi tiếp. Đối tác có thể thiếu thông tin này: hãy "
                           "gửi lại bản đầy đủ khi cần."
                         : "Thông điệp được gửi lại ngay ở lượt gửi tới, với cùng khóa chống "
                           "trùng, nên đối tác không áp dụng nó hai lần."));
    json_array_append_new(says, json_string("Thao tác được ghi vào nhật ký."));
    json_t *reason = skip ? jpack("{s:s, s:s, s:s, s:b}", "id", "reason", "name", "reason", "label",
                                  "Lý do bỏ qua", "required", 1)
                          : json_null();
    json_t *confirm = jpack("{s:s, s:s, s:o, s:s, s:o, s:o, s:s, s:s, s:s}", "title",
                            arena_printf(r->arena, "%s thông điệp số %lld?",
                                         skip ? "Bỏ qua" : "Gửi lại", (long long)m->id),
                            "lead", arena_printf(r->arena, "Đối tác liên thông: %s.", m->partner),
                            "consequences", says, "action",
                            arena_printf(r->arena, "/desk/lien-thong/tin/%lld/%s", (long long)m->id,
                                         skip ? "bo-qua" : "gui-lai"),
                            "hidden", jpack("[o]", hidden("confirm", "1")), "reason", reason,
                            "button", skip ? "Xác nhận: bỏ qua" : "Xác nhận: gửi lại",
                            "cancel_href", back, "cancel_label", "Không, quay lại");
    json_t *ctx = jpack("{s:o}", "confirm", confirm);
    if (fe)
        json_object_set_new(ctx, "errors",
                            jpack("[{s:s, s:s}]", "field", fe->field, "message", fe->msg));
    return page_render(r, w, fe ? http_status_for(fe->code) : 200, "confirm",
                       arena_printf(r->arena, "%s thông điệp số %lld", skip ? "Bỏ qua" : "Gửi lại",
                                    (long long)m->id),
                       ctx);
}

static int act(struct http_req *r, struct http_resp *w, int skip)
{
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_ADMIN);
    if (!a)
        return 0;
    int64_t id = http_param_id(r, "id");
    struct svc_exchange_message m;
    struct err e = {0};
    if (svc_exchange_message_get(app->svc, a, r->arena, id, &m, &e))
        return app_err(r, w, &e);
    const char *confirmed = http_form(r, "confirm");
    if (!confirmed || strcmp(confirmed, "1") != 0)
        return confirm_page(r, w, &m, skip, NULL);
    int rc = skip ? svc_exchange_skip(app->svc, a, id, http_form(r, "reason"), &e)
                  : svc_exchange_resend(app->svc, a, id, &e);
    if (rc == E_INVALID && skip)
        return confirm_page(r, w, &m, skip, &e);
    if (rc == E_CONFLICT || rc == E_INVALID)
        return partner_page(r, w, m.partner, http_status_for(rc), &e);
    if (rc)
        return app_err(r, w, &e);
    http_resp_redirect(w, arena_printf(r->arena, "/desk/lien-thong/%s?xong=%s%lld", m.partner,
                                       skip ? "bo-qua-" : "gui-lai-", (long long)id));
    return 0;
}

int page_exchange_resend(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    return act(r, w, 0);
}

int page_exchange_skip(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    return act(r, w, 1);
}

/* A typed day (dd/mm/yyyy; empty = yesterday) as the calendar day it names. */
static int typed_day(struct http_req *r, const char *field, const char *label, int32_t *day,
                     struct err *e)
{
    const char *v = http_form(r, field);
    char ymd[11];
    if (!v || !*v) {
        *day = cal_local_day(svc_now()) - 1;
        return 0;
    }
    if (fmt_parse_date(v, field, label, ymd, e))
        return e->code;
    return cal_parse_date(ymd, day, e);
}

int page_exchange_reconcile(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_ADMIN);
    if (!a)
        return 0;
    const char *partner = http_param(r, "partner");
    int32_t from = 0, to = 0;
    struct svc_portal_reconcile_result res;
    struct err e = {0};
    if (typed_day(r, "from", "Từ ngày", &from, &e) || typed_day(r, "to", "Đến ngày", &to, &e))
        return partner_page(r, w, partner, 422, &e);
    if (to < from) {
        err_set(&e, E_INVALID, "to", "Ngày kết thúc không được trước ngày bắt đầu");
        return partner_page(r, w, partner, 422, &e);
    }
    int rc = svc_portal_reconcile(app->svc, a, partner, cal_instant(from, 0),
                                  cal_instant(to + 1, 0), svc_now(), &res, &e);
    if (rc == E_INVALID || rc == E_CONFLICT)
        return partner_page(r, w, partner, http_status_for(rc), &e);
    if (rc)
        return app_err(r, w, &e);
    http_resp_redirect(w,
                       arena_printf(r->arena, "/desk/lien-thong/%s?da-so=%d&khac=%d&khong-hoi=%d",
                                    partner, res.checked, res.differences, res.unreachable));
    return 0;
}

/* The difference id among the last runs' (E_NOTFOUND when none has it). */
static int difference_get(struct http_req *r, const struct actor *a, int64_t id,
                          struct svc_portal_difference *out, struct err *e)
{
    struct svc_portal_difference *d = NULL;
    int n = 0;
    if (svc_portal_differences(page_app(r)->svc, a, r->arena, NULL, &d, &n, e))
        return e->code;
    for (int i = 0; i < n; i++)
        if (d[i].id == id) {
            *out = d[i];
            return 0;
        }
    return err_set(e, E_NOTFOUND, "id", "Không tìm thấy khác biệt này trong lần đối soát gần nhất");
}

static int difference_confirm(struct http_req *r, struct http_resp *w,
                              const struct svc_portal_difference *d)
{
    json_t *says = json_array();
    json_array_append_new(
        says, json_string(arena_printf(r->arena, "Hồ sơ %s: %s (%s) — của ta «%s», trên Cổng «%s».",
                                       d->code, d->kind_label, d->field, d->ours, d->theirs)));
    json_array_append_new(says, json_string("Hồ sơ được gửi lại lên Cổng ở lượt gửi tới, với "
                                            "trạng thái và các ngày như hiện có ở đây."));
    json_array_append_new(says, json_string("Thao tác được ghi vào nhật ký."));
    json_t *confirm = jpack(
        "{s:s, s:s, s:o, s:s, s:o, s:n, s:s, s:s, s:s}", "title",
        arena_printf(r->arena, "Gửi lại hồ sơ %s lên Cổng?", d->code), "lead",
        arena_printf(r->arena, "Đối tác liên thông: %s.", d->partner), "consequences", says,
        "action",
        arena_printf(r->arena, "/desk/lien-thong/khac-biet/%lld/gui-lai", (long long)d->id),
        "hidden", jpack("[o]", hidden("confirm", "1")), "reason", "button", "Xác nhận: gửi lại",
        "cancel_href", arena_printf(r->arena, "/desk/lien-thong/%s", d->partner), "cancel_label",
        "Không, quay lại");
    return page_render(r, w, 200, "confirm", arena_printf(r->arena, "Gửi lại hồ sơ %s", d->code),
                       jpack("{s:o}", "confirm", confirm));
}

int page_exchange_difference_resend(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_ADMIN);
    if (!a)
        return 0;
    int64_t id = http_param_id(r, "id");
    struct svc_portal_difference d = {0};
    struct err e = {0};
    if (difference_get(r, a, id, &d, &e))
        return app_err(r, w, &e);
    const char *confirmed = http_form(r, "confirm");
    if (!confirmed || strcmp(confirmed, "1") != 0)
        return difference_confirm(r, w, &d);
    int rc = svc_portal_resend(app->svc, a, id, svc_now(), &e);
    if (rc == E_CONFLICT || rc == E_INVALID)
        return partner_page(r, w, d.partner, http_status_for(rc), &e);
    if (rc)
        return app_err(r, w, &e);
    http_resp_redirect(w, arena_printf(r->arena, "/desk/lien-thong/%s?xong=gui-lai-khac-biet-%lld",
                                       d.partner, (long long)id));
    return 0;
}
