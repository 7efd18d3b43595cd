/* app_board.h - the calling board (`kiosk --board`): the walk-in numbers called.
 *
 * A feature slice of the app: its state is nested in App (a->board; app.h),
 * its actions are declared here and run in app/kiosk/, and its screens in
 * app/screens/ include this header for what they may ask for.  Actions read
 * and write the store; screens only show the slice's state. */
#ifndef KIOSK_APP_BOARD_H
#define KIOSK_APP_BOARD_H

#include "kiosk/app.h"

extern const Screen screen_board;

/* The board: re-reads the walk-in numbers when the database changed. */
void app_board_poll(App *a);

#endif
