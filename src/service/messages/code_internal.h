/* code_internal.h — one-time codes as messages (code_message.c), for the use cases that issue
 * them (identity/citizen_signup.c) and the delivery loop: an outbox row about a code carries
 * no code, only the code row it names ("code_ref"); the code is opened and written into the
 * text at delivery and forgotten once the message went out or never will. */
#ifndef MOTCUA_CODE_INTERNAL_H
#define MOTCUA_CODE_INTERNAL_H

#include "arena.h"
#include "err.h"

#include <stdint.h>

struct svc;
struct db_conn;

/* How long a code lives (seconds). */
#define CODE_TTL (15 * 60)

/* A code to send: to whom, what for ("signup" or "reset"), the code and its argon2id hash. */
struct code_msg {
    int64_t user_id;
    const char *purpose;
    const char *channel, *recipient, *full_name, *event;
    const char *code, *code_hash;
};
/* Kills the account's live code and queues the new one (sealed in its code row, masked in the
 * outbox row), in the caller's transaction; *expires_at (may be NULL) when it dies. */
int code_message_queue(struct db_conn *c, const struct svc *s, const struct code_msg *m,
                       int64_t now, int64_t *expires_at, struct err *e);

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
