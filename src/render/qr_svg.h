/* qr_svg.h — a QR code as SVG text, for web pages and for printing at the counter: one path
 * of unit squares in a viewBox measured in modules, so it scales to any size and stays sharp. */
#ifndef MOTCUA_QR_SVG_H
#define MOTCUA_QR_SVG_H

#include "buf.h"
#include "err.h"

/* Appends a standalone SVG document encoding text (error correction M, four-module quiet
 * zone) to out; size_px is the width and height the SVG asks to be drawn at. */
int qr_svg(struct buf *out, const char *text, int size_px, const char *title, struct err *e);

#endif
