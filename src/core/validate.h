/* validate.h — checks of the identifiers a citizen types into a form: CCCD (citizen identity
 * card) number, tax code, phone number and e-mail address. Each returns 0 or E_INVALID and
 * fills struct err with a Vietnamese message for the page and the caller's field name. */
#ifndef MOTCUA_VALIDATE_H
#define MOTCUA_VALIDATE_H

#include "err.h"

#include <stddef.h>

enum validate_gender {
    VALIDATE_GENDER_ANY = 0, /* do not check */
    VALIDATE_GENDER_MALE,
    VALIDATE_GENDER_FEMALE,
};

/* What a well-formed CCCD number says about its holder. */
struct validate_cccd_info {
    char province_code[4];     /* "001" */
    const char *province_name; /* "Hà Nội" (static storage) */
    int birth_year;            /* four digits, from the century code and digits 5-6 */
    enum validate_gender gender;
};

/* Size of the buffer validate_phone() writes the normalised number into. */
#define VALIDATE_PHONE_SIZE 12

/* 12 digits; the first three a province code of birth registration, the fourth a known
 * century-and-gender code. info may be NULL. */
int validate_cccd(const char *s, const char *field, struct validate_cccd_info *info, struct err *e);
/* validate_cccd(), then consistency with the holder: birth_date "YYYY-MM-DD" (NULL to skip)
 * must be in the century and year the number encodes, and gender must match unless
 * VALIDATE_GENDER_ANY. */
int validate_cccd_holder(const char *s, const char *birth_date, enum validate_gender gender,
                         const char *field, struct err *e);
/* Name of the province with CCCD/statistical code "001".."096", or NULL when none. */
const char *validate_province_name(const char *code);
/* Tax code: 10 digits with a valid check digit, or a branch code "0123456789-001". */
int validate_tax_code(const char *s, const char *field, struct err *e);
/* Vietnamese phone number: mobile 0[35789]xxxxxxxx or landline 02xxxxxxxxx, written with an
 * optional +84/0084 prefix and spaces, dots or hyphens. On success writes the plain national
 * form ("0912345678") into out[VALIDATE_PHONE_SIZE] when out is not NULL. */
int validate_phone(const char *s, char *out, const char *field, struct err *e);
/* Pragmatic e-mail check: local@domain, ASCII, no spaces, the domain has a dot, RFC 5321
 * length limits. */
int validate_email(const char *s, const char *field, struct err *e);

#endif
