/* national_catalogue.c — the national catalogue of administrative procedures (CSDL TTHC quốc
 * gia, served by the National Public Service Portal) brought into motcua's own versioned
 * catalogue. The portal is asked, in the API shape of docs/national-portal.md (log-in, then
 * LayDanhSachTTHC for the unit and LayThuTuc for each procedure), and each national procedure
 * becomes a catalogue document: the fields the nation owns (name, field, level, online mode,
 * channels, components, time limit, fees, result, legal basis, subjects) are taken from the
 * portal, the ones motcua adds (steps, agencies, decision, note) are kept from the latest
 * version. The documents go through the catalogue's one writer, svc_proc_import, in one
 * transaction, which adds new codes, writes a new version when the canonical body changed
 * and leaves identical ones alone; this file only reads what each code's latest version was
 * before and after, to report what was added and what changed. The portal is the partner on
 * the portal adapter, and its log-in session is the adapter's (portal_session.c): one
 * session, one owner of how to log in and of what a successful answer is. */
#include "portal_internal.h"
#include "svc_catalogue.h"
#include "svc_national_catalogue.h"

#include "jpack.h"
#include "log.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define NATIONAL_ITEMS_MAX 2000

static struct exchange_partner *portal_partner(struct svc *s)
{
    struct exchange_partner *p = NULL;
    return exchange_partners_of(s, PORTAL_ADAPTER, &p, 1) == 1 ? p : NULL;
}

static int portal_down(struct err *e, const char *why)
{
    log_warn("national catalogue: %s", why);
    return err_set(e, E_UNAVAILABLE, NULL,
                   "Không kết nối được Cổng Dịch vụ công quốc gia; chưa nhập được danh mục thủ "
                   "tục, vui lòng thử lại sau");
}

static const char *portal_message(json_t *answer)
{
    const char *m = json_string_value(json_object_get(answer, "message"));
    return m ? m : "";
}

/* The adapter's session, logging in when it has none. */
static int log_in(struct arena *ar, struct exchange_partner *p, const char **session, struct err *e)
{
    return portal_session(p, ar, session, e) ? portal_down(e, e->msg) : 0;
}

/* One call of an integration service; the answer's "result" (new reference). */
static int call_service(struct arena *ar, struct exchange_partner *p, const char *session,
                        const char *madonvi, const char *service, const char *key,
                        const char *value, json_t **result, struct err *e)
{
    json_t *body =
        jpack("{s:s, s:s, s:s}", "session", session, "madonvi", madonvi, "service", service);
    if (body && key)
        json_object_set_new(body, key, json_string(value));
    json_t *answer = NULL;
    struct err refused = {0};
    if (!body)
        return err_set(e, E_NOMEM, NULL, "out of memory");
    if (portal_post(p, ar, INTEGRATION_PATH, body, NULL, &answer, e))
        return portal_down(e, e->msg);
    int rc = 0;
    if (portal_answer_ok(answer, &refused)) {
        portal_forget_session(p); /* it may have expired: the next call logs in again */
        rc = err_set(e, E_INVALID, "madonvi", "Cổng Dịch vụ công quốc gia từ chối: %s",
                     portal_message(answer));
    } else
        *result = json_incref(json_object_get(answer, "result"));
    json_decref(answer);
    return rc;
}

/* ---- mapping one national procedure to a catalogue document ---- */

static const char *str_of(json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v ? v : "";
}

/* A number the portal sends as text ("2000") or as a number. */
static long num_of(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (json_is_integer(v))
        return (long)json_integer_value(v);
    return json_is_string(v) ? strtol(json_string_value(v), NULL, 10) : 0;
}

static const char *level_of(const char *cap)
{
    if (strstr(cap, "Tỉnh"))
        return "province";
    if (strstr(cap, "Huyện"))
        return "district";
    if (strstr(cap, "Xã"))
        return "commune";
    return NULL;
}

static const char *online_of(const char *mucdo)
{
    if (strstr(mucdo, "Toàn trình") || strstr(mucdo, "toàn trình"))
        return "full";
    if (strstr(mucdo, "Một phần") || strstr(mucdo, "một phần"))
        return "partial";
    return "none";
}

static const char *channel_of(const char *kenh)
{
    if (strstr(kenh, "Trực tiếp"))
        return "in_person";
    if (strstr(kenh, "Trực tuyến"))
        return "online";
    if (strstr(kenh, "bưu chính"))
        return "post";
    return NULL;
}

static const char *time_unit_of(const char *unit)
{
    if (strstr(unit, "làm việc"))
        return "working_days";
    if (strstr(unit, "Giờ") || strstr(unit, "giờ"))
        return "hours";
    return "calendar_days";
}

static const char *fee_per_of(const char *unit)
{
    if (strstr(unit, "trang"))
        return "page";
    if (strstr(unit, "bản"))
        return "copy";
    return "case";
}

/* Channels, postal, time limit and fees from CACHTHUCTHUCHIEN (the first channel's time and
 * fees: the portal repeats them per channel). */
static void map_ways(json_t *src, json_t *doc)
{
    json_t *ways = json_object_get(src, "CACHTHUCTHUCHIEN"), *channels = json_array();
    json_t *fees = json_array(), *limit = NULL;
    int postal = 0;
    for (size_t i = 0; i < json_array_size(ways); i++) {
        json_t *w = json_array_get(ways, i);
        const char *ch = channel_of(str_of(w, "KENH"));
        if (ch && strcmp(ch, "online") == 0 &&
            strcmp(json_string_value(json_object_get(doc, "online")), "none") == 0)
            ch = NULL; /* an online channel needs an online mode */
        if (ch)
            json_array_append_new(channels, json_string(ch));
        postal |= ch && strcmp(ch, "post") == 0;
        json_t *t = json_array_get(json_object_get(w, "THOIGIAN"), 0);
        if (limit || !t)
            continue;
        limit = jpack("{s:I, s:s}", "value", (json_int_t)num_of(t, "THOIGIANGIAIQUYET"), "unit",
                      time_unit_of(str_of(t, "DONVITINH")));
        json_t *phi = json_object_get(t, "PHILEPHI");
        for (size_t k = 0; k < json_array_size(phi); k++) {
            json_t *f = json_array_get(phi, k);
            json_array_append_new(
                fees, jpack("{s:I, s:s, s:s}", "amount", (json_int_t)num_of(f, "SOTIEN"), "per",
                            fee_per_of(str_of(f, "DONVI")), "note", str_of(f, "MOTA")));
        }
    }
    json_object_set_new(doc, "channels", channels);
    json_object_set_new(doc, "postal", json_boolean(postal));
    json_object_set_new(doc, "fees", fees);
    json_object_set_new(doc, "time_limit",
                        limit ? limit : jpack("{s:n, s:s}", "value", "unit", "working_days"));
}

static json_t *components_of(json_t *src)
{
    json_t *out = json_array(), *cases = json_object_get(src, "THANHPHANHOSO");
    for (size_t i = 0; i < json_array_size(cases); i++) {
        json_t *papers = json_object_get(json_array_get(cases, i), "GIAYTO");
        for (size_t k = 0; k < json_array_size(papers); k++) {
            json_t *g = json_array_get(papers, k);
            long originals = num_of(g, "SOBANCHINH"), copies = num_of(g, "SOBANSAO");
            long count = originals > 0 ? originals : copies > 0 ? copies : 1;
            json_array_append_new(out, jpack("{s:s, s:s, s:I}", "name", str_of(g, "TENGIAYTO"),
                                             "kind", originals > 0 ? "original" : "copy", "count",
                                             (json_int_t)(count > 100 ? 100 : count)));
        }
    }
    return out;
}

static json_t *texts_of(json_t *list, const char *a, const char *b)
{
    json_t *out = json_array();
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *o = json_array_get(list, i);
        const char *x = str_of(o, a), *y = b ? str_of(o, b) : "";
        char *line = malloc(strlen(x) + strlen(y) + 2);
        if (!line)
            continue;
        strcpy(line, x);
        if (*x && *y)
            strcat(line, " ");
        strcat(line, y);
        if (*line)
            json_array_append_new(out, json_string(line));
        free(line);
    }
    return out;
}

/* The document for src on top of base (the latest version's body, or NULL); NULL with *why
 * when the national record cannot be a catalogue entry. */
static json_t *map_procedure(struct arena *ar, json_t *src, const char *base, const char **why)
{
    const char *code = str_of(src, "MATTHC"), *level = level_of(str_of(src, "CAPTHUCHIEN"));
    json_t *field = json_array_get(json_object_get(src, "LINHVUCTHUCHIEN"), 0);
    if (!svc_proc_code_valid(code)) {
        *why = arena_printf(ar, "Mã thủ tục “%s” không đúng dạng D.DDDDDD", code);
        return NULL;
    }
    if (!level || !*str_of(src, "TENTTHC") || !*str_of(field, "TENLINHVUC")) {
        *why = "Thiếu tên, lĩnh vực hoặc cấp thực hiện";
        return NULL;
    }
    json_t *doc = base ? json_loads(base, 0, NULL) : NULL;
    if (!doc)
        doc = jpack("{s:s, s:[], s:o}", "note",
                    "Nhập từ Cơ sở dữ liệu quốc gia về thủ tục hành chính", "steps", "agencies",
                    jpack("{s:[], s:[]}", "implementing", "coordinating"));
    json_t *subjects = json_array();
    if (*str_of(src, "DOITUONGTHUCHIEN"))
        json_array_append_new(subjects, json_string(str_of(src, "DOITUONGTHUCHIEN")));
    json_t *national =
        jpack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:b}", "code", code, "name",
              str_of(src, "TENTTHC"), "field", str_of(field, "TENLINHVUC"), "level", level,
              "online", online_of(str_of(src, "MUCDO")), "components", components_of(src),
              "legal_basis", texts_of(json_object_get(src, "CANCUPHAPLY"), "SOVANBAN", "TENVANBAN"),
              "subjects", subjects, "result",
              jpack("{s:s?, s:b}", "type",
                    json_string_value(json_object_get(
                        json_array_get(json_object_get(src, "KETQUATHUCHIEN"), 0), "TENKETQUA")),
                    "paper_required", 1),
              "verified", 1);
    json_object_update(doc, national);
    json_decref(national);
    map_ways(src, doc);
    return doc;
}

/* ---- the import ---- */

/* The latest version of code (-1: svc_proc_get's "latest written"), 0 when there is none;
 * *body its stored document. */
static int latest_of(struct svc *s, struct arena *ar, const char *code, const char **body,
                     struct err *e)
{
    struct svc_procedure p;
    struct err inner = {0};
    int rc = svc_proc_get(s, ar, code, -1, &p, &inner);
    if (rc == E_NOTFOUND)
        return 0;
    if (rc) {
        *e = inner;
        return rc;
    }
    if (body)
        *body = p.body;
    return p.latest_version;
}

/* Asks the portal for the unit's list and each procedure; items[] named, docs[] mapped (or
 * NULL with the item skipped). */
static int fetch_national(struct svc *s, struct arena *ar, const char *madonvi,
                          struct svc_national_import *out, json_t **docs_out, struct err *e)
{
    struct exchange_partner *p = portal_partner(s);
    if (!p)
        return err_set(e, E_UNAVAILABLE, NULL,
                       "Chưa cấu hình kết nối Cổng Dịch vụ công quốc gia (MOTCUA_PARTNERS)");
    const char *session = NULL;
    json_t *list = NULL;
    int rc = log_in(ar, p, &session, e);
    if (!rc)
        rc = call_service(ar, p, session, madonvi, "LayDanhSachTTHC", NULL, NULL, &list, e);
    size_t n = json_array_size(list);
    if (!rc && n > NATIONAL_ITEMS_MAX)
        rc = err_set(e, E_TOOLARGE, "madonvi", "Danh sách của đơn vị có quá %d thủ tục",
                     NATIONAL_ITEMS_MAX);
    out->items = arena_alloc(ar, sizeof *out->items * (n ? n : 1));
    json_t *docs = json_array();
    for (size_t i = 0; !rc && i < n; i++) {
        const char *code = str_of(json_array_get(list, i), "MATTHC");
        struct svc_national_item *it = &out->items[out->n++];
        *it = (struct svc_national_item){
            .code = arena_strdup(ar, code),
            .name = arena_strdup(ar, str_of(json_array_get(list, i), "TENTTHC"))};
        json_t *full = NULL;
        rc = call_service(ar, p, session, madonvi, "LayThuTuc", "maTTHC", code, &full, e);
        const char *base = NULL;
        if (!rc && latest_of(s, ar, code, &base, e) < 0)
            rc = e->code;
        json_t *doc = rc ? NULL : map_procedure(ar, json_array_get(full, 0), base, &it->reason);
        json_decref(full);
        json_array_append_new(docs, doc ? doc : json_null());
    }
    json_decref(list);
    *docs_out = docs;
    return rc;
}

/* The import file of the mapped documents (docs/catalogue.md "Import and export"). */
static char *import_file(json_t *docs)
{
    json_t *list = json_array();
    for (size_t i = 0; i < json_array_size(docs); i++)
        if (json_is_object(json_array_get(docs, i)))
            json_array_append(list, json_array_get(docs, i));
    json_t *file = jpack("{s:s, s:i, s:o}", "format", "motcua-procedures", "format_version", 1,
                         "procedures", list);
    char *text = file ? json_dumps(file, JSON_COMPACT) : NULL;
    json_decref(file);
    return text;
}

/* Fills each item's outcome from the versions before and after. */
static int report(struct svc *s, struct arena *ar, struct svc_national_import *out,
                  const int *before, json_t *docs, struct err *e)
{
    for (int i = 0; i < out->n; i++) {
        struct svc_national_item *it = &out->items[i];
        if (!json_is_object(json_array_get(docs, (size_t)i))) {
            it->outcome = "skipped";
            out->skipped++;
            continue;
        }
        int after = latest_of(s, ar, it->code, NULL, e);
        if (after < 0)
            return after;
        it->version = after;
        it->outcome = before[i] == 0 ? "added" : after > before[i] ? "changed" : "unchanged";
        out->added += before[i] == 0;
        out->changed += before[i] > 0 && after > before[i];
        out->unchanged += before[i] > 0 && after == before[i];
    }
    return 0;
}

struct summary_ctx {
    const struct actor *a;
    const char *madonvi;
    const struct svc_national_import *r;
};

static int summary_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct summary_ctx *x = ctx;
    return svc_audit_json(c, x->a, "procedure.import_national", "unit", x->madonvi,
                          jpack("{s:i, s:i, s:i, s:i}", "added", x->r->added, "changed",
                                x->r->changed, "unchanged", x->r->unchanged, "skipped",
                                x->r->skipped),
                          e);
}

int svc_national_catalogue_import(struct svc *s, const struct actor *a, struct arena *ar,
                                  const char *madonvi, struct svc_national_import *out,
                                  struct err *e)
{
    *out = (struct svc_national_import){0};
    if (!perm_unscoped(a, ROLE_ADMIN))
        return err_set(e, E_FORBIDDEN, NULL,
                       "Chỉ quản trị viên toàn hệ thống mới được nhập danh mục thủ tục");
    if (!madonvi || !*madonvi || strlen(madonvi) > 64)
        return err_set(e, E_INVALID, "madonvi", "Nhập mã đơn vị trên Cổng Dịch vụ công quốc gia");
    json_t *docs = NULL;
    int rc = fetch_national(s, ar, madonvi, out, &docs, e);
    int *before = arena_alloc(ar, sizeof *before * (size_t)(out->n ? out->n : 1));
    for (int i = 0; !rc && i < out->n; i++)
        if ((before[i] = latest_of(s, ar, out->items[i].code, NULL, e)) < 0)
            rc = before[i];
    char *file = rc ? NULL : import_file(docs);
    if (!rc && !file)
        rc = err_set(e, E_NOMEM, NULL, "out of memory");
    struct svc_proc_import_stats st;
    if (!rc)
        rc = svc_proc_import(s, a, file, strlen(file), &st, e);
    free(file);
    if (!rc)
        rc = report(s, ar, out, before, docs, e);
    json_decref(docs);
    struct summary_ctx x = {a, madonvi, out};
    if (!rc)
        rc = db_tx(s->db, summary_tx, &x, e);
    return rc;
}
