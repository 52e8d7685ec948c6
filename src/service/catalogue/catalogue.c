/* catalogue.c — the procedure catalogue's use cases: searching and reading what is in force
 * (public), and the admin's edits — create, publish a new version, retire, assign units.
 * Every edit checks the admin role in the service layer and writes its audit entry in the
 * same transaction. A version is never changed once written: a dossier that stores the
 * version number it was received under always reads the same time limit, fees and papers. */
#include "catalogue_internal.h"
#include "jpack.h"

#include "format.h"
#include "org_store.h"
#include "qr_svg.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cat_today(char out[11])
{
    struct fmt_tm tm;
    fmt_vn_tm(svc_now(), &tm);
    char tmp[48];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", tm.year, tm.month, tm.day);
    memcpy(out, tmp, 10);
    out[10] = '\0';
}

char *cat_body_text(json_t *doc)
{
    json_t *copy = json_copy(doc);
    json_object_del(copy, "effective_from");
    char *s = json_dumps(copy, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(copy);
    return s;
}

static int unit_exists(struct db_conn *c, struct arena *ar, const char *key, const char *field,
                       int64_t *id, struct err *e)
{
    struct org_unit u;
    int rc = org_get_by_key(c, ar, key, &u, e);
    if (rc == E_NOTFOUND)
        return err_set(e, E_INVALID, field, "%s: không có đơn vị mã \"%s\"", field, key);
    if (!rc && id)
        *id = u.id;
    return rc;
}

/* Every org unit a document names (agencies, step actors) must exist. */
static int units_named_exist(struct db_conn *c, struct arena *ar, json_t *doc, struct err *e)
{
    static const char *const lists[] = {"implementing", "coordinating"};
    char field[64];
    int rc = 0;
    json_t *ag = json_object_get(doc, "agencies");
    for (int l = 0; l < 2 && !rc; l++) {
        json_t *arr = json_object_get(ag, lists[l]);
        for (size_t i = 0; !rc && i < json_array_size(arr); i++) {
            snprintf(field, sizeof field, "agencies.%s[%zu]", lists[l], i);
            rc = unit_exists(c, ar, json_string_value(json_array_get(arr, i)), field, NULL, e);
        }
    }
    json_t *steps = json_object_get(doc, "steps");
    for (size_t i = 0; !rc && i < json_array_size(steps); i++) {
        const char *key = json_string_value(json_object_get(json_array_get(steps, i), "unit"));
        snprintf(field, sizeof field, "steps[%zu].unit", i);
        if (key)
            rc = unit_exists(c, ar, key, field, NULL, e);
    }
    return rc;
}

static int search_columns(struct arena *ar, json_t *doc, struct proc_version_row *v)
{
    const char *code = json_string_value(json_object_get(doc, "code"));
    char *fold = NULL, *key = NULL;
    int rc = text_fold(ar, arena_printf(ar, "%s %s %s", v->name, code, v->field), &fold);
    if (!rc)
        rc = text_sort_key(ar, v->name, &key);
    if (rc)
        return rc;
    v->search_fold = fold;
    v->sort_key = key;
    v->sort_key_len = strlen(key);
    return 0;
}

int cat_write_version(struct db_conn *c, struct arena *ar, const struct actor *a,
                      const struct proc_row *p, int expected, json_t *doc,
                      const char *effective_from, struct err *e)
{
    char today[11];
    cat_today(today);
    struct proc_version_row v = {
        .procedure_id = p->id,
        .created_at = svc_now(),
        .created_by = a->user_id,
        .version_no = expected + 1,
        .verified = json_is_true(json_object_get(doc, "verified")),
        .effective_from = effective_from ? effective_from : today,
        .name = json_string_value(json_object_get(doc, "name")),
        .field = json_string_value(json_object_get(doc, "field")),
        .level = json_string_value(json_object_get(doc, "level")),
        .online = json_string_value(json_object_get(doc, "online")),
    };
    int rc = units_named_exist(c, ar, doc, e);
    if (!rc)
        rc = search_columns(ar, doc, &v);
    if (!rc)
        rc = proc_bump_version(c, p->id, expected, v.version_no, e);
    char *body = rc ? NULL : cat_body_text(doc);
    v.body = body;
    if (!rc)
        rc = proc_version_insert(c, &v, e);
    free(body);
    return rc;
}

int cat_set_units(struct db_conn *c, struct arena *ar, int64_t id,
                  const struct svc_proc_unit *units, int n, const char *field, struct err *e)
{
    int rc = proc_units_clear(c, id, e);
    char f[64];
    for (int i = 0; !rc && i < n; i++) {
        int64_t unit_id = 0;
        snprintf(f, sizeof f, "%s[%d].unit", field, i);
        if (!units[i].key || !*units[i].key)
            return err_set(e, E_INVALID, f, "%s: thiếu mã đơn vị", f);
        snprintf(f, sizeof f, "%s[%d].role", field, i);
        if (!units[i].role ||
            (strcmp(units[i].role, "receive") != 0 && strcmp(units[i].role, "resolve") != 0))
            return err_set(e, E_INVALID, f,
                           "%s: vai trò phải là receive (tiếp nhận) hoặc resolve (giải quyết)", f);
        snprintf(f, sizeof f, "%s[%d].unit", field, i);
        rc = unit_exists(c, ar, units[i].key, f, &unit_id, e);
        if (!rc)
            rc = proc_units_add(c, id, unit_id, units[i].role, e);
    }
    return rc;
}

int svc_proc_qr_svg(struct buf *out, const char *url, struct err *e)
{
    return qr_svg(out, url, 240, "Mã QR của trang thủ tục", e);
}

/* ---- reading ---- */

struct search_ctx {
    struct arena *ar;
    struct proc_search q;
    struct proc_list_row *rows;
    int n;
    int64_t total;
};

static int search_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct search_ctx *x = ctx;
    return proc_search(c, x->ar, &x->q, &x->rows, &x->n, &x->total, e);
}

/* LIKE pattern for one folded word: %, _ and the escape character itself are literal. */
static const char *like_pattern(struct arena *ar, const char *word, size_t len)
{
    char *p = arena_alloc(ar, len * 2 + 3), *o = p;
    *o++ = '%';
    for (size_t i = 0; i < len; i++) {
        if (word[i] == '%' || word[i] == '_' || word[i] == '\\')
            *o++ = '\\';
        *o++ = word[i];
    }
    *o++ = '%';
    return p;
}

/* Splits the folded query into up to six words, each matched anywhere in the folded name,
 * code and field (so word order does not matter and "dong" finds "Đồng"); a seventh word
 * and those after it stay together with the sixth. */
static int query_words(struct arena *ar, const char *q, const char *words[6], struct err *e)
{
    for (int i = 0; i < 6; i++)
        words[i] = "%";
    if (!q || !*q)
        return 0;
    if (!text_valid_utf8(q, strlen(q)))
        return err_set(e, E_INVALID, "q", "Từ khóa tìm kiếm không hợp lệ");
    char *fold = NULL;
    int rc = text_fold(ar, q, &fold);
    if (rc)
        return err_set(e, E_INVALID, "q", "Từ khóa tìm kiếm không hợp lệ");
    const char *s = fold;
    for (int i = 0; i < 6 && *s; i++) {
        const char *end = i < 5 ? strchr(s, ' ') : NULL;
        size_t len = end ? (size_t)(end - s) : strlen(s);
        words[i] = like_pattern(ar, s, len);
        s += len;
        while (*s == ' ')
            s++;
    }
    return 0;
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

int svc_proc_search(struct svc *s, struct arena *a, const struct svc_proc_query *q,
                    struct svc_proc_page *out, struct err *e)
{
    struct search_ctx x = {.ar = a};
    char today[11];
    cat_today(today);
    int per = q->per_page > 0 ? q->per_page : 20, page = q->page > 0 ? q->page : 1;
    if (per > 100)
        return err_set(e, E_INVALID, "per_page", "Mỗi trang tối đa 100 thủ tục");
    if (page > 100000)
        return err_set(e, E_INVALID, "page", "Số trang quá lớn");
    if (q->level && *q->level && !svc_proc_level_label(q->level))
        return err_set(e, E_INVALID, "level", "Cấp phải là province, district hoặc commune");
    if (q->online && *q->online && !svc_proc_online_label(q->online))
        return err_set(e, E_INVALID, "online", "Mức trực tuyến phải là full, partial hoặc none");
    x.q = (struct proc_search){.today = today,
                               .latest = q->include_retired != 0,
                               .field = or_empty(q->field),
                               .level = or_empty(q->level),
                               .online = or_empty(q->online),
                               .agency = or_empty(q->agency),
                               .limit = per,
                               .offset = (int64_t)(page - 1) * per};
    int rc = query_words(a, q->q, x.q.words, e);
    if (!rc)
        rc = db_with_conn(s->db, search_read, &x, e);
    if (rc)
        return rc;
    out->rows = arena_alloc(a, sizeof *out->rows * (size_t)(x.n ? x.n : 1));
    for (int i = 0; i < x.n; i++) {
        const struct proc_list_row *r = &x.rows[i];
        out->rows[i] = (struct svc_proc_row){.code = r->code,
                                             .name = r->name,
                                             .field = r->field,
                                             .level = r->level,
                                             .online = r->online,
                                             .effective_from = r->effective_from,
                                             .version = r->version_no,
                                             .verified = r->verified,
                                             .retired = r->retired};
    }
    out->n = x.n;
    out->total = x.total;
    out->page = page;
    out->per_page = per;
    return 0;
}

struct facets_ctx {
    struct arena *ar;
    const char **fields;
    int nfields;
    struct proc_unit_row *units;
    int nunits;
};

static int facets_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct facets_ctx *x = ctx;
    char today[11];
    cat_today(today);
    int rc = proc_fields(c, x->ar, today, &x->fields, &x->nfields, e);
    return rc ? rc : proc_assigned_units(c, x->ar, &x->units, &x->nunits, e);
}

static struct svc_proc_unit *units_out(struct arena *a, const struct proc_unit_row *rows, int n)
{
    struct svc_proc_unit *u = arena_alloc(a, sizeof *u * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++)
        u[i] =
            (struct svc_proc_unit){.key = rows[i].key, .name = rows[i].name, .role = rows[i].role};
    return u;
}

int svc_proc_facets(struct svc *s, struct arena *a, const char ***fields, int *nfields,
                    struct svc_proc_unit **units, int *nunits, struct err *e)
{
    struct facets_ctx x = {.ar = a};
    int rc = db_with_conn(s->db, facets_read, &x, e);
    if (rc)
        return rc;
    *fields = x.fields;
    *nfields = x.nfields;
    *units = units_out(a, x.units, x.nunits);
    *nunits = x.nunits;
    return 0;
}

struct get_ctx {
    struct arena *ar;
    const char *code;
    int version;
    struct proc_row p;
    struct proc_version_row v;
    struct proc_unit_row *units;
    int nunits;
};

static int get_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct get_ctx *x = ctx;
    char today[11];
    cat_today(today);
    int rc = proc_get(c, x->ar, x->code, &x->p, e);
    int version = x->version < 0 ? x->p.latest_version : x->version;
    if (!rc)
        rc = proc_version_get(c, x->ar, x->p.id, version, today, &x->v, e);
    if (!rc)
        rc = proc_units_list(c, x->ar, x->p.id, &x->units, &x->nunits, e);
    return rc;
}

int svc_proc_get(struct svc *s, struct arena *a, const char *code, int version,
                 struct svc_procedure *out, struct err *e)
{
    if (!svc_proc_code_valid(code))
        return err_set(e, E_NOTFOUND, "code", "Không tìm thấy thủ tục");
    struct get_ctx x = {.ar = a, .code = code, .version = version};
    struct procedure *doc = arena_alloc(a, sizeof *doc);
    int rc = db_with_conn(s->db, get_read, &x, e);
    if (!rc)
        rc = proc_parse(a, x.v.body, doc, e);
    if (rc)
        return rc;
    *out = (struct svc_procedure){.code = x.p.code,
                                  .effective_from = x.v.effective_from,
                                  .body = x.v.body,
                                  .doc = doc,
                                  .version = x.v.version_no,
                                  .latest_version = x.p.latest_version,
                                  .created_at = x.v.created_at,
                                  .retired_at = x.p.retired_at,
                                  .units = units_out(a, x.units, x.nunits),
                                  .nunits = x.nunits};
    return 0;
}

/* ---- editing ---- */

struct edit_ctx {
    const struct actor *a;
    const char *code;
    json_t *doc; /* canonical */
    int expected, version;
    const struct svc_proc_unit *units;
    int nunits;
};

static int audit_version(struct db_conn *c, const struct actor *a, const char *action,
                         const char *code, json_t *doc, int version, struct err *e)
{
    return svc_audit_json(c, a, action, "procedure", code,
                          jpack("{s:i, s:s, s:O}", "version", version, "name",
                                json_string_value(json_object_get(doc, "name")), "time_limit",
                                json_object_get(doc, "time_limit")),
                          e);
}

static int create_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct edit_ctx *x = ctx;
    struct arena *ar = arena_new();
    struct proc_row p = {0};
    int rc = perm_require(c, x->a, ROLE_ADMIN, 0, e);
    if (!rc) {
        rc = proc_get(c, ar, x->code, &p, e);
        if (rc == 0)
            rc = err_set(e, E_CONFLICT, "code", "Mã thủ tục %s đã có trong danh mục", x->code);
        else if (rc == E_NOTFOUND)
            rc = proc_insert(c, x->code, svc_now(), &p.id, e);
    }
    const char *eff = json_string_value(json_object_get(x->doc, "effective_from"));
    if (!rc)
        rc = cat_write_version(c, ar, x->a, &p, 0, x->doc, eff, e);
    if (!rc)
        rc = audit_version(c, x->a, "procedure.create", x->code, x->doc, 1, e);
    arena_free(ar);
    x->version = 1;
    return rc;
}

static int admin_check(struct db_conn *c, void *ctx, struct err *e)
{
    return perm_require(c, ctx, ROLE_ADMIN, 0, e);
}

/* Who may edit is answered before what was sent is judged (403 before 422); the check is
 * made again inside the writing transaction. */
static int require_admin(struct svc *s, const struct actor *a, struct err *e)
{
    return db_with_conn(s->db, admin_check, (void *)a, e);
}

static int normalized(json_t *in, const char *code, json_t **doc, struct err *e)
{
    int rc = svc_proc_normalize(in, doc, e);
    if (rc)
        return rc;
    const char *given = json_string_value(json_object_get(*doc, "code"));
    if (code && given && strcmp(given, code) != 0)
        rc = err_set(e, E_INVALID, "code", "code: không đổi được mã thủ tục khi sửa (%s)", code);
    if (!rc && !code && !given)
        rc = err_set(e, E_INVALID, "code", "code: bắt buộc phải có mã thủ tục");
    if (!rc && code)
        json_object_set_new(*doc, "code", json_string(code));
    if (rc) {
        json_decref(*doc);
        *doc = NULL;
    }
    return rc;
}

int svc_proc_create(struct svc *s, const struct actor *a, json_t *in, int *version, struct err *e)
{
    struct edit_ctx x = {.a = a};
    int rc = require_admin(s, a, e);
    if (!rc)
        rc = normalized(in, NULL, &x.doc, e);
    if (rc)
        return rc;
    x.code = json_string_value(json_object_get(x.doc, "code"));
    rc = db_tx(s->db, create_tx, &x, e);
    json_decref(x.doc);
    if (!rc && version)
        *version = x.version;
    return rc;
}

static int update_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct edit_ctx *x = ctx;
    struct arena *ar = arena_new();
    struct proc_row p;
    int rc = perm_require(c, x->a, ROLE_ADMIN, 0, e);
    if (!rc)
        rc = proc_get(c, ar, x->code, &p, e);
    if (!rc && p.retired_at)
        rc = err_set(e, E_CONFLICT, "code", "Thủ tục đã bãi bỏ, không sửa được");
    const char *eff = json_string_value(json_object_get(x->doc, "effective_from"));
    if (!rc)
        rc = cat_write_version(c, ar, x->a, &p, x->expected, x->doc, eff, e);
    x->version = x->expected + 1;
    if (!rc)
        rc = audit_version(c, x->a, "procedure.version", x->code, x->doc, x->version, e);
    arena_free(ar);
    return rc;
}

int svc_proc_update(struct svc *s, const struct actor *a, const char *code, int expected_version,
                    json_t *in, int *version, struct err *e)
{
    struct edit_ctx x = {.a = a, .code = code, .expected = expected_version};
    int rc = require_admin(s, a, e);
    if (!rc && expected_version < 1)
        rc = err_set(e, E_INVALID, "expected_version",
                     "expected_version: phải ghi số phiên bản đang sửa (từ 1)");
    if (!rc)
        rc = normalized(in, code, &x.doc, e);
    if (rc)
        return rc;
    rc = db_tx(s->db, update_tx, &x, e);
    json_decref(x.doc);
    if (!rc && version)
        *version = x.version;
    return rc;
}

static int retire_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct edit_ctx *x = ctx;
    struct arena *ar = arena_new();
    struct proc_row p;
    int rc = perm_require(c, x->a, ROLE_ADMIN, 0, e);
    if (!rc)
        rc = proc_get(c, ar, x->code, &p, e);
    if (!rc && p.retired_at)
        rc = err_set(e, E_CONFLICT, "code", "Thủ tục đã bãi bỏ từ trước");
    if (!rc)
        rc = proc_retire(c, p.id, svc_now(), e);
    if (!rc)
        rc = svc_audit_json(c, x->a, "procedure.retire", "procedure", x->code,
                            jpack("{s:i}", "latest_version", p.latest_version), e);
    arena_free(ar);
    return rc;
}

int svc_proc_retire(struct svc *s, const struct actor *a, const char *code, struct err *e)
{
    struct edit_ctx x = {.a = a, .code = code};
    return db_tx(s->db, retire_tx, &x, e);
}

static int units_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct edit_ctx *x = ctx;
    struct arena *ar = arena_new();
    struct proc_row p;
    int rc = perm_require(c, x->a, ROLE_ADMIN, 0, e);
    if (!rc)
        rc = proc_get(c, ar, x->code, &p, e);
    if (!rc)
        rc = cat_set_units(c, ar, p.id, x->units, x->nunits, "units", e);
    json_t *list = json_array();
    for (int i = 0; !rc && i < x->nunits; i++)
        json_array_append_new(
            list, jpack("{s:s, s:s}", "unit", x->units[i].key, "role", x->units[i].role));
    if (!rc)
        rc = svc_audit_json(c, x->a, "procedure.units", "procedure", x->code,
                            jpack("{s:O}", "units", list), e);
    json_decref(list);
    arena_free(ar);
    return rc;
}

int svc_proc_set_units(struct svc *s, const struct actor *a, const char *code,
                       const struct svc_proc_unit *units, int n, struct err *e)
{
    struct edit_ctx x = {.a = a, .code = code, .units = units, .nunits = n};
    return db_tx(s->db, units_tx, &x, e);
}
