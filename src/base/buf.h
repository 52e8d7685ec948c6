/* buf.h — a growable byte buffer with a maximum size fixed at creation (after curl's
 * dynbuf). Appending past the maximum fails with E_TOOLARGE and leaves the buffer as it was,
 * so a hostile input can never make it grow without bound. The buffer owns its memory;
 * buf_free() releases it, buf_steal() hands it to the caller. The content is always
 * NUL-terminated so it can be used as a C string. */
#ifndef MOTCUA_BUF_H
#define MOTCUA_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
    char *data;
    size_t len, cap, max;
};

struct arena;

void buf_init(struct buf *b, size_t max);
/* A buffer tied to arena a: its storage is released when a is (arena_defer), so a request
 * handler never pairs buf_init with buf_free. */
struct buf *buf_in_arena(struct arena *a, size_t max);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Returns the content ("" when empty) and leaves b empty; the caller frees it. */
char *buf_steal(struct buf *b);
/* The content as a string; never NULL. */
const char *buf_str(const struct buf *b);

#endif
