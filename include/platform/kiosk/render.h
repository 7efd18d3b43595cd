/* render.h - draws a UiList with SDL_Renderer and SDL_ttf.
 *
 * The only module that touches SDL_Renderer and SDL_ttf.  Text is shaped by
 * SDL_ttf (HarfBuzz) and rasterised once per (line, size, weight, colour);
 * the textures are cached and reused until evicted, so an unchanged screen
 * costs no rasterising.  A few font faces are kept open per weight, each
 * set to the size last asked of it: a new size moves the least recently
 * used face, so memory stays flat whatever sizes the layouts ask for. */
#ifndef KIOSK_RENDER_H
#define KIOSK_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kiosk/result.h"
#include "kiosk/ui.h"

struct SDL_Renderer;
struct SDL_Surface;
typedef struct Renderer Renderer;

/* Wraps sdl (not owned) and opens the fonts in font_dir
 * (KioskSansSC-Regular.otf, KioskSansSC-Bold.otf).  TTF_Init must have
 * been called. */
KResult render_create(struct SDL_Renderer *sdl, const char *font_dir, Renderer **out, char *err,
                      size_t errcap);
void render_destroy(Renderer *r);

/* A renderer that owns an offscreen w x h image (SDL's software renderer;
 * no display needed; starts SDL_ttf when nobody has), for receipts. */
KResult render_offscreen_create(int w, int h, const char *font_dir, Renderer **out, char *err,
                                size_t errcap);

/* Draws ui on an offscreen renderer of exactly w dots across and reads the
 * top h rows back as 8-bit grey (w bytes a row) into gray; K_ERR_INVALID
 * when the renderer has another width or fewer rows. */
KResult render_offscreen_gray(Renderer *r, const UiList *ui, const Theme *t, uint8_t *gray, int w,
                              int h);

/* Draws ui on an offscreen renderer and writes the whole image to path as
 * an 8-bit RGB PNG. */
KResult render_offscreen_png(Renderer *r, const UiList *ui, const Theme *t, const char *path);

/* Draws the list; pressed is the index of the widget under a finger (-1
 * for none).  Does not present.  A retained renderer (render_set_retained)
 * draws only what differs from the frame it drew before. */
void render_frame(Renderer *r, const UiList *ui, const Theme *t, int pressed);

/* Whether r's target keeps its pixels from one frame to the next (a
 * software surface or window, a target texture; not a GL window's back
 * buffer).  When it does, render_frame redraws only the damaged regions:
 * those of the widgets that appeared, went or changed (text, colours,
 * place, pressed), cleared to the background and drawn again, clipped, by
 * every widget that touches them, in order, so the pixels are those of a
 * whole frame.  Off by default (offscreen renderers draw whole frames). */
void render_set_retained(Renderer *r, bool retained);

/* The surface r draws into, when its pixels can be read and written
 * (the headless surface, a software renderer's window surface; NULL for
 * none, the default but for offscreen renderers).  A retained renderer
 * then scrolls: widgets drawn the same as in the previous frame but moved
 * up or down together (a list dragged) have the band they cover moved by
 * that much (its pixels), and only what the move cannot give is drawn
 * again: the rows exposed and the widgets that did not move. */
void render_set_pixels(Renderer *r, struct SDL_Surface *target);

/* How many frames r drew whole, in part (damaged regions only), not at
 * all (nothing changed), or in part after moving a band's pixels. */
void render_frame_counts(const Renderer *r, unsigned long *whole, unsigned long *partial,
                         unsigned long *same, unsigned long *moved);

/* The target lost its pixels (a window exposed or resized): the next frame
 * is drawn whole. */
void render_invalidate(Renderer *r);

/* Number of lines text needs at px in width pixels, and the widest line's
 * width, as render_frame lays it out: breaks where the Unicode line-breaking
 * rules allow (UAX #14 with the Chinese tailoring, libunibreak: Latin words
 * whole, Chinese between characters, no closing mark at a line's start nor
 * opening one at its end), a word cut only when wider than a line, and
 * Chinese lines balanced (the narrowest width giving as many lines). */
int render_measure(Renderer *r, const char *text, int px, bool bold, int width, int *widest);

/* The same layout in more detail: how many of its breaks cut a word wider
 * than the line (forced) and how many fall between two letters (splits:
 * inside a Latin word, or between two Chinese characters, which cuts a
 * Chinese word when the text is a short label). */
typedef struct {
    int lines, widest, forced, splits;
} RenderLayout;
bool render_layout(Renderer *r, const char *text, int px, bool bold, int width, RenderLayout *out);

/* r's render_measure as the widgets' measuring interface (ui.h), for
 * layouts below the renderer; valid while r is. */
UiMeasure render_measurer(Renderer *r);

/* true when w's text overflows its box as render_frame lays it out (too
 * many lines for its height, or a line wider than the box), inside the
 * padding ui_text_pad_x / ui_text_pad_y keep free. */
bool render_text_clipped(Renderer *r, const Widget *w, const Theme *t);

/* Stricter than render_text_clipped: the whole block of lines, each a full
 * line high, within the box's padded inside, since the renderer centres
 * each line's glyphs (taller than the font size) in its line and a last line
 * that only just "fits" is drawn over the box's edge. */
bool render_text_fits(Renderer *r, const Widget *w, const Theme *t);

/* The size to draw a short label at (a button's, a key's) so that no word of
 * it is cut: w->font_px when its text fits the box (render_text_fits) with no
 * break inside a Latin word or between two Chinese characters; else the
 * largest size down to min_px, in steps of 2, at which it does (取消预约 on
 * one line rather than 取消/预约, Delete rather than Dele/te); else, when no
 * size keeps it whole, the largest at which it fits its box at all (then in
 * balanced lines), or min_px. */
int render_label_px(Renderer *r, const Widget *w, const Theme *t, int min_px);

/* The lines of text at px in width as render_frame draws them, joined by
 * '\n' into out (for tests and checks). */
void render_lines(Renderer *r, const char *text, int px, bool bold, int width, char *out,
                  size_t cap);

/* true when the font has a glyph for code point cp (text the kiosk cannot
 * show is refused rather than drawn as boxes). */
bool render_has_glyph(Renderer *r, unsigned cp);

/* Destroys every cached text texture (after an idle reset, so no
 * resident's words stay in video memory); the next frame is drawn whole. */
void render_forget(Renderer *r);

/* Until its first frame is drawn, a renderer keeps one face of each weight
 * open and sets it to each size asked for (opening a face of this CJK font
 * costs about 1 ms and 1.5 MB; the home screen asks for five sizes); the
 * sizes it was asked for are noted.  render_warm opens a face at one of
 * them, for later frames to find: true when it opened one (call it again
 * while idle), false when there is nothing left to open. */
bool render_warm(Renderer *r);

/* How many faces are open, of both weights (for tests). */
int render_faces_open(const Renderer *r);

/* Cache statistics, for the benchmark and tests. */
void render_stats(const Renderer *r, unsigned long *rasterised, unsigned long *cache_hits);

#endif
