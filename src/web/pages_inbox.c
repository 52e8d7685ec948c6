/* pages_inbox.c — the desk's list of dossiers: what the officer can act on now, due soonest
 * first, with overdue and near-due ones marked so they are handled before they are late; and
 * the search over every dossier of the officer's units (code, applicant name without
 * accents, CCCD, phone, procedure, status, reception dates). A dossier the applicant has just
 * supplemented online, not acted on since, carries a "Có bổ sung mới" badge. */
#include "pages_dossier.h"
#include "jpack.h"

#include "dossier_code.h"
#include "dossier_view.h"
#include "page.h"
#include "svc_dossier.h"
#include "svc_files.h"

#include <string.h>

#define FOUND_MAX 200

static const char *const search_keys[] = {"code",      "name", "id_number", "phone",
                                          "procedure", "from", "to",        "state"};

static const char *step_words(struct http_req *r, const struct svc_dossier_row *d)
{
    if (!d->step_role)
        return NULL;
    const char *role = role_label(role_from_name(d->step_role));
    return d->step_unit_name ? arena_printf(r->arena, "%s · %s", role, d->step_unit_name) : role;
}

static int has_news(const struct svc_supplement_news *news, int n, const char *code)
{
    for (int i = 0; i < n; i++)
        if (strcmp(news[i].code, code) == 0)
            return 1;
    return 0;
}

static json_t *rows_json(struct http_req *r, const struct svc_dossier_row *rows, int n,
                         const struct svc_supplement_news *news, int nnews)
{
    json_t *out = json_array();
    for (int i = 0; i < n; i++) {
        const struct svc_dossier_row *d = &rows[i];
        int64_t due = d->step_due_at ? d->step_due_at : d->due_at;
        json_array_append_new(
            out, jpack("{s:s, s:s, s:s?, s:s?, s:o, s:o, s:s?, s:s?, s:s?, s:s?, s:s, s:b}", "code",
                       d->code, "href", arena_printf(r->arena, "/desk/ho-so/%s", d->code),
                       "procedure", d->procedure_name, "applicant", d->applicant_name, "status",
                       dview_status_badge(d->state), "due_badge",
                       dview_due_badge(d->overdue, d->near_due), "state_label", d->state_label,
                       "step", step_words(r, d), "received", dview_when(r, d->received_at), "due",
                       dview_when(r, due), "row_class",
                       d->overdue    ? "overdue"
                       : d->near_due ? "near-due"
                                     : "",
                       "supplemented", has_news(news, nnews, d->code)));
    }
    return out;
}

static const char *q_or_empty(struct http_req *r, const char *name)
{
    const char *v = http_query(r, name);
    return v ? v : "";
}

static int searched(struct http_req *r)
{
    for (size_t i = 0; i < sizeof search_keys / sizeof search_keys[0]; i++)
        if (*q_or_empty(r, search_keys[i]))
            return 1;
    return 0;
}

static json_t *search_form(struct http_req *r)
{
    json_t *f = json_object();
    for (size_t i = 0; i < sizeof search_keys / sizeof search_keys[0]; i++)
        json_object_set_new(f, search_keys[i], json_string(q_or_empty(r, search_keys[i])));
    json_object_set_new(f, "states", dview_state_options(q_or_empty(r, "state")));
    return f;
}

/* Runs the search into ctx; a bad date is reported beside its field. */
static int add_search(struct http_req *r, const struct actor *a, json_t *ctx, json_t *form)
{
    struct svc_dossier_search q = {
        q_or_empty(r, "code"),  q_or_empty(r, "name"),      q_or_empty(r, "id_number"),
        q_or_empty(r, "phone"), q_or_empty(r, "procedure"), q_or_empty(r, "state"),
        q_or_empty(r, "from"),  q_or_empty(r, "to"),        FOUND_MAX};
    struct svc_dossier_row *rows = NULL;
    int n = 0;
    struct err e = {0};
    int rc = svc_dossier_find(page_app(r)->svc, a, r->arena, &q, &rows, &n, &e);
    if (rc) {
        const char *field = e.field[0] ? e.field : "code";
        json_object_set_new(ctx, "errors", jpack("[{s:s, s:s}]", "field", field, "message", e.msg));
        json_object_set_new(form, arena_printf(r->arena, "%s_error", field), json_string(e.msg));
        return http_status_for(rc);
    }
    json_object_set_new(ctx, "found", rows_json(r, rows, n, NULL, 0));
    json_object_set_new(ctx, "found_count", json_integer(n));
    json_object_set_new(ctx, "searched", json_true());
    return 200;
}

/* Open consultations addressed to the officer's units, due soonest first. */
static void add_consultations(struct http_req *r, const struct actor *a, json_t *ctx)
{
    struct svc_consultation *rows = NULL;
    int n = 0, late = 0;
    struct err e = {0};
    if (svc_dossier_consultations_open(page_app(r)->svc, a, r->arena, &rows, &n, &e) != 0)
        return;
    json_t *out = json_array();
    for (int i = 0; i < n; i++) {
        const struct svc_consultation *k = &rows[i];
        late += k->overdue;
        json_array_append_new(
            out,
            jpack("{s:s?, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:b, s:s}", "code", k->dossier_code,
                  "href", arena_printf(r->arena, "/desk/ho-so/%s#tham-van", k->dossier_code),
                  "procedure", k->procedure_name, "from", k->from_unit_name, "by", k->requested_by,
                  "question", k->question, "due", dview_when(r, k->due_at), "overdue", k->overdue,
                  "row_class", k->overdue ? "overdue" : ""));
    }
    json_object_set_new(ctx, "consultations", out);
    json_object_set_new(ctx, "has_consultations", json_boolean(n > 0));
    json_object_set_new(ctx, "consult_count", json_integer(n));
    json_object_set_new(ctx, "consult_late", json_integer(late));
    json_object_set_new(ctx, "answered",
                        json_boolean(strcmp(q_or_empty(r, "xong"), "tra-loi") == 0));
}

/* ?hang=<slug>: the rows of that counter queue instead of the inbox (the home page's counts
 * link here); returns the queue, or NULL to list the inbox. */
static const struct svc_queue_info *keep_queue(struct http_req *r, const struct actor *a,
                                               struct svc_dossier_row **rows, int *n, int *late)
{
    int queue = svc_queue_from_slug(http_query(r, "hang"));
    struct err e = {0};
    if (queue < 0 || svc_counter_queue(page_app(r)->svc, a, r->arena, queue, rows, n, &e) != 0)
        return NULL;
    *late = 0;
    for (int i = 0; i < *n; i++)
        *late += (*rows)[i].overdue;
    return svc_queue_info(queue);
}

int page_dossier_inbox(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_STAFF);
    if (!a)
        return 0;
    struct svc_dossier_row *rows = NULL;
    int n = 0, late = 0, status = 200;
    struct err e = {0};
    if (svc_dossier_inbox(app->svc, a, r->arena, &rows, &n, &e) != 0)
        return app_err(r, w, &e);
    for (int i = 0; i < n; i++)
        late += rows[i].overdue;
    struct svc_supplement_news *news = NULL;
    int nnews = 0;
    if (svc_supplement_news(app->svc, a, r->arena, rows, n, &news, &nnews, &e) != 0)
        nnews = 0; /* the badge is a hint: the inbox is shown without it */
    const struct svc_queue_info *queue = keep_queue(r, a, &rows, &n, &late);
    json_t *form = page_own(r, search_form(r));
    json_t *ctx =
        jpack("{s:o, s:i, s:i, s:i, s:O, s:s}", "inbox", rows_json(r, rows, n, news, nnews),
              "count", n, "late", late, "supplemented", nnews, "form", form, "title",
              queue ? queue->label : "Hồ sơ cần xử lý");
    if (queue)
        json_object_set_new(ctx, "queue",
                            jpack("{s:s, s:s}", "label", queue->label, "help", queue->help));
    const char *done = dview_action_label(http_query(r, "da"));
    if (done && dossier_code_valid(q_or_empty(r, "ma")))
        json_object_set_new(ctx, "done",
                            json_string(arena_printf(r->arena,
                                                     "%s — hồ sơ %s đã chuyển sang đơn vị "
                                                     "xử lý tiếp theo",
                                                     done, q_or_empty(r, "ma"))));
    add_consultations(r, a, ctx);
    if (searched(r))
        status = add_search(r, a, ctx, form);
    return page_render(r, w, status, "desk_inbox", "Hồ sơ", ctx);
}
