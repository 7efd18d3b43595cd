/* test_render.c - retained drawing (render_set_retained): a renderer that
 * redraws only the damaged regions must leave exactly the pixels of one
 * that draws every frame whole, whatever changes between frames (a text, a
 * widget moved, added or gone, a press, text overflowing its box, a list
 * scrolled), and must draw nothing for a frame that did not change.  A
 * scrolled list has its pixels moved (the frames counted as moved), with a
 * row pressed, text overflowing rows, a button fixed over the list, rows
 * cut at the list's ends under panels.
 * A renderer's first frame is drawn with one face of each weight, set to
 * every size in turn; the same pixels, and render_warm opens the faces of
 * the other sizes afterwards. */
#include <SDL.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "kiosk/platform.h"
#include "kiosk/render.h"
#include "kiosk/ui.h"

#define W 480
#define H 640

static Renderer *whole, *ref, *kept;
static SDL_Surface *ref_px, *kept_px;
static SDL_Renderer *ref_sdl, *kept_sdl;
static uint8_t a[W * H];
static Theme t;

/* A renderer drawing into a surface of its own, as the headless kiosk's. */
static Renderer *on_surface(SDL_Surface **s, SDL_Renderer **sdl_out)
{
    char err[256];
    Renderer *r = NULL;
    *s = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *sdl = *s ? SDL_CreateSoftwareRenderer(*s) : NULL;
    *sdl_out = sdl;
    if (!sdl || render_create(sdl, platform_font_dir(), &r, err, sizeof err) != K_OK)
        fprintf(stderr, "    %s\n", sdl ? err : SDL_GetError());
    return r;
}

/* Draws ui (pressed: the widget under the finger) with a renderer that
 * draws every frame whole and with the retained one, and compares their
 * pixels. */
static bool same_pixels_pressed(const UiList *ui, int pressed, const char *what)
{
    render_frame(ref, ui, &t, pressed);
    render_frame(kept, ui, &t, pressed);
    SDL_RenderFlush(ref_sdl);
    SDL_RenderFlush(kept_sdl);
    int differ = 0, first = -1;
    for (int y = 0; y < H; y++) {
        const uint32_t *pa = (const uint32_t *)((uint8_t *)ref_px->pixels + y * ref_px->pitch);
        const uint32_t *pb = (const uint32_t *)((uint8_t *)kept_px->pixels + y * kept_px->pitch);
        for (int x = 0; x < W; x++)
            if (pa[x] != pb[x]) {
                if (first < 0)
                    first = y * W + x;
                differ++;
            }
    }
    if (differ)
        fprintf(stderr, "    %s: %d pixels differ, the first at (%d, %d)\n", what, differ,
                first % W, first / W);
    return differ == 0;
}

static bool same_pixels(const UiList *ui, const char *what)
{
    return same_pixels_pressed(ui, -1, what);
}

enum {
    TALL = 1,  /* every third row's text is taller than the row: it overflows */
    FAB = 2,   /* a fixed button over the list, drawn after it */
    EDGES = 4, /* rows half out of the list kept, under a header and footer */
};

/* A screen: a title, a label, a column of rows scrolled by `scroll` (only
 * those wholly inside the list unless EDGES), a button whose text overflows
 * it. */
static void build_with(UiList *ui, int scroll, const char *label, int rows, int flags)
{
    ui_clear(ui);
    ui_title(ui, &t, "s.title", "待办事项", (Rect){0, 0, W, 90});
    ui_label(ui, &t, "s.label", label, (Rect){20, 100, W - 40, 60}, 32);
    for (int i = 0; i < rows; i++) {
        int y = 170 + i * 90 - scroll;
        if ((flags & EDGES) ? (y + 90 <= 170 || y >= 560) : (y < 170 || y + 90 > 560))
            continue;
        char id[32], text[160];
        snprintf(id, sizeof id, "s.row.%d", i);
        if ((flags & TALL) && i % 3 == 1)
            snprintf(text, sizeof text, "A%03d 12-07\n已受理 %d 分钟\n家政服务", i, i * 7);
        else
            snprintf(text, sizeof text, "A%03d 12-07  已受理 %d 分钟\n家政服务", i, i * 7);
        Widget *w = ui_button(ui, &t, id, text, (Rect){10, y + 4, W - 20, 82});
        if (w) {
            w->align = ALIGN_LEFT;
            w->font_px = 28;
        }
    }
    if (flags & EDGES) { /* panels over the rows' ends */
        ui_add(ui, "s.head", UI_ROLE_PANEL, "", (Rect){0, 90, W, 80}, 28, t.header_fg, t.header_bg);
        ui_add(ui, "s.foot", UI_ROLE_PANEL, "", (Rect){0, 560, W, 80}, 28, t.header_fg,
               t.header_bg);
    }
    if (flags & FAB)
        ui_button(ui, &t, "s.fab", "+", (Rect){360, 300, 100, 100});
    Widget *o = ui_button(ui, &t, "s.over", "一个放不下的很长很长很长的按钮文字",
                          (Rect){140, 570, 200, 60});
    if (o) /* wider than its box: the text overflows both sides (far over the list at 40) */
        o->font_px = flags ? 28 : 40;
}

static void build(UiList *ui, int scroll, const char *label, int rows)
{
    build_with(ui, scroll, label, rows, 0);
}

/* Frames drawn by moving pixels so far. */
static unsigned long moved_frames(void)
{
    unsigned long w, p, s, m;
    render_frame_counts(kept, &w, &p, &s, &m);
    return m;
}

/* Scrolls the list from `from` to `to` by `step`, comparing every frame;
 * how many of them moved pixels. */
static int scroll_through(UiList *ui, int from, int to, int step, int flags, int pressed_row,
                          const char *what)
{
    unsigned long m0 = moved_frames();
    for (int scroll = from; step > 0 ? scroll <= to : scroll >= to; scroll += step) {
        build_with(ui, scroll, "请选择服务", 12, flags);
        int pressed = -1;
        if (pressed_row >= 0) {
            char id[32];
            snprintf(id, sizeof id, "s.row.%d", pressed_row);
            const Widget *w = ui_find(ui, id);
            pressed = w ? (int)(w - ui->items) : -1;
        }
        char label[96];
        snprintf(label, sizeof label, "%s, scroll %d", what, scroll);
        CHECK(same_pixels_pressed(ui, pressed, label));
    }
    return (int)(moved_frames() - m0);
}

int main(void)
{
    char err[256];
    if (render_offscreen_create(W, H, platform_font_dir(), &whole, err, sizeof err) != K_OK) {
        fprintf(stderr, "    %s\n", err);
        CHECK(false);
        return check_done();
    }
    ref = on_surface(&ref_px, &ref_sdl);
    kept = on_surface(&kept_px, &kept_sdl);
    CHECK(ref && kept);
    if (!ref || !kept)
        return check_done();
    render_set_retained(kept, true);
    render_set_pixels(kept, kept_px);
    theme_make(&t, W, H, 1.0, false);
    static UiList ui;
    unsigned long w0, p0, s0, m0, w1, p1, s1, m1;

    build(&ui, 0, "请选择", 12);
    CHECK(same_pixels(&ui, "first frame"));
    render_frame_counts(kept, &w0, &p0, &s0, &m0);
    CHECK(w0 == 1);

    /* the same list again: nothing drawn */
    CHECK(same_pixels(&ui, "unchanged"));
    render_frame_counts(kept, &w1, &p1, &s1, &m1);
    CHECK(s1 == s0 + 1 && w1 == w0 && p1 == p0 && m1 == m0);

    /* one text changed: a partial frame */
    build(&ui, 0, "请选择服务", 12);
    CHECK(same_pixels(&ui, "label changed"));
    render_frame_counts(kept, &w0, &p0, &s0, &m0);
    CHECK(p0 == p1 + 1 && w0 == w1 && m0 == m1);

    /* scrolled by part of a row, then by several, down and back up: rows
     * moved (their pixels), come and go; no frame drawn whole */
    CHECK(scroll_through(&ui, 30, 400, 37, 0, -1, "scrolled") == 11);
    CHECK(scroll_through(&ui, 380, 0, -19, 0, -1, "scrolled back") == 21);
    render_frame_counts(kept, &w1, &p1, &s1, &m1);
    CHECK(w1 == w0);
    /* rows whose text overflows them, a button fixed over the list */
    CHECK(scroll_through(&ui, 0, 300, 23, TALL | FAB, -1, "tall rows, fixed button") >= 10);
    CHECK(scroll_through(&ui, 300, 0, -41, TALL | FAB, -1, "tall rows back") >= 4);
    /* rows cut by the list's ends, under panels drawn after them */
    CHECK(scroll_through(&ui, 0, 400, 29, EDGES | TALL, -1, "rows at the edges") >= 10);
    CHECK(scroll_through(&ui, 400, 0, -53, EDGES, -1, "rows at the edges back") >= 6);
    /* a row pressed while the list moves */
    CHECK(scroll_through(&ui, 0, 200, 17, FAB, 3, "a row pressed") >= 8);
    CHECK(scroll_through(&ui, 200, 0, -31, EDGES, 4, "a row pressed back") >= 4);
    /* the same, the retained renderer without its pixels: damage only */
    render_set_pixels(kept, NULL);
    CHECK(scroll_through(&ui, 0, 200, 37, TALL, -1, "no pixels") == 0);
    render_set_pixels(kept, kept_px);

    /* a widget gone, the overflowing one changed */
    build(&ui, 0, "请选择服务", 2);
    Widget *o = (Widget *)ui_find(&ui, "s.over");
    if (o)
        snprintf(o->text, sizeof o->text, "%s", "短");
    CHECK(same_pixels(&ui, "rows gone"));

    /* a fresh renderer: its first frame with one face a weight */
    Renderer *fresh = NULL;
    CHECK(render_offscreen_create(W, H, platform_font_dir(), &fresh, err, sizeof err) == K_OK);
    if (fresh) {
        CHECK(render_faces_open(fresh) == 1); /* the regular face, checked at start */
        build(&ui, 0, "请选择服务", 12);      /* sizes 28, 32, 40 and the bold title */
        int lines =
            render_measure(fresh, "一个放不下的很长很长很长的按钮文字", 40, false, 200, NULL);
        CHECK(lines > 1);
        CHECK(render_faces_open(fresh) == 1);
        static uint8_t c[W * H];
        CHECK(render_offscreen_gray(fresh, &ui, &t, c, W, H) == K_OK);
        CHECK(render_offscreen_gray(whole, &ui, &t, a, W, H) == K_OK);
        CHECK(memcmp(a, c, sizeof a) == 0);
        CHECK(render_faces_open(fresh) == 2); /* and one bold */
        int warmed = 0;
        while (render_warm(fresh) && warmed < 10)
            warmed++;
        CHECK(warmed >= 2);
        CHECK(render_faces_open(fresh) == 2 + warmed);
        CHECK(!render_warm(fresh));
        /* the faces warmed are used: the same frame opens none */
        int before = render_faces_open(fresh);
        CHECK(render_offscreen_gray(fresh, &ui, &t, c, W, H) == K_OK);
        CHECK(memcmp(a, c, sizeof a) == 0);
        CHECK(render_faces_open(fresh) == before);
        render_destroy(fresh);
    }

    render_destroy(kept); /* whole started SDL_ttf: it goes last */
    render_destroy(ref);
    SDL_DestroyRenderer(kept_sdl);
    SDL_DestroyRenderer(ref_sdl);
    SDL_FreeSurface(kept_px);
    SDL_FreeSurface(ref_px);
    render_destroy(whole);
    return check_done();
}
