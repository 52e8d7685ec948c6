/* files.c — the files endpoints: /api/v1/dossiers/{code}/files (the scans and results of a
 * dossier), /api/v1/drafts/{id}/files (what a citizen uploads with a draft, or takes again
 * from their personal store), /api/v1/me/files (that store) and the files of a supplement
 * answer under /api/v1/me/dossiers/{code}/supplement. Uploads are multipart (the HTTP layer
 * has already streamed the part to a temporary file under the size cap); the service sniffs,
 * parses, stores and attaches it; a type it refuses is answered 415, a file that does not open
 * as its type 422.
 * Downloads send the stored bytes with the type sniffed at upload, always as an attachment,
 * with the client's name percent-encoded (RFC 6266 / 5987) so that no byte a client sent
 * reaches a header unescaped. */
#include "api.h"
#include "jpack.h"
#include "api_dossiers.h"
#include "api_files.h"
#include "api_online.h"

#include "jspec.h"
#include "svc_files.h"

#include <stdlib.h>
#include <string.h>

static json_t *file_fields_json(struct arena *a, const char *code, const struct svc_file *f);

/* One file; url is its download through the dossier (a draft's files are listed without one:
 * the pages link /api/v1/drafts/{id}/files/{sha256}). */
static json_t *file_json(struct arena *a, const char *code, const struct svc_file *f)
{
    json_t *j = file_fields_json(a, code, f);
    if (f->sig_status)
        json_object_set_new(j, "signature",
                            jpack("{s:s, s:s, s:s?, s:s?, s:I}", "status", f->sig_status, "label",
                                  svc_signature_label(f->sig_status), "signer", f->sig_signer,
                                  "reason", f->sig_reason, "signing_time",
                                  (json_int_t)f->sig_time));
    return j;
}

static json_t *file_fields_json(struct arena *a, const char *code, const struct svc_file *f)
{
    return jpack("{s:s, s:I, s:s, s:s, s:s, s:o, s:b, s:b, s:s?, s:b, s:s, s:I, s:s?}", "sha256",
                 f->sha256, "size", (json_int_t)f->size, "mime", f->mime, "name", f->name, "kind",
                 f->kind, "component", f->component >= 0 ? json_integer(f->component) : json_null(),
                 "digitised", f->digitised, "reused", f->reused, "reused_from", f->reused_from,
                 "supplement_answer", f->answers_supplement, "uploaded_by", f->uploaded_by,
                 "uploaded_at", (json_int_t)f->uploaded_at, "url",
                 code ? arena_printf(a, "/api/v1/dossiers/%s/files/%s", code, f->sha256) : NULL);
}

static json_t *files_json(struct arena *a, const char *code, const struct svc_file *files, int n)
{
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(list, file_json(a, code, &files[i]));
    return list;
}

static int removed(struct api_call *c, int rc)
{
    return rc ? API_FAILED : api_json(c, 200, jpack("{s:b}", "removed", 1));
}

/* The answer to an upload: 201 with a new file, 200 with the one already there (the same
 * bytes), 415 for a type the service refuses (a damaged file is 422, as any invalid input). */
static int uploaded(struct api_call *c, int rc, const char *code, const struct svc_file *f)
{
    if (rc < 0 && svc_file_type_refused(&c->e))
        return http_resp_error(c->w, 415, "unsupported_media_type", c->e.msg, c->e.field);
    if (rc < 0)
        return API_FAILED;
    return api_json(c, rc == 0 ? 201 : 200, file_json(c->arena, code, f));
}

/* The checklist index of a component upload: a non-negative integer. */
static int component_index(const char *s, int *out, struct err *e)
{
    char *end = NULL;
    long v = s && *s ? strtol(s, &end, 10) : -1;
    if (!s || !*s || *end || v < 0 || v > 1000)
        return err_set(e, E_INVALID, "component",
                       "component phải là số thứ tự thành phần hồ sơ (từ 0)");
    *out = (int)v;
    return 0;
}

/* The file part of an upload and, when it is a checklist component's, its index; NULL after
 * answering 422. */
static const struct http_upload *part_or_reply(struct http_req *r, struct http_resp *w,
                                               int of_component, int *component)
{
    struct err e = {0};
    if (of_component && component_index(http_form(r, "component"), component, &e)) {
        http_resp_err(w, &e);
        return NULL;
    }
    const struct http_upload *f = http_upload_get(r, "file");
    if (!f)
        http_resp_error(w, 422, "invalid", "Chưa chọn tệp (trường file)", "file");
    return f;
}

/* A file into the dossier of the path: a scan, the result or a supplement answer's file. */
static int dossier_upload(struct api_call *c, const char *kind)
{
    struct svc_upload u = {.code = http_param(c->r, "code"), .kind = kind};
    const struct http_upload *f =
        part_or_reply(c->r, c->w, kind && strcmp(kind, "component") == 0, &u.component);
    if (!f)
        return 0;
    u.tmp_path = f->path;
    u.client_name = f->filename;
    struct svc_file out;
    int rc = svc_dossier_upload(c->svc, c->actor, c->arena, &u, &out, &c->e);
    return uploaded(c, rc, u.code, &out);
}

int api_dossier_file_upload(struct api_call *c)
{
    return dossier_upload(c, http_form(c->r, "kind"));
}

int api_dossier_files(struct api_call *c)
{
    const char *code = http_param(c->r, "code");
    struct svc_file *files = NULL;
    int n = 0;
    if (svc_dossier_files(c->svc, c->actor, c->arena, code, &files, &n, &c->e))
        return API_FAILED;
    return api_json(
        c, 200, jpack("{s:s, s:o}", "code", code, "files", files_json(c->arena, code, files, n)));
}

static int attr_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

/* attachment; filename="<ASCII stand-in>"; filename*=UTF-8''<percent-encoded name> */
static const char *content_disposition(struct arena *a, const char *name)
{
    size_t n = strlen(name);
    char *ascii = arena_alloc(a, n + 1), *enc = arena_alloc(a, 3 * n + 1);
    char *p = enc;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        ascii[i] = attr_char(c) ? (char)c : '_';
        if (attr_char(c)) {
            *p++ = (char)c;
        } else {
            static const char hex[] = "0123456789ABCDEF";
            *p++ = '%';
            *p++ = hex[c >> 4];
            *p++ = hex[c & 15];
        }
    }
    return arena_printf(a, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii, enc);
}

/* The stored bytes as they are, never to be rendered in the site's origin: an attachment,
 * not sniffed, and sandboxed (a unique origin, no script) should a browser show it anyway. */
static int send_file(struct http_req *r, struct http_resp *w, const struct svc_file_download *d)
{
    http_resp_text(w, 200, d->mime, "", 0);
    w->file_path = d->path;
    http_resp_header(w, "Content-Disposition", content_disposition(r->arena, d->name));
    http_resp_header(w, "X-Content-Type-Options", "nosniff");
    http_resp_header(w, "Content-Security-Policy", "sandbox");
    http_resp_header(w, "Cache-Control", "private, no-store");
    return 0;
}

int api_dossier_file_get(struct api_call *c)
{
    struct svc_file_download d;
    if (svc_dossier_file_open(c->svc, c->actor, c->arena, http_param(c->r, "code"),
                              http_param(c->r, "sha256"), &d, &c->e))
        return API_FAILED;
    return send_file(c->r, c->w, &d);
}

/* --- a citizen's draft --- */

int api_draft_file_upload(struct api_call *c)
{
    struct svc_draft_upload u = {0};
    u.draft_id = api_draft_id(c);
    if (!u.draft_id)
        return API_FAILED;
    const struct http_upload *f = part_or_reply(c->r, c->w, 1, &u.component);
    if (!f)
        return 0;
    u.tmp_path = f->path;
    u.client_name = f->filename;
    struct svc_file out;
    int rc = svc_draft_file_upload(c->svc, c->actor, c->arena, &u, &out, &c->e);
    return uploaded(c, rc, NULL, &out);
}

int api_draft_file_reuse(struct api_call *c)
{
    int64_t component = 0;
    int64_t id = api_draft_id(c);
    if (!id)
        return API_FAILED;
    const char *sha256 = NULL;
    const struct jspec spec[] = {
        JSPEC_STR("sha256", 1, 1, 64, &sha256, "Mã tệp"),
        JSPEC_NUM("component", 1, 0, 1000, &component, "Thành phần hồ sơ"),
        JSPEC_END,
    };
    if (api_body(c, spec))
        return API_FAILED;
    struct svc_file out;
    int rc =
        svc_draft_file_reuse(c->svc, c->actor, c->arena, id, (int)component, sha256, &out, &c->e);
    if (rc < 0)
        return API_FAILED;
    return api_json(c, rc == 0 ? 201 : 200, file_json(c->arena, NULL, &out));
}

int api_draft_files(struct api_call *c)
{
    int64_t id = api_draft_id(c);
    if (!id)
        return API_FAILED;
    struct svc_file *files = NULL;
    int n = 0;
    if (svc_draft_files(c->svc, c->actor, c->arena, id, &files, &n, &c->e))
        return API_FAILED;
    return api_json(
        c, 200,
        jpack("{s:I, s:o}", "id", (json_int_t)id, "files", files_json(c->arena, NULL, files, n)));
}

int api_draft_file_get(struct api_call *c)
{
    int64_t id = api_draft_id(c);
    if (!id)
        return API_FAILED;
    struct svc_file_download d;
    if (svc_draft_file_open(c->svc, c->actor, c->arena, id, http_param(c->r, "sha256"), &d, &c->e))
        return API_FAILED;
    return send_file(c->r, c->w, &d);
}

int api_draft_file_remove(struct api_call *c)
{
    int64_t id = api_draft_id(c);
    if (!id)
        return API_FAILED;
    int rc =
        svc_draft_file_remove(c->svc, c->actor, c->arena, id, http_param(c->r, "sha256"), &c->e);
    return removed(c, rc);
}

/* --- the personal store --- */

int api_my_files(struct api_call *c)
{
    struct svc_store_file *files = NULL;
    int n = 0;
    if (svc_my_files(c->svc, c->actor, c->arena, &files, &n, &c->e))
        return API_FAILED;
    json_t *list = json_array();
    for (int i = 0; i < n; i++) {
        const struct svc_store_file *f = &files[i];
        json_t *j = file_json(c->arena, f->dossier_code, &f->f);
        json_object_set_new(j, "dossier_code", json_string(f->dossier_code));
        json_object_set_new(j, "procedure_code", json_string(f->procedure_code));
        json_object_set_new(j, "procedure_name", json_string(f->procedure_name));
        json_object_set_new(j, "component_name",
                            f->component_name ? json_string(f->component_name) : json_null());
        json_array_append_new(list, j);
    }
    return api_json(c, 200, jpack("{s:o}", "files", list));
}

/* --- the files of a supplement answer --- */

int api_supplement_file_upload(struct api_call *c)
{
    return dossier_upload(c, "component");
}

int api_supplement_file_remove(struct api_call *c)
{
    int rc = svc_supplement_file_remove(c->svc, c->actor, c->arena, http_param(c->r, "code"),
                                        http_param(c->r, "sha256"), &c->e);
    return removed(c, rc);
}

int api_supplement_get(struct api_call *c)
{
    const char *code = http_param(c->r, "code");
    struct svc_supplement_view v;
    if (svc_supplement_get(c->svc, c->actor, c->arena, code, &v, &c->e))
        return API_FAILED;
    json_t *files = files_json(c->arena, code, v.files, v.nfiles);
    json_t *items = v.items ? json_loads(v.items, 0, NULL) : NULL;
    return api_json(
        c, 200,
        jpack("{s:s, s:b, s:s?, s:o, s:s?, s:o, s:o, s:o}", "code", code, "waiting", v.waiting,
              "stage", v.stage, "items", items ? items : json_array(), "reason", v.reason,
              "requested_at", v.requested_at ? json_integer(v.requested_at) : json_null(),
              "completed_at", v.completed_at ? json_integer(v.completed_at) : json_null(), "files",
              files));
}

int api_supplement_answer(struct api_call *c)
{
    const char *note = NULL;
    int64_t version = 0;
    const struct jspec spec[] = {
        JSPEC_STR("note", 0, 0, 2000, &note, "Ghi chú"),
        JSPEC_NUM("expected_version", 0, 1, 1000000, &version, "Phiên bản hồ sơ"),
        JSPEC_END,
    };
    if (c->r->json && api_body(c, spec))
        return API_FAILED;
    const char *code = http_param(c->r, "code");
    struct svc_dossier_after after;
    int rc =
        svc_supplement_answer(c->svc, c->actor, c->arena, code, note, (int)version, &after, &c->e);
    if (rc < 0)
        return API_FAILED;
    json_t *j = api_dossier_after_json(code, &after);
    json_object_set_new(j, "replayed", json_boolean(rc > 0));
    return api_json(c, 200, j);
}
