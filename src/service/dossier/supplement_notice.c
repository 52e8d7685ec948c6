/* supplement_notice.c — what the counter's path, the applicant's online answer and the files
 * store share about a supplement cycle: which cycle a dossier is waiting for, and telling the
 * desk that the applicant answered. It sits below dossier_act.c, supplement_answer.c and
 * files.c, which all call it, so none of them has to call another back. */
#include "dossier_internal.h"
#include "jpack.h"

#include "deadline_store.h"

#include <string.h>

/* The receptionists of the receiving unit for an answer at reception (the dossier is back in
 * their inbox); the holders of the current step during appraisal (it is back at that step). */
int supplement_tell_desk(struct db_conn *c, struct arena *ar, const struct dossier_row *d,
                         const char *note, int version, int64_t now, struct err *e)
{
    int64_t unit = d->step_unit_id ? d->step_unit_id : d->receiving_unit_id;
    const char *role = d->step_role && *d->step_role ? d->step_role : "receptionist";
    const char *stage = strcmp(d->state, "submitted") == 0 ? "reception" : "appraisal";
    const char *said = note && *note ? note : SUPPLEMENT_DEFAULT_NOTE;
    struct deadline_person *to = NULL;
    int n = 0;
    int rc = deadline_people(c, ar, unit, role, &to, &n, e);
    for (int i = 0; !rc && i < n; i++) {
        struct svc_outbox_new m = {.channel = "internal",
                                   .recipient = to[i].username,
                                   .event = SUPPLEMENT_ANSWER_EVENT,
                                   .dossier_id = d->id,
                                   .user_id = to[i].user_id,
                                   .now = now};
        rc = svc_outbox_add(
            c, &m,
            jpack("{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:I}", "code", d->code, "procedure",
                  d->procedure_name, "stage", stage, "title", "Hồ sơ có bổ sung mới", "text",
                  arena_printf(ar, "Người nộp đã bổ sung hồ sơ %s (%s) trực tuyến: %s", d->code,
                               d->procedure_name, said),
                  "note", said, "version", version, "answered_at", (json_int_t)now),
            e);
    }
    return rc;
}

int dossier_open_supplement(struct db_conn *c, struct arena *ar, const struct dossier_row *d,
                            struct dossier_supplement_row *out, struct err *e)
{
    enum dossier_state st = DS_NONE;
    struct dossier_supplement_row *rows = NULL;
    int n = 0;
    dossier_state_parse(d->state, &st);
    int rc = st == DS_RECEPTION_SUPPLEMENT || st == DS_SUPPLEMENT
                 ? dossier_supplements(c, ar, d->id, &rows, &n, e)
                 : 0;
    if (rc)
        return rc;
    if (n > 0 && !rows[n - 1].completed_at) {
        *out = rows[n - 1];
        return 0;
    }
    return err_set(
        e, E_CONFLICT, "code",
        "Hồ sơ không ở trạng thái chờ bổ sung; không có yêu cầu bổ sung nào cần trả lời");
}
