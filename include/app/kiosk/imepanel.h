/* imepanel.h - the on-screen input panel: its state (App.ime) and what the
 * app shell asks of it.
 *
 * The panel belongs to the shell, not to a screen: any screen's free-text
 * field (Screen.field) opens it, and the shell routes taps, keys and ink to
 * it while it is open (app/kiosk/imepanel.c, beside app.c).  It hands what
 * is typed to the screen through the screen's text and key callbacks. */
#ifndef KIOSK_IMEPANEL_H
#define KIOSK_IMEPANEL_H

#include <stdbool.h>

#include "kiosk/ime_hand.h"
#include "kiosk/ime_pinyin.h"
#include "kiosk/strings.h"
#include "kiosk/ui.h"

typedef struct App App;

/* The panel's state (App.ime): pinyin keyboard or handwriting pad over
 * the lower part of the screen, the field above it. */
typedef enum { IME_PINYIN = 0, IME_HAND } ImeMode;
#define IME_LETTERS_MAX 40 /* pinyin letters waiting for a candidate */
#define IME_PAGES 16       /* candidate pages remembered for "previous" */
#define IME_INK_MAX IME_HAND_POINTS

typedef struct {
    bool open;
    char field[WIDGET_ID_MAX]; /* the field being edited */
    ImeMode mode;
    bool english; /* letters typed as they are, no pinyin */
    bool symbols; /* the digits and punctuation page */
    char letters[IME_LETTERS_MAX + 1];
    ImeCand cands[IME_CAND_MAX];
    int cand_count;
    int page_first[IME_PAGES]; /* first candidate of each page shown so far */
    int page;                  /* index into page_first */
    int page_shown;            /* candidates that fitted on this page */
    ImePinyin *pinyin;         /* made on first use; forgets on every wipe */
    ImeHand *hand;             /* made on first use; kept (no user data) */
    bool pinyin_failed, hand_failed;
    UiPoint ink[IME_INK_MAX]; /* the pad's strokes, for drawing */
    int ink_count;
    bool inking;    /* a finger is writing on the pad */
    bool shift;     /* English: the next letter is a capital */
    Rect pad;       /* where the pad was laid out */
    StringKey note; /* a message in the panel (a character refused) */
    bool note_set;
} ImeState;

/* Opens the panel on the current screen's field id; false when the screen
 * has no such field.  The engines load the first time they are needed. */
bool imepanel_open(App *a, const char *field_id);
void imepanel_close(App *a);
/* Builds the editing view (the field, its count, the panel) instead of the
 * screen's own widgets. */
void imepanel_build(App *a, UiList *ui);
/* A tap on a widget while the panel is open. */
void imepanel_tap(App *a, const char *id);
/* A key while the panel is open; false to let the screen have it. */
bool imepanel_key(App *a, const char *name);
/* A finger on the pad: phase 0 down, 1 moved, 2 up, at window x, y. */
void imepanel_ink(App *a, int phase, int x, int y);
/* Forgets all that was typed and written, and the pinyin engine's lookup
 * state (every session wipe); with all, also unloads the engines
 * (shutdown). */
void imepanel_wipe(App *a, bool all);

#endif
