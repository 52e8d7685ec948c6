/* file_parse.c — proving that an upload is what its bytes were sniffed as, by opening it with
 * that format's own decoder. libmagic looks at the first bytes only: a bare "%PDF-" is a "PDF"
 * to it, and so is an HTML page that starts with those five bytes; "\xff\xd8\xff\xe0" followed
 * by a script is a "JPEG". A file the clerk cannot open is no scan, and one that only poses as
 * a PDF or a picture is an attack on whoever opens it, so every upload is parsed here, once,
 * before it is stored: a PDF through poppler (it must open, without a password, and have at
 * least one page), a JPEG through libjpeg and a PNG through libpng (the header must decode to
 * an image with a width and a height). Only headers and the document structure are read, not
 * every pixel, so the check costs milliseconds and a bomb-sized image allocates nothing. */
#include "files_internal.h"

#include "log.h"

#include <stdio.h> /* before jpeglib.h, which uses FILE */

#include <jpeglib.h>
#include <png.h>
#include <poppler.h>
#include <setjmp.h>
#include <string.h>
#include <unistd.h>

#define DAMAGED_PDF                                                                                \
    "Tệp PDF bị hỏng, có mật khẩu hoặc không có trang nào; vui lòng quét hoặc lưu lại tệp"
#define DAMAGED_IMAGE "Tệp ảnh bị hỏng hoặc không đúng định dạng %s; vui lòng chụp hoặc lưu lại ảnh"

/* A stdio stream over a copy of fd from its start (the caller keeps fd). */
static FILE *stream_from_start(int fd)
{
    int copy = dup(fd);
    FILE *f = copy >= 0 ? fdopen(copy, "rb") : NULL;
    if (!f && copy >= 0)
        close(copy);
    if (f && fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    return f;
}

static int pdf_opens(int fd)
{
    int copy = dup(fd); /* poppler takes the descriptor it is given and closes it */
    if (copy < 0 || lseek(copy, 0, SEEK_SET) != 0) {
        if (copy >= 0)
            close(copy);
        return 0;
    }
    GError *error = NULL;
    PopplerDocument *doc = poppler_document_new_from_fd(copy, NULL, &error);
    int pages = doc ? poppler_document_get_n_pages(doc) : 0;
    if (error)
        g_error_free(error);
    if (doc)
        g_object_unref(doc);
    return pages >= 1;
}

/* libjpeg reports a fatal error by calling error_exit, which must not return. */
struct jpeg_failure {
    struct jpeg_error_mgr mgr;
    jmp_buf back;
};

static void jpeg_fail(j_common_ptr cinfo)
{
    longjmp(((struct jpeg_failure *)cinfo->err)->back, 1);
}

static void jpeg_quiet(j_common_ptr cinfo, int level)
{
    (void)cinfo;
    (void)level;
}

static int jpeg_header_decodes(FILE *f)
{
    struct jpeg_decompress_struct cinfo;
    struct jpeg_failure fail;
    cinfo.err = jpeg_std_error(&fail.mgr);
    fail.mgr.error_exit = jpeg_fail;
    fail.mgr.emit_message = jpeg_quiet;
    volatile int ok = 0;
    if (setjmp(fail.back) == 0) {
        jpeg_create_decompress(&cinfo);
        jpeg_stdio_src(&cinfo, f);
        ok = jpeg_read_header(&cinfo, TRUE) == JPEG_HEADER_OK && cinfo.image_width > 0 &&
             cinfo.image_height > 0;
    }
    jpeg_destroy_decompress(&cinfo);
    return ok;
}

static int png_header_decodes(FILE *f)
{
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    int ok = png_image_begin_read_from_stdio(&image, f) && image.width > 0 && image.height > 0;
    png_image_free(&image);
    return ok;
}

static int image_decodes(int fd, int jpeg)
{
    FILE *f = stream_from_start(fd);
    if (!f)
        return 0;
    int ok = jpeg ? jpeg_header_decodes(f) : png_header_decodes(f);
    fclose(f);
    return ok;
}

int file_parse(int fd, const char *mime, struct err *e)
{
    if (strcmp(mime, "application/pdf") == 0)
        return pdf_opens(fd) ? 0 : err_set(e, E_INVALID, SVC_FILE_FIELD, DAMAGED_PDF);
    int jpeg = strcmp(mime, "image/jpeg") == 0;
    if (image_decodes(fd, jpeg))
        return 0;
    return err_set(e, E_INVALID, SVC_FILE_FIELD, DAMAGED_IMAGE, jpeg ? "JPEG" : "PNG");
}
