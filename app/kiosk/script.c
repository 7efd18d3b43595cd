/* script.c - parses the automation script's lines (script.h).
 *
 * Kept apart from run.c, which carries the commands out on a live app, so
 * that the parser can be fuzzed and tested without a display. */
#include "kiosk/script.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk/text.h"

static bool parse_double(const char *s, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || !isfinite(v))
        return false;
    while (*end == ' ')
        end++;
    if (*end)
        return false;
    *out = v;
    return true;
}

/* One integer coordinate, then blanks; *s moves past them.  Coordinates
 * are kept well inside int so that sums and midpoints cannot overflow. */
static bool parse_coord(const char **s, char sep, int *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(*s, &end, 10);
    if (end == *s || errno || v < -1000000 || v > 1000000)
        return false;
    if (sep) {
        if (*end != sep)
            return false;
        end++;
    } else {
        while (*end == ' ')
            end++;
    }
    *out = (int)v;
    *s = end;
    return true;
}

/* n coordinates separated by blanks, and nothing after them. */
static bool parse_coords(const char *s, int n, int *v)
{
    for (int i = 0; i < n; i++)
        if (!parse_coord(&s, 0, &v[i]))
            return false;
    return *s == '\0';
}

bool script_next_point(const char **s, int *x, int *y)
{
    return **s && parse_coord(s, ',', x) && parse_coord(s, 0, y);
}

/* "X,Y X,Y ...": the first and the last point; text keeps all of them. */
static bool parse_stroke(const char *s, ScriptCmd *out)
{
    int n = 0;
    out->text = s;
    while (*s) {
        int x, y;
        if (!parse_coord(&s, ',', &x) || !parse_coord(&s, 0, &y))
            return false;
        if (n++ == 0) {
            out->x1 = x;
            out->y1 = y;
        }
        out->x2 = x;
        out->y2 = y;
    }
    return n > 0;
}

/* A widget id: not empty, and no widget id is longer than WIDGET_ID_MAX. */
static ScriptLineResult parse_id(const char *arg, ScriptCmd *out)
{
    return *arg && text_copy(out->id, sizeof out->id, arg) ? SCRIPT_LINE_CMD : SCRIPT_LINE_BAD;
}

static const struct {
    const char *name;
    ScriptKind kind;
} commands[] = {
    {"tap", SCRIPT_TAP},
    {"press", SCRIPT_PRESS},
    {"tap-at", SCRIPT_TAP_AT},
    {"drag", SCRIPT_DRAG},
    {"stroke", SCRIPT_STROKE},
    {"type", SCRIPT_TYPE},
    {"key", SCRIPT_KEY},
    {"scan", SCRIPT_SCAN},
    {"advance", SCRIPT_ADVANCE},
    {"expect-screen", SCRIPT_EXPECT_SCREEN},
    {"expect-text", SCRIPT_EXPECT_TEXT},
    {"shot", SCRIPT_SHOT},
    {"dump", SCRIPT_DUMP},
    {"wait-sync", SCRIPT_WAIT_SYNC},
};

ScriptLineResult script_parse_line(char *line, ScriptCmd *out)
{
    memset(out, 0, sizeof *out);
    line[strcspn(line, "\r\n")] = '\0';
    char *p = line;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '\0' || *p == '#')
        return SCRIPT_LINE_BLANK;
    char *cmd = p;
    char *arg = strchr(p, ' ');
    if (arg)
        *arg++ = '\0';
    else
        arg = p + strlen(p);
    size_t which = 0, count = sizeof commands / sizeof commands[0];
    while (which < count && strcmp(cmd, commands[which].name) != 0)
        which++;
    if (which == count)
        return SCRIPT_LINE_BAD;
    ScriptKind kind = commands[which].kind;
    out->kind = kind;
    if (kind != SCRIPT_TYPE && kind != SCRIPT_SCAN && kind != SCRIPT_EXPECT_TEXT) {
        char *hash = strstr(arg, " #");
        if (hash)
            *hash = '\0';
        if (*arg == '#')
            *arg = '\0';
        size_t len = strlen(arg);
        while (len > 0 && (arg[len - 1] == ' ' || arg[len - 1] == '\t'))
            arg[--len] = '\0';
    }
    if (!text_valid_utf8(arg))
        return SCRIPT_LINE_BAD;
    out->text = arg;
    switch (kind) {
    case SCRIPT_PRESS: {
        char *sp = strchr(arg, ' ');
        if (!sp || !parse_double(sp + 1, &out->seconds) || out->seconds < 0 ||
            out->seconds > SCRIPT_SECONDS_MAX)
            return SCRIPT_LINE_BAD;
        *sp = '\0';
        return parse_id(arg, out);
    }
    case SCRIPT_TAP: return parse_id(arg, out);
    case SCRIPT_TAP_AT: {
        int v[2];
        if (!parse_coords(arg, 2, v))
            return SCRIPT_LINE_BAD;
        out->x1 = v[0];
        out->y1 = v[1];
        return SCRIPT_LINE_CMD;
    }
    case SCRIPT_DRAG: {
        int v[4];
        if (!parse_coords(arg, 4, v))
            return SCRIPT_LINE_BAD;
        out->x1 = v[0];
        out->y1 = v[1];
        out->x2 = v[2];
        out->y2 = v[3];
        return SCRIPT_LINE_CMD;
    }
    case SCRIPT_STROKE: return parse_stroke(arg, out) ? SCRIPT_LINE_CMD : SCRIPT_LINE_BAD;
    case SCRIPT_ADVANCE:
        return parse_double(arg, &out->seconds) && out->seconds >= 0 &&
                       out->seconds <= SCRIPT_SECONDS_MAX
                   ? SCRIPT_LINE_CMD
                   : SCRIPT_LINE_BAD;
    case SCRIPT_WAIT_SYNC:
        return parse_double(arg, &out->seconds) && out->seconds > 0 &&
                       out->seconds <= SCRIPT_WAIT_SYNC_MAX
                   ? SCRIPT_LINE_CMD
                   : SCRIPT_LINE_BAD;
    case SCRIPT_KEY:
    case SCRIPT_SCAN:
    case SCRIPT_EXPECT_TEXT: return *arg ? SCRIPT_LINE_CMD : SCRIPT_LINE_BAD;
    case SCRIPT_TYPE:
    case SCRIPT_EXPECT_SCREEN:
    case SCRIPT_SHOT:
    case SCRIPT_DUMP: return SCRIPT_LINE_CMD;
    }
    return SCRIPT_LINE_BAD;
}
