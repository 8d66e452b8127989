/* Transactions on an in-memory OVSDB database. */
#include <config.h>
#include "ovsdb-txn.h"
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "dynamic-string.h"
#include "hash.h"
#include "json.h"
#include "ovsdb-data.h"
#include "ovsdb-db.h"
#include "ovsdb-error.h"
#include "ovsdb-schema.h"
#include "timeval.h"
#include "util.h"

/* One row that a transaction touches. */
struct ovsdb_txn_row {
    struct hmap_node hmap_node;     /* In 'txn_rows', by txn_row_hash(). */
    struct list list_node;          /* In 'txn_row_list', in order. */
    struct ovsdb_table *table;
    struct uuid uuid;
    struct ovsdb_row *old;          /* Committed version; null if inserted. */
    struct ovsdb_row *new;          /* Version after commit; null if
                                     * deleted. */
    size_t n_refs;                  /* Strong references after commit. */
    unsigned long *changed;         /* Changed columns, set by commit. */
    bool has_changes;               /* Any bit of 'changed' set. */
};

enum txn_state {
    TXN_OPEN,                       /* Changes may be made. */
    TXN_COMMITTING,                 /* Checked; observers are called. */
    TXN_COMMITTED,                  /* Changes took effect. */
    TXN_ABORTED                     /* Changes were undone. */
};

struct ovsdb_txn {
    struct ovsdb *db;
    struct hmap txn_rows;           /* struct ovsdb_txn_row. */
    struct list txn_row_list;       /* struct ovsdb_txn_row. */
    struct ds comment;
    enum txn_state state;
};

#define BITS_PER_LONG (sizeof(unsigned long) * CHAR_BIT)

static uint32_t
txn_row_hash(const struct ovsdb_table *table, const struct uuid *uuid)
{
    return hash_pointer(table, uuid_hash(uuid));
}

static struct ovsdb_txn_row *
find_txn_row(const struct ovsdb_txn *txn, const struct ovsdb_table *table,
             const struct uuid *uuid)
{
    struct ovsdb_txn_row *t;

    HMAP_FOR_EACH_WITH_HASH (t, hmap_node, txn_row_hash(table, uuid),
                             &txn->txn_rows) {
        if (t->table == table && uuid_equals(&t->uuid, uuid)) {
            return t;
        }
    }
    return NULL;
}

static struct ovsdb_txn_row *
txn_row_create(struct ovsdb_txn *txn, struct ovsdb_table *table,
               const struct uuid *uuid, struct ovsdb_row *old,
               struct ovsdb_row *new)
{
    struct ovsdb_txn_row *t = xzalloc(sizeof *t);

    t->table = table;
    t->uuid = *uuid;
    t->old = old;
    t->new = new;
    t->n_refs = old ? old->n_refs : 0;
    if (old) {
        old->txn_row = t;
    }
    if (new) {
        new->txn_row = t;
    }
    hmap_insert(&txn->txn_rows, &t->hmap_node, txn_row_hash(table, uuid));
    list_push_back(&txn->txn_row_list, &t->list_node);
    return t;
}

struct ovsdb_txn *
ovsdb_txn_create(struct ovsdb *db)
{
    struct ovsdb_txn *txn = xzalloc(sizeof *txn);

    if (db->txn) {
        sluice_abort("ovsdb_txn_create: database %s already has a "
                     "transaction in progress", db->schema->name);
    }
    txn->db = db;
    hmap_init(&txn->txn_rows);
    list_init(&txn->txn_row_list);
    ds_init(&txn->comment);
    txn->state = TXN_OPEN;
    db->txn = txn;
    return txn;
}

struct ovsdb *
ovsdb_txn_get_db(const struct ovsdb_txn *txn)
{
    return txn->db;
}

static void
assert_open(const struct ovsdb_txn *txn, const char *function)
{
    if (txn->state != TXN_OPEN) {
        sluice_abort("%s: transaction is no longer open", function);
    }
}

bool
ovsdb_txn_may_create_row(const struct ovsdb_txn *txn,
                         const struct ovsdb_table *table,
                         const struct uuid *uuid)
{
    return (!ovsdb_table_find_row(table, uuid)
            && !find_txn_row(txn, table, uuid));
}

struct ovsdb_row *
ovsdb_txn_insert(struct ovsdb_txn *txn, struct ovsdb_table *table,
                 const struct uuid *uuid)
{
    struct ovsdb_row *row = ovsdb_row_create(table);
    struct uuid *row_uuid = &row->fields[OVSDB_COL_UUID].keys[0].uuid;

    assert_open(txn, __func__);
    if (uuid) {
        sluice_assert(ovsdb_txn_may_create_row(txn, table, uuid));
        *row_uuid = *uuid;
    } else {
        uuid_generate(row_uuid);
    }
    uuid_generate(&row->fields[OVSDB_COL_VERSION].keys[0].uuid);
    hmap_insert(&table->rows, &row->hmap_node, uuid_hash(row_uuid));
    txn_row_create(txn, table, row_uuid, NULL, row);
    return row;
}

struct ovsdb_row *
ovsdb_txn_modify(struct ovsdb_txn *txn, const struct ovsdb_row *row_)
{
    struct ovsdb_row *row = (struct ovsdb_row *) row_;
    struct ovsdb_row *new;

    assert_open(txn, __func__);
    if (row->txn_row) {
        sluice_assert(row->txn_row->new == row);
        return row;
    }
    new = ovsdb_row_clone(row);
    hmap_replace(&row->table->rows, &row->hmap_node, &new->hmap_node);
    txn_row_create(txn, row->table, ovsdb_row_get_uuid(row), row, new);
    return new;
}

void
ovsdb_txn_delete(struct ovsdb_txn *txn, const struct ovsdb_row *row_)
{
    struct ovsdb_row *row = (struct ovsdb_row *) row_;
    struct ovsdb_txn_row *t = row->txn_row;

    assert_open(txn, __func__);
    hmap_remove(&row->table->rows, &row->hmap_node);
    if (t) {
        sluice_assert(t->new == row);
        ovsdb_row_destroy(row);
        t->new = NULL;
    } else {
        txn_row_create(txn, row->table, ovsdb_row_get_uuid(row), row, NULL);
    }
}

void
ovsdb_txn_add_comment(struct ovsdb_txn *txn, const char *comment)
{
    if (txn->comment.length) {
        ds_put_char(&txn->comment, '\n');
    }
    ds_put_cstr(&txn->comment, comment);
}

const char *
ovsdb_txn_get_comment(const struct ovsdb_txn *txn)
{
    return txn->comment.length ? ds_cstr_ro(&txn->comment) : NULL;
}

/* Frees every txn_row of TXN (not the rows). */
static void
free_txn_rows(struct ovsdb_txn *txn)
{
    struct ovsdb_txn_row *t;

    LIST_FOR_EACH_POP (t, list_node, &txn->txn_row_list) {
        hmap_remove(&txn->txn_rows, &t->hmap_node);
        free(t->changed);
        free(t);
    }
}

void
ovsdb_txn_abort(struct ovsdb_txn *txn)
{
    struct ovsdb_txn_row *t;

    if (txn->state != TXN_OPEN && txn->state != TXN_COMMITTING) {
        sluice_abort("ovsdb_txn_abort: transaction already ended");
    }
    LIST_FOR_EACH_REVERSE (t, list_node, &txn->txn_row_list) {
        if (t->new) {
            hmap_remove(&t->table->rows, &t->new->hmap_node);
            ovsdb_row_destroy(t->new);
            t->new = NULL;
        }
        if (t->old) {
            hmap_insert(&t->table->rows, &t->old->hmap_node,
                        uuid_hash(&t->uuid));
            t->old->txn_row = NULL;
        }
    }
    free_txn_rows(txn);
    txn->state = TXN_ABORTED;
    txn->db->txn = NULL;
}

void
ovsdb_txn_destroy(struct ovsdb_txn *txn)
{
    struct ovsdb_txn_row *t;

    if (!txn) {
        return;
    }
    if (txn->state == TXN_OPEN) {
        ovsdb_txn_abort(txn);
    }
    LIST_FOR_EACH (t, list_node, &txn->txn_row_list) {
        /* Committed: the old versions left the database. */
        ovsdb_row_destroy(t->old);
    }
    free_txn_rows(txn);
    hmap_destroy(&txn->txn_rows);
    ds_destroy(&txn->comment);
    free(txn);
}

/* Commit, step 1: the datums of changed columns. */

/* Returns true if column INDEX of T's row is to be checked and written:
 * for a modified row, if its value changed; for an inserted row, if it
 * does not hold its default. */
static bool
column_differs(const struct ovsdb_txn_row *t, size_t index)
{
    const struct ovsdb_type *type = &t->table->schema->columns[index]->type;

    if (!t->new) {
        return true;
    } else if (!t->old) {
        return !ovsdb_datum_is_default(&t->new->fields[index], type);
    } else {
        return !ovsdb_datum_equals(&t->old->fields[index],
                                   &t->new->fields[index], type);
    }
}

static struct ovsdb_error *
check_datums(struct ovsdb_txn *txn)
{
    struct ovsdb_txn_row *t;

    LIST_FOR_EACH (t, list_node, &txn->txn_row_list) {
        const struct ovsdb_table_schema *ts = t->table->schema;

        if (!t->new) {
            continue;
        }
        for (size_t i = OVSDB_N_IMPLICIT_COLUMNS; i < ts->n_columns; i++) {
            const struct ovsdb_column *c = ts->columns[i];
            struct ovsdb_error *error;

            if (!column_differs(t, i)) {
                continue;
            }
            error = ovsdb_datum_check_size(&t->new->fields[i], &c->type);
            if (!error) {
                error = ovsdb_datum_check_constraints(&t->new->fields[i],
                                                      &c->type);
            }
            if (error) {
                return ovsdb_error_wrap(error, "table %s column %s row "
                                        UUID_FMT, ts->name, c->name,
                                        UUID_ARGS(&t->uuid));
            }
        }
    }
    return NULL;
}

/* Commit, step 2: reference counts. */

/* Returns the txn_row of the row of TABLE with UUID, making the row part of
 * TXN (as an unchanged copy) if it is not yet.  Returns null if there is
 * no such row, in the table nor among TXN's deleted rows. */
static struct ovsdb_txn_row *
find_or_make_txn_row(struct ovsdb_txn *txn, struct ovsdb_table *table,
                     const struct uuid *uuid)
{
    struct ovsdb_txn_row *t = find_txn_row(txn, table, uuid);

    if (!t) {
        struct ovsdb_row *row = ovsdb_table_find_row(table, uuid);
        if (row) {
            t = ovsdb_txn_modify(txn, row)->txn_row;
        }
    }
    return t;
}

/* Adds DELTA (+1 or -1) to the reference counts of the rows that the N
 * ATOMS of BASE refer to, if BASE is a strong reference.  SRC is the
 * referring row and C its column, for messages.  A reference added to a
 * row that does not exist is an error. */
static struct ovsdb_error *
adjust_atom_refs(struct ovsdb_txn *txn, const struct ovsdb_txn_row *src,
                 const struct ovsdb_column *c,
                 const struct ovsdb_base_type *base,
                 const union ovsdb_atom *atoms, size_t n, int delta)
{
    struct ovsdb_table *dst_table;

    if (!ovsdb_base_type_is_strong_ref(base)) {
        return NULL;
    }
    dst_table = ovsdb_find_table(txn->db, base->uuid.ref_table_name);
    for (size_t i = 0; i < n; i++) {
        const struct uuid *uuid = &atoms[i].uuid;
        struct ovsdb_txn_row *dst = find_or_make_txn_row(txn, dst_table,
                                                         uuid);
        if (delta > 0) {
            if (!dst || !dst->new) {
                return ovsdb_error_create(
                    "referential integrity violation",
                    "table %s column %s row "UUID_FMT": reference to "
                    "nonexistent row "UUID_FMT" of table %s",
                    src->table->schema->name, c->name,
                    UUID_ARGS(&src->uuid), UUID_ARGS(uuid),
                    dst_table->schema->name);
            }
            dst->n_refs++;
        } else {
            sluice_assert(dst && dst->n_refs > 0);
            dst->n_refs--;
        }
    }
    return NULL;
}

/* Adds DELTA to the counts of every row that DATUM of column C refers
 * to. */
static struct ovsdb_error *
adjust_datum_refs(struct ovsdb_txn *txn, const struct ovsdb_txn_row *src,
                  const struct ovsdb_column *c,
                  const struct ovsdb_datum *datum, int delta)
{
    struct ovsdb_error *error;

    error = adjust_atom_refs(txn, src, c, &c->type.key, datum->keys,
                             datum->n, delta);
    if (!error && datum->values) {
        error = adjust_atom_refs(txn, src, c, &c->type.value,
                                 datum->values, datum->n, delta);
    }
    return error;
}

/* Updates the reference counts for column C of T, whose value changed.
 * For the keys of a modified row, only the keys removed and added count,
 * so that the rows still referred to are not copied needlessly. */
static struct ovsdb_error *
adjust_column_refs(struct ovsdb_txn *txn, const struct ovsdb_txn_row *t,
                   const struct ovsdb_column *c)
{
    const struct ovsdb_datum *old = t->old ? &t->old->fields[c->index] : NULL;
    const struct ovsdb_datum *new = t->new ? &t->new->fields[c->index] : NULL;
    const struct ovsdb_base_type *key = &c->type.key;
    struct ovsdb_error *error = NULL;

    if (old && new && ovsdb_base_type_is_strong_ref(key)) {
        size_t i = 0, j = 0;

        while (!error && (i < old->n || j < new->n)) {
            int cmp = (i >= old->n ? 1
                       : j >= new->n ? -1
                       : uuid_compare(&old->keys[i].uuid,
                                      &new->keys[j].uuid));
            if (cmp < 0) {
                error = adjust_atom_refs(txn, t, c, key, &old->keys[i++], 1,
                                         -1);
            } else if (cmp > 0) {
                error = adjust_atom_refs(txn, t, c, key, &new->keys[j++], 1,
                                         1);
            } else {
                i++;
                j++;
            }
        }
        if (!error && old->values) {
            error = adjust_atom_refs(txn, t, c, &c->type.value, old->values,
                                     old->n, -1);
        }
        if (!error && new->values) {
            error = adjust_atom_refs(txn, t, c, &c->type.value, new->values,
                                     new->n, 1);
        }
        return error;
    }

    if (old) {
        error = adjust_datum_refs(txn, t, c, old, -1);
    }
    if (!error && new) {
        error = adjust_datum_refs(txn, t, c, new, 1);
    }
    return error;
}

/* Returns true if column C refers to rows strongly. */
static bool
column_is_strong_ref(const struct ovsdb_column *c)
{
    return (ovsdb_base_type_is_strong_ref(&c->type.key)
            || ovsdb_base_type_is_strong_ref(&c->type.value));
}

static struct ovsdb_error *
update_ref_counts(struct ovsdb_txn *txn)
{
    size_t n = list_size(&txn->txn_row_list);
    struct ovsdb_txn_row **rows = xmalloc((n ? n : 1) * sizeof *rows);
    struct ovsdb_error *error = NULL;
    struct ovsdb_txn_row *t;
    size_t k = 0;

    /* The rows that this step adds to the transaction are unchanged
     * copies, whose references cancel out, so only the rows present now
     * count. */
    LIST_FOR_EACH (t, list_node, &txn->txn_row_list) {
        rows[k++] = t;
    }
    for (size_t r = 0; !error && r < n; r++) {
        const struct ovsdb_table_schema *ts;

        t = rows[r];
        ts = t->table->schema;
        for (size_t i = OVSDB_N_IMPLICIT_COLUMNS;
             !error && i < ts->n_columns; i++) {
            const struct ovsdb_column *c = ts->columns[i];

            /* Every reference of an inserted row counts, even a default
             * all-zero uuid, which refers to no row. */
            if (column_is_strong_ref(c)
                && (!t->old || column_differs(t, i))) {
                error = adjust_column_refs(txn, t, c);
            }
        }
    }
    free(rows);
    return error;
}

/* Commit, step 3: garbage collection. */

static struct ovsdb_error *
collect_garbage(struct ovsdb_txn *txn)
{
    struct ovsdb_txn_row *t;
    bool changed;

    do {
        changed = false;
        /* Rows appended to the list inside the loop are visited too. */
        LIST_FOR_EACH (t, list_node, &txn->txn_row_list) {
            const struct ovsdb_table_schema *ts = t->table->schema;
            struct ovsdb_row *row = t->new;

            if (!row || ts->is_root || t->n_refs) {
                continue;
            }
            for (size_t i = OVSDB_N_IMPLICIT_COLUMNS; i < ts->n_columns;
                 i++) {
                const struct ovsdb_column *c = ts->columns[i];
                if (column_is_strong_ref(c)) {
                    struct ovsdb_error *error;
                    error = adjust_datum_refs(txn, t, c, &row->fields[i],
                                              -1);
                    sluice_assert(!error);
                }
            }
            hmap_remove(&t->table->rows, &row->hmap_node);
            ovsdb_row_destroy(row);
            t->new = NULL;
            changed = true;
        }
    } while (changed);

    LIST_FOR_EACH (t, list_node, &txn->txn_row_list) {
        if (!t->new && t->n_refs) {
            return ovsdb_error_create("referential integrity violation",
                                      "cannot delete %s row "UUID_FMT
                                      " because of %zu remaining "
                                      "reference(s)",
                                      t->table->schema->name,
                                      UUID_ARGS(&t->uuid), t->n_refs);
        }
    }
    return NULL;
}

/* Commit, step 4: weak references. */

/* Returns true if the transaction deletes a row of TABLE. */
static bool
txn_deletes_from(const struct ovsdb_txn *txn, const struct ovsdb_table *table)
{
    const struct ovsdb_txn_row *t;

    LIST_FOR_EACH (t, list_node, &txn->txn_row_list) {
        if (t->table == table && t->old && !t->new) {
            return true;
        }
    }
    return false;
}

/* Returns true if ATOM of BASE is a weak reference to a row of TABLE that
 * does not exist. */
static bool
is_dangling(const union ovsdb_atom *atom, const struct ovsdb_base_type *base,
            const struct ovsdb_table *table)
{
    return (ovsdb_base_type_is_weak_ref(base)
            && !strcmp(base->uuid.ref_table_name, table->schema->name)
            && !ovsdb_table_find_row(table, &atom->uuid));
}

/* Returns the number of elements of DATUM, of column C, that hold a weak
 * reference to a row of TABLE that does not exist. */
static size_t
count_dangling(const struct ovsdb_datum *datum, const struct ovsdb_column *c,
               const struct ovsdb_table *table)
{
    size_t n = 0;

    for (size_t i = 0; i < datum->n; i++) {
        if (is_dangling(&datum->keys[i], &c->type.key, table)
            || (datum->values
                && is_dangling(&datum->values[i], &c->type.value, table))) {
            n++;
        }
    }
    return n;
}

/* Removes from DATUM, of column C, the elements that count_dangling()
 * counts. */
static void
remove_dangling(struct ovsdb_datum *datum, const struct ovsdb_column *c,
                const struct ovsdb_table *table)
{
    enum ovsdb_atomic_type key_type = c->type.key.type;
    enum ovsdb_atomic_type value_type = c->type.value.type;
    size_t n = 0;

    for (size_t i = 0; i < datum->n; i++) {
        if (is_dangling(&datum->keys[i], &c->type.key, table)
            || (datum->values
                && is_dangling(&datum->values[i], &c->type.value, table))) {
            ovsdb_atom_destroy(&datum->keys[i], key_type);
            if (datum->values) {
                ovsdb_atom_destroy(&datum->values[i], value_type);
            }
        } else {
            datum->keys[n] = datum->keys[i];
            if (datum->values) {
                datum->values[n] = datum->values[i];
            }
            n++;
        }
    }
    datum->n = n;
    if (!n) {
        free(datum->keys);
        free(datum->values);
        datum->keys = NULL;
        datum->values = NULL;
    }
}

/* Removes the dangling weak references to TARGET from column C of the rows
 * of SRC: all of SRC's rows if ALL, otherwise those in TXN. */
static struct ovsdb_error *
remove_weak_refs_column(struct ovsdb_txn *txn, struct ovsdb_table *src,
                        const struct ovsdb_column *c,
                        const struct ovsdb_table *target, bool all)
{
    size_t n = 0, allocated = 0;
    struct ovsdb_row **rows = NULL;
    struct ovsdb_error *error = NULL;

    if (all) {
        struct ovsdb_row *row;
        OVSDB_TABLE_FOR_EACH_ROW (row, src) {
            if (count_dangling(&row->fields[c->index], c, target)) {
                if (n >= allocated) {
                    rows = x2nrealloc(rows, &allocated, sizeof *rows);
                }
                rows[n++] = row;
            }
        }
    } else {
        struct ovsdb_txn_row *t;
        LIST_FOR_EACH (t, list_node, &txn->txn_row_list) {
            if (t->table == src && t->new
                && count_dangling(&t->new->fields[c->index], c, target)) {
                if (n >= allocated) {
                    rows = x2nrealloc(rows, &allocated, sizeof *rows);
                }
                rows[n++] = t->new;
            }
        }
    }

    for (size_t i = 0; !error && i < n; i++) {
        struct ovsdb_row *row = ovsdb_txn_modify(txn, rows[i]);
        struct ovsdb_datum *datum = &row->fields[c->index];
        size_t n_dangling = count_dangling(datum, c, target);

        remove_dangling(datum, c, target);
        if (datum->n < c->type.n_min) {
            error = ovsdb_error_create(
                "constraint violation",
                "table %s column %s row "UUID_FMT": removing %zu weak "
                "reference(s) to deleted or nonexistent rows of table %s "
                "leaves the column empty, but it requires at least %u "
                "element(s)", src->schema->name, c->name,
                UUID_ARGS(ovsdb_row_get_uuid(row)), n_dangling,
                target->schema->name, c->type.n_min);
        }
    }
    free(rows);
    return error;
}

static struct ovsdb_error *
remove_weak_refs(struct ovsdb_txn *txn)
{
    struct ovsdb_table **tables = ovsdb_sorted_tables(txn->db);
    size_t n_tables = shash_count(&txn->db->tables);
    struct ovsdb_error *error = NULL;

    for (size_t i = 0; !error && i < n_tables; i++) {
        struct ovsdb_table *src = tables[i];
        const struct ovsdb_table_schema *ts = src->schema;

        for (size_t j = OVSDB_N_IMPLICIT_COLUMNS;
             !error && j < ts->n_columns; j++) {
            const struct ovsdb_column *c = ts->columns[j];
            const struct ovsdb_base_type *bases[2] = {
                &c->type.key, &c->type.value
            };

            for (size_t k = 0; !error && k < 2; k++) {
                const struct ovsdb_table *target;

                if (!ovsdb_base_type_is_weak_ref(bases[k])
                    || (k == 1
                        && ovsdb_base_type_is_weak_ref(bases[0])
                        && !strcmp(bases[0]->uuid.ref_table_name,
                                   bases[1]->uuid.ref_table_name))) {
                    continue;
                }
                target = ovsdb_find_table(txn->db,
                                          bases[k]->uuid.ref_table_name);
                error = remove_weak_refs_column(
                    txn, src, c, target, txn_deletes_from(txn, target));
            }
        }
    }
    free(tables);
    return error;
}

/* Commit, step 5: "maxRows". */

static struct ovsdb_error *
check_max_rows(const struct ovsdb_txn *txn)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, &txn->db->tables) {
        const struct ovsdb_table *table = node->data;
        size_t n = hmap_count(&table->rows);

        if (n > table->schema->max_rows) {
            return ovsdb_error_create("constraint violation",
                                      "transaction causes table %s to "
                                      "contain %zu rows, more than its "
                                      "\"maxRows\" of %u",
                                      table->schema->name, n,
                                      table->schema->max_rows);
        }
    }
    return NULL;
}

/* Commit, step 6: unique indexes. */

/* Describes how TXN changed ROW (a committed or new version), for
 * messages. */
static const char *
describe_row_change(const struct ovsdb_row *row)
{
    const struct ovsdb_txn_row *t = row->txn_row;

    if (!t) {
        return "existing, not modified by this transaction";
    } else if (!t->old) {
        return "inserted by this transaction";
    } else {
        return "modified by this transaction";
    }
}

static struct ovsdb_error *
index_violation(const struct ovsdb_table *table,
                const struct ovsdb_column_set *index,
                const struct ovsdb_row *a, const struct ovsdb_row *b)
{
    struct ds columns = DS_EMPTY_INITIALIZER;
    struct ds values = DS_EMPTY_INITIALIZER;
    struct ovsdb_error *error;

    for (size_t i = 0; i < index->n_columns; i++) {
        const struct ovsdb_column *c = index->columns[i];
        struct json *json = ovsdb_datum_to_json(&a->fields[c->index],
                                                &c->type);
        if (i) {
            ds_put_cstr(&columns, ", ");
            ds_put_cstr(&values, ", ");
        }
        ds_put_cstr(&columns, c->name);
        json_to_ds(json, JSSF_SORT, &values);
        json_destroy(json);
    }
    error = ovsdb_error_create("constraint violation",
                               "table %s: rows "UUID_FMT" (%s) and "
                               UUID_FMT" (%s) would have the same value "
                               "(%s) for the index on column(s) %s",
                               table->schema->name,
                               UUID_ARGS(ovsdb_row_get_uuid(a)),
                               describe_row_change(a),
                               UUID_ARGS(ovsdb_row_get_uuid(b)),
                               describe_row_change(b),
                               ds_cstr(&values), ds_cstr(&columns));
    ds_destroy(&columns);
    ds_destroy(&values);
    return error;
}

/* Checks index I of TABLE for the rows of TXN. */
static struct ovsdb_error *
check_index(const struct ovsdb_txn *txn, const struct ovsdb_table *table,
            size_t i)
{
    const struct ovsdb_column_set *index = &table->schema->indexes[i];
    struct ovsdb_error *error = NULL;
    struct ovsdb_index_node *nodes;
    const struct ovsdb_txn_row *t;
    struct hmap txn_index;
    size_t n = 0;

    n = list_size(&txn->txn_row_list);
    nodes = xmalloc((n ? n : 1) * sizeof *nodes);
    n = 0;
    hmap_init(&txn_index);
    LIST_FOR_EACH (t, list_node, &txn->txn_row_list) {
        const struct ovsdb_index_node *other;
        uint32_t hash;

        if (t->table != table || !t->new) {
            continue;
        }
        hash = ovsdb_row_hash_columns(t->new, index, 0);

        /* Other rows of this transaction. */
        HMAP_FOR_EACH_WITH_HASH (other, hmap_node, hash, &txn_index) {
            if (ovsdb_row_equal_columns(t->new, other->row, index)) {
                error = index_violation(table, index, other->row, t->new);
                goto out;
            }
        }

        /* Committed rows that this transaction leaves as they are. */
        HMAP_FOR_EACH_WITH_HASH (other, hmap_node, hash,
                                 &table->indexes[i]) {
            if (!other->row->txn_row
                && ovsdb_row_equal_columns(t->new, other->row, index)) {
                error = index_violation(table, index, t->new, other->row);
                goto out;
            }
        }

        nodes[n].row = t->new;
        hmap_insert(&txn_index, &nodes[n].hmap_node, hash);
        n++;
    }
out:
    hmap_destroy(&txn_index);
    free(nodes);
    return error;
}

static struct ovsdb_error *
check_indexes(const struct ovsdb_txn *txn)
{
    struct ovsdb_table **tables = ovsdb_sorted_tables(txn->db);
    size_t n_tables = shash_count(&txn->db->tables);
    struct ovsdb_error *error = NULL;

    for (size_t i = 0; !error && i < n_tables; i++) {
        for (size_t j = 0; !error && j < tables[i]->schema->n_indexes; j++) {
            error = check_index(txn, tables[i], j);
        }
    }
    free(tables);
    return error;
}

/* Commit, step 7: changes and versions. */

static void
set_bit(unsigned long *bitmap, size_t index)
{
    bitmap[index / BITS_PER_LONG] |= 1UL << (index % BITS_PER_LONG);
}

static void
determine_changes(struct ovsdb_txn *txn)
{
    struct ovsdb_txn_row *t;

    LIST_FOR_EACH (t, list_node, &txn->txn_row_list) {
        size_t n_columns = t->table->schema->n_columns;
        size_t n_longs = (n_columns + BITS_PER_LONG - 1) / BITS_PER_LONG;

        free(t->changed);
        t->changed = xcalloc(n_longs, sizeof *t->changed);
        t->has_changes = false;
        if (!t->old && !t->new) {
            continue;
        }
        for (size_t i = 0; i < n_columns; i++) {
            if (i == OVSDB_COL_VERSION || !column_differs(t, i)) {
                continue;
            }
            set_bit(t->changed, i);
            t->has_changes = true;
        }
        if (!t->old || !t->new) {
            for (size_t i = 0; i < n_columns; i++) {
                set_bit(t->changed, i);
            }
            t->has_changes = true;
        } else if (t->has_changes) {
            uuid_generate(&t->new->fields[OVSDB_COL_VERSION].keys[0].uuid);
            set_bit(t->changed, OVSDB_COL_VERSION);
        }
    }
}

/* Commit. */

static struct ovsdb_error *
call_observers(struct ovsdb_txn *txn, bool durable)
{
    struct ovsdb_observer *observer;
    bool first = true;

    LIST_FOR_EACH (observer, list_node, &txn->db->observers) {
        struct ovsdb_error *error = observer->commit(observer, txn, durable);
        if (error) {
            if (first) {
                return error;
            }
            char *s = ovsdb_error_to_string(error);
            sluice_abort("ovsdb_txn_commit: an observer other than the "
                         "first failed: %s", s);
        }
        first = false;
    }
    return NULL;
}

struct ovsdb_error *
ovsdb_txn_commit(struct ovsdb_txn *txn, bool durable)
{
    struct ovsdb_error *error;
    struct ovsdb_txn_row *t;

    assert_open(txn, __func__);
    error = check_datums(txn);
    if (!error) {
        error = update_ref_counts(txn);
    }
    if (!error) {
        error = collect_garbage(txn);
    }
    if (!error) {
        error = remove_weak_refs(txn);
    }
    if (!error) {
        error = check_max_rows(txn);
    }
    if (!error) {
        error = check_indexes(txn);
    }
    if (!error) {
        determine_changes(txn);
        txn->state = TXN_COMMITTING;
        error = call_observers(txn, durable);
    }
    if (error) {
        ovsdb_txn_abort(txn);
        return error;
    }

    LIST_FOR_EACH (t, list_node, &txn->txn_row_list) {
        if (t->old) {
            ovsdb_table_index_remove(t->table, t->old);
            t->old->txn_row = NULL;
        }
        if (t->new) {
            t->new->n_refs = t->n_refs;
            ovsdb_table_index_insert(t->table, t->new);
            t->new->txn_row = NULL;
        }
    }
    txn->state = TXN_COMMITTED;
    txn->db->txn = NULL;
    return NULL;
}

/* Changes. */

static void
assert_committed(const struct ovsdb_txn *txn, const char *function)
{
    if (txn->state != TXN_COMMITTING && txn->state != TXN_COMMITTED) {
        sluice_abort("%s: transaction has not committed", function);
    }
}

bool
ovsdb_txn_for_each_change(const struct ovsdb_txn *txn,
                          ovsdb_txn_change_cb *cb, void *aux)
{
    const struct ovsdb_txn_row *t;

    assert_committed(txn, __func__);
    LIST_FOR_EACH (t, list_node, &txn->txn_row_list) {
        if (t->has_changes && !cb(t->table, t->old, t->new, t->changed,
                                  aux)) {
            return false;
        }
    }
    return true;
}

/* Stores in DIFF the difference from OLD to NEW, both of TYPE, as the
 * comment on ovsdb_txn_to_record_json() describes. */
static void
datum_diff(struct ovsdb_datum *diff, const struct ovsdb_datum *old,
           const struct ovsdb_datum *new, const struct ovsdb_type *type)
{
    enum ovsdb_atomic_type key_type = type->key.type;
    enum ovsdb_atomic_type value_type = type->value.type;
    bool is_map = value_type != OVSDB_TYPE_VOID;
    size_t max = old->n + new->n;
    size_t i = 0, j = 0;

    diff->n = 0;
    diff->keys = max ? xmalloc(max * sizeof *diff->keys) : NULL;
    diff->values = max && is_map ? xmalloc(max * sizeof *diff->values) : NULL;
    while (i < old->n || j < new->n) {
        int cmp = (i >= old->n ? 1
                   : j >= new->n ? -1
                   : ovsdb_atom_compare_3way(&old->keys[i], &new->keys[j],
                                             key_type));
        const struct ovsdb_datum *src = NULL;
        size_t k = 0;

        if (cmp < 0) {
            src = old;
            k = i++;
        } else if (cmp > 0) {
            src = new;
            k = j++;
        } else {
            if (is_map && !ovsdb_atom_equals(&old->values[i], &new->values[j],
                                             value_type)) {
                src = new;
                k = j;
            }
            i++;
            j++;
        }
        if (src) {
            ovsdb_atom_clone(&diff->keys[diff->n], &src->keys[k], key_type);
            if (is_map) {
                ovsdb_atom_clone(&diff->values[diff->n], &src->values[k],
                                 value_type);
            }
            diff->n++;
        }
    }
    if (!diff->n) {
        free(diff->keys);
        free(diff->values);
        diff->keys = NULL;
        diff->values = NULL;
    }
}

/* Returns the record JSON for T's row, or null if it has nothing
 * persistent to write. */
static struct json *
txn_row_to_record_json(const struct ovsdb_txn_row *t)
{
    const struct ovsdb_table_schema *ts = t->table->schema;
    struct json *json;

    if (!t->new) {
        return json_null_create();
    }

    json = json_object_create();
    for (size_t i = OVSDB_N_IMPLICIT_COLUMNS; i < ts->n_columns; i++) {
        const struct ovsdb_column *c = ts->columns[i];
        const struct ovsdb_datum *new = &t->new->fields[i];
        struct json *value;

        if (c->ephemeral) {
            continue;
        }
        if (!t->old) {
            if (ovsdb_datum_is_default(new, &c->type)) {
                continue;
            }
            value = ovsdb_datum_to_json(new, &c->type);
        } else if (!ovsdb_txn_column_changed(t->changed, i)) {
            continue;
        } else if (ovsdb_type_is_composite(&c->type)) {
            struct ovsdb_datum diff;
            datum_diff(&diff, &t->old->fields[i], new, &c->type);
            value = ovsdb_datum_to_json(&diff, &c->type);
            ovsdb_datum_destroy(&diff, &c->type);
        } else {
            value = ovsdb_datum_to_json(new, &c->type);
        }
        json_object_put(json, c->name, value);
    }
    if (t->old && shash_is_empty(json_object(json))) {
        json_destroy(json);
        return NULL;
    }
    return json;
}

struct json *
ovsdb_txn_to_record_json(const struct ovsdb_txn *txn)
{
    struct json *json = json_object_create();
    const struct ovsdb_txn_row *t;
    const char *comment;
    bool any = false;

    assert_committed(txn, __func__);
    LIST_FOR_EACH (t, list_node, &txn->txn_row_list) {
        const char *table_name = t->table->schema->name;
        struct json *row_json, *table_json;
        char uuid_s[UUID_STRING_SIZE];

        if (!t->has_changes) {
            continue;
        }
        row_json = txn_row_to_record_json(t);
        if (!row_json) {
            continue;
        }
        table_json = json_object_get(json, table_name);
        if (!table_json) {
            table_json = json_object_create();
            json_object_put(json, table_name, table_json);
        }
        uuid_to_string(&t->uuid, uuid_s);
        json_object_put(table_json, uuid_s, row_json);
        any = true;
    }
    if (!any) {
        json_destroy(json);
        return NULL;
    }

    json_object_put(json, "_date", json_integer_create(time_wall_msec()));
    json_object_put(json, "_is_diff", json_boolean_create(true));
    comment = ovsdb_txn_get_comment(txn);
    if (comment) {
        json_object_put_string(json, "_comment", comment);
    }
    return json;
}

/* Observers. */

void
ovsdb_add_observer(struct ovsdb *db, struct ovsdb_observer *observer)
{
    list_push_back(&db->observers, &observer->list_node);
}

void
ovsdb_remove_observer(struct ovsdb_observer *observer)
{
    list_remove(&observer->list_node);
}
