/* platform.h - SDL behind one door: the window or the offscreen target, the
 * event loop, the clock and screenshots.
 *
 * Two targets: a real window (full screen or --windowed) with a hardware
 * renderer when there is one, and --headless, an SDL software renderer on an
 * in-memory surface that needs no video driver at all. */
#ifndef KIOSK_PLATFORM_H
#define KIOSK_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kiosk/result.h"

typedef struct Platform Platform;
struct SDL_Renderer;
struct SDL_Surface;

typedef struct {
    int width, height; /* the kiosk's logical size */
    bool headless;
    bool fullscreen;
    const char *title;
    int rotate; /* 0, 90, 180, 270: the panel shows the kiosk turned clockwise */
} PlatformOptions;

KResult platform_open(const PlatformOptions *o, Platform **out, char *err, size_t errcap);
void platform_close(Platform *p);

struct SDL_Renderer *platform_renderer(Platform *p);

/* Whether what is drawn stays on the target from one frame to the next (the
 * headless surface, a software window, a turned screen's canvas), so a
 * frame may redraw only what changed; not a GL window's back buffer. */
bool platform_retains(Platform *p);

/* The surface the renderer draws into, when its pixels are reachable: the
 * headless surface, a software window's surface (asked again each frame: a
 * resize makes a new one); NULL for a turned screen's canvas texture or an
 * accelerated renderer. */
struct SDL_Surface *platform_pixels(Platform *p);

/* SDL's name of the renderer in use ("software", "opengl", ...). */
const char *platform_renderer_name(Platform *p);

/* Shows what was drawn (a no-op target swap in headless mode). */
void platform_present(Platform *p);

/* Saves what was last drawn as a PNG file. */
KResult platform_screenshot(Platform *p, const char *path, char *err, size_t errcap);

/* A logical input event, translated from SDL's touch, mouse and keyboard
 * events (touch-synthesised mouse events are dropped so a tap counts once). */
typedef enum {
    INPUT_NONE,
    INPUT_DOWN,   /* finger or left button down at x, y */
    INPUT_UP,     /* ... released at x, y */
    INPUT_MOTION, /* ... moved to x, y while down */
    INPUT_TEXT,   /* committed text in text */
    INPUT_KEY,    /* a key by SDL name in text */
    INPUT_EXPOSE, /* the window needs drawing again */
    INPUT_QUIT
} InputType;

typedef struct {
    InputType type;
    int x, y;
    char text[64];
} InputEvent;

/* Waits up to timeout_ms (-1: forever) for the next input.  Returns false
 * on timeout. */
bool platform_wait_input(Platform *p, int timeout_ms, InputEvent *ev);

/* Screen rotation (a portrait panel mounted on landscape hardware): the
 * kiosk draws at its logical size lw x lh and the panel shows that turned by
 * rotate degrees clockwise (0, 90, 180, 270).  Maps a point (x, y) on the
 * panel's content (rw x rh: lh x lw when turned a quarter) back to logical
 * coordinates.  Other angles are taken as 0.  The platform owns rotation
 * (presenting turns the canvas, input is turned back here, before anything
 * above it sees a point); plain arithmetic, public so it is tested without
 * a display. */
void platform_unrotate_point(int rotate, int lw, int lh, int x, int y, int *lx, int *ly);

/* Where the fonts are: $KIOSK_FONT_DIR, the installed share/kiosk/fonts, or
 * the source tree's fonts/ (in that order, the first that has them). */
const char *platform_font_dir(void);

/* The default database path: $XDG_DATA_HOME/kiosk/kiosk.db (or
 * ~/.local/share/kiosk/kiosk.db), creating the folder. */
KResult platform_default_db(char *out, size_t cap);

/* Wall-clock time in milliseconds since the epoch, and a monotonic
 * millisecond counter for measuring. */
int64_t platform_wall_ms(void);
double platform_mono_ms(void);
/* The CPU time (user and system) this process has used, in milliseconds. */
double platform_cpu_ms(void);

#endif
