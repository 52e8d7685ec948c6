/* dossier_state.c — the transition table of dossier_state.h. One row per action lists the
 * states it may start from; everything not listed is refused with a message a person can act
 * on, so a double click or a stale page never moves a dossier somewhere the law does not. */
#include "dossier_state.h"

#include <string.h>

#define FROM(s) (1u << (s))

static const struct {
    const char *name;
    unsigned from;
    enum dossier_state to;
} actions[DA_COUNT] = {
    [DA_SUBMIT_ONLINE] = {"submit_online", FROM(DS_NONE), DS_SUBMITTED},
    [DA_ACCEPT] = {"accept", FROM(DS_NONE) | FROM(DS_SUBMITTED) | FROM(DS_RECEPTION_SUPPLEMENT),
                   DS_PROCESSING},
    [DA_RECEPTION_SUPPLEMENT] = {"reception_supplement", FROM(DS_NONE) | FROM(DS_SUBMITTED),
                                 DS_RECEPTION_SUPPLEMENT},
    [DA_REFUSE_RECEPTION] = {"refuse_reception",
                             FROM(DS_NONE) | FROM(DS_SUBMITTED) | FROM(DS_RECEPTION_SUPPLEMENT),
                             DS_REFUSED},
    [DA_ADVANCE] = {"advance", FROM(DS_PROCESSING), DS_PROCESSING},
    [DA_REQUEST_SUPPLEMENT] = {"request_supplement", FROM(DS_PROCESSING), DS_SUPPLEMENT},
    [DA_SUPPLEMENT_RECEIVED] = {"supplement_received", FROM(DS_SUPPLEMENT), DS_PROCESSING},
    [DA_REFUSE] = {"refuse", FROM(DS_PROCESSING), DS_RESULT_READY},
    [DA_EXTEND] = {"extend", FROM(DS_PROCESSING), DS_PROCESSING},
    [DA_STOP] = {"stop", FROM(DS_PROCESSING) | FROM(DS_SUPPLEMENT), DS_STOPPED},
    [DA_WITHDRAW] = {"withdraw",
                     FROM(DS_SUBMITTED) | FROM(DS_RECEPTION_SUPPLEMENT) | FROM(DS_PROCESSING) |
                         FROM(DS_SUPPLEMENT) | FROM(DS_RESULT_READY),
                     DS_WITHDRAWN},
    [DA_RETURN] = {"return", FROM(DS_RESULT_READY), DS_RETURNED},
    [DA_ASSIGN] = {"assign", FROM(DS_PROCESSING), DS_PROCESSING},
    [DA_SUPPLEMENT_ONLINE] = {"supplement_online", FROM(DS_RECEPTION_SUPPLEMENT), DS_SUBMITTED},
};

static const struct {
    const char *name, *label;
    int national;
    int final;
} states[DS_COUNT] = {
    [DS_NONE] = {"none", "Chưa tiếp nhận", 0, 0},
    [DS_SUBMITTED] = {"submitted", "Mới đăng ký, chờ tiếp nhận", 1, 0},
    [DS_RECEPTION_SUPPLEMENT] = {"reception_supplement", "Chờ bổ sung hồ sơ", 5, 0},
    [DS_REFUSED] = {"refused", "Từ chối tiếp nhận", 3, 1},
    [DS_PROCESSING] = {"processing", "Đang xử lý", 4, 0},
    [DS_SUPPLEMENT] = {"supplement", "Chờ bổ sung hồ sơ", 5, 0},
    [DS_STOPPED] = {"stopped", "Dừng xử lý", 8, 1},
    [DS_WITHDRAWN] = {"withdrawn", "Đã rút hồ sơ", 8, 1},
    [DS_RESULT_READY] = {"result_ready", "Đã có kết quả", 9, 0},
    [DS_RETURNED] = {"returned", "Đã trả kết quả", 10, 1},
};

static const char *const national_labels[11] = {
    "",
    "Mới đăng ký",
    "Được tiếp nhận",
    "Không được tiếp nhận",
    "Đang xử lý",
    "Yêu cầu bổ sung giấy tờ",
    "Yêu cầu thực hiện nghĩa vụ tài chính",
    "Công dân yêu cầu rút hồ sơ",
    "Dừng xử lý",
    "Đã xử lý xong",
    "Đã trả kết quả",
};

int dossier_transition(enum dossier_state from, enum dossier_action action, enum dossier_state *to,
                       struct err *e)
{
    if ((unsigned)action >= DA_COUNT || (unsigned)from >= DS_COUNT)
        return err_set(e, E_INVALID, "action", "Thao tác không hợp lệ");
    if (!(actions[action].from & FROM(from))) {
        if (states[from].final)
            return err_set(e, E_CONFLICT, "action", "Hồ sơ đã kết thúc (%s), không thể thay đổi",
                           states[from].label);
        return err_set(e, E_CONFLICT, "action",
                       "Không thể thực hiện thao tác này khi hồ sơ ở trạng thái \"%s\"",
                       states[from].label);
    }
    *to = actions[action].to;
    return 0;
}

int dossier_national_status(enum dossier_state s)
{
    return (unsigned)s < DS_COUNT ? states[s].national : 0;
}

int dossier_state_final(enum dossier_state s)
{
    return (unsigned)s < DS_COUNT && states[s].final;
}

const char *dossier_state_name(enum dossier_state s)
{
    return (unsigned)s < DS_COUNT ? states[s].name : "";
}

int dossier_state_parse(const char *name, enum dossier_state *out)
{
    for (int i = 0; name && i < DS_COUNT; i++)
        if (strcmp(states[i].name, name) == 0) {
            *out = (enum dossier_state)i;
            return 0;
        }
    return E_INVALID;
}

const char *dossier_action_name(enum dossier_action a)
{
    return (unsigned)a < DA_COUNT ? actions[a].name : "";
}

int dossier_action_parse(const char *name, enum dossier_action *out)
{
    for (int i = 0; name && i < DA_COUNT; i++)
        if (strcmp(actions[i].name, name) == 0) {
            *out = (enum dossier_action)i;
            return 0;
        }
    return E_INVALID;
}

const char *dossier_state_label(enum dossier_state s)
{
    return (unsigned)s < DS_COUNT ? states[s].label : "";
}

const char *dossier_national_label(int code)
{
    return code >= 1 && code <= 10 ? national_labels[code] : "";
}
