/* dossier_code.h — the dossier code of Circular 01/2018 Art. 19 (Decree 61 Art. 26):
 * <agency code>-YYMMDD-NNNN, e.g. 000.00.15.H33-270429-0007: the receiving agency's
 * QCVN 102:2016 code, the reception date (Vietnam time) and the sequence of the day. */
#ifndef MOTCUA_DOSSIER_CODE_H
#define MOTCUA_DOSSIER_CODE_H

#include "err.h"

#include <stddef.h>
#include <stdint.h>

#define DOSSIER_CODE_MAX 64
#define DOSSIER_SEQ_MAX  9999

/* Formats the code for a reception on local day `day` (see cal_date.h) with sequence seq;
 * E_INVALID for a bad agency code or a sequence outside 1..9999. */
int dossier_code_format(const char *agency_code, int32_t day, int seq, char *out, size_t size,
                        struct err *e);
/* 1 when s has the shape of a dossier code (used to answer lookups of nonsense quickly). */
int dossier_code_valid(const char *s);

#endif
