/* tvisible.c — finding internal codes in what a person reads (tvisible.h). The page is first
 * reduced to its visible text, then cut into words at white space and at the punctuation
 * that surrounds words in prose; each word is judged on its own. The rules are chosen so that
 * Vietnamese prose, names, dossier codes ("000.00.15.H33-261208-0001"), procedure codes
 * ("1.004222"), phone numbers, amounts ("75.000 đồng") and file names pass, and the codes the
 * software uses internally do not. English words are judged against the code lists of the
 * system itself (roles, dossier states and actions) and a few more a page could leak. */
#include "tvisible.h"

#include "dossier_state.h"
#include "svc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Elements whose content is not read as text: code for the browser, and what was typed (an
 * element marked translate="no" is skipped too, see untranslated()). */
static const char *const hidden_elements[] = {"script", "style", "textarea", "template"};

static int starts_element(const char *p, const char *name)
{
    size_t n = strlen(name);
    return p[0] == '<' && strncasecmp(p + 1, name, n) == 0 &&
           (p[1 + n] == '>' || isspace((unsigned char)p[1 + n]));
}

/* The end of the tag starting at p ('<'), past quoted attribute values. */
static const char *tag_end(const char *p)
{
    char quote = 0;
    for (p++; *p; p++) {
        if (quote) {
            if (*p == quote)
                quote = 0;
        } else if (*p == '"' || *p == '\'') {
            quote = *p;
        } else if (*p == '>') {
            return p + 1;
        }
    }
    return p;
}

/* Past the element starting at p (its name is name, n bytes), nested ones of the same name
 * included. */
static const char *element_end(const char *p, const char *name, size_t n)
{
    int depth = 0;
    for (const char *q = p; *q; q++) {
        if (*q != '<')
            continue;
        int close = q[1] == '/';
        const char *at = q + 1 + close;
        if (strncasecmp(at, name, n) != 0 || isalnum((unsigned char)at[n]))
            continue;
        depth += close ? -1 : 1;
        if (depth == 0)
            return tag_end(q);
    }
    return p + strlen(p);
}

/* Whether the tag at p is marked translate="no": its content is a user name or another
 * identifier a person reads and types as is. */
static int untranslated(const char *p)
{
    const char *end = tag_end(p), *at = strstr(p, " translate=\"no\"");
    return at && at < end;
}

/* Past the element starting at p when its content is hidden, else p. */
static const char *skip_hidden(const char *p)
{
    if (untranslated(p)) {
        size_t n = strcspn(p + 1, " \t\n/>");
        return element_end(p, p + 1, n);
    }
    for (size_t i = 0; i < sizeof hidden_elements / sizeof hidden_elements[0]; i++) {
        if (!starts_element(p, hidden_elements[i]))
            continue;
        char close[32];
        snprintf(close, sizeof close, "</%s", hidden_elements[i]);
        for (const char *q = tag_end(p); *q; q++)
            if (strncasecmp(q, close, strlen(close)) == 0)
                return tag_end(q);
        return p + strlen(p);
    }
    return p;
}

/* Appends the character an entity at p names to out; the entity's length. */
static size_t decode_entity(const char *p, char **out)
{
    static const struct {
        const char *ref, *text;
    } named[] = {{"&amp;", "&"},   {"&lt;", "<"},   {"&gt;", ">"},
                 {"&quot;", "\""}, {"&nbsp;", " "}, {"&apos;", "'"}};
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (strncmp(p, named[i].ref, strlen(named[i].ref)) == 0) {
            *out += sprintf(*out, "%s", named[i].text);
            return strlen(named[i].ref);
        }
    char *end = NULL;
    long code = p[1] == '#' ? strtol(p + 2, &end, p[2] == 'x' ? 16 : 10) : 0;
    if (p[1] == '#' && p[2] == 'x')
        code = strtol(p + 3, &end, 16);
    if (end && *end == ';' && code > 0 && code < 128) {
        *(*out)++ = (char)code;
        return (size_t)(end + 1 - p);
    }
    *(*out)++ = '&';
    return 1;
}

char *tv_visible_text(const char *html)
{
    char *text = malloc(strlen(html) * 2 + 1), *w = text;
    int space = 1;
    for (const char *p = html; *p;) {
        if (strncmp(p, "<!--", 4) == 0) {
            const char *end = strstr(p, "-->");
            p = end ? end + 3 : p + strlen(p);
        } else if (*p == '<' && (isalpha((unsigned char)p[1]) || p[1] == '/' || p[1] == '!')) {
            const char *after = skip_hidden(p);
            p = after != p ? after : tag_end(p);
            *w++ = ' ';
        } else if (*p == '&') {
            p += decode_entity(p, &w);
        } else {
            *w++ = *p++;
        }
        if (w > text && isspace((unsigned char)w[-1])) {
            w[-1] = ' ';
            if (space)
                w--;
            space = 1;
        } else {
            space = 0;
        }
    }
    *w = '\0';
    return text;
}

/* Punctuation that ends or begins a word in prose (ASCII; a byte above 127 is a letter). */
static int separator(char c)
{
    return isspace((unsigned char)c) || strchr(",;()[]{}\"'!?|*<>=", c) != NULL;
}

static int all_in(const char *w, size_t n, const char *set)
{
    for (size_t i = 0; i < n; i++)
        if (!strchr(set, w[i]))
            return 0;
    return 1;
}

#define LOWER  "abcdefghijklmnopqrstuvwxyz"
#define DIGITS "0123456789"

/* English words that are codes of the system when they stand alone in Vietnamese text. */
static const char *const english[] = {
    "true",    "false",  "null",         "undefined", "NaN",       "pending",
    "sent",    "failed", "paid",         "unpaid",    "cancelled", "online",
    "counter", "post",   "organisation", "person",    "satisfied", "unsatisfied",
    "draft",   "open",   "answered",     "closed",    "staff",     "system",
};

static int is_code_word(const char *w, size_t n)
{
    char word[64];
    if (n >= sizeof word)
        return 0;
    memcpy(word, w, n);
    word[n] = '\0';
    for (size_t i = 0; i < sizeof english / sizeof english[0]; i++)
        if (strcmp(word, english[i]) == 0)
            return 1;
    for (int role = 1; role <= ROLE_CITIZEN; role <<= 1)
        if (strcmp(word, role_name(role)) == 0)
            return 1;
    for (int s = 0; s < DS_COUNT; s++)
        if (strcmp(word, dossier_state_name((enum dossier_state)s)) == 0)
            return 1;
    for (int a = 0; a < DA_COUNT; a++)
        if (strcmp(word, dossier_action_name((enum dossier_action)a)) == 0)
            return 1;
    return 0;
}

/* "2026-05-17" anywhere in the word (an ISO date or date-time). */
static int has_iso_date(const char *w, size_t n)
{
    for (size_t i = 0; i + 10 <= n; i++)
        if ((i == 0 || !isdigit((unsigned char)w[i - 1])) && all_in(w + i, 4, DIGITS) &&
            w[i + 4] == '-' && all_in(w + i + 5, 2, DIGITS) && w[i + 7] == '-' &&
            all_in(w + i + 8, 2, DIGITS) && (i + 10 == n || !isdigit((unsigned char)w[i + 10])))
            return 1;
    return 0;
}

static const char *const file_ends[] = {"pdf", "png",  "jpg", "jpeg", "docx", "doc", "xlsx",
                                        "xls", "csv",  "zip", "txt",  "vn",   "com", "org",
                                        "net", "html", "svg", "xml",  "gov"};

/* "dossier.received", "deadline.step_due_soon": lower-case ASCII parts joined by dots, the
 * last not a file extension or a top-level domain. */
static int is_dotted_code(const char *w, size_t n)
{
    if (!all_in(w, n, LOWER "_.") || !memchr(w, '.', n) || w[0] == '.' || w[n - 1] == '.')
        return 0;
    const char *last = w + n;
    while (last > w && last[-1] != '.')
        last--;
    for (size_t i = 0; i < sizeof file_ends / sizeof file_ends[0]; i++)
        if ((size_t)(w + n - last) == strlen(file_ends[i]) &&
            strncmp(last, file_ends[i], strlen(file_ends[i])) == 0)
            return 0;
    return 1;
}

/* "procedures_in_force": ASCII letters and digits joined by underscores. */
static int is_snake_case(const char *w, size_t n)
{
    const char *u = memchr(w, '_', n);
    return u && u > w && u < w + n - 1 && all_in(w, n, LOWER DIGITS "_.");
}

/* "12.5", "1.80" or "5.5%": a decimal point; "12345": no thousands separator. Codes of
 * digits that start with 0 (phones, CCCD, receipt numbers) and years pass. */
static int is_english_number(const char *w, size_t n)
{
    if (n && w[n - 1] == '%')
        n--;
    int percent = w[n] == '%'; /* w[n] is the '%' taken off, or the byte after the word */
    const char *dot = memchr(w, '.', n);
    if (dot && dot > w && all_in(w, (size_t)(dot - w), DIGITS) &&
        all_in(dot + 1, (size_t)(w + n - dot - 1), DIGITS)) {
        /* "12.5", "1.80", "95.5%"; a clause of a law ("Điều 5.3") has one digit each side */
        size_t whole = (size_t)(dot - w), frac = (size_t)(w + n - dot - 1);
        return frac >= 1 && frac <= 2 && (percent || frac == 2 || whole >= 2);
    }
    return n >= 5 && n <= 11 && w[0] != '0' && all_in(w, n, DIGITS);
}

/* Why the word is a code, or NULL. */
static const char *judge(const char *w, size_t n)
{
    if (memmem(w, n, "://", 3) || memchr(w, '@', n) || w[0] == '/')
        return NULL; /* a URL, an e-mail address or a path written out on purpose */
    if (has_iso_date(w, n))
        return "an ISO date";
    while (n && strchr(".:", w[n - 1])) /* the end of a sentence */
        n--;
    if (n == 0)
        return NULL;
    if (is_code_word(w, n))
        return "an English code word";
    if (is_dotted_code(w, n))
        return "a dotted event or code name";
    if (is_snake_case(w, n))
        return "a snake_case identifier";
    if (is_english_number(w, n))
        return "a number without Vietnamese separators";
    return NULL;
}

int tv_each_code(const char *html, tv_found fn, void *ctx)
{
    char *text = tv_visible_text(html);
    int found = 0;
    for (const char *p = text; *p;) {
        while (*p && separator(*p))
            p++;
        const char *start = p;
        while (*p && !separator(*p))
            p++;
        size_t n = (size_t)(p - start);
        const char *why = n ? judge(start, n) : NULL;
        if (!why)
            continue;
        found++;
        if (!fn)
            continue;
        const char *from = start - text > 60 ? start - 60 : text;
        size_t around = strnlen(from, (size_t)(p - from) + 40);
        char what[512];
        snprintf(what, sizeof what, "\"%.*s\" (%s) in \"…%.*s…\"", (int)n, start, why, (int)around,
                 from);
        fn(what, ctx);
    }
    free(text);
    return found;
}
