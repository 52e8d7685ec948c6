/* pages_desk.c — the staff desk's home: one card per thing the person's roles let them do,
 * and the organisation tree every staff member may consult. */
#include "page.h"

#include "svc_org.h"

static void add_card(json_t *cards, const char *href, const char *title, const char *text)
{
    json_array_append_new(cards,
                          json_pack("{s:s, s:s, s:s}", "href", href, "title", title, "text", text));
}

static json_t *cards_for(int roles)
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
    if (roles & (ROLE_ADMIN | ROLE_AUDITOR))
        add_card(cards, "/desk/audit", "Nhật ký hệ thống",
                 "Mọi thay đổi được ghi lại và kiểm tra tính toàn vẹn.");
    add_card(cards, "/desk/org", "Cơ cấu tổ chức", "Các đơn vị, cấp hành chính và mã định danh.");
    return cards;
}

int page_desk_home(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    const struct actor *a = app_role_or_reply(r, w, ROLE_STAFF);
    if (!a)
        return 0;
    json_t *ctx = json_pack("{s:o}", "cards", cards_for(actor_roles(a)));
    return page_render(r, w, 200, "desk_home", "Bàn làm việc", ctx);
}

int page_org_tree(struct http_req *r, struct http_resp *w, void *appv)
{
    struct app *app = appv;
    if (!app_role_or_reply(r, w, ROLE_STAFF))
        return 0;
    struct svc_org_unit *units = NULL;
    int n = 0;
    struct err e = {0};
    if (svc_org_tree(app->svc, r->arena, &units, &n, &e) != 0)
        return app_err(r, w, &e);
    json_t *rows = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s?, s:s, s:s?, s:i, s:b}", "key",
                                              units[i].key, "name", units[i].name, "level",
                                              org_level_label(units[i].level), "agency_code",
                                              units[i].agency_code, "valid_from",
                                              units[i].valid_from, "valid_to", units[i].valid_to,
                                              "depth", units[i].depth < 6 ? units[i].depth : 6,
                                              "closed", units[i].valid_to != NULL));
    return page_render(r, w, 200, "org_tree", "Cơ cấu tổ chức",
                       json_pack("{s:o, s:i}", "units", rows, "count", n));
}
