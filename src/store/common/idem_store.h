/* idem_store.h — idempotency keys: the stored answer of a state-changing request, so that a
 * replayed request (a double click, a client retry after a timeout) gets the same answer
 * instead of acting twice. Written in the same transaction as the action it answers. */
#ifndef MOTCUA_IDEM_STORE_H
#define MOTCUA_IDEM_STORE_H

#include "arena.h"
#include "db.h"

#include <stdint.h>

/* The stored response for (key, user); E_NOTFOUND when the key is new. */
int idem_get(struct db_conn *c, struct arena *a, const char *key, int64_t user_id,
             const char *route, const char **response, struct err *e);
int idem_put(struct db_conn *c, const char *key, int64_t user_id, const char *route, int status,
             const char *response, int64_t now, struct err *e);

#endif
