/* script.h - the automation script's lines (CONTRACT.md), parsed.
 *
 * Pure text work: no SDL, no app, no file.  run.c reads a script a line at a
 * time, parses each line here and then carries it out; the fuzzer and the
 * tests call script_parse_line directly. */
#ifndef KIOSK_SCRIPT_H
#define KIOSK_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#include "kiosk/ui.h"

/* The longest line a script may have (a scan of 10,000 characters of
 * Chinese text fits several times). */
#define SCRIPT_LINE_MAX (256 * 1024)

/* The most an advance or a press may last: 400 days. */
#define SCRIPT_SECONDS_MAX (86400.0 * 400)

typedef enum {
    SCRIPT_TAP,           /* id */
    SCRIPT_PRESS,         /* id, seconds */
    SCRIPT_TAP_AT,        /* x1, y1 */
    SCRIPT_DRAG,          /* x1, y1 -> x2, y2 */
    SCRIPT_STROKE,        /* x1, y1 (first point) -> x2, y2 (last point); text: all */
    SCRIPT_TYPE,          /* text */
    SCRIPT_KEY,           /* text: an SDL key name */
    SCRIPT_SCAN,          /* text */
    SCRIPT_ADVANCE,       /* seconds */
    SCRIPT_EXPECT_SCREEN, /* text */
    SCRIPT_EXPECT_TEXT,   /* text */
    SCRIPT_SHOT,          /* text: a file name ("" is refused when run) */
    SCRIPT_DUMP,          /* text: a file name */
    SCRIPT_WAIT_SYNC      /* seconds (real time, at most SCRIPT_WAIT_SYNC_MAX) */
} ScriptKind;

/* The longest a `wait-sync` waits for the sync worker, in real seconds. */
#define SCRIPT_WAIT_SYNC_MAX 120.0

typedef struct {
    ScriptKind kind;
    char id[WIDGET_ID_MAX];
    double seconds;
    int x1, y1, x2, y2;
    const char *text; /* points into the line given to script_parse_line */
} ScriptCmd;

typedef enum {
    SCRIPT_LINE_CMD = 0, /* *out holds a command */
    SCRIPT_LINE_BLANK,   /* blank or a comment: nothing to do */
    SCRIPT_LINE_BAD      /* malformed: unknown command, bad numbers, not UTF-8 */
} ScriptLineResult;

/* Parses one line (without its newline; a trailing "\r" is dropped) in
 * place: the line is cut into pieces and out->text points into it, so it
 * must outlive *out.  Commands that carry text (type, scan, expect-text)
 * take the rest of the line as it is; for the others " #" starts a comment
 * and trailing blanks are dropped.  Never reads past the terminating NUL. */
ScriptLineResult script_parse_line(char *line, ScriptCmd *out);

/* The next "X,Y" of a stroke's points (ScriptCmd.text of SCRIPT_STROKE),
 * moving *s past it; false at the end. */
bool script_next_point(const char **s, int *x, int *y);

#endif
