/* ovsdb-file: a database kept in a journal file.  See ovsdb-file.h. */

#include <config.h>
#include "ovsdb-file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "json.h"
#include "ovsdb-db.h"
#include "ovsdb-error.h"
#include "ovsdb-log.h"
#include "ovsdb-schema.h"
#include "ovsdb-txn.h"
#include "timeval.h"
#include "util.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(ovsdb_file);

struct ovsdb_file {
    struct ovsdb_observer observer;     /* In the database's observers. */
    struct ovsdb *db;
    struct ovsdb_log *log;
    off_t compacted_size;               /* After the last compaction or
                                         * the load. */
    unsigned int n_records;             /* Since then. */
};

/* Returns an "I/O error" for MSG (a log's message, freed here). */
static struct ovsdb_error *
io_error(char *msg)
{
    struct ovsdb_error *error = ovsdb_error_create("I/O error", "%s", msg);
    free(msg);
    return error;
}

struct ovsdb_error *
ovsdb_file_create(const char *path, const struct ovsdb_schema *schema)
{
    struct ovsdb_log *log;
    char *msg;

    if (ovsdb_log_open(path, OVSDB_LOG_MAGIC_STANDALONE,
                       OVSDB_LOG_CREATE_EXCL, true, &log, &msg)) {
        return io_error(msg);
    }
    struct json *json = ovsdb_schema_to_json(schema);
    int error = ovsdb_log_write(log, json, &msg);
    json_destroy(json);
    if (!error) {
        error = ovsdb_log_commit_block(log, &msg);
    }
    ovsdb_log_close(log);
    if (error) {
        remove(path);
        return io_error(msg);
    }
    return NULL;
}

/* The commit observer: the transaction's record goes to the file before
 * the transaction takes effect, synced if it is durable. */
static struct ovsdb_error *
file_commit(struct ovsdb_observer *observer, const struct ovsdb_txn *txn,
            bool durable)
{
    struct ovsdb_file *file = CONTAINER_OF(observer, struct ovsdb_file,
                                           observer);
    struct json *record = ovsdb_txn_to_record_json(txn);
    char *msg = NULL;
    int error = 0;

    if (record) {
        error = ovsdb_log_write(file->log, record, &msg);
        json_destroy(record);
        if (!error) {
            file->n_records++;
        }
    }
    if (!error && durable) {
        error = ovsdb_log_commit_block(file->log, &msg);
    }
    return error ? io_error(msg) : NULL;
}

struct ovsdb_error *
ovsdb_file_open(const char *path, bool read_only, struct ovsdb **dbp,
                struct ovsdb_file **filep)
{
    struct ovsdb_log *log;
    struct ovsdb_error *error = NULL;
    struct json *json = NULL;
    char *msg;

    *dbp = NULL;
    if (filep) {
        *filep = NULL;
    }
    if (ovsdb_log_open(path, OVSDB_LOG_MAGIC_STANDALONE,
                       read_only ? OVSDB_LOG_READ_ONLY : OVSDB_LOG_READ_WRITE,
                       !read_only, &log, &msg)) {
        return io_error(msg);
    }

    int retval = ovsdb_log_read(log, &json, &msg);
    if (retval == EOF) {
        ovsdb_log_close(log);
        return ovsdb_error_create("I/O error", "%s: database file is empty",
                                  path);
    } else if (retval) {
        ovsdb_log_close(log);
        return io_error(msg);
    }
    struct ovsdb_schema *schema;
    error = ovsdb_schema_from_json(json, &schema);
    json_destroy(json);
    if (error) {
        ovsdb_log_close(log);
        return ovsdb_error_wrap(error, "%s: schema", path);
    }

    struct ovsdb *db = ovsdb_create(schema);
    for (unsigned int i = 1; ; i++) {
        retval = ovsdb_log_read(log, &json, &msg);
        if (retval == EOF) {
            break;
        } else if (retval) {
            error = io_error(msg);
            break;
        }
        error = ovsdb_apply_record_json(db, json);
        json_destroy(json);
        if (error) {
            error = ovsdb_error_wrap(error, "%s: record %u", path, i);
            break;
        }
    }
    if (error) {
        ovsdb_destroy(db);
        ovsdb_log_close(log);
        return error;
    }

    if (read_only) {
        ovsdb_log_close(log);
    } else {
        struct ovsdb_file *file = xzalloc(sizeof *file);
        file->observer.commit = file_commit;
        file->db = db;
        file->log = log;
        file->compacted_size = ovsdb_log_get_size(log);
        ovsdb_add_observer(db, &file->observer);
        if (filep) {
            *filep = file;
        }
    }
    *dbp = db;
    return NULL;
}

struct ovsdb_error *
ovsdb_file_compact(struct ovsdb_file *file)
{
    struct json *entries[2];
    char *msg;

    entries[0] = ovsdb_schema_to_json(file->db->schema);
    entries[1] = ovsdb_to_snapshot_json(file->db);
    json_object_put(entries[1], "_date", json_integer_create(time_wall_msec()));
    json_object_put_string(entries[1], "_comment", "compacting database");
    off_t before = ovsdb_log_get_size(file->log);
    int error = ovsdb_log_replace(file->log, entries, 2, &msg);
    json_destroy(entries[0]);
    json_destroy(entries[1]);
    if (error) {
        return io_error(msg);
    }
    file->compacted_size = ovsdb_log_get_size(file->log);
    VLOG_INFO("%s: compacted from %lld to %lld bytes after %u records",
              ovsdb_log_get_path(file->log), (long long int) before,
              (long long int) file->compacted_size, file->n_records);
    file->n_records = 0;
    return NULL;
}

struct ovsdb_error *
ovsdb_file_run(struct ovsdb_file *file)
{
    off_t size = ovsdb_log_get_size(file->log);
    if (size >= OVSDB_FILE_COMPACT_MIN_SIZE
        && size >= 4 * file->compacted_size) {
        return ovsdb_file_compact(file);
    }
    return NULL;
}

off_t
ovsdb_file_get_size(const struct ovsdb_file *file)
{
    return ovsdb_log_get_size(file->log);
}

void
ovsdb_file_close(struct ovsdb_file *file)
{
    if (file) {
        ovsdb_remove_observer(&file->observer);
        ovsdb_log_close(file->log);
        free(file);
    }
}
