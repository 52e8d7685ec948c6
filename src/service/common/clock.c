/* clock.c — the service's one reading of the wall clock. Every use case that stamps a time
 * (receptions, audit entries, sessions, the freshness of a report) asks svc_now(), so that
 * tests have one place to shift (libfaketime, scripts/test-at.sh) and no module depends on
 * the service root just to learn the time. */
#include "svc.h"

#include <time.h>

int64_t svc_now(void)
{
    return (int64_t)time(NULL);
}
