/* run.c - the interactive loop and the automation script interface.
 *
 * The loop sleeps in SDL_WaitEventTimeout (poll(2) when headless) for as
 * long as app_tick allows (forever on an untouched home screen), so an idle
 * kiosk uses no CPU; only a print job in flight or a camera makes it look
 * again every 100-200 ms, and the district's sync worker once a second
 * (for its reports; [district] postgres set).  The
 * script interface feeds the same app_* inputs the loop does, and moves the
 * kiosk's clock instead of sleeping. */
#include "kiosk/app_activity.h"
#include "kiosk/app_maint.h"
#include "kiosk/app_ticket.h"
#include "kiosk/run.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kiosk/outfile.h"
#include "kiosk/receipt_print.h"
#include "kiosk/script.h"
#include "kiosk/sync.h"
#include "kiosk/text.h"

/* How long quitting waits for the sync worker: a moment, never the
 * network (its link's waits are ended at once; sync_worker_stop). */
#define SYNC_STOP_WAIT_MS 200
/* The loop looks at the worker's reports at least this often (ms). */
#define SYNC_LOOK_MS 1000

/* The district link's worker writes to the database: it starts once the
 * start's check passed (app_start_check), never for a broken kiosk. */
static void start_sync(Kiosk *k)
{
    App *a = k->app;
    const Config *c = &a->cfg;
    if (c->district_postgres[0] && !a->maint.broken && !a->board.on && !a->maint.start_pending &&
        !a->maint.start_failed && !k->sync) {
        char why[512];
        if (sync_worker_start(a->maint.db_path, c, &k->sync, why, sizeof why) != K_OK) {
            char q[600], f[700];
            text_json_quote(q, sizeof q, why);
            snprintf(f, sizeof f, "\"where\":\"sync\",\"message\":%s", q);
            app_event(a, "error", f);
            fprintf(stderr, "kiosk: %s; going on without the district link\n", why);
        }
    }
}

KResult kiosk_start_devices(Kiosk *k, char *err, size_t errcap)
{
    App *a = k->app;
    const Config *c = &a->cfg;
    if (c->printer_uri[0]) {
        KResult rc = printer_parse_uri(c->printer_uri, &k->printer, err, errcap);
        if (rc == K_OK && (rc = print_queue_create(&k->printq)) != K_OK)
            snprintf(err, errcap, "cannot start the print queue: %s", k_result_str(rc));
        if (rc != K_OK)
            return rc;
        a->ticket.has_printer = true;
    }
    if (c->camera_device[0]) {
        char why[256];
        if (camera_open(c->camera_device, &k->camera, why, sizeof why) != K_OK) {
            char q[300], f[400];
            text_json_quote(q, sizeof q, why);
            snprintf(f, sizeof f, "\"where\":\"camera\",\"message\":%s", q);
            app_event(a, "error", f);
            fprintf(stderr, "kiosk: %s; going on without the camera\n", why);
        }
    }
    start_sync(k);
    return K_OK;
}

/* Hands the sync worker's reports to the app (events, the maintenance
 * screen), waiting up to wait_ms for one; true when one was an attempt. */
static bool collect_sync(Kiosk *k, int wait_ms)
{
    SyncReport r;
    bool attempt = false;
    while (sync_worker_poll(k->sync, wait_ms, &r)) {
        wait_ms = 0;
        bool tried = r.kind != SYNC_REPORT_STATE;
        attempt = attempt || tried;
        if (tried)
            k->sync_attempts++;
        app_sync_report(k->app, tried, r.kind == SYNC_REPORT_OK, r.pending, r.sent, r.last_ok,
                        r.error);
    }
    return attempt;
}

/* Collects finished print jobs, waiting up to wait_ms for one while any is
 * out.  Results come back whatever the screen does meanwhile (a ticket
 * done, an idle reset), so every job's outcome reaches the event log. */
static void collect_prints(Kiosk *k, int wait_ms)
{
    if (!k->printq)
        return;
    if (wait_ms > 0 && k->jobs_out > 0) {
        struct pollfd pfd = {print_queue_fd(k->printq), POLLIN, 0};
        poll(&pfd, 1, wait_ms);
    }
    PrintResult r;
    while (print_queue_poll(k->printq, &r)) {
        k->jobs_out--;
        app_print_result(k->app, &r);
    }
}

static int cmp_float(const void *x, const void *y)
{
    float a = *(const float *)x, b = *(const float *)y;
    return a < b ? -1 : a > b;
}

/* The "frames" event: how long frames took to build, draw and present (the
 * last 1024 of them), for the benchmark's frame budget. */
static void report_frames(Kiosk *k)
{
    size_t cap = sizeof k->frame_ms / sizeof k->frame_ms[0];
    size_t n = k->frames < cap ? (size_t)k->frames : cap;
    if (n == 0)
        return;
    float sorted[sizeof k->frame_ms / sizeof k->frame_ms[0]];
    memcpy(sorted, k->frame_ms, n * sizeof sorted[0]);
    qsort(sorted, n, sizeof sorted[0], cmp_float);
    unsigned long whole, partial, same, moved;
    render_frame_counts(k->renderer, &whole, &partial, &same, &moved);
    char f[256];
    snprintf(f, sizeof f,
             "\"count\":%lu,\"median_ms\":%.2f,\"p95_ms\":%.2f,\"max_ms\":%.2f,\"whole\":%lu,"
             "\"partial\":%lu,\"unchanged\":%lu,\"moved\":%lu",
             k->frames, (double)sorted[n / 2], (double)sorted[n * 95 / 100], (double)sorted[n - 1],
             whole, partial, same, moved);
    app_event(k->app, "frames", f);
}

/* Waits (up to the printer timeout and a second) for jobs still out. */
static void drain_prints(Kiosk *k)
{
    int limit = k->app ? k->app->cfg.printer_timeout_ms + 1000 : 0;
    for (int waited = 0; k->jobs_out > 0 && waited < limit; waited += 100)
        collect_prints(k, 100);
}

void kiosk_stop_devices(Kiosk *k)
{
    sync_worker_stop(k->sync, SYNC_STOP_WAIT_MS);
    k->sync = NULL;
    drain_prints(k);
    print_queue_destroy(k->printq);
    k->printq = NULL;
    camera_close(k->camera);
    k->camera = NULL;
    render_destroy(k->receipt);
    k->receipt = NULL;
    voice_close(k->voice);
    k->voice = NULL;
}

/* Hands what the app wants said to the voice (opened the first time: the
 * kiosk starts no faster or slower for it), after cutting off what a touch
 * interrupted. */
static void kiosk_speak(Kiosk *k)
{
    App *a = k->app;
    if (a->speak.hush_seq != k->hushed_seq) {
        k->hushed_seq = a->speak.hush_seq;
        voice_stop(k->voice);
    }
    if (a->speak.seq == k->spoken_seq)
        return;
    k->spoken_seq = a->speak.seq;
    if (!a->speak.text[0]) {
        /* Read aloud is off (the session ended): close the voice, so an
         * idle kiosk keeps no audio thread running. */
        voice_close(k->voice);
        k->voice = NULL;
        k->voice_tried = false;
        return;
    }
    double open_ms = 0;
    if (!k->voice && !k->voice_tried) {
        double t0 = platform_mono_ms();
        k->voice_tried = true;
        /* Fails only for want of memory, leaving k->voice NULL: silent,
         * as without audio, and not tried again (voice_tried). */
        (void)voice_open(a->cfg.voice_volume, &k->voice);
        open_ms = platform_mono_ms() - t0;
    }
    voice_set_volume(k->voice, a->speak.volume);
    voice_say(k->voice, a->speak.lang, a->speak.text, a->speak.chime, a->speak.repeat);
    /* Logged by reference: which widgets of which screen were read out and
     * how long it was, never the words (they may be the resident's home
     * address or phone digits, and the event log is kept for ever). */
    size_t chars = 0;
    for (const char *p = a->speak.text; *p; p++)
        chars += ((unsigned char)*p & 0xC0) != 0x80;
    char f[APP_SPEAK_REF_MAX + 160];
    snprintf(f, sizeof f,
             "\"screen\":\"%s\",\"said\":%s,\"chars\":%zu,\"repeat\":%d,\"volume\":%d,"
             "\"audible\":%s,\"open_ms\":%.1f",
             app_screen_id(a), a->speak.ref[0] ? a->speak.ref : "[]", chars, a->speak.repeat,
             a->speak.volume, voice_available(k->voice) ? "true" : "false", open_ms);
    app_event(a, "speak", f);
}

/* Builds the receipt of the ticket on screen and queues it. */
static void start_print(Kiosk *k)
{
    App *a = k->app;
    const char *why = NULL;
    char err[256] = "";
    int width = receipt_width_dots(a->cfg.paper_mm);
    if (!k->receipt && render_offscreen_create(width, RECEIPT_MAX_HEIGHT, platform_font_dir(),
                                               &k->receipt, err, sizeof err) != K_OK)
        why = err;
    uint8_t *job = NULL;
    size_t len = 0;
    double started = platform_mono_ms();
    char activity_lines[WIDGET_TEXT_MAX];
    ReceiptInfo info = {.cfg = &a->cfg,
                        .lang = a->lang,
                        .ticket = &a->ticket.issued,
                        .response_hours = a->ticket.hours,
                        .request = &a->ticket.receipt_req};
    if (a->ticket.issued.kind == TICKET_KIND_TEST) {
        info.request = NULL; /* the maintenance test page */
    } else if (a->ticket.issued.kind == TICKET_KIND_WALKIN) {
        info.request = NULL;
        info.walkin_ahead = a->ticket.ahead;
    } else if (a->ticket.issued.kind == TICKET_KIND_VOLUNTEER) {
        /* issue 21: a volunteer's card, or their passbook slip */
        info.request = NULL;
        info.volunteer_name = a->vol.card_name;
        info.passbook = a->vol.passbook[0] ? a->vol.passbook : NULL;
    } else if (a->ticket.issued.kind == TICKET_KIND_ACTIVITY) {
        info.request = NULL; /* issue 20: the sign-up's lines */
        app_activity_ticket_info(a, activity_lines, sizeof activity_lines);
        info.activity = activity_lines;
    } else if (a->ticket.issued.kind != TICKET_KIND_REQUEST) {
        info.request = NULL;
        info.booking = &a->ticket.receipt_book;
        info.service = &a->booking.service;
    }
    if (!why && receipt_print_job(k->receipt, width, &info, &job, &len) != K_OK)
        why = "cannot render the receipt";
    a->ticket.print_render_ms = platform_mono_ms() - started;
    if (!why && !print_queue_submit(k->printq, &k->printer, job, len, a->cfg.printer_timeout_ms,
                                    a->ticket.issued.id))
        why = "the print queue is full";
    if (why) {
        PrintResult r = {.job = a->ticket.issued.id, .rc = K_ERR_IO};
        text_copy(r.message, sizeof r.message, why);
        a->ticket.print_state = PRINT_SENDING;
        app_print_result(a, &r);
        return;
    }
    k->jobs_out++;
    a->ticket.print_state = PRINT_SENDING;
    app_changed(a);
}

/* Runs the devices' side of the app: starts a wanted print, collects print
 * results (waiting up to wait_ms for one while a job is out) and hands
 * camera reads to the scan path (waiting up to wait_ms, 400 ms at most, for
 * one). */
static void kiosk_service(Kiosk *k, int wait_ms)
{
    App *a = k->app;
    kiosk_speak(k);
    if (a->ticket.print_state == PRINT_WANTED && k->printq)
        start_print(k);
    collect_prints(k, wait_ms);
    collect_sync(k, 0);
    if (k->camera) {
        /* With time to give (a script's advance), give the camera up to
         * 400 ms of it to see something; the loop itself never waits here. */
        char text[TICKET_PAYLOAD_MAX + 8];
        bool got = false;
        for (int waited = 0;; waited += 20) {
            while (camera_poll(k->camera, text, sizeof text)) {
                app_scan(a, text);
                got = true;
            }
            if (got || waited >= wait_ms || waited >= 400)
                break;
            struct timespec pause = {0, 20 * 1000000L};
            nanosleep(&pause, NULL);
        }
    }
}

static int measure_lines(void *ctx, const char *text, int px, bool bold, int width)
{
    return render_measure(ctx, text, px, bold, width, NULL);
}

static bool has_glyph(void *ctx, unsigned cp)
{
    return render_has_glyph(ctx, cp);
}

static bool text_fits(void *ctx, const Widget *w, const Theme *t)
{
    return render_text_fits(ctx, w, t);
}

static int label_px(void *ctx, const Widget *w, const Theme *t, int min_px)
{
    return render_label_px(ctx, w, t, min_px);
}

void kiosk_attach(Kiosk *k)
{
    k->app->measure_lines = measure_lines;
    k->app->text_fits = text_fits;
    k->app->label_px = label_px;
    k->app->measure_ctx = k->renderer;
    k->app->has_glyph = has_glyph;
    k->app->glyph_ctx = k->renderer;
    /* Frames redraw only what changed where the target keeps its pixels. */
    render_set_retained(k->renderer, platform_retains(k->platform));
    app_changed(k->app); /* lay out again with real measurements */
}

/* Renders the current frame without presenting it. */
static void render_current(Kiosk *k)
{
    App *a = k->app;
    app_update(a);
    if (a->wiped) {
        render_forget(k->renderer);
        if (k->receipt)
            render_forget(k->receipt);
        a->wiped = false;
    }
    render_set_pixels(k->renderer, platform_pixels(k->platform)); /* a resize makes new ones */
    render_frame(k->renderer, &a->ui, &a->theme, a->pressed);
}

void kiosk_draw(Kiosk *k)
{
    App *a = k->app;
    double t0 = platform_mono_ms();
    if (!app_update(a))
        return;
    render_current(k);
    platform_present(k->platform);
    a->redraw = false;
    k->frame_ms[k->frames % (sizeof k->frame_ms / sizeof k->frame_ms[0])] =
        (float)(platform_mono_ms() - t0);
    k->frames++;
    if (!k->first_frame_done) {
        k->first_frame_done = true;
        char f[160];
        snprintf(f, sizeof f, "\"ms\":%.1f,\"cpu_ms\":%.1f,\"renderer\":\"%s\",\"retained\":%s",
                 platform_mono_ms() - k->started_ms, platform_cpu_ms(),
                 platform_renderer_name(k->platform),
                 platform_retains(k->platform) ? "true" : "false");
        app_event(a, "first_frame", f);
        /* Issue 24: the database's quick_check and the start's writes wait
         * for the first frame; the district link waits for them. */
        app_start_check(a);
        start_sync(k);
    }
    if (a->ticket.confirm_started_ms > 0 && strcmp(app_screen_id(a), "ticket") == 0) {
        char f[64];
        snprintf(f, sizeof f, "\"ms\":%.1f", platform_mono_ms() - a->ticket.confirm_started_ms);
        app_event(a, "ticket_shown", f);
        a->ticket.confirm_started_ms = 0;
    }
}

static void handle_input(Kiosk *k, const InputEvent *ev)
{
    App *a = k->app;
    switch (ev->type) {
    case INPUT_QUIT: a->quit = true; break;
    case INPUT_DOWN: app_press(a, ev->x, ev->y); break;
    case INPUT_UP: app_release(a, ev->x, ev->y); break;
    case INPUT_MOTION: app_motion(a, ev->x, ev->y); break;
    case INPUT_TEXT: app_text(a, ev->text); break;
    case INPUT_KEY: app_key(a, ev->text); break;
    case INPUT_EXPOSE:
        render_invalidate(k->renderer); /* the window's pixels may be gone */
        a->redraw = true;
        break;
    case INPUT_NONE: break;
    }
}

int kiosk_loop(Kiosk *k)
{
    App *a = k->app;
    while (!a->quit) {
        /* Draw first: a receipt is rendered after the ticket is on screen. */
        kiosk_draw(k);
        kiosk_service(k, 0);
        kiosk_draw(k);
        int timeout = app_tick(a);
        /* A job out at the printer or a camera on: look again soon. */
        int devices = k->jobs_out > 0 ? 100 : k->camera ? 200 : k->sync ? SYNC_LOOK_MS : -1;
        if (devices >= 0 && (timeout < 0 || devices < timeout))
            timeout = devices;
        if (app_update(a)) {
            kiosk_draw(k);
            continue;
        }
        /* Idle: open the faces the first frame did without, one a pass. */
        if (render_warm(k->renderer))
            timeout = 0;
        InputEvent ev;
        if (!platform_wait_input(k->platform, timeout, &ev))
            continue; /* a timer is due: app_tick runs at the top */
        /* A finger writing on the pad sends several motions a frame: take
         * all that are waiting before drawing, so the ink keeps up with the
         * finger.  (Not for dragging lists: their momentum is timed by the
         * motions' arrival.) */
        int batch = 0;
        do
            handle_input(k, &ev);
        while (ev.type == INPUT_MOTION && a->ime.inking && ++batch < 64 && !a->quit &&
               platform_wait_input(k->platform, 0, &ev));
        /* a finger lifted may have written something: the worker looks */
        if (ev.type == INPUT_UP || ev.type == INPUT_KEY || ev.type == INPUT_TEXT)
            sync_worker_poke(k->sync);
    }
    return 0;
}

/* ---- the automation script ---- */

typedef struct {
    Kiosk *k;
    const char *path;
    int line;
    int failures;
    bool stop; /* a tap found nothing: the rest cannot be walked */
} Script;

/* Reports a failed line: what was expected (what), about which value (a)
 * and what was there instead (b). */
static void fail(Script *s, const char *what, const char *a, const char *b)
{
    fprintf(stderr, "%s:%d: %s '%s'%s%s%s\n", s->path, s->line, what, a, b ? " (" : "", b ? b : "",
            b ? ")" : "");
    s->failures++;
    char q[512], f[600];
    char msg[400];
    snprintf(msg, sizeof msg, "script line %d failed", s->line);
    text_json_quote(q, sizeof q, msg);
    snprintf(f, sizeof f, "\"where\":\"script\",\"message\":%s", q);
    app_event(s->k->app, "error", f);
}

/* Moves the kiosk's clock in steps of at most a second, running the timers
 * at each step as the real loop would. */
static void advance(Kiosk *k, double seconds)
{
    App *a = k->app;
    int64_t left = (int64_t)llround(seconds * 1000);
    while (left > 0) {
        int64_t step = left < 1000 ? left : 1000;
        a->clock_offset_ms += step;
        left -= step;
        /* Background work (a print job) gets the same time for real. */
        kiosk_service(k, (int)step);
        app_tick(a);
        kiosk_draw(k);
    }
}

static const Widget *tappable(App *a, const char *id)
{
    app_update(a);
    const Widget *w = ui_find(&a->ui, id);
    if (!w || !w->enabled || (w->role != UI_ROLE_BUTTON && w->role != UI_ROLE_FIELD))
        return NULL;
    /* It must also be what a finger at its centre would reach. */
    const Widget *hit = ui_hit(&a->ui, w->rect.x + w->rect.w / 2, w->rect.y + w->rect.h / 2);
    return hit == w ? w : NULL;
}

/* What a person sees now (the widgets under an overlay are not visible). */
static const UiList *visible(App *a)
{
    static UiList seen;
    app_update(a);
    ui_visible(&a->ui, a->width, a->height, &seen);
    return &seen;
}

/* Carries out one parsed line; returns false for one that cannot be run
 * (a scan too odd to type). */
static bool run_line(Script *s, const ScriptCmd *c)
{
    Kiosk *k = s->k;
    App *a = k->app;
    const char *arg = c->text;
    switch (c->kind) {
    case SCRIPT_TAP:
    case SCRIPT_PRESS: {
        const Widget *w = tappable(a, c->id);
        if (!w) {
            fail(s, "no visible, enabled widget", c->id, app_screen_id(a));
            s->stop = true;
            return true;
        }
        int x = w->rect.x + w->rect.w / 2, y = w->rect.y + w->rect.h / 2;
        app_press(a, x, y);
        kiosk_draw(k);
        if (c->seconds > 0)
            advance(k, c->seconds);
        app_release(a, x, y);
        break;
    }
    case SCRIPT_TAP_AT: app_tap(a, c->x1, c->y1); break;
    case SCRIPT_DRAG:
        /* A finger moving at a brisk pace: 10 steps over 100 ms of the
         * kiosk's clock, so the list keeps some momentum after it. */
        app_press(a, c->x1, c->y1);
        for (int i = 1; i <= 10; i++) {
            a->clock_offset_ms += 10;
            app_motion(a, c->x1 + (c->x2 - c->x1) * i / 10, c->y1 + (c->y2 - c->y1) * i / 10);
        }
        app_release(a, c->x2, c->y2);
        break;
    case SCRIPT_STROKE: {
        /* One finger through every point: down at the first, moving
         * through each (8 ms of the kiosk's clock apart), up at the last. */
        const char *p = c->text;
        int x, y, n = 0;
        while (script_next_point(&p, &x, &y)) {
            if (n++ == 0) {
                app_press(a, x, y);
            } else {
                a->clock_offset_ms += 8;
                app_motion(a, x, y);
            }
        }
        app_release(a, c->x2, c->y2);
        break;
    }
    case SCRIPT_TYPE: app_text(a, arg); break;
    case SCRIPT_KEY: app_key(a, arg); break;
    case SCRIPT_SCAN:
        /* what a keyboard-wedge scanner does: one key every few ms (4 ms of
         * the kiosk's clock here), then Return */
        for (const char *p = arg; *p;) {
            char one[8];
            const char *start = p;
            text_next_cp(&p);
            size_t n = (size_t)(p - start);
            if (n >= sizeof one)
                return false;
            memcpy(one, start, n);
            one[n] = '\0';
            /* as SDL delivers a wedge scanner: key-downs, then the text */
            if (n == 1 && one[0] >= 'A' && one[0] <= 'Z')
                app_key(a, "Left Shift");
            if (n == 1) {
                char key[2] = {one[0] >= 'a' && one[0] <= 'z' ? (char)(one[0] - 32) : one[0], '\0'};
                app_key(a, key);
            }
            app_text(a, one);
            a->clock_offset_ms += 4;
        }
        app_key(a, "Return");
        break;
    case SCRIPT_ADVANCE: advance(k, c->seconds); break;
    case SCRIPT_EXPECT_SCREEN:
        app_update(a);
        if (strcmp(app_screen_id(a), arg) != 0)
            fail(s, "expected screen", arg, app_screen_id(a));
        break;
    case SCRIPT_EXPECT_TEXT:
        if (!ui_has_text(visible(a), arg))
            fail(s, "expected text", arg, app_screen_id(a));
        break;
    case SCRIPT_SHOT: {
        char err[512] = "no file name";
        /* Read the frame back before presenting it: after a present the back
         * buffer of a real window is undefined. */
        render_current(k);
        bool saved = *arg && platform_screenshot(k->platform, arg, err, sizeof err) == K_OK;
        platform_present(k->platform);
        a->redraw = false;
        if (!saved)
            fail(s, "cannot save screenshot", arg, err);
        break;
    }
    case SCRIPT_WAIT_SYNC: {
        /* an attempt of the worker reported since the last wait-sync (or
         * the start), waiting for it in real time; poked first, so one
         * with something to send starts at once while the link is fine */
        if (!k->sync) {
            fail(s, "no sync worker ([district] postgres is not set)", "wait-sync", NULL);
            break;
        }
        sync_worker_poke(k->sync);
        double until = platform_mono_ms() + c->seconds * 1000;
        collect_sync(k, 0);
        while (k->sync_attempts == k->sync_waited && platform_mono_ms() < until) {
            int wait = (int)(until - platform_mono_ms());
            collect_sync(k, wait > 200 ? 200 : wait > 0 ? wait : 1);
            kiosk_draw(k);
        }
        if (k->sync_attempts == k->sync_waited)
            fail(s, "no sync attempt within", arg, NULL);
        k->sync_waited = k->sync_attempts;
        break;
    }
    case SCRIPT_DUMP: {
        app_update(a);
        static OutFile out; /* two paths: off the stack */
        char err[OUTFILE_PATH_MAX + 128] = "no file name";
        bool opened = *arg && outfile_open_or_fifo(&out, arg, err, sizeof err) == K_OK;
        const UiList *seen = visible(a);
        static bool clipped[UI_MAX_WIDGETS];
        for (int i = 0; i < seen->count; i++)
            clipped[i] = render_text_clipped(k->renderer, &seen->items[i], &a->theme);
        bool ok = opened && ui_dump_json(seen, app_screen_id(a), app_lang_code(a), clipped, out.f);
        if (opened && !ok)
            outfile_abort(&out);
        else if (opened && outfile_commit(&out, err, sizeof err) != K_OK)
            ok = false;
        if (!ok)
            fail(s, "cannot write dump", arg, err);
        break;
    }
    }
    kiosk_draw(k); /* the screen first, then the devices (a receipt) */
    sync_worker_poke(k->sync);
    kiosk_service(k, 0);
    app_tick(a);
    kiosk_draw(k);
    return true;
}

int kiosk_script(Kiosk *k, const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!f) {
        fprintf(stderr, "kiosk: cannot read script %s\n", path);
        return 2;
    }
    Script s = {k, path, 0, 0, false};
    char *buf = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = 0;
    kiosk_draw(k);
    /* (a failed start: app_start_check said why, main exits) */
    while (!k->app->maint.start_failed && (n = getline(&buf, &cap, f)) >= 0) {
        s.line++;
        if (n > SCRIPT_LINE_MAX) {
            fprintf(stderr, "%s:%d: line too long (more than %d bytes)\n", path, s.line,
                    SCRIPT_LINE_MAX);
            rc = 2;
            break;
        }
        if ((size_t)n != strlen(buf)) {
            fprintf(stderr, "%s:%d: a NUL byte in the line\n", path, s.line);
            rc = 2;
            break;
        }
        char shown[81]; /* the line as written, for the message */
        text_copy(shown, sizeof shown, buf);
        shown[strcspn(shown, "\r\n")] = '\0';
        ScriptCmd c;
        ScriptLineResult pr = script_parse_line(buf, &c);
        if (pr == SCRIPT_LINE_BLANK)
            continue;
        if (pr != SCRIPT_LINE_CMD || !run_line(&s, &c)) {
            fprintf(stderr, "%s:%d: cannot understand '%s'\n", path, s.line, shown);
            rc = 2;
            break;
        }
        if (s.stop)
            break;
    }
    free(buf);
    if (f != stdin)
        fclose(f);
    /* Let a job still at the printer finish (or time out) so its outcome is
     * in the event log before the kiosk exits. */
    drain_prints(k);
    report_frames(k);
    double said = voice_latency_ms(k->voice);
    if (said >= 0) {
        char vf[64];
        snprintf(vf, sizeof vf, "\"first_sound_ms\":%.1f", said);
        app_event(k->app, "voice", vf);
    }
    if (rc == 0 && s.failures > 0)
        rc = 1;
    return rc;
}
