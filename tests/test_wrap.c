/* test_wrap.c - line breaking as the renderer does it (render.c), with the
 * real fonts on an offscreen renderer: the Unicode rules (libunibreak, with
 * the Chinese tailoring), balanced lines, short labels kept whole by a
 * smaller size, and the padding inside a button.  The cases are the ones the
 * field test saw: 取/消预约, 扫/码口, a line starting with ）, 删/除,
 * 数字符/号, Dele/te, 其他医院（见面时告诉社工） touching its border. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "kiosk/platform.h"
#include "kiosk/render.h"
#include "kiosk/text.h"
#include "kiosk/ui.h"

static Renderer *r;

/* The lines of text at px in width, joined by '/'. */
static const char *lines_of(const char *text, int px, int width)
{
    static char out[512];
    render_lines(r, text, px, false, width, out, sizeof out);
    for (char *p = out; *p; p++)
        if (*p == '\n')
            *p = '/';
    return out;
}

static void check_lines(const char *text, int px, int width, const char *want)
{
    const char *got = lines_of(text, px, width);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "    %s at %d px in %d: \"%s\", want \"%s\"\n", text, px, width, got, want);
    CHECK_STR_EQ(got, want);
}

/* Needing two lines, a text takes two even ones: 取消/预约, not 取/消预约 (nor
 * 取消预/约); the renderer's measure says the same as its drawing. */
static void test_balanced(void)
{
    check_lines("取消预约", 46, 46 * 3 + 10, "取消/预约");
    check_lines("请把号码单对准扫码口", 40, 40 * 9 + 10, "请把号码单/对准扫码口");
    int widest = 0;
    CHECK_INT_EQ(render_measure(r, "取消预约", 46, false, 46 * 3 + 10, &widest), 2);
    CHECK(widest <= 46 * 2 + 4);
    /* What fits stays on one line. */
    check_lines("取消预约", 46, 46 * 5, "取消预约");
}

/* No line starts with a closing mark nor ends with an opening one. */
static void test_punctuation(void)
{
    for (int w = 40 * 3; w <= 40 * 12; w += 7) {
        const char *got = lines_of("其他医院（见面时告诉社工）", 40, w);
        CHECK(strstr(got, "/）") == NULL && strstr(got, "（/") == NULL);
        got = lines_of("需要更多时间吗？请点继续。", 40, w);
        CHECK(strstr(got, "/？") == NULL && strstr(got, "/。") == NULL);
        if (strstr(got, "/）") || strstr(got, "（/") || strstr(got, "/？") || strstr(got, "/。"))
            fprintf(stderr, "    in %d: %s\n", w, got);
    }
}

/* A Latin word is never cut unless it is wider than the line. */
static void test_latin_words(void)
{
    for (int w = 200; w <= 700; w += 13) {
        const char *got = lines_of("Choose another time please", 46, w);
        CHECK(strstr(got, "Choose") && strstr(got, "another") && strstr(got, "time") &&
              strstr(got, "please"));
    }
    RenderLayout l;
    CHECK(render_layout(r, "Delete", 46, false, 100, &l));
    CHECK(l.forced > 0); /* cut only because it cannot fit */
    CHECK(render_layout(r, "Choose another time", 46, false, 300, &l));
    CHECK_INT_EQ(l.forced, 0);
    CHECK_INT_EQ(l.splits, 0);
}

static Widget key(const char *text, int w, int h, int px)
{
    Widget k;
    memset(&k, 0, sizeof k);
    k.role = UI_ROLE_BUTTON;
    text_copy(k.text, sizeof k.text, text);
    k.rect = (Rect){0, 0, w, h};
    k.font_px = px;
    k.enabled = true;
    return k;
}

/* A short label shrinks to stay whole (not below 36 px), keeping its
 * padding: 删除, 数字符号 and Delete on keys with larger text, and a long
 * choice that fits at a smaller size rather than touching its border. */
static void test_short_labels(const Theme *t)
{
    static const struct {
        const char *text;
        int w, h, px;
    } keys[] = {
        {"删除", 120, 120, 57},
        {"数字符号", 200, 120, 57},
        {"Delete", 170, 120, 57},
        {"取消预约", 230, 140, 57},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        Widget k = key(keys[i].text, keys[i].w, keys[i].h, keys[i].px);
        int px = render_label_px(r, &k, t, 36);
        CHECK(px >= 36 && px < keys[i].px);
        k.font_px = px;
        int inner = k.rect.w - 2 * ui_text_pad_x(k.role, t);
        RenderLayout l;
        CHECK(render_layout(r, k.text, px, false, inner, &l));
        if (l.lines != 1)
            fprintf(stderr, "    %s at %d px: %s\n", k.text, px, lines_of(k.text, px, inner));
        CHECK_INT_EQ(l.lines, 1);
        CHECK(render_text_fits(r, &k, t));
        CHECK(!render_text_clipped(r, &k, t));
    }
    /* Fits as it is: kept. */
    Widget ok = key("删除", 300, 140, 46);
    CHECK_INT_EQ(render_label_px(r, &ok, t, 36), 46);
    /* Padding: a label about as wide as its button does not run to the
     * border; it breaks at its bracket, which cuts no word, and keeps its
     * size. */
    Widget tight = key("其他医院（见面时告诉社工）", 13 * 40 + 8, 140, 40);
    CHECK_INT_EQ(render_label_px(r, &tight, t, 36), 40);
    int widest = 0;
    int inner = tight.rect.w - 2 * ui_text_pad_x(tight.role, t);
    CHECK_INT_EQ(render_measure(r, tight.text, 40, false, inner, &widest), 2);
    CHECK(widest <= inner);
    check_lines(tight.text, 40, inner, "其他医院/（见面时告诉社工）");
    CHECK(!render_text_clipped(r, &tight, t));
    CHECK(ui_text_pad_x(tight.role, t) >= 12);
    CHECK(ui_text_pad_y(tight.role, t) >= 12);
    Widget low = key("取消", 300, 46 + 2 * 12 - 2, 46);
    CHECK(render_text_clipped(r, &low, t));
}

int main(void)
{
    char err[256];
    if (render_offscreen_create(64, 64, platform_font_dir(), &r, err, sizeof err) != K_OK) {
        fprintf(stderr, "    %s\n", err);
        CHECK(false);
        return check_done();
    }
    Theme t;
    theme_make(&t, 1080, 1920, 1.25, false);
    test_balanced();
    test_punctuation();
    test_latin_words();
    test_short_labels(&t);
    render_destroy(r);
    return check_done();
}
