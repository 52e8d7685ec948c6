/* issued.c — the registry of issued papers (issue 18 item 6). Every PDF motcua hands out as
 * an official paper is recorded here with the SHA-256 of its bytes, and the same hash goes
 * into the audit chain (item 7), so a paper shown at a bank or another office can be checked
 * at the public page its QR code links to. The registry never rewrites a row: a paper whose
 * content changed is a new version that replaces the old one, and both stay answerable. Each
 * version has its own random token, printed in its QR code; the dossier module asks for the
 * current version before drawing a paper again, so a reprint of unchanged content carries
 * the same link and produces the same bytes, and is not recorded twice. */
#include "issued_paper.h"
#include "svc_issued.h"

#include "format.h"
#include "issued_store.h"
#include "jpack.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#define SHA_HEX 65

const char *issued_sha256(struct arena *ar, const void *data, size_t len)
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, data, len);
    char *hex = arena_alloc(ar, SHA_HEX);
    sodium_bin2hex(hex, SHA_HEX, digest, sizeof digest);
    return hex;
}

const char *issued_new_token(struct arena *ar)
{
    unsigned char raw[16];
    randombytes_buf(raw, sizeof raw);
    size_t n = sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = arena_alloc(ar, n);
    sodium_bin2base64(out, n, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

const char *issued_verify_url(struct arena *ar, const char *base_url, const char *token)
{
    return arena_printf(ar, "%s/kiem-tra/%s", base_url ? base_url : "", token);
}

const char *issued_qr_text(struct arena *ar, const char *dossier_code, const char *procedure_code,
                           const char *applicant_id, const char *doc_name, const char *url)
{
    struct buf id;
    buf_init(&id, 64);
    fmt_masked_id(&id, applicant_id);
    const char *out =
        arena_printf(ar,
                     "Mã hồ sơ: %s\nMã TTHC: %s\nSố định danh: %s\n"
                     "Tên giấy tờ: %s\n%s",
                     dossier_code ? dossier_code : "", procedure_code ? procedure_code : "",
                     buf_str(&id), doc_name ? doc_name : "", url ? url : "");
    buf_free(&id);
    return out;
}

int issued_current(struct db_conn *c, struct arena *ar, const char *dossier_code, const char *kind,
                   const char **token, const char **sha256, struct err *e)
{
    struct issued_row row;
    int rc = issued_latest(c, ar, dossier_code, kind, &row, e);
    if (rc)
        return rc;
    *token = row.token;
    *sha256 = row.sha256;
    return 0;
}

int issued_record(struct db_conn *c, const struct actor *a, const struct issued_paper *p,
                  struct err *e)
{
    struct issued_row row = {.dossier_id = p->dossier_id,
                             .unit_id = p->unit_id,
                             .issued_by_id = a->user_id,
                             .issued_at = svc_now(),
                             .token = p->token,
                             .sha256 = p->sha256,
                             .kind = p->kind,
                             .doc_name = p->doc_name,
                             .dossier_code = p->dossier_code,
                             .procedure_code = p->procedure_code,
                             .unit_name = p->unit_name ? p->unit_name : "",
                             .issued_by = a->username ? a->username : "system"};
    int64_t id = 0;
    int rc = issued_insert(c, &row, &id, e);
    if (rc)
        return rc;
    return svc_audit_json(c, a, "paper.issue", "dossier", p->dossier_code,
                          jpack("{s:s, s:s, s:s, s:I}", "kind", p->kind, "name", p->doc_name,
                                "sha256", p->sha256, "paper", (json_int_t)id),
                          e);
}

/* ---- the public verification ---- */

struct find_ctx {
    struct arena *ar;
    const char *token, *sha256;
    struct svc_issued_doc *out;
};

static struct svc_issued_version version_of(const struct issued_row *r)
{
    return (struct svc_issued_version){r->version, r->issued_at, r->token, r->sha256};
}

/* The replacement and the newest version: replaced_by is followed to the end of the list
 * (a paper is corrected a few times at most). */
static int follow(struct db_conn *c, struct find_ctx *x, const struct issued_row *row,
                  struct err *e)
{
    struct issued_row r = *row;
    for (int hops = 0; r.replaced_by && hops < 1000; hops++) {
        int rc = issued_by_id(c, x->ar, r.replaced_by, &r, e);
        if (rc)
            return rc;
        if (hops == 0)
            x->out->next = version_of(&r);
    }
    x->out->newest = version_of(&r);
    return 0;
}

static int find_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct find_ctx *x = ctx;
    struct issued_row row;
    int rc = x->token ? issued_by_token(c, x->ar, x->token, &row, e)
                      : issued_by_sha(c, x->ar, x->sha256, &row, e);
    if (rc)
        return rc;
    *x->out = (struct svc_issued_doc){.doc_name = row.doc_name,
                                      .dossier_code = row.dossier_code,
                                      .procedure_code = row.procedure_code,
                                      .unit_name = row.unit_name,
                                      .sha256 = row.sha256,
                                      .token = row.token,
                                      .issued_at = row.issued_at,
                                      .version = row.version,
                                      .replaced = row.replaced_by != 0};
    return follow(c, x, &row, e);
}

int svc_issued_by_token(struct svc *s, struct arena *ar, const char *token,
                        struct svc_issued_doc *out, struct err *e)
{
    if (!token || !*token || strlen(token) > 64)
        return err_set(e, E_NOTFOUND, "token", "Không có giấy tờ nào được cấp với đường dẫn này");
    struct find_ctx x = {ar, token, NULL, out};
    return db_with_conn(s->db, find_read, &x, e);
}

/* 64 hex digits, lower-cased into ar; NULL when hex is not that. */
static const char *clean_sha(struct arena *ar, const char *hex)
{
    while (hex && isspace((unsigned char)*hex))
        hex++;
    size_t n = hex ? strlen(hex) : 0;
    while (n && isspace((unsigned char)hex[n - 1]))
        n--;
    if (n != SHA_HEX - 1)
        return NULL;
    char *out = arena_strndup(ar, hex, n);
    for (char *p = out; *p; p++) {
        if (!isxdigit((unsigned char)*p))
            return NULL;
        *p = (char)tolower((unsigned char)*p);
    }
    return out;
}

int svc_issued_by_sha(struct svc *s, struct arena *ar, const char *sha256,
                      struct svc_issued_doc *out, struct err *e)
{
    const char *hex = clean_sha(ar, sha256);
    if (!hex)
        return err_set(e, E_INVALID, "sha256",
                       "Mã băm SHA-256 phải gồm đúng 64 chữ số thập lục phân (0-9, a-f)");
    struct find_ctx x = {ar, NULL, hex, out};
    return db_with_conn(s->db, find_read, &x, e);
}

int svc_issued_hash_file(const char *path, char out[65], struct err *e)
{
    int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    if (fd < 0)
        return err_set(e, E_IO, "file", "Không đọc được tệp tải lên");
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    unsigned char chunk[65536];
    ssize_t n;
    while ((n = read(fd, chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR))
        if (n > 0)
            crypto_hash_sha256_update(&st, chunk, (unsigned long long)n);
    close(fd);
    if (n < 0)
        return err_set(e, E_IO, "file", "Không đọc được tệp tải lên");
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, digest);
    sodium_bin2hex(out, SHA_HEX, digest, sizeof digest);
    return 0;
}
