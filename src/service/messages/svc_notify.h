/* svc_notify.h — a citizen's choice of the channels that tell them about their dossiers
 * (docs/notifications.md): e-mail, SMS and Zalo OA, each on or off. */
#ifndef MOTCUA_SVC_NOTIFY_H
#define MOTCUA_SVC_NOTIFY_H

#include "svc.h"

struct svc_notify_prefs {
    int email, sms, zalo; /* 1 = wanted */
    int chosen;           /* 0 = never chosen: the defaults (e-mail and SMS) apply */
};

/* The logged-in citizen's choice (E_FORBIDDEN for staff accounts). */
int svc_notify_prefs_get(struct svc *s, const struct actor *a, struct svc_notify_prefs *out,
                         struct err *e);
/* Stores the logged-in citizen's choice (audited); it applies to messages written from now
 * on. */
int svc_notify_prefs_put(struct svc *s, const struct actor *a, const struct svc_notify_prefs *p,
                         struct err *e);

#endif
