/* files.c — /api/v1/dossiers/{code}/files: the scans and results of a dossier. Uploads are
 * multipart (the HTTP layer has already streamed the part to a temporary file under the size
 * cap); the service sniffs, stores and attaches it, and a type it refuses is answered 415.
 * Downloads send the stored bytes with the type sniffed at upload, always as an attachment,
 * with the client's name percent-encoded (RFC 6266 / 5987) so that no byte a client sent
 * reaches a header unescaped. */
#include "api.h"
#include "api_files.h"

#include "svc_files.h"

#include <stdlib.h>
#include <string.h>

static json_t *file_json(struct arena *a, const char *code, const struct svc_file *f)
{
    return json_pack("{s:s, s:I, s:s, s:s, s:s, s:o, s:b, s:b, s:s, s:I, s:s}", "sha256", f->sha256,
                     "size", (json_int_t)f->size, "mime", f->mime, "name", f->name, "kind", f->kind,
                     "component", f->component >= 0 ? json_integer(f->component) : json_null(),
                     "digitised", f->digitised, "reused", f->reused, "uploaded_by", f->uploaded_by,
                     "uploaded_at", (json_int_t)f->uploaded_at, "url",
                     arena_printf(a, "/api/v1/dossiers/%s/files/%s", code, f->sha256));
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

int api_dossier_file_upload(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    const struct http_upload *f = http_upload_get(r, "file");
    if (!f)
        return http_resp_error(w, 422, "invalid", "Chưa chọn tệp (trường file)", "file");
    struct svc_upload u = {.code = http_param(r, "code"),
                           .kind = http_form(r, "kind"),
                           .tmp_path = f->path,
                           .client_name = f->filename};
    struct err e = {0};
    if (u.kind && strcmp(u.kind, "component") == 0 &&
        component_index(http_form(r, "component"), &u.component, &e))
        return http_resp_err(w, &e);
    struct svc_file out;
    int rc = svc_dossier_upload(app->svc, a, r->arena, &u, &out, &e);
    if (rc == E_INVALID && strcmp(e.field, SVC_FILE_FIELD) == 0)
        return http_resp_error(w, 415, "unsupported_media_type", e.msg, e.field);
    if (rc < 0)
        return http_resp_err(w, &e);
    return http_resp_json(w, rc == 0 ? 201 : 200, file_json(r->arena, u.code, &out));
}

int api_dossier_files(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    const char *code = http_param(r, "code");
    struct svc_file *files = NULL;
    int n = 0;
    struct err e = {0};
    if (svc_dossier_files(app->svc, a, r->arena, code, &files, &n, &e))
        return http_resp_err(w, &e);
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(list, file_json(r->arena, code, &files[i]));
    return http_resp_json(w, 200, json_pack("{s:s, s:o}", "code", code, "files", list));
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

int api_dossier_file_get(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    struct svc_file_download d;
    struct err e = {0};
    if (svc_dossier_file_open(app->svc, a, r->arena, http_param(r, "code"), http_param(r, "sha256"),
                              &d, &e))
        return http_resp_err(w, &e);
    http_resp_text(w, 200, d.mime, "", 0);
    w->file_path = d.path;
    http_resp_header(w, "Content-Disposition", content_disposition(r->arena, d.name));
    http_resp_header(w, "X-Content-Type-Options", "nosniff");
    http_resp_header(w, "Cache-Control", "private, no-store");
    return 0;
}
