/*
 * ovsdb-file: a database kept in a journal file (ovsdb-log.h).
 *
 * The file holds, in Open vSwitch's standalone format, the schema as its
 * first record and then records that ovsdb_apply_record_json() applies in
 * order: a snapshot of the whole content after a compaction, and one
 * record per committed transaction (ovsdb_txn_to_record_json()).  So
 * "ovsdb-tool create" makes files this module opens, and ovsdb-tool
 * reads the files it writes.
 *
 * ovsdb_file_open() loads a file into a new database and then stays
 * attached to it as its first commit observer: every transaction that
 * commits on the database is appended to the file before it takes effect,
 * and a durable transaction is synced (fdatasync()) before the commit
 * returns, so that whatever a client was told is committed survives a
 * crash.  If the write or the sync fails, the commit fails with an "I/O
 * error" and the database is unchanged.
 *
 * Compaction: when the file has grown past OVSDB_FILE_COMPACT_MIN_SIZE
 * and to four times its size after the last compaction (or load),
 * ovsdb_file_run() (which the server calls between transactions) replaces
 * the file with two records, the schema and a snapshot
 * (ovsdb_log_replace(): write, sync, rename), as Open vSwitch's server
 * does.  ovsdb_file_compact() does it on demand.
 *
 * Ownership: the caller owns the database that ovsdb_file_open() creates
 * and must close the file (which detaches it) before destroying the
 * database.  Errors are returned as struct ovsdb_error, which the caller
 * destroys.  Thread safety: the database's thread only.
 */
#ifndef SLUICE_OVSDB_FILE_H
#define SLUICE_OVSDB_FILE_H 1

#include <stdbool.h>
#include <sys/types.h>
#include "util.h"

struct ovsdb;
struct ovsdb_error;
struct ovsdb_file;
struct ovsdb_schema;

/* The size below which a file is never compacted. */
#define OVSDB_FILE_COMPACT_MIN_SIZE (10 * 1024 * 1024)

/* Creates the database file PATH, which must not exist, holding SCHEMA
 * (copied) and no data, as "ovsdb-tool create" does, and syncs it. */
struct ovsdb_error *ovsdb_file_create(const char *path,
                                      const struct ovsdb_schema *schema)
    SLUICE_WARN_UNUSED_RESULT;

/* Opens the database file PATH and loads it into a new database, stored
 * in *DBP.  Unless READ_ONLY, locks the file against other writers and
 * stores in *FILEP the file, attached to the database as described above
 * (with READ_ONLY, *FILEP is null and commits are not written anywhere).
 * A torn record at the end of the file (a crash during a write) is
 * dropped; any other damage, or a record that does not apply to the
 * schema, is an error that names the file and the record. */
struct ovsdb_error *ovsdb_file_open(const char *path, bool read_only,
                                    struct ovsdb **dbp,
                                    struct ovsdb_file **filep)
    SLUICE_WARN_UNUSED_RESULT;

/* Compacts FILE if it has grown enough (see above).  Call it when no
 * transaction is in progress.  Returns the compaction's error, if one was
 * attempted and failed (the file is then as before). */
struct ovsdb_error *ovsdb_file_run(struct ovsdb_file *file)
    SLUICE_WARN_UNUSED_RESULT;

/* Replaces FILE's records with the schema and a snapshot of its
 * database.  Call it when no transaction is in progress. */
struct ovsdb_error *ovsdb_file_compact(struct ovsdb_file *file)
    SLUICE_WARN_UNUSED_RESULT;

/* Returns the size of FILE in bytes. */
off_t ovsdb_file_get_size(const struct ovsdb_file *file);

/* Detaches FILE from its database and closes it.  Null is a no-op. */
void ovsdb_file_close(struct ovsdb_file *file);

#endif /* ovsdb-file.h */
