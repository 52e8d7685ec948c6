/* org.c — importing and reading the organisation tree, and renames that keep history. The
 * tree is data, not code: the same program runs the 2020 district configuration and the
 * 2025 province + commune one. */
#include "svc_org.h"
#include "jpack.h"

#include "org_store.h"
#include "org_tree.h"
#include "svc_internal.h"
#include "text.h"

#include <jansson.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct {
    const char *level, *label;
} levels[] = {
    {"province", "Cấp tỉnh"},       {"district", "Cấp huyện"},
    {"commune", "Cấp xã"},          {"department", "Cơ quan chuyên môn"},
    {"section", "Bộ phận một cửa"}, {"external", "Cơ quan phối hợp"},
};

const char *org_level_label(const char *level)
{
    for (size_t i = 0; level && i < sizeof levels / sizeof levels[0]; i++)
        if (strcmp(levels[i].level, level) == 0)
            return levels[i].label;
    return NULL;
}

/* QCVN 102:2016 agency code: four dot-separated groups, the province (a letter and two
 * digits) last, e.g. 000.00.15.H33. */
static int valid_agency_code(const char *code)
{
    regex_t re;
    if (regcomp(&re, "^[0-9A-Z]{3}\\.[0-9A-Z]{2}\\.[0-9A-Z]{2}\\.[A-Y][0-9]{2}$",
                REG_EXTENDED | REG_NOSUB) != 0)
        return 0;
    int ok = regexec(&re, code, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

static int valid_date(const char *d)
{
    int y, m, day;
    char tail;
    return d && strlen(d) == 10 && sscanf(d, "%4d-%2d-%2d%c", &y, &m, &day, &tail) == 3 && m >= 1 &&
           m <= 12 && day >= 1 && day <= 31;
}

struct import_ctx {
    const struct actor *a;
    json_t *root;
    int added, skipped;
};

static int field_error(struct err *e, size_t i, const char *field, const char *msg)
{
    return err_set(e, E_INVALID, field, "Đơn vị thứ %zu: %s", i + 1, msg);
}

static int check_unit(json_t *u, size_t i, struct err *e)
{
    const char *key = json_string_value(json_object_get(u, "key"));
    const char *name = json_string_value(json_object_get(u, "name"));
    const char *level = json_string_value(json_object_get(u, "level"));
    const char *code = json_string_value(json_object_get(u, "agency_code"));
    json_t *place = json_object_get(u, "place");
    if (!json_is_object(u))
        return field_error(e, i, "units", "phải là một đối tượng JSON");
    if (!key || !*key || strlen(key) > 64)
        return field_error(e, i, "key", "thiếu mã đơn vị (key) hoặc dài quá 64 ký tự");
    if (!name || !*name || text_length(name) > 300)
        return field_error(e, i, "name", "thiếu tên đơn vị hoặc dài quá 300 ký tự");
    if (!org_level_label(level))
        return field_error(e, i, "level",
                           "cấp phải là province, district, commune, department, section "
                           "hoặc external");
    if (code && !valid_agency_code(code))
        return field_error(e, i, "agency_code",
                           "mã định danh phải có dạng QCVN 102:2016, ví dụ 000.00.15.H33");
    if (place && !json_is_null(place) &&
        (!json_is_string(place) || !*json_string_value(place) ||
         text_length(json_string_value(place)) > 100))
        return field_error(e, i, "place", "địa danh phải là chữ, từ 1 đến 100 ký tự");
    return 0;
}

static int import_unit(struct db_conn *c, struct arena *ar, struct import_ctx *x, json_t *u,
                       size_t i, struct err *e)
{
    const char *key = json_string_value(json_object_get(u, "key"));
    struct org_unit existing, parent = {0};
    int rc = org_get_by_key(c, ar, key, &existing, e);
    if (rc == 0) {
        x->skipped++;
        return 0;
    }
    if (rc != E_NOTFOUND)
        return rc;
    const char *parent_key = json_string_value(json_object_get(u, "parent"));
    if (parent_key && (rc = org_get_by_key(c, ar, parent_key, &parent, e)) != 0)
        return rc == E_NOTFOUND
                   ? field_error(e, i, "parent", "đơn vị cấp trên chưa có (phải đứng trước)")
                   : rc;
    const char *from = json_string_value(json_object_get(u, "valid_from"));
    const char *to = json_string_value(json_object_get(u, "valid_to"));
    struct org_unit row = {
        .key = key,
        .name = json_string_value(json_object_get(u, "name")),
        .level = json_string_value(json_object_get(u, "level")),
        .agency_code = json_string_value(json_object_get(u, "agency_code")),
        .place = json_string_value(json_object_get(u, "place")),
        .parent_id = parent.id,
        .valid_from = from ? from : json_string_value(json_object_get(x->root, "valid_from")),
        .valid_to = to ? to : json_string_value(json_object_get(x->root, "valid_to")),
    };
    if (!row.valid_from)
        row.valid_from = "1976-01-01";
    if (!valid_date(row.valid_from) || (row.valid_to && !valid_date(row.valid_to)))
        return field_error(e, i, "valid_from", "ngày hiệu lực phải có dạng YYYY-MM-DD");
    char *fold = NULL;
    int64_t id = 0;
    if ((rc = text_fold(ar, row.name, &fold)) != 0 ||
        (rc = org_insert(c, &row, fold, svc_now(), &id, e)) != 0)
        return rc == E_CONSTRAINT ? field_error(e, i, "key", "mã đơn vị bị trùng") : rc;
    rc = svc_audit_json(c, x->a, "org.add", "org_unit", key,
                        jpack("{s:s, s:s, s:s?, s:s?}", "name", row.name, "level", row.level,
                              "agency_code", row.agency_code, "place", row.place),
                        e);
    x->added++;
    return rc;
}

static int import_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct import_ctx *x = ctx;
    x->added = x->skipped = 0;
    int rc = perm_require(c, x->a, ROLE_ADMIN, 0, e);
    json_t *units = json_object_get(x->root, "units");
    struct arena *ar = arena_new();
    for (size_t i = 0; !rc && i < json_array_size(units); i++)
        rc = import_unit(c, ar, x, json_array_get(units, i), i, e);
    arena_free(ar);
    return rc;
}

int svc_org_import(struct svc *s, const struct actor *a, const char *json, size_t len, int *added,
                   int *skipped, struct err *e)
{
    json_error_t jerr;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return err_set(e, E_INVALID, "file", "Tệp JSON không hợp lệ (dòng %d): %s", jerr.line,
                       jerr.text);
    json_t *units = json_object_get(root, "units");
    int rc = 0;
    if (!json_is_array(units))
        rc = err_set(e, E_INVALID, "units", "Tệp phải có mảng \"units\"");
    for (size_t i = 0; !rc && i < json_array_size(units); i++)
        rc = check_unit(json_array_get(units, i), i, e);
    struct import_ctx x = {a, root, 0, 0};
    if (!rc)
        rc = db_tx(s->db, import_tx, &x, e);
    json_decref(root);
    if (!rc) {
        *added = x.added;
        *skipped = x.skipped;
    }
    return rc;
}

struct tree_ctx {
    struct svc *s;
    struct org_unit *rows;
    int n;
};

/* From the snapshot (org_tree.c): the pickers of most pages ask for the tree. */
static int tree_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct tree_ctx *x = ctx;
    struct org_tree t;
    int rc = org_tree_of(x->s, c, &t, e);
    x->rows = rc ? NULL : t.units;
    x->n = rc ? 0 : t.n;
    return rc;
}

static int by_name(const void *pa, const void *pb)
{
    const struct org_unit *a = *(const struct org_unit *const *)pa;
    const struct org_unit *b = *(const struct org_unit *const *)pb;
    return strcmp(a->key, b->key);
}

/* Appends the children of parent (sorted) and their subtrees to out, depth-first. */
static void walk(struct org_unit **sorted, int n, int64_t parent, int depth,
                 struct svc_org_unit *out, int *k)
{
    for (int i = 0; i < n; i++) {
        struct org_unit *u = sorted[i];
        if (u->parent_id != parent)
            continue;
        out[(*k)++] = (struct svc_org_unit){
            u->id,          u->parent_id,  u->successor_id, u->key, u->name, u->level,
            u->agency_code, u->valid_from, u->valid_to,     depth,  u->place};
        if (depth < 32)
            walk(sorted, n, u->id, depth + 1, out, k);
    }
}

int svc_org_tree(struct svc *s, struct arena *ar, struct svc_org_unit **out, int *n, struct err *e)
{
    struct tree_ctx x = {s, NULL, 0};
    int rc = db_with_conn(s->db, tree_read, &x, e);
    if (rc)
        return rc;
    struct org_unit **sorted = arena_alloc(ar, sizeof *sorted * (size_t)(x.n ? x.n : 1));
    for (int i = 0; i < x.n; i++)
        sorted[i] = &x.rows[i];
    qsort(sorted, (size_t)x.n, sizeof *sorted, by_name);
    *out = arena_alloc(ar, sizeof **out * (size_t)(x.n ? x.n : 1));
    *n = 0;
    walk(sorted, x.n, 0, 0, *out, n);
    return 0;
}

/* Is u (at index i of the depth-first list) within the actor's admin reach? Its ancestors
 * are the nearest earlier units of smaller depth. */
static int administered(const struct actor *a, const struct svc_org_unit *list, int i)
{
    int64_t up[33];
    int n = 0, depth = list[i].depth + 1;
    for (int k = i; k >= 0 && n < 33; k--)
        if (list[k].depth < depth) {
            up[n++] = list[k].id;
            depth = list[k].depth;
        }
    return perm_holds(a, ROLE_ADMIN, up, n);
}

int svc_org_admin_units(struct svc *s, const struct actor *a, struct arena *ar,
                        struct svc_org_unit **out, int *n, struct err *e)
{
    struct svc_org_unit *all = NULL;
    int total = 0;
    int rc = perm_require_some(a, ROLE_ADMIN, e);
    if (!rc)
        rc = svc_org_tree(s, ar, &all, &total, e);
    if (rc)
        return rc;
    *out = arena_alloc(ar, sizeof **out * (size_t)(total ? total : 1));
    *n = 0;
    for (int i = 0; i < total; i++)
        if (!all[i].successor_id && administered(a, all, i))
            (*out)[(*n)++] = all[i];
    return 0;
}

/* The calendar day before a valid YYYY-MM-DD date: the last day the old row was in force. */
static void day_before(const char *date, char out[11])
{
    struct tm tm = {0};
    sscanf(date, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm) - 86400;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/* A unit can be renamed or merged on a day when it is still in force and has no successor
 * yet; ISO dates compare as strings. */
static int in_force_on(const struct org_unit *u, const char *day)
{
    return u->successor_id == 0 && strcmp(u->valid_from, day) <= 0 &&
           (!u->valid_to || strcmp(u->valid_to, day) >= 0);
}

struct rename_ctx {
    const struct actor *a;
    const char *key, *new_key, *new_name, *from_date;
};

static int rename_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct rename_ctx *x = ctx;
    struct arena *ar = arena_new();
    struct org_unit old = {0};
    char *fold = NULL;
    int64_t id = 0;
    int rc = perm_require(c, x->a, ROLE_ADMIN, 0, e);
    if (!rc)
        rc = org_get_by_key(c, ar, x->key, &old, e);
    char last_day[11];
    day_before(x->from_date, last_day);
    if (!rc && !in_force_on(&old, last_day))
        rc =
            err_set(e, E_CONFLICT, "key", "Đơn vị này đã hết hiệu lực trước ngày %s", x->from_date);
    struct org_unit row = old;
    row.key = x->new_key;
    row.name = x->new_name;
    row.valid_from = x->from_date;
    row.valid_to = NULL;
    if (!rc)
        rc = text_fold(ar, x->new_name, &fold);
    if (!rc)
        rc = org_insert(c, &row, fold, svc_now(), &id, e);
    if (rc == E_CONSTRAINT)
        rc = err_set(e, E_CONFLICT, "new_key", "Mã đơn vị mới đã được dùng");
    if (!rc)
        rc = org_close(c, old.id, last_day, id, e);
    if (!rc) {
        rc = svc_audit_json(
            c, x->a, "org.rename", "org_unit", x->key,
            jpack("{s:s, s:s, s:s}", "from", old.name, "to", x->new_name, "new_key", x->new_key),
            e);
    }
    arena_free(ar);
    return rc;
}

int svc_org_rename(struct svc *s, const struct actor *a, const char *key, const char *new_key,
                   const char *new_name, const char *from_date, struct err *e)
{
    if (!valid_date(from_date))
        return err_set(e, E_INVALID, "from", "Ngày hiệu lực phải có dạng YYYY-MM-DD");
    if (!new_name || !*new_name)
        return err_set(e, E_INVALID, "name", "Vui lòng nhập tên mới");
    if (!new_key || !*new_key || strlen(new_key) > 64)
        return err_set(e, E_INVALID, "new_key", "Vui lòng nhập mã đơn vị mới");
    struct rename_ctx x = {a, key, new_key, new_name, from_date};
    return db_tx(s->db, rename_tx, &x, e);
}

struct merge_ctx {
    const struct actor *a;
    const char *key, *into, *from_date;
};

static int merge_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct merge_ctx *x = ctx;
    struct arena *ar = arena_new();
    struct org_unit from = {0}, into = {0};
    int rc = perm_require(c, x->a, ROLE_ADMIN, 0, e);
    if (!rc)
        rc = org_get_by_key(c, ar, x->key, &from, e);
    if (!rc && (rc = org_get_by_key(c, ar, x->into, &into, e)) == E_NOTFOUND)
        rc = err_set(e, E_INVALID, "into", "Không có đơn vị mã '%s'", x->into);
    char last_day[11];
    day_before(x->from_date, last_day);
    if (!rc && (!in_force_on(&from, last_day) || !in_force_on(&into, x->from_date)))
        rc = err_set(e, E_CONFLICT, "key", "Đơn vị đã hết hiệu lực không thể sáp nhập");
    if (!rc && from.id == into.id)
        rc = err_set(e, E_INVALID, "into", "Không thể sáp nhập một đơn vị vào chính nó");
    if (!rc)
        rc = org_close(c, from.id, last_day, into.id, e);
    if (!rc)
        rc = svc_audit_json(c, x->a, "org.merge", "org_unit", x->key,
                            jpack("{s:s, s:s}", "into", x->into, "from", x->from_date), e);
    arena_free(ar);
    return rc;
}

int svc_org_merge(struct svc *s, const struct actor *a, const char *key, const char *into_key,
                  const char *from_date, struct err *e)
{
    if (!valid_date(from_date))
        return err_set(e, E_INVALID, "from", "Ngày hiệu lực phải có dạng YYYY-MM-DD");
    struct merge_ctx x = {a, key, into_key, from_date};
    return db_tx(s->db, merge_tx, &x, e);
}
