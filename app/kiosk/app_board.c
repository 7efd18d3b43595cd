/* app_board.c - the calling board's action: re-reading today's walk-in
 * numbers when the database changed (`kiosk --board`). */
#include "kiosk/app_board.h"

#include <stdio.h>
#include <string.h>

#include "kiosk/speech.h"
#include "kiosk/store.h"
#include "kiosk/text.h"

/* ---- the board ---- */

void app_board_poll(App *a)
{
    char day[CFG_DAY_MAX] = "";
    booking_local_day(app_now_ms(a) / 1000, day);
    int64_t v = store_data_version(a->store);
    a->board.checked_ms = app_mono_ms(a);
    /* Nothing committed and the same day: nothing to read.  (-1 is a
     * failure to ask: read anyway.) */
    if (v != -1 && v == a->board.version && strcmp(day, a->board.day) == 0)
        return;
    WalkIn rows[sizeof a->board.rows / sizeof a->board.rows[0]];
    int count = 0, waiting = 0;
    KResult rc = store_walkin_recent(a->store, app_now_ms(a) / 1000, rows,
                                     (int)(sizeof rows / sizeof rows[0]), &count, &waiting);
    if (rc != K_OK) {
        app_store_error(a, "board", rc);
        return; /* shown as it was; tried again in a second */
    }
    bool changed = count != a->board.count || waiting != a->board.waiting ||
                   (count > 0 && rows[0].id != a->board.rows[0].id);
    /* A number just called: said twice, after a chime (not the rows the
     * board finds when it starts). */
    if (count > 0 && rows[0].counter > 0 && a->board.version != 0 &&
        (a->board.count == 0 || rows[0].id != a->board.rows[0].id ||
         rows[0].called_at != a->board.rows[0].called_at) &&
        a->cfg.voice_enabled) {
        char said[160];
        app_say(a, speech_call(a->lang, rows[0].number, rows[0].counter, said, sizeof said),
                "[\"board.call\"]", true, 2);
    }
    memcpy(a->board.rows, rows, sizeof rows);
    a->board.count = count;
    a->board.waiting = waiting;
    a->board.version = v;
    text_copy(a->board.day, sizeof a->board.day, day);
    if (changed && count > 0) {
        char fields[64];
        snprintf(fields, sizeof fields, "\"now\":\"%s\",\"waiting\":%d", rows[0].number, waiting);
        app_event(a, "board_shown", fields);
    }
    app_changed(a);
}
