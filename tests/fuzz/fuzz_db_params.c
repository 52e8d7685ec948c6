/* fuzz_db_params.c — the SQLite driver's $N placeholder mapping under hostile statements.
 * Each input byte picks a fragment of SQL (placeholders well- and ill-formed: $1, $01, $10,
 * $99999999, ?, :a, @b, $1::int…, literals, clauses), so the fuzzer explores placeholder
 * layouts without ever writing free-form SQL that could touch files (ATTACH). The first
 * two bytes choose how many parameters are passed and of which types. Any outcome is fine
 * except a crash, a sanitizer report, or a leaked connection. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"

static const char *const fragments[] = {
    "SELECT ",
    "$",
    "1",
    "2",
    "3",
    "0",
    "9",
    ", ",
    " + ",
    " || ",
    "(",
    ")",
    "'x'",
    "?",
    "?2",
    ":a",
    "@b",
    "$1",
    "$2",
    "$3",
    "$4",
    "$10",
    "$01",
    "$99999999",
    "$-1",
    "$a",
    "$1::int",
    " FROM t",
    " WHERE a = ",
    " AND b = ",
    " OR c IS ",
    "CAST(",
    " AS TEXT)",
    " AS INTEGER)",
    "NULL",
    ";",
    " ",
    "-- c\n",
    "\n",
    "INSERT INTO t (a, b, c) VALUES (",
    "UPDATE t SET c = ",
    "DELETE FROM t",
    "x",
    "'$1'",
    "\"$2\"",
    "/* $3 */",
    "LENGTH(",
    "COALESCE(",
    "{{ID}}",
    "\xc4\x90",
    "\xff",
    " LIMIT ",
    " ORDER BY 1",
};

#define NFRAGMENTS (sizeof fragments / sizeof *fragments)

static struct db *open_db(void)
{
    static struct db *db;
    if (db)
        return db;
    struct err e;
    if (db_open(":memory:", 1, &db, &e) != 0) {
        fprintf(stderr, "fuzz_db_params: %s\n", e.msg);
        abort();
    }
    struct db_conn *c = db_acquire(db, &e);
    if (!c || db_exec(c, "CREATE TABLE t (a, b, c)", DB_NOARGS, &e) != 0)
        abort();
    db_release(c);
    return db;
}

static struct db_param param_of(unsigned kind, int i)
{
    static const unsigned char bytes[] = {0, 0xff, '$', '1'};
    switch (kind & 3) {
    case 0:
        return DB_NIL;
    case 1:
        return DB_I(i * 1000003 - 7);
    case 2:
        return DB_T(i % 2 ? "Đắk Lắk" : "$1");
    default:
        return DB_B(bytes, (size_t)i % sizeof bytes);
    }
}

static void read_all(const struct db_rows *r)
{
    size_t sum = 0;
    for (int row = 0; row < db_rows_count(r); row++)
        for (int col = 0; col < db_rows_cols(r); col++)
            sum += db_rows_len(r, row, col) + (size_t)db_rows_isnull(r, row, col) +
                   (size_t)db_rows_int(r, row, col) + strlen(db_rows_text(r, row, col));
    (void)sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    struct db *db = open_db();
    struct db_param params[8];
    int n = data[0] % 8;
    for (int i = 0; i < n; i++)
        params[i] = param_of((unsigned)(data[1] >> i) | (unsigned)(data[1] >> (7 - i)) << 1, i);
    struct buf sql;
    buf_init(&sql, 1 << 16);
    for (size_t i = 2; i < size; i++)
        if (buf_puts(&sql, fragments[data[i] % NFRAGMENTS]) < 0)
            break;
    struct err e;
    struct db_conn *c = db_acquire(db, &e);
    if (!c)
        abort();
    struct db_rows *r = NULL;
    if (db_query(c, buf_str(&sql), params, n, &r, &e) == 0)
        read_all(r);
    db_rows_free(r);
    db_release(c);
    buf_free(&sql);
    int in_use, open;
    db_pool_stats(db, &in_use, &open);
    if (in_use != 0)
        abort();
    return 0;
}
