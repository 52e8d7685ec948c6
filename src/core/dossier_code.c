/* dossier_code.c — formatting and checking dossier codes (see dossier_code.h). The sequence
 * itself is issued by the database inside the acceptance transaction, so it has no gaps and
 * no duplicates across server instances; this file only gives the code its shape. */
#include "dossier_code.h"

#include "cal_date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Four groups of 3, 2, 2 and 3 characters (digits and capitals), the last a letter and two
 * digits: 000.00.15.H33 (QCVN 102:2016). */
static int agency_code_valid(const char *s, size_t *len)
{
    static const int groups[4] = {3, 2, 2, 3};
    size_t i = 0;
    for (int g = 0; g < 4; g++) {
        for (int k = 0; k < groups[g]; k++, i++)
            if (!isdigit((unsigned char)s[i]) && !(s[i] >= 'A' && s[i] <= 'Z'))
                return 0;
        if (g < 3 && s[i++] != '.')
            return 0;
    }
    *len = i;
    return s[i - 3] >= 'A' && s[i - 3] <= 'Z';
}

int dossier_code_format(const char *agency_code, int32_t day, int seq, char *out, size_t size,
                        struct err *e)
{
    size_t len = 0;
    if (!agency_code || !agency_code_valid(agency_code, &len) || agency_code[len])
        return err_set(e, E_INVALID, "agency_code",
                       "Đơn vị tiếp nhận chưa có mã định danh hợp lệ (QCVN 102:2016)");
    if (seq < 1 || seq > DOSSIER_SEQ_MAX)
        return err_set(e, E_INVALID, "seq", "Số thứ tự hồ sơ trong ngày vượt quá %d",
                       DOSSIER_SEQ_MAX);
    int y, m, d;
    cal_ymd_from_day(day, &y, &m, &d);
    int n = snprintf(out, size, "%s-%02d%02d%02d-%04d", agency_code, y % 100, m, d, seq);
    if (n < 0 || (size_t)n >= size)
        return err_set(e, E_INVALID, "code", "Mã hồ sơ quá dài");
    return 0;
}

int dossier_code_valid(const char *s)
{
    size_t len = 0;
    if (!s || !agency_code_valid(s, &len) || s[len] != '-')
        return 0;
    const char *p = s + len + 1;
    for (int i = 0; i < 11; i++) {
        int want_dash = i == 6;
        if (want_dash ? p[i] != '-' : !isdigit((unsigned char)p[i]))
            return 0;
    }
    return p[11] == '\0';
}
