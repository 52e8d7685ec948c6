/* pdf_lex.c — a bounded reader of PDF syntax for the signer and the verifier. It reads the
 * cross-reference the way a PDF reader does — from the last startxref back through /Prev —
 * but only classic xref tables; a file whose newest section is an xref stream is recognised
 * and reported so the caller can refuse it in words. Values are skipped structurally (strings
 * with escapes and nesting, hex strings, names, arrays, dictionaries, references) with a limit
 * on nesting, so hostile input costs at most a linear scan. */
#include "pdf_lex.h"

#include <stdlib.h>
#include <string.h>

enum {
    PDF_MAX_DEPTH = 64,        /* nested arrays and dictionaries */
    PDF_MAX_OBJECTS = 1 << 22, /* a /Size beyond this is not a document */
    PDF_MAX_SECTIONS = 256,    /* incremental updates followed through /Prev */
    PDF_TAIL = 2048,           /* where startxref is looked for */
};

static int is_ws(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static int is_delim(char c)
{
    return is_ws(c) || strchr("()<>[]{}/%", c) != NULL;
}

int pdf_skip_ws(const struct pdf_file *f, size_t *at)
{
    while (*at < f->len) {
        char c = f->data[*at];
        if (c == '%') {
            while (*at < f->len && f->data[*at] != '\n' && f->data[*at] != '\r')
                (*at)++;
        } else if (is_ws(c)) {
            (*at)++;
        } else {
            return 1;
        }
    }
    return 0;
}

static size_t regular_end(const struct pdf_file *f, size_t at)
{
    while (at < f->len && !is_delim(f->data[at]))
        at++;
    return at;
}

static int parse_long(const char *p, size_t n, long *out)
{
    if (n == 0 || n > 18)
        return 0;
    long v = 0;
    size_t i = 0;
    int neg = p[0] == '-';
    if (p[0] == '+' || p[0] == '-')
        i = 1;
    if (i == n)
        return 0;
    for (; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return 0;
        v = v * 10 + (p[i] - '0');
    }
    *out = neg ? -v : v;
    return 1;
}

static int literal_string_end(const struct pdf_file *f, size_t *at)
{
    int depth = 0;
    for (size_t i = *at; i < f->len; i++) {
        char c = f->data[i];
        if (c == '\\')
            i++;
        else if (c == '(')
            depth++;
        else if (c == ')' && --depth == 0) {
            *at = i + 1;
            return 0;
        }
    }
    return E_INVALID;
}

static int value_at(const struct pdf_file *f, size_t *at, int depth);

static int container_end(const struct pdf_file *f, size_t *at, const char *close, int depth)
{
    size_t n = strlen(close);
    while (pdf_skip_ws(f, at)) {
        if (f->len - *at >= n && memcmp(f->data + *at, close, n) == 0) {
            *at += n;
            return 0;
        }
        int rc = value_at(f, at, depth + 1);
        if (rc)
            return rc;
    }
    return E_INVALID;
}

/* After a number at [start, end): "n g R" is one value (a reference). */
static void maybe_reference(const struct pdf_file *f, size_t start, size_t *at)
{
    long dummy;
    if (!parse_long(f->data + start, *at - start, &dummy))
        return;
    size_t p = *at;
    if (!pdf_skip_ws(f, &p))
        return;
    size_t gend = regular_end(f, p);
    if (!parse_long(f->data + p, gend - p, &dummy))
        return;
    p = gend;
    if (!pdf_skip_ws(f, &p) || f->data[p] != 'R' || regular_end(f, p) != p + 1)
        return;
    *at = p + 1;
}

static int value_at(const struct pdf_file *f, size_t *at, int depth)
{
    if (depth > PDF_MAX_DEPTH || !pdf_skip_ws(f, at))
        return E_INVALID;
    const char *p = f->data + *at;
    size_t left = f->len - *at;
    if (left >= 2 && p[0] == '<' && p[1] == '<') {
        *at += 2;
        return container_end(f, at, ">>", depth);
    }
    if (p[0] == '[') {
        *at += 1;
        return container_end(f, at, "]", depth);
    }
    if (p[0] == '(')
        return literal_string_end(f, at);
    if (p[0] == '<') {
        const char *gt = memchr(p, '>', left);
        if (!gt)
            return E_INVALID;
        *at += (size_t)(gt - p) + 1;
        return 0;
    }
    if (p[0] == '/') {
        *at = regular_end(f, *at + 1);
        return 0;
    }
    size_t start = *at;
    *at = regular_end(f, *at);
    if (*at == start)
        return E_INVALID; /* a stray delimiter: ) > ] { } */
    maybe_reference(f, start, at);
    return 0;
}

int pdf_value(const struct pdf_file *f, size_t *at, struct pdf_span *v)
{
    if (!pdf_skip_ws(f, at))
        return E_INVALID;
    size_t start = *at;
    int rc = value_at(f, at, 0);
    if (rc)
        return rc;
    v->off = start;
    v->len = *at - start;
    return 0;
}

int pdf_is_name(const struct pdf_file *f, struct pdf_span v, const char *name)
{
    size_t n = strlen(name);
    return v.len == n + 1 && f->data[v.off] == '/' && memcmp(f->data + v.off + 1, name, n) == 0;
}

int pdf_dict_get(const struct pdf_file *f, struct pdf_span d, const char *key, struct pdf_span *v)
{
    if (d.len < 4 || memcmp(f->data + d.off, "<<", 2) != 0)
        return 0;
    struct pdf_file sub = *f;
    sub.len = d.off + d.len - 2; /* stop before the closing >> */
    size_t at = d.off + 2;
    struct pdf_span k, val;
    while (pdf_skip_ws(&sub, &at)) {
        if (pdf_value(&sub, &at, &k) || f->data[k.off] != '/' || pdf_value(&sub, &at, &val))
            return 0;
        if (pdf_is_name(f, k, key)) {
            *v = val;
            return 1;
        }
    }
    return 0;
}

int pdf_as_long(const struct pdf_file *f, struct pdf_span v, long *out)
{
    return parse_long(f->data + v.off, v.len, out);
}

int pdf_as_ref(const struct pdf_file *f, struct pdf_span v, struct pdf_ref *r)
{
    if (v.len < 5 || f->data[v.off + v.len - 1] != 'R')
        return 0;
    size_t at = v.off, end = regular_end(f, at);
    if (!parse_long(f->data + at, end - at, &r->num))
        return 0;
    at = end;
    pdf_skip_ws(f, &at);
    end = regular_end(f, at);
    return parse_long(f->data + at, end - at, &r->gen) && r->num > 0 && r->gen >= 0;
}

/* "n g obj" at *at; moves *at past it. */
static int object_header(const struct pdf_file *f, size_t *at, long *num, long *gen)
{
    size_t end;
    if (!pdf_skip_ws(f, at))
        return 0;
    end = regular_end(f, *at);
    if (!parse_long(f->data + *at, end - *at, num))
        return 0;
    *at = end;
    if (!pdf_skip_ws(f, at))
        return 0;
    end = regular_end(f, *at);
    if (!parse_long(f->data + *at, end - *at, gen))
        return 0;
    *at = end;
    if (!pdf_skip_ws(f, at))
        return 0;
    end = regular_end(f, *at);
    if (end - *at != 3 || memcmp(f->data + *at, "obj", 3) != 0)
        return 0;
    *at = end;
    return 1;
}

int pdf_object(const struct pdf_file *f, struct pdf_ref r, struct pdf_span *v, struct err *e)
{
    long num, gen;
    if (r.num <= 0 || r.num >= f->size || f->offsets[r.num] == 0)
        return err_set(e, E_INVALID, "file", "Tệp PDF thiếu đối tượng %ld", r.num);
    size_t at = f->offsets[r.num];
    if (!object_header(f, &at, &num, &gen) || num != r.num || pdf_value(f, &at, v))
        return err_set(e, E_INVALID, "file", "Bảng tham chiếu của tệp PDF trỏ sai chỗ");
    return 0;
}

int pdf_resolve(const struct pdf_file *f, struct pdf_span v, struct pdf_span *out, struct err *e)
{
    struct pdf_ref r;
    if (!pdf_as_ref(f, v, &r)) {
        *out = v;
        return 0;
    }
    return pdf_object(f, r, out, e);
}

static int keyword_at(const struct pdf_file *f, size_t at, const char *kw)
{
    size_t n = strlen(kw);
    return f->len - at >= n && memcmp(f->data + at, kw, n) == 0 &&
           (f->len - at == n || is_delim(f->data[at + n]));
}

static int find_startxref(struct pdf_file *f)
{
    size_t from = f->len > PDF_TAIL ? f->len - PDF_TAIL : 0;
    for (size_t i = f->len - 9 + 1; i-- > from;) {
        if (memcmp(f->data + i, "startxref", 9) != 0)
            continue;
        size_t at = i + 9;
        if (!pdf_skip_ws(f, &at))
            return 0;
        size_t end = regular_end(f, at);
        long v;
        if (!parse_long(f->data + at, end - at, &v) || v < 0 || (size_t)v >= f->len)
            return 0;
        f->startxref = (size_t)v;
        return 1;
    }
    return 0;
}

/* One classic section at *at ("xref" already checked): its entries, then its trailer. */
static int read_xref_table(struct pdf_file *f, size_t at, struct pdf_span *trailer, int first,
                           struct err *e)
{
    at += 4;
    long start = 0, count = 0, num = 0, off = 0, gen = 0;
    for (;;) {
        if (!pdf_skip_ws(f, &at))
            return err_set(e, E_INVALID, "file", "Bảng tham chiếu của tệp PDF bị cụt");
        if (keyword_at(f, at, "trailer"))
            break;
        size_t end = regular_end(f, at);
        if (!parse_long(f->data + at, end - at, &start))
            return err_set(e, E_INVALID, "file", "Bảng tham chiếu của tệp PDF hỏng");
        at = end;
        pdf_skip_ws(f, &at);
        end = regular_end(f, at);
        if (!parse_long(f->data + at, end - at, &count) || start < 0 || count < 0 ||
            count > PDF_MAX_OBJECTS)
            return err_set(e, E_INVALID, "file", "Bảng tham chiếu của tệp PDF hỏng");
        at = end;
        for (num = start; num < start + count; num++) {
            pdf_skip_ws(f, &at);
            end = regular_end(f, at);
            int ok = parse_long(f->data + at, end - at, &off);
            at = end;
            pdf_skip_ws(f, &at);
            end = regular_end(f, at);
            ok = ok && parse_long(f->data + at, end - at, &gen);
            at = end;
            pdf_skip_ws(f, &at);
            if (!ok || at >= f->len || (f->data[at] != 'n' && f->data[at] != 'f'))
                return err_set(e, E_INVALID, "file", "Bảng tham chiếu của tệp PDF hỏng");
            char kind = f->data[at++];
            /* on the first (newest) pass the size is not known yet: entries are kept after */
            if (!first && kind == 'n' && num > 0 && num < f->size && f->offsets[num] == 0 &&
                off > 0 && (size_t)off < f->len) {
                f->offsets[num] = (size_t)off;
                f->gens[num] = gen;
            }
        }
    }
    at += 7;
    return pdf_value(f, &at, trailer) ? err_set(e, E_INVALID, "file",
                                                "Phần trailer của tệp "
                                                "PDF hỏng")
                                      : 0;
}

static int is_xref_stream_at(const struct pdf_file *f, size_t at)
{
    long num, gen;
    struct pdf_span d, t;
    return object_header(f, &at, &num, &gen) && !pdf_value(f, &at, &d) &&
           pdf_dict_get(f, d, "Type", &t) && pdf_is_name(f, t, "XRef");
}

int pdf_open(struct pdf_file *f, const char *data, size_t len, struct err *e)
{
    memset(f, 0, sizeof *f);
    f->data = data;
    f->len = len;
    if (len < 8 || memcmp(data, "%PDF-", 5) != 0)
        return err_set(e, E_INVALID, "file", "Tệp không phải PDF");
    if (!find_startxref(f))
        return err_set(e, E_INVALID, "file", "Tệp PDF không có startxref hợp lệ");
    if (!keyword_at(f, f->startxref, "xref")) {
        if (is_xref_stream_at(f, f->startxref)) {
            f->xref_stream = 1;
            return err_set(e, E_INVALID, "file",
                           "Tệp PDF dùng bảng tham chiếu dạng luồng nén (xref stream); "
                           "chưa hỗ trợ ký vào loại tệp này");
        }
        return err_set(e, E_INVALID, "file", "Tệp PDF không có bảng tham chiếu hợp lệ");
    }
    int rc = read_xref_table(f, f->startxref, &f->trailer, 1, e);
    if (rc)
        return rc;
    struct pdf_span v;
    long size;
    if (!pdf_dict_get(f, f->trailer, "Size", &v) || !pdf_as_long(f, v, &size) || size <= 0 ||
        size > PDF_MAX_OBJECTS)
        return err_set(e, E_INVALID, "file", "Trailer của tệp PDF thiếu /Size hợp lệ");
    f->size = size;
    f->offsets = calloc((size_t)size, sizeof *f->offsets);
    f->gens = calloc((size_t)size, sizeof *f->gens);
    if (!f->offsets || !f->gens) {
        pdf_close(f);
        return err_set(e, E_NOMEM, "", "Không đủ bộ nhớ để đọc tệp PDF");
    }
    size_t at = f->startxref;
    for (int section = 0; section < PDF_MAX_SECTIONS; section++) {
        struct pdf_span t;
        long prev;
        if (!keyword_at(f, at, "xref")) {
            pdf_close(f);
            return err_set(e, E_INVALID, "file",
                           "Tệp PDF trộn bảng tham chiếu thường và dạng luồng; chưa hỗ trợ");
        }
        if ((rc = read_xref_table(f, at, &t, 0, e)) != 0) {
            pdf_close(f);
            return rc;
        }
        if (!pdf_dict_get(f, t, "Prev", &v))
            return 0;
        if (!pdf_as_long(f, v, &prev) || prev < 0 || (size_t)prev >= f->len || (size_t)prev == at) {
            pdf_close(f);
            return err_set(e, E_INVALID, "file", "Tệp PDF có /Prev không hợp lệ");
        }
        at = (size_t)prev;
    }
    pdf_close(f);
    return err_set(e, E_INVALID, "file", "Tệp PDF có quá nhiều lần cập nhật");
}

void pdf_close(struct pdf_file *f)
{
    free(f->offsets);
    free(f->gens);
    f->offsets = NULL;
    f->gens = NULL;
}
