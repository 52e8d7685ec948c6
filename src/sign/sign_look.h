/* sign_look.h — the look of a visible signature by Decree 30/2020 Annex I: for a person's
 * signature, the signer's handwritten image (blue, transparent PNG) centred in the signature
 * area between the title and the name line; for the agency's, the seal (red, transparent PNG)
 * at its real size over about a third of the signature image, on its left. The images are
 * configured per signer and per unit (their paths come from the caller); the title and name
 * are drawn on the page by the document itself (pdfdoc's signature block), so the widget
 * holds only the images. */
#ifndef MOTCUA_SIGN_LOOK_H
#define MOTCUA_SIGN_LOOK_H

#include "err.h"
#include "pades.h"

struct sign_look {
    const char *signature_png; /* the signer's image, or NULL (the agency signs alone) */
    const char *seal_png;      /* the unit's seal, or NULL (a person's signature) */
    double seal_mm;            /* the seal's real width in millimetres (0: 36 mm) */
    double area[4];            /* the signature area on the page, in points (x0 y0 x1 y1) */
};

/* The images, ready for pades_request (images, nimages), and the widget rectangle rect that
 * holds them all (the seal may reach past the area on the left). Free with sign_look_free. */
struct sign_look_out {
    struct pades_image images[2];
    int nimages;
    double rect[4];
};
int sign_look_build(const struct sign_look *l, struct sign_look_out *out, struct err *e);
void sign_look_free(struct sign_look_out *out);

#endif
