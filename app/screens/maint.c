/* maint.c - the staff maintenance screen and its two tests: what is
 * installed (version, site, database size, printer), a printer test page,
 * a scanner test (the next scan is shown, not acted on), a screen test
 * (colours and a touch grid) and a touch check of the four corners; and
 * restarting the kiosk (the service starts it again).  The IT helper's
 * screen: secondary text may be 28 px. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "kiosk/app.h"
#include "kiosk/app_maint.h"
#include "kiosk/app_sms.h"
#include "kiosk/text.h"

static const char *maint_title(App *a)
{
    return app_str(a, S_MAINT_TITLE);
}

/* A size in the unit that suits it: "512 B", "96.0 KiB", "12.3 MiB". */
static void format_bytes(double bytes, char *out, size_t cap)
{
    if (bytes < 1024)
        snprintf(out, cap, "%.0f B", bytes);
    else if (bytes < 1024.0 * 1024)
        snprintf(out, cap, "%.1f KiB", bytes / 1024);
    else if (bytes < 1024.0 * 1024 * 1024)
        snprintf(out, cap, "%.1f MiB", bytes / (1024.0 * 1024));
    else
        snprintf(out, cap, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
}

/* One line of the facts at px (ui NULL: only measured). */
static void line_px(App *a, UiList *ui, Rect area, int *y, const char *id, StringKey k,
                    const char *value, int px)
{
    const Theme *t = &a->theme;
    char text[WIDGET_TEXT_MAX];
    strings_fill(text, sizeof text, app_str(a, k), value);
    int h = app_text_lines(a, text, px, area.w) * px * 135 / 100;
    Widget *w = ui ? ui_label(ui, t, id, text, (Rect){area.x, *y, area.w, h}, px) : NULL;
    if (w)
        w->align = ALIGN_LEFT;
    *y += h + t->gap / 2;
}

/* The district link in words: the last sync, what waits to be sent and
 * the last error ("connecting..." before the first word of the worker). */
static void sync_words(App *a, char *out, size_t cap)
{
    const AppMaint *m = &a->maint;
    if (!m->sync_known) {
        text_copy(out, cap, app_str(a, S_MAINT_SYNC_STARTING));
        return;
    }
    char part[400], when[40];
    if (m->sync_last_ok > 0) {
        time_t lt = (time_t)m->sync_last_ok;
        struct tm tm = {0};
        localtime_r(&lt, &tm);
        snprintf(when, sizeof when, "%02d-%02d %02d:%02d", tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                 tm.tm_min);
        strings_fill(out, cap, app_str(a, S_MAINT_SYNC_LAST), when);
    } else {
        text_copy(out, cap, app_str(a, S_MAINT_SYNC_NEVER));
    }
    const char *sep = a->lang == LANG_EN ? "; " : "，";
    if (m->sync_pending >= 0) {
        char n[24];
        snprintf(n, sizeof n, "%lld", (long long)m->sync_pending);
        strings_fill(part, sizeof part, app_str(a, S_MAINT_SYNC_PENDING), n);
        text_append(out, cap, sep);
        text_append(out, cap, part);
    }
    static const StringKey said[] = {[APP_SYNC_FAIL_LINK] = S_MAINT_SYNC_ERR_LINK,
                                     [APP_SYNC_FAIL_TIMEOUT] = S_MAINT_SYNC_ERR_TIMEOUT,
                                     [APP_SYNC_FAIL_REFUSED] = S_MAINT_SYNC_ERR_REFUSED,
                                     [APP_SYNC_FAIL_OTHER] = S_MAINT_SYNC_ERR_OTHER,
                                     [APP_SYNC_FAIL_COPIED] = S_MAINT_SYNC_ERR_COPIED};
    if (m->sync_fail > APP_SYNC_FAIL_NONE && m->sync_fail <= APP_SYNC_FAIL_COPIED) {
        strings_fill(part, sizeof part, app_str(a, said[m->sync_fail]), m->sync_error);
        text_append(out, cap, sep);
        text_append(out, cap, part);
    }
}

/* The facts on the left (or above the buttons), at px; returns how far
 * down they reach. */
static int maint_facts(App *a, UiList *ui, Rect left, int px);

static void maint_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    bool wide = a->width > a->height;
    Rect left = body, right = body;
    int px = t->body_px;
    if (wide) {
        /* the facts take the wider part and step their size down (still
         * a tenth larger with larger text) to stay above the nav bar */
        left.w = body.w * 3 / 5 - t->gap;
        right.x = body.x + left.w + 2 * t->gap;
        right.w = body.x + body.w - right.x;
        int floor_px = (int)(t->body_px / t->scale * (t->scale > 1.0 ? 1.1 : 1.0) + 0.5);
        if (a->cfg.sms.daemon[0]) /* one line more (texts): the plain size at least */
            floor_px = (int)(t->body_px / t->scale + 0.5);
        while (px - 2 >= floor_px && maint_facts(a, NULL, left, px) > body.y + body.h)
            px -= 2;
    }
    int y = maint_facts(a, ui, left, px);
    /* The buttons: below in portrait, on the right in landscape. */
    Rect grid = wide ? right : (Rect){body.x, y + t->gap, body.w, body.y + body.h - y - t->gap};
    int n = 0;
    /* four buttons: one column of four in landscape, two rows of two in
     * portrait (sized for the rows there are, so that a longer list of
     * facts, the district link's, leaves them their height) */
    bool sms = a->cfg.sms.daemon[0] != '\0'; /* a fifth button: the test text */
    int row_h = ui_fit_rows(grid.h, wide ? (sms ? 5 : 4) : (sms ? 3 : 2), t->gap, 88, t->button_h);
    int cols = wide ? 1 : 2;
    Widget *p = ui_button(ui, t, "maint.print_test", app_str(a, S_MAINT_PRINT_TEST),
                          ui_grid_cell(grid, cols, row_h, t->gap, n++));
    if (p && (!a->ticket.has_printer || a->ticket.print_state == PRINT_WANTED ||
              a->ticket.print_state == PRINT_SENDING)) {
        p->enabled = false;
        p->fg = t->disabled_fg;
        p->bg = t->disabled_bg;
    }
    ui_button(ui, t, "maint.screen", app_str(a, S_MAINT_SCREEN),
              ui_grid_cell(grid, cols, row_h, t->gap, n++));
    ui_button(ui, t, "maint.calibrate", app_str(a, S_MAINT_CALIBRATE),
              ui_grid_cell(grid, cols, row_h, t->gap, n++));
    if (wf_role_may_manage_staff(a->staff.who.role))
        ui_button(ui, t, "maint.restart", app_str(a, S_MAINT_RESTART),
                  ui_grid_cell(grid, cols, row_h, t->gap, n++));
    if (sms)
        ui_button(ui, t, "maint.sms_test", app_str(a, S_SMS_TEST),
                  ui_grid_cell(grid, cols, row_h, t->gap, n++));
    /* three rows squeezed under the facts (larger text, portrait): the
     * words a step smaller so that they keep clear of the buttons' edges */
    if (ui && sms && row_h < t->button_h)
        for (int i = 0; i < ui->count; i++)
            if (strncmp(ui->items[i].id, "maint.", 6) == 0 && ui->items[i].role == UI_ROLE_BUTTON &&
                ui->items[i].font_px > row_h * 55 / 100)
                ui->items[i].font_px = row_h * 55 / 100;
}

/* Texts (issue 23): smsd's state and the outbox's counts (the test's
 * answer is the staff note, under the scan test): "短信程序正常。待发0，发送中1，已发12，失败0". */
static void sms_words(App *a, char *out, size_t cap)
{
    static const StringKey said[] = {[APP_SMS_OFF] = S_SMS_STATE_OFF,
                                     [APP_SMS_OK] = S_SMS_STATE_OK,
                                     [APP_SMS_NO_FOLDER] = S_SMS_STATE_NO_FOLDER,
                                     [APP_SMS_NOT_RUNNING] = S_SMS_STATE_NOT_RUNNING,
                                     [APP_SMS_LATE] = S_SMS_STATE_LATE};
    int st = a->sms.state >= APP_SMS_OFF && a->sms.state <= APP_SMS_LATE ? a->sms.state : 0;
    char part[160];
    bool en = a->lang == LANG_EN;
    const char *stop = en ? ". " : "。", *sep = en ? ", " : "，", *sp = en ? " " : "";
    snprintf(out, cap, "%s%s%s%s%d%s%s%s%d%s%s%s%d%s%s%s%d", app_str(a, said[st]), stop,
             app_str(a, S_SMS_QUEUED), sp, a->sms.queued, sep, app_str(a, S_SMS_HANDED), sp,
             a->sms.handed, sep, app_str(a, S_SMS_SENT), sp, a->sms.sent, sep,
             app_str(a, S_SMS_FAILED), sp, a->sms.failed);
    if (a->sms.error[0]) {
        snprintf(part, sizeof part, "  (%s)", a->sms.error);
        text_append(out, cap, part);
    }
}

static int maint_facts(App *a, UiList *ui, Rect left, int px)
{
    const Theme *t = &a->theme;
    int y = left.y;
    char value[600];
    line_px(a, ui, left, &y, "maint.version", S_MAINT_VERSION, KIOSK_VERSION, px);
    snprintf(value, sizeof value, "%s %s", a->cfg.site_code,
             a->lang == LANG_EN ? a->cfg.site_en : a->cfg.site_zh);
    line_px(a, ui, left, &y, "maint.site", S_MAINT_SITE, value, px);
    /* The database is its file and, in WAL mode, the -wal and -shm beside
     * it (recent writes live in the -wal until a checkpoint). */
    struct stat st;
    if (a->maint.db_path[0] && stat(a->maint.db_path, &st) == 0) {
        double bytes = (double)st.st_size;
        static const char *const sides[] = {"-wal", "-shm"};
        for (int i = 0; i < 2; i++) {
            char side[sizeof a->maint.db_path + 8];
            snprintf(side, sizeof side, "%s%s", a->maint.db_path, sides[i]);
            if (stat(side, &st) == 0)
                bytes += (double)st.st_size;
        }
        char size[32];
        format_bytes(bytes, size, sizeof size);
        snprintf(value, sizeof value, "%s  %s", a->maint.db_path, size);
    } else {
        text_copy(value, sizeof value, a->maint.db_path);
    }
    line_px(a, ui, left, &y, "maint.db", S_MAINT_DB, value, px);
    if (a->maint.backup_known) {
        time_t lt = (time_t)a->maint.backup_at;
        struct tm tm = {0};
        localtime_r(&lt, &tm);
        snprintf(value, sizeof value, "%04d-%02d-%02d %02d:%02d  %s", tm.tm_year + 1900,
                 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, a->maint.backup_where);
    } else {
        text_copy(value, sizeof value, app_str(a, S_MAINT_NO_BACKUP));
    }
    line_px(a, ui, left, &y, "maint.backup", S_MAINT_BACKUP, value, px);
    line_px(a, ui, left, &y, "maint.printer", S_MAINT_PRINTER,
            a->cfg.printer_uri[0] ? a->cfg.printer_uri : app_str(a, S_MAINT_NO_PRINTER), px);
    if (a->cfg.district_postgres[0]) {
        sync_words(a, value, sizeof value);
        line_px(a, ui, left, &y, "maint.sync", S_MAINT_SYNC, value, px);
    }
    if (a->cfg.sms.daemon[0]) {
        sms_words(a, value, sizeof value);
        line_px(a, ui, left, &y, "maint.sms", S_SMS_MAINT, value, px);
    }
    if (a->ticket.issued.kind == TICKET_KIND_TEST && a->ticket.print_state != PRINT_NONE) {
        static const StringKey said[] = {
            [PRINT_NONE] = S_PRINTING,       [PRINT_WANTED] = S_PRINTING,
            [PRINT_SENDING] = S_PRINTING,    [PRINT_DONE] = S_PRINTED,
            [PRINT_FAILED] = S_PRINT_FAILED, [PRINT_UNCONFIRMED] = S_PRINT_UNCONFIRMED};
        line_px(a, ui, left, &y, "maint.print_status", said[a->ticket.print_state], "", px);
    }
    line_px(a, ui, left, &y, "maint.scan_hint", S_MAINT_SCAN_HINT, "", px);
    /* The scan's answer has its room kept (the longest it can be), so a
     * scan never moves the buttons under a finger. */
    int lines = app_bold_lines(a, app_str(a, S_MAINT_SCAN_BAD), px, left.w);
    char longest[WIDGET_TEXT_MAX];
    strings_fill(longest, sizeof longest, app_str(a, S_MAINT_SCAN_OK), "W0000");
    int ok_lines = app_bold_lines(a, longest, px, left.w);
    if (ok_lines > lines)
        lines = ok_lines;
    if (a->staff.note[0]) {
        int said = app_bold_lines(a, a->staff.note, px, left.w);
        if (said > lines)
            lines = said;
    }
    int h = lines * px * 135 / 100;
    if (a->staff.note[0]) {
        Widget *m =
            ui ? ui_label(ui, t, "maint.message", a->staff.note, (Rect){left.x, y, left.w, h}, px)
               : NULL;
        if (m) {
            m->bold = true;
            if (a->staff.note_bad)
                m->fg = t->error_fg;
        }
    }
    y += h + t->gap;
    return y;
}

static bool maint_tap(App *a, const char *id)
{
    if (strcmp(id, "maint.print_test") == 0) {
        app_print_test_page(a);
    } else if (strcmp(id, "maint.screen") == 0) {
        a->last_tap_x = a->last_tap_y = -1;
        memset(a->maint.screen_cells, 0, sizeof a->maint.screen_cells);
        app_push(a, &screen_screentest);
    } else if (strcmp(id, "maint.calibrate") == 0) {
        memset(a->maint.calib, 0, sizeof a->maint.calib);
        app_push(a, &screen_calibrate);
    } else if (strcmp(id, "maint.sms_test") == 0 && a->cfg.sms.daemon[0]) {
        app_sms_test(a);
    } else if (strcmp(id, "maint.restart") == 0 && wf_role_may_manage_staff(a->staff.who.role)) {
        char fields[64];
        snprintf(fields, sizeof fields, "\"by\":\"%s\"", a->staff.who.login);
        app_event(a, "restart_requested", fields);
        a->quit = true; /* the service (Restart=always) starts the kiosk again */
    } else {
        return false;
    }
    return true;
}

const Screen screen_maint = {
    .id = "maint",
    .enter = app_maint_load,
    .nav = NAV_BACK | NAV_HOME,
    .title = maint_title,
    .build = maint_build,
    .tap = maint_tap,
};

/* ---- the screen test: colours and a touch grid ---- */

static const char *screentest_title(App *a)
{
    return app_str(a, S_SCREENTEST_TITLE);
}

static void screentest_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    int y = body.y;
    int h = app_text_lines(a, app_str(a, S_SCREENTEST_HINT), t->body_px, body.w) * t->body_px *
            135 / 100;
    ui_label(ui, t, "screentest.hint", app_str(a, S_SCREENTEST_HINT), (Rect){body.x, y, body.w, h},
             t->body_px);
    y += h + t->gap;
    /* Colour bars, each named (and with its text in a colour it can be
     * read on). */
    static const struct {
        const char *id, *name;
        Color bg, fg;
    } bars[] = {
        {"screentest.red", "R", {153, 0, 0}, {255, 255, 255}},
        {"screentest.green", "G", {0, 85, 0}, {255, 255, 255}},
        {"screentest.blue", "B", {0, 0, 200}, {255, 255, 255}},
        {"screentest.white", "W", {255, 255, 255}, {0, 0, 0}},
        {"screentest.black", "K", {0, 0, 0}, {255, 255, 255}},
    };
    int n = (int)(sizeof bars / sizeof bars[0]);
    Rect row = {body.x, y, body.w, t->button_h};
    for (int i = 0; i < n; i++)
        ui_add(ui, bars[i].id, UI_ROLE_PANEL, bars[i].name, ui_grid_cell(row, n, t->button_h, 0, i),
               t->big_px, bars[i].fg, bars[i].bg);
    y += t->button_h + t->gap;
    char where[64], text[96];
    if (a->last_tap_x >= 0) {
        snprintf(where, sizeof where, "%d, %d", a->last_tap_x, a->last_tap_y);
        strings_fill(text, sizeof text, app_str(a, S_SCREENTEST_TAP), where);
    } else {
        text[0] = '\0';
    }
    ui_label(ui, t, "screentest.where", text, (Rect){body.x, y, body.w, t->body_px * 3 / 2},
             t->body_px);
    y += t->body_px * 3 / 2 + t->gap;
    /* The touch grid: every cell ticks where it was touched, so a dead or
     * shifted area of the panel shows at a glance. */
    Rect grid = {body.x, y, body.w, body.y + body.h - y};
    int cols = a->width > a->height ? 8 : 4, rows = SCREENTEST_CELLS / cols;
    int row_h = ui_fit_rows(grid.h, rows, t->gap / 2, 88, t->primary_h);
    for (int i = 0; i < cols * rows; i++) {
        char id[WIDGET_ID_MAX];
        snprintf(id, sizeof id, "screentest.cell.%d", i + 1);
        ui_choice(ui, t, id, a->maint.screen_cells[i] ? "" : "+",
                  ui_grid_cell(grid, cols, row_h, t->gap / 2, i), a->maint.screen_cells[i]);
    }
}

static bool screentest_tap(App *a, const char *id)
{
    int n = 0;
    if (sscanf(id, "screentest.cell.%d", &n) != 1 || n < 1 || n > SCREENTEST_CELLS)
        return false;
    a->maint.screen_cells[n - 1] = true;
    app_changed(a); /* and the coordinates of the tap */
    return true;
}

const Screen screen_screentest = {
    .id = "screentest",
    .nav = NAV_BACK | NAV_HOME,
    .title = screentest_title,
    .build = screentest_build,
    .tap = screentest_tap,
};

/* ---- the touch check: the four corners ---- */

static const char *const corner_ids[4] = {"calib.tl", "calib.tr", "calib.bl", "calib.br"};

static Rect corner_rect(const App *a, int i)
{
    const Theme *t = &a->theme;
    int s = t->button_h;
    int x = (i % 2) ? a->width - s - t->gap : t->gap;
    int y = (i / 2) ? a->height - s - t->gap : t->header_h + t->gap;
    return (Rect){x, y, s, s};
}

static const char *calibrate_title(App *a)
{
    return app_str(a, S_CALIB_TITLE);
}

static void calibrate_build(App *a, UiList *ui, Rect body)
{
    const Theme *t = &a->theme;
    int done = 0, worst = 0;
    for (int i = 0; i < 4; i++) {
        Rect r = corner_rect(a, i);
        if (a->maint.calib[i].done) {
            done++;
            int dx = abs(a->maint.calib[i].x - (r.x + r.w / 2)),
                dy = abs(a->maint.calib[i].y - (r.y + r.h / 2));
            if (dx > worst)
                worst = dx;
            if (dy > worst)
                worst = dy;
        }
        ui_choice(ui, t, corner_ids[i], a->maint.calib[i].done ? "" : "+", r,
                  a->maint.calib[i].done);
    }
    int y = body.y + t->button_h + t->gap * 2;
    Rect mid = {body.x + t->button_h + t->gap, y, body.w - 2 * (t->button_h + t->gap), 0};
    mid.h = (int)(app_text_lines(a, app_str(a, S_CALIB_HINT), t->body_px, mid.w) * t->body_px *
                  t->line_spacing);
    ui_label(ui, t, "calib.hint", app_str(a, S_CALIB_HINT), mid, t->body_px);
    if (done == 4) {
        char num[16], text[160];
        snprintf(num, sizeof num, "%d", worst);
        strings_fill(text, sizeof text, app_str(a, S_CALIB_RESULT), num);
        bool bad = worst > t->button_h / 2;
        if (bad) {
            text_append(text, sizeof text, "\n");
            text_append(text, sizeof text, app_str(a, S_CALIB_BAD));
        }
        mid.y += mid.h + t->gap;
        mid.h = (int)(app_bold_lines(a, text, t->body_px, mid.w) * t->body_px * t->line_spacing);
        Widget *w = ui_label(ui, t, "calib.result", text, mid, t->body_px);
        if (w) {
            w->bold = true;
            if (bad)
                w->fg = t->error_fg;
        }
    }
    /* The way back, away from the corners: mid-screen, or below the result
     * where that reaches lower (a landscape screen). */
    int done_y = a->height / 2;
    if (done_y < mid.y + mid.h + t->gap)
        done_y = mid.y + mid.h + t->gap;
    ui_button(ui, t, "calib.done", app_str(a, done == 4 ? S_DONE : S_BACK),
              (Rect){a->width / 4, done_y, a->width / 2, t->primary_h});
}

static bool calibrate_tap(App *a, const char *id)
{
    if (strcmp(id, "calib.done") == 0) {
        app_back(a);
        return true;
    }
    for (int i = 0; i < 4; i++)
        if (strcmp(id, corner_ids[i]) == 0) {
            a->maint.calib[i].done = true;
            a->maint.calib[i].x = a->last_tap_x;
            a->maint.calib[i].y = a->last_tap_y;
            app_changed(a);
            return true;
        }
    return false;
}

/* No bottom bar: the corners must be free; calib.done (or Escape) goes
 * back. */
const Screen screen_calibrate = {
    .id = "calibrate",
    .title = calibrate_title,
    .build = calibrate_build,
    .tap = calibrate_tap,
};
