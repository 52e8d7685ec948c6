/* tfiles.h — the small files the HTTP suites upload: a real 1×1 PNG whose bytes every suite
 * can compare a download against. */
#ifndef MOTCUA_TFILES_H
#define MOTCUA_TFILES_H

/* A 1×1 PNG (signature, IHDR, IDAT, IEND with correct CRCs); sizeof tf_png is its length. */
extern const unsigned char tf_png[69];

#endif
