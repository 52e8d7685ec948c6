/* audit_anchor.c — `motcua audit anchor` (sign the chain's head now) and `motcua audit verify
 * --anchors URL|FILE` (check the chain against a copy of the published anchors). The copy is
 * the JSON of /api/v1/audit/anchors (or its array of anchors alone), read from a file or
 * fetched over HTTP(S); only each anchor's seq and hash are used, so a copy kept by anyone
 * serves. A tail cut after an anchor shows as an anchor beyond the chain's head; a head
 * rewritten to match shows as an anchor whose entry now has another hash. */
#include "cli.h"

#include "cal_date.h"
#include "svc_anchor.h"

#include <curl/curl.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define ANCHORS_MAX_BYTES (64u << 20)

struct fetched {
    char *data;
    size_t len;
};

static size_t collect(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct fetched *f = userdata;
    size_t n = size * nmemb;
    if (f->len + n > ANCHORS_MAX_BYTES)
        return 0;
    char *grown = realloc(f->data, f->len + n + 1);
    if (!grown)
        return 0;
    memcpy(grown + f->len, ptr, n);
    f->data = grown;
    f->len += n;
    f->data[f->len] = '\0';
    return n;
}

/* The text at source (http:// or https:// URL, else a file), malloc'd; NULL with a message. */
static char *read_source(const char *source)
{
    if (strncmp(source, "http://", 7) != 0 && strncmp(source, "https://", 8) != 0) {
        size_t len = 0;
        char *text = cli_read_file(source, &len);
        if (!text)
            fprintf(stderr, "motcua: cannot read %s\n", source);
        return text;
    }
    struct fetched f = {0};
    CURL *curl = curl_easy_init();
    long status = 0;
    CURLcode cc = CURLE_FAILED_INIT;
    if (curl) {
        curl_easy_setopt(curl, CURLOPT_URL, source);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &f);
        curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
        curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
        cc = curl_easy_perform(curl);
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_cleanup(curl);
    }
    if (cc != CURLE_OK || status != 200 || !f.data) {
        fprintf(stderr, "motcua: cannot fetch %s: %s (HTTP %ld)\n", source, curl_easy_strerror(cc),
                status);
        free(f.data);
        return NULL;
    }
    return f.data;
}

/* The anchors of a published copy: {"anchors": [...]} or [...]; -1 with a message. */
static int parse_anchors(const char *text, struct svc_anchor_ref **out, json_t **root)
{
    json_error_t je;
    *root = json_loads(text, 0, &je);
    json_t *list = json_is_object(*root) ? json_object_get(*root, "anchors") : *root;
    if (!json_is_array(list)) {
        fprintf(stderr, "motcua: the anchors are not a JSON list (%s)\n",
                *root ? "no \"anchors\" array" : je.text);
        return -1;
    }
    size_t n = json_array_size(list);
    *out = calloc(n ? n : 1, sizeof **out);
    for (size_t i = 0; i < n; i++) {
        json_t *a = json_array_get(list, i);
        json_t *seq = json_object_get(a, "seq"), *hash = json_object_get(a, "hash");
        if (!json_is_integer(seq) || !json_is_string(hash)) {
            fprintf(stderr, "motcua: anchor %zu has no seq or hash\n", i + 1);
            return -1;
        }
        (*out)[i] = (struct svc_anchor_ref){json_integer_value(seq), json_string_value(hash)};
    }
    return (int)n;
}

static int report(const struct svc_anchor_report *r)
{
    if (r->broken_seq) {
        printf("audit chain BROKEN at entry %" PRId64 " (of %" PRId64 ")\n", r->broken_seq,
               r->count);
        return 1;
    }
    if (r->cut || r->rewritten) {
        printf("audit chain does NOT match its anchors: %d of %d anchors %s%s%s; first at entry "
               "%" PRId64 " (the chain has %" PRId64 " entries)\n",
               r->cut + r->rewritten, r->anchors, r->cut ? "beyond the head (tail cut)" : "",
               r->cut && r->rewritten ? ", " : "",
               r->rewritten ? "with another hash (head rewritten)" : "", r->first_bad, r->count);
        return 1;
    }
    printf("audit chain intact: %" PRId64 " entries, %d anchors match\n", r->count, r->anchors);
    return 0;
}

int cli_audit_verify_anchors(struct svc *s, const char *source)
{
    char *text = read_source(source);
    if (!text)
        return 2;
    struct svc_anchor_ref *refs = NULL;
    json_t *root = NULL;
    int n = parse_anchors(text, &refs, &root);
    free(text);
    int rc = 2;
    if (n >= 0) {
        struct svc_anchor_report r;
        struct err e = {0};
        rc = svc_audit_verify_anchors(s, &svc_system, refs, n, &r, &e);
        rc = rc ? cli_report(rc, &e, NULL) : report(&r);
    }
    free(refs);
    json_decref(root);
    return rc;
}

int cli_audit_anchor(struct svc *s, int argc, char **argv)
{
    const char *when = cli_option(argc, argv, "--now", NULL, NULL);
    int64_t now = svc_now();
    struct err e = {0};
    if (when && cal_parse_datetime(when, &now, &e) != 0)
        return cli_usage_error("--now must be YYYY-MM-DDTHH:MM (got '%s')", when);
    struct arena *ar = arena_new();
    struct svc_anchor a;
    int rc = svc_audit_anchor(s, &svc_system, now, ar, &a, &e);
    if (!rc)
        printf("anchored entry %" PRId64 " %s%s%s\n", a.seq, a.hash,
               a.signer ? ", signed by " : " (unsigned: MOTCUA_ANCHOR_KEY is not set)",
               a.signer ? a.signer : "");
    else
        rc = cli_report(rc, &e, NULL);
    arena_free(ar);
    return rc;
}
