/* common.c — what the subcommands share: where the database is, opening the service, loading
 * the demo data embedded in the binary, and printing the demo logins. */
#include "cli.h"

#include "embed.h"
#include "svc_demo.h"
#include "svc_exchange.h"
#include "svc_portal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

extern const struct embed_file motcua_data[];

const char *cli_option(int argc, char **argv, const char *name, const char *env, const char *def)
{
    for (int i = 1; i < argc - 1; i++)
        if (strcmp(argv[i], name) == 0)
            return argv[i + 1];
    const char *v = env ? getenv(env) : NULL;
    return v && *v ? v : def;
}

int cli_flag(int argc, char **argv, const char *name)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return 1;
    return 0;
}

char *cli_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, got;
    char *data = malloc(cap);
    while (data && (got = fread(data + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap && cap < (64u << 20)) {
            char *bigger = realloc(data, cap *= 2);
            if (!bigger)
                free(data);
            data = bigger;
        } else if (n == cap) {
            break;
        }
    }
    fclose(f);
    *len = n;
    return data;
}

const char *cli_db_url(int argc, char **argv)
{
    return cli_option(argc, argv, "--db", "MOTCUA_DB", "var/motcua.db");
}

int cli_env_int(const char *name, int def)
{
    const char *v = getenv(name);
    return v && *v ? atoi(v) : def;
}

int cli_open(int argc, char **argv, struct svc **out)
{
    struct svc_config cfg = {
        .db_url = cli_db_url(argc, argv),
        .db_readonly_url = getenv("MOTCUA_DB_READONLY"),
        .pool_size = cli_env_int("MOTCUA_POOL", 0),
        .session_idle_seconds = cli_env_int("MOTCUA_SESSION_IDLE", 0),
        .session_max_seconds = cli_env_int("MOTCUA_SESSION_MAX", 0),
        .login_max_failures = cli_env_int("MOTCUA_LOGIN_MAX_FAILURES", 0),
        .login_max_per_ip = cli_env_int("MOTCUA_LOGIN_MAX_PER_IP", 0),
        .lookups_per_minute = cli_env_int("MOTCUA_LOOKUP_RATE", 0),
        .login_slow_after = cli_env_int("MOTCUA_LOGIN_SLOW_AFTER", 0),
        .login_slow_seconds = cli_env_int("MOTCUA_LOGIN_SLOW_SECONDS", 0),
        .files_dir = cli_option(argc, argv, "--files-dir", "MOTCUA_FILES_DIR", NULL),
        .sign_anchors_dir = getenv("MOTCUA_SIGN_ANCHORS"),
        .vnpay_tmn_code = getenv("MOTCUA_VNPAY_TMN_CODE"),
        .vnpay_hash_secret = getenv("MOTCUA_VNPAY_HASH_SECRET"),
        .vnpay_url = getenv("MOTCUA_VNPAY_URL"),
        .webhook_secret = getenv("MOTCUA_WEBHOOK_SECRET"),
        .code_key = getenv("MOTCUA_CODE_KEY"),
        .population_url = getenv("MOTCUA_PARTNER_POPULATION_URL"),
        .population_user = getenv("MOTCUA_PARTNER_POPULATION_USER"),
        .population_password = getenv("MOTCUA_PARTNER_POPULATION_PASSWORD"),
        .anchor_key = getenv("MOTCUA_ANCHOR_KEY"),
        .anchor_pin = getenv("MOTCUA_ANCHOR_PIN"),
        .anchor_tsa_url = getenv("MOTCUA_ANCHOR_TSA"),
        .anchor_module = getenv("MOTCUA_ANCHOR_PKCS11_MODULE"),
    };
    struct err e = {0};
    if (svc_open(&cfg, out, &e) != 0) {
        if (*e.field) /* a setting is wrong: name it, not the database */
            fprintf(stderr, "motcua: %s: %s\n", e.field, e.msg);
        else
            fprintf(stderr, "motcua: cannot open database %s: %s\n", cfg.db_url, e.msg);
        return 1;
    }
    if (cli_exchange_setup(*out) != 0) {
        svc_close(*out);
        *out = NULL;
        return 1;
    }
    return 0;
}

/* The exchange partners from the environment (docs/exchange.md "Configuration"). */
static const char *env_get(const char *name)
{
    return getenv(name);
}

int cli_exchange_setup(struct svc *s)
{
    struct svc_exchange_config xc;
    struct err e = {0};
    if (svc_exchange_config_read(&xc, env_get, &e) != 0 ||
        svc_exchange_configure(s, &xc, &e) != 0) {
        fprintf(stderr, "motcua: %s\n", e.msg);
        return 1;
    }
    svc_portal_install(s); /* the national portal's dossier hook (docs/national-portal.md) */
    return 0;
}

static const char *const demo_org_files[] = {"org/giong-rieng-2020.json", "org/demo-extra.json"};

int cli_load_demo(struct svc *s)
{
    const char *texts[2];
    size_t lens[2];
    for (int i = 0; i < 2; i++) {
        const struct embed_file *f = embed_find(motcua_data, demo_org_files[i]);
        if (!f) {
            fprintf(stderr, "motcua: demo file %s is missing from the build\n", demo_org_files[i]);
            return 1;
        }
        texts[i] = (const char *)f->data;
        lens[i] = f->len;
    }
    struct err e = {0};
    if (svc_demo_load(s, texts, lens, 2, &e) != 0) {
        fprintf(stderr, "motcua: loading demo data failed: %s\n", e.msg);
        return 1;
    }
    const struct embed_file *cat = embed_find(motcua_data, "procedures/demo-catalogue.json");
    if (!cat) {
        fprintf(stderr, "motcua: demo catalogue is missing from the build\n");
        return 1;
    }
    if (svc_demo_load_procedures(s, (const char *)cat->data, cat->len, &e) != 0) {
        fprintf(stderr, "motcua: loading the demo catalogue failed: %s (%s)\n", e.msg, e.field);
        return 1;
    }
    return 0;
}

void cli_print_demo_logins(FILE *out)
{
    int n = 0;
    const struct demo_login *l = svc_demo_logins(&n);
    fputs("Demo logins (tên đăng nhập / mật khẩu):\n", out);
    for (int i = 0; i < n; i++)
        fprintf(out, "  %-12s %-16s %s%s%s\n", l[i].username, l[i].password, l[i].role_label,
                *l[i].unit_name ? " · " : "", l[i].unit_name);
}

int cli_prepare(struct svc *s, int want_demo, int *created)
{
    int fresh = 0;
    struct err e = {0};
    *created = 0;
    if (svc_is_fresh(s, &fresh, &e) != 0) {
        fprintf(stderr, "motcua: %s\n", e.msg);
        return 1;
    }
    if (!fresh || !want_demo)
        return 0;
    *created = 1;
    return cli_load_demo(s);
}
