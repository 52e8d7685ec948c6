/* stats.c — /api/v1/stats: dossier statistics by unit, field, procedure, channel or month
 * read from the counters (ratings and digitisation included), as JSON or (format=csv|xlsx|pdf) as a
 * download with the same numbers; the dossiers behind a number (/stats/dossiers, paged); and the
 * 2020 report's targets with the inputs of each figure (/stats/targets). */
#include "api.h"
#include "jpack.h"
#include "api_stats.h"

#include "svc_stats.h"

#include <stdlib.h>
#include <string.h>

#define MAX_EXPORT (32u << 20)

static json_t *rate(double v)
{
    return v < 0 ? json_null() : json_real(v);
}

static const char *const item_keys[SVC_NITEMS] = {"contacts", "bodies", "information", "attitude"};

/* The rating counters: overall judgements, and per Art. 13 item the scores given, their sum
 * and average. */
static json_t *ratings_json(const struct svc_stats_row *r)
{
    const struct svc_stats_counts *n = &r->n;
    json_t *items = json_object();
    for (int i = 0; i < SVC_NITEMS; i++)
        json_object_set_new(items, item_keys[i],
                            jpack("{s:I, s:I, s:o}", "scored", (json_int_t)n->item_n[i], "sum",
                                  (json_int_t)n->item_sum[i], "average", rate(r->item_avg[i])));
    return jpack("{s:I, s:I, s:I, s:I, s:o}", "count", (json_int_t)n->rated, "satisfied",
                 (json_int_t)n->satisfied, "neutral", (json_int_t)n->neutral, "dissatisfied",
                 (json_int_t)n->dissatisfied, "items", items);
}

static json_t *row_json(const struct svc_stats_row *r)
{
    const struct svc_stats_counts *n = &r->n;
    json_t *j =
        jpack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "key", r->key, "label",
              r->label, "received", (json_int_t)n->received, "online", (json_int_t)n->online,
              "accepted", (json_int_t)n->accepted, "refused", (json_int_t)n->refused, "supplements",
              (json_int_t)n->supplements, "resolved", (json_int_t)r->resolved, "early",
              (json_int_t)n->early, "on_time", (json_int_t)n->on_time, "late", (json_int_t)n->late);
    json_object_set_new(j, "returned", json_integer(n->returned));
    json_object_set_new(j, "stopped", json_integer(n->stopped));
    json_object_set_new(j, "withdrawn", json_integer(n->withdrawn));
    json_object_set_new(j, "digitised", json_integer(n->digitised));
    json_object_set_new(j, "e_result", json_integer(n->e_result));
    json_object_set_new(j, "fully_digitised", json_integer(n->fully_digitised));
    json_object_set_new(j, "on_time_rate", rate(r->on_time_rate));
    json_object_set_new(j, "indicator1", rate(r->indicator1));
    json_object_set_new(j, "ratings", ratings_json(r));
    return j;
}

int api_stats_send_file(struct api_call *c, int rc, struct buf *out, const char *type,
                        const char *name)
{
    if (!rc)
        rc = http_resp_text(c->w, 200, type, buf_str(out), out->len);
    if (rc && !c->w->status) /* an empty c->e is a 500, as an unfinished file is */
        return http_resp_err(c->w, &c->e);
    http_resp_header(c->w, "Content-Disposition",
                     arena_printf(c->arena, "attachment; filename=\"%s\"", name));
    return 0;
}

static void read_query(struct http_req *r, struct svc_stats_query *q)
{
    q->unit_key = http_query(r, "unit");
    q->from = http_query(r, "from");
    q->to = http_query(r, "to");
    q->group = http_query(r, "group");
}

static int send_export(struct api_call *c, const struct svc_stats_report *rep, const char *format)
{
    struct buf *out = buf_in_arena(c->arena, MAX_EXPORT);
    const char *type = NULL, *name = NULL;
    int rc = svc_stats_export(rep, format, c->arena, out, &type, &name, &c->e);
    return api_stats_send_file(c, rc, out, type, name);
}

int api_stats(struct api_call *c)
{
    struct svc_stats_query q;
    struct svc_stats_report rep;
    read_query(c->r, &q);
    if (svc_stats_report(c->svc, c->actor, c->arena, &q, &rep, &c->e))
        return API_FAILED;
    const char *format = http_query(c->r, "format");
    if (format && *format && strcmp(format, "json") != 0)
        return send_export(c, &rep, format);
    json_t *rows = json_array();
    for (int i = 0; i < rep.nrows; i++)
        json_array_append_new(rows, row_json(&rep.rows[i]));
    return api_json(c, 200,
                    jpack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "unit", rep.unit_key, "unit_name",
                          rep.unit_name, "from", rep.from, "to", rep.to, "group", rep.group, "rows",
                          rows, "total", row_json(&rep.total)));
}

/* A positive integer query parameter, def when absent, -1 when malformed. */
static int int_param(struct http_req *r, const char *name, int def)
{
    const char *s = http_query(r, name);
    if (!s || !*s)
        return def;
    char *end = NULL;
    long v = strtol(s, &end, 10);
    return *end || v < 1 || v > 1000000 ? -1 : (int)v;
}

static json_t *opt_time(int64_t t)
{
    return t ? json_integer(t) : json_null();
}

static json_t *opt_score(int v)
{
    return v < 0 ? json_null() : json_integer(v);
}

/* A dossier's own Circular 01/2018 Art. 13 scores (null: not resolved, not rated, skipped). */
static json_t *scores_json(const struct svc_stats_dossier *d)
{
    json_t *j = jpack("{s:o, s:o}", "indicator1", opt_score(d->indicator1), "rating",
                      d->rating ? json_string(d->rating) : json_null());
    for (int i = 0; i < SVC_NITEMS; i++)
        json_object_set_new(j, item_keys[i], opt_score(d->items[i]));
    return j;
}

int api_stats_dossiers(struct api_call *c)
{
    struct svc_stats_drill q = {
        http_query(c->r, "unit"),   http_query(c->r, "procedure"),   http_query(c->r, "channel"),
        http_query(c->r, "from"),   http_query(c->r, "to"),          http_query(c->r, "timing"),
        int_param(c->r, "page", 1), int_param(c->r, "per_page", 50), http_query(c->r, "field")};
    struct svc_stats_dossier *ds = NULL;
    int n = 0, total = 0;
    if (svc_stats_dossiers(c->svc, c->actor, c->arena, &q, &ds, &n, &total, &c->e))
        return API_FAILED;
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        json_t *it =
            jpack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:o, s:o}", "code", ds[i].code,
                  "procedure_code", ds[i].procedure_code, "procedure_name", ds[i].procedure_name,
                  "channel", ds[i].channel, "state", ds[i].state, "unit", ds[i].unit_key, "timing",
                  ds[i].timing, "received_at", (json_int_t)ds[i].received_at, "due_at",
                  opt_time(ds[i].due_at), "finished_at", opt_time(ds[i].finished_at));
        json_object_set_new(it, "field", json_string(ds[i].field));
        json_object_set_new(it, "scores", scores_json(&ds[i]));
        json_array_append_new(items, it);
    }
    return api_json(c, 200,
                    jpack("{s:i, s:i, s:i, s:o}", "total", total, "page", q.page, "per_page",
                          q.per_page, "items", items));
}

int api_stats_targets(struct api_call *c)
{
    struct svc_stats_query q;
    struct svc_stats_target *t = NULL;
    int n = 0;
    read_query(c->r, &q);
    if (svc_stats_targets(c->svc, c->actor, c->arena, &q, &t, &n, &c->e))
        return API_FAILED;
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            items, jpack("{s:s, s:s, s:o, s:f, s:b, s:{s:s, s:I, s:s, s:I}}", "key", t[i].key,
                         "label", t[i].label, "value", rate(t[i].value), "goal", t[i].goal, "met",
                         t[i].met, "inputs", "numerator", t[i].num_label, "numerator_value",
                         (json_int_t)t[i].numerator, "denominator", t[i].den_label,
                         "denominator_value", (json_int_t)t[i].denominator));
    return api_json(c, 200, jpack("{s:o}", "targets", items));
}
