/* portal_status.c — the map from motcua's dossier states to the national status codes 1–10
 * (TrangThaiHoSo, DOMAIN.md §2.2) as dated data. The codes a state is reported as have changed
 * before by province and year, and Decision 766 reads them back for indicators, so the map is
 * a table with validity dates (data/portal/status-map.json) rather than a switch: a change is
 * a new row from a day on, and a change made before that day is still reported as it was then.
 * A row with a sub-state (the acceptance itself, a pending fee request, a withdrawal asked for)
 * overrides its state's row, as OpenCPS's DossierStatusMapping overrides per sub-status. */
#include "portal_map.h"

#include "cal_date.h"
#include "embed.h"

#include <pthread.h>
#include <string.h>

extern const struct embed_file motcua_data[];

#define STATUS_MAP_FILE "portal/status-map.json"

static int same(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static int parse_day(const json_t *v, int32_t *day, int open_ok)
{
    if (open_ok && (!v || json_is_null(v))) {
        *day = 0;
        return 0;
    }
    if (!json_is_string(v))
        return E_INVALID;
    return cal_parse_date(json_string_value(v), day, NULL);
}

static int overlap(const struct portal_status_rule *a, const struct portal_status_rule *b)
{
    int32_t a_to = a->valid_to ? a->valid_to : INT32_MAX;
    int32_t b_to = b->valid_to ? b->valid_to : INT32_MAX;
    return a->valid_from < b_to && b->valid_from < a_to;
}

static int parse_rule(struct arena *ar, const json_t *row, struct portal_status_rule *r, int i,
                      struct err *e)
{
    const json_t *state = json_object_get(row, "state");
    const json_t *sub = json_object_get(row, "sub_state");
    const json_t *code = json_object_get(row, "national");
    if (!json_is_string(state) || (sub && !json_is_null(sub) && !json_is_string(sub)))
        return err_set(e, E_INVALID, "rules", "Dòng %d của bảng trạng thái thiếu trạng thái",
                       i + 1);
    if (!json_is_integer(code) || json_integer_value(code) < 1 || json_integer_value(code) > 10)
        return err_set(e, E_INVALID, "rules",
                       "Dòng %d của bảng trạng thái có mã quốc gia ngoài 1–10", i + 1);
    r->state = arena_strdup(ar, json_string_value(state));
    r->sub_state = json_is_string(sub) ? arena_strdup(ar, json_string_value(sub)) : NULL;
    r->national = (int)json_integer_value(code);
    if (parse_day(json_object_get(row, "valid_from"), &r->valid_from, 0) ||
        parse_day(json_object_get(row, "valid_to"), &r->valid_to, 1) ||
        (r->valid_to && r->valid_to <= r->valid_from))
        return err_set(e, E_INVALID, "rules",
                       "Dòng %d của bảng trạng thái có ngày hiệu lực không hợp lệ", i + 1);
    return 0;
}

int portal_status_map_parse(struct arena *ar, const char *text, struct portal_status_map *m,
                            struct err *e)
{
    json_error_t jerr;
    json_t *root = json_loads(text, 0, &jerr);
    const json_t *rules = json_object_get(root, "rules");
    int rc = 0;
    if (!json_is_array(rules)) {
        json_decref(root);
        return err_set(e, E_INVALID, "rules", "Bảng trạng thái không đọc được (%s)", jerr.text);
    }
    m->n = (int)json_array_size(rules);
    m->rules = arena_alloc(ar, sizeof *m->rules * (size_t)(m->n ? m->n : 1));
    for (int i = 0; !rc && i < m->n; i++)
        rc = parse_rule(ar, json_array_get(rules, (size_t)i), &m->rules[i], i, e);
    for (int i = 0; !rc && i < m->n; i++)
        for (int j = 0; !rc && j < i; j++)
            if (same(m->rules[i].state, m->rules[j].state) &&
                same(m->rules[i].sub_state, m->rules[j].sub_state) &&
                overlap(&m->rules[i], &m->rules[j]))
                rc = err_set(e, E_INVALID, "rules",
                             "Dòng %d và %d của bảng trạng thái trùng thời gian hiệu lực", j + 1,
                             i + 1);
    json_decref(root);
    return rc;
}

static struct arena *builtin_arena;
static struct portal_status_map builtin_map;
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;

/* The shipped map is checked by test_portal_map; a broken one leaves an empty map (every
 * code 0), which the adapter refuses to send rather than sending a wrong status. */
static void load_builtin(void)
{
    const struct embed_file *f = embed_find(motcua_data, STATUS_MAP_FILE);
    builtin_arena = arena_new();
    if (!f || portal_status_map_parse(builtin_arena, (const char *)f->data, &builtin_map, NULL))
        builtin_map = (struct portal_status_map){0};
}

const struct portal_status_map *portal_status_map_builtin(void)
{
    pthread_once(&builtin_once, load_builtin);
    return &builtin_map;
}

static int in_force(const struct portal_status_rule *r, int32_t day)
{
    return r->valid_from <= day && (!r->valid_to || day < r->valid_to);
}

int portal_status_at(const struct portal_status_map *m, const char *state, const char *sub_state,
                     int64_t at)
{
    int32_t day = cal_local_day(at);
    int fallback = 0;
    for (int i = 0; state && i < m->n; i++) {
        const struct portal_status_rule *r = &m->rules[i];
        if (!same(r->state, state) || !in_force(r, day))
            continue;
        if (r->sub_state && sub_state && strcmp(r->sub_state, sub_state) == 0)
            return r->national;
        if (!r->sub_state)
            fallback = r->national;
    }
    return fallback;
}
