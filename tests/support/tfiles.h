/* tfiles.h — the small files the HTTP suites upload: a real 1×1 PNG and JPEG whose bytes every
 * suite can compare a download against, and a real one-page PDF. The server opens every upload
 * with its format's decoder (src/service/files/file_parse.c), so nothing less than a real file will
 * do. */
#ifndef MOTCUA_TFILES_H
#define MOTCUA_TFILES_H

/* A 1×1 PNG (signature, IHDR, IDAT, IEND with correct CRCs); sizeof tf_png is its length. */
extern const unsigned char tf_png[69];
/* A 1×1 baseline JFIF JPEG (written by libjpeg); sizeof tf_jpeg is its length. */
extern const unsigned char tf_jpeg[631];

/* A string literal: a one-page PDF (8×8 points, no content) that poppler opens without a
 * warning, with note (a string literal) as a comment line, so that each suite's PDF has a
 * content, and a hash, of its own. */
#define TF_PDF(note)                                                                               \
    "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"                                 \
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"                                   \
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 8 8] >> endobj\n% " note "\n"             \
    "trailer << /Size 4 /Root 1 0 R >>\n%%EOF\n"

#endif
