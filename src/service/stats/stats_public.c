/* stats_public.c — the statistics summary for the public (UX.md: on-time rate and online
 * share per unit): the leaders' report grouped by unit for this year so far, read as the
 * system, because the portal shows counts and rates only, never a dossier or a person. */
#include "svc_stats.h"

int svc_stats_public(struct svc *s, struct arena *ar, struct svc_stats_report *out, struct err *e)
{
    struct svc_stats_query q = {.group = "unit"};
    return svc_stats_report(s, &svc_system, ar, &q, out, e);
}
