/* eform.h — the one PDF renderer of e-forms (tờ khai điện tử): a form is data (data/eforms/
 * <code>.json: heading, title, sections of fields with labels, the pledge, the place and date
 * line, the signature), the values are the person's answers, and the PDF follows the
 * official layout in that order. With no values it is the blank form to print and fill by
 * hand (dotted lines). See docs/online.md for the data file's fields. */
#ifndef MOTCUA_EFORM_H
#define MOTCUA_EFORM_H

#include "err.h"
#include "sink.h"

#include <jansson.h>
#include <stdint.h>

/* Draws form (the data file's object) with values (key → string, or NULL for a blank form)
 * into out; date (Unix seconds, 0 for blank) and the value of the form's "place" field fill
 * the "Làm tại … ngày …" line. */
int eform_render_pdf(const struct doc_sink *out, json_t *form, json_t *values, int64_t date,
                     struct err *e);

#endif
