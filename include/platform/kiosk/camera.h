/* camera.h - reading ticket QR codes with a camera (V4L2 and libzbar).
 *
 * Optional: only when the configuration names a camera device.  A capture
 * thread grabs grey frames and runs zbar's image scanner on them; decoded
 * texts are handed to the app, which treats them exactly like a keyboard-
 * wedge scan (one place decides what a payload means). */
#ifndef KIOSK_CAMERA_H
#define KIOSK_CAMERA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kiosk/lazylib.h"
#include "kiosk/result.h"

/* libzbar, loaded by camera_open or the first decode (lazylib.h): without
 * it camera_open fails saying which package is missing, and nothing
 * decodes. */
extern LazyLib lazy_libzbar;

/* Decodes QR codes in an 8-bit grey image (w x h, stride bytes a row);
 * writes the first symbol's text into out and returns true when there is
 * one.  This is the decoding step of the camera path, usable on its own. */
bool camera_decode_gray(const uint8_t *gray, int w, int h, int stride, char *out, size_t cap);

typedef struct Camera Camera;

/* Opens device (e.g. /dev/video0) and starts capturing on a thread.
 * "image:PATH" is a still source instead: the PNG at PATH is scanned again
 * and again through the same thread and decoder (tests, demonstrations). */
KResult camera_open(const char *device, Camera **out, char *err, size_t errcap);

/* Stops the thread and closes the device; NULL is fine. */
void camera_close(Camera *c);

/* Takes one decoded text without waiting; false when none.  The same code
 * seen in consecutive frames is reported once. */
bool camera_poll(Camera *c, char *out, size_t cap);

#endif
