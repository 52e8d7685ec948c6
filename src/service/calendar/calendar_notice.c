/* calendar_notice.c — a notice that changes the working calendar (a Prime Minister's decision
 * or a Ministry of Home Affairs notice on Tết, a swapped day, a Saturday worked), entered as
 * a form — the day or days as dd/mm/yyyy, off or worked, the notice's number and date, what
 * the days are — instead of a year's JSON pasted by hand (issue #14, item 13). The days are
 * merged into the year in force (its official days, or the default rule's estimate when the
 * year has no notice yet), the notice is added to the year's notices, and the year is stored
 * as svc_calendar_set_year stores it, so every appointment computed afterwards follows it.
 * Every problem with the form is named with its field before anything is written. */
#include "svc_calendar.h"
#include "jpack.h"

#include "cal_date.h"
#include "cal_holiday.h"
#include "cal_rules.h"
#include "calendar_store.h"
#include "svc_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOTICE_SPAN_MAX 31 /* the longest break a notice fixes is Tết, 9 days; a month at most */

/* dd/mm/yyyy as people write it (d/m/yyyy too) into a day number; -1 when it is not a date. */
static int32_t parse_dmy(const char *s)
{
    int d = 0, m = 0, y = 0, len = 0;
    if (!s || sscanf(s, "%2d/%2d/%4d%n", &d, &m, &y, &len) != 3 || s[len] || y < 1900 ||
        !cal_ymd_valid(y, m, d))
        return -1;
    return cal_day_from_ymd(y, m, d);
}

static int32_t until_day(const struct svc_cal_notice *in, int32_t from)
{
    return in->to && *in->to ? parse_dmy(in->to) : from;
}

static int year_of(int32_t day)
{
    char ymd[16];
    cal_format_date(day, ymd, sizeof ymd);
    int y = 0;
    sscanf(ymd, "%4d", &y);
    return y;
}

static void add(struct err *problems, int max, int *n, const char *field, const char *msg)
{
    if (*n < max)
        err_set(&problems[(*n)++], E_INVALID, field, "%s", msg);
}

int svc_calendar_notice_check(const struct svc_cal_notice *in, struct err *problems, int max,
                              int *n)
{
    *n = 0;
    int32_t from = parse_dmy(in->from), to = from < 0 ? -1 : until_day(in, from);
    if (from < 0)
        add(problems, max, n, "from",
            "Ngày (từ ngày) phải viết theo dạng ngày/tháng/năm, ví dụ 16/02/2026");
    else if (in->to && *in->to && parse_dmy(in->to) < 0)
        add(problems, max, n, "to",
            "Đến ngày phải viết theo dạng ngày/tháng/năm, ví dụ 20/02/2026");
    else if (to < from)
        add(problems, max, n, "to", "Đến ngày phải sau hoặc bằng từ ngày");
    else if (year_of(to) != year_of(from))
        add(problems, max, n, "to", "Các ngày của một văn bản phải cùng một năm");
    else if (to - from + 1 > NOTICE_SPAN_MAX)
        add(problems, max, n, "to", "Một văn bản thay đổi tối đa 31 ngày liên tiếp");
    int work = in->kind && strcmp(in->kind, "work") == 0;
    if (!in->kind || (!work && strcmp(in->kind, "off") != 0))
        add(problems, max, n, "kind", "Hãy chọn loại ngày: nghỉ hoặc làm bù");
    else if (work && from >= 0 && to >= from)
        for (int32_t d = from; d <= to; d++)
            if (!cal_is_weekend(d)) {
                add(problems, max, n, "from",
                    "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật (ngày thường đã là ngày làm việc)");
                break;
            }
    /* the bounds are the stored year's, in bytes (a Vietnamese letter takes two or three) */
    if (!in->notice || !*in->notice)
        add(problems, max, n, "notice",
            "Ghi số hiệu và ngày của văn bản, ví dụ “Thông báo 9441/TB-BNV ngày 16/10/2025”");
    else if (strlen(in->notice) >= CAL_NOTICE_MAX)
        add(problems, max, n, "notice", "Số hiệu và ngày của văn bản dài quá: hãy ghi ngắn lại");
    if (!in->name || !*in->name)
        add(problems, max, n, "name", "Ghi tên ngày nghỉ hoặc ngày làm bù, ví dụ “Tết Nguyên đán”");
    else if (strlen(in->name) >= CAL_NAME_MAX)
        add(problems, max, n, "name", "Tên ngày nghỉ, làm bù dài quá: hãy ghi ngắn lại");
    return *n ? E_INVALID : 0;
}

struct notice_ctx {
    struct svc *s;
    const struct actor *a;
    const struct svc_cal_notice *in;
    int32_t from, to;
    int year;
};

static json_t *day_json(int32_t day, int off, const char *name, int uncertain)
{
    char ymd[16];
    cal_format_date(day, ymd, sizeof ymd);
    json_t *j = jpack("{s:s, s:s, s:s}", "date", ymd, "kind", off ? "off" : "work", "name", name);
    if (uncertain)
        json_object_set_new(j, "uncertain", json_true());
    return j;
}

/* The year as it is in force, with the notice's days in place of what it said of them. */
static int merged_year(const struct notice_ctx *x, const struct cal_rules *rules, json_t **out,
                       struct err *e)
{
    const struct cal_official_year *y = cal_rules_year(rules, x->year);
    struct cal_day est[CAL_YEAR_MAX_DAYS * 2];
    const struct cal_day *days = y ? y->days : est;
    int n = y ? y->ndays : 0;
    if (!y) {
        int rc = cal_holidays(rules, x->year, est, (int)(sizeof est / sizeof est[0]), &n, e);
        if (rc)
            return rc;
    }
    json_t *list = json_array(), *notices = json_array();
    int added = 0;
    for (int i = 0; i < n; i++) {
        if (days[i].day > x->to && !added) {
            for (int32_t d = x->from; d <= x->to; d++)
                json_array_append_new(list,
                                      day_json(d, strcmp(x->in->kind, "off") == 0, x->in->name, 0));
            added = 1;
        }
        if ((days[i].day < x->from || days[i].day > x->to) && (y || cal_day_changes_week(&days[i])))
            json_array_append_new(list, day_json(days[i].day, days[i].kind == CAL_OFF, days[i].name,
                                                 days[i].uncertain));
    }
    for (int32_t d = x->from; !added && d <= x->to; d++)
        json_array_append_new(list, day_json(d, strcmp(x->in->kind, "off") == 0, x->in->name, 0));
    for (int i = 0; y && i < y->nnotices; i++)
        if (strcmp(y->notices[i], x->in->notice) != 0)
            json_array_append_new(notices, json_string(y->notices[i]));
    json_array_append_new(notices, json_string(x->in->notice));
    if (json_array_size(notices) > CAL_NOTICES_MAX || json_array_size(list) > CAL_YEAR_MAX_DAYS) {
        json_decref(list);
        json_decref(notices);
        return err_set(e, E_INVALID, "notice",
                       "Năm %d đã đủ %d văn bản hoặc %d ngày: hãy cập nhật cả năm bằng tệp lịch",
                       x->year, CAL_NOTICES_MAX, CAL_YEAR_MAX_DAYS);
    }
    *out = jpack("{s:i, s:b, s:s, s:o, s:o}", "year", x->year, "uncertain", y ? y->uncertain : 0,
                 "source", y ? y->source : x->in->notice, "notices", notices, "days", list);
    return 0;
}

/* Checks the year by merging it into a scratch copy of the rules, as an import would. */
static int valid_year(json_t *year, struct err *e)
{
    struct cal_rules *scratch = cal_rules_new();
    if (!scratch)
        return err_set(e, E_NOMEM, NULL, "out of memory");
    json_t *doc = jpack("{s:[O]}", "years", year);
    int rc = cal_rules_from_json(scratch, doc, e);
    json_decref(doc);
    cal_rules_free(scratch);
    if (rc)
        err_set(e, E_INVALID, "from", "Lịch sau khi thêm văn bản không hợp lệ: %s", e->msg);
    return rc;
}

static int notice_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct notice_ctx *x = ctx;
    struct cal_snap *snap = NULL;
    json_t *year = NULL;
    int rc = perm_require(c, x->a, ROLE_ADMIN, 0, e);
    if (!rc)
        rc = svc_cal_acquire(x->s, c, &snap, e);
    if (!rc)
        rc = merged_year(x, svc_cal_rules(snap), &year, e);
    if (snap)
        svc_cal_release(snap);
    if (!rc)
        rc = valid_year(year, e);
    char *body = rc ? NULL : json_dumps(year, JSON_COMPACT | JSON_SORT_KEYS);
    char id[16];
    snprintf(id, sizeof id, "%d", x->year);
    if (!rc)
        rc = calendar_put_year(c, x->year, body, svc_now(), x->a->username, e);
    if (!rc)
        rc = svc_audit_json(c, x->a, "calendar.notice", "calendar", id,
                            jpack("{s:s, s:s, s:s, s:i}", "notice", x->in->notice, "kind",
                                  x->in->kind, "name", x->in->name, "days",
                                  (int)(x->to - x->from + 1)),
                            e);
    free(body);
    json_decref(year);
    return rc;
}

int svc_calendar_notice_add(struct svc *s, const struct actor *a, const struct svc_cal_notice *in,
                            int *year, struct err *e)
{
    struct err problems[1];
    int n = 0;
    if (svc_calendar_notice_check(in, problems, 1, &n) != 0) {
        *e = problems[0];
        return E_INVALID;
    }
    struct notice_ctx x = {s, a, in, parse_dmy(in->from), 0, 0};
    x.to = until_day(in, x.from);
    x.year = year_of(x.from);
    int rc = db_tx(s->db, notice_tx, &x, e);
    if (!rc && year)
        *year = x.year;
    return rc;
}
