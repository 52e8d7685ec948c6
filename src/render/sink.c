/* sink.c — file-or-buffer output for renderers (see sink.h). Errors are sticky so a renderer
 * driven by a library callback (cairo's write function) can keep going and report once. */
#include "sink.h"

#include <errno.h>
#include <string.h>

int sink_open(struct sink_stream *s, const struct doc_sink *sink, struct err *e)
{
    s->sink = sink;
    s->file = NULL;
    s->rc = 0;
    if (!sink || !sink->path == !sink->buf)
        return s->rc = err_set(e, E_INVALID, "sink", "cần đúng một đích: tệp hoặc bộ đệm");
    if (sink->buf)
        return 0;
    s->file = fopen(sink->path, "wb");
    if (!s->file)
        return s->rc =
                   err_set(e, E_IO, "path", "không mở được %s: %s", sink->path, strerror(errno));
    return 0;
}

int sink_write(struct sink_stream *s, const void *p, size_t n)
{
    if (s->rc)
        return s->rc;
    if (s->file)
        s->rc = fwrite(p, 1, n, s->file) == n ? 0 : E_IO;
    else
        s->rc = buf_append(s->sink->buf, p, n);
    return s->rc;
}

int sink_close(struct sink_stream *s, struct err *e)
{
    if (s->file && fclose(s->file) != 0 && !s->rc)
        s->rc = E_IO;
    s->file = NULL;
    if (s->rc == E_TOOLARGE)
        return err_set(e, s->rc, "", "tài liệu vượt quá kích thước tối đa của bộ đệm");
    if (s->rc)
        return err_set(e, s->rc, "path", "không ghi được tài liệu ra %s",
                       s->sink && s->sink->path ? s->sink->path : "bộ đệm");
    return 0;
}

int sink_copy_file(const struct doc_sink *sink, const char *path, struct err *e)
{
    struct sink_stream s;
    char chunk[16384];
    size_t n;
    FILE *in = fopen(path, "rb");
    if (!in)
        return err_set(e, E_IO, "path", "không mở được %s: %s", path, strerror(errno));
    int rc = sink_open(&s, sink, e);
    if (rc)
        goto out;
    while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
        sink_write(&s, chunk, n);
    if (ferror(in) && !s.rc)
        s.rc = E_IO;
    rc = sink_close(&s, e);
out:
    fclose(in);
    return rc;
}
