/* pages_desk.c — the staff desk's home: the supplements citizens have just sent online for
 * dossiers the person acts on (so an answer is not left waiting in a long inbox), one card
 * per thing the person's roles let them do, and the organisation tree every staff member may
 * consult. */
#include "page.h"
#include "jpack.h"

#include "dossier_view.h"
#include "svc_dossier.h"
#include "svc_files.h"
#include "svc_org.h"

#include <string.h>

static void add_card(json_t *cards, const char *href, const char *title, const char *text)
{
    json_array_append_new(cards,
                          jpack("{s:s, s:s, s:s}", "href", href, "title", title, "text", text));
}

/* roles: held anywhere; unscoped: held without a unit (the audit log belongs to no unit). */
static json_t *cards_for(int roles, int unscoped)
{
    json_t *cards = json_array();
    if (roles & ROLE_RECEPTIONIST)
        add_card(cards, "/desk/tiep-nhan", "Tiếp nhận hồ sơ",
                 "Tiếp nhận, hướng dẫn bổ sung, từ chối và trả kết quả tại Bộ phận Một cửa.");
    if (roles & ROLE_SPECIALIST)
        add_card(cards, "/desk/ho-so", "Hồ sơ cần xử lý",
                 "Thẩm định hồ sơ được giao, xin ý kiến đơn vị khác, trình lãnh đạo.");
    if (roles & ROLE_LEADER)
        add_card(cards, "/desk/ho-so", "Hồ sơ chờ phê duyệt",
                 "Phê duyệt, ký kết quả và theo dõi tiến độ của đơn vị.");
    if (roles & ROLE_ADMIN)
        add_card(cards, "/desk/users", "Quản trị người dùng",
                 "Tạo tài khoản, phân quyền theo đơn vị.");
    if (roles & ROLE_RECEPTIONIST)
        add_card(cards, "/desk/ho-so", "Hồ sơ tại Bộ phận Một cửa",
                 "Hồ sơ chờ bổ sung, kết quả chờ trả; tìm hồ sơ theo mã, tên, CCCD, điện thoại.");
    if (roles & (ROLE_ADMIN | ROLE_AUDITOR))
        add_card(cards, "/desk/ho-so", "Tra cứu hồ sơ",
                 "Tìm mọi hồ sơ theo mã, người nộp, thủ tục, trạng thái và thời gian.");
    if (unscoped & (ROLE_ADMIN | ROLE_AUDITOR))
        add_card(cards, "/desk/audit", "Nhật ký hệ thống",
                 "Mọi thay đổi được ghi lại và kiểm tra tính toàn vẹn.");
    add_card(cards, "/desk/org", "Cơ cấu tổ chức", "Các đơn vị, cấp hành chính và mã định danh.");
    return cards;
}

/* Answers to supplement requests nobody has acted on yet, newest first. The home page is
 * shown without them when they cannot be read: they are also marked in the inbox. */
static json_t *supplement_news(struct http_req *r, const struct actor *a)
{
    struct svc_dossier_row *rows = NULL;
    struct svc_supplement_news *news = NULL;
    int n = 0, nnews = 0;
    struct err e = {0};
    json_t *out = json_array();
    if (svc_dossier_inbox(page_app(r)->svc, a, r->arena, &rows, &n, &e) != 0 ||
        svc_supplement_news(page_app(r)->svc, a, r->arena, rows, n, &news, &nnews, &e) != 0)
        return out;
    for (int i = 0; i < nnews; i++)
        json_array_append_new(
            out, jpack("{s:s, s:s, s:s?, s:s, s:s?, s:s?}", "code", news[i].code, "href",
                       arena_printf(r->arena, "/desk/ho-so/%s#tep", news[i].code), "procedure",
                       news[i].procedure_name, "stage",
                       news[i].stage && strcmp(news[i].stage, "reception") == 0
                           ? "Bổ sung khi tiếp nhận"
                           : "Bổ sung trong quá trình thẩm định",
                       "note", news[i].note, "at", dview_when(r, news[i].answered_at)));
    return out;
}

/* The counter's queues with their counts, each a link to the inbox showing it; NULL for
 * someone who does not work at a counter or when the inbox cannot be read. */
static json_t *counter_queues(struct http_req *r, const struct actor *a)
{
    if (!(actor_roles(a) & ROLE_RECEPTIONIST))
        return NULL;
    json_t *out = page_own(r, json_array());
    for (int q = 0; q < SVC_QUEUE_COUNT; q++) {
        const struct svc_queue_info *info = svc_queue_info(q);
        struct svc_dossier_row *rows = NULL;
        int count = 0;
        struct err e = {0};
        if (svc_counter_queue(page_app(r)->svc, a, r->arena, q, &rows, &count, &e) != 0)
            return NULL;
        json_array_append_new(out, jpack("{s:s, s:s, s:s, s:s, s:b}", "href",
                                         arena_printf(r->arena, "/desk/ho-so?hang=%s", info->slug),
                                         "label", info->label, "help", info->help, "count",
                                         page_number(r, count), "some", count > 0));
    }
    return json_incref(out); /* the caller packs its own reference */
}

int page_desk_home(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    const struct actor *a = app_role_or_reply(r, w, ROLE_STAFF);
    if (!a)
        return 0;
    json_t *news = supplement_news(r, a);
    json_t *queues = counter_queues(r, a);
    json_t *ctx = jpack("{s:o, s:b, s:o, s:b, s:o?}", "cards",
                        cards_for(actor_roles(a), actor_roles_unscoped(a)), "has_news",
                        json_array_size(news) > 0, "news", news, "has_queues", queues != NULL,
                        "queues", queues);
    return page_render(r, w, 200, "desk_home", "Bàn làm việc", ctx);
}

int page_org_tree(struct http_req *r, struct http_resp *w, void *appv)
{
    (void)appv;
    struct app *app = page_app(r);
    if (!app_role_or_reply(r, w, ROLE_STAFF))
        return 0;
    struct svc_org_unit *units = NULL;
    int n = 0;
    struct err e = {0};
    if (svc_org_tree(app->svc, r->arena, &units, &n, &e) != 0)
        return app_err(r, w, &e);
    json_t *rows = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            rows,
            jpack("{s:s, s:s, s:s, s:s?, s:s, s:s?, s:i, s:b}", "key", units[i].key, "name",
                  units[i].name, "level", org_level_label(units[i].level), "agency_code",
                  units[i].agency_code, "valid_from", page_date_ymd(r, units[i].valid_from),
                  "valid_to", page_date_ymd(r, units[i].valid_to), "depth",
                  units[i].depth < 6 ? units[i].depth : 6, "closed", units[i].valid_to != NULL));
    return page_render(r, w, 200, "org_tree", "Cơ cấu tổ chức",
                       jpack("{s:o, s:i}", "units", rows, "count", n));
}
