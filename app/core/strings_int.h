/* strings_int.h - private to the string catalogues. */
#ifndef KIOSK_STRINGS_INT_H
#define KIOSK_STRINGS_INT_H
#include "kiosk/strings.h"
extern const char *const strings_zh[S__COUNT];
extern const char *const strings_en[S__COUNT];
#endif
