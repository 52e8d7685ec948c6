/* forms.c — the official one-stop forms laid out with the pdfdoc builder (see forms.h). Each
 * form checks its required fields first, so a missing dossier code or applicant name gives a
 * clear error instead of a half-empty legal document; then a draw function writes the fields
 * in the order the domain notes list them. Sentences that embed user text are built as plain
 * strings: pdfdoc never interprets markup, so a name like "<b>" prints as typed. */
#include "forms.h"

#include "format.h"
#include "pdfdoc.h"
#include "xlsx.h"

#include <stdio.h>

#define QR_CAPTION    "Quét mã để tra cứu"
#define OFFICIAL_HINT "(Ký, ghi rõ họ tên và đóng dấu)"
#define PERSON_HINT   "(Ký và ghi rõ họ tên)"
#define DOTS          "……………"
/* Mẫu 01 is made in two copies (liên): one kept with the control sheet, one given to the
 * applicant; the marker and the notes are those of the official form. */
#define RECEIPT_COPIES "(Liên: Lưu/Giao khách hàng)"
#define RECEIPT_NOTES                                                                                                              \
    "Ghi chú: - Giấy tiếp nhận hồ sơ và hẹn trả kết quả được lập thành 02 liên: một liên lưu kèm " \
    "Phiếu "                                                                                                                     \
    "kiểm soát quá trình giải quyết hồ sơ, một liên giao cho cá nhân, tổ chức nộp hồ sơ.\n"              \
    "- Nhận kết quả tại Bộ phận Tiếp nhận và Trả kết quả hoặc tại nhà qua bưu chính công ích."

/* What a draw function gets: the form and an arena for the strings it formats. */
struct job {
    const void *form;
    struct arena *a;
};

typedef int (*format_fn)(struct buf *, int64_t);

static const char *show(struct arena *a, format_fn fmt, int64_t v)
{
    struct buf b;
    buf_init(&b, 256);
    const char *s = fmt(&b, v) ? "" : arena_strdup(a, buf_str(&b));
    buf_free(&b);
    return s;
}

/* An instant in the given style, "" when it is not set yet. */
static const char *show_time(struct arena *a, format_fn fmt, int64_t t)
{
    return t ? show(a, fmt, t) : "";
}

static const char *show_phone(struct arena *a, const char *phone)
{
    struct buf b;
    buf_init(&b, 256);
    const char *s = !phone || fmt_phone(&b, phone) ? phone : arena_strdup(a, buf_str(&b));
    buf_free(&b);
    return s;
}

static const char *or_blank(const char *s)
{
    return s ? s : "";
}

static const char *result_name(enum forms_result r)
{
    static const char *const names[] = {
        [FORMS_RESULT_NONE] = "",
        [FORMS_EARLY] = "Trước hạn",
        [FORMS_ON_TIME] = "Đúng hạn",
        [FORMS_LATE] = "Quá hạn",
    };
    return names[r];
}

/* ---- validation ---- */

static int require(const char *value, const char *field, const char *what, struct err *e)
{
    if (!value || !*value)
        return err_set(e, E_INVALID, field, "thiếu %s", what);
    return 0;
}

static int check_head(const struct forms_head *h, enum forms_kind kind, struct err *e)
{
    if (!h->set)
        return err_set(e, E_INVALID, "set", "chưa chọn bộ biểu mẫu (forms_set_for_date)");
    if (!forms_entry(h->set, kind))
        return err_set(e, E_INVALID, "set", "bộ biểu mẫu theo Thông tư %s không có mẫu này",
                       h->set->circular);
    int rc = require(h->issuer, "issuer", "tên cơ quan, bộ phận ban hành", e);
    return rc ? rc : require(h->place, "place", "địa danh ghi trước ngày tháng", e);
}

static int check_components(const struct forms_component *c, size_t n, const char *field,
                            struct err *e)
{
    if (n && !c)
        return err_set(e, E_INVALID, field, "thiếu danh sách giấy tờ");
    for (size_t i = 0; i < n; i++) {
        if (!c[i].name || !*c[i].name)
            return err_set(e, E_INVALID, field, "giấy tờ thứ %zu chưa có tên", i + 1);
        if (!forms_copy_label(c[i].kind))
            return err_set(e, E_INVALID, field, "hình thức của giấy tờ thứ %zu không hợp lệ",
                           i + 1);
        if (c[i].count < 0 || c[i].count > 999)
            return err_set(e, E_INVALID, field, "số lượng của giấy tờ thứ %zu không hợp lệ", i + 1);
    }
    return 0;
}

static int check_party(const struct forms_head *h, enum forms_kind kind, const char *name,
                       const char *procedure, struct err *e)
{
    int rc = check_head(h, kind, e);
    if (!rc)
        rc = require(name, "applicant", "tên người nộp hồ sơ", e);
    return rc ? rc : require(procedure, "procedure", "nội dung yêu cầu giải quyết", e);
}

/* ---- shared layout pieces ---- */

static void draw_head(struct pdfdoc *d, const struct forms_head *h, enum forms_kind kind)
{
    const struct forms_entry *entry = forms_entry(h->set, kind);
    struct pdf_header ph = {
        .form_label = entry->number,
        .parent = h->parent,
        .issuer = h->issuer,
        .number = h->number,
        .place = h->place,
        .date = h->issued_at,
    };
    pdf_header(d, &ph);
    pdf_title(d, entry->title);
}

static void draw_contacts(struct pdfdoc *d, struct arena *a, const struct forms_person *p)
{
    pdf_field(d, "Địa chỉ", p->address);
    pdf_field(d, "Số điện thoại", show_phone(a, p->phone));
    if (p->email && *p->email)
        pdf_field(d, "Thư điện tử", p->email);
}

static void draw_person(struct pdfdoc *d, struct arena *a, const struct forms_person *p)
{
    pdf_field(d, "Ông/bà (tổ chức)", p->name);
    pdf_field(d, "Số định danh cá nhân/Mã số thuế", p->id_number);
    draw_contacts(d, a, p);
}

static int draw_components(struct pdfdoc *d, struct arena *a, const struct forms_component *c,
                           size_t n)
{
    static const char *const headers[] = {"STT", "Tên giấy tờ", "Hình thức", "Số lượng"};
    static const double widths[] = {0.9, 4.9, 2.8, 1.4};
    static const enum table_align align[] = {TABLE_CENTER, TABLE_LEFT, TABLE_CENTER, TABLE_CENTER};
    struct table_cell *cells = arena_alloc(a, (n ? n : 1) * 4 * sizeof *cells);
    for (size_t i = 0; i < n; i++) {
        struct table_cell *row = &cells[i * 4];
        row[0] = (struct table_cell){arena_printf(a, "%zu", i + 1), (double)(i + 1), 1};
        row[1] = (struct table_cell){c[i].name, 0, 0};
        row[2] = (struct table_cell){forms_copy_label(c[i].kind), 0, 0};
        row[3] = (struct table_cell){arena_printf(a, "%02d", c[i].count), c[i].count, 1};
    }
    struct table t = {.ncols = 4,
                      .nrows = n,
                      .headers = headers,
                      .widths = widths,
                      .align = align,
                      .cells = cells};
    return pdf_table(d, &t);
}

static int draw_signer(struct pdfdoc *d, const char *title, const char *hint, const char *name)
{
    struct pdf_signer s = {.title = title, .hint = hint, .name = name};
    struct pdf_signatures sig = {.right = &s};
    return pdf_signatures(d, &sig);
}

static int render_form(const struct doc_sink *out, const struct forms_head *h, enum forms_kind kind,
                       pdf_draw_fn draw, const void *form, struct err *e)
{
    struct job job = {form, arena_new()};
    struct pdf_setup setup = {
        .page = kind == FORM_BOOK ? PDF_A4_LANDSCAPE : PDF_A5,
        .title = forms_entry(h->set, kind)->title,
        .subject = h->set->circular,
        .created = h->issued_at,
        .corner_qr = h->qr,
    };
    int rc = pdf_render(out, &setup, draw, &job, e);
    arena_free(job.a);
    return rc;
}

/* ---- Mẫu 01: receipt and appointment ---- */

static int draw_receipt(struct pdfdoc *d, const void *ctx)
{
    const struct job *j = ctx;
    const struct forms_receipt *f = j->form;
    draw_head(d, &f->head, FORM_RECEIPT);
    pdf_field(d, "Mã hồ sơ", f->dossier_code);
    pdf_text(d, RECEIPT_COPIES, PDF_CENTER | PDF_ITALIC);
    pdf_text(d, arena_printf(j->a, "%s tiếp nhận hồ sơ của:", f->head.issuer), 0);
    draw_person(d, j->a, &f->applicant);
    pdf_field(d, "Nội dung yêu cầu giải quyết", f->procedure);
    pdf_text(d, "1. Thành phần hồ sơ nộp gồm:", 0);
    draw_components(d, j->a, f->components, f->ncomponents);
    pdf_field(d, "2. Số lượng hồ sơ", arena_printf(j->a, "%02d bộ", f->sets));
    pdf_field(d, "3. Thời gian giải quyết hồ sơ theo quy định", f->time_limit);
    pdf_field(d, "4. Thời gian nhận hồ sơ", show_time(j->a, fmt_official, f->received_at));
    pdf_field(d, "5. Thời gian trả kết quả giải quyết hồ sơ",
              show_time(j->a, fmt_official, f->appointment_at));
    pdf_field(d, "6. Đăng ký nhận kết quả tại", f->return_place);
    if (f->fee >= 0)
        pdf_field(d, "Phí, lệ phí", show(j->a, fmt_fee, f->fee));
    pdf_text(d,
             arena_printf(j->a, "Vào Sổ theo dõi hồ sơ, Quyển số: %s  Số thứ tự: %s",
                          f->book_volume && *f->book_volume ? f->book_volume : DOTS,
                          f->book_number && *f->book_number ? f->book_number : DOTS),
             0);
    struct pdf_signer submitter = {
        .title = "Người nộp hồ sơ", .hint = PERSON_HINT, .name = f->applicant.name};
    struct pdf_signer receiver = {
        .title = "Người tiếp nhận", .hint = PERSON_HINT, .name = f->receiver};
    struct pdf_signatures sig = {&submitter, &receiver, f->lookup_url, QR_CAPTION};
    pdf_signatures(d, &sig);
    return pdf_text(d, RECEIPT_NOTES, PDF_SMALL | PDF_ITALIC);
}

int forms_receipt(const struct forms_receipt *f, const struct doc_sink *out, struct err *e)
{
    if (!f)
        return err_set(e, E_INVALID, "form", "thiếu dữ liệu biểu mẫu");
    int rc = check_party(&f->head, FORM_RECEIPT, f->applicant.name, f->procedure, e);
    if (!rc)
        rc = require(f->dossier_code, "dossier_code", "mã hồ sơ", e);
    if (!rc)
        rc = check_components(f->components, f->ncomponents, "components", e);
    if (!rc && (f->sets < 1 || f->sets > 99))
        rc = err_set(e, E_INVALID, "sets", "số bộ hồ sơ phải từ 1 đến 99");
    return rc ? rc : render_form(out, &f->head, FORM_RECEIPT, draw_receipt, f, e);
}

/* ---- Mẫu 02: supplement request ---- */

static int draw_supplement(struct pdfdoc *d, const void *ctx)
{
    const struct job *j = ctx;
    const struct forms_supplement *f = j->form;
    draw_head(d, &f->head, FORM_SUPPLEMENT);
    if (f->dossier_code)
        pdf_field(d, "Mã hồ sơ", f->dossier_code);
    pdf_field(d, "Hồ sơ của", f->applicant.name);
    pdf_field(d, "Nội dung yêu cầu giải quyết", f->procedure);
    draw_contacts(d, j->a, &f->applicant);
    pdf_text(d, "Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:", 0);
    draw_components(d, j->a, f->items, f->nitems);
    pdf_field(d, "Lý do", f->reason);
    if (f->guidance)
        pdf_field(d, "Tra cứu quy định tại", f->guidance);
    pdf_text(d,
             arena_printf(j->a,
                          "Trong quá trình bổ sung, hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà "
                          "liên hệ với %s, số điện thoại %s để được hướng dẫn.",
                          or_blank(f->contact_name), show_phone(j->a, or_blank(f->contact_phone))),
             PDF_JUSTIFY | PDF_INDENT);
    return draw_signer(d, "Người hướng dẫn", PERSON_HINT, f->officer);
}

int forms_supplement(const struct forms_supplement *f, const struct doc_sink *out, struct err *e)
{
    if (!f)
        return err_set(e, E_INVALID, "form", "thiếu dữ liệu biểu mẫu");
    int rc = check_party(&f->head, FORM_SUPPLEMENT, f->applicant.name, f->procedure, e);
    if (!rc && !f->nitems)
        rc = err_set(e, E_INVALID, "items", "phiếu bổ sung phải nêu ít nhất một giấy tờ");
    if (!rc)
        rc = check_components(f->items, f->nitems, "items", e);
    if (!rc)
        rc = require(f->reason, "reason", "lý do yêu cầu bổ sung", e);
    return rc ? rc : render_form(out, &f->head, FORM_SUPPLEMENT, draw_supplement, f, e);
}

/* ---- Mẫu 03: refusal; 2025 Mẫu 05: notice of stopping ---- */

/* The refusal names the applicant as on the official Mẫu 03 ("Tiếp nhận hồ sơ của"); the stop
 * notice is a letter to them ("Kính gửi"). */
static void draw_notice_parties(struct pdfdoc *d, struct arena *a, const char *opening,
                                const struct forms_notice *f)
{
    pdf_field(d, opening, f->applicant.name);
    draw_contacts(d, a, &f->applicant);
    pdf_field(d, "Nội dung yêu cầu giải quyết", f->procedure);
    if (f->dossier_code)
        pdf_field(d, "Mã hồ sơ", f->dossier_code);
    if (f->received_at)
        pdf_field(d, "Thời gian nhận hồ sơ", show_time(a, fmt_official, f->received_at));
}

static int draw_refusal(struct pdfdoc *d, const void *ctx)
{
    const struct job *j = ctx;
    const struct forms_notice *f = j->form;
    draw_head(d, &f->head, FORM_REFUSAL);
    draw_notice_parties(d, j->a, "Tiếp nhận hồ sơ của", f);
    pdf_text(d,
             arena_printf(j->a,
                          "Qua xem xét, %s thông báo không tiếp nhận, giải quyết hồ sơ này với "
                          "lý do cụ thể như sau:",
                          f->head.issuer),
             PDF_JUSTIFY | PDF_INDENT);
    pdf_text(d, f->reason, PDF_JUSTIFY | PDF_INDENT);
    pdf_text(d, "Xin thông báo cho Ông/Bà được biết và thực hiện./.", PDF_INDENT);
    return draw_signer(d, f->signer_title ? f->signer_title : "Người tiếp nhận hồ sơ",
                       f->signer_hint ? f->signer_hint : PERSON_HINT, f->signer);
}

static int draw_stop(struct pdfdoc *d, const void *ctx)
{
    const struct job *j = ctx;
    const struct forms_notice *f = j->form;
    draw_head(d, &f->head, FORM_STOP);
    draw_notice_parties(d, j->a, "Kính gửi", f);
    pdf_text(d,
             arena_printf(j->a, "%s thông báo dừng giải quyết hồ sơ nêu trên với lý do sau:",
                          f->head.issuer),
             PDF_JUSTIFY | PDF_INDENT);
    pdf_text(d, f->reason, PDF_JUSTIFY | PDF_INDENT);
    pdf_text(d, "Xin thông báo để ông/bà được biết./.", PDF_INDENT);
    return draw_signer(d, f->signer_title ? f->signer_title : "Thủ trưởng cơ quan",
                       f->signer_hint ? f->signer_hint : OFFICIAL_HINT, f->signer);
}

static int check_notice(const struct forms_notice *f, enum forms_kind kind, struct err *e)
{
    int rc = check_party(&f->head, kind, f->applicant.name, f->procedure, e);
    return rc ? rc : require(f->reason, "reason", "lý do", e);
}

int forms_refusal(const struct forms_notice *f, const struct doc_sink *out, struct err *e)
{
    if (!f)
        return err_set(e, E_INVALID, "form", "thiếu dữ liệu biểu mẫu");
    int rc = check_notice(f, FORM_REFUSAL, e);
    return rc ? rc : render_form(out, &f->head, FORM_REFUSAL, draw_refusal, f, e);
}

int forms_stop(const struct forms_notice *f, const struct doc_sink *out, struct err *e)
{
    if (!f)
        return err_set(e, E_INVALID, "form", "thiếu dữ liệu biểu mẫu");
    int rc = check_notice(f, FORM_STOP, e);
    return rc ? rc : render_form(out, &f->head, FORM_STOP, draw_stop, f, e);
}

/* ---- Mẫu 04: apology (and, from 2025, extension request) ---- */

static int draw_apology(struct pdfdoc *d, const void *ctx)
{
    const struct job *j = ctx;
    const struct forms_apology *f = j->form;
    struct arena *a = j->a;
    draw_head(d, &f->head, FORM_APOLOGY);
    pdf_field(d, "Kính gửi", f->applicant.name);
    draw_contacts(d, a, &f->applicant);
    pdf_text(d,
             arena_printf(a,
                          "Ngày %s, %s tiếp nhận hồ sơ của ông/bà về việc: %s; mã hồ sơ: %s. "
                          "Thời gian hẹn trả kết quả giải quyết hồ sơ: %s.",
                          show_time(a, fmt_date, f->received_at), f->head.issuer, f->procedure,
                          f->dossier_code, show_time(a, fmt_official, f->appointment_at)),
             PDF_JUSTIFY | PDF_INDENT);
    pdf_text(d,
             arena_printf(a,
                          "Tuy nhiên, đến nay %s chưa trả kết quả giải quyết hồ sơ của ông/bà. "
                          "Lý do: %s",
                          f->head.issuer, f->reason),
             PDF_JUSTIFY | PDF_INDENT);
    pdf_text(d,
             arena_printf(a, "Sự chậm trễ này đã gây phiền hà cho ông/bà. %s %s %s.",
                          f->head.issuer, f->head.set->apology_promise,
                          show_time(a, fmt_official, f->new_appointment_at)),
             PDF_JUSTIFY | PDF_INDENT);
    pdf_text(d, "Trân trọng./.", PDF_INDENT);
    return draw_signer(d, f->signer_title ? f->signer_title : "Thủ trưởng cơ quan", OFFICIAL_HINT,
                       f->signer);
}

int forms_apology(const struct forms_apology *f, const struct doc_sink *out, struct err *e)
{
    if (!f)
        return err_set(e, E_INVALID, "form", "thiếu dữ liệu biểu mẫu");
    int rc = check_party(&f->head, FORM_APOLOGY, f->applicant.name, f->procedure, e);
    if (!rc)
        rc = require(f->dossier_code, "dossier_code", "mã hồ sơ", e);
    if (!rc)
        rc = require(f->reason, "reason", "lý do chậm trả kết quả", e);
    if (!rc && (!f->received_at || !f->appointment_at || !f->new_appointment_at))
        rc = err_set(e, E_INVALID, "new_appointment_at",
                     "cần thời gian nhận, hẹn trả và hẹn lại trả kết quả");
    if (!rc && f->new_appointment_at <= f->appointment_at)
        rc = err_set(e, E_INVALID, "new_appointment_at",
                     "ngày hẹn lại phải sau ngày hẹn trả kết quả ban đầu");
    return rc ? rc : render_form(out, &f->head, FORM_APOLOGY, draw_apology, f, e);
}

/* ---- control sheet ---- */

/* One row per hand-over, with a cell for each signature (the giver's and the receiver's),
 * room to sign above the printed name, as on the official sheet. */
static int draw_handovers(struct pdfdoc *d, struct arena *a, const struct forms_control *f)
{
    enum { COLS = 6 };
    static const char *const headers[COLS] = {
        "TÊN CƠ QUAN",
        "THỜI GIAN GIAO, NHẬN HỒ SƠ",
        "NGƯỜI GIAO (Ký)",
        "NGƯỜI NHẬN (Ký)",
        "KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/ đúng hạn/ quá hạn)",
        "GHI CHÚ"};
    static const double widths[COLS] = {2.6, 2.3, 1.9, 1.9, 1.9, 1.5};
    static const enum table_align align[COLS] = {TABLE_LEFT,   TABLE_LEFT,   TABLE_CENTER,
                                                 TABLE_CENTER, TABLE_CENTER, TABLE_LEFT};
    size_t n = f->nhandovers;
    struct table_cell *cells = arena_alloc(a, (n ? n : 1) * COLS * sizeof *cells);
    for (size_t i = 0; i < n; i++) {
        const struct forms_handover *h = &f->handovers[i];
        struct table_cell *row = &cells[i * COLS];
        row[0].text = arena_printf(a, "%zu. Giao: %s\nNhận: %s", i + 1, or_blank(h->from_agency),
                                   or_blank(h->to_agency));
        row[1].text = show_time(a, fmt_official, h->at);
        row[2].text = arena_printf(a, "\n\n\n%s", or_blank(h->giver));
        row[3].text = arena_printf(a, "\n\n\n%s", or_blank(h->receiver));
        row[4].text = result_name(h->result);
        row[5].text = h->note;
    }
    struct table t = {.ncols = COLS,
                      .nrows = n,
                      .headers = headers,
                      .widths = widths,
                      .align = align,
                      .cells = cells};
    return pdf_table(d, &t);
}

static int draw_control(struct pdfdoc *d, const void *ctx)
{
    const struct job *j = ctx;
    const struct forms_control *f = j->form;
    draw_head(d, &f->head, FORM_CONTROL);
    pdf_field(d, "Mã hồ sơ", f->dossier_code);
    pdf_text(d, arena_printf(j->a, "(Kèm theo hồ sơ của: %s)", f->applicant_name),
             PDF_CENTER | PDF_ITALIC);
    pdf_field(d, "Nội dung yêu cầu giải quyết", f->procedure);
    pdf_field(d, "Thời gian nhận hồ sơ", show_time(j->a, fmt_official, f->received_at));
    pdf_field(d, "Thời gian hẹn trả kết quả", show_time(j->a, fmt_official, f->appointment_at));
    pdf_field(d, "Cơ quan (bộ phận) giải quyết hồ sơ", f->resolving_agency);
    pdf_field(d, "Cơ quan phối hợp giải quyết hồ sơ", f->coordinating_agency);
    return draw_handovers(d, j->a, f);
}

int forms_control(const struct forms_control *f, const struct doc_sink *out, struct err *e)
{
    if (!f)
        return err_set(e, E_INVALID, "form", "thiếu dữ liệu biểu mẫu");
    int rc = check_party(&f->head, FORM_CONTROL, f->applicant_name, f->procedure, e);
    if (!rc)
        rc = require(f->dossier_code, "dossier_code", "mã hồ sơ", e);
    if (!rc && f->nhandovers && !f->handovers)
        rc = err_set(e, E_INVALID, "handovers", "thiếu danh sách giao nhận hồ sơ");
    for (size_t i = 0; !rc && i < f->nhandovers; i++) {
        if (f->handovers[i].result < FORMS_RESULT_NONE || f->handovers[i].result > FORMS_LATE)
            rc = err_set(e, E_INVALID, "handovers", "kết quả của lần giao nhận %zu không hợp lệ",
                         i + 1);
    }
    return rc ? rc : render_form(out, &f->head, FORM_CONTROL, draw_control, f, e);
}

/* ---- tracking book ---- */

enum { BOOK_COLS = 13 };

static void book_row(struct arena *a, const struct forms_book_row *r, size_t index,
                     struct table_cell *row)
{
    const char *contact = r->phone && *r->phone ? arena_printf(a, "%s\n%s", or_blank(r->address),
                                                               show_phone(a, r->phone))
                                                : r->address;
    row[0] = (struct table_cell){arena_printf(a, "%zu", index + 1), (double)(index + 1), 1};
    row[1].text = r->dossier_code;
    row[2].text = r->procedure;
    row[3] = (struct table_cell){arena_printf(a, "%d", r->sets), r->sets, 1};
    row[4].text = r->applicant;
    row[5].text = contact;
    row[6].text = r->lead_agency;
    row[7].text = show_time(a, fmt_datetime, r->received_at);
    row[8].text = show_time(a, fmt_datetime, r->appointment_at);
    row[9].text = show_time(a, fmt_datetime, r->transferred_at);
    row[10].text = show_time(a, fmt_datetime, r->result_at);
    row[11].text = show_time(a, fmt_datetime, r->returned_at);
    row[12].text = r->note;
}

int forms_book_table(const struct forms_book *f, struct arena *a, struct table *out, struct err *e)
{
    if (!f)
        return err_set(e, E_INVALID, "form", "thiếu dữ liệu biểu mẫu");
    static const char *const headers[BOOK_COLS] = {
        "STT",
        "Mã hồ sơ",
        "Tên thủ tục hành chính",
        "Số lượng hồ sơ (bộ)",
        "Tên cá nhân, tổ chức",
        "Địa chỉ, số điện thoại",
        "Cơ quan chủ trì giải quyết",
        "Nhận hồ sơ",
        "Hẹn trả kết quả",
        "Chuyển hồ sơ đến cơ quan giải quyết",
        "Có kết quả giải quyết",
        "Trả kết quả",
        "Ghi chú",
    };
    /* Millimetres of the 267 mm line of an A4 landscape page: the dossier code and the
     * date columns are sized so that a code and a "29/04/2027" never break inside, and the
     * notes wide enough that they wrap between words. */
    static const double widths[BOOK_COLS] = {8, 45, 28, 11, 21, 25, 18, 18, 18, 18, 18, 18, 21};
    static const enum table_align align[BOOK_COLS] = {
        TABLE_CENTER, TABLE_LEFT,   TABLE_LEFT,   TABLE_CENTER, TABLE_LEFT,
        TABLE_LEFT,   TABLE_LEFT,   TABLE_CENTER, TABLE_CENTER, TABLE_CENTER,
        TABLE_CENTER, TABLE_CENTER, TABLE_LEFT};
    if (f->nrows && !f->rows)
        return err_set(e, E_INVALID, "rows", "thiếu các dòng của sổ theo dõi");
    struct table_cell *cells =
        arena_alloc(a, (f->nrows ? f->nrows : 1) * BOOK_COLS * sizeof *cells);
    for (size_t i = 0; i < f->nrows; i++)
        book_row(a, &f->rows[i], i, &cells[i * BOOK_COLS]);
    const struct forms_entry *entry = forms_entry(f->head.set, FORM_BOOK);
    *out = (struct table){
        .title = arena_printf(a, "%s — %s — %s", entry ? entry->title : "SỔ THEO DÕI HỒ SƠ",
                              or_blank(f->unit), or_blank(f->period)),
        .ncols = BOOK_COLS,
        .nrows = f->nrows,
        .headers = headers,
        .widths = widths,
        .align = align,
        .cells = cells,
    };
    return 0;
}

static int draw_book(struct pdfdoc *d, const void *ctx)
{
    const struct job *j = ctx;
    const struct forms_book *f = j->form;
    struct table t;
    draw_head(d, &f->head, FORM_BOOK);
    if (f->unit)
        pdf_text(d, f->unit, PDF_CENTER | PDF_BOLD);
    if (f->period)
        pdf_text(d, f->period, PDF_CENTER | PDF_ITALIC);
    int rc = forms_book_table(f, j->a, &t, NULL);
    return rc ? rc : pdf_table(d, &t);
}

static int check_book(const struct forms_book *f, struct err *e)
{
    int rc = check_head(&f->head, FORM_BOOK, e);
    if (!rc && f->nrows && !f->rows)
        rc = err_set(e, E_INVALID, "rows", "thiếu các dòng của sổ theo dõi");
    return rc;
}

int forms_book(const struct forms_book *f, const struct doc_sink *out, struct err *e)
{
    if (!f)
        return err_set(e, E_INVALID, "form", "thiếu dữ liệu biểu mẫu");
    int rc = check_book(f, e);
    return rc ? rc : render_form(out, &f->head, FORM_BOOK, draw_book, f, e);
}

int forms_book_xlsx(const struct forms_book *f, const struct doc_sink *out, struct err *e)
{
    if (!f)
        return err_set(e, E_INVALID, "form", "thiếu dữ liệu biểu mẫu");
    struct table t;
    int rc = check_book(f, e);
    if (rc)
        return rc;
    struct arena *a = arena_new();
    rc = forms_book_table(f, a, &t, e);
    if (!rc)
        rc = xlsx_write_table(&t, out, e);
    arena_free(a);
    return rc;
}
