/* page.c — the template registry and page rendering. Every embedded template under
 * templates/ is compiled once at start (a syntax error stops the server from starting rather
 * than breaking one page later); partials are the same templates looked up by name. A page is
 * its body template rendered first, then placed raw into layout.html. */
#include "page.h"
#include "jpack.h"

#include "embed.h"
#include "format.h"
#include "log.h"
#include "tmpl.h"
#include "web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct embed_file motcua_templates[];

#define MAX_TEMPLATES 64
#define PAGE_MAX      (4u << 20)

static struct {
    const char *name; /* without ".html" */
    struct tmpl *t;
} templates[MAX_TEMPLATES];
static int ntemplates;

static const struct tmpl *find_template(void *ctx, const char *name)
{
    (void)ctx;
    for (int i = 0; i < ntemplates; i++)
        if (strcmp(templates[i].name, name) == 0)
            return templates[i].t;
    return NULL;
}

int web_init(struct err *e)
{
    for (const struct embed_file *f = motcua_templates; f->name; f++) {
        size_t n = strlen(f->name);
        if (n < 6 || strcmp(f->name + n - 5, ".html") != 0)
            continue;
        if (ntemplates == MAX_TEMPLATES)
            return err_set(e, E_INTERNAL, NULL, "too many templates");
        struct tmpl *t = NULL;
        int rc = tmpl_compile((const char *)f->data, f->len, &t, e);
        if (rc) {
            char msg[sizeof e->msg];
            snprintf(msg, sizeof msg, "%s", e->msg);
            return err_set(e, rc, NULL, "template %s: %s", f->name, msg);
        }
        templates[ntemplates].name = strndup(f->name, n - 5);
        templates[ntemplates++].t = t;
    }
    return 0;
}

void web_shutdown(void)
{
    for (int i = 0; i < ntemplates; i++) {
        tmpl_free(templates[i].t);
        free((char *)templates[i].name);
    }
    ntemplates = 0;
}

json_t *page_own(struct http_req *r, json_t *j)
{
    return json_in_arena(r->arena, j);
}

/* The desk's menu: each entry for the roles that may open it (0: every signed-in person). */
static const struct {
    int roles;
    const char *href, *label;
} desk_nav[] = {
    {ROLE_STAFF, "/desk", "Bàn làm việc"},
    {ROLE_RECEPTIONIST, "/desk/tiep-nhan", "Tiếp nhận"},
    {ROLE_STAFF, "/desk/ho-so", "Hồ sơ"},
    {ROLE_RECEPTIONIST | ROLE_LEADER | ROLE_ADMIN | ROLE_AUDITOR, "/desk/so-theo-doi",
     "Sổ theo dõi"},
    {ROLE_LEADER, "/desk/tre-han", "Trễ hạn"},
    {ROLE_LEADER | ROLE_ADMIN | ROLE_AUDITOR, "/desk/thong-ke", "Thống kê"},
    {ROLE_LEADER | ROLE_ADMIN | ROLE_AUDITOR, "/desk/phan-anh", "Phản ánh, kiến nghị"},
    {0, "/desk/org", "Cơ cấu tổ chức"},
    {ROLE_ADMIN, "/desk/users", "Người dùng"},
    {ROLE_ADMIN, "/desk/lich", "Lịch"},
    {ROLE_ADMIN, "/desk/thong-bao", "Thông báo"},
    {ROLE_ADMIN | ROLE_AUDITOR, "/desk/lien-thong", "Liên thông"},
    {ROLE_ADMIN | ROLE_AUDITOR, "/desk/audit", "Nhật ký"},
};

/* Menu entries about things of no unit (see perm.c): offered only for roles held without
 * a unit, since an admin or auditor of a unit is refused there. */
static const char *const unscoped_nav[] = {"/desk/lich", "/desk/thong-bao", "/desk/audit",
                                           "/desk/lien-thong"};

static int nav_roles(const struct actor *a, const char *href)
{
    for (size_t i = 0; i < sizeof unscoped_nav / sizeof unscoped_nav[0]; i++)
        if (strcmp(unscoped_nav[i], href) == 0)
            return actor_roles_unscoped(a);
    return actor_roles(a);
}

/* The portal's header: a citizen's own things, and for visitors the ways in. Every entry
 * opens for whoever sees it, so no link in the header leads to a 403. */
struct nav_entry {
    const char *href, *label;
};

static const struct nav_entry citizen_nav[] = {
    {"/thu-tuc?online=full", "Nộp hồ sơ"},
    {"/ho-so-cua-toi", "Hồ sơ của tôi"},
    {"/tra-cuu", "Tra cứu"},
    {"/tai-khoan", "Tài khoản"},
};

static const struct nav_entry visitor_nav[] = {
    {"/thu-tuc", "Thủ tục"},
    {"/tra-cuu", "Tra cứu"},
    {"/dang-ky", "Đăng ký"},
};

/* The entries, the one for the page being shown marked (aria-current) by its path. */
static json_t *portal_nav(const char *path, const struct nav_entry *entries, size_t n)
{
    json_t *nav = json_array();
    for (size_t i = 0; i < n; i++) {
        size_t len = strcspn(entries[i].href, "?");
        int current =
            strncmp(path, entries[i].href, len) == 0 && (path[len] == '\0' || path[len] == '/');
        json_array_append_new(nav, jpack("{s:s, s:s, s:b}", "href", entries[i].href, "label",
                                         entries[i].label, "current", current));
    }
    return nav;
}

static json_t *nav_for(const struct actor *a, const char *path)
{
    int roles = actor_roles(a);
    if (!(roles & ROLE_STAFF))
        return portal_nav(path, citizen_nav, sizeof citizen_nav / sizeof citizen_nav[0]);
    json_t *nav = json_array();
    for (size_t i = 0; i < sizeof desk_nav / sizeof desk_nav[0]; i++)
        if (!desk_nav[i].roles || (nav_roles(a, desk_nav[i].href) & desk_nav[i].roles))
            json_array_append_new(
                nav, jpack("{s:s, s:s}", "href", desk_nav[i].href, "label", desk_nav[i].label));
    return nav;
}

static json_t *user_json(const struct actor *a)
{
    json_t *roles = json_array();
    for (int i = 0; i < a->nroles; i++)
        json_array_append_new(roles, jpack("{s:s, s:s?}", "label", role_label(a->roles[i].role),
                                           "unit", a->roles[i].unit_name));
    return jpack("{s:s, s:s, s:o, s:b}", "username", a->username, "full_name", a->full_name,
                 "roles", roles, "staff", (actor_roles(a) & ROLE_STAFF) != 0);
}

void page_mark_report(struct http_req *r)
{
    struct app_req *q = app_req(r);
    if (q)
        q->report = 1;
}

/* The footer line of a report page: how fresh figures read from the standby are, or that
 * the primary served them because the standby did not answer; NULL without a standby. */
static const char *report_source_line(struct http_req *r)
{
    struct app_req *q = app_req(r);
    struct svc_report_source src;
    if (!q || !q->report)
        return NULL;
    svc_report_source(q->app->svc, &src);
    if (!src.configured)
        return NULL;
    if (!src.standby)
        return "Máy chủ dự phòng không trả lời: số liệu được đọc từ máy chủ chính.";
    return arena_printf(r->arena, "Số liệu tính đến %s (chậm %s giây so với máy chủ chính)",
                        page_datetime(r, src.as_of), page_number(r, src.lag_ms / 1000));
}

static json_t *layout_context(struct http_req *r, const char *title, const char *content)
{
    struct app_req *q = app_req(r);
    int desk = strncmp(r->path, "/desk", 5) == 0;
    json_t *ctx = jpack("{s:s, s:s, s:s, s:b}", "title", title, "content", content, "csrf",
                        q && q->csrf ? q->csrf : "", "desk", desk);
    const char *source = report_source_line(r);
    if (source)
        json_object_set_new(ctx, "report_source", json_string(source));
    if (q && q->logged_in) {
        json_object_set_new(ctx, "user", user_json(&q->actor));
        json_object_set_new(ctx, "nav", nav_for(&q->actor, r->path));
    } else {
        json_object_set_new(
            ctx, "nav",
            portal_nav(r->path, visitor_nav, sizeof visitor_nav / sizeof visitor_nav[0]));
    }
    return ctx;
}

void page_add_error(struct http_req *r, json_t *ctx, const char *field, const char *message)
{
    json_t *list = json_object_get(ctx, "errors");
    if (!json_is_array(list)) {
        list = json_array();
        json_object_set_new(ctx, "errors", list);
    }
    const char *id = field && *field ? field : "form";
    json_array_append_new(list, jpack("{s:s, s:s}", "field", id, "message", message));
    const char *beside = arena_printf(r->arena, "%s_error", id);
    if (!json_object_get(ctx, beside))
        json_object_set_new(ctx, beside, json_string(message));
}

int page_render(struct http_req *r, struct http_resp *w, int status, const char *name,
                const char *title, json_t *ctx)
{
    struct app_req *q = app_req(r);
    const struct tmpl *body = find_template(NULL, name), *layout = find_template(NULL, "layout");
    struct err e = {0};
    if (!ctx) {
        /* A failed pack was logged by jpack; the dispatcher answers 500 with an error id. */
        log_error("page %s: no context", name);
        return E_INTERNAL;
    }
    page_own(r, ctx);
    struct buf *inner = buf_in_arena(r->arena, PAGE_MAX);
    if (q && q->csrf)
        json_object_set_new(ctx, "csrf", json_string(q->csrf));
    size_t nerrors = json_array_size(json_object_get(ctx, "errors"));
    if (nerrors > 0) {
        json_object_set_new(ctx, "has_errors", json_true());
        json_object_set_new(ctx, "error_count", json_integer((json_int_t)nerrors));
        json_object_set_new(ctx, "many_errors", json_boolean(nerrors > 1));
    }
    int rc = body && layout ? tmpl_render(body, ctx, find_template, NULL, inner, &e) : E_NOTFOUND;
    if (rc) {
        log_error("page %s: %s", name, e.msg);
        return rc;
    }
    json_t *lctx = page_own(r, layout_context(r, title, buf_str(inner)));
    buf_reset(&w->body);
    rc = tmpl_render(layout, lctx, find_template, NULL, &w->body, &e);
    if (rc) {
        log_error("layout for %s: %s", name, e.msg);
        return rc;
    }
    w->status = status;
    w->content_type = "text/html; charset=utf-8";
    return 0;
}

const char *page_datetime(struct http_req *r, int64_t t)
{
    struct buf *b = buf_in_arena(r->arena, 64);
    fmt_datetime(b, t);
    return buf_str(b);
}

/* A count as people read it: 1.234 (core/format.c). */
const char *page_number(struct http_req *r, int64_t n)
{
    struct buf *b = buf_in_arena(r->arena, 32);
    fmt_number(b, n);
    return buf_str(b);
}

/* A calendar date "2027-05-06" as "06/05/2027"; anything else unchanged. */
const char *page_date_ymd(struct http_req *r, const char *ymd)
{
    struct buf *b = buf_in_arena(r->arena, 32);
    return ymd && fmt_date_ymd(b, ymd) == 0 ? buf_str(b) : ymd;
}

/* A decimal as people read it: 1.234,56 with places decimals; "—" when v < 0 (nothing to
 * compute it from). */
const char *page_decimal(struct http_req *r, double v, int places)
{
    struct buf *b = buf_in_arena(r->arena, 64);
    return v >= 0 && fmt_decimal(b, v, places) == 0 ? buf_str(b) : "—";
}

static const char *status_title(int status)
{
    switch (status) {
    case 400:
        return "Yêu cầu không hợp lệ";
    case 401:
        return "Cần đăng nhập";
    case 403:
        return "Không có quyền truy cập";
    case 404:
        return "Không tìm thấy trang";
    case 405:
        return "Phương thức không được hỗ trợ";
    case 409:
        return "Dữ liệu đã thay đổi";
    case 413:
        return "Dữ liệu gửi lên quá lớn";
    case 429:
        return "Quá nhiều yêu cầu";
    case 503:
        return "Hệ thống tạm thời gián đoạn";
    default:
        return status >= 500 ? "Lỗi hệ thống" : "Không thực hiện được";
    }
}

void web_error_page(struct http_req *r, struct http_resp *w, int status, const char *message,
                    void *app)
{
    (void)app;
    json_t *ctx = jpack("{s:i, s:s, s:s}", "status", status, "heading", status_title(status),
                        "message", message ? message : "");
    if (page_render(r, w, status, "error", status_title(status), ctx) != 0)
        http_resp_text(w, status, "text/plain; charset=utf-8", message ? message : "",
                       message ? strlen(message) : 0);
}
