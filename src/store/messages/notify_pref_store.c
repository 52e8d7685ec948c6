/* notify_pref_store.c — SQL for the channel preferences of citizen accounts (see
 * notify_pref_store.h): one row per account that ever chose, replaced on every change. */
#include "notify_pref_store.h"

#include "rows.h"

#define N(field) ROW_INT(#field, struct notify_pref, field)
static const struct row_col pref_cols[] = {N(email), N(sms), N(zalo)};
#undef N
static const struct row_spec pref_spec = ROW_SPEC(struct notify_pref, pref_cols);

int notify_pref_get(struct db_conn *c, int64_t user_id, struct notify_pref *out, int *found,
                    struct err *e)
{
    return rows_query_numbers(c,
                              "SELECT email, sms, zalo FROM notification_prefs WHERE user_id = $1",
                              DB_ARGS(DB_I(user_id)), &pref_spec, out, found, e);
}

int notify_pref_put(struct db_conn *c, int64_t user_id, const struct notify_pref *p, int64_t now,
                    struct err *e)
{
    return db_exec(c,
                   "INSERT INTO notification_prefs (user_id, email, sms, zalo, updated_at) "
                   "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO UPDATE SET "
                   "email = $2, sms = $3, zalo = $4, updated_at = $5",
                   DB_ARGS(DB_I(user_id), DB_I(p->email ? 1 : 0), DB_I(p->sms ? 1 : 0),
                           DB_I(p->zalo ? 1 : 0), DB_I(now)),
                   e);
}
