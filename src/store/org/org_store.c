/* org_store.c — SQL for the organisation tree. The tree is small (hundreds of units for a
 * province), so listing reads it whole and ancestors are found with a recursive query that
 * both engines run. */
#include "org_store.h"

#include "rows.h"

/* A unit as every unit query selects it; no parent or successor reads as 0. */
#define ORG_COLS                                                                                   \
    "id, parent_id, successor_id, key, name, level, agency_code, valid_from, valid_to, place"

#define U(kind, field) ROW_##kind(#field, struct org_unit, field)
static const struct row_col org_cols[] = {
    U(I64, id),     U(I64, parent_id),   U(I64, successor_id), U(TEXT, key),     U(TEXT, name),
    U(TEXT, level), U(STR, agency_code), U(TEXT, valid_from),  U(STR, valid_to), U(STR, place),
};
#undef U
static const struct row_spec org_spec = ROW_SPEC(struct org_unit, org_cols);

int org_insert(struct db_conn *c, const struct org_unit *u, const char *name_fold, int64_t now,
               int64_t *id, struct err *e)
{
    return db_query_int(c,
                        "INSERT INTO org_units (key, name, name_fold, level, agency_code, "
                        "parent_id, valid_from, valid_to, created_at, place) "
                        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                        DB_ARGS(DB_T(u->key), DB_T(u->name), DB_T(name_fold), DB_T(u->level),
                                DB_T(u->agency_code), u->parent_id ? DB_I(u->parent_id) : DB_NIL,
                                DB_T(u->valid_from), DB_T(u->valid_to), DB_I(now), DB_T(u->place)),
                        id, e);
}

int org_close(struct db_conn *c, int64_t id, const char *valid_to, int64_t successor_id,
              struct err *e)
{
    return db_exec(c, "UPDATE org_units SET valid_to = $2, successor_id = $3 WHERE id = $1",
                   DB_ARGS(DB_I(id), DB_T(valid_to), successor_id ? DB_I(successor_id) : DB_NIL),
                   e);
}

/* The tree's signature: units plus closed units, and the highest id. */
struct org_sig {
    int64_t version, max_id;
};
static const struct row_col sig_cols[] = {ROW_I64("version", struct org_sig, version),
                                          ROW_I64("max_id", struct org_sig, max_id)};
static const struct row_spec sig_spec = ROW_SPEC(struct org_sig, sig_cols);

int org_signature(struct db_conn *c, int64_t *version, int64_t *max_id, struct err *e)
{
    struct org_sig sig = {0};
    int found;
    int rc = rows_query_numbers(c,
                                "SELECT COUNT(*) + COUNT(successor_id) AS version, MAX(id) AS "
                                "max_id FROM org_units",
                                DB_NOARGS, &sig_spec, &sig, &found, e);
    *version = sig.version;
    *max_id = sig.max_id;
    return rc;
}

static int org_get_one(struct db_conn *c, struct arena *a, const char *sql, struct db_param p,
                       struct org_unit *out, struct err *e)
{
    return rows_query_one(c, a, sql, &p, 1, &org_spec, out, NULL, "Không tìm thấy đơn vị", e);
}

int org_get_by_key(struct db_conn *c, struct arena *a, const char *key, struct org_unit *out,
                   struct err *e)
{
    return org_get_one(c, a, "SELECT " ORG_COLS " FROM org_units WHERE key = $1", DB_T(key), out,
                       e);
}

int org_get(struct db_conn *c, struct arena *a, int64_t id, struct org_unit *out, struct err *e)
{
    return org_get_one(c, a, "SELECT " ORG_COLS " FROM org_units WHERE id = $1", DB_I(id), out, e);
}

int org_list(struct db_conn *c, struct arena *a, struct org_unit **out, int *n, struct err *e)
{
    return rows_query_all(c, a, "SELECT " ORG_COLS " FROM org_units ORDER BY id", DB_NOARGS,
                          &org_spec, out, n, e);
}

int org_ancestors(struct db_conn *c, struct arena *a, int64_t id, int64_t **out, int *n,
                  struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c,
                      "WITH RECURSIVE up(id, parent_id, depth) AS ("
                      " SELECT id, parent_id, 0 FROM org_units WHERE id = $1"
                      " UNION ALL"
                      " SELECT o.id, o.parent_id, up.depth + 1 FROM org_units o"
                      " JOIN up ON o.id = up.parent_id WHERE up.depth < 32)"
                      " SELECT id FROM up ORDER BY depth",
                      DB_ARGS(DB_I(id)), &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
    for (int i = 0; i < *n; i++)
        (*out)[i] = db_rows_int(r, i, 0);
    db_rows_free(r);
    return 0;
}
