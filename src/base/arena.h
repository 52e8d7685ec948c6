/* arena.h — a region allocator. Everything a request (or a command) allocates comes from
 * one arena and is released with one arena_free(); nothing on the request path is freed
 * one by one. Allocation failure aborts: a server that cannot get 64 KiB cannot go on. */
#ifndef MOTCUA_ARENA_H
#define MOTCUA_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct arena *arena_new(void);
void arena_free(struct arena *a);
/* Releases everything allocated so far but keeps the first block for reuse. */
void arena_reset(struct arena *a);
/* Zeroed, aligned to max_align_t. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Ties an object that lives outside the arena (a JSON value, a buffer's heap storage) to the
 * arena's lifetime, in the manner of h2o's h2o_mem_alloc_shared: dispose(p) runs when the
 * arena is reset or freed, the last registered first. Returns p. */
void *arena_defer(struct arena *a, void (*dispose)(void *), void *p);
/* n zeroed bytes from the arena whose dispose(p) runs before they go (p is the memory). */
void *arena_alloc_shared(struct arena *a, size_t n, void (*dispose)(void *));
/* Bytes handed out so far (for metrics and tests). */
size_t arena_used(const struct arena *a);

#endif
