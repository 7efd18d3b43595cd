/* queue.c - the staff queue of requests, a request's detail with the
 * actions the workflow allows, and the two steps some actions need (a
 * note, an assignee).
 *
 * The queue can hold tens of thousands of rows: the app keeps a window of
 * them fetched a page at a time by keyset (app_queue_fill), and this
 * screen builds widgets only for the rows that are on screen at the
 * current scroll offset, which a finger drag moves (with momentum). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kiosk/app.h"
#include "kiosk/app_staff.h"
#include "kiosk/text.h"
#include "rows.h"
#include "textfield.h"

/* ---- the queue ---- */

static const struct {
    const char *id;
    const char *status; /* "" open */
} filters[] = {
    {"queue.status.open", ""},
    {"queue.status.submitted", "submitted"},
    {"queue.status.accepted", "accepted"},
    {"queue.status.assigned", "assigned"},
    {"queue.status.in_progress", "in_progress"},
    {"queue.status.resolved", "resolved"},
};
#define FILTERS (int)(sizeof filters / sizeof filters[0])

static const char *queue_title(App *a)
{
    return app_str(a, S_QUEUE_TITLE);
}

/* A row's text size: staff read closer. */
static int row_px(const App *a)
{
    return a->theme.small_px < 28 ? 28 : a->theme.small_px;
}

/* The list's area and row height, shared by build and drag. */
static void list_geometry(const App *a, Rect body, Rect *list, int *row_h)
{
    const Theme *t = &a->theme;
    bool wide = a->width > a->height;
    int chip_rows = wide ? 1 : 2;
    int top = body.y + chip_rows * (t->button_h + t->gap) + t->button_h + t->gap;
    *list = (Rect){body.x, top, body.w, body.y + body.h - top};
    *row_h = t->button_h * 4 / 5 < 88 ? 88 : t->button_h * 4 / 5;
    /* Room for its lines (queue_build): two on a landscape screen, three
     * on a portrait one. */
    int lines = wide ? 2 : 3;
    int text_h = (int)(lines * row_px(a) * t->line_spacing);
    if (*row_h < text_h + t->gap * 3 / 2)
        *row_h = text_h + t->gap * 3 / 2;
    /* A list shows several rows: on a short landscape screen with larger
     * text, the rows close up (down to half a gap above and below their
     * lines inside the button) so that two fit. */
    if (2 * *row_h > list->h && list->h / 2 >= text_h + t->gap)
        *row_h = list->h / 2;
}

/* The resident's flags in words, "80岁以上、独居" ("" none). */
static void flags_text(const App *a, unsigned flags, char *out, size_t cap)
{
    static const struct {
        unsigned flag;
        StringKey label;
    } names[] = {
        {FLAG_AGED80, S_FLAG_AGED80}, {FLAG_DISABLED, S_FLAG_DISABLED}, {FLAG_ALONE, S_FLAG_ALONE}};
    out[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (flags & names[i].flag) {
            if (out[0])
                text_append(out, cap, app_str(a, S_SEP));
            text_append(out, cap, app_str(a, names[i].label));
        }
}

/* Why a request sorts where it does: "优先：紧急、80岁以上" ("" nothing
 * raised it). */
static void priority_text(const App *a, int urgency, unsigned flags, char *out, size_t cap)
{
    char why[160] = "", f[128];
    if (urgency)
        text_copy(why, sizeof why, app_str(a, S_URGENCY_URGENT));
    flags_text(a, flags, f, sizeof f);
    if (f[0]) {
        if (why[0])
            text_append(why, sizeof why, app_str(a, S_SEP));
        text_append(why, sizeof why, f);
    }
    out[0] = '\0';
    if (why[0])
        strings_fill(out, cap, app_str(a, S_QUEUE_PRIORITY), why);
}

static void age_text(const App *a, int64_t created, char *out, size_t cap)
{
    int64_t mins = (app_now_ms(a) / 1000 - created) / 60;
    char num[24];
    if (mins < 0)
        mins = 0;
    if (mins < 60) {
        snprintf(num, sizeof num, "%lld", (long long)mins);
        strings_fill(out, cap, app_str(a, S_AGE_MIN), num);
    } else if (mins < 48 * 60) {
        snprintf(num, sizeof num, "%lld", (long long)(mins / 60));
        strings_fill(out, cap, app_str(a, S_AGE_HOURS), num);
    } else {
        snprintf(num, sizeof num, "%lld", (long long)(mins / 1440));
        strings_fill(out, cap, app_str(a, S_AGE_DAYS), num);
    }
}

static void queue_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    bool wide = a->width > a->height;
    int cols = wide ? FILTERS : FILTERS / 2;
    Rect chips = {body.x, body.y, body.w, body.h};
    for (int i = 0; i < FILTERS; i++) {
        const char *label =
            filters[i].status[0] ? app_status_word(a, filters[i].status) : app_str(a, S_QUEUE_OPEN);
        ui_choice(ui, t, filters[i].id, label, ui_grid_cell(chips, cols, t->button_h, t->gap, i),
                  strcmp(a->queue.status, filters[i].status) == 0);
    }
    int y = body.y + (FILTERS / cols) * (t->button_h + t->gap);
    /* The category filter opens the list of categories; the count beside it. */
    const CfgCategory *cat = config_category(&a->cfg, a->queue.category);
    ui_button(ui, t, "queue.category",
              cat ? config_label(&cat->item, app_lang_code(a)) : app_str(a, S_QUEUE_ALL_CATS),
              (Rect){body.x, y, body.w / 2 - t->gap, t->button_h});
    char num[16], count[96];
    snprintf(num, sizeof num, "%d", a->queue.total);
    strings_fill(count, sizeof count, app_str(a, S_QUEUE_COUNT), num);
    ui_label(ui, t, "queue.count", count,
             (Rect){body.x + body.w / 2 + t->gap, y, body.w / 2 - t->gap, t->button_h}, t->body_px);

    Rect list;
    int row_h;
    list_geometry(a, body, &list, &row_h);
    if (a->queue.count == 0 && a->queue.base == 0) {
        ui_label(ui, t, "queue.empty", app_str(a, S_QUEUE_EMPTY),
                 (Rect){list.x, list.y, list.w, t->body_px * 2}, t->body_px);
        return;
    }
    /* Only the rows wholly inside the list area at this scroll offset. */
    int first = (int)(a->queue.scroll / row_h);
    int64_t now = app_now_ms(a) / 1000;
    for (int i = first; i < a->queue.base + a->queue.count; i++) {
        int ry = list.y + i * row_h - (int)a->queue.scroll;
        if (ry < list.y || i < a->queue.base)
            continue;
        if (ry + row_h > list.y + list.h)
            break;
        const QueueRow *q = &a->queue.rows[i - a->queue.base];
        const CfgCategory *c = config_category(&a->cfg, q->category);
        char id[WIDGET_ID_MAX], text[384], age[48], why[256];
        age_text(a, q->created_at, age, sizeof age);
        bool overdue = q->due_at < now;
        /* The number with its day (numbers start again each day), the
         * category, the state, its age and whether it is overdue; on the
         * last line why it is high up (urgent, the resident's flags).
         * Portrait: the category on a line of its own. */
        time_t made = (time_t)q->created_at;
        struct tm tm = {0};
        localtime_r(&made, &tm);
        const char *cat_label = c ? config_label(&c->item, app_lang_code(a)) : q->category;
        snprintf(text, sizeof text, "%s %02d-%02d  %s%s%s  %s%s%s", q->number, tm.tm_mon + 1,
                 tm.tm_mday, wide ? cat_label : "", wide ? "  " : "", app_status_word(a, q->status),
                 age, overdue ? "  ⚠" : "", overdue ? app_str(a, S_QUEUE_OVERDUE) : "");
        if (!wide) {
            text_append(text, sizeof text, "\n");
            text_append(text, sizeof text, cat_label);
        }
        priority_text(a, q->urgency, q->flags, why, sizeof why);
        if (why[0]) {
            text_append(text, sizeof text, "\n");
            text_append(text, sizeof text, why);
        }
        snprintf(id, sizeof id, "queue.row.%lld", (long long)q->id);
        Widget *w =
            ui_button(ui, t, id, text, (Rect){list.x, ry + t->gap / 4, list.w, row_h - t->gap / 2});
        if (w) {
            w->align = ALIGN_LEFT;
            w->font_px = row_px(a);
            if (overdue)
                w->fg = t->error_fg;
        }
    }
}

static void queue_drag(App *a, double dy)
{
    Rect list;
    int row_h;
    list_geometry(a, app_body(a), &list, &row_h);
    a->queue.scroll -= dy;
    if (a->queue.scroll < 0)
        a->queue.scroll = 0;
    /* The rows this offset shows must be in the window: the next page by
     * keyset going down, from the top again going far back up. */
    int first = (int)(a->queue.scroll / row_h);
    int last = (int)((a->queue.scroll + list.h) / row_h) + 1;
    app_queue_from(a, first);
    app_queue_fill(a, last + 4);
    double max = (double)(a->queue.base + a->queue.count) * row_h - list.h;
    if (a->queue.scroll > max)
        a->queue.scroll = max;
    if (a->queue.scroll < 0)
        a->queue.scroll = 0;
    if (a->queue.scroll == 0 || a->queue.scroll == max)
        a->drag.velocity = 0;
    app_changed(a);
}

static bool queue_tap(App *a, const char *id)
{
    for (int i = 0; i < FILTERS; i++)
        if (strcmp(id, filters[i].id) == 0) {
            text_copy(a->queue.status, sizeof a->queue.status, filters[i].status);
            app_queue_reload(a);
            return true;
        }
    if (strcmp(id, "queue.category") == 0) {
        app_push(a, &screen_queue_cats); /* the list of categories */
        return true;
    }
    long long rid = 0;
    if (sscanf(id, "queue.row.%lld", &rid) == 1) {
        app_open_detail(a, rid);
        return true;
    }
    return false;
}

static void queue_enter(App *a)
{
    /* Entered afresh: from the top.  Back from a detail: the rows may have
     * changed state, so read them again where the list was. */
    double scroll = a->queue.count > 0 || a->queue.base > 0 ? a->queue.scroll : 0;
    app_queue_reload(a);
    a->queue.scroll = scroll;
    if (scroll > 0)
        queue_drag(a, 0);
}

const Screen screen_queue = {
    .id = "queue",
    .nav = NAV_BACK | NAV_HOME,
    .enter = queue_enter,
    .title = queue_title,
    .build = queue_build,
    .tap = queue_tap,
    .drag = queue_drag,
};

/* ---- the category filter: every category, and all of them ---- */

static const char *cats_title(App *a)
{
    return app_str(a, S_QUEUE_CATS_TITLE);
}

static void cats_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    int cols = a->width > a->height ? 3 : 2;
    int n = a->cfg.category_count + 1;
    int rows = (n + cols - 1) / cols;
    int row_h = ui_fit_rows(body.h, rows, t->gap, 88, t->button_h);
    ui_choice(ui, t, "queue_cats.all", app_str(a, S_QUEUE_ALL_CATS),
              ui_grid_cell(body, cols, row_h, t->gap, 0), a->queue.category[0] == '\0');
    for (int i = 0; i < a->cfg.category_count; i++) {
        const CfgCategory *c = &a->cfg.categories[i];
        char id[WIDGET_ID_MAX];
        snprintf(id, sizeof id, "queue_cats.%s", c->item.code);
        ui_choice(ui, t, id, config_label(&c->item, app_lang_code(a)),
                  ui_grid_cell(body, cols, row_h, t->gap, i + 1),
                  strcmp(a->queue.category, c->item.code) == 0);
    }
}

static bool cats_tap(App *a, const char *id)
{
    if (strncmp(id, "queue_cats.", 11) != 0)
        return false;
    const char *code = id + 11;
    if (strcmp(code, "all") == 0)
        a->queue.category[0] = '\0';
    else if (config_category(&a->cfg, code))
        text_copy(a->queue.category, sizeof a->queue.category, code);
    else
        return false;
    a->queue.count = a->queue.base = 0; /* the queue reads it from the top */
    app_back(a);
    return true;
}

const Screen screen_queue_cats = {
    .id = "queue_cats",
    .nav = NAV_BACK | NAV_HOME,
    .title = cats_title,
    .build = cats_build,
    .tap = cats_tap,
};

/* ---- a request's detail ---- */

static const struct {
    WfAction action;
    const char *id;
    StringKey label;
} actions[] = {
    {WF_ACCEPT, "detail.accept", S_ACT_ACCEPT}, {WF_ASSIGN, "detail.assign", S_ACT_ASSIGN},
    {WF_START, "detail.start", S_ACT_START},    {WF_RESOLVE, "detail.resolve", S_ACT_RESOLVE},
    {WF_CLOSE, "detail.close", S_ACT_CLOSE},    {WF_REFER, "detail.refer", S_ACT_REFER},
    {WF_CANCEL, "detail.cancel", S_ACT_CANCEL},
};
#define ACTIONS (int)(sizeof actions / sizeof actions[0])

static const char *detail_title(App *a)
{
    static char title[64];
    strings_fill(title, sizeof title, app_str(a, S_DETAIL_TITLE), a->queue.detail.ticket.number);
    return title;
}

/* One of the detail's facts (rows_add); tight: without the half gap
 * between rows (their boxes meet, each keeping its own half gap). */
static void detail_row(App *a, UiList *ui, Rect area, int px, int *y, bool tight, const char *id,
                       StringKey label, const char *value)
{
    rows_add(a, ui, area, px, y, id, label, value);
    if (tight)
        *y -= a->theme.gap / 2;
}

static void detail_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    const RequestRecord *r = &a->queue.detail;
    const RequestDraft *d = &r->draft;
    bool wide = a->width > a->height;
    Rect left = body, right = body;
    if (wide) {
        left.w = body.w * 3 / 5 - t->gap;
        right.x = body.x + body.w * 3 / 5 + t->gap;
        right.w = body.w - left.w - 2 * t->gap;
    }
    int px = t->small_px < 28 ? 28 : t->small_px; /* staff read closer */
    int y = left.y;
    char text[WIDGET_TEXT_MAX], addr[128];
    /* The actions the workflow allows from here, for this role: their rows
     * are kept free at the bottom in portrait. */
    bool allowed[ACTIONS] = {false};
    int n_allowed = 0;
    for (int i = 0; i < ACTIONS; i++) {
        WfState to;
        allowed[i] = wf_next(r->state, actions[i].action, &to) &&
                     wf_role_may(a->staff.who.role, actions[i].action);
        n_allowed += allowed[i];
    }
    int action_h = wide ? 0 : ((n_allowed + 1) / 2) * (t->button_h + t->gap);
    /* Landscape with larger text: the facts step their size down (staying
     * larger than without) until the timeline's heading and a line of it
     * fit above the nav bar, laid out again from here. */
    int mark = ui->count, floor_px = (int)(px / t->scale * 1.1 + 0.5);
    bool tight = false; /* the facts' rows closed up first */
again:
    y = left.y;
    const CfgCategory *cat = config_category(&a->cfg, d->category);
    const CfgItem *issue = cat ? config_issue(cat, d->issue) : NULL;
    snprintf(text, sizeof text, "%s · %s%s%s",
             cat ? config_label(&cat->item, app_lang_code(a)) : "",
             issue ? config_label(issue, app_lang_code(a)) : app_str(a, S_OTHER),
             d->urgency ? " · " : "", d->urgency ? app_str(a, S_URGENCY_URGENT) : "");
    detail_row(a, ui, left, px, &y, tight, "detail.what", S_REVIEW_CATEGORY, text);
    flags_text(a, d->flags, text, sizeof text);
    if (text[0]) /* 80岁以上、残疾人、独居: what the resident said of themselves */
        detail_row(a, ui, left, px, &y, tight, "detail.flags", S_REVIEW_FLAGS, text);
    detail_row(a, ui, left, px, &y, tight, "detail.status", S_DETAIL_STATUS,
               app_status_word(a, r->status));
    if (d->description[0])
        detail_row(a, ui, left, px, &y, tight, "detail.description", S_REVIEW_DESC, d->description);
    /* The phone in full: here, and only here. */
    snprintf(text, sizeof text, "%s  %s%s", d->phone, d->name,
             d->sms[0] ? app_str(a, S_SMS_STAFF) : ""); /* asked for texts (issue 23) */
    detail_row(a, ui, left, px, &y, tight, "detail.phone", S_REVIEW_PHONE, text);
    app_format_address(a, d->building, d->unit, d->room, addr, sizeof addr);
    detail_row(a, ui, left, px, &y, tight, "detail.address", S_REVIEW_ADDRESS, addr);
    if (r->assignee[0])
        detail_row(a, ui, left, px, &y, tight, "detail.assignee", S_DETAIL_ASSIGNEE,
                   a->queue.detail_who);
    if (a->queue.detail_ref_set) { /* referred to another site: its progress there */
        const ReferralOut *o = &a->queue.detail_ref;
        char when[16] = "";
        if (o->pulled_at > 0) {
            time_t pt = (time_t)o->pulled_at;
            struct tm ptm = {0};
            localtime_r(&pt, &ptm);
            snprintf(when, sizeof when, "%02d:%02d", ptm.tm_hour, ptm.tm_min);
        }
        bool zh = strcmp(app_lang_code(a), "zh") == 0;
        snprintf(text, sizeof text, "%s %s%s%s%s%s%s", o->to_site,
                 o->status[0] ? app_status_word(a, o->status) : app_str(a, S_REFER_WAITING),
                 when[0] ? (zh ? "（" : " (") : "", when[0] ? app_str(a, S_SYNCED_AT) : "",
                 when[0] ? " " : "", when, when[0] ? (zh ? "）" : ")") : "");
        detail_row(a, ui, left, px, &y, tight, "detail.referral", S_REFER_THERE, text);
    }
    {
        time_t due = (time_t)r->ticket.due_at;
        struct tm tm = {0};
        localtime_r(&due, &tm);
        snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d%s", tm.tm_year + 1900, tm.tm_mon + 1,
                 tm.tm_mday, tm.tm_hour, tm.tm_min,
                 wf_is_open(r->state) && r->ticket.due_at < app_now_ms(a) / 1000 ? " ⚠" : "");
        detail_row(a, ui, left, px, &y, tight, "detail.due", S_DETAIL_DUE, text);
    }
    if (wide && t->scale > 1.0 && (!tight || px - 2 >= floor_px) &&
        y + 2 * (int)(px * t->line_spacing) + t->gap / 2 > body.y + body.h) {
        ui->count = mark;
        if (tight)
            px -= 2;
        tight = true;
        goto again;
    }
    ui_label(ui, t, "detail.timeline", app_str(a, S_DETAIL_TIMELINE),
             (Rect){left.x, y, left.w, (int)(px * t->line_spacing)}, px);
    y += (int)(px * t->line_spacing) + t->gap / 2;
    /* As many of the latest events as the room holds (the oldest give way,
     * "…" saying so), never a line cut off. */
    int line_h = (int)(px * t->line_spacing);
    int room = body.y + body.h - action_h - y - (wide ? 0 : t->body_px * 3);
    int fit = room / line_h > 1 ? room / line_h : 1;
    char shown[sizeof a->queue.detail_timeline + 8];
    int lines;
    const char *events =
        rows_latest(a, a->queue.detail_timeline, px, left.w, fit, shown, sizeof shown, &lines);
    int th = lines * line_h;
    Widget *tw = ui_label(ui, t, "detail.events", events, (Rect){left.x, y, left.w, th}, px);
    if (tw)
        tw->align = ALIGN_LEFT;
    y += th + t->gap;

    int n = 0;
    Rect grid =
        wide ? right : (Rect){body.x, body.y + body.h - action_h + t->gap, body.w, action_h};
    int cols = wide ? 1 : 2;
    /* landscape: the actions and the message share the right's height */
    int act_h = t->button_h;
    if (wide) {
        int msg = a->staff.note[0] ? t->body_px * 3 + t->gap : 0;
        act_h = ui_fit_rows(right.h - msg, n_allowed > 0 ? n_allowed : 1, t->gap, 120, act_h);
    }
    for (int i = 0; i < ACTIONS; i++) {
        if (!allowed[i])
            continue;
        Widget *b = (actions[i].action == WF_CANCEL || actions[i].action == WF_REFER)
                        ? ui_button(ui, t, actions[i].id, app_str(a, actions[i].label),
                                    ui_grid_cell(grid, cols, act_h, t->gap, n))
                        : ui_primary(ui, t, actions[i].id, app_str(a, actions[i].label),
                                     ui_grid_cell(grid, cols, act_h, t->gap, n));
        if (b)
            b->font_px = t->body_px;
        n++;
    }
    if (a->staff.note[0]) {
        Rect m = wide ? (Rect){right.x, right.y + n * (act_h + t->gap), right.w, t->body_px * 3}
                      : (Rect){left.x, y, left.w, t->body_px * 2};
        Widget *w = ui_label(ui, t, "detail.message", a->staff.note, m, t->body_px);
        if (w) {
            w->bold = true;
            if (a->staff.note_bad)
                w->fg = t->error_fg;
        }
    }
}

static bool detail_tap(App *a, const char *id)
{
    for (int i = 0; i < ACTIONS; i++) {
        if (strcmp(id, actions[i].id) != 0)
            continue;
        a->queue.pending_action = actions[i].action;
        a->queue.pending_id = a->queue.detail.id;
        a->staff.note[0] = '\0';
        a->queue.pending_site[0] = '\0';
        if (actions[i].action == WF_REFER)
            app_refer_sites_load(a);
        if (actions[i].action == WF_REFER && a->queue.site_count > 0)
            app_push(a, &screen_refer_site); /* a district site: which one */
        else if (wf_needs_assignee(actions[i].action))
            app_push(a, &screen_assignee);
        else if (wf_needs_note(actions[i].action))
            app_push(a, &screen_note);
        else
            app_detail_act(a, NULL, NULL);
        return true;
    }
    return false;
}

const Screen screen_detail = {
    .id = "detail",
    .nav = NAV_BACK | NAV_HOME,
    .title = detail_title,
    .build = detail_build,
    .tap = detail_tap,
};

/* ---- a note for the action ---- */

static const StringKey presets[] = {S_NOTE_1, S_NOTE_2, S_NOTE_3, S_NOTE_4};
#define PRESETS (int)(sizeof presets / sizeof presets[0])

static const char *note_title(App *a)
{
    return app_str(a, S_NOTE_TITLE);
}

static void note_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    bool wide = a->width > a->height;
    /* Landscape: the typed note on the left, the common ones on the right. */
    Rect left = body, right = body;
    if (wide) {
        left.w = body.w / 2 - t->gap;
        right.x = body.x + body.w / 2 + t->gap;
        right.w = body.w - left.w - 2 * t->gap;
    }
    int y = left.y;
    int hint_h =
        app_text_lines(a, app_str(a, S_NOTE_HINT), t->body_px, left.w) * t->body_px * 135 / 100;
    ui_label(ui, t, "note.hint", app_str(a, S_NOTE_HINT), (Rect){left.x, y, left.w, hint_h},
             t->body_px);
    y += hint_h + t->gap;
    bool empty = a->queue.note_text[0] == '\0';
    Widget *f = ui_add(ui, "note.field", UI_ROLE_FIELD,
                       empty ? app_str(a, S_DESCRIBE_HINT) : a->queue.note_text,
                       (Rect){left.x, y, left.w, t->primary_h}, t->body_px,
                       empty ? t->muted_fg : t->field_fg, t->field_bg);
    if (f)
        f->align = ALIGN_LEFT;
    y += t->primary_h + t->gap;
    ui_primary(ui, t, "note.ok", app_str(a, S_KEY_OK),
               (Rect){left.x + left.w / 2, y, left.w / 2, t->button_h});
    if (a->message_set) {
        Widget *m = ui_label(ui, t, "note.message", app_str(a, a->message),
                             (Rect){left.x, y, left.w / 2 - t->gap, t->button_h}, t->body_px);
        if (m)
            m->fg = t->error_fg;
    }
    y += t->button_h + t->gap * 2;
    Rect grid = wide ? right : (Rect){body.x, y, body.w, body.y + body.h - y};
    int row_h = ui_fit_rows(grid.h, PRESETS, t->gap, 88, t->button_h);
    for (int i = 0; i < PRESETS; i++) {
        char id[WIDGET_ID_MAX];
        snprintf(id, sizeof id, "note.%d", i + 1);
        Widget *w =
            ui_button(ui, t, id, app_str(a, presets[i]), ui_grid_cell(grid, 1, row_h, t->gap, i));
        if (w)
            w->font_px = t->body_px;
    }
}

static bool note_tap(App *a, const char *id)
{
    int n = 0;
    if (sscanf(id, "note.%d", &n) == 1 && n >= 1 && n <= PRESETS) {
        app_detail_act(a, app_str(a, presets[n - 1]), NULL);
        return true;
    }
    if (strcmp(id, "note.ok") == 0) {
        char note[REQ_DESC_MAX];
        text_copy(note, sizeof note, a->queue.note_text);
        text_trim(note);
        if (!note[0]) {
            app_set_message(a, S_NOTE_EMPTY);
            return true;
        }
        app_detail_act(a, note, NULL);
        return true;
    }
    return strcmp(id, "note.field") == 0;
}

static void note_text(App *a, const char *utf8)
{
    if (textfield_insert(a->queue.note_text, sizeof a->queue.note_text, REQ_DESC_CHARS, utf8))
        app_changed(a);
}

static void note_key(App *a, const char *name)
{
    if (textfield_key(a->queue.note_text, name))
        app_changed(a);
    else if (strcmp(name, "Escape") == 0)
        app_back(a);
}

static bool note_field(App *a, const char *id, TextField *f)
{
    if (strcmp(id, "note.field") != 0)
        return false;
    *f = (TextField){a->queue.note_text, REQ_DESC_CHARS, S_NOTE_TITLE};
    return true;
}

const Screen screen_note = {
    .id = "note",
    .nav = NAV_BACK | NAV_HOME,
    .title = note_title,
    .build = note_build,
    .tap = note_tap,
    .text = note_text,
    .key = note_key,
    .field = note_field,
};

/* ---- to whom ---- */

static const char *assignee_title(App *a)
{
    return app_str(a, S_ASSIGNEE_TITLE);
}

static void assignee_enter(App *a)
{
    app_assignees_load(a);
}

static void assignee_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    int cols = a->width > a->height ? 3 : 2;
    int rows = (a->staff.assignee_count + cols - 1) / cols;
    int row_h = ui_fit_rows(body.h, rows, t->gap, 88, t->button_h);
    for (int i = 0; i < a->staff.assignee_count; i++) {
        char id[WIDGET_ID_MAX];
        snprintf(id, sizeof id, "assignee.%d", i + 1);
        Widget *w = ui_button(ui, t, id,
                              a->staff.assignees[i].label[0] ? a->staff.assignees[i].label
                                                             : a->staff.assignees[i].name,
                              ui_grid_cell(body, cols, row_h, t->gap, i));
        if (w)
            w->font_px = t->body_px;
    }
}

static bool assignee_tap(App *a, const char *id)
{
    int n = 0;
    if (sscanf(id, "assignee.%d", &n) == 1 && n >= 1 && n <= a->staff.assignee_count) {
        app_detail_act(a, NULL, a->staff.assignees[n - 1].name);
        return true;
    }
    return false;
}

const Screen screen_assignee = {
    .id = "assignee",
    .nav = NAV_BACK | NAV_HOME,
    .enter = assignee_enter,
    .title = assignee_title,
    .build = assignee_build,
    .tap = assignee_tap,
};

/* ---- refer to which site of the district ---- */

static const char *refer_title(App *a)
{
    return app_str(a, S_REFER_TITLE);
}

static void refer_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    int cols = a->width > a->height ? 3 : 2;
    int rows = (a->queue.site_count + cols - 1) / cols;
    int row_h = ui_fit_rows(body.h, rows, t->gap, 88, t->button_h);
    for (int i = 0; i < a->queue.site_count; i++) {
        char id[WIDGET_ID_MAX], label[160];
        const DistrictSite *s = &a->queue.sites[i];
        snprintf(id, sizeof id, "refer.%d", i + 1);
        if (s->name[0])
            snprintf(label, sizeof label, "%s\n%s", s->name, s->code);
        else
            snprintf(label, sizeof label, "%s", s->code);
        Widget *w = ui_button(ui, t, id, label, ui_grid_cell(body, cols, row_h, t->gap, i));
        if (w)
            w->font_px = t->body_px;
    }
}

static bool refer_tap(App *a, const char *id)
{
    int n = 0;
    if (sscanf(id, "refer.%d", &n) == 1 && n >= 1 && n <= a->queue.site_count) {
        text_copy(a->queue.pending_site, sizeof a->queue.pending_site, a->queue.sites[n - 1].code);
        app_push(a, &screen_note);
        return true;
    }
    return false;
}

const Screen screen_refer_site = {
    .id = "refer_site",
    .nav = NAV_BACK | NAV_HOME,
    .title = refer_title,
    .build = refer_build,
    .tap = refer_tap,
};
