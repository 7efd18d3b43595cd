/* ime_hand.c - one character from finger strokes, with zinnia.
 *
 * zinnia classifies a character from its strokes (each a polyline, in
 * order); the model is the tegaki project's simplified-Chinese one.  The
 * points are kept as the pad drew them, so undo is dropping the last
 * stroke's points and asking again. */
#include "kiosk/ime_hand.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zinnia.h>

#include "kiosk/lazylib.h"
#include "kiosk/text.h"

/* zinnia, opened by the first ime_hand_open (lazylib.h). */
#define ZINNIA_FUNCS(X, api)                                                                       \
    X(api, zinnia_character_add)                                                                   \
    X(api, zinnia_character_clear)                                                                 \
    X(api, zinnia_character_destroy)                                                               \
    X(api, zinnia_character_new)                                                                   \
    X(api, zinnia_character_set_height)                                                            \
    X(api, zinnia_character_set_width)                                                             \
    X(api, zinnia_recognizer_classify)                                                             \
    X(api, zinnia_recognizer_destroy)                                                              \
    X(api, zinnia_recognizer_new)                                                                  \
    X(api, zinnia_recognizer_open)                                                                 \
    X(api, zinnia_recognizer_strerror)                                                             \
    X(api, zinnia_result_destroy)                                                                  \
    X(api, zinnia_result_size)                                                                     \
    X(api, zinnia_result_value)
LAZYLIB_DEFINE(lazy_libzinnia, zinnia, ZINNIA_FUNCS, "libzinnia.so.0", "libzinnia0",
               "handwriting input");

struct ImeHand {
    zinnia_recognizer_t *rec;
    zinnia_character_t *chr;
    ImePoint pts[IME_HAND_POINTS];
    int count;   /* points, separators included */
    int strokes; /* finished or begun */
    bool in_stroke;
};

KResult ime_hand_open(const char *path, ImeHand **out, char *err, size_t errcap)
{
    *out = NULL;
    const char *model = path ? path : IME_HAND_MODEL;
    if (access(model, R_OK) != 0) {
        snprintf(err, errcap,
                 "no handwriting model at %s (install tegaki-zinnia-simplified-chinese)", model);
        return K_ERR_NOT_FOUND;
    }
    if (!lazylib_load(&lazy_libzinnia, err, errcap))
        return K_ERR_UNSUPPORTED;
    ImeHand *h = calloc(1, sizeof *h);
    if (!h) {
        snprintf(err, errcap, "out of memory");
        return K_ERR_NOMEM;
    }
    h->rec = zinnia.zinnia_recognizer_new();
    h->chr = zinnia.zinnia_character_new();
    if (!h->rec || !h->chr || !zinnia.zinnia_recognizer_open(h->rec, model)) {
        snprintf(err, errcap, "zinnia cannot load %s: %s", model,
                 h->rec ? zinnia.zinnia_recognizer_strerror(h->rec) : "out of memory");
        ime_hand_close(h);
        return K_ERR_CORRUPT;
    }
    *out = h;
    return K_OK;
}

void ime_hand_close(ImeHand *h)
{
    if (!h)
        return;
    if (h->chr)
        zinnia.zinnia_character_destroy(h->chr);
    if (h->rec)
        zinnia.zinnia_recognizer_destroy(h->rec);
    free(h);
}

static short clampi(int v)
{
    return (short)(v < 0 ? 0 : v > 30000 ? 30000 : v);
}

bool ime_hand_begin(ImeHand *h, int x, int y)
{
    if (h->in_stroke)
        ime_hand_end(h);
    /* room for the separator, the first point and a few more */
    if (h->strokes >= IME_HAND_STROKES || h->count + 8 > IME_HAND_POINTS)
        return false;
    if (h->count > 0)
        h->pts[h->count++] = (ImePoint){-1, -1};
    h->pts[h->count++] = (ImePoint){clampi(x), clampi(y)};
    h->strokes++;
    h->in_stroke = true;
    return true;
}

void ime_hand_move(ImeHand *h, int x, int y)
{
    if (!h->in_stroke || h->count + 1 >= IME_HAND_POINTS)
        return;
    ImePoint last = h->pts[h->count - 1];
    int dx = x - last.x, dy = y - last.y;
    if (dx * dx + dy * dy < 9)
        return;
    h->pts[h->count++] = (ImePoint){clampi(x), clampi(y)};
}

void ime_hand_end(ImeHand *h)
{
    h->in_stroke = false;
}

bool ime_hand_undo(ImeHand *h)
{
    if (h->strokes == 0)
        return false;
    int i = h->count - 1;
    while (i > 0 && h->pts[i].x >= 0)
        i--;
    h->count = i; /* drops the separator too (or everything: i == 0) */
    h->strokes--;
    h->in_stroke = false;
    return true;
}

void ime_hand_clear(ImeHand *h)
{
    h->count = 0;
    h->strokes = 0;
    h->in_stroke = false;
}

int ime_hand_strokes(const ImeHand *h)
{
    return h->strokes;
}

const ImePoint *ime_hand_points(const ImeHand *h, int *count)
{
    *count = h->count;
    return h->pts;
}

int ime_hand_recognize(ImeHand *h, int w, int ht, bool (*keep)(void *ctx, const char *text),
                       void *keep_ctx, char (*out)[8], int max)
{
    if (h->strokes == 0 || max <= 0)
        return 0;
    zinnia.zinnia_character_clear(h->chr);
    zinnia.zinnia_character_set_width(h->chr, (size_t)(w > 0 ? w : 1));
    zinnia.zinnia_character_set_height(h->chr, (size_t)(ht > 0 ? ht : 1));
    size_t stroke = 0;
    for (int i = 0; i < h->count; i++) {
        if (h->pts[i].x < 0) {
            stroke++;
            continue;
        }
        zinnia.zinnia_character_add(h->chr, stroke, h->pts[i].x, h->pts[i].y);
    }
    /* Ask for more than shown: some may be characters the font lacks. */
    zinnia_result_t *r = zinnia.zinnia_recognizer_classify(h->rec, h->chr, (size_t)max * 2);
    if (!r)
        return 0;
    int n = 0;
    for (size_t i = 0; i < zinnia.zinnia_result_size(r) && n < max; i++) {
        const char *v = zinnia.zinnia_result_value(r, i);
        if (!v || !text_valid_utf8(v) || text_length(v) != 1 || strlen(v) >= sizeof out[0])
            continue;
        if (keep && !keep(keep_ctx, v))
            continue;
        text_copy(out[n], sizeof out[n], v);
        n++;
    }
    zinnia.zinnia_result_destroy(r);
    return n;
}
