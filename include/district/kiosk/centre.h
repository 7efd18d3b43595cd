/* centre.h - the district centre on PostgreSQL: its schema, its sites, its
 * figures and its needs list, for `kiosk admin district`.
 *
 * The schema is versioned (CENTRE_SCHEMA_VERSION) and made or migrated by
 * centre_init in one transaction under an advisory lock; the kiosks reach
 * it only through district_ingest.ingest (docs/district.md, design18.md).
 * Every call here goes through pglink.h with the caller's deadline for each
 * statement, and answers with one text: JSON, or lines for people, as the
 * centre itself writes them. */
#ifndef KIOSK_CENTRE_H
#define KIOSK_CENTRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kiosk/pglink.h"
#include "kiosk/result.h"

#define CENTRE_SCHEMA_VERSION 6 /* the last of centre_migrations[] (centre_schema.c) */
#define CENTRE_CODE_MAX 24      /* a site's code: [A-Za-z0-9_.-], as the kiosk's [site] code */
#define CENTRE_ROLE_MAX 64      /* a PostgreSQL role: [a-z_][a-z0-9_]*, at most 63 */
#define CENTRE_NAME_MAX 200

/* Makes the centre's schema or brings it to CENTRE_SCHEMA_VERSION, all or
 * nothing, never twice at once.  *from gets the version found (0: none),
 * *to the version now.  K_ERR_REFUSED when the centre is newer than this
 * build or a step failed (the server's words in err); K_ERR_IO when the link
 * failed. */
KResult centre_init(PgLink *l, int deadline_ms, int *from, int *to, char *err, size_t cap);

/* The centre has this build's schema: K_OK; K_ERR_NOT_FOUND when it has
 * none (init makes it), K_ERR_REFUSED another version or no right to read
 * it, K_ERR_IO the link. */
KResult centre_check(PgLink *l, int deadline_ms, char *err, size_t cap);

/* true for a site code / role name the centre takes. */
bool centre_code_valid(const char *code);
bool centre_role_valid(const char *role);

/* Registers site code with its login role (made when missing, without a
 * password, member of district_ingest only) and name (NULL: kept).  *json
 * (malloc'd) gets {"site":..,"role":..,"role_created":true|false}.
 * K_ERR_REFUSED when the code or the role belongs to another site. */
KResult centre_site_add(PgLink *l, int deadline_ms, const char *code, const char *role,
                        const char *name, char **json, char *err, size_t cap);

/* The sites: {"sites":[{"code","name","role","last_contact" (unix s or
 * null),"pending","backlog","version","epoch","seq","epochs","entries",
 * "duplicates"}]}, or lines when text. */
KResult centre_sites(PgLink *l, int deadline_ms, bool text, char **out, char *err, size_t cap);

/* A period of local days (from, to included) with its bounds in unix
 * seconds worked out by the caller as the kiosk does (start: from's local
 * midnight; end: the midnight after to), and the moment the overdue and
 * open counts are of. */
typedef struct {
    const char *from, *to;
    int64_t start, end, now;
    const char *categories; /* a JSON array of the configured category codes, shown with 0 */
} CentrePeriod;

/* The station's figures per site and for the district (stats.h's
 * meanings): {"from","to","sites":[{"site","name",FIGURES}],"district":
 * {FIGURES}} where FIGURES are requests, answered, on_time, overdue,
 * on_time_percent, resolved, median_answer_s, median_resolve_s, ratings{},
 * categories{}, open{}, bookings{SERVICE:{booked,checked_in,no_show,
 * cancelled}}, walkins{issued,called,median_wait_s,longest_wait_s}; or
 * lines when text. */
KResult centre_stats(PgLink *l, int deadline_ms, const CentrePeriod *p, bool text, char **out,
                     char *err, size_t cap);

/* The open requests by site, building and category, and the district's
 * totals by category: {"needs":[{"site","building","category","open",
 * "urgent","aged80","disabled","alone","oldest"}],"district":[{"category",
 * ...}]}; or lines when text. */
KResult centre_needs(PgLink *l, int deadline_ms, bool text, char **out, char *err, size_t cap);

/* Configuration bundles (centre_bundle.c, docs/district.md).  The centre's
 * Ed25519 key pair is made once, by init, inside its transaction (the
 * secret half readable by the centre's owner only). */
KResult centre_bundle_key_ensure(PgLink *l, int deadline_ms, char *err, size_t cap);

/* The centre's public key, base64 (*key malloc'd; NULL when none). */
KResult centre_bundle_public_key(PgLink *l, int deadline_ms, char **key, char *err, size_t cap);

/* Publishes the next version of the bundle: content is the JSON object of
 * its parts (canonical: written by the caller in a fixed order); the body
 * {"version":N,"bundle":CONTENT} is signed with the centre's secret key
 * and stored with the signature and the public key (key, cap key_cap,
 * gets it), one transaction.  *version gets N. */
KResult centre_bundle_publish(PgLink *l, int deadline_ms, const char *content, int64_t *version,
                              char *key, size_t key_cap, char *err, size_t cap);

/* The sites' ticket keys and revocations (issue 19): {"keys":[{"site",
 * "name","key","first_seen","revoked_at"}]} (unix seconds or null, every
 * registered site, "key" null for a site that has sent none), or lines
 * when text. */
KResult centre_keys(PgLink *l, int deadline_ms, bool text, char **out, char *err, size_t cap);

/* Revokes every key of site that is not revoked yet: *json (malloc'd)
 * {"site":..,"revoked":N,"keys":M}.  K_ERR_NOT_FOUND (err says so) when no
 * such site is registered. */
KResult centre_revoke(PgLink *l, int deadline_ms, const char *site, char **json, char *err,
                      size_t cap);

#endif
