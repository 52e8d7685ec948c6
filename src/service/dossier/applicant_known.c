/* applicant_known.c — recognising a returning applicant at the counter (UX principle "never
 * ask twice for what is on file"; CONNECTED R5, R11). The receptionist types the CCCD; the
 * name, birth date, phone, e-mail and address come from the latest dossier with that number
 * among the dossiers the receptionist may already see (their units), for the officer to
 * confirm with the person in front of them. Nothing outside that scope is looked at. */
#include "svc_dossier.h"

#include "svc_internal.h"

#include <string.h>

#define CANDIDATES 50

static int id_number_usable(const char *id)
{
    size_t n = id ? strlen(id) : 0;
    if (n < 9 || n > 13)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((id[i] < '0' || id[i] > '9') && id[i] != '-')
            return 0;
    return 1;
}

int svc_applicant_known(struct svc *s, const struct actor *a, struct arena *ar,
                        const char *id_number, struct svc_applicant *out, const char **from_code,
                        struct err *e)
{
    if (!perm_some(a, ROLE_RECEPTIONIST))
        return err_set(e, E_FORBIDDEN, NULL, "Chỉ cán bộ tiếp nhận được tìm người nộp theo CCCD");
    if (!id_number_usable(id_number))
        return err_set(e, E_INVALID, "applicant.id_number",
                       "Hãy nhập số CCCD (12 chữ số) hoặc mã số thuế để tìm");
    struct svc_dossier_search q = {.id_number = id_number, .limit = CANDIDATES};
    struct svc_dossier_row *rows = NULL;
    int n = 0;
    int rc = svc_dossier_find(s, a, ar, &q, &rows, &n, e);
    if (rc)
        return rc;
    int latest = -1;
    for (int i = 0; i < n; i++)
        if (latest < 0 || rows[i].received_at > rows[latest].received_at)
            latest = i;
    if (latest < 0)
        return err_set(e, E_NOTFOUND, "applicant.id_number",
                       "Chưa có hồ sơ nào của số %s tại đơn vị: hãy nhập thông tin người nộp",
                       id_number);
    struct svc_dossier d;
    if ((rc = svc_dossier_get(s, a, ar, rows[latest].code, &d, e)) != 0)
        return rc;
    *out = d.applicant;
    *from_code = d.code;
    return 0;
}
