/* volunteer_card.c - a volunteer's card as widgets (see volunteer_card.h). */
#include "kiosk/volunteer_card.h"

#include <stdio.h>

#include "kiosk/ticket_card.h"

void volunteer_card_build(UiList *ui, const Theme *t, Rect area, Lang lang, const char *name,
                          const Ticket *tk, const QrMatrix *qr)
{
    char info[WIDGET_TEXT_MAX];
    snprintf(info, sizeof info, "%s\n%s", str_get(lang, S_VOL_CARD_NAME), name);
    Widget note = {0};
    snprintf(note.id, sizeof note.id, "card.hint");
    snprintf(note.text, sizeof note.text, "%s", str_get(lang, S_VOL_CARD_HINT));
    note.font_px = t->body_px;
    note.fg = t->fg;
    note.bg = t->bg;
    ticket_card_build_booking(ui, t, area, lang, tk, info, qr, &note);
}
