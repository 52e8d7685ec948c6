/* report_source.c — where statistics and reports read from. With MOTCUA_DB_READONLY set to a
 * hot standby of the primary, the reads of reports (the leaders' figures, exports, indices,
 * the public statistics) go to a second, read-only pool on that standby, so that a heavy
 * report never competes with the counters' receptions; writes never go there (the pool's
 * sessions are read-only, and a standby refuses writes anyway). The standby is behind the
 * primary by its replication lag, measured on the same connection just before the report's
 * reads, so that the page can say how fresh its figures are. A standby that fails — down,
 * unreachable, a query cancelled by replay — is logged and counted once per failure, left
 * alone for STANDBY_RETRY_SECONDS, and the report is read from the primary: a report never
 * fails because of the standby. SQLite has no standby: the setting is refused there. */
#include "replica_store.h"
#include "svc_internal.h"

#include "log.h"

#include <time.h>

/* After a failure the standby is tried again this much later; meanwhile reports read the
 * primary without waiting on a connection that would fail again. */
#define STANDBY_RETRY_SECONDS 5

int svc_standby_open(struct svc *s, struct err *e)
{
    const char *url = s->cfg.db_readonly_url;
    if (!url || !*url)
        return 0;
    if (!db_url_is_postgres(s->cfg.db_url))
        return err_set(e, E_INVALID, "MOTCUA_DB_READONLY",
                       "MOTCUA_DB_READONLY (máy chủ dự phòng cho báo cáo) chỉ dùng được khi "
                       "MOTCUA_DB là PostgreSQL; với SQLite hãy bỏ thiết lập này");
    if (!db_url_is_postgres(url))
        return err_set(e, E_INVALID, "MOTCUA_DB_READONLY",
                       "MOTCUA_DB_READONLY phải là địa chỉ PostgreSQL (postgresql://…) của "
                       "máy chủ dự phòng");
    s->standby.last.configured = 1;
    return db_open_readonly(url, s->cfg.pool_size, &s->standby.db, e);
}

void svc_standby_close(struct svc *s)
{
    db_close(s->standby.db);
    s->standby.db = NULL;
}

static int64_t monotonic_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec;
}

/* The report's own answers (bad parameter, not allowed, not found) are the same on either
 * server; anything else is the standby's failure: down or unreachable (E_UNAVAILABLE), a
 * query cancelled by a conflict with replay (E_RETRY), or one its data cannot answer, such as
 * a schema not yet replayed (E_INTERNAL). */
static int standby_failed(int rc)
{
    return rc == E_UNAVAILABLE || rc == E_RETRY || rc == E_INTERNAL || rc == E_NOMEM || rc == E_IO;
}

static int standby_due(struct svc_standby *sb)
{
    pthread_mutex_lock(&sb->mu);
    int due = monotonic_seconds() >= sb->retry_at;
    if (!due) {
        sb->last.standby = 0;
        sb->last.fallbacks++;
    }
    pthread_mutex_unlock(&sb->mu);
    return due;
}

static void standby_answered(struct svc_standby *sb, int64_t lag_ms)
{
    pthread_mutex_lock(&sb->mu);
    if (!sb->last.standby && sb->last.fallbacks)
        log_info("reports: reading from the standby (MOTCUA_DB_READONLY) again");
    sb->last.standby = 1;
    sb->last.lag_ms = lag_ms;
    sb->last.as_of = svc_now() - lag_ms / 1000;
    pthread_mutex_unlock(&sb->mu);
}

static void standby_failure(struct svc_standby *sb, const struct err *why)
{
    pthread_mutex_lock(&sb->mu);
    log_warn("reports: the standby (MOTCUA_DB_READONLY) failed, reading from the primary for "
             "%d s: %s",
             STANDBY_RETRY_SECONDS, why->msg);
    sb->last.standby = 0;
    sb->last.fallbacks++;
    sb->retry_at = monotonic_seconds() + STANDBY_RETRY_SECONDS;
    pthread_mutex_unlock(&sb->mu);
}

struct standby_read {
    db_tx_fn fn;
    void *ctx;
    int64_t lag_ms;
};

static int read_on_standby(struct db_conn *c, void *ctx, struct err *e)
{
    struct standby_read *x = ctx;
    int rc = replica_lag_ms(c, &x->lag_ms, e);
    return rc ? rc : x->fn(c, x->ctx, e);
}

int svc_report_read(struct svc *s, db_tx_fn fn, void *ctx, struct err *e)
{
    struct svc_standby *sb = &s->standby;
    if (!sb->db || !standby_due(sb))
        return db_with_conn(s->db, fn, ctx, e);
    struct standby_read x = {fn, ctx, 0};
    struct err why = {0};
    int rc = db_with_conn(sb->db, read_on_standby, &x, &why);
    if (!standby_failed(rc)) {
        standby_answered(sb, x.lag_ms);
        if (rc && e)
            *e = why;
        return rc;
    }
    standby_failure(sb, &why);
    return db_with_conn(s->db, fn, ctx, e);
}

void svc_report_source(struct svc *s, struct svc_report_source *out)
{
    pthread_mutex_lock(&s->standby.mu);
    *out = s->standby.last;
    pthread_mutex_unlock(&s->standby.mu);
}
