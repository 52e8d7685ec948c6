/* procedure.c — the shape of a procedure document, decoded once. Every way a procedure enters
 * the system (API, staff form, import file, demo data) and every reading of a stored version
 * passes through proc_decode, so the rules live in one place: enumerations, counts, fee units,
 * and that the internal process fits the legal time limit (step budgets are working hours, 8
 * per working day). The canonical form written by proc_to_json has every key present with
 * defaults filled in, which makes "is this a new version?" a comparison of two serialisations
 * and export → import lossless. Older single-fee documents ("fee": {…}, as in the demo
 * catalogue) become one fee line per case. */
#include "procedure.h"
#include "jpack.h"

#include "text.h"

#include <stdio.h>
#include <string.h>

#define MAX_TEXT 2000

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

const char *proc_level_label(const char *level)
{
    return label_of(levels, level);
}

const char *proc_online_label(const char *online)
{
    return label_of(onlines, online);
}

const char *proc_per_label(const char *per)
{
    return label_of(pers, per);
}

const char *proc_channel_label(const char *channel)
{
    return label_of(channels, channel);
}

int proc_code_valid(const char *code)
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

/* What the decoder carries: the arena strings are copied into, and where we are in the
 * document, for field names such as "steps[2].budget_hours". */
struct dec {
    struct arena *a;
    proc_role_check role_ok;
    char at[64];
};

static const char *at(struct dec *d, const char *list, size_t i, const char *key)
{
    if (list)
        snprintf(d->at, sizeof d->at, "%s[%zu].%s", list, i, key);
    else
        snprintf(d->at, sizeof d->at, "%s", key);
    return d->at;
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

/* A string of 1..max code points (required) or absent/null (optional → NULL), copied. */
static int get_text(struct dec *d, json_t *obj, const char *key, int required, size_t max,
                    const char *field, const char **out, struct err *e)
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
    *out = arena_strdup(d->a, s);
    return 0;
}

static int get_enum(struct dec *d, json_t *obj, const char *key, const struct label *t,
                    const char *def, const char *field, const char **out, struct err *e)
{
    int rc = get_text(d, obj, key, def == NULL, 32, field, out, e);
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

/* An integer in [min, max], or PROC_UNKNOWN for null when nullable; absent gives def. */
static int get_int(json_t *obj, const char *key, int64_t min, int64_t max, int64_t def,
                   int nullable, const char *field, int64_t *out, struct err *e)
{
    json_t *v = json_object_get(obj, key);
    *out = def;
    if (!v)
        return 0;
    if (json_is_null(v)) {
        if (!nullable)
            return bad(e, field, "bắt buộc phải có");
        *out = PROC_UNKNOWN;
        return 0;
    }
    if (!json_is_integer(v))
        return bad(e, field, "phải là số nguyên");
    json_int_t n = json_integer_value(v);
    if (n < min || n > max)
        return err_set(e, E_INVALID, field, "%s: phải trong khoảng %lld..%lld", field,
                       (long long)min, (long long)max);
    *out = n;
    return 0;
}

static int get_bool(json_t *obj, const char *key, int def, const char *field, int *out,
                    struct err *e)
{
    json_t *v = json_object_get(obj, key);
    *out = def;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_boolean(v))
        return bad(e, field, "phải là true hoặc false");
    *out = json_is_true(v);
    return 0;
}

/* An array (absent = empty) of at most PROC_MAX_ITEMS elements. */
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
    if (json_array_size(v) > PROC_MAX_ITEMS)
        return bad(e, field, "quá nhiều phần tử");
    return 0;
}

static void *items(struct dec *d, json_t *arr, size_t size)
{
    return arena_alloc(d->a, size * (json_array_size(arr) + 1));
}

static int string_list(struct dec *d, json_t *doc, const char *key, struct proc_strings *out,
                       struct err *e)
{
    json_t *arr;
    int rc = get_array(doc, key, key, &arr, e);
    out->v = items(d, arr, sizeof *out->v);
    for (size_t i = 0; !rc && i < json_array_size(arr); i++) {
        json_t *v = json_array_get(arr, i);
        snprintf(d->at, sizeof d->at, "%s[%zu]", key, i);
        const char *s = json_string_value(v);
        if (!s || !*s || !text_valid_utf8(s, json_string_length(v)) || text_length(s) > MAX_TEXT)
            rc = bad(e, d->at, "phải là chuỗi ký tự khác rỗng");
        else
            out->v[out->n++] = arena_strdup(d->a, s);
    }
    return rc;
}

static int component(struct dec *d, json_t *c, size_t i, struct proc_component *out, struct err *e)
{
    static const char *const keys[] = {"name", "kind", "count", "form", NULL};
    int64_t count = 1;
    if (!json_is_object(c))
        return bad(e, at(d, "components", i, "name"), "thành phần hồ sơ phải là đối tượng");
    snprintf(d->at, sizeof d->at, "components[%zu]", i);
    int rc = only_keys(c, keys, d->at, e);
    if (!rc)
        rc = get_text(d, c, "name", 1, 500, at(d, "components", i, "name"), &out->name, e);
    if (!rc)
        rc = get_enum(d, c, "kind", kinds, "original", at(d, "components", i, "kind"), &out->kind,
                      e);
    if (!rc)
        rc = get_int(c, "count", 0, PROC_COUNT_MAX, 1, 0, at(d, "components", i, "count"), &count,
                     e);
    if (!rc)
        rc = get_text(d, c, "form", 0, 100, at(d, "components", i, "form"), &out->form, e);
    out->count = (int)count;
    return rc;
}

static int step(struct dec *d, json_t *s, size_t i, struct proc_step *out, struct err *e)
{
    static const char *const keys[] = {
        "actor", "unit", "external_agency", "role", "budget_hours", "transfer_to_level", NULL};
    if (!json_is_object(s))
        return bad(e, at(d, "steps", i, "actor"), "bước xử lý phải là đối tượng");
    snprintf(d->at, sizeof d->at, "steps[%zu]", i);
    int rc = only_keys(s, keys, d->at, e);
    if (!rc)
        rc = get_text(d, s, "actor", 0, 300, at(d, "steps", i, "actor"), &out->actor, e);
    if (!rc)
        rc = get_text(d, s, "unit", 0, 64, at(d, "steps", i, "unit"), &out->unit, e);
    if (!rc)
        rc = get_text(d, s, "external_agency", 0, 300, at(d, "steps", i, "external_agency"),
                      &out->external_agency, e);
    if (!rc)
        rc = get_text(d, s, "role", 0, 32, at(d, "steps", i, "role"), &out->role, e);
    if (!rc && out->role && d->role_ok && !d->role_ok(out->role))
        rc = bad(e, at(d, "steps", i, "role"),
                 "phải là mã của một vai trò cán bộ: receptionist (cán bộ một cửa), specialist "
                 "(chuyên viên xử lý), leader (lãnh đạo), admin (quản trị) hoặc auditor (kiểm "
                 "tra)");
    if (!rc && !out->actor && !out->unit && !out->external_agency && !out->role)
        rc = bad(e, at(d, "steps", i, "actor"), "cần ghi người thực hiện, đơn vị hoặc vai trò");
    if (!rc)
        rc = get_int(s, "budget_hours", 0, CAL_MAX_LIMIT_HOURS, PROC_UNKNOWN, 1,
                     at(d, "steps", i, "budget_hours"), &out->budget_hours, e);
    json_t *transfer = json_object_get(s, "transfer_to_level");
    if (!rc && transfer && !json_is_null(transfer))
        rc = get_enum(d, s, "transfer_to_level", levels, NULL,
                      at(d, "steps", i, "transfer_to_level"), &out->transfer_to_level, e);
    return rc;
}

static int fee_line(struct dec *d, json_t *f, size_t i, const char *list_name,
                    const char *default_per, struct proc_fee *out, struct err *e)
{
    static const char *const keys[] = {"amount",     "per",  "online_amount",
                                       "exemptions", "note", NULL};
    out->amount = out->online_amount = PROC_UNKNOWN;
    if (!json_is_object(f))
        return bad(e, at(d, list_name, i, "amount"), "phí, lệ phí phải là đối tượng");
    snprintf(d->at, sizeof d->at, "%s[%zu]", list_name, i);
    int rc = only_keys(f, keys, d->at, e);
    if (!rc)
        rc = get_int(f, "amount", 0, 1000000000, PROC_UNKNOWN, 1, at(d, list_name, i, "amount"),
                     &out->amount, e);
    if (!rc)
        rc = get_int(f, "online_amount", 0, 1000000000, PROC_UNKNOWN, 1,
                     at(d, list_name, i, "online_amount"), &out->online_amount, e);
    if (!rc)
        rc = get_text(d, f, "per", 0, 16, at(d, list_name, i, "per"), &out->per, e);
    if (!rc && !out->per)
        out->per = default_per;
    int priced = out->amount > 0 || out->online_amount > 0;
    if (!rc && !out->per && priced)
        rc = bad(e, at(d, list_name, i, "per"),
                 "khoản phí có số tiền phải ghi đơn vị tính: page, copy hoặc case");
    if (!rc && out->per && !label_of(pers, out->per))
        rc = bad(e, at(d, list_name, i, "per"), "phải là page, copy hoặc case");
    if (!rc)
        rc = get_text(d, f, "exemptions", 0, MAX_TEXT, at(d, list_name, i, "exemptions"),
                      &out->exemptions, e);
    if (!rc)
        rc = get_text(d, f, "note", 0, MAX_TEXT, at(d, list_name, i, "note"), &out->note, e);
    return rc;
}

static int fees(struct dec *d, json_t *doc, struct procedure *p, struct err *e)
{
    json_t *legacy = json_object_get(doc, "fee"), *arr = NULL;
    if (legacy && json_object_get(doc, "fees"))
        return bad(e, "fee", "chỉ dùng một trong hai trường fee và fees");
    if (legacy && !json_is_null(legacy)) {
        p->fees = arena_alloc(d->a, sizeof *p->fees);
        p->nfees = 1;
        return fee_line(d, legacy, 0, "fee", "case", p->fees, e);
    }
    int rc = get_array(doc, "fees", "fees", &arr, e);
    p->fees = items(d, arr, sizeof *p->fees);
    for (size_t i = 0; !rc && i < json_array_size(arr); i++, p->nfees++)
        rc = fee_line(d, json_array_get(arr, i), i, "fees", NULL, &p->fees[i], e);
    return rc;
}

static int time_limit(struct dec *d, json_t *doc, struct proc_time_limit *out, struct err *e)
{
    static const char *const keys[] = {"value", "unit", NULL};
    json_t *t = json_object_get(doc, "time_limit");
    const char *unit = NULL;
    if (!json_is_object(t))
        return bad(e, "time_limit", "bắt buộc, dạng {\"value\": số, \"unit\": đơn vị}");
    int rc = only_keys(t, keys, "time_limit", e);
    if (!rc)
        rc = get_text(d, t, "unit", 1, 32, "time_limit.unit", &unit, e);
    if (!rc && cal_unit_parse(unit, &out->unit, NULL) != 0)
        rc = bad(e, "time_limit.unit", "phải là same_day, working_days, calendar_days hoặc hours");
    if (!rc)
        rc = get_int(t, "value", 0, CAL_MAX_LIMIT_CDAYS * 8, PROC_UNKNOWN, 1, "time_limit.value",
                     &out->value, e);
    if (!rc && out->value != PROC_UNKNOWN &&
        cal_limit_validate((struct cal_limit){out->unit, (int)out->value}, NULL) != 0)
        rc = bad(e, "time_limit.value",
                 out->unit == CAL_SAME_DAY ? "thời hạn trong ngày phải ghi 0 hoặc 1"
                                           : "thời hạn phải từ 1 và không quá giới hạn của đơn vị");
    return rc;
}

int proc_limit_hours(const struct proc_time_limit *t)
{
    if (t->unit == CAL_SAME_DAY)
        return 8;
    if (t->value == PROC_UNKNOWN)
        return -1;
    return (int)(t->unit == CAL_HOURS ? t->value : t->value * 8);
}

/* The internal process must fit inside the legal time limit: the first step at which the
 * running total of budgets passes the limit is the one reported. Unknown budgets count 0. */
static int budgets_fit(struct dec *d, const struct procedure *p, struct err *e)
{
    int limit = proc_limit_hours(&p->time_limit);
    if (limit < 0)
        return 0;
    long long sum = 0;
    for (int i = 0; i < p->nsteps; i++) {
        if (p->steps[i].budget_hours != PROC_UNKNOWN)
            sum += p->steps[i].budget_hours;
        if (sum > limit)
            return err_set(e, E_INVALID, at(d, "steps", (size_t)i, "budget_hours"),
                           "steps[%d].budget_hours: tổng thời gian các bước (%lld giờ làm "
                           "việc) vượt thời hạn giải quyết (%d giờ làm việc)",
                           i, sum, limit);
    }
    return 0;
}

static int unit_keys(struct dec *d, json_t *a, const char *role, struct proc_strings *out,
                     struct err *e)
{
    json_t *arr;
    char field[64];
    snprintf(field, sizeof field, "agencies.%s", role);
    int rc = get_array(a, role, field, &arr, e);
    out->v = items(d, arr, sizeof *out->v);
    for (size_t i = 0; !rc && i < json_array_size(arr); i++) {
        const char *key = json_string_value(json_array_get(arr, i));
        snprintf(d->at, sizeof d->at, "agencies.%s[%zu]", role, i);
        if (!key || !*key || strlen(key) > 64)
            rc = bad(e, d->at, "phải là mã đơn vị");
        else
            out->v[out->n++] = arena_strdup(d->a, key);
    }
    return rc;
}

static int agencies(struct dec *d, json_t *doc, struct procedure *p, struct err *e)
{
    static const char *const keys[] = {"implementing", "coordinating", NULL};
    json_t *a = json_object_get(doc, "agencies");
    if (a && !json_is_null(a) && !json_is_object(a))
        return bad(e, "agencies", "phải là đối tượng {implementing, coordinating}");
    int rc = a ? only_keys(a, keys, "agencies", e) : 0;
    if (!rc)
        rc = unit_keys(d, a, "implementing", &p->implementing, e);
    if (!rc)
        rc = unit_keys(d, a, "coordinating", &p->coordinating, e);
    return rc;
}

/* Channels default to what the other flags say: at the counter, online unless the online
 * mode is none, by post when postal reception is allowed. */
static int channel_list(struct dec *d, json_t *doc, struct procedure *p, struct err *e)
{
    json_t *arr;
    struct proc_strings *out = &p->channels;
    int rc = get_array(doc, "channels", "channels", &arr, e);
    out->v = arena_alloc(d->a, sizeof *out->v * (json_array_size(arr) + 4));
    if (!rc && !arr) {
        out->v[out->n++] = "in_person";
        if (strcmp(p->online, "none") != 0)
            out->v[out->n++] = "online";
        if (p->postal)
            out->v[out->n++] = "post";
        return 0;
    }
    for (size_t i = 0; !rc && i < json_array_size(arr); i++) {
        const char *c = json_string_value(json_array_get(arr, i));
        snprintf(d->at, sizeof d->at, "channels[%zu]", i);
        if (!label_of(channels, c))
            rc = bad(e, d->at, "phải là in_person, online hoặc post");
        else
            out->v[out->n++] = arena_strdup(d->a, c);
    }
    return rc;
}

static int result(struct dec *d, json_t *doc, struct procedure *p, struct err *e)
{
    static const char *const keys[] = {"type", "paper_required", NULL};
    json_t *r = json_object_get(doc, "result");
    if (r && !json_is_null(r) && !json_is_object(r))
        return bad(e, "result", "phải là đối tượng {type, paper_required}");
    int rc = r ? only_keys(r, keys, "result", e) : 0;
    if (!rc)
        rc = get_text(d, r, "type", 0, 500, "result.type", &p->result_type, e);
    if (!rc)
        rc = get_bool(r, "paper_required", 1, "result.paper_required", &p->paper_required, e);
    return rc;
}

static int decision(struct dec *d, json_t *doc, struct procedure *p, struct err *e)
{
    static const char *const keys[] = {"number", "date", NULL};
    json_t *j = json_object_get(doc, "decision");
    if (!j || json_is_null(j))
        return 0;
    if (!json_is_object(j))
        return bad(e, "decision", "phải là đối tượng {number, date}");
    int rc = only_keys(j, keys, "decision", e);
    if (!rc)
        rc = get_text(d, j, "number", 1, 200, "decision.number", &p->decision_number, e);
    if (!rc)
        rc = get_text(d, j, "date", 0, 10, "decision.date", &p->decision_date, e);
    if (!rc && p->decision_date && !valid_date(p->decision_date))
        rc = bad(e, "decision.date", "ngày phải có dạng YYYY-MM-DD");
    return rc;
}

static int scalars(struct dec *d, json_t *doc, struct procedure *p, struct err *e)
{
    int rc = get_text(d, doc, "code", 0, 16, "code", &p->code, e);
    if (!rc && p->code && !proc_code_valid(p->code))
        rc = bad(e, "code", "mã thủ tục phải có dạng 1.001193 (một chữ số, dấu chấm, sáu chữ số)");
    if (!rc)
        rc = get_text(d, doc, "name", 1, 500, "name", &p->name, e);
    if (!rc)
        rc = get_text(d, doc, "field", 1, 200, "field", &p->field, e);
    if (!rc)
        rc = get_enum(d, doc, "level", levels, NULL, "level", &p->level, e);
    if (!rc)
        rc = get_enum(d, doc, "online", onlines, "none", "online", &p->online, e);
    if (!rc)
        rc = get_bool(doc, "postal", 0, "postal", &p->postal, e);
    if (!rc)
        rc = get_bool(doc, "verified", 0, "verified", &p->verified, e);
    if (!rc)
        rc = get_text(d, doc, "note", 0, MAX_TEXT, "note", &p->note, e);
    if (!rc)
        rc = get_text(d, doc, "effective_from", 0, 10, "effective_from", &p->effective_from, e);
    if (!rc && p->effective_from && !valid_date(p->effective_from))
        rc = bad(e, "effective_from", "ngày hiệu lực phải có dạng YYYY-MM-DD");
    return rc;
}

static int lists(struct dec *d, json_t *doc, struct procedure *p, struct err *e)
{
    json_t *arr;
    int rc = get_array(doc, "components", "components", &arr, e);
    p->components = items(d, arr, sizeof *p->components);
    for (size_t i = 0; !rc && i < json_array_size(arr); i++, p->ncomponents++)
        rc = component(d, json_array_get(arr, i), i, &p->components[i], e);
    if (!rc)
        rc = get_array(doc, "steps", "steps", &arr, e);
    p->steps = items(d, arr, sizeof *p->steps);
    for (size_t i = 0; !rc && i < json_array_size(arr); i++, p->nsteps++)
        rc = step(d, json_array_get(arr, i), i, &p->steps[i], e);
    if (!rc)
        rc = string_list(d, doc, "legal_basis", &p->legal_basis, e);
    if (!rc)
        rc = string_list(d, doc, "subjects", &p->subjects, e);
    return rc;
}

int proc_decode(struct arena *a, json_t *doc, proc_role_check role_ok, struct procedure *out,
                struct err *e)
{
    static const char *const keys[] = {
        "code",       "name",   "field",    "level",    "agencies", "channels",       "components",
        "time_limit", "steps",  "fee",      "fees",     "result",   "legal_basis",    "subjects",
        "online",     "postal", "decision", "verified", "note",     "effective_from", NULL};
    struct dec d = {.a = a, .role_ok = role_ok};
    memset(out, 0, sizeof *out);
    if (!json_is_object(doc))
        return err_set(e, E_INVALID, "procedure", "Thủ tục phải là một đối tượng JSON");
    int rc = only_keys(doc, keys, NULL, e);
    if (!rc)
        rc = scalars(&d, doc, out, e);
    if (!rc)
        rc = agencies(&d, doc, out, e);
    if (!rc)
        rc = channel_list(&d, doc, out, e);
    if (!rc)
        rc = time_limit(&d, doc, &out->time_limit, e);
    if (!rc)
        rc = lists(&d, doc, out, e);
    if (!rc)
        rc = fees(&d, doc, out, e);
    if (!rc)
        rc = result(&d, doc, out, e);
    if (!rc)
        rc = decision(&d, doc, out, e);
    if (!rc)
        rc = budgets_fit(&d, out, e);
    return rc;
}

int proc_parse(struct arena *a, const char *text, struct procedure *out, struct err *e)
{
    json_t *doc = text ? json_loads(text, 0, NULL) : NULL;
    struct err de = {0};
    int rc = proc_decode(a, doc, NULL, out, &de);
    json_decref(doc);
    if (rc)
        return err_set(e, E_INTERNAL, NULL, "stored procedure body: %s", de.msg);
    return 0;
}

json_t *proc_stored_json(const char *text)
{
    return text ? json_loads(text, 0, NULL) : NULL;
}

/* null for a value the document leaves unknown. */
static json_t *known(int64_t v)
{
    return v == PROC_UNKNOWN ? json_null() : json_integer(v);
}

static json_t *strings_json(const struct proc_strings *s)
{
    json_t *out = json_array();
    for (int i = 0; i < s->n; i++)
        json_array_append_new(out, json_string(s->v[i]));
    return out;
}

static json_t *components_json(const struct procedure *p)
{
    json_t *out = json_array();
    for (int i = 0; i < p->ncomponents; i++) {
        const struct proc_component *c = &p->components[i];
        json_array_append_new(out, jpack("{s:s, s:s, s:i, s:s?}", "name", c->name, "kind", c->kind,
                                         "count", c->count, "form", c->form));
    }
    return out;
}

static json_t *steps_json(const struct procedure *p)
{
    json_t *out = json_array();
    for (int i = 0; i < p->nsteps; i++) {
        const struct proc_step *s = &p->steps[i];
        json_array_append_new(out, jpack("{s:s?, s:s?, s:s?, s:s?, s:o, s:s?}", "actor", s->actor,
                                         "unit", s->unit, "external_agency", s->external_agency,
                                         "role", s->role, "budget_hours", known(s->budget_hours),
                                         "transfer_to_level", s->transfer_to_level));
    }
    return out;
}

static json_t *fees_json(const struct procedure *p)
{
    json_t *out = json_array();
    for (int i = 0; i < p->nfees; i++) {
        const struct proc_fee *f = &p->fees[i];
        json_array_append_new(out, jpack("{s:o, s:s?, s:o, s:s?, s:s?}", "amount", known(f->amount),
                                         "per", f->per, "online_amount", known(f->online_amount),
                                         "exemptions", f->exemptions, "note", f->note));
    }
    return out;
}

static json_t *decision_json(const struct procedure *p)
{
    if (!p->decision_number)
        return json_null();
    return jpack("{s:s, s:s?}", "number", p->decision_number, "date", p->decision_date);
}

json_t *proc_to_json(const struct procedure *p)
{
    json_t *doc = jpack(
        "{s:s?, s:s, s:s, s:s, s:s, s:b, s:b, s:s?, s:{s:o, s:o}, s:o, s:{s:o, s:s}, s:o, s:o, "
        "s:o, s:o, s:o, s:{s:s?, s:b}, s:o}",
        "code", p->code, "name", p->name, "field", p->field, "level", p->level, "online", p->online,
        "postal", p->postal, "verified", p->verified, "note", p->note, "agencies", "implementing",
        strings_json(&p->implementing), "coordinating", strings_json(&p->coordinating), "channels",
        strings_json(&p->channels), "time_limit", "value", known(p->time_limit.value), "unit",
        cal_unit_name(p->time_limit.unit), "components", components_json(p), "steps", steps_json(p),
        "legal_basis", strings_json(&p->legal_basis), "subjects", strings_json(&p->subjects),
        "fees", fees_json(p), "result", "type", p->result_type, "paper_required", p->paper_required,
        "decision", decision_json(p));
    if (doc && p->effective_from)
        json_object_set_new(doc, "effective_from", json_string(p->effective_from));
    return doc;
}

int proc_limit_words(struct buf *b, const struct proc_time_limit *t, int *working_days)
{
    *working_days = -1;
    if (t->unit == CAL_SAME_DAY) {
        *working_days = 1;
        return buf_puts(b, "Trong ngày làm việc (tiếp nhận sau 15 giờ thì trả kết quả trong "
                           "ngày làm việc tiếp theo)");
    }
    if (t->value == PROC_UNKNOWN)
        return buf_puts(b, "Chưa xác định (theo quy định chuyên ngành)");
    long long v = (long long)t->value;
    switch (t->unit) {
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

int64_t proc_fee_total(const struct procedure *p)
{
    int64_t total = 0;
    for (int i = 0; i < p->nfees; i++)
        if (p->fees[i].amount > 0)
            total += p->fees[i].amount;
    return total;
}

int proc_has_channel(const struct procedure *p, const char *channel)
{
    for (int i = 0; i < p->channels.n; i++)
        if (strcmp(p->channels.v[i], channel) == 0)
            return 1;
    return 0;
}
