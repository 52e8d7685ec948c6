/* pages_ratings.c — the pages that follow the handling of a dossier. The rating form is the
 * same wherever it is shown: on the citizen's own dossier page once the result was returned,
 * and on /danh-gia/{code}, which a receptionist opens on a tablet at the counter and hands to
 * the citizen (the receptionist's session records it; the channel says "counter"). The
 * citizen's dossier page also lists the result files, downloaded through the dossier files
 * endpoint, and the postal handover. /phan-anh sends feedback and shows the answers. */
#include "pages_ratings.h"
#include "jpack.h"
#include "pages_payments.h"

#include "dossier_view.h"
#include "page.h"
#include "svc_feedback.h"
#include "svc_files.h"
#include "svc_postal.h"
#include "svc_ratings.h"

#include <stdlib.h>
#include <string.h>

static const struct {
    const char *value, *label;
} overall_options[] = {
    {"satisfied", "Hài lòng"},
    {"neutral", "Bình thường"},
    {"dissatisfied", "Không hài lòng"},
};

/* The citizen-scored items of svc_rating_items, in the same order, with their answers
 * worth 2, 1 and 0 points. */
static const struct {
    const char *label, *answers[3];
} item_texts[] = {
    {"Số lần phải liên hệ để hoàn thiện hồ sơ",
     {"Không phải liên hệ thêm", "Một lần", "Nhiều hơn một lần"}},
    {"Số cơ quan phải đến", {"Chỉ Bộ phận Một cửa", "Thêm một cơ quan", "Nhiều cơ quan"}},
    {"Thông tin thủ tục được công khai", {"Đầy đủ, chính xác", "Chưa đầy đủ", "Không chính xác"}},
    {"Thái độ của cán bộ, công chức", {"Tận tình, chu đáo", "Bình thường", "Chưa tốt"}},
};

static const char *overall_label(const char *value)
{
    for (size_t i = 0; i < sizeof overall_options / sizeof overall_options[0]; i++)
        if (value && strcmp(value, overall_options[i].value) == 0)
            return overall_options[i].label;
    return "";
}

static json_t *form_json(void)
{
    json_t *overall = json_array(), *items = json_array();
    for (size_t i = 0; i < sizeof overall_options / sizeof overall_options[0]; i++)
        json_array_append_new(overall, jpack("{s:s, s:s}", "value", overall_options[i].value,
                                             "label", overall_options[i].label));
    for (int i = 0; svc_rating_items[i]; i++) {
        json_t *opts = json_array();
        for (int k = 0; k < 3; k++)
            json_array_append_new(opts, jpack("{s:s, s:i, s:s}", "key", svc_rating_items[i],
                                              "value", 2 - k, "label", item_texts[i].answers[k]));
        json_array_append_new(items,
                              jpack("{s:s, s:o}", "label", item_texts[i].label, "options", opts));
    }
    return jpack("{s:o, s:o}", "overall_options", overall, "items", items);
}

static void add_status(struct http_req *r, json_t *ctx, const struct svc_rating_status *st)
{
    json_object_set_new(ctx, "can_rate", json_boolean(st->can_rate));
    json_object_set_new(ctx, "rated", json_boolean(st->rated));
    json_object_set_new(ctx, "not_yet", json_boolean(!st->rated && !st->can_rate));
    if (st->rated)
        json_object_set_new(ctx, "overall_label", json_string(overall_label(st->rating.overall)));
    if (st->can_rate)
        json_object_update(ctx, page_own(r, form_json()));
}

/* The submitted form as the service's input; its indicators belong to the request. */
static void form_input(struct http_req *r, struct svc_rating_in *in)
{
    in->overall = http_form(r, "overall");
    in->comment = http_form(r, "comment");
    in->indicators = page_own(r, json_object());
    for (int i = 0; svc_rating_items[i]; i++) {
        const char *v = http_form(r, svc_rating_items[i]);
        if (v && *v)
            json_object_set_new(in->indicators, svc_rating_items[i],
                                strlen(v) == 1 && v[0] >= '0' && v[0] <= '9'
                                    ? json_integer(v[0] - '0')
                                    : json_string(v));
    }
}

static int record_from_form(struct http_req *r, const struct actor *a, const char *channel,
                            struct err *e)
{
    struct svc_rating_in in;
    struct svc_rating out;
    form_input(r, &in);
    int rc = svc_rating_record(page_app(r)->svc, a, r->arena, http_param(r, "code"), channel, &in,
                               &out, e);
    return rc;
}

int page_rating_counter(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    struct svc_rating_status st;
    struct err e = {0};
    if (svc_rating_status(app->svc, a, r->arena, http_param(r, "code"), "counter", &st, &e))
        return app_err(r, w, &e);
    json_t *ctx = jpack("{s:s, s:s, s:s}", "code", st.code, "procedure", st.procedure_name, "state",
                        st.state_label);
    add_status(r, ctx, &st);
    return page_render(r, w, 200, "rating_counter", "Đánh giá việc giải quyết hồ sơ", ctx);
}

int page_rating_counter_submit(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    struct err e = {0};
    if (record_from_form(r, a, "counter", &e))
        return app_err(r, w, &e);
    http_resp_redirect(w, arena_printf(r->arena, "/danh-gia/%s", http_param(r, "code")));
    return 0;
}

int page_my_rating(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    struct err e = {0};
    if (record_from_form(r, a, "online", &e))
        return app_err(r, w, &e);
    http_resp_redirect(w, arena_printf(r->arena, "/ho-so-cua-toi/%s", http_param(r, "code")));
    return 0;
}

static json_t *results_json(struct http_req *r, const char *code, const struct svc_file *f, int n)
{
    json_t *out = json_array();
    for (int i = 0; i < n; i++)
        if (strcmp(f[i].kind, "result") == 0)
            json_array_append_new(
                out,
                jpack("{s:s, s:I, s:s}", "name", f[i].name, "size", (json_int_t)f[i].size, "href",
                      arena_printf(r->arena, "/api/v1/dossiers/%s/files/%s", code, f[i].sha256)));
    return out;
}

int page_ratings_my_dossier(struct http_req *r, const struct actor *a, const char *code,
                            json_t *ctx, struct err *e)
{
    struct svc *s = page_app(r)->svc;
    struct svc_file *files = NULL;
    struct svc_rating_status st;
    struct svc_postal post;
    int nfiles = 0, posted = 0;
    if (svc_dossier_files(s, a, r->arena, code, &files, &nfiles, e) ||
        page_payments_my_dossier(r, a, code, ctx, e) ||
        svc_rating_status(s, a, r->arena, code, "online", &st, e) ||
        (posted = svc_postal_get(s, a, r->arena, code, &post, e)) < 0)
        return e->code;
    json_t *results = results_json(r, code, files, nfiles);
    json_object_set_new(ctx, "has_results", json_boolean(json_array_size(results) > 0));
    json_object_set_new(ctx, "results", results);
    if (posted)
        json_object_set_new(ctx, "postal",
                            jpack("{s:s, s:s, s:s?}", "operator", post.operator_name,
                                  "tracking_number", post.tracking_number, "handed_over",
                                  dview_when(r, post.handed_over_at)));
    add_status(r, ctx, &st);
    return 0;
}

static json_t *feedback_rows(struct http_req *r, const struct svc_feedback *f, int n)
{
    static const struct {
        const char *key, *label;
    } cats[] = {{"policy", "Quy định, chính sách"},
                {"staff_conduct", "Hành vi, thái độ của cán bộ"},
                {"other", "Vấn đề khác"}};
    json_t *out = json_array();
    for (int i = 0; i < n; i++) {
        const char *cat = f[i].category;
        for (size_t k = 0; k < sizeof cats / sizeof cats[0]; k++)
            if (strcmp(cats[k].key, f[i].category) == 0)
                cat = cats[k].label;
        json_array_append_new(
            out, jpack("{s:s, s:s?, s:s?, s:s, s:s?, s:s?, s:s?, s:s?}", "category", cat, "created",
                       dview_when(r, f[i].created_at), "due", dview_when(r, f[i].due_at), "text",
                       f[i].text, "dossier_code", f[i].dossier_code, "answer", f[i].answer,
                       "answered", dview_when(r, f[i].answered_at), "answered_by", f[i].answerer));
    }
    return out;
}

int page_feedback(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    struct svc_feedback *list = NULL;
    int n = 0;
    struct err e = {0};
    if (svc_feedback_mine(app->svc, a, r->arena, &list, &n, &e))
        return app_err(r, w, &e);
    const char *dossier = http_query(r, "ho-so");
    return page_render(r, w, 200, "feedback", "Phản ánh, kiến nghị",
                       jpack("{s:b, s:s, s:b, s:o}", "can_send",
                             (actor_roles(a) & ROLE_CITIZEN) != 0, "dossier_code",
                             dossier ? dossier : "", "has_feedback", n > 0, "feedback",
                             feedback_rows(r, list, n)));
}

int page_feedback_submit(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_actor_or_reply(r, w);
    if (!a)
        return 0;
    struct svc_feedback_in in = {http_form(r, "category"), http_form(r, "text"), NULL,
                                 http_form(r, "dossier_code")};
    struct svc_feedback f;
    struct err e = {0};
    if (svc_feedback_send(app->svc, a, r->arena, &in, &f, &e))
        return app_err(r, w, &e);
    http_resp_redirect(w, "/phan-anh");
    return 0;
}
