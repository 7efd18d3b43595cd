/* test_camera.c - unit tests for app/platform/camera.c.
 *
 * The decoding step is tested for real: a ticket payload goes through
 * qr_encode(), is drawn into a 640x480 grey frame the way a camera would
 * see it (off centre, grey rather than pure black and white, with and
 * without sensor noise, with padded rows) and must come back exactly from
 * camera_decode_gray().
 *
 * The V4L2 capture path is NOT tested here: the build machine has no camera.
 * Only the ways camera_open() must fail without one are checked (missing
 * device, a regular file, a character device that is not V4L2), plus the
 * NULL-safety of camera_close() and camera_poll(). */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "kiosk/camera.h"
#include "kiosk/qr.h"

#define FRAME_W 640
#define FRAME_H 480
#define SCALE 6 /* pixels per module */
#define QUIET 4 /* modules of quiet zone */
#define PAPER 210
#define INK 35

static const char *const TICKET = "KT1.SW01.A.12.ABCDEFGHIJKLMNOPQRSTUVWX";

/* Fills a w x h frame (stride bytes a row, padding set to garbage) with
 * paper grey and draws the QR code of text at (ox, oy). */
static bool draw_qr(uint8_t *frame, int w, int h, int stride, int ox, int oy, const char *text)
{
    QrMatrix m;
    int side;

    if (qr_encode(text, &m) != K_OK)
        return false;
    side = (m.size + 2 * QUIET) * SCALE;
    if (ox + side > w || oy + side > h)
        return false;
    for (int y = 0; y < h; y++) {
        memset(frame + (size_t)y * stride, PAPER, (size_t)w);
        memset(frame + (size_t)y * stride + w, 0x5A, (size_t)(stride - w));
    }
    for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
            int mx = x / SCALE - QUIET, my = y / SCALE - QUIET;
            if (mx >= 0 && my >= 0 && mx < m.size && my < m.size && m.dark[my * m.size + mx])
                frame[(size_t)(oy + y) * stride + ox + x] = INK;
        }
    }
    return true;
}

/* Deterministic noise of +-30 grey levels (a fixed LCG), clamped. */
static void add_noise(uint8_t *frame, int w, int h, int stride)
{
    uint32_t state = 12345u;

    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            uint8_t *p = frame + (size_t)y * stride + x;
            int v;
            state = state * 1664525u + 1013904223u;
            v = *p + (int)((state >> 16) % 61) - 30;
            *p = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
        }
    }
}

static void test_decode_tight(void)
{
    uint8_t *frame = malloc(FRAME_W * FRAME_H);
    char got[128];

    CHECK(frame != NULL);
    if (frame == NULL)
        return;
    CHECK(draw_qr(frame, FRAME_W, FRAME_H, FRAME_W, 173, 91, TICKET));
    CHECK(camera_decode_gray(frame, FRAME_W, FRAME_H, FRAME_W, got, sizeof got));
    CHECK_STR_EQ(got, TICKET);

    /* The same frame with noise on every pixel still reads. */
    add_noise(frame, FRAME_W, FRAME_H, FRAME_W);
    memset(got, 'x', sizeof got);
    CHECK(camera_decode_gray(frame, FRAME_W, FRAME_H, FRAME_W, got, sizeof got));
    CHECK_STR_EQ(got, TICKET);

    /* A small out buffer is filled and terminated, not overrun. */
    memset(got, 'x', sizeof got);
    CHECK(camera_decode_gray(frame, FRAME_W, FRAME_H, FRAME_W, got, 8));
    CHECK_STR_EQ(got, "KT1.SW0");
    CHECK(got[8] == 'x');
    free(frame);
}

static void test_decode_stride(void)
{
    const int stride = FRAME_W + 64; /* like a driver padding each row */
    uint8_t *frame = malloc((size_t)stride * FRAME_H);
    char got[128];

    CHECK(frame != NULL);
    if (frame == NULL)
        return;
    CHECK(draw_qr(frame, FRAME_W, FRAME_H, stride, 402, 250, TICKET));
    CHECK(camera_decode_gray(frame, FRAME_W, FRAME_H, stride, got, sizeof got));
    CHECK_STR_EQ(got, TICKET);

    add_noise(frame, FRAME_W, FRAME_H, stride);
    CHECK(camera_decode_gray(frame, FRAME_W, FRAME_H, stride, got, sizeof got));
    CHECK_STR_EQ(got, TICKET);
    free(frame);
}

/* Truncation never leaves half a UTF-8 character.  Payloads are ASCII, so
 * this guards the copy, not a real ticket. */
static void test_decode_utf8_cut(void)
{
    static const char *const text = "\xe7\xa5\xa8\xe7\xa5\xa8\xe7\xa5\xa8"; /* three "票" */
    uint8_t *frame = malloc(FRAME_W * FRAME_H);
    char got[64];

    CHECK(frame != NULL);
    if (frame == NULL)
        return;
    CHECK(draw_qr(frame, FRAME_W, FRAME_H, FRAME_W, 40, 40, text));
    CHECK(camera_decode_gray(frame, FRAME_W, FRAME_H, FRAME_W, got, sizeof got));
    CHECK_STR_EQ(got, text);
    CHECK(camera_decode_gray(frame, FRAME_W, FRAME_H, FRAME_W, got, 6)); /* room for 5 bytes */
    CHECK_STR_EQ(got, "\xe7\xa5\xa8");
    free(frame);
}

static void test_decode_nothing(void)
{
    uint8_t *frame = malloc(FRAME_W * FRAME_H);
    uint8_t one = 255;
    char got[64];

    CHECK(frame != NULL);
    if (frame == NULL)
        return;
    memset(frame, 255, FRAME_W * FRAME_H);
    memset(got, 'x', sizeof got);
    CHECK(!camera_decode_gray(frame, FRAME_W, FRAME_H, FRAME_W, got, sizeof got));
    CHECK_STR_EQ(got, "");

    CHECK(!camera_decode_gray(&one, 1, 1, 1, got, sizeof got));
    CHECK(!camera_decode_gray(NULL, FRAME_W, FRAME_H, FRAME_W, got, sizeof got));
    CHECK(!camera_decode_gray(frame, FRAME_W, FRAME_H, FRAME_W - 1, got, sizeof got));
    CHECK(!camera_decode_gray(frame, 0, FRAME_H, FRAME_W, got, sizeof got));
    CHECK(!camera_decode_gray(frame, FRAME_W, FRAME_H, FRAME_W, NULL, 0));
    free(frame);
}

static void test_open_errors(void)
{
    char err[256] = "";
    char path[] = "/tmp/kiosk-camera-XXXXXX";
    Camera *cam = (Camera *)&err; /* must be reset to NULL on failure */
    int fd;

    CHECK_INT_EQ(camera_open("/nonexistent/video9", &cam, err, sizeof err), K_ERR_NOT_FOUND);
    CHECK(cam == NULL);
    CHECK_STR_EQ(err, "no camera at /nonexistent/video9");

    /* A regular file opens fine but is no capture device. */
    fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd >= 0) {
        CHECK(write(fd, "not a camera", 12) == 12);
        close(fd);
        err[0] = '\0';
        CHECK_INT_EQ(camera_open(path, &cam, err, sizeof err), K_ERR_UNSUPPORTED);
        CHECK(cam == NULL);
        CHECK(strstr(err, "not a video capture device") != NULL);
        unlink(path);
    }

    /* A character device that is not V4L2 fails at VIDIOC_QUERYCAP. */
    err[0] = '\0';
    CHECK_INT_EQ(camera_open("/dev/null", &cam, err, sizeof err), K_ERR_UNSUPPORTED);
    CHECK(cam == NULL);
    CHECK(strstr(err, "not a video capture device") != NULL);

    CHECK_INT_EQ(camera_open("", &cam, err, sizeof err), K_ERR_INVALID);
}

static void test_null_handles(void)
{
    char got[16] = "x";

    camera_close(NULL);
    CHECK(!camera_poll(NULL, got, sizeof got));
    CHECK_STR_EQ(got, "");
}

int main(void)
{
    test_decode_tight();
    test_decode_stride();
    test_decode_utf8_cut();
    test_decode_nothing();
    test_open_errors();
    test_null_handles();
    return CHECK_DONE();
}
