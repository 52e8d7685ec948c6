/* eform.c — an e-form as a PDF, drawn from its data file alone, so that a new declaration is
 * a new JSON file and no new code. The layout is the one official declarations share (the
 * forms of the Ministry of Justice's Circular 04/2020/TT-BTP among them): the national name
 * and motto centred, the form's title, "Kính gửi", then each section's fields as
 * "Label: value" lines (a dotted line when empty), the pledge, the place and date line and
 * the requester's signature on the right. A field may be left out of the PDF ("pdf": false)
 * or printed under another label ("pdf_label"). */
#include "eform.h"

#include "format.h"
#include "pdfdoc.h"

#include <string.h>

struct eform_doc {
    json_t *form, *values;
    int64_t date;
};

static const char *str_of(json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

/* The value of a field, or "" (a dotted line) when there is none. */
static const char *value_of(const struct eform_doc *x, json_t *field)
{
    const char *v = str_of(x->values, str_of(field, "key"));
    return v ? v : "";
}

static int draw_fields(struct pdfdoc *d, const struct eform_doc *x, json_t *fields)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < json_array_size(fields); i++) {
        json_t *f = json_array_get(fields, i);
        if (json_is_false(json_object_get(f, "pdf")))
            continue;
        const char *label = str_of(f, "pdf_label") ? str_of(f, "pdf_label") : str_of(f, "label");
        rc = pdf_field(d, label ? label : "", value_of(x, f));
    }
    return rc;
}

/* "Làm tại: …, ngày 06 tháng 05 năm 2027", blank parts dotted. */
static int draw_place_date(struct pdfdoc *d, const struct eform_doc *x)
{
    struct buf b;
    buf_init(&b, 256);
    const char *place = value_of(x, json_object_get(x->form, "place"));
    int rc = buf_printf(&b, "Làm tại: %s, ", *place ? place : "………………");
    if (!rc && x->date) {
        struct fmt_tm tm;
        fmt_vn_tm(x->date, &tm);
        rc = buf_printf(&b, "ngày %02d tháng %02d năm %04d", tm.day, tm.month, tm.year);
    } else if (!rc) {
        rc = buf_printf(&b, "ngày …… tháng …… năm ……");
    }
    if (!rc)
        rc = pdf_text(d, buf_str(&b), PDF_RIGHT | PDF_ITALIC);
    buf_free(&b);
    return rc;
}

static int draw(struct pdfdoc *d, const void *ctx)
{
    const struct eform_doc *x = ctx;
    json_t *form = x->form, *heading = json_object_get(form, "heading");
    int rc = 0;
    for (size_t i = 0; !rc && i < json_array_size(heading); i++)
        rc = pdf_text(d, json_string_value(json_array_get(heading, i)), PDF_CENTER | PDF_BOLD);
    if (!rc)
        rc = pdf_space(d, 6);
    if (!rc)
        rc = pdf_title(d, str_of(form, "title"));
    json_t *addressee = json_object_get(form, "addressee");
    if (!rc && addressee)
        rc = pdf_field(d, str_of(addressee, "label"), value_of(x, addressee));
    json_t *sections = json_object_get(form, "sections");
    for (size_t i = 0; !rc && i < json_array_size(sections); i++) {
        json_t *s = json_array_get(sections, i);
        const char *lead = str_of(s, "pdf_lead");
        if (lead)
            rc = pdf_text(d, lead, PDF_BOLD);
        if (!rc)
            rc = draw_fields(d, x, json_object_get(s, "fields"));
    }
    json_t *pledge = json_object_get(form, "pledge");
    if (!rc)
        rc = pdf_space(d, 3);
    for (size_t i = 0; !rc && i < json_array_size(pledge); i++)
        rc = pdf_text(d, json_string_value(json_array_get(pledge, i)), PDF_INDENT | PDF_JUSTIFY);
    if (!rc)
        rc = pdf_space(d, 3);
    if (!rc)
        rc = draw_place_date(d, x);
    json_t *sig = json_object_get(form, "signature");
    if (!rc && sig) {
        const char *by = str_of(sig, "name_from");
        struct pdf_signer signer = {.title = str_of(sig, "title"),
                                    .hint = str_of(sig, "hint"),
                                    .name = by ? str_of(x->values, by) : NULL};
        struct pdf_signatures both = {NULL, &signer, NULL, NULL};
        rc = pdf_signatures(d, &both);
    }
    json_t *after = json_object_get(form, "after_signature");
    if (!rc && after)
        rc = pdf_space(d, 4);
    if (!rc && after)
        rc = draw_fields(d, x, after);
    return rc;
}

int eform_render_pdf(const struct doc_sink *out, json_t *form, json_t *values, int64_t date,
                     struct err *e)
{
    if (!json_is_object(form) || !str_of(form, "title"))
        return err_set(e, E_INVALID, "form", "Biểu mẫu không có tiêu đề");
    json_t *none = json_object();
    struct eform_doc x = {form, values ? values : none, date};
    const char *page = str_of(form, "page");
    struct pdf_setup setup = {page && strcmp(page, "A5") == 0 ? PDF_A5 : PDF_A4,
                              str_of(form, "title"), str_of(form, "code"), date, NULL};
    int rc = pdf_render(out, &setup, draw, &x, e);
    json_decref(none);
    return rc;
}
