/* citizen_documents.c — the citizen's personal data store (svc_files.h): the components they
 * submitted in their earlier dossiers (uploaded online or digitised at the counter) and the
 * results they received, so that a new dossier can take them again without a new upload
 * (Decree 45/2020, Art. 11: a citizen is not asked again for what the administration holds).
 * The store is what the dossiers whose applicant is the account hold — nothing is copied —
 * and it is only ever read for the account itself. It reads files of dossiers and stores
 * nothing of its own, so it is a use case of the files module, not a store. */
#include "svc_files.h"

#include "files_internal.h"
#include "svc_internal.h"

#include <string.h>

#define MAX_STORE 500

struct store_ctx {
    const struct actor *a;
    struct arena *ar;
    struct file_store_entry *rows;
    int n;
};

static int store_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct store_ctx *x = ctx;
    return file_store_of_user(c, x->ar, x->a->user_id, NULL, MAX_STORE, &x->rows, &x->n, e);
}

static int seen_before(const struct store_ctx *x, int i)
{
    for (int j = 0; j < i; j++)
        if (strcmp(x->rows[j].f.sha256, x->rows[i].f.sha256) == 0)
            return 1;
    return 0;
}

int svc_my_files(struct svc *s, const struct actor *a, struct arena *ar,
                 struct svc_store_file **out, int *n, struct err *e)
{
    struct store_ctx x = {.a = a, .ar = ar};
    int rc = a->user_id ? db_with_conn(s->db, store_read, &x, e) : 0;
    if (rc)
        return rc;
    *out = arena_alloc(ar, sizeof **out * (size_t)(x.n ? x.n : 1));
    *n = 0;
    for (int i = 0; i < x.n; i++) {
        if (seen_before(&x, i))
            continue;
        struct svc_store_file *f = &(*out)[(*n)++];
        file_to_svc(&x.rows[i].f, &f->f);
        f->dossier_code = x.rows[i].dossier_code;
        f->procedure_code = x.rows[i].procedure_code;
        f->procedure_name = x.rows[i].procedure_name;
        f->component_name = x.rows[i].component_name;
    }
    return 0;
}
