/* eforms.c — e-forms as data. A form's JSON file (embedded from data/eforms/) lists its fields
 * with a label, a type and the checks that apply: text (required, max length in letters),
 * date (the one date parser, shown dd/mm/yyyy), year, cccd (the CCCD check), number (min,
 * max), choice (one of the options). The same file lays out the PDF (render/eform.c), so a
 * new declaration needs a new file and no code. Filling a form in a draft checks every answer
 * at once, renders the PDF and attaches it as the file of the component the procedure makes
 * on that form, through the draft's own upload path (so the file is sniffed and stored like
 * any other), and keeps the answers in the draft's data ("eforms") to be edited again. */
#include "svc_eform.h"
#include "jpack.h"

#include "embed.h"
#include "eform.h"
#include "format.h"
#include "svc_files.h"
#include "svc_internal.h"
#include "svc_online.h"
#include "text.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const struct embed_file motcua_data[];

#define CODE_MAX 32

static int code_ok(const char *code)
{
    size_t n = code ? strlen(code) : 0;
    if (n == 0 || n > CODE_MAX)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((code[i] >= 'A' && code[i] <= 'Z') || (code[i] >= '0' && code[i] <= '9') ||
              code[i] == '-' || code[i] == '.'))
            return 0;
    return 1;
}

json_t *svc_eform_load(const char *code, struct err *e)
{
    char name[64];
    const struct embed_file *f = NULL;
    if (code_ok(code)) {
        snprintf(name, sizeof name, "eforms/%s.json", code);
        f = embed_find(motcua_data, name);
    }
    json_t *form = f ? json_loadb((const char *)f->data, f->len, 0, NULL) : NULL;
    if (!form)
        err_set(e, E_NOTFOUND, "form", "Không có tờ khai điện tử mẫu %s", code ? code : "");
    return form;
}

int svc_eform_exists(const char *code)
{
    json_t *form = svc_eform_load(code, NULL);
    json_decref(form);
    return form != NULL;
}

int svc_eform_blank_pdf(const char *code, struct buf *out, struct err *e)
{
    json_t *form = svc_eform_load(code, e);
    if (!form)
        return E_NOTFOUND;
    struct doc_sink sink = {NULL, out};
    int rc = eform_render_pdf(&sink, form, NULL, 0, e);
    json_decref(form);
    return rc;
}

static void add_field(json_t *all, json_t *f)
{
    if (json_is_object(f))
        json_array_append(all, f);
}

json_t *svc_eform_fields(json_t *form)
{
    json_t *all = json_array();
    add_field(all, json_object_get(form, "addressee"));
    json_t *sections = json_object_get(form, "sections");
    for (size_t i = 0; i < json_array_size(sections); i++) {
        json_t *fields = json_object_get(json_array_get(sections, i), "fields");
        for (size_t k = 0; k < json_array_size(fields); k++)
            add_field(all, json_array_get(fields, k));
    }
    add_field(all, json_object_get(form, "place"));
    json_t *after = json_object_get(form, "after_signature");
    for (size_t k = 0; k < json_array_size(after); k++)
        add_field(all, json_array_get(after, k));
    return all;
}

static const char *str_of(json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

/* The answer to f as it goes into the PDF (dates as dd/mm/yyyy), or a problem in e. */
static int check_answer(struct arena *ar, json_t *f, const char *v, const char **out, struct err *e)
{
    const char *key = str_of(f, "key"), *label = str_of(f, "label"), *type = str_of(f, "type");
    const char *id = arena_printf(ar, "ef_%s", key);
    *out = v;
    if (!*v)
        return json_is_true(json_object_get(f, "required"))
                   ? err_set(e, E_INVALID, id, "Vui lòng nhập %s", label)
                   : 0;
    json_int_t max = json_integer_value(json_object_get(f, "max"));
    if ((!type || strcmp(type, "text") == 0) && max && (json_int_t)text_length(v) > max)
        return err_set(e, E_INVALID, id, "%s dài tối đa %lld ký tự", label, (long long)max);
    if (type && strcmp(type, "date") == 0) {
        char ymd[11];
        struct buf b;
        int rc = fmt_parse_date(v, id, label, ymd, e);
        if (rc)
            return rc;
        buf_init(&b, 16);
        fmt_date_ymd(&b, ymd);
        *out = arena_strdup(ar, buf_str(&b));
        buf_free(&b);
    } else if (type && strcmp(type, "cccd") == 0) {
        return validate_cccd(v, id, NULL, e);
    } else if (type && (strcmp(type, "year") == 0 || strcmp(type, "number") == 0)) {
        int year = strcmp(type, "year") == 0;
        char *end = NULL;
        long n = strtol(v, &end, 10);
        long lo = year ? 1900 : (long)json_integer_value(json_object_get(f, "min"));
        long hi = year ? 2199 : (long)json_integer_value(json_object_get(f, "max"));
        if (*end || end == v || n < lo || n > hi || (year && strlen(v) != 4))
            return err_set(e, E_INVALID, id, "%s phải là %s từ %ld đến %ld", label,
                           year ? "năm (4 chữ số)" : "số", lo, hi);
    } else if (type && strcmp(type, "choice") == 0) {
        json_t *options = json_object_get(f, "options");
        for (size_t i = 0; i < json_array_size(options); i++)
            if (strcmp(v, json_string_value(json_array_get(options, i))) == 0)
                return 0;
        return err_set(e, E_INVALID, id, "Vui lòng chọn %s", label);
    }
    return 0;
}

/* s without the spaces around it. */
static const char *trimmed(struct arena *ar, const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    return arena_strndup(ar, s, n);
}

/* Every answer checked; *values (new) holds them as the PDF prints them. */
static void check_answers(struct arena *ar, json_t *form, json_t *answers, struct err *problems,
                          int max, int *n, json_t **values)
{
    json_t *fields = svc_eform_fields(form);
    *values = json_object();
    *n = 0;
    for (size_t i = 0; i < json_array_size(fields); i++) {
        json_t *f = json_array_get(fields, i);
        const char *v = str_of(answers, str_of(f, "key")), *out = NULL;
        struct err pe = {0};
        if (check_answer(ar, f, trimmed(ar, v ? v : ""), &out, &pe) != 0) {
            if (*n < max)
                problems[(*n)++] = pe;
        } else if (*out) {
            json_object_set_new(*values, str_of(f, "key"), json_string(out));
        }
    }
    json_decref(fields);
}

/* The PDF of the answers in a temporary file (the draft's upload path reads a file). */
static int render_to_file(struct svc *s, json_t *form, json_t *values, char *path, size_t size,
                          struct err *e)
{
    (void)s;
    const char *dir = getenv("TMPDIR");
    dir = dir && *dir ? dir : "/tmp";
    snprintf(path, size, "%s/eform-XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd < 0)
        return err_set(e, E_IO, NULL, "Không tạo được tệp tờ khai");
    close(fd);
    struct doc_sink sink = {path, NULL};
    int rc = eform_render_pdf(&sink, form, values, svc_now(), e);
    if (rc)
        unlink(path);
    return rc;
}

/* Replaces the earlier PDF of this form in the draft's component by the new one. */
static int attach(struct svc *s, const struct actor *a, struct arena *ar, int64_t id, int comp,
                  const char *path, const char *name, struct err *e)
{
    struct svc_file *files = NULL, out;
    int n = 0;
    int rc = svc_draft_files(s, a, ar, id, &files, &n, e);
    for (int k = 0; !rc && k < n; k++)
        if (files[k].component == comp && strcmp(files[k].name, name) == 0)
            rc = svc_draft_file_remove(s, a, ar, id, files[k].sha256, e);
    struct svc_draft_upload u = {
        .draft_id = id, .component = comp, .tmp_path = path, .client_name = name};
    if (!rc)
        rc = svc_draft_file_upload(s, a, ar, &u, &out, e);
    return rc < 0 ? rc : 0;
}

/* The answers kept in the draft's data, and the component ticked as present. */
static int keep_answers(struct svc *s, const struct actor *a, struct arena *ar,
                        const struct svc_draft *d, const char *code, int comp, json_t *answers,
                        struct err *e)
{
    json_t *data = json_loads(d->data, 0, NULL);
    if (!json_is_object(data)) {
        json_decref(data);
        data = json_object();
    }
    json_t *eforms = json_object_get(data, "eforms");
    if (!json_is_object(eforms)) {
        eforms = json_object();
        json_object_set_new(data, "eforms", eforms);
    }
    json_object_set(eforms, code, answers);
    json_t *comps = json_object_get(data, "components");
    if (!json_is_array(comps)) {
        comps = json_array();
        json_object_set_new(data, "components", comps);
    }
    while (json_array_size(comps) <= (size_t)comp)
        json_array_append_new(comps, json_integer(0));
    json_array_set_new(comps, (size_t)comp, json_integer(d->components[comp].required_count));
    struct svc_draft saved;
    int rc = svc_draft_save(s, a, ar, d->id, d->unit_key, data, &saved, e);
    json_decref(data);
    return rc;
}

int svc_draft_eform(struct svc *s, const struct actor *a, struct arena *ar, int64_t draft_id,
                    const char *code, json_t *answers, struct err *problems, int max, int *n,
                    int *component, struct err *e)
{
    struct svc_draft d;
    *n = 0;
    *component = -1;
    int rc = svc_draft_get(s, a, ar, draft_id, &d, e);
    if (rc)
        return rc;
    if (d.dossier_code)
        return err_set(e, E_CONFLICT, "id", "Hồ sơ nháp đã được nộp, không sửa được nữa");
    for (int i = 0; i < d.ncomponents; i++)
        if (d.forms && d.forms[i] && strcmp(d.forms[i], code) == 0)
            *component = i;
    json_t *form = *component >= 0 ? svc_eform_load(code, e) : NULL;
    if (!form)
        return err_set(e, E_NOTFOUND, "form", "Hồ sơ này không có tờ khai điện tử mẫu %s", code);
    json_t *values = NULL;
    check_answers(ar, form, answers, problems, max, n, &values);
    char path[512];
    if (*n > 0)
        rc = err_set(e, E_INVALID, problems[0].field, "%s", problems[0].msg);
    if (!rc)
        rc = render_to_file(s, form, values, path, sizeof path, e);
    if (!rc) {
        rc = attach(s, a, ar, draft_id, *component, path, arena_printf(ar, "to-khai-%s.pdf", code),
                    e);
        unlink(path);
    }
    if (!rc)
        rc = keep_answers(s, a, ar, &d, code, *component, values, e);
    json_decref(values);
    json_decref(form);
    return rc;
}
