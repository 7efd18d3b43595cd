/* receipt_print.c - the receipt's layout drawn offscreen and made a print
 * job (see receipt_print.h).
 *
 * The layout is measured with the same renderer that draws it, so a line
 * wraps on paper exactly where its height was reserved. */
#include "kiosk/receipt_print.h"

#include <stdlib.h>
#include <string.h>

#include "kiosk/qr.h"

KResult receipt_print_image(Renderer *r, int width, const ReceiptInfo *info, Bitmap1 *img)
{
    static UiList ui;
    Theme t;
    QrMatrix qr;
    memset(img, 0, sizeof *img);
    if (receipt_width_dots(58) != width && receipt_width_dots(80) != width)
        return K_ERR_INVALID;
    KResult rc = qr_encode(info->ticket->payload, &qr);
    if (rc != K_OK)
        return rc;
    UiMeasure m = render_measurer(r);
    int h = receipt_layout(&ui, &t, width, info, &qr, &m, NULL);
    uint8_t *gray = malloc((size_t)width * (size_t)h);
    img->stride = width / 8;
    img->bits = calloc((size_t)img->stride, (size_t)h);
    if (!gray || !img->bits) {
        free(gray);
        free(img->bits);
        img->bits = NULL;
        return K_ERR_NOMEM;
    }
    rc = render_offscreen_gray(r, &ui, &t, gray, width, h);
    if (rc == K_OK) {
        /* Thermal paper has no grey: a dot burns or not.  The threshold sits
         * a little above the middle so anti-aliased strokes stay solid. */
        for (int yy = 0; yy < h; yy++)
            for (int x = 0; x < width; x++)
                if (gray[(size_t)yy * (size_t)width + (size_t)x] < 150)
                    img->bits[(size_t)yy * (size_t)img->stride + (size_t)(x / 8)] |=
                        (uint8_t)(0x80 >> (x % 8));
        img->width = width;
        img->height = h;
    } else {
        free(img->bits);
        img->bits = NULL;
    }
    free(gray);
    memset(&ui, 0, sizeof ui); /* the receipt's text does not stay behind */
    return rc;
}

KResult receipt_print_job(Renderer *r, int width, const ReceiptInfo *info, uint8_t **job,
                          size_t *len)
{
    Bitmap1 img;
    KResult rc = receipt_print_image(r, width, info, &img);
    if (rc != K_OK)
        return rc;
    rc = escpos_encode(&img, job, len);
    free(img.bits);
    return rc;
}
