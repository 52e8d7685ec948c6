/* pades_sign.c — the PAdES writer. It reads the document's catalog and the page the widget
 * goes on through the cross-reference (pdf_lex.c), then appends one incremental update: the
 * signature dictionary with a /ByteRange placeholder and a /Contents hex string of zeros, the
 * field-and-widget annotation, its appearance stream, the page with the widget added to
 * /Annots, the catalog (or the AcroForm) with the field added to /Fields and /SigFlags 3, a
 * classic xref section for those objects and a trailer chained to the old one by /Prev. Then
 * the byte range — everything but the hex string — is signed (sign_cms.c) and the hex written
 * into the placeholder. Objects that change are rewritten whole from their original text,
 * with one key replaced; nothing else of the original is touched. */
#include "pades.h"

#include "pdf_lex.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum {
    PADES_CONTENTS_BYTES = 16384,    /* room for the CMS of a B-B signature with its chain */
    PADES_CONTENTS_BYTES_TS = 32768, /* and with a timestamp token (the TSA's chain too) */
    PADES_MAX_NEW_OBJECTS = 8,
    PADES_MAX_PAGE_DEPTH = 32,
};

#define BYTERANGE_PLACEHOLDER "[0 0000000000 0000000000 0000000000]"

struct update {
    const struct pdf_file *f;
    struct buf *out;
    size_t base; /* where the PDF starts in out */
    struct {
        long num, gen;
        size_t off;
    } objs[PADES_MAX_NEW_OBJECTS];
    int nobjs;
    int rc;
};

static void put(struct update *u, const char *s, size_t n)
{
    if (!u->rc && buf_append(u->out, s, n))
        u->rc = E_TOOLARGE;
}

static void puts_(struct update *u, const char *s)
{
    put(u, s, strlen(s));
}

static void span(struct update *u, struct pdf_span v)
{
    put(u, u->f->data + v.off, v.len);
}

static void printf_(struct update *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void printf_(struct update *u, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp)
        u->rc = u->rc ? u->rc : E_INTERNAL;
    else
        put(u, tmp, (size_t)n);
}

static void begin_object(struct update *u, long num, long gen)
{
    if (u->nobjs == PADES_MAX_NEW_OBJECTS) {
        u->rc = E_INTERNAL;
        return;
    }
    u->objs[u->nobjs].num = num;
    u->objs[u->nobjs].gen = gen;
    u->objs[u->nobjs].off = u->out->len - u->base;
    u->nobjs++;
    printf_(u, "%ld %ld obj\n", num, gen);
}

static void end_object(struct update *u)
{
    puts_(u, "\nendobj\n");
}

/* The UTF-8 text as a PDF text string: UTF-16BE with a byte order mark, in hex. A malformed
 * sequence becomes U+FFFD. */
static void text_string(struct update *u, const char *s)
{
    puts_(u, "<FEFF");
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t cp = 0xFFFD;
        int n = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : (*p >> 3) == 30 ? 4 : 0;
        if (n == 1)
            cp = *p;
        else if (n > 1) {
            cp = *p & (0x7F >> n);
            for (int i = 1; i < n; i++) {
                if ((p[i] & 0xC0) != 0x80) {
                    cp = 0xFFFD, n = i;
                    break;
                }
                cp = (cp << 6) | (p[i] & 0x3F);
            }
        } else {
            n = 1;
        }
        p += n;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            printf_(u, "%04X%04X", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
        } else {
            printf_(u, "%04X", cp);
        }
    }
    puts_(u, ">");
}

/* The dictionary d with /key set to value (the old entry dropped, the others kept as they
 * were written). */
static void dict_with(struct update *u, struct pdf_span d, const char *key, const char *value)
{
    struct pdf_file sub = *u->f;
    sub.len = d.off + d.len - 2;
    size_t at = d.off + 2;
    struct pdf_span k, v;
    puts_(u, "<<");
    while (pdf_skip_ws(&sub, &at)) {
        if (pdf_value(&sub, &at, &k) || pdf_value(&sub, &at, &v)) {
            u->rc = u->rc ? u->rc : E_INVALID;
            return;
        }
        if (pdf_is_name(u->f, k, key))
            continue;
        puts_(u, " ");
        span(u, k);
        puts_(u, " ");
        span(u, v);
    }
    printf_(u, " /%s %s >>", key, value);
}

/* The array a (a span "[...]") with one more element. */
static void array_with(struct update *u, struct pdf_span a, const char *elem, char *out,
                       size_t size)
{
    if (a.len < 2 || u->f->data[a.off] != '[' || a.len + strlen(elem) + 3 > size) {
        u->rc = u->rc ? u->rc : E_INVALID;
        return;
    }
    snprintf(out, size, "%.*s %s]", (int)(a.len - 1), u->f->data + a.off, elem);
}

struct found_page {
    struct pdf_ref ref;
    struct pdf_span dict;
};

static int find_page(const struct pdf_file *f, struct pdf_span node, long *index, int depth,
                     struct found_page *out, struct err *e)
{
    struct pdf_span kids, kid_val, kid, type, count_v;
    if (depth > PADES_MAX_PAGE_DEPTH || !pdf_dict_get(f, node, "Kids", &kids) ||
        pdf_resolve(f, kids, &kids, e) || f->data[kids.off] != '[')
        return err_set(e, E_INVALID, "file", "Cây trang của tệp PDF hỏng");
    size_t at = kids.off + 1;
    struct pdf_file sub = *f;
    sub.len = kids.off + kids.len - 1;
    while (pdf_skip_ws(&sub, &at)) {
        struct pdf_ref r;
        if (pdf_value(&sub, &at, &kid_val) || !pdf_as_ref(f, kid_val, &r) ||
            pdf_object(f, r, &kid, e))
            return err_set(e, E_INVALID, "file", "Cây trang của tệp PDF hỏng");
        long count = 1;
        int is_node = pdf_dict_get(f, kid, "Type", &type) && pdf_is_name(f, type, "Pages");
        if (is_node && (!pdf_dict_get(f, kid, "Count", &count_v) ||
                        !pdf_as_long(f, count_v, &count) || count < 0))
            return err_set(e, E_INVALID, "file", "Cây trang của tệp PDF hỏng");
        if (*index >= count) {
            *index -= count;
            continue;
        }
        if (is_node)
            return find_page(f, kid, index, depth + 1, out, e);
        out->ref = r;
        out->dict = kid;
        return 0;
    }
    return err_set(e, E_INVALID, "page", "Tệp PDF không có trang cần ký");
}

struct placeholders {
    size_t byterange;    /* offset of BYTERANGE_PLACEHOLDER, from the PDF's start */
    size_t contents;     /* offset of '<' of /Contents */
    size_t contents_len; /* '<' to '>' inclusive */
};

static void pdf_date(int64_t t, char *out, size_t size)
{
    time_t vn = (time_t)(t + 7 * 3600);
    struct tm tm;
    gmtime_r(&vn, &tm);
    strftime(out, size, "D:%Y%m%d%H%M%S+07'00'", &tm);
}

static void write_sig_dict(struct update *u, long num, const struct pades_request *r,
                           size_t contents_bytes, struct placeholders *ph)
{
    char date[40];
    pdf_date(r->signing_time, date, sizeof date);
    begin_object(u, num, 0);
    puts_(u, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached\n/ByteRange ");
    ph->byterange = u->out->len - u->base;
    puts_(u, BYTERANGE_PLACEHOLDER "\n/Contents ");
    ph->contents = u->out->len - u->base;
    puts_(u, "<");
    for (size_t i = 0; i < contents_bytes && !u->rc; i += 64)
        puts_(u, "00000000000000000000000000000000000000000000000000000000000000000000000000000000"
                 "000000000000000000000000000000000000000000000000");
    puts_(u, ">");
    ph->contents_len = u->out->len - u->base - ph->contents;
    printf_(u, "\n/M (%s)", date);
    if (r->name)
        puts_(u, " /Name "), text_string(u, r->name);
    if (r->reason)
        puts_(u, " /Reason "), text_string(u, r->reason);
    if (r->location)
        puts_(u, " /Location "), text_string(u, r->location);
    puts_(u, " >>");
    end_object(u);
}

static void write_widget(struct update *u, long num, long sig, long ap, struct pdf_ref page,
                         const struct pades_request *r)
{
    begin_object(u, num, 0);
    printf_(u,
            "<< /Type /Annot /Subtype /Widget /FT /Sig /F 132 /T (%s) /V %ld 0 R /P %ld %ld R"
            " /Rect [%.2f %.2f %.2f %.2f] /AP << /N %ld 0 R >> >>",
            r->field_name, sig, page.num, page.gen, r->rect[0], r->rect[1], r->rect[2], r->rect[3],
            ap);
    end_object(u);
}

static void write_appearance(struct update *u, long num, const struct pades_request *r)
{
    const char *ops = r->appearance ? r->appearance : "";
    double w = r->rect[2] - r->rect[0], h = r->rect[3] - r->rect[1];
    begin_object(u, num, 0);
    printf_(u, "<< /Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f] /Length %zu", w < 0 ? -w : w,
            h < 0 ? -h : h, strlen(ops));
    if (r->appearance_resources)
        puts_(u, " /Resources "), puts_(u, r->appearance_resources);
    puts_(u, " >>\nstream\n");
    puts_(u, ops);
    puts_(u, "\nendstream");
    end_object(u);
}

static void rewrite_dict(struct update *u, struct pdf_ref ref, struct pdf_span d, const char *key,
                         const char *value)
{
    begin_object(u, ref.num, ref.gen);
    dict_with(u, d, key, value);
    end_object(u);
}

static void rewrite_array(struct update *u, struct pdf_ref ref, struct pdf_span a, const char *elem)
{
    char arr[8192];
    array_with(u, a, elem, arr, sizeof arr);
    begin_object(u, ref.num, ref.gen);
    puts_(u, u->rc ? "[]" : arr);
    end_object(u);
}

/* The page with the widget in /Annots (inline or an array object of its own). */
static void add_annotation(struct update *u, const struct found_page *pg, long widget,
                           struct err *e)
{
    char ref[48], arr[8192];
    snprintf(ref, sizeof ref, "%ld 0 R", widget);
    struct pdf_span annots, target;
    struct pdf_ref aref;
    if (!pdf_dict_get(u->f, pg->dict, "Annots", &annots)) {
        snprintf(arr, sizeof arr, "[%s]", ref);
        rewrite_dict(u, pg->ref, pg->dict, "Annots", arr);
    } else if (pdf_as_ref(u->f, annots, &aref)) {
        if (pdf_object(u->f, aref, &target, e))
            u->rc = e ? e->code : E_INVALID;
        else
            rewrite_array(u, aref, target, ref);
    } else {
        array_with(u, annots, ref, arr, sizeof arr);
        if (!u->rc)
            rewrite_dict(u, pg->ref, pg->dict, "Annots", arr);
    }
}

/* The AcroForm dictionary af with the field added to /Fields and /SigFlags 3, written into
 * value (when /Fields is an array object, that object is rewritten instead). */
static void acroform_value(struct update *u, struct pdf_span af, long widget, struct buf *value,
                           struct err *e)
{
    char ref[48], arr[8192];
    snprintf(ref, sizeof ref, "%ld 0 R", widget);
    struct pdf_span fields, target;
    struct pdf_ref fref;
    struct update sub = *u; /* writes the dictionary into value, objects into out */
    sub.out = value;
    sub.rc = 0;
    if (pdf_dict_get(u->f, af, "Fields", &fields) && pdf_as_ref(u->f, fields, &fref)) {
        if (pdf_object(u->f, fref, &target, e)) {
            u->rc = e ? e->code : E_INVALID;
            return;
        }
        rewrite_array(u, fref, target, ref);
        dict_with(&sub, af, "SigFlags", "3");
    } else {
        if (pdf_dict_get(u->f, af, "Fields", &fields))
            array_with(u, fields, ref, arr, sizeof arr);
        else
            snprintf(arr, sizeof arr, "[%s]", ref);
        struct buf tmp;
        buf_init(&tmp, 64 * 1024);
        sub.out = &tmp;
        dict_with(&sub, af, "Fields", arr);
        /* SigFlags over the dictionary just written: read it back as a file of its own */
        struct pdf_file f2 = *u->f;
        f2.data = tmp.data;
        f2.len = tmp.len;
        struct update sub2 = sub;
        sub2.f = &f2;
        sub2.out = value;
        struct pdf_span d2 = {0, tmp.len};
        if (!sub.rc)
            dict_with(&sub2, d2, "SigFlags", "3");
        sub.rc = sub.rc ? sub.rc : sub2.rc;
        buf_free(&tmp);
    }
    if (sub.rc && !u->rc)
        u->rc = sub.rc;
}

static void add_field(struct update *u, struct pdf_ref root, struct pdf_span catalog, long widget,
                      struct err *e)
{
    struct pdf_span af, target;
    struct pdf_ref afref;
    struct buf value;
    buf_init(&value, 64 * 1024);
    if (!pdf_dict_get(u->f, catalog, "AcroForm", &af)) {
        if (buf_printf(&value, "<< /Fields [%ld 0 R] /SigFlags 3 >>", widget))
            u->rc = E_TOOLARGE;
        rewrite_dict(u, root, catalog, "AcroForm", buf_str(&value));
    } else if (pdf_as_ref(u->f, af, &afref)) {
        if (pdf_object(u->f, afref, &target, e)) {
            u->rc = e ? e->code : E_INVALID;
        } else {
            acroform_value(u, target, widget, &value, e);
            begin_object(u, afref.num, afref.gen);
            puts_(u, buf_str(&value));
            end_object(u);
        }
    } else {
        acroform_value(u, af, widget, &value, e);
        if (!u->rc)
            rewrite_dict(u, root, catalog, "AcroForm", buf_str(&value));
    }
    buf_free(&value);
}

static int cmp_obj(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* The xref section of the update (one subsection per run of numbers) and the trailer. */
static void write_xref(struct update *u, long new_size)
{
    size_t xref_at = u->out->len - u->base;
    qsort(u->objs, (size_t)u->nobjs, sizeof u->objs[0], cmp_obj);
    puts_(u, "xref\n");
    for (int i = 0; i < u->nobjs;) {
        int j = i + 1;
        while (j < u->nobjs && u->objs[j].num == u->objs[j - 1].num + 1)
            j++;
        printf_(u, "%ld %d\n", u->objs[i].num, j - i);
        for (; i < j; i++)
            printf_(u, "%010zu %05ld n\r\n", u->objs[i].off, u->objs[i].gen);
    }
    struct pdf_span v;
    printf_(u, "trailer\n<< /Size %ld", new_size);
    const char *keep[] = {"Root", "Info", "ID"};
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
        if (pdf_dict_get(u->f, u->f->trailer, keep[i], &v)) {
            printf_(u, " /%s ", keep[i]);
            span(u, v);
        }
    }
    printf_(u, " /Prev %zu >>\nstartxref\n%zu\n%%%%EOF\n", u->f->startxref, xref_at);
}

static int fill_signature(const struct sign_key *k, struct update *u, const struct placeholders *ph,
                          const struct pades_request *r, struct err *e)
{
    char *pdf = u->out->data + u->base;
    size_t total = u->out->len - u->base;
    size_t a = ph->contents, b = ph->contents + ph->contents_len;
    char range[sizeof BYTERANGE_PLACEHOLDER];
    int n = snprintf(range, sizeof range, "[0 %zu %zu %zu]", a, b, total - b);
    if (n < 0 || (size_t)n >= sizeof range)
        return err_set(e, E_TOOLARGE, "file", "Tệp PDF quá lớn để ký");
    memset(pdf + ph->byterange, ' ', sizeof range - 1);
    memcpy(pdf + ph->byterange, range, (size_t)n);
    struct sign_span spans[2] = {{pdf, a}, {pdf + b, total - b}};
    struct buf der;
    buf_init(&der, (ph->contents_len - 2) / 2);
    int rc = sign_cms_detached(k, spans, 2, r->cms, &der, e);
    if (!rc) {
        static const char hex[] = "0123456789abcdef";
        for (size_t i = 0; i < der.len; i++) {
            pdf[a + 1 + 2 * i] = hex[(unsigned char)der.data[i] >> 4];
            pdf[a + 2 + 2 * i] = hex[(unsigned char)der.data[i] & 15];
        }
    }
    buf_free(&der);
    return rc;
}

static int check_request(const struct pades_request *r, size_t len, struct err *e)
{
    if (len > PADES_MAX_PDF)
        return err_set(e, E_TOOLARGE, "file", "Tệp PDF quá lớn để ký");
    const char *n = r->field_name;
    if (!n || !*n || strlen(n) > 64)
        return err_set(e, E_INVALID, "field_name", "Tên trường chữ ký không hợp lệ");
    for (; *n; n++)
        if (!((*n >= 'a' && *n <= 'z') || (*n >= 'A' && *n <= 'Z') || (*n >= '0' && *n <= '9') ||
              *n == '-' || *n == '_' || *n == '.'))
            return err_set(e, E_INVALID, "field_name", "Tên trường chữ ký không hợp lệ");
    if (r->page < 0)
        return err_set(e, E_INVALID, "page", "Số trang không hợp lệ");
    return 0;
}

int pades_sign(const struct sign_key *k, const void *pdf, size_t len, const struct pades_request *r,
               struct buf *out, struct err *e)
{
    int rc = check_request(r, len, e);
    if (rc)
        return rc;
    struct pdf_file f;
    if ((rc = pdf_open(&f, pdf, len, e)) != 0)
        return rc;
    struct pdf_span v, catalog, pages;
    struct pdf_ref root;
    struct found_page pg;
    long index = r->page;
    if (!pdf_dict_get(&f, f.trailer, "Root", &v) || !pdf_as_ref(&f, v, &root) ||
        pdf_object(&f, root, &catalog, e) || !pdf_dict_get(&f, catalog, "Pages", &v) ||
        pdf_resolve(&f, v, &pages, e)) {
        pdf_close(&f);
        return err_set(e, E_INVALID, "file", "Tệp PDF thiếu danh mục (catalog) hoặc cây trang");
    }
    if ((rc = find_page(&f, pages, &index, 0, &pg, e)) != 0) {
        pdf_close(&f);
        return rc;
    }
    struct update u = {.f = &f, .out = out, .base = out->len};
    size_t contents_bytes = r->cms && r->cms->tsa_url && *r->cms->tsa_url ? PADES_CONTENTS_BYTES_TS
                                                                          : PADES_CONTENTS_BYTES;
    long sig = f.size, widget = f.size + 1, ap = f.size + 2;
    struct placeholders ph;
    put(&u, pdf, len);
    if (len && ((const char *)pdf)[len - 1] != '\n' && ((const char *)pdf)[len - 1] != '\r')
        puts_(&u, "\n");
    write_sig_dict(&u, sig, r, contents_bytes, &ph);
    write_widget(&u, widget, sig, ap, pg.ref, r);
    write_appearance(&u, ap, r);
    add_annotation(&u, &pg, widget, e);
    add_field(&u, root, catalog, widget, e);
    write_xref(&u, f.size + 3);
    if (u.rc)
        rc = e && e->code ? e->code
                          : err_set(e, u.rc, "file",
                                    u.rc == E_TOOLARGE ? "Tệp PDF đã ký vượt quá giới hạn"
                                                       : "Tệp PDF có cấu trúc không ký được");
    else
        rc = fill_signature(k, &u, &ph, r, e);
    pdf_close(&f);
    if (rc)
        out->len = u.base, out->data ? out->data[u.base] = '\0' : 0;
    return rc;
}
