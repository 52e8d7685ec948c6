/* feedback_store.c — SQL of feedback. An answer is written by a conditional update on
 * "not answered yet", so two leaders answering at once cannot overwrite each other. */
#include "feedback_store.h"

#include "rows.h"

#include <stdlib.h>

int feedback_insert(struct db_conn *c, const struct feedback_row *r, int64_t *id, struct err *e)
{
    return db_query_int(c,
                        "INSERT INTO feedback (user_id, procedure_code, dossier_code, unit_id, "
                        "category, text, created_at, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
                        "$8) RETURNING id",
                        DB_ARGS(DB_I(r->user_id), DB_T(r->procedure_code), DB_T(r->dossier_code),
                                r->unit_id ? DB_I(r->unit_id) : DB_NIL, DB_T(r->category),
                                DB_T(r->text), DB_I(r->created_at), DB_I(r->due_at)),
                        id, e);
}

#define FEEDBACK_SELECT                                                                            \
    "SELECT f.id, f.user_id, f.unit_id, f.created_at, f.due_at, f.answered_at, f.answered_by, "    \
    "f.procedure_code, f.dossier_code, f.category, f.text, f.answer, u.full_name, a.full_name "    \
    "FROM feedback f JOIN users u ON u.id = f.user_id LEFT JOIN users a ON a.id = f.answered_by "

static void feedback_from_row(struct arena *a, const struct db_rows *r, int i,
                              struct feedback_row *f)
{
    *f = (struct feedback_row){.id = db_rows_int(r, i, 0),
                               .user_id = db_rows_int(r, i, 1),
                               .unit_id = db_rows_int(r, i, 2),
                               .created_at = db_rows_int(r, i, 3),
                               .due_at = db_rows_int(r, i, 4),
                               .answered_at = db_rows_int(r, i, 5),
                               .answered_by = db_rows_int(r, i, 6),
                               .procedure_code = rows_str(a, r, i, 7),
                               .dossier_code = rows_str(a, r, i, 8),
                               .category = rows_text(a, r, i, 9),
                               .text = rows_text(a, r, i, 10),
                               .answer = rows_str(a, r, i, 11),
                               .author = rows_text(a, r, i, 12),
                               .answerer = rows_str(a, r, i, 13)};
}

int feedback_get(struct db_conn *c, struct arena *a, int64_t id, struct feedback_row *out,
                 struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c, FEEDBACK_SELECT "WHERE f.id = $1", DB_ARGS(DB_I(id)), &r, e);
    if (rc)
        return rc;
    if (db_rows_count(r) == 0) {
        db_rows_free(r);
        return err_set(e, E_NOTFOUND, "id", "Không tìm thấy phản ánh, kiến nghị này");
    }
    feedback_from_row(a, r, 0, out);
    db_rows_free(r);
    return 0;
}

int feedback_answer(struct db_conn *c, int64_t id, const char *answer, int64_t by, int64_t now,
                    struct err *e)
{
    int64_t changed = 0;
    int rc = db_exec_count(c,
                           "UPDATE feedback SET answer = $2, answered_by = $3, answered_at = $4 "
                           "WHERE id = $1 AND answered_at IS NULL",
                           DB_ARGS(DB_I(id), DB_T(answer), DB_I(by), DB_I(now)), &changed, e);
    if (!rc && changed == 0)
        return err_set(e, E_CONFLICT, "id", "Phản ánh, kiến nghị này đã được trả lời");
    return rc;
}

static const char *const list_sql[] = {
    [FEEDBACK_OPEN] = FEEDBACK_SELECT
    "WHERE f.answered_at IS NULL AND (CAST($1 AS BIGINT) = 0 OR f.user_id = $1) "
    "ORDER BY f.due_at, f.id LIMIT $2",
    [FEEDBACK_ANSWERED] =
        FEEDBACK_SELECT "WHERE f.answered_at IS NOT NULL AND (CAST($1 AS BIGINT) = 0 OR "
                        "f.user_id = $1) ORDER BY f.due_at, f.id LIMIT $2",
    [FEEDBACK_ALL] =
        FEEDBACK_SELECT "WHERE (CAST($1 AS BIGINT) = 0 OR f.user_id = $1) ORDER BY f.due_at, f.id "
                        "LIMIT $2",
};

int feedback_list(struct db_conn *c, struct arena *a, enum feedback_filter f, int64_t user_id,
                  int limit, struct feedback_row **out, int *n, struct err *e)
{
    struct db_rows *r = NULL;
    int rc = db_query(c, list_sql[f], DB_ARGS(DB_I(user_id), DB_I(limit)), &r, e);
    if (rc)
        return rc;
    *n = db_rows_count(r);
    *out = arena_alloc(a, sizeof **out * (size_t)(*n + 1));
    for (int i = 0; i < *n; i++)
        feedback_from_row(a, r, i, &(*out)[i]);
    db_rows_free(r);
    return 0;
}

/* Longer than any 15-working-day span, however long the holidays in it. */
#define FEEDBACK_DUE_SPAN (120 * 86400)

static struct feedback_unit_stats *unit_stats_of(struct feedback_unit_stats *s, int *n,
                                                 int64_t unit_id)
{
    for (int i = 0; i < *n; i++)
        if (s[i].unit_id == unit_id)
            return &s[i];
    s[*n] = (struct feedback_unit_stats){.unit_id = unit_id};
    return &s[(*n)++];
}

static int unit_stats_order(const void *a, const void *b)
{
    int64_t x = ((const struct feedback_unit_stats *)a)->unit_id;
    int64_t y = ((const struct feedback_unit_stats *)b)->unit_id;
    return (x > y) - (x < y);
}

int feedback_unit_stats(struct db_conn *c, struct arena *a, int64_t from, int64_t to, int64_t now,
                        struct feedback_unit_stats **out, int *n, struct err *e)
{
    struct db_rows *due = NULL, *dossiers = NULL;
    int rc = db_query(c,
                      "SELECT unit_id, SUM(CASE WHEN answered_at <= due_at THEN 1 ELSE 0 END), "
                      "SUM(CASE WHEN answered_at > due_at OR (answered_at IS NULL AND due_at < "
                      "$3) THEN 1 ELSE 0 END), SUM(CASE WHEN answered_at IS NULL AND due_at >= "
                      "$3 THEN 1 ELSE 0 END) FROM feedback WHERE due_at >= $1 AND due_at < $2 "
                      "AND unit_id IS NOT NULL GROUP BY unit_id",
                      DB_ARGS(DB_I(from), DB_I(to), DB_I(now)), &due, e);
    if (!rc)
        rc = db_query(c,
                      "SELECT f.unit_id, COUNT(DISTINCT f.dossier_code) FROM feedback f "
                      "WHERE f.due_at >= $1 AND f.due_at < $3 AND f.created_at >= $1 AND "
                      "f.created_at < $2 AND f.unit_id IS NOT NULL AND f.dossier_code IS NOT "
                      "NULL AND NOT EXISTS (SELECT 1 FROM dossiers d JOIN dossier_ratings r ON "
                      "r.dossier_id = d.id WHERE d.code = f.dossier_code AND r.overall = "
                      "'dissatisfied' AND r.created_at >= $1 AND r.created_at < $2) "
                      "GROUP BY f.unit_id",
                      DB_ARGS(DB_I(from), DB_I(to), DB_I(to + FEEDBACK_DUE_SPAN)), &dossiers, e);
    if (rc)
        goto out;
    int rows = db_rows_count(due) + db_rows_count(dossiers);
    *n = 0;
    *out = arena_alloc(a, sizeof **out * (size_t)(rows ? rows : 1));
    for (int i = 0; i < db_rows_count(due); i++) {
        struct feedback_unit_stats *s = unit_stats_of(*out, n, db_rows_int(due, i, 0));
        s->on_time = db_rows_int(due, i, 1);
        s->late = db_rows_int(due, i, 2);
        s->pending = db_rows_int(due, i, 3);
    }
    for (int i = 0; i < db_rows_count(dossiers); i++)
        unit_stats_of(*out, n, db_rows_int(dossiers, i, 0))->dossiers = db_rows_int(dossiers, i, 1);
    if (*n)
        qsort(*out, (size_t)*n, sizeof **out, unit_stats_order);
out:
    db_rows_free(due);
    db_rows_free(dossiers);
    return rc;
}
