/* svc_ratings.h — the applicant's rating of how a dossier was handled, given once the result
 * was returned (Decree 61 Art. 29: online in the one-stop system or on a device at the
 * counter): satisfied / neutral / dissatisfied, and the Circular 01/2018 Art. 13 items only
 * the citizen can score, each 2, 1 or 0. See docs/ratings.md. */
#ifndef MOTCUA_SVC_RATINGS_H
#define MOTCUA_SVC_RATINGS_H

#include "svc.h"
#include "svc_labels.h"

#include <jansson.h>
#include <stdint.h>

struct svc_rating_in {
    const char *overall; /* satisfied | neutral | dissatisfied */
    json_t *indicators;  /* object of items above, 0..2 each; NULL or {} = none scored */
    const char *comment; /* may be NULL */
};

struct svc_rating {
    const char *overall, *indicators, *comment, *channel; /* indicators: JSON object text */
    int64_t created_at;
};

/* What a rating page needs: the dossier, whether it can be rated now, its rating if any. */
struct svc_rating_status {
    const char *code, *procedure_name, *state, *state_label;
    int can_rate, rated;
    struct svc_rating rating;
};

/* channel "online": the applicant's own account (anyone else: E_NOTFOUND); "counter": the
 * receptionists of the dossier's receiving unit, on a device they hand to the citizen
 * (E_NOTFOUND for who may not see the dossier, E_FORBIDDEN for other staff who may). */
int svc_rating_status(struct svc *s, const struct actor *a, struct arena *ar, const char *code,
                      const char *channel, struct svc_rating_status *out, struct err *e);
/* Records the rating, once per dossier and only once the result was returned (E_CONFLICT
 * otherwise, field "code"); invalid input is E_INVALID naming "overall", "indicators.<item>"
 * or "comment". The same permission as svc_rating_status. */
int svc_rating_record(struct svc *s, const struct actor *a, struct arena *ar, const char *code,
                      const char *channel, const struct svc_rating_in *in, struct svc_rating *out,
                      struct err *e);

#endif
