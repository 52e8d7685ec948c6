/* stats_evaluation.c — the evaluation figures the system's own data can give (see
 * svc_stats_evaluation.h). Everything comes from the per-unit counter report (the same one the
 * dashboard shows) and the catalogue as in force at the period end, so the cost is that of
 * the counters, never of the dossiers. A figure is only given with the data it needs: where
 * the system records nothing (Circular 01/2018 indicators 2, 5, 8, 9 here; the DVCQG sync
 * rate of Decision 766) the figure is marked missing rather than guessed. */
#include "stats_internal.h"
#include "svc_stats_evaluation.h"

#include "stats_store.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define MAX_FIGURES 12

/* Indicators graded here and those that need data the system does not record. Staff are
 * scored on the indicators that concern the person who handles the dossier: 1 (time), 3
 * (contacts) and 7 (attitude), at most 6 points, matching the staff bands of Art. 15. */
static const int staff_indicators[] = {1, 3, 7};
/* Rated item i (svc_stats_item order) is Art. 13 indicator item_indicator[i]. */
static const int item_indicator[SVC_NITEMS] = {3, 4, 6, 7};

const char *svc_stats_agency_band(double total)
{
    return total >= 15   ? "Xuất sắc"
           : total >= 12 ? "Tốt"
           : total >= 9  ? "Khá"
           : total >= 6  ? "Trung bình"
                         : "Yếu";
}

const char *svc_stats_staff_band(double score)
{
    return score >= 5     ? "Hoàn thành 100% nhiệm vụ"
           : score >= 3.5 ? "Hoàn thành từ 70% đến dưới 100% nhiệm vụ"
                          : "Hoàn thành dưới 70% nhiệm vụ";
}

static double percent(int64_t num, int64_t den)
{
    return den ? (double)(int64_t)((double)num * 10000 / (double)den + 0.5) / 100 : -1;
}

struct eval_ctx {
    struct arena *ar;
    struct svc_stats_evaluation *out;
};

static struct svc_stats_figure *figure(struct svc_stats_evaluation *v, const char *key,
                                       const char *group, const char *indicator, const char *label,
                                       const char *formula, double goal)
{
    struct svc_stats_figure *f = &v->figures[v->nfigures++];
    *f = (struct svc_stats_figure){.key = key,
                                   .group = group,
                                   .indicator = indicator,
                                   .label = label,
                                   .formula = formula,
                                   .goal = goal};
    return f;
}

static void input(struct svc_stats_figure *f, const char *key, const char *label, int64_t value)
{
    f->inputs[f->ninputs++] = (struct svc_stats_input){key, label, value};
}

static void ratio(struct svc_stats_figure *f, int64_t num, int64_t den)
{
    f->numerator = num;
    f->denominator = den;
    f->value = percent(num, den);
    f->met = f->goal > 0 && f->value >= f->goal;
}

/* What Decision 766 indicator 1.3 needs published (Decree 63/2010 Art. 8(2)) and is absent
 * from a procedure's catalogue entry, as a readable list ("" when complete). */
static const char *missing_publicity(struct arena *ar, const char *body)
{
    json_t *j = json_loads(body, 0, NULL);
    struct {
        const char *label;
        int present;
    } parts[] = {
        {"tên", json_string_length(json_object_get(j, "name")) > 0},
        {"trình tự thực hiện", json_array_size(json_object_get(j, "steps")) > 0},
        {"cách thức thực hiện", json_array_size(json_object_get(j, "channels")) > 0},
        {"thành phần hồ sơ", json_array_size(json_object_get(j, "components")) > 0},
        {"thời hạn giải quyết",
         json_is_integer(json_object_get(json_object_get(j, "time_limit"), "value"))},
        {"đối tượng thực hiện", json_array_size(json_object_get(j, "subjects")) > 0},
        {"cơ quan thực hiện",
         json_array_size(json_object_get(json_object_get(j, "agencies"), "implementing")) > 0},
    };
    json_decref(j);
    const char *out = "";
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (!parts[i].present)
            out = arena_printf(ar, "%s%s%s", out, *out ? ", " : "", parts[i].label);
    return out;
}

static void catalogue_figures(struct eval_ctx *x, const struct stats_procedure *p, int np)
{
    struct svc_stats_evaluation *v = x->out;
    int64_t in_force = 0, full = 0, partial = 0, complete = 0;
    v->incomplete = arena_alloc(x->ar, sizeof *v->incomplete * (size_t)(np ? np : 1));
    for (int i = 0; i < np; i++) {
        if (!p[i].in_force)
            continue;
        in_force++;
        full += strcmp(p[i].online_mode, "full") == 0;
        partial += strcmp(p[i].online_mode, "partial") == 0;
        const char *missing = missing_publicity(x->ar, p[i].body);
        if (!*missing)
            complete++;
        else
            v->incomplete[v->nincomplete++] =
                (struct svc_stats_incomplete){p[i].code, p[i].name, missing};
    }
    struct svc_stats_figure *f = figure(v, "published_complete", "publicity", "1.3",
                                        "Thủ tục công bố, công khai đầy đủ các bộ phận",
                                        "procedures_complete / procedures_in_force * 100", 0);
    input(f, "procedures_complete",
          "thủ tục có đủ tên, trình tự, cách thức, thành phần hồ sơ, "
          "thời hạn, đối tượng, cơ quan thực hiện",
          complete);
    input(f, "procedures_in_force", "thủ tục đang có hiệu lực", in_force);
    ratio(f, complete, in_force);
    f = figure(v, "online_procedures", "online", "3.1",
               "Thủ tục cung cấp dịch vụ công trực tuyến (toàn trình và một phần)",
               "(full + partial) / procedures_in_force * 100", 80);
    input(f, "full", "thủ tục trực tuyến toàn trình", full);
    input(f, "partial", "thủ tục trực tuyến một phần", partial);
    input(f, "procedures_in_force", "thủ tục đang có hiệu lực", in_force);
    ratio(f, full + partial, in_force);
    f = figure(v, "online_full_procedures", "online", "3.1",
               "Thủ tục cung cấp dịch vụ công trực tuyến toàn trình",
               "full / procedures_in_force * 100", 0);
    input(f, "full", "thủ tục trực tuyến toàn trình", full);
    input(f, "procedures_in_force", "thủ tục đang có hiệu lực", in_force);
    ratio(f, full, in_force);
    f = figure(v, "online_partial_procedures", "online", "3.1",
               "Thủ tục cung cấp dịch vụ công trực tuyến một phần",
               "partial / procedures_in_force * 100", 0);
    input(f, "partial", "thủ tục trực tuyến một phần", partial);
    input(f, "procedures_in_force", "thủ tục đang có hiệu lực", in_force);
    ratio(f, partial, in_force);
}

static void counter_figures(struct svc_stats_evaluation *v, const struct svc_stats_row *t)
{
    const struct svc_stats_counts *n = &t->n;
    struct svc_stats_figure *f =
        figure(v, "online_dossiers", "online", "3.3", "Hồ sơ tiếp nhận trực tuyến",
               "online / received * 100", 50);
    input(f, "online", "hồ sơ nộp trực tuyến", n->online);
    input(f, "received", "hồ sơ tiếp nhận trong kỳ", n->received);
    ratio(f, n->online, n->received);
    f = figure(v, "e_result", "digitisation", "4.1", "Hồ sơ có kết quả điện tử",
               "e_result / resolved * 100", 0);
    input(f, "e_result", "hồ sơ có tệp kết quả khi giải quyết xong", n->e_result);
    input(f, "resolved", "hồ sơ giải quyết xong trong kỳ", t->resolved);
    ratio(f, n->e_result, t->resolved);
    f = figure(v, "digitised", "digitisation", "4.2",
               "Hồ sơ số hóa thành phần và có kết quả điện tử", "fully_digitised / resolved * 100",
               80);
    input(f, "fully_digitised", "hồ sơ có tệp thành phần và tệp kết quả", n->fully_digitised);
    input(f, "digitised", "hồ sơ có tệp thành phần", n->digitised);
    input(f, "resolved", "hồ sơ giải quyết xong trong kỳ", t->resolved);
    ratio(f, n->fully_digitised, t->resolved);
    f = figure(v, "satisfaction", "satisfaction", "5.4",
               "Mức độ hài lòng trong giải quyết hồ sơ (100% − % quá hạn − % không hài lòng)",
               "(resolved - late - dissatisfied) / resolved * 100", 90);
    input(f, "resolved", "hồ sơ giải quyết xong trong kỳ", t->resolved);
    input(f, "late", "hồ sơ giải quyết quá hạn", n->late);
    input(f, "dissatisfied", "đánh giá không hài lòng", n->dissatisfied);
    int64_t good = t->resolved - n->late - n->dissatisfied;
    ratio(f, good > 0 ? good : 0, t->resolved);
    f = figure(v, "satisfied_ratings", "satisfaction", "5.4",
               "Đánh giá hài lòng trên tổng số đánh giá", "satisfied / rated * 100", 0);
    input(f, "satisfied", "đánh giá hài lòng", n->satisfied);
    input(f, "neutral", "đánh giá bình thường", n->neutral);
    input(f, "dissatisfied", "đánh giá không hài lòng", n->dissatisfied);
    input(f, "rated", "đánh giá nhận được trong kỳ", n->rated);
    ratio(f, n->satisfied, n->rated);
}

/* Art. 15 for one unit: the averages the counters give, then the bands when every indicator
 * each band needs is there, else the list of what is missing. */
static void grade(struct arena *ar, const struct svc_stats_row *r, struct svc_stats_grading *g)
{
    *g = (struct svc_stats_grading){.key = r->key, .label = r->label};
    for (int i = 0; i < SVC_C01_INDICATORS; i++)
        g->score[i] = -1;
    g->score[1] = r->indicator1;
    g->basis[1] = r->resolved;
    for (int i = 0; i < SVC_NITEMS; i++) {
        g->score[item_indicator[i]] = r->item_avg[i];
        g->basis[item_indicator[i]] = r->n.item_n[i];
    }
    g->staff_score = 0;
    for (size_t i = 0; i < sizeof staff_indicators / sizeof staff_indicators[0]; i++)
        g->staff_score = g->score[staff_indicators[i]] < 0 || g->staff_score < 0
                             ? -1
                             : g->staff_score + g->score[staff_indicators[i]];
    if (g->staff_score >= 0) {
        g->staff_score = (double)(int64_t)(g->staff_score * 10 + 0.5) / 10;
        g->staff_band = svc_stats_staff_band(g->staff_score);
    }
    const char *missing = "";
    double total = 0;
    for (int i = 1; i < SVC_C01_INDICATORS; i++) {
        if (g->score[i] < 0)
            missing = arena_printf(ar, "%s%s%d", missing, *missing ? ", " : "", i);
        else
            total += g->score[i];
    }
    g->missing = missing;
    g->total = *missing ? -1 : (double)(int64_t)(total * 10 + 0.5) / 10;
    g->grade = *missing ? NULL : svc_stats_agency_band(g->total);
}

static int catalogue_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct eval_ctx *x = ctx;
    struct stats_procedure *procs = NULL;
    int np = 0;
    int rc = stats_procedures(c, x->ar, x->out->to, &procs, &np, e);
    if (!rc)
        catalogue_figures(x, procs, np);
    return rc;
}

int svc_stats_evaluation(struct svc *s, const struct actor *a, struct arena *ar,
                         const struct svc_stats_query *q, struct svc_stats_evaluation *out,
                         struct err *e)
{
    memset(out, 0, sizeof *out);
    struct svc_stats_query by_unit = *q;
    struct svc_stats_report rep;
    by_unit.group = "unit";
    int rc = svc_stats_report(s, a, ar, &by_unit, &rep, e);
    if (rc)
        return rc;
    out->unit_key = rep.unit_key;
    out->unit_name = rep.unit_name;
    out->from = rep.from;
    out->to = rep.to;
    out->figures = arena_alloc(ar, sizeof *out->figures * MAX_FIGURES);
    struct eval_ctx x = {ar, out};
    rc = db_with_conn(s->db, catalogue_tx, &x, e);
    if (rc)
        return rc;
    counter_figures(out, &rep.total);
    out->units = arena_alloc(ar, sizeof *out->units * (size_t)(rep.nrows ? rep.nrows : 1));
    for (int i = 0; i < rep.nrows; i++)
        grade(ar, &rep.rows[i], &out->units[out->nunits++]);
    grade(ar, &rep.total, &out->total);
    return 0;
}
