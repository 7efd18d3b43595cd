/* ime_pinyin.h - the pinyin input engine: letters in, Chinese candidates out.
 *
 * Wraps libpinyin (Debian's libpinyin15 with libpinyin-data) and puts the
 * kiosk's own phrases first: the domain words (社工站, 陪诊, 低保 ...) and the
 * names in the site configuration, found by full pinyin ("shegongzhan"), by
 * initials ("sgz") or by a prefix of the full pinyin of at least 4 letters.
 * The phrases' pinyin comes from a small table in ime_pinyin.c, not from
 * libpinyin (whose C API gives no phrase-to-pinyin lookup); a phrase with a
 * character the table lacks is refused by ime_pinyin_add_phrase and still
 * reachable character by character through the engine.
 *
 * Nothing a resident types is learned: the engine is never trained or saved,
 * frequencies are not adjusted when a candidate is chosen, no add-on
 * dictionary (whose chosen phrases libpinyin would remember) is loaded, its
 * user folder is a fresh temporary folder that ime_pinyin_close removes,
 * and ime_pinyin_forget (every session wipe) drops the lookup state.  So one
 * resident's words are never offered to the next (test_ime checks the
 * ranking does not move).  The engine itself is kept for the kiosk's life:
 * libpinyin leaks about 16 KB in Berkeley DB on every pinyin_init/fini
 * pair, which a close and reopen per session would add up.  No SDL here:
 * unit-tested headless. */
#ifndef KIOSK_IME_PINYIN_H
#define KIOSK_IME_PINYIN_H

#include <stdbool.h>
#include <stddef.h>

#include "kiosk/lazylib.h"
#include "kiosk/result.h"

typedef struct ImePinyin ImePinyin;

/* libpinyin, which ime_pinyin_open loads on first use (lazylib.h); without it
 * the open fails (K_ERR_UNSUPPORTED) saying which package is missing. */
extern LazyLib lazy_libpinyin;

#define IME_CAND_TEXT 64 /* bytes of one candidate's text */
#define IME_CAND_MAX 48  /* candidates kept for one input */

/* One candidate: its text and how many letters of the input it stands for
 * (the rest stays to be converted after it is chosen). */
typedef struct {
    char text[IME_CAND_TEXT];
    size_t consumed;  /* letters of the input; 0 until ime_pinyin_choose */
    int engine_index; /* libpinyin's index, -1 for a kiosk phrase */
} ImeCand;

/* Opens libpinyin's data in data_dir (NULL: the Debian path) with a new
 * temporary user folder under $TMPDIR (or /tmp).  On failure err says why. */
KResult ime_pinyin_open(const char *data_dir, ImePinyin **out, char *err, size_t errcap);

/* Closes the engine and removes its temporary folder; NULL does nothing. */
void ime_pinyin_close(ImePinyin *p);

/* Forgets the current lookup (a new libpinyin instance): called on every
 * session wipe. */
void ime_pinyin_forget(ImePinyin *p);

/* Adds a phrase (UTF-8 Chinese, up to 16 characters) to rank first when its
 * pinyin or initials are typed.  K_ERR_UNSUPPORTED when a character has no
 * pinyin in the table, K_ERR_EXISTS when it is there already,
 * K_ERR_NOMEM when the list is full (128). */
KResult ime_pinyin_add_phrase(ImePinyin *p, const char *zh);

/* The kiosk's built-in domain phrases (社工站, 陪诊, ...), in rank order. */
extern const char *const ime_pinyin_domain[];
extern const int ime_pinyin_domain_count;

/* Candidates for letters (a-z, at most 40): the kiosk's phrases that match
 * first, then libpinyin's, without repeats, at most max.  keep (may be
 * NULL) filters candidates: those with a character it refuses are left out
 * (characters the screen's font cannot show).  Returns the count. */
int ime_pinyin_search(ImePinyin *p, const char *letters, bool (*keep)(void *ctx, const char *text),
                      void *keep_ctx, ImeCand *out, int max);

/* Fills c->consumed for a candidate search returned for letters: how many
 * letters it converts (all of them for a kiosk phrase). */
void ime_pinyin_choose(ImePinyin *p, const char *letters, ImeCand *c);

#endif
