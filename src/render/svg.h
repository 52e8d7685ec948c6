/* svg.h — small accessible charts as SVG text for dashboards and printed reports: a bar chart
 * (one bar per unit, label above its bar, value at its end) and a line chart (a trend such as
 * the on-time share by month). Each chart is an <svg role="img"> whose <title> and <desc> name
 * it for screen readers, and every bar and point has its own <title>. All text is escaped. */
#ifndef MOTCUA_SVG_H
#define MOTCUA_SVG_H

#include "buf.h"
#include "err.h"

#include <stddef.h>

struct svg_point {
    const char *label; /* unit name, or month "04/2027" */
    double value;      /* finite, 0 .. 1e12 */
};

struct svg_chart {
    const char *title; /* required */
    const char *desc;  /* longer description, or NULL */
    const char *unit;  /* suffix after values: "%" (written by fmt_percent), " hồ sơ", or NULL */
    const struct svg_point *points;
    size_t npoints;
    double max; /* value axis maximum (100 for percentages), or 0 to derive from the data */
};

int svg_bar_chart(const struct svg_chart *c, struct buf *out, struct err *e);
int svg_line_chart(const struct svg_chart *c, struct buf *out, struct err *e);

#endif
