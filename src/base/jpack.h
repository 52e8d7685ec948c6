/* jpack.h — the one way to build JSON from a format string. jansson's json_pack reads its
 * arguments by the format, which no compiler can check: a missing key once made a citizen's
 * page read an int as a string pointer and crash the server. Every pack goes through jpack,
 * which logs a failed pack with its format and the caller's place (and aborts when
 * MOTCUA_STRICT_PACK is set, as the test harness does), and returns NULL so that the page or
 * API answer becomes a logged 500 with an error id, never a blank page. What a runtime check
 * cannot see — an argument missing or of the wrong kind — tests/support/check_jpack.py finds by
 * reading every jpack call in the tree against its format. */
#ifndef MOTCUA_JPACK_H
#define MOTCUA_JPACK_H

#include <jansson.h>

#define jpack(...) jpack_at(__FILE__, __LINE__, __VA_ARGS__)

json_t *jpack_at(const char *file, int line, const char *fmt, ...);

struct arena;
/* Ties j (its one reference) to arena a: json_decref(j) runs when a is reset or freed
 * (arena_defer), so a request-scoped JSON value is never released by hand. NULL stays NULL.
 * The one owner of the rule for api/ (api_own) and web/ (page_own). */
json_t *json_in_arena(struct arena *a, json_t *j);

#endif
