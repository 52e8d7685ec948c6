/* catalogue_validate.c — the shape of a procedure document and its canonical form. Every
 * way a procedure enters the system (API, staff form, import file, demo data) passes through
 * svc_proc_normalize, so the rules live in one place: enumerations, counts, fee units, and
 * that the internal process fits the legal time limit (step budgets are working hours, 8 per
 * working day). The canonical form has every key present with defaults filled in, which makes
 * "is this a new version?" a comparison of two serialisations and export → import lossless.
 * Older single-fee documents ("fee": {…}, as in the demo catalogue) are converted to one fee
 * line per case. */
#include "svc_catalogue.h"
#include "jpack.h"

#include "forms.h"
#include "cal_deadline.h"
#include "text.h"

#include <stdio.h>
#include <string.h>

#define MAX_ITEMS 200
#define MAX_TEXT  2000

struct label {
    const char *value, *label;
};

static const struct label levels[] = {
    {"province", "Cấp tỉnh"}, {"district", "Cấp huyện"}, {"commune", "Cấp xã"}, {NULL, NULL}};
static const struct label onlines[] = {{"full", "Trực tuyến toàn trình"},
                                       {"partial", "Trực tuyến một phần"},
                                       {"none", "Không trực tuyến"},
                                       {NULL, NULL}};
/* The accepted keys only: their wording is printed on the receipt too, so it has one owner,
 * forms_copy_label() of render/forms.h. */
static const struct label kinds[] = {
    {"original", ""}, {"certified_copy", ""}, {"copy", ""}, {"present", ""}, {NULL, NULL}};
static const struct label pers[] = {
    {"page", "trang"}, {"copy", "bản"}, {"case", "hồ sơ"}, {NULL, NULL}};
static const struct label channels[] = {{"in_person", "Nộp trực tiếp"},
                                        {"online", "Nộp trực tuyến"},
                                        {"post", "Qua dịch vụ bưu chính công ích"},
                                        {NULL, NULL}};

static const char *label_of(const struct label *t, const char *v)
{
    for (; v && t->value; t++)
        if (strcmp(t->value, v) == 0)
            return t->label;
    return NULL;
}

const char *svc_proc_level_label(const char *level)
{
    return label_of(levels, level);
}

const char *svc_proc_online_label(const char *online)
{
    return label_of(onlines, online);
}

const char *svc_proc_kind_label(const char *kind)
{
    int k = forms_copy_parse(kind);
    return k < 0 ? NULL : forms_copy_label((enum forms_copy)k);
}

const char *svc_proc_per_label(const char *per)
{
    return label_of(pers, per);
}

const char *svc_proc_channel_label(const char *channel)
{
    return label_of(channels, channel);
}

int svc_proc_code_valid(const char *code)
{
    if (!code || strlen(code) != 8 || code[1] != '.')
        return 0;
    for (int i = 0; i < 8; i++)
        if (i != 1 && (code[i] < '0' || code[i] > '9'))
            return 0;
    return 1;
}

static int valid_date(const char *d)
{
    int y, m, day;
    char tail;
    return d && strlen(d) == 10 && sscanf(d, "%4d-%2d-%2d%c", &y, &m, &day, &tail) == 3 &&
           y >= 1945 && y <= 2999 && m >= 1 && m <= 12 && day >= 1 && day <= 31 && d[4] == '-' &&
           d[7] == '-';
}

/* Where we are in the document, for field names such as "steps[2].budget_hours". */
struct path {
    char at[64];
};

static const char *at(struct path *p, const char *list, size_t i, const char *key)
{
    if (list)
        snprintf(p->at, sizeof p->at, "%s[%zu].%s", list, i, key);
    else
        snprintf(p->at, sizeof p->at, "%s", key);
    return p->at;
}

static int bad(struct err *e, const char *field, const char *msg)
{
    return err_set(e, E_INVALID, field, "%s: %s", field, msg);
}

/* Refuses keys outside allowed (NULL-terminated), so a misspelt field is never ignored. */
static int only_keys(json_t *obj, const char *const *allowed, const char *where, struct err *e)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        int ok = 0;
        for (const char *const *k = allowed; *k && !ok; k++)
            ok = strcmp(*k, key) == 0;
        if (!ok) {
            char f[64];
            snprintf(f, sizeof f, "%s%s%s", where ? where : "", where ? "." : "", key);
            return bad(e, f, "trường không được hỗ trợ");
        }
    }
    return 0;
}

/* A string of 1..max code points (required) or absent/null (optional → NULL). */
static int get_text(json_t *obj, const char *key, int required, size_t max, const char *field,
                    const char **out, struct err *e)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return required ? bad(e, field, "bắt buộc phải có") : 0;
    if (!json_is_string(v))
        return bad(e, field, "phải là chuỗi ký tự");
    const char *s = json_string_value(v);
    if (!text_valid_utf8(s, json_string_length(v)))
        return bad(e, field, "không phải UTF-8 hợp lệ");
    if (required && !*s)
        return bad(e, field, "không được để trống");
    if (text_length(s) > max)
        return bad(e, field, "quá dài");
    *out = s;
    return 0;
}

static int get_enum(json_t *obj, const char *key, const struct label *t, const char *def,
                    const char *field, const char **out, struct err *e)
{
    int rc = get_text(obj, key, def == NULL, 32, field, out, e);
    if (rc)
        return rc;
    if (!*out)
        *out = def;
    if (!label_of(t, *out)) {
        char msg[160] = "phải là một trong:";
        for (; t->value; t++)
            snprintf(msg + strlen(msg), sizeof msg - strlen(msg), " %s", t->value);
        return bad(e, field, msg);
    }
    return 0;
}

/* An integer in [min, max], or null when nullable; absent gives def (which may be null). */
static int get_int(json_t *obj, const char *key, json_int_t min, json_int_t max, json_t *def,
                   int nullable, const char *field, json_t **out, struct err *e)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        *out = json_incref(def);
        return 0;
    }
    if (json_is_null(v)) {
        if (!nullable)
            return bad(e, field, "bắt buộc phải có");
        *out = json_null();
        return 0;
    }
    if (!json_is_integer(v))
        return bad(e, field, "phải là số nguyên");
    json_int_t n = json_integer_value(v);
    if (n < min || n > max)
        return err_set(e, E_INVALID, field, "%s: phải trong khoảng %lld..%lld", field,
                       (long long)min, (long long)max);
    *out = json_integer(n);
    return 0;
}

static int get_bool(json_t *obj, const char *key, int def, const char *field, int *out,
                    struct err *e)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v)) {
        *out = def;
        return 0;
    }
    if (!json_is_boolean(v))
        return bad(e, field, "phải là true hoặc false");
    *out = json_is_true(v);
    return 0;
}

/* An array (absent = empty) of at most MAX_ITEMS elements. */
static int get_array(json_t *obj, const char *key, const char *field, json_t **out, struct err *e)
{
    json_t *v = json_object_get(obj, key);
    *out = v;
    if (!v || json_is_null(v)) {
        *out = NULL;
        return 0;
    }
    if (!json_is_array(v))
        return bad(e, field, "phải là một mảng");
    if (json_array_size(v) > MAX_ITEMS)
        return bad(e, field, "quá nhiều phần tử");
    return 0;
}

static int string_list(json_t *doc, const char *key, json_t *out, struct err *e)
{
    json_t *arr;
    int rc = get_array(doc, key, key, &arr, e);
    json_t *list = json_array();
    struct path p;
    for (size_t i = 0; !rc && i < json_array_size(arr); i++) {
        json_t *v = json_array_get(arr, i);
        snprintf(p.at, sizeof p.at, "%s[%zu]", key, i);
        const char *s = json_string_value(v);
        if (!s || !*s || !text_valid_utf8(s, json_string_length(v)) || text_length(s) > MAX_TEXT)
            rc = bad(e, p.at, "phải là chuỗi ký tự khác rỗng");
        else
            json_array_append_new(list, json_string(s));
    }
    json_object_set_new(out, key, list);
    return rc;
}

static int component(json_t *c, size_t i, json_t *list, struct err *e)
{
    static const char *const keys[] = {"name", "kind", "count", "form", NULL};
    struct path p;
    const char *name, *kind, *form;
    json_t *count = NULL;
    if (!json_is_object(c))
        return bad(e, at(&p, "components", i, "name"), "thành phần hồ sơ phải là đối tượng");
    snprintf(p.at, sizeof p.at, "components[%zu]", i);
    int rc = only_keys(c, keys, p.at, e);
    if (!rc)
        rc = get_text(c, "name", 1, 500, at(&p, "components", i, "name"), &name, e);
    if (!rc)
        rc = get_enum(c, "kind", kinds, "original", at(&p, "components", i, "kind"), &kind, e);
    json_t *one = json_integer(1);
    if (!rc)
        rc = get_int(c, "count", 0, 100, one, 0, at(&p, "components", i, "count"), &count, e);
    json_decref(one);
    if (!rc)
        rc = get_text(c, "form", 0, 100, at(&p, "components", i, "form"), &form, e);
    if (!rc)
        json_array_append_new(list, jpack("{s:s, s:s, s:O, s:s?}", "name", name, "kind", kind,
                                          "count", count, "form", form));
    json_decref(count);
    return rc;
}

static int step(json_t *s, size_t i, json_t *list, struct err *e)
{
    static const char *const keys[] = {
        "actor", "unit", "external_agency", "role", "budget_hours", "transfer_to_level", NULL};
    struct path p;
    const char *actor, *unit, *external, *role, *transfer;
    json_t *budget = NULL;
    if (!json_is_object(s))
        return bad(e, at(&p, "steps", i, "actor"), "bước xử lý phải là đối tượng");
    snprintf(p.at, sizeof p.at, "steps[%zu]", i);
    int rc = only_keys(s, keys, p.at, e);
    if (!rc)
        rc = get_text(s, "actor", 0, 300, at(&p, "steps", i, "actor"), &actor, e);
    if (!rc)
        rc = get_text(s, "unit", 0, 64, at(&p, "steps", i, "unit"), &unit, e);
    if (!rc)
        rc = get_text(s, "external_agency", 0, 300, at(&p, "steps", i, "external_agency"),
                      &external, e);
    if (!rc)
        rc = get_text(s, "role", 0, 32, at(&p, "steps", i, "role"), &role, e);
    if (!rc && role && (!role_from_name(role) || role_from_name(role) == ROLE_CITIZEN))
        rc = bad(e, at(&p, "steps", i, "role"),
                 "phải là mã của một vai trò cán bộ: receptionist (cán bộ một cửa), specialist "
                 "(chuyên viên xử lý), leader (lãnh đạo), admin (quản trị) hoặc auditor (kiểm "
                 "tra)");
    if (!rc && !actor && !unit && !external && !role)
        rc = bad(e, at(&p, "steps", i, "actor"), "cần ghi người thực hiện, đơn vị hoặc vai trò");
    if (!rc)
        rc = get_int(s, "budget_hours", 0, CAL_MAX_LIMIT_HOURS, json_null(), 1,
                     at(&p, "steps", i, "budget_hours"), &budget, e);
    transfer = NULL;
    if (!rc && json_object_get(s, "transfer_to_level") &&
        !json_is_null(json_object_get(s, "transfer_to_level")))
        rc = get_enum(s, "transfer_to_level", levels, NULL, at(&p, "steps", i, "transfer_to_level"),
                      &transfer, e);
    if (!rc)
        json_array_append_new(list, jpack("{s:s?, s:s?, s:s?, s:s?, s:O, s:s?}", "actor", actor,
                                          "unit", unit, "external_agency", external, "role", role,
                                          "budget_hours", budget, "transfer_to_level", transfer));
    json_decref(budget);
    return rc;
}

static int fee_line(json_t *f, size_t i, const char *list_name, const char *default_per,
                    json_t *list, struct err *e)
{
    static const char *const keys[] = {"amount",     "per",  "online_amount",
                                       "exemptions", "note", NULL};
    struct path p;
    const char *per, *exemptions, *note;
    json_t *amount = NULL, *online = NULL;
    if (!json_is_object(f))
        return bad(e, at(&p, list_name, i, "amount"), "phí, lệ phí phải là đối tượng");
    snprintf(p.at, sizeof p.at, "%s[%zu]", list_name, i);
    int rc = only_keys(f, keys, p.at, e);
    if (!rc)
        rc = get_int(f, "amount", 0, 1000000000, json_null(), 1, at(&p, list_name, i, "amount"),
                     &amount, e);
    if (!rc)
        rc = get_int(f, "online_amount", 0, 1000000000, json_null(), 1,
                     at(&p, list_name, i, "online_amount"), &online, e);
    if (!rc)
        rc = get_text(f, "per", 0, 16, at(&p, list_name, i, "per"), &per, e);
    if (!rc && !per)
        per = default_per;
    int priced = json_integer_value(amount) > 0 || json_integer_value(online) > 0;
    if (!rc && !per && priced)
        rc = bad(e, at(&p, list_name, i, "per"),
                 "khoản phí có số tiền phải ghi đơn vị tính: page, copy hoặc case");
    if (!rc && per && !label_of(pers, per))
        rc = bad(e, at(&p, list_name, i, "per"), "phải là page, copy hoặc case");
    if (!rc)
        rc = get_text(f, "exemptions", 0, MAX_TEXT, at(&p, list_name, i, "exemptions"), &exemptions,
                      e);
    if (!rc)
        rc = get_text(f, "note", 0, MAX_TEXT, at(&p, list_name, i, "note"), &note, e);
    if (!rc)
        json_array_append_new(list, jpack("{s:O, s:s?, s:O, s:s?, s:s?}", "amount", amount, "per",
                                          per, "online_amount", online, "exemptions", exemptions,
                                          "note", note));
    json_decref(amount);
    json_decref(online);
    return rc;
}

static int fees(json_t *doc, json_t *out, struct err *e)
{
    json_t *list = json_array(), *arr = NULL;
    json_object_set_new(out, "fees", list);
    json_t *legacy = json_object_get(doc, "fee");
    if (legacy && json_object_get(doc, "fees"))
        return bad(e, "fee", "chỉ dùng một trong hai trường fee và fees");
    if (legacy && !json_is_null(legacy))
        return fee_line(legacy, 0, "fee", "case", list, e);
    int rc = get_array(doc, "fees", "fees", &arr, e);
    for (size_t i = 0; !rc && i < json_array_size(arr); i++)
        rc = fee_line(json_array_get(arr, i), i, "fees", NULL, list, e);
    return rc;
}

static int time_limit(json_t *doc, json_t *out, struct err *e)
{
    static const char *const keys[] = {"value", "unit", NULL};
    json_t *t = json_object_get(doc, "time_limit"), *value = NULL;
    const char *unit;
    if (!json_is_object(t))
        return bad(e, "time_limit", "bắt buộc, dạng {\"value\": số, \"unit\": đơn vị}");
    int rc = only_keys(t, keys, "time_limit", e);
    if (!rc)
        rc = get_text(t, "unit", 1, 32, "time_limit.unit", &unit, e);
    enum cal_unit cu;
    if (!rc && cal_unit_parse(unit, &cu, NULL) != 0)
        rc = bad(e, "time_limit.unit", "phải là same_day, working_days, calendar_days hoặc hours");
    if (!rc)
        rc = get_int(t, "value", 0, CAL_MAX_LIMIT_CDAYS * 8, json_null(), 1, "time_limit.value",
                     &value, e);
    if (!rc && json_is_integer(value) &&
        cal_limit_validate((struct cal_limit){cu, (int)json_integer_value(value)}, NULL) != 0)
        rc = bad(e, "time_limit.value",
                 cu == CAL_SAME_DAY ? "thời hạn trong ngày phải ghi 0 hoặc 1"
                                    : "thời hạn phải từ 1 và không quá giới hạn của đơn vị");
    if (!rc)
        json_object_set_new(out, "time_limit",
                            jpack("{s:O, s:s}", "value", value, "unit", cal_unit_name(cu)));
    json_decref(value);
    return rc;
}

int svc_proc_limit_hours(const char *unit, json_t *value)
{
    enum cal_unit cu;
    if (!unit || cal_unit_parse(unit, &cu, NULL) != 0)
        return -1;
    if (cu == CAL_SAME_DAY)
        return 8;
    if (!json_is_integer(value))
        return -1;
    json_int_t v = json_integer_value(value);
    return (int)(cu == CAL_HOURS ? v : v * 8);
}

/* The internal process must fit inside the legal time limit: the first step at which the
 * running total of budgets passes the limit is the one reported. Unknown budgets count 0. */
static int budgets_fit(json_t *out, struct err *e)
{
    json_t *t = json_object_get(out, "time_limit");
    int limit = svc_proc_limit_hours(json_string_value(json_object_get(t, "unit")),
                                     json_object_get(t, "value"));
    if (limit < 0)
        return 0;
    json_t *steps = json_object_get(out, "steps");
    long long sum = 0;
    for (size_t i = 0; i < json_array_size(steps); i++) {
        sum += json_integer_value(json_object_get(json_array_get(steps, i), "budget_hours"));
        if (sum > limit) {
            struct path p;
            return err_set(e, E_INVALID, at(&p, "steps", i, "budget_hours"),
                           "steps[%zu].budget_hours: tổng thời gian các bước (%lld giờ làm "
                           "việc) vượt thời hạn giải quyết (%d giờ làm việc)",
                           i, sum, limit);
        }
    }
    return 0;
}

static int agencies(json_t *doc, json_t *out, struct err *e)
{
    static const char *const keys[] = {"implementing", "coordinating", NULL};
    static const char *const roles[] = {"implementing", "coordinating"};
    json_t *a = json_object_get(doc, "agencies"), *res = json_object();
    json_object_set_new(out, "agencies", res);
    if (a && !json_is_null(a) && !json_is_object(a))
        return bad(e, "agencies", "phải là đối tượng {implementing, coordinating}");
    int rc = a ? only_keys(a, keys, "agencies", e) : 0;
    for (int r = 0; r < 2 && !rc; r++) {
        json_t *list = json_array(), *arr;
        struct path p;
        json_object_set_new(res, roles[r], list);
        snprintf(p.at, sizeof p.at, "agencies.%s", roles[r]);
        rc = get_array(a, roles[r], p.at, &arr, e);
        for (size_t i = 0; !rc && i < json_array_size(arr); i++) {
            const char *key = json_string_value(json_array_get(arr, i));
            snprintf(p.at, sizeof p.at, "agencies.%s[%zu]", roles[r], i);
            if (!key || !*key || strlen(key) > 64)
                rc = bad(e, p.at, "phải là mã đơn vị");
            else
                json_array_append_new(list, json_string(key));
        }
    }
    return rc;
}

/* Channels default to what the other flags say: at the counter, online unless the online
 * mode is none, by post when postal reception is allowed. */
static int channel_list(json_t *doc, json_t *out, struct err *e)
{
    json_t *arr, *list = json_array();
    json_object_set_new(out, "channels", list);
    int rc = get_array(doc, "channels", "channels", &arr, e);
    if (!rc && !arr) {
        json_array_append_new(list, json_string("in_person"));
        if (strcmp(json_string_value(json_object_get(out, "online")), "none") != 0)
            json_array_append_new(list, json_string("online"));
        if (json_is_true(json_object_get(out, "postal")))
            json_array_append_new(list, json_string("post"));
        return 0;
    }
    for (size_t i = 0; !rc && i < json_array_size(arr); i++) {
        const char *c = json_string_value(json_array_get(arr, i));
        struct path p;
        snprintf(p.at, sizeof p.at, "channels[%zu]", i);
        if (!label_of(channels, c))
            rc = bad(e, p.at, "phải là in_person, online hoặc post");
        else
            json_array_append_new(list, json_string(c));
    }
    return rc;
}

static int result(json_t *doc, json_t *out, struct err *e)
{
    static const char *const keys[] = {"type", "paper_required", NULL};
    json_t *r = json_object_get(doc, "result");
    const char *type = NULL;
    int paper = 1;
    if (r && !json_is_null(r) && !json_is_object(r))
        return bad(e, "result", "phải là đối tượng {type, paper_required}");
    int rc = r ? only_keys(r, keys, "result", e) : 0;
    if (!rc)
        rc = get_text(r, "type", 0, 500, "result.type", &type, e);
    if (!rc)
        rc = get_bool(r, "paper_required", 1, "result.paper_required", &paper, e);
    if (!rc)
        json_object_set_new(out, "result",
                            jpack("{s:s?, s:b}", "type", type, "paper_required", paper));
    return rc;
}

static int decision(json_t *doc, json_t *out, struct err *e)
{
    static const char *const keys[] = {"number", "date", NULL};
    json_t *d = json_object_get(doc, "decision");
    const char *number = NULL, *date = NULL;
    if (!d || json_is_null(d)) {
        json_object_set_new(out, "decision", json_null());
        return 0;
    }
    if (!json_is_object(d))
        return bad(e, "decision", "phải là đối tượng {number, date}");
    int rc = only_keys(d, keys, "decision", e);
    if (!rc)
        rc = get_text(d, "number", 1, 200, "decision.number", &number, e);
    if (!rc)
        rc = get_text(d, "date", 0, 10, "decision.date", &date, e);
    if (!rc && date && !valid_date(date))
        rc = bad(e, "decision.date", "ngày phải có dạng YYYY-MM-DD");
    if (!rc)
        json_object_set_new(out, "decision", jpack("{s:s, s:s?}", "number", number, "date", date));
    return rc;
}

static int scalars(json_t *doc, json_t *out, struct err *e)
{
    const char *code, *name, *field, *level, *online, *note, *eff;
    /* Set by get_bool on success; GCC 12 at -O3 cannot see that through the inlining. */
    int postal = 0, verified = 0;
    int rc = get_text(doc, "code", 0, 16, "code", &code, e);
    if (!rc && code && !svc_proc_code_valid(code))
        rc = bad(e, "code", "mã thủ tục phải có dạng 1.001193 (một chữ số, dấu chấm, sáu chữ số)");
    if (!rc)
        rc = get_text(doc, "name", 1, 500, "name", &name, e);
    if (!rc)
        rc = get_text(doc, "field", 1, 200, "field", &field, e);
    if (!rc)
        rc = get_enum(doc, "level", levels, NULL, "level", &level, e);
    if (!rc)
        rc = get_enum(doc, "online", onlines, "none", "online", &online, e);
    if (!rc)
        rc = get_bool(doc, "postal", 0, "postal", &postal, e);
    if (!rc)
        rc = get_bool(doc, "verified", 0, "verified", &verified, e);
    if (!rc)
        rc = get_text(doc, "note", 0, MAX_TEXT, "note", &note, e);
    if (!rc)
        rc = get_text(doc, "effective_from", 0, 10, "effective_from", &eff, e);
    if (!rc && eff && !valid_date(eff))
        rc = bad(e, "effective_from", "ngày hiệu lực phải có dạng YYYY-MM-DD");
    if (rc)
        return rc;
    json_object_set_new(out, "code", code ? json_string(code) : json_null());
    json_object_set_new(out, "name", json_string(name));
    json_object_set_new(out, "field", json_string(field));
    json_object_set_new(out, "level", json_string(level));
    json_object_set_new(out, "online", json_string(online));
    json_object_set_new(out, "postal", json_boolean(postal));
    json_object_set_new(out, "verified", json_boolean(verified));
    json_object_set_new(out, "note", note ? json_string(note) : json_null());
    if (eff)
        json_object_set_new(out, "effective_from", json_string(eff));
    return 0;
}

static int lists(json_t *doc, json_t *out, struct err *e)
{
    json_t *arr, *list = json_array();
    json_object_set_new(out, "components", list);
    int rc = get_array(doc, "components", "components", &arr, e);
    for (size_t i = 0; !rc && i < json_array_size(arr); i++)
        rc = component(json_array_get(arr, i), i, list, e);
    list = json_array();
    json_object_set_new(out, "steps", list);
    if (!rc)
        rc = get_array(doc, "steps", "steps", &arr, e);
    for (size_t i = 0; !rc && i < json_array_size(arr); i++)
        rc = step(json_array_get(arr, i), i, list, e);
    if (!rc)
        rc = string_list(doc, "legal_basis", out, e);
    if (!rc)
        rc = string_list(doc, "subjects", out, e);
    return rc;
}

int svc_proc_normalize(json_t *in, json_t **out, struct err *e)
{
    static const char *const keys[] = {
        "code",       "name",   "field",    "level",    "agencies", "channels",       "components",
        "time_limit", "steps",  "fee",      "fees",     "result",   "legal_basis",    "subjects",
        "online",     "postal", "decision", "verified", "note",     "effective_from", NULL};
    *out = NULL;
    if (!json_is_object(in))
        return err_set(e, E_INVALID, "procedure", "Thủ tục phải là một đối tượng JSON");
    json_t *doc = json_object();
    int rc = only_keys(in, keys, NULL, e);
    if (!rc)
        rc = scalars(in, doc, e);
    if (!rc)
        rc = agencies(in, doc, e);
    if (!rc)
        rc = channel_list(in, doc, e);
    if (!rc)
        rc = time_limit(in, doc, e);
    if (!rc)
        rc = lists(in, doc, e);
    if (!rc)
        rc = fees(in, doc, e);
    if (!rc)
        rc = result(in, doc, e);
    if (!rc)
        rc = decision(in, doc, e);
    if (!rc)
        rc = budgets_fit(doc, e);
    if (rc) {
        json_decref(doc);
        return rc;
    }
    *out = doc;
    return 0;
}

int svc_proc_limit_words(struct buf *b, const char *unit, json_t *value, int *working_days)
{
    enum cal_unit cu;
    *working_days = -1;
    if (!unit || cal_unit_parse(unit, &cu, NULL) != 0)
        return buf_puts(b, "Chưa xác định");
    if (cu == CAL_SAME_DAY) {
        *working_days = 1;
        return buf_puts(b, "Trong ngày làm việc (tiếp nhận sau 15 giờ thì trả kết quả trong "
                           "ngày làm việc tiếp theo)");
    }
    if (!json_is_integer(value))
        return buf_puts(b, "Chưa xác định (theo quy định chuyên ngành)");
    long long v = (long long)json_integer_value(value);
    switch (cu) {
    case CAL_WORKING_DAYS:
        *working_days = (int)v;
        return buf_printf(b, "%lld ngày làm việc", v);
    case CAL_CALENDAR_DAYS:
        return buf_printf(b, "%lld ngày (tính cả ngày nghỉ)", v);
    default:
        if (v % 8 == 0)
            *working_days = (int)(v / 8);
        return buf_printf(b, "%lld giờ làm việc", v);
    }
}
