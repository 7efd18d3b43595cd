/* receipt.h - the ticket as a receipt: its layout.
 *
 * The receipt is laid out as a widget list at the paper's width in dots
 * (384 for 58 mm, 576 for 80 mm).  Drawing it and turning it into a print
 * job is receipt_print.h's, a layer up, where the renderer is.  Never more
 * of the phone number than its last four digits. */
#ifndef KIOSK_RECEIPT_H
#define KIOSK_RECEIPT_H

#include <stddef.h>
#include <stdint.h>

#include "kiosk/booking.h"
#include "kiosk/config.h"
#include "kiosk/qr.h"
#include "kiosk/request.h"
#include "kiosk/strings.h"
#include "kiosk/ticket.h"
#include "kiosk/ui.h"

#define RECEIPT_MAX_HEIGHT 2400

/* What a receipt shows. */
typedef struct {
    const Config *cfg;
    Lang lang;
    const Ticket *ticket;
    int response_hours;
    const RequestDraft *request; /* what was filed; NULL leaves that line out */
    /* A booking's ticket: what was booked (service, day, slot, pick-up,
     * the phone's last digits) and the service as stored; both NULL for a
     * request. */
    const BookingDraft *booking;
    const CfgService *service;
    /* A walk-in number's ticket (kind 'Q'): how many waited before it. */
    int walkin_ahead;
    /* A volunteer's card (kind 'V', issue 21): whose (printed, never in
     * the QR); with passbook (lines separated by \n) the passbook slip
     * instead, which has no QR (the card stays the only one). */
    const char *volunteer_name;
    const char *passbook;
    /* An activity sign-up's ticket (kind 'H'): its lines, one a line
     * (activity, when, where, people, what to bring; issue 20). */
    const char *activity;
} ReceiptInfo;

/* Lays the receipt out for width dots into ui (with the black-on-white theme
 * written to *t) and returns its height in dots (at most
 * RECEIPT_MAX_HEIGHT); *qr_module (when not NULL) gets the QR's module size
 * in dots.  qr is the matrix of info->ticket's payload; the QR widget points
 * at it.  Lines are measured with m when it is not NULL, estimated
 * otherwise. */
int receipt_layout(UiList *ui, Theme *t, int width, const ReceiptInfo *info, const QrMatrix *qr,
                   const UiMeasure *m, int *qr_module);

/* The paper width in dots for 58 or 80 (mm); 0 for anything else. */
int receipt_width_dots(int paper_mm);

#endif
