/* fuzz_org_import.c — libFuzzer target for the organisation tree import (svc_org_import):
 * its validation of the file and of each unit, and the all-or-nothing insert behind it.
 * The import needs a database, so one SQLite file in a temporary directory is opened once per
 * process. Any input must give 0 or a clean error with a message; an accepted file imported
 * a second time must add nothing (the import can be run again). */
#include "err.h"
#include "log.h"
#include "svc.h"
#include "svc_org.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct svc *svc;
static char dir[] = "/tmp/motcua-fuzz-org-XXXXXX";

/* The database is scratch: it goes when the process ends. */
static void remove_db(void)
{
    static const char *const files[] = {"org.db", "org.db-wal", "org.db-shm"};
    char path[128];
    svc_close(svc);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
}

static struct svc *open_once(void)
{
    if (svc)
        return svc;
    char url[64];
    if (!mkdtemp(dir))
        abort();
    snprintf(url, sizeof url, "%s/org.db", dir);
    log_set_level(LOG_WARN);
    struct svc_config cfg = {.db_url = url, .pool_size = 1};
    svc_config_defaults(&cfg);
    struct err e = {0};
    if (svc_open(&cfg, &svc, &e) != 0) {
        fprintf(stderr, "fuzz_org_import: %s\n", e.msg);
        abort();
    }
    atexit(remove_db);
    return svc;
}

static int clean_failure(int rc, const struct err *e)
{
    return (rc == E_INVALID || rc == E_TOOLARGE) && e->msg[0];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct svc *s = open_once();
    struct err e = {0};
    int added = 0, skipped = 0;
    int rc = svc_org_import(s, &svc_system, (const char *)data, size, &added, &skipped, &e);
    if (rc != 0 && !clean_failure(rc, &e))
        abort();
    if (rc == 0) {
        int total = added + skipped;
        rc = svc_org_import(s, &svc_system, (const char *)data, size, &added, &skipped, &e);
        if (rc != 0 || added != 0 || skipped != total)
            abort();
    }
    return 0;
}
