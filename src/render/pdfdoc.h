/* pdfdoc.h — a small flowing document builder for official forms: cairo's PDF surface with
 * pango text in Liberation Serif (Times-metric, subset-embedded, extracts with diacritics).
 *
 * A document is produced by pdf_render(), which calls the caller's draw function twice: once
 * to count pages, once for real, so every page can carry "Trang n/N". The draw function calls
 * the primitives below; each one draws at the cursor, moves it down and breaks pages by itself.
 * Errors are sticky like cairo's: a primitive that fails records the error, later primitives do
 * nothing, and pdf_render() returns it. All text is plain text (never pango markup). */
#ifndef MOTCUA_PDFDOC_H
#define MOTCUA_PDFDOC_H

#include "err.h"
#include "sink.h"
#include "table.h"

#include <stdint.h>

enum pdf_page { PDF_A5, PDF_A4, PDF_A4_LANDSCAPE };

/* Style flags of pdf_text(). */
enum {
    PDF_BOLD = 1 << 0,
    PDF_ITALIC = 1 << 1,
    PDF_CENTER = 1 << 2,
    PDF_RIGHT = 1 << 3,
    PDF_JUSTIFY = 1 << 4,
    PDF_SMALL = 1 << 5,  /* two points below the body size */
    PDF_LARGE = 1 << 6,  /* one point above the body size */
    PDF_UPPER = 1 << 7,  /* upper-cased (Vietnamese-aware) before drawing */
    PDF_INDENT = 1 << 8, /* first line indented like an official paragraph */
};

struct pdf_setup {
    enum pdf_page page;
    const char *title;   /* PDF metadata title (required) */
    const char *subject; /* PDF metadata subject, or NULL */
    int64_t created;     /* creation date in the metadata (Unix seconds), 0 for now */
    /* The QR code Circular 01/2023/TT-VPCP asks for on every paper the system issues, drawn
     * at the top left of page 1 beside the heading (pdf_header); NULL for none. */
    const char *corner_qr;
};

/* The national two-column heading of an administrative document. */
struct pdf_header {
    const char *form_label; /* "Mẫu số 01", right-aligned above the heading, or NULL */
    const char *parent;     /* governing body, e.g. "UBND huyện Giồng Riềng", or NULL */
    const char *issuer;     /* issuing body, upper-cased, bold, underlined */
    const char *number;     /* "Số: 12/GTN", or NULL */
    const char *place; /* place of the date line, e.g. "Giồng Riềng"; NULL: no date line (the
                          document is dated in its signature block, pdf_signer.place) */
    int64_t date;      /* date of the date line; 0 leaves "ngày … tháng … năm …" blank */
};

/* One signature column: the date line when place is set ("Giồng Riềng, ngày 08 tháng 12 năm
 * 2026", or "…, ngày … tháng … năm …" to fill in by hand when date is 0), title, hint and the
 * signer's name under space for the signature. */
struct pdf_signer {
    const char *title; /* "NGƯỜI TIẾP NHẬN" */
    const char *hint;  /* NULL for "(Ký và ghi rõ họ tên)" */
    const char *name;  /* may be NULL for a blank line to sign on */
    const char *place; /* NULL: no date line above the title */
    int64_t date;
};

/* Two signature columns, either may be NULL; an optional QR code sits between them. */
struct pdf_signatures {
    const struct pdf_signer *left, *right;
    const char *qr_text;    /* encoded in the QR, or NULL for none */
    const char *qr_caption; /* printed under the QR */
};

struct pdfdoc;
typedef int (*pdf_draw_fn)(struct pdfdoc *d, const void *ctx);

/* Draws the document with draw(d, ctx) and writes the PDF to out. */
int pdf_render(const struct doc_sink *out, const struct pdf_setup *setup, pdf_draw_fn draw,
               const void *ctx, struct err *e);

int pdf_header(struct pdfdoc *d, const struct pdf_header *h);
/* Centred, bold, upper-case title. */
int pdf_title(struct pdfdoc *d, const char *title);
/* A paragraph of plain text with PDF_* style flags; it may run over pages. */
int pdf_text(struct pdfdoc *d, const char *text, unsigned style);
/* "Label: value" with the value in bold; an empty value prints a dotted line to fill in. */
int pdf_field(struct pdfdoc *d, const char *label, const char *value);
/* A bordered table (title not printed): header row repeated on every page, wrapped cells,
 * rows taller than a page split across pages. */
int pdf_table(struct pdfdoc *d, const struct table *t);
int pdf_signatures(struct pdfdoc *d, const struct pdf_signatures *s);
/* A centred QR code size_mm wide with an optional caption. */
int pdf_qr(struct pdfdoc *d, const char *text, double size_mm, const char *caption);
/* Vertical space (mm); space at the bottom of a page is dropped. */
int pdf_space(struct pdfdoc *d, double mm);
int pdf_new_page(struct pdfdoc *d);
/* Current page (1-based) and, during the final pass, the page count (0 while counting). */
int pdf_page_number(const struct pdfdoc *d);
int pdf_page_count(const struct pdfdoc *d);

#endif
