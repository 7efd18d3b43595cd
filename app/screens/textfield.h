/* textfield.h - editing a bounded UTF-8 field with committed text, shared by
 * the screens that take free text (describe, details).  Private to screens. */
#ifndef KIOSK_SCREENS_TEXTFIELD_H
#define KIOSK_SCREENS_TEXTFIELD_H

#include <stdbool.h>
#include <stddef.h>

/* Appends committed text (from a keyboard, an input method or a script),
 * dropping control characters and stopping at max_chars characters or the
 * buffer's capacity.  Returns true when anything was added. */
bool textfield_insert(char *buf, size_t cap, size_t max_chars, const char *utf8);

/* Handles an editing key: "Backspace" removes one whole character.  Returns
 * true when the key was an editing key. */
bool textfield_key(char *buf, const char *key);

#endif
