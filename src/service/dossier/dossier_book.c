/* dossier_book.c — the tracking book (Sổ theo dõi hồ sơ) of a one-stop section: every dossier
 * received in a period, with every field filled from the system — what the 2020 report found
 * incomplete when kept by hand. The PDF and the XLSX are built from the same rows (render's
 * forms_book_table), so they always agree. */
#include "dossier_internal.h"

#include "cal_date.h"
#include "forms.h"

#include <string.h>

#define BOOK_MAX_ROWS 20000

struct book_ctx {
    struct svc *s;
    const struct actor *a;
    struct arena *ar;
    const char *unit_key, *format;
    int32_t from, to;
    struct buf *out;
};

static const char *book_note(const struct dossier_book_row *r)
{
    enum dossier_state st = DS_NONE;
    dossier_state_parse(r->state, &st);
    return r->reason ? r->reason : dossier_state_label(st);
}

static int book_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct book_ctx *x = ctx;
    struct org_tree t;
    int rc = org_tree_of(x->s, c, &t, e);
    const struct org_unit *unit = NULL;
    for (int i = 0; !rc && i < t.n && !unit; i++)
        if (strcmp(t.units[i].key, x->unit_key) == 0)
            unit = &t.units[i];
    if (!rc && !unit)
        return err_set(e, E_NOTFOUND, "unit", "Không có đơn vị mã '%s'", x->unit_key);
    if (!rc)
        rc = dossier_role_at(&t, x->a, ROLE_RECEPTIONIST | ROLE_LEADER | ROLE_ADMIN | ROLE_AUDITOR,
                             unit->id, e);
    struct dossier_book_row *rows = NULL;
    int n = 0;
    if (!rc)
        rc = dossier_book(c, x->ar, unit->id, cal_instant(x->from, 0), cal_instant(x->to + 1, 0),
                          BOOK_MAX_ROWS, &rows, &n, e);
    if (rc)
        return rc;
    struct forms_book_row *lines = arena_alloc(x->ar, sizeof *lines * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++)
        lines[i] = (struct forms_book_row){
            rows[i].code,           rows[i].procedure_name,    rows[i].sets,
            rows[i].applicant_name, rows[i].applicant_address, rows[i].applicant_phone,
            rows[i].lead_agency,    rows[i].received_at,       rows[i].first_due_at,
            rows[i].transferred_at, rows[i].finished_at,       rows[i].returned_at,
            book_note(&rows[i])};
    char from[16], to[16], day[16];
    cal_format_date(x->from, from, sizeof from);
    cal_format_date(x->to, to, sizeof to);
    cal_format_date(cal_local_day(svc_now()), day, sizeof day);
    const struct org_unit *admin = org_tree_admin(&t, unit->id);
    const char *place = org_tree_place(&t, unit->id);
    if (!place)
        return err_set(e, E_CONFLICT, "place",
                       "Đơn vị %s và các đơn vị cấp trên chưa có địa danh để ghi trên sổ",
                       unit->name);
    struct forms_book book = {
        .head = {.parent = admin ? admin->name : NULL,
                 .issuer = unit->name,
                 .place = place,
                 .issued_at = svc_now()},
        .unit = unit->name,
        .period = arena_printf(x->ar, "Từ ngày %.2s/%.2s/%.4s đến ngày %.2s/%.2s/%.4s", from + 8,
                               from + 5, from, to + 8, to + 5, to),
        .rows = lines,
        .nrows = (size_t)n,
    };
    if ((rc = forms_set_for_date(day, &book.head.set, e)) != 0)
        return rc;
    struct doc_sink sink = {NULL, x->out};
    return strcmp(x->format, "xlsx") == 0 ? forms_book_xlsx(&book, &sink, e)
                                          : forms_book(&book, &sink, e);
}

int svc_dossier_book(struct svc *s, const struct actor *a, const char *unit_key, const char *from,
                     const char *to, const char *format, struct buf *out, struct err *e)
{
    struct book_ctx x = {s, a, NULL, unit_key ? unit_key : "", format ? format : "pdf", 0, 0, out};
    if (strcmp(x.format, "pdf") != 0 && strcmp(x.format, "xlsx") != 0)
        return err_set(e, E_INVALID, "format", "Định dạng phải là pdf hoặc xlsx");
    if (!from || cal_parse_date(from, &x.from, e) != 0)
        return err_set(e, E_INVALID, "from", "Ngày bắt đầu phải có dạng YYYY-MM-DD");
    if (!to || cal_parse_date(to, &x.to, e) != 0)
        return err_set(e, E_INVALID, "to", "Ngày kết thúc phải có dạng YYYY-MM-DD");
    if (x.to < x.from || x.to - x.from > 366)
        return err_set(e, E_INVALID, "to", "Kỳ theo dõi phải từ 1 ngày đến 1 năm");
    x.ar = arena_new();
    int rc = db_with_conn(s->db, book_read, &x, e);
    arena_free(x.ar);
    return rc;
}
