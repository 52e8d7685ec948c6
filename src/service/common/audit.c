/* audit.c — the audit use cases: verifying the chain and listing entries for the viewer. */
#include "svc_audit.h"

#include "audit_store.h"
#include "svc_internal.h"

struct verify_ctx {
    const struct actor *a;
    int64_t count, broken;
};

static int verify_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct verify_ctx *x = ctx;
    int rc = perm_require(c, x->a, ROLE_ADMIN | ROLE_AUDITOR, 0, e);
    return rc ? rc : audit_verify(c, &x->count, &x->broken, e);
}

int svc_audit_verify(struct svc *s, const struct actor *a, int64_t *count, int64_t *broken_seq,
                     struct err *e)
{
    struct verify_ctx x = {a, 0, 0};
    int rc = db_with_conn(s->db, verify_read, &x, e);
    *count = x.count;
    *broken_seq = x.broken;
    return rc;
}

struct recent_ctx {
    const struct actor *a;
    struct arena *ar;
    const char *type, *id;
    int limit;
    struct audit_entry *rows;
    int n;
};

static int recent_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct recent_ctx *x = ctx;
    int rc = perm_require(c, x->a, ROLE_ADMIN | ROLE_AUDITOR, 0, e);
    return rc ? rc : audit_list(c, x->ar, x->type, x->id, x->limit, &x->rows, &x->n, e);
}

int svc_audit_recent(struct svc *s, const struct actor *a, struct arena *ar,
                     const char *object_type, const char *object_id, int limit,
                     struct svc_audit_entry **out, int *n, struct err *e)
{
    struct recent_ctx x = {
        a, ar, object_type, object_id, limit > 0 && limit <= 1000 ? limit : 100, NULL, 0};
    int rc = db_with_conn(s->db, recent_read, &x, e);
    if (rc)
        return rc;
    *out = arena_alloc(ar, sizeof **out * (size_t)(x.n ? x.n : 1));
    for (int i = 0; i < x.n; i++) {
        const struct audit_entry *en = &x.rows[i];
        (*out)[i] = (struct svc_audit_entry){.seq = en->seq,
                                             .at = en->at,
                                             .actor = en->actor,
                                             .action = en->action,
                                             .object_type = en->object_type,
                                             .object_id = en->object_id,
                                             .summary = en->summary,
                                             .hash = en->hash};
    }
    *n = x.n;
    return 0;
}
