/* calendar.c — the calendar in force and its cache. Computing a due date needs the compiled
 * working-day bitmap (core/cal_calendar), which takes a moment to build; it is built once and
 * shared by every request as a reference-counted snapshot. Each use reads the highest version
 * of the calendar_years table (one indexed query), so an edit made through any server instance
 * is seen by all of them at their next use. */
#include "svc_calendar.h"
#include "jpack.h"

#include "cal_calendar.h"
#include "cal_date.h"
#include "cal_deadline.h"
#include "cal_holiday.h"
#include "cal_office_json.h"
#include "cal_rules.h"
#include "calendar_store.h"
#include "embed.h"
#include "org_store.h"
#include "svc_internal.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct embed_file motcua_data[];

#define SHIPPED_CALENDAR "calendar/official.json"

struct cal_snap {
    atomic_int refs;
    int64_t version;
    struct cal_rules *rules;
    struct cal_calendar *cal;
};

static void snap_release(struct cal_snap *s)
{
    if (s && atomic_fetch_sub(&s->refs, 1) == 1) {
        cal_calendar_free(s->cal);
        cal_rules_free(s->rules);
        free(s);
    }
}

void svc_cal_release(struct cal_snap *s)
{
    snap_release(s);
}

/* The cache's own reference, dropped by svc_close (svc_cache_clear). */
static void snap_dispose(void *snap)
{
    snap_release(snap);
}

/* Wraps one year object as a calendar document and merges it into r. */
static int merge_year(struct cal_rules *r, const char *body, struct err *e)
{
    json_t *year = json_loads(body, 0, NULL);
    if (!year)
        return err_set(e, E_INTERNAL, "years", "stored calendar year is not JSON");
    json_t *doc = jpack("{s:[o]}", "years", year);
    int rc = cal_rules_from_json(r, doc, e);
    json_decref(doc);
    return rc;
}

static int build_snapshot(struct db_conn *c, int64_t version, struct cal_snap **out, struct err *e)
{
    const struct embed_file *f = embed_find(motcua_data, SHIPPED_CALENDAR);
    struct cal_snap *snap = calloc(1, sizeof *snap);
    struct arena *a = arena_new();
    struct calendar_year_row *rows = NULL;
    int n = 0, rc = snap ? 0 : err_set(e, E_NOMEM, NULL, "out of memory");
    if (!rc && !(snap->rules = cal_rules_new()))
        rc = err_set(e, E_NOMEM, NULL, "out of memory");
    if (!rc && !f)
        rc = err_set(e, E_INTERNAL, NULL, "%s is missing from the build", SHIPPED_CALENDAR);
    if (!rc)
        rc = cal_rules_from_text(snap->rules, (const char *)f->data, f->len, e);
    if (!rc)
        rc = calendar_years(c, a, &rows, &n, e);
    for (int i = 0; !rc && i < n; i++)
        rc = merge_year(snap->rules, rows[i].body, e);
    if (!rc)
        rc = cal_calendar_new(snap->rules, &snap->cal, e);
    arena_free(a);
    if (rc) {
        if (snap) {
            cal_rules_free(snap->rules);
            free(snap);
        }
        return rc;
    }
    snap->version = version;
    atomic_init(&snap->refs, 1);
    *out = snap;
    return 0;
}

int svc_cal_acquire(struct svc *s, struct db_conn *c, struct cal_snap **out, struct err *e)
{
    int64_t version = 0;
    int rc = calendar_version(c, &version, e);
    if (rc)
        return rc;
    pthread_mutex_lock(&s->cal_lock);
    struct cal_snap *cur = s->cal.snap;
    if (cur && cur->version == version) {
        atomic_fetch_add(&cur->refs, 1);
        pthread_mutex_unlock(&s->cal_lock);
        *out = cur;
        return 0;
    }
    pthread_mutex_unlock(&s->cal_lock);
    struct cal_snap *fresh = NULL;
    if ((rc = build_snapshot(c, version, &fresh, e)) != 0)
        return rc;
    pthread_mutex_lock(&s->cal_lock);
    struct cal_snap *cached = s->cal.snap;
    if (!cached || cached->version < version) {
        snap_release(cached);
        s->cal = (struct svc_cache){fresh, snap_dispose};
        atomic_fetch_add(&fresh->refs, 1); /* one for the cache, one for the caller */
    }
    pthread_mutex_unlock(&s->cal_lock);
    *out = fresh;
    return 0;
}

const struct cal_rules *svc_cal_rules(const struct cal_snap *snap)
{
    return snap->rules;
}

const struct cal_calendar *svc_cal_calendar(const struct cal_snap *snap)
{
    return snap->cal;
}

int svc_office_of(struct db_conn *c, int64_t unit_id, struct cal_office *out, struct err *e)
{
    cal_office_default(out);
    if (!unit_id)
        return 0;
    struct arena *a = arena_new();
    const char *body = NULL;
    int rc = office_hours_get(c, a, unit_id, &body, e);
    if (rc == E_NOTFOUND) {
        rc = 0;
    } else if (!rc) {
        json_t *j = json_loads(body, 0, NULL);
        rc = j ? cal_office_from_json(j, out, e)
               : err_set(e, E_INTERNAL, NULL, "stored office hours are not JSON");
        json_decref(j);
    }
    arena_free(a);
    return rc;
}

struct holidays_ctx {
    struct svc *s;
    struct arena *a;
    int year;
    struct svc_cal_day *out;
    int n;
    struct svc_cal_basis basis;
};

static void basis_of(struct arena *a, const struct cal_official_year *y, struct svc_cal_basis *b)
{
    *b = (struct svc_cal_basis){y != NULL, CAL_DEFAULT_RULE_NOTE, 0, NULL};
    if (!y)
        return;
    b->source = arena_strdup(a, y->source);
    b->notices = arena_alloc(a, sizeof *b->notices * CAL_NOTICES_MAX);
    for (int i = 0; i < y->nnotices; i++)
        b->notices[b->nnotices++] = arena_strdup(a, y->notices[i]);
}

static int holidays_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct holidays_ctx *x = ctx;
    struct cal_snap *snap = NULL;
    int rc = svc_cal_acquire(x->s, c, &snap, e);
    if (rc)
        return rc;
    struct cal_day days[CAL_YEAR_MAX_DAYS * 2];
    int n = 0;
    rc = cal_holidays(snap->rules, x->year, days, (int)(sizeof days / sizeof days[0]), &n, e);
    basis_of(x->a, cal_rules_year(snap->rules, x->year), &x->basis);
    x->out = arena_alloc(x->a, sizeof *x->out * (size_t)(n ? n : 1));
    for (int i = 0; !rc && i < n; i++) {
        if (!cal_day_changes_week(&days[i]))
            continue;
        char date[16];
        cal_format_date(days[i].day, date, sizeof date);
        x->out[x->n++] = (struct svc_cal_day){arena_strdup(x->a, date), days[i].kind == CAL_OFF,
                                              days[i].uncertain, arena_strdup(x->a, days[i].name)};
    }
    snap_release(snap);
    return rc;
}

int svc_calendar_holidays(struct svc *s, struct arena *a, int year, struct svc_cal_day **out,
                          int *n, struct svc_cal_basis *basis, struct err *e)
{
    struct holidays_ctx x = {s, a, year, NULL, 0, {0}};
    int rc = db_with_conn(s->db, holidays_read, &x, e);
    *out = x.out;
    *n = x.n;
    *basis = x.basis;
    return rc;
}

struct due_ctx {
    struct svc *s;
    const char *unit_key;
    int64_t from;
    struct cal_limit lim;
    int64_t due;
};

static int due_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct due_ctx *x = ctx;
    struct cal_office office;
    int64_t unit_id = 0;
    if (x->unit_key && *x->unit_key) {
        struct arena *a = arena_new();
        struct org_unit u;
        int rc = org_get_by_key(c, a, x->unit_key, &u, e);
        arena_free(a);
        if (rc)
            return rc == E_NOTFOUND
                       ? err_set(e, E_INVALID, "unit_org", "Không có đơn vị mã '%s'", x->unit_key)
                       : rc;
        unit_id = u.id;
    }
    struct cal_snap *snap = NULL;
    int rc = svc_office_of(c, unit_id, &office, e);
    if (!rc)
        rc = svc_cal_acquire(x->s, c, &snap, e);
    if (!rc)
        rc = cal_due(snap->cal, &office, x->from, x->lim, &x->due, e);
    snap_release(snap);
    return rc;
}

int svc_calendar_due(struct svc *s, const char *unit_key, int64_t from, const char *unit, int value,
                     int64_t *due, struct err *e)
{
    struct due_ctx x = {s, unit_key, from, {0}, 0};
    int rc = cal_unit_parse(unit, &x.lim.unit, e);
    x.lim.value = value;
    if (!rc)
        rc = cal_limit_validate(x.lim, e);
    if (!rc)
        rc = db_with_conn(s->db, due_read, &x, e);
    if (!rc)
        *due = x.due;
    return rc;
}

struct import_ctx {
    const struct actor *a;
    json_t *years;
    int count;
};

static int import_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct import_ctx *x = ctx;
    int rc = perm_require(c, x->a, ROLE_ADMIN, 0, e);
    for (size_t i = 0; !rc && i < json_array_size(x->years); i++) {
        json_t *y = json_array_get(x->years, i);
        char *body = json_dumps(y, JSON_COMPACT | JSON_SORT_KEYS);
        int year = (int)json_integer_value(json_object_get(y, "year"));
        rc = calendar_put_year(c, year, body, svc_now(), x->a->username, e);
        free(body);
        char id[16];
        snprintf(id, sizeof id, "%d", year);
        if (!rc)
            rc = svc_audit_json(c, x->a, "calendar.year", "calendar", id,
                                jpack("{s:i, s:i}", "year", year, "days",
                                      (int)json_array_size(json_object_get(y, "days"))),
                                e);
        x->count++;
    }
    return rc;
}

/* Checks the document by merging it into a scratch copy of the rules, then stores each year. */
static int import_doc(struct svc *s, const struct actor *a, json_t *doc, int *years, struct err *e)
{
    struct cal_rules *scratch = cal_rules_new();
    if (!scratch)
        return err_set(e, E_NOMEM, NULL, "out of memory");
    int rc = cal_rules_from_json(scratch, doc, e);
    cal_rules_free(scratch);
    if (rc)
        return rc;
    json_t *list = json_object_get(doc, "years");
    if (json_array_size(list) == 0)
        return err_set(e, E_INVALID, "years", "Tệp không có năm nào (\"years\" trống)");
    struct import_ctx x = {a, list, 0};
    rc = db_tx(s->db, import_tx, &x, e);
    if (!rc && years)
        *years = x.count;
    return rc;
}

int svc_calendar_import(struct svc *s, const struct actor *a, const char *json, size_t len,
                        int *years, struct err *e)
{
    json_error_t jerr;
    json_t *doc = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc)
        return err_set(e, E_INVALID, "file", "Tệp lịch không phải JSON hợp lệ (dòng %d): %s",
                       jerr.line, jerr.text);
    int rc = import_doc(s, a, doc, years, e);
    json_decref(doc);
    return rc;
}

int svc_calendar_set_year(struct svc *s, const struct actor *a, const char *json, size_t len,
                          int *year, struct err *e)
{
    json_error_t jerr;
    json_t *y = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!json_is_object(y)) {
        json_decref(y);
        return err_set(e, E_INVALID, "year", "Năm lịch phải là một đối tượng JSON");
    }
    *year = (int)json_integer_value(json_object_get(y, "year"));
    json_t *doc = jpack("{s:[o]}", "years", y);
    int rc = import_doc(s, a, doc, NULL, e);
    json_decref(doc);
    return rc;
}

struct office_ctx {
    const struct actor *a;
    struct arena *ar;
    const char *unit_key, *json;
    int own;
};

static int unit_id_of(struct db_conn *c, const char *key, int64_t *id, struct err *e)
{
    struct arena *a = arena_new();
    struct org_unit u;
    int rc = org_get_by_key(c, a, key ? key : "", &u, e);
    arena_free(a);
    if (rc == E_NOTFOUND)
        return err_set(e, E_NOTFOUND, "unit", "Không có đơn vị mã '%s'", key ? key : "");
    *id = u.id;
    return rc;
}

static int office_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct office_ctx *x = ctx;
    int64_t id = 0;
    struct cal_office o;
    int rc = unit_id_of(c, x->unit_key, &id, e);
    if (!rc)
        rc = office_hours_get(c, x->ar, id, &x->json, e);
    x->own = rc == 0;
    if (rc != E_NOTFOUND)
        return rc;
    cal_office_default(&o);
    json_t *j = cal_office_to_json(&o);
    char *text = json_dumps(j, JSON_COMPACT);
    x->json = arena_strdup(x->ar, text);
    free(text);
    json_decref(j);
    return 0;
}

int svc_office_hours_get(struct svc *s, struct arena *a, const char *unit_key, const char **json,
                         int *own, struct err *e)
{
    struct office_ctx x = {NULL, a, unit_key, NULL, 0};
    int rc = db_with_conn(s->db, office_read, &x, e);
    *json = x.json;
    *own = x.own;
    return rc;
}

static int office_write(struct db_conn *c, void *ctx, struct err *e)
{
    struct office_ctx *x = ctx;
    int64_t id = 0;
    /* A unit's office hours are its admins' (an admin of the unit or above). */
    int rc = perm_require_some(x->a, ROLE_ADMIN, e);
    if (!rc)
        rc = unit_id_of(c, x->unit_key, &id, e);
    if (!rc)
        rc = perm_require(c, x->a, ROLE_ADMIN, id, e);
    if (!rc)
        rc = office_hours_put(c, id, x->json, svc_now(), e);
    if (!rc)
        rc = svc_audit_json(c, x->a, "office_hours.set", "org_unit", x->unit_key,
                            json_loads(x->json, 0, NULL), e);
    return rc;
}

int svc_office_hours_set(struct svc *s, const struct actor *a, const char *unit_key,
                         const char *json, size_t len, struct err *e)
{
    json_t *j = json_loadb(json, len, JSON_REJECT_DUPLICATES, NULL);
    struct cal_office o;
    int rc = j ? cal_office_from_json(j, &o, e)
               : err_set(e, E_INVALID, "office_hours", "Giờ làm việc phải là JSON hợp lệ");
    json_decref(j);
    if (rc)
        return rc;
    /* Store the normalised form, so every reader sees every member spelled out. */
    json_t *norm = cal_office_to_json(&o);
    char *text = json_dumps(norm, JSON_COMPACT);
    json_decref(norm);
    struct office_ctx x = {a, NULL, unit_key, text, 0};
    rc = db_tx(s->db, office_write, &x, e);
    free(text);
    return rc;
}
