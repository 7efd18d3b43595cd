/* theme.c - the kiosk's look: sizes for elderly eyes and fingers, colours
 * with at least 7:1 contrast (checked by tests/test_ui.c and the dump check).
 *
 * Sizes scale with the screen's short side, taking 1080 px as 1.0, and never
 * go below the floors in the foundation issue (body 36 px, titles 56 px,
 * primary buttons 120 px, tap targets 88 px).  Two variants for those who
 * see poorly: larger text (text and targets times 1.25) and high contrast
 * (light on black, at least 10:1). */
#include <math.h>
#include <stdio.h>

#include "kiosk/ui.h"

static Color rgb(unsigned hex)
{
    Color c = {(uint8_t)(hex >> 16), (uint8_t)(hex >> 8), (uint8_t)hex};
    return c;
}

static int scaled(int px, double s, int floor_px)
{
    int v = (int)lround(px * s);
    return v < floor_px ? floor_px : v;
}

void theme_default(Theme *t, int w, int h)
{
    theme_make(t, w, h, 1.0, false);
}

/* High contrast: light text on black, every pair at least 10:1 (the
 * selected choice inverted, black on yellow, so it stands out without
 * relying on a hue). */
static void theme_high_contrast(Theme *t)
{
    t->bg = rgb(0x000000);
    t->fg = rgb(0xFFFFFF);
    t->muted_fg = rgb(0xE6E6E6);
    t->header_bg = rgb(0x000000);
    t->header_fg = rgb(0xFFFF00);
    t->primary_bg = rgb(0x002B5C);
    t->primary_fg = rgb(0xFFFFFF);
    t->primary_pressed = rgb(0x00142E);
    t->button_bg = rgb(0x000000);
    t->button_fg = rgb(0xFFFFFF);
    t->button_border = rgb(0xFFFFFF);
    t->button_pressed = rgb(0x333333);
    t->selected_bg = rgb(0xFFE600);
    t->selected_fg = rgb(0x000000);
    t->field_bg = rgb(0x000000);
    t->field_fg = rgb(0xFFFFFF);
    t->field_border = rgb(0xFFFF00);
    t->hint_fg = rgb(0x9CD3FF); /* light blue: 13:1, yet not the white of typed text */
    t->error_fg = rgb(0xFFB3B3);
    t->overlay_bg = rgb(0x000000);
    t->overlay_fg = rgb(0xFFFFFF);
    t->disabled_bg = rgb(0x000000);
    t->disabled_fg = rgb(0xBDBDBD);
}

void theme_make(Theme *t, int w, int h, double text_scale, bool high_contrast)
{
    int short_side = w < h ? w : h;
    double s = short_side / 1080.0;
    if (s > 2.0)
        s = 2.0;
    /* Larger text scales text and what a finger taps (buttons, the nav
     * bar, the header that holds the title); margins and gaps stay, so the
     * room freed goes to the content. */
    double ts = s * text_scale;

    t->bg = rgb(0xFAF7F0);
    t->fg = rgb(0x1A1A1A);
    t->muted_fg = rgb(0x3D3D3D);
    t->header_bg = rgb(0x7A1712); /* deep red, a station's colour */
    t->header_fg = rgb(0xFFFFFF);
    t->primary_bg = rgb(0x0A4A85);
    t->primary_fg = rgb(0xFFFFFF);
    t->primary_pressed = rgb(0x06284A);
    t->button_bg = rgb(0xFFFFFF);
    t->button_fg = rgb(0x1A1A1A);
    t->button_border = rgb(0x4A4A4A);
    t->button_pressed = rgb(0xD9D4C7);
    t->selected_bg = rgb(0x1B5E20);
    t->selected_fg = rgb(0xFFFFFF);
    t->field_bg = rgb(0xFFFFFF);
    t->field_fg = rgb(0x1A1A1A);
    t->field_border = rgb(0x0A4A85);
    t->hint_fg = rgb(0x555555); /* lighter than typed text, still 7.5:1 */
    t->error_fg = rgb(0x9A0000);
    t->overlay_bg = rgb(0x202020);
    t->overlay_fg = rgb(0xFFFFFF);
    t->disabled_bg = rgb(0xE0E0E0);
    t->disabled_fg = rgb(0x3A3A3A);

    t->title_px = scaled(60, ts, 56);
    t->body_px = scaled(40, ts, 36);
    t->button_px = scaled(46, ts, 36);
    t->small_px = scaled(36, ts, 36);
    t->big_px = scaled(72, ts, 56);
    t->huge_px = scaled(180, ts, 120);
    t->button_h = scaled(140, ts, 120);
    t->primary_h = scaled(170, ts, 120);
    /* The header and the nav bar span the screen: on a landscape screen,
     * whose height is short, they keep their size (their text grows) so
     * the content between them keeps its room. */
    double bars = w > h ? s : ts;
    t->nav_h = scaled(150, bars, 120);
    t->header_h = scaled(150, bars, 120);
    t->margin = scaled(40, s, 24);
    t->gap = scaled(24, s, 16);
    t->radius = scaled(18, s, 8);
    t->border = scaled(3, s, 2);
    t->line_spacing = 1.35f;
    t->scale = text_scale;
    t->high_contrast = high_contrast;
    if (high_contrast)
        theme_high_contrast(t);
}

static double channel(uint8_t v)
{
    double c = v / 255.0;
    return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(Color c)
{
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

double color_contrast(Color a, Color b)
{
    double la = luminance(a), lb = luminance(b);
    if (la < lb) {
        double tmp = la;
        la = lb;
        lb = tmp;
    }
    return (la + 0.05) / (lb + 0.05);
}

void color_hex(Color c, char *out, size_t cap)
{
    snprintf(out, cap, "#%02x%02x%02x", c.r, c.g, c.b);
}
