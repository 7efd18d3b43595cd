/* volunteer_card.h - a volunteer's card (issue 21) as widgets: the same
 * card as a ticket's (ticket_card.h), with "志愿者证", the volunteer's name
 * and the card's hint in place of a booking's lines.  The kiosk's card
 * screen and `kiosk admin volunteers card` both lay it out here.  The QR
 * holds the ticket's payload only: the name is printed beside it, never
 * encoded in it. */
#ifndef KIOSK_VOLUNTEER_CARD_H
#define KIOSK_VOLUNTEER_CARD_H

#include "kiosk/qr.h"
#include "kiosk/strings.h"
#include "kiosk/ticket.h"
#include "kiosk/ui.h"

/* Builds the card of tk (kind 'V') for the volunteer called name into
 * area: the name (card.name) above the ticket card.  The last line is note
 * (as ticket_card_build's) or, when NULL, the card's hint (card.hint).
 * qr (tk's payload) must outlive ui's use; name and note are copied. */
void volunteer_card_build(UiList *ui, const Theme *t, Rect area, Lang lang, const char *name,
                          const Ticket *tk, const QrMatrix *qr, const Widget *note);

#endif
