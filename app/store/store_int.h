/* store_int.h - what the files of app/store/ share and nobody else sees.
 *
 * The store is split like SQLite's layers: store_schema.c owns the schema and
 * its migrations (the one place that knows table layouts by version), and
 * store.c owns the connection, the prepared statements and the queries.
 * Nothing outside app/store/ includes this header. */
#ifndef KIOSK_STORE_INT_H
#define KIOSK_STORE_INT_H

#include <sqlite3.h>
#include <stddef.h>

#include "kiosk/result.h"

/* Maps an SQLite result code (extended or primary) to a KResult. */
KResult store_result_from_sqlite(int rc);

/* Brings the database on db (path only for messages) to
 * store_schema_version() in one transaction.  Refuses a database written by
 * a newer build (K_ERR_UNSUPPORTED) or one that belongs to another program.
 * On failure nothing is changed and err says why. */
KResult store_schema_migrate(sqlite3 *db, const char *path, char *err, size_t errcap);

#endif
