/* openapi.c — GET /api/v1/openapi.yaml: the API description, embedded from docs/openapi.yaml
 * so the running server always describes itself. */
#include "api.h"

#include "embed.h"

extern const struct embed_file motcua_api_docs[];

int api_openapi(struct api_call *c)
{
    (void)c->r;
    const struct embed_file *f = embed_find(motcua_api_docs, "openapi.yaml");
    if (!f)
        return http_resp_error(c->w, 404, "not_found", "Không có tài liệu API", "");
    http_resp_header(c->w, "Cache-Control", "public, max-age=3600");
    return http_resp_text(c->w, 200, "application/yaml; charset=utf-8", (const char *)f->data,
                          f->len);
}
