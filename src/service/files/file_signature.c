/* file_signature.c — what an uploaded PDF's digital signatures are worth (issue 18 item 5,
 * docs/signatures.md). Every PDF taken in is checked by the sign/ layer's verifier against
 * the trust anchors configured for the instance (MOTCUA_SIGN_ANCHORS, a directory of CA
 * certificates) at the time of the upload; the outcome travels with the intake and is written
 * on the content's row in the same transaction as the attachment, so the dossier page and the
 * API show it without checking again. A check that cannot run (a PDF larger than the
 * verifier's bound, a read error) leaves the content unchecked rather than refusing an upload
 * that passed every other test. */
#include "files_internal.h"
#include "pades.h"
#include "svc_internal.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *read_all(int fd, size_t *len)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size <= 0 || (uint64_t)st.st_size > PADES_MAX_PDF)
        return NULL;
    size_t n = (size_t)st.st_size, got = 0;
    char *data = malloc(n);
    while (data && got < n) {
        ssize_t r = pread(fd, data + got, n - got, (off_t)got);
        if (r <= 0) {
            free(data);
            return NULL;
        }
        got += (size_t)r;
    }
    *len = n;
    return data;
}

void file_check_signature(struct svc *s, struct arena *ar, int fd, const char *mime,
                          struct file_signature *out)
{
    memset(out, 0, sizeof *out);
    if (!mime || strcmp(mime, "application/pdf") != 0)
        return;
    size_t len = 0;
    char *pdf = read_all(fd, &len);
    if (!pdf)
        return;
    struct pades_trust t = {.anchors_dir = s->cfg.sign_anchors_dir, .now = svc_now()};
    struct pades_verdict v;
    int rc = pades_verify(pdf, len, &t, &v, NULL);
    free(pdf);
    if (rc)
        return;
    out->status = pades_status_name(v.status);
    out->reason = v.reason[0] ? arena_strdup(ar, v.reason) : NULL;
    out->checked_at = t.now;
    if (v.count > 0) {
        const struct pades_signature *newest =
            &v.sigs[(v.count < PADES_MAX_SIGNATURES ? v.count : PADES_MAX_SIGNATURES) - 1];
        out->signer = newest->signer[0] ? arena_strdup(ar, newest->signer) : NULL;
        out->signing_time = newest->signing_time;
    }
}

int file_content_record(struct db_conn *c, const struct file_intake *in, int64_t now, int *existed,
                        struct err *e)
{
    int rc = file_content_put(c, in->id.hex, in->id.size, in->mime, now, existed, e);
    if (!rc && in->sig.status)
        rc = file_signature_put(c, in->id.hex, &in->sig, e);
    return rc;
}

const char *svc_signature_label(const char *status)
{
    static const char *const names[] = {"unsigned", "valid", "invalid", "unknown_signer"};
    for (int i = 0; status && i < 4; i++)
        if (strcmp(status, names[i]) == 0)
            return pades_status_label((enum pades_status)i);
    return "";
}
