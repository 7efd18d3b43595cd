/* test_ui.c - unit tests for app/ui/ui.c and app/ui/theme.c, without SDL:
 * the theme's size floors and 7:1 contrast at three screen sizes, the colour
 * helpers, the widget list (capacity, hit-testing, lookups), the layout
 * arithmetic and the JSON dump. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "kiosk/text.h"
#include "kiosk/ui.h"

static const Color black = {0, 0, 0};
static const Color white = {255, 255, 255};

/* UiList is large (UI_MAX_WIDGETS widgets with 1 KiB of text each). */
static UiList list;

static Rect rect(int x, int y, int w, int h)
{
    Rect r = {x, y, w, h};
    return r;
}

static void test_theme(void)
{
    static const int sizes[][2] = {
        {1080, 1920}, {1920, 1080}, {800, 480}, {480, 800}, {2160, 3840}};

    /* Every size in the four variants: normal, larger text, high contrast
     * (10:1), both. */
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0] * 4; i++) {
        Theme t;
        size_t v = i % 4;
        double floor_ratio = v >= 2 ? 10.0 : 7.0;
        theme_make(&t, sizes[i / 4][0], sizes[i / 4][1], v % 2 ? 1.25 : 1.0, v >= 2);
        CHECK(t.body_px >= 36);
        CHECK(t.small_px >= 36);
        CHECK(t.button_px >= 36);
        CHECK(t.title_px >= 56);
        CHECK(t.title_px > t.body_px);
        CHECK(t.button_h >= 120);
        CHECK(t.primary_h >= 120);
        CHECK(t.nav_h >= 120);
        CHECK(t.header_h >= 120);
        CHECK(t.margin > 0 && t.gap > 0 && t.border > 0);
        CHECK(t.line_spacing >= 1.3f); /* the foundation asks for at least 1.3 */

        const struct {
            const char *name;
            Color fg, bg;
        } pairs[] = {
            {"fg/bg", t.fg, t.bg},
            {"header_fg/header_bg", t.header_fg, t.header_bg},
            {"primary_fg/primary_bg", t.primary_fg, t.primary_bg},
            {"primary_fg/primary_pressed", t.primary_fg, t.primary_pressed},
            {"button_fg/button_bg", t.button_fg, t.button_bg},
            {"button_fg/button_pressed", t.button_fg, t.button_pressed},
            {"selected_fg/selected_bg", t.selected_fg, t.selected_bg},
            {"field_fg/field_bg", t.field_fg, t.field_bg},
            {"muted_fg/bg", t.muted_fg, t.bg},
            {"muted_fg/field_bg", t.muted_fg, t.field_bg},
            {"hint_fg/field_bg", t.hint_fg, t.field_bg},
            {"error_fg/bg", t.error_fg, t.bg},
            {"overlay_fg/overlay_bg", t.overlay_fg, t.overlay_bg},
            {"disabled_fg/disabled_bg", t.disabled_fg, t.disabled_bg},
        };
        for (size_t j = 0; j < sizeof pairs / sizeof pairs[0]; j++) {
            double c = color_contrast(pairs[j].fg, pairs[j].bg);
            if (c < floor_ratio)
                fprintf(stderr, "    %dx%d v%zu %s: contrast %.2f < %.0f\n", sizes[i / 4][0],
                        sizes[i / 4][1], v, pairs[j].name, c, floor_ratio);
            CHECK(c >= floor_ratio);
        }
    }

    /* The reference size is 1.0: the design sizes exactly. */
    {
        Theme t;
        theme_default(&t, 1080, 1920);
        CHECK_INT_EQ(t.body_px, 40);
        CHECK_INT_EQ(t.title_px, 60);
        CHECK_INT_EQ(t.button_h, 140);
        CHECK_INT_EQ(t.primary_h, 170);
        Theme l;
        theme_default(&l, 1920, 1080); /* landscape: same short side, same sizes */
        CHECK_INT_EQ(l.body_px, t.body_px);
        CHECK_INT_EQ(l.button_h, t.button_h);
        Theme s;
        theme_default(&s, 800, 480);
        CHECK_INT_EQ(s.body_px, 36);
        CHECK_INT_EQ(s.title_px, 56);
        CHECK_INT_EQ(s.button_h, 120);
        Theme huge;
        theme_default(&huge, 7680, 4320); /* scale capped at 2 */
        CHECK_INT_EQ(huge.body_px, 80);
        Theme big;
        theme_make(&big, 1080, 1920, 1.25, false); /* larger text */
        CHECK_INT_EQ(big.body_px, 50);
        CHECK_INT_EQ(big.title_px, 75);
        CHECK_INT_EQ(big.button_h, 175);
        CHECK_INT_EQ(big.margin, t.margin); /* only text and targets grow */
        CHECK(!big.high_contrast && big.bg.r == t.bg.r);
        Theme hc;
        theme_make(&hc, 1080, 1920, 1.0, true);
        CHECK(hc.high_contrast && hc.bg.r == 0 && hc.bg.g == 0 && hc.bg.b == 0);
        CHECK_INT_EQ(hc.body_px, t.body_px);
    }
}

static void test_colors(void)
{
    CHECK(fabs(color_contrast(black, white) - 21.0) < 0.01);
    CHECK(fabs(color_contrast(white, black) - 21.0) < 0.01);
    CHECK(fabs(color_contrast(white, white) - 1.0) < 1e-9);
    CHECK(fabs(color_contrast(black, black) - 1.0) < 1e-9);
    {
        Color a = {0x0A, 0x4A, 0x85}, b = {0xFA, 0xF7, 0xF0}, gray = {0x77, 0x77, 0x77};
        CHECK(fabs(color_contrast(a, b) - color_contrast(b, a)) < 1e-12);
        CHECK(fabs(color_contrast(gray, white) - color_contrast(white, gray)) < 1e-12);
        /* #777777 on white is the classic 4.48:1, just below AA. */
        CHECK(fabs(color_contrast(gray, white) - 4.48) < 0.01);
        for (int v = 0; v < 256; v += 15) {
            Color c = {(uint8_t)v, (uint8_t)v, (uint8_t)v};
            double x = color_contrast(c, white);
            CHECK(x >= 1.0 && x <= 21.0);
        }
    }
    {
        char hex[8];
        Color c = {0x0A, 0x4A, 0x85};
        color_hex(c, hex, sizeof hex);
        CHECK_STR_EQ(hex, "#0a4a85");
        color_hex(black, hex, sizeof hex);
        CHECK_STR_EQ(hex, "#000000");
        color_hex(white, hex, sizeof hex);
        CHECK_STR_EQ(hex, "#ffffff");
        char small[4];
        color_hex(c, small, sizeof small);
        CHECK_STR_EQ(small, "#0a"); /* truncated, terminated */
    }
}

static void test_add(void)
{
    Theme t;
    theme_default(&t, 1080, 1920);
    ui_clear(&list);
    CHECK_INT_EQ(list.count, 0);
    CHECK(!list.overflow);
    for (int i = 0; i < UI_MAX_WIDGETS; i++) {
        char id[16];
        snprintf(id, sizeof id, "w%d", i);
        Widget *w = ui_add(&list, id, UI_ROLE_BUTTON, "x", rect(i, 0, 10, 10), 40, black, white);
        CHECK(w != NULL);
        if (w && i == 0) {
            CHECK_STR_EQ(w->id, "w0");
            CHECK(w->enabled);
            CHECK(!w->selected);
            CHECK_INT_EQ(w->align, ALIGN_CENTER);
            CHECK_INT_EQ(w->font_px, 40);
        }
    }
    CHECK_INT_EQ(list.count, UI_MAX_WIDGETS);
    CHECK(!list.overflow);
    CHECK(ui_add(&list, "extra", UI_ROLE_LABEL, "x", rect(0, 0, 1, 1), 40, black, white) == NULL);
    CHECK(list.overflow);
    CHECK_INT_EQ(list.count, UI_MAX_WIDGETS);
    CHECK(ui_button(&list, &t, "extra2", "x", rect(0, 0, 1, 1)) == NULL);
    CHECK(ui_title(&list, &t, "extra3", "x", rect(0, 0, 1, 1)) == NULL);
    CHECK(ui_find(&list, "extra") == NULL);
    ui_clear(&list);
    CHECK_INT_EQ(list.count, 0);
    CHECK(!list.overflow);

    /* Text is copied and truncated at a character boundary; NULL is "". */
    {
        char *long_text = malloc(400 * 3 + 1);
        for (int i = 0; i < 400; i++)
            memcpy(long_text + 3 * i, "中", 3);
        long_text[400 * 3] = '\0';
        Widget *w =
            ui_add(&list, "long", UI_ROLE_LABEL, long_text, rect(0, 0, 1, 1), 40, black, white);
        free(long_text);
        CHECK(w != NULL);
        if (w) {
            CHECK(strlen(w->text) < WIDGET_TEXT_MAX);
            CHECK(text_valid_utf8(w->text));
            CHECK_INT_EQ(text_length(w->text), (WIDGET_TEXT_MAX - 1) / 3);
        }
        w = ui_add(&list, "null", UI_ROLE_LABEL, NULL, rect(0, 0, 1, 1), 40, black, white);
        CHECK(w != NULL && w->text[0] == '\0');
    }

    /* The builders use the theme's look. */
    ui_clear(&list);
    {
        Widget *title = ui_title(&list, &t, "title", "标题", rect(0, 0, 1080, 150));
        Widget *label = ui_label(&list, &t, "label", "说明", rect(0, 150, 1080, 60), t.small_px);
        Widget *button = ui_button(&list, &t, "button", "按钮", rect(0, 300, 500, 140));
        Widget *primary = ui_primary(&list, &t, "primary", "下一步", rect(0, 500, 500, 170));
        Widget *on = ui_choice(&list, &t, "on", "是", rect(0, 700, 500, 140), true);
        Widget *off = ui_choice(&list, &t, "off", "否", rect(0, 900, 500, 140), false);
        CHECK(title && label && button && primary && on && off);
        if (title && label && button && primary && on && off) {
            CHECK_INT_EQ(title->role, UI_ROLE_TITLE);
            CHECK_INT_EQ(title->font_px, t.title_px);
            CHECK(title->bold);
            CHECK(memcmp(&title->fg, &t.header_fg, sizeof(Color)) == 0);
            CHECK_INT_EQ(label->role, UI_ROLE_LABEL);
            CHECK_INT_EQ(label->font_px, t.small_px);
            CHECK_INT_EQ(label->align, ALIGN_LEFT);
            CHECK_INT_EQ(button->role, UI_ROLE_BUTTON);
            CHECK_INT_EQ(button->font_px, t.button_px);
            CHECK(memcmp(&button->bg, &t.button_bg, sizeof(Color)) == 0);
            CHECK(memcmp(&primary->bg, &t.primary_bg, sizeof(Color)) == 0);
            CHECK(memcmp(&primary->fg, &t.primary_fg, sizeof(Color)) == 0);
            CHECK(on->selected && on->bold);
            CHECK(memcmp(&on->bg, &t.selected_bg, sizeof(Color)) == 0);
            CHECK(memcmp(&on->fg, &t.selected_fg, sizeof(Color)) == 0);
            CHECK(!off->selected);
            CHECK(memcmp(&off->bg, &t.button_bg, sizeof(Color)) == 0);
        }
    }
    CHECK_STR_EQ(ui_role_name(UI_ROLE_BUTTON), "button");
    CHECK_STR_EQ(ui_role_name(UI_ROLE_PANEL), "panel");
    CHECK_STR_EQ(ui_role_name(UI_ROLE_QR), "image");
}

static void test_hit(void)
{
    ui_clear(&list);
    ui_add(&list, "a", UI_ROLE_BUTTON, "A", rect(0, 0, 100, 100), 40, black, white);
    ui_add(&list, "b", UI_ROLE_BUTTON, "B", rect(50, 50, 100, 100), 40, black, white);
    ui_add(&list, "field", UI_ROLE_FIELD, "", rect(300, 0, 200, 100), 40, black, white);
    ui_add(&list, "label", UI_ROLE_LABEL, "over a", rect(0, 0, 40, 40), 40, black, white);
    ui_add(&list, "title", UI_ROLE_TITLE, "over field", rect(300, 0, 50, 50), 40, black, white);
    ui_add(&list, "qr", UI_ROLE_QR, "", rect(600, 0, 100, 100), 40, black, white);
    ui_add(&list, "lonely label", UI_ROLE_LABEL, "", rect(800, 0, 100, 100), 40, black, white);

    const Widget *w = ui_hit(&list, 75, 75); /* a and b overlap: b is on top */
    CHECK(w != NULL && strcmp(w->id, "b") == 0);
    w = ui_hit(&list, 25, 25); /* the label on top is not tappable: a */
    CHECK(w != NULL && strcmp(w->id, "a") == 0);
    w = ui_hit(&list, 310, 10); /* the title on top is not tappable: field */
    CHECK(w != NULL && strcmp(w->id, "field") == 0);
    w = ui_hit(&list, 0, 0); /* top-left corner is inside */
    CHECK(w != NULL && strcmp(w->id, "a") == 0);
    w = ui_hit(&list, 99, 10);
    CHECK(w != NULL && strcmp(w->id, "a") == 0);
    CHECK(ui_hit(&list, 100, 10) == NULL); /* right edge is outside */
    CHECK(ui_hit(&list, 10, 100) == NULL); /* bottom edge is outside */
    CHECK(ui_hit(&list, -1, 10) == NULL);
    CHECK(ui_hit(&list, 650, 50) == NULL); /* QR code */
    CHECK(ui_hit(&list, 850, 50) == NULL); /* label alone */
    CHECK(ui_hit(&list, 2000, 2000) == NULL);

    /* A disabled button is ignored, the enabled one below it is hit. */
    Widget *d =
        ui_add(&list, "disabled", UI_ROLE_BUTTON, "D", rect(0, 0, 100, 100), 40, black, white);
    CHECK(d != NULL);
    if (d)
        d->enabled = false;
    w = ui_hit(&list, 25, 25);
    CHECK(w != NULL && strcmp(w->id, "a") == 0);
    Widget *df =
        ui_add(&list, "disabled2", UI_ROLE_FIELD, "", rect(900, 900, 10, 10), 40, black, white);
    if (df)
        df->enabled = false;
    CHECK(ui_hit(&list, 905, 905) == NULL);

    /* An overlay panel swallows taps on what lies under it... */
    ui_add(&list, "overlay", UI_ROLE_PANEL, "", rect(0, 0, 200, 200), 40, white, black);
    CHECK(ui_hit(&list, 25, 25) == NULL);
    CHECK(ui_hit(&list, 75, 75) == NULL);
    w = ui_hit(&list, 310, 10); /* ...but not outside it */
    CHECK(w != NULL && strcmp(w->id, "field") == 0);
    /* ...while a button on the panel is hit. */
    ui_add(&list, "continue", UI_ROLE_BUTTON, "继续", rect(20, 120, 160, 60), 40, white, black);
    w = ui_hit(&list, 30, 130);
    CHECK(w != NULL && strcmp(w->id, "continue") == 0);
    CHECK(ui_hit(&list, 30, 30) == NULL);

    ui_clear(&list);
    CHECK(ui_hit(&list, 0, 0) == NULL);
}

static void test_find(void)
{
    ui_clear(&list);
    ui_add(&list, "home", UI_ROLE_BUTTON, "首页", rect(0, 0, 10, 10), 40, black, white);
    ui_add(&list, "desc", UI_ROLE_LABEL, "电梯坏了，已经三天", rect(0, 0, 10, 10), 40, black,
           white);
    ui_add(&list, "home", UI_ROLE_BUTTON, "Home", rect(5, 5, 10, 10), 40, black, white);

    const Widget *w = ui_find(&list, "home");
    CHECK(w != NULL && strcmp(w->text, "Home") == 0); /* the topmost one */
    w = ui_find(&list, "desc");
    CHECK(w != NULL && w->role == UI_ROLE_LABEL);
    CHECK(ui_find(&list, "nosuch") == NULL);
    CHECK(ui_find(&list, "") == NULL);
    CHECK(ui_find(&list, "hom") == NULL);

    CHECK(ui_has_text(&list, "首页"));
    CHECK(ui_has_text(&list, "三天"));
    CHECK(ui_has_text(&list, "Hom"));
    CHECK(!ui_has_text(&list, "四天"));
    CHECK(!ui_has_text(&list, "home")); /* ids are not texts */
    ui_clear(&list);
    CHECK(!ui_has_text(&list, "首页"));
    CHECK(ui_find(&list, "home") == NULL);
}

static void test_layout(void)
{
    Rect area = rect(10, 20, 1000, 500);
    Rect c = ui_grid_cell(area, 3, 100, 20, 0);
    CHECK_INT_EQ(c.x, 10);
    CHECK_INT_EQ(c.y, 20);
    CHECK_INT_EQ(c.w, 320); /* (1000 - 2 * 20) / 3 */
    CHECK_INT_EQ(c.h, 100);
    c = ui_grid_cell(area, 3, 100, 20, 2);
    CHECK_INT_EQ(c.x, 10 + 2 * 340);
    CHECK_INT_EQ(c.y, 20);
    CHECK(c.x + c.w <= area.x + area.w);
    c = ui_grid_cell(area, 3, 100, 20, 4); /* second row, middle */
    CHECK_INT_EQ(c.x, 350);
    CHECK_INT_EQ(c.y, 140);
    c = ui_grid_cell(area, 2, 150, 24, 5);
    CHECK_INT_EQ(c.w, 488);
    CHECK_INT_EQ(c.x, 10 + 512);
    CHECK_INT_EQ(c.y, 20 + 2 * 174);
    c = ui_grid_cell(area, 0, 100, 20, 1); /* no columns means one */
    CHECK_INT_EQ(c.w, 1000);
    CHECK_INT_EQ(c.x, 10);
    CHECK_INT_EQ(c.y, 140);
    /* Cells of one grid never overlap. */
    for (int i = 0; i < 12; i++)
        for (int j = i + 1; j < 12; j++) {
            Rect a = ui_grid_cell(area, 3, 100, 20, i), b = ui_grid_cell(area, 3, 100, 20, j);
            bool overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
            CHECK(!overlap);
        }

    CHECK_INT_EQ(ui_fit_rows(1000, 4, 20, 100, 300), 235); /* (1000 - 60) / 4 */
    CHECK_INT_EQ(ui_fit_rows(1000, 4, 20, 100, 200), 200); /* capped at max */
    CHECK_INT_EQ(ui_fit_rows(1000, 4, 20, 300, 400), 300); /* raised to min */
    CHECK_INT_EQ(ui_fit_rows(1000, 1, 20, 100, 2000), 1000);
    CHECK_INT_EQ(ui_fit_rows(1000, 0, 20, 100, 200), 200);
    CHECK_INT_EQ(ui_fit_rows(-50, 3, 20, 120, 200), 120);
    {
        int h = ui_fit_rows(1234, 5, 24, 10, 1000);
        CHECK(5 * h + 4 * 24 <= 1234);
        CHECK(5 * (h + 1) + 4 * 24 > 1234);
    }

    /* CJK one em, Latin 0.6 em. */
    CHECK_INT_EQ(ui_estimate_lines("", 40, 400), 1);
    CHECK_INT_EQ(ui_estimate_lines("中中中中中中中中中中", 40, 400), 1); /* 10 x 40 = 400 */
    CHECK_INT_EQ(ui_estimate_lines("中中中中中中中中中中中", 40, 400), 2);
    CHECK_INT_EQ(ui_estimate_lines("中中中中中中中中中中中中中中中中中中中中", 40, 400), 2);
    CHECK_INT_EQ(ui_estimate_lines("中中中中中中中中中中中中中中中中中中中中中", 40, 400), 3);
    CHECK_INT_EQ(ui_estimate_lines("abcdefghij", 40, 240), 1); /* 10 x 24 = 240 */
    CHECK_INT_EQ(ui_estimate_lines("abcdefghijk", 40, 240), 2);
    CHECK_INT_EQ(ui_estimate_lines("abcdefghij", 40, 239), 2);
    CHECK_INT_EQ(ui_estimate_lines("abcde中", 40, 160), 1); /* 5 x 24 + 40 = 160 */
    CHECK_INT_EQ(ui_estimate_lines("abcde中", 40, 159), 2);
    /* Latin words whole (24 px a letter, 10 a line): aaaaaa / bbbbbb /
     * cccccc, not aaaaaa bbb / bbb cccccc; a word wider than a line is cut */
    CHECK_INT_EQ(ui_estimate_lines("aaaaaa bbbbbb cccccc", 40, 240), 3);
    CHECK_INT_EQ(ui_estimate_lines("abcdefghijklmnopqrst", 40, 240), 2);
    CHECK_INT_EQ(ui_estimate_lines("abcdefghijklmnopqrstu", 40, 240), 3);
    CHECK_INT_EQ(ui_estimate_lines("，。", 40, 80), 1); /* CJK punctuation is one em */
    CHECK_INT_EQ(ui_estimate_lines("，。", 40, 79), 2);
    /* Line breaks. */
    CHECK_INT_EQ(ui_estimate_lines("\n", 40, 400), 2);
    CHECK_INT_EQ(ui_estimate_lines("a\nb", 40, 400), 2);
    CHECK_INT_EQ(ui_estimate_lines("a\n\nb", 40, 400), 3);
    CHECK_INT_EQ(ui_estimate_lines("中中中中中中中中中中\n中", 40, 400), 2);
    CHECK_INT_EQ(ui_estimate_lines("中中中中中中中中中中中\n中", 40, 400), 3);
    /* More lines for more text, fewer for more width. */
    CHECK(ui_estimate_lines("电梯坏了三天了，老人上下楼很不方便，请尽快派人来修理。", 40, 400) >=
          ui_estimate_lines("电梯坏了三天了，老人上下楼很不方便，请尽快派人来修理。", 40, 800));
}

/* Reads a whole stream into a malloc'd string. */
static char *slurp(FILE *f)
{
    long n;
    char *buf;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
        return NULL;
    buf = malloc((size_t)n + 1);
    if (!buf)
        return NULL;
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}

/* Validates doc with Python's json module when python3 is available;
 * returns -1 when it is not, otherwise 1 for valid and 0 for invalid. */
static int python_json_valid(const char *doc)
{
    char path[] = "/tmp/test_ui_dump_XXXXXX";
    char cmd[256];
    int fd, rc;
    FILE *f;

    if (system("command -v python3 >/dev/null 2>&1") != 0)
        return -1;
    fd = mkstemp(path);
    if (fd < 0)
        return -1;
    f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(path);
        return -1;
    }
    fputs(doc, f);
    fclose(f);
    snprintf(cmd, sizeof cmd,
             "python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding=\"utf-8\"))' %s",
             path);
    rc = system(cmd);
    unlink(path);
    return rc == 0;
}

static void test_dump(void)
{
    Theme t;
    theme_default(&t, 1080, 1920);
    ui_clear(&list);
    ui_title(&list, &t, "title", "请选择事项类别", rect(0, 0, 1080, 150));
    Widget *b = ui_button(&list, &t, "cat.elder", "养老服务", rect(10, 20, 300, 120));
    if (b)
        b->enabled = false;
    ui_choice(&list, &t, "urgent", "紧急", rect(40, 400, 500, 140), true);
    ui_label(&list, &t, "desc", "say \"hi\"\nC:\\path\there\x01", rect(0, 600, 1080, 200),
             t.body_px);
    ui_add(&list, "panel", UI_ROLE_PANEL, "", rect(0, 0, 1080, 1920), 40, t.overlay_fg,
           t.overlay_bg);

    FILE *f = tmpfile();
    CHECK(f != NULL);
    if (!f)
        return;
    CHECK(ui_dump_json(&list, "category", "zh", NULL, f));
    char *doc = slurp(f);
    fclose(f);
    CHECK(doc != NULL);
    if (!doc)
        return;

    CHECK(strstr(doc, "\"screen\":\"category\"") != NULL);
    CHECK(strstr(doc, "\"lang\":\"zh\"") != NULL);
    CHECK(strstr(doc, "\"id\":\"cat.elder\"") != NULL);
    CHECK(strstr(doc, "\"text\":\"养老服务\"") != NULL); /* UTF-8 kept as is */
    CHECK(strstr(doc, "\"rect\":[10,20,300,120]") != NULL);
    CHECK(strstr(doc, "\"rect\":[0,0,1080,150]") != NULL);
    CHECK(strstr(doc, "\"fg\":\"#1a1a1a\"") != NULL); /* button_fg */
    CHECK(strstr(doc, "\"bg\":\"#ffffff\"") != NULL); /* button_bg */
    CHECK(strstr(doc, "\"bg\":\"#7a1712\"") != NULL); /* header_bg */
    CHECK(strstr(doc, "\"bg\":\"#1b5e20\"") != NULL); /* selected_bg */
    CHECK(strstr(doc, "\"role\":\"title\"") != NULL);
    CHECK(strstr(doc, "\"role\":\"panel\"") != NULL);
    CHECK(strstr(doc, "\"enabled\":false") != NULL);
    CHECK(strstr(doc, "\"selected\":true") != NULL);
    CHECK(strstr(doc, "\"font_px\":60") != NULL);
    CHECK(strstr(doc, "\"text\":\"say \\\"hi\\\"\\nC:\\\\path\\there\\u0001\"") != NULL);
    CHECK(strchr(doc, '\x01') == NULL); /* no raw control byte left */
    {
        const char *p = doc;
        int widgets = 0;
        while ((p = strstr(p, "\"id\":")) != NULL) {
            widgets++;
            p++;
        }
        CHECK_INT_EQ(widgets, 5);
    }

    int valid = python_json_valid(doc);
    if (valid < 0)
        fprintf(stderr, "python3 not found: JSON syntax not validated\n");
    else
        CHECK(valid == 1);
    free(doc);

    /* An empty list is a valid document too. */
    ui_clear(&list);
    f = tmpfile();
    if (f) {
        CHECK(ui_dump_json(&list, "home", "en", NULL, f));
        doc = slurp(f);
        fclose(f);
        CHECK(doc != NULL && strstr(doc, "\"widgets\":[") != NULL);
        CHECK(doc != NULL && strstr(doc, "\"lang\":\"en\"") != NULL);
        if (doc && valid >= 0)
            CHECK(python_json_valid(doc) == 1);
        free(doc);
    }
    /* The worst case: a full-length text of control bytes, every one of which
     * is escaped as \u0001, still dumps as valid JSON. */
    ui_clear(&list);
    {
        char ctl[WIDGET_TEXT_MAX];
        memset(ctl, 0x01, sizeof ctl - 1);
        ctl[sizeof ctl - 1] = '\0';
        ui_add(&list, "x.ctl", UI_ROLE_LABEL, ctl, (Rect){0, 0, 10, 10}, 36, (Color){0, 0, 0},
               (Color){255, 255, 255});
    }
    f = tmpfile();
    if (f) {
        CHECK(ui_dump_json(&list, "home", "z\"h", NULL, f));
        doc = slurp(f);
        fclose(f);
        CHECK(doc != NULL && strstr(doc, "\"text\":\"\\u0001") != NULL);
        if (doc && valid >= 0)
            CHECK(python_json_valid(doc) == 1);
        free(doc);
    }
}

int main(void)
{
    test_theme();
    test_colors();
    test_add();
    test_hit();
    test_find();
    test_layout();
    test_dump();
    return CHECK_DONE();
}
