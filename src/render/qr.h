/* qr.h — QR codes on a cairo surface: libqrencode turns text into modules, which become a
 * one-pixel-per-module image scaled without smoothing, so the printed code stays sharp and
 * small in the PDF. */
#ifndef MOTCUA_QR_H
#define MOTCUA_QR_H

#include "err.h"

#include <cairo.h>

/* Draws text as a QR code (error correction M, four-module quiet zone included) with its
 * top-left corner at (x, y) and size units wide. */
int qr_draw(cairo_t *cr, const char *text, double x, double y, double size, struct err *e);

#endif
