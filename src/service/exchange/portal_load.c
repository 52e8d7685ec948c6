/* portal_load.c — gathers what the national portal is told about a dossier (struct
 * portal_dossier) from the rows motcua keeps, inside the transaction of the change: the
 * dossier, its receiving unit, its procedure's field, its files (components and results with
 * their digitised and reused flags), its supplement cycles with the appointment before and
 * after, its fee requests and how they were paid, and its rating. A dossier that came from the
 * portal is reported under the portal's own code, with our code as the receipt number. */
#include "portal_internal.h"

#include "dossier_store.h"
#include "file_store.h"
#include "org_store.h"
#include "payment_store.h"
#include "portal_store.h"
#include "procedure.h"
#include "rating_store.h"

#include <string.h>

static int is(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static const char *file_url(struct arena *ar, const char *code, const char *sha256)
{
    return arena_printf(ar, "/api/v1/dossiers/%s/files/%s", code, sha256);
}

static int load_files(struct db_conn *c, struct arena *ar, const struct dossier_row *d,
                      struct portal_dossier *p, struct err *e)
{
    struct file_row *rows = NULL;
    int n = 0, rc = file_list(c, ar, d->id, &rows, &n, e);
    if (rc)
        return rc;
    p->files = arena_alloc(ar, sizeof *p->files * (size_t)(n + 1));
    p->results = arena_alloc(ar, sizeof *p->results * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        const struct file_row *f = &rows[i];
        const char *id = arena_printf(ar, "%lld", (long long)f->id);
        if (f->component_idx < 0) {
            p->results[p->nresults] =
                (struct portal_result){id, f->name, arena_printf(ar, "%s.KQ", d->procedure_code),
                                       file_url(ar, d->code, f->sha256),
                                       arena_printf(ar, "%s-KQ%d", d->code, p->nresults + 1)};
            p->nresults++;
            continue;
        }
        p->files[p->nfiles++] = (struct portal_file){
            id,
            f->name,
            arena_printf(ar, "%s.TP%d", d->procedure_code, f->component_idx + 1),
            file_url(ar, d->code, f->sha256),
            0,
            f->digitised,
            0,
            f->reused ? 1 : 0,
            NULL};
    }
    return 0;
}

static int load_supplements(struct db_conn *c, struct arena *ar, const struct dossier_row *d,
                            struct portal_dossier *p, struct err *e)
{
    struct dossier_supplement_row *rows = NULL;
    int n = 0, rc = dossier_supplements(c, ar, d->id, &rows, &n, e);
    p->supplements = arena_alloc(ar, sizeof *p->supplements * (size_t)(n + 1));
    for (int i = 0; !rc && i < n; i++) {
        struct portal_supplement *s = &p->supplements[p->nsupplements++];
        *s = (struct portal_supplement){.id = rows[i].id,
                                        .requested_at = rows[i].requested_at,
                                        .received_at = rows[i].completed_at,
                                        .content = rows[i].reason ? rows[i].reason : rows[i].items};
        rc = portal_due_get(c, rows[i].id, &s->due_before, &s->due_after, e);
    }
    return rc;
}

/* Each line of each fee request that was not cancelled; paid through VNPAY counts as paid
 * online through the provincial gateway (DuocThanhToanTrucTuyen 2). */
static int load_fees(struct db_conn *c, struct arena *ar, const struct dossier_row *d,
                     struct portal_dossier *p, struct err *e)
{
    struct payment_row *rows = NULL;
    int n = 0, rc = payment_list(c, ar, d->id, &rows, &n, e);
    if (rc)
        return rc;
    int cap = 0;
    json_t **lines = arena_alloc(ar, sizeof *lines * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        lines[i] = json_loads(rows[i].lines ? rows[i].lines : "[]", 0, NULL);
        cap += (int)json_array_size(lines[i]);
    }
    p->fees = arena_alloc(ar, sizeof *p->fees * (size_t)(cap + 1));
    for (int i = 0; i < n; i++) {
        const struct payment_row *pay = &rows[i];
        int online = is(pay->method, "vnpay");
        if (is(pay->status, "paid") && online)
            p->paid_online = 2;
        for (size_t j = 0; !is(pay->status, "cancelled") && j < json_array_size(lines[i]); j++) {
            const json_t *l = json_array_get(lines[i], j);
            const char *label = json_string_value(json_object_get(l, "label"));
            p->fees[p->nfees++] =
                (struct portal_fee){arena_strdup(ar, label ? label : "Phí, lệ phí"),
                                    NULL,
                                    json_integer_value(json_object_get(l, "amount")),
                                    online ? 2 : 1,
                                    2,
                                    is(pay->status, "paid") ? pay->paid_at : 0};
        }
        json_decref(lines[i]);
    }
    return 0;
}

static int load_rating(struct db_conn *c, struct arena *ar, const struct dossier_row *d,
                       struct portal_dossier *p, struct err *e)
{
    struct rating_row r;
    int rc = rating_get(c, ar, d->id, &r, NULL);
    if (rc == E_NOTFOUND)
        return 0;
    if (rc)
        return err_set(e, rc, "code", "Không đọc được đánh giá của hồ sơ");
    struct portal_rating *out = arena_alloc(ar, sizeof *out);
    *out = (struct portal_rating){r.created_at, r.overall, r.comment, r.channel};
    p->rating = out;
    return 0;
}

static int load_origin(struct db_conn *c, struct arena *ar, const struct dossier_row *d,
                       const char *partner, struct portal_dossier *p, struct err *e)
{
    struct portal_link_row link;
    int rc = portal_link_get(c, ar, d->id, &link, e);
    if (rc == 0 && is(link.partner, partner)) {
        p->code = link.portal_code;
        p->receipt_no = d->code;
        p->submitted_at = link.submitted_at;
        p->vneid_verified = link.vneid_verified;
        return 0;
    }
    if (rc && rc != E_NOTFOUND)
        return rc;
    p->code = d->code;
    return portal_account_verified(c, d->applicant_user_id, &p->vneid_verified, e);
}

static int load_procedure(struct db_conn *c, struct arena *ar, const struct dossier_row *d,
                          struct portal_dossier *p, struct err *e)
{
    struct dossier_proc dp;
    struct procedure proc;
    int rc = dossier_proc_version(c, ar, d->procedure_version_id, &dp, e);
    if (!rc && proc_parse(ar, dp.body, &proc, NULL) == 0)
        p->field_name = proc.field;
    return rc;
}

static int load_unit(struct db_conn *c, struct arena *ar, const struct dossier_row *d,
                     struct portal_dossier *p, struct err *e)
{
    struct org_unit u;
    int rc = org_get(c, ar, d->receiving_unit_id, &u, e);
    if (!rc) {
        p->unit_code = u.agency_code && *u.agency_code ? u.agency_code : u.key;
        p->unit_name = u.name;
    }
    return rc;
}

/* NgayTiepNhan is the moment the desk took the dossier in: none while it waits online or
 * when it was refused at reception. */
static int64_t reception_moment(const struct dossier_row *d)
{
    if (d->accepted_at)
        return d->accepted_at;
    if (is(d->state, "submitted") || is(d->state, "refused"))
        return 0;
    return d->received_at;
}

int portal_load(struct db_conn *c, struct arena *ar, const struct dossier_row *d,
                const char *partner, const char *sub_state, struct portal_dossier *p, struct err *e)
{
    *p = (struct portal_dossier){
        .procedure_code = d->procedure_code,
        .procedure_name = d->procedure_name,
        .applicant_kind = is(d->applicant_kind, "organisation") ? 2 : 1,
        .applicant_name = d->applicant_name,
        .applicant_id = d->applicant_id,
        .applicant_phone = d->applicant_phone,
        .applicant_email = d->applicant_email,
        .applicant_address = d->applicant_address,
        .result_note = d->reason,
        .state = d->state,
        .sub_state = sub_state,
        .channel = d->channel,
        .return_method = d->return_method,
        .submitted_at = d->received_at,
        .received_at = reception_moment(d),
        .due_at = d->due_at,
        .finished_at = is(d->state, "refused") ? 0 : d->finished_at,
        .returned_at = d->returned_at,
        .refused_at =
            is(d->state, "refused") ? (d->finished_at ? d->finished_at : d->updated_at) : 0,
    };
    int rc = load_origin(c, ar, d, partner, p, e);
    if (!rc)
        rc = load_procedure(c, ar, d, p, e);
    if (!rc)
        rc = load_unit(c, ar, d, p, e);
    if (!rc)
        rc = load_files(c, ar, d, p, e);
    if (!rc)
        rc = load_supplements(c, ar, d, p, e);
    if (!rc)
        rc = load_fees(c, ar, d, p, e);
    return rc ? rc : load_rating(c, ar, d, p, e);
}
