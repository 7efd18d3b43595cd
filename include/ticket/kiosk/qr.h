/* qr.h - a ticket payload as a QR module matrix (libqrencode).
 *
 * Level M, the smallest version that holds the text.  KT1/KT2 payloads
 * fit version 4 (33x33 modules); a KT3 payload (Ed25519 signature, 105-140
 * characters) needs version 6 to 8 (41 to 49 modules), still printed with
 * 6 dots or more per module on 58 mm paper (receipt.c). */
#ifndef KIOSK_QR_H
#define KIOSK_QR_H

#include <stdint.h>
#include "kiosk/result.h"

#define QR_MAX_VERSION 8
#define QR_MAX_MODULES 49

typedef struct {
    int size; /* modules per side */
    int version;
    uint8_t dark[QR_MAX_MODULES * QR_MAX_MODULES]; /* row-major, 1 = dark */
} QrMatrix;

/* Encodes text; K_ERR_INVALID when it needs a version above QR_MAX_VERSION. */
KResult qr_encode(const char *text, QrMatrix *out);

#endif
