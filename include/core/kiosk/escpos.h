/* escpos.h - ESC/POS print jobs for receipt printers.
 *
 * A job prints one 1-bit image: ESC @ (initialise), the image as raster
 * bands with GS v 0 (so Chinese text, drawn into the image, prints on any
 * printer whatever fonts it has), a few lines of feed (ESC d) and a partial
 * cut (GS V 66 0, feed then cut).  Bands keep each command small for
 * printers with small input buffers. */
#ifndef KIOSK_ESCPOS_H
#define KIOSK_ESCPOS_H

#include <stddef.h>
#include <stdint.h>

#include "kiosk/result.h"

#define ESCPOS_WIDTH_58 384 /* dots across 58 mm paper at 203 dpi */
#define ESCPOS_WIDTH_80 576 /* ... and 80 mm paper */
#define ESCPOS_BAND_ROWS 128

/* A 1-bit image: rows of stride bytes, most significant bit leftmost,
 * 1 = black (burn a dot), as GS v 0 wants it.  width is a multiple of 8. */
typedef struct {
    int width, height, stride;
    uint8_t *bits;
} Bitmap1;

/* Encodes a whole job for img into *out (malloc'd; the caller frees) of
 * *len bytes.  K_ERR_INVALID for a width that is not a positive multiple of
 * 8 or an empty image. */
KResult escpos_encode(const Bitmap1 *img, uint8_t **out, size_t *len);

#endif
