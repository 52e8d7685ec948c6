/* pages_paper.c — the public page that checks an issued paper (issue 18 item 6). The QR code
 * at the top left of every paper motcua issues links to /kiem-tra/{token}; the page says
 * which paper was issued under that link, by which unit and when, with the SHA-256 of its
 * bytes, and whether a later version replaced it. Anyone holding a file (a bank clerk sent a
 * PDF by e-mail) uploads it or pastes its hash instead, and learns whether motcua issued
 * exactly these bytes. No sign-in; the page shows nothing that is not printed on the paper
 * (no name, no ID number, no officer), and it is rate limited per client address as the
 * public lookup is, since a token or a hash is a key to a record. */
#include "pages_paper.h"

#include "dossier_view.h"
#include "jpack.h"
#include "page.h"
#include "svc_dossier.h"
#include "svc_issued.h"

#include <string.h>

#define TITLE "Kiểm tra giấy tờ"

static json_t *version_json(struct http_req *r, const struct svc_issued_version *v)
{
    return jpack("{s:i, s:s?, s:s}", "version", v->version, "at", dview_when(r, v->issued_at),
                 "token", v->token);
}

static json_t *doc_json(struct http_req *r, const struct svc_issued_doc *d, const char *uploaded)
{
    json_t *doc = jpack("{s:s, s:s, s:s?, s:s, s:s?, s:i, s:s, s:b}", "name", d->doc_name,
                        "dossier_code", d->dossier_code, "procedure_code", d->procedure_code,
                        "unit", d->unit_name, "at", dview_when(r, d->issued_at), "version",
                        d->version, "sha256", d->sha256, "current", !d->replaced);
    if (d->replaced) {
        json_object_set_new(doc, "next", version_json(r, &d->next));
        if (d->newest.version != d->next.version)
            json_object_set_new(doc, "newest", version_json(r, &d->newest));
    }
    if (uploaded)
        json_object_set_new(doc, "matched", json_true());
    return doc;
}

static int check_page(struct http_req *r, struct http_resp *w, int status, json_t *doc,
                      const char *problem, const char *sha256)
{
    return page_render(r, w, status, "paper_check", TITLE,
                       jpack("{s:o, s:s?, s:s}", "doc", doc ? doc : json_null(), "problem", problem,
                             "sha256", sha256 ? sha256 : ""));
}

/* The answer for a found paper, or the reason none was found, with the right status. */
static int answer(struct http_req *r, struct http_resp *w, int rc, const struct err *e,
                  const struct svc_issued_doc *d, const char *sha256, const char *uploaded)
{
    if (!rc)
        return check_page(r, w, 200, doc_json(r, d, uploaded), NULL, sha256);
    if (rc == E_INVALID)
        return check_page(r, w, 422, NULL, e->msg, sha256);
    if (rc == E_NOTFOUND)
        return check_page(r, w, 404, NULL,
                          uploaded ? "Tệp này không phải giấy tờ do hệ thống cấp, hoặc đã bị sửa "
                                     "đổi sau khi cấp: không có giấy tờ nào có mã băm này."
                                   : "Không có giấy tờ nào được cấp với thông tin này. Hãy kiểm "
                                     "tra lại đường dẫn hoặc mã băm.",
                          sha256);
    return app_err(r, w, e);
}

/* 429 with the page, as the public lookup does, or 0 when the client may go on. */
static int admitted(struct http_req *r, struct http_resp *w, struct err *e)
{
    if (svc_dossier_paper_admit(page_app(r)->svc, r->arena, r->client_ip, e) == 0)
        return 1;
    if (e->code == E_RATE)
        check_page(r, w, 429, NULL,
                   "Bạn đã kiểm tra quá nhiều lần trong một phút. Vui lòng chờ một lát rồi thử "
                   "lại.",
                   NULL);
    else
        app_err(r, w, e);
    return 0;
}

int page_paper_check(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const char *sha = http_query(r, "sha256");
    if (!sha || !*sha)
        return check_page(r, w, 200, NULL, NULL, NULL);
    struct err e = {0};
    if (!admitted(r, w, &e))
        return 0;
    struct svc_issued_doc d;
    int rc = svc_issued_by_sha(app->svc, r->arena, sha, &d, &e);
    return answer(r, w, rc, &e, &d, sha, NULL);
}

int page_paper_check_token(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    struct err e = {0};
    if (!admitted(r, w, &e))
        return 0;
    struct svc_issued_doc d;
    int rc = svc_issued_by_token(app->svc, r->arena, http_param(r, "token"), &d, &e);
    return answer(r, w, rc, &e, &d, NULL, NULL);
}

/* An uploaded file is hashed where it lies; its bytes are never kept. */
int page_paper_check_upload(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct http_upload *up = http_upload_get(r, "file");
    const char *sha = http_form(r, "sha256");
    struct err e = {0};
    if ((!up || !up->size) && (!sha || !*sha))
        return check_page(r, w, 422, NULL,
                          "Hãy chọn tệp giấy tờ (PDF) cần kiểm tra hoặc dán mã băm SHA-256.", NULL);
    if (!admitted(r, w, &e))
        return 0;
    char hex[65] = "";
    if (up && up->size) {
        if (svc_issued_hash_file(up->path, hex, &e))
            return app_err(r, w, &e);
        sha = hex;
    }
    struct svc_issued_doc d;
    int rc = svc_issued_by_sha(app->svc, r->arena, sha, &d, &e);
    return answer(r, w, rc, &e, &d, sha, up && up->size ? up->filename : NULL);
}
