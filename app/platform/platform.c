/* platform.c - the window (or headless surface), presenting, screenshots
 * and clocks.  Everything SDL-video lives here and in render.c. */
#include "kiosk/platform.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kiosk/png.h"

struct Platform {
    SDL_Window *window;   /* NULL when headless */
    SDL_Surface *surface; /* the headless target */
    SDL_Renderer *renderer;
    int width, height; /* logical: what the kiosk draws */
    bool ttf_started;
    /* rotation: the kiosk draws into `canvas` (logical size), presenting
     * turns it onto the panel (pw x ph) */
    int rotate;
    int pw, ph;
    SDL_Texture *canvas;
};

void platform_unrotate_point(int rotate, int lw, int lh, int x, int y, int *lx, int *ly)
{
    switch (rotate) {
    case 90: /* logical (a, b) shows at (lh - 1 - b, a) */
        *lx = y;
        *ly = lh - 1 - x;
        break;
    case 180:
        *lx = lw - 1 - x;
        *ly = lh - 1 - y;
        break;
    case 270: /* logical (a, b) shows at (b, lw - 1 - a) */
        *lx = lw - 1 - y;
        *ly = x;
        break;
    default:
        *lx = x;
        *ly = y;
        break;
    }
}

/* Where the turned canvas lands on an output of ow x oh: scale and offset. */
static void canvas_place(const Platform *p, int ow, int oh, double *scale, double *dx, double *dy)
{
    double sx = (double)ow / p->pw, sy = (double)oh / p->ph;
    *scale = sx < sy ? sx : sy;
    *dx = (ow - p->pw * *scale) / 2;
    *dy = (oh - p->ph * *scale) / 2;
}

/* A point on the output (window pixels) back to the kiosk's coordinates. */
static void to_logical(const Platform *p, int x, int y, int *lx, int *ly)
{
    if (!p->canvas) {
        *lx = x;
        *ly = y;
        return;
    }
    int ow = p->pw, oh = p->ph;
    if (p->window)
        SDL_GetRendererOutputSize(p->renderer, &ow, &oh);
    double scale, dx, dy;
    canvas_place(p, ow, oh, &scale, &dx, &dy);
    int cx = (int)((x - dx) / scale), cy = (int)((y - dy) / scale);
    platform_unrotate_point(p->rotate, p->width, p->height, cx, cy, lx, ly);
}

/* An accelerated renderer whose GL is drawn by the CPU after all (Mesa's
 * llvmpipe or softpipe on a board without a GPU driver): SDL's own
 * software renderer is faster there, and keeps its pixels between frames
 * (platform_retains).  SDL_RENDER_DRIVER, when set, is obeyed as it is. */
static bool gl_in_software(SDL_Renderer *r)
{
    SDL_RendererInfo info;
    if (SDL_GetHint(SDL_HINT_RENDER_DRIVER) || SDL_GetRendererInfo(r, &info) != 0 ||
        strncmp(info.name, "opengl", 6) != 0)
        return false;
    typedef const unsigned char *(*GetString)(unsigned);
    GetString get = (GetString)SDL_GL_GetProcAddress("glGetString");
    const char *name = get ? (const char *)get(0x1F01 /* GL_RENDERER */) : NULL;
    return name && (strstr(name, "llvmpipe") || strstr(name, "softpipe") ||
                    strstr(name, "Software Rasterizer") || strstr(name, "swrast"));
}

KResult platform_open(const PlatformOptions *o, Platform **out, char *err, size_t errcap)
{
    *out = NULL;
    Platform *p = calloc(1, sizeof *p);
    if (!p)
        return K_ERR_NOMEM;
    p->width = o->width;
    p->height = o->height;
    p->rotate = (o->rotate == 90 || o->rotate == 180 || o->rotate == 270) ? o->rotate : 0;
    bool quarter = p->rotate == 90 || p->rotate == 270;
    p->pw = quarter ? o->height : o->width;
    p->ph = quarter ? o->width : o->height;
    KResult rc = K_ERR_IO;
    Uint32 systems = SDL_INIT_EVENTS | SDL_INIT_TIMER | (o->headless ? 0 : SDL_INIT_VIDEO);
    if (SDL_Init(systems) != 0) {
        snprintf(err, errcap, "cannot start SDL: %s", SDL_GetError());
        goto fail;
    }
    if (TTF_Init() != 0) {
        snprintf(err, errcap, "cannot start SDL_ttf: %s", TTF_GetError());
        goto fail;
    }
    p->ttf_started = true;
    if (o->headless) {
        p->surface = SDL_CreateRGBSurfaceWithFormat(0, p->pw, p->ph, 32, SDL_PIXELFORMAT_ARGB8888);
        if (!p->surface || !(p->renderer = SDL_CreateSoftwareRenderer(p->surface))) {
            snprintf(err, errcap, "cannot create the offscreen target: %s", SDL_GetError());
            goto fail;
        }
    } else {
        Uint32 flags = SDL_WINDOW_SHOWN | (o->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
        p->window = SDL_CreateWindow(o->title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                     p->pw, p->ph, flags);
        if (!p->window) {
            snprintf(err, errcap, "cannot open a window (is there a display? try --headless): %s",
                     SDL_GetError());
            goto fail;
        }
        p->renderer = SDL_CreateRenderer(p->window, -1, SDL_RENDERER_ACCELERATED);
        if (p->renderer && gl_in_software(p->renderer)) {
            SDL_DestroyRenderer(p->renderer);
            p->renderer = NULL;
        }
        if (!p->renderer)
            p->renderer = SDL_CreateRenderer(p->window, -1, SDL_RENDERER_SOFTWARE);
        if (!p->renderer) {
            snprintf(err, errcap, "cannot create a renderer: %s", SDL_GetError());
            goto fail;
        }
        /* Full screen on a display of another size: draw at the configured
         * size and let SDL scale, keeping the aspect ratio.  (Turned, the
         * canvas is scaled when presented instead.) */
        if (!p->rotate)
            SDL_RenderSetLogicalSize(p->renderer, o->width, o->height);
        SDL_ShowCursor(o->fullscreen ? SDL_DISABLE : SDL_ENABLE);
    }
    if (p->rotate) {
        p->canvas = SDL_CreateTexture(p->renderer, SDL_PIXELFORMAT_ARGB8888,
                                      SDL_TEXTUREACCESS_TARGET, o->width, o->height);
        if (!p->canvas || SDL_SetRenderTarget(p->renderer, p->canvas) != 0) {
            snprintf(err, errcap, "cannot turn the screen by %d degrees: %s", p->rotate,
                     SDL_GetError());
            goto fail;
        }
    }
    *out = p;
    return K_OK;
fail:
    platform_close(p);
    return rc;
}

void platform_close(Platform *p)
{
    if (!p)
        return;
    if (p->canvas)
        SDL_DestroyTexture(p->canvas);
    if (p->renderer)
        SDL_DestroyRenderer(p->renderer);
    if (p->surface)
        SDL_FreeSurface(p->surface);
    if (p->window)
        SDL_DestroyWindow(p->window);
    if (p->ttf_started)
        TTF_Quit();
    SDL_Quit();
    free(p);
}

struct SDL_Renderer *platform_renderer(Platform *p)
{
    return p->renderer;
}

const char *platform_renderer_name(Platform *p)
{
    SDL_RendererInfo info;
    return SDL_GetRendererInfo(p->renderer, &info) == 0 && info.name ? info.name : "?";
}

bool platform_retains(Platform *p)
{
    if (p->surface || p->canvas)
        return true; /* the headless surface, a turned screen's canvas texture */
    SDL_RendererInfo info;
    return SDL_GetRendererInfo(p->renderer, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE);
}

struct SDL_Surface *platform_pixels(Platform *p)
{
    if (p->canvas)
        return NULL; /* drawn into a target texture: its pixels are SDL's */
    if (p->surface)
        return p->surface;
    /* A software renderer made for a window draws into the window's
     * surface (SDL_GetWindowSurface, which it asks for itself again after
     * a resize). */
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(p->renderer, &info) != 0 || !(info.flags & SDL_RENDERER_SOFTWARE))
        return NULL;
    return SDL_GetWindowSurface(p->window);
}

void platform_present(Platform *p)
{
    if (p->canvas) {
        /* Turn the canvas onto the panel, scaled to fit, then draw on. */
        int ow = p->pw, oh = p->ph;
        SDL_SetRenderTarget(p->renderer, NULL);
        if (p->window)
            SDL_GetRendererOutputSize(p->renderer, &ow, &oh);
        double scale, dx, dy;
        canvas_place(p, ow, oh, &scale, &dx, &dy);
        /* RenderCopyEx turns the rectangle about its centre: give it the
         * unturned size, centred where the turned one goes. */
        double w = p->width * scale, h = p->height * scale;
        SDL_Rect dst = {(int)(dx + (p->pw * scale - w) / 2), (int)(dy + (p->ph * scale - h) / 2),
                        (int)w, (int)h};
        SDL_SetRenderDrawColor(p->renderer, 0, 0, 0, 255);
        SDL_RenderClear(p->renderer);
        SDL_RenderCopyEx(p->renderer, p->canvas, NULL, &dst, p->rotate, NULL, SDL_FLIP_NONE);
        SDL_RenderPresent(p->renderer);
        SDL_SetRenderTarget(p->renderer, p->canvas);
        return;
    }
    SDL_RenderPresent(p->renderer);
}

KResult platform_screenshot(Platform *p, const char *path, char *err, size_t errcap)
{
    /* What the panel shows: turned, when the screen is. */
    int w = p->pw, h = p->ph;
    if (!p->surface && SDL_GetRendererOutputSize(p->renderer, &w, &h) != 0) {
        snprintf(err, errcap, "cannot read the screen size: %s", SDL_GetError());
        return K_ERR_IO;
    }
    size_t pitch = (size_t)w * 3;
    uint8_t *pixels = malloc(pitch * (size_t)h);
    if (!pixels)
        return K_ERR_NOMEM;
    KResult rc = K_OK;
    if (p->surface) {
        /* The software renderer draws straight into the surface. */
        if (SDL_ConvertPixels(w, h, p->surface->format->format, p->surface->pixels,
                              p->surface->pitch, SDL_PIXELFORMAT_RGB24, pixels, (int)pitch) != 0) {
            snprintf(err, errcap, "cannot read the screen: %s", SDL_GetError());
            rc = K_ERR_IO;
        }
    } else if (p->canvas) {
        /* A turned window: the canvas, as the kiosk drew it. */
        w = p->width;
        h = p->height;
        free(pixels);
        pitch = (size_t)w * 3;
        pixels = malloc(pitch * (size_t)h);
        if (!pixels)
            return K_ERR_NOMEM;
        SDL_Rect all = {0, 0, w, h};
        if (SDL_RenderReadPixels(p->renderer, &all, SDL_PIXELFORMAT_RGB24, pixels, (int)pitch) !=
            0) {
            snprintf(err, errcap, "cannot read the screen: %s", SDL_GetError());
            rc = K_ERR_IO;
        }
    } else {
        /* The whole output at its real size: drop the logical scaling while
         * reading, so the rectangle and the buffer agree. */
        SDL_RenderSetLogicalSize(p->renderer, 0, 0);
        SDL_RenderSetViewport(p->renderer, NULL);
        SDL_Rect all = {0, 0, w, h};
        if (SDL_RenderReadPixels(p->renderer, &all, SDL_PIXELFORMAT_RGB24, pixels, (int)pitch) !=
            0) {
            snprintf(err, errcap, "cannot read the screen: %s", SDL_GetError());
            rc = K_ERR_IO;
        }
        SDL_RenderSetLogicalSize(p->renderer, p->width, p->height);
    }
    if (rc == K_OK)
        rc = png_write(path, w, h, 3, pixels, pitch, err, errcap);
    free(pixels);
    return rc;
}

int64_t platform_wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

double platform_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

double platform_cpu_ms(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return 0;
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000.0 +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000.0;
}

/* A finger (nx, ny: 0..1 of the window) or the mouse (window pixels) in the
 * kiosk's own coordinates, turning back a turned screen. */
static void finger_at(const Platform *p, float nx, float ny, InputEvent *ev)
{
    if (!p->canvas) {
        ev->x = (int)(nx * p->width);
        ev->y = (int)(ny * p->height);
        return;
    }
    int ow = p->pw, oh = p->ph;
    if (p->window)
        SDL_GetRendererOutputSize(p->renderer, &ow, &oh);
    to_logical(p, (int)(nx * ow), (int)(ny * oh), &ev->x, &ev->y);
}

static void mouse_at(const Platform *p, int x, int y, InputEvent *ev)
{
    if (p->canvas)
        to_logical(p, x, y, &ev->x, &ev->y);
    else {
        ev->x = x;
        ev->y = y;
    }
}

static bool input_from_sdl(Platform *p, const SDL_Event *e, InputEvent *ev)
{
    memset(ev, 0, sizeof *ev);
    switch (e->type) {
    case SDL_QUIT: ev->type = INPUT_QUIT; return true;
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
        ev->type = e->type == SDL_FINGERDOWN ? INPUT_DOWN : INPUT_UP;
        finger_at(p, e->tfinger.x, e->tfinger.y, ev);
        return true;
    case SDL_FINGERMOTION:
        ev->type = INPUT_MOTION;
        finger_at(p, e->tfinger.x, e->tfinger.y, ev);
        return true;
    case SDL_MOUSEMOTION:
        if (e->motion.which == SDL_TOUCH_MOUSEID || !(e->motion.state & SDL_BUTTON_LMASK))
            return false;
        ev->type = INPUT_MOTION;
        mouse_at(p, e->motion.x, e->motion.y, ev);
        return true;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT)
            return false;
        ev->type = e->type == SDL_MOUSEBUTTONDOWN ? INPUT_DOWN : INPUT_UP;
        mouse_at(p, e->button.x, e->button.y, ev);
        return true;
    case SDL_TEXTINPUT:
        ev->type = INPUT_TEXT;
        snprintf(ev->text, sizeof ev->text, "%s", e->text.text);
        return true;
    case SDL_KEYDOWN:
        ev->type = INPUT_KEY;
        snprintf(ev->text, sizeof ev->text, "%s", SDL_GetKeyName(e->key.keysym.sym));
        return true;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_EXPOSED ||
            e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
            ev->type = INPUT_EXPOSE;
            return true;
        }
        return false;
    default: return false;
    }
}

/* Headless there is no video driver to wake SDL_WaitEvent, and SDL then
 * polls every millisecond.  Nothing but a signal (SIGINT, SIGTERM, which
 * SDL turns into SDL_QUIT) can arrive, so sleep in poll(2), which a signal
 * interrupts, and use no CPU at all between timers. */
static bool headless_wait(Platform *p, int timeout_ms, InputEvent *ev)
{
    SDL_Event e;
    double deadline = platform_mono_ms() + timeout_ms;
    for (;;) {
        while (SDL_PollEvent(&e))
            if (input_from_sdl(p, &e, ev))
                return true;
        int left = timeout_ms < 0 ? -1 : (int)(deadline - platform_mono_ms());
        if (timeout_ms >= 0 && left <= 0)
            return false;
        if (poll(NULL, 0, left) == 0 && timeout_ms >= 0)
            return false;
    }
}

bool platform_wait_input(Platform *p, int timeout_ms, InputEvent *ev)
{
    if (p->surface)
        return headless_wait(p, timeout_ms, ev);
    SDL_Event e;
    double deadline = platform_mono_ms() + timeout_ms;
    for (;;) {
        int got;
        if (timeout_ms < 0) {
            got = SDL_WaitEvent(&e);
        } else {
            int left = (int)(deadline - platform_mono_ms());
            if (left < 0)
                left = 0;
            got = SDL_WaitEventTimeout(&e, left);
        }
        if (!got)
            return false;
        if (input_from_sdl(p, &e, ev))
            return true;
    }
}

static bool has_fonts(const char *dir)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/KioskSansSC-Regular.otf", dir);
    return access(path, R_OK) == 0;
}

/* The installed data folder beside the running program: BIN/../share/kiosk,
 * so a package installed anywhere (or into a DESTDIR) finds its own fonts
 * whatever the current directory. */
static bool exe_data_dir(char *out, size_t cap)
{
    char exe[900];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return false;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return false;
    *slash = '\0';
    return (size_t)snprintf(out, cap, "%s/../share/kiosk", exe) < cap;
}

const char *platform_font_dir(void)
{
    static char dir[1024];
    const char *env = getenv("KIOSK_FONT_DIR");
    if (env && has_fonts(env))
        return env;
    char data[960];
    if (exe_data_dir(data, sizeof data)) {
        snprintf(dir, sizeof dir, "%s/fonts", data);
        if (has_fonts(dir))
            return dir;
    }
    snprintf(dir, sizeof dir, "%s/fonts", KIOSK_DATA_DIR);
    if (has_fonts(dir))
        return dir;
    snprintf(dir, sizeof dir, "%s/fonts", KIOSK_SOURCE_DIR);
    return dir;
}

static KResult mkdir_p(char *path)
{
    for (char *s = path + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        int rc = mkdir(path, 0700);
        *s = '/';
        if (rc != 0 && errno != EEXIST)
            return K_ERR_IO;
    }
    if (mkdir(path, 0700) != 0 && errno != EEXIST)
        return K_ERR_IO;
    return K_OK;
}

KResult platform_default_db(char *out, size_t cap)
{
    char dir[900];
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    if (xdg && xdg[0] == '/')
        snprintf(dir, sizeof dir, "%s/kiosk", xdg);
    else if (home && home[0] == '/')
        snprintf(dir, sizeof dir, "%s/.local/share/kiosk", home);
    else
        return K_ERR_NOT_FOUND;
    KResult rc = mkdir_p(dir);
    if (rc != K_OK)
        return rc;
    if ((size_t)snprintf(out, cap, "%s/kiosk.db", dir) >= cap)
        return K_ERR_INVALID;
    return K_OK;
}
