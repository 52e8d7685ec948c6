/* portal_session.c — talking to the national portal outside the queue: the log-in session
 * every call carries (POST {url}/auth, kept under the partner's lock and dropped when the
 * portal answers error_code "-2"), a JSON call, and the TraCuuHoSo lookup reconciliation
 * asks. The adapter (portal_adapter.c) and reconciliation (portal_reconcile.c) share it. */
#include "portal_internal.h"

#include "jpack.h"

#include <stdlib.h>
#include <string.h>

struct portal_state {
    char *session;         /* malloc'd; NULL = log in first */
    int64_t reconciled_at; /* the daily reconciliation's last run; 0 = not since start-up */
};

void portal_state_dispose(void *p)
{
    struct portal_state *st = p;
    if (st)
        free(st->session);
    free(st);
}

const char *portal_code_text(struct arena *a, const json_t *v)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v))
        return arena_printf(a, "%lld", (long long)json_integer_value(v));
    return "";
}

int portal_post(struct exchange_partner *p, struct arena *a, const char *path, json_t *body,
                const char *idem_key, json_t **answer, struct err *e)
{
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    json_decref(body);
    if (!text)
        return err_set(e, E_NOMEM, NULL, "out of memory");
    struct exchange_request rq = {
        .url = exchange_url(a, p, path), .body = arena_strdup(a, text), .idem_key = idem_key};
    free(text);
    struct exchange_response rs;
    int rc = exchange_http(a, p, &rq, &rs, e);
    if (rc)
        return rc;
    *answer = json_loadb(rs.body, rs.len, 0, NULL);
    if (rs.status < 200 || rs.status > 299 || !json_is_object(*answer)) {
        json_decref(*answer);
        *answer = NULL;
        return err_set(e, E_UNAVAILABLE, NULL, "Cổng DVCQG trả lời HTTP %ld", rs.status);
    }
    return 0;
}

/* The session to call with, logging in when there is none (p->lock held). */
static int session_of(struct exchange_partner *p, struct arena *a, const char **session,
                      struct err *e)
{
    struct portal_state *st = p->state;
    if (st && st->session) {
        *session = arena_strdup(a, st->session);
        return 0;
    }
    json_t *answer = NULL;
    int rc = portal_post(p, a, AUTH_PATH,
                         jpack("{s:s, s:s}", "username", p->cfg.user ? p->cfg.user : "", "password",
                               p->cfg.password ? p->cfg.password : ""),
                         NULL, &answer, e);
    if (rc)
        return rc;
    const char *s = json_string_value(json_object_get(answer, "session"));
    if (portal_answer_ok(answer, e) || !s || !*s) {
        json_decref(answer);
        return err_set(e, E_UNAVAILABLE, "session", "Cổng DVCQG không cho đăng nhập");
    }
    if (!st && (st = calloc(1, sizeof *st)) == NULL) {
        json_decref(answer);
        return err_set(e, E_NOMEM, NULL, "out of memory");
    }
    st->session = strdup(s);
    p->state = st;
    *session = arena_strdup(a, s);
    json_decref(answer);
    return 0;
}

void portal_forget_session(struct exchange_partner *p)
{
    pthread_mutex_lock(&p->lock);
    struct portal_state *st = p->state;
    if (st) {
        free(st->session);
        st->session = NULL;
    }
    pthread_mutex_unlock(&p->lock);
}

int portal_session(struct exchange_partner *p, struct arena *a, const char **out, struct err *e)
{
    pthread_mutex_lock(&p->lock);
    int rc = session_of(p, a, out, e);
    pthread_mutex_unlock(&p->lock);
    return rc;
}

int portal_lookup(struct exchange_partner *p, struct arena *a, const char *unit, const char *code,
                  json_t **found, struct err *e)
{
    const char *sess = NULL;
    json_t *answer = NULL;
    *found = NULL;
    int rc = portal_session(p, a, &sess, e);
    if (!rc)
        rc = portal_post(p, a, INTEGRATION_PATH,
                         jpack("{s:s, s:s, s:s, s:s}", "session", sess, "madonvi", unit ? unit : "",
                               "service", "TraCuuHoSo", "mahoso", code),
                         NULL, &answer, e);
    if (!rc && (rc = portal_answer_ok(answer, e)) != 0)
        portal_forget_session(p);
    const json_t *result = json_object_get(answer, "result");
    if (!rc && json_is_object(result))
        *found = json_incref((json_t *)result);
    json_decref(answer);
    return rc;
}

int portal_reconcile_due(struct exchange_partner *p, int64_t now, int64_t every)
{
    int due = 0;
    pthread_mutex_lock(&p->lock);
    struct portal_state *st = p->state;
    if (!st && (st = calloc(1, sizeof *st)) != NULL)
        p->state = st;
    if (st && (!st->reconciled_at || now - st->reconciled_at >= every)) {
        st->reconciled_at = now;
        due = 1;
    }
    pthread_mutex_unlock(&p->lock);
    return due;
}
