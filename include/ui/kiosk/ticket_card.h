/* ticket_card.h - the ticket as a card on screen, and the wording of a
 * booking's lines shared by the card and the printed receipt.
 *
 * The card is laid out as widgets into a UiList (nothing is drawn here):
 * the ticket screen shows it and `kiosk admin ticket png` renders it to a
 * file.  A booking's "when / where / what to bring" lines are worded in one
 * place (ticket_card_booking_lines), so screen and paper say the same. */
#ifndef KIOSK_TICKET_CARD_H
#define KIOSK_TICKET_CARD_H

#include <stddef.h>

#include "kiosk/booking.h"
#include "kiosk/config.h"
#include "kiosk/qr.h"
#include "kiosk/strings.h"
#include "kiosk/ticket.h"
#include "kiosk/ui.h"

#define TICKET_CARD_LINE_MAX 512 /* one line of a booking's details, bytes */

/* Builds a request's ticket card (number, QR, lookup code, response time;
 * an urgent request's shorter promise says so, with the emergency numbers
 * under it: ticket.emergency) into area.  The last line is note (its id, text, size and colours;
 * placed by the card) or, when NULL, the hint to photograph the QR code.  qr and note are read
 * during the call only; the widgets point at qr (ui->qr), which must outlive ui's use. */
void ticket_card_build(UiList *ui, const Theme *t, Rect area, Lang lang, const Ticket *tk,
                       int response_hours, bool urgent, const QrMatrix *qr, const Widget *note);

/* The same card for a booking, or a walk-in number (kind 'Q'): info (lines
 * separated by \n: when, where, what to bring, or the place in the queue)
 * takes the place of the response time, and the hint is the kind's. */
void ticket_card_build_booking(UiList *ui, const Theme *t, Rect area, Lang lang, const Ticket *tk,
                               const char *info, const QrMatrix *qr, const Widget *note);

/* What a booking's ticket says of it, one line each ("" when the booking
 * has nothing for that line).  The one wording for screen and paper. */
typedef struct {
    char service[TICKET_CARD_LINE_MAX];  /* "服务：陪诊就医" */
    char when[TICKET_CARD_LINE_MAX];     /* "时间：12月3日 周四 09:00-10:00" */
    char place[TICKET_CARD_LINE_MAX];    /* the service's place, or an escort's pick-up
                                            with the home's address: "接您地点：您家门口（3栋
                                            2单元 1203室）" */
    char hospital[TICKET_CARD_LINE_MAX]; /* an escort's: "医院：市人民医院 心内科" */
    char bring[TICKET_CARD_LINE_MAX];    /* "请带上：..." */
    char todo[TICKET_CARD_LINE_MAX];     /* what to do, fitting the pick-up: wait at home,
                                            be at the hospital, or show the ticket */
} TicketBookingLines;

/* A booking's lines in lang into *out; cfg (may be NULL: codes are shown)
 * names hospitals, departments and buildings. */
void ticket_card_booking_lines(Lang lang, const Config *cfg, const BookingDraft *b,
                               const CfgService *s, TicketBookingLines *out);

/* The lines of ticket_card_booking_lines joined by \n (empty ones left
 * out) into out (cap bytes): the info of ticket_card_build_booking. */
void ticket_card_booking_info(Lang lang, const Config *cfg, const BookingDraft *b,
                              const CfgService *s, char *out, size_t cap);

#endif
