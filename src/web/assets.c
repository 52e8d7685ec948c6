/* assets.c — static files (CSS, icons) embedded in the binary and served with a long cache
 * lifetime; a change of content changes the binary, and pages reference assets with a
 * version query so browsers pick up the new file. */
#include "page.h"

#include "embed.h"

#include <string.h>

extern const struct embed_file motcua_assets[];

static const char *content_type_of(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (dot && strcmp(dot, ".css") == 0)
        return "text/css; charset=utf-8";
    if (dot && strcmp(dot, ".svg") == 0)
        return "image/svg+xml";
    if (dot && strcmp(dot, ".js") == 0)
        return "text/javascript; charset=utf-8";
    return "application/octet-stream";
}

int page_asset(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    const char *name = http_param(r, "rest");
    const struct embed_file *f = name ? embed_find(motcua_assets, name) : NULL;
    if (!f)
        return app_error(r, w, 404, "not_found", "Không tìm thấy tệp", "");
    http_resp_header(w, "Cache-Control", "public, max-age=86400");
    return http_resp_text(w, 200, content_type_of(name), (const char *)f->data, f->len);
}

/* Browsers ask for /favicon.ico by themselves (bookmarks, tabs, pages without the link): the
 * same small SVG as the pages' link rel="icon". */
int page_favicon(struct http_req *r, struct http_resp *w, void *app)
{
    (void)app;
    const struct embed_file *f = embed_find(motcua_assets, "favicon.svg");
    if (!f)
        return app_error(r, w, 404, "not_found", "Không tìm thấy tệp", "");
    http_resp_header(w, "Cache-Control", "public, max-age=86400");
    return http_resp_text(w, 200, "image/svg+xml", (const char *)f->data, f->len);
}
