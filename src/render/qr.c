/* qr.c — QR code drawing (see qr.h). The quiet zone is part of the image so a scanner always
 * finds the white border the standard asks for, whatever is printed next to the code. */
#include "qr.h"

#include <errno.h>
#include <qrencode.h>
#include <stdint.h>
#include <string.h>

#define QUIET_ZONE 4

static cairo_surface_t *modules_to_image(const QRcode *q)
{
    int side = q->width + 2 * QUIET_ZONE;
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side);
    if (cairo_surface_status(img))
        return img;
    cairo_surface_flush(img);
    unsigned char *data = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    for (int y = 0; y < side; y++) {
        uint32_t *row = (uint32_t *)(void *)(data + (size_t)y * (size_t)stride);
        for (int x = 0; x < side; x++) {
            int mx = x - QUIET_ZONE, my = y - QUIET_ZONE;
            int dark = mx >= 0 && my >= 0 && mx < q->width && my < q->width &&
                       (q->data[my * q->width + mx] & 1);
            row[x] = dark ? 0x000000u : 0xFFFFFFu;
        }
    }
    cairo_surface_mark_dirty(img);
    return img;
}

int qr_draw(cairo_t *cr, const char *text, double x, double y, double size, struct err *e)
{
    if (!text || !*text)
        return err_set(e, E_INVALID, "qr", "nội dung mã QR trống");
    QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (!q)
        return err_set(e, errno == ERANGE ? E_TOOLARGE : E_INVALID, "qr",
                       "không tạo được mã QR: %s", strerror(errno));
    cairo_surface_t *img = modules_to_image(q);
    int side = q->width + 2 * QUIET_ZONE;
    QRcode_free(q);
    int rc = 0;
    if (cairo_surface_status(img)) {
        rc = err_set(e, E_NOMEM, "qr", "không cấp phát được ảnh mã QR");
        goto out;
    }
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_scale(cr, size / side, size / side);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
    cairo_paint(cr);
    cairo_restore(cr);
out:
    cairo_surface_destroy(img);
    return rc;
}
