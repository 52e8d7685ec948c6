/* file_sniff.c — deciding what an uploaded file is from its bytes, with libmagic. The
 * client's declared Content-Type and file name are ignored: a page of HTML named scan.pdf is
 * HTML, and served back as a "PDF" it would run in a clerk's browser. Only the three formats
 * the desk needs are accepted. A magic_t is not thread-safe and costs about a millisecond to
 * open, less than storing the file, so each call opens its own. Decompression is switched off:
 * none of the accepted formats needs it, and it is attack surface. */
#include "files_internal.h"

#include "log.h"
#include "svc_files.h"

#include <magic.h>
#include <string.h>

#define TYPE_REFUSED "Chỉ nhận tệp PDF, JPEG hoặc PNG"

static const char *const accepted[] = {"application/pdf", "image/jpeg", "image/png"};

static const char *accepted_type(const char *sniffed)
{
    for (size_t i = 0; sniffed && i < sizeof accepted / sizeof accepted[0]; i++)
        if (strcmp(sniffed, accepted[i]) == 0)
            return accepted[i];
    return NULL;
}

int file_sniff(int fd, const char **mime, struct err *e)
{
    magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_ERROR);
    if (!m || magic_load(m, NULL) != 0) {
        log_error("file sniffing unavailable: %s", m ? magic_error(m) : "magic_open failed");
        if (m)
            magic_close(m);
        return err_set(e, E_INTERNAL, NULL, "libmagic could not start");
    }
    *mime = accepted_type(magic_descriptor(m, fd));
    magic_close(m);
    return *mime ? 0 : err_set(e, E_INVALID, SVC_FILE_FIELD, TYPE_REFUSED);
}

int svc_file_type_refused(const struct err *e)
{
    return e->code == E_INVALID && strcmp(e->field, SVC_FILE_FIELD) == 0 &&
           strcmp(e->msg, TYPE_REFUSED) == 0;
}
