/* admin_staff.c - `staff list|add|disable|enable|reset-pin`: staff accounts and PINs. */
#include "admin_int.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* --pin PIN, or --pin - for one line from stdin (kept out of the process
 * list and the shell's history).  K_EXIT_OK or K_EXIT_USAGE with the message. */
static int read_pin(const char *given, char pin[STAFF_PIN_MAX + 2])
{
    if (!given)
        return admin_usage_error("needs --pin PIN (4 to 8 digits; - reads it from stdin)", NULL);
    if (strcmp(given, "-") == 0) {
        char line[64];
        if (!fgets(line, sizeof line, stdin))
            return admin_usage_error("no PIN on stdin", NULL);
        line[strcspn(line, "\r\n")] = '\0';
        bool ok = strlen(line) <= STAFF_PIN_MAX && staff_pin_valid(line);
        if (ok)
            memcpy(pin, line, strlen(line) + 1);
        sodium_memzero(line, sizeof line);
        return ok ? K_EXIT_OK : admin_usage_error("a PIN is 4 to 8 digits", NULL);
    }
    if (!staff_pin_valid(given))
        return admin_usage_error("a PIN is 4 to 8 digits", NULL);
    memcpy(pin, given, strlen(given) + 1);
    return K_EXIT_OK;
}

static void print_staff_json(const StaffRecord *r, int64_t now)
{
    char t[40];
    admin_iso_time(r->created_at, t, sizeof t);
    printf("{\"id\":%lld", (long long)r->id);
    admin_json_str("login", r->login, true);
    admin_json_str("name", r->name, true);
    admin_json_str("role", wf_role_name(r->role), true);
    printf(",\"active\":%s,\"failed\":%d,\"locks\":%d", r->active ? "true" : "false", r->failed,
           r->locks);
    if (r->locked_until > now) {
        char until[40];
        admin_iso_time(r->locked_until, until, sizeof until);
        admin_json_str("locked_until", until, true);
    } else {
        printf(",\"locked_until\":null");
    }
    admin_json_str("created_at", t, true);
    printf("}");
}

static int list_staff(const StaffRecord *r, void *user)
{
    AdminListCtx *c = user;
    int64_t now = admin_now();
    if (c->ad->json) {
        printf("%s\n ", c->n ? "," : "");
        print_staff_json(r, now);
    } else {
        char until[40] = "-";
        if (r->locked_until > now)
            admin_iso_time(r->locked_until, until, sizeof until);
        printf("%-23s %-10s %-8s %-6d %s  %s\n", r->login, wf_role_name(r->role),
               r->active ? "active" : "disabled", r->failed, until, r->name);
    }
    c->n++;
    return 0;
}

int cmd_staff_list(Admin *ad, int argc, const char **argv)
{
    int rc = admin_check_rest(argc, argv, 0, "staff list takes no arguments");
    if (rc)
        return rc;
    rc = admin_open_store(ad);
    if (rc)
        return rc;
    AdminListCtx c = {ad, 0};
    if (ad->json)
        printf("{\"staff\":[");
    else
        printf("%-23s %-10s %-8s %-6s %s  %s\n", "LOGIN", "ROLE", "STATE", "FAILED", "LOCKED_UNTIL",
               "NAME");
    KResult k = store_staff_list(ad->store, false, list_staff, &c);
    if (ad->json)
        printf("\n]}\n");
    return k == K_OK ? K_EXIT_OK : admin_store_failure(ad, k);
}

/* Prints the account after a change: {"login":..,"changed":true,...}. */
static int staff_changed(Admin *ad, const char *login, const char *what)
{
    StaffRecord r;
    KResult k = store_staff_get(ad->store, login, &r);
    if (k != K_OK)
        return admin_store_failure(ad, k);
    if (ad->json) {
        printf("{\"changed\":true,\"staff\":");
        print_staff_json(&r, admin_now());
        printf("}\n");
    } else {
        printf("staff %s (%s, %s): %s\n", r.login, r.name, wf_role_name(r.role), what);
    }
    return K_EXIT_OK;
}

int cmd_staff_add(Admin *ad, int argc, const char **argv)
{
    const char *name = admin_take_option(&argc, argv, "--name");
    const char *role_text = admin_take_option(&argc, argv, "--role");
    const char *pin_text = admin_take_option(&argc, argv, "--pin");
    char pin[STAFF_PIN_MAX + 2] = "";
    StaffRole role;
    int rc = admin_check_rest(
        argc, argv, 1, "usage: staff add LOGIN --name NAME --role head|worker|volunteer --pin PIN");
    if (rc)
        return rc;
    if (!staff_login_valid(argv[0]))
        return admin_usage_error("a login is 1 to 23 characters of a-z, 0-9 and _", argv[0]);
    if (!name || !name[0])
        return admin_usage_error("staff add needs --name NAME", NULL);
    if (!role_text || !wf_role_parse(role_text, &role))
        return admin_usage_error("staff add needs --role head|worker|volunteer", role_text);
    rc = read_pin(pin_text, pin);
    if (rc == K_EXIT_OK)
        rc = admin_open_store(ad);
    if (rc == K_EXIT_OK) {
        KResult k = store_staff_add(ad->store, argv[0], name, role, pin, admin_now(), "admin");
        rc = k == K_OK ? staff_changed(ad, argv[0], "added") : admin_store_failure(ad, k);
    }
    sodium_memzero(pin, sizeof pin);
    return rc;
}

static int staff_set_active(Admin *ad, int argc, const char **argv, bool active)
{
    int rc = admin_check_rest(argc, argv, 1,
                              active ? "usage: staff enable LOGIN" : "usage: staff disable LOGIN");
    if (rc)
        return rc;
    rc = admin_open_store(ad);
    if (rc)
        return rc;
    KResult k = store_staff_set_active(ad->store, argv[0], active, admin_now(), "admin");
    if (k != K_OK)
        return admin_store_failure(ad, k);
    return staff_changed(ad, argv[0], active ? "enabled" : "disabled");
}

int cmd_staff_reset_pin(Admin *ad, int argc, const char **argv)
{
    const char *pin_text = admin_take_option(&argc, argv, "--pin");
    char pin[STAFF_PIN_MAX + 2] = "";
    int rc = admin_check_rest(argc, argv, 1, "usage: staff reset-pin LOGIN --pin PIN");
    if (rc)
        return rc;
    rc = read_pin(pin_text, pin);
    if (rc == K_EXIT_OK)
        rc = admin_open_store(ad);
    if (rc == K_EXIT_OK) {
        KResult k = store_staff_set_pin(ad->store, argv[0], pin, admin_now(), "admin");
        rc = k == K_OK ? staff_changed(ad, argv[0], "new PIN set, lockout cleared")
                       : admin_store_failure(ad, k);
    }
    sodium_memzero(pin, sizeof pin);
    return rc;
}

/* The table's handlers of staff disable and enable. */
int cmd_staff_disable(Admin *ad, int argc, const char **argv)
{
    return staff_set_active(ad, argc, argv, false);
}

int cmd_staff_enable(Admin *ad, int argc, const char **argv)
{
    return staff_set_active(ad, argc, argv, true);
}

#define RD (ADMIN_STORE | ADMIN_READS)
#define WR ADMIN_STORE
