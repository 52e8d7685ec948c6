/* svc_postal.h — returning a result by post (Decision 45/2016/QĐ-TTg): the receptionist
 * records the handover of the result to the postal operator (operator, tracking number, the
 * moment of the handover), and whoever may see the dossier — the applicant included — reads
 * it. See docs/ratings.md. */
#ifndef MOTCUA_SVC_POSTAL_H
#define MOTCUA_SVC_POSTAL_H

#include "svc.h"

#include <stdint.h>

struct svc_postal_in {
    const char *operator_name;   /* "Bưu điện Việt Nam (VNPost)", 1..200 bytes */
    const char *tracking_number; /* the postal item's number, 1..64 bytes */
    const char *handed_over_at;  /* YYYY-MM-DDTHH:MM Vietnam time; NULL or "" = now */
};

struct svc_postal {
    const char *operator_name, *tracking_number, *recorded_by; /* recorded_by: full name */
    int64_t handed_over_at, created_at;
};

/* Records the handover once per dossier (E_CONFLICT the second time, or before the result is
 * ready). Receptionists of the receiving unit; E_NOTFOUND for who may not see the dossier,
 * E_FORBIDDEN for other staff who may. E_INVALID names "operator", "tracking_number" or
 * "handed_over_at" (malformed, in the future, or before the dossier was accepted). */
int svc_postal_record(struct svc *s, const struct actor *a, struct arena *ar, const char *code,
                      const struct svc_postal_in *in, struct svc_postal *out, struct err *e);
/* The handover of a dossier: 1 when there is one (out filled), 0 when not; whoever may see
 * the dossier (E_NOTFOUND for others). */
int svc_postal_get(struct svc *s, const struct actor *a, struct arena *ar, const char *code,
                   struct svc_postal *out, struct err *e);

#endif
