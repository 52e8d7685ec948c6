/* svc_national_catalogue.h — importing the procedures a unit offers from the national
 * catalogue on the National Public Service Portal (LayDanhSachTTHC, LayThuTuc) into motcua's
 * versioned catalogue, through the catalogue's own import (svc_proc_import): a procedure
 * seen for the first time is added, one whose national content changed gets a new version
 * (history is never edited), an unchanged one is left alone. What motcua adds locally (steps,
 * agencies, the announcing decision, the note) is carried into the new version. See
 * docs/national-portal.md "Catalogue import". */
#ifndef MOTCUA_SVC_NATIONAL_CATALOGUE_H
#define MOTCUA_SVC_NATIONAL_CATALOGUE_H

#include "svc.h"

/* One procedure of the unit's national list and what the import did with it. */
struct svc_national_item {
    const char *code, *name;
    const char *outcome; /* "added" | "changed" | "unchanged" | "skipped" */
    const char *reason;  /* skipped: why, in Vietnamese; else NULL */
    int version;         /* the latest version after the import; 0 when skipped */
};

struct svc_national_import {
    struct svc_national_item *items; /* in the portal's order */
    int n, added, changed, unchanged, skipped;
};

/* Imports the procedures of madonvi (the unit's code on the portal) from the partner whose
 * adapter is "portal" (else the partner named "dvcqg"); admins without a unit only. The
 * whole list is written in one transaction. E_UNAVAILABLE when the portal is not configured
 * or does not answer, E_INVALID (field madonvi) when it refuses the unit. */
int svc_national_catalogue_import(struct svc *s, const struct actor *a, struct arena *ar,
                                  const char *madonvi, struct svc_national_import *out,
                                  struct err *e);

#endif
