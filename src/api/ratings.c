/* ratings.c — what follows the handling of a dossier, over the API: the result going back
 * (the receptionist records its handover to the postal operator; the applicant reads their
 * own dossier with its result files, downloaded through the dossier files endpoint, which
 * admits the applicant, and the postal handover) and the applicant's rating of it. */
#include "api.h"
#include "jpack.h"
#include "api_ratings.h"

#include "jspec.h"
#include "svc_files.h"
#include "svc_online.h"
#include "svc_postal.h"
#include "svc_ratings.h"

#include <string.h>

static json_t *opt_time(int64_t t)
{
    return t ? json_integer(t) : json_null();
}

static json_t *rating_json(const struct svc_rating *g)
{
    json_t *ind = json_loads(g->indicators ? g->indicators : "{}", 0, NULL);
    return jpack("{s:s, s:o, s:s?, s:s, s:I}", "overall", g->overall, "indicators",
                 ind ? ind : json_object(), "comment", g->comment, "channel", g->channel,
                 "created_at", (json_int_t)g->created_at);
}

int api_my_rating(struct api_call *c)
{
    struct svc_rating_in in = {0};
    const struct jspec spec[] = {
        JSPEC_STR("overall", 1, 1, 16, &in.overall, "Mức độ hài lòng"),
        JSPEC_OBJ("indicators", 0, &in.indicators, "Các tiêu chí đánh giá"),
        JSPEC_STR("comment", 0, 0, 2000, &in.comment, "Ý kiến"),
        JSPEC_END,
    };
    if (api_body(c, spec))
        return API_FAILED;
    struct svc_rating g;
    if (svc_rating_record(c->svc, c->actor, c->arena, http_param(c->r, "code"), "online", &in, &g,
                          &c->e))
        return API_FAILED;
    return api_json(c, 201, rating_json(&g));
}

static json_t *postal_json(const struct svc_postal *p)
{
    return jpack("{s:s, s:s, s:I, s:s}", "operator", p->operator_name, "tracking_number",
                 p->tracking_number, "handed_over_at", (json_int_t)p->handed_over_at, "recorded_by",
                 p->recorded_by);
}

static json_t *results_json(struct http_req *r, const struct svc_file *f, int n, const char *code)
{
    json_t *out = json_array();
    for (int i = 0; i < n; i++)
        if (strcmp(f[i].kind, "result") == 0)
            json_array_append_new(
                out,
                jpack("{s:s, s:s, s:s, s:I, s:I, s:s}", "sha256", f[i].sha256, "name", f[i].name,
                      "mime", f[i].mime, "size", (json_int_t)f[i].size, "uploaded_at",
                      (json_int_t)f[i].uploaded_at, "url",
                      arena_printf(r->arena, "/api/v1/dossiers/%s/files/%s", code, f[i].sha256)));
    return out;
}

/* The applicant's own dossier from their list; E_NOTFOUND for anyone else's. */
static int find_mine(struct app *app, const struct actor *a, struct http_req *r,
                     const struct svc_my_dossier **out, struct err *e)
{
    struct svc_my_dossier *mine = NULL;
    int n = 0;
    const char *code = http_param(r, "code");
    int rc = svc_my_dossiers(app->svc, a, r->arena, &mine, &n, e);
    for (int i = 0; !rc && i < n; i++)
        if (strcmp(mine[i].code, code) == 0) {
            *out = &mine[i];
            return 0;
        }
    return rc ? rc : err_set(e, E_NOTFOUND, "code", "Không tìm thấy hồ sơ có mã này");
}

static json_t *my_dossier_json(const struct svc_my_dossier *d)
{
    return jpack("{s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:I, s:o, s:o, s:o, s:b}", "code", d->code,
                 "procedure_name", d->procedure_name, "state", d->state, "state_label",
                 d->state_label, "channel", d->channel, "national_status", d->national_status,
                 "version", d->version, "received_at", (json_int_t)d->received_at, "accepted_at",
                 opt_time(d->accepted_at), "due_at", opt_time(d->due_at), "finished_at",
                 opt_time(d->finished_at), "can_withdraw", d->can_withdraw);
}

int api_my_dossier(struct api_call *c)
{
    const struct svc_my_dossier *d = NULL;
    struct svc_file *files = NULL;
    struct svc_rating_status rs;
    struct svc_postal post;
    int nfiles = 0, posted = 0;
    if (find_mine(c->app, c->actor, c->r, &d, &c->e) ||
        svc_dossier_files(c->svc, c->actor, c->arena, d->code, &files, &nfiles, &c->e) ||
        svc_rating_status(c->svc, c->actor, c->arena, d->code, "online", &rs, &c->e) ||
        (posted = svc_postal_get(c->svc, c->actor, c->arena, d->code, &post, &c->e)) < 0)
        return API_FAILED;
    json_t *j = my_dossier_json(d);
    json_object_set_new(j, "results", results_json(c->r, files, nfiles, d->code));
    json_object_set_new(j, "postal_handover", posted ? postal_json(&post) : json_null());
    json_object_set_new(j, "rating", rs.rated ? rating_json(&rs.rating) : json_null());
    json_object_set_new(j, "can_rate", json_boolean(rs.can_rate));
    json_object_set_new(
        j, "receipt_url",
        d->accepted_at ? json_string(arena_printf(c->arena, "/api/v1/dossiers/%s/forms/1", d->code))
                       : json_null());
    return api_json(c, 200, j);
}

int api_postal_handover(struct api_call *c)
{
    struct svc_postal_in in = {0};
    const struct jspec spec[] = {
        JSPEC_STR("operator", 1, 1, 200, &in.operator_name, "Doanh nghiệp bưu chính"),
        JSPEC_STR("tracking_number", 1, 1, 64, &in.tracking_number, "Số hiệu bưu gửi"),
        JSPEC_STR("handed_over_at", 0, 0, 16, &in.handed_over_at, "Thời điểm bàn giao"),
        JSPEC_END,
    };
    if (api_body(c, spec))
        return API_FAILED;
    struct svc_postal p;
    if (svc_postal_record(c->svc, c->actor, c->arena, http_param(c->r, "code"), &in, &p, &c->e))
        return API_FAILED;
    return api_json(c, 201, postal_json(&p));
}
