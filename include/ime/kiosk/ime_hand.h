/* ime_hand.h - handwriting recognition of one Chinese character.
 *
 * Wraps zinnia with the model of Debian's tegaki-zinnia-simplified-chinese.
 * The caller adds strokes (lists of points in a writing box of a given
 * size) and asks for candidates after each stroke; undo drops the last
 * stroke, clear all of them.  The points are kept here so the pad can draw
 * them.  No SDL: unit-tested headless with stroke fixtures. */
#ifndef KIOSK_IME_HAND_H
#define KIOSK_IME_HAND_H

#include <stdbool.h>
#include <stddef.h>

#include "kiosk/lazylib.h"
#include "kiosk/result.h"

typedef struct ImeHand ImeHand;

/* zinnia, which ime_hand_open loads on first use (lazylib.h); without it
 * the open fails (K_ERR_UNSUPPORTED) saying which package is missing. */
extern LazyLib lazy_libzinnia;

#define IME_HAND_MODEL "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model"
#define IME_HAND_STROKES 48 /* strokes kept for one character */
#define IME_HAND_POINTS 2048

/* A point of ink; strokes are separated by a point with x < 0. */
typedef struct {
    short x, y;
} ImePoint;

/* Loads the model at path (NULL: IME_HAND_MODEL).  On failure err says why. */
KResult ime_hand_open(const char *path, ImeHand **out, char *err, size_t errcap);
void ime_hand_close(ImeHand *h); /* NULL does nothing */

/* Starts a stroke at (x, y) in a box of w x h; false when full. */
bool ime_hand_begin(ImeHand *h, int x, int y);
/* Adds a point to the stroke begun; points closer than 3 px to the last are
 * skipped. */
void ime_hand_move(ImeHand *h, int x, int y);
/* Ends the stroke begun (a stroke of one point is kept as a dot). */
void ime_hand_end(ImeHand *h);

bool ime_hand_undo(ImeHand *h); /* false when there was no stroke */
void ime_hand_clear(ImeHand *h);
int ime_hand_strokes(const ImeHand *h);

/* The ink so far (strokes separated by x < 0); valid until the next call
 * that changes h. */
const ImePoint *ime_hand_points(const ImeHand *h, int *count);

/* Recognises the strokes written in a box of w x h: up to max candidates,
 * best first, each a UTF-8 character in out[i] (8 bytes).  keep (may be
 * NULL) leaves out characters it refuses.  Returns the count (0 with no
 * strokes). */
int ime_hand_recognize(ImeHand *h, int w, int ht, bool (*keep)(void *ctx, const char *text),
                       void *keep_ctx, char (*out)[8], int max);

#endif
