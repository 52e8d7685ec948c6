/* tvisible.h — what a person reads on a page, and whether an internal code shows through it.
 * The visible text of an HTML page is its text content without tags, attributes, comments,
 * scripts, styles and the contents of text areas (what the person typed), with the
 * entities decoded. In that text the checker looks for what only the software should see:
 * role, state and action names in English, dotted event names ("dossier.received"),
 * snake_case identifiers ("procedures_in_force"), ISO dates ("2026-05-17"), booleans and
 * nulls, numbers written the English way ("12.5", "12345" without separators). Links, URLs,
 * e-mail addresses, file names and <input value> are attributes or are skipped, so a page
 * may carry codes where the browser needs them. */
#ifndef MOTCUA_TVISIBLE_H
#define MOTCUA_TVISIBLE_H

#include <stddef.h>

/* The visible text of html (caller frees): words separated by single spaces. */
char *tv_visible_text(const char *html);
/* Calls fn (when not NULL) with a description of each internal code in the visible text of
 * html: the offending word, why it was flagged and the text around it. Returns how many. */
typedef void (*tv_found)(const char *what, void *ctx);
int tv_each_code(const char *html, tv_found fn, void *ctx);

#endif
