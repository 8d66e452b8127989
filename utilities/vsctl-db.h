/*
 * vsctl-db: the database half of sluice-vsctl.
 *
 * This module is what ovs-vsctl's "Database Commands" need and nothing of
 * bridges: a context that holds a replica of the whole database, the
 * changes that the commands of one invocation make to it, the lookup of
 * tables, columns and records by the names users type, the text syntax of
 * "COLUMN[:KEY]=VALUE" arguments, the output formats of "list" and "find",
 * and the generic commands themselves (list, find, get, set, add, remove,
 * clear, create, destroy, wait-until).  sluice-vsctl.c adds the bridge
 * commands, parses the command line and runs the transaction.
 *
 * Changes.  A context keeps one local transaction (ovsdb-txn.h) open on
 * the replica for the whole invocation and never commits it: commands
 * read and change rows through vsctl_ctx_*() functions, which remember the
 * committed version of every row they change, so that later commands see
 * earlier ones' effects and vsctl_ctx_build_ops() can turn the difference
 * into RFC 7047 operations at the end.  Like Open vSwitch's IDL, deleting
 * a row of a table that is not a root table is left to the server's
 * garbage collection: only the references to it are sent.
 *
 * Errors that a user causes end the process through vsctl_fatal(), which
 * prints "PROGRAM: MESSAGE" and exits with status 1, as ovs-vsctl does:
 * nothing has been sent to the server by then.
 *
 * Ownership: the context owns the replica, the transaction, the symbol
 * table and the rows' original versions; row pointers returned here stay
 * valid until the next vsctl_ctx_modify() or vsctl_ctx_delete() of the
 * same row.  Main thread only.
 */
#ifndef SLUICE_VSCTL_DB_H
#define SLUICE_VSCTL_DB_H 1

#include <stdbool.h>
#include <stddef.h>
#include "dynamic-string.h"
#include "hmap.h"
#include "ovsdb/ovsdb-data.h"
#include "ovsdb/ovsdb-db.h"
#include "shash.h"
#include "util.h"
#include "uuid.h"

struct json;
struct ovsdb_column;
struct ovsdb_txn;
struct vsctl_context;

/* Prints "PROGRAM: MESSAGE" to stderr and exits with status 1. */
SLUICE_NORETURN void vsctl_fatal(const char *format, ...)
    SLUICE_PRINTF_FORMAT(1, 2);

/* Output formats of "list" and "find" (--format, --data). */
enum vsctl_format { VSF_LIST, VSF_TABLE, VSF_HTML, VSF_CSV, VSF_JSON };
enum vsctl_data { VSD_DEFAULT, VSD_STRING, VSD_BARE, VSD_JSON };
struct vsctl_style {
    enum vsctl_format format;
    enum vsctl_data data;
    bool headings;
    bool pretty;
};

/* A command's syntax.  OPTIONS lists the options it accepts, separated by
 * commas, each "--name" or "--name=" if it takes a value. */
struct vsctl_command_syntax {
    const char *name;
    int min_args;
    int max_args;
    const char *arguments;      /* For --help. */
    void (*run)(struct vsctl_context *);
    void (*postprocess)(struct vsctl_context *);   /* After commit. */
    const char *options;
};

/* One command of an invocation. */
struct vsctl_command {
    const struct vsctl_command_syntax *syntax;
    int argc;
    char **argv;                /* argv[0] is the command name. */
    struct shash options;       /* "--name" -> value (char *) or null. */
    struct ds output;
};

/* A row's version before the invocation changed it. */
struct vsctl_touched_row {
    struct hmap_node hmap_node; /* In 'touched', by uuid_hash(). */
    struct uuid uuid;
    struct ovsdb_table *table;
    struct ovsdb_row *orig;     /* Clone of the loaded row; null if the
                                 * invocation inserted the row. */
    int insert_op;              /* Index of its "insert", or -1. */
    bool has_real;              /* 'real' is known (after commit). */
    struct uuid real;           /* The uuid the server gave the row. */
};

struct vsctl_context {
    struct ovsdb *db;                   /* The replica. */
    struct ovsdb_txn *txn;              /* Never committed. */
    struct hmap touched;                /* struct vsctl_touched_row. */
    struct shash used_tables;           /* Name -> table the commands read. */
    struct ovsdb_symbol_table *symtab;  /* "@name"s. */
    const struct vsctl_style *style;

    /* The command being run. */
    struct vsctl_command *cmd;
    int argc;
    char **argv;
    struct shash *options;
    struct ds *output;

    bool try_again;             /* wait-until: run everything again. */

    /* For sluice-vsctl.c: called whenever a generic command changes the
     * database, so that caches of bridges can be rebuilt. */
    void (*invalidate)(struct vsctl_context *);
    void *aux;
};

/* Context. */
void vsctl_ctx_init(struct vsctl_context *, struct ovsdb *db,
                    const struct vsctl_style *style);
void vsctl_ctx_destroy(struct vsctl_context *);

/* Returns the table named exactly NAME (not abbreviated), marking it as
 * read.  NAME must exist in the schema. */
struct ovsdb_table *vsctl_ctx_table(struct vsctl_context *,
                                    const char *name);
/* Returns the row of TABLE with UUID, or null; marks TABLE as read. */
struct ovsdb_row *vsctl_ctx_find_row(struct vsctl_context *,
                                     struct ovsdb_table *table,
                                     const struct uuid *uuid);
/* Returns TABLE's rows sorted by uuid, in an array of *N rows that the
 * caller frees; marks TABLE as read. */
struct ovsdb_row **vsctl_ctx_rows(struct vsctl_context *,
                                  struct ovsdb_table *table, size_t *n);
/* Returns the only row of Open_vSwitch (inserted by the context if the
 * database had none). */
struct ovsdb_row *vsctl_ctx_ovs(struct vsctl_context *);

/* Changing rows: the returned row may be changed until the next call for
 * the same row.  ROW pointers passed in must not be used afterward. */
struct ovsdb_row *vsctl_ctx_modify(struct vsctl_context *,
                                   const struct ovsdb_row *row);
struct ovsdb_row *vsctl_ctx_insert(struct vsctl_context *,
                                   struct ovsdb_table *table,
                                   const struct uuid *uuid);
void vsctl_ctx_delete(struct vsctl_context *, const struct ovsdb_row *row);
/* Replaces column NAME of ROW by DATUM (taken over) and returns ROW's new
 * pointer. */
struct ovsdb_row *vsctl_ctx_set(struct vsctl_context *,
                                const struct ovsdb_row *row,
                                const char *column, struct ovsdb_datum *d);

/* Helpers for columns of rows by name. */
const struct ovsdb_column *vsctl_column(const struct ovsdb_row *row,
                                        const char *name);
const struct ovsdb_datum *vsctl_get(const struct ovsdb_row *row,
                                    const char *column);
/* Returns the string value of a string scalar or optional COLUMN of ROW,
 * or null if empty. */
const char *vsctl_get_string(const struct ovsdb_row *row,
                             const char *column);
/* Returns the integer of an integer column, or DEFAULT if empty. */
long long vsctl_get_int(const struct ovsdb_row *row, const char *column,
                        long long dflt);
/* Datum builders. */
void vsctl_datum_string(struct ovsdb_datum *, const char *s);
void vsctl_datum_int(struct ovsdb_datum *, long long value);
void vsctl_datum_bool(struct ovsdb_datum *, bool value);
void vsctl_datum_uuids(struct ovsdb_datum *, const struct uuid *, size_t n);
/* Adds UUID to, or removes it from, uuid-set COLUMN of ROW. */
struct ovsdb_row *vsctl_add_uuid(struct vsctl_context *,
                                 const struct ovsdb_row *row,
                                 const char *column, const struct uuid *);
struct ovsdb_row *vsctl_remove_uuid(struct vsctl_context *,
                                    const struct ovsdb_row *row,
                                    const char *column, const struct uuid *);

/* Sets column values of ROW from "COLUMN[:KEY]=VALUE" ARGS as "set"
 * does. */
void vsctl_set_columns(struct vsctl_context *, struct ovsdb_row *row,
                       char **args, int n_args);

/* Options of the current command. */
bool vsctl_has_option(const struct vsctl_context *, const char *name);
const char *vsctl_option_value(const struct vsctl_context *,
                               const char *name);

/* Turns the changes into operations appended to OPS (an array):
 * waits that the tables the commands read are unchanged, then inserts,
 * updates and deletes.  Stores in *N_CHANGES the number of row
 * operations.  'loaded' is the reply of the load (one "select" result per
 * table, in LOAD_TABLES order). */
void vsctl_ctx_build_ops(struct vsctl_context *, struct json *ops,
                         const struct json *loaded,
                         char **load_tables, size_t *n_changes);
/* After commit: the real uuid of a row the invocation inserted, from the
 * reply RESULTS of operations starting at FIRST_OP. */
bool vsctl_ctx_real_uuid(const struct vsctl_context *,
                         const struct uuid *local, struct uuid *real);
/* Records the reply to the operations built by vsctl_ctx_build_ops(). */
void vsctl_ctx_set_results(struct vsctl_context *, const struct json *res,
                           size_t first_op);

/* Checks the "@name"s of the invocation at its end: fatal if one is
 * referenced but never created, a warning if one was created in a
 * non-root table but never referenced. */
void vsctl_ctx_check_symbols(struct vsctl_context *);

/* The generic database commands. */
extern const struct vsctl_command_syntax vsctl_db_commands[];

/* Table and record lookup, for the bridge commands too. */
struct ovsdb_table *vsctl_lookup_table(struct vsctl_context *,
                                       const char *name);
struct ovsdb_row *vsctl_lookup_row(struct vsctl_context *,
                                   struct ovsdb_table *table,
                                   const char *record, bool must_exist);

#endif /* vsctl-db.h */
