/* supplement_answer.c — the applicant answers a supplement request online (svc_files.h): the
 * missing components are uploaded from "my dossier" (svc_dossier_upload admits the applicant's
 * own account while a cycle is open, and ties each file to that cycle), then the answer is
 * sent with a note. Sending it completes the cycle the way the counter's path does: during
 * appraisal it is the `supplement_received` action itself (svc_dossier_act, which admits the
 * applicant for it), so the time limit starts again from now and the dossier returns to its
 * step; at reception — where the counter's path is simply accepting the completed dossier —
 * the cycle's completion time is recorded and the dossier reports national status 1 again,
 * waiting in the reception inbox to be accepted or refused. Either way the time the citizen
 * took is outside the clock (docs/calendar.md). A replayed answer finds the cycle completed by
 * this applicant and answers as the first time. The people who act on the dossier next are
 * told in the answer's own transaction (an internal message, as the deadline warnings are), and
 * their desk lists the answers nobody has acted on since. */
#include "svc_files.h"
#include "jpack.h"

#include "deadline_store.h"
#include "dossier_internal.h"
#include "files_internal.h"
#include "svc_jobs.h"

#include <string.h>

#define NEWS_MESSAGES 500 /* the newest internal messages looked through for answers */

struct answer_ctx {
    struct svc *s;
    const struct actor *a;
    struct arena *ar;
    const char *code, *note, *sha256;
    int expected_version;
    struct dossier_row d;
    struct dossier_supplement_row sup;
    struct svc_supplement_view *view;
    struct svc_dossier_after after;
    int open, replay;
};

static int own_dossier(struct db_conn *c, struct answer_ctx *x, struct err *e)
{
    int rc = dossier_get(c, x->ar, x->code, &x->d, e);
    if (!rc && (!x->a->user_id || x->d.applicant_user_id != x->a->user_id))
        rc = err_set(e, E_NOTFOUND, "code", "Không tìm thấy hồ sơ có mã này");
    return rc;
}

/* The latest cycle is completed, and by this applicant's own answer. */
static int answered_by_applicant(struct db_conn *c, struct answer_ctx *x, struct err *e)
{
    struct dossier_supplement_row *sups = NULL;
    struct dossier_event_row *ev = NULL;
    int nsups = 0, nev = 0;
    int rc = dossier_supplements(c, x->ar, x->d.id, &sups, &nsups, e);
    if (!rc)
        rc = dossier_events(c, x->ar, x->d.id, &ev, &nev, e);
    if (rc || nsups == 0 || !sups[nsups - 1].completed_at)
        return 0;
    for (int i = nev - 1; i >= 0 && ev[i].at >= sups[nsups - 1].requested_at; i--)
        if (ev[i].actor_id == x->a->user_id &&
            (strcmp(ev[i].action, dossier_action_name(DA_SUPPLEMENT_RECEIVED)) == 0 ||
             strcmp(ev[i].action, dossier_action_name(DA_SUPPLEMENT_ONLINE)) == 0))
            return 1;
    return 0;
}

static void after_of(struct answer_ctx *x)
{
    enum dossier_state st = DS_NONE;
    dossier_state_parse(x->d.state, &st);
    x->after = (struct svc_dossier_after){.state = dossier_state_name(st),
                                          .national_status = x->d.national_status,
                                          .version = x->d.version};
}

/* Where the answer stands: x->open with the cycle, or x->replay, or E_CONFLICT. */
static int answer_check(struct db_conn *c, struct answer_ctx *x, struct err *e)
{
    int rc = own_dossier(c, x, e);
    if (rc)
        return rc;
    struct err quiet = {0};
    x->open = dossier_open_supplement(c, x->ar, &x->d, &x->sup, &quiet) == 0;
    x->replay = !x->open && answered_by_applicant(c, x, e);
    if (x->replay) {
        after_of(x);
        return 0;
    }
    if (!x->open)
        return err_set(e, quiet.code ? quiet.code : E_CONFLICT, "code", "%s", quiet.msg);
    int64_t nfiles = 0;
    rc = file_answer_count(c, x->sup.id, &nfiles, e);
    if (!rc && nfiles == 0 && !(x->note && *x->note))
        rc = err_set(e, E_INVALID, "file",
                     "Vui lòng tải lên giấy tờ cần bổ sung (hoặc ghi chú) trước khi gửi");
    if (!rc && x->expected_version && x->expected_version != x->d.version)
        rc = err_set(e, E_CONFLICT, "version",
                     "Hồ sơ vừa được cập nhật. Vui lòng tải lại trang để xem trạng thái mới nhất");
    return rc;
}

static int check_read(struct db_conn *c, void *ctx, struct err *e)
{
    return answer_check(c, ctx, e);
}

/* At reception: the cycle completed now; the dossier is submitted again and waits in the
 * reception inbox for the receptionist to accept it. */
static int reception_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct answer_ctx *x = ctx;
    int rc = answer_check(c, x, e);
    if (rc || x->replay)
        return rc ? rc : 1;
    int64_t now = svc_now();
    int version = x->d.version;
    const char *from = x->d.state;
    enum dossier_state st = DS_NONE, to = DS_NONE;
    dossier_state_parse(from, &st);
    if ((rc = dossier_transition(st, DA_SUPPLEMENT_ONLINE, &to, e)) != 0)
        return rc;
    x->d.state = dossier_state_name(to);
    x->d.national_status = dossier_national_status(to);
    x->d.updated_at = now;
    if ((rc = dossier_supplement_complete(c, x->d.id, now, e)) != 0 ||
        (rc = dossier_update(c, &x->d, version, e)) != 0 ||
        (rc = dossier_log(x->s, c, x->a, &x->d, dossier_action_name(DA_SUPPLEMENT_ONLINE), from,
                          x->d.step_unit_id, NULL,
                          x->note && *x->note ? x->note : SUPPLEMENT_DEFAULT_NOTE, now, e)) != 0 ||
        (rc = supplement_tell_desk(c, x->ar, &x->d, x->note, version + 1, now, e)) != 0)
        return rc;
    x->d.version = version + 1;
    after_of(x);
    return svc_audit_json(
        c, x->a, "dossier.supplement_answer", "dossier", x->d.code,
        jpack("{s:s, s:I}", "stage", x->sup.stage, "supplement", (json_int_t)x->sup.id), e);
}

/* During appraisal: exactly the counter's supplement_received, done by the applicant. */
static int appraisal_answer(struct svc *s, struct answer_ctx *x, struct svc_dossier_after *after,
                            struct err *e)
{
    struct svc_dossier_act act = {.action = "supplement_received",
                                  .expected_version =
                                      x->expected_version ? x->expected_version : x->d.version,
                                  .note = x->note && *x->note ? x->note : SUPPLEMENT_DEFAULT_NOTE};
    int rc = dossier_act_by_applicant(s, x->a, x->code, &act, after, e);
    if (rc != E_CONFLICT || x->expected_version)
        return rc;
    /* Someone (this applicant's other click) moved it first: a replay answers as before. */
    struct err again = {0};
    if (db_with_conn(s->db, check_read, x, &again) == 0 && x->replay) {
        *after = x->after;
        return 1;
    }
    return rc;
}

int svc_supplement_answer(struct svc *s, const struct actor *a, struct arena *ar, const char *code,
                          const char *note, int expected_version, struct svc_dossier_after *after,
                          struct err *e)
{
    struct answer_ctx x = {.s = s,
                           .a = a,
                           .ar = ar,
                           .code = code ? code : "",
                           .note = note,
                           .expected_version = expected_version};
    int rc = db_with_conn(s->db, check_read, &x, e);
    if (rc)
        return rc;
    if (x.replay) {
        *after = x.after;
        return 1;
    }
    if (strcmp(x.sup.stage, "appraisal") == 0)
        return appraisal_answer(s, &x, after, e);
    rc = db_tx(s->db, reception_tx, &x, e);
    if (rc >= 0)
        *after = x.after;
    return rc;
}

static int view_read(struct db_conn *c, void *ctx, struct err *e)
{
    struct answer_ctx *x = ctx;
    struct svc_supplement_view *v = x->view;
    struct dossier_supplement_row *sups = NULL;
    struct file_row *files = NULL;
    int nsups = 0, nfiles = 0;
    int rc = own_dossier(c, x, e);
    if (!rc)
        rc = dossier_supplements(c, x->ar, x->d.id, &sups, &nsups, e);
    if (!rc)
        rc = file_list(c, x->ar, x->d.id, &files, &nfiles, e);
    if (rc || nsups == 0)
        return rc;
    const struct dossier_supplement_row *last = &sups[nsups - 1];
    struct err quiet = {0};
    *v = (struct svc_supplement_view){
        .waiting = dossier_open_supplement(c, x->ar, &x->d, &x->sup, &quiet) == 0,
        .stage = last->stage,
        .items = last->items,
        .reason = last->reason,
        .requested_at = last->requested_at,
        .completed_at = last->completed_at};
    v->files = arena_alloc(x->ar, sizeof *v->files * (size_t)(nfiles ? nfiles : 1));
    for (int i = 0; i < nfiles; i++)
        if (files[i].supplement_id == last->id)
            file_to_svc(&files[i], &v->files[v->nfiles++]);
    return 0;
}

int svc_supplement_get(struct svc *s, const struct actor *a, struct arena *ar, const char *code,
                       struct svc_supplement_view *out, struct err *e)
{
    *out = (struct svc_supplement_view){0};
    struct answer_ctx x = {.a = a, .ar = ar, .code = code ? code : "", .view = out};
    return db_with_conn(s->db, view_read, &x, e);
}

static int remove_tx(struct db_conn *c, void *ctx, struct err *e)
{
    struct answer_ctx *x = ctx;
    int64_t removed = 0;
    int rc = own_dossier(c, x, e);
    if (!rc)
        rc = dossier_open_supplement(c, x->ar, &x->d, &x->sup, e);
    if (!rc)
        rc = file_answer_remove(c, x->d.id, x->sup.id, x->sha256, &removed, e);
    if (!rc && !removed)
        rc = err_set(e, E_NOTFOUND, "sha256", "Tệp này không có trong phần bổ sung của hồ sơ");
    return rc ? rc
              : svc_audit_json(c, x->a, "dossier.supplement_file_remove", "dossier", x->d.code,
                               jpack("{s:s}", "sha256", x->sha256), e);
}

int svc_supplement_file_remove(struct svc *s, const struct actor *a, struct arena *ar,
                               const char *code, const char *sha256, struct err *e)
{
    struct answer_ctx x = {
        .a = a, .ar = ar, .code = code ? code : "", .sha256 = sha256 ? sha256 : ""};
    return db_tx(s->db, remove_tx, &x, e);
}

static const struct svc_dossier_row *inbox_row(const struct svc_dossier_row *rows, int n,
                                               const char *code)
{
    for (int i = 0; code && i < n; i++)
        if (strcmp(rows[i].code, code) == 0)
            return &rows[i];
    return NULL;
}

static int listed(const struct svc_supplement_news *news, int n, const char *code)
{
    for (int i = 0; i < n; i++)
        if (strcmp(news[i].code, code) == 0)
            return 1;
    return 0;
}

/* The answer a message tells of, when its dossier is still in the inbox at the version the
 * answer left (nobody acted on it since). */
static int news_of(struct arena *ar, const struct svc_message *m,
                   const struct svc_dossier_row *inbox, int ninbox, struct svc_supplement_news *out)
{
    json_t *p = json_loads(m->payload, 0, NULL);
    const char *code = json_string_value(json_object_get(p, "code"));
    const struct svc_dossier_row *row = inbox_row(inbox, ninbox, code);
    int fresh = row && row->version == json_integer_value(json_object_get(p, "version"));
    if (fresh)
        *out = (struct svc_supplement_news){
            row->code, row->procedure_name,
            arena_strdup(ar, json_string_value(json_object_get(p, "stage"))),
            arena_strdup(ar, json_string_value(json_object_get(p, "note"))),
            (int64_t)json_integer_value(json_object_get(p, "answered_at"))};
    json_decref(p);
    return fresh;
}

int svc_supplement_news(struct svc *s, const struct actor *a, struct arena *ar,
                        const struct svc_dossier_row *inbox, int ninbox,
                        struct svc_supplement_news **out, int *n, struct err *e)
{
    struct svc_message *msgs = NULL;
    int nmsgs = 0;
    *out = NULL;
    *n = 0;
    int rc = svc_notifications(s, a, ar, NEWS_MESSAGES, &msgs, &nmsgs, e);
    if (rc)
        return rc;
    *out = arena_alloc(ar, sizeof **out * (size_t)(nmsgs ? nmsgs : 1));
    for (int i = 0; i < nmsgs; i++) {
        struct svc_supplement_news one;
        if (strcmp(msgs[i].event, SUPPLEMENT_ANSWER_EVENT) == 0 &&
            news_of(ar, &msgs[i], inbox, ninbox, &one) && !listed(*out, *n, one.code))
            (*out)[(*n)++] = one;
    }
    return 0;
}
