/* stats_indices.c — the evaluation indices as JSON, each figure with the inputs it was
 * computed from, so that a reader can check the arithmetic: /api/v1/stats/indices (the
 * per-dossier indicators, Decision 766 group 2.1 and Circular 01/2018 indicator 2) and
 * /api/v1/stats/evaluation (the Decision 766 figures and the Circular 01/2018 grading read
 * from the counters and the catalogue, also as CSV, XLSX or PDF). */
#include "api.h"
#include "jpack.h"
#include "api_stats.h"
#include "api_stats_indices.h"

#include "svc_stats_evaluation.h"
#include "svc_stats_indices.h"

#include <stdio.h>
#include <string.h>

#define MAX_EXPORT (8u << 20)

static json_t *number_or_null(double v)
{
    return v < 0 ? json_null() : json_real(v);
}

static json_t *d766_json(const struct svc_stats_766 *d)
{
    json_t *inputs =
        jpack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "judged", (json_int_t)d->judged,
              "early", (json_int_t)d->early, "on_time", (json_int_t)d->on_time, "late",
              (json_int_t)d->late, "finished", (json_int_t)d->finished, "open_at_end",
              (json_int_t)d->open_at_end, "withdrawn", (json_int_t)d->withdrawn, "with_supplement",
              (json_int_t)d->with_supplement, "multi_supplement", (json_int_t)d->multi_supplement,
              "unjudged", (json_int_t)d->unjudged);
    return jpack("{s:s, s:o, s:s, s:o}", "label",
                 "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn "
                 "(Quyết định 766, chỉ số 2.1)",
                 "value", number_or_null(d->value), "formula", "(early + on_time) / judged * 100",
                 "inputs", inputs);
}

static json_t *step_json(const struct svc_stats_step_row *r)
{
    json_t *j = jpack("{s:s, s:s, s:I, s:I, s:I, s:I}", "unit", r->unit_key, "label", r->unit_name,
                      "steps", (json_int_t)r->steps, "early", (json_int_t)r->early, "on_time",
                      (json_int_t)r->on_time, "late", (json_int_t)r->late);
    json_object_set_new(j, "on_time_rate", number_or_null(r->on_time_rate));
    json_object_set_new(j, "points", number_or_null(r->points));
    return j;
}

int api_stats_indices(struct api_call *c)
{
    struct svc_stats_query q = {http_query(c->r, "unit"), http_query(c->r, "from"),
                                http_query(c->r, "to"), NULL};
    struct svc_stats_indices x;
    if (svc_stats_indices(c->svc, c->actor, c->arena, &q, &x, &c->e))
        return API_FAILED;
    json_t *rows = json_array();
    for (int i = 0; i < x.nsteps; i++)
        json_array_append_new(rows, step_json(&x.steps[i]));
    json_t *ind2 = jpack("{s:s, s:s, s:o, s:o}", "label",
                         "Thời gian giải quyết của từng cơ quan (Thông tư 01/2018, chỉ số 2)",
                         "formula", "points = (2 * early + on_time) / steps", "units", rows,
                         "total", step_json(&x.steps_total));
    return api_json(c, 200,
                    jpack("{s:s, s:s, s:s, s:s, s:I, s:o, s:o}", "unit", x.unit_key, "unit_name",
                          x.unit_name, "from", x.from, "to", x.to, "period_end",
                          (json_int_t)x.period_end, "decision766_2_1", d766_json(&x.d766),
                          "circular01_indicator2", ind2));
}

static json_t *inputs_json(const struct svc_stats_input *in, int n, json_t **labels)
{
    json_t *inputs = json_object();
    *labels = json_object();
    for (int i = 0; i < n; i++) {
        json_object_set_new(inputs, in[i].key, json_integer(in[i].value));
        json_object_set_new(*labels, in[i].key, json_string(in[i].label));
    }
    return inputs;
}

static json_t *figure_json(const struct svc_stats_figure *f)
{
    json_t *labels;
    json_t *inputs = inputs_json(f->inputs, f->ninputs, &labels);
    json_t *j =
        jpack("{s:s, s:s, s:s, s:s, s:s, s:o, s:I, s:I, s:o, s:o}", "key", f->key, "group",
              f->group, "indicator", f->indicator, "label", f->label, "formula", f->formula,
              "value", number_or_null(f->value), "numerator", (json_int_t)f->numerator,
              "denominator", (json_int_t)f->denominator, "inputs", inputs, "input_labels", labels);
    json_object_set_new(j, "goal", f->goal > 0 ? json_real(f->goal) : json_null());
    json_object_set_new(j, "met", f->goal > 0 ? json_boolean(f->met) : json_null());
    return j;
}

/* Indicators averaged over dossiers (Art. 14) say how many; the others over what they are. */
static int per_dossier(int indicator)
{
    return indicator == 1 || indicator == 3 || indicator == 4 || indicator == 6 || indicator == 7;
}

static json_t *indicator_json(const struct svc_stats_grading *g, int i)
{
    const struct svc_stats_c01 *d = &g->detail[i];
    json_t *labels;
    json_t *inputs = inputs_json(d->inputs, d->ninputs, &labels);
    json_t *j = jpack("{s:o, s:I, s:o, s:o, s:s, s:s}", "score", number_or_null(g->score[i]),
                      "basis", (json_int_t)g->basis[i], "inputs", inputs, "input_labels", labels,
                      "rule", d->rule ? d->rule : "", "note", d->note ? d->note : "");
    if (per_dossier(i))
        json_object_set_new(j, "dossiers", json_integer(g->basis[i]));
    return j;
}

static json_t *grading_json(const struct svc_stats_grading *g)
{
    json_t *ind = json_object();
    for (int i = 1; i < SVC_C01_INDICATORS; i++) {
        char k[4];
        snprintf(k, sizeof k, "%d", i);
        json_object_set_new(ind, k, indicator_json(g, i));
    }
    json_t *j = jpack(
        "{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:s}", "unit", g->key, "label", g->label, "tier",
        g->tier, "indicators", ind, "staff_score", number_or_null(g->staff_score), "staff_band",
        g->staff_band ? json_string(g->staff_band) : json_null(), "total", number_or_null(g->total),
        "grade", g->grade ? json_string(g->grade) : json_null(), "missing", g->missing);
    json_object_set_new(j, "gradable", json_boolean(g->grade != NULL));
    return j;
}

static int send_evaluation_export(struct api_call *c, const struct svc_stats_evaluation *v,
                                  const char *format)
{
    struct buf *out = buf_in_arena(c->arena, MAX_EXPORT);
    const char *type = NULL, *name = NULL;
    int rc = svc_stats_evaluation_export(v, http_query(c->r, "table"), format, c->arena, out, &type,
                                         &name, &c->e);
    return api_stats_send_file(c, rc, out, type, name);
}

int api_stats_evaluation(struct api_call *c)
{
    struct svc_stats_query q = {http_query(c->r, "unit"), http_query(c->r, "from"),
                                http_query(c->r, "to"), NULL};
    struct svc_stats_evaluation v;
    if (svc_stats_evaluation(c->svc, c->actor, c->arena, &q, &v, &c->e))
        return API_FAILED;
    const char *format = http_query(c->r, "format");
    if (format && *format && strcmp(format, "json") != 0)
        return send_evaluation_export(c, &v, format);
    json_t *figures = json_array(), *units = json_array(), *incomplete = json_array();
    for (int i = 0; i < v.nfigures; i++)
        json_array_append_new(figures, figure_json(&v.figures[i]));
    for (int i = 0; i < v.nunits; i++)
        json_array_append_new(units, grading_json(&v.units[i]));
    for (int i = 0; i < v.nincomplete; i++)
        json_array_append_new(incomplete,
                              jpack("{s:s, s:s, s:s}", "code", v.incomplete[i].code, "name",
                                    v.incomplete[i].name, "missing", v.incomplete[i].missing));
    json_t *c01 = jpack("{s:s, s:s, s:o, s:o}", "staff_formula",
                        "indicator 1 + indicator 3 + indicator 7", "agency_formula",
                        "indicator 1 + ... + indicator 9 (1-4, 6, 7 averaged per dossier; 5, "
                        "8, 9 per unit)",
                        "units", units, "total", grading_json(&v.total));
    return api_json(c, 200,
                    jpack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "unit", v.unit_key, "unit_name",
                          v.unit_name, "from", v.from, "to", v.to, "decision766", figures,
                          "incomplete_procedures", incomplete, "circular01", c01));
}
