/* routes.c — the table of page routes. Paths under /desk are for staff; everything else is
 * the public portal. */
#include "page.h"
#include "pages_catalogue.h"
#include "pages_national.h"
#include "pages_dossier.h"
#include "pages_oidc.h"
#include "pages_online.h"
#include "pages_feedback_desk.h"
#include "pages_password.h"
#include "pages_payments.h"
#include "pages_stats.h"
#include "web.h"
#include "pages_ratings.h"
#include "pages_outbox.h"
#include "pages_exchange.h"
#include "pages_account.h"
#include "pages_paper.h"

static const struct http_route routes[] = {
    {"GET", "/", page_home, HTTP_BODY_NONE},
    {"GET", "/login", page_login_form, HTTP_BODY_NONE},
    {"POST", "/login", page_login_submit, HTTP_BODY_FORM},
    {"POST", "/logout", page_logout, HTTP_BODY_FORM},
    {"GET", "/desk", page_desk_home, HTTP_BODY_NONE},
    {"GET", "/desk/org", page_org_tree, HTTP_BODY_NONE},
    {"GET", "/desk/users", page_users, HTTP_BODY_NONE},
    {"POST", "/desk/users", page_user_add, HTTP_BODY_FORM},
    {"POST", "/desk/users/{username}/roles", page_user_grant, HTTP_BODY_FORM},
    {"GET", "/desk/audit", page_audit, HTTP_BODY_NONE},
    {"GET", "/desk/thong-bao", page_desk_outbox, HTTP_BODY_NONE},
    {"POST", "/desk/thong-bao/{id}/gui-lai", page_desk_outbox_requeue, HTTP_BODY_FORM},
    {"GET", "/desk/lien-thong", page_exchange, HTTP_BODY_NONE},
    {"GET", "/desk/lien-thong/{partner}", page_exchange_partner, HTTP_BODY_NONE},
    {"POST", "/desk/lien-thong/tin/{id}/gui-lai", page_exchange_resend, HTTP_BODY_FORM},
    {"POST", "/desk/lien-thong/tin/{id}/bo-qua", page_exchange_skip, HTTP_BODY_FORM},
    {"POST", "/desk/lien-thong/{partner}/doi-soat", page_exchange_reconcile, HTTP_BODY_FORM},
    {"POST", "/desk/lien-thong/khac-biet/{id}/gui-lai", page_exchange_difference_resend,
     HTTP_BODY_FORM},
    {"GET", "/assets/{*rest}", page_asset, HTTP_BODY_NONE},
    {"GET", "/desk/lich", page_calendar, HTTP_BODY_NONE},
    {"POST", "/desk/lich", page_calendar_save, HTTP_BODY_FORM | HTTP_BODY_MULTIPART},
    {"POST", "/desk/lich/gio-lam-viec", page_office_hours_save, HTTP_BODY_FORM},
    {"POST", "/desk/lich/van-ban", page_calendar_notice, HTTP_BODY_FORM},
    {"GET", "/thu-tuc", page_catalogue, HTTP_BODY_NONE},
    {"GET", "/thu-tuc/{code}", page_procedure, HTTP_BODY_NONE},
    {"GET", "/thu-tuc/{code}/qr.svg", page_procedure_qr, HTTP_BODY_NONE},
    {"GET", "/desk/thu-tuc", page_desk_catalogue, HTTP_BODY_NONE},
    {"GET", "/desk/thu-tuc/{code}", page_desk_procedure, HTTP_BODY_NONE},
    {"POST", "/desk/thu-tuc/{code}", page_desk_procedure_save, HTTP_BODY_FORM},
    {"GET", "/desk/danh-muc-quoc-gia", page_national_catalogue, HTTP_BODY_NONE},
    {"POST", "/desk/danh-muc-quoc-gia", page_national_catalogue_import, HTTP_BODY_FORM},
    {"GET", "/desk/tiep-nhan", page_reception, HTTP_BODY_NONE},
    {"GET", "/desk/so-theo-doi", page_tracking_book, HTTP_BODY_NONE},
    {"GET", "/desk/tre-han", page_desk_late, HTTP_BODY_NONE},
    {"POST", "/desk/tiep-nhan", page_reception_submit, HTTP_BODY_FORM},
    {"GET", "/desk/ho-so", page_dossier_inbox, HTTP_BODY_NONE},
    {"GET", "/desk/ho-so/{code}", page_dossier, HTTP_BODY_NONE},
    {"POST", "/desk/ho-so/{code}/hanh-dong", page_dossier_act, HTTP_BODY_FORM},
    {"GET", "/desk/ho-so/{code}/mau/{form}", page_dossier_form, HTTP_BODY_NONE},
    {"GET", "/tra-cuu", page_lookup, HTTP_BODY_NONE},
    {"GET", "/tra-cuu/{code}", page_lookup_code, HTTP_BODY_NONE},
    {"GET", "/desk/thong-ke", page_stats, HTTP_BODY_NONE},
    {"GET", "/desk/thong-ke/ho-so", page_stats_dossiers, HTTP_BODY_NONE},
    {"GET", "/dang-ky", page_signup_form, HTTP_BODY_NONE},
    {"POST", "/dang-ky", page_signup_submit, HTTP_BODY_FORM},
    {"GET", "/xac-minh", page_verify_form, HTTP_BODY_NONE},
    {"POST", "/xac-minh", page_verify_submit, HTTP_BODY_FORM},
    {"GET", "/nop-truc-tuyen/{code}", page_online_start, HTTP_BODY_NONE},
    {"POST", "/nop-truc-tuyen/{code}", page_online_create, HTTP_BODY_FORM},
    {"GET", "/ho-so-nhap/{id}", page_draft_fill, HTTP_BODY_NONE},
    {"POST", "/ho-so-nhap/{id}", page_draft_save, HTTP_BODY_FORM | HTTP_BODY_MULTIPART},
    {"GET", "/ho-so-nhap/{id}/xem-lai", page_draft_review, HTTP_BODY_NONE},
    {"POST", "/ho-so-nhap/{id}/nop", page_draft_submit, HTTP_BODY_FORM},
    {"GET", "/ho-so-cua-toi", page_my_dossiers, HTTP_BODY_NONE},
    {"GET", "/ho-so-cua-toi/{code}", page_my_dossier, HTTP_BODY_NONE},
    {"GET", "/ho-so-cua-toi/{code}/rut", page_my_withdraw_confirm, HTTP_BODY_NONE},
    {"POST", "/ho-so-cua-toi/{code}/rut", page_my_withdraw, HTTP_BODY_FORM},
    {"GET", "/oidc/login", page_oidc_login, HTTP_BODY_NONE},
    {"GET", "/oidc/callback", page_oidc_callback, HTTP_BODY_NONE},
    {"POST", "/desk/ho-so/{code}/tep", page_dossier_upload, HTTP_BODY_FORM | HTTP_BODY_MULTIPART},
    {"POST", "/desk/ho-so/{code}/le-phi", page_dossier_fee_request, HTTP_BODY_FORM},
    {"POST", "/desk/ho-so/{code}/le-phi/quay", page_dossier_fee_counter, HTTP_BODY_FORM},
    {"POST", "/desk/ho-so/{code}/tham-van", page_dossier_consult, HTTP_BODY_FORM},
    {"POST", "/desk/ho-so/{code}/tham-van/{id}", page_dossier_consult_answer, HTTP_BODY_FORM},
    {"GET", "/danh-gia/{code}", page_rating_counter, HTTP_BODY_NONE},
    {"POST", "/danh-gia/{code}", page_rating_counter_submit, HTTP_BODY_FORM},
    {"POST", "/ho-so-cua-toi/{code}/danh-gia", page_my_rating, HTTP_BODY_FORM},
    {"GET", "/phan-anh", page_feedback, HTTP_BODY_NONE},
    {"POST", "/phan-anh", page_feedback_submit, HTTP_BODY_FORM},
    {"GET", "/quen-mat-khau", page_password_forgot, HTTP_BODY_NONE},
    {"POST", "/quen-mat-khau", page_password_forgot_submit, HTTP_BODY_FORM},
    {"GET", "/quen-mat-khau/xac-nhan", page_password_reset, HTTP_BODY_NONE},
    {"POST", "/quen-mat-khau/xac-nhan", page_password_reset_submit, HTTP_BODY_FORM},
    {"POST", "/ho-so-cua-toi/{code}/thanh-toan", page_my_payment, HTTP_BODY_FORM},
    {"GET", "/thanh-toan/ket-qua", page_payment_return, HTTP_BODY_NONE},
    {"POST", "/desk/ho-so/{code}/le-phi/huy", page_dossier_fee_cancel, HTTP_BODY_FORM},
    {"POST", "/desk/ho-so/{code}/buu-chinh", page_dossier_postal, HTTP_BODY_FORM},
    {"GET", "/desk/phan-anh", page_desk_feedback, HTTP_BODY_NONE},
    {"POST", "/desk/phan-anh/{id}/tra-loi", page_desk_feedback_answer, HTTP_BODY_FORM},
    {"POST", "/ho-so-nhap/{id}/tep", page_draft_files, HTTP_BODY_MULTIPART},
    {"POST", "/ho-so-cua-toi/{code}/bo-sung", page_my_supplement, HTTP_BODY_MULTIPART},
    {"GET", "/tai-khoan", page_account, HTTP_BODY_NONE},
    {"GET", "/favicon.ico", page_favicon, HTTP_BODY_NONE},
    {"GET", "/thong-ke", page_public_stats, HTTP_BODY_NONE},
    {"GET", "/huong-dan", page_help, HTTP_BODY_NONE},
    {"GET", "/bieu-mau/{form}", page_eform_blank, HTTP_BODY_NONE},
    {"GET", "/ho-so-nhap/{id}/to-khai/{form}", page_eform_fill, HTTP_BODY_NONE},
    {"POST", "/ho-so-nhap/{id}/to-khai/{form}", page_eform_submit, HTTP_BODY_FORM},
    {"POST", "/tai-khoan/thong-bao", page_account_notify_save, HTTP_BODY_FORM},
    {"GET", "/kiem-tra", page_paper_check, HTTP_BODY_NONE},
    {"POST", "/kiem-tra", page_paper_check_upload, HTTP_BODY_FORM | HTTP_BODY_MULTIPART},
    {"GET", "/kiem-tra/{token}", page_paper_check_token, HTTP_BODY_NONE},
    {"GET", "/neo-nhat-ky", page_anchors, HTTP_BODY_NONE},
    {"POST", "/desk/audit/neo", page_anchor_now, HTTP_BODY_FORM},
};

const struct http_route *web_routes(int *n)
{
    *n = (int)(sizeof routes / sizeof routes[0]);
    return routes;
}
