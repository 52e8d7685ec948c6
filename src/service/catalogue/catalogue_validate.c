/* catalogue_validate.c — the catalogue's side of a procedure document. The document's rules
 * and canonical form belong to core/procedure.c (proc_decode, proc_to_json); every way a
 * procedure enters the system (API, staff form, import file, demo data) passes through
 * svc_proc_normalize, which adds what only the service knows: which roles a step may name.
 * The enumerations' words are core's too; the functions here present them to the edges. */
#include "svc_catalogue.h"

#include "forms.h"

static int staff_role(const char *role)
{
    int r = role_from_name(role);
    return r && r != ROLE_CITIZEN;
}

int svc_proc_normalize(json_t *in, json_t **out, struct err *e)
{
    struct arena *a = arena_new();
    struct procedure p;
    *out = NULL;
    int rc = proc_decode(a, in, staff_role, &p, e);
    if (!rc)
        *out = proc_to_json(&p);
    arena_free(a);
    return rc;
}

const char *svc_proc_level_label(const char *level)
{
    return proc_level_label(level);
}

const char *svc_proc_online_label(const char *online)
{
    return proc_online_label(online);
}

const char *svc_proc_kind_label(const char *kind)
{
    int k = forms_copy_parse(kind);
    return k < 0 ? NULL : forms_copy_label((enum forms_copy)k);
}

const char *svc_proc_per_label(const char *per)
{
    return proc_per_label(per);
}

const char *svc_proc_channel_label(const char *channel)
{
    return proc_channel_label(channel);
}

int svc_proc_code_valid(const char *code)
{
    return proc_code_valid(code);
}
