/* sink.h — where a rendered document goes: a file path or a bounded memory buffer. Renderers
 * write through a sink_stream so each of them supports both without caring which it is, and a
 * full buffer or a failed disk write surfaces as one clear error. */
#ifndef MOTCUA_SINK_H
#define MOTCUA_SINK_H

#include "buf.h"
#include "err.h"

#include <stdio.h>

/* Exactly one of path and buf is set. */
struct doc_sink {
    const char *path;
    struct buf *buf;
};

struct sink_stream {
    const struct doc_sink *sink;
    FILE *file;
    int rc; /* first write error, sticky */
};

int sink_open(struct sink_stream *s, const struct doc_sink *sink, struct err *e);
/* Appends n bytes; returns the sticky error code. */
int sink_write(struct sink_stream *s, const void *p, size_t n);
/* Flushes and closes; reports the first error of the whole stream. */
int sink_close(struct sink_stream *s, struct err *e);
/* Copies the whole file at path into the sink (for libraries that can only write files). */
int sink_copy_file(const struct doc_sink *sink, const char *path, struct err *e);

#endif
