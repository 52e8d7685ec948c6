/* qr_svg.c — QR codes as SVG (see qr_svg.h). Dark modules are written as runs along each
 * row ("M x y h n v1 h -n z"), which keeps a URL's code to a few kilobytes; crispEdges stops
 * anti-aliasing from blurring module borders when the browser scales it. */
#include "qr_svg.h"

#include <errno.h>
#include <qrencode.h>
#include <string.h>

#define QUIET_ZONE 4

static int xml_text(struct buf *out, const char *s)
{
    int rc = 0;
    for (; *s && !rc; s++) {
        switch (*s) {
        case '<':
            rc = buf_puts(out, "&lt;");
            break;
        case '>':
            rc = buf_puts(out, "&gt;");
            break;
        case '&':
            rc = buf_puts(out, "&amp;");
            break;
        case '"':
            rc = buf_puts(out, "&quot;");
            break;
        default:
            rc = buf_putc(out, *s);
        }
    }
    return rc;
}

static int module_runs(struct buf *out, const QRcode *q)
{
    int rc = 0;
    for (int y = 0; y < q->width && !rc; y++) {
        for (int x = 0; x < q->width && !rc;) {
            if (!(q->data[y * q->width + x] & 1)) {
                x++;
                continue;
            }
            int start = x;
            while (x < q->width && (q->data[y * q->width + x] & 1))
                x++;
            rc = buf_printf(out, "M%d %dh%dv1h-%dz", start + QUIET_ZONE, y + QUIET_ZONE, x - start,
                            x - start);
        }
    }
    return rc;
}

int qr_svg(struct buf *out, const char *text, int size_px, const char *title, struct err *e)
{
    if (!text || !*text)
        return err_set(e, E_INVALID, "qr", "nội dung mã QR trống");
    QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (!q)
        return err_set(e, errno == ERANGE ? E_TOOLARGE : E_INVALID, "qr",
                       "không tạo được mã QR: %s", strerror(errno));
    int side = q->width + 2 * QUIET_ZONE;
    int rc = buf_printf(out,
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                        "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\" role=\"img\">",
                        size_px, size_px, side, side);
    if (!rc && title) {
        rc = buf_puts(out, "<title>");
        if (!rc)
            rc = xml_text(out, title);
        if (!rc)
            rc = buf_puts(out, "</title>");
    }
    if (!rc)
        rc = buf_printf(out, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path d=\"", side,
                        side);
    if (!rc)
        rc = module_runs(out, q);
    if (!rc)
        rc = buf_puts(out, "\" fill=\"#000\"/></svg>\n");
    QRcode_free(q);
    return rc ? err_set(e, rc, "qr", "mã QR quá lớn") : 0;
}
