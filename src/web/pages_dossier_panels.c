/* pages_dossier_panels.c — the parts of the desk's dossier page for what the API already does:
 * the files of the dossier (download links and an upload form for scans and the result), its
 * fees (the payment requests, a button to make one from the catalogue's fee lines, a form
 * to record a payment at the counter and one to cancel the pending request), the handover of
 * the result to the postal operator (Decision 45/2016: a form once the result is ready, the
 * record once made), and consultations of other units (a form to ask one, and the answers,
 * with an answer form for the consulted unit's officers). Each form posts to
 * its own page route, which calls one service function and goes back to the dossier; a
 * refused form shows the page again with the error beside that panel. The files are listed
 * under their component with where each came from — scanned at the counter, uploaded by the
 * citizen online, taken again from one of their earlier dossiers, or sent answering a
 * supplement request (with the answer's note and time) — so the receptionist checks an online
 * dossier's uploads before accepting it. */
#include "pages_dossier.h"
#include "jpack.h"

#include "dossier_view.h"
#include "format.h"
#include "page.h"
#include "svc_dossier.h"
#include "svc_files.h"
#include "svc_payments.h"
#include "svc_postal.h"

#include <stdlib.h>
#include <string.h>

/* What each "xong" (done) value of the redirect says on the page. */
static const struct {
    const char *key, *text;
} done_texts[] = {
    {"tep", "Đã đính kèm tệp"},
    {"tep-trung", "Tệp này đã được đính kèm trước đó; không lưu thêm bản mới"},
    {"le-phi", "Đã lập yêu cầu nộp phí, lệ phí"},
    {"khong-thu-phi", "Thủ tục này không thu phí, lệ phí"},
    {"quay", "Đã ghi nhận nộp phí, lệ phí tại quầy"},
    {"huy-phi", "Đã hủy yêu cầu nộp phí, lệ phí"},
    {"buu-chinh", "Đã ghi nhận bàn giao kết quả cho doanh nghiệp bưu chính"},
    {"tham-van", "Đã gửi xin ý kiến đơn vị"},
    {"tra-loi", "Đã gửi ý kiến trả lời"},
};

static const char *done_text(const char *key)
{
    for (size_t i = 0; key && i < sizeof done_texts / sizeof done_texts[0]; i++)
        if (strcmp(done_texts[i].key, key) == 0)
            return done_texts[i].text;
    return NULL;
}

static const char *money(struct http_req *r, int64_t dong)
{
    struct buf *b = buf_in_arena(r->arena, 64);
    fmt_fee(b, dong);
    return buf_str(b);
}

/* Who put the file there: the counter's scan, the citizen online (with the draft, from their
 * store, or answering a supplement request), or staff for the result. */
static const char *file_source(const struct svc_file *f)
{
    if (f->component < 0)
        return "Cán bộ tải lên";
    return f->digitised ? "Bộ phận Một cửa số hóa" : "Người nộp tải lên trực tuyến";
}

/* The supplement cycle an answer file belongs to: the cycles follow one another, so it is
 * the one open when the file came (requested before it, completed after it or not yet). */
static const struct svc_dossier_supplement *answered_cycle(const struct svc_dossier *d,
                                                           const struct svc_file *f)
{
    for (int i = d->nsupplement_cycles - 1; i >= 0; i--) {
        const struct svc_dossier_supplement *c = &d->supplement_cycles[i];
        if (c->requested_at <= f->uploaded_at &&
            (!c->completed_at || f->uploaded_at <= c->completed_at))
            return c;
    }
    return NULL;
}

static json_t *answer_json(struct http_req *r, const struct svc_dossier *d,
                           const struct svc_file *f)
{
    const struct svc_dossier_supplement *c = answered_cycle(d, f);
    if (!c)
        return jpack("{s:b}", "unknown", 1);
    return jpack("{s:s?, s:s?, s:s?, s:b}", "requested", dview_when(r, c->requested_at), "sent",
                 dview_when(r, c->completed_at), "note", dview_supplement_note(d, c->completed_at),
                 "pending", !c->completed_at);
}

static json_t *file_json(struct http_req *r, const struct svc_dossier *d, const struct svc_file *f)
{
    json_t *j = jpack("{s:s, s:s, s:s?, s:I, s:s, s:s?, s:s?, s:s?}", "name",
                      *f->name ? f->name : f->sha256, "href",
                      arena_printf(r->arena, "/api/v1/dossiers/%s/files/%s", d->code, f->sha256),
                      "mime", f->mime, "kb", (json_int_t)((f->size + 1023) / 1024), "source",
                      file_source(f), "by", *f->uploaded_by ? f->uploaded_by : NULL, "at",
                      dview_when(r, f->uploaded_at), "reused_from", f->reused_from);
    if (f->answers_supplement)
        json_object_set_new(j, "answer", answer_json(r, d, f));
    if (f->sig_status) /* the digital signatures checked at upload (docs/signatures.md) */
        json_object_set_new(j, "signature",
                            jpack("{s:s, s:s, s:s?, s:s?}", "status", f->sig_status, "label",
                                  svc_signature_label(f->sig_status), "signer", f->sig_signer,
                                  "reason", f->sig_reason));
    return j;
}

/* One group of the files panel: a component of the checklist (idx) or the result (-1). */
static json_t *file_group(struct http_req *r, const struct svc_dossier *d,
                          const struct svc_file *files, int n, int idx, const char *what)
{
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        if ((idx < 0 && files[i].component < 0) || (idx >= 0 && files[i].component == idx))
            json_array_append_new(list, file_json(r, d, &files[i]));
    return jpack("{s:s?, s:b, s:b, s:o}", "what", what, "result",
                 idx<0, "any", json_array_size(list)> 0, "files", list);
}

/* The files per component of the checklist, then the result; *online counts what the applicant
 * uploaded online (for the receptionist who checks it before accepting). */
static json_t *file_groups(struct http_req *r, const struct actor *a, const struct svc_dossier *d,
                           int *count, int *online)
{
    struct svc_file *files = NULL;
    int n = 0;
    struct err e = {0};
    json_t *out = json_array();
    *count = *online = 0;
    if (svc_dossier_files(page_app(r)->svc, a, r->arena, d->code, &files, &n, &e) != 0)
        return out;
    int results = 0;
    for (int i = 0; i < n; i++) {
        results += files[i].component < 0;
        *online += files[i].component >= 0 && !files[i].digitised;
    }
    for (int i = 0; i < d->ncomponents; i++)
        json_array_append_new(
            out, file_group(r, d, files, n, d->components[i].idx, d->components[i].name));
    if (results)
        json_array_append_new(out, file_group(r, d, files, n, -1, "Kết quả giải quyết"));
    *count = n;
    return out;
}

static json_t *component_options(const struct svc_dossier *d)
{
    json_t *out = json_array();
    for (int i = 0; i < d->ncomponents; i++)
        json_array_append_new(
            out, jpack("{s:i, s:s?}", "idx", d->components[i].idx, "name", d->components[i].name));
    return out;
}

static const char *payment_status(const char *status)
{
    if (status && strcmp(status, "paid") == 0)
        return "Đã nộp";
    if (status && strcmp(status, "pending") == 0)
        return "Chờ nộp";
    return "Đã hủy";
}

/* The postal handover when recorded; otherwise whether the form is offered (the result is
 * ready and not yet returned: the service still decides who may record it). */
static void postal_panel(struct http_req *r, const struct actor *a, const struct svc_dossier *d,
                         json_t *ctx)
{
    struct svc_postal post;
    struct err e = {0};
    int found = svc_postal_get(page_app(r)->svc, a, r->arena, d->code, &post, &e);
    if (found > 0)
        json_object_set_new(ctx, "postal",
                            jpack("{s:s, s:s, s:s?, s:s?}", "operator", post.operator_name,
                                  "tracking_number", post.tracking_number, "handed_over",
                                  dview_when(r, post.handed_over_at), "by", post.recorded_by));
    int ready =
        d->state && strcmp(d->state, "result_ready") == 0; /* returned: handed over already */
    json_object_set_new(ctx, "postal_form", json_boolean(found == 0 && ready));
    json_object_set_new(ctx, "postal_operator",
                        json_string(http_form(r, "operator") ? http_form(r, "operator")
                                                             : "Bưu điện Việt Nam (VNPost)"));
}

/* The payment requests, and whether one is pending (the counter form is shown for it). */
static json_t *payments_json(struct http_req *r, const struct actor *a, const char *code,
                             int *pending)
{
    struct svc_payment *rows = NULL;
    int n = 0;
    struct err e = {0};
    json_t *out = json_array();
    *pending = 0;
    if (svc_payment_list(page_app(r)->svc, a, code, r->arena, &rows, &n, &e) != 0)
        return out;
    for (int i = 0; i < n; i++) {
        const struct svc_payment *p = &rows[i];
        *pending |= p->status && strcmp(p->status, "pending") == 0;
        json_array_append_new(
            out, jpack("{s:s, s:s, s:s?, s:s?, s:s?, s:s?}", "amount", money(r, p->amount),
                       "status", payment_status(p->status), "method",
                       p->method ? dview_channel_label(strcmp(p->method, "counter") == 0 ? "counter"
                                                                                         : "online")
                                 : NULL,
                       "receipt_no", p->receipt_no, "created", dview_when(r, p->created_at), "paid",
                       dview_when(r, p->paid_at)));
    }
    return out;
}

static json_t *consultations_json(struct http_req *r, const struct svc_dossier *d)
{
    json_t *out = json_array();
    for (int i = 0; i < d->nconsultations; i++) {
        const struct svc_consultation *k = &d->consultations[i];
        json_t *j =
            jpack("{s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:b, s:b}", "id",
                  (json_int_t)k->id, "from", k->from_unit_name, "to", k->to_unit_name, "question",
                  k->question, "by", k->requested_by, "asked", dview_when(r, k->requested_at),
                  "due", dview_when(r, k->due_at), "answer", k->answer, "answered_by",
                  k->answered_by, "answered", dview_when(r, k->answered_at), "overdue", k->overdue,
                  "can_answer", k->can_answer);
        json_object_set_new(j, "code", json_string(d->code));
        json_array_append_new(out, j);
    }
    return out;
}

/* The input a panel's error links to: the consultation's own fields, else the panel. */
static const char *panel_field(const char *panel, const struct err *e)
{
    static const struct {
        const char *field, *id;
    } consult_fields[] = {{"unit_key", "consult-unit"},
                          {"question", "consult-question"},
                          {"budget_hours", "consult-hours"}};
    for (size_t i = 0; strcmp(panel, "consult") == 0 && i < 3; i++)
        if (strcmp(e->field, consult_fields[i].field) == 0)
            return consult_fields[i].id;
    return panel;
}

void page_dossier_panels(struct http_req *r, const struct actor *a, const struct svc_dossier *d,
                         json_t *ctx, const char *panel, const struct err *e)
{
    int pending = 0, nfiles = 0, online = 0;
    json_t *payments = payments_json(r, a, d->code, &pending);
    json_object_set_new(ctx, "file_groups", file_groups(r, a, d, &nfiles, &online));
    json_object_set_new(ctx, "has_files", json_boolean(nfiles > 0));
    json_object_set_new(ctx, "online_files", json_integer(online));
    json_object_set_new(ctx, "check_uploads",
                        json_boolean(online > 0 && d->state && strcmp(d->state, "submitted") == 0));
    json_object_set_new(ctx, "has_payments", json_boolean(json_array_size(payments) > 0));
    json_object_set_new(ctx, "component_options", component_options(d));
    /* a returned dossier is over: nothing more is attached to it */
    json_object_set_new(ctx, "can_upload",
                        json_boolean(!d->state || strcmp(d->state, "returned") != 0));
    json_object_set_new(ctx, "payments", payments);
    json_object_set_new(ctx, "fee_pending", json_boolean(pending));
    json_object_set_new(ctx, "fee_payable", json_boolean(d->fee_total > 0 && !pending));
    postal_panel(r, a, d, ctx);
    json_object_set_new(ctx, "consultations", consultations_json(r, d));
    /* the service offers the units only to whom may ask now */
    json_object_set_new(ctx, "can_consult", json_boolean(d->nconsult_units > 0));
    json_object_set_new(
        ctx, "consult_units",
        dview_picks(r, d->consult_units, d->nconsult_units,
                    panel && strcmp(panel, "consult") == 0 ? http_form(r, "unit_key") : NULL));
    if (panel && strcmp(panel, "consult") == 0) {
        json_object_set_new(ctx, "consult_question",
                            json_string(http_form(r, "question") ? http_form(r, "question") : ""));
        json_object_set_new(
            ctx, "consult_hours",
            json_string(http_form(r, "budget_hours") ? http_form(r, "budget_hours") : "16"));
    }
    const char *done = done_text(http_query(r, "xong"));
    if (done && !e)
        json_object_set_new(ctx, "panel_done", json_string(done));
    if (panel && e) {
        json_object_set_new(ctx, arena_printf(r->arena, "%s_error", panel), json_string(e->msg));
        json_object_set_new(
            ctx, "errors",
            jpack("[{s:s, s:s}]", "field", panel_field(panel, e), "message", e->msg));
    }
}

/* A panel with a form: the name its refusal is shown under, and its anchor on the page. */
struct panel {
    const char *name, *anchor;
};
static const struct panel panel_files = {"files", "tep"}, panel_fees = {"fees", "le-phi"},
                          panel_postal = {"postal", "buu-chinh"},
                          panel_consult = {"consult", "tham-van"};

/* A refusal the officer can correct is shown beside the panel; anything else (a dossier that
 * is not there or not theirs to see) is the usual error page. */
static int failed(struct http_req *r, struct http_resp *w, const struct actor *a, int rc,
                  const char *panel, const struct err *e)
{
    if (rc == E_INVALID || rc == E_CONFLICT || rc == E_FORBIDDEN || rc == E_UNAVAILABLE)
        return page_dossier_again(r, w, a, http_status_for(rc), panel, e);
    return app_err(r, w, e);
}

/* How a panel's form ends: back to the dossier at the panel with what was done, or the
 * refusal (rc < 0). */
static int finish(struct http_req *r, struct http_resp *w, const struct actor *a, int rc,
                  const struct err *e, const struct panel *p, const char *done)
{
    if (rc < 0)
        return failed(r, w, a, rc, p->name, e);
    http_resp_redirect(w, arena_printf(r->arena, "/desk/ho-so/%s?xong=%s#%s", http_param(r, "code"),
                                       done, p->anchor));
    return 0;
}

static int small_number(const char *s, int min, int max, int fallback)
{
    char *end = NULL;
    long v = s && *s ? strtol(s, &end, 10) : fallback;
    return (s && *s && *end) || v < min || v > max ? -1 : (int)v;
}

int page_dossier_upload(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_STAFF);
    if (!a)
        return 0;
    struct err e = {0};
    const struct http_upload *f = http_upload_get(r, "file");
    struct svc_upload u = {.code = http_param(r, "code"),
                           .kind = http_form(r, "kind"),
                           .component = small_number(http_form(r, "component"), 0, 1000, 0),
                           .tmp_path = f ? f->path : NULL,
                           .client_name = f ? f->filename : NULL};
    int rc = 0;
    if (!f || f->size == 0)
        rc = err_set(&e, E_INVALID, "file", "Chưa chọn tệp để tải lên");
    else if (u.component < 0)
        rc = err_set(&e, E_INVALID, "component", "Hãy chọn thành phần hồ sơ của tệp");
    struct svc_file out;
    if (!rc)
        rc = svc_dossier_upload(app->svc, a, r->arena, &u, &out, &e);
    return finish(r, w, a, rc, &e, &panel_files, rc == 0 ? "tep" : "tep-trung");
}

int page_dossier_fee_request(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_STAFF);
    if (!a)
        return 0;
    struct err e = {0};
    struct svc_payment p;
    int quantity = small_number(http_form(r, "quantity"), 1, 1000, 1);
    int rc =
        quantity < 0
            ? err_set(&e, E_INVALID, "quantity", "Số trang, số bản phải từ 1 đến 1000")
            : svc_payment_request(app->svc, a, http_param(r, "code"), quantity, r->arena, &p, &e);
    return finish(r, w, a, rc, &e, &panel_fees, rc == 0 ? "le-phi" : "khong-thu-phi");
}

int page_dossier_fee_counter(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_STAFF);
    if (!a)
        return 0;
    struct err e = {0};
    struct svc_payment p;
    const char *receipt = http_form(r, "receipt_no");
    int rc =
        !receipt || !*receipt || strlen(receipt) > 64
            ? err_set(&e, E_INVALID, "receipt_no", "Vui lòng ghi số biên lai (tối đa 64 ký tự)")
            : svc_payment_counter(app->svc, a, http_param(r, "code"), receipt, r->arena, &p, &e);
    return finish(r, w, a, rc, &e, &panel_fees, "quay");
}

int page_dossier_fee_cancel(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_STAFF);
    if (!a)
        return 0;
    struct err e = {0};
    struct svc_payment p;
    int rc = svc_payment_cancel(app->svc, a, http_param(r, "code"), http_form(r, "reason"),
                                r->arena, &p, &e);
    return finish(r, w, a, rc, &e, &panel_fees, "huy-phi");
}

int page_dossier_postal(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_STAFF);
    if (!a)
        return 0;
    struct err e = {0};
    struct svc_postal out;
    struct svc_postal_in in = {http_form(r, "operator"), http_form(r, "tracking_number"),
                               http_form(r, "handed_over_at")};
    int rc = svc_postal_record(app->svc, a, r->arena, http_param(r, "code"), &in, &out, &e);
    return finish(r, w, a, rc, &e, &panel_postal, "buu-chinh");
}

int page_dossier_consult(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_STAFF);
    if (!a)
        return 0;
    struct err e = {0};
    int hours = small_number(http_form(r, "budget_hours"), 1, 240, 0);
    int version = small_number(http_form(r, "expected_version"), 0, 1000000, -1);
    int rc = hours < 1 ? err_set(&e, E_INVALID, "budget_hours",
                                 "Thời hạn trả lời phải từ 1 đến 240 giờ làm việc")
                       : svc_dossier_consult(app->svc, a, http_param(r, "code"), version,
                                             http_form(r, "unit_key"), http_form(r, "question"),
                                             hours, NULL, &e);
    return finish(r, w, a, rc, &e, &panel_consult, "tham-van");
}

int page_dossier_consult_answer(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_STAFF);
    if (!a)
        return 0;
    struct err e = {0};
    int64_t id = http_param_id(r, "id");
    int rc = !id ? err_set(&e, E_NOTFOUND, "id", "Không tìm thấy yêu cầu xin ý kiến này")
                 : svc_dossier_consult_answer(app->svc, a, id, http_form(r, "answer"), &e);
    if (rc < 0)
        return failed(r, w, a, rc, panel_consult.name, &e);
    /* Answered, the consultation no longer opens the dossier to this unit: back to the inbox. */
    http_resp_redirect(w, "/desk/ho-so?xong=tra-loi#tham-van");
    return 0;
}
