/* admin_bookings.c - `bookings list|show|book|cancel|checkin|complete|no-show|sweep`:
 * bookings made and moved from the command line. */
#include "admin_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kiosk/phone.h"
#include "kiosk/text.h"

static const char *pickup_name(int p)
{
    switch (p) {
    case PICKUP_STATION: return "station";
    case PICKUP_HOME: return "home";
    case PICKUP_HOSPITAL: return "hospital";
    default: return "";
    }
}

static const char *const need_names[] = {"wheelchair", "companion", "hearing", "sight"};

/* "wheelchair,companion" into NEED_* bits; "" and "none" are no needs. */
static bool parse_needs(const char *s, unsigned *out)
{
    unsigned bits = 0;
    if (strcmp(s, "none") == 0)
        s = "";
    while (*s) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        size_t i = 0;
        while (i < 4 && !(strlen(need_names[i]) == len && strncmp(s, need_names[i], len) == 0))
            i++;
        if (i == 4)
            return false;
        bits |= 1u << i;
        s += len + (comma ? 1 : 0);
        if (comma && !*s)
            return false; /* a trailing comma */
    }
    *out = bits;
    return true;
}

static void needs_text(unsigned needs, bool json, char *out, size_t cap)
{
    out[0] = '\0';
    for (int i = 0; i < 4; i++)
        if (needs & (1u << i)) {
            if (out[0])
                text_append(out, cap, ",");
            if (json)
                text_append(out, cap, "\"");
            text_append(out, cap, need_names[i]);
            if (json)
                text_append(out, cap, "\"");
        }
}

static void print_booking_json(const BookingRecord *b, bool full)
{
    char t[40], u[40], slot[8], phone[24];
    admin_iso_time(b->created_at, t, sizeof t);
    admin_iso_time(b->updated_at, u, sizeof u);
    admin_hhmm(b->draft.slot, slot);
    printf("{\"id\":%lld", (long long)b->id);
    admin_json_str("number", b->ticket.number, true);
    admin_json_str("service", b->draft.service, true);
    admin_json_str("day", b->draft.day, true);
    admin_json_str("slot", slot, true);
    admin_json_str("status", b->status, true);
    if (full) {
        admin_json_str("phone", b->draft.phone, true);
    } else {
        phone_mask(b->draft.phone, phone, sizeof phone);
        admin_json_str("phone", phone, true);
    }
    admin_json_str("sms", b->draft.sms, true); /* texts asked for: "", zh, en */
    printf(",\"age\":%d", b->draft.age);
    admin_json_str("created_at", t, true);
    admin_json_str("updated_at", u, true);
    admin_json_str("reason", b->reason, true);
    if (!full)
        return;
    char s[40], e[40], needs[80], due[40];
    admin_iso_time(b->starts_at, s, sizeof s);
    admin_iso_time(b->ends_at, e, sizeof e);
    admin_iso_time(b->ticket.due_at, due, sizeof due);
    needs_text(b->draft.needs, true, needs, sizeof needs);
    admin_json_str("site", b->site, true);
    admin_json_str("name", b->draft.name, true);
    admin_json_str("starts_at", s, true);
    admin_json_str("ends_at", e, true);
    admin_json_str("hospital", b->draft.hospital, true);
    admin_json_str("department", b->draft.department, true);
    admin_json_str("pickup", pickup_name(b->draft.pickup), true);
    admin_json_str("building", b->draft.building, true);
    admin_json_str("unit", b->draft.unit, true);
    admin_json_str("room", b->draft.room, true);
    printf(",\"needs\":[%s]", needs);
    printf(",\"ticket\":{\"id\":%lld", (long long)b->ticket.id);
    admin_json_str("number", b->ticket.number, true);
    admin_json_str("lookup", b->ticket.lookup, true);
    admin_json_str("payload", b->ticket.payload, true);
    admin_json_str("day", b->ticket.day, true);
    admin_json_str("due_at", due, true);
    printf("}");
}

static int list_booking(const BookingRecord *b, void *user)
{
    AdminListCtx *c = user;
    if (c->ad->json) {
        printf("%s\n ", c->n ? "," : "");
        print_booking_json(b, false);
        printf("}");
    } else {
        char slot[8], phone[24];
        admin_hhmm(b->draft.slot, slot);
        phone_mask(b->draft.phone, phone, sizeof phone);
        printf("%-7lld %-6s %-12s %s %s  %-10s %s\n", (long long)b->id, b->ticket.number,
               b->draft.service, b->draft.day, slot, b->status, phone);
    }
    c->n++;
    return 0;
}

static bool status_known(const char *s)
{
    static const char *const all[] = {BOOKING_BOOKED, BOOKING_CHECKED_IN, BOOKING_COMPLETED,
                                      BOOKING_CANCELLED, BOOKING_NO_SHOW};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(s, all[i]) == 0)
            return true;
    return false;
}

int cmd_bookings_list(Admin *ad, int argc, const char **argv)
{
    const char *day = admin_take_option(&argc, argv, "--day");
    const char *service = admin_take_option(&argc, argv, "--service");
    const char *status = admin_take_option(&argc, argv, "--status");
    const char *lim = admin_take_option(&argc, argv, "--limit");
    int limit = 50;
    int rc = admin_check_rest(
        argc, argv, 0, "usage: bookings list [--day DATE] [--service S] [--status S] [--limit N]");
    if (rc)
        return rc;
    if (day && !config_day_valid(day))
        return admin_usage_error("--day is a date YYYY-MM-DD", day);
    if (status && !status_known(status))
        return admin_usage_error("--status is booked, checked_in, completed, cancelled or no_show",
                                 status);
    if (lim && !admin_parse_int(lim, 1, 1000000, &limit))
        return admin_usage_error("--limit needs a number from 1 to 1000000", lim);
    rc = admin_open_store(ad);
    if (rc)
        return rc;
    CfgService v;
    if (service && (rc = admin_load_service(ad, service, &v)) != K_EXIT_OK)
        return rc;
    AdminListCtx c = {ad, 0};
    if (ad->json)
        printf("{\"bookings\":[");
    else
        printf("%-7s %-6s %-12s %-10s %-5s  %-10s %s\n", "ID", "TICKET", "SERVICE", "DAY", "SLOT",
               "STATUS", "PHONE");
    KResult k = store_list_bookings(ad->store, day, service, status, limit, list_booking, &c);
    if (ad->json)
        printf("\n]}\n");
    return k == K_OK ? K_EXIT_OK : admin_store_failure(ad, k);
}

/* Loads booking id; a missing one is a failed check (exit 1). */
static int load_booking(Admin *ad, int64_t id, BookingRecord *b)
{
    KResult k = store_get_booking(ad->store, id, b);
    if (k == K_ERR_NOT_FOUND) {
        fprintf(stderr, "kiosk admin: no booking with id %lld\n", (long long)id);
        return K_EXIT_CHECK;
    }
    return k == K_OK ? K_EXIT_OK : admin_store_failure(ad, k);
}

int cmd_bookings_show(Admin *ad, int argc, const char **argv)
{
    int64_t id;
    int rc = admin_check_rest(argc, argv, 1, "usage: bookings show ID");
    if (rc)
        return rc;
    if (!admin_parse_id(argv[0], &id))
        return admin_usage_error("bookings show needs one booking id", argv[0]);
    rc = admin_open_store(ad);
    if (rc)
        return rc;
    static BookingRecord b;
    rc = load_booking(ad, id, &b);
    if (rc)
        return rc;
    AdminListCtx ev = {ad, 0};
    if (ad->json) {
        print_booking_json(&b, true);
        printf(",\"events\":[");
        admin_print_timeline(ad, "booking", id, &ev);
        printf("]}\n");
        booking_draft_wipe(&b.draft);
        return K_EXIT_OK;
    }
    char t[40], s[40], e[40], slot[8], needs[80];
    admin_iso_time(b.created_at, t, sizeof t);
    admin_iso_time(b.starts_at, s, sizeof s);
    admin_iso_time(b.ends_at, e, sizeof e);
    admin_hhmm(b.draft.slot, slot);
    needs_text(b.draft.needs, false, needs, sizeof needs);
    printf("booking %lld  ticket %s  status %s\n", (long long)b.id, b.ticket.number, b.status);
    printf("  service     %s  %s %s (%s)\n", b.draft.service, b.draft.day, slot,
           admin_weekday_name(booking_weekday(b.draft.day)));
    printf("  starts      %s\n  ends        %s\n  booked      %s\n", s, e, t);
    printf("  phone       %s\n  name        %s\n  age         %d\n", b.draft.phone, b.draft.name,
           b.draft.age);
    if (b.draft.hospital[0] || b.draft.pickup)
        printf("  hospital    %s / %s\n  pick-up     %s %s %s %s\n  needs       %s\n",
               b.draft.hospital, b.draft.department[0] ? b.draft.department : "-",
               pickup_name(b.draft.pickup), b.draft.building, b.draft.unit, b.draft.room,
               needs[0] ? needs : "none");
    if (b.reason[0])
        printf("  reason      %s\n", b.reason);
    printf("  lookup      %s\n  payload     %s\ntimeline:\n", b.ticket.lookup, b.ticket.payload);
    admin_print_timeline(ad, "booking", id, &ev);
    booking_draft_wipe(&b.draft);
    return K_EXIT_OK;
}

/* The options of bookings book into d; K_EXIT_OK or K_EXIT_USAGE with the message
 * printed.  The service and the slot are checked against the store later. */
static int booking_options(Admin *ad, int argc, const char **argv, BookingDraft *d)
{
    const char *phone = admin_take_option(&argc, argv, "--phone");
    const char *age = admin_take_option(&argc, argv, "--age");
    const char *name = admin_take_option(&argc, argv, "--name");
    const char *hospital = admin_take_option(&argc, argv, "--hospital");
    const char *department = admin_take_option(&argc, argv, "--department");
    const char *pickup = admin_take_option(&argc, argv, "--pickup");
    const char *needs = admin_take_option(&argc, argv, "--needs");
    const char *building = admin_take_option(&argc, argv, "--building");
    const char *unit = admin_take_option(&argc, argv, "--unit");
    const char *room = admin_take_option(&argc, argv, "--room");
    int rc = admin_check_rest(argc, argv, 3,
                              "usage: bookings book SERVICE YYYY-MM-DD HH:MM --phone P --age N "
                              "[options]");
    if (rc)
        return rc;
    if (!admin_set_text(d->service, sizeof d->service, argv[0]))
        return admin_usage_error("no such service", argv[0]);
    if (!config_day_valid(argv[1]))
        return admin_usage_error("not a date YYYY-MM-DD", argv[1]);
    text_copy(d->day, sizeof d->day, argv[1]);
    if (!admin_parse_hhmm(argv[2], &d->slot))
        return admin_usage_error("not a time HH:MM", argv[2]);
    if (!phone)
        return admin_usage_error("bookings book needs --phone", NULL);
    if (!admin_set_text(d->phone, sizeof d->phone, phone) || phone_check(d->phone) != PHONE_OK)
        return admin_usage_error("--phone is not a phone number (digits only)", phone);
    if (!age)
        return admin_usage_error("bookings book needs --age", NULL);
    if (!admin_parse_int(age, BOOK_AGE_MIN, BOOK_AGE_MAX, &d->age))
        return admin_usage_error("--age is 1 to 120", age);
    if (name &&
        (!admin_set_text(d->name, sizeof d->name, name) || text_length(name) > REQ_NAME_CHARS))
        return admin_usage_error("--name is at most 20 characters", name);
    if (hospital) {
        if (strcmp(hospital, "other") != 0 &&
            !config_pick(ad->cfg.hospitals, ad->cfg.hospital_count, hospital))
            return admin_usage_error("--hospital is a hospital code of the configuration or other",
                                     hospital);
        text_copy(d->hospital, sizeof d->hospital, hospital);
    }
    if (department) {
        if (strcmp(department, "other") != 0 &&
            !config_pick(ad->cfg.departments, ad->cfg.department_count, department))
            return admin_usage_error(
                "--department is a department code of the configuration or other", department);
        text_copy(d->department, sizeof d->department, department);
    }
    if (pickup) {
        d->pickup = strcmp(pickup, "station") == 0    ? PICKUP_STATION
                    : strcmp(pickup, "home") == 0     ? PICKUP_HOME
                    : strcmp(pickup, "hospital") == 0 ? PICKUP_HOSPITAL
                                                      : PICKUP_NONE;
        if (d->pickup == PICKUP_NONE)
            return admin_usage_error("--pickup is station, home or hospital", pickup);
    }
    if (needs && !parse_needs(needs, &d->needs))
        return admin_usage_error("--needs is a comma list of wheelchair, companion, hearing, sight",
                                 needs);
    const char *addr[3] = {building, unit, room};
    char *dst[3] = {d->building, d->unit, d->room};
    for (int i = 0; i < 3; i++)
        if (addr[i] && !admin_set_text(dst[i], REQ_ADDR_MAX, addr[i]))
            return admin_usage_error("--building, --unit and --room are at most 31 bytes", addr[i]);
    return K_EXIT_OK;
}

static int book_refused(Admin *ad, const BookingDraft *d, const BookRefusal *why)
{
    char next[8] = "";
    const char *reason = store_refusal_name(why);
    bool has_next = why->next_day[0] && why->next_slot >= 0;
    if (has_next)
        admin_hhmm(why->next_slot, next);
    fprintf(stderr, "kiosk admin: booking refused (%s): %s", reason, store_errmsg(ad->store));
    if (why->kind == REFUSE_SLOT) {
        if (has_next)
            fprintf(stderr, "; next free: %s %s", why->next_day, next);
        else
            fprintf(stderr, "; no free slot in the horizon");
    }
    fprintf(stderr, "\n");
    if (ad->json) {
        printf("{\"booked\":false");
        admin_json_str("reason", reason, true);
        admin_json_str("message", store_errmsg(ad->store), true);
        admin_json_str("service", d->service, true);
        admin_json_str("day", d->day, true);
        if (has_next) {
            admin_json_str("next_day", why->next_day, true);
            admin_json_str("next_slot", next, true);
        } else {
            printf(",\"next_day\":null,\"next_slot\":null");
        }
        if (why->kind == REFUSE_PHONE_LIMIT)
            printf(",\"open_bookings\":%d", why->open_bookings);
        printf("}\n");
    }
    return K_EXIT_CHECK;
}

static int book(Admin *ad, int argc, const char **argv, BookingDraft *d)
{
    int rc = booking_options(ad, argc, argv, d);
    if (rc)
        return rc;
    rc = admin_open_store(ad);
    if (rc)
        return rc;
    static CfgService v;
    rc = admin_load_service(ad, d->service, &v);
    if (rc)
        return rc;
    if (!booking_find_slot(&v, d->slot)) {
        char starts[CFG_MAX_SLOTS * 8] = "", one[8];
        for (int i = 0; i < v.slot_count; i++) {
            admin_hhmm(v.slots[i].start, one);
            if (i)
                text_append(starts, sizeof starts, ", ");
            text_append(starts, sizeof starts, one);
        }
        fprintf(stderr, "kiosk admin: %s has no slot starting at %s (its slots start at %s)\n",
                v.item.code, argv[2], starts);
        return K_EXIT_USAGE;
    }
    uint8_t key[TICKET_KEY_BYTES];
    rc = admin_load_key(ad, key);
    if (rc)
        return rc;
    int64_t id = 0;
    Ticket t;
    BookRefusal why;
    KResult k = store_book(ad->store, d, ad->cfg.site_code, (int64_t)time(NULL),
                           ad->cfg.max_open_per_phone, key, "admin", &id, &t, &why);
    sodium_memzero(key, sizeof key);
    if (k == K_ERR_REFUSED)
        return book_refused(ad, d, &why);
    if (k != K_OK) {
        rc = admin_store_failure(ad, k);
        return rc == K_EXIT_CHECK ? K_EXIT_ENV : rc; /* only a refusal is a failed check */
    }
    char slot[8];
    admin_hhmm(d->slot, slot);
    if (ad->json) {
        printf("{\"booked\":true,\"id\":%lld", (long long)id);
        admin_json_str("number", t.number, true);
        admin_json_str("lookup", t.lookup, true);
        admin_json_str("payload", t.payload, true);
        admin_json_str("service", d->service, true);
        admin_json_str("day", d->day, true);
        admin_json_str("slot", slot, true);
        printf("}\n");
    } else {
        printf("booked %s %s %s: ticket %s\n", d->service, d->day, slot, t.number);
        printf("  booking id  %lld\n  lookup      %s\n  payload     %s\n", (long long)id, t.lookup,
               t.payload);
    }
    return K_EXIT_OK;
}

int cmd_bookings_book(Admin *ad, int argc, const char **argv)
{
    BookingDraft d;
    booking_draft_init(&d);
    int rc = book(ad, argc, argv, &d);
    booking_draft_wipe(&d);
    return rc;
}

/* bookings cancel|checkin|complete|no-show ID */
static int bookings_set_status(Admin *ad, int argc, const char **argv, const char *to)
{
    bool cancel = strcmp(to, BOOKING_CANCELLED) == 0;
    const char *reason = cancel ? admin_take_option(&argc, argv, "--reason") : NULL;
    int64_t id;
    int rc = admin_check_rest(argc, argv, 1,
                              cancel ? "usage: bookings cancel ID --reason TEXT"
                                     : "usage: bookings checkin|complete|no-show ID");
    if (rc)
        return rc;
    if (!admin_parse_id(argv[0], &id))
        return admin_usage_error("not a booking id", argv[0]);
    if (cancel && (!reason || !reason[0]))
        return admin_usage_error("bookings cancel needs --reason TEXT", NULL);
    rc = admin_open_store(ad);
    if (rc)
        return rc;
    KResult k = store_booking_set_status(ad->store, id, to, "admin", reason, (int64_t)time(NULL));
    if (k == K_ERR_NOT_FOUND) {
        fprintf(stderr, "kiosk admin: no booking with id %lld\n", (long long)id);
        return K_EXIT_CHECK;
    }
    if (k == K_ERR_REFUSED && ad->json) {
        printf("{\"id\":%lld,\"changed\":false", (long long)id);
        admin_json_str("reason", store_errmsg(ad->store), true);
        printf("}\n");
    }
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json) {
        printf("{\"id\":%lld,\"changed\":true", (long long)id);
        admin_json_str("status", to, true);
        printf("}\n");
    } else {
        printf("booking %lld is now %s\n", (long long)id, to);
    }
    return K_EXIT_OK;
}

int cmd_bookings_sweep(Admin *ad, int argc, const char **argv)
{
    int rc = admin_check_rest(argc, argv, 0, "bookings sweep takes no arguments");
    if (rc)
        return rc;
    rc = admin_open_store(ad);
    if (rc)
        return rc;
    int n = 0;
    KResult k = store_sweep_no_shows(ad->store, (int64_t)time(NULL), "admin", &n);
    if (k != K_OK) {
        if (n)
            fprintf(stderr, "kiosk admin: %d marked as no-show before the failure\n", n);
        return admin_store_failure(ad, k);
    }
    if (ad->json)
        printf("{\"no_shows\":%d}\n", n);
    else
        printf("marked %d booking%s as no-show\n", n, n == 1 ? "" : "s");
    return K_EXIT_OK;
}

/* The table's handlers of the verbs that move a booking. */
int cmd_bookings_cancel(Admin *ad, int argc, const char **argv)
{
    return bookings_set_status(ad, argc, argv, BOOKING_CANCELLED);
}

int cmd_bookings_checkin(Admin *ad, int argc, const char **argv)
{
    return bookings_set_status(ad, argc, argv, BOOKING_CHECKED_IN);
}

int cmd_bookings_complete(Admin *ad, int argc, const char **argv)
{
    return bookings_set_status(ad, argc, argv, BOOKING_COMPLETED);
}

int cmd_bookings_no_show(Admin *ad, int argc, const char **argv)
{
    return bookings_set_status(ad, argc, argv, BOOKING_NO_SHOW);
}
