/*
 * ovsdb-log: the storage journal behind an OVSDB database file.
 *
 * Purpose.  A database file is a sequence of records, each one JSON value.
 * The server appends one record per committed transaction and, now and
 * then, compacts the file into a few records that hold the whole state.
 * This module reads and writes such files so that a configuration, once
 * committed with ovsdb_log_commit_block(), is never lost, whatever the
 * moment of a crash or power cut.
 *
 * File format.  The file is Open vSwitch's standalone database format, so
 * that Open vSwitch's ovsdb-tool reads the files written here and this
 * module reads the files ovsdb-tool writes.  Each record is
 *
 *     MAGIC ' ' LENGTH ' ' SHA1 '\n' DATA
 *
 * where MAGIC is the caller's magic string ("OVSDB JSON" for a standalone
 * database), LENGTH is the size of DATA in bytes as a decimal number
 * without leading zeros, SHA1 is the SHA-1 digest of DATA as 40 lowercase
 * hexadecimal digits, and DATA is one JSON value serialized compactly (no
 * white space, object members sorted by name when written here) followed
 * by a single '\n', which LENGTH and SHA1 both cover.  Records follow one
 * another with nothing in between, and the file ends right after the last
 * record's DATA.  When reading, upper-case hexadecimal digits are accepted
 * and DATA may hold any JSON text that is one value surrounded by white
 * space.  Records are numbered from 0 in messages, as ovsdb-tool show-log
 * numbers them.
 *
 * Crash safety.  Writes only ever append: a record is written at the end
 * of the file with pwrite(), and ovsdb_log_commit_block() makes everything
 * written so far durable (fdatasync()).  A crash in the middle of a write
 * can leave an incomplete record at the end of the file (a "torn tail").
 * ovsdb_log_read() recognizes it, logs a warning, reports end of file and
 * keeps every complete record before it; the torn bytes are cut off
 * (ftruncate()) just before the next write, so a read-only open never
 * changes the file.  A damaged record that is followed by a valid record
 * cannot come from a crash during an append: that is corruption, which is
 * reported as an error, and the log then refuses to write so that nothing
 * after the damage is overwritten.  A failed write is undone by truncating
 * the file back to its previous end.  Once a sync fails, the log refuses
 * all further writes and syncs, because the kernel may have dropped the
 * data it could not write and a later sync that succeeds would claim
 * durability falsely; close and reopen the log to recover.  Compaction
 * (ovsdb_log_replace()) writes a new file beside the database, syncs it
 * and renames it over the database, so that after a crash the file holds
 * either the old records or the new ones, never a mixture.
 *
 * Locking.  With 'locking', ovsdb_log_open() takes an exclusive fcntl()
 * lock on the file ".NAME.~lock~" in the database's directory (after
 * following symbolic links to the database), which is the lock file Open
 * vSwitch's tools and server use, so that no two writers, Sluice or Open
 * vSwitch, ever append to one database.  The lock is an open file
 * description lock, so it also excludes a second opener in the same
 * process.  The lock file is created if needed and is never removed.
 *
 * Ownership.  ovsdb_log_read() gives the caller one reference to the JSON
 * value it returns, which the caller releases with json_destroy().
 * ovsdb_log_write() and ovsdb_log_replace() only read the values passed to
 * them; the caller keeps its references.  Every error message returned in
 * an 'errp' argument is allocated with malloc() and freed by the caller;
 * on success *errp is set to NULL.
 *
 * Thread safety.  A log object belongs to one thread at a time: its
 * functions may not be called concurrently on the same object.  Distinct
 * log objects may be used by distinct threads.
 */
#ifndef SLUICE_OVSDB_LOG_H
#define SLUICE_OVSDB_LOG_H 1

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct json;

/* The magic string of a standalone database file. */
#define OVSDB_LOG_MAGIC_STANDALONE "OVSDB JSON"

enum ovsdb_log_open_mode {
    OVSDB_LOG_READ_ONLY,        /* Open an existing file, read-only. */
    OVSDB_LOG_READ_WRITE,       /* Open an existing file, read/write. */
    OVSDB_LOG_CREATE,           /* Open the file, creating it if needed. */
    OVSDB_LOG_CREATE_EXCL       /* Create a new file; fail if it exists. */
};

struct ovsdb_log;

/* Opens the database file PATH, whose records carry MAGIC (which may not
 * contain a new-line), in MODE, and stores the new log in *LOGP.  The
 * create modes create the file with mode 0660 (less the umask) and sync
 * its directory, so that the new file survives a crash.  With LOCKING,
 * first takes the database's lock (see above) and fails with EAGAIN if
 * another process or another log object holds it, naming the holder's
 * process ID when it can be found.  A non-empty file must start with
 * MAGIC followed by a space (or a prefix of that, if the first write was
 * torn), so that a file of another kind is refused here instead of being
 * truncated by the first write.  The file is read from its start with
 * ovsdb_log_read().  Returns 0, or a positive errno value with *LOGP set
 * to NULL and a message in *ERRP that names the file and the reason. */
int ovsdb_log_open(const char *path, const char *magic,
                   enum ovsdb_log_open_mode mode, bool locking,
                   struct ovsdb_log **logp, char **errp);

/* Closes LOG, releasing its lock, without syncing: call
 * ovsdb_log_commit_block() first for durability.  A null LOG is a
 * no-op. */
void ovsdb_log_close(struct ovsdb_log *log);

/* Reads the next record of LOG and stores its JSON value in *JSONP (the
 * caller gets one reference).  Returns 0 on success; EOF (a negative
 * value) with *JSONP set to NULL at the end of the file, including when
 * the end is a torn tail (which is logged as a warning naming the file,
 * the offset and the number of bytes that the next write will drop); or a
 * positive errno value with *JSONP set to NULL and a message in *ERRP:
 * EILSEQ for a damaged record followed by a valid one, whose message names
 * the record number, its offset and the damage, or the error of a failed
 * read.  After an error, every later read returns the same error, and the
 * log refuses writes.  After EOF without a torn tail, a later call reads
 * any records that another process has appended since. */
int ovsdb_log_read(struct ovsdb_log *log, struct json **jsonp,
                   char **errp);

/* Appends JSON as one record to LOG, which must have been opened for
 * writing.  If the caller has not read every record, the remaining ones
 * are read, checked and skipped first, so that a write never overwrites
 * a record; a torn tail found by reading is cut off before the new record
 * is written.  The record is written with one or more pwrite() calls
 * (nothing is buffered), retried after EINTR and short writes; if writing
 * fails, the file is truncated back to where the record started, so that
 * no partial record remains.  The record is not durable until
 * ovsdb_log_commit_block() succeeds.  Returns 0, or a positive errno value
 * with a message in *ERRP. */
int ovsdb_log_write(struct ovsdb_log *log, const struct json *json,
                    char **errp);

/* Waits until every record written to LOG so far is on stable storage, so
 * that it survives a crash or power cut.  Returns 0, or a positive errno
 * value with a message in *ERRP; after a failure, LOG refuses all further
 * writes and syncs (see "Crash safety" above). */
int ovsdb_log_commit_block(struct ovsdb_log *log, char **errp);

/* Compacts LOG: replaces its file with one that holds exactly the N
 * records ENTRIES[0] to ENTRIES[N - 1], in that order.  The records are
 * written to PATH.tmp (PATH after following symbolic links), which is
 * synced and renamed over PATH; the directory is then synced, and LOG goes
 * on appending to the new file, positioned at its end.  LOG keeps its
 * lock, since the lock file is separate from the database.  If anything
 * fails before the rename, PATH is untouched, the temporary file is
 * removed and LOG goes on as before.  If only the sync of the directory
 * fails, LOG uses the new file but refuses further writes, since the
 * rename may not survive a crash.  LOG must have been opened for writing
 * and have no read error.  Returns 0, or a positive errno value with a
 * message in *ERRP. */
int ovsdb_log_replace(struct ovsdb_log *log, struct json **entries,
                      size_t n, char **errp);

/* Returns the offset in LOG's file just past the last record read or
 * written, which is where the next record will be written. */
off_t ovsdb_log_get_offset(const struct ovsdb_log *log);

/* Returns the size in bytes of LOG's file as last seen by LOG: when it was
 * opened, by the last read, or after the last write, truncation or
 * replacement.  This includes records not read yet and a torn tail not
 * cut off yet. */
off_t ovsdb_log_get_size(const struct ovsdb_log *log);

/* Returns the file name that LOG was opened with. */
const char *ovsdb_log_get_path(const struct ovsdb_log *log);

#endif /* ovsdb-log.h */
