/* printer_queue.c - the print queue: sends run on one worker thread so the
 * screen never waits for a printer.
 *
 * Jobs go into a small ring under a mutex; the worker takes them one at a
 * time through printer_send_job and puts each result into a second ring,
 * writing one byte per result into a pipe whose read end the event loop
 * waits on (print_queue_fd).  The worker runs with every signal blocked.
 * When nobody reads results the oldest is dropped, so the worker never
 * blocks on the UI. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kiosk/printer.h"
#include "printer_int.h"

#define PRINT_QUEUE_JOBS 8
#define PRINT_QUEUE_RESULTS 16

typedef struct {
    PrinterUri uri;
    uint8_t *data;
    size_t len;
    int timeout_ms;
    int64_t id;
} QueuedJob;

struct PrintQueue {
    pthread_mutex_t mu;
    pthread_cond_t cv; /* a job arrived, or stop */
    pthread_t worker;
    bool stop;
    QueuedJob jobs[PRINT_QUEUE_JOBS];
    int job_head, job_count;
    PrintResult results[PRINT_QUEUE_RESULTS];
    int result_head, result_count;
    int rfd, wfd; /* one byte in the pipe per result in the ring */
};

static void *print_queue_worker(void *arg)
{
    PrintQueue *q = arg;
    pthread_mutex_lock(&q->mu);
    for (;;) {
        while (!q->stop && q->job_count == 0)
            pthread_cond_wait(&q->cv, &q->mu);
        if (q->stop)
            break;
        QueuedJob job = q->jobs[q->job_head];
        q->job_head = (q->job_head + 1) % PRINT_QUEUE_JOBS;
        q->job_count--;
        pthread_mutex_unlock(&q->mu);

        PrintResult r;
        memset(&r, 0, sizeof r);
        r.job = job.id;
        int64_t t0 = printer_mono_ns();
        r.rc = printer_send_job(&job.uri, job.data, job.len, job.timeout_ms, r.message,
                                sizeof r.message, &r.bytes);
        r.ms = (double)(printer_mono_ns() - t0) / 1e6;
        free(job.data);

        pthread_mutex_lock(&q->mu);
        if (q->result_count == PRINT_QUEUE_RESULTS) {
            /* Nobody is reading results: drop the oldest.  Its byte in the
             * pipe now stands for this result, so write no new one. */
            q->result_head = (q->result_head + 1) % PRINT_QUEUE_RESULTS;
            q->result_count--;
        } else {
            ssize_t w;
            do
                w = write(q->wfd, "r", 1);
            while (w < 0 && errno == EINTR);
        }
        q->results[(q->result_head + q->result_count) % PRINT_QUEUE_RESULTS] = r;
        q->result_count++;
    }
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

static bool set_fd_flags(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    int fd_fl = fcntl(fd, F_GETFD);
    return fl >= 0 && fd_fl >= 0 && fcntl(fd, F_SETFL, fl | O_NONBLOCK) == 0 &&
           fcntl(fd, F_SETFD, fd_fl | FD_CLOEXEC) == 0;
}

KResult print_queue_create(PrintQueue **out)
{
    *out = NULL;
    PrintQueue *q = calloc(1, sizeof *q);
    if (!q)
        return K_ERR_NOMEM;
    KResult rc = K_ERR_IO;
    q->rfd = q->wfd = -1;
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->cv, NULL);
    int fds[2];
    if (pipe(fds) != 0)
        goto fail;
    q->rfd = fds[0];
    q->wfd = fds[1];
    if (!set_fd_flags(q->rfd) || !set_fd_flags(q->wfd))
        goto fail;
    if (printer_start_thread(&q->worker, print_queue_worker, q, false) != 0) {
        rc = K_ERR_NOMEM;
        goto fail;
    }
    *out = q;
    return K_OK;
fail:
    if (q->rfd >= 0)
        close(q->rfd);
    if (q->wfd >= 0)
        close(q->wfd);
    pthread_cond_destroy(&q->cv);
    pthread_mutex_destroy(&q->mu);
    free(q);
    return rc;
}

void print_queue_destroy(PrintQueue *q)
{
    if (!q)
        return;
    pthread_mutex_lock(&q->mu);
    q->stop = true;
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
    pthread_join(q->worker, NULL);
    for (int i = 0; i < q->job_count; i++)
        free(q->jobs[(q->job_head + i) % PRINT_QUEUE_JOBS].data);
    close(q->rfd);
    close(q->wfd);
    pthread_cond_destroy(&q->cv);
    pthread_mutex_destroy(&q->mu);
    free(q);
}

bool print_queue_submit(PrintQueue *q, const PrinterUri *u, uint8_t *data, size_t len,
                        int timeout_ms, int64_t job)
{
    if (!q || !u) {
        free(data);
        return false;
    }
    pthread_mutex_lock(&q->mu);
    if (q->stop || q->job_count == PRINT_QUEUE_JOBS) {
        pthread_mutex_unlock(&q->mu);
        free(data);
        return false;
    }
    QueuedJob *j = &q->jobs[(q->job_head + q->job_count) % PRINT_QUEUE_JOBS];
    j->uri = *u;
    j->data = data;
    j->len = len;
    j->timeout_ms = timeout_ms;
    j->id = job;
    q->job_count++;
    pthread_cond_signal(&q->cv);
    pthread_mutex_unlock(&q->mu);
    return true;
}

bool print_queue_poll(PrintQueue *q, PrintResult *out)
{
    if (!q || !out)
        return false;
    pthread_mutex_lock(&q->mu);
    bool have = q->result_count > 0;
    if (have) {
        *out = q->results[q->result_head];
        q->result_head = (q->result_head + 1) % PRINT_QUEUE_RESULTS;
        q->result_count--;
        char byte;
        ssize_t r;
        do
            r = read(q->rfd, &byte, 1);
        while (r < 0 && errno == EINTR);
    }
    pthread_mutex_unlock(&q->mu);
    return have;
}

int print_queue_fd(const PrintQueue *q)
{
    return q ? q->rfd : -1;
}
