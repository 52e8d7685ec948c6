/* file_name.c — the client's file name as motcua keeps it. The name is metadata only (the
 * bytes are stored under their hash), but it is shown on pages and sent back in
 * Content-Disposition, so it is cleaned once, here: no directory part, no control
 * characters, no bidirectional overrides (which make "gpj.exe" read as "exe.jpg"), NFC, and a
 * bounded length that keeps the extension. */
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

static const char *bounded(struct arena *a, const char *s)
{
    if (strlen(s) <= FILE_NAME_MAX)
        return s;
    const char *dot = strrchr(s, '.');
    size_t ext = dot && strlen(dot) <= EXT_MAX ? strlen(dot) : 0;
    size_t stem = utf8_cut(s, FILE_NAME_MAX - ext);
    return arena_printf(a, "%.*s%s", (int)stem, s, ext ? dot : "");
}

const char *file_clean_name(struct arena *a, const char *client_name, const char *mime)
{
    char *nfc = NULL;
    const char *s = client_name ? client_name : "";
    const char *valid = text_nfc(a, s, strlen(s), &nfc) == 0 ? nfc : "";
    char *name = trim_spaces(strip_unwanted(a, base_name(valid)));
    if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return arena_printf(a, "tep%s", extension_of(mime));
    return bounded(a, name);
}
