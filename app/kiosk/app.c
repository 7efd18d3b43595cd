/* app.c - the kiosk application: screen stack, input routing, idle reset,
 * and the actions that reach the store.
 *
 * The app keeps a widget list for the current screen and rebuilds it only
 * when something changed (app_changed); the platform loop draws only when
 * app_update says so, and otherwise sleeps in SDL_WaitEventTimeout with the
 * timeout app_tick returns, so an idle kiosk uses no CPU. */
#include "kiosk/app.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kiosk/app_activity.h"
#include "kiosk/app_board.h"
#include "kiosk/app_booking.h"
#include "kiosk/app_maint.h"
#include "kiosk/app_request.h"
#include "kiosk/app_sms.h"
#include "kiosk/app_staff.h"
#include "kiosk/app_ticket.h"
#include "kiosk/app_volunteer.h"
#include "kiosk/outfile.h"
#include "kiosk/platform.h"
#include "kiosk/speech.h"
#include "kiosk/store.h"
#include "kiosk/text.h"

static bool speech_bar_shown(const App *a);
static bool speech_bar_in_header(const App *a);
static int speech_bar_h(const App *a);
static int speech_bar_cells(const App *a, int *repeat_w, int *cell_w);

int64_t app_now_ms(const App *a)
{
    return platform_wall_ms() + a->clock_offset_ms;
}

int64_t app_mono_ms(const App *a)
{
    return (int64_t)platform_mono_ms() + a->clock_offset_ms;
}

const char *app_str(const App *a, StringKey k)
{
    return str_get(a->lang, k);
}

const char *app_lang_code(const App *a)
{
    return lang_code(a->lang);
}

void app_event(App *a, const char *name, const char *fields)
{
    eventlog_emit(a->events, app_now_ms(a), name, fields);
}

void app_store_error(App *a, const char *where, KResult rc)
{
    char msg[APP_MSG_MAX], q[APP_MSG_MAX * 2], fields[APP_MSG_MAX * 2 + 64];
    snprintf(msg, sizeof msg, "%s: %s", k_result_str(rc), store_errmsg(a->store));
    text_json_quote(q, sizeof q, msg);
    snprintf(fields, sizeof fields, "\"where\":\"%s\",\"message\":%s", where, q);
    app_event(a, "error", fields);
}

void app_changed(App *a)
{
    a->dirty = true;
}

void app_set_message(App *a, StringKey msg)
{
    a->message = msg;
    a->message_set = true;
    a->speak.message = true; /* said again, even the same words */
    app_changed(a);
}

void app_clear_message(App *a)
{
    a->message_set = false;
    app_changed(a);
}

const Screen *app_screen(const App *a)
{
    return a->stack[a->depth - 1];
}

const char *app_screen_id(const App *a)
{
    return app_screen(a)->id;
}

static void screen_entered(App *a)
{
    const Screen *s = app_screen(a);
    a->message_set = false;
    imepanel_close(a);
    /* A staff message belongs to the screen it was said on ("已更新：已办结"
     * on the detail): any other screen starts without it, and so does that
     * screen when it is left and entered again. */
    if (a->staff.note_screen != s) {
        a->staff.note[0] = '\0';
        a->staff.note_bad = false;
    }
    a->staff.note_screen = NULL;
    if (s->enter)
        s->enter(a);
    char fields[96];
    snprintf(fields, sizeof fields, "\"id\":\"%s\"", s->id);
    app_event(a, "screen", fields);
    a->speak.screen = true;
    app_changed(a);
}

void app_push(App *a, const Screen *s)
{
    if (a->depth >= APP_STACK_MAX) {
        /* Deeper than any path of the kiosk: keep the root and start over. */
        a->depth = 1;
    }
    a->stack[a->depth++] = s;
    screen_entered(a);
}

void app_back(App *a)
{
    if (a->depth > 2) {
        a->depth--;
        screen_entered(a);
    } else if (a->depth == 2) {
        app_reset(a, "home"); /* back to home forgets the session, as home does */
    }
}

void app_back_to(App *a, const Screen *s)
{
    for (int i = a->depth - 1; i >= 1; i--)
        if (a->stack[i] == s) {
            a->depth = i + 1;
            screen_entered(a);
            return;
        }
    app_back(a); /* not on the stack: one step back */
}

static void wipe_session(App *a)
{
    imepanel_wipe(a, false); /* what was typed, and the pinyin engine's state */
    request_draft_wipe(&a->session.draft);
    sodium_memzero(&a->ui, sizeof a->ui);
    sodium_memzero(a->wedge.text, sizeof a->wedge.text);
    a->wedge.len = 0;
    a->wedge.overflow = false;
    a->wiped = true;
    sodium_memzero(&a->ticket.issued, sizeof a->ticket.issued);
    sodium_memzero(&a->ticket.qr, sizeof a->ticket.qr);
    sodium_memzero(&a->ticket.receipt_req, sizeof a->ticket.receipt_req);
    a->ticket.print_state = PRINT_NONE;
    a->session.addr_floor = 0;
    a->ticket.hours = 0;
    a->ticket.ahead = 0;
    a->session.addr_step = 0;
    a->session.volume = a->cfg.voice_volume; /* the resident's loudness ends with the session */
    a->session.draft_touched = false;
    a->session.sms = false; /* phone.sms is off for every new resident */
    a->message_set = false;
    request_draft_init(&a->session.draft);
    booking_draft_wipe(&a->booking.draft);
    booking_draft_init(&a->booking.draft);
    app_activity_wipe(a); /* issue 20 */
    booking_draft_wipe(&a->ticket.receipt_book);
    sodium_memzero(&a->booking.shown, sizeof a->booking.shown);
    sodium_memzero(a->booking.age_text, sizeof a->booking.age_text);
    sodium_memzero(&a->booking.refusal, sizeof a->booking.refusal);
    a->booking.refusal_set = false;
    a->booking.shown_cancelled = false;
    sodium_memzero(a->check.lookup_text, sizeof a->check.lookup_text);
    sodium_memzero(a->check.last4, sizeof a->check.last4);
    sodium_memzero(&a->check.progress, sizeof a->check.progress);
    sodium_memzero(a->check.note, sizeof a->check.note);
    sodium_memzero(a->check.handler, sizeof a->check.handler);
    a->booking.cancel_reason = 0;
    sodium_memzero(a->staff.pin_text, sizeof a->staff.pin_text);
    sodium_memzero(a->queue.note_text, sizeof a->queue.note_text);
    a->check.rated = false;
    a->session.flow = FLOW_REQUEST;
    a->session.addr_building = a->session.draft.building;
    a->session.addr_unit = a->session.draft.unit;
    a->session.addr_room = a->session.draft.room;
}

void app_reset(App *a, const char *reason)
{
    wipe_session(a);
    app_volunteer_wipe(a); /* issue 21 */
    /* Home keeps the resident's language; a new resident (after a ticket
     * or the idle reset) gets the kiosk's own. */
    if (strcmp(reason, "home") != 0) {
        a->lang = lang_from_code(a->cfg.lang);
        if (a->session.voice_on)
            app_set_voice(a, false);
        if (a->session.large_text || a->session.high_contrast)
            app_set_view(a, false, false);
    }
    a->idle_warning = false;
    a->depth = 1;
    /* In staff mode home is the staff home; leaving it is app_staff_logout. */
    a->stack[0] = a->maint.broken ? &screen_broken
                  : a->board.on   ? &screen_board
                  : a->staff.mode ? &screen_staff
                                  : &screen_home;
    if (strcmp(reason, "idle") == 0)
        app_event(a, "idle_reset", NULL);
    app_sweep_no_shows(a);
    app_activity_sweep(a);
    screen_entered(a);
}

void app_home(App *a)
{
    app_reset(a, "home");
}

void app_set_lang(App *a, Lang lang)
{
    a->lang = lang;
    a->speak.screen = true; /* say it again in the new language */
    char fields[32];
    snprintf(fields, sizeof fields, "\"lang\":\"%s\"", lang_code(lang));
    app_event(a, "lang_changed", fields);
    app_changed(a);
}

void app_set_view(App *a, bool large_text, bool high_contrast)
{
    a->session.large_text = large_text;
    a->session.high_contrast = high_contrast;
    theme_make(&a->theme, a->width, a->height, large_text ? APP_LARGE_SCALE : 1.0, high_contrast);
    char fields[64];
    snprintf(fields, sizeof fields, "\"large\":%s,\"contrast\":%s", large_text ? "true" : "false",
             high_contrast ? "true" : "false");
    app_event(a, "view_changed", fields);
    app_changed(a);
}

void app_say(App *a, const char *text, const char *ref, bool chime, int repeat)
{
    text_copy(a->speak.text, sizeof a->speak.text, text);
    text_copy(a->speak.ref, sizeof a->speak.ref, ref ? ref : "[]");
    a->speak.lang = a->lang;
    a->speak.chime = chime;
    a->speak.repeat = repeat;
    a->speak.volume = a->session.volume;
    a->speak.seq++;
}

/* The widget ids said, as a JSON array being built in ref: ids are ours
 * (lower-case words, dots, digits), so they need no escaping; one that
 * does not fit is left out and the array stays valid. */
static void speech_ref_add(char *ref, size_t refcap, const char *id)
{
    /* The address picker's rooms are named by floor (room.1203): logged
     * as one "room.N", they do not tell which floor the resident picked. */
    if (strncmp(id, "room.", 5) == 0) {
        id = "room.N";
        if (strstr(ref, "\"room.N\""))
            return;
    }
    size_t n = strlen(ref);
    if (n == 0 || refcap < n + strlen(id) + 4)
        return;
    ref[n - 1] = '\0'; /* drop the closing bracket */
    if (n > 2)
        text_append(ref, refcap, ",");
    text_append(ref, refcap, "\"");
    text_append(ref, refcap, id);
    text_append(ref, refcap, "\"]");
}

/* Appends a widget's text as a sentence: its lines joined by commas. */
static void speech_append(const App *a, char *out, size_t cap, const char *text)
{
    bool en = a->lang == LANG_EN;
    if (!text[0])
        return;
    if (out[0])
        text_append(out, cap, en ? " " : "");
    char line[WIDGET_TEXT_MAX * 2];
    speech_words(a->lang, text, line, sizeof line);
    for (char *p = line; *p; p++)
        if (*p == '\n')
            *p = en ? ',' : ' ';
    text_append(out, cap, line);
    size_t n = strlen(out);
    bool ends = n > 0 && (out[n - 1] == '.' || out[n - 1] == '?' || out[n - 1] == '!');
    /* a full-width full stop, question or exclamation mark ends it too */
    if (n >= 3 && (strcmp(out + n - 3, "。") == 0 || strcmp(out + n - 3, "？") == 0 ||
                   strcmp(out + n - 3, "！") == 0))
        ends = true;
    if (!ends)
        text_append(out, cap, en ? "." : "。");
}

static bool id_starts(const char *id, const char *prefix)
{
    return strncmp(id, prefix, strlen(prefix)) == 0;
}

static bool id_ends(const char *id, const char *suffix)
{
    size_t n = strlen(id), m = strlen(suffix);
    return n >= m && strcmp(id + n - m, suffix) == 0;
}

/* Home's toggles, whose state is said in words: "大字：开" or "大字：关". */
static bool is_toggle(const Widget *w)
{
    return strcmp(w->id, "home.voice") == 0 || strcmp(w->id, "home.large") == 0 ||
           strcmp(w->id, "home.contrast") == 0;
}

/* Whether a widget is read out with the screen: everything shown with
 * words (titles, prompts, messages, the review's lines, a ticket's
 * details, progress steps, enabled buttons), but the bottom bar, the read
 * aloud controls, typed fields and counters, and the keys of keypads,
 * whose digits would drown what matters. */
static bool speech_reads(const App *a, const Widget *w)
{
    const char *id = w->id;
    if (!w->text[0] || w->role == UI_ROLE_PANEL || w->role == UI_ROLE_QR ||
        w->role == UI_ROLE_FIELD || w->role == UI_ROLE_TITLE)
        return false;
    if (w->role == UI_ROLE_BUTTON && !w->enabled)
        return false;
    if (id_starts(id, "nav.") || id_starts(id, "speech.") || id_starts(id, "keypad.") ||
        id_starts(id, "pin.") || strcmp(id, "staff.entry") == 0 || strcmp(id, "home.lang") == 0 ||
        id_ends(id, ".count") || id_ends(id, ".field"))
        return false;
    if (id_starts(id, "lookup.") || id_starts(id, "ime."))
        return strcmp(id, "ime.message") == 0 || strcmp(id, "ime.label") == 0;
    (void)a;
    return true;
}

/* A widget's words as said: toggles with their state, a chosen option
 * with 已选 after a change of it (said_state). */
static void speech_widget(const App *a, const Widget *w, bool said_state, char *out, size_t cap)
{
    char t[WIDGET_TEXT_MAX + 32];
    if (is_toggle(w) && !w->selected) {
        snprintf(t, sizeof t, "%s%s", w->text, app_str(a, S_TOGGLE_OFF));
    } else if (w->selected) { /* the check mark shown, 已选 said */
        speech_selected(a->lang, w->text, t, sizeof t);
    } else if (said_state && !is_toggle(w)) {
        snprintf(t, sizeof t, "%s%s%s", w->text, a->lang == LANG_EN ? ", " : "，",
                 app_str(a, S_SPEECH_UNCHOSEN));
    } else {
        text_copy(t, sizeof t, w->text);
    }
    speech_append(a, out, cap, t);
}

void app_speech_text(const App *a, char *out, size_t cap, char *ref, size_t refcap)
{
    out[0] = '\0';
    text_copy(ref, refcap, "[]");
    const UiList *ui = &a->ui;
    /* The idle warning over a screen is what there is to hear. */
    bool idle = a->idle_warning && ui_find(ui, "idle.title");
    /* The title (home's is the station's name and the prompt) first, then
     * what the screen shows and offers, in the order it lists it. */
    for (int i = 0; i < ui->count && !idle; i++) {
        const Widget *w = &ui->items[i];
        if ((w->role == UI_ROLE_TITLE || strcmp(w->id, "staff.entry") == 0) && w->text[0]) {
            speech_append(a, out, cap, w->text);
            speech_ref_add(ref, refcap, w->id);
        }
    }
    for (int i = 0; i < ui->count; i++) {
        const Widget *w = &ui->items[i];
        if (idle && !id_starts(w->id, "idle."))
            continue;
        if (!speech_reads(a, w) || is_toggle(w))
            continue;
        speech_widget(a, w, false, out, cap);
        speech_ref_add(ref, refcap, w->id);
    }
    /* Home's toggles last, with their state: who listens may also want
     * larger text or high contrast. */
    for (int i = 0; i < ui->count && !idle; i++) {
        const Widget *w = &ui->items[i];
        if (is_toggle(w) && strcmp(w->id, "home.voice") != 0 && w->text[0]) {
            speech_widget(a, w, false, out, cap);
            speech_ref_add(ref, refcap, w->id);
        }
    }
}

static uint32_t speech_hash(uint32_t h, const char *s)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static uint32_t speech_val(const Widget *w)
{
    uint32_t h = speech_hash(2166136261u, w->text);
    return (h ^ (uint32_t)(w->selected ? 1 : 0) ^ (uint32_t)(w->enabled ? 2 : 0)) * 16777619u;
}

/* What changed on a screen rebuilt without being entered again, said in
 * the order it shows: new or changed text (a message, the refusal and the
 * time offered, the idle warning, a print's status, the thanks after
 * rating, the volume), a toggle's new state, a chosen option.  A new title
 * (the address picker's next step) or many changes at once is a new page:
 * all of it is said.  Returns false when nothing is to be said. */
static bool speech_changes(App *a, char *out, size_t cap, char *ref, size_t refcap)
{
    out[0] = '\0';
    text_copy(ref, refcap, "[]");
    int changed = 0;
    for (int i = 0; i < a->ui.count; i++) {
        const Widget *w = &a->ui.items[i];
        uint32_t id = speech_hash(2166136261u, w->id), val = speech_val(w);
        int j = 0;
        while (j < a->speak.seen_count && a->speak.seen_id[j] != id)
            j++;
        bool known = j < a->speak.seen_count;
        bool differs = !known || a->speak.seen_val[j] != val;
        if (w->role == UI_ROLE_TITLE && known && differs && w->text[0]) {
            app_speech_text(a, out, cap, ref, refcap);
            return out[0] != '\0';
        }
        if (a->speak.message && id_ends(w->id, ".message"))
            differs = true;
        /* the volume's new level, said at the new loudness */
        bool level = known && strcmp(w->id, "speech.level") == 0;
        if (!differs || (!speech_reads(a, w) && !level))
            continue;
        if (a->ime.open && strcmp(w->id, "ime.message") != 0)
            continue;
        /* The countdown is said as the warning comes and at ten seconds,
         * not each second. */
        if (strcmp(w->id, "idle.countdown") == 0 && known && a->idle_shown_seconds != 10)
            continue;
        bool state = known && w->role == UI_ROLE_BUTTON && strcmp(w->text, "") != 0 &&
                     (a->speak.seen_val[j] != val);
        /* a button whose words stayed and whose choice changed */
        if (state) {
            Widget same = *w;
            same.selected = !w->selected;
            state = speech_val(&same) == a->speak.seen_val[j];
        }
        speech_widget(a, w, state, out, cap);
        speech_ref_add(ref, refcap, w->id);
        changed++;
    }
    if (changed > 8) {
        app_speech_text(a, out, cap, ref, refcap);
        return out[0] != '\0';
    }
    return changed > 0;
}

static void speech_remember(App *a)
{
    a->speak.seen_screen = app_screen(a);
    a->speak.seen_count = a->ui.count;
    for (int i = 0; i < a->ui.count; i++) {
        a->speak.seen_id[i] = speech_hash(2166136261u, a->ui.items[i].id);
        a->speak.seen_val[i] = speech_val(&a->ui.items[i]);
    }
}

/* Whether read aloud speaks now: on, for a resident (not staff, the board
 * or a broken kiosk). */
static bool speech_on(const App *a)
{
    return a->session.voice_on && !a->staff.mode && !a->board.on && !a->maint.broken &&
           a->cfg.voice_enabled;
}

/* Whether the read aloud controls (speech.repeat, speech.softer,
 * speech.level, speech.louder) are shown: on the resident's screens past
 * home while read aloud is on. */
static bool speech_bar_shown(const App *a)
{
    const Screen *s = app_screen(a);
    return speech_on(a) && s != &screen_home && strcmp(s->id, "staff_pick") != 0 &&
           strcmp(s->id, "pin") != 0 && !a->ime.open;
}

static int speech_bar_h(const App *a)
{
    int h = a->theme.button_h * 3 / 4;
    return h < 104 ? 104 : h;
}

/* Says the screen or what changed on it once it is built, and remembers
 * what it showed. */
static void speech_after_build(App *a)
{
    if (speech_on(a)) {
        char said[APP_SPEAK_MAX], ref[APP_SPEAK_REF_MAX];
        bool say = false;
        if (a->speak.screen) {
            app_speech_text(a, said, sizeof said, ref, sizeof ref);
            say = true;
        } else if (a->speak.seen_screen == app_screen(a)) {
            say = speech_changes(a, said, sizeof said, ref, sizeof ref);
        }
        if (say)
            app_say(a, said, ref, false, 1);
    }
    a->speak.screen = false;
    a->speak.message = false;
    speech_remember(a);
}

/* Whether the read aloud controls sit at the right of the header (a
 * landscape screen, wide but short: its grids need all the height) rather
 * than in a row above the bottom bar (a portrait one, narrow but tall). */
static bool speech_bar_in_header(const App *a)
{
    return a->width > a->height;
}

/* The controls' cells: say it again, softer, the level, louder; in the
 * header, how wide they are together (the title keeps the rest). */
static int speech_bar_cells(const App *a, int *repeat_w, int *cell_w)
{
    const Theme *t = &a->theme;
    int w = a->width - 2 * t->margin;
    if (speech_bar_in_header(a)) {
        /* two fifths of the header, the title keeping the rest: softer and
         * louder as －/＋ in square keys, the level and 再听一遍 wider */
        w = w * 2 / 5;
        *cell_w = speech_bar_h(a);
        *repeat_w = (w - 3 * t->gap - 2 * *cell_w) * 55 / 100;
        return w;
    }
    int cell = (w - 3 * t->gap) * 6 / 25;
    if (cell < 88)
        cell = 88;
    *cell_w = cell;
    *repeat_w = w - 3 * (cell + t->gap);
    return w;
}

/* The read aloud controls (speech_bar_in_header says where). */
static void build_speech_bar(App *a)
{
    const Theme *t = &a->theme;
    int h = speech_bar_h(a), rw, cell;
    int w = speech_bar_cells(a, &rw, &cell);
    int x = t->margin, y = a->height - t->nav_h - t->gap / 2 - t->gap - h;
    if (speech_bar_in_header(a)) {
        x = a->width - t->margin - w;
        y = (t->header_h - h) / 2;
        /* the header goes on behind them, beside the title */
        int from = a->width - w - 2 * t->margin;
        ui_add(&a->ui, "speech.bar", UI_ROLE_PANEL, "",
               (Rect){from, 0, a->width - from, t->header_h}, t->body_px, t->header_fg,
               t->header_bg);
    }
    Widget *r =
        ui_button(&a->ui, t, "speech.repeat", app_str(a, S_SPEECH_REPEAT), (Rect){x, y, rw, h});
    if (r)
        r->bold = true;
    x += rw + t->gap;
    bool keys = speech_bar_in_header(a); /* －/＋ in square keys */
    /* as large as fits inside the key's padding */
    int key_px = cell - 2 * t->gap - 4 < t->title_px ? cell - 2 * t->gap - 4 : t->title_px;
    int level_w = keys ? w - rw - 2 * cell - 3 * t->gap : cell;
    Widget *sf =
        ui_button(&a->ui, t, "speech.softer",
                  app_str(a, keys ? S_SPEECH_SOFTER_KEY : S_SPEECH_SOFTER), (Rect){x, y, cell, h});
    if (sf && keys) {
        sf->bold = true;
        sf->font_px = key_px;
    }
    x += cell + t->gap;
    char n[16], level[64];
    snprintf(n, sizeof n, "%d", a->session.volume / 20);
    strings_fill(level, sizeof level, app_str(a, S_SPEECH_LEVEL), n);
    Widget *l = ui_label(&a->ui, t, "speech.level", level, (Rect){x, y, level_w, h}, t->body_px);
    if (l) {
        l->align = ALIGN_CENTER;
        if (keys) { /* on the header's colour */
            l->fg = t->header_fg;
            l->bg = t->header_bg;
        }
    }
    x += level_w + t->gap;
    Widget *ld =
        ui_button(&a->ui, t, "speech.louder",
                  app_str(a, keys ? S_SPEECH_LOUDER_KEY : S_SPEECH_LOUDER), (Rect){x, y, cell, h});
    if (ld && keys) {
        ld->bold = true;
        ld->font_px = key_px;
    }
    /* each on one line: a word broken in two ("Loude r") is not read */
    Widget *one[] = {r, sf, l, ld};
    for (size_t i = 0; i < sizeof one / sizeof one[0]; i++) {
        Widget *c = one[i];
        int room = c ? c->rect.w - 2 * t->gap : 0;
        while (c && c->font_px > APP_MIN_TEXT_PX &&
               (c->bold ? app_bold_lines(a, c->text, c->font_px, room)
                        : app_text_lines(a, c->text, c->font_px, room)) > 1)
            c->font_px -= 2;
    }
}

/* The read aloud controls' taps; false for any other widget. */
static bool speech_tap(App *a, const char *id)
{
    if (strcmp(id, "speech.repeat") == 0) {
        a->speak.screen = true;
    } else if (strcmp(id, "speech.louder") == 0) {
        a->session.volume = a->session.volume + 20 > 100 ? 100 : a->session.volume + 20;
    } else if (strcmp(id, "speech.softer") == 0) {
        a->session.volume = a->session.volume - 20 < 20 ? 20 : a->session.volume - 20;
    } else {
        return false;
    }
    /* the new level is said at the new loudness (speech_changes) */
    a->session.volume -= a->session.volume % 20;
    app_changed(a);
    return true;
}

/* Home's spoken hint that read aloud exists: said once, softly, after
 * [voice] hint_after seconds on home without a touch while read aloud is
 * off; a touch lets it come once more.  Returns the milliseconds until it
 * is due, or -1. */
static int speech_hint_tick(App *a)
{
    if (a->cfg.voice_hint_after <= 0 || !a->cfg.voice_enabled || a->session.voice_on ||
        a->speak.hint_given || a->staff.mode || a->board.on || a->maint.broken ||
        app_screen(a) != &screen_home || a->depth != 1 || a->idle_warning)
        return -1;
    int64_t due = a->last_input_ms + (int64_t)a->cfg.voice_hint_after * 1000;
    int64_t now = app_mono_ms(a);
    if (now < due)
        return (int)(due - now);
    a->speak.hint_given = true;
    app_say(a, app_str(a, S_SPEECH_HINT), "[\"home.hint\"]", false, 1);
    a->speak.volume = a->cfg.voice_volume * 6 / 10; /* softer than speech asked for */
    return -1;
}

void app_set_voice(App *a, bool on)
{
    a->session.voice_on = on;
    if (on)
        a->speak.screen = true; /* say this screen */
    else
        app_say(a, "", NULL, false, 0);
    app_event(a, "voice_changed", on ? "\"on\":true" : "\"on\":false");
    app_changed(a);
}

static int lines_of(const App *a, const char *text, int px, bool bold, int width)
{
    if (a->measure_lines)
        return a->measure_lines(a->measure_ctx, text, px, bold, width);
    /* the estimate has no weights: bold runs about a tenth wider */
    return ui_estimate_lines(text, px, bold ? width * 9 / 10 : width);
}

int app_text_lines(const App *a, const char *text, int px, int width)
{
    return lines_of(a, text, px, false, width);
}

int app_bold_lines(const App *a, const char *text, int px, int width)
{
    return lines_of(a, text, px, true, width);
}

int app_fit_px(const App *a, const char *text, int px, int width, int height)
{
    while (px > APP_MIN_TEXT_PX) {
        int n = app_text_lines(a, text, px, width);
        if ((int)((n - 1) * px * a->theme.line_spacing) + px <= height)
            break;
        px -= 2;
    }
    return px < APP_MIN_TEXT_PX ? APP_MIN_TEXT_PX : px;
}

Rect app_body(const App *a)
{
    const Theme *t = &a->theme;
    Rect r = {t->margin, t->header_h + t->margin, a->width - 2 * t->margin,
              a->height - t->header_h - t->nav_h - 2 * t->margin};
    if (speech_bar_shown(a) && !speech_bar_in_header(a))
        r.h -= speech_bar_h(a) + t->gap; /* the read aloud controls' row */
    return r;
}

void app_format_address(const App *a, const char *building_zh, const char *unit, const char *room,
                        char *out, size_t cap)
{
    out[0] = '\0';
    if (building_zh[0] == '\0')
        return;
    char part[64];
    /* The draft keeps the building's Chinese name; show it in the language
     * of the screen. */
    const char *building = building_zh;
    for (int i = 0; i < a->cfg.building_count; i++)
        if (strcmp(a->cfg.buildings[i].zh, building_zh) == 0)
            building = config_label(&a->cfg.buildings[i], app_lang_code(a));
    text_copy(out, cap, building);
    if (unit[0]) {
        strings_fill(part, sizeof part, app_str(a, S_UNIT_FMT), unit);
        text_append(out, cap, " ");
        text_append(out, cap, part);
    }
    if (room[0]) {
        strings_fill(part, sizeof part, app_str(a, S_ROOM_FMT), room);
        text_append(out, cap, " ");
        text_append(out, cap, part);
    }
}

/* The database failed its check (a->maint.broken_detail says how): logged,
 * the session forgotten, and the out-of-service screen alone on the stack. */
static void show_broken(App *a)
{
    char q[APP_MSG_MAX * 4], fields[APP_MSG_MAX * 4 + 64];
    text_json_quote(q, sizeof q, a->maint.broken_detail);
    snprintf(fields, sizeof fields, "\"where\":\"database\",\"message\":%s", q);
    app_event(a, "error", fields);
    app_event(a, "database_corrupt", NULL);
    wipe_session(a);
    a->depth = 1;
    a->stack[0] = &screen_broken;
    screen_entered(a);
}

/* Something at path, whatever it is (a link, a folder). */
static bool present(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* The station's ticket keys beside the database: the HMAC key, and the
 * site's Ed25519 pair (issue 19: made at the first start, new tickets
 * signed KT3, its public half recorded in the database, which sends it to
 * the centre).  A key file already there is read at once (make false, from
 * app_init), so that a bad one still stops the start before a window
 * opens; one still to be made is made by app_start_check (make true) once
 * the database passed its check, so none is made beside a damaged one. */
static KResult load_keys(App *a, bool make, char *err, size_t errcap)
{
    const char *key_path = a->maint.key_path;
    KResult rc = K_OK;
    if (!a->maint.key_loaded && (make || present(key_path))) {
        rc = ticket_key_load(key_path, a->key);
        if (rc != K_OK) {
            snprintf(err, errcap, "%s: cannot use the ticket key file: %s", key_path,
                     rc == K_ERR_INVALID
                         ? "it must be a regular file (not a FIFO, device, folder or "
                           "symbolic link) that only its owner can read"
                         : k_result_str(rc));
            return rc;
        }
        a->maint.key_loaded = true;
    }
    if (a->maint.sign_done)
        return K_OK;
    char sign_path[OUTFILE_PATH_MAX] = "";
    bool existed = false;
    if (outfile_sign_key_path(key_path, sign_path, sizeof sign_path) != K_OK) {
        rc = K_ERR_INVALID;
    } else {
        if (!make && !present(sign_path))
            return K_OK; /* made after the check */
        existed = access(sign_path, F_OK) == 0;
    }
    a->maint.sign_done = true;
    TicketSigner signer;
    if (rc == K_OK)
        rc = ticket_signer_load(sign_path, &signer);
    if (rc == K_ERR_IO && !existed) {
        /* cannot be made (a read-only folder): HMAC tickets (KT2), as before */
        fprintf(stderr, "kiosk: %s cannot be made: tickets stay KT2 (this site only)\n", sign_path);
        rc = K_OK;
    } else if (rc == K_OK) {
        /* recorded in the database after its check (app_start_check) */
        a->maint.signer = signer;
        a->maint.signer_pending = true;
    }
    sodium_memzero(&signer, sizeof signer);
    if (rc != K_OK)
        snprintf(err, errcap, "%s: cannot use the ticket key file: %s", sign_path,
                 rc == K_ERR_INVALID ? "it must be a regular file that only its owner can read"
                                     : k_result_str(rc));
    return rc;
}

KResult app_init(App *a, const AppOptions *o, char *err, size_t errcap)
{
    a->width = o->width;
    a->height = o->height;
    theme_default(&a->theme, a->width, a->height);
    a->lang = lang_from_code(a->cfg.lang);
    a->pressed = -1;
    if (sodium_init() < 0) {
        snprintf(err, errcap, "cannot initialise libsodium");
        return K_ERR_UNSUPPORTED;
    }
    /* A file that is not a kiosk database, or one damaged where opening
     * reads, fails here; the quick_check waits for app_start_check. */
    KResult rc = store_open(o->db_path, &a->store, err, errcap);
    if (rc == K_ERR_CORRUPT) {
        /* A damaged database: say so on screen, and never write to it (no
         * seeding, no sweeps, no tickets) until staff restore a backup. */
        a->maint.broken = true;
        text_copy(a->maint.broken_detail, sizeof a->maint.broken_detail, err);
        fprintf(stderr, "kiosk: %s\n", err);
        err[0] = '\0';
    } else if (rc != K_OK) {
        return rc;
    }
    /* A broken kiosk issues and checks no tickets: it needs no key, and
     * must not create one beside a file that is not its database. */
    a->maint.key_path = o->key_path;
    if (!a->maint.broken) {
        rc = load_keys(a, false, err, errcap);
        if (rc != K_OK)
            return rc;
    }
    rc = eventlog_open(o->events_path, &a->events);
    if (rc != K_OK) {
        snprintf(err, errcap, "%s: cannot open the event log for appending%s", o->events_path,
                 rc == K_ERR_REFUSED ? ": it is the database or its key" : "");
        return K_ERR_IO;
    }
    a->board.on = o->board;
    text_copy(a->maint.db_path, sizeof a->maint.db_path, o->db_path);
    if (a->maint.broken) {
        show_broken(a);
        return K_OK;
    }
    /* The centre's configuration bundle applied before (app_sync.c lays
     * a new one over when a sync applied it): read only. */
    app_bundle_load(a);
    a->last_input_ms = app_mono_ms(a);
    a->maint.integrity_due_ms = app_mono_ms(a) + APP_INTEGRITY_FIRST_MS;
    /* Nothing is written to the database before its check: the home
     * screen and the board need none of it (app_start_check). */
    a->maint.start_pending = true;
    wipe_session(a);
    a->staff.counter = 1;
    a->depth = 1;
    a->stack[0] = a->board.on ? &screen_board : &screen_home;
    screen_entered(a);
    if (a->board.on)
        app_board_poll(a);
    return K_OK;
}

/* Damaged: logged, the store closed, nothing more written and no ticket
 * issued; the out-of-service screen. */
static void go_broken(App *a)
{
    text_copy(a->maint.broken_detail, sizeof a->maint.broken_detail, a->maint.db_path);
    text_append(a->maint.broken_detail, sizeof a->maint.broken_detail, ": ");
    text_append(a->maint.broken_detail, sizeof a->maint.broken_detail, store_errmsg(a->store));
    fprintf(stderr, "kiosk: %s\n", a->maint.broken_detail);
    store_close(a->store);
    a->store = NULL;
    a->maint.broken = true;
    a->maint.signer_pending = false;
    sodium_memzero(&a->maint.signer, sizeof a->maint.signer);
    sodium_memzero(a->key, sizeof a->key); /* a broken kiosk checks no tickets */
    show_broken(a);
    app_changed(a);
}

/* A write of the start failed: said on stderr, and the kiosk exits. */
static void start_failed(App *a, const char *what)
{
    fprintf(stderr, "kiosk: %s: %s%s\n", a->maint.db_path, what, store_errmsg(a->store));
    a->maint.start_failed = true;
    a->quit = true;
}

void app_start_check(App *a)
{
    if (!a->maint.start_pending)
        return;
    a->maint.start_pending = false;
    if (a->maint.broken || !a->store)
        return;
    if (store_check(a->store, false) != K_OK) {
        go_broken(a);
        return;
    }
    char err[OUTFILE_PATH_MAX + 160];
    if (load_keys(a, true, err, sizeof err) != K_OK) {
        fprintf(stderr, "kiosk: %s\n", err);
        a->maint.start_failed = true;
        a->quit = true;
        return;
    }
    if (a->maint.signer_pending) {
        a->maint.signer_pending = false;
        KResult rc = store_set_signer(a->store, &a->maint.signer, (int64_t)time(NULL));
        sodium_memzero(&a->maint.signer, sizeof a->maint.signer);
        if (rc != K_OK) {
            start_failed(a, "");
            return;
        }
    }
    /* Services new in the configuration join the database; staff changes
     * made there since are kept. */
    if (store_seed_services(a->store, &a->cfg, app_now_ms(a) / 1000, NULL) != K_OK) {
        start_failed(a, "cannot set up the booking services: ");
        return;
    }
    if (store_errmsg(a->store)[0])
        fprintf(stderr, "kiosk: note: %s\n", store_errmsg(a->store));
    app_sms_setup(a); /* texts on or off, as [sms] says (issue 23) */
    app_load_services(a);
    app_sweep_no_shows(a);
    app_activity_sweep(a);
}

/* Start runs PRAGMA quick_check only: it finds damaged pages but does not
 * compare indexes with their tables, and a damaged index kept a kiosk
 * issuing.  The full integrity_check does, but costs more than the start
 * can spare (0.6-0.8 s on a year of a busy station, 20,000 requests and
 * 100,000 events, against 0.2-0.3 s for quick_check), so it runs a few
 * seconds after start and daily, while nobody is using the kiosk. */
int64_t app_check_integrity_if_due(App *a)
{
    if (a->maint.broken || a->board.on || !a->store)
        return -1;
    int64_t now = app_mono_ms(a);
    if (a->maint.start_pending)
        return 1000; /* the start's quick_check first */
    if (now < a->maint.integrity_due_ms)
        return a->maint.integrity_due_ms - now;
    if (a->depth > 1 || a->session.draft_touched || a->staff.mode || a->finger_down ||
        a->ticket.print_state == PRINT_WANTED || a->ticket.print_state == PRINT_SENDING)
        return 1000; /* look again in a second */
    a->maint.integrity_due_ms = now + APP_INTEGRITY_EVERY_MS;
    KResult rc = store_check(a->store, true);
    if (rc == K_OK || rc == K_ERR_BUSY)
        return APP_INTEGRITY_EVERY_MS; /* busy: another program writes; tomorrow */
    /* Damaged: as at start, nothing more is written and no ticket issued. */
    go_broken(a);
    return -1;
}

void app_shutdown(App *a)
{
    wipe_session(a);
    imepanel_wipe(a, true);
    sodium_memzero(a->key, sizeof a->key);
    sodium_memzero(&a->maint.signer, sizeof a->maint.signer);
    store_close(a->store);
    a->store = NULL;
    eventlog_close(a->events);
    a->events = NULL;
}

/* ---- input ---- */

static bool note_input(App *a)
{
    int64_t now = app_mono_ms(a);
    a->last_input_ms = now;
    a->speak.hint_given = false; /* someone is here: the hint may come once more */
    if (a->idle_warning) {
        /* Any touch during the warning means "I am still here". */
        a->idle_warning = false;
        app_changed(a);
        return false;
    }
    return now >= a->guard_until_ms;
}

static void activate(App *a, const char *id)
{
    const Screen *s = app_screen(a);
    if (a->ime.open) {
        imepanel_tap(a, id);
        return;
    }
    if (speech_tap(a, id))
        return;
    TextField f;
    if (s->field && s->field(a, id, &f) && imepanel_open(a, id))
        return;
    if (s->tap && s->tap(a, id))
        return;
    if (strcmp(id, "nav.back") == 0)
        app_back(a);
    else if (strcmp(id, "nav.home") == 0)
        app_home(a);
}

/* ---- the keyboard-wedge scanner ----
 * A scanner types the payload and Return one key at a time within a few
 * milliseconds each; a person types a key every 100 ms or more, and an
 * input method commits several characters at once.  So text that could be
 * the start of a payload ("KT1.", "KT2." or "KT3.") is held back while it comes one
 * character at a time, each within WEDGE_GAP_MS of the last; Return then
 * makes it a scan.  A slower key, a commit of several characters, or a
 * pause hands what was held to the screen as typed text. */

#define WEDGE_PREFIX "KT1."
#define WEDGE_PAUSE_MS 300
#define WEDGE_GAP_MS 50

/* The basic CJK block, CJK punctuation, full-width forms and Latin: what
 * the kiosk's font (GBK and Latin) is assumed to hold without a renderer
 * to ask. */
static bool assumed_glyph(unsigned cp)
{
    return (cp >= 0x20 && cp < 0x2000) || (cp >= 0x2010 && cp <= 0x203B) ||
           (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0x4E00 && cp <= 0x9FA5) ||
           (cp >= 0xFF01 && cp <= 0xFF5E);
}

static bool showable(App *a, unsigned cp)
{
    /* Emoji, their modifiers and joiners, and private-use characters are
     * never shown, whatever a font claims. */
    if (cp >= 0x1F000 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0x200D ||
        (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0x2600 && cp <= 0x27BF))
        return false;
    if (cp < 0x20 || cp == 0x7F)
        return true; /* control characters: the field drops them itself */
    return a->has_glyph ? a->has_glyph(a->glyph_ctx, cp) : assumed_glyph(cp);
}

bool app_can_show(App *a, const char *text)
{
    for (const char *p = text; *p;)
        if (!showable(a, text_next_cp(&p)))
            return false;
    return true;
}

/* Hands committed text to the screen without the characters the kiosk
 * cannot show (no boxes on screen or in the database), and says so. */
static void deliver_text(App *a, const char *utf8)
{
    const Screen *s = app_screen(a);
    char kept[1024];
    size_t n = 0;
    bool dropped = false;
    for (const char *p = utf8; *p;) {
        const char *start = p;
        unsigned cp = text_next_cp(&p);
        size_t len = (size_t)(p - start);
        if (!showable(a, cp)) {
            dropped = true;
            continue;
        }
        if (n + len >= sizeof kept)
            break;
        memcpy(kept + n, start, len);
        n += len;
    }
    kept[n] = '\0';
    if (s->text && n > 0)
        s->text(a, kept);
    sodium_memzero(kept, sizeof kept);
    if (dropped) {
        app_event(a, "input_rejected", "\"field\":\"text\",\"why\":\"glyph\"");
        if (a->ime.open) {
            a->ime.note = S_IME_UNSHOWN;
            a->ime.note_set = true;
            app_changed(a);
        } else {
            app_set_message(a, S_IME_UNSHOWN);
        }
    }
}

static void wedge_flush(App *a)
{
    if (a->wedge.len == 0)
        return;
    char held[sizeof a->wedge.text];
    memcpy(held, a->wedge.text, a->wedge.len + 1);
    sodium_memzero(a->wedge.text, sizeof a->wedge.text);
    a->wedge.len = 0;
    if (a->wedge.overflow) {
        /* Far too long for a payload and typed at a scanner's pace: a code
         * that is not a ticket, not something a person typed. */
        a->wedge.overflow = false;
        sodium_memzero(held, sizeof held);
        return;
    }
    deliver_text(a, held);
}

/* true when buf (n bytes) is a prefix of a payload marker or starts with
 * one: "KT1." (generation 0), "KT2." (after a restore) or "KT3." (Ed25519,
 * any site of the district; ticket.h) */
static bool wedge_candidate(const char *buf, size_t n)
{
    static const char *const markers[] = {WEDGE_PREFIX, "KT2.", "KT3."};
    for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++) {
        size_t p = strlen(markers[i]);
        if (strncmp(buf, markers[i], n < p ? n : p) == 0)
            return true;
    }
    return false;
}

void app_press(App *a, int x, int y)
{
    wedge_flush(a);
    a->speak.hush_seq++; /* a touch cuts speech off */
    a->finger_down = true;
    a->press_at_ms = app_mono_ms(a);
    a->drag.start_y = a->drag.y = y;
    a->drag.active = false;
    a->drag.velocity = 0;
    a->drag.moved_at_ms = a->press_at_ms;
    app_update(a);
    const Widget *w = ui_hit(&a->ui, x, y);
    if (w && a->ime.open && strcmp(w->id, "ime.pad") == 0) {
        /* writing on the handwriting pad: strokes, not a tap */
        a->ime.inking = true;
        imepanel_ink(a, 0, x, y);
        return;
    }
    int idx = w ? (int)(w - a->ui.items) : -1;
    if (idx != a->pressed) {
        a->pressed = idx;
        a->redraw = true;
    }
}

/* A finger that moved more than this is dragging, not tapping. */
#define DRAG_SLOP_PX 24

void app_motion(App *a, int x, int y)
{
    if (!a->finger_down)
        return;
    if (a->ime.inking) {
        imepanel_ink(a, 1, x, y);
        return;
    }
    const Screen *s = app_screen(a);
    if (!a->drag.active &&
        (y - a->drag.start_y > DRAG_SLOP_PX || a->drag.start_y - y > DRAG_SLOP_PX)) {
        a->drag.active = true;
        if (a->pressed >= 0) {
            a->pressed = -1; /* no button is being pressed any more */
            a->redraw = true;
        }
    }
    if (!a->drag.active || !s->drag)
        return;
    int64_t now = app_mono_ms(a);
    double dy = y - a->drag.y;
    int64_t dt = now - a->drag.moved_at_ms;
    a->drag.velocity = dt > 0 ? dy / (double)dt : dy / 16.0;
    a->drag.moved_at_ms = now;
    a->drag.y = y;
    s->drag(a, dy);
}

void app_release(App *a, int x, int y)
{
    a->held_ms = app_mono_ms(a) - a->press_at_ms;
    a->last_tap_x = x;
    a->last_tap_y = y;
    if (a->ime.inking) {
        a->ime.inking = false;
        a->finger_down = false;
        imepanel_ink(a, 2, x, y);
        note_input(a);
        return;
    }
    if (a->drag.active || y - a->drag.start_y > DRAG_SLOP_PX ||
        a->drag.start_y - y > DRAG_SLOP_PX) {
        /* The end of a drag: the list goes on moving (momentum), no tap;
         * unless the finger rested before it lifted. */
        if (!a->drag.active)
            app_motion(a, x, y);
        int64_t now = app_mono_ms(a);
        if (now - a->drag.moved_at_ms > 80)
            a->drag.velocity = 0;
        else
            a->drag.moved_at_ms = now;
        a->finger_down = false;
        a->drag.active = false;
        a->pressed = -1;
        a->redraw = true;
        note_input(a);
        return;
    }
    a->finger_down = false;
    app_update(a);
    int was = a->pressed;
    if (a->pressed >= 0) {
        a->pressed = -1;
        a->redraw = true;
    }
    if (!note_input(a))
        return;
    const Widget *w = ui_hit(&a->ui, x, y);
    if (!w || (int)(w - a->ui.items) != was)
        return; /* the finger slid off the button: no tap */
    char id[WIDGET_ID_MAX];
    text_copy(id, sizeof id, w->id);
    activate(a, id);
}

void app_tap(App *a, int x, int y)
{
    app_press(a, x, y);
    app_release(a, x, y);
}

/* A character held as a possible scan still counts as a touch: it keeps
 * the idle timer back and ends the idle warning, but (unlike note_input)
 * is never dropped for it, so a scan during the warning or the confirm
 * guard still arrives whole. */
static void note_held(App *a, int64_t now)
{
    a->last_input_ms = now;
    if (a->idle_warning) {
        a->idle_warning = false;
        app_changed(a);
    }
}

void app_text(App *a, const char *utf8)
{
    if (!text_valid_utf8(utf8))
        return;
    size_t n = strlen(utf8);
    int64_t now = app_mono_ms(a);
    /* A key after a gap a scanner never leaves: a person is typing. */
    if (a->wedge.len > 0 && now - a->wedge.last_ms > WEDGE_GAP_MS)
        wedge_flush(a);
    if (a->wedge.len >= strlen(WEDGE_PREFIX) && text_length(utf8) == 1 &&
        (a->wedge.overflow || a->wedge.len + n >= sizeof a->wedge.text)) {
        /* Still at a scanner's pace but longer than any payload: swallow
         * the rest, so a long foreign or damaged code that starts like ours
         * is refused as a scan at Return instead of landing in a field. */
        a->wedge.overflow = true;
        a->wedge.at = a->wedge.last_ms = now;
        note_held(a, now);
        return;
    }
    if (n == 1 && a->wedge.len + n < sizeof a->wedge.text) {
        memcpy(a->wedge.text + a->wedge.len, utf8, n + 1);
        if (wedge_candidate(a->wedge.text, a->wedge.len + n)) {
            a->wedge.len += n;
            a->wedge.at = a->wedge.last_ms = now;
            note_held(a, now);
            return;
        }
        a->wedge.text[a->wedge.len] = '\0';
    }
    wedge_flush(a);
    if (note_input(a))
        deliver_text(a, utf8);
}

void app_key(App *a, const char *name)
{
    bool enter = strcmp(name, "Return") == 0 || strcmp(name, "Keypad Enter") == 0;
    if (enter && a->wedge.len >= strlen(WEDGE_PREFIX) &&
        app_mono_ms(a) - a->wedge.last_ms <= WEDGE_GAP_MS) {
        char payload[sizeof a->wedge.text];
        memcpy(payload, a->wedge.text, a->wedge.len + 1);
        if (a->wedge.overflow)
            payload[0] = '\0'; /* what came was longer than any ticket */
        sodium_memzero(a->wedge.text, sizeof a->wedge.text);
        a->wedge.len = 0;
        a->wedge.overflow = false;
        app_scan(a, payload);
        return;
    }
    /* A printable key or a modifier: SDL sends its key-down before the
     * text it types, and that text decides (scan or typing), so the key
     * itself must not end what the wedge holds. */
    if (!enter &&
        ((name[0] && !name[1]) || strstr(name, "Shift") || strcmp(name, "CapsLock") == 0 ||
         (strncmp(name, "Keypad ", 7) == 0 && strcmp(name, "Keypad Enter") != 0)))
        return;
    wedge_flush(a);
    if (!note_input(a))
        return;
    if (a->ime.open && imepanel_key(a, name))
        return;
    const Screen *s = app_screen(a);
    if (s->key)
        s->key(a, name);
    else if (strcmp(name, "Escape") == 0 || strcmp(name, "AC Back") == 0)
        app_back(a);
}

/* Shows what a scanned ticket is for, over the current screen (back
 * returns there, so a resident's unfinished entry is not lost).  A booking
 * opens screen_booking; anything unreadable says so on screen_check. */
static void show_scanned(App *a, KResult verified, TicketCheck why, char kind, int64_t id)
{
    if (a->board.on || a->maint.broken)
        return; /* the board only shows numbers; a broken kiosk nothing */
    if (a->staff.mode) {
        app_staff_scan(a, verified, why, kind, id);
        return;
    }
    const Screen *s = app_screen(a);
    if (s == &screen_cancel_sure) {
        a->depth--; /* the question, then its reasons below, as before */
        s = app_screen(a);
    }
    if (s == &screen_booking || s == &screen_check || s == &screen_cancel ||
        s == &screen_progress || s == &screen_walkin || s == &screen_volunteer_card ||
        s == &screen_activity_state)
        a->depth--; /* replace what an earlier scan showed */
    if (a->depth < 1)
        a->depth = 1;
    StringKey problem = 0;
    bool found = false;
    if (verified != K_OK) {
        /* Signed here but not on record: never the row its id names now,
         * which after a restore is someone else's. */
        problem = why == TICKET_AFTER_RESTORE ? S_SCAN_RESTORED
                  : why == TICKET_NOT_HERE    ? S_SCAN_NOT_HERE
                  : why == TICKET_OTHER_SITE  ? S_SCAN_OTHER_SITE
                                              : S_SCAN_BAD;
    } else if (kind == TICKET_KIND_REQUEST) {
        /* A request's ticket: its progress, in plain words. */
        if (a->depth < 1)
            a->depth = 1;
        app_show_progress(a, id);
        return;
    } else if (kind == TICKET_KIND_WALKIN) {
        /* A walk-in number: where it is in the queue, in large words. */
        app_show_walkin(a, id);
        return;
    } else if (kind == TICKET_KIND_VOLUNTEER) {
        /* issue 21: a volunteer's card: duty starts or ends, the balance */
        app_volunteer_scan(a, id);
        return;
    } else if (kind == TICKET_KIND_ACTIVITY) {
        /* An activity sign-up: its state, and a way to cancel it. */
        app_show_activity_signup(a, id);
        return;
    } else {
        a->booking.shown_site[0] = '\0';
        KResult rc = store_get_booking_of_ticket(a->store, id, &a->booking.shown);
        if (rc == K_OK)
            found = true;
        else
            problem = S_SCAN_NO_BOOKING;
    }
    a->booking.shown_cancelled = false;
    if (found) {
        app_push(a, &screen_booking);
    } else {
        app_push(a, &screen_check);
        app_set_message(a, problem);
    }
}

void app_scan(App *a, const char *payload)
{
    note_input(a);
    Ticket tk;
    TicketCheck why = TICKET_FORGED;
    /* The signature and the row holding this very payload: after a restore
     * a ticket issued past the backup names a row id that is now another
     * resident's. */
    KResult rc = K_ERR_IO; /* out of service: no database to look in */
    memset(&tk, 0, sizeof tk);
    if (a->store)
        rc = store_check_ticket(a->store, a->key, payload, a->cfg.site_code, &tk, &why, NULL);
    char fields[128];
    if (rc == K_OK)
        snprintf(fields, sizeof fields, "\"valid\":true,\"kind\":\"%c\",\"id\":%lld", tk.kind,
                 (long long)tk.id);
    else if (why == TICKET_OTHER_SITE) /* genuine, another site's: its site tells it apart */
        snprintf(fields, sizeof fields,
                 "\"valid\":true,\"site\":\"%s\",\"kind\":\"%c\",\"id\":%lld,\"other_site\":true",
                 tk.site, tk.kind, (long long)tk.id);
    else
        snprintf(fields, sizeof fields, "\"valid\":false,\"reason\":\"%s\"",
                 rc == K_ERR_FORGED || rc == K_ERR_NOT_FOUND ? store_ticket_check_name(why)
                                                             : "database");
    app_event(a, "scan", fields);
    if (rc != K_OK && why == TICKET_OTHER_SITE && tk.kind == TICKET_KIND_REQUEST &&
        app_screen(a) != &screen_staff && !a->staff.mode) {
        /* another site's request: its progress from the district copy */
        const Screen *s = app_screen(a);
        if (s == &screen_check || s == &screen_progress || s == &screen_booking ||
            s == &screen_walkin)
            a->depth--;
        if (a->depth < 1)
            a->depth = 1;
        if (app_show_other_request(a, tk.site, tk.id))
            return;
    }
    if (rc != K_OK && why == TICKET_OTHER_SITE && tk.kind != TICKET_KIND_REQUEST &&
        tk.kind != TICKET_KIND_WALKIN && !a->staff.mode) {
        /* another site's booking: the booking and its site */
        const Screen *s = app_screen(a);
        if (s == &screen_check || s == &screen_progress || s == &screen_booking ||
            s == &screen_walkin)
            a->depth--;
        if (a->depth < 1)
            a->depth = 1;
        if (app_show_other_booking(a, tk.site, tk.id))
            return;
    }
    show_scanned(a, rc, why, tk.kind, tk.id);
}

/* ---- the request ---- */

void app_submit_request(App *a)
{
    if (a->ticket.issued.id != 0)
        return; /* already filed: the ticket is showing */
    DraftCheck dc = request_draft_check(&a->session.draft);
    const CfgCategory *cat = config_category(&a->cfg, a->session.draft.category);
    if (dc != DRAFT_OK || !cat) {
        app_set_message(a, S_SAVE_FAILED);
        app_event(a, "error", "\"where\":\"submit\",\"message\":\"draft incomplete\"");
        return;
    }
    double started = platform_mono_ms();
    int64_t request_id = 0;
    Ticket tk;
    /* An urgent request is promised the category's shorter time. */
    bool urgent = a->session.draft.urgency == URGENCY_URGENT;
    int hours = urgent && cat->urgent_response_hours < cat->response_hours
                    ? cat->urgent_response_hours
                    : cat->response_hours;
    /* phone.sms: texts about it in the resident's language (issue 23) */
    text_copy(a->session.draft.sms, sizeof a->session.draft.sms, app_sms_consent(a));
    KResult rc = store_submit_request(a->store, &a->session.draft, a->cfg.site_code,
                                      app_now_ms(a) / 1000, hours, a->key, &request_id, &tk);
    if (rc == K_OK)
        rc = qr_encode(tk.payload, &a->ticket.qr);
    if (rc != K_OK) {
        char msg[APP_MSG_MAX], fields[APP_MSG_MAX * 2 + 64];
        snprintf(msg, sizeof msg, "%s: %s", k_result_str(rc), store_errmsg(a->store));
        char q[APP_MSG_MAX * 2];
        text_json_quote(q, sizeof q, msg);
        snprintf(fields, sizeof fields, "\"where\":\"submit\",\"message\":%s", q);
        app_event(a, "error", fields);
        app_set_message(a, S_SAVE_FAILED);
        return;
    }
    a->ticket.issued = tk;
    a->ticket.hours = hours;
    char fields[256];
    snprintf(fields, sizeof fields,
             "\"kind\":\"request\",\"number\":\"%s\",\"payload\":\"%s\",\"id\":%lld,"
             "\"request_id\":%lld",
             tk.number, tk.payload, (long long)tk.id, (long long)request_id);
    app_event(a, "ticket_issued", fields);
    /* What the resident typed is on disk now; keep none of it in memory but
     * what the receipt prints (category, issue, the phone's last 4 digits). */
    memset(&a->ticket.receipt_req, 0, sizeof a->ticket.receipt_req);
    text_copy(a->ticket.receipt_req.category, sizeof a->ticket.receipt_req.category,
              a->session.draft.category);
    text_copy(a->ticket.receipt_req.issue, sizeof a->ticket.receipt_req.issue,
              a->session.draft.issue);
    a->ticket.receipt_req.urgency = a->session.draft.urgency;
    size_t digits = strlen(a->session.draft.phone);
    text_copy(a->ticket.receipt_req.phone, sizeof a->ticket.receipt_req.phone,
              a->session.draft.phone + (digits > 4 ? digits - 4 : 0));
    request_draft_wipe(&a->session.draft);
    request_draft_init(&a->session.draft);
    a->ticket.confirm_started_ms = started;
    a->guard_until_ms = app_mono_ms(a) + APP_CONFIRM_GUARD_MS;
    a->depth = 1;
    app_push(a, &screen_ticket);
    app_request_print(a);
}

void app_request_print(App *a)
{
    if (!a->ticket.has_printer || a->ticket.issued.id == 0 ||
        a->ticket.print_state == PRINT_WANTED || a->ticket.print_state == PRINT_SENDING)
        return;
    a->ticket.print_state = PRINT_WANTED;
    app_changed(a);
}

void app_print_result(App *a, const PrintResult *r)
{
    char fields[512], q[300];
    text_json_quote(q, sizeof q, r->message);
    if (r->rc == K_OK) {
        snprintf(fields, sizeof fields,
                 "\"ticket_id\":%lld,\"bytes\":%zu,\"ms\":%.1f,\"render_ms\":%.1f",
                 (long long)r->job, r->bytes, r->ms, a->ticket.print_render_ms);
        app_event(a, "printed", fields);
    } else {
        /* Not confirmed is an error too (the resident is told to keep the
         * QR), marked so that staff can tell it from a refusal. */
        snprintf(fields, sizeof fields, "\"where\":\"print\",\"ticket_id\":%lld,\"message\":%s%s",
                 (long long)r->job, q, r->rc == K_ERR_UNCONFIRMED ? ",\"unconfirmed\":true" : "");
        app_event(a, "error", fields);
    }
    if (r->job == a->ticket.issued.id && a->ticket.print_state == PRINT_SENDING) {
        a->ticket.print_state = r->rc == K_OK                ? PRINT_DONE
                                : r->rc == K_ERR_UNCONFIRMED ? PRINT_UNCONFIRMED
                                                             : PRINT_FAILED;
        app_changed(a);
    }
}

/* ---- timers ---- */

static bool idle_applies(const App *a)
{
    return a->depth > 1 || a->session.draft_touched || a->lang != lang_from_code(a->cfg.lang) ||
           a->session.large_text || a->session.high_contrast || a->session.voice_on;
}

/* Staff mode ends after two minutes without a touch: a desk left
 * unattended must not stay open to the next person.  The last
 * STAFF_IDLE_WARN_MS show the idle warning with its countdown, so someone
 * reading a request is not signed out in mid-sentence; any touch (or
 * idle.continue) keeps the desk open. */
static int staff_idle_tick(App *a)
{
    int64_t now = app_mono_ms(a);
    /* A finger held counts as activity, but not for ever: a lost finger-up
     * must not keep a desk open. */
    if (a->finger_down && now - a->press_at_ms < STAFF_IDLE_MS)
        a->last_input_ms = now;
    int64_t elapsed = now - a->last_input_ms;
    if (elapsed >= STAFF_IDLE_MS) {
        a->idle_warning = false;
        app_staff_logout(a, "idle");
        a->last_input_ms = now;
        return -1;
    }
    int64_t warn = STAFF_IDLE_MS - STAFF_IDLE_WARN_MS;
    if (elapsed < warn)
        return (int)(warn - elapsed);
    int remaining = (int)((STAFF_IDLE_MS - elapsed + 999) / 1000);
    if (!a->idle_warning || remaining != a->idle_shown_seconds) {
        if (!a->idle_warning)
            app_event(a, "idle_warning", "\"staff\":true");
        a->idle_warning = true;
        a->idle_shown_seconds = remaining;
        app_changed(a);
    }
    int wait = (int)((STAFF_IDLE_MS - elapsed) % 1000);
    return wait > 0 ? wait : 1000;
}

static int idle_tick(App *a)
{
    if (a->board.on)
        return -1;
    if (a->staff.mode)
        return staff_idle_tick(a);
    if (!idle_applies(a)) {
        a->idle_warning = false;
        return -1;
    }
    int64_t now = app_mono_ms(a);
    if (a->finger_down)
        a->last_input_ms = now; /* a long press is not idleness */
    int64_t elapsed = now - a->last_input_ms;
    const Screen *s = app_screen(a);
    if (s->finished && s->finished(a)) {
        /* A finished result (a ticket, a number's state): nothing is being
         * filled in, so no warning covers its QR code; it stays for
         * result_after seconds, then the kiosk goes home quietly. */
        if (a->idle_warning) {
            a->idle_warning = false;
            app_changed(a);
        }
        int64_t stay = (int64_t)a->cfg.idle_result_after * 1000;
        if (elapsed >= stay) {
            app_reset(a, "idle");
            a->last_input_ms = now;
            return -1;
        }
        return (int)(stay - elapsed);
    }
    int64_t warn = (int64_t)a->cfg.idle_warn_after * 1000;
    int64_t total = warn + (int64_t)a->cfg.idle_countdown * 1000;
    if (elapsed >= total) {
        app_reset(a, "idle");
        a->last_input_ms = now;
        return -1;
    }
    if (elapsed < warn)
        return (int)(warn - elapsed);
    int remaining = (int)((total - elapsed + 999) / 1000);
    if (!a->idle_warning || remaining != a->idle_shown_seconds) {
        if (!a->idle_warning)
            app_event(a, "idle_warning", NULL);
        a->idle_warning = true;
        a->idle_shown_seconds = remaining;
        app_changed(a);
    }
    int wait = (int)((total - elapsed) % 1000);
    return wait > 0 ? wait : 1000;
}

int app_tick(App *a)
{
    int wait = -1;
    if (a->wedge.len > 0) {
        int64_t held = app_mono_ms(a) - a->wedge.at;
        if (held >= WEDGE_PAUSE_MS)
            wedge_flush(a); /* a person typing, not a scanner */
        else
            wait = (int)(WEDGE_PAUSE_MS - held);
    }
    int idle = idle_tick(a);
    if (idle >= 0 && (wait < 0 || idle < wait))
        wait = idle;
    int hint = speech_hint_tick(a);
    if (hint >= 0 && (wait < 0 || hint < wait))
        wait = hint;
    /* A list still moving after the finger lifted: slow it down. */
    const Screen *s = app_screen(a);
    if (!a->finger_down && s->drag && (a->drag.velocity > 0.02 || a->drag.velocity < -0.02)) {
        int64_t now = app_mono_ms(a);
        int64_t dt = now - a->drag.moved_at_ms;
        if (dt > 0) {
            if (dt > 100)
                dt = 100;
            s->drag(a, a->drag.velocity * (double)dt);
            a->drag.velocity *= 1.0 - 0.004 * (double)dt; /* about 0.94 a frame */
            if (a->drag.velocity < 0.02 && a->drag.velocity > -0.02)
                a->drag.velocity = 0;
            a->drag.moved_at_ms = now;
        }
        if (wait < 0 || wait > 16)
            wait = 16;
    }
    {
        int64_t due = app_check_integrity_if_due(a);
        if (due >= 0 && (wait < 0 || due < wait))
            wait = (int)(due > 60000 ? 60000 : due);
    }
    if (!a->maint.broken && !a->board.on && !a->maint.start_pending &&
        (a->cfg.backup_folder[0] || a->cfg.retention_days > 0)) {
        /* Scheduled jobs: looked at once a minute, run while idle. */
        int64_t since = app_mono_ms(a) - a->maint.backup_checked_ms;
        if (since >= 60000 || a->maint.backup_checked_ms == 0) {
            app_backup_if_due(a);
            app_purge_if_due(a);
            since = 0;
        }
        int b = (int)(60000 - since);
        if (wait < 0 || b < wait)
            wait = b;
    }
    if (a->cfg.sms.daemon[0] && !a->maint.broken && !a->board.on && !a->maint.start_pending) {
        /* Texts (issue 23): smsd's folders looked at every few seconds, by
         * the kiosk only (a calling board on the same database does not). */
        int64_t since = app_mono_ms(a) - a->sms.checked_ms;
        if (since >= APP_SMS_LOOK_MS || a->sms.checked_ms == 0) {
            app_sms_work(a);
            since = 0;
        }
        int b = (int)(APP_SMS_LOOK_MS - since);
        if (wait < 0 || b < wait)
            wait = b;
    }
    if (a->board.on) {
        int64_t since = app_mono_ms(a) - a->board.checked_ms;
        if (since >= 1000)
            app_board_poll(a);
        int b = since >= 1000 ? 1000 : (int)(1000 - since);
        if (wait < 0 || b < wait)
            wait = b;
    }
    return wait;
}

/* ---- building the widget list ---- */

static void build_nav(App *a, const Screen *s)
{
    const Theme *t = &a->theme;
    if (!s->nav)
        return;
    int y = a->height - t->nav_h;
    int w = (a->width - 2 * t->margin - 2 * t->gap) / 3;
    int h = t->nav_h - t->gap;
    Rect bar = {0, y - t->gap / 2, a->width, t->nav_h + t->gap / 2};
    ui_add(&a->ui, "nav.bar", UI_ROLE_PANEL, "", bar, t->body_px, t->fg, t->button_pressed);
    if (s->nav & NAV_BACK)
        ui_button(&a->ui, t, "nav.back", app_str(a, S_BACK), (Rect){t->margin, y, w, h});
    if (s->nav & NAV_HOME)
        ui_button(&a->ui, t, "nav.home", app_str(a, S_HOME),
                  (Rect){t->margin + w + t->gap, y, w, h});
    if (s->nav & NAV_NEXT)
        ui_primary(&a->ui, t, "nav.next", app_str(a, s->next_label ? s->next_label : S_NEXT),
                   (Rect){t->margin + 2 * (w + t->gap), y, w, h});
}

static void build_idle(App *a)
{
    const Theme *t = &a->theme;
    Rect all = {0, 0, a->width, a->height};
    ui_add(&a->ui, "idle.panel", UI_ROLE_PANEL, "", all, t->body_px, t->overlay_fg, t->overlay_bg);
    int bw = a->width - 4 * t->margin;
    int x = 2 * t->margin;
    int y = a->height / 2 - t->big_px * 3;
    bool staff = a->staff.mode; /* staff mode: signing out, not clearing a form */
    Widget *title = ui_add(
        &a->ui, "idle.title", UI_ROLE_LABEL, app_str(a, staff ? S_STAFF_IDLE_TITLE : S_IDLE_TITLE),
        (Rect){x, y, bw, t->big_px * 2}, t->big_px, t->overlay_fg, t->overlay_bg);
    if (title)
        title->bold = true;
    char secs[16], body[256];
    snprintf(secs, sizeof secs, "%d", a->idle_shown_seconds);
    strings_fill(body, sizeof body, app_str(a, staff ? S_STAFF_IDLE_BODY : S_IDLE_BODY), secs);
    y += t->big_px * 2 + t->gap;
    ui_add(&a->ui, "idle.countdown", UI_ROLE_LABEL, body, (Rect){x, y, bw, t->body_px * 4},
           t->body_px, t->overlay_fg, t->overlay_bg);
    y += t->body_px * 4 + t->gap * 2;
    ui_primary(&a->ui, t, "idle.continue",
               app_str(a, staff ? S_STAFF_IDLE_CONTINUE : S_IDLE_CONTINUE),
               (Rect){x, y, bw, t->primary_h});
}

/* Larger text: a text that no longer fits its box (a long English word, a
 * dense grid) steps back toward its normal size, never below it, rather
 * than be clipped.  Screens lay out for the larger sizes; this is the
 * safety net for what they cannot reflow. */
static void fit_larger_text(App *a)
{
    const Theme *t = &a->theme;
    if (!a->text_fits || t->scale <= 1.0)
        return;
    for (int i = 0; i < a->ui.count; i++) {
        Widget *w = &a->ui.items[i];
        if (!w->text[0] || w->role == UI_ROLE_QR || w->role == UI_ROLE_PANEL)
            continue;
        int floor_px = (int)(w->font_px / t->scale + 0.5);
        if (floor_px < APP_MIN_TEXT_PX)
            floor_px = APP_MIN_TEXT_PX;
        while (w->font_px - 2 >= floor_px && !a->text_fits(a->measure_ctx, w, t))
            w->font_px -= 2;
    }
}

/* A button's text keeps its padding (ui_text_pad_x/y): when it does not
 * fit, it steps down in size, never below APP_MIN_TEXT_PX.  A short label
 * (one line of at most SHORT_LABEL_CHARS characters: a choice, a key) is
 * moreover not cut inside a word (render_label_px): 取消预约 on one line
 * rather than 取消/预约, Delete rather than Dele/te. */
#define SHORT_LABEL_CHARS 16
static void fit_buttons(App *a)
{
    const Theme *t = &a->theme;
    for (int i = 0; i < a->ui.count; i++) {
        Widget *w = &a->ui.items[i];
        if (w->role != UI_ROLE_BUTTON || !w->text[0])
            continue;
        if (a->label_px && !strchr(w->text, '\n') && text_length(w->text) <= SHORT_LABEL_CHARS)
            w->font_px = a->label_px(a->measure_ctx, w, t, APP_MIN_TEXT_PX);
        else if (a->text_fits)
            while (w->font_px - 2 >= APP_MIN_TEXT_PX && !a->text_fits(a->measure_ctx, w, t))
                w->font_px -= 2;
    }
}

bool app_update(App *a)
{
    if (a->dirty) {
        const Screen *s = app_screen(a);
        const Theme *t = &a->theme;
        ui_clear(&a->ui);
        /* A screen without a title callback draws its own header. */
        if (s->title) {
            Rect header = {0, 0, a->width, t->header_h};
            bool beside = speech_bar_shown(a) && speech_bar_in_header(a);
            if (beside) {
                int rw, cell; /* the title beside the read aloud controls */
                header.w -= speech_bar_cells(a, &rw, &cell) + t->margin;
            }
            char id[WIDGET_ID_MAX];
            snprintf(id, sizeof id, "%s.title", s->id);
            Widget *title = ui_title(&a->ui, t, id, s->title(a), header);
            /* narrower: a size smaller (not under 56 px, the floor for titles)
             * rather than a second line */
            while (beside && title && title->font_px - 2 >= 56 &&
                   app_bold_lines(a, title->text, title->font_px, header.w - 2 * t->margin) > 1)
                title->font_px -= 2;
        }
        if (a->ime.open) {
            imepanel_build(a, &a->ui);
        } else {
            s->build(a, &a->ui, app_body(a));
            build_nav(a, s);
            if (speech_bar_shown(a))
                build_speech_bar(a);
        }
        if (a->idle_warning)
            build_idle(a);
        fit_larger_text(a);
        fit_buttons(a);
        speech_after_build(a);
        a->dirty = false;
        a->redraw = true;
        a->pressed = -1;
    }
    return a->redraw;
}
