/* fuzz_tmpl.c — libFuzzer target for base/tmpl: the input is a template, compiled and, when
 * it compiles, rendered against a fixed context whose every string holds markup, with a
 * partial loader that offers a plain and a self-including partial. Compile and render must
 * never crash and must fail only with the documented codes; and a template that has no '<'
 * of its own and no raw tags must render without a single '<', because every value is
 * escaped. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "tmpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char context_json[] =
    "{\"s\":\"<script>&\\\"'`=\",\"arr\":[1,\"<b>\",{\"s\":\"<i>\",\"arr\":[true]}],"
    "\"obj\":{\"s\":\"<o>\",\"arr\":[],\"obj\":{\"s\":\"<deep>\"}},\"t\":true,\"f\":false,"
    "\"n\":null,\"z\":0,\"e\":\"\",\"num\":3.5,\"big\":-9007199254740993}";

struct partials {
    struct tmpl *plain, *recursive;
};

static const struct tmpl *load(void *ctx, const char *name)
{
    struct partials *p = ctx;
    if (strcmp(name, "p") == 0)
        return p->plain;
    if (strcmp(name, "rec") == 0)
        return p->recursive;
    return NULL;
}

static struct tmpl *compile_fixed(const char *src)
{
    struct tmpl *t = NULL;
    if (tmpl_compile(src, strlen(src), &t, NULL) != 0)
        abort();
    return t;
}

/* True when every '<' in the output can only have come from a value: the template has no
 * '<' and no raw tags. */
static int escaping_applies(const uint8_t *data, size_t size)
{
    return !memchr(data, '<', size) && !memmem(data, size, "{{{", 3) &&
           !memmem(data, size, "{{&", 3);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tmpl *t = NULL;
    struct err e = {0};
    int rc = tmpl_compile((const char *)data, size, &t, &e);
    if (rc != 0) {
        if (rc != E_INVALID || t != NULL || e.msg[0] == '\0')
            abort();
        return 0;
    }
    json_t *ctx = json_loads(context_json, 0, NULL);
    struct partials p = {compile_fixed("[{{s}}{{#arr}}{{.}}{{/arr}}]"),
                         compile_fixed("x{{#arr}}{{> rec}}{{/arr}}")};
    struct buf out;
    buf_init(&out, 1 << 16);
    rc = tmpl_render(t, ctx, load, &p, &out, &e);
    if (rc != 0 && rc != E_TOOLARGE && rc != E_NOTFOUND && rc != E_INVALID)
        abort();
    if (rc == 0 && escaping_applies(data, size) && memchr(out.data ? out.data : "", '<', out.len))
        abort();
    buf_free(&out);
    tmpl_free(p.plain);
    tmpl_free(p.recursive);
    tmpl_free(t);
    json_decref(ctx);
    return 0;
}
