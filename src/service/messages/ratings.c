/* ratings.c — the applicant rates the handling of a dossier (svc_ratings.h). A rating is
 * taken only once the result was returned (state "returned"): that is when the whole
 * handling, the return included, can be judged, and it is the moment Decree 61 Art. 29 and
 * Circular 01/2018 put it at. "result_ready" is not enough — the citizen has not been served
 * yet. One rating per dossier, whichever channel gives it: online by the applicant's own
 * account, or on a tablet at the counter that the receptionist opens for the citizen (the
 * receptionist's session records it, the channel says "counter").
 *
 * A rating is counted in the statistics counters in its own transaction (stats_on_rating):
 * the figures built from ratings (Art. 13 indicators 3, 4, 6, 7; Decision 766 indicator 5.4)
 * then read counters like every other figure. */
#include "svc_ratings.h"
#include "jpack.h"

#include "dossier_state.h"
#include "org_tree.h"
#include "rating_store.h"
#include "stats_counters.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COMMENT 2000

static int is(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static int check_channel(const char *channel, struct err *e)
{
    if (is(channel, "online") || is(channel, "counter"))
        return 0;
    return err_set(e, E_INVALID, "channel", "Kênh đánh giá phải là online hoặc counter");
}

/* Online: the applicant's own account. Counter: a receptionist of the receiving unit. */
static int may_rate(const struct org_tree *t, const struct actor *a, const struct dossier_row *d,
                    const char *channel, struct err *e)
{
    if (is(channel, "online")) {
        if (a->user_id && a->user_id == d->applicant_user_id)
            return 0;
        return err_set(e, E_NOTFOUND, "code", "Không tìm thấy hồ sơ có mã này");
    }
    int rc = dossier_visible(t, a, d, e);
    return rc ? rc : dossier_role_at(t, a, ROLE_RECEPTIONIST, d->receiving_unit_id, e);
}

static int check_item(const char *key, json_t *v, struct err *e)
{
    int known = 0;
    for (int i = 0; svc_rating_items[i]; i++)
        known |= is(key, svc_rating_items[i]);
    if (!known)
        return err_set(e, E_INVALID, "indicators", "Không có tiêu chí đánh giá '%s'", key);
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 2)
        return err_set(e, E_INVALID, "indicators", "Điểm của tiêu chí '%s' phải là 0, 1 hoặc 2",
                       key);
    return 0;
}

static int check_input(const struct svc_rating_in *in, struct err *e)
{
    if (!is(in->overall, "satisfied") && !is(in->overall, "neutral") &&
        !is(in->overall, "dissatisfied"))
        return err_set(e, E_INVALID, "overall",
                       "Mức độ hài lòng phải là satisfied, neutral hoặc dissatisfied");
    if (in->indicators && !json_is_object(in->indicators))
        return err_set(e, E_INVALID, "indicators", "Các tiêu chí đánh giá phải là một đối tượng");
    const char *key;
    json_t *v;
    json_object_foreach(in->indicators, key, v)
    {
        int rc = check_item(key, v, e);
        if (rc && e)
            snprintf(e->field, sizeof e->field, "indicators.%.40s", key);
        if (rc)
            return rc;
    }
    if (in->comment && strlen(in->comment) > MAX_COMMENT)
        return err_set(e, E_INVALID, "comment", "Ý kiến dài quá %d byte", MAX_COMMENT);
    return 0;
}

static struct svc_rating rating_out(const struct rating_row *r)
{
    return (struct svc_rating){.overall = r->overall,
                               .indicators = r->indicators,
                               .comment = r->comment,
                               .channel = r->channel,
                               .created_at = r->created_at};
}

struct rating_ctx {
    struct svc *s;
    const struct actor *a;
    struct arena *ar;
    const char *code, *channel;
    const struct svc_rating_in *in;
    struct svc_rating_status *status;
    struct svc_rating *out;
    struct dossier_row d;
};

static int load(struct db_conn *c, struct rating_ctx *x, struct err *e)
{
    struct org_tree t;
    int rc = org_tree_of(x->s, c, &t, e);
    if (!rc)
        rc = dossier_get(c, x->ar, x->code, &x->d, e);
    return rc ? rc : may_rate(&t, x->a, &x->d, x->channel, e);
}

static int status_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct rating_ctx *x = ctx;
    int rc = load(c, x, e);
    if (rc)
        return rc;
    enum dossier_state st = DS_NONE;
    dossier_state_parse(x->d.state, &st);
    struct rating_row row;
    rc = rating_get(c, x->ar, x->d.id, &row, e);
    if (rc && rc != E_NOTFOUND)
        return rc;
    err_clear(e);
    *x->status = (struct svc_rating_status){.code = x->d.code,
                                            .procedure_name = x->d.procedure_name,
                                            .state = x->d.state,
                                            .state_label = dossier_state_label(st),
                                            .rated = rc == 0,
                                            .can_rate = rc != 0 && is(x->d.state, "returned")};
    if (!rc)
        x->status->rating = rating_out(&row);
    return 0;
}

int svc_rating_status(struct svc *s, const struct actor *a, struct arena *ar, const char *code,
                      const char *channel, struct svc_rating_status *out, struct err *e)
{
    int rc = check_channel(channel, e);
    if (rc)
        return rc;
    struct rating_ctx x = {
        .s = s, .a = a, .ar = ar, .code = code ? code : "", .channel = channel, .status = out};
    return db_with_conn(s->db, status_read, &x, e);
}

static int record_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct rating_ctx *x = ctx;
    int rc = load(c, x, e);
    if (rc)
        return rc;
    if (!is(x->d.state, "returned"))
        return err_set(e, E_CONFLICT, "code",
                       "Chỉ đánh giá được sau khi đã nhận kết quả giải quyết hồ sơ");
    char *indicators = json_dumps(x->in->indicators, JSON_COMPACT | JSON_SORT_KEYS);
    struct rating_row row = {.dossier_id = x->d.id,
                             .recorded_by = x->a->user_id,
                             .created_at = svc_now(),
                             .overall = x->in->overall,
                             .indicators = arena_strdup(x->ar, indicators ? indicators : "{}"),
                             .comment = x->in->comment && *x->in->comment ? x->in->comment : NULL,
                             .channel = x->channel};
    free(indicators);
    if ((rc = rating_insert(c, &row, e)) != 0 ||
        (rc = stats_on_rating(c, &x->d, row.overall, row.indicators, row.created_at, e)) != 0)
        return rc;
    *x->out = rating_out(&row);
    struct svc_dossier_change ch = {&x->d, x->a, "rating", x->d.state, NULL, row.created_at};
    if ((rc = svc_dossier_changed(x->s, c, &ch, e)) != 0)
        return rc;
    return svc_audit_json(c, x->a, "dossier.rating", "dossier", x->d.code,
                          jpack("{s:s, s:s}", "overall", row.overall, "channel", row.channel), e);
}

int svc_rating_record(struct svc *s, const struct actor *a, struct arena *ar, const char *code,
                      const char *channel, const struct svc_rating_in *in, struct svc_rating *out,
                      struct err *e)
{
    int rc = check_channel(channel, e);
    if (!rc)
        rc = check_input(in, e);
    if (rc)
        return rc;
    struct rating_ctx x = {.s = s,
                           .a = a,
                           .ar = ar,
                           .code = code ? code : "",
                           .channel = channel,
                           .in = in,
                           .out = out};
    return db_tx(s->db, record_tx, &x, e);
}
