/* vsctl-db: the database half of sluice-vsctl.  See vsctl-db.h. */
#include <config.h>
#include "vsctl-db.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "json.h"
#include "ovsdb/ovsdb-error.h"
#include "ovsdb/ovsdb-schema.h"
#include "ovsdb/ovsdb-txn.h"
#include "vlog.h"

VLOG_DEFINE_THIS_MODULE(db_ctl_base);

void
vsctl_fatal(const char *format, ...)
{
    va_list args;

    va_start(args, format);
    char *msg = xvasprintf(format, args);
    va_end(args);
    fflush(stdout);
    fprintf(stderr, "%s: %s\n", program_name, msg);
    free(msg);
    fflush(stderr);
    /* The process ends here in the middle of its work: let the system
     * take back what it holds, rather than unwinding every caller. */
    _exit(EXIT_FAILURE);
}

/* Reports ERROR (taken over) as ovs-vsctl does, "TAG: DETAILS", and
 * exits. */
static SLUICE_NORETURN void
fatal_ovsdb_error(struct ovsdb_error *error)
{
    char *s = xasprintf("%s: %s", ovsdb_error_get_tag(error),
                        ovsdb_error_get_details(error));
    ovsdb_error_destroy(error);
    vsctl_fatal("%s", s);
}

/* Context. */

void
vsctl_ctx_init(struct vsctl_context *ctx, struct ovsdb *db,
               const struct vsctl_style *style)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->db = db;
    ctx->txn = ovsdb_txn_create(db);
    hmap_init(&ctx->touched);
    shash_init(&ctx->used_tables);
    ctx->symtab = ovsdb_symbol_table_create();
    ctx->style = style;
}

void
vsctl_ctx_destroy(struct vsctl_context *ctx)
{
    struct vsctl_touched_row *t;

    HMAP_FOR_EACH_POP (t, hmap_node, &ctx->touched) {
        ovsdb_row_destroy(t->orig);
        free(t);
    }
    hmap_destroy(&ctx->touched);
    shash_destroy(&ctx->used_tables);
    ovsdb_symbol_table_destroy(ctx->symtab);
    ovsdb_txn_destroy(ctx->txn);
}

static void
mark_used(struct vsctl_context *ctx, const struct ovsdb_table *table)
{
    shash_add_once(&ctx->used_tables, table->schema->name, table);
}

struct ovsdb_table *
vsctl_ctx_table(struct vsctl_context *ctx, const char *name)
{
    struct ovsdb_table *table = ovsdb_find_table(ctx->db, name);
    if (!table) {
        vsctl_fatal("database has no table %s", name);
    }
    mark_used(ctx, table);
    return table;
}

struct ovsdb_row *
vsctl_ctx_find_row(struct vsctl_context *ctx, struct ovsdb_table *table,
                   const struct uuid *uuid)
{
    mark_used(ctx, table);
    return ovsdb_table_find_row(table, uuid);
}

struct ovsdb_row **
vsctl_ctx_rows(struct vsctl_context *ctx, struct ovsdb_table *table,
               size_t *n)
{
    mark_used(ctx, table);
    *n = ovsdb_table_n_rows(table);
    return ovsdb_table_sorted_rows(table);
}

struct ovsdb_row *
vsctl_ctx_ovs(struct vsctl_context *ctx)
{
    struct ovsdb_table *table = vsctl_ctx_table(ctx, "Open_vSwitch");
    size_t n;
    struct ovsdb_row **rows = vsctl_ctx_rows(ctx, table, &n);
    struct ovsdb_row *row = n ? rows[0] : NULL;

    free(rows);
    return row ? row : vsctl_ctx_insert(ctx, table, NULL);
}

static struct vsctl_touched_row *
find_touched(const struct vsctl_context *ctx, const struct uuid *uuid)
{
    struct vsctl_touched_row *t;

    HMAP_FOR_EACH_WITH_HASH (t, hmap_node, uuid_hash(uuid), &ctx->touched) {
        if (uuid_equals(&t->uuid, uuid)) {
            return t;
        }
    }
    return NULL;
}

static void
touch(struct vsctl_context *ctx, const struct ovsdb_row *row, bool inserted)
{
    const struct uuid *uuid = ovsdb_row_get_uuid(row);
    if (find_touched(ctx, uuid)) {
        return;
    }
    struct vsctl_touched_row *t = xzalloc(sizeof *t);
    t->uuid = *uuid;
    t->table = row->table;
    t->orig = inserted ? NULL : ovsdb_row_clone(row);
    t->insert_op = -1;
    hmap_insert(&ctx->touched, &t->hmap_node, uuid_hash(uuid));
}

struct ovsdb_row *
vsctl_ctx_modify(struct vsctl_context *ctx, const struct ovsdb_row *row)
{
    touch(ctx, row, false);
    return ovsdb_txn_modify(ctx->txn, row);
}

struct ovsdb_row *
vsctl_ctx_insert(struct vsctl_context *ctx, struct ovsdb_table *table,
                 const struct uuid *uuid)
{
    struct ovsdb_row *row = ovsdb_txn_insert(ctx->txn, table, uuid);
    touch(ctx, row, true);
    return row;
}

void
vsctl_ctx_delete(struct vsctl_context *ctx, const struct ovsdb_row *row)
{
    touch(ctx, row, false);
    ovsdb_txn_delete(ctx->txn, row);
}

const struct ovsdb_column *
vsctl_column(const struct ovsdb_row *row, const char *name)
{
    const struct ovsdb_column *c
        = ovsdb_table_schema_find_column(row->table->schema, name);
    if (!c) {
        vsctl_fatal("table %s has no column %s", row->table->schema->name,
                    name);
    }
    return c;
}

const struct ovsdb_datum *
vsctl_get(const struct ovsdb_row *row, const char *column)
{
    return &row->fields[vsctl_column(row, column)->index];
}

const char *
vsctl_get_string(const struct ovsdb_row *row, const char *column)
{
    const struct ovsdb_datum *d = vsctl_get(row, column);
    return d->n ? d->keys[0].string : NULL;
}

long long
vsctl_get_int(const struct ovsdb_row *row, const char *column,
              long long dflt)
{
    const struct ovsdb_datum *d = vsctl_get(row, column);
    return d->n ? d->keys[0].integer : dflt;
}

struct ovsdb_row *
vsctl_ctx_set(struct vsctl_context *ctx, const struct ovsdb_row *row,
              const char *column, struct ovsdb_datum *datum)
{
    const struct ovsdb_column *c = vsctl_column(row, column);
    struct ovsdb_row *new = vsctl_ctx_modify(ctx, row);

    ovsdb_datum_destroy(&new->fields[c->index], &c->type);
    new->fields[c->index] = *datum;
    ovsdb_datum_init_empty(datum);
    return new;
}

void
vsctl_datum_string(struct ovsdb_datum *d, const char *s)
{
    d->n = 1;
    d->keys = xmalloc(sizeof *d->keys);
    d->keys[0].string = xstrdup(s);
    d->values = NULL;
}

void
vsctl_datum_int(struct ovsdb_datum *d, long long value)
{
    d->n = 1;
    d->keys = xmalloc(sizeof *d->keys);
    d->keys[0].integer = value;
    d->values = NULL;
}

void
vsctl_datum_bool(struct ovsdb_datum *d, bool value)
{
    d->n = 1;
    d->keys = xmalloc(sizeof *d->keys);
    d->keys[0].boolean = value;
    d->values = NULL;
}

void
vsctl_datum_uuids(struct ovsdb_datum *d, const struct uuid *uuids, size_t n)
{
    static const struct ovsdb_type type
        = OVSDB_TYPE_INITIALIZER(OVSDB_TYPE_UUID, OVSDB_TYPE_VOID, 0,
                                 UINT_MAX);
    d->n = n;
    d->keys = n ? xmalloc(n * sizeof *d->keys) : NULL;
    d->values = NULL;
    for (size_t i = 0; i < n; i++) {
        d->keys[i].uuid = uuids[i];
    }
    ovsdb_datum_sort_unique(d, &type);
}

struct ovsdb_row *
vsctl_add_uuid(struct vsctl_context *ctx, const struct ovsdb_row *row,
               const char *column, const struct uuid *uuid)
{
    const struct ovsdb_column *c = vsctl_column(row, column);
    struct ovsdb_row *new = vsctl_ctx_modify(ctx, row);
    struct ovsdb_datum add;

    vsctl_datum_uuids(&add, uuid, 1);
    ovsdb_datum_union(&new->fields[c->index], &add, &c->type);
    ovsdb_datum_destroy(&add, &c->type);
    return new;
}

struct ovsdb_row *
vsctl_remove_uuid(struct vsctl_context *ctx, const struct ovsdb_row *row,
                  const char *column, const struct uuid *uuid)
{
    const struct ovsdb_column *c = vsctl_column(row, column);
    struct ovsdb_row *new = vsctl_ctx_modify(ctx, row);
    struct ovsdb_datum del;

    vsctl_datum_uuids(&del, uuid, 1);
    ovsdb_datum_subtract(&new->fields[c->index], &c->type, &del, &c->type);
    ovsdb_datum_destroy(&del, &c->type);
    return new;
}

bool
vsctl_has_option(const struct vsctl_context *ctx, const char *name)
{
    return shash_find(ctx->options, name) != NULL;
}

const char *
vsctl_option_value(const struct vsctl_context *ctx, const char *name)
{
    return shash_find_data(ctx->options, name);
}

/* Name matching, as ovs-vsctl does: an exact match wins; otherwise a name
 * of which S is a prefix, ignoring case and treating '-' and '_' alike,
 * scores the length of S. */
static unsigned int
score_partial_match(const char *name, const char *s)
{
    if (!strcmp(name, s)) {
        return UINT_MAX;
    }
    size_t i;
    for (i = 0; name[i] && s[i]; i++) {
        int a = tolower((unsigned char) name[i]);
        int b = tolower((unsigned char) s[i]);
        if (a == '-') {
            a = '_';
        }
        if (b == '-') {
            b = '_';
        }
        if (a != b) {
            return 0;
        }
    }
    return s[i] ? 0 : (name[i] ? i : UINT_MAX - 1);
}

struct ovsdb_table *
vsctl_lookup_table(struct vsctl_context *ctx, const char *name)
{
    const struct shash_node **nodes = shash_sort(&ctx->db->tables);
    size_t n = shash_count(&ctx->db->tables);
    struct ovsdb_table *best = NULL;
    unsigned int best_score = 0;
    size_t n_best = 0;

    for (size_t i = 0; i < n; i++) {
        struct ovsdb_table *t = nodes[i]->data;
        unsigned int score = score_partial_match(t->schema->name, name);
        if (score > best_score) {
            best = t;
            best_score = score;
            n_best = 1;
        } else if (score && score == best_score) {
            n_best++;
        }
    }
    if (n_best > 1) {
        struct ds s = DS_EMPTY_INITIALIZER;
        for (size_t i = 0; i < n; i++) {
            struct ovsdb_table *t = nodes[i]->data;
            if (score_partial_match(t->schema->name, name) == best_score) {
                if (s.length) {
                    ds_put_cstr(&s, ", ");
                }
                ds_put_cstr(&s, t->schema->name);
            }
        }
        free(nodes);
        vsctl_fatal("\"%s\" matches multiple table names: %s", name,
                    ds_cstr(&s));
    }
    free(nodes);
    if (!best) {
        vsctl_fatal("unknown table \"%s\"", name);
    }
    mark_used(ctx, best);
    return best;
}

static const struct ovsdb_column *
lookup_column(const struct ovsdb_table *table, const char *name)
{
    const struct ovsdb_table_schema *ts = table->schema;
    const struct ovsdb_column *best = NULL;
    unsigned int best_score = 0;
    size_t n_best = 0;

    for (size_t i = 0; i < ts->n_columns; i++) {
        const struct ovsdb_column *c = ts->columns[i];
        unsigned int score = score_partial_match(c->name, name);
        if (score > best_score) {
            best = c;
            best_score = score;
            n_best = 1;
        } else if (score && score == best_score) {
            n_best++;
        }
    }
    if (n_best > 1) {
        vsctl_fatal("%s contains more than one column whose name matches "
                    "\"%s\"", ts->name, name);
    }
    if (!best) {
        vsctl_fatal("%s does not contain a column whose name matches \"%s\"",
                    ts->name, name);
    }
    return best;
}

/* How records of a table are named: rows of REF_TABLE (null: the table
 * itself) whose NAME_COLUMN is the record name (null: "." for the only
 * row), and then the row that REF_TABLE's row refers to in UUID_COLUMN
 * (null: that row itself). */
struct row_id {
    const char *table;
    const char *ref_table;
    const char *name_column;
    const char *uuid_column;
};

static const struct row_id row_ids[] = {
    {"Open_vSwitch", "Open_vSwitch", NULL, NULL},
    {"Bridge", "Bridge", "name", NULL},
    {"Port", "Port", "name", NULL},
    {"Interface", "Interface", "name", NULL},
    {"Controller", "Bridge", "name", "controller"},
    {"Manager", "Manager", "target", NULL},
    {"Mirror", "Mirror", "name", NULL},
    {"NetFlow", "Bridge", "name", "netflow"},
    {"sFlow", "Bridge", "name", "sflow"},
    {"IPFIX", "Bridge", "name", "ipfix"},
    {"QoS", "Port", "name", "qos"},
    {"SSL", "Open_vSwitch", NULL, "ssl"},
    {"Flow_Table", "Flow_Table", "name", NULL},
    {"AutoAttach", "Bridge", "name", "auto_attach"},
    {"Datapath", NULL, NULL, NULL},
};

static struct ovsdb_row *
get_row_by_id(struct vsctl_context *ctx, struct ovsdb_table *table,
              const struct row_id *id, const char *record, bool *multiple)
{
    struct ovsdb_table *ref = ovsdb_find_table(ctx->db, id->ref_table);
    struct ovsdb_row *found = NULL;

    *multiple = false;
    if (!ref) {
        return NULL;
    }
    const struct ovsdb_column *name_col = NULL;
    if (id->name_column) {
        name_col = ovsdb_table_schema_find_column(ref->schema,
                                                  id->name_column);
        if (!name_col || name_col->type.key.type != OVSDB_TYPE_STRING) {
            return NULL;
        }
    } else if (strcmp(record, ".")) {
        return NULL;
    }

    size_t n;
    struct ovsdb_row **rows = vsctl_ctx_rows(ctx, ref, &n);
    if (!name_col && n != 1) {
        free(rows);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (name_col) {
            const struct ovsdb_datum *d = &rows[i]->fields[name_col->index];
            if (d->n != 1 || strcmp(d->keys[0].string, record)) {
                continue;
            }
        }
        if (found) {
            *multiple = true;
            free(rows);
            return NULL;
        }
        found = rows[i];
    }
    free(rows);
    if (found && id->uuid_column) {
        const struct ovsdb_column *uc
            = ovsdb_table_schema_find_column(ref->schema, id->uuid_column);
        const struct ovsdb_datum *d = uc ? &found->fields[uc->index] : NULL;
        if (!d || d->n != 1) {
            if (d && d->n > 1) {
                *multiple = true;
            }
            return NULL;
        }
        return vsctl_ctx_find_row(ctx, table, &d->keys[0].uuid);
    }
    return found;
}

struct ovsdb_row *
vsctl_lookup_row(struct vsctl_context *ctx, struct ovsdb_table *table,
                 const char *record, bool must_exist)
{
    const char *tname = table->schema->name;
    struct ovsdb_row *row = NULL;
    struct uuid uuid;

    if (uuid_from_string(&uuid, record)) {
        row = vsctl_ctx_find_row(ctx, table, &uuid);
    }
    for (size_t i = 0; !row && i < ARRAY_SIZE(row_ids); i++) {
        if (!strcmp(row_ids[i].table, tname) && row_ids[i].ref_table) {
            bool multiple;
            row = get_row_by_id(ctx, table, &row_ids[i], record, &multiple);
            if (multiple) {
                vsctl_fatal("multiple rows in %s match \"%s\"", tname,
                            record);
            }
        }
    }
    if (!row) {
        /* An abbreviated uuid: at least 4 hex digits. */
        size_t len = strlen(record);
        bool hex = len >= 4 && len < 36;
        for (size_t i = 0; hex && i < len; i++) {
            hex = isxdigit((unsigned char) record[i]) || record[i] == '-';
        }
        if (hex) {
            size_t n;
            struct ovsdb_row **rows = vsctl_ctx_rows(ctx, table, &n);
            for (size_t i = 0; i < n; i++) {
                char buf[UUID_STRING_SIZE];
                uuid_to_string(ovsdb_row_get_uuid(rows[i]), buf);
                if (!strncmp(buf, record, len)) {
                    if (row) {
                        free(rows);
                        vsctl_fatal("%s contains 2 or more rows whose UUIDs "
                                    "begin with %s: at least %s and %s",
                                    tname, record, buf, buf);
                    }
                    row = rows[i];
                }
            }
            free(rows);
        }
    }
    if (!row && must_exist) {
        vsctl_fatal("no row \"%s\" in table %s", record, tname);
    }
    return row;
}

/* Parsing of "COLUMN[:KEY]OPVALUE". */

/* Parses a column name or key at *P: a quoted string or characters up to
 * one of DELIMS.  Returns it (the caller frees it), or null if empty. */
static char *
parse_token(const char **p, const char *delims)
{
    const char *s = *p;

    if (*s == '"') {
        struct ds ds = DS_EMPTY_INITIALIZER;
        s++;
        while (*s && *s != '"') {
            if (*s == '\\' && s[1]) {
                s++;
            }
            ds_put_char(&ds, *s++);
        }
        if (*s == '"') {
            s++;
        }
        *p = s;
        return ds_steal_cstr(&ds);
    }
    size_t n = strcspn(s, delims);
    *p = s + n;
    return n ? xmemdup0(s, n) : NULL;
}

enum relop {
    RELOP_EQ, RELOP_NE, RELOP_LT, RELOP_GT, RELOP_LE, RELOP_GE,
    RELOP_SET_EQ, RELOP_SET_NE, RELOP_SET_LT, RELOP_SET_GT, RELOP_SET_LE,
    RELOP_SET_GE
};

static const char *const relop_names[] = {
    "=", "!=", "<", ">", "<=", ">=",
    "{=}", "{!=}", "{<}", "{>}", "{<=}", "{>=}",
};

/* Parses ARG as "COLUMN[:KEY]OP VALUE" of TABLE.  OPERATORS is how many of
 * relop_names[] are allowed (1: only "="); with 0 the value is optional
 * (as for "get").  Stores the column, the key (or null) and the value (or
 * null) and returns the relop. */
static enum relop
parse_column_key_value(const char *arg, const struct ovsdb_table *table,
                       size_t operators, const struct ovsdb_column **column,
                       char **key, char **value)
{
    const char *p = arg;
    char *name = parse_token(&p, ":=!<>{");
    enum relop op = RELOP_EQ;

    *key = NULL;
    *value = NULL;
    if (!name) {
        vsctl_fatal("%s: missing column name", arg);
    }
    *column = lookup_column(table, name);
    free(name);
    if (*p == ':') {
        p++;
        *key = parse_token(&p, "=!<>{");
        if (!*key) {
            vsctl_fatal("%s: missing key", arg);
        }
    }
    if (operators) {
        size_t best_len = 0;
        for (size_t i = 0; i < operators; i++) {
            size_t len = strlen(relop_names[i]);
            if (len > best_len && !strncmp(p, relop_names[i], len)) {
                op = i;
                best_len = len;
            }
        }
        if (!best_len) {
            if (operators == 1) {
                vsctl_fatal("%s: argument does not end in \"=\" followed by "
                            "a value.", arg);
            }
            struct ds s = DS_EMPTY_INITIALIZER;
            for (size_t i = 0; i < operators; i++) {
                if (i) {
                    ds_put_cstr(&s, i == operators - 1 ? ", or " : ", ");
                }
                ds_put_format(&s, "\"%s\"", relop_names[i]);
            }
            vsctl_fatal("%s: argument does not end in %s followed by a "
                        "value.", arg, ds_cstr(&s));
        }
        *value = xstrdup(p + best_len);
    } else if (*p) {
        vsctl_fatal("%s: trailing garbage \"%s\" in argument", arg, p);
    }
    return op;
}

/* Checks the column names of the N ARGS ("COLUMN[:KEY]..."), as
 * ovs-vsctl does before it runs any command. */
static void
precheck_columns(const struct ovsdb_table *table, char **args, int n)
{
    for (int i = 0; i < n; i++) {
        const char *p = args[i];
        char *name = parse_token(&p, ":=!<>{");
        if (!name) {
            vsctl_fatal("%s: missing column name", args[i]);
        }
        lookup_column(table, name);
        free(name);
    }
}

static void
check_mutable(const struct ovsdb_table *table,
              const struct ovsdb_column *column)
{
    if (!column->mutable || column->index < OVSDB_N_IMPLICIT_COLUMNS) {
        vsctl_fatal("cannot modify read-only column %s in table %s",
                    column->name, table->schema->name);
    }
}

/* Returns BASE without its enum and bounds (but with its refTable, so
 * that "@name"s are marked as referenced), as a shallow copy that must
 * not be destroyed. */
static struct ovsdb_base_type
unconstrained(const struct ovsdb_base_type *base)
{
    struct ovsdb_base_type b = *base;
    struct ovsdb_base_type plain = OVSDB_BASE_TYPE_INITIALIZER(base->type);

    b.enum_ = NULL;
    b.integer = plain.integer;
    b.real = plain.real;
    b.string = plain.string;
    return b;
}

/* Checks ATOM against BASE's constraints and reports a violation in
 * ovs-vsctl's words. */
static void
check_atom(const union ovsdb_atom *atom, const struct ovsdb_base_type *base)
{
    struct ds a = DS_EMPTY_INITIALIZER;

    if (base->enum_) {
        struct ovsdb_type enum_type;
        ovsdb_base_type_get_enum_type(base, &enum_type);
        if (!ovsdb_datum_find_key(base->enum_, atom, base->type, NULL)) {
            struct ds allowed = DS_EMPTY_INITIALIZER;
            ovsdb_atom_to_string(atom, base->type, &a);
            ovsdb_datum_to_string(base->enum_, &enum_type, &allowed);
            vsctl_fatal("constraint violation: %s is not one of the allowed "
                        "values (%s)", ds_cstr(&a), ds_cstr(&allowed));
        }
    }
    if (base->type == OVSDB_TYPE_INTEGER) {
        long long v = atom->integer;
        long long min = base->integer.min, max = base->integer.max;
        if (v < min || v > max) {
            if (min == max) {
                vsctl_fatal("constraint violation: %lld is not allowed value "
                            "%lld", v, min);
            } else if (min != INT64_MIN && max != INT64_MAX) {
                vsctl_fatal("constraint violation: %lld is not in the valid "
                            "range %lld to %lld (inclusive)", v, min, max);
            } else if (min != INT64_MIN) {
                vsctl_fatal("constraint violation: %lld is less than minimum "
                            "allowed value %lld", v, min);
            } else {
                vsctl_fatal("constraint violation: %lld is greater than "
                            "maximum allowed value %lld", v, max);
            }
        }
    }
    struct ovsdb_error *error = ovsdb_atom_check_constraints(atom, base);
    if (error) {
        fatal_ovsdb_error(error);
    }
    ds_destroy(&a);
}

static void
check_datum(const struct ovsdb_datum *d, const struct ovsdb_type *type)
{
    for (size_t i = 0; i < d->n; i++) {
        check_atom(&d->keys[i], &type->key);
        if (d->values) {
            check_atom(&d->values[i], &type->value);
        }
    }
}

/* Expands ovs-vsctl's integer ranges "A-B" (0 <= A <= B, at most 4096
 * values) among the elements of S into "A, A+1, ..., B".  Returns a new
 * string that the caller frees. */
static char *
expand_ranges(const char *s)
{
    struct ds out = DS_EMPTY_INITIALIZER;

    while (*s) {
        size_t n = strcspn(s, ", \t[]");
        if (!n) {
            ds_put_char(&out, *s++);
            continue;
        }
        char *tok = xmemdup0(s, n);
        char *dash = strchr(tok, '-');
        unsigned long long a, b;
        if (dash && dash != tok && dash[1]) {
            *dash = '\0';
            if (str_to_ullong(tok, 10, &a) && str_to_ullong(dash + 1, 10, &b)
                && a <= b && b - a < 4096) {
                for (unsigned long long v = a; v <= b; v++) {
                    ds_put_format(&out, "%s%llu", v > a ? ", " : "", v);
                }
                free(tok);
                s += n;
                continue;
            }
            *dash = '-';
        }
        ds_put_cstr(&out, tok);
        free(tok);
        s += n;
    }
    return ds_steal_cstr(&out);
}

static void
datum_from_string(struct ovsdb_datum *d, const struct ovsdb_type *type,
                  const char *s_, struct ovsdb_symbol_table *symtab)
{
    char *s = (type->key.type == OVSDB_TYPE_INTEGER
               && !ovsdb_type_is_map(type)
               ? expand_ranges(s_) : xstrdup(s_));
    struct ovsdb_type loose = *type;
    loose.key = unconstrained(&type->key);
    loose.value = unconstrained(&type->value);

    struct ovsdb_error *error = ovsdb_datum_from_string(d, &loose, s, symtab);
    free(s);
    if (error) {
        char *msg = xstrdup(ovsdb_error_get_details(error));
        bool syntax = !strcmp(ovsdb_error_get_tag(error), "syntax error");
        if (!syntax) {
            fatal_ovsdb_error(error);
        }
        ovsdb_error_destroy(error);
        vsctl_fatal("%s%s", msg,
                    (type->key.type == OVSDB_TYPE_INTEGER
                     && strstr(msg, "is not a valid integer")
                     && !strstr(msg, " or range")) ? " or range" : "");
    }
    check_datum(d, type);
}

static void
atom_from_string(union ovsdb_atom *atom, const struct ovsdb_base_type *base,
                 const char *s, struct ovsdb_symbol_table *symtab)
{
    struct ovsdb_base_type loose = unconstrained(base);
    struct ovsdb_error *error = ovsdb_atom_from_string(atom, &loose, s,
                                                       symtab);
    if (error) {
        if (strcmp(ovsdb_error_get_tag(error), "syntax error")) {
            fatal_ovsdb_error(error);
        }
        char *msg = xstrdup(ovsdb_error_get_details(error));
        ovsdb_error_destroy(error);
        vsctl_fatal("%s", msg);
    }
    check_atom(atom, base);
}

/* Sets one "COLUMN[:KEY]=VALUE" on ROW, returning ROW's new pointer. */
static struct ovsdb_row *
set_column(struct vsctl_context *ctx, struct ovsdb_row *row, const char *arg)
{
    const struct ovsdb_table *table = row->table;
    const struct ovsdb_column *column;
    char *key, *value;

    parse_column_key_value(arg, table, 1, &column, &key, &value);
    const struct vsctl_touched_row *t = find_touched(ctx,
                                                     ovsdb_row_get_uuid(row));
    if (!t || t->orig) {
        check_mutable(table, column);
    }
    const struct ovsdb_type *type = &column->type;
    struct ovsdb_datum datum;
    if (key) {
        if (!ovsdb_type_is_map(type)) {
            vsctl_fatal("cannot specify key to set for non-map column %s",
                        column->name);
        }
        struct ovsdb_datum pair;
        union ovsdb_atom k, v;
        atom_from_string(&k, &type->key, key, ctx->symtab);
        atom_from_string(&v, &type->value, value, ctx->symtab);
        pair.n = 1;
        pair.keys = xmemdup(&k, sizeof k);
        pair.values = xmemdup(&v, sizeof v);
        ovsdb_datum_clone(&datum, &row->fields[column->index], type);
        /* Replace: remove the key, then add the pair. */
        struct ovsdb_type key_type = OVSDB_TYPE_INITIALIZER(
            type->key.type, OVSDB_TYPE_VOID, 0, UINT_MAX);
        struct ovsdb_datum keys = { 1, pair.keys, NULL };
        ovsdb_datum_subtract(&datum, type, &keys, &key_type);
        ovsdb_datum_union(&datum, &pair, type);
        ovsdb_datum_destroy(&pair, type);
    } else {
        datum_from_string(&datum, type, value, ctx->symtab);
    }
    free(key);
    free(value);
    return vsctl_ctx_set(ctx, row, column->name, &datum);
}

void
vsctl_set_columns(struct vsctl_context *ctx, struct ovsdb_row *row,
                  char **args, int n_args)
{
    for (int i = 0; i < n_args; i++) {
        row = set_column(ctx, row, args[i]);
    }
    if (n_args && ctx->invalidate) {
        ctx->invalidate(ctx);
    }
}

/* Output of rows. */

static void
atom_to_bare(const union ovsdb_atom *atom, enum ovsdb_atomic_type type,
             struct ds *out)
{
    if (type == OVSDB_TYPE_STRING) {
        ds_put_cstr(out, atom->string);
    } else {
        ovsdb_atom_to_string(atom, type, out);
    }
}

static void
datum_to_bare(const struct ovsdb_datum *d, const struct ovsdb_type *type,
              struct ds *out)
{
    for (size_t i = 0; i < d->n; i++) {
        if (i) {
            ds_put_char(out, ' ');
        }
        atom_to_bare(&d->keys[i], type->key.type, out);
        if (d->values) {
            ds_put_char(out, '=');
            atom_to_bare(&d->values[i], type->value.type, out);
        }
    }
}

static enum vsctl_data
effective_data(const struct vsctl_style *style)
{
    if (style->data != VSD_DEFAULT) {
        return style->data;
    }
    return style->format == VSF_JSON ? VSD_JSON : VSD_STRING;
}

static char *
cell_text(const struct vsctl_style *style, const struct ovsdb_datum *d,
          const struct ovsdb_type *type)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    switch (effective_data(style)) {
    case VSD_BARE:
        datum_to_bare(d, type, &s);
        break;
    case VSD_JSON: {
        struct json *j = ovsdb_datum_to_json(d, type);
        json_to_ds(j, JSSF_SORT, &s);
        json_destroy(j);
        break;
    }
    case VSD_DEFAULT:
    case VSD_STRING:
    default:
        ovsdb_datum_to_string(d, type, &s);
        break;
    }
    return ds_steal_cstr(&s);
}

static void
put_html_escaped(struct ds *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': ds_put_cstr(out, "&amp;"); break;
        case '<': ds_put_cstr(out, "&lt;"); break;
        case '>': ds_put_cstr(out, "&gt;"); break;
        case '"': ds_put_cstr(out, "&quot;"); break;
        default: ds_put_char(out, *s); break;
        }
    }
}

static void
put_csv_cell(struct ds *out, const char *s)
{
    if (!strpbrk(s, "\n\",")) {
        ds_put_cstr(out, s);
        return;
    }
    ds_put_char(out, '"');
    for (; *s; s++) {
        if (*s == '"') {
            ds_put_char(out, '"');
        }
        ds_put_char(out, *s);
    }
    ds_put_char(out, '"');
}

/* Appends S to OUT, padded to WIDTH and followed by a space unless it
 * is LAST. */
static void
put_padded(struct ds *out, const char *s, size_t width, bool more)
{
    ds_put_cstr(out, s);
    if (more) {
        size_t len = strlen(s);
        ds_put_char_multiple(out, ' ', (width > len ? width - len : 0) + 1);
    }
}

/* Prints ROWS' COLUMNS to OUT in STYLE. */
static void
print_rows(const struct vsctl_style *style, struct ovsdb_row **rows,
           size_t n_rows, const struct ovsdb_column **columns,
           size_t n_columns, struct ds *out)
{
    bool headings = style->headings;
    char **cells = xmalloc((n_rows * n_columns + 1) * sizeof *cells);

    for (size_t r = 0; r < n_rows; r++) {
        for (size_t c = 0; c < n_columns; c++) {
            cells[r * n_columns + c] = cell_text(
                style, &rows[r]->fields[columns[c]->index],
                &columns[c]->type);
        }
    }

    switch (style->format) {
    case VSF_LIST:
        for (size_t r = 0; r < n_rows; r++) {
            if (r) {
                ds_put_char(out, '\n');
            }
            for (size_t c = 0; c < n_columns; c++) {
                if (headings) {
                    ds_put_format(out, "%-20s: ", columns[c]->name);
                }
                ds_put_format(out, "%s\n", cells[r * n_columns + c]);
            }
        }
        break;
    case VSF_TABLE: {
        size_t *widths = xzalloc((n_columns + 1) * sizeof *widths);
        for (size_t c = 0; c < n_columns; c++) {
            widths[c] = headings ? strlen(columns[c]->name) : 0;
            for (size_t r = 0; r < n_rows; r++) {
                size_t w = strlen(cells[r * n_columns + c]);
                widths[c] = MAX(widths[c], w);
            }
        }
        if (headings) {
            for (size_t c = 0; c < n_columns; c++) {
                put_padded(out, columns[c]->name, widths[c],
                           c + 1 < n_columns);
            }
            ds_put_char(out, '\n');
            for (size_t c = 0; c < n_columns; c++) {
                ds_put_char_multiple(out, '-', widths[c]);
                if (c + 1 < n_columns) {
                    ds_put_char(out, ' ');
                }
            }
            ds_put_char(out, '\n');
        }
        for (size_t r = 0; r < n_rows; r++) {
            for (size_t c = 0; c < n_columns; c++) {
                put_padded(out, cells[r * n_columns + c], widths[c],
                           c + 1 < n_columns);
            }
            ds_put_char(out, '\n');
        }
        free(widths);
        break;
    }
    case VSF_HTML:
        ds_put_cstr(out, "<table border=1>\n");
        if (headings) {
            ds_put_cstr(out, "  <tr>\n");
            for (size_t c = 0; c < n_columns; c++) {
                ds_put_cstr(out, "    <th>");
                put_html_escaped(out, columns[c]->name);
                ds_put_cstr(out, "</th>\n");
            }
            ds_put_cstr(out, "  </tr>\n");
        }
        for (size_t r = 0; r < n_rows; r++) {
            ds_put_cstr(out, "  <tr>\n");
            for (size_t c = 0; c < n_columns; c++) {
                ds_put_cstr(out, "    <td>");
                put_html_escaped(out, cells[r * n_columns + c]);
                ds_put_cstr(out, "</td>\n");
            }
            ds_put_cstr(out, "  </tr>\n");
        }
        ds_put_cstr(out, "</table>\n");
        break;
    case VSF_CSV:
        if (headings) {
            for (size_t c = 0; c < n_columns; c++) {
                if (c) {
                    ds_put_char(out, ',');
                }
                put_csv_cell(out, columns[c]->name);
            }
            ds_put_char(out, '\n');
        }
        for (size_t r = 0; r < n_rows; r++) {
            for (size_t c = 0; c < n_columns; c++) {
                if (c) {
                    ds_put_char(out, ',');
                }
                put_csv_cell(out, cells[r * n_columns + c]);
            }
            ds_put_char(out, '\n');
        }
        break;
    case VSF_JSON: {
        struct json *top = json_object_create();
        struct json *hs = json_array_create_empty();
        struct json *data = json_array_create_empty();
        for (size_t c = 0; c < n_columns; c++) {
            json_array_add(hs, json_string_create(columns[c]->name));
        }
        for (size_t r = 0; r < n_rows; r++) {
            struct json *row = json_array_create_empty();
            for (size_t c = 0; c < n_columns; c++) {
                const struct ovsdb_datum *d
                    = &rows[r]->fields[columns[c]->index];
                if (effective_data(style) == VSD_BARE) {
                    json_array_add(row, json_string_create(
                                       cells[r * n_columns + c]));
                } else {
                    json_array_add(row, ovsdb_datum_to_json(
                                       d, &columns[c]->type));
                }
            }
            json_array_add(data, row);
        }
        json_object_put(top, "data", data);
        if (headings) {
            json_object_put(top, "headings", hs);
        } else {
            json_destroy(hs);
        }
        json_to_ds(top, JSSF_SORT | (style->pretty ? JSSF_PRETTY : 0), out);
        ds_put_char(out, '\n');
        json_destroy(top);
        break;
    }
    }
    for (size_t i = 0; i < n_rows * n_columns; i++) {
        free(cells[i]);
    }
    free(cells);
}

/* Returns the columns that --columns names for TABLE, or _uuid and every
 * column in name order. */
static const struct ovsdb_column **
output_columns(struct vsctl_context *ctx, const struct ovsdb_table *table,
               size_t *n)
{
    const struct ovsdb_table_schema *ts = table->schema;
    const char *spec = vsctl_option_value(ctx, "--columns");
    const struct ovsdb_column **cols;

    if (spec) {
        char *copy = xstrdup(spec), *save = NULL;
        size_t count = 0;
        cols = xmalloc((strlen(spec) + 1) * sizeof *cols);
        for (char *tok = strtok_r(copy, ",", &save); tok;
             tok = strtok_r(NULL, ",", &save)) {
            cols[count++] = lookup_column(table, tok);
        }
        free(copy);
        *n = count;
        return cols;
    }

    /* Columns from index 2 are already in strcmp() order. */
    cols = xmalloc(ts->n_columns * sizeof *cols);
    *n = 0;
    cols[(*n)++] = ts->columns[OVSDB_COL_UUID];
    for (size_t i = OVSDB_N_IMPLICIT_COLUMNS; i < ts->n_columns; i++) {
        cols[(*n)++] = ts->columns[i];
    }
    return cols;
}

/* The commands. */

static void
cmd_list(struct vsctl_context *ctx)
{
    struct ovsdb_table *table = vsctl_lookup_table(ctx, ctx->argv[1]);
    size_t n_cols;
    const struct ovsdb_column **cols = output_columns(ctx, table, &n_cols);
    struct ovsdb_row **rows;
    size_t n_rows;

    if (ctx->argc > 2) {
        n_rows = ctx->argc - 2;
        rows = xmalloc(n_rows * sizeof *rows);
        bool if_exists = vsctl_has_option(ctx, "--if-exists");
        size_t k = 0;
        for (int i = 2; i < ctx->argc; i++) {
            struct ovsdb_row *row = vsctl_lookup_row(ctx, table, ctx->argv[i],
                                                     !if_exists);
            if (row) {
                rows[k++] = row;
            }
        }
        n_rows = k;
    } else {
        rows = vsctl_ctx_rows(ctx, table, &n_rows);
    }
    print_rows(ctx->style, rows, n_rows, cols, n_cols, ctx->output);
    free(rows);
    free(cols);
}

/* Returns true if A (the row's value) and B (the condition's) stand in
 * relation OP. */
static bool
relop_holds(enum relop op, const struct ovsdb_datum *a,
            const struct ovsdb_datum *b, const struct ovsdb_type *type)
{
    int cmp = ovsdb_datum_compare_3way(a, b, type);
    switch (op) {
    case RELOP_EQ:
    case RELOP_SET_EQ:
        return cmp == 0;
    case RELOP_NE:
    case RELOP_SET_NE:
        return cmp != 0;
    case RELOP_LT:
        return cmp < 0;
    case RELOP_GT:
        return cmp > 0;
    case RELOP_LE:
        return cmp <= 0;
    case RELOP_GE:
        return cmp >= 0;
    case RELOP_SET_LT:
    case RELOP_SET_LE:
    case RELOP_SET_GT:
    case RELOP_SET_GE: {
        bool lt = op == RELOP_SET_LT || op == RELOP_SET_LE;
        const struct ovsdb_datum *small = lt ? a : b;
        const struct ovsdb_datum *big = lt ? b : a;
        /* SMALL must be included in BIG. */
        for (size_t i = 0; i < small->n; i++) {
            size_t idx;
            if (!ovsdb_datum_find_key(big, &small->keys[i], type->key.type,
                                      &idx)) {
                return false;
            }
            if (small->values
                && !ovsdb_atom_equals(&small->values[i], &big->values[idx],
                                      type->value.type)) {
                return false;
            }
        }
        return (op == RELOP_SET_LE || op == RELOP_SET_GE) || cmp != 0;
    }
    }
    return false;
}

/* Returns true if ROW satisfies condition ARG ("COLUMN[:KEY]OPVALUE"). */
static bool
condition_holds(struct vsctl_context *ctx, const struct ovsdb_row *row,
                const char *arg)
{
    const struct ovsdb_column *column;
    char *key, *value;
    enum relop op = parse_column_key_value(arg, row->table,
                                           ARRAY_SIZE(relop_names),
                                           &column, &key, &value);
    const struct ovsdb_type *type = &column->type;
    const struct ovsdb_datum *have = &row->fields[column->index];
    bool holds;

    if (key) {
        if (!ovsdb_type_is_map(type)) {
            vsctl_fatal("cannot specify key to check for non-map column %s",
                        column->name);
        }
        union ovsdb_atom k;
        size_t idx;
        atom_from_string(&k, &type->key, key, ctx->symtab);
        struct ovsdb_type vtype = OVSDB_TYPE_INITIALIZER(OVSDB_TYPE_VOID,
                                                         OVSDB_TYPE_VOID, 0,
                                                         1);
        vtype.key = type->value;
        vtype.n_min = 1;
        vtype.n_max = 1;
        if (op >= RELOP_SET_EQ) {
            vtype.n_min = 0;
            vtype.n_max = UINT_MAX;
        }
        struct ovsdb_datum want;
        datum_from_string(&want, &vtype, value, ctx->symtab);
        if (ovsdb_datum_find_key(have, &k, type->key.type, &idx)) {
            struct ovsdb_datum one = { 1, &have->values[idx], NULL };
            holds = relop_holds(op, &one, &want, &vtype);
        } else {
            holds = false;
        }
        ovsdb_datum_destroy(&want, &vtype);
        ovsdb_atom_destroy(&k, type->key.type);
    } else {
        struct ovsdb_type wtype = *type;
        wtype.n_min = 0;
        if (op >= RELOP_SET_EQ || ovsdb_type_is_composite(type)) {
            wtype.n_max = UINT_MAX;
        }
        struct ovsdb_datum want;
        datum_from_string(&want, &wtype, value, ctx->symtab);
        holds = relop_holds(op, have, &want, type);
        ovsdb_datum_destroy(&want, type);
    }
    free(key);
    free(value);
    return holds;
}

static void
cmd_find(struct vsctl_context *ctx)
{
    struct ovsdb_table *table = vsctl_lookup_table(ctx, ctx->argv[1]);
    size_t n_cols;
    const struct ovsdb_column **cols = output_columns(ctx, table, &n_cols);
    size_t n_rows, k = 0;
    struct ovsdb_row **rows = vsctl_ctx_rows(ctx, table, &n_rows);

    precheck_columns(table, ctx->argv + 2, ctx->argc - 2);
    for (size_t r = 0; r < n_rows; r++) {
        bool match = true;
        for (int i = 2; match && i < ctx->argc; i++) {
            match = condition_holds(ctx, rows[r], ctx->argv[i]);
        }
        if (match) {
            rows[k++] = rows[r];
        }
    }
    print_rows(ctx->style, rows, k, cols, n_cols, ctx->output);
    free(rows);
    free(cols);
}

/* Handles --id=@NAME for "get" and "create": returns the symbol, which
 * must not have been created already. */
static struct ovsdb_symbol *
create_symbol(struct vsctl_context *ctx, const char *id, bool *newp)
{
    if (id[0] != '@') {
        vsctl_fatal("row id \"%s\" does not begin with \"@\"", id);
    }
    if (newp) {
        *newp = !ovsdb_symbol_table_find(ctx->symtab, id + 1);
    }
    struct ovsdb_symbol *symbol = ovsdb_symbol_table_insert(ctx->symtab,
                                                            id + 1);
    if (symbol->created) {
        vsctl_fatal("row id \"%s\" may only be specified on one --id "
                    "option", id);
    }
    symbol->created = true;
    return symbol;
}

static void
cmd_get(struct vsctl_context *ctx)
{
    const char *id = vsctl_option_value(ctx, "--id");
    bool if_exists = vsctl_has_option(ctx, "--if-exists");
    struct ovsdb_table *table = vsctl_lookup_table(ctx, ctx->argv[1]);
    struct ovsdb_row *row = vsctl_lookup_row(ctx, table, ctx->argv[2],
                                             !if_exists);

    if (!row) {
        return;
    }
    if (id) {
        bool is_new;
        struct ovsdb_symbol *symbol = create_symbol(ctx, id, &is_new);
        if (!is_new) {
            vsctl_fatal("row id \"%s\" specified on \"get\" command was "
                        "used before it was defined", id);
        }
        symbol->uuid = *ovsdb_row_get_uuid(row);
        /* Such a symbol names an existing row. */
        symbol->strong_ref = true;
    }
    for (int i = 3; i < ctx->argc; i++) {
        const struct ovsdb_column *column;
        char *key, *value;
        parse_column_key_value(ctx->argv[i], table, 0, &column, &key,
                               &value);
        const struct ovsdb_type *type = &column->type;
        const struct ovsdb_datum *d = &row->fields[column->index];
        if (key) {
            if (!ovsdb_type_is_map(type)) {
                vsctl_fatal("cannot specify key to get for non-map column %s",
                            column->name);
            }
            union ovsdb_atom k;
            size_t idx;
            atom_from_string(&k, &type->key, key, ctx->symtab);
            if (ovsdb_datum_find_key(d, &k, type->key.type, &idx)) {
                ovsdb_atom_to_string(&d->values[idx], type->value.type,
                                     ctx->output);
            } else if (!if_exists) {
                vsctl_fatal("no key \"%s\" in %s record \"%s\" column %s",
                            key, table->schema->name, ctx->argv[2],
                            column->name);
            }
            ovsdb_atom_destroy(&k, type->key.type);
        } else {
            ovsdb_datum_to_string(d, type, ctx->output);
        }
        ds_put_char(ctx->output, '\n');
        free(key);
        free(value);
    }
}

static void
cmd_set(struct vsctl_context *ctx)
{
    bool if_exists = vsctl_has_option(ctx, "--if-exists");
    struct ovsdb_table *table = vsctl_lookup_table(ctx, ctx->argv[1]);
    struct ovsdb_row *row = vsctl_lookup_row(ctx, table, ctx->argv[2],
                                             !if_exists);
    if (row) {
        vsctl_set_columns(ctx, row, ctx->argv + 3, ctx->argc - 3);
    }
}

/* "add" and "remove". */
static void
add_or_remove(struct vsctl_context *ctx, bool add)
{
    bool if_exists = vsctl_has_option(ctx, "--if-exists");
    struct ovsdb_table *table = vsctl_lookup_table(ctx, ctx->argv[1]);
    struct ovsdb_row *row = vsctl_lookup_row(ctx, table, ctx->argv[2],
                                             !if_exists);
    if (!row) {
        return;
    }
    const struct ovsdb_column *column = lookup_column(table, ctx->argv[3]);
    check_mutable(table, column);
    const struct ovsdb_type *type = &column->type;
    struct ovsdb_datum result;
    ovsdb_datum_clone(&result, &row->fields[column->index], type);

    struct ovsdb_type any = *type;
    any.n_min = 0;
    any.n_max = UINT_MAX;
    for (int i = 4; i < ctx->argc; i++) {
        struct ovsdb_datum arg;
        if (add) {
            datum_from_string(&arg, &any, ctx->argv[i], ctx->symtab);
            if (ovsdb_type_is_map(type)) {
                /* New values replace those of the same keys. */
                struct ovsdb_type keys = any;
                struct ovsdb_datum k = { arg.n, arg.keys, NULL };
                ovsdb_base_type_init(&keys.value, OVSDB_TYPE_VOID);
                ovsdb_datum_subtract(&result, type, &k, &keys);
            }
            ovsdb_datum_union(&result, &arg, type);
            ovsdb_datum_destroy(&arg, type);
            continue;
        }
        struct ovsdb_error *error = ovsdb_datum_from_string(
            &arg, &any, ctx->argv[i], ctx->symtab);
        if (!error) {
            ovsdb_datum_subtract(&result, type, &arg, &any);
            ovsdb_datum_destroy(&arg, &any);
        } else if (ovsdb_type_is_map(type)) {
            /* A set of keys. */
            struct ovsdb_type keys = any;
            ovsdb_base_type_init(&keys.value, OVSDB_TYPE_VOID);
            ovsdb_error_destroy(error);
            datum_from_string(&arg, &keys, ctx->argv[i], ctx->symtab);
            ovsdb_datum_subtract(&result, type, &arg, &keys);
            ovsdb_datum_destroy(&arg, &keys);
        } else {
            if (strcmp(ovsdb_error_get_tag(error), "syntax error")) {
                fatal_ovsdb_error(error);
            }
            char *msg = xstrdup(ovsdb_error_get_details(error));
            ovsdb_error_destroy(error);
            vsctl_fatal("%s", msg);
        }
    }
    if (result.n > type->n_max) {
        vsctl_fatal("\"add\" operation would put %zu %s in column %s of "
                    "table %s but the maximum number is %u", result.n,
                    ovsdb_type_is_map(type) ? "pairs" : "values",
                    column->name, table->schema->name, type->n_max);
    }
    if (result.n < type->n_min) {
        vsctl_fatal("\"remove\" operation would put %zu %s in column %s of "
                    "table %s but the minimum number is %u", result.n,
                    ovsdb_type_is_map(type) ? "pairs" : "values",
                    column->name, table->schema->name, type->n_min);
    }
    vsctl_ctx_set(ctx, row, column->name, &result);
    if (ctx->invalidate) {
        ctx->invalidate(ctx);
    }
}

static void
cmd_add(struct vsctl_context *ctx)
{
    add_or_remove(ctx, true);
}

static void
cmd_remove(struct vsctl_context *ctx)
{
    add_or_remove(ctx, false);
}

static void
cmd_clear(struct vsctl_context *ctx)
{
    bool if_exists = vsctl_has_option(ctx, "--if-exists");
    struct ovsdb_table *table = vsctl_lookup_table(ctx, ctx->argv[1]);
    struct ovsdb_row *row = vsctl_lookup_row(ctx, table, ctx->argv[2],
                                             !if_exists);
    if (!row) {
        return;
    }
    for (int i = 3; i < ctx->argc; i++) {
        const struct ovsdb_column *column = lookup_column(table,
                                                          ctx->argv[i]);
        check_mutable(table, column);
        if (column->type.n_min > 0) {
            vsctl_fatal("\"clear\" operation cannot be applied to column %s "
                        "of table %s, which is not allowed to be empty",
                        column->name, table->schema->name);
        }
        struct ovsdb_datum empty;
        ovsdb_datum_init_empty(&empty);
        row = vsctl_ctx_set(ctx, row, column->name, &empty);
    }
    if (ctx->invalidate) {
        ctx->invalidate(ctx);
    }
}

static void
cmd_create(struct vsctl_context *ctx)
{
    const char *id = vsctl_option_value(ctx, "--id");
    struct ovsdb_table *table = vsctl_lookup_table(ctx, ctx->argv[1]);
    const struct uuid *uuid = NULL;

    if (id) {
        struct ovsdb_symbol *symbol = create_symbol(ctx, id, NULL);
        uuid = &symbol->uuid;
    } else if (!table->schema->is_root) {
        VLOG_WARN("applying \"create\" command to table %s without --id "
                  "option will have no effect", table->schema->name);
    }
    struct ovsdb_row *row = vsctl_ctx_insert(ctx, table, uuid);
    struct uuid local = *ovsdb_row_get_uuid(row);
    vsctl_set_columns(ctx, row, ctx->argv + 2, ctx->argc - 2);
    char buf[UUID_STRING_SIZE];
    ds_put_format(ctx->output, "%s\n", uuid_to_string(&local, buf));
    if (ctx->invalidate) {
        ctx->invalidate(ctx);
    }
}

/* After commit: print the uuid that the server gave the row. */
static void
post_create(struct vsctl_context *ctx)
{
    struct uuid local, real;
    char *s = ds_cstr(ctx->output);
    size_t len = strlen(s);

    if (len > UUID_STRING_LEN) {
        s[UUID_STRING_LEN] = '\0';
        bool ok = uuid_from_string(&local, s);
        s[UUID_STRING_LEN] = '\n';
        if (ok && vsctl_ctx_real_uuid(ctx, &local, &real)) {
            char buf[UUID_STRING_SIZE];
            ds_clear(ctx->output);
            ds_put_format(ctx->output, "%s\n", uuid_to_string(&real, buf));
        }
    }
}

static void
cmd_destroy(struct vsctl_context *ctx)
{
    bool if_exists = vsctl_has_option(ctx, "--if-exists");
    bool all = vsctl_has_option(ctx, "--all");
    struct ovsdb_table *table = vsctl_lookup_table(ctx, ctx->argv[1]);

    if (all && ctx->argc > 2) {
        vsctl_fatal("--all and records argument should not be specified "
                    "together");
    }
    if (!all && ctx->argc < 3) {
        VLOG_WARN("either --all or records argument should be specified");
        return;
    }
    if (all) {
        size_t n;
        struct ovsdb_row **rows = vsctl_ctx_rows(ctx, table, &n);
        for (size_t i = 0; i < n; i++) {
            vsctl_ctx_delete(ctx, rows[i]);
        }
        free(rows);
    } else {
        for (int i = 2; i < ctx->argc; i++) {
            struct ovsdb_row *row = vsctl_lookup_row(ctx, table, ctx->argv[i],
                                                     !if_exists);
            if (row) {
                vsctl_ctx_delete(ctx, row);
            }
        }
    }
    if (ctx->invalidate) {
        ctx->invalidate(ctx);
    }
}

static void
cmd_wait_until(struct vsctl_context *ctx)
{
    struct ovsdb_table *table = vsctl_lookup_table(ctx, ctx->argv[1]);
    struct ovsdb_row *row = vsctl_lookup_row(ctx, table, ctx->argv[2],
                                             false);
    if (!row) {
        ctx->try_again = true;
        return;
    }
    for (int i = 3; i < ctx->argc; i++) {
        if (!condition_holds(ctx, row, ctx->argv[i])) {
            ctx->try_again = true;
            return;
        }
    }
}

const struct vsctl_command_syntax vsctl_db_commands[] = {
    {"comment", 0, INT_MAX, "[ARG]...", NULL, NULL, "--"},
    {"get", 2, INT_MAX, "TABLE RECORD [COLUMN[:KEY]]...", cmd_get, NULL,
     "--if-exists,--id="},
    {"list", 1, INT_MAX, "TABLE [RECORD]...", cmd_list, NULL,
     "--if-exists,--columns="},
    {"find", 1, INT_MAX, "TABLE [COLUMN[:KEY]=VALUE]...", cmd_find, NULL,
     "--columns="},
    {"set", 3, INT_MAX, "TABLE RECORD COLUMN[:KEY]=VALUE...", cmd_set, NULL,
     "--if-exists"},
    {"add", 4, INT_MAX, "TABLE RECORD COLUMN [KEY=]VALUE...", cmd_add, NULL,
     "--if-exists"},
    {"remove", 4, INT_MAX, "TABLE RECORD COLUMN KEY|VALUE|KEY=VALUE...",
     cmd_remove, NULL, "--if-exists"},
    {"clear", 3, INT_MAX, "TABLE RECORD COLUMN...", cmd_clear, NULL,
     "--if-exists"},
    {"create", 2, INT_MAX, "TABLE COLUMN[:KEY]=VALUE...", cmd_create,
     post_create, "--id="},
    {"destroy", 1, INT_MAX, "TABLE [RECORD]...", cmd_destroy, NULL,
     "--if-exists,--all"},
    {"wait-until", 2, INT_MAX, "TABLE RECORD [COLUMN[:KEY]=VALUE]...",
     cmd_wait_until, NULL, ""},
    {NULL, 0, 0, NULL, NULL, NULL, NULL},
};

/* Symbols. */

void
vsctl_ctx_check_symbols(struct vsctl_context *ctx)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, &ctx->symtab->sh) {
        struct ovsdb_symbol *symbol = node->data;
        if (!symbol->created) {
            vsctl_fatal("row id \"@%s\" is referenced but never created "
                        "(e.g. with \"-- --id=@%s create ...\")",
                        node->name, node->name);
        }
    }
    SHASH_FOR_EACH (node, &ctx->symtab->sh) {
        struct ovsdb_symbol *symbol = node->data;
        if (!symbol->strong_ref) {
            struct vsctl_touched_row *t = find_touched(ctx, &symbol->uuid);
            if (t && !t->orig && !t->table->schema->is_root) {
                VLOG_WARN("row id \"@%s\" was created but no reference to "
                          "it was inserted, so it will not actually appear "
                          "in the database", node->name);
            }
        }
    }
}

/* Building the operations. */

static char *
row_name(const struct uuid *uuid)
{
    char buf[UUID_STRING_SIZE];
    uuid_to_string(uuid, buf);
    for (char *p = buf; *p; p++) {
        if (*p == '-') {
            *p = '_';
        }
    }
    return xasprintf("row%s", buf);
}

/* Replaces, in JSON (owned, unshared), ["uuid", U] by ["named-uuid", NAME]
 * where U is a row the invocation inserted. */
static struct json *
substitute_named_uuids(struct vsctl_context *ctx, struct json *json)
{
    if (json->type != JSON_ARRAY) {
        return json;
    }
    const struct json_array *a = json_array(json);
    if (a->n == 2 && a->elems[0]->type == JSON_STRING
        && !strcmp(json_string(a->elems[0]), "uuid")
        && a->elems[1]->type == JSON_STRING) {
        struct uuid uuid;
        if (uuid_from_string(&uuid, json_string(a->elems[1]))) {
            struct vsctl_touched_row *t = find_touched(ctx, &uuid);
            if (t && !t->orig
                && ovsdb_table_find_row(t->table, &t->uuid)) {
                json_destroy(json);
                return json_array_create_2(
                    json_string_create("named-uuid"),
                    json_string_create_nocopy(row_name(&uuid)));
            }
        }
        return json;
    }
    for (size_t i = 0; i < a->n; i++) {
        a->elems[i] = substitute_named_uuids(ctx, a->elems[i]);
    }
    return json;
}

static struct json *
where_uuid(const struct uuid *uuid)
{
    char buf[UUID_STRING_SIZE];
    uuid_to_string(uuid, buf);
    return json_array_create_1(json_array_create_3(
        json_string_create("_uuid"), json_string_create("=="),
        json_array_create_2(json_string_create("uuid"),
                            json_string_create(buf))));
}

static struct json *
row_columns_json(struct vsctl_context *ctx, const struct ovsdb_row *row,
                 const struct ovsdb_row *orig)
{
    const struct ovsdb_table_schema *ts = row->table->schema;
    struct json *obj = json_object_create();

    for (size_t i = OVSDB_N_IMPLICIT_COLUMNS; i < ts->n_columns; i++) {
        const struct ovsdb_column *c = ts->columns[i];
        const struct ovsdb_datum *d = &row->fields[i];
        if (orig ? ovsdb_datum_equals(d, &orig->fields[i], &c->type)
                 : ovsdb_datum_is_default(d, &c->type)) {
            continue;
        }
        struct json *j = ovsdb_datum_to_json(d, &c->type);
        json_object_put(obj, c->name, substitute_named_uuids(ctx, j));
    }
    return obj;
}

/* Returns true if COLUMN is one that Open vSwitch's schema documents as
 * written by the switch to report its state, which no vsctl command bases
 * a change on (and next_cfg, which every waiting vsctl increments). */
static bool
is_status_column(const char *column)
{
    static const char *const names[] = {
        "admin_state", "bfd_status", "bond_active_slave", "cfm_fault",
        "cfm_fault_status", "cfm_flap_count", "cfm_health",
        "cfm_remote_mpids", "cfm_remote_opstate", "cur_cfg",
        "datapath_id", "datapath_types", "datapath_version", "db_version",
        "dpdk_initialized", "dpdk_version", "duplex", "error", "ifindex",
        "iface_types", "is_connected", "lacp_current", "link_resets",
        "next_cfg",
        "link_speed", "link_state", "mac_in_use", "mtu", "ofport",
        "ovs_version", "role", "rstp_statistics", "rstp_status",
        "statistics", "status", "system_type", "system_version",
    };
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (!strcmp(column, names[i])) {
            return true;
        }
    }
    return false;
}

static int
compare_touched(const void *a_, const void *b_)
{
    const struct vsctl_touched_row *const *a = a_;
    const struct vsctl_touched_row *const *b = b_;
    int cmp = strcmp((*a)->table->schema->name, (*b)->table->schema->name);
    return cmp ? cmp : uuid_compare(&(*a)->uuid, &(*b)->uuid);
}

void
vsctl_ctx_build_ops(struct vsctl_context *ctx, struct json *ops,
                    const struct json *loaded, char **load_tables,
                    size_t *n_changes)
{
    /* Waits: every table a command read holds the rows it was loaded with,
     * with the same configuration.  Status columns that a switch writes
     * all the time (is_status_column()) are left out, as are _version
     * and ephemeral columns: comparing them would make every command
     * that runs while the switch reports link states or statistics start
     * again, and with enough interfaces never finish. */
    const struct json_array *results = json_array(loaded);
    for (size_t i = 0; i < results->n; i++) {
        if (!shash_find(&ctx->used_tables, load_tables[i])) {
            continue;
        }
        const struct ovsdb_table *table = ovsdb_find_table(ctx->db,
                                                           load_tables[i]);
        const struct ovsdb_table_schema *ts = table->schema;
        struct json *columns = json_array_create_1(
            json_string_create("_uuid"));
        for (size_t c = OVSDB_N_IMPLICIT_COLUMNS; c < ts->n_columns; c++) {
            const struct ovsdb_column *col = ts->columns[c];
            if (!col->ephemeral && !is_status_column(col->name)) {
                json_array_add(columns, json_string_create(col->name));
            }
        }
        const struct json *rows = json_object_get(results->elems[i], "rows");
        struct json *expect = json_array_create_empty();
        for (size_t r = 0; rows && r < json_array(rows)->n; r++) {
            const struct json *row = json_array(rows)->elems[r];
            struct json *e = json_object_create();
            const struct json_array *cols = json_array(columns);
            for (size_t c = 0; c < cols->n; c++) {
                const char *name = json_string(cols->elems[c]);
                const struct json *v = json_object_get(row, name);
                if (v) {
                    json_object_put(e, name, json_clone(v));
                }
            }
            json_array_add(expect, e);
        }
        struct json *op = json_object_create();
        json_object_put_string(op, "op", "wait");
        json_object_put_string(op, "table", load_tables[i]);
        json_object_put(op, "where", json_array_create_empty());
        json_object_put(op, "columns", columns);
        json_object_put_string(op, "until", "==");
        json_object_put(op, "rows", expect);
        json_object_put(op, "timeout", json_integer_create(0));
        json_array_add(ops, op);
    }

    /* Row operations, in a stable order. */
    size_t n = hmap_count(&ctx->touched), k = 0;
    struct vsctl_touched_row **sorted = xmalloc((n + 1) * sizeof *sorted);
    struct vsctl_touched_row *t;
    HMAP_FOR_EACH (t, hmap_node, &ctx->touched) {
        sorted[k++] = t;
    }
    qsort(sorted, n, sizeof *sorted, compare_touched);

    *n_changes = 0;
    for (size_t i = 0; i < n; i++) {
        t = sorted[i];
        const struct ovsdb_row *row = ovsdb_table_find_row(t->table,
                                                           &t->uuid);
        const char *tname = t->table->schema->name;
        struct json *op = NULL;

        if (t->orig && !row) {
            if (t->table->schema->is_root) {
                op = json_object_create();
                json_object_put_string(op, "op", "delete");
                json_object_put_string(op, "table", tname);
                json_object_put(op, "where", where_uuid(&t->uuid));
            }
        } else if (!t->orig && row) {
            op = json_object_create();
            json_object_put_string(op, "op", "insert");
            json_object_put_string(op, "table", tname);
            json_object_put(op, "row", row_columns_json(ctx, row, NULL));
            json_object_put(op, "uuid-name",
                            json_string_create_nocopy(row_name(&t->uuid)));
            t->insert_op = json_array(ops)->n - 1;
        } else if (t->orig && row) {
            struct json *cols = row_columns_json(ctx, row, t->orig);
            if (shash_is_empty(json_object(cols))) {
                json_destroy(cols);
            } else {
                op = json_object_create();
                json_object_put_string(op, "op", "update");
                json_object_put_string(op, "table", tname);
                json_object_put(op, "where", where_uuid(&t->uuid));
                json_object_put(op, "row", cols);
            }
        }
        if (op) {
            json_array_add(ops, op);
            (*n_changes)++;
        }
    }
    free(sorted);
}

void
vsctl_ctx_set_results(struct vsctl_context *ctx, const struct json *res,
                      size_t first_op SLUICE_UNUSED)
{
    struct vsctl_touched_row *t;
    const struct json_array *a = json_array(res);

    HMAP_FOR_EACH (t, hmap_node, &ctx->touched) {
        if (t->insert_op < 0 || (size_t) t->insert_op >= a->n) {
            continue;
        }
        const struct json *r = a->elems[t->insert_op];
        const struct json *u = r->type == JSON_OBJECT
                               ? json_object_get(r, "uuid") : NULL;
        if (u && u->type == JSON_ARRAY && json_array(u)->n == 2
            && json_array(u)->elems[1]->type == JSON_STRING
            && uuid_from_string(&t->real,
                                json_string(json_array(u)->elems[1]))) {
            t->has_real = true;
        }
    }
}

bool
vsctl_ctx_real_uuid(const struct vsctl_context *ctx,
                    const struct uuid *local, struct uuid *real)
{
    const struct vsctl_touched_row *t = find_touched(ctx, local);
    if (t && t->has_real) {
        *real = t->real;
        return true;
    }
    return false;
}
