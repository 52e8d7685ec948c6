/* portal_inbound.c — a dossier submitted on the National Public Service Portal becomes a
 * dossier of motcua exactly like one submitted on our own online service: state "submitted"
 * (national status 1), waiting in the receiving counter's queue, its files attached as
 * components (sniffed and parsed like any upload), the applicant's VNeID log-in as the portal
 * said. The portal's code is linked to ours (portal_dossiers) in the same transaction, before
 * the event is logged, so every message about the dossier — the counter's acceptance, request
 * for supplement or refusal included — goes back under the portal's code. A code received
 * before is answered with the dossier it made, never a second one. */
#include "portal_internal.h"

#include "cal_date.h"
#include "cal_deadline.h"
#include "dossier_internal.h"
#include "dossier_state.h"
#include "file_store.h"
#include "jpack.h"
#include "files_internal.h"
#include "portal_store.h"
#include "procedure_store.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct actor portal_actor = {
    .user_id = 0, .username = "dvcqg", .full_name = "Cổng Dịch vụ công quốc gia", .kind = "system"};

static int is(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* The receiving unit the portal names (its agency code or key) among the procedure's; the
 * only one when the portal names none. */
static int choose_unit(struct db_conn *c, struct arena *ar, const struct org_tree *t,
                       int64_t procedure_id, const char *code, int64_t *unit, struct err *e)
{
    struct proc_unit_row *rows = NULL;
    int n = 0, receiving = 0, rc = proc_units_list(c, ar, procedure_id, &rows, &n, e);
    *unit = 0;
    for (int i = 0; !rc && i < n; i++) {
        if (!is(rows[i].role, "receive"))
            continue;
        const struct org_unit *u = org_tree_get(t, rows[i].unit_id);
        if (!code || is(code, rows[i].key) || (u && is(code, u->agency_code)))
            *unit = rows[i].unit_id;
        receiving++;
    }
    if (!rc && !*unit)
        rc = err_set(e, E_INVALID, "MaDonVi",
                     receiving ? "Đơn vị %s không tiếp nhận thủ tục này"
                               : "Thủ tục chưa được giao cho bộ phận tiếp nhận nào (%s)",
                     code ? code : "");
    return rc;
}

static int load_procedure(struct db_conn *c, struct arena *ar, const char *code, int64_t now,
                          struct dossier_proc *dp, struct procedure *body, struct err *e)
{
    char today[16];
    cal_format_date(cal_local_day(now), today, sizeof today);
    int rc = dossier_proc_in_force(c, ar, code, today, dp, e);
    if (rc == E_NOTFOUND)
        return err_set(e, E_INVALID, "MaTTHC", "Không có thủ tục %s đang có hiệu lực", code);
    return rc ? rc : proc_parse(ar, dp->body, body, e);
}

/* The component a file answers: "<procedure>.TP<n>" as we send it, else the first. */
static int component_of(const char *procedure, const char *code, int ncomponents)
{
    size_t len = strlen(procedure);
    int n = 0;
    if (code && strncmp(code, procedure, len) == 0 && sscanf(code + len, ".TP%d", &n) == 1 &&
        n >= 1 && n <= ncomponents)
        return n - 1;
    return 0;
}

static int write_temp(const struct portal_inbound_file *f, char *path, size_t size, struct err *e)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, size, "%s/motcua-portal-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return err_set(e, E_IO, "TepDinhKem", "Không ghi được tệp tạm");
    size_t done = 0;
    while (done < f->len) {
        ssize_t w = write(fd, f->data + done, f->len - done);
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    close(fd);
    if (done != f->len) {
        unlink(path);
        return err_set(e, E_IO, "TepDinhKem", "Không ghi được tệp tạm");
    }
    return 0;
}

static int attach_file(struct svc *s, struct db_conn *c, struct arena *ar,
                       const struct dossier_row *d, const struct procedure *proc,
                       const struct portal_inbound_file *f, int64_t now, struct err *e)
{
    char path[512];
    struct file_intake in;
    int existed = 0, rc = write_temp(f, path, sizeof path, e);
    if (rc)
        return rc;
    rc = file_take_in(s, ar, path, f->name, &in, e);
    unlink(path);
    if (rc)
        return rc == E_IO ? rc
                          : err_set(e, E_INVALID, "TepDinhKem", "Tệp \"%s\": %s", f->name,
                                    e ? e->msg : "không nhận được");
    struct file_row row = {
        .dossier_id = d->id,
        .size = in.id.size,
        .uploaded_at = now,
        .sha256 = in.id.hex,
        .mime = in.mime,
        .kind = "component",
        .name = in.name,
        .uploader = "",
        .component_idx = component_of(d->procedure_code, f->component_code, proc->ncomponents),
        .digitised = 1};
    if ((rc = file_content_put(c, in.id.hex, in.id.size, in.mime, now, &existed, e)) != 0)
        return rc;
    row.reused = existed;
    return file_attach(c, &row, &row.id, e);
}

static int fill_row(struct arena *ar, const struct portal_inbound *in,
                    const struct dossier_proc *dp, const struct procedure *proc, int64_t unit,
                    int64_t now, struct dossier_row *d)
{
    enum dossier_state to = DS_SUBMITTED;
    char *fold = NULL;
    if (text_fold(ar, in->applicant_name, &fold) != 0)
        return E_NOMEM;
    *d = (struct dossier_row){
        .procedure_version_id = dp->version_id,
        .procedure_code = in->procedure_code,
        .procedure_name = dp->name,
        .receiving_unit_id = unit,
        .state = dossier_state_name(to),
        .national_status = dossier_national_status(to),
        .channel = "online",
        .return_method = in->return_method,
        .applicant_kind = in->applicant_kind == 2 ? "organisation" : "person",
        .applicant_name = in->applicant_name,
        .applicant_fold = fold,
        .applicant_id = in->applicant_id,
        .applicant_birth = in->applicant_birth,
        .applicant_phone = in->applicant_phone,
        .applicant_email = in->applicant_email,
        .applicant_address = in->applicant_address,
        .sets = 1,
        .fee_total = proc_fee_total(proc),
        .limit_unit = cal_unit_name(proc->time_limit.unit),
        .limit_value = proc->time_limit.value == PROC_UNKNOWN ? 0 : (int)proc->time_limit.value,
        .received_at = now,
        .updated_at = now,
        .step_unit_id = unit,
        .step_role = "receptionist",
        .lookup_token = svc_dossier_lookup_token(ar),
    };
    return 0;
}

int portal_receive_dossier(struct svc *s, struct db_conn *c, struct arena *ar, const char *partner,
                           const struct portal_inbound *in, int64_t now, int64_t *dossier_id,
                           const char **code, struct err *e)
{
    struct dossier_proc dp;
    struct procedure proc;
    struct org_tree t;
    struct dossier_row d;
    int64_t unit = 0;
    int rc = portal_link_find(c, partner, in->code, dossier_id, e);
    if (rc == 0) {
        *code = in->code;
        return 0;
    }
    if (rc != E_NOTFOUND)
        return rc;
    if ((rc = load_procedure(c, ar, in->procedure_code, now, &dp, &proc, e)) != 0 ||
        (rc = org_tree_of(s, c, &t, e)) != 0 ||
        (rc = choose_unit(c, ar, &t, dp.procedure_id, in->unit_code, &unit, e)) != 0 ||
        (rc = fill_row(ar, in, &dp, &proc, unit, now, &d)) != 0 ||
        (rc = dossier_issue_code(c, ar, &t, unit, now, code, e)) != 0)
        return rc;
    d.code = *code;
    struct portal_link_row link = {0, in->submitted_at ? in->submitted_at : now, partner, in->code,
                                   in->vneid_verified};
    if ((rc = dossier_insert(c, &d, &d.id, e)) != 0 ||
        (rc = dossier_insert_components(c, d.id, &proc, NULL, 0, e)) != 0)
        return rc;
    link.dossier_id = d.id;
    if ((rc = portal_link_insert(c, &link, e)) != 0)
        return rc;
    for (int i = 0; !rc && i < in->nfiles; i++)
        rc = attach_file(s, c, ar, &d, &proc, &in->files[i], now, e);
    if (!rc)
        rc = dossier_log(s, c, &portal_actor, &d, dossier_action_name(DA_SUBMIT_ONLINE), "none", 0,
                         NULL, "Nộp trên Cổng Dịch vụ công quốc gia", now, e);
    if (!rc)
        rc = svc_audit_json(c, &portal_actor, "dossier.portal_receive", "dossier", d.code,
                            jpack("{s:s, s:s, s:i}", "partner", partner, "portal_code", in->code,
                                  "files", in->nfiles),
                            e);
    *dossier_id = d.id;
    return rc;
}

struct units_ctx {
    struct svc *s;
    struct arena *ar;
    const char **codes;
    int n;
};

static int units_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct units_ctx *x = ctx;
    struct proc_unit_row *rows = NULL;
    struct org_tree t;
    int n = 0, rc = proc_assigned_units(c, x->ar, &rows, &n, e);
    if (!rc)
        rc = org_tree_of(x->s, c, &t, e);
    x->codes = arena_alloc(x->ar, sizeof *x->codes * (size_t)(n + 1));
    for (int i = 0; !rc && i < n; i++) {
        const struct org_unit *u = org_tree_get(&t, rows[i].unit_id);
        const char *code = u && u->agency_code && *u->agency_code ? u->agency_code : rows[i].key;
        int seen = 0;
        for (int j = 0; !seen && j < x->n; j++)
            seen = is(x->codes[j], code);
        if (!seen)
            x->codes[x->n++] = code;
    }
    return rc;
}

int portal_receiving_units(struct svc *s, struct arena *ar, const char ***codes, int *n,
                           struct err *e)
{
    struct units_ctx x = {s, ar, NULL, 0};
    int rc = db_with_conn(s->db, units_read, &x, e);
    *codes = x.codes;
    *n = x.n;
    return rc;
}
