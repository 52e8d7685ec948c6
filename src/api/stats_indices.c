/* stats_indices.c — /api/v1/stats/indices: the per-dossier indicators (Decision 766 group
 * 2.1, Circular 01/2018 indicator 2) as JSON, each figure with the inputs it was computed
 * from, so that a reader can check the arithmetic. */
#include "api.h"
#include "api_stats_indices.h"

#include "svc_stats_indices.h"

static json_t *number_or_null(double v)
{
    return v < 0 ? json_null() : json_real(v);
}

static json_t *d766_json(const struct svc_stats_766 *d)
{
    json_t *inputs = json_pack(
        "{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "judged", (json_int_t)d->judged,
        "early", (json_int_t)d->early, "on_time", (json_int_t)d->on_time, "late",
        (json_int_t)d->late, "finished", (json_int_t)d->finished, "open_at_end",
        (json_int_t)d->open_at_end, "withdrawn", (json_int_t)d->withdrawn, "with_supplement",
        (json_int_t)d->with_supplement, "multi_supplement", (json_int_t)d->multi_supplement,
        "unjudged", (json_int_t)d->unjudged);
    return json_pack("{s:s, s:o, s:s, s:o}", "label",
                     "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn "
                     "(Quyết định 766, chỉ số 2.1)",
                     "value", number_or_null(d->value), "formula",
                     "(early + on_time) / judged * 100", "inputs", inputs);
}

static json_t *step_json(const struct svc_stats_step_row *r)
{
    json_t *j =
        json_pack("{s:s, s:s, s:I, s:I, s:I, s:I}", "unit", r->unit_key, "label", r->unit_name,
                  "steps", (json_int_t)r->steps, "early", (json_int_t)r->early, "on_time",
                  (json_int_t)r->on_time, "late", (json_int_t)r->late);
    json_object_set_new(j, "on_time_rate", number_or_null(r->on_time_rate));
    json_object_set_new(j, "points", number_or_null(r->points));
    return j;
}

int api_stats_indices(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    struct svc_stats_query q = {http_query(r, "unit"), http_query(r, "from"), http_query(r, "to"),
                                NULL};
    struct svc_stats_indices x;
    struct err e = {0};
    if (svc_stats_indices(app->svc, a, r->arena, &q, &x, &e))
        return http_resp_err(w, &e);
    json_t *rows = json_array();
    for (int i = 0; i < x.nsteps; i++)
        json_array_append_new(rows, step_json(&x.steps[i]));
    json_t *ind2 = json_pack("{s:s, s:s, s:o, s:o}", "label",
                             "Thời gian giải quyết của từng cơ quan (Thông tư 01/2018, chỉ số 2)",
                             "formula", "points = (2 * early + on_time) / steps", "units", rows,
                             "total", step_json(&x.steps_total));
    return http_resp_json(w, 200,
                          json_pack("{s:s, s:s, s:s, s:s, s:I, s:o, s:o}", "unit", x.unit_key,
                                    "unit_name", x.unit_name, "from", x.from, "to", x.to,
                                    "period_end", (json_int_t)x.period_end, "decision766_2_1",
                                    d766_json(&x.d766), "circular01_indicator2", ind2));
}
