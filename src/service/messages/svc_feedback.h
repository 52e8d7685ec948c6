/* svc_feedback.h — feedback and petitions (phản ánh, kiến nghị) from citizens about a policy,
 * a civil servant's conduct or anything else, optionally about a procedure or one of their
 * dossiers, with the deadline Decision 766 indicator 5.2 measures (answered within 15 working
 * days) and the answer the citizen reads. See docs/ratings.md. */
#ifndef MOTCUA_SVC_FEEDBACK_H
#define MOTCUA_SVC_FEEDBACK_H

#include "svc.h"

#include <stdint.h>

/* Working days to answer feedback (Decision 766, indicator 5.2: resolve within 15). */
#define SVC_FEEDBACK_DAYS 15

struct svc_feedback_in {
    const char *category;       /* policy | staff_conduct | other */
    const char *text;           /* 1..4000 bytes */
    const char *procedure_code; /* optional: a procedure of the catalogue */
    const char *dossier_code;   /* optional: one of the sender's own dossiers */
};

struct svc_feedback {
    int64_t id, created_at, due_at, answered_at;                 /* answered_at 0 = open */
    const char *category, *text, *procedure_code, *dossier_code; /* codes may be NULL */
    const char *answer, *author, *answerer;                      /* answer NULL while open */
    int overdue; /* still open after due_at, or answered after it */
};

/* Records feedback from a citizen account (E_FORBIDDEN for others) with its due time, 15
 * working days on the calendar in force. E_INVALID names "category", "text",
 * "procedure_code" or "dossier_code". */
int svc_feedback_send(struct svc *s, const struct actor *a, struct arena *ar,
                      const struct svc_feedback_in *in, struct svc_feedback *out, struct err *e);
/* The actor's own feedback with the answers, soonest due first. */
int svc_feedback_mine(struct svc *s, const struct actor *a, struct arena *ar,
                      struct svc_feedback **out, int *n, struct err *e);
/* Feedback by due time, status "open", "answered" or "all" (NULL = open). Admins and
 * auditors see all; leaders what concerns a dossier of their units and what concerns no
 * dossier. Others: E_FORBIDDEN. */
int svc_feedback_list(struct svc *s, const struct actor *a, struct arena *ar, const char *status,
                      struct svc_feedback **out, int *n, struct err *e);
/* Answers feedback: leaders who may see it, admins. E_CONFLICT once answered, E_NOTFOUND for
 * feedback the leader may not see. */
int svc_feedback_answer(struct svc *s, const struct actor *a, struct arena *ar, int64_t id,
                        const char *answer, struct svc_feedback *out, struct err *e);

#endif
