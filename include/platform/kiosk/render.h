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

/* Draws the whole list; pressed is the index of the widget under a finger
 * (-1 for none).  Does not present. */
void render_frame(Renderer *r, const UiList *ui, const Theme *t, int pressed);

/* Number of lines text needs at px in width pixels (wrapping CJK anywhere,
 * Latin at spaces), and the widest line's width. */
int render_measure(Renderer *r, const char *text, int px, bool bold, int width, int *widest);

/* r's render_measure as the widgets' measuring interface (ui.h), for
 * layouts below the renderer; valid while r is. */
UiMeasure render_measurer(Renderer *r);

/* true when w's text overflows its box as render_frame lays it out (too
 * many lines for its height, or a line wider than the box). */
bool render_text_clipped(Renderer *r, const Widget *w, const Theme *t);

/* true when the font has a glyph for code point cp (text the kiosk cannot
 * show is refused rather than drawn as boxes). */
bool render_has_glyph(Renderer *r, unsigned cp);

/* Destroys every cached text texture (after an idle reset, so no
 * resident's words stay in video memory). */
void render_forget(Renderer *r);

/* Cache statistics, for the benchmark and tests. */
void render_stats(const Renderer *r, unsigned long *rasterised, unsigned long *cache_hits);

#endif
