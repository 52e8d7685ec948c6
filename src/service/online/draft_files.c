/* draft_files.c — the components a citizen uploads with an online draft (svc_files.h), before
 * the dossier exists: the e-form asks for each component of the procedure's checklist. An
 * upload goes through the same intake as a dossier's files (type sniffed from the bytes, the
 * content stored once by its SHA-256, the name cleaned) and is recorded against the draft;
 * a content of the citizen's personal store can be attached instead without sending it again,
 * flagged with the dossier it came from. Submission turns these rows into the dossier's files
 * (dossier_online.c). A draft is only ever reached through its owner: anyone else, staff
 * included, finds nothing. */
#include "svc_files.h"
#include "jpack.h"

#include "cal_date.h"
#include "dossier_internal.h"
#include "files_internal.h"
#include "online_store.h"

#include <jansson.h>
#include <string.h>

struct dfile_ctx {
    const struct actor *a;
    struct arena *ar;
    int64_t draft_id;
    int component; /* -1: no component to check */
    const char *sha256;
    struct file_intake in;
    struct file_row *rows;
    int n, added;
    int found; /* open_read: the index in rows of the file asked for */
};

/* The number of components the draft's procedure (as in force today) asks for. */
static int component_count(struct db_conn *c, struct arena *ar, const char *procedure, int *n,
                           struct err *e)
{
    char today[16];
    struct dossier_proc proc;
    cal_format_date(cal_local_day(svc_now()), today, sizeof today);
    int rc = dossier_proc_in_force(c, ar, procedure, today, &proc, e);
    if (rc == E_NOTFOUND)
        return err_set(e, E_INVALID, "procedure_code", "Thủ tục của hồ sơ nháp không còn hiệu lực");
    if (rc)
        return rc;
    struct procedure body;
    if ((rc = proc_parse(ar, proc.body, &body, e)) != 0)
        return rc;
    *n = body.ncomponents;
    return 0;
}

/* The actor's draft, still open, with component x->component in its checklist. */
static int open_draft(struct db_conn *c, struct dfile_ctx *x, struct err *e)
{
    struct online_draft_row d;
    int n = 0;
    int rc = online_draft_get(c, x->ar, x->draft_id, x->a->user_id, &d, e);
    if (rc)
        return rc;
    if (d.dossier_code)
        return err_set(e, E_CONFLICT, "id", "Hồ sơ nháp đã được nộp, không thay đổi tệp được nữa");
    if (x->component < 0)
        return 0;
    if ((rc = component_count(c, x->ar, d.procedure_code, &n, e)) != 0)
        return rc;
    if (x->component >= n)
        return err_set(e, E_INVALID, "component",
                       "Thủ tục không có thành phần số %d (các thành phần đánh số từ 0 đến %d)",
                       x->component, n - 1);
    return 0;
}

static int open_draft_read(struct db_conn *c, void *ctx, struct err *e)
{
    return open_draft(c, ctx, e);
}

/* The attachment of sha256 at x->component, as the list gives it. */
static int attached(struct db_conn *c, struct dfile_ctx *x, const char *sha256,
                    struct svc_file *out, struct err *e)
{
    int rc = file_draft_list(c, x->ar, x->draft_id, &x->rows, &x->n, e);
    for (int i = 0; !rc && i < x->n; i++)
        if (x->rows[i].component_idx == x->component && strcmp(x->rows[i].sha256, sha256) == 0) {
            file_to_svc(&x->rows[i], out);
            return 0;
        }
    return rc ? rc : err_set(e, E_INTERNAL, NULL, "draft file vanished");
}

static int audit_draft_file(struct db_conn *c, const struct dfile_ctx *x, const char *action,
                            const char *sha256, const char *reused_from, struct err *e)
{
    json_t *summary = jpack("{s:s, s:i}", "sha256", sha256, "component", x->component);
    if (reused_from)
        json_object_set_new(summary, "reused_from", json_string(reused_from));
    return svc_audit_json(c, x->a, action, "draft",
                          arena_printf(x->ar, "%lld", (long long)x->draft_id), summary, e);
}

struct upload_tx {
    struct dfile_ctx *x;
    struct svc_file *out;
};

static int upload_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct upload_tx *t = ctx;
    struct dfile_ctx *x = t->x;
    int existed = 0;
    struct file_row row = {.sha256 = x->in.id.hex,
                           .name = x->in.name,
                           .component_idx = x->component,
                           .uploaded_at = svc_now()};
    int rc = open_draft(c, x, e);
    if (!rc)
        rc = file_content_record(c, &x->in, row.uploaded_at, &existed, e);
    if (!rc)
        rc = file_draft_attach(c, x->draft_id, &row, &x->added, e);
    if (!rc && x->added)
        rc = audit_draft_file(c, x, "draft.file_upload", x->in.id.hex, NULL, e);
    return rc ? rc : attached(c, x, x->in.id.hex, t->out, e);
}

int svc_draft_file_upload(struct svc *s, const struct actor *a, struct arena *ar,
                          const struct svc_draft_upload *u, struct svc_file *out, struct err *e)
{
    struct dfile_ctx x = {.a = a, .ar = ar, .draft_id = u->draft_id, .component = u->component};
    struct upload_tx t = {&x, out};
    int rc = db_with_conn(s->db, open_draft_read, &x, e);
    if (!rc)
        rc = file_take_in(s, ar, u->tmp_path, u->client_name, &x.in, e);
    if (!rc)
        rc = db_tx(s->db, upload_tx, &t, e);
    return rc ? rc : !x.added;
}

static int reuse_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct upload_tx *t = ctx;
    struct dfile_ctx *x = t->x;
    struct file_store_entry *mine = NULL;
    int n = 0;
    int rc = open_draft(c, x, e);
    if (!rc)
        rc = file_store_of_user(c, x->ar, x->a->user_id, x->sha256, 1, &mine, &n, e);
    if (rc)
        return rc;
    if (n == 0)
        return err_set(e, E_NOTFOUND, "sha256",
                       "Không tìm thấy tệp này trong kho dữ liệu hồ sơ của bạn");
    struct file_row row = {.sha256 = x->sha256,
                           .name = mine[0].f.name,
                           .component_idx = x->component,
                           .uploaded_at = svc_now(),
                           .reused_from = mine[0].dossier_code};
    rc = file_draft_attach(c, x->draft_id, &row, &x->added, e);
    if (!rc && x->added)
        rc = audit_draft_file(c, x, "draft.file_reuse", x->sha256, row.reused_from, e);
    return rc ? rc : attached(c, x, x->sha256, t->out, e);
}

int svc_draft_file_reuse(struct svc *s, const struct actor *a, struct arena *ar, int64_t draft_id,
                         int component, const char *sha256, struct svc_file *out, struct err *e)
{
    if (!sha256 || !blob_hex_valid(sha256))
        return err_set(e, E_INVALID, "sha256",
                       "Mã tệp (sha256) phải gồm 64 chữ số hệ 16 viết thường");
    struct dfile_ctx x = {
        .a = a, .ar = ar, .draft_id = draft_id, .component = component, .sha256 = sha256};
    struct upload_tx t = {&x, out};
    int rc = db_tx(s->db, reuse_tx, &t, e);
    return rc ? rc : !x.added;
}

static int list_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct dfile_ctx *x = ctx;
    struct online_draft_row d;
    int rc = online_draft_get(c, x->ar, x->draft_id, x->a->user_id, &d, e);
    return rc ? rc : file_draft_list(c, x->ar, x->draft_id, &x->rows, &x->n, e);
}

int svc_draft_files(struct svc *s, const struct actor *a, struct arena *ar, int64_t draft_id,
                    struct svc_file **out, int *n, struct err *e)
{
    struct dfile_ctx x = {.a = a, .ar = ar, .draft_id = draft_id, .component = -1};
    int rc = db_with_conn(s->db, list_read, &x, e);
    if (rc)
        return rc;
    *out = file_list_to_svc(ar, x.rows, x.n);
    *n = x.n;
    return 0;
}

/* Before submission only: afterwards the file is the dossier's and served through it. */
static int open_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct dfile_ctx *x = ctx;
    int rc = open_draft(c, x, e);
    if (rc == E_CONFLICT)
        rc = err_set(e, E_NOTFOUND, "id", "Không tìm thấy hồ sơ nháp");
    if (!rc)
        rc = file_draft_list(c, x->ar, x->draft_id, &x->rows, &x->n, e);
    for (int i = 0; !rc && i < x->n; i++)
        if (strcmp(x->rows[i].sha256, x->sha256) == 0) {
            x->found = i;
            return 0;
        }
    return rc ? rc : err_set(e, E_NOTFOUND, "sha256", "Không tìm thấy tệp này trong hồ sơ nháp");
}

int svc_draft_file_open(struct svc *s, const struct actor *a, struct arena *ar, int64_t draft_id,
                        const char *sha256, struct svc_file_download *out, struct err *e)
{
    if (!sha256 || !blob_hex_valid(sha256))
        return err_set(e, E_NOTFOUND, "sha256", "Không tìm thấy tệp này trong hồ sơ nháp");
    struct dfile_ctx x = {
        .a = a, .ar = ar, .draft_id = draft_id, .component = -1, .sha256 = sha256};
    int rc = db_with_conn(s->db, open_read, &x, e);
    if (rc)
        return rc;
    const struct file_row *f = &x.rows[x.found];
    *out = (struct svc_file_download){.path = blob_path(ar, s->cfg.files_dir, f->sha256),
                                      .mime = f->mime,
                                      .name = f->name,
                                      .size = f->size};
    return 0;
}

static int remove_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct dfile_ctx *x = ctx;
    int64_t removed = 0;
    int rc = open_draft(c, x, e);
    if (!rc)
        rc = file_draft_remove(c, x->draft_id, x->sha256, &removed, e);
    if (!rc && !removed)
        rc = err_set(e, E_NOTFOUND, "sha256", "Tệp này không có trong hồ sơ nháp");
    return rc ? rc : audit_draft_file(c, x, "draft.file_remove", x->sha256, NULL, e);
}

int svc_draft_file_remove(struct svc *s, const struct actor *a, struct arena *ar, int64_t draft_id,
                          const char *sha256, struct err *e)
{
    if (!sha256 || !blob_hex_valid(sha256))
        return err_set(e, E_NOTFOUND, "sha256", "Tệp này không có trong hồ sơ nháp");
    struct dfile_ctx x = {
        .a = a, .ar = ar, .draft_id = draft_id, .component = -1, .sha256 = sha256};
    return db_tx(s->db, remove_tx, &x, e);
}
