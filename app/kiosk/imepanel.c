/* imepanel.c - the on-screen input panel for free-text fields.
 *
 * A tap on a screen's free-text field (Screen.field) opens an editing view:
 * the screen's title, the field with its count (23/200) and, below it, the
 * panel.  The panel is a pinyin keyboard (with candidates, paging, a digits
 * and punctuation page and an English mode) or a handwriting pad, switched
 * by one large key (ime.mode).  The field stays above the panel, so nothing
 * being edited is ever covered; ime.done closes the view.
 *
 * Everything chosen or typed goes to the screen through its text and key
 * callbacks, exactly as a keyboard's text would, so each screen keeps its
 * own length limit and validation.  The engines (ime_pinyin, ime_hand) load
 * the first time they are needed, never at start; neither learns, and every
 * session wipe clears what was typed, written and looked up, so nothing
 * reaches the next resident. */
#include "kiosk/imepanel.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "kiosk/app.h"
#include "kiosk/text.h"

#define KEY_GAP 8     /* between keys: 10 keys of 88+ px fit 1080 px */
#define HAND_CANDS 10 /* handwriting candidates asked for */

/* The digits-and-punctuation page: id suffix, Chinese form, English form. */
typedef struct {
    const char *id, *zh, *en;
} SymKey;

static const SymKey sym_row2[] = {
    {"comma", "，", ","},     {"period", "。", "."}, {"question", "？", "?"},
    {"exclaim", "！", "!"},   {"pause", "、", "/"},  {"colon", "：", ":"},
    {"semicolon", "；", ";"}, {"lquote", "“", "\""}, {"rquote", "”", "'"},
};
static const SymKey sym_row3[] = {
    {"lparen", "（", "("}, {"rparen", "）", ")"}, {"dash", "-", "-"}, {"at", "@", "@"},
    {"hash", "#", "#"},    {"dot", "·", "."},     {"plus", "+", "+"},
};
#define NSYM2 (int)(sizeof sym_row2 / sizeof sym_row2[0])
#define NSYM3 (int)(sizeof sym_row3 / sizeof sym_row3[0])

static const char letters_row1[] = "qwertyuiop";
static const char letters_row2[] = "asdfghjkl";
static const char letters_row3[] = "zxcvbnm";

/* ---- the field ---- */

static bool current_field(App *a, TextField *f)
{
    const Screen *s = app_screen(a);
    return a->ime.open && s->field && s->field(a, a->ime.field, f);
}

static bool keep_text(void *ctx, const char *text)
{
    return app_can_show(ctx, text);
}

/* Hands text to the screen as committed text; says so when the field is
 * full and nothing went in. */
static void commit(App *a, const char *text)
{
    TextField f;
    if (!current_field(a, &f))
        return;
    size_t before = text_length(f.text);
    const Screen *s = app_screen(a);
    if (s->text)
        s->text(a, text);
    current_field(a, &f);
    a->ime.note_set = false;
    if (text_length(f.text) == before && text[0]) {
        a->ime.note = S_IME_FULL;
        a->ime.note_set = true;
    }
    app_changed(a);
}

static void backspace(App *a)
{
    const Screen *s = app_screen(a);
    if (s->key)
        s->key(a, "Backspace");
    a->ime.note_set = false;
    app_changed(a);
}

/* ---- engines, loaded on first use ---- */

static void engine_failed(App *a, const char *what, const char *why)
{
    char q[400], fields[512];
    text_json_quote(q, sizeof q, why);
    snprintf(fields, sizeof fields, "\"where\":\"%s\",\"message\":%s", what, q);
    app_event(a, "error", fields);
}

static void add_name(ImePinyin *p, const CfgItem *it)
{
    /* A name with a character outside the phrase table is typed through
     * the engine instead; nothing to report. */
    (void)ime_pinyin_add_phrase(p, it->zh);
}

static bool ensure_pinyin(App *a)
{
    ImeState *m = &a->ime;
    if (m->pinyin || m->pinyin_failed)
        return m->pinyin != NULL;
    char err[256] = "";
    if (ime_pinyin_open(NULL, &m->pinyin, err, sizeof err) != K_OK) {
        m->pinyin_failed = true;
        engine_failed(a, "pinyin", err);
        return false;
    }
    const Config *c = &a->cfg;
    for (int i = 0; i < c->category_count; i++) {
        add_name(m->pinyin, &c->categories[i].item);
        for (int j = 0; j < c->categories[i].issue_count; j++)
            add_name(m->pinyin, &c->categories[i].issues[j]);
    }
    for (int i = 0; i < c->service_count; i++)
        add_name(m->pinyin, &c->services[i].item);
    for (int i = 0; i < c->hospital_count; i++)
        add_name(m->pinyin, &c->hospitals[i]);
    for (int i = 0; i < c->department_count; i++)
        add_name(m->pinyin, &c->departments[i]);
    (void)ime_pinyin_add_phrase(m->pinyin, c->site_zh); /* as add_name: typed through the engine */
    return true;
}

static bool ensure_hand(App *a)
{
    ImeState *m = &a->ime;
    if (m->hand || m->hand_failed)
        return m->hand != NULL;
    char err[256] = "";
    if (ime_hand_open(NULL, &m->hand, err, sizeof err) != K_OK) {
        m->hand_failed = true;
        engine_failed(a, "handwriting", err);
        return false;
    }
    return true;
}

/* ---- candidates ---- */

static void reset_pages(ImeState *m)
{
    m->page = 0;
    m->page_first[0] = 0;
    m->page_shown = 0;
}

static void lookup(App *a)
{
    ImeState *m = &a->ime;
    m->cand_count = 0;
    reset_pages(m);
    if (m->letters[0] && ensure_pinyin(a))
        m->cand_count =
            ime_pinyin_search(m->pinyin, m->letters, keep_text, a, m->cands, IME_CAND_MAX);
}

static void sync_ink(App *a)
{
    ImeState *m = &a->ime;
    m->ink_count = 0;
    if (!m->hand)
        return;
    int n = 0;
    const ImePoint *p = ime_hand_points(m->hand, &n);
    for (int i = 0; i < n && i < IME_INK_MAX; i++)
        m->ink[i] = (UiPoint){p[i].x, p[i].y};
    m->ink_count = n < IME_INK_MAX ? n : IME_INK_MAX;
}

static void recognize(App *a)
{
    ImeState *m = &a->ime;
    char out[HAND_CANDS][8];
    int n = m->hand ? ime_hand_recognize(m->hand, m->pad.w, m->pad.h, keep_text, a, out, HAND_CANDS)
                    : 0;
    m->cand_count = 0;
    for (int i = 0; i < n && i < HAND_CANDS; i++) {
        text_copy(m->cands[i].text, sizeof m->cands[i].text, out[i]);
        m->cands[i].consumed = 0;
        m->cands[i].engine_index = -1;
        m->cand_count++;
    }
    reset_pages(m);
}

static void clear_hand(App *a)
{
    ImeState *m = &a->ime;
    if (m->hand)
        ime_hand_clear(m->hand);
    sodium_memzero(m->ink, sizeof m->ink);
    m->ink_count = 0;
    m->cand_count = 0;
    reset_pages(m);
}

static void clear_letters(ImeState *m)
{
    sodium_memzero(m->letters, sizeof m->letters);
    sodium_memzero(m->cands, sizeof m->cands);
    m->cand_count = 0;
    reset_pages(m);
}

/* The candidate shown at position pos of the page, or NULL. */
static ImeCand *cand_at(ImeState *m, int pos)
{
    int i = m->page_first[m->page] + pos;
    return pos >= 0 && pos < m->page_shown && i < m->cand_count ? &m->cands[i] : NULL;
}

static void pick(App *a, int pos)
{
    ImeState *m = &a->ime;
    ImeCand *c = cand_at(m, pos);
    if (!c)
        return;
    char text[IME_CAND_TEXT];
    text_copy(text, sizeof text, c->text);
    if (m->mode == IME_HAND) {
        clear_hand(a);
        commit(a, text);
        return;
    }
    ime_pinyin_choose(m->pinyin, m->letters, c);
    size_t len = strlen(m->letters);
    size_t used = c->consumed < len ? c->consumed : len;
    memmove(m->letters, m->letters + used, len - used + 1);
    commit(a, text);
    lookup(a);
}

/* ---- opening and closing ---- */

bool imepanel_open(App *a, const char *field_id)
{
    const Screen *s = app_screen(a);
    TextField f;
    if (!s->field || !s->field(a, field_id, &f))
        return false;
    ImeState *m = &a->ime;
    clear_letters(m);
    clear_hand(a);
    m->open = true;
    text_copy(m->field, sizeof m->field, field_id);
    m->english = a->lang == LANG_EN;
    m->symbols = false;
    m->shift = false;
    m->note_set = false;
    if (m->mode == IME_PINYIN && !m->english && !ensure_pinyin(a)) {
        m->note = S_IME_NO_PINYIN;
        m->note_set = true;
    }
    app_event(a, "ime_open", m->mode == IME_HAND ? "\"mode\":\"hand\"" : "\"mode\":\"pinyin\"");
    app_changed(a);
    return true;
}

void imepanel_close(App *a)
{
    ImeState *m = &a->ime;
    if (!m->open)
        return;
    clear_letters(m);
    clear_hand(a);
    m->open = false;
    m->inking = false;
    m->note_set = false;
    app_changed(a);
}

void imepanel_wipe(App *a, bool all)
{
    ImeState *m = &a->ime;
    clear_letters(m);
    clear_hand(a);
    m->open = false;
    m->inking = false;
    m->note_set = false;
    m->field[0] = '\0';
    m->mode = IME_PINYIN;
    /* The pinyin engine learns nothing (ime_pinyin.h); its lookup state
     * goes now, the engine itself (and its temporary folder) at shutdown. */
    ime_pinyin_forget(m->pinyin);
    if (all) {
        ime_pinyin_close(m->pinyin);
        m->pinyin = NULL;
        m->pinyin_failed = false;
        ime_hand_close(m->hand);
        m->hand = NULL;
        m->hand_failed = false;
    }
}

/* ---- input ---- */

static bool letter_key(const char *k)
{
    return k[0] >= 'a' && k[0] <= 'z' && k[1] == '\0';
}

static const SymKey *sym_key(const char *k)
{
    for (int i = 0; i < NSYM2; i++)
        if (strcmp(sym_row2[i].id, k) == 0)
            return &sym_row2[i];
    for (int i = 0; i < NSYM3; i++)
        if (strcmp(sym_row3[i].id, k) == 0)
            return &sym_row3[i];
    return NULL;
}

static void type_letter(App *a, char c)
{
    ImeState *m = &a->ime;
    if (m->english || !ensure_pinyin(a)) {
        char s[2] = {m->shift ? (char)(c - 32) : c, '\0'};
        m->shift = false;
        commit(a, s);
        return;
    }
    size_t n = strlen(m->letters);
    if (n < IME_LETTERS_MAX) {
        m->letters[n] = c;
        m->letters[n + 1] = '\0';
    }
    lookup(a);
    app_changed(a);
}

static void delete_one(App *a)
{
    ImeState *m = &a->ime;
    size_t n = strlen(m->letters);
    if (n > 0) {
        m->letters[n - 1] = '\0';
        lookup(a);
        app_changed(a);
        return;
    }
    backspace(a);
}

static void space(App *a)
{
    ImeState *m = &a->ime;
    if (m->letters[0]) {
        if (m->cand_count > 0) {
            m->page_shown = m->page_shown > 0 ? m->page_shown : 1;
            pick(a, 0);
        }
        return;
    }
    commit(a, " ");
}

void imepanel_tap(App *a, const char *id)
{
    ImeState *m = &a->ime;
    if (strncmp(id, "ime.", 4) != 0)
        return; /* the field itself: already editing */
    const char *k = id + 4;
    int pos = -1;
    m->note_set = false; /* a message lasts until the next key */
    if (sscanf(k, "cand.%d", &pos) == 1) {
        pick(a, pos);
    } else if (strcmp(k, "done") == 0) {
        imepanel_close(a);
    } else if (strcmp(k, "mode") == 0) {
        clear_letters(m);
        clear_hand(a);
        m->note_set = false;
        m->mode = m->mode == IME_PINYIN ? IME_HAND : IME_PINYIN;
        if (m->mode == IME_HAND && !ensure_hand(a)) {
            m->note = S_IME_NO_HAND;
            m->note_set = true;
        }
        app_event(a, "ime_mode", m->mode == IME_HAND ? "\"mode\":\"hand\"" : "\"mode\":\"pinyin\"");
    } else if (strcmp(k, "lang") == 0) {
        clear_letters(m);
        m->english = !m->english;
        m->shift = false;
    } else if (strcmp(k, "sym") == 0) {
        m->symbols = !m->symbols;
    } else if (strcmp(k, "shift") == 0) {
        m->shift = !m->shift;
    } else if (strcmp(k, "del") == 0) {
        delete_one(a);
    } else if (strcmp(k, "space") == 0) {
        space(a);
    } else if (strcmp(k, "next") == 0) {
        if (m->page + 1 < IME_PAGES && m->page_first[m->page] + m->page_shown < m->cand_count) {
            m->page_first[m->page + 1] = m->page_first[m->page] + m->page_shown;
            m->page++;
        }
    } else if (strcmp(k, "prev") == 0) {
        if (m->page > 0)
            m->page--;
    } else if (strcmp(k, "undo") == 0) {
        if (m->hand && ime_hand_undo(m->hand)) {
            sync_ink(a);
            recognize(a);
        }
    } else if (strcmp(k, "clear") == 0) {
        clear_hand(a);
    } else if (letter_key(k)) {
        type_letter(a, k[0]);
    } else if (k[0] >= '0' && k[0] <= '9' && k[1] == '\0') {
        commit(a, k);
    } else {
        const SymKey *sk = sym_key(k);
        if (sk)
            commit(a, m->english ? sk->en : sk->zh);
    }
    app_changed(a);
}

bool imepanel_key(App *a, const char *name)
{
    ImeState *m = &a->ime;
    if (strcmp(name, "Escape") == 0 || strcmp(name, "AC Back") == 0) {
        imepanel_close(a);
        return true;
    }
    if (strcmp(name, "Backspace") == 0 && m->letters[0]) {
        delete_one(a);
        return true;
    }
    if (strcmp(name, "Return") == 0 || strcmp(name, "Keypad Enter") == 0) {
        if (m->letters[0])
            space(a);
        else
            imepanel_close(a);
        return true;
    }
    return false;
}

void imepanel_ink(App *a, int phase, int x, int y)
{
    ImeState *m = &a->ime;
    if (m->mode != IME_HAND || !ensure_hand(a))
        return;
    int lx = x - m->pad.x, ly = y - m->pad.y;
    lx = lx < 0 ? 0 : lx >= m->pad.w ? m->pad.w - 1 : lx;
    ly = ly < 0 ? 0 : ly >= m->pad.h ? m->pad.h - 1 : ly;
    if (phase == 0) {
        if (!ime_hand_begin(m->hand, lx, ly))
            return;
    } else {
        ime_hand_move(m->hand, lx, ly);
    }
    if (phase == 2) {
        ime_hand_end(m->hand);
        recognize(a); /* after each stroke */
    }
    sync_ink(a);
    m->note_set = false;
    app_changed(a);
}

/* ---- layout ---- */

/* Width of text at px, estimated as the kiosk's other layouts do (CJK one
 * em, others 0.6 em). */
static int text_width(const char *text, int px)
{
    double w = 0;
    for (const char *p = text; *p;) {
        unsigned cp = text_next_cp(&p);
        w += cp >= 0x2E80 ? px : px * 0.6;
    }
    return (int)(w + 0.5);
}

static Widget *key(UiList *ui, const Theme *t, const char *id, const char *label, Rect r, int px)
{
    Widget *w = ui_button(ui, t, id, label, r);
    if (w) {
        w->font_px = px;
        w->key_press = true;
    }
    return w;
}

/* The candidate row: prev, as many candidates as fit, next. */
static void build_cands(App *a, UiList *ui, Rect row)
{
    const Theme *t = &a->theme;
    ImeState *m = &a->ime;
    int px = t->button_px + 6; /* larger than the keys' letters */
    int nav_w = text_width(app_str(a, S_IME_PREV), t->small_px) + 2 * t->gap + 8;
    if (nav_w < 110)
        nav_w = 110;
    bool paging = m->mode == IME_PINYIN && m->cand_count > 0;
    Rect area = row;
    if (paging) {
        area.x += nav_w + KEY_GAP;
        area.w -= 2 * (nav_w + KEY_GAP);
    }
    int first = m->page_first[m->page];
    int x = area.x;
    m->page_shown = 0;
    for (int i = first; i < m->cand_count; i++) {
        int w = text_width(m->cands[i].text, px) + 2 * t->gap + 8;
        if (w < 110)
            w = 110;
        if (x + w > area.x + area.w) {
            if (i > first)
                break;
            /* a page always shows its first candidate (libpinyin's whole-
             * sentence guess can be wider than the row): cut to the row,
             * so it can still be seen and tapped, and next moves on */
            w = area.x + area.w - x;
        }
        char id[WIDGET_ID_MAX];
        snprintf(id, sizeof id, "ime.cand.%d", i - first);
        Widget *c = key(ui, t, id, m->cands[i].text, (Rect){x, row.y, w, row.h}, px);
        if (c && i == first) {
            c->bold = true; /* what space takes */
        }
        x += w + KEY_GAP;
        m->page_shown++;
    }
    /* the hint speaks of pinyin or strokes: none on the symbols page */
    if (m->page_shown == 0 && !(m->symbols && m->mode != IME_HAND)) {
        StringKey hint = m->mode == IME_HAND ? S_IME_PICK_HAND
                         : m->english        ? S_IME_ENGLISH
                                             : S_IME_PICK_PINYIN;
        Rect hr = {area.x + t->gap / 2, area.y + (area.h - t->small_px * 3 / 2) / 2,
                   area.w - t->gap, t->small_px * 3 / 2};
        Widget *h = ui_label(ui, t, "ime.hint", app_str(a, hint), hr, t->small_px);
        if (h)
            h->fg = t->muted_fg;
    }
    if (!paging)
        return;
    Widget *p = key(ui, t, "ime.prev", app_str(a, S_IME_PREV), (Rect){row.x, row.y, nav_w, row.h},
                    t->small_px);
    if (p && m->page == 0) {
        p->enabled = false;
        p->fg = t->disabled_fg;
        p->bg = t->disabled_bg;
    }
    bool more = first + m->page_shown < m->cand_count;
    Widget *n = key(ui, t, "ime.next", app_str(a, S_IME_NEXT),
                    (Rect){row.x + row.w - nav_w, row.y, nav_w, row.h}, t->small_px);
    if (n && !more) {
        n->enabled = false;
        n->fg = t->disabled_fg;
        n->bg = t->disabled_bg;
    }
}

/* One row of n equal keys starting at x0 (width kw each). */
/* The letters' size on keys kw wide: as large as the key's inner width
 * allows (a full-width symbol is one em), within the theme's sizes. */
static int key_px(const Theme *t, int kw)
{
    int px = kw - 2 * t->gap - 2;
    return px > t->button_px ? t->button_px : px < t->small_px ? t->small_px : px;
}

static void letter_row(App *a, UiList *ui, const char *letters, int x0, int y, int kw, int h)
{
    const Theme *t = &a->theme;
    ImeState *m = &a->ime;
    for (int i = 0; letters[i]; i++) {
        char id[WIDGET_ID_MAX], label[2] = {letters[i], '\0'};
        snprintf(id, sizeof id, "ime.%c", letters[i]);
        /* capitals on the keys, as printed on keyboards; small letters in
         * English mode until shift */
        if (!m->english || m->shift)
            label[0] = (char)(letters[i] - 32);
        Widget *w = key(ui, t, id, label, (Rect){x0 + i * (kw + KEY_GAP), y, kw, h}, key_px(t, kw));
        if (w)
            w->bold = true;
    }
}

static void sym_row(App *a, UiList *ui, const SymKey *keys, int n, int x0, int y, int kw, int h)
{
    const Theme *t = &a->theme;
    for (int i = 0; i < n; i++) {
        char id[WIDGET_ID_MAX];
        snprintf(id, sizeof id, "ime.%s", keys[i].id);
        Widget *w = key(ui, t, id, a->ime.english ? keys[i].en : keys[i].zh,
                        (Rect){x0 + i * (kw + KEY_GAP), y, kw, h}, key_px(t, kw));
        if (w)
            w->bold = true;
    }
}

static void build_keyboard(App *a, UiList *ui, Rect area, int row_h, int fn_h)
{
    const Theme *t = &a->theme;
    ImeState *m = &a->ime;
    int kw = (area.w - 9 * KEY_GAP) / 10;
    int y = area.y;
    build_cands(a, ui, (Rect){area.x, y, area.w, row_h});
    y += row_h + KEY_GAP;
    if (m->symbols) {
        for (int i = 0; i < 10; i++) {
            char id[WIDGET_ID_MAX], label[2] = {(char)('0' + (i + 1) % 10), '\0'};
            snprintf(id, sizeof id, "ime.%s", label);
            Widget *w = key(ui, t, id, label, (Rect){area.x + i * (kw + KEY_GAP), y, kw, row_h},
                            t->button_px);
            if (w)
                w->bold = true;
        }
        y += row_h + KEY_GAP;
        sym_row(a, ui, sym_row2, NSYM2, area.x + (kw + KEY_GAP) / 2, y, kw, row_h);
        y += row_h + KEY_GAP;
        sym_row(a, ui, sym_row3, NSYM3, area.x, y, kw, row_h);
    } else {
        letter_row(a, ui, letters_row1, area.x, y, kw, row_h);
        y += row_h + KEY_GAP;
        letter_row(a, ui, letters_row2, area.x + (kw + KEY_GAP) / 2, y, kw, row_h);
        y += row_h + KEY_GAP;
        int x3 = area.x + (kw + KEY_GAP) * 3 / 2;
        if (m->english) {
            Widget *s = key(ui, t, "ime.shift", app_str(a, S_IME_SHIFT),
                            (Rect){area.x, y, x3 - area.x - KEY_GAP, row_h}, t->small_px);
            if (s && m->shift)
                ui_select(s, t);
        }
        letter_row(a, ui, letters_row3, x3, y, kw, row_h);
    }
    /* delete: the rest of the third row */
    int used = m->symbols ? NSYM3 * (kw + KEY_GAP) : (kw + KEY_GAP) * 3 / 2 + 7 * (kw + KEY_GAP);
    key(ui, t, "ime.del", app_str(a, S_KEY_DEL), (Rect){area.x + used, y, area.w - used, row_h},
        t->button_px);
    y += row_h + KEY_GAP;
    /* the function row: mode, language, symbols, space, done (in tenths) */
    static const int tenths[5] = {2, 2, 2, 2, 2};
    const char *ids[5] = {"ime.mode", "ime.lang", "ime.sym", "ime.space", "ime.done"};
    const char *labels[5] = {app_str(a, S_IME_TO_HAND),
                             app_str(a, m->english ? S_IME_TO_ZH : S_IME_TO_EN),
                             app_str(a, m->symbols ? S_IME_LETTERS : S_IME_SYM),
                             app_str(a, S_IME_SPACE), app_str(a, S_IME_DONE)};
    int unit = (area.w + KEY_GAP) / 10;
    int x = area.x;
    for (int i = 0; i < 5; i++) {
        int w = i == 4 ? area.x + area.w - x : tenths[i] * unit - KEY_GAP;
        Widget *b = i == 4 ? ui_primary(ui, t, ids[i], labels[i], (Rect){x, y, w, fn_h})
                           : key(ui, t, ids[i], labels[i], (Rect){x, y, w, fn_h}, t->small_px);
        if (b)
            b->font_px = t->small_px;
        x += w + KEY_GAP;
    }
}

static void build_pad(App *a, UiList *ui, Rect pad)
{
    const Theme *t = &a->theme;
    ImeState *m = &a->ime;
    m->pad = pad;
    /* the hint in the muted colour until the first stroke (then it would
     * be under the ink); the ink is drawn in the field's colour */
    Widget *w = ui_add(ui, "ime.pad", UI_ROLE_FIELD, m->ink_count ? "" : app_str(a, S_IME_PAD), pad,
                       t->small_px, t->muted_fg, t->field_bg);
    if (w) {
        w->align = ALIGN_LEFT;
        w->ink = m->ink;
        w->ink_count = m->ink_count;
    }
}

static void build_hand(App *a, UiList *ui, Rect area, int row_h)
{
    const Theme *t = &a->theme;
    bool wide = a->width > a->height;
    const char *ids[5] = {"ime.mode", "ime.undo", "ime.clear", "ime.del", "ime.done"};
    StringKey labels[5] = {S_IME_TO_KEYS, S_IME_UNDO, S_IME_CLEAR, S_KEY_DEL, S_IME_DONE};
    Rect buttons, pad;
    int cand_rows = 1;
    if (wide) {
        /* the pad a square on the left; candidates and keys on the right */
        int side = area.w * 45 / 100; /* wider than tall: room for a wide character */
        pad = (Rect){area.x, area.y, side, area.h};
        Rect right = {area.x + side + t->gap, area.y, area.w - side - t->gap, area.h};
        cand_rows = 2;
        int rh = (right.h - 3 * KEY_GAP) / 4;
        build_cands(a, ui, (Rect){right.x, right.y, right.w, rh});
        /* a second row of candidates: what did not fit on the first */
        ImeState *m = &a->ime;
        int shown = m->page_shown;
        if (shown < m->cand_count) {
            int x = right.x;
            for (int i = shown; i < m->cand_count; i++) {
                int w = text_width(m->cands[i].text, t->title_px) + 2 * t->gap;
                w = w < rh ? rh : w;
                if (x + w > right.x + right.w)
                    break;
                char id[WIDGET_ID_MAX];
                snprintf(id, sizeof id, "ime.cand.%d", i);
                key(ui, t, id, m->cands[i].text, (Rect){x, right.y + rh + KEY_GAP, w, rh},
                    t->title_px);
                x += w + KEY_GAP;
                m->page_shown++;
            }
        }
        buttons = (Rect){right.x, right.y + cand_rows * (rh + KEY_GAP), right.w,
                         right.h - cand_rows * (rh + KEY_GAP)};
        int bh = (buttons.h - KEY_GAP) / 2;
        for (int i = 0; i < 5; i++) {
            Rect r = ui_grid_cell(buttons, 3, bh, KEY_GAP, i);
            if (i == 4)
                r.w = buttons.x + buttons.w - r.x;
            Widget *b = i == 4 ? ui_primary(ui, t, ids[i], app_str(a, labels[i]), r)
                               : key(ui, t, ids[i], app_str(a, labels[i]), r, t->small_px);
            if (b)
                b->font_px = t->small_px;
        }
    } else {
        build_cands(a, ui, (Rect){area.x, area.y, area.w, row_h});
        int bottom = area.y + area.h - row_h;
        pad = (Rect){area.x, area.y + row_h + t->gap, area.w,
                     bottom - t->gap - area.y - row_h - t->gap};
        int bw = (area.w - 4 * KEY_GAP) / 5;
        for (int i = 0; i < 5; i++) {
            Rect r = {area.x + i * (bw + KEY_GAP), bottom,
                      i == 4 ? area.x + area.w - (area.x + i * (bw + KEY_GAP)) : bw, row_h};
            Widget *b = i == 4 ? ui_primary(ui, t, ids[i], app_str(a, labels[i]), r)
                               : key(ui, t, ids[i], app_str(a, labels[i]), r, t->small_px);
            if (b)
                b->font_px = t->small_px;
        }
    }
    build_pad(a, ui, pad);
}

/* The tail of text that fits lines lines at px in width: the start of what
 * is shown (an ellipsis goes before it when it is not 0). */
static const char *visible_tail(App *a, const char *text, int px, int width, int lines)
{
    const char *p = text;
    while (*p && app_text_lines(a, p, px, width) > lines)
        text_next_cp(&p);
    return p;
}

void imepanel_build(App *a, UiList *ui)
{
    const Theme *t = &a->theme;
    ImeState *m = &a->ime;
    TextField f;
    if (!current_field(a, &f)) {
        m->open = false;
        return;
    }
    bool wide = a->width > a->height;
    int x = t->margin, w = a->width - 2 * t->margin;
    int y = t->header_h + t->gap;
    /* what the field is for, and its count */
    char count[32];
    snprintf(count, sizeof count, "%zu/%d", text_length(f.text), f.max_chars);
    int count_w = text_width(count, t->body_px) + 2 * t->gap;
    int label_h = t->body_px * 3 / 2;
    ui_label(ui, t, "ime.label", app_str(a, f.label), (Rect){x, y, w - count_w - t->gap, label_h},
             t->body_px);
    Widget *cw = ui_label(ui, t, "ime.count", count, (Rect){x + w - count_w, y, count_w, label_h},
                          t->body_px);
    if (cw) {
        cw->align = ALIGN_CENTER;
        cw->bold = true;
    }
    y += label_h + t->gap / 2;
    /* the field: the end of the text, where it is being written */
    /* a name in large letters on one line; a description in body text */
    bool short_field = f.max_chars <= 40;
    int px = short_field ? t->big_px : t->body_px;
    int line_h = (int)(px * t->line_spacing);
    int line2_h = t->body_px * 3 / 2;
    /* The field takes the room the panel leaves: the keyboard's rows at
     * their full height, or (handwriting) three lines and the pad the rest. */
    int room = a->height - t->margin / 2 - y - line2_h - t->gap - 2 * t->gap;
    int keys_h = 5 * t->primary_h + 4 * KEY_GAP;
    int lines = m->mode == IME_PINYIN ? (room - keys_h) / line_h : wide ? 1 : 3;
    int max_lines = short_field ? 1 : 10;
    lines = lines > max_lines ? max_lines : lines < 1 ? 1 : lines;
    if (wide && f.max_chars > 40)
        lines = lines > 2 ? 2 : lines;
    int field_h = lines * line_h + 2 * t->gap;
    const char *tail = visible_tail(a, f.text, px, w - 4 * t->gap, lines);
    char shown[WIDGET_TEXT_MAX];
    text_copy(shown, sizeof shown, tail != f.text ? "…" : "");
    text_append(shown, sizeof shown, tail);
    Widget *fw = ui_add(ui, m->field, UI_ROLE_FIELD, shown, (Rect){x, y, w, field_h}, px,
                        t->field_fg, t->field_bg);
    if (fw) {
        fw->align = ALIGN_LEFT;
        fw->enabled = false; /* being edited: nothing to tap */
        fw->selected = true; /* framed as the focus */
    }
    sodium_memzero(shown, sizeof shown);
    y += field_h + t->gap / 2;
    /* what is being typed (pinyin letters), or a message */
    if (m->note_set) {
        char msg[256];
        char n[16];
        snprintf(n, sizeof n, "%d", f.max_chars);
        strings_fill(msg, sizeof msg, app_str(a, m->note), n);
        Widget *e = ui_label(ui, t, "ime.message", msg, (Rect){x, y, w, line2_h}, t->body_px);
        if (e)
            e->fg = t->error_fg;
    } else if (m->letters[0]) {
        char msg[128];
        strings_fill(msg, sizeof msg, app_str(a, S_IME_TYPING), m->letters);
        Widget *e = ui_label(ui, t, "ime.typing", msg, (Rect){x, y, w, line2_h}, t->body_px);
        if (e)
            e->bold = true;
    }
    y += line2_h + t->gap / 2;
    /* the panel: the rest of the screen */
    Rect area = {x, y, w, a->height - t->margin / 2 - y};
    int rows = 5;
    int row_h = ui_fit_rows(area.h, rows, KEY_GAP, 88, t->primary_h);
    /* the function row holds Done, a primary button: 120 px at least, the
     * other rows giving up what it takes (a landscape screen) */
    int fn_h = row_h;
    if (m->mode != IME_HAND && fn_h < 120) {
        fn_h = 120;
        row_h = ui_fit_rows(area.h - fn_h - KEY_GAP, rows - 1, KEY_GAP, 88, t->primary_h);
    }
    if (m->mode == IME_PINYIN) {
        /* the keys at the bottom, the room left between them and the field */
        int need = (rows - 1) * row_h + fn_h + (rows - 1) * KEY_GAP;
        area.y += area.h - need;
        area.h = need;
    }
    if (m->mode == IME_HAND)
        build_hand(a, ui, area, row_h);
    else
        build_keyboard(a, ui, area, row_h, fn_h);
}
