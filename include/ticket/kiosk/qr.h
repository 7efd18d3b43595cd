/* qr.h - a ticket payload as a QR module matrix (libqrencode).
 *
 * Level M, the smallest version that holds the text, version 4 at most
 * (33x33 modules) so it prints small on 58 mm paper and still scans from a
 * phone photo. */
#ifndef KIOSK_QR_H
#define KIOSK_QR_H

#include <stdint.h>
#include "kiosk/result.h"

#define QR_MAX_VERSION 4
#define QR_MAX_MODULES 33

typedef struct {
    int size; /* modules per side */
    int version;
    uint8_t dark[QR_MAX_MODULES * QR_MAX_MODULES]; /* row-major, 1 = dark */
} QrMatrix;

/* Encodes text; K_ERR_INVALID when it needs a version above 4. */
KResult qr_encode(const char *text, QrMatrix *out);

#endif
