/* ovsdb-schema: OVSDB database schemas.  See ovsdb-schema.h. */
#include <config.h>
#include "ovsdb-schema.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "dynamic-string.h"
#include "json.h"
#include "ovsdb-error.h"
#include "util.h"

/* Columns. */

/* Returns a new column that takes over the contents of TYPE. */
static struct ovsdb_column *
column_create(const char *name, bool mutable, bool ephemeral,
              const struct ovsdb_type *type)
{
    struct ovsdb_column *column = xzalloc(sizeof *column);
    column->name = xstrdup(name);
    column->mutable = mutable;
    column->ephemeral = ephemeral;
    column->type = *type;
    return column;
}

static void
column_destroy(struct ovsdb_column *column)
{
    if (column) {
        free(column->name);
        ovsdb_type_destroy(&column->type);
        free(column);
    }
}

/* Tables. */

/* Appends COLUMN to TS, giving it the next index. */
static void
table_add_column(struct ovsdb_table_schema *ts, struct ovsdb_column *column)
{
    column->index = ts->n_columns;
    ts->columns = xrealloc(ts->columns,
                           (ts->n_columns + 1) * sizeof *ts->columns);
    ts->columns[ts->n_columns++] = column;
    shash_add(&ts->columns_by_name, column->name, column);
}

/* Returns a new table with only the implicit columns. */
static struct ovsdb_table_schema *
table_create(const char *name, bool is_root, unsigned int max_rows)
{
    struct ovsdb_table_schema *ts = xzalloc(sizeof *ts);
    struct ovsdb_type uuid_type;

    ts->name = xstrdup(name);
    ts->is_root = is_root;
    ts->max_rows = max_rows;
    shash_init(&ts->columns_by_name);

    ovsdb_type_init(&uuid_type, OVSDB_TYPE_UUID);
    table_add_column(ts, column_create("_uuid", false, false, &uuid_type));
    table_add_column(ts, column_create("_version", false, true,
                                       &uuid_type));
    return ts;
}

static void
table_destroy(struct ovsdb_table_schema *ts)
{
    if (!ts) {
        return;
    }
    for (size_t i = 0; i < ts->n_indexes; i++) {
        free(ts->indexes[i].columns);
    }
    free(ts->indexes);
    for (size_t i = 0; i < ts->n_columns; i++) {
        column_destroy(ts->columns[i]);
    }
    free(ts->columns);
    shash_destroy(&ts->columns_by_name);
    free(ts->name);
    free(ts);
}

/* Parsing. */

/* Checks NAME as the name of a WHAT ("table" or "column"). */
static struct ovsdb_error *
check_name(const char *name, const char *what)
{
    if (!ovsdb_type_is_valid_id(name)) {
        return ovsdb_error_create("syntax error", "%s name \"%s\" is not "
                                  "a valid identifier", what, name);
    }
    if (name[0] == '_') {
        return ovsdb_error_create("syntax error", "%s name \"%s\" begins "
                                  "with \"_\", which is reserved", what,
                                  name);
    }
    return NULL;
}

/* Parses member NAME of OBJECT, if present, as a boolean into *VALUE. */
static struct ovsdb_error *
parse_bool_member(const struct json *object, const char *name, bool *value)
{
    const struct json *json = json_object_get(object, name);
    if (!json) {
        return NULL;
    }
    if (json->type != JSON_TRUE && json->type != JSON_FALSE) {
        return ovsdb_syntax_error(json, NULL, "\"%s\" must be true or "
                                  "false", name);
    }
    *value = json->type == JSON_TRUE;
    return NULL;
}

/* Parses JSON as the <column-schema> of the column NAME into a new column
 * in *COLUMNP. */
static struct ovsdb_error *
column_from_json(const struct json *json, const char *name,
                 struct ovsdb_column **columnp)
{
    static const char *const members[] = {
        "type", "ephemeral", "mutable", NULL
    };
    struct ovsdb_error *error;

    *columnp = NULL;
    if (json->type != JSON_OBJECT) {
        return ovsdb_syntax_error(json, NULL, "column schema must be an "
                                  "object");
    }
    error = ovsdb_error_check_members(json, members, "column schema");
    if (error) {
        return error;
    }

    bool ephemeral = false;
    bool mutable = true;
    error = parse_bool_member(json, "ephemeral", &ephemeral);
    if (!error) {
        error = parse_bool_member(json, "mutable", &mutable);
    }
    if (error) {
        return error;
    }

    const struct json *type_json = json_object_get(json, "type");
    if (!type_json) {
        return ovsdb_syntax_error(json, NULL, "column schema lacks required "
                                  "member \"type\"");
    }
    struct ovsdb_type type;
    error = ovsdb_type_from_json(&type, type_json);
    if (error) {
        return ovsdb_error_wrap(error, "type");
    }

    *columnp = column_create(name, mutable, ephemeral, &type);
    return NULL;
}

/* Parses JSON, the "indexes" member of a table, into TS. */
static struct ovsdb_error *
indexes_from_json(struct ovsdb_table_schema *ts, const struct json *json)
{
    if (json->type != JSON_ARRAY) {
        return ovsdb_syntax_error(json, NULL, "\"indexes\" must be an array "
                                  "of arrays of column names");
    }

    const struct json_array *indexes = json_array(json);
    ts->indexes = xcalloc(indexes->n, sizeof *ts->indexes);
    for (size_t i = 0; i < indexes->n; i++) {
        const struct json *index = indexes->elems[i];
        if (index->type != JSON_ARRAY || !index->array.n) {
            return ovsdb_syntax_error(index, NULL, "each index must be a "
                                      "nonempty array of column names");
        }

        struct ovsdb_column_set *set = &ts->indexes[ts->n_indexes++];
        set->columns = xcalloc(index->array.n, sizeof *set->columns);
        for (size_t j = 0; j < index->array.n; j++) {
            const struct json *name = index->array.elems[j];
            if (name->type != JSON_STRING) {
                return ovsdb_syntax_error(index, NULL, "index elements "
                                          "must be column names");
            }

            const struct ovsdb_column *column
                = ovsdb_table_schema_find_column(ts, json_string(name));
            if (!column) {
                return ovsdb_syntax_error(index, NULL, "index column \"%s\" "
                                          "does not exist",
                                          json_string(name));
            }
            if (column->ephemeral) {
                return ovsdb_syntax_error(index, NULL, "index column \"%s\" "
                                          "is ephemeral, and ephemeral "
                                          "columns may not be indexed",
                                          column->name);
            }
            for (size_t k = 0; k < set->n_columns; k++) {
                if (set->columns[k] == column) {
                    return ovsdb_syntax_error(index, NULL, "column \"%s\" "
                                              "appears twice in one index",
                                              column->name);
                }
            }
            set->columns[set->n_columns++] = column;
        }
    }
    return NULL;
}

/* Parses JSON as the <table-schema> of table NAME into a new table in
 * *TSP, or returns an error (not yet naming the table). */
static struct ovsdb_error *
table_from_json__(const struct json *json, const char *name,
                  struct ovsdb_table_schema **tsp)
{
    static const char *const members[] = {
        "columns", "maxRows", "isRoot", "indexes", NULL
    };
    struct ovsdb_error *error;

    *tsp = NULL;
    error = check_name(name, "table");
    if (error) {
        return error;
    }
    if (json->type != JSON_OBJECT) {
        return ovsdb_syntax_error(json, NULL, "table schema must be an "
                                  "object");
    }
    error = ovsdb_error_check_members(json, members, "table schema");
    if (error) {
        return error;
    }

    const struct json *columns = json_object_get(json, "columns");
    if (!columns) {
        return ovsdb_syntax_error(json, NULL, "table schema lacks required "
                                  "member \"columns\"");
    }
    if (columns->type != JSON_OBJECT || shash_is_empty(json_object(columns))) {
        return ovsdb_syntax_error(columns, NULL, "\"columns\" must be an "
                                  "object with at least one column");
    }

    unsigned int max_rows = UINT_MAX;
    const struct json *max_rows_json = json_object_get(json, "maxRows");
    if (max_rows_json) {
        if (max_rows_json->type != JSON_INTEGER
            || max_rows_json->integer < 1
            || max_rows_json->integer > UINT_MAX) {
            return ovsdb_syntax_error(max_rows_json, NULL, "\"maxRows\" "
                                      "must be a positive integer");
        }
        max_rows = max_rows_json->integer;
    }

    bool is_root = false;
    error = parse_bool_member(json, "isRoot", &is_root);
    if (error) {
        return error;
    }

    /* Columns get their indexes in name order. */
    struct ovsdb_table_schema *ts = table_create(name, is_root, max_rows);
    const struct shash_node **nodes = shash_sort(json_object(columns));
    size_t n = shash_count(json_object(columns));
    for (size_t i = 0; i < n && !error; i++) {
        struct ovsdb_column *column;

        error = check_name(nodes[i]->name, "column");
        if (!error) {
            error = column_from_json(nodes[i]->data, nodes[i]->name,
                                     &column);
        }
        if (error) {
            error = ovsdb_error_wrap(error, "column %s", nodes[i]->name);
        } else {
            table_add_column(ts, column);
        }
    }
    free(nodes);

    const struct json *indexes = json_object_get(json, "indexes");
    if (!error && indexes) {
        error = indexes_from_json(ts, indexes);
    }

    if (error) {
        table_destroy(ts);
        return error;
    }
    *tsp = ts;
    return NULL;
}

/* Checks that every reference in SCHEMA names one of its tables. */
static struct ovsdb_error *
check_references(const struct ovsdb_schema *schema)
{
    const struct shash_node **nodes = shash_sort(&schema->tables);
    size_t n = shash_count(&schema->tables);
    struct ovsdb_error *error = NULL;

    for (size_t i = 0; i < n && !error; i++) {
        const struct ovsdb_table_schema *ts = nodes[i]->data;

        for (size_t j = OVSDB_N_IMPLICIT_COLUMNS; j < ts->n_columns; j++) {
            const struct ovsdb_column *column = ts->columns[j];
            const struct ovsdb_base_type *bases[2] = {
                &column->type.key, &column->type.value
            };

            for (size_t k = 0; k < 2 && !error; k++) {
                const char *ref = bases[k]->uuid.ref_table_name;
                if (bases[k]->type == OVSDB_TYPE_UUID && ref
                    && !shash_find(&schema->tables, ref)) {
                    error = ovsdb_error_create(
                        "syntax error", "table %s: column %s: %s refers to "
                        "table \"%s\", which is not in the schema",
                        ts->name, column->name, k ? "value" : "key", ref);
                }
            }
            if (error) {
                break;
            }
        }
    }
    free(nodes);
    return error;
}

bool
ovsdb_schema_version_is_valid(const char *version)
{
    const char *p = version;

    for (int part = 0; part < 3; part++) {
        int n_digits = 0;
        while (*p >= '0' && *p <= '9') {
            p++;
            n_digits++;
        }
        if (n_digits < 1 || n_digits > 9) {
            return false;
        }
        if (part < 2) {
            if (*p != '.') {
                return false;
            }
            p++;
        }
    }
    return *p == '\0';
}

/* Returns member NAME of OBJECT as a string in *VALUEP, or null in *VALUEP
 * if the member is absent and !REQUIRED.  WHAT names OBJECT. */
static struct ovsdb_error *
parse_string_member(const struct json *object, const char *name,
                    bool required, const char *what, const char **valuep)
{
    const struct json *json = json_object_get(object, name);

    *valuep = NULL;
    if (!json) {
        if (required) {
            return ovsdb_syntax_error(object, NULL, "%s lacks required "
                                      "member \"%s\"", what, name);
        }
        return NULL;
    }
    if (json->type != JSON_STRING) {
        return ovsdb_syntax_error(json, NULL, "\"%s\" must be a string",
                                  name);
    }
    *valuep = json_string(json);
    return NULL;
}

/* Parses the members of a schema other than "tables" from JSON into a new
 * schema without tables in *SCHEMAP. */
static struct ovsdb_error *
schema_header_from_json(const struct json *json,
                        struct ovsdb_schema **schemap)
{
    static const char *const members[] = {
        "name", "version", "cksum", "tables", NULL
    };
    const char *name, *version, *cksum;
    struct ovsdb_error *error;

    *schemap = NULL;
    if (json->type != JSON_OBJECT) {
        return ovsdb_syntax_error(json, NULL, "database schema must be an "
                                  "object");
    }
    error = ovsdb_error_check_members(json, members, "database schema");
    if (!error) {
        error = parse_string_member(json, "name", true, "database schema",
                                    &name);
    }
    if (!error) {
        error = parse_string_member(json, "version", true,
                                    "database schema", &version);
    }
    if (!error) {
        error = parse_string_member(json, "cksum", false, "database schema",
                                    &cksum);
    }
    if (error) {
        return error;
    }

    if (!ovsdb_type_is_valid_id(name)) {
        return ovsdb_syntax_error(json_object_get(json, "name"), NULL,
                                  "schema name \"%s\" is not a valid "
                                  "identifier", name);
    }
    if (!ovsdb_schema_version_is_valid(version)) {
        return ovsdb_syntax_error(json_object_get(json, "version"), NULL,
                                  "schema version \"%s\" is not of the "
                                  "form x.y.z", version);
    }

    struct ovsdb_schema *schema = xzalloc(sizeof *schema);
    schema->name = xstrdup(name);
    schema->version = xstrdup(version);
    schema->cksum = cksum ? xstrdup(cksum) : NULL;
    shash_init(&schema->tables);
    *schemap = schema;
    return NULL;
}

struct ovsdb_error *
ovsdb_schema_from_json(const struct json *json, struct ovsdb_schema **schemap)
{
    struct ovsdb_schema *schema;
    struct ovsdb_error *error;

    *schemap = NULL;
    error = schema_header_from_json(json, &schema);
    if (error) {
        return error;
    }

    const struct json *tables = json_object_get(json, "tables");
    if (!tables) {
        error = ovsdb_syntax_error(json, NULL, "database schema lacks "
                                   "required member \"tables\"");
    } else if (tables->type != JSON_OBJECT) {
        error = ovsdb_syntax_error(tables, NULL, "\"tables\" must be an "
                                   "object");
    } else {
        const struct shash_node **nodes = shash_sort(json_object(tables));
        size_t n = shash_count(json_object(tables));
        bool any_root = false;

        for (size_t i = 0; i < n && !error; i++) {
            struct ovsdb_table_schema *ts;

            error = table_from_json__(nodes[i]->data, nodes[i]->name, &ts);
            if (error) {
                error = ovsdb_error_wrap(error, "table %s", nodes[i]->name);
            } else {
                any_root = any_root || ts->is_root;
                shash_add(&schema->tables, ts->name, ts);
            }
        }
        free(nodes);

        /* RFC 7047: if no table has "isRoot": true, every table is a
         * root table. */
        if (!error && !any_root) {
            struct shash_node *node;

            SHASH_FOR_EACH (node, &schema->tables) {
                struct ovsdb_table_schema *ts = node->data;
                ts->is_root = true;
            }
        }
    }

    if (!error) {
        error = check_references(schema);
    }
    if (error) {
        ovsdb_schema_destroy(schema);
        return error;
    }
    *schemap = schema;
    return NULL;
}

struct ovsdb_error *
ovsdb_schema_from_file(const char *file_name, struct ovsdb_schema **schemap)
{
    *schemap = NULL;

    FILE *stream = fopen(file_name, "rb");
    if (!stream) {
        return ovsdb_error_create("I/O error", "%s: could not open schema: "
                                  "%s", file_name, sluice_strerror(errno));
    }

    struct ds text = DS_EMPTY_INITIALIZER;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, stream)) > 0) {
        ds_put_buffer(&text, buf, n);
    }
    if (ferror(stream)) {
        int error = errno;
        fclose(stream);
        ds_destroy(&text);
        return ovsdb_error_create("I/O error", "%s: could not read schema: "
                                  "%s", file_name, sluice_strerror(error));
    }
    fclose(stream);

    struct json *json;
    char *msg = json_from_buffer(text.string ? text.string : "",
                                 text.length, &json);
    ds_destroy(&text);
    if (msg) {
        struct ovsdb_error *error = ovsdb_error_create("syntax error",
                                                       "%s: %s", file_name,
                                                       msg);
        free(msg);
        return error;
    }

    struct ovsdb_error *error = ovsdb_schema_from_json(json, schemap);
    json_destroy(json);
    return ovsdb_error_wrap(error, "%s", file_name);
}

/* Serializing. */

static struct json *
column_to_json(const struct ovsdb_column *column)
{
    struct json *json = json_object_create();
    json_object_put(json, "type", ovsdb_type_to_json(&column->type));
    if (column->ephemeral) {
        json_object_put(json, "ephemeral", json_boolean_create(true));
    }
    if (!column->mutable) {
        json_object_put(json, "mutable", json_boolean_create(false));
    }
    return json;
}

/* Returns TS as a <table-schema>.  ALL_ROOT says whether every table of
 * the schema is a root table, in which case "isRoot" is left out. */
static struct json *
table_to_json(const struct ovsdb_table_schema *ts, bool all_root)
{
    struct json *json = json_object_create();

    struct json *columns = json_object_create();
    for (size_t i = OVSDB_N_IMPLICIT_COLUMNS; i < ts->n_columns; i++) {
        json_object_put(columns, ts->columns[i]->name,
                        column_to_json(ts->columns[i]));
    }
    json_object_put(json, "columns", columns);

    if (ts->max_rows != UINT_MAX) {
        json_object_put(json, "maxRows", json_integer_create(ts->max_rows));
    }
    if (ts->is_root && !all_root) {
        json_object_put(json, "isRoot", json_boolean_create(true));
    }
    if (ts->n_indexes) {
        struct json *indexes = json_array_create_empty();
        for (size_t i = 0; i < ts->n_indexes; i++) {
            const struct ovsdb_column_set *set = &ts->indexes[i];
            struct json *index = json_array_create_empty();
            for (size_t j = 0; j < set->n_columns; j++) {
                json_array_add(index,
                               json_string_create(set->columns[j]->name));
            }
            json_array_add(indexes, index);
        }
        json_object_put(json, "indexes", indexes);
    }
    return json;
}

struct json *
ovsdb_schema_to_json(const struct ovsdb_schema *schema)
{
    struct json *json = json_object_create();
    json_object_put_string(json, "name", schema->name);
    json_object_put_string(json, "version", schema->version);
    if (schema->cksum) {
        json_object_put_string(json, "cksum", schema->cksum);
    }

    bool all_root = true;
    struct shash_node *node;
    SHASH_FOR_EACH (node, &schema->tables) {
        const struct ovsdb_table_schema *ts = node->data;
        all_root = all_root && ts->is_root;
    }

    struct json *tables = json_object_create();
    SHASH_FOR_EACH (node, &schema->tables) {
        const struct ovsdb_table_schema *ts = node->data;
        json_object_put(tables, ts->name, table_to_json(ts, all_root));
    }
    json_object_put(json, "tables", tables);
    return json;
}

/* Copying, comparing, destroying. */

static struct ovsdb_table_schema *
table_clone(const struct ovsdb_table_schema *old)
{
    struct ovsdb_table_schema *ts = table_create(old->name, old->is_root,
                                                 old->max_rows);

    for (size_t i = OVSDB_N_IMPLICIT_COLUMNS; i < old->n_columns; i++) {
        const struct ovsdb_column *column = old->columns[i];
        struct ovsdb_type type;

        ovsdb_type_clone(&type, &column->type);
        table_add_column(ts, column_create(column->name, column->mutable,
                                           column->ephemeral, &type));
    }

    ts->indexes = xcalloc(old->n_indexes, sizeof *ts->indexes);
    ts->n_indexes = old->n_indexes;
    for (size_t i = 0; i < old->n_indexes; i++) {
        const struct ovsdb_column_set *old_set = &old->indexes[i];
        struct ovsdb_column_set *set = &ts->indexes[i];

        set->columns = xcalloc(old_set->n_columns, sizeof *set->columns);
        set->n_columns = old_set->n_columns;
        for (size_t j = 0; j < old_set->n_columns; j++) {
            set->columns[j] = ts->columns[old_set->columns[j]->index];
        }
    }
    return ts;
}

struct ovsdb_schema *
ovsdb_schema_clone(const struct ovsdb_schema *old)
{
    struct ovsdb_schema *schema = xzalloc(sizeof *schema);
    schema->name = xstrdup(old->name);
    schema->version = xstrdup(old->version);
    schema->cksum = old->cksum ? xstrdup(old->cksum) : NULL;
    shash_init(&schema->tables);

    struct shash_node *node;
    SHASH_FOR_EACH (node, &old->tables) {
        struct ovsdb_table_schema *ts = table_clone(node->data);
        shash_add(&schema->tables, ts->name, ts);
    }
    return schema;
}

void
ovsdb_schema_destroy(struct ovsdb_schema *schema)
{
    if (!schema) {
        return;
    }

    struct shash_node *node;
    SHASH_FOR_EACH (node, &schema->tables) {
        table_destroy(node->data);
    }
    shash_destroy(&schema->tables);
    free(schema->name);
    free(schema->version);
    free(schema->cksum);
    free(schema);
}

static bool
column_equal(const struct ovsdb_column *a, const struct ovsdb_column *b)
{
    return (a->index == b->index
            && !strcmp(a->name, b->name)
            && a->mutable == b->mutable
            && a->ephemeral == b->ephemeral
            && ovsdb_type_equals(&a->type, &b->type));
}

static bool
table_equal(const struct ovsdb_table_schema *a,
            const struct ovsdb_table_schema *b)
{
    if (strcmp(a->name, b->name)
        || a->is_root != b->is_root
        || a->max_rows != b->max_rows
        || a->n_columns != b->n_columns
        || a->n_indexes != b->n_indexes) {
        return false;
    }
    for (size_t i = 0; i < a->n_columns; i++) {
        if (!column_equal(a->columns[i], b->columns[i])) {
            return false;
        }
    }
    for (size_t i = 0; i < a->n_indexes; i++) {
        const struct ovsdb_column_set *sa = &a->indexes[i];
        const struct ovsdb_column_set *sb = &b->indexes[i];

        if (sa->n_columns != sb->n_columns) {
            return false;
        }
        for (size_t j = 0; j < sa->n_columns; j++) {
            if (sa->columns[j]->index != sb->columns[j]->index) {
                return false;
            }
        }
    }
    return true;
}

bool
ovsdb_schema_equal(const struct ovsdb_schema *a,
                   const struct ovsdb_schema *b)
{
    if (strcmp(a->name, b->name)
        || strcmp(a->version, b->version)
        || !a->cksum != !b->cksum
        || (a->cksum && strcmp(a->cksum, b->cksum))
        || shash_count(&a->tables) != shash_count(&b->tables)) {
        return false;
    }

    struct shash_node *node;
    SHASH_FOR_EACH (node, &a->tables) {
        const struct ovsdb_table_schema *tb
            = shash_find_data(&b->tables, node->name);
        if (!tb || !table_equal(node->data, tb)) {
            return false;
        }
    }
    return true;
}

/* Lookups. */

const struct ovsdb_table_schema *
ovsdb_schema_find_table(const struct ovsdb_schema *schema, const char *name)
{
    return shash_find_data(&schema->tables, name);
}

const struct ovsdb_column *
ovsdb_table_schema_find_column(const struct ovsdb_table_schema *table,
                               const char *name)
{
    return shash_find_data(&table->columns_by_name, name);
}
