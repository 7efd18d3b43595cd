/* receipt_print.h - the receipt drawn: a 1-bit image and an ESC/POS job.
 *
 * The layout (receipt.h) drawn by an offscreen renderer, reduced to 1 bit
 * and encoded with GS v 0.  Chinese is part of the image, so any ESC/POS
 * printer prints it.  Here rather than beside the layout because it needs
 * the renderer, which is SDL's and a layer above the widgets. */
#ifndef KIOSK_RECEIPT_PRINT_H
#define KIOSK_RECEIPT_PRINT_H

#include <stddef.h>
#include <stdint.h>

#include "kiosk/escpos.h"
#include "kiosk/receipt.h"
#include "kiosk/render.h"
#include "kiosk/result.h"

/* The receipt as a 1-bit image (img->bits malloc'd; free it).  r is an
 * offscreen renderer of width x RECEIPT_MAX_HEIGHT; width is 384 or 576
 * (K_ERR_INVALID otherwise). */
KResult receipt_print_image(Renderer *r, int width, const ReceiptInfo *info, Bitmap1 *img);

/* The receipt as a whole ESC/POS job (*job malloc'd; free it). */
KResult receipt_print_job(Renderer *r, int width, const ReceiptInfo *info, uint8_t **job,
                          size_t *len);

#endif
