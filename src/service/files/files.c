/* files.c — the files of a dossier (svc_files.h): uploading a scan of a component or the
 * result, the applicant's own upload answering a supplement request, listing them, and
 * opening one for download.
 *
 * An upload runs in three stages. The permission check comes first, outside any write, so
 * that a stranger's upload is refused before anything is stored and without learning whether
 * the dossier exists. Then the bytes are sniffed and stored on disk (blob_store), which
 * cannot be part of a database transaction and must not be (db_tx may run its callback
 * again); every upload path passes through file_take_in, which also parses the file as its
 * type (file_parse.c) and names it after that type. Last, one transaction checks the permission
 * again, records the content and the attachment, and writes the audit entry. A failure after the
 * bytes are stored leaves a blob no row points to: harmless, as it is served only through a row,
 * and the same content sent again finds it in place. */
#include "svc_files.h"
#include "jpack.h"

#include "dossier_state.h"
#include "org_tree.h"
#include "files_internal.h"
#include "issued_paper.h"

#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct upload_ctx {
    struct svc *s;
    const struct actor *a;
    struct arena *ar;
    const struct svc_upload *u;
    struct dossier_row d;
    struct file_intake in;
    struct file_row row;   /* the attachment written, or the earlier one found */
    int64_t supplement_id; /* the cycle an upload of the applicant answers */
    int replayed;
    const char *unit_name; /* the receiving unit, for the registry of issued papers */
};

static int is_component(const char *kind)
{
    return strcmp(kind, "component") == 0;
}

int file_component_listed(struct db_conn *c, struct arena *ar, int64_t dossier_id, int idx,
                          struct err *e)
{
    struct dossier_component_row *comps = NULL;
    int n = 0;
    int rc = dossier_components(c, ar, dossier_id, &comps, &n, e);
    for (int i = 0; !rc && i < n; i++)
        if (comps[i].idx == idx)
            return 0;
    if (rc || n == 0)
        return rc ? rc : err_set(e, E_INVALID, "component", "Hồ sơ không có thành phần nào");
    return err_set(e, E_INVALID, "component",
                   "Hồ sơ không có thành phần số %d (các thành phần đánh số từ 0 đến %d)", idx,
                   n - 1);
}

static int closed(const struct dossier_row *d)
{
    enum dossier_state st = DS_NONE;
    return dossier_state_parse(d->state, &st) == 0 && dossier_state_final(st);
}

/* Component scans belong to reception; a result to the counter or whoever holds the step. */
static int may_attach(const struct org_tree *t, const struct actor *a, const struct dossier_row *d,
                      const char *kind, struct err *e)
{
    if (is_component(kind)) {
        int rc = dossier_role_at(t, a, ROLE_RECEPTIONIST, d->receiving_unit_id, e);
        if (!rc && closed(d))
            return err_set(e, E_CONFLICT, "code",
                           "Hồ sơ đã kết thúc, không thể đính kèm thêm thành phần");
        return rc;
    }
    int holds_step =
        d->step_role && d->step_unit_id &&
        dossier_role_at(t, a, role_from_name(d->step_role), d->step_unit_id, NULL) == 0;
    int rc = holds_step ? 0 : dossier_role_at(t, a, ROLE_RECEPTIONIST, d->receiving_unit_id, e);
    if (!rc && strcmp(d->state, "returned") == 0)
        return err_set(e, E_CONFLICT, "code", "Hồ sơ đã trả kết quả, không đính kèm thêm kết quả");
    if (!rc && !d->accepted_at)
        return err_set(e, E_CONFLICT, "code",
                       "Hồ sơ chưa được tiếp nhận nên chưa thể có kết quả để đính kèm");
    return rc;
}

static int is_applicant(const struct actor *a, const struct dossier_row *d)
{
    return a->user_id && a->user_id == d->applicant_user_id;
}

/* The applicant's own account attaches components only to answer a supplement request. */
static int applicant_may_attach(struct db_conn *c, struct upload_ctx *x, struct err *e)
{
    struct dossier_supplement_row sup;
    if (!is_component(x->u->kind))
        return err_set(e, E_FORBIDDEN, "kind", "Chỉ cán bộ được đính kèm kết quả giải quyết");
    int rc = dossier_open_supplement(c, x->ar, &x->d, &sup, e);
    x->supplement_id = rc ? 0 : sup.id;
    return rc;
}

static int check_upload(struct db_conn *c, struct upload_ctx *x, struct err *e)
{
    struct org_tree t;
    int rc = org_tree_of(x->s, c, &t, e);
    if (!rc)
        rc = dossier_get(c, x->ar, x->u->code, &x->d, e);
    if (!rc)
        rc = dossier_visible(&t, x->a, &x->d, e);
    if (!rc) {
        const struct org_unit *unit = org_tree_get(&t, x->d.receiving_unit_id);
        x->unit_name = unit ? unit->name : "";
    }
    if (!rc)
        rc = is_applicant(x->a, &x->d) ? applicant_may_attach(c, x, e)
                                       : may_attach(&t, x->a, &x->d, x->u->kind, e);
    if (!rc && is_component(x->u->kind))
        rc = file_component_listed(c, x->ar, x->d.id, x->u->component, e);
    return rc;
}

static int check_tx(struct db_conn *c, void *ctx, struct err *e)
{
    return check_upload(c, ctx, e);
}

static int audit_upload(struct db_conn *c, const struct upload_ctx *x, struct err *e)
{
    json_t *summary =
        jpack("{s:s, s:s, s:s, s:I, s:b}", "sha256", x->in.id.hex, "kind", x->row.kind, "mime",
              x->in.mime, "size", (json_int_t)x->in.id.size, "reused", x->row.reused);
    if (x->row.component_idx >= 0)
        json_object_set_new(summary, "component", json_integer(x->row.component_idx));
    if (x->row.supplement_id)
        json_object_set_new(summary, "supplement", json_integer(x->row.supplement_id));
    if (x->in.sig.status) /* the verification, with the content's hash (issue 18 item 7) */
        json_object_set_new(summary, "signature", json_string(x->in.sig.status));
    return svc_audit_json(c, x->a, "dossier.file_upload", "dossier", x->d.code, summary, e);
}

/* A result in PDF is a paper the office issues: it goes into the registry of issued papers
 * (service/issued/), each upload a new version of the dossier's result, so the public page
 * recognises its bytes and shows an earlier upload as replaced. */
static int issue_result(struct db_conn *c, const struct upload_ctx *x, struct err *e)
{
    if (strcmp(x->row.kind, "result") != 0 || strcmp(x->in.mime, "application/pdf") != 0)
        return 0;
    struct issued_paper p = {"result",
                             "Kết quả giải quyết hồ sơ",
                             x->d.code,
                             x->d.procedure_code,
                             x->unit_name,
                             x->d.id,
                             x->d.receiving_unit_id,
                             issued_new_token(x->ar),
                             x->in.id.hex};
    return issued_record(c, x->a, &p, e);
}

static int attach_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct upload_ctx *x = ctx;
    int rc = check_upload(c, x, e);
    if (rc)
        return rc;
    int idx = is_component(x->u->kind) ? x->u->component : -1;
    rc = file_attached_at(c, x->ar, x->d.id, x->in.id.hex, x->u->kind, idx, &x->row, e);
    x->replayed = rc == 0;
    if (rc != E_NOTFOUND)
        return rc;
    err_clear(e);
    int existed = 0;
    x->row = (struct file_row){.dossier_id = x->d.id,
                               .size = x->in.id.size,
                               .uploaded_by = x->a->user_id,
                               .uploaded_at = svc_now(),
                               .sha256 = x->in.id.hex,
                               .mime = x->in.mime,
                               .kind = is_component(x->u->kind) ? "component" : "result",
                               .name = x->in.name,
                               .uploader = x->a->user_id ? x->a->full_name : "",
                               .component_idx = idx,
                               .digitised = idx >= 0 && !x->supplement_id,
                               .supplement_id = x->supplement_id,
                               .sig_status = x->in.sig.status,
                               .sig_signer = x->in.sig.signer,
                               .sig_reason = x->in.sig.reason,
                               .sig_time = x->in.sig.signing_time};
    if ((rc = file_content_record(c, &x->in, x->row.uploaded_at, &existed, e)) != 0)
        return rc;
    x->row.reused = existed;
    if ((rc = file_attach(c, &x->row, &x->row.id, e)) != 0)
        return rc;
    if ((rc = audit_upload(c, x, e)) != 0)
        return rc;
    return issue_result(c, x, e);
}

int file_take_in(struct svc *s, struct arena *ar, const char *tmp_path, const char *client_name,
                 struct file_intake *out, struct err *e)
{
    int fd = tmp_path ? open(tmp_path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) : -1;
    if (fd < 0)
        return err_set(e, E_IO, NULL, "Không đọc được tệp tải lên");
    int existed = 0;
    int rc = file_sniff(fd, &out->mime, e);
    if (!rc)
        rc = file_parse(fd, out->mime, e);
    if (!rc)
        file_check_signature(s, ar, fd, out->mime, &out->sig);
    if (!rc && lseek(fd, 0, SEEK_SET) != 0)
        rc = err_set(e, E_IO, NULL, "Lỗi hệ thống khi đọc tệp");
    if (!rc)
        rc = blob_put_fd(ar, s->cfg.files_dir, fd, &out->id, &existed, e);
    close(fd);
    if (!rc)
        out->name = file_clean_name(ar, client_name, out->mime);
    return rc;
}

void file_to_svc(const struct file_row *r, struct svc_file *out)
{
    *out = (struct svc_file){.size = r->size,
                             .uploaded_at = r->uploaded_at,
                             .mime = r->mime,
                             .name = r->name,
                             .kind = r->kind,
                             .uploaded_by = r->uploader,
                             .component = r->component_idx,
                             .digitised = r->digitised,
                             .reused = r->reused,
                             .reused_from = r->reused_from,
                             .answers_supplement = r->supplement_id != 0,
                             .sig_status = r->sig_status,
                             .sig_signer = r->sig_signer,
                             .sig_reason = r->sig_reason,
                             .sig_time = r->sig_time};
    snprintf(out->sha256, sizeof out->sha256, "%s", r->sha256);
}

struct svc_file *file_list_to_svc(struct arena *ar, const struct file_row *rows, int n)
{
    struct svc_file *out = arena_alloc(ar, sizeof *out * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++)
        file_to_svc(&rows[i], &out[i]);
    return out;
}

int svc_dossier_upload(struct svc *s, const struct actor *a, struct arena *ar,
                       const struct svc_upload *u, struct svc_file *out, struct err *e)
{
    if (!u->kind || (!is_component(u->kind) && strcmp(u->kind, "result") != 0))
        return err_set(e, E_INVALID, "kind", "Loại tệp phải là component hoặc result");
    struct upload_ctx x = {.s = s, .a = a, .ar = ar, .u = u};
    int rc = db_with_conn(s->db, check_tx, &x, e);
    if (!rc)
        rc = file_take_in(s, ar, u->tmp_path, u->client_name, &x.in, e);
    if (!rc)
        rc = db_tx(s->db, attach_tx, &x, e);
    if (rc)
        return rc;
    file_to_svc(&x.row, out);
    return x.replayed;
}

struct list_ctx {
    struct svc *s;
    const struct actor *a;
    struct arena *ar;
    const char *code, *sha256;
    struct file_row *rows;
    int n;
    struct file_row one;
};

static int visible_dossier(struct db_conn *c, struct list_ctx *x, struct dossier_row *d,
                           struct err *e)
{
    struct org_tree t;
    int rc = org_tree_of(x->s, c, &t, e);
    if (!rc)
        rc = dossier_get(c, x->ar, x->code, d, e);
    return rc ? rc : dossier_visible(&t, x->a, d, e);
}

static int list_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct list_ctx *x = ctx;
    struct dossier_row d;
    int rc = visible_dossier(c, x, &d, e);
    return rc ? rc : file_list(c, x->ar, d.id, &x->rows, &x->n, e);
}

int svc_dossier_files(struct svc *s, const struct actor *a, struct arena *ar, const char *code,
                      struct svc_file **out, int *n, struct err *e)
{
    struct list_ctx x = {.s = s, .a = a, .ar = ar, .code = code ? code : ""};
    int rc = db_with_conn(s->db, list_read, &x, e);
    if (rc)
        return rc;
    *out = file_list_to_svc(ar, x.rows, x.n);
    *n = x.n;
    return 0;
}

static int open_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct list_ctx *x = ctx;
    struct dossier_row d;
    int rc = visible_dossier(c, x, &d, e);
    return rc ? rc : file_in_dossier(c, x->ar, d.id, x->sha256, &x->one, e);
}

int svc_dossier_file_open(struct svc *s, const struct actor *a, struct arena *ar, const char *code,
                          const char *sha256, struct svc_file_download *out, struct err *e)
{
    if (!blob_hex_valid(sha256))
        return err_set(e, E_NOTFOUND, "sha256", "Không tìm thấy tệp này trong hồ sơ");
    struct list_ctx x = {.s = s, .a = a, .ar = ar, .code = code ? code : "", .sha256 = sha256};
    int rc = db_with_conn(s->db, open_read, &x, e);
    if (rc)
        return rc;
    *out = (struct svc_file_download){.path = blob_path(ar, s->cfg.files_dir, x.one.sha256),
                                      .mime = x.one.mime,
                                      .name = x.one.name,
                                      .size = x.one.size};
    return 0;
}
