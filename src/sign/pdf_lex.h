/* pdf_lex.h — just enough of PDF's syntax to sign a file and read its signatures: a lexer
 * that skips one value of any kind (bounded nesting), dictionary lookup by key, and the
 * cross-reference of a file written with classic xref tables (with /Prev chains, so files
 * already updated or signed before are read too). Every function works on a span of the
 * file and never reads past its end; anything it does not understand is an error, never a
 * guess. Internal to sign/. */
#ifndef MOTCUA_PDF_LEX_H
#define MOTCUA_PDF_LEX_H

#include "err.h"

#include <stddef.h>

struct pdf_span {
    size_t off, len; /* within the file */
};

struct pdf_ref {
    long num, gen;
};

struct pdf_file {
    const char *data;
    size_t len;
    size_t *offsets; /* by object number; 0 = free or absent */
    long *gens;
    long size;               /* the trailer's /Size */
    size_t startxref;        /* offset of the last xref section */
    struct pdf_span trailer; /* the newest trailer dictionary */
    int xref_stream;         /* the newest section is an xref stream (not supported for writing) */
};

/* Reads the trailer and cross-reference of data (which must outlive f). */
int pdf_open(struct pdf_file *f, const char *data, size_t len, struct err *e);
void pdf_close(struct pdf_file *f);

/* Skips white space and comments from *at; returns 0 at the end of the file. */
int pdf_skip_ws(const struct pdf_file *f, size_t *at);
/* The value starting at *at (after white space): its span, and *at moved past it. An indirect
 * reference "n g R" is one value. Returns 0 or E_INVALID. */
int pdf_value(const struct pdf_file *f, size_t *at, struct pdf_span *v);
/* In the dictionary span d, the value of /key (key without the slash); 1 when found. */
int pdf_dict_get(const struct pdf_file *f, struct pdf_span d, const char *key, struct pdf_span *v);
/* Whether the span is exactly the name /name. */
int pdf_is_name(const struct pdf_file *f, struct pdf_span v, const char *name);
/* The span as a reference "n g R"; 1 when it is one. */
int pdf_as_ref(const struct pdf_file *f, struct pdf_span v, struct pdf_ref *r);
/* The span as an integer; 1 when it is one. */
int pdf_as_long(const struct pdf_file *f, struct pdf_span v, long *out);
/* The value of indirect object r ("n g obj <value>"). */
int pdf_object(const struct pdf_file *f, struct pdf_ref r, struct pdf_span *v, struct err *e);
/* A value that may be a reference, followed to its object. */
int pdf_resolve(const struct pdf_file *f, struct pdf_span v, struct pdf_span *out, struct err *e);

#endif
