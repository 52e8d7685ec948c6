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
    "f.procedure_code, f.dossier_code, f.category, f.text, f.answer, u.full_name AS author, "      \
    "a.full_name AS answerer "                                                                     \
    "FROM feedback f JOIN users u ON u.id = f.user_id LEFT JOIN users a ON a.id = f.answered_by "

#define F(kind, field) ROW_##kind(#field, struct feedback_row, field)
static const struct row_col feedback_cols[] = {
    F(I64, id),           F(I64, user_id),     F(I64, unit_id),     F(I64, created_at),
    F(I64, due_at),       F(I64, answered_at), F(I64, answered_by), F(STR, procedure_code),
    F(STR, dossier_code), F(TEXT, category),   F(TEXT, text),       F(STR, answer),
    F(TEXT, author),      F(STR, answerer),
};
#undef F
static const struct row_spec feedback_spec = ROW_SPEC(struct feedback_row, feedback_cols);

int feedback_get(struct db_conn *c, struct arena *a, int64_t id, struct feedback_row *out,
                 struct err *e)
{
    return rows_query_one(c, a, FEEDBACK_SELECT "WHERE f.id = $1", DB_ARGS(DB_I(id)),
                          &feedback_spec, out, "id", "Không tìm thấy phản ánh, kiến nghị này", e);
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
    return rows_query_all(c, a, list_sql[f], DB_ARGS(DB_I(user_id), DB_I(limit)), &feedback_spec,
                          out, n, e);
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

#define S(field) ROW_I64(#field, struct feedback_unit_stats, field)
static const struct row_col due_cols[] = {S(unit_id), S(on_time), S(late), S(pending)};
static const struct row_col dossier_count_cols[] = {S(unit_id), S(dossiers)};
#undef S
static const struct row_spec due_spec = ROW_SPEC(struct feedback_unit_stats, due_cols);
static const struct row_spec dossier_count_spec =
    ROW_SPEC(struct feedback_unit_stats, dossier_count_cols);

int feedback_unit_stats(struct db_conn *c, struct arena *a, int64_t from, int64_t to, int64_t now,
                        struct feedback_unit_stats **out, int *n, struct err *e)
{
    struct feedback_unit_stats *due = NULL, *dossiers = NULL;
    int ndue = 0, ndossiers = 0;
    int rc = rows_query_all(
        c, a,
        "SELECT unit_id, SUM(CASE WHEN answered_at <= due_at THEN 1 ELSE 0 END) AS on_time, "
        "SUM(CASE WHEN answered_at > due_at OR (answered_at IS NULL AND due_at < "
        "$3) THEN 1 ELSE 0 END) AS late, SUM(CASE WHEN answered_at IS NULL AND due_at >= "
        "$3 THEN 1 ELSE 0 END) AS pending FROM feedback WHERE due_at >= $1 AND due_at < $2 "
        "AND unit_id IS NOT NULL GROUP BY unit_id",
        DB_ARGS(DB_I(from), DB_I(to), DB_I(now)), &due_spec, &due, &ndue, e);
    if (!rc)
        rc = rows_query_all(
            c, a,
            "SELECT f.unit_id, COUNT(DISTINCT f.dossier_code) AS dossiers FROM feedback f "
            "WHERE f.due_at >= $1 AND f.due_at < $3 AND f.created_at >= $1 AND "
            "f.created_at < $2 AND f.unit_id IS NOT NULL AND f.dossier_code IS NOT "
            "NULL AND NOT EXISTS (SELECT 1 FROM dossiers d JOIN dossier_ratings r ON "
            "r.dossier_id = d.id WHERE d.code = f.dossier_code AND r.overall = "
            "'dissatisfied' AND r.created_at >= $1 AND r.created_at < $2) "
            "GROUP BY f.unit_id",
            DB_ARGS(DB_I(from), DB_I(to), DB_I(to + FEEDBACK_DUE_SPAN)), &dossier_count_spec,
            &dossiers, &ndossiers, e);
    if (rc)
        return rc;
    *n = 0;
    *out = arena_alloc(a, sizeof **out * (size_t)(ndue + ndossiers ? ndue + ndossiers : 1));
    for (int i = 0; i < ndue; i++) {
        struct feedback_unit_stats *s = unit_stats_of(*out, n, due[i].unit_id);
        s->on_time = due[i].on_time;
        s->late = due[i].late;
        s->pending = due[i].pending;
    }
    for (int i = 0; i < ndossiers; i++)
        unit_stats_of(*out, n, dossiers[i].unit_id)->dossiers = dossiers[i].dossiers;
    if (*n)
        qsort(*out, (size_t)*n, sizeof **out, unit_stats_order);
    return 0;
}
