/* notify_pref_store.h — a citizen account's choice of channels for the messages about its
 * dossiers (migration 0018). */
#ifndef MOTCUA_NOTIFY_PREF_STORE_H
#define MOTCUA_NOTIFY_PREF_STORE_H

#include "db.h"

#include <stdint.h>

struct notify_pref {
    int email, sms, zalo; /* 1 = wanted */
};

/* The account's choice; *found is 0 (and *out untouched) when it never chose. */
int notify_pref_get(struct db_conn *c, int64_t user_id, struct notify_pref *out, int *found,
                    struct err *e);
/* Stores the account's choice, replacing the previous one. */
int notify_pref_put(struct db_conn *c, int64_t user_id, const struct notify_pref *p, int64_t now,
                    struct err *e);

#endif
