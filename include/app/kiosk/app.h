/* app.h - the kiosk application's shell: the screen stack, input routing,
 * idle handling, the theme, the widget list, clocks and events; and App,
 * which nests each feature's state under the shell's own fields.
 *
 * Input arrives as logical events (a tap at a point, committed text, a key,
 * a scanner burst) from the platform loop or the automation script; the app
 * hit-tests them against the current widget list and hands them to the
 * current screen.  Each feature (request, booking, ticket and printing,
 * staff desk, statistics, board, maintenance, input panel) is a slice: its
 * state nested here (a->booking, a->staff, ...), its actions declared in
 * its own header (app_<feature>.h, imepanel.h) and run in app/kiosk/, its
 * screens in app/screens/.  A screen includes this header and its slice's,
 * gets its data from actions run when it is entered (Screen.enter) or when
 * what it shows changes, and never touches SQL (store.h is not included
 * here) or SDL. */
#ifndef KIOSK_APP_H
#define KIOSK_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kiosk/activity.h"
#include "kiosk/booking.h"
#include "kiosk/config.h"
#include "kiosk/eventlog.h"
#include "kiosk/imepanel.h"
#include "kiosk/project.h"
#include "kiosk/qr.h"
#include "kiosk/records.h"
#include "kiosk/request.h"
#include "kiosk/stats.h"
#include "kiosk/strings.h"
#include "kiosk/ticket.h"
#include "kiosk/ui.h"
#include "kiosk/volunteer.h"

typedef struct App App;
typedef struct Store Store; /* store.h: the database, opaque here */

enum { NAV_BACK = 1, NAV_HOME = 2, NAV_NEXT = 4 };

/* A free-text field a screen offers to the on-screen input panel. */
typedef struct {
    const char *text; /* what it holds now (UTF-8) */
    int max_chars;    /* its length limit in characters */
    StringKey label;  /* what it is for, shown above it while editing */
} TextField;

/* One screen: a descriptor of functions (any but build may be NULL). */
typedef struct {
    const char *id;               /* "home", "review", ... */
    unsigned nav;                 /* NAV_* buttons in the bottom bar */
    StringKey next_label;         /* label of nav.next (S_NEXT) */
    void (*enter)(App *a);        /* pushed or returned to */
    const char *(*title)(App *a); /* the header text; NULL: build draws the header */
    void (*build)(App *a, UiList *ui, Rect body);
    /* A tap on a widget of this screen or the nav bar; returns false to let
     * the app handle nav.back and nav.home the usual way. */
    bool (*tap)(App *a, const char *id);
    void (*text)(App *a, const char *utf8); /* committed text */
    void (*key)(App *a, const char *name);  /* SDL key name: Backspace, Return */
    /* A finger dragged dy px (down positive) on this screen: lists scroll;
     * also called for momentum after the finger lifts. */
    void (*drag)(App *a, double dy);
    /* A free-text field of this screen by widget id: fills f and returns
     * true, so a tap on it opens the input panel (text then arrives
     * through text and key like a keyboard's). */
    bool (*field)(App *a, const char *id, TextField *f);
    /* true while the screen shows a finished result (a ticket, a walk-in
     * number's state, a cancellation done): the idle warning never covers
     * it (the resident may be photographing its QR code); after [idle]
     * result_after seconds the kiosk goes home quietly (idle_reset). */
    bool (*finished)(App *a);
} Screen;

/* The residents' home: the root of the stack outside staff mode.  Each
 * feature's screens are declared in its own header (app_<feature>.h). */
extern const Screen screen_home;

/* Which path the resident is on: the phone, review and ticket screens serve
 * both. */
typedef enum { FLOW_REQUEST = 0, FLOW_BOOKING, FLOW_VOLUNTEER, FLOW_ACTIVITY } Flow;

#define APP_STACK_MAX 16
#define APP_MSG_MAX 256
#define APP_SPEAK_MAX 4096
#define APP_SPEAK_REF_MAX 1024
#define APP_INTEGRITY_FIRST_MS 3000     /* after start, before the first full check */
#define APP_INTEGRITY_EVERY_MS 86400000 /* then once a day */
#define APP_MIN_TEXT_PX 36              /* no text smaller, whatever the view */
#define APP_LARGE_SCALE 1.25            /* "larger text": text and targets */
#define APP_CONFIRM_GUARD_MS 600        /* taps ignored after a ticket appears */

/* What the app was started with. */
typedef struct {
    const char *db_path;
    const char *key_path;
    const char *events_path;
    int width, height;
    bool board; /* the calling board, not the kiosk */
} AppOptions;

/* One of today's bookings as the today screen lists it (no phone). */
typedef struct {
    int64_t id;
    int slot; /* its start, minutes after midnight */
    char number[TICKET_NUMBER_MAX];
    char service[CFG_CODE_MAX];
    char name[REQ_NAME_MAX];
    char status[16];    /* BOOKING_* */
    BookingState state; /* the same, typed */
} TodayRow;

#define TODAY_MAX 200     /* today's bookings listed */
#define STAFF_PICK_MAX 24 /* accounts on the pick-your-name screen */
#define ASSIGNEES_MAX 24  /* whom a request can be assigned to */
#define QUEUE_CACHE 240   /* queue rows kept around the visible ones */
#define QUEUE_PAGE 12     /* rows fetched a page at a time (keyset) */
#define QUEUE_MARKS 1024  /* half-windows remembered: 120,000 rows deep */
#define STAFF_IDLE_MS (2 * 60 * 1000)
#define STAFF_IDLE_WARN_MS (20 * 1000) /* the warning before it, with a countdown */
#define STAFF_LONG_PRESS_MS 3000
#define SCREENTEST_CELLS 24

/* How the ticket on screen is printing: the kiosk layer builds the job and
 * a queue sends it off the UI thread; the app only knows the state to show.
 * PRINT_UNCONFIRMED: sent, but the printer never said it printed. */
typedef enum {
    PRINT_NONE,
    PRINT_WANTED,
    PRINT_SENDING,
    PRINT_DONE,
    PRINT_FAILED,
    PRINT_UNCONFIRMED
} PrintState;

/* The state of each feature, nested in App (as raylib nests CORE.Input):
 * the shell's own fields stay at the top of App, and each slice's actions
 * (include/kiosk/app_<slice>.h) and screens work on their own part. */

/* The resident's session (app_request.h): wiped on idle reset and after a
 * ticket. */
typedef struct {
    /* ways of seeing picked on home (home.large, home.contrast) and read
     * aloud (home.voice): they stay while the resident goes home and back,
     * and end with the session like the language does */
    bool large_text, high_contrast, voice_on;
    /* the loudness read aloud speaks at, 20-100 (speech.louder and
     * speech.softer in steps of 20), the configured volume at the start */
    int volume;
    Flow flow; /* the request path or the booking path */
    RequestDraft draft;
    bool draft_touched;
    bool sms;       /* phone.sms: text me updates (issue 23), off until turned on */
    int addr_step;  /* address picker: 0 building .. 3 room */
    int addr_floor; /* the floor picked before the room */
    /* where the address picker writes (the request's or the booking's
     * address), each REQ_ADDR_MAX bytes */
    char *addr_building, *addr_unit, *addr_room;
} AppSession;

/* Reading aloud (app.h: app_say, app_speech_text): what to say next, for
 * the kiosk layer to hand to the voice; seq counts requests, hush_seq taps
 * that cut speech off. */
typedef struct {
    char text[APP_SPEAK_MAX];
    /* what text was made of, for the event log: a JSON array of the widget
     * ids read out (never the text: an address step or an escort's pick-up
     * says the resident's home) */
    char ref[APP_SPEAK_REF_MAX];
    Lang lang;
    bool chime;
    int repeat;
    int volume; /* 0-100, this request's */
    unsigned seq, hush_seq;
    bool screen;  /* the screen changed: say it once it is built */
    bool message; /* a message was set: say it, even if it is the same again */
    /* what the last build showed (hashes of each widget's id and of its
     * text and state), so a rebuild of the same screen says what changed:
     * a message, the idle warning, a toggle, the thanks after rating */
    const void *seen_screen;
    int seen_count;
    uint32_t seen_id[UI_MAX_WIDGETS], seen_val[UI_MAX_WIDGETS];
    /* home's spoken hint that read aloud exists was given since the last
     * touch */
    bool hint_given;
} AppSpeak;

/* Booking (app_booking.h): the draft and what the screens show of the
 * store. */
typedef struct {
    BookingDraft draft;
    CfgService service; /* the service being booked, as stored */
    int service_count;
    CfgService services[CFG_MAX_SERVICES]; /* the active ones, for the list */
    int day_count;
    DayAvail days[BOOK_MAX_DAYS]; /* availability of `service` from today */
    BookRefusal refusal;          /* why the last booking was refused */
    bool refusal_set;
    int slot_page;       /* the slot screen's page; -1: the one holding draft.slot */
    char age_text[4];    /* the age as typed on the keypad */
    BookingRecord shown; /* a booking found by scanning its ticket */
    char check_number[TICKET_NUMBER_MAX]; /* a request's ticket scanned */
    bool shown_cancelled;                 /* it was just cancelled here */
    /* the shown booking is another site's (the district copy): that site
     * and when the copy was pulled ("" for this site's own) */
    char shown_site[24];
    int64_t shown_pulled_at;
    StringKey cancel_reason; /* the reason picked, asked once more */
    int64_t swept_at_ms;     /* when no-shows were last marked (kiosk clock) */
} AppBooking;

/* The ticket just issued and its printing (app_ticket.h). */
typedef struct {
    Ticket issued; /* on screen (or the test page being printed) */
    int hours;     /* a request's promised response time, in hours */
    int ahead;     /* a walk-in number: how many waited before it */
    QrMatrix qr;
    RequestDraft receipt_req;  /* category, issue and phone for the receipt */
    BookingDraft receipt_book; /* service, day, slot, pickup, phone (last 4) */
    bool has_printer;
    double print_render_ms; /* how long the last receipt took to render */
    PrintState print_state;
    double confirm_started_ms; /* benchmark: confirm tap to ticket frame */
} AppTicket;

/* The keyboard-wedge scanner (app.c): text that may be a ticket payload is
 * held until Return (a scan) or a pause (ordinary typing). */
typedef struct {
    char text[TICKET_PAYLOAD_MAX + 8];
    size_t len;
    bool overflow; /* a scan longer than text went on: none of ours */
    int64_t at;
    int64_t last_ms; /* when the last held character came */
} AppWedge;

/* A finger moving on a scrollable list (app.c). */
typedef struct {
    int y;           /* where the finger is now, -1 none */
    int start_y;     /* where it went down */
    bool active;     /* moved far enough to be a drag, not a tap */
    double velocity; /* px per ms of the last move (momentum) */
    int64_t moved_at_ms;
} AppDrag;

/* Maintenance (app_maint.h): the screen test, the touch check, the
 * scheduled jobs and a database that failed its check. */
typedef struct {
    struct {
        bool done;
        int x, y;
    } calib[4];        /* the touch check's corners */
    char db_path[512]; /* shown on the maintenance screen */
    /* the last backup, read when the maintenance screen is entered */
    bool backup_known;
    int64_t backup_at;
    char backup_where[512];
    bool screen_cells[SCREENTEST_CELLS]; /* the screen test's touched cells */
    /* a database that failed its check at start: shown, never touched */
    bool broken;
    char broken_detail[APP_MSG_MAX * 2];
    int64_t backup_checked_ms; /* the scheduled backup was last considered */
    int64_t integrity_due_ms;  /* the next full integrity check (app_check_integrity_if_due) */
    /* Issue 24: the start's quick_check, and the writes that wait for it,
     * run once the first frame is on screen (app_start_check). */
    bool start_pending;
    bool start_failed;   /* those writes failed: the kiosk exits (K_EXIT_ENV) */
    bool signer_pending; /* signer is loaded; the store records it after the check */
    TicketSigner signer;
    const char *key_path; /* AppOptions' (kept by the caller as long as the App) */
    bool key_loaded;      /* the HMAC key is in App.key */
    bool sign_done;       /* the site's key pair was read or made (or cannot be) */
    /* the district link (app_sync.c), shown when [district] postgres is
     * set: from the store on entering the screen, then the worker's reports */
    bool sync_known;
    int64_t sync_last_ok; /* real clock, seconds; 0 never */
    int64_t sync_pending; /* -1 unknown */
    int sync_fail;        /* APP_SYNC_* of the last error, 0 none */
    char sync_error[256]; /* its detail (the link's or the centre's words) */
} AppMaint;

/* Texts to residents (app_sms.h, issue 23): the worker's last look at the
 * outbox and at smsd, for the maintenance screen. */
typedef struct {
    int64_t checked_ms; /* the worker last ran (monotonic) */
    int state;          /* APP_SMS_* */
    int queued, handed, sent, failed;
    int64_t last_sent_at; /* real clock, seconds; 0 never */
    char error[128];      /* the last failure's reason, "" none */
    int test;             /* the test button: 0 not pressed, 1 queued, -1 refused */
} AppSms;

/* Issue 22: the station's work on the staff screens (app_project.h): the
 * projects list (overdue first), a project's details, the needs list of
 * this month, a group's recognised need and the resources matching it. */
#define APP_PROJECTS_MAX 16
#define APP_NEED_GROUPS_MAX 16
#define APP_MATCHES_MAX 6
typedef struct {
    ProjectRecord list[APP_PROJECTS_MAX];
    char owner_names[APP_PROJECTS_MAX][STAFF_NAME_MAX]; /* the owners by name */
    int count;
    ProjectRecord current;
    char owner_name[STAFF_NAME_MAX];
    char detail[WIDGET_TEXT_MAX]; /* its needs, resources, requests, milestones */
    NeedGroup groups[APP_NEED_GROUPS_MAX];
    int group_count;
    int group;       /* the group shown on screen_need */
    NeedRecord need; /* its recognised need (id 0: none) */
    ResourceRecord matches[APP_MATCHES_MAX];
    bool match_linked[APP_MATCHES_MAX]; /* in the need's unfinished project already */
    int match_count;
    ProjectFigures figures; /* of the statistics screen's period */
} AppProjects;

/* The resident's check by hand and a request's progress (app_request.h). */
typedef struct {
    char lookup_text[TICKET_LOOKUP_LEN + 1];
    char last4[5];
    RequestRecord progress; /* a request found by its ticket */
    bool rated;
    /* the steps it went through, one line each (app_progress_load) */
    char steps[WIDGET_TEXT_MAX];
    /* a walk-in number found by its ticket (app_show_walkin): its row, its
     * state and, while it waits, how many wait before it */
    WalkIn walkin;
    WalkInState walkin_state;
    int walkin_ahead;
    /* its resolution: the note written then and the name of who wrote it
     * ("" when none, or not a staff account) */
    char note[800];
    char handler[STAFF_NAME_MAX];
    /* issue 22: the title of the project handling it ("" none) */
    char project[PROJ_TITLE_MAX];
    /* a request of another site (a scanned KT3 ticket: the district copy),
     * or one referred from here (its progress there): that site, the
     * request's id there, when this kiosk last heard of it; a rating goes
     * there through the centre */
    char other_site[24];
    int64_t other_id;
    int64_t synced_at;
    bool via_referral;
} AppCheck;

/* Staff mode (app_staff.h): who is logged in (role), and what they are
 * doing. */
typedef struct {
    bool mode;
    StaffRecord who;
    char pin_text[STAFF_PIN_MAX + 1];
    char pick_login[STAFF_LOGIN_MAX];      /* the account picked on staff_pick */
    char pick_name[STAFF_NAME_MAX];        /* its name, shown over the PIN pad */
    StaffRecord pick_list[STAFF_PICK_MAX]; /* the active accounts to pick from */
    int pick_count;
    int queue_open;            /* open requests, on the staff home */
    TodayRow today[TODAY_MAX]; /* today's bookings but cancelled ones */
    int today_count;
    Assignee assignees[ASSIGNEES_MAX]; /* for the assignee screen */
    int assignee_count;
    int counter;            /* the window this staff member calls to */
    char note[APP_MSG_MAX]; /* what happened last (a scan, a call) */
    bool note_bad;          /* it was a refusal */
    /* the screen the note was said on: leaving it clears the note */
    const Screen *note_screen;
    int walkin_waiting; /* walk-in numbers still waiting today, on the staff home */
} AppStaff;

/* The staff queue and a request's detail (app_staff.h). */
typedef struct {
    /* the filter, cached rows from the top, scroll offset in px */
    char status[24]; /* "" open requests */
    char category[REQ_CODE_MAX];
    QueueRow rows[QUEUE_CACHE]; /* rows base .. base + count - 1 */
    int base;
    /* where each half-window the window slid past starts: marks[k] is the
     * key of row k * QUEUE_CACHE / 2 - 1, so scrolling back up restarts
     * near the rows wanted instead of from the top */
    QueueKey marks[QUEUE_MARKS];
    int mark_count;
    int count;
    bool end; /* the store has no more rows */
    int total;
    double scroll;
    double fetch_ms; /* the last page query, for the benchmark */
    /* a request's detail and the action being taken */
    RequestRecord detail;
    WfAction pending_action;
    int64_t pending_id; /* the request pending_action is for */
    /* refer: to another site of the district ("" a local referral), the
     * sites to choose from, and the detail's referral with its progress */
    char pending_site[24];
    DistrictSite sites[32];
    int site_count;
    ReferralOut detail_ref;
    bool detail_ref_set;
    char note_text[REQ_DESC_MAX];
    /* the detail's assignee as shown (a staff member's name) and its
     * timeline, one line per event: read with the detail */
    char detail_who[STAFF_NAME_MAX];
    char detail_timeline[WIDGET_TEXT_MAX];
} AppQueue;

/* The calling board (app_board.h): what it shows and when it last looked. */
typedef struct {
    bool on; /* this process is the board, not the kiosk */
    WalkIn rows[6];
    int count, waiting;
    int64_t version;
    char day[CFG_DAY_MAX]; /* the day the rows are of */
    int64_t checked_ms;
} AppBoard;

/* The statistics screen (app_stats.h): the period picked, the page shown,
 * the figures read for it (and how long that took, for the benchmark). */
typedef struct {
    StatsPeriodKind kind;
    StatsPeriod custom;
    int tab;
    bool ok;
    Stats figures;
    double ms;
} AppStats;

/* Volunteers (issue 21, app_volunteer.h): the application being filled,
 * what a scanned card showed, the card on screen, the staff's lists. */
#define VOL_RECENT 5     /* ledger entries shown after a scan */
#define VOL_STAFF_MAX 12 /* applications or open duties on the staff screen */
typedef struct {
    VolunteerDraft draft;
    char age_text[4];
    int64_t applied_id;
    /* a scanned card: its volunteer, what the scan did, the latest entries */
    VolunteerRecord shown;
    DutyScan scan;
    StringKey scan_msg; /* S_VOL_STARTED, _ENDED, _REPEAT or _CARD_REFUSED */
    VolunteerEntry recent[VOL_RECENT];
    int recent_count;
    /* staff: applications waiting and duties open */
    VolunteerRecord apps[VOL_STAFF_MAX];
    int app_count;
    VolunteerRecord duties[VOL_STAFF_MAX];
    int duty_count;
    char card_name[VOL_NAME_MAX]; /* the card on the ticket screen: whose */
    char passbook[1024];          /* the passbook slip being printed ("" a card) */
    /* the statistics screen's period: hours given, volunteers, by skill */
    int64_t stats_minutes;
    int stats_people;
    char stats_skills[512];
} AppVolunteer;

/* Community activities (app_activity.h, issue 20): the calendar as read
 * for the filter picked, the activity shown, the sign-up being made, a
 * sign-up found by its ticket, and staff's list of today's activities. */
#define ACT_CAL_MAX 200      /* calendar rows read (four weeks) */
#define ACT_TODAY_MAX 12     /* today's activities on the staff screen */
#define ACT_STAFF_SIGNUPS 40 /* sign-ups of one on the staff screen */
typedef struct {
    Activity rows[ACT_CAL_MAX];
    int count;
    char filter[12]; /* ACT_AUD_* or "" for every audience */
    int page;
    int per_page; /* rows the last build showed a page */
    Activity shown;
    char phone[REQ_PHONE_MAX];
    int people;
    bool refusal_set;
    ActRefusal refusal;
    ActivitySignup signup; /* just issued, or found by its ticket */
    Activity signup_of;    /* its activity */
    bool cancel_armed;     /* cancel tapped once: a second tap cancels */
    bool cancelled_here;
    StringKey note; /* what the state screen says happened (0 none) */
    Activity today[ACT_TODAY_MAX];
    int today_count;
    Activity staff_shown; /* today's activity opened by staff */
    ActivitySignup staff_rows[ACT_STAFF_SIGNUPS];
    int staff_count;
    int64_t swept_at_ms;
    /* the statistics screen's figures of its period, per audience */
    ActivityFigures fig_aud[4], fig_total;
} AppActivity;

/* The app shell: the screen stack, input routing, idle handling, theme,
 * the widget list, clocks and events; then each feature's state. */
struct App {
    Config cfg;
    Theme theme;
    Lang lang;
    int width, height;
    Store *store;
    uint8_t key[TICKET_KEY_BYTES];
    EventLog *events;

    const Screen *stack[APP_STACK_MAX];
    int depth;

    UiList ui;
    bool dirty;        /* the widget list must be rebuilt */
    bool redraw;       /* the frame must be drawn again */
    int pressed;       /* widget under a finger, -1 none */
    StringKey message; /* an error shown on the current screen, 0 none */
    bool message_set;

    int64_t clock_offset_ms; /* `advance` moves the kiosk's clock */
    int64_t last_input_ms;   /* on the monotonic clock (app_mono_ms) */
    bool finger_down;        /* a finger is on the screen: not idle */
    bool idle_warning;
    int idle_shown_seconds;
    int64_t guard_until_ms; /* taps ignored until then (after confirm) */
    /* a press: when it started, and how long the last one was held */
    int64_t press_at_ms;
    int64_t held_ms;
    int last_tap_x, last_tap_y; /* where the last finger lifted (screen tests) */
    /* Measures how many lines text takes at px in width (the renderer's
     * real wrapping); NULL without a renderer, when an estimate is used. */
    int (*measure_lines)(void *ctx, const char *text, int px, bool bold, int width);
    /* Whether a widget's text fits its box as the renderer draws it (the
     * dump's "clipped" test); NULL without a renderer. */
    bool (*text_fits)(void *ctx, const Widget *w, const Theme *t);
    /* The size a short label is drawn at so that no word of it is cut
     * (render_label_px); NULL without a renderer. */
    int (*label_px)(void *ctx, const Widget *w, const Theme *t, int min_px);
    void *measure_ctx;
    /* whether the screen's font can show code point cp; NULL without a
     * renderer (then the basic CJK block and Latin are assumed) */
    bool (*has_glyph)(void *ctx, unsigned cp);
    void *glyph_ctx;

    bool quit;
    bool wiped; /* the session was wiped: drop rendered text too */

    AppSession session;
    AppSpeak speak;
    AppWedge wedge;
    AppDrag drag;
    AppBooking booking;
    AppTicket ticket;
    AppCheck check;
    AppStaff staff;
    AppQueue queue;
    AppBoard board;
    AppStats stats;
    AppMaint maint;
    AppSms sms;
    ImeState ime;         /* the on-screen input panel (imepanel.h) */
    AppVolunteer vol;     /* volunteers (issue 21) */
    AppProjects projects; /* issue 22 */
    AppActivity activity; /* community activities (issue 20) */
};

/* Loads nothing itself: the caller fills a->cfg first.  Opens the store and
 * key, sets up the theme and the home screen.  The database's quick_check
 * and the start's writes wait for app_start_check. */
KResult app_init(App *a, const AppOptions *o, char *err, size_t errcap);

/* Once the first frame is on screen (issue 24: on a big database the check
 * reads the whole file): PRAGMA quick_check, and when it fails the
 * out-of-service screen, as app_init did before; when it passes the writes
 * of the start (the site's key recorded, new services seeded, texts set
 * up, no-shows swept).  When those fail, stderr says why and
 * a->maint.start_failed is set: the kiosk exits as a failed start did.
 * Does nothing after the first call. */
void app_start_check(App *a);
void app_shutdown(App *a);

/* The kiosk's clocks, both moved by `advance`: wall time for what is
 * recorded (tickets, events), monotonic time for timers (idle, guards), so a
 * clock step by NTP neither wipes a resident's entry nor delays the wipe. */
int64_t app_now_ms(const App *a);
int64_t app_mono_ms(const App *a);

/* Inputs. */
void app_tap(App *a, int x, int y);
void app_press(App *a, int x, int y);   /* finger down: pressed feedback */
void app_release(App *a, int x, int y); /* finger up: a tap if still on it */
void app_motion(App *a, int x, int y);  /* finger moved while down: a drag */
void app_text(App *a, const char *utf8);
void app_key(App *a, const char *name);
void app_scan(App *a, const char *payload);

/* Runs timers (idle warning, countdown, reset).  Returns the milliseconds
 * until it next needs to run, or -1 when nothing is pending. */
int app_tick(App *a);

/* Rebuilds the widget list if the state changed; returns true when the
 * frame needs drawing. */
bool app_update(App *a);

const char *app_screen_id(const App *a);
const Screen *app_screen(const App *a);

/* Navigation. */
void app_push(App *a, const Screen *s);
void app_back(App *a);
/* Back to the screen s deeper in the stack (entered again), skipping what
 * is above it; one step back when s is not on the stack. */
void app_back_to(App *a, const Screen *s);
void app_home(App *a);
void app_set_lang(App *a, Lang lang);

/* Larger text (text and targets times 1.25) and high contrast: rebuilds the
 * theme and the screen; event "view_changed". */
void app_set_view(App *a, bool large_text, bool high_contrast);

/* The largest font size from px down (never below APP_MIN_TEXT_PX, the
 * floor for any text) at which text fits width x height as the renderer
 * wraps it: larger text in the densest grids gives a little back rather
 * than clip. */
int app_fit_px(const App *a, const char *text, int px, int width, int height);

/* Read aloud on or off (home.voice); event "voice_changed". */
void app_set_voice(App *a, bool on);

/* What a resident screen says when read aloud: its title and its choices
 * (the header, the prompt, the enabled buttons but the bottom bar's; on
 * home the larger-text and high-contrast toggles last), ticket numbers as
 * people say them ("A 零四二"), joined into sentences.  ref (refcap
 * bytes) gets the ids of the widgets said, in order, as a JSON array. */
void app_speech_text(const App *a, char *out, size_t cap, char *ref, size_t refcap);

/* Asks for text to be said (the kiosk layer picks it up): repeat times, a
 * chime first when chime; an empty text stops speech.  ref is what the
 * "speak" event logs instead of the text: a JSON array of the widget ids
 * (or names) it was made of, never personal text; NULL logs []. */
void app_say(App *a, const char *text, const char *ref, bool chime, int repeat);

/* Forgets the resident's session (sodium_memzero) and goes home.  reason
 * is "home" (the resident went home: the language stays), "done" (after a
 * ticket) or "idle" (logged as idle_reset); the last two also restore the
 * configured language. */
void app_reset(App *a, const char *reason);

/* Marks the state changed (rebuild and redraw). */
void app_changed(App *a);
void app_set_message(App *a, StringKey msg);
void app_clear_message(App *a);

/* true when the kiosk's font can show every character of text. */
bool app_can_show(App *a, const char *text);

/* The text of a string key in the current language. */
const char *app_str(const App *a, StringKey k);
const char *app_lang_code(const App *a);

/* A plain word for a request's status ("已受理") in the current language. */
const char *app_status_word(const App *a, const char *status);

/* Events with the kiosk's clock. */
void app_event(App *a, const char *name, const char *fields);

/* An "error" event for a store call that failed: where, the result and the
 * store's message. */
void app_store_error(App *a, const char *where, KResult rc);

/* Lines text will take at px in width: measured when the renderer is
 * there, estimated (ui_estimate_lines) when not. */
int app_text_lines(const App *a, const char *text, int px, int width);
/* The same for bold text, which is wider. */
int app_bold_lines(const App *a, const char *text, int px, int width);

/* Shared layout pieces for screens. */
Rect app_body(const App *a);
/* Formats an address ("3栋 2单元 1203室", the building in the screen's
 * language) from the picker's building (its Chinese name), unit and room. */
void app_format_address(const App *a, const char *building_zh, const char *unit, const char *room,
                        char *out, size_t cap);

#endif
