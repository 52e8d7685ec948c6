/* stats_evaluation.c — the evaluation figures the system's own data can give (see
 * svc_stats_evaluation.h). The Decision 766 figures and the per-dossier Circular 01/2018
 * indicators (1, 3, 4, 6, 7) come from the per-unit counter report (the same one the dashboard
 * shows) and the catalogue as in force at the period end; the rest of the grading from small
 * per-unit reads: each unit's reception assignments with the step plan a dossier would get
 * (indicator 5, online modes for 9), feedback falling due in the period (8), online dossiers
 * resolved late from the counters (9) and the step counters /api/v1/stats/indices reads (2) —
 * nothing that reads the period's dossiers.
 * Where a rule cannot be applied the indicator is marked missing with the reason, never
 * guessed. */
#include "stats_internal.h"
#include "svc_stats_evaluation.h"

#include "feedback_store.h"
#include "stats_store.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define MAX_FIGURES 12

/* Staff are scored on the indicators that concern the person who handles the dossier: 1
 * (time), 3 (contacts) and 7 (attitude), at most 6 points, matching the staff bands of
 * Art. 15. */
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

/* What the grading needs of a unit beyond its counter row. */
struct unit_facts {
    int64_t procedures, appraised, online_procedures; /* received procedures in force */
    int64_t online_late;                              /* from the counters */
    struct feedback_unit_stats feedback;
    struct svc_stats_step_row steps; /* indicator 2 of the dossiers it received */
};

struct eval_ctx {
    struct svc *s;
    const struct actor *a;
    const struct svc_stats_query *q;
    struct arena *ar;
    struct svc_stats_evaluation *out;
    struct stats_scope sc;
    struct unit_facts *facts; /* by index in sc.tree */
    struct svc_stats_step_row steps_total;
    int64_t feedback_dossiers; /* Decision 766 5.4: dossiers with feedback, scope total */
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

/* The word for an operator of a formula, or NULL. */
static const char *operator_word(char c)
{
    switch (c) {
    case '+':
        return "cộng";
    case '-':
        return "trừ";
    case '*':
        return "nhân";
    case '/':
        return "chia cho";
    default:
        return NULL;
    }
}

const char *svc_stats_formula_words(struct arena *ar, const struct svc_stats_figure *f)
{
    const char *out = "";
    for (const char *p = f->formula; p && *p;) {
        size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz_");
        const char *word = NULL;
        if (n) {
            for (int i = 0; i < f->ninputs && !word; i++)
                if (strlen(f->inputs[i].key) == n && strncmp(f->inputs[i].key, p, n) == 0)
                    word = arena_printf(ar, "số %s", f->inputs[i].label);
            out = arena_printf(ar, "%s%s", out, word ? word : arena_strndup(ar, p, n));
            p += n;
        } else if ((word = operator_word(*p)) != NULL) {
            out = arena_printf(ar, "%s%s", out, word);
            p++;
        } else {
            out = arena_printf(ar, "%s%c", out, *p);
            p++;
        }
    }
    return out;
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
    struct procedure j;
    struct err ignore = {0};
    if (proc_parse(ar, body, &j, &ignore) != 0)
        j = (struct procedure){.time_limit.value = PROC_UNKNOWN};
    struct {
        const char *label;
        int present;
    } parts[] = {
        {"tên", j.name && *j.name},
        {"trình tự thực hiện", j.nsteps > 0},
        {"cách thức thực hiện", j.channels.n > 0},
        {"thành phần hồ sơ", j.ncomponents > 0},
        {"thời hạn giải quyết", j.time_limit.value != PROC_UNKNOWN},
        {"đối tượng thực hiện", j.subjects.n > 0},
        {"cơ quan thực hiện", j.implementing.n > 0},
    };
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

static void counter_figures(struct svc_stats_evaluation *v, const struct svc_stats_row *t,
                            int64_t feedback_dossiers)
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
               "Mức độ hài lòng trong giải quyết hồ sơ (100% − % quá hạn − % có phản ánh, kiến "
               "nghị hoặc không hài lòng)",
               "(resolved - late - dissatisfied - feedback_dossiers) / resolved * 100", 90);
    input(f, "resolved", "hồ sơ giải quyết xong trong kỳ", t->resolved);
    input(f, "late", "hồ sơ giải quyết quá hạn", n->late);
    input(f, "dissatisfied", "đánh giá không hài lòng", n->dissatisfied);
    input(f, "feedback_dossiers",
          "hồ sơ có phản ánh, kiến nghị trong kỳ (chưa tính là không hài lòng)", feedback_dossiers);
    int64_t good = t->resolved - n->late - n->dissatisfied - feedback_dossiers;
    ratio(f, good > 0 ? good : 0, t->resolved);
    f = figure(v, "satisfied_ratings", "satisfaction", "5.4",
               "Đánh giá hài lòng trên tổng số đánh giá", "satisfied / rated * 100", 0);
    input(f, "satisfied", "đánh giá hài lòng", n->satisfied);
    input(f, "neutral", "đánh giá bình thường", n->neutral);
    input(f, "dissatisfied", "đánh giá không hài lòng", n->dissatisfied);
    input(f, "rated", "đánh giá nhận được trong kỳ", n->rated);
    ratio(f, n->satisfied, n->rated);
}

/* The first day without districts: Decree 118/2025 (two-tier local government). */
#define NO_DISTRICTS_FROM "2025-07-01"

double svc_stats_c01_one_stop(const char *tier, const char *to, int64_t appraised,
                              int64_t procedures, const char **note)
{
    *note = "";
    int commune = strcmp(tier, "commune") == 0, district = strcmp(tier, "district") == 0;
    if (!commune && !district) {
        *note = "Điều 13 chỉ quy định mức cho cấp huyện và cấp xã";
        return -1;
    }
    if (district && strcmp(to, NO_DISTRICTS_FROM) >= 0) {
        *note = "từ 01/07/2025 không còn cấp huyện (Nghị định 118/2025/NĐ-CP): không có mức "
                "áp dụng cho đơn vị cấp huyện";
        return -1;
    }
    if (!procedures) {
        *note = "đơn vị không được giao tiếp nhận thủ tục nào đang có hiệu lực";
        return -1;
    }
    *note = "mức 1 điểm không được quy định: không đạt là 0 điểm (cần đối chiếu văn bản)";
    return (commune ? appraised == procedures : appraised * 2 >= procedures) ? 2 : 0;
}

double svc_stats_c01_feedback(int64_t on_time, int64_t late, const char **note)
{
    *note = "";
    if (!on_time && !late) {
        *note = "không có phản ánh, kiến nghị đến hạn trong kỳ: tính 2 điểm (quy ước của hệ "
                "thống, cần đối chiếu văn bản)";
        return 2;
    }
    return !late ? 2 : on_time * 10 >= (on_time + late) * 9 ? 1 : 0;
}

double svc_stats_c01_online(int64_t online_procedures, int64_t procedures, int64_t online,
                            int64_t received, int64_t online_late, const char **note)
{
    *note = "";
    if (!procedures || !received) {
        *note = !procedures ? "đơn vị không được giao tiếp nhận thủ tục nào đang có hiệu lực"
                            : "không tiếp nhận hồ sơ nào trong kỳ";
        return -1;
    }
    int procedures_ok = online_procedures * 5 >= procedures;
    if (procedures_ok && online * 10 >= received * 3 && !online_late)
        return 2;
    return procedures_ok && online * 100 >= received * 15 ? 1 : 0;
}

static double one_decimal(double v)
{
    return (double)(int64_t)(v * 10 + 0.5) / 10;
}

static void detail_input(struct svc_stats_c01 *d, const char *key, const char *label, int64_t value)
{
    d->inputs[d->ninputs++] = (struct svc_stats_input){key, label, value};
}

static void set_score(struct svc_stats_grading *g, int i, double score, int64_t basis,
                      const char *rule, const char *note)
{
    g->score[i] = score;
    g->basis[i] = basis;
    g->detail[i].rule = rule;
    g->detail[i].note = note ? note : "";
}

/* Indicators 1, 3, 4, 6, 7: averages of the per-dossier scores the counters hold. */
static void per_dossier_scores(const struct svc_stats_row *r, struct svc_stats_grading *g)
{
    static const char *const item_keys[SVC_NITEMS] = {"contacts", "bodies", "information",
                                                      "attitude"};
    set_score(g, 1, r->indicator1, r->resolved,
              "(2 × trước hạn + 1 × đúng hạn + 0 × quá hạn) ÷ hồ sơ giải quyết xong",
              r->resolved ? "" : "không có hồ sơ giải quyết xong trong kỳ");
    struct svc_stats_c01 *d = &g->detail[1];
    detail_input(d, "early", "hồ sơ trước hạn", r->n.early);
    detail_input(d, "on_time", "hồ sơ đúng hạn", r->n.on_time);
    detail_input(d, "late", "hồ sơ quá hạn", r->n.late);
    for (int i = 0; i < SVC_NITEMS; i++) {
        int k = item_indicator[i];
        set_score(g, k, r->item_avg[i], r->n.item_n[i],
                  "tổng điểm người dân chấm (2 / 1 / 0) ÷ số đánh giá có chấm chỉ số",
                  r->n.item_n[i] ? "" : "không có đánh giá nào chấm chỉ số này trong kỳ");
        d = &g->detail[k];
        detail_input(d, item_keys[i], "đánh giá có chấm chỉ số", r->n.item_n[i]);
        detail_input(d, "sum", "tổng điểm", r->n.item_sum[i]);
    }
}

/* Indicator 2: the step timings of the dossiers received, as /api/v1/stats/indices. */
static void step_score(struct svc_stats_grading *g, struct svc_stats_step_row *st)
{
    stats_steps_finish(st);
    set_score(g, 2, st->points, st->steps,
              "(2 × bước trước hạn + 1 × bước đúng hạn) ÷ bước xử lý xong trong kỳ",
              st->steps ? "" : "không có bước xử lý nào xong trong kỳ");
    struct svc_stats_c01 *d = &g->detail[2];
    detail_input(d, "steps", "bước xử lý xong trong kỳ", st->steps);
    detail_input(d, "early", "bước trước hạn", st->early);
    detail_input(d, "on_time", "bước đúng hạn", st->on_time);
    detail_input(d, "late", "bước quá hạn", st->late);
}

static void one_stop_score(struct svc_stats_grading *g, const struct unit_facts *f, const char *to)
{
    const char *note;
    double v = svc_stats_c01_one_stop(g->tier, to, f->appraised, f->procedures, &note);
    set_score(g, 5, v, f->procedures,
              "cấp xã: 100% thủ tục được thẩm định tại Bộ phận Một cửa = 2 điểm; cấp huyện: "
              "từ 50% = 2 điểm; không đạt = 0",
              note);
    detail_input(&g->detail[5], "appraised", "thủ tục thẩm định tại Bộ phận Một cửa", f->appraised);
    detail_input(&g->detail[5], "procedures", "thủ tục đơn vị tiếp nhận, đang có hiệu lực",
                 f->procedures);
}

static void feedback_score(struct svc_stats_grading *g, const struct unit_facts *f)
{
    const struct feedback_unit_stats *b = &f->feedback;
    const char *note;
    double v = svc_stats_c01_feedback(b->on_time, b->late, &note);
    set_score(g, 8, v, b->on_time + b->late,
              "100% phản ánh, kiến nghị đến hạn được trả lời đúng hạn = 2; từ 90% = 1; dưới 90% "
              "= 0 (chưa trả lời mà đã quá hạn là trễ hạn)",
              note);
    detail_input(&g->detail[8], "on_time", "trả lời đúng hạn", b->on_time);
    detail_input(&g->detail[8], "late", "trả lời trễ hạn hoặc quá hạn chưa trả lời", b->late);
    detail_input(&g->detail[8], "pending", "chưa trả lời, chưa đến hạn (không tính)", b->pending);
}

static void online_score(struct svc_stats_grading *g, const struct svc_stats_row *r,
                         const struct unit_facts *f)
{
    const char *note;
    double v = svc_stats_c01_online(f->online_procedures, f->procedures, r->n.online, r->n.received,
                                    f->online_late, &note);
    set_score(g, 9, v, r->n.received,
              "từ 20% thủ tục trực tuyến (toàn trình hoặc một phần) và từ 30% hồ sơ trực tuyến, "
              "không hồ sơ trực tuyến nào quá hạn = 2; từ 20% thủ tục và từ 15% hồ sơ = 1; "
              "còn lại = 0",
              note);
    struct svc_stats_c01 *d = &g->detail[9];
    detail_input(d, "online_procedures", "thủ tục trực tuyến toàn trình hoặc một phần",
                 f->online_procedures);
    detail_input(d, "procedures", "thủ tục đơn vị tiếp nhận, đang có hiệu lực", f->procedures);
    detail_input(d, "online", "hồ sơ nộp trực tuyến", r->n.online);
    detail_input(d, "received", "hồ sơ tiếp nhận trong kỳ", r->n.received);
    detail_input(d, "online_late", "hồ sơ trực tuyến giải quyết quá hạn", f->online_late);
}

/* Art. 15: the staff score and band, then the agency total and band when all nine are
 * there, else the list of what is missing. */
static void conclude(struct arena *ar, struct svc_stats_grading *g)
{
    g->staff_score = 0;
    for (size_t i = 0; i < sizeof staff_indicators / sizeof staff_indicators[0]; i++)
        g->staff_score = g->score[staff_indicators[i]] < 0 || g->staff_score < 0
                             ? -1
                             : g->staff_score + g->score[staff_indicators[i]];
    if (g->staff_score >= 0) {
        g->staff_score = one_decimal(g->staff_score);
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
    g->total = *missing ? -1 : one_decimal(total);
    g->grade = *missing ? NULL : svc_stats_agency_band(g->total);
}

static void start_grading(const struct svc_stats_row *r, struct svc_stats_grading *g,
                          const char *tier)
{
    *g = (struct svc_stats_grading){.key = r->key, .label = r->label, .tier = tier};
    for (int i = 0; i < SVC_C01_INDICATORS; i++)
        g->score[i] = -1;
    per_dossier_scores(r, g);
}

static int unit_index(const struct stats_scope *sc, int64_t id)
{
    for (int i = 0; i < sc->tree.n; i++)
        if (sc->tree.units[i].id == id)
            return i;
    return -1;
}

static int unit_index_of_key(const struct stats_scope *sc, const char *key)
{
    for (int i = 0; i < sc->tree.n; i++)
        if (strcmp(sc->tree.units[i].key, key) == 0)
            return i;
    return -1;
}

static void grade_unit(struct eval_ctx *x, const struct svc_stats_row *r,
                       struct svc_stats_grading *g)
{
    static const struct unit_facts none;
    int u = unit_index_of_key(&x->sc, r->key);
    const struct org_unit *admin =
        u < 0 ? NULL : org_tree_admin(&x->sc.tree, x->sc.tree.units[u].id);
    const struct unit_facts *f = u < 0 ? &none : &x->facts[u];
    struct svc_stats_step_row steps = f->steps;
    start_grading(r, g, admin ? admin->level : "");
    step_score(g, &steps);
    one_stop_score(g, f, x->out->to);
    feedback_score(g, f);
    online_score(g, r, f);
    conclude(x->ar, g);
}

/* The total pools the dossiers of the per-dossier indicators (1–4, 6, 7) and averages the
 * units' scores of the per-unit ones (5, 8, 9), whose inputs it sums. */
static void grade_total(struct eval_ctx *x, const struct svc_stats_row *r,
                        struct svc_stats_grading *g)
{
    struct svc_stats_evaluation *v = x->out;
    start_grading(r, g, "");
    step_score(g, &x->steps_total);
    static const int per_unit[] = {5, 8, 9};
    for (size_t k = 0; k < sizeof per_unit / sizeof per_unit[0]; k++) {
        int ind = per_unit[k], scored = 0;
        double sum = 0;
        struct svc_stats_c01 *d = &g->detail[ind];
        for (int i = 0; i < v->nunits; i++) {
            const struct svc_stats_grading *ug = &v->units[i];
            if (ug->score[ind] >= 0) {
                scored++;
                sum += ug->score[ind];
            }
            for (int j = 0; j < ug->detail[ind].ninputs; j++) {
                if (i == 0)
                    d->inputs[d->ninputs++] = ug->detail[ind].inputs[j];
                else
                    d->inputs[j].value += ug->detail[ind].inputs[j].value;
            }
        }
        set_score(g, ind, scored ? one_decimal(sum / scored) : -1, scored,
                  "bình quân điểm của các đơn vị được chấm chỉ số này",
                  arena_printf(x->ar, "%d / %d đơn vị được chấm", scored, v->nunits));
    }
    conclude(x->ar, g);
}

/* Indicator 5: appraised at the one-stop section when, in the step plan a dossier received
 * at `unit` would get (the routing of live dossiers), every step but the leader's approval is
 * done at the unit itself and names no external agency and no transfer to another level. */
static int appraised_at_section(struct db_conn *c, struct arena *ar, const struct org_tree *t,
                                const struct procedure *body, int64_t procedure_id, int64_t unit,
                                int *yes, struct err *e)
{
    struct dossier_plan plan;
    int rc = dossier_plan_steps(c, ar, t, body, procedure_id, unit, &plan, e);
    if (rc)
        return rc;
    int own = body->nsteps >= 2; /* else the plan is the default one */
    *yes = 1;
    for (int i = 0; i < plan.n && *yes; i++) {
        const struct proc_step *st = own && i < body->nsteps ? &body->steps[i] : NULL;
        int away = st && ((st->external_agency && *st->external_agency) || st->transfer_to_level);
        if (strcmp(plan.steps[i].role, "leader") != 0 && (plan.steps[i].unit_id != unit || away))
            *yes = 0;
    }
    return 0;
}

static int reception_facts(struct eval_ctx *x, struct db_conn *c, const struct stats_procedure *p,
                           int np, struct err *e)
{
    struct stats_reception *rec = NULL;
    int n = 0;
    int rc = stats_receptions(c, x->ar, &rec, &n, e);
    struct procedure **bodies = arena_alloc(x->ar, sizeof *bodies * (size_t)(np ? np : 1));
    for (int i = 0; !rc && i < n; i++) {
        int u = unit_index(&x->sc, rec[i].unit_id);
        const struct stats_procedure *pr = stats_procedure_find(p, np, rec[i].code);
        if (u < 0 || !x->sc.in[u] || !pr || !pr->in_force)
            continue;
        struct unit_facts *f = &x->facts[u];
        struct procedure **body = &bodies[pr - p];
        if (!*body &&
            (rc = proc_parse(x->ar, pr->body, *body = arena_alloc(x->ar, sizeof **body), e)) != 0)
            break;
        int yes = 0;
        rc = appraised_at_section(c, x->ar, &x->sc.tree, *body, rec[i].procedure_id, rec[i].unit_id,
                                  &yes, e);
        f->procedures++;
        f->appraised += yes;
        f->online_procedures += strcmp(pr->online_mode, "none") != 0;
    }
    return rc;
}

static int feedback_facts(struct eval_ctx *x, struct db_conn *c, struct err *e)
{
    struct feedback_unit_stats *fb = NULL;
    int n = 0;
    int rc = feedback_unit_stats(c, x->ar, x->sc.from_at, x->sc.to_at, svc_now(), &fb, &n, e);
    for (int i = 0; !rc && i < n; i++) {
        int u = unit_index(&x->sc, fb[i].unit_id);
        if (u < 0 || !x->sc.in[u])
            continue;
        x->facts[u].feedback = fb[i];
        x->feedback_dossiers += fb[i].dossiers;
    }
    return rc;
}

static int online_late_facts(struct eval_ctx *x, struct db_conn *c, struct err *e)
{
    struct stats_unit_count *late = NULL;
    int n = 0;
    int rc = stats_online_late(c, x->ar, x->sc.from, x->sc.to, &late, &n, e);
    for (int i = 0; !rc && i < n; i++) {
        int u = unit_index(&x->sc, late[i].unit_id);
        if (u >= 0)
            x->facts[u].online_late = late[i].n;
    }
    return rc;
}

/* The step counters of the scope, per receiving unit, as /api/v1/stats/indices reads them
 * per acting unit, so the totals agree. */
static int step_facts(struct eval_ctx *x, struct db_conn *c, struct err *e)
{
    struct stats_step_cell *cells = NULL;
    int n = 0;
    int rc = stats_scope_steps(c, x->ar, &x->sc, &cells, &n, e);
    for (int i = 0; !rc && i < n; i++) {
        int u = unit_index(&x->sc, cells[i].unit_id);
        if (u >= 0)
            stats_steps_add(&x->facts[u].steps, &cells[i]);
        stats_steps_add(&x->steps_total, &cells[i]);
    }
    return rc;
}

static int evaluation_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct eval_ctx *x = ctx;
    struct stats_procedure *procs = NULL;
    int np = 0;
    int rc =
        stats_scope_open(x->s, c, x->ar, x->a, x->q->unit_key, x->q->from, x->q->to, &x->sc, e);
    if (!rc)
        rc = stats_procedures(c, x->ar, x->sc.to, &procs, &np, e);
    if (rc)
        return rc;
    catalogue_figures(x, procs, np);
    x->facts = arena_alloc(x->ar, sizeof *x->facts * (size_t)(x->sc.tree.n ? x->sc.tree.n : 1));
    rc = reception_facts(x, c, procs, np, e);
    if (!rc)
        rc = feedback_facts(x, c, e);
    if (!rc)
        rc = online_late_facts(x, c, e);
    return rc ? rc : step_facts(x, c, e);
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
    out->place = rep.place;
    out->from = rep.from;
    out->to = rep.to;
    out->figures = arena_alloc(ar, sizeof *out->figures * MAX_FIGURES);
    struct eval_ctx x = {.s = s, .a = a, .q = &by_unit, .ar = ar, .out = out};
    rc = svc_report_read(s, evaluation_tx, &x, e);
    if (rc)
        return rc;
    counter_figures(out, &rep.total, x.feedback_dossiers);
    out->units = arena_alloc(ar, sizeof *out->units * (size_t)(rep.nrows ? rep.nrows : 1));
    for (int i = 0; i < rep.nrows; i++)
        grade_unit(&x, &rep.rows[i], &out->units[out->nunits++]);
    grade_total(&x, &rep.total, &out->total);
    return 0;
}
