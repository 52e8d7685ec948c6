/* pages_stats_drill.c — /desk/thong-ke/ho-so, the dossiers behind a count of the statistics
 * dashboard, as a page: received in the period (all, or those filed online), resolved in it
 * (all, early, on time or late, with component files or an electronic result), returned or
 * rated in it (all, or "dissatisfied"), of a unit and its subtree, optionally one field; the
 * kinds and their titles are the service's (svc_stats_drill_title). Each row
 * links to the dossier; dates read dd/mm/yyyy, units by their names, 50 a page on a desk and
 * 20 on a phone (?n=20, asked by assets/drill.js on a narrow screen; both sizes offered as
 * links, and the paging links keep the size). The service
 * decides which dossiers match and who may see them (svc_stats_dossiers, the same rule as
 * the counters); a bad filter comes back as a page saying what is wrong, never as JSON. */
#include "page.h"
#include "jpack.h"
#include "pages_stats.h"

#include "dossier_view.h"
#include "format.h"
#include "svc_stats.h"

#include <stdlib.h>
#include <string.h>

/* Rows a page: 50 on a desk; 20 when the client asks for it (?n=20, which assets/drill.js
 * does on a narrow screen, where each row is stacked as a card). The page offers both. */
#define PER_PAGE    50
#define NARROW_PAGE 20

static const char *day_of(struct http_req *r, int64_t t)
{
    if (!t)
        return NULL;
    struct buf *b = buf_in_arena(r->arena, 16);
    fmt_date(b, t);
    return buf_str(b);
}

/* The unit's name among those the person may see; the key when it is not one of them. */
static const char *unit_name(const struct svc_stats_unit *units, int n, const char *key)
{
    for (int i = 0; key && i < n; i++)
        if (strcmp(units[i].key, key) == 0)
            return units[i].name;
    return key;
}

static json_t *rows_json(struct http_req *r, const struct svc_stats_dossier *d, int n,
                         const struct svc_stats_unit *units, int nunits)
{
    json_t *out = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            out, jpack("{s:s, s:s, s:s?, s:s?, s:s, s:s?, s:s?, s:s?, s:o}", "code", d[i].code,
                       "href", arena_printf(r->arena, "/desk/ho-so/%s", d[i].code), "procedure",
                       d[i].procedure_name, "unit", unit_name(units, nunits, d[i].unit_key),
                       "channel", dview_channel_label(d[i].channel), "received",
                       day_of(r, d[i].received_at), "due", day_of(r, d[i].due_at), "finished",
                       day_of(r, d[i].finished_at), "timing", dview_timing_badge(d[i].timing)));
    return out;
}

/* The page's own address with another page number and page size. */
static const char *page_href(struct http_req *r, const struct svc_stats_drill *q, int page,
                             int size)
{
    struct arena *ar = r->arena;
    return arena_printf(
        ar, "/desk/thong-ke/ho-so?unit=%s&from=%s&to=%s&timing=%s&channel=%s&field=%s&page=%d%s",
        stats_query_escape(ar, q->unit_key ? q->unit_key : ""), q->from, q->to,
        stats_query_escape(ar, q->timing ? q->timing : ""),
        stats_query_escape(ar, q->channel ? q->channel : ""),
        stats_query_escape(ar, q->field ? q->field : ""), page,
        size == PER_PAGE ? "" : arena_printf(ar, "&n=%d", size));
}

/* The page size asked for: one of the two offered, else the desk's. */
static int page_size_of(const char *s)
{
    return s && strcmp(s, "20") == 0 ? NARROW_PAGE : PER_PAGE;
}

/* The sizes offered, the current one marked; each link starts again where this page starts. */
static json_t *sizes_json(struct http_req *r, const struct svc_stats_drill *q)
{
    static const int sizes[] = {NARROW_PAGE, PER_PAGE};
    json_t *out = json_array();
    int first = (q->page - 1) * q->per_page;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        json_array_append_new(out, jpack("{s:i, s:s, s:b}", "n", sizes[i], "href",
                                         page_href(r, q, first / sizes[i] + 1, sizes[i]), "current",
                                         sizes[i] == q->per_page));
    return out;
}

static int page_number_of(const char *s)
{
    char *end = NULL;
    long v = s && *s ? strtol(s, &end, 10) : 1;
    return (s && *s && *end) || v < 1 || v > 100000 ? 1 : (int)v;
}

/* A date of the query as "YYYY-MM-DD" (the dashboard links give it so; a typed one may be
 * dd/mm/yyyy), "" when none, NULL with its problem in e. */
static const char *query_date(struct http_req *r, const char *field, const char *label,
                              struct err *e)
{
    const char *v = http_query(r, field);
    char ymd[11];
    if (!v || !*v)
        return "";
    return fmt_parse_date(v, field, label, ymd, e) == 0 ? arena_strdup(r->arena, ymd) : NULL;
}

int page_stats_dossiers(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    const struct actor *a = app_role_or_reply(r, w, ROLE_LEADER | ROLE_ADMIN | ROLE_AUDITOR);
    if (!a)
        return 0;
    struct err e = {0};
    struct svc_stats_drill q = {http_query(r, "unit"),
                                NULL,
                                http_query(r, "channel"),
                                query_date(r, "from", "Từ ngày", &e),
                                NULL,
                                http_query(r, "timing"),
                                page_number_of(http_query(r, "page")),
                                page_size_of(http_query(r, "n")),
                                http_query(r, "field")};
    q.to = q.from ? query_date(r, "to", "Đến ngày", &e) : NULL;
    struct svc_stats_dossier *rows = NULL;
    struct svc_stats_unit *units = NULL;
    int n = 0, total = 0, nunits = 0, all = 0;
    if (!q.from || !q.to)
        return app_err(r, w, &e);
    if (svc_stats_dossiers(app->svc, a, r->arena, &q, &rows, &n, &total, &e) != 0 ||
        svc_stats_units(app->svc, a, r->arena, &units, &nunits, &all, &e) != 0)
        return app_err(r, w, &e);
    const char *title = svc_stats_drill_title(q.timing, q.channel);
    int pages = (total + q.per_page - 1) / q.per_page;
    json_t *ctx = jpack(
        "{s:s, s:s, s:s?, s:s?, s:s?, s:s, s:o, s:b, s:i, s:i, s:s}", "title", title, "unit",
        q.unit_key && *q.unit_key ? unit_name(units, nunits, q.unit_key) : "Tất cả đơn vị", "field",
        q.field && *q.field ? q.field : NULL, "from", *q.from ? page_date_ymd(r, q.from) : NULL,
        "to", *q.to ? page_date_ymd(r, q.to) : NULL, "total", page_number(r, total), "rows",
        rows_json(r, rows, n, units, nunits), "any", n > 0, "page", q.page, "pages",
        pages ? pages : 1, "back",
        arena_printf(r->arena, "/desk/thong-ke?unit=%s&from=%s&to=%s",
                     stats_query_escape(r->arena, q.unit_key ? q.unit_key : ""), q.from, q.to));
    if (q.page > 1)
        json_object_set_new(ctx, "prev", json_string(page_href(r, &q, q.page - 1, q.per_page)));
    if (q.page < pages)
        json_object_set_new(ctx, "next", json_string(page_href(r, &q, q.page + 1, q.per_page)));
    json_object_set_new(ctx, "sizes", sizes_json(r, &q));
    json_object_set_new(ctx, "size", json_integer(q.per_page));
    json_object_set_new(ctx, "narrow_size", json_integer(NARROW_PAGE));
    return page_render(r, w, 200, "stats_dossiers", title, ctx);
}
