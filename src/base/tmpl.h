/* tmpl.h — a small logic-less template engine (a subset of mustache) over a Jansson context.
 *
 *   {{name}} {{a.b}}      value, HTML-escaped (safe in text and in quoted or unquoted attributes)
 *   {{{name}}} {{&name}}  value, raw (only for HTML the program itself produced)
 *   {{.}}                 the current element
 *   {{#s}}…{{/s}}         array: once per element, the element as context (names not found in
 *                         it are looked up in the enclosing contexts); object: once, with the
 *                         object as context; true, non-empty string, non-zero number: once;
 *                         false, null, missing, empty array, "" and 0: not at all
 *   {{^s}}…{{/s}}         inverted: exactly when {{#s}} would render nothing
 *   {{> name}}            partial, from the caller's loader, rendered in the current context
 *   {{! comment}}         nothing
 *
 * Templates are compiled once; a compiled template is read-only, so one instance can be
 * rendered by many threads at once. Strings render as they are, integers in decimal, reals
 * with up to 15 significant digits, booleans as "true"/"false", null, objects and arrays as
 * nothing. Set-delimiter tags are not supported, and tags on a line of their own keep the
 * line's white space (HTML does not care). */
#ifndef MOTCUA_TMPL_H
#define MOTCUA_TMPL_H

#include "buf.h"
#include "err.h"

#include <jansson.h>
#include <stddef.h>

/* Sections nest at most this deep in one template; partials include each other at most
 * TMPL_MAX_PARTIAL_DEPTH deep (which stops a partial that includes itself). */
#define TMPL_MAX_DEPTH         32
#define TMPL_MAX_PARTIAL_DEPTH 16

struct tmpl;

/* Finds the compiled partial called name, or returns NULL when there is none (rendering then
 * fails with E_NOTFOUND). The partial must stay valid while the render runs. */
typedef const struct tmpl *(*tmpl_partial_fn)(void *loader_ctx, const char *name);

/* Parses src[0..len). Syntax errors (unterminated tag, unclosed or mismatched section, bad
 * name, nesting too deep) give E_INVALID with the line number in e. */
int tmpl_compile(const char *src, size_t len, struct tmpl **out, struct err *e);
void tmpl_free(struct tmpl *t);
/* Appends t rendered against ctx to out. loader may be NULL when t uses no partials. Fails
 * with E_TOOLARGE when out reaches its maximum and E_NOTFOUND/E_INVALID for a missing or
 * too deeply nested partial; out then holds a partial rendering the caller must discard. */
int tmpl_render(const struct tmpl *t, json_t *ctx, tmpl_partial_fn loader, void *loader_ctx,
                struct buf *out, struct err *e);
/* Appends s[0..len) with & < > " ' ` = replaced by character references: the one HTML
 * escaping routine of the program, for text content and attribute values alike. */
int tmpl_escape_html(struct buf *out, const char *s, size_t len);

#endif
