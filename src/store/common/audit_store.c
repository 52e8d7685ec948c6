/* audit_store.c — appending to and verifying the audit chain. Each entry's hash is the
 * SHA-256 of the previous hash and the entry's fields, separated by newlines (fields cannot
 * contain a bare newline ambiguity because each is length-prefixed). Appends update the
 * single audit_head row in the same transaction; writers take turns in db_tx (an advisory
 * lock before BEGIN on PostgreSQL, BEGIN IMMEDIATE on SQLite), so appends queue instead of
 * aborting each other, and under SERIALIZABLE a writer that skipped its turn still cannot
 * commit a stale head. */
#include "audit_store.h"

#include "rows.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define HASH_HEX (crypto_hash_sha256_BYTES * 2 + 1)

static void hash_field(crypto_hash_sha256_state *st, const char *s)
{
    char len[32];
    snprintf(len, sizeof len, "%zu:", strlen(s));
    crypto_hash_sha256_update(st, (const unsigned char *)len, strlen(len));
    crypto_hash_sha256_update(st, (const unsigned char *)s, strlen(s));
}

static void entry_hash(const struct audit_entry *en, char out[HASH_HEX])
{
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    char nums[96];
    snprintf(nums, sizeof nums, "%" PRId64 "|%" PRId64 "|%" PRId64, en->seq, en->at, en->actor_id);
    hash_field(&st, en->prev_hash);
    hash_field(&st, nums);
    hash_field(&st, en->actor);
    hash_field(&st, en->action);
    hash_field(&st, en->object_type);
    hash_field(&st, en->object_id);
    hash_field(&st, en->summary);
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, digest);
    sodium_bin2hex(out, HASH_HEX, digest, sizeof digest);
}

/* The chain's head (its last seq and hash, copied out, so no arena is needed): *found 0
 * when the row is missing. Columns are found by name like every decoded row. */
static int read_head(struct db_conn *c, int64_t *seq, char hash[HASH_HEX], int *found,
                     struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c, "SELECT seq, hash FROM audit_head WHERE id = 1", DB_NOARGS, &r, e);
    if (rc)
        return rc;
    int cs = rows_column(r, "seq"), ch = rows_column(r, "hash");
    *found = db_rows_count(r) == 1 && cs >= 0 && ch >= 0;
    if (*found) {
        *seq = db_rows_int(r, 0, cs);
        snprintf(hash, HASH_HEX, "%s", db_rows_text(r, 0, ch));
    }
    db_rows_free(r);
    return 0;
}

int audit_append(struct db_conn *c, int64_t now, int64_t actor_id, const char *actor,
                 const char *action, const char *object_type, const char *object_id,
                 const char *summary, struct err *e)
{
    char prev[HASH_HEX], hash[HASH_HEX];
    int64_t seq = 0;
    int found;
    int rc = read_head(c, &seq, prev, &found, e);
    if (rc)
        return rc;
    if (!found)
        return err_set(e, E_INTERNAL, NULL, "audit head missing");
    struct audit_entry en = {
        .seq = seq + 1,
        .at = now,
        .actor_id = actor_id,
        .actor = actor,
        .action = action,
        .object_type = object_type,
        .object_id = object_id,
        .summary = summary,
        .prev_hash = prev,
    };
    entry_hash(&en, hash);
    rc = db_exec(c, "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1",
                 DB_ARGS(DB_I(en.seq), DB_T(hash)), e);
    if (rc)
        return rc;
    return db_exec(c,
                   "INSERT INTO audit_log (seq, at, actor_id, actor, action, object_type, "
                   "object_id, summary, prev_hash, hash) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                   DB_ARGS(DB_I(en.seq), DB_I(now), actor_id ? DB_I(actor_id) : DB_NIL, DB_T(actor),
                           DB_T(action), DB_T(object_type), DB_T(object_id), DB_T(summary),
                           DB_T(prev), DB_T(hash)),
                   e);
}

#define VERIFY_BATCH 1000

#define A(kind, field) ROW_##kind(#field, struct audit_entry, field)
static const struct row_col entry_cols[] = {
    A(I64, seq),          A(I64, at),         A(I64, actor_id), A(TEXT, actor),     A(TEXT, action),
    A(TEXT, object_type), A(TEXT, object_id), A(TEXT, summary), A(TEXT, prev_hash), A(TEXT, hash),
};
#undef A
static const struct row_spec entry_spec = ROW_SPEC(struct audit_entry, entry_cols);

static const char *verify_sql = "SELECT seq, at, actor_id, actor, action, object_type, "
                                "object_id, summary, prev_hash, hash FROM audit_log "
                                "WHERE seq > $1 ORDER BY seq LIMIT 1000";

/* Checks one batch, decoded into a (reset by the caller between batches); returns the number
 * of rows seen, or a negative error. */
static int verify_batch(struct db_conn *c, struct arena *a, int64_t *last_seq, char prev[HASH_HEX],
                        int64_t *broken_seq, struct err *e)
{
    struct audit_entry *r;
    int n;
    int rc = rows_query_all(c, a, verify_sql, DB_ARGS(DB_I(*last_seq)), &entry_spec, &r, &n, e);
    if (rc)
        return rc;
    for (int i = 0; i < n && !*broken_seq; i++) {
        const struct audit_entry *en = &r[i];
        char expect[HASH_HEX];
        entry_hash(en, expect);
        if (en->seq != *last_seq + 1 || strcmp(en->prev_hash, prev) != 0 ||
            strcmp(expect, en->hash) != 0)
            *broken_seq = en->seq != *last_seq + 1 ? *last_seq + 1 : en->seq;
        *last_seq = en->seq;
        snprintf(prev, HASH_HEX, "%s", expect);
    }
    return n;
}

int audit_verify(struct db_conn *c, int64_t *count, int64_t *broken_seq, struct err *e)
{
    char prev[HASH_HEX];
    memset(prev, '0', HASH_HEX - 1);
    prev[HASH_HEX - 1] = '\0';
    int64_t last_seq = 0;
    *broken_seq = 0;
    struct arena *a = arena_new();
    int n;
    do {
        arena_reset(a);
        n = verify_batch(c, a, &last_seq, prev, broken_seq, e);
    } while (n == VERIFY_BATCH && !*broken_seq);
    arena_free(a);
    if (n < 0)
        return n;
    *count = last_seq;
    if (*broken_seq)
        return 0;
    /* The head must point at the last entry, so deleting the newest entries is detected. */
    char head_hash[HASH_HEX];
    int64_t head_seq = 0;
    int found;
    int rc = read_head(c, &head_seq, head_hash, &found, e);
    if (rc)
        return rc;
    if (!found || head_seq != last_seq || strcmp(head_hash, prev) != 0)
        *broken_seq = last_seq + 1;
    return 0;
}

int audit_list(struct db_conn *c, struct arena *a, const char *object_type, const char *object_id,
               int limit, struct audit_entry **out, int *n, struct err *e)
{
    return rows_query_all(c, a,
                          "SELECT seq, at, actor_id, actor, action, object_type, object_id, "
                          "summary, prev_hash, hash FROM audit_log "
                          "WHERE ($1 = '' OR (object_type = $1 AND object_id = $2)) "
                          "ORDER BY seq DESC LIMIT $3",
                          DB_ARGS(DB_T(object_type ? object_type : ""),
                                  DB_T(object_id ? object_id : ""), DB_I(limit)),
                          &entry_spec, out, n, e);
}
