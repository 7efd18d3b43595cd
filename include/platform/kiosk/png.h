/* png.h - images written as PNG files (libpng): screenshots, ticket images
 * and report charts, always through outfile (written beside the final
 * name, renamed into place, never over the station's files). */
#ifndef KIOSK_PNG_H
#define KIOSK_PNG_H

#include <stddef.h>
#include <stdint.h>

#include "kiosk/result.h"

/* Writes h rows of w pixels, each row pitch bytes apart in pixels, as a PNG
 * file at path.  channels is 1 (grey), 3 (RGB) or 4 (RGBA), 8 bits each.
 * K_ERR_REFUSED (a path outfile refuses) or K_ERR_IO, the reason in err. */
KResult png_write(const char *path, int w, int h, int channels, const uint8_t *pixels, size_t pitch,
                  char *err, size_t errcap);

#endif
