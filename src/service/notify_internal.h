/* notify_internal.h — telling the applicant: the outbox messages (e-mail, SMS) written for a
 * dossier transition the applicant should hear about, inside the transition's transaction. */
#ifndef MOTCUA_NOTIFY_INTERNAL_H
#define MOTCUA_NOTIFY_INTERNAL_H

#include "db.h"
#include "dossier_store.h"

#include <stdint.h>

/* Queues one message per contact the applicant gave (e-mail address, phone number) when
 * `action` on d (already in its new state) is one the applicant is told about; nothing
 * otherwise. note is the action's note (a reason, an amount), or NULL. */
int notify_on_event(struct db_conn *c, const struct dossier_row *d, const char *action,
                    const char *note, int64_t now, struct err *e);

#endif
