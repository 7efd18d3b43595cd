/* test_voice.c - unit tests for app/platform/voice.c without audio: the
 * speech text of each resident screen synthesised to a buffer must be
 * sound (not silence) of a plausible length; the chime likewise.  Skips the
 * synthesis (passing) when espeak-ng or its voices are missing.  Prints,
 * without asserting on it, how long synthesis took to its first buffer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>

#include "check.h"
#include "kiosk/speech.h"
#include "kiosk/voice.h"

typedef struct {
    size_t count, loud;
    int peak;
    double first_ms, started_ms;
} Heard;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static bool listen(void *ctx, const int16_t *s, size_t n)
{
    Heard *h = ctx;
    if (h->count == 0 && n > 0)
        h->first_ms = now_ms() - h->started_ms;
    for (size_t i = 0; i < n; i++) {
        int v = s[i] < 0 ? -s[i] : s[i];
        if (v > 1000)
            h->loud++;
        if (v > h->peak)
            h->peak = v;
    }
    h->count += n;
    return true;
}

/* The speech of the resident screens, as app_speech_text makes it: title
 * and choices. */
static const struct {
    Lang lang;
    const char *text;
} screens[] = {
    {LANG_ZH,
     "幸福街道社工站。您好！请点击您要办理的事项。我要反映，反映困难、问题和建议。预约服务。"
     "排队取号。查看我的号码单。"},
    {LANG_ZH, "请问是哪方面的事情？养老服务。住房维修。邻里纠纷。其他。"},
    {LANG_ZH, "请输入手机号码。"},
    {LANG_ZH, "提交成功。您的号码 A 零四二。"},
    {LANG_EN, "Xingfu Street Social Work Station. Hello! Tap what you need. File a request. "
              "Book a service. Take a number. Check my ticket."},
    {LANG_EN, "Request filed. Your number A 0 4 2."},
};

static void test_screens(void)
{
    for (size_t i = 0; i < sizeof screens / sizeof screens[0]; i++) {
        Heard h = {0};
        int rate = 0;
        h.started_ms = now_ms();
        KResult rc = voice_synth(screens[i].lang, screens[i].text, listen, &h, &rate);
        if (rc == K_ERR_UNSUPPORTED) {
            printf("    skipped: espeak-ng or its %s voice is missing\n",
                   screens[i].lang == LANG_EN ? "en" : "cmn");
            continue;
        }
        CHECK_INT_EQ(rc, K_OK);
        CHECK(rate >= 8000 && rate <= 48000);
        double secs = rate > 0 ? (double)h.count / rate : 0;
        size_t chars = strlen(screens[i].text);
        printf("    %s: %zu bytes of text, %.1f s of speech, first buffer after %.1f ms\n",
               screens[i].lang == LANG_EN ? "en" : "zh", chars, secs, h.first_ms);
        /* plausible: somewhere between 0.02 and 0.5 s per byte of text */
        CHECK(secs > chars * 0.02 && secs < chars * 0.5);
        CHECK(h.peak > 3000);         /* not silence */
        CHECK(h.loud > h.count / 10); /* sound for much of it */
    }
}

static bool stop_soon(void *ctx, const int16_t *s, size_t n)
{
    (void)s;
    size_t *buffers = ctx;
    (void)n;
    return ++*buffers < 2;
}

static void test_stop(void)
{
    size_t buffers = 0;
    KResult rc = voice_synth(LANG_ZH, screens[0].text, stop_soon, &buffers, NULL);
    if (rc == K_ERR_UNSUPPORTED)
        return;
    CHECK_INT_EQ(rc, K_OK);
    CHECK_INT_EQ(buffers, 2); /* no buffer after the sink said stop */
}

static void test_chime(void)
{
    static int16_t s[48000];
    size_t n = voice_chime(22050, s, sizeof s / sizeof s[0]);
    CHECK(n > 22050 / 4 && n < 22050); /* a third of a second or so */
    Heard h = {0};
    listen(&h, s, n);
    CHECK(h.peak > 8000);
    CHECK_INT_EQ(s[0], 0); /* a soft start: no click */
    CHECK_INT_EQ(voice_chime(22050, s, 10), 10);
}

/* A voice opened and closed once per session, as the kiosk does, through
 * SDL's dummy audio driver: speech reaches the device, and each close gives
 * back the audio subsystem's reference (none is left after the last). */
static void test_sessions(void)
{
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    for (int session = 0; session < 3; session++) {
        Voice *v = NULL;
        CHECK_INT_EQ(voice_open(80, &v), K_OK);
        CHECK(v != NULL);
        if (!voice_available(v)) { /* no espeak-ng: silent, nothing held */
            CHECK(!SDL_WasInit(SDL_INIT_AUDIO));
            voice_close(v);
            continue;
        }
        CHECK(SDL_WasInit(SDL_INIT_AUDIO));
        voice_say(v, LANG_ZH, "请 Q012 号到 2 号窗口办理", true, 1);
        double ms = -1;
        for (int i = 0; i < 500 && ms < 0; i++) { /* up to 5 s */
            usleep(10000);
            ms = voice_latency_ms(v);
        }
        CHECK(ms > 0);
        printf("    session %d: first sound queued after %.0f ms\n", session + 1, ms);
        voice_stop(v);
        voice_close(v);
        CHECK(!SDL_WasInit(SDL_INIT_AUDIO));
    }
}

/* The peak of the 16-bit samples SDL's disk audio driver wrote to path. */
static int recorded_peak(const char *path, size_t *samples)
{
    FILE *f = fopen(path, "rb");
    int peak = 0;
    *samples = 0;
    if (!f)
        return -1;
    int16_t buf[4096];
    size_t n;
    while ((n = fread(buf, sizeof buf[0], sizeof buf / sizeof buf[0], f)) > 0) {
        for (size_t i = 0; i < n; i++) {
            int v = buf[i] < 0 ? -buf[i] : buf[i];
            if (v > peak)
                peak = v;
        }
        *samples += n;
    }
    fclose(f);
    return peak;
}

/* What a voice says at the volume voice_set_volume gave it (the resident's
 * 音量－), recorded through SDL's disk audio driver: the same words a fifth
 * as loud at 20 as at 100. */
static int said_at(int volume, const char *path, size_t *samples)
{
    setenv("SDL_AUDIODRIVER", "disk", 1);
    setenv("SDL_DISKAUDIOFILE", path, 1);
    Voice *v = NULL;
    if (voice_open(100, &v) != K_OK || !voice_available(v)) {
        voice_close(v);
        return -1;
    }
    voice_set_volume(v, volume);
    voice_say(v, LANG_ZH, "音量二", false, 1);
    usleep(1500000); /* said and written out */
    voice_close(v);
    return recorded_peak(path, samples);
}

static void test_volume(void)
{
    char loud[64], soft[64];
    snprintf(loud, sizeof loud, "/tmp/test_voice_%d_loud.raw", (int)getpid());
    snprintf(soft, sizeof soft, "/tmp/test_voice_%d_soft.raw", (int)getpid());
    size_t n_loud = 0, n_soft = 0;
    int p_loud = said_at(100, loud, &n_loud);
    int p_soft = said_at(20, soft, &n_soft);
    unlink(loud);
    unlink(soft);
    if (p_loud < 0 || p_soft < 0) /* no espeak-ng or no disk driver: skipped */
        return;
    printf("    volume 100: peak %d of %zu samples; volume 20: peak %d of %zu\n", p_loud, n_loud,
           p_soft, n_soft);
    CHECK(p_loud > 4000);
    CHECK(p_soft > 0);
    CHECK(p_soft * 3 < p_loud);
    voice_set_volume(NULL, 50); /* does nothing */
}

int main(void)
{
    test_screens();
    test_stop();
    test_chime();
    test_sessions();
    test_volume();
    return check_done();
}
