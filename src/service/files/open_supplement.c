/* open_supplement.c — which supplement cycle a dossier is waiting for: the files attached to
 * a dossier while it waits go to that cycle, and the applicant's online answer closes it. It
 * lives with the files, below the dossier use cases that ask it too, so the files module
 * needs nothing from dossier/. */
#include "files_internal.h"

#include "dossier_state.h"

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
