/* notify_internal.h — telling the applicant: the outbox messages (e-mail, SMS, Zalo OA)
 * written for a dossier transition the applicant should hear about, or for the answer to their
 * feedback, inside the transaction of the change, on the channels the person chose. */
#ifndef MOTCUA_NOTIFY_INTERNAL_H
#define MOTCUA_NOTIFY_INTERNAL_H

#include "db.h"
#include "dossier_store.h"
#include "notify_pref_store.h"

#include <stdint.h>

/* The channels that tell the account user_id (notify_prefs.c): its choice, or the defaults
 * (e-mail and SMS) when it never chose or user_id is 0 (a dossier without an account). */
int notify_prefs_for(struct db_conn *c, int64_t user_id, struct notify_pref *out, struct err *e);

/* Queues one message per wanted channel and contact the applicant gave (e-mail to the
 * address; SMS and Zalo to the phone number) when `action` on d (already in its new state) is
 * one the applicant is told about; nothing otherwise. note is the action's note (a reason, an
 * amount), or NULL. */
int notify_on_event(struct db_conn *c, const struct dossier_row *d, const char *action,
                    const char *note, int64_t now, struct err *e);

/* Feedback that was just answered, and the contacts of the citizen who sent it. */
struct notify_feedback {
    int64_t id, user_id, created_at;
    const char *username, *full_name, *email, *phone; /* the sender's account */
    const char *dossier_code;                         /* NULL when about no dossier */
    const char *text, *answer;
};

/* Queues the answer to the sender: in the account (channel internal), and by e-mail, SMS
 * and Zalo as the account chose, when it has an address or a phone number. Event
 * "feedback.answered". */
int notify_feedback_answered(struct db_conn *c, const struct notify_feedback *f, int64_t now,
                             struct err *e);

#endif
