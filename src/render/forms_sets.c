/* forms_sets.c — which official form set applies on a given date, as data. Circular
 * 01/2018/TT-VPCP (Art. 9) has six forms; Circular 03/2025/TT-VPCP, which replaced it on
 * 2025-09-15, has seven: it splits the apology into an apology with an extension request and
 * adds a notice of stopping processing, which shifts the control sheet and the tracking book
 * to numbers 06 and 07. A dossier's documents use the set in force when it was received, so
 * a reprint of an old receipt keeps its old number and title. The wording of how a component
 * is handed in (original, copy, shown for comparison) lives here too, beside the titles. */
#include "forms.h"

#include "cal_date.h"

#include <stdlib.h>
#include <string.h>

#define RECEIPT_TITLE    "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
#define SUPPLEMENT_TITLE "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"
#define REFUSAL_TITLE    "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"
#define CONTROL_TITLE    "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"
#define BOOK_TITLE       "SỔ THEO DÕI HỒ SƠ"

#define RECEIPT                                                                                    \
    {                                                                                              \
        "Mẫu số 01", RECEIPT_TITLE, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"    \
    }
#define SUPPLEMENT                                                                                 \
    {                                                                                              \
        "Mẫu số 02", SUPPLEMENT_TITLE, "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"      \
    }
#define REFUSAL                                                                                    \
    {                                                                                              \
        "Mẫu số 03", REFUSAL_TITLE, "Phiếu từ chối tiếp nhận giải quyết hồ sơ"    \
    }
#define CONTROL(n)                                                                                 \
    {                                                                                              \
        n, CONTROL_TITLE, "Phiếu kiểm soát quá trình giải quyết hồ sơ"               \
    }
#define BOOK(n)                                                                                    \
    {                                                                                              \
        n, BOOK_TITLE, "Sổ theo dõi hồ sơ"                                                   \
    }

/* Newest last; forms_set_for_date() takes the last one already in force. */
static const struct forms_set sets[] = {
    {
        .circular = "01/2018/TT-VPCP",
        .effective = "2019-01-06",
        .apology_promise = "xin lỗi ông/bà và hẹn trả kết quả vào",
        .forms =
            {
                [FORM_RECEIPT] = RECEIPT,
                [FORM_SUPPLEMENT] = SUPPLEMENT,
                [FORM_REFUSAL] = REFUSAL,
                [FORM_APOLOGY] = {"Mẫu số 04", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
                                  "Phiếu xin lỗi và hẹn lại ngày trả kết quả"},
                [FORM_STOP] = {NULL, NULL, NULL},
                [FORM_CONTROL] = CONTROL("Mẫu số 05"),
                [FORM_BOOK] = BOOK("Mẫu số 06"),
            },
    },
    {
        .circular = "03/2025/TT-VPCP",
        .effective = "2025-09-15",
        .apology_promise = "xin lỗi ông/bà và đề nghị gia hạn thời gian giải quyết hồ sơ đến",
        .forms =
            {
                [FORM_RECEIPT] = RECEIPT,
                [FORM_SUPPLEMENT] = SUPPLEMENT,
                [FORM_REFUSAL] = REFUSAL,
                [FORM_APOLOGY] = {"Mẫu số 04",
                                  "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
                                  "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"},
                [FORM_STOP] = {"Mẫu số 05", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
                               "Thông báo dừng giải quyết hồ sơ"},
                [FORM_CONTROL] = CONTROL("Mẫu số 06"),
                [FORM_BOOK] = BOOK("Mẫu số 07"),
            },
    },
};

#define NSETS (sizeof sets / sizeof sets[0])

int forms_set_for_date(const char *date, const struct forms_set **out, struct err *e)
{
    int32_t day, first;
    *out = NULL;
    if (!date || cal_parse_date(date, &day, e))
        return err_set(e, E_INVALID, "date", "ngày \"%s\" không đúng dạng YYYY-MM-DD",
                       date ? date : "");
    for (size_t i = NSETS; i-- > 0;) {
        if (cal_parse_date(sets[i].effective, &first, NULL))
            abort();
        if (day >= first) {
            *out = &sets[i];
            return 0;
        }
    }
    return err_set(e, E_NOTFOUND, "date", "chưa có bộ biểu mẫu nào có hiệu lực vào ngày %s", date);
}

const struct forms_entry *forms_entry(const struct forms_set *set, enum forms_kind kind)
{
    if (!set || kind < 0 || kind >= FORM_KIND_COUNT || !set->forms[kind].number)
        return NULL;
    return &set->forms[kind];
}

int forms_entry_number(const struct forms_entry *entry)
{
    static const char prefix[] = "Mẫu số ";
    if (!entry || !entry->number || strncmp(entry->number, prefix, sizeof prefix - 1) != 0)
        return 0;
    return atoi(entry->number + sizeof prefix - 1);
}

const char *forms_copy_label(enum forms_copy kind)
{
    static const char *const labels[] = {
        [FORMS_ORIGINAL] = "Bản chính",
        [FORMS_CERTIFIED_COPY] = "Bản sao có chứng thực",
        [FORMS_COPY] = "Bản sao",
        [FORMS_PRESENT] = "Xuất trình bản chính để đối chiếu",
    };
    return kind >= FORMS_ORIGINAL && kind <= FORMS_PRESENT ? labels[kind] : NULL;
}

int forms_copy_parse(const char *key)
{
    static const char *const keys[] = {
        [FORMS_ORIGINAL] = "original",
        [FORMS_CERTIFIED_COPY] = "certified_copy",
        [FORMS_COPY] = "copy",
        [FORMS_PRESENT] = "present",
    };
    for (int i = 0; key && i <= FORMS_PRESENT; i++)
        if (strcmp(keys[i], key) == 0)
            return i;
    return -1;
}
