/* notify_prefs.c — which channels tell a citizen about their dossiers. A citizen account
 * chooses e-mail, SMS and Zalo OA each on or off; an account that never chose, and every
 * dossier without an account (received at the counter), gets e-mail and SMS to the contacts
 * given on the dossier — Zalo only for those who asked for it, since a Zalo message reaches
 * only a phone number registered with Zalo and following the office's OA. The choice is read
 * when a message is written (notify.c), so it applies from then on. */
#include "svc_notify.h"
#include "jpack.h"

#include "notify_internal.h"
#include "notify_pref_store.h"
#include "svc_internal.h"

#include <jansson.h>

static const struct notify_pref defaults = {.email = 1, .sms = 1, .zalo = 0};

int notify_prefs_for(struct db_conn *c, int64_t user_id, struct notify_pref *out, struct err *e)
{
    int found = 0;
    *out = defaults;
    return user_id ? notify_pref_get(c, user_id, out, &found, e) : 0;
}

static int citizen_only(const struct actor *a, struct err *e)
{
    if (!a->user_id || !(actor_roles(a) & ROLE_CITIZEN))
        return err_set(e, E_FORBIDDEN, NULL,
                       "Chỉ tài khoản công dân chọn được kênh nhận thông báo về hồ sơ");
    return 0;
}

struct prefs_ctx {
    const struct actor *a;
    struct notify_pref p;
    int found;
};

static int prefs_read(struct db_conn *c, void *arg, struct err *e)
{
    struct prefs_ctx *x = arg;
    x->p = defaults;
    return notify_pref_get(c, x->a->user_id, &x->p, &x->found, e);
}

int svc_notify_prefs_get(struct svc *s, const struct actor *a, struct svc_notify_prefs *out,
                         struct err *e)
{
    struct prefs_ctx x = {a, defaults, 0};
    int rc = citizen_only(a, e);
    if (!rc)
        rc = db_with_conn(s->db, prefs_read, &x, e);
    *out = (struct svc_notify_prefs){
        .email = x.p.email, .sms = x.p.sms, .zalo = x.p.zalo, .chosen = x.found};
    return rc;
}

static int prefs_write(struct db_conn *c, void *arg, struct err *e)
{
    struct prefs_ctx *x = arg;
    int rc = notify_pref_put(c, x->a->user_id, &x->p, svc_now(), e);
    return rc ? rc
              : svc_audit_json(c, x->a, "notify.prefs", "user", x->a->username,
                               jpack("{s:b, s:b, s:b}", "email", x->p.email, "sms", x->p.sms,
                                     "zalo", x->p.zalo),
                               e);
}

int svc_notify_prefs_put(struct svc *s, const struct actor *a, const struct svc_notify_prefs *p,
                         struct err *e)
{
    struct prefs_ctx x = {a, {p->email != 0, p->sms != 0, p->zalo != 0}, 1};
    int rc = citizen_only(a, e);
    return rc ? rc : db_tx(s->db, prefs_write, &x, e);
}
