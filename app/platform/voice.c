/* voice.c - reading aloud (voice.h): espeak-ng in its synchronous mode,
 * driven from a worker thread, its buffers queued to SDL audio as they come
 * (the first plays while the rest is still being made).
 *
 * One request is pending at a time: a new one, or voice_stop, bumps a
 * generation counter that the synthesis callback checks between buffers,
 * and clears what SDL still holds queued, so speech stops within one
 * buffer (espeak-ng's are 10-60 ms of sound). */
#include "kiosk/voice.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "kiosk/lazylib.h"
#include "kiosk/text.h"

#ifdef KIOSK_HAVE_ESPEAK
#include <espeak-ng/speak_lib.h>

/* espeak-ng, opened by the first synthesis (lazylib.h). */
#define ESPEAK_FUNCS(X, api)                                                                       \
    X(api, espeak_Initialize)                                                                      \
    X(api, espeak_SetParameter)                                                                    \
    X(api, espeak_SetSynthCallback)                                                                \
    X(api, espeak_SetVoiceByName)                                                                  \
    X(api, espeak_Synth)
LAZYLIB_DEFINE(lazy_libespeak, espeak, ESPEAK_FUNCS, "libespeak-ng.so.1", "libespeak-ng1",
               "reading aloud");
#endif

#define VOICE_TEXT_MAX 4096

struct Voice {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool quit;
    unsigned generation; /* bumped by each say and stop */
    bool pending;
    char text[VOICE_TEXT_MAX];
    Lang lang;
    bool chime;
    int repeat;
    int volume;
    int rate;                 /* espeak-ng's sample rate, the device's too */
    SDL_AudioDeviceID device; /* 0: none, silent */
    bool started;
    bool audio_init;            /* this voice holds a reference on SDL's audio */
    double said_ms, latency_ms; /* when the last say came, how soon it sounded */
    bool heard;                 /* its first samples are queued */
};

static double mono_ms(void)
{
    return (double)SDL_GetPerformanceCounter() * 1000.0 / (double)SDL_GetPerformanceFrequency();
}

/* ---- espeak-ng, one synthesis at a time ---- */

static pthread_mutex_t synth_lock = PTHREAD_MUTEX_INITIALIZER;

#ifdef KIOSK_HAVE_ESPEAK
static int synth_rate;      /* 0 not tried, -1 failed, else the sample rate */
static char synth_why[256]; /* why it failed, when espeak-ng could not be loaded */

typedef struct {
    VoiceSink sink;
    void *ctx;
    bool stopped;
} SynthCall;

static int on_samples(short *wav, int n, espeak_EVENT *events)
{
    SynthCall *c = events ? events->user_data : NULL;
    if (!c || c->stopped)
        return 1;
    if (wav && n > 0 && !c->sink(c->ctx, wav, (size_t)n)) {
        c->stopped = true;
        return 1; /* abort the synthesis */
    }
    return 0;
}
#endif

KResult voice_synth(Lang lang, const char *text, VoiceSink sink, void *ctx, int *rate)
{
#ifdef KIOSK_HAVE_ESPEAK
    KResult rc = K_OK;
    pthread_mutex_lock(&synth_lock);
    if (synth_rate == 0 && !lazylib_load(&lazy_libespeak, synth_why, sizeof synth_why))
        synth_rate = -1;
    if (synth_rate == 0) {
        /* DONT_EXIT: without its data espeak-ng would end the program. */
        synth_rate = espeak.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 100, NULL,
                                              espeakINITIALIZE_DONT_EXIT);
        if (synth_rate <= 0)
            synth_rate = -1;
        else
            espeak.espeak_SetSynthCallback(on_samples);
    }
    if (synth_rate < 0 || espeak.espeak_SetVoiceByName(lang == LANG_EN ? "en" : "cmn") != EE_OK) {
        rc = K_ERR_UNSUPPORTED;
        goto done;
    }
    if (rate)
        *rate = synth_rate;
    espeak.espeak_SetParameter(espeakRATE, lang == LANG_EN ? 150 : 160, 0);
    SynthCall call = {sink, ctx, false};
    if (espeak.espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL,
                            &call) != EE_OK)
        rc = K_ERR_IO;
done:
    pthread_mutex_unlock(&synth_lock);
    return rc;
#else
    (void)lang;
    (void)text;
    (void)sink;
    (void)ctx;
    (void)rate;
    return K_ERR_UNSUPPORTED;
#endif
}

size_t voice_chime(int rate, int16_t *out, size_t cap)
{
    /* Two notes (E6 then C6) of 180 ms each, with a soft start and end. */
    static const double notes[2] = {1318.5, 1046.5};
    size_t per = (size_t)rate * 18 / 100, n = 0;
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < per && n < cap; i++, n++) {
            double env = sin(M_PI * (double)i / (double)per);
            double v = sin(2.0 * M_PI * notes[k] * (double)i / rate) * env * 0.35;
            out[n] = (int16_t)(v * 32767.0);
        }
    return n;
}

static bool discard(void *ctx, const int16_t *samples, size_t count)
{
    (void)ctx;
    (void)samples;
    (void)count;
    return true;
}

/* ---- the worker ---- */

typedef struct {
    Voice *v;
    unsigned generation;
    int volume; /* the voice's, as this speech began */
} PlayCtx;

static bool still_wanted(Voice *v, unsigned generation)
{
    pthread_mutex_lock(&v->lock);
    bool ok = !v->quit && v->generation == generation;
    pthread_mutex_unlock(&v->lock);
    return ok;
}

/* The generation check and the queueing happen under one hold of the
 * lock: voice_say and voice_stop bump the generation and clear the queue
 * under it too, so a buffer of stopped speech is never queued after the
 * clear, and "heard" is set by the speech it belongs to.  The audio
 * callback never takes this lock, so holding it across SDL_QueueAudio
 * cannot deadlock. */
static bool play_samples(void *ctx, const int16_t *samples, size_t count)
{
    PlayCtx *p = ctx;
    Voice *v = p->v;
    int16_t buf[4096];
    while (count > 0) {
        size_t n = count < 4096 ? count : 4096;
        for (size_t i = 0; i < n; i++)
            buf[i] = (int16_t)(samples[i] * p->volume / 100);
        pthread_mutex_lock(&v->lock);
        bool wanted = !v->quit && v->generation == p->generation;
        if (wanted) {
            if (!v->heard) {
                v->heard = true;
                v->latency_ms = mono_ms() - v->said_ms;
            }
            /* Fails only for a closed device or no memory: a gap in the
             * speech, nothing the worker could do better. */
            (void)SDL_QueueAudio(v->device, buf, (Uint32)(n * sizeof buf[0]));
        }
        pthread_mutex_unlock(&v->lock);
        if (!wanted)
            return false;
        samples += n;
        count -= n;
    }
    return true;
}

static void *worker(void *arg)
{
    Voice *v = arg;
    char text[VOICE_TEXT_MAX];
    pthread_mutex_lock(&v->lock);
    while (!v->quit) {
        if (!v->pending) {
            pthread_cond_wait(&v->wake, &v->lock);
            continue;
        }
        v->pending = false;
        memcpy(text, v->text, sizeof text);
        Lang lang = v->lang;
        bool chime = v->chime;
        int repeat = v->repeat;
        PlayCtx p = {v, v->generation, v->volume};
        pthread_mutex_unlock(&v->lock);
        for (int r = 0; r < repeat && still_wanted(v, p.generation); r++) {
            if (chime) {
                int16_t tone[24000]; /* the chime at up to 48 kHz; 48 KB of stack */
                size_t n = voice_chime(v->rate, tone, sizeof tone / sizeof tone[0]);
                if (!play_samples(&p, tone, n))
                    break; /* stopped meanwhile: no speech after the chime */
            }
            /* Stopped, or espeak-ng failing in mid-sentence: either way
             * nothing more of this speech can be played, and the worker has
             * nobody to tell; the next speech starts afresh. */
            (void)voice_synth(lang, text, play_samples, &p, NULL);
        }
        pthread_mutex_lock(&v->lock);
    }
    pthread_mutex_unlock(&v->lock);
    return NULL;
}

KResult voice_open(int volume, Voice **out)
{
    *out = NULL;
    Voice *v = calloc(1, sizeof *v);
    if (!v)
        return K_ERR_NOMEM;
    v->volume = volume < 0 ? 0 : volume > 100 ? 100 : volume;
    v->latency_ms = -1;
    pthread_mutex_init(&v->lock, NULL);
    pthread_cond_init(&v->wake, NULL);
    int rate = 0;
    const char *why = NULL;
    /* A test synthesis of nothing tells whether espeak-ng and its data are
     * there. */
    if (voice_synth(LANG_ZH, "", discard, NULL, &rate) != K_OK || rate <= 0) {
        why = "espeak-ng or its Mandarin voice is missing";
#ifdef KIOSK_HAVE_ESPEAK
        if (synth_why[0]) /* set once, before the voice_synth above returned */
            why = synth_why;
#endif
    } else if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        why = SDL_GetError();
    } else {
        v->audio_init = true;
        v->rate = rate;
        SDL_AudioSpec want = {0}, have;
        want.freq = rate;
        want.format = AUDIO_S16SYS;
        want.channels = 1;
        want.samples = 1024;
        v->device = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
        if (v->device == 0)
            why = SDL_GetError();
        else
            SDL_PauseAudioDevice(v->device, 0);
    }
    if (why) {
        /* Said once per run: the voice is opened again each session that
         * turns reading aloud on, and the reason does not change. */
        static bool noted; /* voice_open is called from the UI thread only */
        if (!noted)
            fprintf(stderr, "kiosk: note: no speech (%s); reading aloud stays silent\n", why);
        noted = true;
        *out = v;
        return K_OK;
    }
    if (pthread_create(&v->thread, NULL, worker, v) != 0) {
        SDL_CloseAudioDevice(v->device);
        v->device = 0;
        fprintf(stderr, "kiosk: note: cannot start the speech thread; reading aloud is silent\n");
    } else {
        v->started = true;
    }
    *out = v;
    return K_OK;
}

void voice_close(Voice *v)
{
    if (!v)
        return;
    if (v->started) {
        pthread_mutex_lock(&v->lock);
        v->quit = true;
        v->generation++;
        pthread_cond_signal(&v->wake);
        pthread_mutex_unlock(&v->lock);
        pthread_join(v->thread, NULL);
    }
    if (v->device)
        SDL_CloseAudioDevice(v->device);
    if (v->audio_init)
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    pthread_cond_destroy(&v->wake);
    pthread_mutex_destroy(&v->lock);
    free(v);
}

double voice_latency_ms(Voice *v)
{
    if (!voice_available(v))
        return -1;
    pthread_mutex_lock(&v->lock);
    double ms = v->latency_ms > 0 ? v->latency_ms : -1;
    pthread_mutex_unlock(&v->lock);
    return ms;
}

bool voice_available(const Voice *v)
{
    return v && v->started && v->device != 0;
}

void voice_say(Voice *v, Lang lang, const char *text, bool chime, int repeat)
{
    if (!voice_available(v))
        return;
    pthread_mutex_lock(&v->lock);
    v->generation++;
    text_copy(v->text, sizeof v->text, text);
    v->lang = lang;
    v->chime = chime;
    v->repeat = repeat < 1 ? 1 : repeat;
    v->pending = true;
    v->said_ms = mono_ms();
    v->heard = false;
    SDL_ClearQueuedAudio(v->device);
    pthread_cond_signal(&v->wake);
    pthread_mutex_unlock(&v->lock);
}

void voice_set_volume(Voice *v, int volume)
{
    if (!v)
        return;
    pthread_mutex_lock(&v->lock);
    v->volume = volume < 0 ? 0 : volume > 100 ? 100 : volume;
    pthread_mutex_unlock(&v->lock);
}

void voice_stop(Voice *v)
{
    if (!voice_available(v))
        return;
    pthread_mutex_lock(&v->lock);
    v->generation++;
    v->pending = false;
    SDL_ClearQueuedAudio(v->device);
    pthread_mutex_unlock(&v->lock);
}
