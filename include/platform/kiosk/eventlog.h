/* eventlog.h - the --events file: one JSON object per line.
 *
 * Each line has "event" and "at" (ISO 8601 with the local UTC offset and
 * milliseconds, from the kiosk's clock) and the fields the caller gives.
 * Lines are written whole and flushed, so a reader tailing the file never
 * sees half a line. */
#ifndef KIOSK_EVENTLOG_H
#define KIOSK_EVENTLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kiosk/result.h"

typedef struct EventLog EventLog;

/* Opens path for appending; NULL path gives a log that writes nothing. */
KResult eventlog_open(const char *path, EventLog **out);
void eventlog_close(EventLog *log);

/* Writes {"event":name,"at":...,<fields>}; fields is a JSON fragment of
 * members without braces ("\"id\":\"home\"") or NULL. */
void eventlog_emit(EventLog *log, int64_t at_ms, const char *name, const char *fields);

/* true once a line could not be written (disk full, closed pipe). */
bool eventlog_failed(const EventLog *log);

/* ISO 8601 local time with offset, e.g. 2026-11-28T20:31:05.123+08:00. */
void eventlog_iso8601(int64_t at_ms, char *out, size_t cap);

#endif
