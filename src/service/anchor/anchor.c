/* anchor.c — anchoring the audit chain (svc_anchor.h). An anchor reads the head (seq, hash),
 * writes the statement, signs and timestamps it outside any transaction (a token or an
 * authority may take seconds, and writers must not wait for them), then stores it with an
 * audit entry in one transaction. Because the audit entry itself moves the head on, an anchor
 * always names an entry that is already older than its own record. Checking against anchors:
 * the chain must verify on its own first, then every published anchor must name an entry
 * that still exists (else the tail was cut) with the same hash (else it was rewritten). */
#include "svc_anchor.h"

#include "anchor_internal.h"
#include "issued_store.h"
#include "jpack.h"
#include "svc_internal.h"
#include "audit_store.h"

#include <string.h>
#include <time.h>

#define DAY_SECONDS 86400

struct head_ctx {
    const struct actor *a;
    int64_t seq;
    char hash[65];
};

static int head_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct head_ctx *x = ctx;
    int rc = perm_require(c, x->a, ROLE_ADMIN, 0, e);
    struct db_rows *r = NULL;
    if (!rc)
        rc = db_query(c, "SELECT seq, hash FROM audit_head WHERE id = 1", DB_NOARGS, &r, e);
    if (rc)
        return rc;
    if (db_rows_count(r) == 1) {
        x->seq = db_rows_int(r, 0, 0);
        snprintf(x->hash, sizeof x->hash, "%s", db_rows_text(r, 0, 1));
    } else {
        rc = err_set(e, E_INTERNAL, NULL, "audit head missing");
    }
    db_rows_free(r);
    return rc;
}

static const char *statement_of(struct arena *ar, int64_t seq, const char *hash, int64_t at)
{
    char iso[32];
    time_t t = (time_t)at;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return arena_printf(ar, "motcua audit anchor\nseq: %lld\nhash: %s\nat: %s\n", (long long)seq,
                        hash, iso);
}

struct store_ctx {
    const struct actor *a;
    struct anchor_row row;
};

static int store_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct store_ctx *x = ctx;
    int rc = anchor_insert(c, &x->row, &x->row.id, e);
    if (rc)
        return rc;
    return svc_audit_json(c, x->a, "audit.anchor", "audit", "anchor",
                          jpack("{s:I, s:s, s:b, s:b, s:I}", "seq", (json_int_t)x->row.seq, "hash",
                                x->row.hash, "signed", x->row.signature != NULL, "timestamped",
                                x->row.timestamp_token != NULL, "anchor", (json_int_t)x->row.id),
                          e);
}

static void to_svc(const struct anchor_row *r, struct svc_anchor *out)
{
    *out =
        (struct svc_anchor){r->id,        r->seq,       r->anchored_at, r->tsa_time,       r->hash,
                            r->statement, r->signature, r->signer,      r->timestamp_token};
}

/* Signs (when a key is configured) and timestamps (when an authority is) the statement. */
static int seal(struct svc *s, struct arena *ar, struct anchor_row *row, struct err *e)
{
    const unsigned char *der = (const unsigned char *)row->statement;
    size_t der_len = strlen(row->statement);
    if (s->cfg.anchor_key && *s->cfg.anchor_key) {
        struct anchor_key key = {s->cfg.anchor_key, s->cfg.anchor_pin, s->cfg.anchor_module};
        int rc = anchor_sign(ar, &key, row->statement, strlen(row->statement), &row->signature,
                             &der, &der_len, &row->signer, e);
        if (rc)
            return rc;
    }
    if (s->cfg.anchor_tsa_url && *s->cfg.anchor_tsa_url)
        return anchor_timestamp(ar, s->cfg.anchor_tsa_url, der, der_len, &row->timestamp_token,
                                &row->tsa_time, e);
    return 0;
}

int svc_audit_anchor(struct svc *s, const struct actor *a, int64_t now, struct arena *ar,
                     struct svc_anchor *out, struct err *e)
{
    struct head_ctx h = {.a = a};
    int rc = db_with_conn(s->db, head_read, &h, e);
    if (rc)
        return rc;
    struct store_ctx x = {a,
                          {.seq = h.seq,
                           .hash = arena_strdup(ar, h.hash),
                           .anchored_at = now,
                           .statement = statement_of(ar, h.seq, h.hash, now),
                           .created_by = a->username ? a->username : "system"}};
    if ((rc = seal(s, ar, &x.row, e)) != 0)
        return rc;
    if ((rc = db_tx(s->db, store_tx, &x, e)) != 0)
        return rc;
    if (out)
        to_svc(&x.row, out);
    return 0;
}

struct latest_ctx {
    struct arena *ar;
    struct anchor_row row;
    int found;
};

static int latest_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct latest_ctx *x = ctx;
    int rc = anchor_latest(c, x->ar, &x->row, e);
    x->found = rc == 0;
    if (rc == E_NOTFOUND) {
        err_clear(e);
        return 0;
    }
    return rc;
}

int svc_audit_anchor_due(struct svc *s, int64_t now, struct arena *ar, int *made, const char **why,
                         struct err *e)
{
    *made = 0;
    if (!s->cfg.anchor_key || !*s->cfg.anchor_key) {
        *why = "no anchor key configured (MOTCUA_ANCHOR_KEY)";
        return 0;
    }
    struct latest_ctx x = {ar, {0}, 0};
    int rc = db_with_conn(s->db, latest_read, &x, e);
    if (rc)
        return rc;
    if (x.found && now - x.row.anchored_at < DAY_SECONDS) {
        *why = "the newest anchor is less than a day old";
        return 0;
    }
    rc = svc_audit_anchor(s, &svc_system, now, ar, NULL, e);
    *made = rc == 0;
    *why = rc ? e->msg : "anchored the chain's head";
    return rc;
}

struct list_ctx {
    struct arena *ar;
    int limit;
    struct anchor_row *rows;
    int n;
};

static int list_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct list_ctx *x = ctx;
    return anchor_list(c, x->ar, x->limit, &x->rows, &x->n, e);
}

int svc_anchor_list(struct svc *s, struct arena *ar, int limit, struct svc_anchor **out, int *n,
                    struct err *e)
{
    struct list_ctx x = {ar, limit > 0 && limit <= 10000 ? limit : 1000, NULL, 0};
    int rc = db_with_conn(s->db, list_read, &x, e);
    if (rc)
        return rc;
    *out = arena_alloc(ar, sizeof **out * (size_t)(x.n ? x.n : 1));
    for (int i = 0; i < x.n; i++)
        to_svc(&x.rows[i], &(*out)[i]);
    *n = x.n;
    return 0;
}

struct check_ctx {
    const struct actor *a;
    const struct svc_anchor_ref *refs;
    int n;
    struct svc_anchor_report *out;
};

/* One anchor against the verified chain of count entries. */
static int check_one(struct db_conn *c, struct arena *ar, struct check_ctx *x,
                     const struct svc_anchor_ref *ref, struct err *e)
{
    const char *hash = NULL;
    int bad = 0;
    x->out->anchors++;
    if (ref->seq > x->out->count) {
        x->out->cut++;
        bad = 1;
    } else if (ref->seq > 0) {
        int rc = anchor_entry_hash(c, ar, ref->seq, &hash, e);
        if (rc)
            return rc;
        bad = !ref->hash || strcmp(hash, ref->hash) != 0;
        x->out->rewritten += bad;
    }
    if (bad && (!x->out->first_bad || ref->seq < x->out->first_bad))
        x->out->first_bad = ref->seq;
    return 0;
}

static int check_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct check_ctx *x = ctx;
    int rc = perm_require(c, x->a, ROLE_ADMIN | ROLE_AUDITOR, 0, e);
    if (!rc)
        rc = audit_verify(c, &x->out->count, &x->out->broken_seq, e);
    struct arena *ar = arena_new();
    for (int i = 0; !rc && i < x->n; i++)
        rc = check_one(c, ar, x, &x->refs[i], e);
    arena_free(ar);
    return rc;
}

int svc_audit_verify_anchors(struct svc *s, const struct actor *a,
                             const struct svc_anchor_ref *refs, int n,
                             struct svc_anchor_report *out, struct err *e)
{
    *out = (struct svc_anchor_report){0};
    struct check_ctx x = {a, refs, n, out};
    return db_with_conn(s->db, check_read, &x, e);
}
