/* app_request.c - the resident's side of a request after its ticket: finding
 * a ticket by hand (lookup code and the phone's last 4 digits; a walk-in
 * number's code alone), a request's progress with the steps it went
 * through, rating it once resolved, and a walk-in number's state.
 * (Filing the request itself is app.c's app_submit_request.) */
#include "kiosk/app_request.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kiosk/app_booking.h"
#include "kiosk/store.h"
#include "kiosk/text.h"

typedef struct {
    const App *a;
    char text[WIDGET_TEXT_MAX];
    char note[800];                             /* of the last move to resolved */
    char actor[sizeof((StoreEvent *)0)->actor]; /* who made it */
} Steps;

/* The JSON string value of key in a flat object (a store event's detail),
 * unescaped, into out; "" when absent or malformed.  The store writes it
 * with text_json_quote: short escapes, \u00XX for control characters
 * (dropped here), UTF-8 as is. */
static void json_string_of(const char *json, const char *key, char *out, size_t cap)
{
    char pat[40];
    size_t o = 0;
    out[0] = '\0';
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *p = strstr(json, pat);
    if (!p || cap == 0)
        return;
    for (p += strlen(pat); *p && *p != '"'; p++) {
        char c = *p;
        if (c == '\\') {
            p++;
            switch (*p) {
            case 'n': c = '\n'; break;
            case 't': c = ' '; break;
            case 'r':
            case 'b':
            case 'f': continue;
            case 'u':
                /* only control characters are escaped this way: drop */
                for (int i = 0; i < 4 && p[1]; i++)
                    p++;
                continue;
            case '"':
            case '\\':
            case '/': c = *p; break;
            default: out[0] = '\0'; return; /* malformed or cut short */
            }
        }
        if (o + 1 >= cap)
            break;
        out[o++] = c;
    }
    out[o] = '\0';
    while (o > 0 && !text_valid_utf8(out)) /* cut inside a character */
        out[--o] = '\0';
}

/* One line per step the request went through: "11月28日 14:05 已受理". */
static int step_line(const StoreEvent *e, void *user)
{
    Steps *s = user;
    const char *to = strstr(e->detail, "\"to\":\"");
    char state[24] = "submitted";
    if (to) {
        to += 6;
        size_t n = strcspn(to, "\"");
        if (n >= sizeof state)
            return 0;
        memcpy(state, to, n);
        state[n] = '\0';
    } else if (strcmp(e->kind, "request_submitted") != 0) {
        return 0;
    }
    if (strcmp(state, "resolved") == 0) {
        json_string_of(e->detail, "note", s->note, sizeof s->note);
        text_copy(s->actor, sizeof s->actor, e->actor);
    }
    time_t tt = (time_t)e->at;
    struct tm tm = {0};
    char date[64], day[48], line[160];
    localtime_r(&tt, &tm);
    snprintf(day, sizeof day, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    strings_date(s->a->lang, day, booking_weekday(day), date, sizeof date);
    snprintf(line, sizeof line, "%s %02d:%02d  %s", date, tm.tm_hour, tm.tm_min,
             app_status_word(s->a, state));
    if (s->text[0])
        text_append(s->text, sizeof s->text, "\n");
    text_append(s->text, sizeof s->text, line);
    return 0;
}

void app_progress_load(App *a)
{
    static Steps steps;
    steps.a = a;
    steps.text[0] = steps.note[0] = steps.actor[0] = '\0';
    store_list_events(a->store, "request", a->check.progress.id, step_line, &steps);
    text_copy(a->check.steps, sizeof a->check.steps, steps.text);
    /* The resolution's note, and who resolved it by name (王丽, not the
     * login wang); nobody named for an admin command or a removed login. */
    text_copy(a->check.note, sizeof a->check.note, steps.note);
    a->check.handler[0] = '\0';
    StaffRecord who;
    if (steps.actor[0] && store_staff_get(a->store, steps.actor, &who) == K_OK)
        text_copy(a->check.handler, sizeof a->check.handler, who.name);
    sodium_memzero(&who, sizeof who);
    sodium_memzero(steps.note, sizeof steps.note);
}

/* ---- the resident's side of a request ---- */

void app_show_progress(App *a, int64_t ticket_id)
{
    KResult rc = store_get_request_of_ticket(a->store, ticket_id, &a->check.progress);
    if (rc != K_OK) {
        app_push(a, &screen_check);
        app_set_message(a, S_SCAN_NO_BOOKING);
        return;
    }
    a->check.rated = false;
    app_push(a, &screen_progress);
}

void app_show_walkin(App *a, int64_t ticket_id)
{
    KResult rc = store_walkin_state(a->store, ticket_id, app_now_ms(a) / 1000, &a->check.walkin,
                                    &a->check.walkin_state, &a->check.walkin_ahead);
    if (rc != K_OK) {
        if (rc != K_ERR_NOT_FOUND)
            app_store_error(a, "walkin_state", rc);
        app_push(a, &screen_check);
        app_set_message(a, S_SCAN_NO_BOOKING);
        return;
    }
    app_push(a, &screen_walkin);
}

bool app_find_walkin(App *a)
{
    Ticket tk;
    char code[TICKET_LOOKUP_LEN + 1];
    if (!ticket_lookup_normalise(a->check.lookup_text, code) ||
        store_find_walkin(a->store, code, &tk) != K_OK)
        return false;
    app_event(a, "lookup", "\"found\":true,\"kind\":\"walkin\"");
    sodium_memzero(a->check.lookup_text, sizeof a->check.lookup_text);
    app_show_walkin(a, tk.id);
    return true;
}

void app_find_by_lookup(App *a)
{
    Ticket tk;
    char code[TICKET_LOOKUP_LEN + 1];
    KResult rc = K_ERR_NOT_FOUND;
    if (ticket_lookup_normalise(a->check.lookup_text, code))
        rc = store_find_ticket(a->store, code, a->check.last4, &tk);
    char fields[64];
    snprintf(fields, sizeof fields, "\"found\":%s", rc == K_OK ? "true" : "false");
    app_event(a, "lookup", fields);
    sodium_memzero(a->check.last4, sizeof a->check.last4);
    if (rc != K_OK) {
        app_set_message(a, S_LAST4_NOT_FOUND);
        return;
    }
    sodium_memzero(a->check.lookup_text, sizeof a->check.lookup_text);
    if (tk.kind == TICKET_KIND_REQUEST) {
        app_show_progress(a, tk.id);
    } else if (ticket_kind_is_booking(tk.kind) &&
               store_get_booking_of_ticket(a->store, tk.id, &a->booking.shown) == K_OK) {
        a->booking.shown_cancelled = false;
        app_push(a, &screen_booking);
    } else {
        app_set_message(a, S_LAST4_NOT_FOUND);
    }
}

void app_rate(App *a, WfRating rating)
{
    KResult rc =
        store_request_rate(a->store, a->check.progress.id, rating, NULL, app_now_ms(a) / 1000);
    if (rc == K_OK)
        rc = store_get_request(a->store, a->check.progress.id, &a->check.progress);
    if (rc != K_OK) {
        app_store_error(a, "rate", rc);
        app_set_message(a, S_SAVE_FAILED);
        return;
    }
    a->check.rated = true;
    app_progress_load(a);
    char fields[96];
    snprintf(fields, sizeof fields, "\"id\":%lld,\"rating\":\"%s\"",
             (long long)a->check.progress.id, wf_rating_name(rating));
    app_event(a, "request_rated", fields);
    app_changed(a);
}
