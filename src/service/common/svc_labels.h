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

#endif
