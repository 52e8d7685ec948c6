/* tmpl.c — the page template engine: a mustache subset compiled to a flat node list and
 * rendered against a Jansson value.
 *
 * Pages must never let a citizen's input become markup, so the default tag escapes and the
 * escaping lives in exactly one function (tmpl_escape_html) that every other part of the
 * program also uses. Templates are parsed once at start-up into an immutable node array (a
 * section node records where its body ends, so rendering is a loop plus recursion for
 * sections, never a re-parse) and can then be shared by all request threads. Everything the
 * engine does is bounded: section nesting at compile time, partial nesting at render time,
 * and output by the caller's struct buf. */
#include "tmpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum node_kind {
    NODE_TEXT,     /* literal text */
    NODE_VAR,      /* {{name}}: escaped */
    NODE_RAW,      /* {{{name}}} or {{&name}} */
    NODE_SECTION,  /* {{#name}} */
    NODE_INVERTED, /* {{^name}} */
    NODE_PARTIAL,  /* {{> name}} */
};

struct node {
    enum node_kind kind;
    size_t off, len; /* literal text in src, or the name in names */
    size_t end;      /* sections: index of the first node after the body */
};

struct tmpl {
    char *src;   /* copy of the source: text nodes point into it */
    char *names; /* tag names, each NUL-terminated (partial loaders want C strings) */
    struct node *nodes;
    size_t count;
};

struct parser {
    const char *src;
    size_t len, pos;
    int line;
    struct tmpl *t;
    size_t cap;
    struct buf names;
    size_t open[TMPL_MAX_DEPTH]; /* node index of each open section */
    int open_line[TMPL_MAX_DEPTH];
    int depth;
    struct err *e;
};

static int count_lines(const char *s, size_t n)
{
    int lines = 0;
    for (const char *p = s; (p = memchr(p, '\n', n - (size_t)(p - s))) != NULL; p++)
        lines++;
    return lines;
}

static int syntax_error(struct parser *p, int line, const char *what, const char *name)
{
    return err_set(p->e, E_INVALID, "template", "template line %d: %s%s%s%s", line, what,
                   name ? " '" : "", name ? name : "", name ? "'" : "");
}

static int add_node(struct parser *p, enum node_kind kind, size_t off, size_t len)
{
    if (p->t->count == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 32;
        struct node *n = realloc(p->t->nodes, cap * sizeof *n);
        if (!n)
            return err_set(p->e, E_NOMEM, "template", "out of memory");
        p->t->nodes = n;
        p->cap = cap;
    }
    p->t->nodes[p->t->count++] = (struct node){.kind = kind, .off = off, .len = len};
    return 0;
}

/* "." alone, or dot-separated non-empty segments of letters, digits and _ - / */
static int name_ok(const char *s, size_t n)
{
    if (n == 1 && s[0] == '.')
        return 1;
    if (n == 0 || s[0] == '.' || s[n - 1] == '.')
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '-' || c == '/' || (c == '.' && s[i + 1] != '.');
        if (!ok)
            return 0;
    }
    return 1;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void trim(const char **s, size_t *n)
{
    while (*n > 0 && is_space(**s))
        (*s)++, (*n)--;
    while (*n > 0 && is_space((*s)[*n - 1]))
        (*n)--;
}

/* Stores the trimmed name s[0..n) and adds a node for it. */
static int add_named_node(struct parser *p, enum node_kind kind, const char *s, size_t n, int line)
{
    trim(&s, &n);
    if (!name_ok(s, n))
        return syntax_error(p, line, n ? "bad tag name" : "empty tag name", NULL);
    size_t off = p->names.len;
    if (buf_append(&p->names, s, n) || buf_putc(&p->names, '\0'))
        return err_set(p->e, E_NOMEM, "template", "out of memory");
    return add_node(p, kind, off, n);
}

static int open_section(struct parser *p, enum node_kind kind, const char *s, size_t n, int line)
{
    if (p->depth == TMPL_MAX_DEPTH)
        return syntax_error(p, line, "sections nested too deeply", NULL);
    int rc = add_named_node(p, kind, s, n, line);
    if (rc)
        return rc;
    p->open[p->depth] = p->t->count - 1;
    p->open_line[p->depth++] = line;
    return 0;
}

static int close_section(struct parser *p, const char *s, size_t n, int line)
{
    trim(&s, &n);
    char name[128];
    snprintf(name, sizeof name, "%.*s", (int)(n < 100 ? n : 100), s);
    if (p->depth == 0)
        return syntax_error(p, line, "closing tag without an open section", name);
    struct node *open = &p->t->nodes[p->open[p->depth - 1]];
    const char *open_name = p->names.data + open->off;
    if (open->len != n || memcmp(open_name, s, n) != 0) {
        char what[192];
        snprintf(what, sizeof what, "section '%.100s' opened on line %d closed by", open_name,
                 p->open_line[p->depth - 1]);
        return syntax_error(p, line, what, name);
    }
    open->end = p->t->count;
    p->depth--;
    return 0;
}

/* Parses the tag whose "{{" is at p->pos and moves past it. */
static int parse_tag(struct parser *p)
{
    const char *start = p->src + p->pos;
    size_t left = p->len - p->pos;
    int triple = left > 2 && start[2] == '{';
    const char *close_str = triple ? "}}}" : "}}";
    size_t open_len = triple ? 3 : 2, close_len = triple ? 3 : 2;
    const char *body = start + open_len;
    const char *close = memmem(body, left - open_len, close_str, close_len);
    int line = p->line;
    if (!close)
        return syntax_error(p, line, "unterminated tag", NULL);
    size_t n = (size_t)(close - body);
    p->pos = (size_t)(close - p->src) + close_len;
    p->line += count_lines(body, n);
    if (triple)
        return add_named_node(p, NODE_RAW, body, n, line);
    char sigil = n > 0 ? body[0] : '\0';
    switch (sigil) {
    case '!':
        return 0;
    case '#':
        return open_section(p, NODE_SECTION, body + 1, n - 1, line);
    case '^':
        return open_section(p, NODE_INVERTED, body + 1, n - 1, line);
    case '/':
        return close_section(p, body + 1, n - 1, line);
    case '>':
        return add_named_node(p, NODE_PARTIAL, body + 1, n - 1, line);
    case '&':
        return add_named_node(p, NODE_RAW, body + 1, n - 1, line);
    case '=':
        return syntax_error(p, line, "set-delimiter tags are not supported", NULL);
    default:
        return add_named_node(p, NODE_VAR, body, n, line);
    }
}

static int parse(struct parser *p)
{
    while (p->pos < p->len) {
        const char *tag = memmem(p->src + p->pos, p->len - p->pos, "{{", 2);
        size_t text_end = tag ? (size_t)(tag - p->src) : p->len;
        if (text_end > p->pos) {
            int rc = add_node(p, NODE_TEXT, p->pos, text_end - p->pos);
            if (rc)
                return rc;
            p->line += count_lines(p->src + p->pos, text_end - p->pos);
            p->pos = text_end;
        }
        if (tag) {
            int rc = parse_tag(p);
            if (rc)
                return rc;
        }
    }
    if (p->depth > 0) {
        const struct node *open = &p->t->nodes[p->open[p->depth - 1]];
        return syntax_error(p, p->open_line[p->depth - 1], "unclosed section",
                            p->names.data + open->off);
    }
    return 0;
}

int tmpl_compile(const char *src, size_t len, struct tmpl **out, struct err *e)
{
    int rc;
    struct tmpl *t = calloc(1, sizeof *t);
    struct parser p = {.line = 1, .t = t, .e = e, .len = len};
    /* Names are at most the source plus one NUL per tag, and every tag is 4+ bytes. */
    buf_init(&p.names, len + len / 2 + 16);
    *out = NULL;
    if (!t || !(t->src = malloc(len + 1))) {
        rc = err_set(e, E_NOMEM, "template", "out of memory");
        goto out;
    }
    if (len)
        memcpy(t->src, src, len);
    t->src[len] = '\0';
    p.src = t->src;
    rc = parse(&p);
    if (rc)
        goto out;
    t->names = buf_steal(&p.names);
    *out = t;
    return 0;
out:
    buf_free(&p.names);
    tmpl_free(t);
    return rc;
}

void tmpl_free(struct tmpl *t)
{
    if (!t)
        return;
    free(t->src);
    free(t->names);
    free(t->nodes);
    free(t);
}

int tmpl_escape_html(struct buf *out, const char *s, size_t len)
{
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        const char *ref;
        switch (s[i]) {
        case '&':
            ref = "&amp;";
            break;
        case '<':
            ref = "&lt;";
            break;
        case '>':
            ref = "&gt;";
            break;
        case '"':
            ref = "&quot;";
            break;
        case '\'':
            ref = "&#39;";
            break;
        case '`':
            ref = "&#96;";
            break;
        case '=':
            ref = "&#61;";
            break;
        default:
            continue;
        }
        int rc = buf_append(out, s + run, i - run);
        if (!rc)
            rc = buf_puts(out, ref);
        if (rc)
            return rc;
        run = i + 1;
    }
    return buf_append(out, s + run, len - run);
}

/* A context: the value a section pushed, and the context it was pushed onto. */
struct frame {
    json_t *value;
    const struct frame *parent;
};

struct render {
    tmpl_partial_fn loader;
    void *loader_ctx;
    struct buf *out;
    struct err *e;
    int partial_depth;
};

static const char *node_name(const struct tmpl *t, const struct node *n)
{
    return t->names + n->off;
}

static json_t *object_member(json_t *v, const char *key, size_t len)
{
    return json_is_object(v) ? json_object_getn(v, key, len) : NULL;
}

/* Mustache lookup: the first segment in the innermost context that has it, the remaining
 * segments inside that value only. */
static json_t *lookup(const struct frame *f, const char *name)
{
    if (strcmp(name, ".") == 0)
        return f->value;
    size_t seg = strcspn(name, ".");
    json_t *v = NULL;
    for (; f && !v; f = f->parent)
        v = object_member(f->value, name, seg);
    while (v && name[seg] == '.') {
        name += seg + 1;
        seg = strcspn(name, ".");
        v = object_member(v, name, seg);
    }
    return v;
}

static int emit(struct render *r, const char *s, size_t len, int escape)
{
    int rc = escape ? tmpl_escape_html(r->out, s, len) : buf_append(r->out, s, len);
    if (rc == E_TOOLARGE)
        return err_set(r->e, rc, "", "rendered page is larger than its limit");
    return rc;
}

static int emit_value(struct render *r, json_t *v, int escape)
{
    char num[64];
    int n;
    if (!v)
        return 0;
    switch (json_typeof(v)) {
    case JSON_STRING:
        return emit(r, json_string_value(v), json_string_length(v), escape);
    case JSON_INTEGER:
        n = snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return emit(r, num, (size_t)n, escape);
    case JSON_REAL:
        n = snprintf(num, sizeof num, "%.15g", json_real_value(v));
        return emit(r, num, (size_t)n, escape);
    case JSON_TRUE:
        return emit(r, "true", 4, escape);
    case JSON_FALSE:
        return emit(r, "false", 5, escape);
    default:
        return 0;
    }
}

static int truthy(json_t *v)
{
    switch (v ? json_typeof(v) : JSON_NULL) {
    case JSON_OBJECT:
    case JSON_TRUE:
        return 1;
    case JSON_ARRAY:
        return json_array_size(v) > 0;
    case JSON_STRING:
        return json_string_length(v) > 0;
    case JSON_INTEGER:
        return json_integer_value(v) != 0;
    case JSON_REAL:
        return json_real_value(v) != 0.0;
    default:
        return 0;
    }
}

static int render_nodes(struct render *r, const struct tmpl *t, size_t from, size_t to,
                        const struct frame *ctx);

static int render_section(struct render *r, const struct tmpl *t, const struct node *n, size_t body,
                          const struct frame *ctx)
{
    json_t *v = lookup(ctx, node_name(t, n));
    if (!truthy(v))
        return 0;
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            struct frame f = {json_array_get(v, i), ctx};
            int rc = render_nodes(r, t, body, n->end, &f);
            if (rc)
                return rc;
        }
        return 0;
    }
    if (json_is_true(v))
        return render_nodes(r, t, body, n->end, ctx);
    struct frame f = {v, ctx};
    return render_nodes(r, t, body, n->end, &f);
}

static int render_partial(struct render *r, const char *name, const struct frame *ctx)
{
    if (r->partial_depth == TMPL_MAX_PARTIAL_DEPTH)
        return err_set(r->e, E_INVALID, "template", "partials nested too deeply at '%s'", name);
    const struct tmpl *p = r->loader ? r->loader(r->loader_ctx, name) : NULL;
    if (!p)
        return err_set(r->e, E_NOTFOUND, "template", "template partial '%s' not found", name);
    r->partial_depth++;
    int rc = render_nodes(r, p, 0, p->count, ctx);
    r->partial_depth--;
    return rc;
}

static int render_nodes(struct render *r, const struct tmpl *t, size_t from, size_t to,
                        const struct frame *ctx)
{
    for (size_t i = from; i < to; i++) {
        const struct node *n = &t->nodes[i];
        int rc = 0;
        switch (n->kind) {
        case NODE_TEXT:
            rc = emit(r, t->src + n->off, n->len, 0);
            break;
        case NODE_VAR:
        case NODE_RAW:
            rc = emit_value(r, lookup(ctx, node_name(t, n)), n->kind == NODE_VAR);
            break;
        case NODE_SECTION:
            rc = render_section(r, t, n, i + 1, ctx);
            i = n->end - 1;
            break;
        case NODE_INVERTED:
            if (!truthy(lookup(ctx, node_name(t, n))))
                rc = render_nodes(r, t, i + 1, n->end, ctx);
            i = n->end - 1;
            break;
        case NODE_PARTIAL:
            rc = render_partial(r, node_name(t, n), ctx);
            break;
        }
        if (rc)
            return rc;
    }
    return 0;
}

int tmpl_render(const struct tmpl *t, json_t *ctx, tmpl_partial_fn loader, void *loader_ctx,
                struct buf *out, struct err *e)
{
    struct render r = {.loader = loader, .loader_ctx = loader_ctx, .out = out, .e = e};
    struct frame root = {ctx, NULL};
    return render_nodes(&r, t, 0, t->count, &root);
}
