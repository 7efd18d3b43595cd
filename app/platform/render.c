/* render.c - draws widget lists with SDL_Renderer and SDL_ttf (the only
 * file that calls either for drawing).
 *
 * Three bounded caches keep drawing an unchanged screen cheap:
 *
 * - Textures: a line of text is rasterised once with TTF_RenderUTF8_Blended
 *   into a texture, kept in a least-recently-used cache (CACHE_SLOTS) keyed
 *   by a 64-bit hash of (line, size, weight, colour).  A screen's few dozen
 *   lines fit easily, so redrawing it (after a pressed-state change, say)
 *   rasterises nothing.  Keys are hashes, not the text: two lines with the
 *   same 64-bit hash would share a texture, a risk taken for a cache that
 *   compares one integer per slot.
 * - Measurements: layouts measure the same texts at the same sizes on every
 *   rebuild, and fit loops try several sizes; the answers are kept in a
 *   direct-mapped table (MEASURE_SLOTS) where a collision only costs
 *   measuring again.
 * - Faces: FACES open FreeType faces per weight, each set to whatever size
 *   was asked of it (TTF_SetFontSize); a size that no face has moves the
 *   least recently used one.  The number is a trade between memory and
 *   time.  A face of this CJK font costs about 1.8 MB, and the layouts ask
 *   for many sizes over a day (larger text, two languages, shrinking text
 *   to fit), so a face per size grew the kiosk by tens of MB.  Moving a face
 *   empties SDL_ttf's glyph cache, so with one face per weight the median
 *   frame took 12.2 ms instead of 7.6.  Four per weight (at most eight
 *   faces, about 14 MB) holds the sizes one screen uses; eight per weight
 *   moved faces less but still grew memory in long runs (+11.5 MB).  Until
 *   the first frame is drawn there is one face per weight (opening one costs
 *   about 1 ms, and the home screen asks for five sizes); the sizes it asked
 *   for are opened while idle (render_warm).  Every face is opened from the
 *   font file mapped into memory once (FontFile).
 *
 * Text is wrapped here rather than by TTF_RenderUTF8_Blended_Wrapped, at
 * the break opportunities of the Unicode line-breaking algorithm (UAX #14,
 * libunibreak, Chinese tailoring): Chinese between two characters, Latin
 * between words (a word is cut only when wider than the line), never before
 * a closing mark nor after an opening one.  Chinese text that needs several
 * lines takes even ones (balanced_width), so no word is left cut at a line's
 * end (取/消预约) and no character alone on the last line.  Measuring
 * (render_measure, render_text_clipped) and drawing use the same layout.
 *
 * An offscreen renderer (receipts, report charts) owns a software surface
 * and starts SDL_ttf itself when nobody has; it needs no display.
 *
 * The drawing calls' results (SDL_RenderFillRect, SDL_RenderCopy, ...) are
 * not checked: a frame is drawn whole or not at all for the same reason
 * (a lost renderer), there is nobody to tell in the middle of one, and the
 * next frame draws everything again.  Whatever is measured or read back
 * (text sizes, pixels) is checked. */
#include "kiosk/render.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linebreak.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kiosk/png.h"
#include "kiosk/text.h"

#define CACHE_SLOTS 384
#define MEASURE_SLOTS 1024 /* a power of two */
#define FACES 4            /* per weight */

/* A font file mapped into memory once: every face of that weight is opened
 * from it.  Opened by path, SDL_ttf reads the file through stdio, and
 * FreeType's small reads of a CJK font's tables and glyphs came to some
 * 9,400 lseek and 1,900 read calls before the first frame. */
typedef struct {
    const unsigned char *base;
    size_t size;
} FontFile;

typedef struct {
    TTF_Font *font;
    int px;             /* the size it is set to */
    unsigned long used; /* the renderer's tick when last asked for */
} Face;

/* A measured text: layouts measure the same texts at the same sizes on every
 * rebuild (and fit loops at several sizes), so the answers are kept. */
#define MAX_LINES 32

typedef struct {
    uint64_t key; /* 0: empty */
    int lines, widest;
    int forced, splits;                        /* as in Wrapped */
    uint16_t start[MAX_LINES], len[MAX_LINES]; /* the lines, as byte offsets */
} Measured;

typedef struct {
    uint64_t key;
    SDL_Texture *tex;
    int w, h;
    unsigned long used;
} CacheSlot;

/* A widget as drawn: everything that decides its pixels, hashed, and the
 * rectangle its drawing may touch (its box, and text that overflows it).
 * shape is the same hash without the box's y: two widgets of one shape
 * draw the same pixels, one moved down from the other by the difference of
 * their y (every coordinate in draw_widget is the box's y plus an offset). */
typedef struct {
    uint64_t sig, shape;
    Rect ink;
} Drawn;

#define DAMAGE_MAX 24

struct Renderer {
    SDL_Renderer *sdl;
    char regular_path[1024];
    char bold_path[1024];
    FontFile files[2];    /* regular, bold */
    Face faces[2][FACES]; /* regular, bold */
    CacheSlot cache[CACHE_SLOTS];
    Measured measured[MEASURE_SLOTS];
    unsigned long tick;
    unsigned long font_tick;
    bool face_failed;     /* a face could not be opened (said once on stderr) */
    int face_limit;       /* faces per weight that may be open: 1 until the first frame */
    int wanted[2][FACES]; /* sizes asked of a face already set to another */
    unsigned long rasterised, hits;
    SDL_Surface *own_surface; /* offscreen renderers own their target */
    SDL_Surface *pixels;      /* the target's pixels, when reachable (render_set_pixels) */
    bool own_ttf;             /* ... and started SDL_ttf themselves */
    /* retained drawing (render_set_retained): the frame on the target */
    bool retained, have_prev;
    Theme prev_theme;
    int prev_count;
    Drawn prev[UI_MAX_WIDGETS], cur[UI_MAX_WIDGETS];
    unsigned long frames_whole, frames_partial, frames_same, frames_moved;
};

/* Maps path into f; false with a message in err when it cannot be read or
 * does not start like an OpenType or TrueType font. */
static bool font_map(const char *path, FontFile *f, char *err, size_t errcap)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        snprintf(err, errcap, "cannot open font %s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return false;
    }
    void *base = MAP_FAILED;
    if (S_ISREG(st.st_mode) && st.st_size >= 12)
        base = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    static const char *const tags[] = {"OTTO", "\x00\x01\x00\x00", "true", "ttcf"};
    bool font = false;
    for (size_t i = 0; base != MAP_FAILED && i < sizeof tags / sizeof tags[0]; i++)
        font = font || memcmp(base, tags[i], 4) == 0;
    if (!font) {
        snprintf(err, errcap, "cannot open font %s: %s", path,
                 base == MAP_FAILED ? "not a readable file" : "not an OpenType or TrueType font");
        if (base != MAP_FAILED)
            munmap(base, (size_t)st.st_size);
        return false;
    }
    f->base = base;
    f->size = (size_t)st.st_size;
    return true;
}

static void font_unmap(FontFile *f)
{
    if (f->base)
        munmap((void *)f->base, f->size);
    *f = (FontFile){0};
}

/* A new face of that weight at px, read from the mapped file. */
static TTF_Font *face_open(Renderer *r, bool bold, int px)
{
    const FontFile *f = &r->files[bold ? 1 : 0];
    SDL_RWops *rw = SDL_RWFromConstMem(f->base, (int)f->size);
    return rw ? TTF_OpenFontRW(rw, 1, px) : NULL;
}

KResult render_create(struct SDL_Renderer *sdl, const char *font_dir, Renderer **out, char *err,
                      size_t errcap)
{
    *out = NULL;
    Renderer *r = calloc(1, sizeof *r);
    if (!r)
        return K_ERR_NOMEM;
    r->sdl = sdl;
    snprintf(r->regular_path, sizeof r->regular_path, "%s/KioskSansSC-Regular.otf", font_dir);
    snprintf(r->bold_path, sizeof r->bold_path, "%s/KioskSansSC-Bold.otf", font_dir);
    /* Both faces are checked now so a missing or broken font is reported at
     * start, not later (a missing bold face used to leave every title blank
     * without a word); the regular one is opened, the bold one only when a
     * bold text is first drawn. */
    if (!font_map(r->regular_path, &r->files[0], err, errcap) ||
        !font_map(r->bold_path, &r->files[1], err, errcap)) {
        font_unmap(&r->files[0]);
        free(r);
        return K_ERR_NOT_FOUND;
    }
    TTF_Font *probe = face_open(r, false, 36);
    if (!probe) {
        snprintf(err, errcap, "cannot open font %s: %s", r->regular_path, TTF_GetError());
        font_unmap(&r->files[0]);
        font_unmap(&r->files[1]);
        free(r);
        return K_ERR_NOT_FOUND;
    }
    r->faces[0][0] = (Face){probe, 36, 0};
    r->face_limit = 1;
    /* Every rectangle and line is opaque (set_color): written, not blended,
     * which gives the same pixels at a fraction of the cost on the software
     * renderer (blending an opaque colour is a multiply per channel per
     * pixel; writing it is a memset).  Text keeps its textures' blending. */
    SDL_SetRenderDrawBlendMode(sdl, SDL_BLENDMODE_NONE);
    *out = r;
    return K_OK;
}

void render_destroy(Renderer *r)
{
    if (!r)
        return;
    for (int i = 0; i < CACHE_SLOTS; i++)
        if (r->cache[i].tex)
            SDL_DestroyTexture(r->cache[i].tex);
    for (int b = 0; b < 2; b++)
        for (int i = 0; i < FACES; i++)
            if (r->faces[b][i].font)
                TTF_CloseFont(r->faces[b][i].font);
    font_unmap(&r->files[0]);
    font_unmap(&r->files[1]);
    if (r->own_surface) {
        SDL_DestroyRenderer(r->sdl);
        SDL_FreeSurface(r->own_surface);
    }
    if (r->own_ttf)
        TTF_Quit();
    free(r);
}

KResult render_offscreen_create(int w, int h, const char *font_dir, Renderer **out, char *err,
                                size_t errcap)
{
    *out = NULL;
    bool started_ttf = false;
    if (!TTF_WasInit()) {
        if (TTF_Init() != 0) {
            snprintf(err, errcap, "cannot start SDL_ttf: %s", TTF_GetError());
            return K_ERR_UNSUPPORTED;
        }
        started_ttf = true;
    }
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *sdl = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
    KResult rc = K_ERR_NOMEM;
    if (!sdl) {
        snprintf(err, errcap, "cannot create an offscreen image of %dx%d: %s", w, h,
                 SDL_GetError());
    } else {
        rc = render_create(sdl, font_dir, out, err, errcap);
    }
    if (rc != K_OK) {
        if (sdl)
            SDL_DestroyRenderer(sdl);
        SDL_FreeSurface(surf);
        if (started_ttf)
            TTF_Quit();
        return rc;
    }
    (*out)->own_surface = surf;
    (*out)->pixels = surf;
    (*out)->own_ttf = started_ttf;
    return K_OK;
}

KResult render_offscreen_gray(Renderer *r, const UiList *ui, const Theme *t, uint8_t *gray, int w,
                              int h)
{
    SDL_Surface *s = r->own_surface;
    if (!s || w != s->w || h > s->h)
        return K_ERR_INVALID;
    render_frame(r, ui, t, -1);
    SDL_RenderFlush(r->sdl);
    const uint8_t *px = s->pixels;
    for (int y = 0; y < h; y++) {
        const uint32_t *row = (const uint32_t *)(px + (size_t)y * (size_t)s->pitch);
        for (int x = 0; x < s->w; x++) {
            uint32_t c = row[x]; /* ARGB8888 */
            unsigned red = (c >> 16) & 0xFF, green = (c >> 8) & 0xFF, blue = c & 0xFF;
            gray[(size_t)y * (size_t)s->w + (size_t)x] =
                (uint8_t)((red * 299 + green * 587 + blue * 114) / 1000);
        }
    }
    return K_OK;
}

KResult render_offscreen_png(Renderer *r, const UiList *ui, const Theme *t, const char *path)
{
    SDL_Surface *s = r->own_surface;
    if (!s)
        return K_ERR_INVALID;
    render_frame(r, ui, t, -1);
    SDL_RenderFlush(r->sdl);
    size_t pitch = (size_t)s->w * 3;
    uint8_t *rgb = malloc(pitch * (size_t)s->h);
    if (!rgb)
        return K_ERR_NOMEM;
    const uint8_t *px = s->pixels;
    for (int y = 0; y < s->h; y++) {
        const uint32_t *row = (const uint32_t *)(px + (size_t)y * (size_t)s->pitch);
        uint8_t *out = rgb + (size_t)y * pitch;
        for (int x = 0; x < s->w; x++) {
            uint32_t c = row[x]; /* ARGB8888 */
            out[3 * x] = (uint8_t)(c >> 16);
            out[3 * x + 1] = (uint8_t)(c >> 8);
            out[3 * x + 2] = (uint8_t)c;
        }
    }
    char err[256];
    KResult k = png_write(path, s->w, s->h, 3, rgb, pitch, err, sizeof err);
    free(rgb);
    return k;
}

void render_set_retained(Renderer *r, bool retained)
{
    r->retained = retained;
    r->have_prev = false;
}

void render_set_pixels(Renderer *r, struct SDL_Surface *target)
{
    r->pixels = target;
}

void render_frame_counts(const Renderer *r, unsigned long *whole, unsigned long *partial,
                         unsigned long *same, unsigned long *moved)
{
    *whole = r->frames_whole;
    *partial = r->frames_partial;
    *same = r->frames_same;
    *moved = r->frames_moved;
}

void render_invalidate(Renderer *r)
{
    r->have_prev = false;
}

void render_forget(Renderer *r)
{
    r->have_prev = false;
    for (int i = 0; i < CACHE_SLOTS; i++) {
        if (r->cache[i].tex)
            SDL_DestroyTexture(r->cache[i].tex);
        r->cache[i] = (CacheSlot){0};
    }
}

void render_stats(const Renderer *r, unsigned long *rasterised, unsigned long *cache_hits)
{
    *rasterised = r->rasterised;
    *cache_hits = r->hits;
}

/* Notes a size the first frame asked of a face set to another, for
 * render_warm to open a face at. */
static void want_size(Renderer *r, bool bold, int px)
{
    int *w = r->wanted[bold ? 1 : 0];
    for (int i = 0; i < FACES; i++) {
        if (w[i] == px)
            return;
        if (w[i] == 0) {
            w[i] = px;
            return;
        }
    }
}

bool render_warm(Renderer *r)
{
    for (int b = 0; b < 2; b++) {
        Face *faces = r->faces[b];
        for (int k = 0; k < FACES; k++) {
            int px = r->wanted[b][k];
            if (px == 0)
                continue;
            r->wanted[b][k] = 0;
            Face *slot = NULL;
            bool have = false;
            for (int i = 0; i < FACES; i++) {
                have = have || (faces[i].font && faces[i].px == px);
                if (!faces[i].font && !slot)
                    slot = &faces[i];
            }
            if (have || !slot)
                continue;
            slot->font = face_open(r, b == 1, px);
            if (!slot->font)
                return false;
            slot->px = px;
            slot->used = ++r->font_tick;
            return true; /* one a call: an idle moment is short */
        }
    }
    return false;
}

int render_faces_open(const Renderer *r)
{
    int n = 0;
    for (int b = 0; b < 2; b++)
        for (int i = 0; i < FACES; i++)
            n += r->faces[b][i].font != NULL;
    return n;
}

/* A face of that weight set to px: one already at that size, else a face
 * not yet opened, else the least recently used one moved to px.  Valid until
 * FACES more sizes of that weight have been asked for. */
static TTF_Font *font_get(Renderer *r, int px, bool bold)
{
    Face *faces = r->faces[bold ? 1 : 0], *pick = &faces[0];
    if (px <= 0)
        return NULL;
    r->font_tick++;
    int open = 0;
    for (int i = 0; i < FACES; i++)
        open += faces[i].font != NULL;
    for (int i = 0; i < FACES; i++) {
        if (faces[i].font && faces[i].px == px) {
            faces[i].used = r->font_tick;
            return faces[i].font;
        }
        if (!faces[i].font) {
            if (pick->font && open < r->face_limit)
                pick = &faces[i]; /* the first unopened one */
        } else if (pick->font && faces[i].used < pick->used) {
            pick = &faces[i];
        }
    }
    if (open >= r->face_limit)
        want_size(r, bold, px);
    Face *spare = NULL; /* render_create's check, never asked for: no glyphs to lose */
    for (int i = 0; i < FACES && !pick->font; i++)
        if (faces[i].font && faces[i].used == 0)
            spare = &faces[i];
    if (spare) {
        /* sized again rather than another face opened (a face of this font
         * costs some 2 M instructions to open: a third of the start's) */
        if (TTF_SetFontSize(spare->font, px) != 0)
            return NULL;
        pick = spare;
    } else if (!pick->font) {
        pick->font = face_open(r, bold, px);
        if (!pick->font) {
            /* The file was checked at start; once a face fails, say so once. */
            if (!r->face_failed)
                fprintf(stderr, "kiosk: cannot open font %s at %d px: %s\n",
                        bold ? r->bold_path : r->regular_path, px, TTF_GetError());
            r->face_failed = true;
            return NULL;
        }
    } else if (TTF_SetFontSize(pick->font, px) != 0) {
        return NULL;
    }
    pick->px = px;
    pick->used = r->font_tick;
    return pick->font;
}

static uint64_t hash_line(const char *s, size_t n, int px, bool bold, Color c)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (uint8_t)s[i];
        h *= 1099511628211ULL;
    }
    uint64_t extra = ((uint64_t)px << 32) | ((uint64_t)bold << 24) | ((uint64_t)c.r << 16) |
                     ((uint64_t)c.g << 8) | c.b;
    h ^= extra + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h;
}

/* The cached texture of one line, rasterising it on a miss. */
static CacheSlot *line_texture(Renderer *r, const char *s, size_t n, int px, bool bold, Color c)
{
    uint64_t key = hash_line(s, n, px, bold, c);
    CacheSlot *victim = &r->cache[0];
    r->tick++;
    for (int i = 0; i < CACHE_SLOTS; i++) {
        CacheSlot *slot = &r->cache[i];
        if (slot->tex && slot->key == key) {
            slot->used = r->tick;
            r->hits++;
            return slot;
        }
        if (!slot->tex || (victim->tex && slot->used < victim->used))
            victim = slot;
    }
    TTF_Font *font = font_get(r, px, bold);
    if (!font)
        return NULL;
    char buf[WIDGET_TEXT_MAX + 1];
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    SDL_Color col = {c.r, c.g, c.b, 255};
    SDL_Surface *surf = TTF_RenderUTF8_Blended(font, buf, col);
    if (!surf)
        return NULL;
    SDL_Texture *tex = SDL_CreateTextureFromSurface(r->sdl, surf);
    int w = surf->w, h = surf->h;
    SDL_FreeSurface(surf);
    if (!tex)
        return NULL;
    if (victim->tex)
        SDL_DestroyTexture(victim->tex);
    *victim = (CacheSlot){key, tex, w, h, r->tick};
    r->rasterised++;
    return victim;
}

typedef struct {
    const char *start;
    size_t len;
} Line;

static int text_width(TTF_Font *font, const char *s, size_t n)
{
    char buf[WIDGET_TEXT_MAX + 1];
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    int w = 0, h = 0;
    if (TTF_SizeUTF8(font, buf, &w, &h) != 0)
        return 0; /* text the font cannot size takes no room; it draws nothing either */
    return w;
}

/* A letter of a word: an ideograph (or kana, hangul) or a Latin letter or
 * digit.  A line break between two of them splits a word. */
static bool is_letter(unsigned cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
           (cp >= 0xC0 && cp < 0x2000) || (cp >= 0x3040 && cp <= 0x9FFF) ||
           (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF);
}

/* The code point that ends just before end (text <= end). */
static unsigned cp_before(const char *text, const char *end)
{
    const char *s = end;
    while (s > text && ((unsigned char)s[-1] & 0xC0) == 0x80)
        s--;
    if (s > text)
        s--;
    while (s > text && ((unsigned char)*s & 0xC0) == 0x80)
        s--;
    return s < end ? text_next_cp(&s) : 0;
}

/* How a text was laid out: its lines, and how it had to break them. */
typedef struct {
    int count;
    int forced; /* breaks where the rules allow none (a word wider than the line) */
    int splits; /* breaks between two letters: inside a Latin word, or in a run of Chinese */
    int soft;   /* breaks not at a newline */
} Wrapped;

/* Where the line starting at p (up to a newline or the end) first gets wider
 * than width: the end of the first code point after the first whose prefix
 * is, or NULL when the whole line fits (or is a single code point).  A
 * prefix never gets narrower as code points are added, so this measures
 * the whole line and then about log2(n) prefixes, where wrapping used to
 * measure every prefix (shaping each: quadratic in the line's length). */
static const char *first_over(TTF_Font *font, const char *p, int width)
{
    size_t len = strcspn(p, "\n");
    if (len == 0 || text_width(font, p, len) <= width)
        return NULL;
    int small[128], *ends = small, n = 0;
    if (len > sizeof small / sizeof small[0] && !(ends = malloc(len * sizeof *ends)))
        return p + len; /* as if the second code point were too wide: a forced break */
    for (const char *q = p; q < p + len;) {
        text_next_cp(&q);
        ends[n++] = (int)(q - p);
    }
    const char *at = NULL;
    if (n >= 2) {
        int lo = 1, hi = n - 1; /* ends[n - 1], the whole line, is too wide */
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            if (text_width(font, p, (size_t)ends[mid]) > width)
                hi = mid;
            else
                lo = mid + 1;
        }
        at = p + ends[lo];
    }
    if (ends != small)
        free(ends);
    return at;
}

/* Splits text into lines no wider than width (at most max), at the break
 * opportunities of the Unicode line-breaking algorithm (UAX #14, libunibreak,
 * with the Chinese tailoring): a Latin word stays whole, Chinese may break
 * between two characters, a closing punctuation mark never starts a line and
 * an opening one never ends it.  Only a word wider than a whole line is cut
 * where it must (forced).  Spaces at a break belong to neither line. */
static Wrapped wrap_greedy(TTF_Font *font, const char *text, const char *brks, int width,
                           Line *lines, int max)
{
    Wrapped out = {0, 0, 0, 0};
    const char *p = text;
    while (*p && out.count < max) {
        const char *q = p, *last_ok = NULL, *prev = NULL;
        const char *over = first_over(font, p, width);
        bool broke = false;
        while (*q && *q != '\n') {
            const char *cp_start = q;
            unsigned cp = text_next_cp(&q);
            if (cp != ' ' && cp_start > p && over && q >= over) {
                const char *at = last_ok;
                if (!at) {
                    /* nothing allowed: cut the word here (a closing mark
                     * still goes down with the character before it) */
                    at = cp_start;
                    if (!is_letter(cp) && prev && prev > p)
                        at = prev;
                    out.forced++;
                }
                const char *end = at;
                while (end > p && end[-1] == ' ')
                    end--;
                unsigned before = cp_before(text, end), after = 0;
                const char *a2 = at;
                while (*a2 == ' ')
                    a2++;
                if (*a2) {
                    const char *tmp = a2;
                    after = text_next_cp(&tmp);
                }
                if (end == at && is_letter(before) && is_letter(after))
                    out.splits++;
                lines[out.count++] = (Line){p, (size_t)(end - p)};
                out.soft++;
                p = a2;
                broke = true;
                break;
            }
            if (brks[q - 1 - text] == LINEBREAK_ALLOWBREAK && *q && *q != '\n')
                last_ok = q;
            prev = cp_start;
        }
        if (broke)
            continue;
        const char *end = q;
        while (end > p && end[-1] == ' ')
            end--;
        lines[out.count++] = (Line){p, (size_t)(end - p)};
        p = *q ? q + 1 : q;
    }
    return out;
}

/* The break opportunities of text (brks[i]: after byte i), from libunibreak. */
static void break_chances(const char *text, size_t n, char *brks)
{
    static bool ready;
    if (!ready) {
        init_linebreak();
        ready = true;
    }
    set_linebreaks_utf8((const utf8_t *)text, n, "zh", brks);
}

/* The width Chinese text is wrapped at in a box width wide: the box's width
 * when it fits on one line, else the narrowest width that still gives as many lines
 * with no more cut words, so the lines come out even (取消/预约, not
 * 取/消预约, and no single character left alone on the last line). */
static int balanced_width(TTF_Font *font, const char *text, const char *brks, int width)
{
    Line lines[32];
    Wrapped full = wrap_greedy(font, text, brks, width, lines, 32);
    if (full.count < 2 || full.count > 6)
        return width;
    int lo = 1, hi = width;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        Wrapped w = wrap_greedy(font, text, brks, mid, lines, 32);
        if (w.count <= full.count && w.forced <= full.forced)
            hi = mid;
        else
            lo = mid + 1;
    }
    return hi;
}

/* Chinese text (not English: its words keep the phrases they belong to,
 * "Came 100", better than even lines do) */
static bool has_wide(const char *s)
{
    unsigned cp;
    while ((cp = text_next_cp(&s)) != 0)
        if (cp >= 0x2E80)
            return true;
    return false;
}

/* The best breaks for a short Chinese text that greedy wrapping puts on k
 * lines: still k lines no wider than width, with as few breaks between two
 * letters as can be (其他医院/（见面时告诉社工）, at the bracket, rather than
 * 其他医院（见面/时告诉社工）), then the narrowest widest line (取消/预约).
 * Returns the count (0: not found). */
#define EVEN_MAX_BREAKS 48
static int wrap_even(TTF_Font *font, const char *text, const char *brks, int width, int k,
                     Line *lines)
{
    int pos[EVEN_MAX_BREAKS + 2], m = 0;
    bool split[EVEN_MAX_BREAKS + 2];
    pos[m] = 0;
    split[m++] = false;
    for (const char *q = text; *q;) {
        unsigned cp = text_next_cp(&q);
        if (*q && brks[q - 1 - text] == LINEBREAK_ALLOWBREAK) {
            if (m > EVEN_MAX_BREAKS)
                return 0;
            const char *tmp = q;
            unsigned next = text_next_cp(&tmp);
            pos[m] = (int)(q - text);
            split[m++] = is_letter(cp) && is_letter(next);
        }
    }
    int n = (int)strlen(text);
    pos[m] = n;
    split[m++] = false;
    /* cost[j][i]: lines 1..j end at pos[i]; splits first, then widest */
    enum { NONE = -1 };
    static int splits[5][EVEN_MAX_BREAKS + 2], widest[5][EVEN_MAX_BREAKS + 2],
        from[5][EVEN_MAX_BREAKS + 2];
    if (k < 1 || k > 4)
        return 0;
    for (int j = 0; j <= k; j++)
        for (int i = 0; i < m; i++)
            from[j][i] = NONE;
    from[0][0] = 0;
    splits[0][0] = widest[0][0] = 0;
    for (int j = 1; j <= k; j++)
        for (int i = 1; i < m; i++)
            for (int a = 0; a < i; a++) {
                if (from[j - 1][a] == NONE)
                    continue;
                int e = pos[i];
                while (e > pos[a] && text[e - 1] == ' ')
                    e--;
                int w = text_width(font, text + pos[a], (size_t)(e - pos[a]));
                if (w > width)
                    continue;
                int sp = splits[j - 1][a] + (split[i] ? 1 : 0);
                int wd = widest[j - 1][a] > w ? widest[j - 1][a] : w;
                if (from[j][i] == NONE || sp < splits[j][i] ||
                    (sp == splits[j][i] && wd < widest[j][i])) {
                    from[j][i] = a;
                    splits[j][i] = sp;
                    widest[j][i] = wd;
                }
            }
    if (from[k][m - 1] == NONE)
        return 0;
    for (int j = k, i = m - 1; j > 0; j--) {
        int a = from[j][i], e = pos[i];
        while (e > pos[a] && text[e - 1] == ' ')
            e--;
        lines[j - 1] = (Line){text + pos[a], (size_t)(e - pos[a])};
        i = a;
    }
    return k;
}

/* Lays text out in width: Chinese that needs several lines (but what is
 * typed into a field: even=false) in even lines
 * (wrap_even for a short one, else greedy at its balanced_width), the rest
 * greedily. */
#define EVEN_MAX_CHARS 32
static Wrapped wrap(TTF_Font *font, const char *text, int width, bool even, Line *lines, int max)
{
    size_t n = strlen(text);
    char brks_small[WIDGET_TEXT_MAX + 1];
    char *brks = n < sizeof brks_small ? brks_small : malloc(n + 1);
    if (!brks)
        return (Wrapped){0, 0, 0, 0};
    break_chances(text, n, brks);
    Wrapped w = wrap_greedy(font, text, brks, width, lines, max);
    /* Lines that all end at a newline stay as they are: evening them out
     * could only find the same lines (balanced_width keeps their count),
     * after a dozen more wraps (a queue row: three lines, each of them). */
    if (even && w.count > 1 && w.forced == 0 && w.soft > 0 && has_wide(text)) {
        int k = 0;
        if (w.count <= 4 && !strchr(text, '\n') && text_length(text) <= EVEN_MAX_CHARS)
            k = wrap_even(font, text, brks, width, w.count, lines);
        if (k > 0) {
            w.splits = 0;
            for (int i = 0; i + 1 < k; i++) {
                const char *end = lines[i].start + lines[i].len;
                const char *nx = lines[i + 1].start;
                unsigned before = cp_before(text, end), after = 0;
                if (*nx) {
                    const char *tmp = nx;
                    after = text_next_cp(&tmp);
                }
                if (end == nx && is_letter(before) && is_letter(after))
                    w.splits++;
            }
        } else {
            w = wrap_greedy(font, text, brks, balanced_width(font, text, brks, width), lines, max);
        }
    }
    if (brks != brks_small)
        free(brks);
    return w;
}

/* The layout of text at px in width, from the table of measured texts. */
static const Measured *layout_of(Renderer *r, const char *text, int px, bool bold, int width,
                                 bool even)
{
    size_t n = strlen(text);
    if (n > UINT16_MAX)
        return NULL;
    uint64_t key = hash_line(text, n, px, bold, (Color){0, 0, 0}) ^
                   ((uint64_t)(unsigned)width * 0x9e3779b97f4a7c15ULL) ^
                   (even ? 0 : 0x5bd1e995ULL << 8);
    key |= 1; /* never 0, the empty slot's key */
    Measured *m = &r->measured[(key >> 1) & (MEASURE_SLOTS - 1)]; /* not the bit set above */
    if (m->key == key)
        return m;
    TTF_Font *font = font_get(r, px, bold);
    if (!font)
        return NULL;
    Line lines[MAX_LINES];
    Wrapped wr = wrap(font, text, width, even, lines, MAX_LINES);
    *m = (Measured){.key = key, .lines = wr.count, .forced = wr.forced, .splits = wr.splits};
    for (int i = 0; i < wr.count; i++) {
        int w = text_width(font, lines[i].start, lines[i].len);
        if (w > m->widest)
            m->widest = w;
        m->start[i] = (uint16_t)(lines[i].start - text);
        m->len[i] = (uint16_t)lines[i].len;
    }
    return m;
}

int render_measure(Renderer *r, const char *text, int px, bool bold, int width, int *widest)
{
    const Measured *m = layout_of(r, text, px, bold, width, true);
    if (!m)
        return ui_estimate_lines(text, px, width);
    if (widest)
        *widest = m->widest;
    return m->lines;
}

bool render_layout(Renderer *r, const char *text, int px, bool bold, int width, RenderLayout *out)
{
    const Measured *m = layout_of(r, text, px, bold, width, true);
    if (!m)
        return false;
    *out = (RenderLayout){m->lines, m->widest, m->forced, m->splits};
    return true;
}

static int measure_lines(void *ctx, const char *text, int px, bool bold, int width)
{
    return render_measure(ctx, text, px, bold, width, NULL);
}

UiMeasure render_measurer(Renderer *r)
{
    return (UiMeasure){measure_lines, r};
}

static void set_color(SDL_Renderer *sdl, Color c)
{
    SDL_SetRenderDrawColor(sdl, c.r, c.g, c.b, 255);
}

/* A filled rectangle with rounded corners: horizontal spans in the corner
 * bands and one rectangle between them. */
static void fill_round(SDL_Renderer *sdl, Rect a, int radius, Color c)
{
    set_color(sdl, c);
    if (radius * 2 > a.h)
        radius = a.h / 2;
    if (radius * 2 > a.w)
        radius = a.w / 2;
    for (int dy = 0; dy < radius; dy++) {
        double yy = radius - dy - 0.5;
        int inset = radius - (int)SDL_sqrt((double)radius * radius - yy * yy);
        SDL_RenderDrawLine(sdl, a.x + inset, a.y + dy, a.x + a.w - 1 - inset, a.y + dy);
        SDL_RenderDrawLine(sdl, a.x + inset, a.y + a.h - 1 - dy, a.x + a.w - 1 - inset,
                           a.y + a.h - 1 - dy);
    }
    SDL_Rect mid = {a.x, a.y + radius, a.w, a.h - 2 * radius};
    SDL_RenderFillRect(sdl, &mid);
}

bool render_text_clipped(Renderer *r, const Widget *w, const Theme *t)
{
    if (w->text[0] == '\0' || w->role == UI_ROLE_QR)
        return false;
    int inner_w = w->rect.w - 2 * ui_text_pad_x(w->role, t);
    int inner_h = w->rect.h - 2 * ui_text_pad_y(w->role, t);
    const Measured *m = layout_of(r, w->text, w->font_px, w->bold, inner_w > 0 ? inner_w : 1,
                                  w->role != UI_ROLE_FIELD);
    int widest = 0, n = 1;
    if (m) {
        widest = m->widest;
        n = m->lines;
    } else {
        n = ui_estimate_lines(w->text, w->font_px, inner_w > 0 ? inner_w : 1);
    }
    int line_h = (int)(w->font_px * t->line_spacing);
    /* A line's glyphs fit within the font size, so the last line may use
     * less than the full line height. */
    int needed = (n - 1) * line_h + w->font_px;
    return widest > inner_w || needed > inner_h;
}

bool render_text_fits(Renderer *r, const Widget *w, const Theme *t)
{
    if (render_text_clipped(r, w, t))
        return false;
    int inner = w->rect.w - 2 * ui_text_pad_x(w->role, t);
    const Measured *m =
        layout_of(r, w->text, w->font_px, w->bold, inner > 0 ? inner : 1, w->role != UI_ROLE_FIELD);
    int n = m ? m->lines : 1;
    return n <= 1 ||
           n * (int)(w->font_px * t->line_spacing) <= w->rect.h - 2 * ui_text_pad_y(w->role, t);
}

/* w at px fits its box with no word cut. */
static bool label_whole(Renderer *r, Widget *w, const Theme *t, int px)
{
    w->font_px = px;
    if (!render_text_fits(r, w, t))
        return false;
    int inner = w->rect.w - 2 * ui_text_pad_x(w->role, t);
    const Measured *m =
        layout_of(r, w->text, px, w->bold, inner > 0 ? inner : 1, w->role != UI_ROLE_FIELD);
    return !m || (m->forced == 0 && m->splits == 0);
}

int render_label_px(Renderer *r, const Widget *w, const Theme *t, int min_px)
{
    Widget c = *w;
    for (int px = w->font_px; px >= min_px; px -= 2)
        if (label_whole(r, &c, t, px))
            return px;
    for (int px = w->font_px; px >= min_px; px -= 2) {
        c.font_px = px;
        if (render_text_fits(r, &c, t))
            return px;
    }
    return w->font_px < min_px ? w->font_px : min_px;
}

void render_lines(Renderer *r, const char *text, int px, bool bold, int width, char *out,
                  size_t cap)
{
    out[0] = '\0';
    const Measured *m = layout_of(r, text, px, bold, width, true);
    for (int i = 0; m && i < m->lines; i++) {
        size_t have = strlen(out);
        if (have + 2 >= cap)
            break;
        if (i > 0)
            out[have++] = '\n';
        size_t len = m->len[i] < cap - 1 - have ? m->len[i] : cap - 1 - have;
        memcpy(out + have, text + m->start[i], len);
        out[have + len] = '\0';
    }
}

static void draw_text(Renderer *r, const Widget *w, Color fg, int pad, float spacing)
{
    if (w->text[0] == '\0')
        return;
    TTF_Font *font = font_get(r, w->font_px, w->bold);
    if (!font)
        return;
    int inner_w = w->rect.w - 2 * pad;
    /* the layout measured (render_measure, render_text_clipped) */
    const Measured *m = layout_of(r, w->text, w->font_px, w->bold, inner_w > 0 ? inner_w : 1,
                                  w->role != UI_ROLE_FIELD);
    if (!m)
        return;
    Line lines[MAX_LINES];
    int n = m->lines;
    for (int i = 0; i < n; i++)
        lines[i] = (Line){w->text + m->start[i], m->len[i]};
    int line_h = (int)(w->font_px * spacing);
    int block_h = n * line_h;
    /* Left-aligned labels read like a page, from the top of their box (rows
     * sized for a possible second line stay evenly spaced); everything else
     * is centred in its box. */
    int y = w->rect.y + (w->rect.h - block_h) / 2;
    if (y < w->rect.y || (w->role == UI_ROLE_LABEL && w->align == ALIGN_LEFT))
        y = w->rect.y;
    for (int i = 0; i < n; i++, y += line_h) {
        if (lines[i].len == 0)
            continue;
        CacheSlot *slot = line_texture(r, lines[i].start, lines[i].len, w->font_px, w->bold, fg);
        if (!slot)
            continue;
        int x = w->align == ALIGN_LEFT ? w->rect.x + pad : w->rect.x + (w->rect.w - slot->w) / 2;
        SDL_Rect dst = {x, y + (line_h - slot->h) / 2, slot->w, slot->h};
        SDL_RenderCopy(r->sdl, slot->tex, NULL, &dst);
    }
}

static void draw_qr(Renderer *r, const Widget *w)
{
    const QrMatrix *m = w->qr;
    Color white = {255, 255, 255}, black = {0, 0, 0};
    set_color(r->sdl, white);
    SDL_Rect bg = {w->rect.x, w->rect.y, w->rect.w, w->rect.h};
    SDL_RenderFillRect(r->sdl, &bg);
    if (!m || m->size <= 0)
        return;
    int side = w->rect.w < w->rect.h ? w->rect.w : w->rect.h;
    int module = side / (m->size + 8); /* 4 modules of quiet zone each side */
    if (module < 1)
        module = 1;
    int x0 = w->rect.x + (w->rect.w - module * m->size) / 2;
    int y0 = w->rect.y + (w->rect.h - module * m->size) / 2;
    SDL_Rect rects[QR_MAX_MODULES * QR_MAX_MODULES];
    int n = 0;
    for (int y = 0; y < m->size; y++)
        for (int x = 0; x < m->size; x++)
            if (m->dark[y * m->size + x])
                rects[n++] = (SDL_Rect){x0 + x * module, y0 + y * module, module, module};
    set_color(r->sdl, black);
    SDL_RenderFillRects(r->sdl, rects, n);
}

/* Handwriting: each stroke as a line about 9 px wide (a cross of offset
 * lines, cheap on the software renderer). */
static void draw_ink(Renderer *r, const Widget *w, Color ink)
{
    set_color(r->sdl, ink);
    for (int i = 1; i < w->ink_count; i++) {
        UiPoint a = w->ink[i - 1], b = w->ink[i];
        if (a.x < 0 || b.x < 0)
            continue;
        int ax = w->rect.x + a.x, ay = w->rect.y + a.y, bx = w->rect.x + b.x, by = w->rect.y + b.y;
        for (int d = -4; d <= 4; d++) {
            SDL_RenderDrawLine(r->sdl, ax + d, ay, bx + d, by);
            SDL_RenderDrawLine(r->sdl, ax, ay + d, bx, by + d);
        }
    }
}

bool render_has_glyph(Renderer *r, unsigned cp)
{
    TTF_Font *f = font_get(r, 36, false);
    return f && TTF_GlyphIsProvided32(f, cp) != 0;
}

/* Draws widget i of the list (pressed: it is under the finger). */
static void draw_widget(Renderer *r, const Widget *w, const Theme *t, bool pressed)
{
    Color bg = w->bg, fg = w->fg;
    switch (w->role) {
    case UI_ROLE_QR: draw_qr(r, w); return;
    case UI_ROLE_TITLE:
    case UI_ROLE_PANEL: {
        set_color(r->sdl, bg);
        SDL_Rect a = {w->rect.x, w->rect.y, w->rect.w, w->rect.h};
        SDL_RenderFillRect(r->sdl, &a);
        draw_text(r, w, fg, ui_text_pad_x(w->role, t), t->line_spacing);
        return;
    }
    case UI_ROLE_LABEL: draw_text(r, w, fg, ui_text_pad_x(w->role, t), t->line_spacing); return;
    case UI_ROLE_BUTTON:
    case UI_ROLE_FIELD: {
        if (w->flat) {
            set_color(r->sdl, pressed ? t->primary_pressed : bg);
            SDL_Rect a = {w->rect.x, w->rect.y, w->rect.w, w->rect.h};
            SDL_RenderFillRect(r->sdl, &a);
            draw_text(r, w, fg, ui_text_pad_x(w->role, t), t->line_spacing);
            return;
        }
        if (pressed && w->key_press) {
            /* a key under the finger: unmistakably pressed */
            bg = t->selected_bg;
            fg = t->selected_fg;
        } else if (pressed)
            bg = (bg.r == t->primary_bg.r && bg.g == t->primary_bg.g && bg.b == t->primary_bg.b)
                     ? t->primary_pressed
                     : t->button_pressed;
        if (pressed && bg.r == t->primary_pressed.r && bg.g == t->primary_pressed.g)
            fg = t->primary_fg;
        Color border = w->role == UI_ROLE_FIELD ? t->field_border : t->button_border;
        if (w->selected)
            border = t->selected_bg;
        fill_round(r->sdl, w->rect, t->radius, border);
        Rect inner = {w->rect.x + t->border, w->rect.y + t->border, w->rect.w - 2 * t->border,
                      w->rect.h - 2 * t->border};
        fill_round(r->sdl, inner, t->radius - t->border, bg);
        draw_text(r, w, fg, ui_text_pad_x(w->role, t), t->line_spacing);
        if (w->ink_count > 0)
            draw_ink(r, w, t->field_fg);
        return;
    }
    }
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static Rect rect_union(Rect a, Rect b)
{
    int x0 = a.x < b.x ? a.x : b.x, y0 = a.y < b.y ? a.y : b.y;
    int x1 = a.x + a.w > b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h > b.y + b.h ? a.y + a.h : b.y + b.h;
    return (Rect){x0, y0, x1 - x0, y1 - y0};
}

static bool rect_meets(Rect a, Rect b)
{
    return a.x <= b.x + b.w && b.x <= a.x + a.w && a.y <= b.y + b.h && b.y <= a.y + a.h;
}

/* What decides w's pixels, and where they may fall: its box, widened to
 * its text's lines (which may overflow it: centred lines wider than the
 * box, a block taller than it; glyphs may reach a little beyond their line,
 * hence a font size of margin) and to its ink. */
static Drawn drawn_of(Renderer *r, const Widget *w, const Theme *t, bool pressed)
{
    uint64_t h = 1469598103934665603ULL;
    h = fnv(h, &w->role, sizeof w->role);
    int box[3] = {w->rect.x, w->rect.w, w->rect.h}; /* the y last, for shape */
    h = fnv(h, box, sizeof box);
    h = fnv(h, &w->font_px, sizeof w->font_px);
    uint8_t flags[6] = {w->bold, w->selected, w->flat, w->key_press, pressed, (uint8_t)w->align};
    h = fnv(h, flags, sizeof flags);
    h = fnv(h, &w->fg, sizeof w->fg);
    h = fnv(h, &w->bg, sizeof w->bg);
    h = fnv(h, w->text, strlen(w->text));
    if (w->role == UI_ROLE_QR && w->qr) {
        h = fnv(h, &w->qr->size, sizeof w->qr->size);
        h = fnv(h, w->qr->dark, (size_t)w->qr->size * (size_t)w->qr->size);
    }
    Rect ink = w->rect;
    if (w->ink && w->ink_count > 0) {
        h = fnv(h, w->ink, (size_t)w->ink_count * sizeof w->ink[0]);
        for (int i = 0; i < w->ink_count; i++)
            if (w->ink[i].x >= 0)
                ink = rect_union(
                    ink, (Rect){w->rect.x + w->ink[i].x - 8, w->rect.y + w->ink[i].y - 8, 17, 17});
    }
    if (w->text[0] && w->role != UI_ROLE_QR) {
        int pad = ui_text_pad_x(w->role, t), inner = w->rect.w - 2 * pad;
        const Measured *m = layout_of(r, w->text, w->font_px, w->bold, inner > 0 ? inner : 1,
                                      w->role != UI_ROLE_FIELD);
        int lines = m ? m->lines : 1, widest = m ? m->widest : w->rect.w;
        int line_h = (int)(w->font_px * t->line_spacing), block = lines * line_h;
        int x = w->align == ALIGN_LEFT ? w->rect.x + pad : w->rect.x + (w->rect.w - widest) / 2;
        /* draw_text starts the block centred or at the box's top */
        int yc = w->rect.y + (w->rect.h - block) / 2;
        int y0 = yc < w->rect.y ? yc : w->rect.y, y1 = (yc > w->rect.y ? yc : w->rect.y) + block;
        ink = rect_union(ink, (Rect){x - w->font_px, y0 - w->font_px, widest + 2 * w->font_px,
                                     y1 - y0 + 2 * w->font_px});
    }
    return (Drawn){fnv(h, &w->rect.y, sizeof w->rect.y), h, ink};
}

/* Clears to the background and draws every widget of the list that touches
 * rect a, clipped to it. */
static void draw_region(Renderer *r, const UiList *ui, const Theme *t, int pressed, Rect a)
{
    SDL_Rect clip = {a.x, a.y, a.w, a.h};
    SDL_RenderSetClipRect(r->sdl, &clip);
    set_color(r->sdl, t->bg);
    SDL_RenderFillRect(r->sdl, &clip);
    for (int i = 0; i < ui->count; i++)
        if (rect_meets(r->cur[i].ink, a))
            draw_widget(r, &ui->items[i], t, i == pressed);
    SDL_RenderSetClipRect(r->sdl, NULL);
}

/* Adds a to the damage (nothing when a is empty); false when full. */
static bool damage_add(Rect *damage, int *nd, Rect a)
{
    if (a.w <= 0 || a.h <= 0)
        return true;
    if (*nd == DAMAGE_MAX)
        return false;
    damage[(*nd)++] = a;
    return true;
}

/* The part of a in rows [y0, y1) (empty when none). */
static Rect rows_of(Rect a, int y0, int y1)
{
    int top = a.y > y0 ? a.y : y0, bottom = a.y + a.h < y1 ? a.y + a.h : y1;
    return (Rect){a.x, top, a.w, bottom - top};
}

static Rect shifted(Rect a, int dy)
{
    return (Rect){a.x, a.y + dy, a.w, a.h};
}

/* Whether the target's pixels can be moved: they are reachable (a software
 * surface: not a target texture, whose pixels SDL keeps out of reach, nor
 * an accelerated renderer's), and a point of the frame is that pixel of the
 * surface (no letterbox offset; the scale was checked to be 1). */
static bool can_move(Renderer *r, int out_w, int out_h)
{
    SDL_Surface *p = r->pixels;
    SDL_Rect vp;
    SDL_RenderGetViewport(r->sdl, &vp);
    return p && !SDL_GetRenderTarget(r->sdl) && vp.x == 0 && vp.y == 0 && p->w >= out_w &&
           p->h >= out_h;
}

/* A scroll: widgets drawn the same as in the previous frame (shape) but dy
 * lower, and the band of rows [y0, y1) they cover in either frame; dy 0 for
 * none. */
typedef struct {
    int dy, y0, y1;
} Scroll;

/* Finds the scroll between the previous frame and this one among the
 * widgets not kept as they were (kept; used: the previous frame's kept):
 * the dy most of them moved by, and the pairs that moved by it, in the
 * same order (from: the previous frame's index of each, or -1; used; two
 * of them swapped would overlap the other way round).  Pairs moved by
 * another dy stay damage, as does everything when the band is no taller
 * than the move (nothing of it would be kept). */
static Scroll scroll_find(Renderer *r, int count, bool *used, const bool *kept, int *from,
                          int out_h)
{
    Scroll s = {0, 0, 0};
    int dys[UI_MAX_WIDGETS], votes[UI_MAX_WIDGETS], nv = 0, best = -1;
    for (int i = 0; i < count; i++)
        for (int j = 0; j < r->prev_count && !kept[i]; j++) {
            const Drawn *c = &r->cur[i], *p = &r->prev[j];
            if (used[j] || p->shape != c->shape || p->ink.y == c->ink.y)
                continue;
            int k = 0;
            while (k < nv && dys[k] != c->ink.y - p->ink.y)
                k++;
            if (k == nv) {
                dys[nv] = c->ink.y - p->ink.y;
                votes[nv++] = 0;
            }
            votes[k]++;
            if (best < 0 || votes[k] > votes[best])
                best = k;
            break;
        }
    if (best < 0)
        return s;
    int dy = dys[best], y0 = INT_MAX, y1 = INT_MIN, last = -1, n = 0;
    int pair[UI_MAX_WIDGETS][2];
    for (int i = 0; i < count; i++)
        for (int j = last + 1; j < r->prev_count && !kept[i]; j++) {
            Rect a = r->prev[j].ink, b = r->cur[i].ink;
            if (used[j] || r->prev[j].shape != r->cur[i].shape || a.y + dy != b.y)
                continue;
            pair[n][0] = i;
            pair[n++][1] = last = j;
            y0 = a.y < y0 ? a.y : y0; /* the inks of either frame */
            y1 = b.y + b.h > y1 ? b.y + b.h : y1;
            y0 = b.y < y0 ? b.y : y0;
            y1 = a.y + a.h > y1 ? a.y + a.h : y1;
            break;
        }
    y0 = y0 < 0 ? 0 : y0;
    y1 = y1 > out_h ? out_h : y1;
    /* The band ends where a widget that stays begins or ends over it (a
     * header above the list, a footer below, their text overflowing onto
     * it): what the moved ones have beyond is drawn again instead.  One
     * inside the band is drawn again (frame_draw). */
    for (int i = 0; i < count; i++) {
        Rect a = r->cur[i].ink;
        if (!kept[i] || a.y >= y1 || a.y + a.h <= y0)
            continue;
        if (a.y <= y0)
            y0 = a.y + a.h;
        else if (a.y + a.h >= y1)
            y1 = a.y;
    }
    if (n == 0 || y1 - y0 <= abs(dy))
        return s;
    for (int k = 0; k < n; k++) {
        from[pair[k][0]] = pair[k][1];
        used[pair[k][1]] = true;
    }
    return (Scroll){dy, y0, y1};
}

/* Moves the band's pixels dy down (up when negative) within it; the rows
 * left are drawn afterwards.  False when the surface cannot be locked. */
static bool scroll_pixels(Renderer *r, Scroll s)
{
    SDL_Surface *p = r->pixels;
    SDL_RenderFlush(r->sdl); /* what was drawn before lands first */
    if (SDL_MUSTLOCK(p) && SDL_LockSurface(p) != 0)
        return false;
    uint8_t *px = p->pixels;
    size_t pitch = (size_t)p->pitch, rows = (size_t)(s.y1 - s.y0 - abs(s.dy));
    if (s.dy > 0)
        memmove(px + (size_t)(s.y0 + s.dy) * pitch, px + (size_t)s.y0 * pitch, rows * pitch);
    else
        memmove(px + (size_t)s.y0 * pitch, px + (size_t)(s.y0 - s.dy) * pitch, rows * pitch);
    if (SDL_MUSTLOCK(p))
        SDL_UnlockSurface(p);
    return true;
}

static void frame_draw(Renderer *r, const UiList *ui, const Theme *t, int pressed);

void render_frame(Renderer *r, const UiList *ui, const Theme *t, int pressed)
{
    frame_draw(r, ui, t, pressed);
    r->face_limit = FACES;
}

static void frame_draw(Renderer *r, const UiList *ui, const Theme *t, int pressed)
{
    float sx = 1, sy = 1;
    if (r->retained)
        SDL_RenderGetScale(r->sdl, &sx, &sy);
    if (!r->retained || sx != 1 || sy != 1) {
        set_color(r->sdl, t->bg);
        SDL_RenderClear(r->sdl);
        for (int i = 0; i < ui->count; i++)
            draw_widget(r, &ui->items[i], t, i == pressed);
        r->have_prev = false;
        r->frames_whole++;
        return;
    }
    int out_w = 0, out_h = 0; /* what the kiosk draws on */
    SDL_Texture *target = SDL_GetRenderTarget(r->sdl);
    if (target)
        SDL_QueryTexture(target, NULL, NULL, &out_w, &out_h);
    else
        SDL_RenderGetLogicalSize(r->sdl, &out_w, &out_h);
    if (out_w <= 0 || out_h <= 0)
        SDL_GetRendererOutputSize(r->sdl, &out_w, &out_h);
    for (int i = 0; i < ui->count; i++)
        r->cur[i] = drawn_of(r, &ui->items[i], t, i == pressed);
    /* Damage: the widgets of either frame that the other has not, in the
     * same order (a widget moved above or below another is damage too),
     * but for a scroll's (scroll_find), whose pixels are moved instead. */
    Rect damage[DAMAGE_MAX];
    int nd = 0;
    bool whole = !r->have_prev || memcmp(&r->prev_theme, t, sizeof *t) != 0;
    bool used[UI_MAX_WIDGETS] = {false}, kept[UI_MAX_WIDGETS] = {false};
    int from[UI_MAX_WIDGETS]; /* a widget's index in the previous frame, when it moved */
    Scroll sc = {0, 0, 0};
    if (!whole) {
        int last = -1;
        for (int i = 0; i < ui->count; i++)
            for (int j = last + 1; j < r->prev_count; j++)
                if (r->prev[j].sig == r->cur[i].sig &&
                    memcmp(&r->prev[j].ink, &r->cur[i].ink, sizeof(Rect)) == 0) {
                    used[j] = kept[i] = true;
                    last = j;
                    break;
                }
        for (int i = 0; i < ui->count; i++)
            from[i] = -1;
        if (can_move(r, out_w, out_h))
            sc = scroll_find(r, ui->count, used, kept, from, out_h);
        /* After the move, a pixel of the band shows the previous frame's
         * pixel dy above it: right, unless a widget that did not move drew
         * there (in either frame) or it came from outside the band. */
        int y0 = sc.y0, y1 = sc.y1, dy = sc.dy;
        for (int i = 0; i < ui->count && !whole; i++) {
            Rect a = r->cur[i].ink;
            if (from[i] >= 0) /* its parts beyond the band, where it was and is */
                whole = !damage_add(damage, &nd, rows_of(a, INT_MIN / 2, y0)) ||
                        !damage_add(damage, &nd, rows_of(a, y1, INT_MAX / 2)) ||
                        !damage_add(damage, &nd, rows_of(r->prev[from[i]].ink, INT_MIN / 2, y0)) ||
                        !damage_add(damage, &nd, rows_of(r->prev[from[i]].ink, y1, INT_MAX / 2));
            else if (!kept[i])
                whole = !damage_add(damage, &nd, a);
            else if (dy && a.y < y1 && a.y + a.h > y0) /* kept still, but its pixels moved */
                whole = !damage_add(damage, &nd, rows_of(a, y0, y1)) ||
                        !damage_add(damage, &nd, rows_of(shifted(a, dy), y0, y1));
        }
        for (int j = 0; j < r->prev_count && !whole; j++) {
            Rect a = r->prev[j].ink;
            if (used[j])
                continue;
            if (!dy || a.y >= y1 || a.y + a.h <= y0)
                whole = !damage_add(damage, &nd, a);
            else /* where it was, outside the band; where it went, inside */
                whole = !damage_add(damage, &nd, rows_of(a, INT_MIN / 2, y0)) ||
                        !damage_add(damage, &nd, rows_of(a, y1, INT_MAX / 2)) ||
                        !damage_add(damage, &nd, rows_of(shifted(a, dy), y0, y1));
        }
        if (dy && !whole) /* the rows exposed, whose pixels were outside the band */
            whole = !damage_add(damage, &nd,
                                dy > 0 ? (Rect){0, y0, out_w, dy} : (Rect){0, y1 + dy, out_w, -dy});
    }
    /* Overlapping regions merge (each is then drawn once); damage over
     * half the screen is drawn whole, which costs no more. */
    for (bool merged = true; merged && !whole;) {
        merged = false;
        for (int i = 0; i < nd && !merged; i++)
            for (int j = i + 1; j < nd && !merged; j++)
                if (rect_meets(damage[i], damage[j])) {
                    damage[i] = rect_union(damage[i], damage[j]);
                    damage[j] = damage[--nd];
                    merged = true;
                }
    }
    long area = 0;
    for (int i = 0; i < nd && !whole; i++) {
        Rect a = damage[i];
        int x0 = a.x < 0 ? 0 : a.x, y0 = a.y < 0 ? 0 : a.y;
        int x1 = a.x + a.w > out_w ? out_w : a.x + a.w, y1 = a.y + a.h > out_h ? out_h : a.y + a.h;
        damage[i] = (Rect){x0, y0, x1 > x0 ? x1 - x0 : 0, y1 > y0 ? y1 - y0 : 0};
        area += (long)damage[i].w * damage[i].h;
    }
    if (area * 2 > (long)out_w * out_h)
        whole = true;
    if (!whole && sc.dy && !scroll_pixels(r, sc))
        whole = true;
    if (whole) {
        /* as a renderer that keeps nothing does (the clear reaches any
         * letterbox bars too) */
        set_color(r->sdl, t->bg);
        SDL_RenderClear(r->sdl);
        for (int i = 0; i < ui->count; i++)
            draw_widget(r, &ui->items[i], t, i == pressed);
        r->frames_whole++;
    } else if (nd == 0) {
        r->frames_same++;
    } else {
        for (int i = 0; i < nd; i++)
            if (damage[i].w > 0 && damage[i].h > 0)
                draw_region(r, ui, t, pressed, damage[i]);
        if (sc.dy)
            r->frames_moved++;
        else
            r->frames_partial++;
    }
    memcpy(r->prev, r->cur, (size_t)ui->count * sizeof r->cur[0]);
    r->prev_count = ui->count;
    r->prev_theme = *t;
    r->have_prev = true;
}
