/* test_report.c - the monthly report (app/admin/report.c) and the charts
 * (app/ui/chart.c) on hand-made figures, no database:
 *   - chart layout: every bar, value and name is there, bars scale to the
 *     largest value, a long chart splits into rows, nothing leaves its area;
 *   - the per-day and the bookings charts drawn to PNG match the golden
 *     images in tests/golden/ within a tolerance (fonts and the renderer are
 *     the project's own, so only anti-aliasing may differ);
 *   - report_write's CSV files: byte-order mark, CRLF, RFC 4180 quoting of a
 *     category name with a comma and quotes, the needs list by community in
 *     the configuration's order.
 * KIOSK_UPDATE_GOLDEN=1 rewrites the golden images (then look at them). */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "kiosk/chart.h"
#include "kiosk/config.h"
#include "kiosk/platform.h"
#include "kiosk/render.h"
#include "kiosk/report.h"
#include "kiosk/text.h"

static char tmp_dir[] = "/tmp/test_report_XXXXXX";
static Config cfg;

/* A month of figures every test agrees on. */
static void figures(Stats *st)
{
    memset(st, 0, sizeof *st);
    text_copy(st->period.from, sizeof st->period.from, "2026-11-01");
    text_copy(st->period.to, sizeof st->period.to, "2026-11-30");
    text_copy(st->chart_from, sizeof st->chart_from, "2026-11-01");
    st->day_count = 30;
    for (int i = 0; i < 30; i++) {
        st->per_day[i] = 20 + (i * 7) % 31; /* 20 .. 50 */
        st->requests += st->per_day[i];
    }
    st->category_count = cfg.category_count;
    for (int i = 0; i < cfg.category_count; i++) {
        text_copy(st->category[i], CFG_CODE_MAX, cfg.categories[i].item.code);
        st->per_category[i] = 10 * (i + 1);
    }
    st->open_by_state[0] = 12;
    st->open_by_state[3] = 40;
    st->work = (StatsWork){.answered = 90,
                           .on_time = 81,
                           .overdue = 10,
                           .resolved = 70,
                           .median_answer = 5400,
                           .median_resolve = 3 * 86400,
                           .ratings = {50, 12, 3}};
    st->service_count = 2;
    st->services[0] = (StatsService){"daycare", 120, 100, 15, 9};
    st->services[1] = (StatsService){"escort", 30, 28, 2, 4};
    st->walkins = 300;
    st->walkins_called = 290;
    st->median_wait = 600;
    st->longest_wait = 3000;
    st->staff_count = 1;
    st->staff[0] = (StatsStaff){"li", "李芳", {.answered = 60, .resolved = 50}, 200};
}

static const Widget *find(const UiList *ui, const char *id)
{
    for (int i = 0; i < ui->count; i++)
        if (strcmp(ui->items[i].id, id) == 0)
            return &ui->items[i];
    return NULL;
}

static bool inside(Rect in, Rect r)
{
    return r.x >= in.x && r.y >= in.y && r.x + r.w <= in.x + in.w && r.y + r.h <= in.y + in.h;
}

static void test_layout(void)
{
    static UiList ui;
    static Stats st;
    Theme t;
    figures(&st);
    report_chart_ui(&st, &cfg, CHART_PER_DAY, "zh", REPORT_CHART_W, REPORT_CHART_H, &t, &ui);
    CHECK(!ui.overflow);
    Rect all = {0, 0, REPORT_CHART_W, REPORT_CHART_H};
    int tallest = 0, tallest_i = -1;
    for (int i = 0; i < 30; i++) {
        char id[48];
        snprintf(id, sizeof id, "report.chart.bar.%d", i);
        const Widget *b = find(&ui, id);
        snprintf(id, sizeof id, "report.chart.value.%d", i);
        const Widget *v = find(&ui, id);
        snprintf(id, sizeof id, "report.chart.name.%d", i);
        const Widget *n = find(&ui, id);
        CHECK(b && v && n);
        if (!b || !v || !n)
            return;
        char want[16];
        snprintf(want, sizeof want, "%d", st.per_day[i]);
        CHECK_STR_EQ(v->text, want);
        CHECK(inside(all, b->rect) && inside(all, v->rect) && inside(all, n->rect));
        CHECK(v->rect.y + v->rect.h <= b->rect.y); /* the value stands on its bar */
        if (b->rect.h > tallest) {
            tallest = b->rect.h;
            tallest_i = i;
        }
    }
    CHECK_INT_EQ(st.per_day[tallest_i], 50);
    CHECK_STR_EQ(find(&ui, "report.chart.name.0")->text, "11-01");
    /* 30 days of at least 120 px each in 1600 px: more than one row */
    CHECK(find(&ui, "report.chart.bar.29")->rect.y > find(&ui, "report.chart.bar.0")->rect.y);

    /* horizontal bars: lengths in proportion, the part inside its bar */
    report_chart_ui(&st, &cfg, CHART_BOOKINGS, "en", REPORT_CHART_W, REPORT_CHART_H, &t, &ui);
    const Widget *b0 = find(&ui, "report.chart.bar.0"), *b1 = find(&ui, "report.chart.bar.1");
    const Widget *p0 = find(&ui, "report.chart.part.0");
    CHECK(b0 && b1 && p0);
    if (b0 && b1 && p0) {
        CHECK(abs(b1->rect.w * 4 - b0->rect.w) <= 4); /* 30 of 120 */
        CHECK(abs(p0->rect.w * 120 - b0->rect.w * 100) <= 120);
        CHECK(strstr(find(&ui, "report.chart.value.0")->text, "Came 100") != NULL);
        CHECK_STR_EQ(find(&ui, "report.chart.name.0")->text, "Elder day care");
    }

    /* a chart with no room for all rows stops at its bottom */
    static ChartBar bars[10];
    for (int i = 0; i < 10; i++) {
        snprintf(bars[i].label, sizeof bars[i].label, "第%d行", i);
        bars[i].value = i;
    }
    ui_clear(&ui);
    int y = chart_hbars(&ui, &t, "c", (Rect){0, 0, 800, 300}, bars, 10, 40);
    CHECK(y <= 300);
    CHECK(find(&ui, "c.value.3") != NULL && find(&ui, "c.value.9") == NULL);
    CHECK(find(&ui, "c.bar.0") == NULL); /* a zero draws no bar, its value says 0 */
    CHECK_STR_EQ(find(&ui, "c.value.0")->text, "0");
}

/* ---- golden images ---- */

static bool read_png(const char *path, png_image *img, uint8_t **px)
{
    memset(img, 0, sizeof *img);
    img->version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(img, path))
        return false;
    img->format = PNG_FORMAT_RGB;
    *px = malloc(PNG_IMAGE_SIZE(*img));
    if (!*px || !png_image_finish_read(img, NULL, *px, 0, NULL)) {
        free(*px);
        *px = NULL;
        return false;
    }
    return true;
}

/* The share of pixels (per mille) that differ by more than 48 in a channel:
 * anti-aliasing moves a few edge pixels; a moved bar or a changed number
 * moves thousands. */
static int differ_per_mille(const char *a_path, const char *b_path)
{
    png_image a, b;
    uint8_t *pa = NULL, *pb = NULL;
    int result = 1000;
    if (!read_png(a_path, &a, &pa) || !read_png(b_path, &b, &pb))
        goto done;
    if (a.width != b.width || a.height != b.height)
        goto done;
    size_t n = (size_t)a.width * a.height, bad = 0;
    for (size_t i = 0; i < n; i++)
        for (int c = 0; c < 3; c++)
            if (abs(pa[3 * i + c] - pb[3 * i + c]) > 48) {
                bad++;
                break;
            }
    result = (int)(bad * 1000 / n);
done:
    free(pa);
    free(pb);
    return result;
}

static void test_golden(void)
{
    static UiList ui;
    static Stats st;
    Theme t;
    Renderer *r = NULL;
    char err[256];
    figures(&st);
    CHECK_INT_EQ(render_offscreen_create(REPORT_CHART_W, REPORT_CHART_H, platform_font_dir(), &r,
                                         err, sizeof err),
                 K_OK);
    if (!r) {
        fprintf(stderr, "    %s\n", err);
        return;
    }
    static const struct {
        ReportChart chart;
        const char *lang;
        const char *golden;
    } cases[] = {{CHART_PER_DAY, "zh", "chart_per_day_zh.png"},
                 {CHART_BOOKINGS, "en", "chart_bookings_en.png"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char drawn[256], golden[1024];
        snprintf(drawn, sizeof drawn, "%s/%s", tmp_dir, cases[i].golden);
        snprintf(golden, sizeof golden, "%s/tests/golden/%s", KIOSK_SOURCE_DIR, cases[i].golden);
        report_chart_ui(&st, &cfg, cases[i].chart, cases[i].lang, REPORT_CHART_W, REPORT_CHART_H,
                        &t, &ui);
        CHECK_INT_EQ(render_offscreen_png(r, &ui, &t, drawn), K_OK);
        if (getenv("KIOSK_UPDATE_GOLDEN")) {
            char cmd[1400];
            snprintf(cmd, sizeof cmd, "cp %s %s", drawn, golden);
            CHECK_INT_EQ(system(cmd), 0);
            continue;
        }
        int d = differ_per_mille(drawn, golden);
        if (d > 5)
            fprintf(stderr, "    %s differs from the golden image in %d per mille\n",
                    cases[i].golden, d);
        CHECK(d <= 5);
    }
    /* the comparison itself sees a change: per-day against bookings */
    char a[256], b[256];
    snprintf(a, sizeof a, "%s/%s", tmp_dir, cases[0].golden);
    snprintf(b, sizeof b, "%s/%s", tmp_dir, cases[1].golden);
    CHECK(differ_per_mille(a, b) > 20);
    render_destroy(r);
}

/* ---- the CSV files ---- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[65536];
    *len = fread(buf, 1, sizeof buf - 1, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

static void test_csv(void)
{
    static Stats st;
    static ReportNeeds needs;
    static Config odd;
    char err[512], dir[128], path[256];
    size_t len = 0;
    figures(&st);
    odd = cfg;
    text_copy(odd.categories[0].item.zh, CFG_LABEL_MAX, "养老, \"助餐\"");
    text_copy(odd.categories[3].item.zh, CFG_LABEL_MAX, "=HYPERLINK(\"x\")");

    memset(&needs, 0, sizeof needs);
    /* given in the store's order (category, building): 8栋 is heping, 1栋
     * xingfuli, "" none; the list comes out by community then category */
    report_needs_add(&needs, &odd, "children", "", 2, 0, 0, 0, 0, 500);
    report_needs_add(&needs, &odd, "children", "8栋", 3, 1, 1, 0, 0, 400);
    report_needs_add(&needs, &odd, "elder", "1栋", 4, 2, 3, 1, 2, 300);
    report_needs_add(&needs, &odd, "elder", "2栋", 1, 0, 1, 0, 0, 200);
    report_needs_add(&needs, &odd, "elder", "9栋", 5, 0, 0, 0, 1, 100);
    CHECK_INT_EQ(needs.count, 4);
    report_needs_sort(&needs, &odd);
    CHECK_STR_EQ(needs.rows[0].community, "xingfuli");
    CHECK_INT_EQ(needs.rows[0].open, 5); /* 1栋 and 2栋 together */
    CHECK_INT_EQ(needs.rows[0].oldest, 200);
    CHECK_STR_EQ(needs.rows[1].community, "heping");
    CHECK_STR_EQ(needs.rows[1].category, "elder"); /* elder before children, as configured */
    CHECK_STR_EQ(needs.rows[2].category, "children");
    CHECK_STR_EQ(needs.rows[3].community, "");

    snprintf(dir, sizeof dir, "%s/report", tmp_dir);
    CHECK_INT_EQ(report_write(&st, &needs, &odd, dir, "zh", platform_font_dir(), err, sizeof err),
                 K_OK);
    snprintf(path, sizeof path, "%s/categories.csv", dir);
    const char *csv = slurp(path, &len);
    CHECK(csv != NULL);
    if (csv) {
        CHECK(memcmp(csv,
                     "\xEF\xBB\xBF"
                     "code,name,requests\r\n",
                     22) == 0);
        CHECK(strstr(csv, "\r\nelder,\"养老, \"\"助餐\"\"\",10\r\n") != NULL);
        /* a formula-like name is written as text, never as a formula */
        CHECK(strstr(csv, ",\"'=HYPERLINK(\"\"x\"\")\",40\r\n") != NULL);
    }
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    csv = slurp(path, &len);
    CHECK(csv && strstr(csv, "\r\non_time_percent,81\r\n") != NULL); /* 81 of 90 + 10 */
    CHECK(csv && strstr(csv, "\r\nmedian_answer_s,5400\r\n") != NULL);
    snprintf(path, sizeof path, "%s/needs.csv", dir);
    csv = slurp(path, &len);
    CHECK(csv && strstr(csv, "\r\nxingfuli,幸福里社区,elder,") != NULL);
    CHECK(csv && strstr(csv, "\r\n,未填地址或不在所列社区,children,儿童关爱,2,0,0,0,0,") != NULL);
    for (int c = 0; c < CHART_COUNT; c++) {
        snprintf(path, sizeof path, "%s/%s.png", dir, report_chart_name((ReportChart)c));
        CHECK(access(path, R_OK) == 0);
    }
    /* a folder that cannot be made: an error naming it, nothing else */
    CHECK_INT_EQ(report_write(&st, &needs, &odd, "/proc/no/such", "zh", platform_font_dir(), err,
                              sizeof err),
                 K_ERR_IO);
    CHECK(strstr(err, "/proc/no/such") != NULL);
}

/* Formula injection: every text cell that starts with = + - @ TAB or CR is
 * text in a spreadsheet, "-1+HYPERLINK(...)" included (a minus before a
 * digit used to be let through); only numbers written as numbers are bare. */
static void test_csv_formulas(void)
{
    char path[256], *buf = NULL;
    size_t len = 0;
    snprintf(path, sizeof path, "%s/formulas.csv", tmp_dir);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    const char *cells[] = {"-1+HYPERLINK(\"http://evil.example/\",\"点我\")",
                           "=1+1",
                           "+1",
                           "@SUM(A1)",
                           "\tx",
                           "\rx",
                           "-42",
                           "-42",
                           "3.5",
                           "x-1",
                           "-1+2",
                           ""};
    const bool number[] = {false, false, false, false, false, false,
                           false, true,  true,  true,  true,  true};
    report_csv_row_typed(12, cells, number, f);
    fclose(f);
    f = fopen(path, "rb");
    CHECK(f != NULL);
    if (!f)
        return;
    static char text[1024];
    len = fread(text, 1, sizeof text - 1, f);
    text[len] = '\0';
    fclose(f);
    buf = text;
    CHECK_STR_EQ(buf, "\"'-1+HYPERLINK(\"\"http://evil.example/\"\",\"\"点我\"\")\","
                      "\"'=1+1\",\"'+1\",\"'@SUM(A1)\",\"'\tx\",\"'\rx\","
                      "\"'-42\",-42,3.5,x-1,\"'-1+2\",\r\n");
}

int main(void)
{
    char err[256];
    if (!mkdtemp(tmp_dir)) {
        perror("mkdtemp");
        return 1;
    }
    CHECK_INT_EQ(config_load(&cfg, NULL, err, sizeof err), K_OK);
    test_layout();
    test_golden();
    test_csv();
    test_csv_formulas();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmp_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmp_dir);
    return CHECK_DONE();
}
