/* population.c — the population-database partner: who holds this CCCD, asked for a stated
 * purpose. The national population database is reached through NDXP/LGSP with an interface we
 * have not seen, so the exchange is the one the stand-in (tests/standin/population.py)
 * defines, every part an assumption (docs/national-portal.md "Population data"): one POST of
 * {soDinhDanh, mucDich, nguoiTraCuu} to MOTCUA_PARTNER_POPULATION_URL with HTTP Basic
 * credentials, answered {error_code "00", data {hoVaTen, ngaySinh yyyyMMdd, gioiTinh,
 * noiThuongTru}} or error_code "01" (no such person).
 *
 * The call is made outside any transaction (a slow partner must not hold a database
 * connection) and bounded by a short timeout, because a person is waiting at the counter;
 * whatever happens — found, not found, refused, down — the lookup is then written to the audit
 * chain with its purpose, so that who read whose data, and why, is on record. A citizen gets
 * data back only for a number whose holder bears the account's name: the form is for filling
 * one's own details, not for reading a stranger's. */
#include "svc_internal.h"
#include "svc_population.h"

#include "buf.h"
#include "jpack.h"
#include "log.h"
#include "text.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* A person is waiting at the counter: better to say "type it in" than to keep them. */
#define POPULATION_TIMEOUT_MS 5000
#define POPULATION_BODY_MAX   (64 * 1024)
#define PURPOSE_MAX           200

#define UNAVAILABLE_MESSAGE                                                                                              \
    "Không kết nối được CSDL quốc gia về dân cư lúc này; vui lòng nhập thông tin theo giấy tờ " \
    "của người nộp"
#define NOT_CONFIGURED_MESSAGE                                                                                         \
    "Chưa cấu hình kết nối CSDL quốc gia về dân cư; vui lòng nhập thông tin theo giấy tờ của " \
    "người nộp"
#define NOT_FOUND_MESSAGE "CSDL quốc gia về dân cư không có thông tin cho số định danh này"

int svc_population_configured(struct svc *s)
{
    return s->cfg.population_url && *s->cfg.population_url;
}

/* What the partner said, before it is turned into a person or an error. */
enum answer { ANSWER_FOUND, ANSWER_NOT_FOUND, ANSWER_REFUSED, ANSWER_DOWN };

static const char *answer_name(enum answer k)
{
    static const char *const names[] = {"found", "not_found", "refused", "unavailable"};
    return names[k];
}

static size_t collect(char *p, size_t size, size_t nmemb, void *arg)
{
    struct buf *b = arg;
    return buf_append(b, p, size * nmemb) == 0 ? size * nmemb : 0;
}

static int id_number_valid(const char *v)
{
    if (!v || strlen(v) != 12)
        return 0;
    for (const char *p = v; *p; p++)
        if (*p < '0' || *p > '9')
            return 0;
    return 1;
}

/* POSTs the question; *status is the HTTP status (0 when no answer came). */
static int post_question(struct svc *s, const char *body, struct buf *answer, long *status)
{
    CURL *h = curl_easy_init();
    if (!h)
        return -1;
    struct curl_slist *headers =
        curl_slist_append(NULL, "Content-Type: application/json; charset=utf-8");
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(h, CURLOPT_URL, s->cfg.population_url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, answer);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)POPULATION_TIMEOUT_MS);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    if (s->cfg.population_user && *s->cfg.population_user) {
        curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
        curl_easy_setopt(h, CURLOPT_USERNAME, s->cfg.population_user);
        curl_easy_setopt(h, CURLOPT_PASSWORD,
                         s->cfg.population_password ? s->cfg.population_password : "");
    }
    CURLcode rc = headers ? curl_easy_perform(h) : CURLE_OUT_OF_MEMORY;
    *status = 0;
    if (rc == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
    else
        log_warn("population: %s", *errbuf ? errbuf : curl_easy_strerror(rc));
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);
    return rc == CURLE_OK ? 0 : -1;
}

static const char *str_at(json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v ? v : "";
}

/* yyyyMMdd (or yyyyMMddHHmmss) → YYYY-MM-DD; "" when it is not that. */
static const char *iso_date(struct arena *ar, const char *v)
{
    size_t n = strlen(v);
    if (n != 8 && n != 14)
        return "";
    for (size_t i = 0; i < 8; i++)
        if (v[i] < '0' || v[i] > '9')
            return "";
    return arena_printf(ar, "%.4s-%.2s-%.2s", v, v + 4, v + 6);
}

/* Reads the partner's answer into out; the kind of answer it was. */
static enum answer read_answer(struct arena *ar, long status, const char *text,
                               struct svc_person *out)
{
    if (status == 401 || status == 403) {
        log_warn("population: the partner refused our credentials (HTTP %ld)", status);
        return ANSWER_REFUSED;
    }
    if (status != 200)
        return ANSWER_DOWN;
    json_t *j = json_loads(text, 0, NULL);
    const char *code = str_at(j, "error_code");
    json_t *data = json_object_get(j, "data");
    enum answer k = ANSWER_DOWN;
    if (strcmp(code, "01") == 0)
        k = ANSWER_NOT_FOUND;
    else if (strcmp(code, "00") == 0 && json_is_object(data) && *str_at(data, "hoVaTen")) {
        out->name = arena_strdup(ar, str_at(data, "hoVaTen"));
        out->birth_date = iso_date(ar, str_at(data, "ngaySinh"));
        out->sex = arena_strdup(ar, str_at(data, "gioiTinh"));
        out->address = arena_strdup(ar, str_at(data, "noiThuongTru"));
        k = ANSWER_FOUND;
    } else
        log_warn("population: unexpected answer (error_code '%s')", code);
    json_decref(j);
    return k;
}

static enum answer ask_partner(struct svc *s, const struct actor *a, struct arena *ar,
                               const char *id_number, const char *purpose, struct svc_person *out)
{
    json_t *q = jpack("{s:s, s:s, s:s}", "soDinhDanh", id_number, "mucDich", purpose, "nguoiTraCuu",
                      a->username ? a->username : "");
    char *body = q ? json_dumps(q, JSON_COMPACT) : NULL;
    json_decref(q);
    if (!body)
        return ANSWER_DOWN;
    struct buf answer;
    buf_init(&answer, POPULATION_BODY_MAX);
    long status = 0;
    enum answer k = ANSWER_DOWN;
    if (post_question(s, body, &answer, &status) == 0)
        k = read_answer(ar, status, buf_str(&answer), out);
    free(body);
    buf_free(&answer);
    return k;
}

/* A citizen reads only their own record: the holder's name must be the account's. */
static int same_person(struct arena *ar, const struct actor *a, const char *name)
{
    char *mine = NULL, *theirs = NULL;
    if (!a->full_name || text_fold(ar, a->full_name, &mine) != 0 ||
        text_fold(ar, name, &theirs) != 0)
        return 0;
    return strcmp(mine, theirs) == 0;
}

struct audit_ctx {
    const struct actor *a;
    const char *id_number, *purpose, *outcome;
};

static int audit_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct audit_ctx *x = ctx;
    return svc_audit_json(c, x->a, "population.lookup", "person", x->id_number,
                          jpack("{s:s, s:s}", "purpose", x->purpose, "outcome", x->outcome), e);
}

static int check_question(const struct actor *a, const char *id_number, const char *purpose,
                          struct err *e)
{
    if (!perm_some(a, ROLE_RECEPTIONIST | ROLE_CITIZEN))
        return err_set(e, E_FORBIDDEN, NULL,
                       "Chỉ cán bộ tiếp nhận hoặc chính công dân mới được tra cứu CSDL dân cư");
    if (!id_number_valid(id_number))
        return err_set(e, E_INVALID, "id_number", "Số CCCD phải gồm đúng 12 chữ số");
    if (!purpose || !*purpose || text_length(purpose) > PURPOSE_MAX)
        return err_set(e, E_INVALID, "purpose", "Phải nêu mục đích tra cứu (tối đa %d ký tự)",
                       PURPOSE_MAX);
    return 0;
}

int svc_population_lookup(struct svc *s, const struct actor *a, struct arena *ar,
                          const char *id_number, const char *purpose, struct svc_person *out,
                          struct err *e)
{
    int rc = check_question(a, id_number, purpose, e);
    if (rc)
        return rc;
    if (!svc_population_configured(s))
        return err_set(e, E_UNAVAILABLE, "id_number", NOT_CONFIGURED_MESSAGE);
    *out = (struct svc_person){.id_number = arena_strdup(ar, id_number)};
    enum answer k = ask_partner(s, a, ar, id_number, purpose, out);
    const char *outcome = answer_name(k);
    int citizen = !perm_some(a, ROLE_RECEPTIONIST);
    if (k == ANSWER_FOUND && citizen && !same_person(ar, a, out->name)) {
        k = ANSWER_NOT_FOUND; /* say no more than for a number nobody holds */
        outcome = "not_own";
    }
    struct audit_ctx x = {a, id_number, purpose, outcome};
    rc = db_tx(s->db, audit_tx, &x, e);
    if (rc)
        return rc;
    switch (k) {
    case ANSWER_FOUND:
        return 0;
    case ANSWER_NOT_FOUND:
        return err_set(e, E_NOTFOUND, "id_number", NOT_FOUND_MESSAGE);
    default:
        return err_set(e, E_UNAVAILABLE, "id_number", UNAVAILABLE_MESSAGE);
    }
}
