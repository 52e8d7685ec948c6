/* labels.c — the names people read for the codes the service stores (svc_labels.h). The
 * codes stay in the database and the API, where programs read them; every page, e-mail and
 * document asks here for the words, so a code is named the same way everywhere and a new
 * code needs one line here. tests/http/test_page_crawl.c fails when a page shows a code. */
#include "svc_labels.h"

#include <string.h>

struct label {
    const char *code, *text;
};

static const char *find(const struct label *t, const char *code)
{
    for (; code && t->code; t++)
        if (strcmp(t->code, code) == 0)
            return t->text;
    return NULL;
}

/* What happened to a dossier, as its timeline says it (dossier_events.action). */
static const struct label dossier_events[] = {
    {"submit_online", "Nộp hồ sơ trực tuyến"},
    {"accept", "Tiếp nhận hồ sơ"},
    {"reception_supplement", "Hướng dẫn bổ sung hồ sơ khi tiếp nhận"},
    {"refuse_reception", "Từ chối tiếp nhận hồ sơ"},
    {"advance", "Hoàn thành bước, chuyển bước tiếp theo"},
    {"assign", "Giao hồ sơ cho chuyên viên xử lý"},
    {"request_supplement", "Yêu cầu bổ sung hồ sơ"},
    {"supplement_received", "Đã nhận đủ hồ sơ bổ sung, tính lại thời hạn"},
    {"supplement_online", "Người nộp đã bổ sung hồ sơ trực tuyến, chờ tiếp nhận"},
    {"refuse", "Từ chối giải quyết"},
    {"extend", "Xin lỗi và hẹn lại ngày trả kết quả"},
    {"stop", "Dừng xử lý hồ sơ"},
    {"withdraw", "Rút hồ sơ theo yêu cầu của người nộp"},
    {"return", "Trả kết quả"},
    {"consult", "Xin ý kiến cơ quan, đơn vị liên quan"},
    {"consult_answer", "Cơ quan, đơn vị được xin ý kiến đã trả lời"},
    {"payment_request", "Yêu cầu nộp phí, lệ phí"},
    {"payment_paid", "Đã nộp phí, lệ phí"},
    {"payment_cancel", "Hủy yêu cầu nộp phí, lệ phí"},
    {NULL, NULL},
};

/* Audit actions and outbox events. */
static const struct label events[] = {
    /* the audit log */
    {"calendar.year", "Cập nhật lịch nghỉ, ngày làm bù của năm"},
    {"citizen.signup", "Đăng ký tài khoản công dân"},
    {"citizen.verify", "Xác minh tài khoản công dân"},
    {"citizen.reset_request", "Yêu cầu đặt lại mật khẩu"},
    {"citizen.password_reset", "Đặt lại mật khẩu"},
    {"citizen.oidc_link", "Liên kết tài khoản định danh điện tử"},
    {"dossier.file_upload", "Tải tệp lên hồ sơ"},
    {"dossier.postal_handover", "Giao hồ sơ, kết quả qua bưu chính"},
    {"dossier.rating", "Đánh giá mức độ hài lòng"},
    {"dossier.supplement_answer", "Người nộp bổ sung hồ sơ trực tuyến"},
    {"dossier.supplement_file_remove", "Xóa tệp bổ sung"},
    {"draft.start", "Bắt đầu lập hồ sơ trực tuyến"},
    {"draft.file_upload", "Tải tệp lên hồ sơ đang lập"},
    {"draft.file_reuse", "Dùng lại giấy tờ đã lưu"},
    {"draft.file_remove", "Xóa tệp của hồ sơ đang lập"},
    {"feedback.send", "Gửi phản ánh, kiến nghị"},
    {"feedback.answer", "Trả lời phản ánh, kiến nghị"},
    {"login", "Đăng nhập"},
    {"login.oidc", "Đăng nhập bằng tài khoản định danh điện tử"},
    {"notify.prefs", "Đổi cách nhận thông báo"},
    {"office_hours.set", "Đặt giờ làm việc"},
    {"org.add", "Thêm đơn vị"},
    {"org.rename", "Đổi tên đơn vị"},
    {"org.merge", "Sáp nhập đơn vị"},
    {"outbox.requeue", "Gửi lại thông báo"},
    {"payment.request", "Yêu cầu nộp phí, lệ phí"},
    {"payment.paid", "Đã nộp phí, lệ phí"},
    {"payment.cancel", "Hủy yêu cầu nộp phí, lệ phí"},
    {"payment.vnpay_failed", "Thanh toán qua VNPAY không thành công"},
    {"procedure.create", "Thêm thủ tục hành chính"},
    {"procedure.version", "Sửa thủ tục hành chính (phiên bản mới)"},
    {"procedure.import", "Nhập thủ tục hành chính"},
    {"procedure.retire", "Bãi bỏ thủ tục hành chính"},
    {"procedure.units", "Đặt đơn vị tiếp nhận, giải quyết thủ tục"},
    {"procedure.synthetic", "Tạo thủ tục mẫu để thử tải"},
    {"stats.rebuild", "Tính lại số liệu thống kê"},
    {"user.add", "Thêm người dùng"},
    {"user.grant", "Phân quyền người dùng"},
    {"user.passwd", "Đổi mật khẩu người dùng"},
    /* the outbox */
    {"dossier.submitted", "Có hồ sơ nộp trực tuyến mới"},
    {"dossier.received", "Hồ sơ đã được tiếp nhận"},
    {"dossier.supplement_requested", "Hồ sơ cần bổ sung"},
    {"dossier.supplement_answered", "Hồ sơ có bổ sung mới"},
    {"dossier.refused", "Hồ sơ không được tiếp nhận"},
    {"dossier.payment_requested", "Hồ sơ cần nộp phí, lệ phí"},
    {"dossier.processing", "Hồ sơ đang được giải quyết"},
    {"dossier.result_ready", "Hồ sơ đã có kết quả"},
    {"dossier.returned", "Hồ sơ đã trả kết quả"},
    {"dossier.apology", "Hồ sơ được hẹn lại ngày trả kết quả"},
    {"dossier.withdrawn", "Hồ sơ đã được rút"},
    {"dossier.stopped", "Hồ sơ đã dừng giải quyết"},
    {"deadline.step_due_soon", "Sắp đến hạn bước xử lý"},
    {"deadline.step_overdue", "Bước xử lý đã quá hạn"},
    {"deadline.due_soon", "Sắp đến hạn trả kết quả"},
    {"deadline.overdue", "Hồ sơ đã quá hạn trả kết quả"},
    {"deadline.propose_apology", "Đề nghị xin lỗi và hẹn lại ngày trả kết quả"},
    {"deadline.consult_due_soon", "Sắp đến hạn trả lời xin ý kiến"},
    {"deadline.consult_overdue", "Xin ý kiến đã quá hạn trả lời"},
    {"feedback.answered", "Phản ánh, kiến nghị đã được trả lời"},
    {"citizen.verify_code", "Mã xác minh tài khoản"},
    {"citizen.reset_code", "Mã đặt lại mật khẩu"},
    {NULL, NULL},
};

static const struct label objects[] = {
    {"audit", "Nhật ký hệ thống"},  {"calendar", "Lịch làm việc"},
    {"consultation", "Xin ý kiến"}, {"dossier", "Hồ sơ"},
    {"draft", "Hồ sơ đang lập"},    {"feedback", "Phản ánh, kiến nghị"},
    {"org_unit", "Đơn vị"},         {"outbox", "Thông báo"},
    {"procedure", "Thủ tục"},       {"stats", "Thống kê"},
    {"user", "Người dùng"},         {NULL, NULL},
};

static const struct label kinds[] = {
    {"staff", "Cán bộ"},
    {"citizen", "Công dân"},
    {"system", "Hệ thống"},
    {NULL, NULL},
};

const char *svc_dossier_event_label(const char *action)
{
    const char *s = find(dossier_events, action);
    return s ? s : "Cập nhật hồ sơ";
}

const char *svc_event_label(const char *code)
{
    const char *s = find(events, code);
    if (!s && code && strncmp(code, "dossier.", 8) == 0)
        s = find(dossier_events, code + 8);
    return s ? s : "Thao tác khác";
}

const char *svc_object_label(const char *type)
{
    const char *s = find(objects, type);
    return s ? s : "Khác";
}

const char *svc_user_kind_label(const char *kind)
{
    const char *s = find(kinds, kind);
    return s ? s : "Khác";
}

const char *const svc_rating_items[] = {"contacts", "bodies", "information", "attitude", NULL};
