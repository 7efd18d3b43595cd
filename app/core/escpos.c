/* escpos.c - turns a 1-bit image into an ESC/POS print job.
 *
 * The job is the same for every receipt printer we support: initialise,
 * the image as GS v 0 raster bands of at most ESCPOS_BAND_ROWS rows, feed
 * four lines, partial cut.  Printing an image rather than text means the
 * printer needs no Chinese font.  Pure C with no I/O, so the layout is
 * checked byte for byte in tests/test_escpos.c.
 *
 * Size limits: GS v 0 carries bytes per row in 16 bits, so a row is at most
 * 65535 bytes; the height is capped at ESCPOS_MAX_ROWS (far longer than any
 * receipt) and the total size is computed with overflow checks, so a bad
 * Bitmap1 is refused rather than wrapping a size_t. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk/escpos.h"

#define ESCPOS_MAX_ROW_BYTES 0xFFFF
#define ESCPOS_MAX_ROWS (1 << 20) /* about 130 m of paper at 203 dpi */

static const uint8_t escpos_init[] = {0x1B, 0x40};             /* ESC @ */
static const uint8_t escpos_feed[] = {0x1B, 0x64, 0x04};       /* ESC d 4 */
static const uint8_t escpos_cut[] = {0x1D, 0x56, 0x42, 0x00};  /* GS V 66 0 */
static const uint8_t escpos_band[] = {0x1D, 0x76, 0x30, 0x00}; /* GS v 0 m=0 */
#define ESCPOS_BAND_HEADER (sizeof escpos_band + 4)            /* + xL xH yL yH */

KResult escpos_encode(const Bitmap1 *img, uint8_t **out, size_t *len)
{
    if (out)
        *out = NULL;
    if (len)
        *len = 0;
    if (!img || !out || !len || !img->bits)
        return K_ERR_INVALID;
    if (img->width <= 0 || img->width % 8 != 0 || img->height <= 0)
        return K_ERR_INVALID;
    size_t row_bytes = (size_t)img->width / 8;
    if (row_bytes > ESCPOS_MAX_ROW_BYTES || img->height > ESCPOS_MAX_ROWS)
        return K_ERR_INVALID;
    if (img->stride < 0 || (size_t)img->stride < row_bytes)
        return K_ERR_INVALID;

    size_t rows = (size_t)img->height;
    size_t bands = (rows + ESCPOS_BAND_ROWS - 1) / ESCPOS_BAND_ROWS;
    size_t fixed = sizeof escpos_init + sizeof escpos_feed + sizeof escpos_cut;
    if (bands > (SIZE_MAX - fixed) / ESCPOS_BAND_HEADER)
        return K_ERR_INVALID;
    size_t overhead = fixed + bands * ESCPOS_BAND_HEADER;
    if (rows > (SIZE_MAX - overhead) / row_bytes)
        return K_ERR_INVALID;
    size_t total = overhead + rows * row_bytes;

    uint8_t *buf = malloc(total);
    if (!buf)
        return K_ERR_NOMEM;
    uint8_t *p = buf;
    memcpy(p, escpos_init, sizeof escpos_init);
    p += sizeof escpos_init;
    for (size_t y0 = 0; y0 < rows; y0 += ESCPOS_BAND_ROWS) {
        size_t n = rows - y0 < ESCPOS_BAND_ROWS ? rows - y0 : ESCPOS_BAND_ROWS;
        memcpy(p, escpos_band, sizeof escpos_band);
        p += sizeof escpos_band;
        *p++ = (uint8_t)(row_bytes & 0xFF);
        *p++ = (uint8_t)(row_bytes >> 8);
        *p++ = (uint8_t)(n & 0xFF);
        *p++ = (uint8_t)(n >> 8);
        for (size_t y = y0; y < y0 + n; y++) {
            memcpy(p, img->bits + y * (size_t)img->stride, row_bytes);
            p += row_bytes;
        }
    }
    memcpy(p, escpos_feed, sizeof escpos_feed);
    p += sizeof escpos_feed;
    memcpy(p, escpos_cut, sizeof escpos_cut);
    p += sizeof escpos_cut;

    *out = buf;
    *len = (size_t)(p - buf);
    return K_OK;
}
