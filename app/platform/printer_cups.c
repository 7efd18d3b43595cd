/* printer_cups.c - the cups: backend: a CUPS queue, sent raw through
 * libcups.
 *
 * Printed (K_OK) means the queue was idle or printing and accepting before
 * the job, and CUPS reported the job completed (its backend finished)
 * before the deadline; a job still out then is cancelled.
 *
 * Trade-offs: CUPS calls run on an http connection of our own whose
 * timeout is set to what is left of the deadline before every request;
 * only the Cancel-Job sent at the deadline gets a grace of its own
 * (CUPS_CANCEL_GRACE), so a cups: send can end up to a second late.
 * "Completed" in CUPS means its backend finished: for a network printer
 * behind CUPS that is as far as CUPS can see. */
#include <cups/cups.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kiosk/lazylib.h"
#include "printer_int.h"

/* libcups, opened by the first cups: send (lazylib.h). */
#define CUPS_FUNCS(X, api)                                                                         \
    X(api, cupsAddOption)                                                                          \
    X(api, cupsCancelJob2)                                                                         \
    X(api, cupsCreateJob)                                                                          \
    X(api, cupsDoRequest)                                                                          \
    X(api, cupsEncryption)                                                                         \
    X(api, cupsFinishDocument)                                                                     \
    X(api, cupsFreeOptions)                                                                        \
    X(api, cupsLastError)                                                                          \
    X(api, cupsLastErrorString)                                                                    \
    X(api, cupsServer)                                                                             \
    X(api, cupsStartDocument)                                                                      \
    X(api, cupsUser)                                                                               \
    X(api, cupsWriteRequestData)                                                                   \
    X(api, httpAssembleURIf)                                                                       \
    X(api, httpClose)                                                                              \
    X(api, httpConnect2)                                                                           \
    X(api, httpSetTimeout)                                                                         \
    X(api, ippAddInteger)                                                                          \
    X(api, ippAddString)                                                                           \
    X(api, ippAddStrings)                                                                          \
    X(api, ippDelete)                                                                              \
    X(api, ippFindAttribute)                                                                       \
    X(api, ippGetBoolean)                                                                          \
    X(api, ippGetCount)                                                                            \
    X(api, ippGetInteger)                                                                          \
    X(api, ippGetString)                                                                           \
    X(api, ippNewRequest)                                                                          \
    X(api, ippPort)
LAZYLIB_DEFINE(lazy_libcups, cups, CUPS_FUNCS, "libcups.so.2", "libcups2", "printing through CUPS");

/* CUPS job states (IPP job-state) and printer states (printer-state). */
#define CUPS_JOB_PENDING 3
#define CUPS_JOB_HELD 4
#define CUPS_JOB_PROCESSING 5
#define CUPS_JOB_STOPPED 6
#define CUPS_JOB_CANCELED 7
#define CUPS_JOB_ABORTED 8
#define CUPS_JOB_COMPLETED 9
#define CUPS_PRINTER_STOPPED 5
#define CUPS_POLL_MS 50        /* between two looks at a job's state */
#define CUPS_CANCEL_GRACE 1000 /* ms a Cancel-Job may take past the deadline */

/* What CUPS said about the last request, for a message. */
static const char *cups_said(const char *fallback)
{
    const char *why = cups.cupsLastErrorString();
    return why && why[0] ? why : fallback;
}

/* Bounds the next request on http by what is left of the deadline; false
 * when nothing is left. */
static bool cups_bound(http_t *http, int64_t deadline)
{
    int left = printer_ms_left(deadline);
    if (left == 0)
        return false;
    cups.httpSetTimeout(http, left / 1000.0, NULL, NULL);
    return true;
}

/* printer-state-reasons as one "a, b" string. */
static void cups_reasons(ipp_t *resp, const char *name, char *buf, size_t cap)
{
    buf[0] = '\0';
    ipp_attribute_t *a = cups.ippFindAttribute(resp, name, IPP_TAG_KEYWORD);
    for (int i = 0; a && i < cups.ippGetCount(a); i++) {
        const char *r = cups.ippGetString(a, i, NULL);
        if (!r || strcmp(r, "none") == 0)
            continue;
        size_t n = strlen(buf);
        snprintf(buf + n, cap - n, "%s%s", n ? ", " : "", r);
    }
}

/* Asks for the queue's state (Get-Printer-Attributes) and refuses one
 * that is stopped (paused by staff, or by CUPS after a backend failure)
 * or not accepting jobs, saying what CUPS says about it. */
static KResult cups_check_queue(PrintSend *s, http_t *http, const char *printer_uri)
{
    static const char *const want[] = {"printer-state", "printer-state-reasons",
                                       "printer-state-message", "printer-is-accepting-jobs"};
    ipp_t *req = cups.ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES);
    cups.ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, printer_uri);
    cups.ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL,
                      cups.cupsUser());
    cups.ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                       (int)(sizeof want / sizeof want[0]), NULL, want);
    if (!cups_bound(http, s->deadline)) {
        cups.ippDelete(req);
        return printer_timeout(s);
    }
    ipp_t *resp = cups.cupsDoRequest(http, req, "/"); /* frees req */
    if (!resp || cups.cupsLastError() > IPP_STATUS_OK_CONFLICTING) {
        cups.ippDelete(resp);
        if (printer_ms_left(s->deadline) == 0)
            return printer_timeout(s);
        return printer_fail(s, "%s", cups_said("the print service did not answer"));
    }
    int state = cups.ippGetInteger(cups.ippFindAttribute(resp, "printer-state", IPP_TAG_ENUM), 0);
    ipp_attribute_t *acc =
        cups.ippFindAttribute(resp, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN);
    bool accepting = !acc || cups.ippGetBoolean(acc, 0);
    const char *msg = cups.ippGetString(
        cups.ippFindAttribute(resp, "printer-state-message", IPP_TAG_TEXT), 0, NULL);
    char reasons[160];
    cups_reasons(resp, "printer-state-reasons", reasons, sizeof reasons);
    KResult rc = K_OK;
    if (state == CUPS_PRINTER_STOPPED || !accepting)
        rc = printer_fail(s, "CUPS says the queue is %s%s%s%s%s%s",
                          state == CUPS_PRINTER_STOPPED ? "stopped" : "not accepting jobs",
                          msg && msg[0] ? ": \"" : "", msg && msg[0] ? msg : "",
                          msg && msg[0] ? "\"" : "", reasons[0] ? " - " : "", reasons);
    cups.ippDelete(resp);
    return rc;
}

/* Sends the job's bytes as one raw document; the job id, or 0 with the
 * error in s. */
static int cups_submit(PrintSend *s, http_t *http, const uint8_t *data, size_t len, KResult *rc)
{
    cups_option_t *options = NULL;
    int n = cups.cupsAddOption("raw", "true", 0, &options);
    int job = 0;
    if (cups_bound(http, s->deadline))
        job = cups.cupsCreateJob(http, s->u->target, "kiosk ticket", n, options);
    cups.cupsFreeOptions(n, options);
    if (job <= 0) {
        *rc = printer_ms_left(s->deadline) == 0
                  ? printer_timeout(s)
                  : printer_fail(s, "%s", cups_said("the print service refused the job"));
        return 0;
    }
    bool ok = cups_bound(http, s->deadline) &&
              cups.cupsStartDocument(http, s->u->target, job, "receipt", CUPS_FORMAT_RAW, 1) ==
                  HTTP_STATUS_CONTINUE;
    for (size_t off = 0; ok && off < len; off += PRINTER_CHUNK) {
        size_t chunk = len - off < PRINTER_CHUNK ? len - off : PRINTER_CHUNK;
        ok = cups_bound(http, s->deadline) &&
             cups.cupsWriteRequestData(http, (const char *)data + off, chunk) ==
                 HTTP_STATUS_CONTINUE;
    }
    if (ok) {
        ok = cups_bound(http, s->deadline) &&
             cups.cupsFinishDocument(http, s->u->target) <= IPP_STATUS_OK_CONFLICTING;
    }
    if (!ok) {
        *rc = printer_ms_left(s->deadline) == 0
                  ? printer_timeout(s)
                  : printer_fail(s, "%s", cups_said("the print service refused the job"));
        cups.httpSetTimeout(http, CUPS_CANCEL_GRACE / 1000.0, NULL, NULL);
        cups.cupsCancelJob2(http, s->u->target, job, 0);
        return 0;
    }
    return job;
}

/* The job's state (Get-Job-Attributes), 0 when CUPS did not say; why gets
 * job-state-reasons and job-printer-state-message for a message. */
static int cups_job_state(http_t *http, const char *printer_uri, int job, char *why, size_t cap)
{
    static const char *const want[] = {"job-state", "job-state-reasons",
                                       "job-printer-state-message"};
    ipp_t *req = cups.ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES);
    cups.ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, printer_uri);
    cups.ippAddInteger(req, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job);
    cups.ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL,
                      cups.cupsUser());
    cups.ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                       (int)(sizeof want / sizeof want[0]), NULL, want);
    ipp_t *resp = cups.cupsDoRequest(http, req, "/");
    int state = 0;
    why[0] = '\0';
    if (resp && cups.cupsLastError() <= IPP_STATUS_OK_CONFLICTING) {
        state = cups.ippGetInteger(cups.ippFindAttribute(resp, "job-state", IPP_TAG_ENUM), 0);
        char reasons[128];
        cups_reasons(resp, "job-state-reasons", reasons, sizeof reasons);
        const char *msg = cups.ippGetString(
            cups.ippFindAttribute(resp, "job-printer-state-message", IPP_TAG_TEXT), 0, NULL);
        snprintf(why, cap, "%s%s%s", reasons, reasons[0] && msg && msg[0] ? " - " : "",
                 msg ? msg : "");
    }
    cups.ippDelete(resp);
    return state;
}

/* Follows the job until CUPS says it completed; a canceled or aborted job
 * is a failure, and one still pending, held or printing at the deadline is
 * cancelled (Cancel-Job) so that it cannot come out later. */
static KResult cups_follow(PrintSend *s, http_t *http, const char *printer_uri, int job)
{
    char why[256] = "";
    int state = 0;
    for (;;) {
        if (!cups_bound(http, s->deadline))
            break;
        state = cups_job_state(http, printer_uri, job, why, sizeof why);
        if (state == CUPS_JOB_COMPLETED)
            return K_OK;
        if (state == CUPS_JOB_CANCELED || state == CUPS_JOB_ABORTED)
            return printer_fail(s, "CUPS %s job %d%s%s",
                                state == CUPS_JOB_ABORTED ? "aborted" : "canceled", job,
                                why[0] ? ": " : "", why);
        int left = printer_ms_left(s->deadline);
        if (left == 0)
            break;
        struct timespec nap = {0, (left < CUPS_POLL_MS ? left : CUPS_POLL_MS) * 1000000L};
        nanosleep(&nap, NULL);
    }
    /* The deadline: cancel, with a short grace of its own.  On a busy
     * machine the job may not have been looked at once before it (sending
     * it took the time): ask once more, so that the message says what
     * CUPS says rather than guess "still waiting". */
    cups.httpSetTimeout(http, CUPS_CANCEL_GRACE / 1000.0, NULL, NULL);
    if (state == 0)
        state = cups_job_state(http, printer_uri, job, why, sizeof why);
    if (state == CUPS_JOB_COMPLETED)
        return K_OK;
    bool cancelled = cups.cupsCancelJob2(http, s->u->target, job, 0) <= IPP_STATUS_OK_CONFLICTING;
    const char *was = state == CUPS_JOB_HELD         ? "held"
                      : state == CUPS_JOB_PROCESSING ? "still printing"
                      : state == CUPS_JOB_STOPPED    ? "stopped"
                                                     : "still waiting";
    return printer_fail(s, "job %d %s after %d ms%s%s%s, %s", job, was, s->timeout_ms,
                        why[0] ? " (CUPS says: " : "", why, why[0] ? ")" : "",
                        cancelled ? "cancelled" : "could not cancel it");
}

KResult printer_send_cups(PrintSend *s, const uint8_t *data, size_t len)
{
    char why[200];
    if (!lazylib_load(&lazy_libcups, why, sizeof why))
        return printer_fail(s, "%s", why);
    int left = printer_ms_left(s->deadline);
    http_t *http = cups.httpConnect2(cups.cupsServer(), cups.ippPort(), NULL, AF_UNSPEC,
                                     cups.cupsEncryption(), 1, left, NULL);
    if (!http)
        return printer_fail(s, "cannot reach the print service (is CUPS running?)");
    char printer_uri[HTTP_MAX_URI];
    cups.httpAssembleURIf(HTTP_URI_CODING_ALL, printer_uri, sizeof printer_uri, "ipp", NULL,
                          "localhost", cups.ippPort(), "/printers/%s", s->u->target);
    KResult rc = cups_check_queue(s, http, printer_uri);
    int job = 0;
    if (rc == K_OK)
        job = cups_submit(s, http, data, len, &rc);
    if (job > 0) {
        s->sent = len;
        rc = cups_follow(s, http, printer_uri, job);
    }
    cups.httpClose(http);
    if (rc != K_OK)
        s->sent = 0;
    return rc;
}
