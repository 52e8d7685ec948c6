/* code_internal.h — one-time codes as the delivery loop sees them (citizen_signup.c): an
 * outbox row about a code carries no code, only the code row it names ("code_ref"); the code
 * is opened and written into the text at delivery and forgotten once the message went out
 * or never will. */
#ifndef MOTCUA_CODE_INTERNAL_H
#define MOTCUA_CODE_INTERNAL_H

#include "arena.h"
#include "err.h"

#include <stdint.h>

struct svc;
struct db_conn;

/* The code row a message's payload names (its "code_ref"), or 0 for a message without a code
 * (outbox.c). */
int64_t code_message_ref(const char *payload);
/* The subject and text as the person reads them, with the code; E_INVALID when the code can
 * no longer be sent (used, expired, replaced, forgotten), E_UNAVAILABLE (retried) when it was
 * sealed under another instance's key. */
int code_message_render(struct svc *s, struct arena *ar, const char *payload, const char **subject,
                        const char **text, struct err *e);
/* In the caller's transaction: forgets the code of a message that was delivered or never
 * will be. */
int code_message_done(struct db_conn *c, int64_t ref, struct err *e);

#endif
