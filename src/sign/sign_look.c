/* sign_look.c — turning the configured PNGs into the images of a signature widget and placing
 * them. cairo reads the PNG (premultiplied ARGB); the pixels are un-premultiplied into RGB and
 * a separate alpha plane, which PDF draws as an image with a soft mask, so the paper under a
 * transparent signature or seal stays visible. The signature is scaled to fit the area (never
 * enlarged past its own resolution at 96 dpi) and centred; the seal keeps its real size and
 * its right edge lies a third of the way into the signature image. */
#include "sign_look.h"

#include <cairo.h>
#include <stdlib.h>
#include <string.h>

enum { SIGN_LOOK_MAX_PIXELS = 2048 };
#define POINTS_PER_MM   (72.0 / 25.4)
#define DEFAULT_SEAL_MM 36.0

static int load_png(const char *path, struct pades_image *im, struct err *e)
{
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return err_set(e, E_NOTFOUND, "image", "Không đọc được ảnh chữ ký hoặc con dấu (PNG)");
    }
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    if (w <= 0 || h <= 0 || w > SIGN_LOOK_MAX_PIXELS || h > SIGN_LOOK_MAX_PIXELS) {
        cairo_surface_destroy(s);
        return err_set(e, E_INVALID, "image", "Ảnh chữ ký hoặc con dấu quá lớn");
    }
    cairo_surface_flush(s);
    const unsigned char *px = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    int has_alpha = cairo_image_surface_get_format(s) == CAIRO_FORMAT_ARGB32;
    unsigned char *rgb = malloc((size_t)w * (size_t)h * 3);
    unsigned char *alpha = has_alpha ? malloc((size_t)w * (size_t)h) : NULL;
    if (!rgb || (has_alpha && !alpha)) {
        free(rgb);
        free(alpha);
        cairo_surface_destroy(s);
        return err_set(e, E_NOMEM, "", "Không đủ bộ nhớ cho ảnh chữ ký");
    }
    for (int y = 0; y < h; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(px + (size_t)y * (size_t)stride);
        for (int x = 0; x < w; x++) {
            uint32_t p = row[x];
            unsigned a = has_alpha ? p >> 24 : 255;
            unsigned r = (p >> 16) & 255, g = (p >> 8) & 255, b = p & 255;
            size_t i = (size_t)y * (size_t)w + (size_t)x;
            /* PDF draws from the top row down, as cairo stores them */
            rgb[3 * i] = (unsigned char)(a ? r * 255 / a : 0);
            rgb[3 * i + 1] = (unsigned char)(a ? g * 255 / a : 0);
            rgb[3 * i + 2] = (unsigned char)(a ? b * 255 / a : 0);
            if (alpha)
                alpha[i] = (unsigned char)a;
        }
    }
    cairo_surface_destroy(s);
    *im = (struct pades_image){.width = w, .height = h, .rgb = rgb, .alpha = alpha};
    return 0;
}

void sign_look_free(struct sign_look_out *out)
{
    for (int i = 0; i < out->nimages; i++) {
        free((void *)out->images[i].rgb);
        free((void *)out->images[i].alpha);
    }
    out->nimages = 0;
}

int sign_look_build(const struct sign_look *l, struct sign_look_out *out, struct err *e)
{
    memset(out, 0, sizeof *out);
    double ax = l->area[0], ay = l->area[1], aw = l->area[2] - ax, ah = l->area[3] - ay;
    if (aw <= 0 || ah <= 0)
        return err_set(e, E_INVALID, "area", "Vùng chữ ký không hợp lệ");
    memcpy(out->rect, l->area, sizeof out->rect);
    /* page coordinates first, moved into the rectangle at the end */
    double sig_x = ax + aw / 2, sig_w = 0;
    int rc = 0;
    if (l->signature_png) {
        struct pades_image *im = &out->images[out->nimages];
        if ((rc = load_png(l->signature_png, im, e)) != 0)
            return rc;
        out->nimages++;
        double natural_w = im->width * 0.75, natural_h = im->height * 0.75; /* 96 dpi */
        double k = aw / natural_w < ah / natural_h ? aw / natural_w : ah / natural_h;
        if (k > 1)
            k = 1;
        im->w = natural_w * k, im->h = natural_h * k;
        im->x = ax + (aw - im->w) / 2, im->y = ay + (ah - im->h) / 2;
        sig_x = im->x, sig_w = im->w;
    }
    if (l->seal_png) {
        struct pades_image *im = &out->images[out->nimages];
        if ((rc = load_png(l->seal_png, im, e)) != 0) {
            sign_look_free(out);
            return rc;
        }
        out->nimages++;
        im->w = (l->seal_mm > 0 ? l->seal_mm : DEFAULT_SEAL_MM) * POINTS_PER_MM;
        im->h = im->w * im->height / im->width;
        im->x = sig_x + sig_w / 3 - im->w;
        im->y = ay + ah / 2 - im->h / 2;
    }
    for (int i = 0; i < out->nimages; i++) {
        const struct pades_image *im = &out->images[i];
        if (im->x < out->rect[0])
            out->rect[0] = im->x;
        if (im->y < out->rect[1])
            out->rect[1] = im->y;
        if (im->x + im->w > out->rect[2])
            out->rect[2] = im->x + im->w;
        if (im->y + im->h > out->rect[3])
            out->rect[3] = im->y + im->h;
    }
    for (int i = 0; i < out->nimages; i++) {
        out->images[i].x -= out->rect[0];
        out->images[i].y -= out->rect[1];
    }
    return 0;
}
