/* text.h - bounded UTF-8 string helpers shared by every module.
 *
 * All kiosk text is UTF-8.  These functions never write past the given
 * capacity, always NUL-terminate (cap > 0) and never cut a character in half. */
#ifndef KIOSK_TEXT_H
#define KIOSK_TEXT_H

#include <stddef.h>
#include <stdbool.h>

/* Copies src into dst (capacity cap bytes), truncating at a character
 * boundary.  Returns true when all of src fitted. */
bool text_copy(char *dst, size_t cap, const char *src);

/* Appends src to dst as text_copy does; returns true when all of it fitted. */
bool text_append(char *dst, size_t cap, const char *src);

/* true when s is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
bool text_valid_utf8(const char *s);

/* Number of code points in a valid UTF-8 string. */
size_t text_length(const char *s);

/* Removes the last code point of s in place; no-op on "". */
void text_pop_char(char *s);

/* Decodes one code point at *s and advances *s; returns 0xFFFD on bad input
 * (advancing one byte), 0 at the end of the string. */
unsigned text_next_cp(const char **s);

/* Trims ASCII spaces, tabs and newlines at both ends, in place. */
void text_trim(char *s);

/* Writes s as a JSON string literal (with quotes) into dst; returns false if
 * it does not fit.  Control characters are escaped; UTF-8 is kept as is. */
bool text_json_quote(char *dst, size_t cap, const char *s);

#endif
