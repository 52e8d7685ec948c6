/* svc_labels.h — the Vietnamese name of every code the service writes down and a person may
 * be shown: the actions of a dossier's timeline, the audit log's actions and object types,
 * the outbox's events and the kinds of account. Pages and documents show these names; the
 * JSON API keeps the codes. One table per kind of code, here and nowhere else. */
#ifndef MOTCUA_SVC_LABELS_H
#define MOTCUA_SVC_LABELS_H

/* A dossier timeline's action ("accept" → "Tiếp nhận hồ sơ"); "Cập nhật hồ sơ" for an
 * action without a name of its own. */
const char *svc_dossier_event_label(const char *action);
/* An audit action ("user.grant" → "Phân quyền người dùng") or an outbox event
 * ("deadline.step_due_soon" → "Sắp đến hạn bước xử lý"); "dossier.<action>" is named as the
 * timeline names the action. "Thao tác khác" for a code without a name. */
const char *svc_event_label(const char *code);
/* The type of what an audit entry is about ("org_unit" → "Đơn vị"). */
const char *svc_object_label(const char *type);
/* The kind of an account ("staff" → "Cán bộ", "citizen" → "Công dân"). */
const char *svc_user_kind_label(const char *kind);

/* The citizen-scored items, keys of the indicators object (Circular 01/2018 Art. 13), in the order
 * of the counters' pairs (here, below the ratings that take them and the statistics that count
 * them): contacts (indicator 3: contacts needed to complete the dossier — none beyond submission
 * and return 2, one 1, more 0), bodies (indicator 4: bodies the citizen had to go to — only the
 * one-stop section 2, one more 1, more 0), information (indicator 6: the published procedure
 * was accurate and sufficient 2, partly 1, not 0), attitude (indicator 7: staff were courteous
 * and helpful 2, acceptable 1, not 0). */
extern const char *const svc_rating_items[];

#endif
