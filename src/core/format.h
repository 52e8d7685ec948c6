/* format.h — how values are shown to people (UX conventions): money "75.000 đồng", dates
 * "06/05/2027", times "10:00", the official long form "10 giờ 00 phút, ngày 06 tháng 5 năm
 * 2027", phones "0912 345 678", and masked personal names for public pages. Instants are Unix
 * seconds UTC and are shown in Vietnam time (UTC+7, no daylight saving). Every function
 * appends to a bounded struct buf and returns 0 or the buffer's error. */
#ifndef MOTCUA_FORMAT_H
#define MOTCUA_FORMAT_H

#include "buf.h"
#include "err.h"

#include <stdint.h>

/* Broken-down Vietnam local time. */
struct fmt_tm {
    int year;   /* e.g. 2027 */
    int month;  /* 1..12 */
    int day;    /* 1..31 */
    int hour;   /* 0..23 */
    int minute; /* 0..59 */
    int second; /* 0..59 */
    int wday;   /* 0 = Sunday (Chủ nhật) .. 6 = Saturday */
};

/* Vietnam local time of a Unix instant; exact for every int64 instant whose year fits int. */
void fmt_vn_tm(int64_t unix_utc, struct fmt_tm *out);
/* "75.000" — dot as thousands separator, leading '-' for negatives. */
int fmt_number(struct buf *b, int64_t n);
/* "1.234,56": thousands separated by dots, the decimal comma, rounded half away from zero to
 * places (0–6) decimals. E_INVALID for a value that is not finite or not below 9·10^15. */
int fmt_decimal(struct buf *b, double v, int places);
/* "87,5" or "100": at most one decimal, none for a whole number (scores, shares in prose). */
int fmt_tenths(struct buf *b, double v);
/* "87,5%": a share in percent as fmt_tenths() writes it. */
int fmt_percent(struct buf *b, double v);
/* "75.000 đồng". */
int fmt_money(struct buf *b, int64_t dong);
/* A fee: "Miễn phí" for 0, otherwise as fmt_money(). */
int fmt_fee(struct buf *b, int64_t dong);
/* The amount in words, capitalised, for "Bằng chữ": 75000 → "Bảy mươi lăm nghìn đồng",
 * 1005000 → "Một triệu không trăm linh năm nghìn đồng", 0 → "Không đồng". */
int fmt_money_words(struct buf *b, int64_t dong);
/* "06/05/2027". */
int fmt_date(struct buf *b, int64_t unix_utc);
/* A calendar date "2027-05-06" as "06/05/2027"; E_INVALID when it is not YYYY-MM-DD. */
int fmt_date_ymd(struct buf *b, const char *ymd);
/* A date as Vietnamese write it, whatever the browser's language: "17/05/2003" or
 * "7/5/2003" (day/month/year; '-' or '.' may replace '/'), or the ISO "2003-05-17". Writes
 * "YYYY-MM-DD" into ymd (11 bytes). E_INVALID with field and a message that names label
 * ("Ngày sinh") when s is not a date in that form or names a day that does not exist
 * ("31/02/2003"). The one parser behind every date typed into a form. */
int fmt_parse_date(const char *s, const char *field, const char *label, char ymd[11],
                   struct err *e);
/* "10:00". */
int fmt_time(struct buf *b, int64_t unix_utc);
/* "10:00 06/05/2027". */
int fmt_datetime(struct buf *b, int64_t unix_utc);
/* "10 giờ 00 phút, ngày 06 tháng 5 năm 2027" — day below 10 and month below 3 get a leading
 * zero, as Decree 30/2020/NĐ-CP prescribes for administrative documents. */
int fmt_official(struct buf *b, int64_t unix_utc);
/* Normalised phone (validate_phone output) grouped for reading: "0912 345 678" for mobiles,
 * "024 3825 3536" for landlines; anything else is appended unchanged. */
int fmt_phone(struct buf *b, const char *digits);
/* Masked personal name for public pages: the family name (first word) kept, each later word
 * reduced to its first letter followed by one '*' per code point of the word, at most three:
 * "Nguyễn Văn An" → "Nguyễn V*** A**". A one-word name is masked the same way. Input must be
 * valid UTF-8 (E_INVALID otherwise). */
int fmt_masked_name(struct buf *b, const char *name);
/* An ID number (CCCD, tax code) for a public paper's QR code: every character but the last
 * four replaced by '*' ("079201001234" → "********1234"), so what it shows is the second
 * factor the public lookup already asks the applicant for; up to four characters all
 * masked. Empty for NULL or "". */
int fmt_masked_id(struct buf *b, const char *id);

#endif
