/* qr.c - a ticket payload as a QR module matrix, through libqrencode
 * (see qr.h).
 *
 * libqrencode allocates its own QRcode; we copy the modules into the
 * caller's fixed-size QrMatrix and free it at once, so nothing from the
 * library outlives this call and the printer and the screen share one plain
 * value. */
#include "kiosk/qr.h"

#include <errno.h>
#include <string.h>
#include <qrencode.h>

/* Longer than any ticket payload (140 characters): refused before
 * libqrencode works on it. */
#define QR_TEXT_MAX 160

KResult qr_encode(const char *text, QrMatrix *out)
{
    QRcode *qr;
    KResult rc = K_ERR_INVALID;

    if (out == NULL)
        return K_ERR_INVALID;
    memset(out, 0, sizeof *out);
    if (text == NULL || text[0] == '\0' || strnlen(text, QR_TEXT_MAX + 1) > QR_TEXT_MAX)
        return K_ERR_INVALID;

    /* Version 0 = smallest that fits.  With QR_MODE_8 as the hint and
     * case sensitivity on, libqrencode still splits the text into numeric
     * and alphanumeric segments where that is shorter, which is what keeps
     * a 63-character payload inside version 4. */
    errno = 0;
    qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (qr == NULL)
        return errno == ENOMEM ? K_ERR_NOMEM : K_ERR_INVALID;
    if (qr->version < 1 || qr->version > QR_MAX_VERSION || qr->width != 17 + 4 * qr->version ||
        qr->width > QR_MAX_MODULES)
        goto done;

    out->size = qr->width;
    out->version = qr->version;
    for (int i = 0; i < qr->width * qr->width; i++)
        out->dark[i] = qr->data[i] & 1; /* bit 0 is the module colour */
    rc = K_OK;
done:
    QRcode_free(qr);
    return rc;
}
