/* The in-memory OVSDB database: tables, rows, snapshots and records. */
#include <config.h>
#include "ovsdb-db.h"
#include <stdlib.h>
#include <string.h>
#include "hash.h"
#include "json.h"
#include "ovsdb-error.h"
#include "ovsdb-txn.h"
#include "util.h"

/* Databases and tables. */

static struct ovsdb_table *
table_create(const struct ovsdb_table_schema *ts)
{
    struct ovsdb_table *table = xzalloc(sizeof *table);

    table->schema = ts;
    hmap_init(&table->rows);
    table->indexes = xcalloc(ts->n_indexes ? ts->n_indexes : 1,
                             sizeof *table->indexes);
    for (size_t i = 0; i < ts->n_indexes; i++) {
        hmap_init(&table->indexes[i]);
    }
    return table;
}

static void
table_destroy(struct ovsdb_table *table)
{
    struct ovsdb_row *row;

    for (size_t i = 0; i < table->schema->n_indexes; i++) {
        hmap_destroy(&table->indexes[i]);
    }
    free(table->indexes);
    HMAP_FOR_EACH_POP (row, hmap_node, &table->rows) {
        ovsdb_row_destroy(row);
    }
    hmap_destroy(&table->rows);
    free(table);
}

struct ovsdb *
ovsdb_create(struct ovsdb_schema *schema)
{
    struct ovsdb *db = xzalloc(sizeof *db);
    struct shash_node *node;

    db->schema = schema;
    shash_init(&db->tables);
    list_init(&db->observers);
    SHASH_FOR_EACH (node, &schema->tables) {
        const struct ovsdb_table_schema *ts = node->data;
        shash_add(&db->tables, ts->name, table_create(ts));
    }
    return db;
}

void
ovsdb_destroy(struct ovsdb *db)
{
    struct shash_node *node;

    if (!db) {
        return;
    }
    if (db->txn) {
        sluice_abort("ovsdb_destroy: a transaction is still in progress");
    }
    SHASH_FOR_EACH (node, &db->tables) {
        table_destroy(node->data);
    }
    shash_destroy(&db->tables);
    ovsdb_schema_destroy(db->schema);
    free(db);
}

struct ovsdb_table *
ovsdb_find_table(const struct ovsdb *db, const char *name)
{
    return shash_find_data(&db->tables, name);
}

struct ovsdb_table **
ovsdb_sorted_tables(const struct ovsdb *db)
{
    size_t n = shash_count(&db->tables);
    const struct shash_node **nodes = shash_sort(&db->tables);
    struct ovsdb_table **tables = xcalloc(n ? n : 1, sizeof *tables);

    for (size_t i = 0; i < n; i++) {
        tables[i] = nodes[i]->data;
    }
    free(nodes);
    return tables;
}

struct ovsdb_row *
ovsdb_table_find_row(const struct ovsdb_table *table,
                     const struct uuid *uuid)
{
    struct ovsdb_row *row;

    HMAP_FOR_EACH_WITH_HASH (row, hmap_node, uuid_hash(uuid),
                             &table->rows) {
        if (uuid_equals(ovsdb_row_get_uuid(row), uuid)) {
            return row;
        }
    }
    return NULL;
}

size_t
ovsdb_table_n_rows(const struct ovsdb_table *table)
{
    return hmap_count(&table->rows);
}

static int
compare_rows_by_uuid(const void *a_, const void *b_)
{
    const struct ovsdb_row *const *a = a_;
    const struct ovsdb_row *const *b = b_;

    return uuid_compare(ovsdb_row_get_uuid(*a), ovsdb_row_get_uuid(*b));
}

struct ovsdb_row **
ovsdb_table_sorted_rows(const struct ovsdb_table *table)
{
    size_t n = hmap_count(&table->rows);
    struct ovsdb_row **rows;
    struct ovsdb_row *row;
    size_t i = 0;

    if (!n) {
        return NULL;
    }
    rows = xmalloc(n * sizeof *rows);
    OVSDB_TABLE_FOR_EACH_ROW (row, table) {
        rows[i++] = row;
    }
    qsort(rows, n, sizeof *rows, compare_rows_by_uuid);
    return rows;
}

/* Rows. */

static struct ovsdb_row *
row_alloc(struct ovsdb_table *table)
{
    const struct ovsdb_table_schema *ts = table->schema;
    struct ovsdb_row *row;

    row = xzalloc(sizeof *row + ts->n_columns * sizeof row->fields[0]);
    row->table = table;
    row->index_nodes = (ts->n_indexes
                        ? xcalloc(ts->n_indexes, sizeof *row->index_nodes)
                        : NULL);
    for (size_t i = 0; i < ts->n_indexes; i++) {
        row->index_nodes[i].row = row;
    }
    return row;
}

struct ovsdb_row *
ovsdb_row_create(struct ovsdb_table *table)
{
    const struct ovsdb_table_schema *ts = table->schema;
    struct ovsdb_row *row = row_alloc(table);

    for (size_t i = 0; i < ts->n_columns; i++) {
        ovsdb_datum_init_default(&row->fields[i], &ts->columns[i]->type);
    }
    return row;
}

struct ovsdb_row *
ovsdb_row_clone(const struct ovsdb_row *old)
{
    const struct ovsdb_table_schema *ts = old->table->schema;
    struct ovsdb_row *row = row_alloc(old->table);

    for (size_t i = 0; i < ts->n_columns; i++) {
        ovsdb_datum_clone(&row->fields[i], &old->fields[i],
                          &ts->columns[i]->type);
    }
    row->n_refs = old->n_refs;
    return row;
}

void
ovsdb_row_destroy(struct ovsdb_row *row)
{
    if (!row) {
        return;
    }

    const struct ovsdb_table_schema *ts = row->table->schema;
    for (size_t i = 0; i < ts->n_columns; i++) {
        ovsdb_datum_destroy(&row->fields[i], &ts->columns[i]->type);
    }
    free(row->index_nodes);
    free(row);
}

const struct uuid *
ovsdb_row_get_uuid(const struct ovsdb_row *row)
{
    return &row->fields[OVSDB_COL_UUID].keys[0].uuid;
}

const struct uuid *
ovsdb_row_get_version(const struct ovsdb_row *row)
{
    return &row->fields[OVSDB_COL_VERSION].keys[0].uuid;
}

struct json *
ovsdb_row_to_json(const struct ovsdb_row *row,
                  const struct ovsdb_column_set *columns)
{
    const struct ovsdb_table_schema *ts = row->table->schema;
    struct json *json = json_object_create();

    if (columns) {
        for (size_t i = 0; i < columns->n_columns; i++) {
            const struct ovsdb_column *c = columns->columns[i];
            json_object_put(json, c->name,
                            ovsdb_datum_to_json(&row->fields[c->index],
                                                &c->type));
        }
    } else {
        for (size_t i = 0; i < ts->n_columns; i++) {
            const struct ovsdb_column *c = ts->columns[i];
            json_object_put(json, c->name,
                            ovsdb_datum_to_json(&row->fields[i], &c->type));
        }
    }
    return json;
}

uint32_t
ovsdb_row_hash_columns(const struct ovsdb_row *row,
                       const struct ovsdb_column_set *columns,
                       uint32_t basis)
{
    for (size_t i = 0; i < columns->n_columns; i++) {
        const struct ovsdb_column *c = columns->columns[i];
        basis = ovsdb_datum_hash(&row->fields[c->index], &c->type, basis);
    }
    return basis;
}

bool
ovsdb_row_equal_columns(const struct ovsdb_row *a, const struct ovsdb_row *b,
                        const struct ovsdb_column_set *columns)
{
    for (size_t i = 0; i < columns->n_columns; i++) {
        const struct ovsdb_column *c = columns->columns[i];
        if (!ovsdb_datum_equals(&a->fields[c->index], &b->fields[c->index],
                                &c->type)) {
            return false;
        }
    }
    return true;
}

void
ovsdb_table_index_insert(struct ovsdb_table *table, struct ovsdb_row *row)
{
    const struct ovsdb_table_schema *ts = table->schema;

    for (size_t i = 0; i < ts->n_indexes; i++) {
        hmap_insert(&table->indexes[i], &row->index_nodes[i].hmap_node,
                    ovsdb_row_hash_columns(row, &ts->indexes[i], 0));
    }
}

void
ovsdb_table_index_remove(struct ovsdb_table *table, struct ovsdb_row *row)
{
    for (size_t i = 0; i < table->schema->n_indexes; i++) {
        hmap_remove(&table->indexes[i], &row->index_nodes[i].hmap_node);
    }
}

/* Snapshots. */

struct json *
ovsdb_to_snapshot_json(const struct ovsdb *db)
{
    struct json *json = json_object_create();
    struct shash_node *node;

    if (db->txn) {
        sluice_abort("ovsdb_to_snapshot_json: a transaction is in "
                     "progress");
    }
    SHASH_FOR_EACH (node, &db->tables) {
        const struct ovsdb_table *table = node->data;
        const struct ovsdb_table_schema *ts = table->schema;
        const struct ovsdb_row *row;
        struct json *table_json;

        if (!hmap_count(&table->rows)) {
            continue;
        }
        table_json = json_object_create();
        OVSDB_TABLE_FOR_EACH_ROW (row, table) {
            struct json *row_json = json_object_create();
            char uuid_s[UUID_STRING_SIZE];

            for (size_t i = OVSDB_N_IMPLICIT_COLUMNS; i < ts->n_columns;
                 i++) {
                const struct ovsdb_column *c = ts->columns[i];
                if (!c->ephemeral
                    && !ovsdb_datum_is_default(&row->fields[i], &c->type)) {
                    json_object_put(row_json, c->name,
                                    ovsdb_datum_to_json(&row->fields[i],
                                                        &c->type));
                }
            }
            uuid_to_string(ovsdb_row_get_uuid(row), uuid_s);
            json_object_put(table_json, uuid_s, row_json);
        }
        json_object_put(json, ts->name, table_json);
    }
    return json;
}

/* Records. */

/* Applies DIFF to A, both of TYPE, as the comment on
 * ovsdb_apply_record_json() describes.  Does not check the size of the
 * result. */
static void
datum_apply_diff(struct ovsdb_datum *a, const struct ovsdb_datum *diff,
                 const struct ovsdb_type *type)
{
    enum ovsdb_atomic_type key_type = type->key.type;
    enum ovsdb_atomic_type value_type = type->value.type;
    bool is_map = value_type != OVSDB_TYPE_VOID;
    size_t max = a->n + diff->n;
    struct ovsdb_datum r;
    size_t i = 0, j = 0;

    r.n = 0;
    r.keys = max ? xmalloc(max * sizeof *r.keys) : NULL;
    r.values = max && is_map ? xmalloc(max * sizeof *r.values) : NULL;
    while (i < a->n || j < diff->n) {
        int cmp = (i >= a->n ? 1
                   : j >= diff->n ? -1
                   : ovsdb_atom_compare_3way(&a->keys[i], &diff->keys[j],
                                             key_type));
        if (cmp < 0) {
            /* Only in A: keep it, moving its atoms. */
            r.keys[r.n] = a->keys[i];
            if (is_map) {
                r.values[r.n] = a->values[i];
            }
            r.n++;
            i++;
        } else if (cmp > 0) {
            /* Only in DIFF: add it. */
            ovsdb_atom_clone(&r.keys[r.n], &diff->keys[j], key_type);
            if (is_map) {
                ovsdb_atom_clone(&r.values[r.n], &diff->values[j],
                                 value_type);
            }
            r.n++;
            j++;
        } else {
            /* In both: remove it, unless a map's value changes. */
            if (is_map && !ovsdb_atom_equals(&a->values[i], &diff->values[j],
                                             value_type)) {
                ovsdb_atom_clone(&r.keys[r.n], &diff->keys[j], key_type);
                ovsdb_atom_clone(&r.values[r.n], &diff->values[j],
                                 value_type);
                r.n++;
            }
            ovsdb_atom_destroy(&a->keys[i], key_type);
            if (is_map) {
                ovsdb_atom_destroy(&a->values[i], value_type);
            }
            i++;
            j++;
        }
    }
    free(a->keys);
    free(a->values);
    if (!r.n) {
        free(r.keys);
        free(r.values);
        r.keys = NULL;
        r.values = NULL;
    }
    *a = r;
}

/* Sets the columns of ROW, of table TS, from the JSON object ROW_JSON of a
 * record.  DIFF is true if composite values of ROW_JSON are differences
 * to apply. */
static struct ovsdb_error *
row_update_from_record(struct ovsdb_row *row, const struct json *row_json,
                       bool diff)
{
    const struct ovsdb_table_schema *ts = row->table->schema;
    const struct shash_node **members = shash_sort(json_object(row_json));
    size_t n = shash_count(json_object(row_json));
    struct ovsdb_error *error = NULL;

    for (size_t i = 0; !error && i < n; i++) {
        const char *name = members[i]->name;
        const struct json *value = members[i]->data;
        const struct ovsdb_column *c;
        struct ovsdb_datum datum;

        c = ovsdb_table_schema_find_column(ts, name);
        if (!c) {
            error = ovsdb_syntax_error(row_json, "unknown column",
                                       "No column %s in table %s.", name,
                                       ts->name);
        } else if (c->index < OVSDB_N_IMPLICIT_COLUMNS) {
            error = ovsdb_syntax_error(row_json, NULL,
                                       "column %s of table %s may not "
                                       "appear in a record", name, ts->name);
        } else if (diff && ovsdb_type_is_composite(&c->type)) {
            /* A difference may hold more elements than the column. */
            struct ovsdb_type relaxed = c->type;
            relaxed.n_min = 0;
            relaxed.n_max = UINT_MAX;
            error = ovsdb_datum_from_json(&datum, &relaxed, value, NULL);
            if (!error) {
                datum_apply_diff(&row->fields[c->index], &datum, &c->type);
                ovsdb_datum_destroy(&datum, &c->type);
            }
        } else {
            error = ovsdb_datum_from_json(&datum, &c->type, value, NULL);
            if (!error) {
                ovsdb_datum_swap(&row->fields[c->index], &datum);
                ovsdb_datum_destroy(&datum, &c->type);
            }
        }
        if (error) {
            error = ovsdb_error_wrap(error, "column %s", name);
        }
    }
    free(members);
    return error;
}

/* Applies the rows of one table member TABLE_JSON of a record to TABLE in
 * TXN. */
static struct ovsdb_error *
table_apply_record(struct ovsdb_txn *txn, struct ovsdb_table *table,
                   const struct json *table_json, bool diff)
{
    const char *table_name = table->schema->name;
    const struct shash_node **members;
    struct ovsdb_error *error = NULL;
    size_t n;

    if (table_json->type != JSON_OBJECT) {
        return ovsdb_syntax_error(table_json, NULL, "table %s: object "
                                  "expected", table_name);
    }

    members = shash_sort(json_object(table_json));
    n = shash_count(json_object(table_json));
    for (size_t i = 0; !error && i < n; i++) {
        const char *uuid_s = members[i]->name;
        const struct json *row_json = members[i]->data;
        struct ovsdb_row *row;
        struct uuid uuid;

        if (!uuid_from_string(&uuid, uuid_s)) {
            error = ovsdb_syntax_error(table_json, NULL, "table %s: \"%s\" "
                                       "is not a valid UUID", table_name,
                                       uuid_s);
            break;
        }
        row = ovsdb_table_find_row(table, &uuid);
        if (row_json->type == JSON_NULL) {
            if (!row) {
                error = ovsdb_syntax_error(NULL, NULL, "table %s: record "
                                           "deletes row "UUID_FMT" that "
                                           "does not exist", table_name,
                                           UUID_ARGS(&uuid));
            } else {
                ovsdb_txn_delete(txn, row);
            }
        } else if (row_json->type != JSON_OBJECT) {
            error = ovsdb_syntax_error(row_json, NULL, "table %s row "
                                       UUID_FMT": object or null expected",
                                       table_name, UUID_ARGS(&uuid));
        } else {
            if (row) {
                row = ovsdb_txn_modify(txn, row);
            } else if (ovsdb_txn_may_create_row(txn, table, &uuid)) {
                row = ovsdb_txn_insert(txn, table, &uuid);
                diff = false;
            } else {
                error = ovsdb_syntax_error(row_json, NULL, "table %s: "
                                           "record inserts row "UUID_FMT
                                           " again", table_name,
                                           UUID_ARGS(&uuid));
                break;
            }
            error = row_update_from_record(row, row_json, diff);
            if (error) {
                error = ovsdb_error_wrap(error, "table %s row "UUID_FMT,
                                         table_name, UUID_ARGS(&uuid));
            }
        }
    }
    free(members);
    return error;
}

struct ovsdb_error *
ovsdb_apply_record_json(struct ovsdb *db, const struct json *record)
{
    const struct shash_node **members;
    struct ovsdb_error *error = NULL;
    const struct json *is_diff;
    struct ovsdb_txn *txn;
    bool diff = false;
    size_t n;

    if (record->type != JSON_OBJECT) {
        return ovsdb_syntax_error(record, NULL, "database record must be "
                                  "a JSON object");
    }
    is_diff = json_object_get(record, "_is_diff");
    if (is_diff) {
        if (is_diff->type != JSON_TRUE && is_diff->type != JSON_FALSE) {
            return ovsdb_syntax_error(record, NULL, "\"_is_diff\" must be "
                                      "true or false");
        }
        diff = is_diff->type == JSON_TRUE;
    }

    txn = ovsdb_txn_create(db);
    members = shash_sort(json_object(record));
    n = shash_count(json_object(record));
    for (size_t i = 0; !error && i < n; i++) {
        const char *name = members[i]->name;
        const struct json *value = members[i]->data;
        struct ovsdb_table *table = ovsdb_find_table(db, name);

        if (table) {
            error = table_apply_record(txn, table, value, diff);
        } else if (!strcmp(name, "_date")) {
            if (value->type != JSON_INTEGER && value->type != JSON_REAL) {
                error = ovsdb_syntax_error(record, NULL, "\"_date\" must "
                                           "be a number");
            }
        } else if (!strcmp(name, "_comment")) {
            if (value->type != JSON_STRING) {
                error = ovsdb_syntax_error(record, NULL, "\"_comment\" "
                                           "must be a string");
            }
        } else if (strcmp(name, "_is_diff")) {
            error = ovsdb_syntax_error(record, "unknown table",
                                       "No table named %s.", name);
        }
    }
    free(members);

    if (!error) {
        error = ovsdb_txn_commit(txn, false);
    }
    ovsdb_txn_destroy(txn);
    return error;
}
