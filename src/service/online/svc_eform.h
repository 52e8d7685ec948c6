/* svc_eform.h — e-forms (tờ khai điện tử): a declaration a procedure asks for, described as
 * data (data/eforms/<code>.json: fields, labels, validation, PDF layout), filled online into
 * a draft and turned into the PDF that becomes that component's file. The blank form can be
 * downloaded from the procedure's page. See docs/online.md. */
#ifndef MOTCUA_SVC_EFORM_H
#define MOTCUA_SVC_EFORM_H

#include "buf.h"
#include "svc.h"

#include <jansson.h>
#include <stdint.h>

/* The definition of e-form code (new reference), or NULL (E_NOTFOUND) when there is none. */
json_t *svc_eform_load(const char *code, struct err *e);
/* 1 when an e-form with this code exists. */
int svc_eform_exists(const char *code);
/* The blank form, to print and fill by hand, as a PDF into out. */
int svc_eform_blank_pdf(const char *code, struct buf *out, struct err *e);
/* Every field of a form in order (the addressee, each section's fields, the place, the
 * fields after the signature), into *fields (a new array of borrowed field objects). */
json_t *svc_eform_fields(json_t *form);

/* Checks the answers (key → string) against the form, collecting up to max problems (field
 * "ef_<key>", the id of its input); when all are right, makes the PDF, attaches it to the
 * draft as the file of the component made on this form (replacing an earlier one), ticks
 * that component and keeps the answers in the draft to edit later. E_INVALID with *n > 0
 * when an answer is wrong; *component is the component's index. */
int svc_draft_eform(struct svc *s, const struct actor *a, struct arena *ar, int64_t draft_id,
                    const char *code, json_t *answers, struct err *problems, int max, int *n,
                    int *component, struct err *e);

#endif
