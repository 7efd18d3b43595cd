/* needs.c - staff's needs list (需求清单, issue 22): this month's requests
 * grouped by category, issue and community (building), the most still
 * open first, with the count, the share open, urgent ones and those from
 * priority residents; a group opens to recognise it as a need and to see
 * the resources that can help (the most places left first, then those
 * already serving here), with their contact (staff only), and link one
 * (对接): into the need's project, or a new one owned by the staff member
 * signed in.  Secondary text may be 28 px (staff read at arm's length). */
#include <stdio.h>
#include <string.h>

#include "kiosk/app.h"
#include "kiosk/app_project.h"
#include "kiosk/text.h"

static int staff_px(const Theme *t)
{
    return t->small_px < 28 ? 28 : t->small_px;
}

/* "为老服务 · 助餐 · 5栋（幸福里社区）" */
static void group_what(App *a, const NeedGroup *g, char *out, size_t cap)
{
    const char *lang = app_lang_code(a);
    const CfgCategory *cat = config_category(&a->cfg, g->category);
    const CfgItem *issue = cat ? config_issue(cat, g->issue) : NULL;
    const CfgCommunity *c = g->community[0] ? config_community_of(&a->cfg, g->community) : NULL;
    char where[CFG_LABEL_MAX + REQ_ADDR_MAX + 16];
    if (!g->community[0])
        snprintf(where, sizeof where, "%s", app_str(a, S_NEED_NO_BUILDING));
    else if (c)
        snprintf(where, sizeof where, a->lang == LANG_ZH ? "%s（%s）" : "%s (%s)", g->community,
                 config_label(&c->item, lang));
    else
        snprintf(where, sizeof where, "%s", g->community);
    snprintf(out, cap, "%s · %s · %s", cat ? config_label(&cat->item, lang) : g->category,
             issue                            ? config_label(issue, lang)
             : strcmp(g->issue, "other") == 0 ? app_str(a, S_OTHER)
                                              : g->issue,
             where);
}

/* "3 件  未办结 3（100%）  紧急 0  重点人群 2" */
static void group_counts(App *a, const NeedGroup *g, char *out, size_t cap)
{
    char n[16], count[48];
    snprintf(n, sizeof n, "%d", g->count);
    strings_fill(count, sizeof count, app_str(a, S_NEED_COUNT), n);
    snprintf(out, cap,
             a->lang == LANG_ZH ? "%s  %s %d（%d%%）  %s %d  %s %d"
                                : "%s  %s %d (%d%%)  %s %d  %s %d",
             count, app_str(a, S_NEED_OPEN), g->open, g->count ? g->open * 100 / g->count : 0,
             app_str(a, S_NEED_URGENT), g->urgent, app_str(a, S_NEED_PRIORITY), g->priority);
}

/* ---- the list ---- */

static const char *needs_title(App *a)
{
    return app_str(a, S_NEED_TITLE);
}

static void needs_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    const AppProjects *s = &a->projects;
    int px = staff_px(t);
    int y = body.y;
    if (s->group_count == 0) {
        ui_label(ui, t, "needs.empty", app_str(a, S_NEED_NONE),
                 (Rect){body.x, y, body.w, t->body_px * 2}, t->body_px);
        return;
    }
    int row_h = ui_text_height(2, px, t) + 2 * ui_text_pad_y(UI_ROLE_BUTTON, t);
    if (row_h < t->button_h)
        row_h = t->button_h;
    for (int i = 0; i < s->group_count && y + row_h <= body.y + body.h; i++) {
        const NeedGroup *g = &s->groups[i];
        char id[WIDGET_ID_MAX], what[320], counts[200], text[600];
        group_what(a, g, what, sizeof what);
        group_counts(a, g, counts, sizeof counts);
        snprintf(text, sizeof text, "%s%s%s%s\n%s", what, g->need_id ? "  【" : "",
                 g->need_id ? app_str(a, S_NEED_RECOGNISED) : "", g->need_id ? "】" : "", counts);
        snprintf(id, sizeof id, "need.%d", i + 1);
        Widget *w = ui_button(ui, t, id, text, (Rect){body.x, y, body.w, row_h});
        if (w) {
            w->font_px = px;
            w->align = ALIGN_LEFT;
        }
        y += row_h + t->gap / 2;
    }
}

static bool needs_tap(App *a, const char *id)
{
    int i = 0;
    if (sscanf(id, "need.%d", &i) != 1)
        return false;
    app_need_open(a, i - 1);
    return true;
}

const Screen screen_needs = {
    .id = "needs",
    .nav = NAV_BACK | NAV_HOME,
    .enter = app_needs_load,
    .title = needs_title,
    .build = needs_build,
    .tap = needs_tap,
};

/* ---- a group: its need and the resources that can help ---- */

static const char *need_title(App *a)
{
    return app_str(a, S_NEED_TITLE);
}

static StringKey kind_key(const char *kind)
{
    return strcmp(kind, "charity") == 0   ? S_RES_KIND_CHARITY
           : strcmp(kind, "company") == 0 ? S_RES_KIND_COMPANY
           : strcmp(kind, "pro") == 0     ? S_RES_KIND_PRO
           : strcmp(kind, "team") == 0    ? S_RES_KIND_TEAM
           : strcmp(kind, "person") == 0  ? S_RES_KIND_PERSON
                                          : S_RES_KIND_ORG;
}

static void need_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    const AppProjects *s = &a->projects;
    const NeedGroup *g = &s->groups[s->group];
    int px = staff_px(t);
    /* landscape: the group and its need on the left, the resources on the
     * right; portrait: one below the other */
    bool wide = body.w > body.h;
    Rect info = body, list = body;
    if (wide) {
        info.w = (body.w - t->gap) * 2 / 5;
        list.x = body.x + info.w + t->gap;
        list.w = body.w - info.w - t->gap;
    }
    int y = body.y;
    char what[320], counts[200], text[600];
    group_what(a, g, what, sizeof what);
    group_counts(a, g, counts, sizeof counts);
    int h = (int)(app_bold_lines(a, what, t->button_px, info.w) * t->button_px * t->line_spacing);
    Widget *w = ui_label(ui, t, "need.what", what, (Rect){info.x, y, info.w, h}, t->button_px);
    if (w)
        w->bold = true;
    y += h;
    h = (int)(app_text_lines(a, counts, px, info.w) * px * t->line_spacing);
    ui_label(ui, t, "need.counts", counts, (Rect){info.x, y, info.w, h}, px);
    y += h + t->gap;
    if (a->staff.note[0]) {
        h = (int)(app_bold_lines(a, a->staff.note, px, info.w) * px * t->line_spacing);
        Widget *m =
            ui_label(ui, t, "need.message", a->staff.note, (Rect){info.x, y, info.w, h}, px);
        if (m) {
            m->bold = true;
            if (a->staff.note_bad)
                m->fg = t->error_fg;
        }
        y += h + t->gap;
    }
    if (!s->need.id) {
        ui_primary(ui, t, "need.recognise", app_str(a, S_NEED_RECOGNISE),
                   (Rect){info.x, y, info.w, t->primary_h});
        return;
    }
    snprintf(text, sizeof text, "%s%s%s", app_str(a, S_NEED_RECOGNISED), app_str(a, S_COLON),
             s->need.title);
    h = (int)(app_text_lines(a, text, t->body_px, info.w) * t->body_px * t->line_spacing);
    ui_label(ui, t, "need.title", text, (Rect){info.x, y, info.w, h}, t->body_px);
    y += h + t->gap;
    if (wide)
        y = body.y;
    h = (int)(t->button_px * t->line_spacing);
    Widget *mh = ui_label(ui, t, "need.matches", app_str(a, S_NEED_MATCHES),
                          (Rect){list.x, y, list.w, h}, t->button_px);
    if (mh)
        mh->bold = true;
    y += h + t->gap / 2;
    if (s->match_count == 0) {
        ui_label(ui, t, "need.no_match", app_str(a, S_NEED_NO_MATCH),
                 (Rect){list.x, y, list.w, t->body_px * 2}, t->body_px);
        return;
    }
    /* a resource a row: name and kind; places left, serving here; its
     * contact; 对接 (or 已对接) on the right */
    int bw = list.w / 4;
    for (int i = 0; i < s->match_count; i++) {
        const ResourceRecord *x = &s->matches[i];
        char id[WIDGET_ID_MAX], n[16], left[64];
        snprintf(n, sizeof n, "%d", x->capacity - x->used);
        strings_fill(left, sizeof left, app_str(a, S_RES_PLACES_LEFT), n);
        snprintf(text, sizeof text,
                 a->lang == LANG_ZH ? "%s（%s）\n%s%s%s\n%s%s%s %s" : "%s (%s)\n%s%s%s\n%s%s%s %s",
                 x->name, app_str(a, kind_key(x->kind)), left, x->serves_community ? "  " : "",
                 x->serves_community ? app_str(a, S_RES_SERVES) : "", app_str(a, S_RES_CONTACT),
                 app_str(a, S_COLON), x->contact[0] ? x->contact : "-", x->phone);
        int tw = list.w - bw - t->gap;
        int row_h = (int)(app_text_lines(a, text, px, tw) * px * t->line_spacing) + t->gap / 2;
        if (row_h < t->button_h)
            row_h = t->button_h;
        if (y + row_h > body.y + body.h)
            break;
        snprintf(id, sizeof id, "resources.row.%lld", (long long)x->id);
        Widget *r = ui_label(ui, t, id, text, (Rect){list.x, y, tw, row_h}, px);
        if (r)
            r->align = ALIGN_LEFT;
        snprintf(id, sizeof id, "resources.link.%lld", (long long)x->id);
        Widget *b = ui_button(ui, t, id, app_str(a, s->match_linked[i] ? S_RES_LINKED : S_RES_LINK),
                              (Rect){list.x + list.w - bw, y, bw, t->button_h});
        if (b && (s->match_linked[i] || x->capacity - x->used <= 0))
            b->enabled = false;
        y += row_h + t->gap;
    }
}

static bool need_tap(App *a, const char *id)
{
    long long rid = 0;
    if (strcmp(id, "need.recognise") == 0) {
        app_need_recognise(a);
        return true;
    }
    if (sscanf(id, "resources.link.%lld", &rid) == 1) {
        for (int i = 0; i < a->projects.match_count; i++)
            if (a->projects.matches[i].id == rid && !a->projects.match_linked[i])
                app_need_link_resource(a, rid);
        return true;
    }
    return false;
}

const Screen screen_need = {
    .id = "need",
    .nav = NAV_BACK | NAV_HOME,
    .title = need_title,
    .build = need_build,
    .tap = need_tap,
};
