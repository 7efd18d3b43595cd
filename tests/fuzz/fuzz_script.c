/* fuzz_script.c - libFuzzer target: one line of the automation script
 * (script_parse_line), on any bytes.
 *
 * Checks what a caller relies on: a command's text is valid UTF-8 inside
 * the line, a tap's id fits a widget id, and numbers are in their ranges. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk/script.h"
#include "kiosk/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *line = malloc(size + 1);
    if (!line)
        return 0;
    memcpy(line, data, size);
    line[size] = '\0';
    ScriptCmd c;
    if (script_parse_line(line, &c) == SCRIPT_LINE_CMD) {
        if (!c.text || c.text < line || c.text > line + size || !text_valid_utf8(c.text))
            abort();
        if ((c.kind == SCRIPT_TAP || c.kind == SCRIPT_PRESS) &&
            (!c.id[0] || strlen(c.id) >= sizeof c.id))
            abort();
        if ((c.kind == SCRIPT_ADVANCE || c.kind == SCRIPT_PRESS) &&
            (!isfinite(c.seconds) || c.seconds < 0 || c.seconds > SCRIPT_SECONDS_MAX))
            abort();
    }
    free(line);
    return 0;
}
