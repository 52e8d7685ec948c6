/* counter_queues.c — the one-stop counter's work, sorted into the queues a receptionist
 * watches during the day (Decree 61 Arts 17–20): dossiers waiting at reception (submitted
 * online and not yet accepted, or waiting for the applicant's supplement), dossiers due today
 * (the appointment, or the time limit of the step in hand, falls on today's date in Vietnam),
 * and results ready to hand back. The queues are views of what the actor already may see
 * (their inbox, and the dossiers of their units waiting for a supplement), so they need no
 * permission of their own. */
#include "svc_dossier.h"

#include "cal_date.h"
#include "svc_internal.h"

#include <string.h>

static const struct svc_queue_info queues[SVC_QUEUE_COUNT] = {
    [SVC_QUEUE_RECEPTION] = {"tiep-nhan", "Chờ tiếp nhận",
                             "Hồ sơ nộp trực tuyến chờ tiếp nhận và hồ sơ chờ người nộp bổ sung."},
    [SVC_QUEUE_DUE_TODAY] = {"den-han", "Đến hạn hôm nay",
                             "Hồ sơ hẹn trả kết quả hoặc hết hạn bước xử lý trong hôm nay."},
    [SVC_QUEUE_RETURN] = {"tra-ket-qua", "Kết quả chờ trả",
                          "Hồ sơ đã có kết quả, chờ trả cho người nộp."},
};

const struct svc_queue_info *svc_queue_info(int queue)
{
    return queue >= 0 && queue < SVC_QUEUE_COUNT ? &queues[queue] : NULL;
}

int svc_queue_from_slug(const char *slug)
{
    for (int q = 0; slug && q < SVC_QUEUE_COUNT; q++)
        if (strcmp(queues[q].slug, slug) == 0)
            return q;
    return -1;
}

static int state_is(const struct svc_dossier_row *d, const char *state)
{
    return d->state && strcmp(d->state, state) == 0;
}

static int falls_today(int64_t t, int64_t now)
{
    return t && cal_local_day(t) == cal_local_day(now);
}

static int holds(int queue, const struct svc_dossier_row *d, int64_t now)
{
    switch (queue) {
    case SVC_QUEUE_RECEPTION:
        return state_is(d, "submitted");
    case SVC_QUEUE_DUE_TODAY:
        return !state_is(d, "returned") &&
               (falls_today(d->due_at, now) || falls_today(d->step_due_at, now));
    case SVC_QUEUE_RETURN:
        return state_is(d, "result_ready");
    default:
        return 0;
    }
}

#define WAITING_MAX 200

/* The dossiers of the actor's units waiting for the applicant's papers: the inbox leaves
 * them out (nobody can act before the papers come), the counter receives them. */
static int add_waiting(struct svc *s, const struct actor *a, struct arena *ar, const char *state,
                       struct svc_dossier_row **out, int *n, struct err *e)
{
    struct svc_dossier_search q = {.state = state, .limit = WAITING_MAX};
    struct svc_dossier_row *rows = NULL;
    int m = 0;
    int rc = svc_dossier_find(s, a, ar, &q, &rows, &m, e);
    if (rc || !m)
        return rc;
    struct svc_dossier_row *all = arena_alloc(ar, sizeof *all * (size_t)(*n + m));
    memcpy(all, *out, sizeof *all * (size_t)*n);
    memcpy(all + *n, rows, sizeof *all * (size_t)m);
    *out = all;
    *n += m;
    return 0;
}

int svc_counter_queue(struct svc *s, const struct actor *a, struct arena *ar, int queue,
                      struct svc_dossier_row **out, int *n, struct err *e)
{
    *out = NULL;
    *n = 0;
    if (!svc_queue_info(queue))
        return err_set(e, E_NOTFOUND, "hang", "Không có hàng chờ này");
    struct svc_dossier_row *rows = NULL;
    int m = 0;
    int rc = svc_dossier_inbox(s, a, ar, &rows, &m, e);
    if (rc)
        return rc;
    int64_t now = svc_now();
    int kept = 0;
    for (int i = 0; i < m; i++)
        if (holds(queue, &rows[i], now))
            rows[kept++] = rows[i];
    *out = rows;
    *n = kept;
    if (queue == SVC_QUEUE_RECEPTION && perm_some(a, ROLE_RECEPTIONIST))
        if ((rc = add_waiting(s, a, ar, "reception_supplement", out, n, e)) != 0 ||
            (rc = add_waiting(s, a, ar, "supplement", out, n, e)) != 0)
            return rc;
    return 0;
}
