/* file_name.c — the client's file name as motcua keeps it. The name is metadata only (the
 * bytes are stored under their hash), but it is shown on pages and sent back in
 * Content-Disposition, so it is cleaned once, here: no directory part, no control
 * characters, no bidirectional overrides (which make "gpj.exe" read as "exe.jpg"), NFC, a
 * bounded length, and the extension of the type sniffed from the bytes in place of the
 * client's: a PDF sent as x.html is kept and served as x.pdf, so that no program that trusts
 * extensions (a browser, a mail client, the clerk's desktop) takes it for something else. */
#include "files_internal.h"

#include "text.h"

#include <string.h>

#define EXT_MAX 16

static const char *extension_of(const char *mime)
{
    return strcmp(mime, "application/pdf") == 0 ? ".pdf"
           : strcmp(mime, "image/png") == 0     ? ".png"
                                                : ".jpg";
}

static const char *base_name(const char *s)
{
    for (const char *p = s; *p; p++)
        if (*p == '/' || *p == '\\')
            s = p + 1;
    return s;
}

/* Length of a character to drop at p (ASCII and C1 controls, bidi embeddings, overrides and
 * isolates), or 0 to keep it. */
static size_t unwanted(const unsigned char *p)
{
    if (*p < 0x20 || *p == 0x7f)
        return 1;
    if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
        return 2;
    if (p[0] == 0xe2 && ((p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) ||
                         (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)))
        return 3;
    return 0;
}

static char *strip_unwanted(struct arena *a, const char *s)
{
    char *out = arena_alloc(a, strlen(s) + 1), *o = out;
    while (*s) {
        size_t skip = unwanted((const unsigned char *)s);
        if (skip) {
            s += skip;
            continue;
        }
        *o++ = *s++;
    }
    *o = '\0';
    return out;
}

static char *trim_spaces(char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        s[--n] = '\0';
    return s;
}

/* Cuts s to at most max bytes without splitting a UTF-8 sequence. */
static size_t utf8_cut(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return n;
    while (max && ((unsigned char)s[max] & 0xc0) == 0x80)
        max--;
    return max;
}

/* The length of s without its extension: a last dot that is not the first character,
 * followed by at most EXT_MAX bytes. */
static size_t stem_length(const char *s)
{
    const char *dot = strrchr(s, '.');
    size_t n = strlen(s);
    return dot && dot != s && strlen(dot) <= EXT_MAX ? (size_t)(dot - s) : n;
}

/* The stem of s, cut to leave room for ext, with ext after it. */
static const char *with_extension(struct arena *a, const char *s, const char *ext)
{
    size_t stem = stem_length(s);
    size_t room = FILE_NAME_MAX - strlen(ext);
    if (stem > room)
        stem = utf8_cut(s, room);
    char *name = arena_printf(a, "%.*s", (int)stem, s);
    return arena_printf(a, "%s%s", trim_spaces(name), ext);
}

const char *file_clean_name(struct arena *a, const char *client_name, const char *mime)
{
    char *nfc = NULL;
    const char *s = client_name ? client_name : "";
    const char *valid = text_nfc(a, s, strlen(s), &nfc) == 0 ? nfc : "";
    char *name = trim_spaces(strip_unwanted(a, base_name(valid)));
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        name = "";
    const char *named = with_extension(a, name, extension_of(mime));
    return named[0] == '.' ? arena_printf(a, "tep%s", named) : named;
}
