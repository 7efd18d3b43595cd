/* bundle.h - a configuration bundle's content from an INI file, for
 * `kiosk admin district publish` (docs/district.md, "Configuration from the
 * centre").
 *
 * The file uses the site configuration's sections (config.h):
 *   [booking]           closed (comma list of YYYY-MM-DD: the district's
 *                       closed days), closed_zh, closed_en (the reason)
 *   [category.CODE]     zh, en, response_hours, urgent_response_hours
 *   [service.CODE]      zh, en, about_zh/en, place_zh/en, bring_zh/en,
 *                       letter, days, lead_hours, horizon_days, escort,
 *                       active; never slots: each site sets its own
 *   [hospital.CODE], [department.CODE], [partner.CODE]  zh, en
 * and nothing else.  The content is canonical JSON: fixed key order,
 * items in file order, no spaces, strings escaped one way:
 *   {"categories":[{"code","zh","en","response_hours",
 *   "urgent_response_hours"}],"closed":[{"day","zh","en"}],"services":[...],
 *   "hospitals":[{"code","zh","en"}],"departments":[...],"partners":[...]} */
#ifndef KIOSK_BUNDLE_H
#define KIOSK_BUNDLE_H

#include <stddef.h>

#include "kiosk/result.h"

#define BUNDLE_MAX_BYTES (256u * 1024) /* a bundle's JSON, at most */

/* Reads path into *json (malloc'd).  K_ERR_INVALID with err saying which
 * line and key is wrong; K_ERR_NOT_FOUND when the file cannot be read. */
KResult bundle_from_ini(const char *path, char **json, char *err, size_t cap);

#endif
