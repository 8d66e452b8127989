/* The RFC 7047 "transact" operations. */
#include <config.h>
#include "ovsdb-exec.h"
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "json.h"
#include "ovsdb-data.h"
#include "ovsdb-db.h"
#include "ovsdb-error.h"
#include "ovsdb-schema.h"
#include "ovsdb-txn.h"
#include "ovsdb-types.h"
#include "util.h"

/* The state of one ovsdb_execute(). */
struct exec {
    struct ovsdb *db;
    struct ovsdb_txn *txn;
    struct ovsdb_symbol_table *symtab;
    const struct ovsdb_exec_context *ctx;
    bool can_retry;             /* The caller can run a "wait" again. */
    bool retry;                 /* A "wait" must be run again. */
    long long int retry_msec;   /* When, at the latest. */
    bool durable;               /* A "commit" asked for durability. */
};

/* Members of operations. */

enum member_type {
    M_STRING = 1 << 0,
    M_ARRAY = 1 << 1,
    M_OBJECT = 1 << 2,
    M_BOOLEAN = 1 << 3,
    M_INTEGER = 1 << 4,
    M_OPTIONAL = 1 << 5
};

/* Stores in *VALUEP member NAME of operation OP (an object) and checks that
 * its type is one of TYPES.  A missing member is an error unless TYPES
 * includes M_OPTIONAL, in which case *VALUEP is null. */
static struct ovsdb_error *
get_member(const struct json *op, const char *op_name, const char *name,
           int types, const struct json **valuep)
{
    const struct json *value = json_object_get(op, name);
    bool ok;

    *valuep = NULL;
    if (!value) {
        if (types & M_OPTIONAL) {
            return NULL;
        }
        return ovsdb_syntax_error(op, NULL, "\"%s\" operation: required "
                                  "member \"%s\" is missing", op_name, name);
    }
    switch (value->type) {
    case JSON_STRING:
        ok = types & M_STRING;
        break;
    case JSON_ARRAY:
        ok = types & M_ARRAY;
        break;
    case JSON_OBJECT:
        ok = types & M_OBJECT;
        break;
    case JSON_TRUE:
    case JSON_FALSE:
        ok = types & M_BOOLEAN;
        break;
    case JSON_INTEGER:
        ok = types & M_INTEGER;
        break;
    case JSON_NULL:
    case JSON_REAL:
    case JSON_N_TYPES:
    default:
        ok = false;
        break;
    }
    if (!ok) {
        return ovsdb_syntax_error(op, NULL, "\"%s\" operation: member \"%s\" "
                                  "has the wrong type (%s)", op_name, name,
                                  json_type_to_string(value->type));
    }
    *valuep = value;
    return NULL;
}

/* Stores in *TABLEP the table named by member "table" of OP. */
static struct ovsdb_error *
parse_table(const struct exec *x, const struct json *op, const char *op_name,
            struct ovsdb_table **tablep)
{
    const struct json *json;
    struct ovsdb_error *error;

    *tablep = NULL;
    error = get_member(op, op_name, "table", M_STRING, &json);
    if (error) {
        return error;
    }
    *tablep = ovsdb_find_table(x->db, json_string(json));
    if (!*tablep) {
        return ovsdb_syntax_error(op, "unknown table", "No table named %s.",
                                  json_string(json));
    }
    return NULL;
}

/* Finds column NAME of TABLE for JSON, which names it. */
static struct ovsdb_error *
find_column(const struct ovsdb_table *table, const char *name,
            const struct json *json, const struct ovsdb_column **columnp)
{
    *columnp = ovsdb_table_schema_find_column(table->schema, name);
    if (!*columnp) {
        return ovsdb_syntax_error(json, "unknown column",
                                  "No column %s in table %s.", name,
                                  table->schema->name);
    }
    return NULL;
}

/* Parses JSON, an array of distinct column names of TABLE, into COLUMNS,
 * whose array the caller frees.  A null JSON gives every column of the
 * table if ALL_IMPLICIT, otherwise every column but _uuid and
 * _version. */
static struct ovsdb_error *
parse_columns(const struct ovsdb_table *table, const struct json *json,
              bool all_implicit, struct ovsdb_column_set *columns)
{
    const struct ovsdb_table_schema *ts = table->schema;

    columns->columns = NULL;
    columns->n_columns = 0;
    if (!json) {
        size_t first = all_implicit ? 0 : OVSDB_N_IMPLICIT_COLUMNS;
        columns->columns = xmalloc(ts->n_columns * sizeof *columns->columns);
        for (size_t i = first; i < ts->n_columns; i++) {
            columns->columns[columns->n_columns++] = ts->columns[i];
        }
        return NULL;
    }

    const struct json_array *array = json_array(json);
    columns->columns = xmalloc((array->n ? array->n : 1)
                               * sizeof *columns->columns);
    for (size_t i = 0; i < array->n; i++) {
        const struct json *elem = array->elems[i];
        const struct ovsdb_column *c;
        struct ovsdb_error *error;

        if (elem->type != JSON_STRING) {
            return ovsdb_syntax_error(json, NULL, "array of distinct column "
                                      "names expected");
        }
        error = find_column(table, json_string(elem), json, &c);
        if (error) {
            return error;
        }
        for (size_t j = 0; j < columns->n_columns; j++) {
            if (columns->columns[j] == c) {
                return ovsdb_syntax_error(json, NULL, "array of distinct "
                                          "column names expected");
            }
        }
        columns->columns[columns->n_columns++] = c;
    }
    return NULL;
}

/* Returns a copy of BASE without its enum and bounds, sharing BASE's
 * refTable name: it must not be destroyed. */
static struct ovsdb_base_type
relax_base(const struct ovsdb_base_type *base)
{
    struct ovsdb_base_type relaxed = *base;

    relaxed.enum_ = NULL;
    relaxed.integer.min = INT64_MIN;
    relaxed.integer.max = INT64_MAX;
    relaxed.real.min = -DBL_MAX;
    relaxed.real.max = DBL_MAX;
    relaxed.string.min_length = 0;
    relaxed.string.max_length = UINT_MAX;
    return relaxed;
}

/* Rows given in operations. */

/* Column values parsed from a JSON <row>. */
struct parsed_row {
    size_t n;
    const struct ovsdb_column **columns;
    struct ovsdb_datum *datums;
};

enum row_purpose {
    ROW_INSERT,                 /* All but the implicit columns. */
    ROW_UPDATE,                 /* Mutable columns only. */
    ROW_WAIT                    /* Any column. */
};

static void
parsed_row_destroy(struct parsed_row *pr)
{
    for (size_t i = 0; i < pr->n; i++) {
        ovsdb_datum_destroy(&pr->datums[i], &pr->columns[i]->type);
    }
    free(pr->columns);
    free(pr->datums);
    pr->n = 0;
    pr->columns = NULL;
    pr->datums = NULL;
}

/* Parses JSON, an RFC 7047 <row> of TABLE, into PR, for PURPOSE.  On
 * error PR is empty. */
static struct ovsdb_error *
parse_row(struct exec *x, const struct ovsdb_table *table,
          const struct json *json, enum row_purpose purpose,
          struct parsed_row *pr)
{
    const char *table_name = table->schema->name;
    struct ovsdb_error *error = NULL;
    const struct shash_node **members;
    size_t n;

    pr->n = 0;
    pr->columns = NULL;
    pr->datums = NULL;
    if (json->type != JSON_OBJECT) {
        return ovsdb_syntax_error(json, NULL, "row of table %s must be a "
                                  "JSON object", table_name);
    }

    n = shash_count(json_object(json));
    members = shash_sort(json_object(json));
    pr->columns = xmalloc((n ? n : 1) * sizeof *pr->columns);
    pr->datums = xmalloc((n ? n : 1) * sizeof *pr->datums);
    for (size_t i = 0; !error && i < n; i++) {
        const char *name = members[i]->name;
        const struct ovsdb_column *c;

        error = find_column(table, name, json, &c);
        if (error) {
            break;
        }
        if (purpose == ROW_INSERT && c->index < OVSDB_N_IMPLICIT_COLUMNS) {
            error = ovsdb_error_create("constraint violation",
                                       "Cannot set column %s in table %s: "
                                       "the database maintains it.",
                                       name, table_name);
        } else if (purpose == ROW_UPDATE && !c->mutable) {
            error = ovsdb_error_create("constraint violation",
                                       "Cannot update immutable column %s "
                                       "in table %s.", name, table_name);
        } else {
            error = ovsdb_datum_from_json(&pr->datums[pr->n], &c->type,
                                          members[i]->data, x->symtab);
            if (error) {
                error = ovsdb_error_wrap(error, "table %s column %s",
                                         table_name, name);
            } else {
                pr->columns[pr->n++] = c;
            }
        }
    }
    free(members);
    if (error) {
        parsed_row_destroy(pr);
    }
    return error;
}

/* Sets the columns of ROW given in PR to copies of their values. */
static void
parsed_row_apply(const struct parsed_row *pr, struct ovsdb_row *row)
{
    for (size_t i = 0; i < pr->n; i++) {
        const struct ovsdb_column *c = pr->columns[i];
        ovsdb_datum_destroy(&row->fields[c->index], &c->type);
        ovsdb_datum_clone(&row->fields[c->index], &pr->datums[i], &c->type);
    }
}

/* Conditions. */

enum function {
    F_EQ, F_NE, F_LT, F_LE, F_GT, F_GE, F_INCLUDES, F_EXCLUDES
};

static const char *const function_names[] = {
    [F_EQ] = "==", [F_NE] = "!=", [F_LT] = "<", [F_LE] = "<=",
    [F_GT] = ">", [F_GE] = ">=", [F_INCLUDES] = "includes",
    [F_EXCLUDES] = "excludes",
};

/* One element of a "where". */
struct clause {
    const struct ovsdb_column *column;  /* Null for true or false. */
    bool constant;                      /* Value of true or false. */
    enum function function;
    struct ovsdb_datum arg;             /* Of the column's atomic types. */
};

struct ovsdb_condition {
    struct clause *clauses;
    size_t n;
};

static void
condition_destroy(struct ovsdb_condition *cond)
{
    for (size_t i = 0; i < cond->n; i++) {
        if (cond->clauses[i].column) {
            ovsdb_datum_destroy(&cond->clauses[i].arg,
                                &cond->clauses[i].column->type);
        }
    }
    free(cond->clauses);
    cond->clauses = NULL;
    cond->n = 0;
}

static struct ovsdb_error *
type_mismatch(const struct json *json, const char *operator,
              const struct ovsdb_column *c)
{
    struct json *type_json = ovsdb_type_to_json(&c->type);
    char *type_s = json_to_string(type_json, JSSF_SORT);
    struct ovsdb_error *error;

    error = ovsdb_syntax_error(json, NULL, "Type mismatch: \"%s\" operator "
                               "may not be applied to column %s of type %s.",
                               operator, c->name, type_s);
    free(type_s);
    json_destroy(type_json);
    return error;
}

/* Parses JSON, one element of a "where" on TABLE, into CL. */
static struct ovsdb_error *
parse_clause(struct ovsdb_symbol_table *symtab,
             const struct ovsdb_table *table, const struct json *json,
             struct clause *cl)
{
    const struct json_array *a;
    const struct ovsdb_column *c;
    struct ovsdb_error *error;
    struct ovsdb_type type;
    const char *function;
    size_t f;

    memset(cl, 0, sizeof *cl);
    if (json->type == JSON_TRUE || json->type == JSON_FALSE) {
        cl->constant = json->type == JSON_TRUE;
        return NULL;
    }
    if (json->type != JSON_ARRAY || json->array.n != 3
        || json->array.elems[0]->type != JSON_STRING
        || json->array.elems[1]->type != JSON_STRING) {
        return ovsdb_syntax_error(json, NULL, "Parse error in condition: "
                                  "expected [column, function, value], "
                                  "true or false.");
    }
    a = json_array(json);
    error = find_column(table, json_string(a->elems[0]), json, &c);
    if (error) {
        return error;
    }
    function = json_string(a->elems[1]);
    for (f = 0; f < ARRAY_SIZE(function_names); f++) {
        if (!strcmp(function, function_names[f])) {
            break;
        }
    }
    if (f >= ARRAY_SIZE(function_names)) {
        return ovsdb_syntax_error(json, "unknown function",
                                  "No function named %s.", function);
    }

    type = c->type;
    type.key = relax_base(&c->type.key);
    type.value = relax_base(&c->type.value);
    switch ((enum function) f) {
    case F_LT:
    case F_LE:
    case F_GT:
    case F_GE:
        if (!ovsdb_type_is_scalar(&c->type)
            || (c->type.key.type != OVSDB_TYPE_INTEGER
                && c->type.key.type != OVSDB_TYPE_REAL)) {
            return type_mismatch(json, function, c);
        }
        break;
    case F_INCLUDES:
    case F_EXCLUDES:
        if (!ovsdb_type_is_scalar(&c->type)) {
            type.n_min = 0;
            type.n_max = UINT_MAX;
        }
        break;
    case F_EQ:
    case F_NE:
    default:
        break;
    }

    error = ovsdb_datum_from_json(&cl->arg, &type, a->elems[2], symtab);
    if (error) {
        return ovsdb_error_wrap(error, "condition on column %s of table %s",
                                c->name, table->schema->name);
    }
    cl->column = c;
    cl->function = f;
    return NULL;
}

/* Parses JSON, a "where" array, into COND, with named-uuids looked up in
 * SYMTAB (none allowed if it is null). */
static struct ovsdb_error *
parse_condition(struct ovsdb_symbol_table *symtab,
                const struct ovsdb_table *table, const struct json *json,
                struct ovsdb_condition *cond)
{
    const struct json_array *a = json_array(json);

    cond->clauses = xcalloc(a->n ? a->n : 1, sizeof *cond->clauses);
    cond->n = 0;
    for (size_t i = 0; i < a->n; i++) {
        struct ovsdb_error *error;

        error = parse_clause(symtab, table, a->elems[i], &cond->clauses[i]);
        if (error) {
            condition_destroy(cond);
            return error;
        }
        cond->n++;
    }
    return NULL;
}

/* Returns true if DATUM, of TYPE, holds element I of ARG (for a map, the
 * same key with the same value). */
static bool
datum_has_element(const struct ovsdb_datum *datum,
                  const struct ovsdb_datum *arg, size_t i,
                  const struct ovsdb_type *type)
{
    size_t idx;

    if (!ovsdb_datum_find_key(datum, &arg->keys[i], type->key.type, &idx)) {
        return false;
    }
    return (!arg->values
            || ovsdb_atom_equals(&datum->values[idx], &arg->values[i],
                                 type->value.type));
}

static bool
clause_matches(const struct clause *cl, const struct ovsdb_row *row)
{
    const struct ovsdb_datum *datum;
    const struct ovsdb_type *type;
    int cmp;

    if (!cl->column) {
        return cl->constant;
    }
    datum = &row->fields[cl->column->index];
    type = &cl->column->type;
    switch (cl->function) {
    case F_EQ:
        return ovsdb_datum_equals(datum, &cl->arg, type);
    case F_NE:
        return !ovsdb_datum_equals(datum, &cl->arg, type);
    case F_LT:
    case F_LE:
    case F_GT:
    case F_GE:
        cmp = ovsdb_atom_compare_3way(&datum->keys[0], &cl->arg.keys[0],
                                      type->key.type);
        return (cl->function == F_LT ? cmp < 0
                : cl->function == F_LE ? cmp <= 0
                : cl->function == F_GT ? cmp > 0
                : cmp >= 0);
    case F_INCLUDES:
        for (size_t i = 0; i < cl->arg.n; i++) {
            if (!datum_has_element(datum, &cl->arg, i, type)) {
                return false;
            }
        }
        return true;
    case F_EXCLUDES:
        for (size_t i = 0; i < cl->arg.n; i++) {
            if (datum_has_element(datum, &cl->arg, i, type)) {
                return false;
            }
        }
        return true;
    default:
        sluice_abort("clause_matches: bad function %d", (int) cl->function);
    }
}

static bool
condition_matches(const struct ovsdb_condition *cond,
                  const struct ovsdb_row *row)
{
    for (size_t i = 0; i < cond->n; i++) {
        if (!clause_matches(&cond->clauses[i], row)) {
            return false;
        }
    }
    return true;
}

/* Returns the rows of TABLE that match COND, in _uuid order, in an array
 * the caller frees, and their number in *N. */
static struct ovsdb_row **
query(const struct ovsdb_table *table, const struct ovsdb_condition *cond,
      size_t *n)
{
    struct ovsdb_row **rows = ovsdb_table_sorted_rows(table);
    size_t n_rows = ovsdb_table_n_rows(table);

    *n = 0;
    for (size_t i = 0; i < n_rows; i++) {
        if (condition_matches(cond, rows[i])) {
            rows[(*n)++] = rows[i];
        }
    }
    return rows;
}

/* Parses member "where" of OP and runs it on TABLE. */
static struct ovsdb_error *
parse_where_and_query(struct exec *x, const struct json *op,
                      const char *op_name, const struct ovsdb_table *table,
                      struct ovsdb_row ***rowsp, size_t *n)
{
    struct ovsdb_condition cond;
    const struct json *where;
    struct ovsdb_error *error;

    *rowsp = NULL;
    *n = 0;
    error = get_member(op, op_name, "where", M_ARRAY, &where);
    if (!error) {
        error = parse_condition(x->symtab, table, where, &cond);
    }
    if (!error) {
        *rowsp = query(table, &cond, n);
        condition_destroy(&cond);
    }
    return error;
}

/* Conditions for other modules (ovsdb-exec.h). */

struct ovsdb_error *
ovsdb_condition_from_json(const struct ovsdb_table *table,
                          const struct json *json,
                          struct ovsdb_condition **condp)
{
    *condp = NULL;
    if (json->type != JSON_ARRAY) {
        return ovsdb_syntax_error(json, NULL, "table %s: a condition must "
                                  "be an array", table->schema->name);
    }
    struct ovsdb_condition *cond = xzalloc(sizeof *cond);
    struct ovsdb_error *error = parse_condition(NULL, table, json, cond);
    if (error) {
        free(cond);
        return error;
    }
    *condp = cond;
    return NULL;
}

bool
ovsdb_condition_match_all(const struct ovsdb_condition *cond,
                          const struct ovsdb_row *row)
{
    return condition_matches(cond, row);
}

bool
ovsdb_condition_match_any(const struct ovsdb_condition *cond,
                          const struct ovsdb_row *row)
{
    if (!cond->n) {
        return true;
    }
    for (size_t i = 0; i < cond->n; i++) {
        if (clause_matches(&cond->clauses[i], row)) {
            return true;
        }
    }
    return false;
}

bool
ovsdb_condition_is_true(const struct ovsdb_condition *cond)
{
    if (!cond->n) {
        return true;
    }
    for (size_t i = 0; i < cond->n; i++) {
        if (!cond->clauses[i].column && cond->clauses[i].constant) {
            return true;
        }
    }
    return false;
}

void
ovsdb_condition_destroy(struct ovsdb_condition *cond)
{
    if (cond) {
        condition_destroy(cond);
        free(cond);
    }
}

/* Operations. */

static struct ovsdb_error *
execute_insert(struct exec *x, const struct json *op, struct json *result)
{
    const struct json *row_json, *uuid_name, *uuid_json;
    struct ovsdb_symbol *symbol = NULL;
    struct parsed_row pr = { 0, NULL, NULL };
    struct ovsdb_table *table;
    struct ovsdb_error *error;
    struct ovsdb_row *row;
    struct uuid uuid;

    error = parse_table(x, op, "insert", &table);
    if (!error) {
        error = get_member(op, "insert", "row", M_OBJECT | M_OPTIONAL,
                           &row_json);
    }
    if (!error) {
        error = get_member(op, "insert", "uuid-name", M_STRING | M_OPTIONAL,
                           &uuid_name);
    }
    if (!error) {
        error = get_member(op, "insert", "uuid", M_STRING | M_OPTIONAL,
                           &uuid_json);
    }
    if (error) {
        return error;
    }

    if (uuid_json) {
        if (!uuid_from_string(&uuid, json_string(uuid_json))) {
            return ovsdb_syntax_error(uuid_json, NULL, "\"%s\" is not a "
                                      "valid UUID", json_string(uuid_json));
        }
        if (!ovsdb_txn_may_create_row(x->txn, table, &uuid)) {
            return ovsdb_syntax_error(uuid_json, "duplicate uuid",
                                      "This UUID would duplicate a UUID "
                                      "already present within table %s or "
                                      "deleted within the same "
                                      "transaction.", table->schema->name);
        }
    }
    if (uuid_name) {
        const char *name = json_string(uuid_name);

        if (!ovsdb_type_is_valid_id(name)) {
            return ovsdb_syntax_error(uuid_name, NULL, "\"%s\" is not a "
                                      "valid uuid-name", name);
        }
        symbol = ovsdb_symbol_table_find(x->symtab, name);
        if (symbol && symbol->created) {
            return ovsdb_syntax_error(uuid_name, "duplicate uuid-name",
                                      "This \"uuid-name\" (%s) appeared on "
                                      "an earlier \"insert\" operation.",
                                      name);
        }
        if (symbol && uuid_json) {
            return ovsdb_syntax_error(op, NULL, "named-uuid \"%s\" was used "
                                      "before this insert, so the insert "
                                      "cannot choose its \"uuid\"", name);
        }
        symbol = ovsdb_symbol_table_insert(x->symtab, name);
        if (uuid_json) {
            symbol->uuid = uuid;
        } else {
            uuid = symbol->uuid;
            if (!ovsdb_txn_may_create_row(x->txn, table, &uuid)) {
                return ovsdb_syntax_error(uuid_name, "duplicate uuid",
                                          "The uuid of named-uuid \"%s\" "
                                          "is already in use.", name);
            }
        }
    } else if (!uuid_json) {
        do {
            uuid_generate(&uuid);
        } while (!ovsdb_txn_may_create_row(x->txn, table, &uuid));
    }

    if (row_json) {
        error = parse_row(x, table, row_json, ROW_INSERT, &pr);
        if (error) {
            return error;
        }
    }
    row = ovsdb_txn_insert(x->txn, table, &uuid);
    parsed_row_apply(&pr, row);
    parsed_row_destroy(&pr);
    if (symbol) {
        symbol->created = true;
    }

    json_object_put(result, "uuid",
                    json_array_create_2(json_string_create("uuid"),
                                        json_string_create_format(
                                            UUID_FMT, UUID_ARGS(&uuid))));
    return NULL;
}

static struct ovsdb_error *
execute_select(struct exec *x, const struct json *op, struct json *result)
{
    struct ovsdb_column_set columns = { NULL, 0 };
    const struct json *columns_json;
    struct ovsdb_table *table;
    struct ovsdb_error *error;
    struct ovsdb_row **rows = NULL;
    size_t n = 0;

    error = parse_table(x, op, "select", &table);
    if (!error) {
        error = get_member(op, "select", "columns", M_ARRAY | M_OPTIONAL,
                           &columns_json);
    }
    if (!error) {
        error = parse_columns(table, columns_json, true, &columns);
    }
    if (!error) {
        error = parse_where_and_query(x, op, "select", table, &rows, &n);
    }
    if (!error) {
        struct json *array = json_array_create_empty();
        for (size_t i = 0; i < n; i++) {
            json_array_add(array, ovsdb_row_to_json(rows[i], &columns));
        }
        json_object_put(result, "rows", array);
    }
    free(rows);
    free(columns.columns);
    return error;
}

static struct ovsdb_error *
execute_update(struct exec *x, const struct json *op, struct json *result)
{
    struct parsed_row pr = { 0, NULL, NULL };
    const struct json *row_json;
    struct ovsdb_table *table;
    struct ovsdb_error *error;
    struct ovsdb_row **rows = NULL;
    size_t n = 0;

    error = parse_table(x, op, "update", &table);
    if (!error) {
        error = get_member(op, "update", "row", M_OBJECT, &row_json);
    }
    if (!error) {
        error = parse_row(x, table, row_json, ROW_UPDATE, &pr);
    }
    if (!error) {
        error = parse_where_and_query(x, op, "update", table, &rows, &n);
    }
    if (!error) {
        for (size_t i = 0; i < n; i++) {
            parsed_row_apply(&pr, ovsdb_txn_modify(x->txn, rows[i]));
        }
        json_object_put(result, "count", json_integer_create(n));
    }
    free(rows);
    parsed_row_destroy(&pr);
    return error;
}

/* Mutations. */

enum mutator {
    MUT_ADD, MUT_SUB, MUT_MUL, MUT_DIV, MUT_MOD, MUT_INSERT, MUT_DELETE
};

static const char *const mutator_names[] = {
    [MUT_ADD] = "+=", [MUT_SUB] = "-=", [MUT_MUL] = "*=", [MUT_DIV] = "/=",
    [MUT_MOD] = "%=", [MUT_INSERT] = "insert", [MUT_DELETE] = "delete",
};

struct mutation {
    const struct ovsdb_column *column;
    enum mutator mutator;
    struct ovsdb_type arg_type;     /* Shares the column's names. */
    struct ovsdb_datum arg;
};

static void
mutations_destroy(struct mutation *mutations, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ovsdb_datum_destroy(&mutations[i].arg, &mutations[i].arg_type);
    }
    free(mutations);
}

/* Parses JSON, one element of "mutations" on TABLE, into M. */
static struct ovsdb_error *
parse_mutation(struct exec *x, const struct ovsdb_table *table,
               const struct json *json, struct mutation *m)
{
    const char *table_name = table->schema->name;
    const struct ovsdb_column *c;
    const struct json_array *a;
    struct ovsdb_error *error;
    const char *mutator;
    size_t i;

    if (json->type != JSON_ARRAY || json->array.n != 3
        || json->array.elems[0]->type != JSON_STRING
        || json->array.elems[1]->type != JSON_STRING) {
        return ovsdb_syntax_error(json, NULL, "Parse error in mutation: "
                                  "expected [column, mutator, value].");
    }
    a = json_array(json);
    error = find_column(table, json_string(a->elems[0]), json, &c);
    if (error) {
        return error;
    }
    if (!c->mutable) {
        return ovsdb_syntax_error(json, "constraint violation",
                                  "Cannot mutate immutable column %s in "
                                  "table %s.", c->name, table_name);
    }
    mutator = json_string(a->elems[1]);
    for (i = 0; i < ARRAY_SIZE(mutator_names); i++) {
        if (!strcmp(mutator, mutator_names[i])) {
            break;
        }
    }
    if (i >= ARRAY_SIZE(mutator_names)) {
        return ovsdb_syntax_error(json, "unknown mutator",
                                  "No mutator named %s.", mutator);
    }

    m->column = c;
    m->mutator = i;
    m->arg_type = c->type;
    switch (m->mutator) {
    case MUT_ADD:
    case MUT_SUB:
    case MUT_MUL:
    case MUT_DIV:
    case MUT_MOD:
        if (ovsdb_type_is_map(&c->type)
            || (c->type.key.type != OVSDB_TYPE_INTEGER
                && (c->type.key.type != OVSDB_TYPE_REAL
                    || m->mutator == MUT_MOD))) {
            return type_mismatch(json, mutator, c);
        }
        m->arg_type.key = relax_base(&c->type.key);
        m->arg_type.n_min = 1;
        m->arg_type.n_max = 1;
        error = ovsdb_datum_from_json(&m->arg, &m->arg_type, a->elems[2],
                                      x->symtab);
        if (!error && (m->mutator == MUT_DIV || m->mutator == MUT_MOD)
            && ovsdb_atom_is_default(&m->arg.keys[0], c->type.key.type)) {
            ovsdb_datum_destroy(&m->arg, &m->arg_type);
            return ovsdb_error_create("domain error", "Division by zero "
                                      "in \"%s\" mutation of column %s in "
                                      "table %s.", mutator, c->name,
                                      table_name);
        }
        break;

    case MUT_INSERT:
    case MUT_DELETE:
        if (!ovsdb_type_is_set(&c->type) && !ovsdb_type_is_map(&c->type)) {
            return type_mismatch(json, mutator, c);
        }
        m->arg_type.n_min = 0;
        m->arg_type.n_max = UINT_MAX;
        error = ovsdb_datum_from_json(&m->arg, &m->arg_type, a->elems[2],
                                      x->symtab);
        if (error && m->mutator == MUT_DELETE
            && ovsdb_type_is_map(&c->type)) {
            /* A map's pairs may also be deleted by key alone. */
            ovsdb_error_destroy(error);
            ovsdb_base_type_init(&m->arg_type.value, OVSDB_TYPE_VOID);
            error = ovsdb_datum_from_json(&m->arg, &m->arg_type, a->elems[2],
                                          x->symtab);
        }
        break;

    default:
        sluice_abort("parse_mutation: bad mutator %d", (int) m->mutator);
    }
    if (error) {
        return ovsdb_error_wrap(error, "\"%s\" mutation of column %s in "
                                "table %s", mutator, c->name, table_name);
    }
    return NULL;
}

/* Applies arithmetic mutation M to integer *A.  Returns false if the result
 * is out of range. */
static bool
mutate_integer(const struct mutation *m, int64_t *a)
{
    int64_t b = m->arg.keys[0].integer;

    switch (m->mutator) {
    case MUT_ADD:
        return !__builtin_add_overflow(*a, b, a);
    case MUT_SUB:
        return !__builtin_sub_overflow(*a, b, a);
    case MUT_MUL:
        return !__builtin_mul_overflow(*a, b, a);
    case MUT_DIV:
        if (b == -1 && *a == INT64_MIN) {
            return false;
        }
        *a /= b;
        return true;
    case MUT_MOD:
        *a = b == -1 ? 0 : *a % b;
        return true;
    case MUT_INSERT:
    case MUT_DELETE:
    default:
        sluice_abort("mutate_integer: bad mutator %d", (int) m->mutator);
    }
}

/* Applies arithmetic mutation M to real *A.  Returns false if the result
 * is not finite. */
static bool
mutate_real(const struct mutation *m, double *a)
{
    double b = m->arg.keys[0].real;

    switch (m->mutator) {
    case MUT_ADD:
        *a += b;
        break;
    case MUT_SUB:
        *a -= b;
        break;
    case MUT_MUL:
        *a *= b;
        break;
    case MUT_DIV:
        *a /= b;
        break;
    case MUT_MOD:
    case MUT_INSERT:
    case MUT_DELETE:
    default:
        sluice_abort("mutate_real: bad mutator %d", (int) m->mutator);
    }
    return isfinite(*a);
}

/* Applies M to ROW. */
static struct ovsdb_error *
apply_mutation(const struct mutation *m, struct ovsdb_row *row)
{
    const struct ovsdb_column *c = m->column;
    struct ovsdb_datum *datum = &row->fields[c->index];
    const char *name = mutator_names[m->mutator];
    struct ovsdb_error *error = NULL;

    switch (m->mutator) {
    case MUT_ADD:
    case MUT_SUB:
    case MUT_MUL:
    case MUT_DIV:
    case MUT_MOD:
        for (size_t i = 0; !error && i < datum->n; i++) {
            union ovsdb_atom *atom = &datum->keys[i];
            bool ok = (c->type.key.type == OVSDB_TYPE_INTEGER
                       ? mutate_integer(m, &atom->integer)
                       : mutate_real(m, &atom->real));
            if (!ok) {
                error = ovsdb_error_create("range error",
                                           "Result of \"%s\" operation is "
                                           "out of range.", name);
            } else {
                error = ovsdb_atom_check_constraints(atom, &c->type.key);
            }
        }
        if (!error && datum->n > 1) {
            error = ovsdb_datum_sort(datum, &c->type);
            if (error) {
                ovsdb_error_destroy(error);
                error = ovsdb_error_create("constraint violation",
                                           "Result of \"%s\" operation "
                                           "contains duplicates.", name);
            }
        }
        break;

    case MUT_INSERT:
        ovsdb_datum_union(datum, &m->arg, &c->type);
        error = ovsdb_datum_check_size(datum, &c->type);
        break;

    case MUT_DELETE:
        ovsdb_datum_subtract(datum, &c->type, &m->arg, &m->arg_type);
        error = ovsdb_datum_check_size(datum, &c->type);
        break;

    default:
        sluice_abort("apply_mutation: bad mutator %d", (int) m->mutator);
    }
    if (error) {
        error = ovsdb_error_wrap(error, "\"%s\" mutation of column %s in "
                                 "table %s row "UUID_FMT, name, c->name,
                                 row->table->schema->name,
                                 UUID_ARGS(ovsdb_row_get_uuid(row)));
    }
    return error;
}

static struct ovsdb_error *
execute_mutate(struct exec *x, const struct json *op, struct json *result)
{
    struct mutation *mutations = NULL;
    const struct json *mutations_json;
    struct ovsdb_table *table;
    struct ovsdb_error *error;
    struct ovsdb_row **rows = NULL;
    size_t n_mutations = 0;
    size_t n = 0;

    error = parse_table(x, op, "mutate", &table);
    if (!error) {
        error = get_member(op, "mutate", "mutations", M_ARRAY,
                           &mutations_json);
    }
    if (!error) {
        const struct json_array *a = json_array(mutations_json);

        mutations = xcalloc(a->n ? a->n : 1, sizeof *mutations);
        for (size_t i = 0; !error && i < a->n; i++) {
            error = parse_mutation(x, table, a->elems[i],
                                   &mutations[n_mutations]);
            if (!error) {
                n_mutations++;
            }
        }
    }
    if (!error) {
        error = parse_where_and_query(x, op, "mutate", table, &rows, &n);
    }
    for (size_t i = 0; !error && i < n; i++) {
        struct ovsdb_row *row = ovsdb_txn_modify(x->txn, rows[i]);
        for (size_t j = 0; !error && j < n_mutations; j++) {
            error = apply_mutation(&mutations[j], row);
        }
    }
    if (!error) {
        json_object_put(result, "count", json_integer_create(n));
    }
    free(rows);
    mutations_destroy(mutations, n_mutations);
    return error;
}

static struct ovsdb_error *
execute_delete(struct exec *x, const struct json *op, struct json *result)
{
    struct ovsdb_table *table;
    struct ovsdb_error *error;
    struct ovsdb_row **rows = NULL;
    size_t n = 0;

    error = parse_table(x, op, "delete", &table);
    if (!error) {
        error = parse_where_and_query(x, op, "delete", table, &rows, &n);
    }
    if (!error) {
        for (size_t i = 0; i < n; i++) {
            ovsdb_txn_delete(x->txn, rows[i]);
        }
        json_object_put(result, "count", json_integer_create(n));
    }
    free(rows);
    return error;
}

/* Returns true if every row of A (N_A rows) equals, in COLUMNS, some row
 * of B (N_B rows). */
static bool
rows_included(struct ovsdb_row **a, size_t n_a, struct ovsdb_row **b,
              size_t n_b, const struct ovsdb_column_set *columns)
{
    for (size_t i = 0; i < n_a; i++) {
        size_t j;

        for (j = 0; j < n_b; j++) {
            if (ovsdb_row_equal_columns(a[i], b[j], columns)) {
                break;
            }
        }
        if (j >= n_b) {
            return false;
        }
    }
    return true;
}

static struct ovsdb_error *
execute_wait(struct exec *x, const struct json *op, struct json *result)
{
    const struct json *columns_json, *until_json, *rows_json, *timeout_json;
    struct ovsdb_column_set columns = { NULL, 0 };
    struct ovsdb_row **expected = NULL;
    struct ovsdb_row **actual = NULL;
    size_t n_expected = 0, n_actual = 0;
    struct ovsdb_table *table;
    struct ovsdb_error *error;
    long long int timeout = LLONG_MAX;
    bool until_eq = true;

    error = parse_table(x, op, "wait", &table);
    if (!error) {
        error = get_member(op, "wait", "columns", M_ARRAY | M_OPTIONAL,
                           &columns_json);
    }
    if (!error) {
        error = get_member(op, "wait", "until", M_STRING, &until_json);
    }
    if (!error) {
        error = get_member(op, "wait", "rows", M_ARRAY, &rows_json);
    }
    if (!error) {
        error = get_member(op, "wait", "timeout", M_INTEGER | M_OPTIONAL,
                           &timeout_json);
    }
    if (!error && timeout_json) {
        timeout = json_integer(timeout_json);
        if (timeout < 0) {
            error = ovsdb_syntax_error(op, NULL, "\"wait\" operation: "
                                       "\"timeout\" must not be negative");
        }
    }
    if (!error) {
        const char *until = json_string(until_json);
        if (!strcmp(until, "==")) {
            until_eq = true;
        } else if (!strcmp(until, "!=")) {
            until_eq = false;
        } else {
            error = ovsdb_syntax_error(op, NULL, "\"wait\" operation: "
                                       "\"until\" must be \"==\" or \"!=\", "
                                       "not \"%s\"", until);
        }
    }
    if (!error) {
        error = parse_columns(table, columns_json, false, &columns);
    }
    if (!error) {
        const struct json_array *a = json_array(rows_json);

        expected = xcalloc(a->n ? a->n : 1, sizeof *expected);
        for (size_t i = 0; !error && i < a->n; i++) {
            struct parsed_row pr;

            error = parse_row(x, table, a->elems[i], ROW_WAIT, &pr);
            for (size_t j = 0; !error && j < pr.n; j++) {
                size_t k;
                for (k = 0; k < columns.n_columns; k++) {
                    if (columns.columns[k] == pr.columns[j]) {
                        break;
                    }
                }
                if (k >= columns.n_columns) {
                    error = ovsdb_syntax_error(a->elems[i], NULL, "\"wait\" "
                                               "operation: row has column "
                                               "%s, which is not in "
                                               "\"columns\"",
                                               pr.columns[j]->name);
                }
            }
            if (!error) {
                expected[n_expected] = ovsdb_row_create(table);
                parsed_row_apply(&pr, expected[n_expected++]);
            }
            parsed_row_destroy(&pr);
        }
    }
    if (!error) {
        error = parse_where_and_query(x, op, "wait", table, &actual,
                                      &n_actual);
    }
    if (!error) {
        bool equal = (rows_included(expected, n_expected, actual, n_actual,
                                    &columns)
                      && rows_included(actual, n_actual, expected,
                                       n_expected, &columns));
        long long int elapsed = x->ctx ? x->ctx->elapsed_msec : 0;

        if (equal != until_eq) {
            if (timeout <= elapsed || !x->can_retry) {
                error = ovsdb_error_create("timed out", "\"wait\" on table "
                                           "%s: condition \"%s\" not met",
                                           table->schema->name,
                                           until_eq ? "==" : "!=");
            } else {
                /* Any error stops the transaction; the caller sees the
                 * retry instead. */
                x->retry = true;
                x->retry_msec = (timeout == LLONG_MAX ? LLONG_MAX
                                 : timeout - elapsed);
                error = ovsdb_error_create("not supported", "\"wait\" must "
                                           "be retried");
            }
        }
    }
    for (size_t i = 0; i < n_expected; i++) {
        ovsdb_row_destroy(expected[i]);
    }
    free(expected);
    free(actual);
    free(columns.columns);
    return error;
}

static struct ovsdb_error *
execute_commit(struct exec *x, const struct json *op, struct json *result)
{
    const struct json *durable;
    struct ovsdb_error *error;

    error = get_member(op, "commit", "durable", M_BOOLEAN, &durable);
    if (!error && json_boolean(durable)) {
        x->durable = true;
    }
    return error;
}

static struct ovsdb_error *
execute_abort(struct exec *x, const struct json *op, struct json *result)
{
    return ovsdb_error_create("aborted", "Aborted by request.");
}

static struct ovsdb_error *
execute_comment(struct exec *x, const struct json *op, struct json *result)
{
    const struct json *comment;
    struct ovsdb_error *error;

    error = get_member(op, "comment", "comment", M_STRING, &comment);
    if (!error) {
        ovsdb_txn_add_comment(x->txn, json_string(comment));
    }
    return error;
}

static struct ovsdb_error *
execute_assert(struct exec *x, const struct json *op, struct json *result)
{
    const struct json *lock;
    struct ovsdb_error *error;

    error = get_member(op, "assert", "lock", M_STRING, &lock);
    if (!error
        && !(x->ctx && x->ctx->lock_held
             && x->ctx->lock_held(json_string(lock), x->ctx->lock_aux))) {
        error = ovsdb_error_create("not owner", "Asserted lock %s not held.",
                                   json_string(lock));
    }
    return error;
}

/* The operations and the members each accepts. */
struct operation {
    const char *name;
    struct ovsdb_error *(*execute)(struct exec *, const struct json *op,
                                   struct json *result);
    const char *const *members;
    bool writes;                /* Changes the database. */
};

static const struct operation operations[] = {
    { "insert", execute_insert,
      (const char *const[]) { "op", "table", "row", "uuid-name", "uuid",
                              NULL }, true },
    { "select", execute_select,
      (const char *const[]) { "op", "table", "where", "columns", NULL } },
    { "update", execute_update,
      (const char *const[]) { "op", "table", "where", "row", NULL }, true },
    { "mutate", execute_mutate,
      (const char *const[]) { "op", "table", "where", "mutations",
                              NULL }, true },
    { "delete", execute_delete,
      (const char *const[]) { "op", "table", "where", NULL }, true },
    { "wait", execute_wait,
      (const char *const[]) { "op", "table", "where", "columns", "until",
                              "rows", "timeout", NULL } },
    { "commit", execute_commit,
      (const char *const[]) { "op", "durable", NULL } },
    { "abort", execute_abort, (const char *const[]) { "op", NULL } },
    { "comment", execute_comment,
      (const char *const[]) { "op", "comment", NULL } },
    { "assert", execute_assert,
      (const char *const[]) { "op", "lock", NULL } },
};

/* Executes operation JSON, number I, and returns its result object. */
static struct ovsdb_error *
execute_operation(struct exec *x, const struct json *json, size_t i,
                  struct json **resultp)
{
    const struct operation *operation = NULL;
    const struct json *op_name;
    struct ovsdb_error *error;
    struct json *result;

    *resultp = NULL;
    if (json->type != JSON_OBJECT) {
        return ovsdb_syntax_error(json, NULL, "operation %zu is not a JSON "
                                  "object", i);
    }
    op_name = json_object_get(json, "op");
    if (!op_name || op_name->type != JSON_STRING) {
        return ovsdb_syntax_error(json, NULL, "operation %zu has no \"op\" "
                                  "string", i);
    }
    for (size_t k = 0; k < ARRAY_SIZE(operations); k++) {
        if (!strcmp(json_string(op_name), operations[k].name)) {
            operation = &operations[k];
            break;
        }
    }
    if (!operation) {
        return ovsdb_syntax_error(json, "unknown operation",
                                  "No operation \"%s\".",
                                  json_string(op_name));
    }

    char *what = xasprintf("\"%s\" operation", operation->name);
    error = ovsdb_error_check_members(json, operation->members, what);
    free(what);
    if (error) {
        return error;
    }

    if (operation->writes && x->ctx && x->ctx->read_only) {
        return ovsdb_error_create("not allowed", "%s operation not allowed "
                                  "on table in %s", operation->name,
                                  x->ctx->read_only);
    }

    result = json_object_create();
    error = operation->execute(x, json, result);
    if (error) {
        json_destroy(result);
        return error;
    }
    *resultp = result;
    return NULL;
}

/* Returns an error for the first named-uuid of X's symbol table that no
 * insert declared, or null if there is none. */
static struct ovsdb_error *
check_symbols(const struct exec *x)
{
    const struct shash_node **nodes = shash_sort(&x->symtab->sh);
    size_t n = shash_count(&x->symtab->sh);
    struct ovsdb_error *error = NULL;

    for (size_t i = 0; i < n; i++) {
        const struct ovsdb_symbol *symbol = nodes[i]->data;
        if (!symbol->created) {
            error = ovsdb_error_create("referential integrity violation",
                                       "named-uuid \"%s\" is not the "
                                       "\"uuid-name\" of any \"insert\" in "
                                       "this transaction", nodes[i]->name);
            break;
        }
    }
    free(nodes);
    return error;
}

struct json *
ovsdb_execute(struct ovsdb *db, const struct json *params,
              const struct ovsdb_exec_context *ctx, bool *durable,
              long long int *retry_msec)
{
    struct ovsdb_error *error = NULL;
    struct json *results;
    struct exec x;

    if (durable) {
        *durable = false;
    }
    if (params->type != JSON_ARRAY) {
        error = ovsdb_syntax_error(params, NULL, "\"transact\" parameters "
                                   "must be an array of operations");
        results = json_array_create_1(ovsdb_error_to_json(error));
        ovsdb_error_destroy(error);
        return results;
    }

    memset(&x, 0, sizeof x);
    x.db = db;
    x.txn = ovsdb_txn_create(db);
    x.symtab = ovsdb_symbol_table_create();
    x.ctx = ctx;
    x.can_retry = retry_msec != NULL;

    const struct json_array *ops = json_array(params);
    results = json_array_create_empty();
    for (size_t i = 0; i < ops->n; i++) {
        struct json *result;

        if (error) {
            json_array_add(results, json_null_create());
            continue;
        }
        error = execute_operation(&x, ops->elems[i], i, &result);
        json_array_add(results,
                       error ? ovsdb_error_to_json(error) : result);
    }

    if (x.retry) {
        ovsdb_error_destroy(error);
        ovsdb_txn_destroy(x.txn);
        ovsdb_symbol_table_destroy(x.symtab);
        json_destroy(results);
        *retry_msec = x.retry_msec;
        return NULL;
    }

    if (!error) {
        error = check_symbols(&x);
        if (!error) {
            error = ovsdb_txn_commit(x.txn, x.durable);
            if (!error && durable) {
                *durable = x.durable;
            }
        }
        if (error) {
            json_array_add(results, ovsdb_error_to_json(error));
        }
    }
    ovsdb_error_destroy(error);
    ovsdb_txn_destroy(x.txn);
    ovsdb_symbol_table_destroy(x.symtab);
    return results;
}
