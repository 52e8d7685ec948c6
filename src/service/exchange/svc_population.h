/* svc_population.h — filling a person's name, birth date and address from the national
 * population database (CSDL quốc gia về dân cư) by CCCD, through a partner adapter
 * (population.c, docs/national-portal.md "Population data"). The counter's reception form and
 * the citizen's form use it; what comes back only fills the form, and is kept when the person
 * confirms by submitting it. Every lookup is in the audit chain with its purpose and actor. */
#ifndef MOTCUA_SVC_POPULATION_H
#define MOTCUA_SVC_POPULATION_H

#include "svc.h"

/* A person as the population database holds them; strings in the caller's arena. */
struct svc_person {
    const char *id_number;  /* the 12-digit CCCD asked about */
    const char *name;       /* họ và tên */
    const char *birth_date; /* YYYY-MM-DD */
    const char *sex;        /* "Nam" | "Nữ" as the database says */
    const char *address;    /* nơi thường trú */
};

/* 1 when a population partner is configured (MOTCUA_PARTNER_POPULATION_URL): the forms offer
 * the lookup button only then. */
int svc_population_configured(struct svc *s);

/* Looks up id_number for purpose (why it is asked: required, it goes to the partner and to the
 * audit chain). Receptionists may look up anyone; a citizen only a number whose holder bears
 * the account's name (anything else answers as not found, so the form cannot be used to read
 * strangers' data). E_INVALID (field id_number or purpose), E_FORBIDDEN, E_NOTFOUND, and
 * E_UNAVAILABLE with a Vietnamese message when the partner is not configured, down, slow or
 * refuses us — the form then still works by hand. */
int svc_population_lookup(struct svc *s, const struct actor *a, struct arena *ar,
                          const char *id_number, const char *purpose, struct svc_person *out,
                          struct err *e);

#endif
