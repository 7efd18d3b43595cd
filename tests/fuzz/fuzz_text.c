/* fuzz_text.c - libFuzzer target: UTF-8 text editing, as the describe and
 * details screens do it (textfield.c over text.c), on any bytes.
 *
 * The input is a list of operations: a byte 0-3 picks one (insert the next
 * chunk, Backspace, another key, trim), a byte gives the chunk's length.
 * After every operation the field must be valid UTF-8 with no control
 * characters, within its character limit and its buffer; text_copy,
 * text_append, text_json_quote and text_next_cp are exercised on the raw
 * chunks too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/screens/textfield.h"
#include "kiosk/request.h"
#include "kiosk/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_field(const char *buf, size_t cap, size_t max_chars)
{
    size_t n = strnlen(buf, cap);
    if (n >= cap || !text_valid_utf8(buf) || text_length(buf) > max_chars)
        abort();
    for (const char *p = buf; *p;) {
        unsigned cp = text_next_cp(&p);
        if (cp < 0x20 || cp == 0x7F || cp == 0xFFFD)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char desc[REQ_DESC_MAX] = "";
    char name[REQ_NAME_MAX] = "";
    char small[7] = ""; /* a buffer smaller than its character limit allows */
    size_t i = 0;
    while (i + 2 <= size) {
        unsigned op = data[i] % 4;
        size_t len = data[i + 1];
        i += 2;
        if (len > size - i)
            len = size - i;
        char chunk[256];
        memcpy(chunk, data + i, len);
        chunk[len] = '\0';
        i += len;
        switch (op) {
        case 0:
            /* What app_text passes on is valid UTF-8; the field takes any. */
            textfield_insert(desc, sizeof desc, REQ_DESC_CHARS, chunk);
            textfield_insert(name, sizeof name, REQ_NAME_CHARS, chunk);
            textfield_insert(small, sizeof small, 5, chunk);
            break;
        case 1:
            textfield_key(desc, "Backspace");
            textfield_key(name, "Backspace");
            textfield_key(small, "Backspace");
            break;
        case 2:
            if (textfield_key(desc, chunk) != (strcmp(chunk, "Backspace") == 0))
                abort();
            break;
        case 3: text_trim(name); break;
        }
        check_field(desc, sizeof desc, REQ_DESC_CHARS);
        check_field(name, sizeof name, REQ_NAME_CHARS);
        check_field(small, sizeof small, 5);

        /* the helpers on the raw chunk */
        char copy[16], quoted[64];
        bool fits = text_copy(copy, sizeof copy, chunk);
        if (strlen(copy) >= sizeof copy || (fits && strcmp(copy, chunk) != 0))
            abort();
        if (text_valid_utf8(chunk) && !text_valid_utf8(copy))
            abort(); /* a cut never splits a character */
        text_append(copy, sizeof copy, chunk);
        if (strlen(copy) >= sizeof copy)
            abort();
        if (text_json_quote(quoted, sizeof quoted, chunk) && quoted[0] != '"')
            abort();
        size_t steps = 0;
        for (const char *p = chunk; *p && steps <= len; steps++)
            text_next_cp(&p);
        if (steps > len)
            abort(); /* text_next_cp always moves on */
    }
    return 0;
}
