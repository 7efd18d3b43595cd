/* volunteer_card.c - a volunteer's card as widgets (see volunteer_card.h). */
#include "kiosk/volunteer_card.h"

#include <stdio.h>
#include <string.h>

#include "kiosk/text.h"
#include "kiosk/ticket_card.h"

void volunteer_card_build(UiList *ui, const Theme *t, Rect area, Lang lang, const char *name,
                          const Ticket *tk, const QrMatrix *qr, const Widget *note)
{
    /* whose card, on a line of its own above the ticket's card (a name is
     * what it is, in any language) */
    int name_h = t->big_px * 135 / 100;
    Widget *n =
        ui_label(ui, t, "card.name", name, (Rect){area.x, area.y, area.w, name_h}, t->big_px);
    if (n) {
        n->bold = true;
        n->align = ALIGN_CENTER;
    }
    area.y += name_h + t->gap;
    area.h -= name_h + t->gap;
    static Widget hint;
    if (!note) {
        memset(&hint, 0, sizeof hint);
        text_copy(hint.id, sizeof hint.id, "card.hint");
        text_copy(hint.text, sizeof hint.text, str_get(lang, S_VOL_CARD_HINT));
        hint.role = UI_ROLE_LABEL;
        hint.font_px = t->body_px;
        hint.fg = t->fg;
        hint.bg = t->bg;
        note = &hint;
    }
    ticket_card_build_booking(ui, t, area, lang, tk, str_get(lang, S_VOL_CARD_NAME), qr, note);
}
