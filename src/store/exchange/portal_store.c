/* portal_store.c — SQL of the national portal adapter's own tables (portal_store.h): the link
 * of a dossier received from the portal, and the reconciliation's list of differences. */
#include "portal_store.h"

#include "rows.h"

int portal_link_insert(struct db_conn *c, const struct portal_link_row *r, struct err *e)
{
    int rc = db_exec(c,
                     "INSERT INTO portal_dossiers (dossier_id, partner, portal_code, "
                     "vneid_verified, submitted_at) VALUES ($1, $2, $3, $4, $5)",
                     DB_ARGS(DB_I(r->dossier_id), DB_T(r->partner), DB_T(r->portal_code),
                             DB_I(r->vneid_verified), DB_I(r->submitted_at)),
                     e);
    if (rc == E_CONSTRAINT)
        return err_set(e, E_CONFLICT, "MaHoSo", "Hồ sơ %s đã được tiếp nhận", r->portal_code);
    return rc;
}

int portal_link_get(struct db_conn *c, struct arena *a, int64_t dossier_id,
                    struct portal_link_row *out, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "SELECT dossier_id, submitted_at, partner, portal_code, vneid_verified "
                      "FROM portal_dossiers WHERE dossier_id = $1",
                      DB_ARGS(DB_I(dossier_id)), &r, e);
    if (rc)
        return rc;
    if (db_rows_count(r) == 0) {
        db_rows_free(r);
        return E_NOTFOUND;
    }
    *out =
        (struct portal_link_row){db_rows_int(r, 0, 0), db_rows_int(r, 0, 1), rows_text(a, r, 0, 2),
                                 rows_text(a, r, 0, 3), (int)db_rows_int(r, 0, 4)};
    db_rows_free(r);
    return 0;
}

int portal_link_find(struct db_conn *c, const char *partner, const char *portal_code,
                     int64_t *dossier_id, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "SELECT dossier_id FROM portal_dossiers WHERE partner = $1 AND "
                      "portal_code = $2",
                      DB_ARGS(DB_T(partner), DB_T(portal_code)), &r, e);
    if (rc)
        return rc;
    rc = db_rows_count(r) ? 0 : E_NOTFOUND;
    if (!rc)
        *dossier_id = db_rows_int(r, 0, 0);
    db_rows_free(r);
    return rc;
}

int portal_account_verified(struct db_conn *c, int64_t user_id, int *yes, struct err *e)
{
    struct db_rows *r = NULL;
    *yes = 0;
    if (!user_id)
        return 0;
    int rc = db_query(c, "SELECT COUNT(*) FROM user_identities WHERE user_id = $1",
                      DB_ARGS(DB_I(user_id)), &r, e);
    if (!rc)
        *yes = db_rows_int(r, 0, 0) > 0;
    db_rows_free(r);
    return rc;
}

int portal_diff_replace(struct db_conn *c, const char *partner, const struct portal_diff_row *rows,
                        int n, struct err *e)
{
    int rc =
        db_exec(c, "DELETE FROM portal_differences WHERE partner = $1", DB_ARGS(DB_T(partner)), e);
    for (int i = 0; !rc && i < n; i++)
        rc = db_exec(c,
                     "INSERT INTO portal_differences (partner, run_at, dossier_id, code, kind, "
                     "field, ours, theirs) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                     DB_ARGS(DB_T(partner), DB_I(rows[i].run_at), DB_I(rows[i].dossier_id),
                             DB_T(rows[i].code), DB_T(rows[i].kind), DB_T(rows[i].field),
                             DB_T(rows[i].ours), DB_T(rows[i].theirs)),
                     e);
    return rc;
}

#define DIFF_COLUMNS                                                                               \
    "SELECT id, run_at, dossier_id, resent_at, partner, code, kind, field, ours, theirs FROM "     \
    "portal_differences "

static void diff_of(struct arena *a, const struct db_rows *r, int i, struct portal_diff_row *d)
{
    *d = (struct portal_diff_row){
        db_rows_int(r, i, 0),  db_rows_int(r, i, 1),  db_rows_int(r, i, 2),  db_rows_int(r, i, 3),
        rows_text(a, r, i, 4), rows_text(a, r, i, 5), rows_text(a, r, i, 6), rows_text(a, r, i, 7),
        rows_text(a, r, i, 8), rows_text(a, r, i, 9)};
}

int portal_diff_list(struct db_conn *c, struct arena *a, const char *partner,
                     struct portal_diff_row **out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = partner ? db_query(c, DIFF_COLUMNS "WHERE partner = $1 ORDER BY id",
                                DB_ARGS(DB_T(partner)), &r, e)
                     : db_query(c, DIFF_COLUMNS "ORDER BY id", DB_NOARGS, &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n + 1));
    for (int i = 0; i < *n; i++)
        diff_of(a, r, i, &(*out)[i]);
    db_rows_free(r);
    return 0;
}

int portal_diff_get(struct db_conn *c, struct arena *a, int64_t id, struct portal_diff_row *out,
                    struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c, DIFF_COLUMNS "WHERE id = $1", DB_ARGS(DB_I(id)), &r, e);
    if (rc)
        return rc;
    rc = db_rows_count(r) ? 0 : err_set(e, E_NOTFOUND, "id", "Không tìm thấy chênh lệch này");
    if (!rc)
        diff_of(a, r, 0, out);
    db_rows_free(r);
    return rc;
}

int portal_diff_mark_resent(struct db_conn *c, int64_t id, int64_t at, struct err *e)
{
    return db_exec(c, "UPDATE portal_differences SET resent_at = $1 WHERE id = $2",
                   DB_ARGS(DB_I(at), DB_I(id)), e);
}

int portal_due_open(struct db_conn *c, int64_t supplement_id, int64_t due_before, struct err *e)
{
    /* Noted already (the same cycle told twice): the first note stands. */
    return db_exec(c,
                   "INSERT INTO portal_supplement_dues (supplement_id, due_before) VALUES ($1, $2) "
                   "ON CONFLICT (supplement_id) DO NOTHING",
                   DB_ARGS(DB_I(supplement_id), DB_I(due_before)), e);
}

int portal_due_close(struct db_conn *c, int64_t supplement_id, int64_t due_after, struct err *e)
{
    return db_exec(c,
                   "UPDATE portal_supplement_dues SET due_after = $1 WHERE supplement_id = $2 AND "
                   "due_after = 0",
                   DB_ARGS(DB_I(due_after), DB_I(supplement_id)), e);
}

int portal_due_get(struct db_conn *c, int64_t supplement_id, int64_t *due_before,
                   int64_t *due_after, struct err *e)
{
    struct db_rows *r = NULL;
    *due_before = *due_after = 0;
    int rc = db_query(c,
                      "SELECT due_before, due_after FROM portal_supplement_dues WHERE "
                      "supplement_id = $1",
                      DB_ARGS(DB_I(supplement_id)), &r, e);
    if (!rc && db_rows_count(r)) {
        *due_before = db_rows_int(r, 0, 0);
        *due_after = db_rows_int(r, 0, 1);
    }
    db_rows_free(r);
    return rc;
}
