/* arena.c — bump allocation in a chain of blocks. A block is 16 KiB or, for a large request,
 * exactly as big as needed, so one big allocation never wastes a whole block. */
#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE (16 * 1024)

struct block {
    struct block *next;
    size_t cap, used;
    alignas(max_align_t) unsigned char data[];
};

/* A dispose hook; the list lives in the arena's own blocks and runs newest first. */
struct cleanup {
    struct cleanup *next;
    void (*dispose)(void *);
    void *p;
};

struct arena {
    struct block *head;
    size_t total;
    struct cleanup *cleanups;
};

static void run_cleanups(struct arena *a)
{
    while (a->cleanups) {
        struct cleanup *c = a->cleanups;
        a->cleanups = c->next; /* a hook that allocates or defers more is still run once */
        c->dispose(c->p);
    }
}

static struct block *block_new(size_t cap)
{
    struct block *b = malloc(sizeof *b + cap);
    if (!b)
        abort();
    b->next = NULL;
    b->cap = cap;
    b->used = 0;
    return b;
}

struct arena *arena_new(void)
{
    struct arena *a = calloc(1, sizeof *a);
    if (!a)
        abort();
    a->head = block_new(BLOCK_SIZE);
    return a;
}

static void free_chain(struct block *b)
{
    while (b) {
        struct block *next = b->next;
        free(b);
        b = next;
    }
}

void arena_free(struct arena *a)
{
    if (!a)
        return;
    run_cleanups(a);
    free_chain(a->head);
    free(a);
}

void arena_reset(struct arena *a)
{
    run_cleanups(a);
    struct block *first = a->head;
    while (first->next)
        first = first->next;
    struct block *b = a->head;
    while (b != first) {
        struct block *next = b->next;
        free(b);
        b = next;
    }
    first->used = 0;
    a->head = first;
    a->total = 0;
}

void *arena_alloc(struct arena *a, size_t n)
{
    const size_t align = alignof(max_align_t);
    if (n == 0)
        n = 1;
    if (n > SIZE_MAX - align)
        abort();
    n = (n + align - 1) & ~(align - 1);
    struct block *b = a->head;
    if (b->cap - b->used < n) {
        b = block_new(n > BLOCK_SIZE ? n : BLOCK_SIZE);
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += n;
    a->total += n;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        abort();
    char *p = arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void *arena_defer(struct arena *a, void (*dispose)(void *), void *p)
{
    if (!p)
        return NULL;
    struct cleanup *c = arena_alloc(a, sizeof *c);
    c->dispose = dispose;
    c->p = p;
    c->next = a->cleanups;
    a->cleanups = c;
    return p;
}

void *arena_alloc_shared(struct arena *a, size_t n, void (*dispose)(void *))
{
    return arena_defer(a, dispose, arena_alloc(a, n));
}

size_t arena_used(const struct arena *a)
{
    return a->total;
}
