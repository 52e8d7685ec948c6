/* catalogue_io.c — the catalogue as a file: import, export and the synthetic catalogue for
 * load tests. An import is checked whole before anything is written (a file with one bad
 * entry changes nothing) and then runs in one transaction. Entries are matched by code; an
 * entry without a national code gets a local one (0.xxxxxx), and is matched by name on a
 * later import. Export writes every version of every procedure with its version number, so
 * importing an export into an empty database rebuilds the same history. */
#include "catalogue_internal.h"
#include "jpack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
    json_t *doc;     /* canonical */
    json_t *units;   /* [{"unit","role"}] or NULL: leave assignments as they are */
    int version;     /* 0: not from an export */
    int64_t retired; /* retired_at, 0 = not retired */
};

struct import_ctx {
    const struct actor *a;
    struct entry *entries;
    size_t n;
    struct svc_proc_import_stats st;
};

static int entry_error(struct err *e, size_t i, const char *code, const struct err *inner)
{
    char field[192], msg[sizeof e->msg];
    snprintf(field, sizeof field, "procedures[%zu]%s%s", i, inner->field[0] ? "." : "",
             inner->field);
    snprintf(msg, sizeof msg, "%s", inner->msg);
    return err_set(e, E_INVALID, field, "Thủ tục thứ %zu%s%s%s: %s", i + 1, code ? " (" : "",
                   code ? code : "", code ? ")" : "", msg);
}

static int envelope(json_t *in, struct entry *x, struct err *e)
{
    json_t *v = json_object_get(in, "version");
    if (v && (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 100000))
        return err_set(e, E_INVALID, "version", "version: phải là số nguyên từ 1");
    x->version = v ? (int)json_integer_value(v) : 0;
    v = json_object_get(in, "retired_at");
    if (v && (!json_is_integer(v) || json_integer_value(v) < 1))
        return err_set(e, E_INVALID, "retired_at", "retired_at: phải là thời điểm Unix (giây)");
    x->retired = v ? json_integer_value(v) : 0;
    v = json_object_get(in, "units");
    if (!v)
        return 0;
    if (!json_is_array(v) || json_array_size(v) > 200)
        return err_set(e, E_INVALID, "units", "units: phải là mảng [{unit, role}]");
    for (size_t i = 0; i < json_array_size(v); i++) {
        json_t *u = json_array_get(v, i);
        const char *key = json_string_value(json_object_get(u, "unit"));
        const char *role = json_string_value(json_object_get(u, "role"));
        if (!key || !role || json_object_size(u) != 2 ||
            (strcmp(role, "receive") != 0 && strcmp(role, "resolve") != 0))
            return err_set(e, E_INVALID, "units",
                           "units[%zu]: phải là {\"unit\": mã đơn vị, \"role\": receive|resolve}",
                           i);
    }
    x->units = v;
    return 0;
}

static int check_entry(json_t *in, struct entry *x, struct err *e)
{
    if (!json_is_object(in))
        return err_set(e, E_INVALID, "", "phải là một đối tượng JSON");
    int rc = envelope(in, x, e);
    if (rc)
        return rc;
    json_t *body = json_copy(in);
    json_object_del(body, "version");
    json_object_del(body, "retired_at");
    json_object_del(body, "units");
    rc = svc_proc_normalize(body, &x->doc, e);
    json_decref(body);
    return rc;
}

static void free_entries(struct entry *x, size_t n)
{
    for (size_t i = 0; x && i < n; i++)
        json_decref(x->doc), x++;
}

/* Parses and checks a whole file; on success the caller owns *out (free_entries + free). */
static int check_file(const char *json, size_t len, struct entry **out, size_t *n, json_t **keep,
                      struct err *e)
{
    static const char *const root_keys[] = {"about", "format", "format_version", "procedures",
                                            NULL};
    json_error_t jerr;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    *out = NULL;
    *n = 0;
    if (!root)
        return err_set(e, E_INVALID, "file", "Tệp JSON không hợp lệ (dòng %d): %s", jerr.line,
                       jerr.text);
    json_t *list = json_object_get(root, "procedures");
    const char *key;
    json_t *v;
    int rc = json_is_array(list)
                 ? 0
                 : err_set(e, E_INVALID, "procedures", "Tệp phải là {\"procedures\": [ … ]}");
    json_object_foreach(root, key, v)
    {
        int known = 0;
        for (const char *const *k = root_keys; *k; k++)
            known |= strcmp(*k, key) == 0;
        if (!rc && !known)
            rc = err_set(e, E_INVALID, key, "%s: trường không được hỗ trợ ở đầu tệp", key);
    }
    size_t count = json_array_size(list);
    if (!rc && count > 20000)
        rc = err_set(e, E_TOOLARGE, "procedures", "Tệp có quá nhiều thủ tục (tối đa 20000)");
    struct entry *x = rc ? NULL : calloc(count ? count : 1, sizeof *x);
    if (!rc && !x)
        rc = err_set(e, E_NOMEM, NULL, "out of memory");
    for (size_t i = 0; !rc && i < count; i++) {
        struct err inner = {0};
        json_t *in = json_array_get(list, i);
        if (check_entry(in, &x[i], &inner) != 0)
            rc = entry_error(e, i, json_string_value(json_object_get(in, "code")), &inner);
    }
    if (rc) {
        free_entries(x, count);
        free(x);
        json_decref(root);
        return rc;
    }
    *out = x;
    *n = count;
    *keep = root; /* the units arrays are borrowed from it */
    return 0;
}

int svc_proc_import_check(const char *json, size_t len, size_t *count, struct err *e)
{
    struct entry *x = NULL;
    json_t *root = NULL;
    size_t n = 0;
    int rc = check_file(json, len, &x, &n, &root, e);
    free_entries(x, n);
    free(x);
    json_decref(root);
    if (!rc && count)
        *count = n;
    return rc;
}

/* The code an entry without one gets: the local procedure of the same name, or the next
 * free 0.xxxxxx. */
static int local_code(struct db_conn *c, struct arena *ar, json_t *doc, struct err *e)
{
    const char *code = NULL;
    int rc =
        proc_local_code_by_name(c, ar, json_string_value(json_object_get(doc, "name")), &code, e);
    if (rc == E_NOTFOUND) {
        unsigned next = 1;
        rc = proc_max_code(c, ar, "0.%", &code, e);
        if (rc == 0)
            next = (unsigned)strtoul(code + 2, NULL, 10) + 1;
        if (rc == 0 || rc == E_NOTFOUND)
            code = arena_printf(ar, "0.%06u", next % 1000000);
        rc = rc == E_NOTFOUND ? 0 : rc;
    }
    if (!rc)
        json_object_set_new(doc, "code", json_string(code));
    return rc;
}

/* 1 when the entry brings something the procedure does not have yet. */
static int is_new_version(struct db_conn *c, struct arena *ar, const struct proc_row *p,
                          const struct entry *x, int *fresh, struct err *e)
{
    *fresh = 1;
    if (p->latest_version == 0)
        return 0;
    if (x->version) {
        *fresh = x->version > p->latest_version;
        return 0;
    }
    struct proc_version_row v;
    int rc = proc_version_get(c, ar, p->id, p->latest_version, "", &v, e);
    char *body = rc ? NULL : cat_body_text(x->doc);
    if (!rc)
        *fresh = strcmp(body, v.body) != 0;
    free(body);
    return rc;
}

static int import_units(struct db_conn *c, struct arena *ar, const struct proc_row *p,
                        json_t *units, struct err *e)
{
    size_t n = json_array_size(units);
    struct svc_proc_unit *u = arena_alloc(ar, sizeof *u * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(units, i);
        u[i] = (struct svc_proc_unit){json_string_value(json_object_get(o, "unit")), NULL,
                                      json_string_value(json_object_get(o, "role"))};
    }
    return cat_set_units(c, ar, p->id, u, (int)n, "units", e);
}

static int import_entry(struct db_conn *c, struct arena *ar, struct import_ctx *x, struct entry *en,
                        struct err *e)
{
    struct proc_row p = {0};
    int rc = json_is_null(json_object_get(en->doc, "code")) ? local_code(c, ar, en->doc, e) : 0;
    const char *code = json_string_value(json_object_get(en->doc, "code"));
    if (!rc) {
        rc = proc_get(c, ar, code, &p, e);
        if (rc == E_NOTFOUND) {
            rc = proc_insert(c, code, svc_now(), &p.id, e);
            p.code = code;
            x->st.added++;
        }
    }
    int fresh = 0;
    if (!rc)
        rc = is_new_version(c, ar, &p, en, &fresh, e);
    if (!rc && fresh) {
        const char *eff = json_string_value(json_object_get(en->doc, "effective_from"));
        rc = cat_write_version(c, ar, x->a, &p, p.latest_version, en->doc, eff, e);
        if (!rc)
            rc = svc_audit_json(c, x->a, "procedure.import", "procedure", code,
                                jpack("{s:i, s:s}", "version", p.latest_version + 1, "name",
                                      json_string_value(json_object_get(en->doc, "name"))),
                                e);
        if (p.latest_version > 0)
            x->st.versions++;
    } else if (!rc) {
        x->st.unchanged++;
    }
    if (!rc && en->units)
        rc = import_units(c, ar, &p, en->units, e);
    if (!rc && en->retired && !p.retired_at)
        rc = proc_retire(c, p.id, en->retired, e);
    return rc;
}

static int import_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct import_ctx *x = ctx;
    memset(&x->st, 0, sizeof x->st);
    int rc = perm_require(c, x->a, ROLE_ADMIN, 0, e);
    struct arena *ar = arena_new();
    for (size_t i = 0; !rc && i < x->n; i++) {
        struct err inner = {0};
        rc = import_entry(c, ar, x, &x->entries[i], &inner);
        if (rc == E_INVALID)
            rc = entry_error(e, i, json_string_value(json_object_get(x->entries[i].doc, "code")),
                             &inner);
        else if (rc)
            *e = inner;
        arena_reset(ar);
    }
    arena_free(ar);
    return rc;
}

int svc_proc_import(struct svc *s, const struct actor *a, const char *json, size_t len,
                    struct svc_proc_import_stats *st, struct err *e)
{
    struct import_ctx x = {.a = a};
    json_t *root = NULL;
    int rc = check_file(json, len, &x.entries, &x.n, &root, e);
    if (rc)
        return rc;
    rc = db_tx(s->db, import_tx, &x, e);
    free_entries(x.entries, x.n);
    free(x.entries);
    json_decref(root);
    if (!rc && st)
        *st = x.st;
    return rc;
}

/* ---- export ---- */

struct export_ctx {
    json_t *list;
};

static json_t *units_json(const struct proc_unit_row *u, int n)
{
    json_t *out = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(out, jpack("{s:s, s:s}", "unit", u[i].key, "role", u[i].role));
    return out;
}

static int export_one(struct db_conn *c, struct arena *ar, const struct proc_row *p, json_t *list,
                      struct err *e)
{
    struct proc_version_row *v = NULL;
    struct proc_unit_row *u = NULL;
    int nv = 0, nu = 0;
    int rc = proc_version_list(c, ar, p->id, &v, &nv, e);
    if (!rc)
        rc = proc_units_list(c, ar, p->id, &u, &nu, e);
    for (int i = 0; !rc && i < nv; i++) {
        json_t *doc = proc_stored_json(v[i].body);
        if (!doc)
            return err_set(e, E_INTERNAL, NULL, "stored body of %s v%d is not JSON", p->code,
                           v[i].version_no);
        json_object_set_new(doc, "version", json_integer(v[i].version_no));
        json_object_set_new(doc, "effective_from", json_string(v[i].effective_from));
        if (i == nv - 1) {
            json_object_set_new(doc, "units", units_json(u, nu));
            if (p->retired_at)
                json_object_set_new(doc, "retired_at", json_integer(p->retired_at));
        }
        json_array_append_new(list, doc);
    }
    return rc;
}

static int export_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct export_ctx *x = ctx;
    struct arena *ar = arena_new();
    struct proc_row *p = NULL;
    int n = 0;
    json_array_clear(x->list);
    int rc = proc_list_all(c, ar, &p, &n, e);
    for (int i = 0; !rc && i < n; i++)
        rc = export_one(c, ar, &p[i], x->list, e);
    arena_free(ar);
    return rc;
}

int svc_proc_export(struct svc *s, char **out, struct err *e)
{
    struct export_ctx x = {json_array()};
    /* a write transaction gives one consistent snapshot across all the reads */
    int rc = db_tx(s->db, export_tx, &x, e);
    json_t *root = jpack("{s:s, s:i, s:o}", "format", "motcua-procedures", "format_version", 1,
                         "procedures", x.list);
    *out = rc ? NULL : json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS);
    json_decref(root);
    if (!rc && !*out)
        rc = err_set(e, E_NOMEM, NULL, "out of memory");
    return rc;
}

/* ---- synthetic catalogue ---- */

static const char *const verbs[] = {"Cấp",       "Cấp lại",   "Điều chỉnh", "Gia hạn",
                                    "Thu hồi",   "Xác nhận",  "Đăng ký",    "Công nhận",
                                    "Thẩm định", "Phê duyệt", "Đính chính", "Hủy bỏ"};
static const char *const objects[] = {
    "giấy phép kinh doanh", "giấy chứng nhận",     "hồ sơ đất đai",   "trợ cấp xã hội",
    "thông tin hộ tịch",    "công trình xây dựng", "giống cây trồng", "đồng ruộng",
    "cơ sở giáo dục",       "hoạt động văn hóa",   "hộ kinh doanh",   "nguồn nước"};
static const char *const fields[] = {"Đất đai",  "Xây dựng",    "Hộ tịch",    "Giáo dục",
                                     "Văn hóa",  "Nông nghiệp", "Tài nguyên", "Y tế",
                                     "Lao động", "Thương mại"};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static json_t *synthetic_doc(int i, int commune)
{
    static const char *const online[] = {"full", "partial", "none"};
    int days = i % 20 + 1;
    char name[256], c[16];
    snprintf(c, sizeof c, "9.9%05d", commune ? 50000 + i : i);
    snprintf(name, sizeof name, "[Tổng hợp] %s %s số %d", verbs[i % COUNT(verbs)],
             objects[(i / COUNT(verbs)) % COUNT(objects)], i);
    json_t *fees = i % 4 ? json_array() : jpack("[{s:i, s:s}]", "amount", 50000, "per", "case");
    return jpack("{s:s, s:s, s:s, s:s, s:{s:i, s:s}, s:s, s:b, s:b, s:o,"
                 " s:[{s:s, s:s, s:i}], s:[{s:s, s:i}, {s:s, s:i}, {s:s, s:i}, {s:s, s:i}],"
                 " s:[s]}",
                 "code", c, "name", name, "field", fields[i % COUNT(fields)], "level",
                 commune ? "commune" : "district", "time_limit", "value", days, "unit",
                 "working_days", "online", online[i % 3], "postal", i % 2, "verified", 0, "fees",
                 fees, "components", "name", "Tờ khai (dữ liệu tổng hợp)", "kind", "original",
                 "count", 1, "steps", "role", "receptionist", "budget_hours", 1, "role",
                 "specialist", "budget_hours", days * 8 - 3, "role", "leader", "budget_hours", 1,
                 "role", "receptionist", "budget_hours", 1, "legal_basis",
                 "Dữ liệu tổng hợp để thử tải, không có giá trị pháp lý");
}

struct synthetic_ctx {
    const struct actor *a;
    int district, commune, added;
};

static int synthetic_one(struct db_conn *c, struct arena *ar, struct synthetic_ctx *x, json_t *in,
                         struct err *e)
{
    json_t *doc = NULL;
    struct proc_row p = {0};
    int rc = svc_proc_normalize(in, &doc, e);
    const char *code = json_string_value(json_object_get(doc, "code"));
    if (!rc) {
        rc = proc_get(c, ar, code, &p, e);
        if (rc == 0) { /* already there from an earlier run */
            json_decref(doc);
            return 0;
        }
    }
    if (rc == E_NOTFOUND)
        rc = proc_insert(c, code, svc_now(), &p.id, e);
    if (!rc)
        rc = cat_write_version(c, ar, x->a, &p, 0, doc, NULL, e);
    x->added += rc == 0;
    json_decref(doc);
    return rc;
}

static int synthetic_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct synthetic_ctx *x = ctx;
    x->added = 0;
    int rc = perm_require(c, x->a, ROLE_ADMIN, 0, e);
    struct arena *ar = arena_new();
    for (int i = 1; !rc && i <= x->district + x->commune; i++) {
        int commune = i > x->district;
        json_t *in = synthetic_doc(commune ? i - x->district : i, commune);
        rc = synthetic_one(c, ar, x, in, e);
        json_decref(in);
        arena_reset(ar);
    }
    arena_free(ar);
    if (!rc)
        rc = svc_audit_json(c, x->a, "procedure.synthetic", "procedure", "9.9*",
                            jpack("{s:i, s:i, s:i}", "district", x->district, "commune", x->commune,
                                  "added", x->added),
                            e);
    return rc;
}

int svc_proc_synthetic(struct svc *s, const struct actor *a, int district, int commune, int *added,
                       struct err *e)
{
    if (district < 0 || commune < 0 || district > 49999 || commune > 49999)
        return err_set(e, E_INVALID, "count", "Số thủ tục tổng hợp phải từ 0 đến 49999");
    struct synthetic_ctx x = {a, district, commune, 0};
    int rc = db_tx(s->db, synthetic_tx, &x, e);
    if (!rc && added)
        *added = x.added;
    return rc;
}
