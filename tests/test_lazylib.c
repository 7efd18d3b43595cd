/* test_lazylib.c - libraries opened when first used (app/core/lazylib.c).
 *
 * A library that is not there gives one clear message (the feature, the
 * file, the Debian package, what dlopen said) and stays unloaded; so does
 * one that lacks a function.  Each feature's own way of failing is then
 * taken without a crash, its library's name pointed at a file that does
 * not exist: the district link, a cups: print, the voice, both input
 * engines, the camera.  Then the real libraries: every function each
 * lists is there, and two threads loading one library at once both get
 * it. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "kiosk/camera.h"
#include "kiosk/ime_hand.h"
#include "kiosk/ime_pinyin.h"
#include "kiosk/lazylib.h"
#include "kiosk/pglink.h"
#include "kiosk/printer.h"
#include "kiosk/voice.h"

#define MISSING "libkiosk-test-missing.so.9"

static void test_missing_library(void)
{
    void *slot = (void *)&slot;
    const LazySym syms[] = {{"nothing", &slot}};
    LazyLib lib = {MISSING, "kiosk-test-pkg", "the test feature", syms, 1, NULL};
    char err[300] = "";
    CHECK(!lazylib_load(&lib, err, sizeof err));
    const char *want =
        "the test feature needs " MISSING " (Debian package kiosk-test-pkg): " MISSING
        ": cannot open shared object file";
    CHECK(strncmp(err, want, strlen(want)) == 0);
    fprintf(stderr, "    (%s)\n", err);
    CHECK(!lazylib_loaded(&lib));
    CHECK(lib.handle == NULL);
    /* again: the same answer, no crash, err may be left out */
    CHECK(!lazylib_load(&lib, NULL, 0));
    CHECK(!lazylib_loaded(&lib));
}

static void test_missing_function(void)
{
    void *create = NULL, *none = NULL;
    const LazySym syms[] = {{"zbar_image_create", &create}, {"zbar_kiosk_no_such_function", &none}};
    LazyLib lib = {"libzbar.so.0", "libzbar0", "the test feature", syms, 2, NULL};
    char err[300] = "";
    CHECK(!lazylib_load(&lib, err, sizeof err));
    CHECK(strstr(err, "the test feature needs libzbar.so.0 (Debian package libzbar0): ") == err);
    CHECK(strstr(err, "zbar_kiosk_no_such_function") != NULL);
    fprintf(stderr, "    (%s)\n", err);
    CHECK(!lazylib_loaded(&lib));
    CHECK(create == NULL); /* nothing half-filled */
    CHECK(none == NULL);
}

/* Points each library at a file that does not exist, takes each feature's
 * failure path, and gives the names back. */
static void test_features_without_their_libraries(void)
{
    LazyLib *libs[] = {&lazy_libpq,     &lazy_libcups,   &lazy_libzbar,
                       &lazy_libpinyin, &lazy_libzinnia,
#ifdef KIOSK_HAVE_ESPEAK
                       &lazy_libespeak
#endif
    };
    const int n = (int)(sizeof libs / sizeof libs[0]);
    const char *real[8];
    for (int i = 0; i < n; i++) {
        CHECK(!lazylib_loaded(libs[i])); /* nothing loads them at start */
        real[i] = libs[i]->soname;
        libs[i]->soname = MISSING;
    }
    char err[512];

    PgLink *link = (PgLink *)&link;
    CHECK_INT_EQ(pg_link_open("host=127.0.0.1 port=1", 1000, &link, err, sizeof err), K_ERR_IO);
    CHECK(link == NULL);
    CHECK(strstr(err, "the district link needs " MISSING " (Debian package libpq5): ") == err);

    PrinterUri u;
    CHECK_INT_EQ(printer_parse_uri("cups:kiosk_test_queue", &u, err, sizeof err), K_OK);
    uint8_t job[4] = {0x1B, 0x40};
    CHECK_INT_EQ(printer_send(&u, job, sizeof job, 1000, err, sizeof err), K_ERR_IO);
    CHECK(strstr(err, "printing through CUPS needs " MISSING " (Debian package libcups2)") != NULL);
    fprintf(stderr, "    (%s)\n", err);

    Camera *cam = (Camera *)&cam;
    CHECK_INT_EQ(camera_open("image:/nonexistent.png", &cam, err, sizeof err), K_ERR_UNSUPPORTED);
    CHECK(cam == NULL);
    CHECK(strstr(err, "scanning tickets needs " MISSING " (Debian package libzbar0): ") == err);
    uint8_t grey[16 * 16];
    memset(grey, 0xFF, sizeof grey);
    char text[64] = "x";
    CHECK(!camera_decode_gray(grey, 16, 16, 16, text, sizeof text));
    CHECK_STR_EQ(text, "");

    ImePinyin *py = (ImePinyin *)&py;
    CHECK_INT_EQ(ime_pinyin_open(NULL, &py, err, sizeof err), K_ERR_UNSUPPORTED);
    CHECK(py == NULL);
    CHECK(strstr(err, "pinyin input needs " MISSING " (Debian package libpinyin15): ") == err);

    if (access(IME_HAND_MODEL, R_OK) == 0) {
        ImeHand *h = (ImeHand *)&h;
        CHECK_INT_EQ(ime_hand_open(NULL, &h, err, sizeof err), K_ERR_UNSUPPORTED);
        CHECK(h == NULL);
        CHECK(strstr(err, "handwriting input needs " MISSING " (Debian package libzinnia0): ") ==
              err);
    }

    /* The voice stays silent for the rest of this process: it says why
     * once (on stderr) and speaks nothing. */
    Voice *v = NULL;
    CHECK_INT_EQ(voice_open(50, &v), K_OK);
    CHECK(!voice_available(v));
    voice_say(v, LANG_ZH, "你好", false, 1);
    voice_close(v);

    for (int i = 0; i < n; i++) {
        CHECK(!lazylib_loaded(libs[i]));
        libs[i]->soname = real[i];
    }
}

static void test_every_function_is_there(void)
{
    LazyLib *libs[] = {&lazy_libpq,     &lazy_libcups,   &lazy_libzbar,
                       &lazy_libpinyin, &lazy_libzinnia,
#ifdef KIOSK_HAVE_ESPEAK
                       &lazy_libespeak
#endif
    };
    size_t total = 0;
    for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++) {
        char err[512] = "";
        CHECK(lazylib_load(libs[i], err, sizeof err));
        if (err[0])
            fprintf(stderr, "    %s\n", err);
        CHECK(lazylib_loaded(libs[i]));
        for (size_t j = 0; j < libs[i]->nsyms; j++)
            CHECK(*libs[i]->syms[j].slot != NULL);
        total += libs[i]->nsyms;
        CHECK(lazylib_load(libs[i], NULL, 0)); /* once loaded, always */
    }
    fprintf(stderr, "    (%zu functions in %zu libraries)\n", total, sizeof libs / sizeof libs[0]);
}

static void *load_in_thread(void *arg)
{
    return lazylib_load(arg, NULL, 0) ? arg : NULL;
}

static void test_two_threads(void)
{
    void *create = NULL;
    const LazySym syms[] = {{"zbar_image_create", &create}};
    LazyLib lib = {"libzbar.so.0", "libzbar0", "the test feature", syms, 1, NULL};
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        CHECK(pthread_create(&t[i], NULL, load_in_thread, &lib) == 0);
    for (int i = 0; i < 2; i++) {
        void *got = NULL;
        pthread_join(t[i], &got);
        CHECK(got == &lib);
    }
    CHECK(lazylib_loaded(&lib));
    CHECK(create != NULL);
}

int main(void)
{
    test_missing_library();
    test_missing_function();
    test_features_without_their_libraries();
    test_every_function_is_there();
    test_two_threads();
    return check_done();
}
