/* run.h - drives the app: the interactive loop and the automation script.
 *
 * Both share kiosk_draw, which renders only when the app says the frame
 * changed, so the loop never redraws an unchanged screen. */
#ifndef KIOSK_RUN_H
#define KIOSK_RUN_H

#include "kiosk/app.h"
#include "kiosk/camera.h"
#include "kiosk/printer.h"
#include "kiosk/platform.h"
#include "kiosk/render.h"
#include "kiosk/voice.h"

typedef struct {
    App *app;
    Platform *platform;
    Renderer *renderer;
    double started_ms; /* platform_mono_ms() at the top of main */
    bool first_frame_done;
    unsigned long frames;
    /* how long the last frames took to draw and present (ms), for the
     * "frames" event a script run ends with */
    float frame_ms[1024];
    int frame_count;
    /* devices, all optional */
    PrintQueue *printq;
    PrinterUri printer;
    int jobs_out;      /* queued jobs whose result has not come back */
    Renderer *receipt; /* offscreen, made at the first print */
    Camera *camera;
    /* reading aloud: opened when first wanted */
    Voice *voice;
    bool voice_tried;
    unsigned spoken_seq, hushed_seq;
    /* the district link's worker thread ([district] postgres set; sync.h) */
    struct SyncWorker *sync;
    /* its attempts reported so far, and as many as the last `wait-sync`
     * waited for */
    unsigned sync_attempts, sync_waited;
} Kiosk;

/* Starts the printer queue and the camera the configuration names, and the
 * sync worker when [district] postgres is set.  A bad printer URI is an
 * error (err says why); a camera or a worker that cannot be started is
 * logged and left out, so the kiosk still runs. */
KResult kiosk_start_devices(Kiosk *k, char *err, size_t errcap);
void kiosk_stop_devices(Kiosk *k);

/* Connects the app to the renderer (text measuring); call once both exist. */
void kiosk_attach(Kiosk *k);

/* Draws and presents the current frame if it changed. */
void kiosk_draw(Kiosk *k);

/* The interactive loop, until the window is closed.  Returns 0. */
int kiosk_loop(Kiosk *k);

/* Replays an automation script (CONTRACT.md).  Returns 0 when every
 * expectation held, 1 when one failed, 2 for a malformed script. */
int kiosk_script(Kiosk *k, const char *path);

#endif
