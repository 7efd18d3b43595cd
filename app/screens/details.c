/* details.c - optional name and address.  The name is typed (committed text
 * from any source); the address is picked (address.c). */
#include <stdio.h>
#include <string.h>

#include "kiosk/app.h"
#include "kiosk/app_request.h"
#include "kiosk/text.h"
#include "textfield.h"

static const char *details_title(App *a)
{
    return app_str(a, S_DETAILS_TITLE);
}

static void details_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    int y = body.y;
    ui_label(ui, t, "details.hint", app_str(a, S_DETAILS_HINT),
             (Rect){body.x, y, body.w, t->body_px * 2}, t->body_px);
    y += t->body_px * 2 + t->gap;

    /* Larger text on a landscape screen: name and address side by side. */
    bool beside = a->width > a->height && t->scale > 1.0;
    Rect col = body;
    if (beside)
        col.w = (body.w - 2 * t->gap) / 2;
    int top = y;
    ui_label(ui, t, "details.name_label", app_str(a, S_NAME_LABEL),
             (Rect){col.x, y, col.w, t->body_px * 2}, t->body_px);
    y += t->body_px * 2;
    bool no_name = a->session.draft.name[0] == '\0';
    Widget *f = ui_add(ui, "details.name", UI_ROLE_FIELD,
                       no_name ? app_str(a, S_NAME_HINT) : a->session.draft.name,
                       (Rect){col.x, y, col.w, t->primary_h}, no_name ? t->body_px : t->big_px,
                       no_name ? t->hint_fg : t->field_fg, t->field_bg);
    if (f)
        f->align = ALIGN_LEFT;
    y += t->primary_h + t->gap * 2;
    if (beside) {
        y = top;
        body.x += col.w + 2 * t->gap;
        body.w = col.w;
    }

    ui_label(ui, t, "details.address_label", app_str(a, S_ADDRESS_LABEL),
             (Rect){body.x, y, body.w, t->body_px * 2}, t->body_px);
    y += t->body_px * 2;
    char addr[128];
    app_format_address(a, a->session.draft.building, a->session.draft.unit, a->session.draft.room,
                       addr, sizeof addr);
    /* The clear button sits beside the address, so the column stays short
     * enough for landscape screens. */
    int clear_w = addr[0] ? body.w / 3 : 0;
    int addr_w = addr[0] ? body.w - clear_w - t->gap : body.w;
    ui_button(ui, t, "details.address", addr[0] ? addr : app_str(a, S_ADDRESS_PICK),
              (Rect){body.x, y, addr_w, t->primary_h});
    if (addr[0])
        ui_button(ui, t, "details.address_clear", app_str(a, S_ADDRESS_CLEAR),
                  (Rect){body.x + addr_w + t->gap, y, clear_w, t->primary_h});
}

static bool details_tap(App *a, const char *id)
{
    if (strcmp(id, "details.address") == 0) {
        a->session.addr_step = 0;
        app_push(a, &screen_address);
        return true;
    }
    if (strcmp(id, "details.address_clear") == 0) {
        a->session.draft.building[0] = a->session.draft.unit[0] = a->session.draft.room[0] = '\0';
        app_changed(a);
        return true;
    }
    if (strcmp(id, "nav.next") == 0) {
        text_trim(a->session.draft.name);
        app_push(a, &screen_urgency);
        return true;
    }
    return strcmp(id, "details.name") == 0; /* focus is already there */
}

static void details_text(App *a, const char *utf8)
{
    if (textfield_insert(a->session.draft.name, sizeof a->session.draft.name, REQ_NAME_CHARS,
                         utf8)) {
        a->session.draft_touched = true;
        app_changed(a);
    }
}

static void details_key(App *a, const char *name)
{
    if (textfield_key(a->session.draft.name, name))
        app_changed(a);
    else if (strcmp(name, "Escape") == 0)
        app_back(a);
}

static bool details_field(App *a, const char *id, TextField *f)
{
    if (strcmp(id, "details.name") != 0)
        return false;
    *f = (TextField){a->session.draft.name, REQ_NAME_CHARS, S_NAME_LABEL};
    return true;
}

const Screen screen_details = {
    .id = "details",
    .nav = NAV_BACK | NAV_HOME | NAV_NEXT,
    .title = details_title,
    .build = details_build,
    .tap = details_tap,
    .text = details_text,
    .key = details_key,
    .field = details_field,
};
