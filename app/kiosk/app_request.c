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
#include "kiosk/app_project.h"
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

/* "XFL 同步于 10:42": where the progress shown comes from and how current. */
static void synced_line(App *a, const char *site, int64_t at)
{
    char line[96] = "";
    if (at > 0) {
        time_t tt = (time_t)at;
        struct tm tm = {0};
        localtime_r(&tt, &tm);
        snprintf(line, sizeof line, "%s %s %02d:%02d", app_site_name(a, site),
                 app_str(a, S_SYNCED_AT), tm.tm_hour, tm.tm_min);
    } else {
        snprintf(line, sizeof line, "%s %s", app_site_name(a, site), app_str(a, S_REFER_WAITING));
    }
    if (a->check.steps[0])
        text_append(a->check.steps, sizeof a->check.steps, "\n");
    text_append(a->check.steps, sizeof a->check.steps, line);
}

void app_progress_load(App *a)
{
    if (a->check.other_site[0] && !a->check.via_referral) {
        /* another site's request: the district copy holds no steps */
        a->check.steps[0] = a->check.note[0] = a->check.handler[0] = '\0';
        synced_line(a, a->check.other_site, a->check.synced_at);
        return;
    }
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
    app_project_progress(a); /* issue 22: the project handling it */
    /* referred to another site: its progress there, as last pulled */
    ReferralOut ro;
    a->check.via_referral = false;
    a->check.other_site[0] = '\0';
    if (a->check.progress.state == WF_REFERRED &&
        store_referral_out(a->store, a->check.progress.id, &ro) == K_OK) {
        a->check.via_referral = true;
        text_copy(a->check.other_site, sizeof a->check.other_site, ro.to_site);
        a->check.other_id = ro.their_id;
        a->check.synced_at = ro.pulled_at;
        WfState there;
        if (ro.status[0] && wf_state_parse(ro.status, &there)) {
            text_copy(a->check.progress.status, sizeof a->check.progress.status, ro.status);
            a->check.progress.state = there;
        }
        if (ro.rating[0] && a->check.progress.state == WF_RESOLVED)
            a->check.progress.state = WF_CLOSED; /* rated here, not yet closed there */
        synced_line(a, ro.to_site, ro.pulled_at);
    }
}

bool app_show_other_request(App *a, const char *site, int64_t ticket_id)
{
    DistrictCopy c;
    if (!a->store || store_district_copy_of_ticket(a->store, site, ticket_id, &c) != K_OK ||
        strcmp(c.kind, "request") != 0)
        return false;
    int64_t local = 0;
    memset(&a->check.progress, 0, sizeof a->check.progress);
    a->check.rated = false;
    a->check.via_referral = false;
    if (store_referral_in_local(a->store, site, c.id, &local) == K_OK &&
        store_get_request(a->store, local, &a->check.progress) == K_OK) {
        /* referred here: the request filed for it, worked here */
        a->check.other_site[0] = '\0';
        app_push(a, &screen_progress);
        return true;
    }
    RequestRecord *r = &a->check.progress;
    r->id = 0;
    text_copy(r->ticket.number, sizeof r->ticket.number, c.number);
    text_copy(r->draft.category, sizeof r->draft.category, c.category);
    text_copy(r->status, sizeof r->status, c.status);
    if (!wf_state_parse(c.status, &r->state))
        r->state = WF_CLOSED;
    if (c.rating[0] && r->state == WF_RESOLVED)
        r->state = WF_CLOSED;
    text_copy(a->check.other_site, sizeof a->check.other_site, site);
    a->check.other_id = c.id;
    a->check.synced_at = c.pulled_at;
    app_push(a, &screen_progress);
    return true;
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
    a->check.other_site[0] = '\0';
    a->check.via_referral = false;
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
               (a->booking.shown_site[0] = '\0',
                store_get_booking_of_ticket(a->store, tk.id, &a->booking.shown) == K_OK)) {
        a->booking.shown_cancelled = false;
        app_push(a, &screen_booking);
    } else {
        app_set_message(a, S_LAST4_NOT_FOUND);
    }
}

void app_rate(App *a, WfRating rating)
{
    KResult rc;
    if (a->check.via_referral) /* resolved at the site it was referred to */
        rc = store_referral_rate(a->store, a->check.progress.id, rating, app_now_ms(a) / 1000);
    else if (a->check.other_site[0]) /* another site's ticket */
        rc = store_copy_rate(a->store, a->check.other_site, a->check.other_id, rating,
                             app_now_ms(a) / 1000);
    else
        rc = store_request_rate(a->store, a->check.progress.id, rating, NULL, app_now_ms(a) / 1000);
    if (rc == K_OK && a->check.other_site[0]) {
        a->check.rated = true;
        char fields[128];
        snprintf(fields, sizeof fields, "\"site\":\"%s\",\"id\":%lld,\"rating\":\"%s\"",
                 a->check.other_site, (long long)a->check.other_id, wf_rating_name(rating));
        app_event(a, "request_rated", fields);
        app_changed(a);
        return;
    }
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
