/* pages_late.c — the leader's "what is late, where, and why": the dossiers of the units they
 * lead whose current step is overdue or due within a day, still in progress, with the unit
 * and step (the role) holding them, the officer assigned (or "nobody yet", so the role is not
 * said twice), the step's time limit, the working days it is late and the latest reason an
 * officer gave for finishing one of its steps late. The service decides what is late, by how
 * many working days and whose it is (svc_dossier_late); this page shows it as a table that
 * keeps its column names on a phone, late ones first. */
#include "page.h"
#include "jpack.h"

#include "dossier_view.h"
#include "svc_dossier.h"

static json_t *late_json(struct http_req *r, const struct svc_late_row *rows, int n, int *late)
{
    json_t *out = json_array();
    *late = 0;
    for (int i = 0; i < n; i++) {
        const struct svc_dossier_row *d = &rows[i].d;
        *late += rows[i].days_late > 0;
        const char *role = d->step_role ? role_label(role_from_name(d->step_role)) : NULL;
        json_array_append_new(
            out,
            jpack("{s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:i, s:s, s:s?}", "code", d->code,
                  "href", arena_printf(r->arena, "/desk/ho-so/%s", d->code), "procedure",
                  d->procedure_name, "unit", d->step_unit_name, "step", role, "holder",
                  rows[i].holder, "due", dview_when(r, d->step_due_at), "state", d->state_label,
                  "days_late", rows[i].days_late, "row_class",
                  rows[i].days_late > 0 ? "overdue" : "near-due", "reason", rows[i].late_reason));
    }
    return out;
}

int page_desk_late(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    const struct actor *a = app_role_or_reply(r, w, ROLE_LEADER);
    if (!a)
        return 0;
    struct svc_late_row *rows = NULL;
    int n = 0, late = 0;
    struct err e = {0};
    if (svc_dossier_late(page_app(r)->svc, a, r->arena, &rows, &n, &e) != 0)
        return app_err(r, w, &e);
    json_t *list = late_json(r, rows, n, &late);
    return page_render(r, w, 200, "desk_late", "Hồ sơ trễ hạn, sắp đến hạn",
                       jpack("{s:o, s:s, s:s, s:b}", "rows", list, "late", page_number(r, late),
                             "soon", page_number(r, n - late), "any", n > 0));
}
