/* dossier_view.c — the words and badges a dossier is shown with. The desk and the public lookup
 * share them so that a citizen and an officer read the same status for the same dossier
 * (UX.md: one component for each thing; badges carry colour and text, never colour alone). */
#include "dossier_view.h"
#include "jpack.h"

#include "page.h"
#include "svc_dossier.h"
#include "svc_labels.h"

#include <stdio.h>
#include <string.h>

struct named {
    const char *name, *label, *cls;
};

static const struct named *find(const struct named *table, const char *name)
{
    for (const struct named *n = table; name && n->name; n++)
        if (strcmp(n->name, name) == 0)
            return n;
    return NULL;
}

/* The colour of each state's badge; its words are the service's (svc_dossier_state_label),
 * the same a citizen reads in a message or the API. */
static const struct named states[] = {
    {"submitted", NULL, "st-new"},         {"reception_supplement", NULL, "st-supplement"},
    {"refused", NULL, "st-refused"},       {"processing", NULL, "st-processing"},
    {"supplement", NULL, "st-supplement"}, {"stopped", NULL, "st-closed"},
    {"withdrawn", NULL, "st-closed"},      {"result_ready", NULL, "st-ready"},
    {"returned", NULL, "st-returned"},     {NULL, NULL, NULL},
};

json_t *dview_status_badge(const char *state)
{
    const struct named *s = find(states, state);
    return jpack("{s:s, s:s}", "label", s ? svc_dossier_state_label(state) : "Không rõ", "class",
                 s ? s->cls : "st-closed");
}

json_t *dview_national_badge(int code, const char *text)
{
    static const char *const by_code[11] = {
        NULL,         "submitted",  "processing", "refused",      "processing", "supplement",
        "processing", "processing", "stopped",    "result_ready", "returned"};
    json_t *badge = dview_status_badge(code >= 1 && code <= 10 ? by_code[code] : NULL);
    if (code == 8 && text)
        json_object_set_new(badge, "label", json_string(text));
    return badge;
}

json_t *dview_due_badge(int overdue, int near_due)
{
    if (overdue)
        return jpack("{s:s, s:s}", "label", "Quá hạn", "class", "st-overdue");
    if (near_due)
        return jpack("{s:s, s:s}", "label", "Sắp đến hạn", "class", "st-near");
    return json_null();
}

static const struct named timings[] = {
    {"early", "Sớm hạn", "tm-early"},
    {"on_time", "Đúng hạn", "tm-on-time"},
    {"late", "Trễ hạn", "tm-late"},
    {NULL, NULL, NULL},
};

json_t *dview_timing_badge(const char *timing)
{
    const struct named *t = find(timings, timing);
    return t ? jpack("{s:s, s:s}", "label", t->label, "class", t->cls) : json_null();
}

const char *dview_event_label(const char *action)
{
    return svc_dossier_event_label(action);
}

static const struct named channels[] = {
    {"counter", "Trực tiếp tại Bộ phận Một cửa", NULL},
    {"online", "Trực tuyến", NULL},
    {"post", "Bưu chính công ích", NULL},
    {NULL, NULL, NULL},
};

const char *dview_channel_label(const char *channel)
{
    const struct named *n = find(channels, channel);
    return n ? n->label : channel ? channel : "";
}

static const struct named actions[] = {
    {"accept", "Tiếp nhận hồ sơ", NULL},
    {"reception_supplement", "Yêu cầu bổ sung khi tiếp nhận (Mẫu 02)", NULL},
    {"refuse_reception", "Từ chối tiếp nhận (Mẫu 03)", NULL},
    {"assign", "Giao cho chuyên viên", NULL},
    {"advance", "Hoàn thành bước hiện tại và chuyển tiếp", NULL},
    {"request_supplement", "Yêu cầu bổ sung hồ sơ", NULL},
    {"supplement_received", "Đã nhận đủ hồ sơ bổ sung", NULL},
    {"refuse", "Từ chối giải quyết", NULL},
    {"extend", "Xin lỗi và hẹn lại (Mẫu 04)", NULL},
    {"stop", "Dừng xử lý hồ sơ", NULL},
    {"withdraw", "Rút hồ sơ theo yêu cầu", NULL},
    {"return", "Trả kết quả cho người nộp", NULL},
    {NULL, NULL, NULL},
};

const char *dview_action_label(const char *action)
{
    const struct named *n = find(actions, action);
    return n ? n->label : NULL;
}

const char *dview_supplement_note(const struct svc_dossier *d, int64_t completed_at)
{
    for (int i = d->nevents - 1; completed_at && i >= 0; i--) {
        const struct svc_dossier_event *ev = &d->events[i];
        if (ev->at == completed_at && ev->action &&
            (strcmp(ev->action, "supplement_online") == 0 ||
             strcmp(ev->action, "supplement_received") == 0))
            return ev->note && *ev->note ? ev->note : NULL;
    }
    return NULL;
}

const char *dview_when(struct http_req *r, int64_t t)
{
    return t ? page_datetime(r, t) : NULL;
}

int dview_lines(struct http_req *r, const char *text, int max, const char ***out)
{
    const char **lines = arena_alloc(r->arena, sizeof *lines * (size_t)(max + 1));
    int n = 0;
    for (const char *s = text ? text : ""; *s && n < max;) {
        size_t len = strcspn(s, "\r\n"), b = 0, t = len;
        while (b < t && (s[b] == ' ' || s[b] == '\t'))
            b++;
        while (t > b && (s[t - 1] == ' ' || s[t - 1] == '\t'))
            t--;
        if (t > b)
            lines[n++] = arena_strndup(r->arena, s + b, t - b);
        s += len;
        s += strspn(s, "\r\n");
    }
    *out = lines;
    return n;
}

json_t *dview_state_options(const char *selected)
{
    /* The service's label of each state; the two supplement states read alike, so the
     * filter says which stage each is. */
    static const struct named options[] = {
        {"processing", "", NULL},
        {"supplement", " (trong khi xử lý)", NULL},
        {"reception_supplement", " (khi tiếp nhận)", NULL},
        {"result_ready", "", NULL},
        {"returned", "", NULL},
        {"refused", "", NULL},
        {"stopped", "", NULL},
        {"withdrawn", "", NULL},
        {NULL, NULL, NULL},
    };
    json_t *out = json_array();
    for (const struct named *n = options; n->name; n++) {
        char label[160];
        snprintf(label, sizeof label, "%s%s", svc_dossier_state_label(n->name), n->label);
        json_array_append_new(out, jpack("{s:s, s:s, s:b}", "value", n->name, "label", label,
                                         "selected", selected && strcmp(selected, n->name) == 0));
    }
    return out;
}

const char *dview_indent(struct http_req *r, int depth)
{
    static const char nbsp2[] = "\xc2\xa0\xc2\xa0"; /* two U+00A0 */
    if (depth <= 0)
        return "";
    if (depth > 16)
        depth = 16;
    char *out = arena_alloc(r->arena, (sizeof nbsp2 - 1) * (size_t)depth + 1);
    out[0] = 0;
    for (int i = 0; i < depth; i++)
        strcat(out, nbsp2);
    return out;
}

json_t *dview_picks(struct http_req *r, const struct svc_pick *list, int n, const char *selected)
{
    json_t *out = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(out,
                              jpack("{s:s, s:s, s:s, s:b}", "key", list[i].key, "label",
                                    list[i].label, "indent", dview_indent(r, list[i].depth),
                                    "selected", selected && strcmp(selected, list[i].key) == 0));
    return out;
}
