/* dossier_view.h — how a dossier is named on the pages, the same on the desk and on the public
 * lookup: the status badge (colour class and short text), the timing badge, what each event
 * of the timeline means in words, and the labels of channels and actions. */
#ifndef MOTCUA_DOSSIER_VIEW_H
#define MOTCUA_DOSSIER_VIEW_H

#include "http.h"

#include <jansson.h>
#include <stdint.h>

/* {"label": "Đang xử lý", "class": "st-processing"} for a state name. New reference. */
json_t *dview_status_badge(const char *state);
/* The badge of a national status code (1–10), for pages that only know the code; text is
 * the finer label shown for codes that cover several states (8: stopped or withdrawn). */
json_t *dview_national_badge(int code, const char *text);
/* "Quá hạn" or "Sắp đến hạn" as a badge, or JSON null when neither. New reference. */
json_t *dview_due_badge(int overdue, int near_due);
/* {"label": "Sớm hạn", "class": "tm-early"} for early | on_time | late, or JSON null for
 * anything else (an open step). New reference. */
json_t *dview_timing_badge(const char *timing);
/* "Tiếp nhận hồ sơ", "Chuyển bước xử lý" … for an event action name. */
const char *dview_event_label(const char *action);
/* "Trực tiếp", "Trực tuyến", "Bưu chính công ích" for counter | online | post. */
const char *dview_channel_label(const char *channel);
/* The button text of a desk action ("Trả kết quả"), or NULL for an unknown one. */
const char *dview_action_label(const char *action);
struct svc_dossier;
/* The note a supplement cycle of d completed at completed_at was answered with (the note of
 * the event that completed it, online or at the counter); NULL when there is none. */
const char *dview_supplement_note(const struct svc_dossier *d, int64_t completed_at);
/* "10:00 06/05/2027", or NULL for 0 (not yet). */
const char *dview_when(struct http_req *r, int64_t t);
/* The non-empty lines of a textarea, trimmed, at most max of them, in the request arena. */
int dview_lines(struct http_req *r, const char *text, int max, const char ***out);
struct svc_pick;
/* A list to choose from (people, units), as [{"key","label","indent","selected"}]: indent puts
 * a unit under its parent with no-break spaces, which an <option> keeps and a screen reader
 * does not read. */
json_t *dview_picks(struct http_req *r, const struct svc_pick *list, int n, const char *selected);
/* Two no-break spaces per level of depth, in the request arena. */
const char *dview_indent(struct http_req *r, int depth);
/* The internal states a search may filter on, as [{"value","label","selected"}]. */
json_t *dview_state_options(const char *selected);

#endif
