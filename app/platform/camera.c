/* camera.c - reading ticket QR codes with a camera: V4L2 capture on a thread,
 * libzbar for the decoding (see camera.h).
 *
 * Two halves with different confidence.  camera_decode_gray() is plain
 * computation and is tested on synthetic frames built from real QR codes.
 * The V4L2 half (open, capture thread, close) talks to a kernel driver with
 * plain ioctls; the development machine has no camera, so only its error
 * paths (missing device, not a capture device) have run.  The capture loop
 * follows the V4L2 mmap streaming recipe closely and is kept small on
 * purpose; treat it as untested until it has run against a real webcam.
 *
 * Why a thread: DQBUF, the Y-plane copy and zbar together can take tens of
 * milliseconds, which the UI loop must not spend.  The thread hands texts to
 * the UI through a small mutex-protected ring; camera_poll() never blocks
 * beyond that mutex.  Frames are decoded at most about five times a second;
 * the rest are given straight back to the driver, which keeps the CPU cost
 * low on a small kiosk board while still feeling instant to a person. */
#include "kiosk/camera.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/videodev2.h>
#include <png.h>
#include <zbar.h>

#include "kiosk/lazylib.h"

/* libzbar, opened by camera_open or the first decode (lazylib.h). */
#define ZBAR_FUNCS(X, api)                                                                         \
    X(api, zbar_image_create)                                                                      \
    X(api, zbar_image_destroy)                                                                     \
    X(api, zbar_image_first_symbol)                                                                \
    X(api, zbar_image_scanner_create)                                                              \
    X(api, zbar_image_scanner_destroy)                                                             \
    X(api, zbar_image_scanner_set_config)                                                          \
    X(api, zbar_image_set_data)                                                                    \
    X(api, zbar_image_set_format)                                                                  \
    X(api, zbar_image_set_size)                                                                    \
    X(api, zbar_scan_image)                                                                        \
    X(api, zbar_symbol_get_data)                                                                   \
    X(api, zbar_symbol_get_data_length)                                                            \
    X(api, zbar_symbol_get_type)                                                                   \
    X(api, zbar_symbol_next)
LAZYLIB_DEFINE(lazy_libzbar, zbar, ZBAR_FUNCS, "libzbar.so.0", "libzbar0", "scanning tickets");

#define CAMERA_WIDTH 640
#define CAMERA_HEIGHT 480
#define CAMERA_BUFFERS 4
#define CAMERA_POLL_MS 200
#define CAMERA_DECODE_INTERVAL_MS 200 /* at most ~5 decodes a second */
#define CAMERA_REPEAT_MS 3000         /* the same text within this is one scan */
#define CAMERA_RING 8
#define CAMERA_TEXT_MAX 256 /* a ticket QR (version 8 at most) holds far less */

/* Copies len bytes of src into out (cap bytes), NUL-terminated, stopping at
 * an embedded NUL and never cutting a UTF-8 sequence in half. */
static void copy_text(char *out, size_t cap, const char *src, size_t len)
{
    const char *nul = memchr(src, '\0', len);
    size_t n = nul ? (size_t)(nul - src) : len;

    if (n >= cap) {
        n = cap - 1;
        /* Back off to the start of the character that does not fit. */
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(out, src, n);
    out[n] = '\0';
}

bool camera_decode_gray(const uint8_t *gray, int w, int h, int stride, char *out, size_t cap)
{
    zbar_image_scanner_t *scanner = NULL;
    zbar_image_t *image = NULL;
    uint8_t *tight = NULL;
    const uint8_t *pixels = gray;
    bool found = false;

    if (out != NULL && cap > 0)
        out[0] = '\0';
    if (gray == NULL || out == NULL || cap == 0 || w <= 0 || h <= 0 || stride < w)
        return false;
    /* Without libzbar nothing decodes; camera_open has said why. */
    if (!lazylib_load(&lazy_libzbar, NULL, 0))
        return false;

    /* zbar wants a tight Y800 buffer: w bytes a row, no padding. */
    if (stride != w) {
        tight = malloc((size_t)w * (size_t)h);
        if (tight == NULL)
            return false;
        for (int y = 0; y < h; y++)
            memcpy(tight + (size_t)y * (size_t)w, gray + (size_t)y * (size_t)stride, (size_t)w);
        pixels = tight;
    }

    scanner = zbar.zbar_image_scanner_create();
    image = zbar.zbar_image_create();
    if (scanner == NULL || image == NULL)
        goto done;
    /* Tickets are QR only; leaving the 1D decoders on would make stray
     * edges on a noisy frame come back as phantom barcodes. */
    zbar.zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar.zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    /* Hand back the bytes as encoded.  Without this zbar guesses a charset
     * for 8-bit segments and converts: short UTF-8 Chinese comes back as
     * Shift-JIS mojibake.  Our tickets are our own qrencode output, so the
     * raw bytes are the payload; the ticket parser judges them. */
    zbar.zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);

    zbar.zbar_image_set_format(image, zbar_fourcc('Y', '8', '0', '0'));
    zbar.zbar_image_set_size(image, (unsigned)w, (unsigned)h);
    /* No cleanup handler: the pixels belong to the caller or to `tight`. */
    zbar.zbar_image_set_data(image, pixels, (unsigned long)w * (unsigned long)h, NULL);

    if (zbar.zbar_scan_image(scanner, image) <= 0)
        goto done;
    for (const zbar_symbol_t *sym = zbar.zbar_image_first_symbol(image); sym != NULL;
         sym = zbar.zbar_symbol_next(sym)) {
        const char *data = zbar.zbar_symbol_get_data(sym);
        if (zbar.zbar_symbol_get_type(sym) != ZBAR_QRCODE || data == NULL)
            continue;
        copy_text(out, cap, data, zbar.zbar_symbol_get_data_length(sym));
        found = true;
        break;
    }

done:
    if (image != NULL)
        zbar.zbar_image_destroy(image);
    if (scanner != NULL)
        zbar.zbar_image_scanner_destroy(scanner);
    free(tight);
    return found;
}

/* ---- V4L2 capture ------------------------------------------------------ */

struct Camera {
    int fd;
    struct {
        void *start;
        size_t length;
    } bufs[CAMERA_BUFFERS];
    unsigned nbufs;
    bool streaming;

    uint32_t pixfmt; /* V4L2_PIX_FMT_GREY or V4L2_PIX_FMT_YUYV */
    int width, height;
    size_t bytesperline;
    uint8_t *gray; /* width * height Y plane, used by the thread only */

    pthread_t thread;
    bool thread_started;
    atomic_bool stop;

    /* Used by the thread only: repeat suppression and the decode rate. */
    char last_text[CAMERA_TEXT_MAX];
    long long last_seen_ms;
    long long last_decode_ms;

    /* Shared with camera_poll(), under lock. */
    pthread_mutex_t lock;
    bool lock_ready;
    char ring[CAMERA_RING][CAMERA_TEXT_MAX];
    unsigned head, count;
};

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int xioctl(int fd, unsigned long request, void *arg)
{
    int r;
    do
        r = ioctl(fd, request, arg);
    while (r == -1 && errno == EINTR);
    return r;
}

/* Asks for 640x480 in pixfmt; the driver answers with what it will really
 * send, which may be another format or size. */
static int set_format(Camera *c, uint32_t pixfmt, struct v4l2_format *fmt)
{
    memset(fmt, 0, sizeof *fmt);
    fmt->type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    fmt->fmt.pix.width = CAMERA_WIDTH;
    fmt->fmt.pix.height = CAMERA_HEIGHT;
    fmt->fmt.pix.pixelformat = pixfmt;
    fmt->fmt.pix.field = V4L2_FIELD_ANY;
    return xioctl(c->fd, VIDIOC_S_FMT, fmt);
}

static KResult choose_format(Camera *c, const char *device, char *err, size_t errcap)
{
    struct v4l2_format fmt;
    size_t bpp;

    /* GREY first (no conversion at all), then YUYV, which nearly every
     * USB webcam offers.  MJPEG-only cameras are not supported: decoding
     * JPEG here would pull in another library for a rare case. */
    if (set_format(c, V4L2_PIX_FMT_GREY, &fmt) == 0 && fmt.fmt.pix.pixelformat == V4L2_PIX_FMT_GREY)
        bpp = 1;
    else if (set_format(c, V4L2_PIX_FMT_YUYV, &fmt) == 0 &&
             fmt.fmt.pix.pixelformat == V4L2_PIX_FMT_YUYV)
        bpp = 2;
    else {
        snprintf(err, errcap, "camera format not supported (%s)", device);
        return K_ERR_UNSUPPORTED;
    }
    if (fmt.fmt.pix.width == 0 || fmt.fmt.pix.height == 0 || fmt.fmt.pix.width > 8192 ||
        fmt.fmt.pix.height > 8192) {
        snprintf(err, errcap, "camera %s reports an odd frame size %ux%u", device,
                 fmt.fmt.pix.width, fmt.fmt.pix.height);
        return K_ERR_UNSUPPORTED;
    }
    c->pixfmt = fmt.fmt.pix.pixelformat;
    c->width = (int)fmt.fmt.pix.width;
    c->height = (int)fmt.fmt.pix.height;
    c->bytesperline = fmt.fmt.pix.bytesperline;
    if (c->bytesperline < (size_t)c->width * bpp)
        c->bytesperline = (size_t)c->width * bpp; /* some drivers leave it 0 */
    c->gray = malloc((size_t)c->width * (size_t)c->height);
    if (c->gray == NULL) {
        snprintf(err, errcap, "out of memory for camera frames");
        return K_ERR_NOMEM;
    }
    return K_OK;
}

static KResult map_buffers(Camera *c, const char *device, char *err, size_t errcap)
{
    struct v4l2_requestbuffers req;

    memset(&req, 0, sizeof req);
    req.count = CAMERA_BUFFERS;
    req.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    req.memory = V4L2_MEMORY_MMAP;
    if (xioctl(c->fd, VIDIOC_REQBUFS, &req) != 0 || req.count < 2) {
        snprintf(err, errcap, "camera %s cannot share frame buffers: %s", device,
                 req.count < 2 ? "too few buffers" : strerror(errno));
        return K_ERR_IO;
    }
    if (req.count > CAMERA_BUFFERS)
        req.count = CAMERA_BUFFERS;

    for (unsigned i = 0; i < req.count; i++) {
        struct v4l2_buffer buf;
        void *p;

        memset(&buf, 0, sizeof buf);
        buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        buf.memory = V4L2_MEMORY_MMAP;
        buf.index = i;
        if (xioctl(c->fd, VIDIOC_QUERYBUF, &buf) != 0) {
            snprintf(err, errcap, "camera %s: QUERYBUF failed: %s", device, strerror(errno));
            return K_ERR_IO;
        }
        p = mmap(NULL, buf.length, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd, buf.m.offset);
        if (p == MAP_FAILED) {
            snprintf(err, errcap, "camera %s: mmap failed: %s", device, strerror(errno));
            return K_ERR_IO;
        }
        c->bufs[i].start = p;
        c->bufs[i].length = buf.length;
        c->nbufs = i + 1;
        if (xioctl(c->fd, VIDIOC_QBUF, &buf) != 0) {
            snprintf(err, errcap, "camera %s: QBUF failed: %s", device, strerror(errno));
            return K_ERR_IO;
        }
    }
    return K_OK;
}

/* Copies the Y plane of a captured frame into c->gray; false when the
 * driver delivered less than a whole frame. */
static bool extract_gray(Camera *c, const uint8_t *src, size_t used)
{
    size_t w = (size_t)c->width, h = (size_t)c->height;
    size_t step = c->pixfmt == V4L2_PIX_FMT_YUYV ? 2 : 1;

    if (used < c->bytesperline * (h - 1) + w * step)
        return false;
    for (size_t y = 0; y < h; y++) {
        const uint8_t *row = src + y * c->bytesperline;
        uint8_t *dst = c->gray + y * w;
        if (step == 1) {
            memcpy(dst, row, w);
        } else {
            for (size_t x = 0; x < w; x++)
                dst[x] = row[2 * x]; /* YUYV: Y0 U Y1 V */
        }
    }
    return true;
}

/* Pushes text unless it repeats the last one within CAMERA_REPEAT_MS.  The
 * window slides: a ticket held in front of the lens for a minute is one
 * scan; the same ticket shown again after a 3 s pause is a new one.  When
 * the ring is full the oldest text is dropped, since the newest is what the
 * person in front of the kiosk is holding up now. */
static void report_text(Camera *c, const char *text, long long now)
{
    bool repeat = strcmp(text, c->last_text) == 0 && now - c->last_seen_ms < CAMERA_REPEAT_MS;

    c->last_seen_ms = now;
    if (repeat)
        return;
    copy_text(c->last_text, sizeof c->last_text, text, strlen(text));

    pthread_mutex_lock(&c->lock);
    if (c->count == CAMERA_RING) {
        c->head = (c->head + 1) % CAMERA_RING;
        c->count--;
    }
    copy_text(c->ring[(c->head + c->count) % CAMERA_RING], CAMERA_TEXT_MAX, text, strlen(text));
    c->count++;
    pthread_mutex_unlock(&c->lock);
}

/* The capture thread.  Runs until camera_close() sets stop, or until the
 * device fails (unplugged): then it ends quietly and camera_poll() simply
 * reports nothing more, since camera.h has no way to report it. */
static void *capture_main(void *arg)
{
    Camera *c = arg;
    char text[CAMERA_TEXT_MAX];

    while (!atomic_load(&c->stop)) {
        struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
        struct v4l2_buffer buf;
        bool have_frame = false;
        long long now;
        int r = poll(&pfd, 1, CAMERA_POLL_MS);

        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 || (pfd.revents & (POLLERR | POLLHUP | POLLNVAL)))
            break;
        if (r == 0)
            continue; /* timeout: look at the stop flag again */

        memset(&buf, 0, sizeof buf);
        buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        buf.memory = V4L2_MEMORY_MMAP;
        if (xioctl(c->fd, VIDIOC_DQBUF, &buf) != 0) {
            if (errno == EAGAIN)
                continue;
            break;
        }
        if (buf.index >= c->nbufs)
            break; /* a driver bug; nothing sensible to give back */

        now = now_ms();
        if (now - c->last_decode_ms >= CAMERA_DECODE_INTERVAL_MS &&
            !(buf.flags & V4L2_BUF_FLAG_ERROR)) {
            size_t used = buf.bytesused ? buf.bytesused : c->bufs[buf.index].length;
            if (used > c->bufs[buf.index].length)
                used = c->bufs[buf.index].length;
            have_frame = extract_gray(c, c->bufs[buf.index].start, used);
        }
        /* Give the buffer back before decoding so the driver keeps filling. */
        if (xioctl(c->fd, VIDIOC_QBUF, &buf) != 0)
            break;
        if (!have_frame)
            continue;
        c->last_decode_ms = now;
        if (camera_decode_gray(c->gray, c->width, c->height, c->width, text, sizeof text))
            report_text(c, text, now_ms());
    }
    return NULL;
}

/* The still-image source, "image:PATH": a PNG shown to the scanner again
 * and again, as if held in front of a lens.  It drives the same thread,
 * decoder and hand-over as a real camera, so the camera path can be run
 * (and demonstrated) on a machine without one. */
static void *still_main(void *arg)
{
    Camera *c = arg;
    char text[CAMERA_TEXT_MAX];
    while (!atomic_load(&c->stop)) {
        if (camera_decode_gray(c->gray, c->width, c->height, c->width, text, sizeof text))
            report_text(c, text, now_ms());
        struct timespec pause = {0, CAMERA_DECODE_INTERVAL_MS * 1000000L};
        nanosleep(&pause, NULL);
    }
    return NULL;
}

static KResult open_still(Camera *c, const char *path, char *err, size_t errcap)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path)) {
        snprintf(err, errcap, "cannot read the image %s: %s", path, img.message);
        return K_ERR_NOT_FOUND;
    }
    img.format = PNG_FORMAT_GRAY;
    if (img.width == 0 || img.height == 0 || img.width > 8192 || img.height > 8192 ||
        !(c->gray = malloc(PNG_IMAGE_SIZE(img)))) {
        png_image_free(&img);
        snprintf(err, errcap, "the image %s is empty or too large", path);
        return K_ERR_INVALID;
    }
    if (!png_image_finish_read(&img, NULL, c->gray, 0, NULL)) {
        snprintf(err, errcap, "cannot decode the image %s: %s", path, img.message);
        png_image_free(&img);
        return K_ERR_INVALID;
    }
    c->width = (int)img.width;
    c->height = (int)img.height;
    return K_OK;
}

static KResult start_thread(Camera *c, void *(*fn)(void *), char *err, size_t errcap)
{
    int e = pthread_create(&c->thread, NULL, fn, c);
    if (e != 0) {
        snprintf(err, errcap, "cannot start the camera thread: %s", strerror(e));
        return K_ERR_NOMEM;
    }
    c->thread_started = true;
    return K_OK;
}

KResult camera_open(const char *device, Camera **out, char *err, size_t errcap)
{
    struct v4l2_capability cap;
    struct stat st;
    uint32_t caps;
    Camera *c;
    KResult rc;
    int e;

    if (out != NULL)
        *out = NULL;
    if (device == NULL || device[0] == '\0' || out == NULL) {
        snprintf(err, errcap, "no camera device given");
        return K_ERR_INVALID;
    }
    if (!lazylib_load(&lazy_libzbar, err, errcap))
        return K_ERR_UNSUPPORTED;
    c = calloc(1, sizeof *c);
    if (c == NULL) {
        snprintf(err, errcap, "out of memory opening camera");
        return K_ERR_NOMEM;
    }
    c->fd = -1;
    atomic_init(&c->stop, false);
    c->last_decode_ms = now_ms() - CAMERA_DECODE_INTERVAL_MS;
    c->last_seen_ms = now_ms() - CAMERA_REPEAT_MS;
    if (pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c);
        snprintf(err, errcap, "cannot create camera lock");
        return K_ERR_NOMEM;
    }
    c->lock_ready = true;

    if (strncmp(device, "image:", 6) == 0) {
        rc = open_still(c, device + 6, err, errcap);
        if (rc == K_OK)
            rc = start_thread(c, still_main, err, errcap);
        if (rc != K_OK)
            goto fail;
        *out = c;
        return K_OK;
    }

    c->fd = open(device, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (c->fd < 0) {
        e = errno;
        if (e == ENOENT || e == ENODEV || e == ENXIO) {
            snprintf(err, errcap, "no camera at %s", device);
            rc = K_ERR_NOT_FOUND;
        } else {
            snprintf(err, errcap, "cannot open camera %s: %s", device, strerror(e));
            rc = K_ERR_IO;
        }
        goto fail;
    }
    /* A regular file would answer QUERYCAP with ENOTTY too; checking first
     * gives the clearer message. */
    if (fstat(c->fd, &st) != 0 || !S_ISCHR(st.st_mode)) {
        snprintf(err, errcap, "%s is not a video capture device", device);
        rc = K_ERR_UNSUPPORTED;
        goto fail;
    }
    memset(&cap, 0, sizeof cap);
    if (xioctl(c->fd, VIDIOC_QUERYCAP, &cap) != 0) {
        snprintf(err, errcap, "%s is not a video capture device (%s)", device, strerror(errno));
        rc = K_ERR_UNSUPPORTED;
        goto fail;
    }
    caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps : cap.capabilities;
    if (!(caps & V4L2_CAP_VIDEO_CAPTURE) || !(caps & V4L2_CAP_STREAMING)) {
        snprintf(err, errcap, "%s (%.32s) cannot stream video capture", device,
                 (const char *)cap.card);
        rc = K_ERR_UNSUPPORTED;
        goto fail;
    }

    rc = choose_format(c, device, err, errcap);
    if (rc != K_OK)
        goto fail;
    rc = map_buffers(c, device, err, errcap);
    if (rc != K_OK)
        goto fail;

    {
        enum v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        if (xioctl(c->fd, VIDIOC_STREAMON, &type) != 0) {
            snprintf(err, errcap, "camera %s will not start: %s", device, strerror(errno));
            rc = K_ERR_IO;
            goto fail;
        }
        c->streaming = true;
    }
    rc = start_thread(c, capture_main, err, errcap);
    if (rc != K_OK)
        goto fail;
    *out = c;
    return K_OK;

fail:
    camera_close(c);
    return rc;
}

/* Also undoes a half-finished camera_open(): every step checks its own
 * "was it done" field. */
void camera_close(Camera *c)
{
    if (c == NULL)
        return;
    if (c->thread_started) {
        atomic_store(&c->stop, true);
        pthread_join(c->thread, NULL); /* wakes within CAMERA_POLL_MS */
    }
    if (c->streaming) {
        enum v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        /* Closing the device below stops the stream in any case. */
        (void)xioctl(c->fd, VIDIOC_STREAMOFF, &type);
    }
    for (unsigned i = 0; i < c->nbufs; i++)
        munmap(c->bufs[i].start, c->bufs[i].length);
    if (c->fd >= 0)
        close(c->fd);
    if (c->lock_ready)
        pthread_mutex_destroy(&c->lock);
    free(c->gray);
    free(c);
}

bool camera_poll(Camera *c, char *out, size_t cap)
{
    bool got = false;

    if (out != NULL && cap > 0)
        out[0] = '\0';
    if (c == NULL || out == NULL || cap == 0)
        return false;
    pthread_mutex_lock(&c->lock);
    if (c->count > 0) {
        const char *text = c->ring[c->head];
        copy_text(out, cap, text, strlen(text));
        c->head = (c->head + 1) % CAMERA_RING;
        c->count--;
        got = true;
    }
    pthread_mutex_unlock(&c->lock);
    return got;
}
