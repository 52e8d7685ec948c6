/* clean.c — the one place where request text becomes trusted text: every string a handler
 * sees (query, form, cookies, path parameters, JSON strings and keys, file names) passes
 * through here to be checked as UTF-8 and normalised to NFC. Doing it once at the boundary
 * means "Đăng ký" typed on a Mac (NFD) and on Windows (NFC) is the same string everywhere
 * above, and no layer has to think about broken byte sequences. */
#include "http_parse.h"

#include "text.h"

#include <string.h>

int http_clean_text(struct arena *a, const char *s, size_t len, const char *field, char **out,
                    struct err *e)
{
    int rc = text_nfc(a, s, len, out);
    if (rc == E_INVALID)
        return err_set(e, E_INVALID, field, "Dữ liệu không phải UTF-8 hợp lệ");
    if (rc)
        return err_set(e, rc, field, "Không chuẩn hoá được văn bản");
    return 0;
}

static int clean_node(struct arena *a, json_t *j, int levels, struct err *e);

static int clean_string(struct arena *a, json_t *j, struct err *e)
{
    char *nfc;
    int rc = http_clean_text(a, json_string_value(j), json_string_length(j), "body", &nfc, e);
    if (rc)
        return rc;
    if (strcmp(nfc, json_string_value(j)) == 0)
        return 0;
    return json_string_set(j, nfc) == 0 ? 0 : err_set(e, E_INTERNAL, "body", "json_string_set");
}

static int clean_array(struct arena *a, json_t *j, int levels, struct err *e)
{
    for (size_t i = 0; i < json_array_size(j); i++) {
        int rc = clean_node(a, json_array_get(j, i), levels, e);
        if (rc)
            return rc;
    }
    return 0;
}

/* Keys are rebuilt only when one of them is not already NFC, because changing a key means
 * re-inserting every member; two keys equal after normalisation are as ambiguous as
 * duplicate keys, which the parser already rejects. */
static int rebuild_keys(struct arena *a, json_t *obj, struct err *e)
{
    size_t n = json_object_size(obj), i = 0;
    const char **keys = arena_alloc(a, n * sizeof *keys);
    json_t **vals = arena_alloc(a, n * sizeof *vals);
    const char *key;
    json_t *val;
    json_object_foreach(obj, key, val)
    {
        int rc = http_clean_text(a, key, strlen(key), "body", (char **)&keys[i], e);
        if (rc)
            return rc;
        vals[i++] = json_incref(val);
    }
    json_object_clear(obj);
    int rc = 0;
    for (i = 0; i < n; i++) {
        if (!rc && json_object_get(obj, keys[i]))
            rc = err_set(e, E_INVALID, "body", "Khoá JSON trùng lặp sau khi chuẩn hoá");
        if (!rc && json_object_set(obj, keys[i], vals[i]) != 0)
            rc = err_set(e, E_INTERNAL, "body", "json_object_set");
        json_decref(vals[i]);
    }
    return rc;
}

static int keys_need_rebuild(struct arena *a, json_t *obj, struct err *e, int *need)
{
    const char *key;
    json_t *val;
    *need = 0;
    json_object_foreach(obj, key, val)
    {
        char *nfc;
        int rc = http_clean_text(a, key, strlen(key), "body", &nfc, e);
        if (rc)
            return rc;
        if (strcmp(nfc, key) != 0)
            *need = 1;
    }
    return 0;
}

static int clean_object(struct arena *a, json_t *j, int levels, struct err *e)
{
    int need;
    int rc = keys_need_rebuild(a, j, e, &need);
    if (!rc && need)
        rc = rebuild_keys(a, j, e);
    const char *key;
    json_t *val;
    json_object_foreach(j, key, val)
    {
        if (rc)
            break;
        rc = clean_node(a, val, levels, e);
    }
    return rc;
}

/* `levels` is how many more containers may be entered below this node. */
static int clean_node(struct arena *a, json_t *j, int levels, struct err *e)
{
    switch (json_typeof(j)) {
    case JSON_STRING:
        return clean_string(a, j, e);
    case JSON_ARRAY:
        if (levels <= 0)
            break;
        return clean_array(a, j, levels - 1, e);
    case JSON_OBJECT:
        if (levels <= 0)
            break;
        return clean_object(a, j, levels - 1, e);
    default:
        return 0;
    }
    return err_set(e, E_INVALID, "body", "JSON lồng nhau quá sâu");
}

int http_clean_json(struct arena *a, json_t *j, int max_depth, struct err *e)
{
    return clean_node(a, j, max_depth, e);
}
