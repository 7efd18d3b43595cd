/* keypad.h - the large numeric keypad (ids PREFIX.0 .. PREFIX.9, PREFIX.del,
 * PREFIX.ok), used for phone numbers now and the staff PIN later. */
#ifndef KIOSK_SCREENS_KEYPAD_H
#define KIOSK_SCREENS_KEYPAD_H

#include "kiosk/app.h"

/* The columns of a keypad screen: on a landscape screen the field and its
 * messages on the left half, the keypad on the right; on a portrait one
 * both are the whole body (the caller puts the keypad below). */
void keypad_columns(const App *a, Rect body, Rect *left, Rect *pad);

/* Lays out 1-9, then del, 0, ok in four rows filling area. */
void keypad_build(App *a, UiList *ui, Rect area, const char *prefix);

/* The height four rows of keys need to be a finger's size (88 px each). */
int keypad_min_h(const App *a);

/* For an area too low for keypad_min_h (a small portrait screen): 1-8 in two
 * rows of four, then 9, 0, del, ok, so each key is still 88 px tall. */
void keypad_build_wide(App *a, UiList *ui, Rect area, const char *prefix);

/* For a widget id of this keypad: the digit ('0'..'9'), 'd' for del, 'k'
 * for ok; 0 when the id is not one of its keys. */
char keypad_key(const char *prefix, const char *id);

#endif
