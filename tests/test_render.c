/* test_render.c - retained drawing (render_set_retained): a renderer that
 * redraws only the damaged regions must leave exactly the pixels of one
 * that draws every frame whole, whatever changes between frames (a text, a
 * widget moved, added or gone, a press, text overflowing its box, a list
 * scrolled), and must draw nothing for a frame that did not change.
 * A renderer's first frame is drawn with one face of each weight, set to
 * every size in turn; the same pixels, and render_warm opens the faces of
 * the other sizes afterwards. */
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

static Renderer *whole, *kept;
static uint8_t a[W * H], b[W * H];
static Theme t;

/* Draws ui on both renderers and compares their pixels. */
static bool same_pixels(const UiList *ui, const char *what)
{
    if (render_offscreen_gray(whole, ui, &t, a, W, H) != K_OK ||
        render_offscreen_gray(kept, ui, &t, b, W, H) != K_OK)
        return false;
    int differ = 0, first = -1;
    for (int i = 0; i < W * H; i++)
        if (a[i] != b[i]) {
            if (first < 0)
                first = i;
            differ++;
        }
    if (differ)
        fprintf(stderr, "    %s: %d pixels differ, the first at (%d, %d)\n", what, differ,
                first % W, first / W);
    return differ == 0;
}

/* A screen: a title, a label, a column of rows scrolled by `scroll` (only
 * those wholly inside the list), a button whose text overflows it. */
static void build(UiList *ui, int scroll, const char *label, int rows)
{
    ui_clear(ui);
    ui_title(ui, &t, "s.title", "待办事项", (Rect){0, 0, W, 90});
    ui_label(ui, &t, "s.label", label, (Rect){20, 100, W - 40, 60}, 32);
    for (int i = 0; i < rows; i++) {
        int y = 170 + i * 90 - scroll;
        if (y < 170 || y + 90 > 560)
            continue;
        char id[32], text[96];
        snprintf(id, sizeof id, "s.row.%d", i);
        snprintf(text, sizeof text, "A%03d 12-07  已受理 %d 分钟\n家政服务", i, i * 7);
        Widget *w = ui_button(ui, &t, id, text, (Rect){10, y + 4, W - 20, 82});
        if (w) {
            w->align = ALIGN_LEFT;
            w->font_px = 28;
        }
    }
    Widget *o = ui_button(ui, &t, "s.over", "一个放不下的很长很长很长的按钮文字",
                          (Rect){140, 570, 200, 60});
    if (o)
        o->font_px = 40; /* wider than its box: the text overflows both sides */
}

int main(void)
{
    char err[256];
    if (render_offscreen_create(W, H, platform_font_dir(), &whole, err, sizeof err) != K_OK ||
        render_offscreen_create(W, H, platform_font_dir(), &kept, err, sizeof err) != K_OK) {
        fprintf(stderr, "    %s\n", err);
        CHECK(false);
        return check_done();
    }
    render_set_retained(kept, true);
    theme_make(&t, W, H, 1.0, false);
    static UiList ui;
    unsigned long w0, p0, s0, w1, p1, s1;

    build(&ui, 0, "请选择", 12);
    CHECK(same_pixels(&ui, "first frame"));
    render_frame_counts(kept, &w0, &p0, &s0);
    CHECK(w0 == 1);

    /* the same list again: nothing drawn */
    CHECK(same_pixels(&ui, "unchanged"));
    render_frame_counts(kept, &w1, &p1, &s1);
    CHECK(s1 == s0 + 1 && w1 == w0 && p1 == p0);

    /* one text changed: a partial frame */
    build(&ui, 0, "请选择服务", 12);
    CHECK(same_pixels(&ui, "label changed"));
    render_frame_counts(kept, &w0, &p0, &s0);
    CHECK(p0 == p1 + 1 && w0 == w1);

    /* scrolled by part of a row, then by several: rows moved, come and go */
    for (int scroll = 30; scroll <= 400; scroll += 37) {
        build(&ui, scroll, "请选择服务", 12);
        CHECK(same_pixels(&ui, "scrolled"));
    }
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
    render_destroy(whole);
    return check_done();
}
