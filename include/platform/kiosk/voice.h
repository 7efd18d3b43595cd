/* voice.h - reading aloud: offline speech with espeak-ng (voice "cmn" for
 * Mandarin, "en" for English), synthesised on a worker thread and played
 * through SDL audio, so the UI never waits for it.
 *
 * Without espeak-ng at build time, its voice data at run time, or an audio
 * device, the kiosk runs silently: voice_open still gives a Voice whose
 * voice_say does nothing, and says why on stderr once per run. */
#ifndef KIOSK_VOICE_H
#define KIOSK_VOICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kiosk/lazylib.h"
#include "kiosk/result.h"
#include "kiosk/strings.h"

typedef struct Voice Voice;

#ifdef KIOSK_HAVE_ESPEAK
/* espeak-ng, loaded by the first synthesis (lazylib.h); without it the
 * voice is silent, as without its data. */
extern LazyLib lazy_libespeak;
#endif

/* Called with each buffer of samples as espeak-ng makes them; return false
 * to stop the synthesis early. */
typedef bool (*VoiceSink)(void *ctx, const int16_t *samples, size_t count);

/* Synthesises text (UTF-8) in lang's voice, synchronously, handing the
 * 16-bit mono samples to sink as they come; *rate gets the sample rate.
 * K_ERR_UNSUPPORTED without espeak-ng or its data for that voice.  Safe
 * from any thread (one synthesis at a time; espeak-ng is not reentrant). */
KResult voice_synth(Lang lang, const char *text, VoiceSink sink, void *ctx, int *rate);

/* Starts the worker and opens the audio device; volume 0-100.  Never fails
 * for want of audio (see above); K_ERR_NOMEM only.  Each open Voice holds
 * one reference on SDL's audio subsystem and voice_close gives it back, so
 * opening one per session does not pile them up.  Call both from one thread
 * (the UI's).  voice_close(NULL) does nothing. */
KResult voice_open(int volume, Voice **out);
void voice_close(Voice *v);

/* Speaks text in lang, repeat times (a chime first when chime), replacing
 * and cutting off whatever was being said.  Returns at once. */
void voice_say(Voice *v, Lang lang, const char *text, bool chime, int repeat);

/* Sets the volume (0-100) of what is said next (the resident's louder
 * and softer).  voice_set_volume(NULL, ...) does nothing. */
void voice_set_volume(Voice *v, int volume);

/* Stops speaking at once (a tap interrupts speech). */
void voice_stop(Voice *v);

/* Milliseconds from the last voice_say to its first samples queued for
 * the audio device (synthesis to first buffer), or -1 before any. */
double voice_latency_ms(Voice *v);

/* Whether sound can come out (espeak-ng and an audio device). */
bool voice_available(const Voice *v);

/* A short two-note chime (before the board's call) at rate into out (up to
 * cap samples); returns the number of samples written. */
size_t voice_chime(int rate, int16_t *out, size_t cap);

#endif
