"""Compares two OVSDB schemas (RFC 7047) by what they mean.

    python3 ovsschema-diff.py [--names=A,B] SCHEMA_A SCHEMA_B

prints one line for each difference between the two schemas and exits
with status 1 if there is any, 0 if they declare the same database: the
same name and version, the same tables with the same maxRows, isRoot and
indexes, and the same columns with the same types, ephemeral and mutable
flags.  "cksum" is ignored.

RFC 7047 lets one type be written several ways; they compare equal:
"string", {"key": "string"} and {"key": {"type": "string"}}; "min" and
"max" default to 1; "refType" defaults to "strong"; an "enum" is a set,
written ["set", [...]] or as a single atom, in any order; bounds that
are the type's own limits ("minLength": 0, "minInteger": -2**63, ...)
are the same as no bound; "ephemeral" defaults to false and "mutable" to
true.  Indexes are sets of sets of columns.  Members that RFC 7047 and
Open vSwitch do not define are reported, so that a misspelt member
(which ovsdb-server would ignore or refuse) is not taken as a default.
"""
import json
import sys

ATOMIC_TYPES = ("integer", "real", "boolean", "string", "uuid")
INT64_MIN, INT64_MAX = -2**63, 2**63 - 1
DBL_MAX = sys.float_info.max
UINT_MAX = 2**32 - 1

# Bounds that are no bound at all.
NO_BOUND = {
    "minInteger": INT64_MIN, "maxInteger": INT64_MAX,
    "minReal": -DBL_MAX, "maxReal": DBL_MAX,
    "minLength": 0, "maxLength": UINT_MAX,
}
BASE_MEMBERS = ("type", "enum", "refTable", "refType") + tuple(NO_BOUND)


def unknown(obj, known):
    """Returns {"unknown member NAME": value} for each member of 'obj'
    that is not in 'known'."""
    return {"unknown member %s" % k: json.dumps(v, sort_keys=True)
            for k, v in obj.items() if k not in known}


def normalize_enum(enum):
    """An enum is an <atom> or ["set", [<atom>...]]; returns the set of
    atoms as a tuple, sorted by their JSON text."""
    if isinstance(enum, list) and len(enum) == 2 and enum[0] == "set":
        atoms = enum[1]
    else:
        atoms = [enum]
    by_text = {json.dumps(a, sort_keys=True): a for a in atoms}
    return tuple(by_text[t] for t in sorted(by_text))


def normalize_base(base):
    if isinstance(base, str):
        base = {"type": base}
    if not isinstance(base, dict):
        return {"invalid base type": json.dumps(base)}
    out = unknown(base, BASE_MEMBERS)
    out["type"] = base.get("type")
    if out["type"] not in ATOMIC_TYPES:
        out["invalid atomic type"] = json.dumps(out["type"])
    if "enum" in base:
        out["enum"] = normalize_enum(base["enum"])
    for bound, none in NO_BOUND.items():
        if bound in base and base[bound] != none:
            out[bound] = base[bound]
    if "refTable" in base:
        out["refTable"] = base["refTable"]
        out["refType"] = base.get("refType", "strong")
    elif "refType" in base:
        out["refType without refTable"] = base["refType"]
    return out


def normalize_type(typ):
    if isinstance(typ, str):
        typ = {"key": typ}
    if not isinstance(typ, dict) or "key" not in typ:
        return {"invalid type": json.dumps(typ, sort_keys=True)}
    out = unknown(typ, ("key", "value", "min", "max"))
    out["key"] = normalize_base(typ["key"])
    if "value" in typ:
        out["value"] = normalize_base(typ["value"])
    out["min"] = typ.get("min", 1)
    out["max"] = typ.get("max", 1)
    return out


def normalize_column(col):
    if not isinstance(col, dict) or "type" not in col:
        return {"invalid column": json.dumps(col, sort_keys=True)}
    out = unknown(col, ("type", "ephemeral", "mutable"))
    out["type"] = normalize_type(col["type"])
    out["ephemeral"] = col.get("ephemeral", False)
    out["mutable"] = col.get("mutable", True)
    return out


def normalize_schema(schema):
    """Returns (top, tables): 'top' maps "name", "version" and unknown
    top-level members to values; 'tables' maps each table's name to
    (attrs, columns), both flat dicts from a path to a value."""
    top = unknown(schema, ("name", "version", "cksum", "tables"))
    top["name"] = schema.get("name")
    top["version"] = schema.get("version")
    tables = {}
    raw = schema.get("tables", {})
    # Open vSwitch: if no table says isRoot, every table is a root table
    # (schemas written before isRoot existed).
    any_root = any(t.get("isRoot", False) for t in raw.values())
    for name, table in raw.items():
        attrs = unknown(table, ("columns", "maxRows", "isRoot", "indexes"))
        attrs["maxRows"] = table.get("maxRows", "unlimited")
        attrs["isRoot"] = table.get("isRoot", False) if any_root else True
        attrs["indexes"] = sorted(sorted(set(i))
                                  for i in table.get("indexes", []))
        columns = {c: flatten(normalize_column(v))
                   for c, v in table.get("columns", {}).items()}
        tables[name] = (attrs, columns)
    return top, tables


def flatten(d, prefix=""):
    """{"type": {"key": {"type": "string"}}} -> {"type.key.type": ...}."""
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(flatten(v, prefix + k + "."))
        else:
            out[prefix + k] = v
    return out


def show(v):
    return "(none)" if v is None else json.dumps(v)


def compare(a, b, name_a, name_b):
    """Returns a list of lines, one per difference."""
    diffs = []

    def differ(where, d_a, d_b):
        for key in sorted(set(d_a) | set(d_b)):
            va, vb = d_a.get(key), d_b.get(key)
            if va != vb:
                diffs.append("%s: %s: %s %s, %s %s"
                             % (where, key, name_a, show(va),
                                name_b, show(vb)))

    top_a, tables_a = normalize_schema(a)
    top_b, tables_b = normalize_schema(b)
    differ("schema", top_a, top_b)
    for t in sorted(set(tables_a) | set(tables_b)):
        if t not in tables_b:
            diffs.append("table %s: only in %s" % (t, name_a))
            continue
        if t not in tables_a:
            diffs.append("table %s: only in %s" % (t, name_b))
            continue
        (attrs_a, cols_a), (attrs_b, cols_b) = tables_a[t], tables_b[t]
        differ("table %s" % t, attrs_a, attrs_b)
        for c in sorted(set(cols_a) | set(cols_b)):
            if c not in cols_b:
                diffs.append("column %s.%s: only in %s" % (t, c, name_a))
            elif c not in cols_a:
                diffs.append("column %s.%s: only in %s" % (t, c, name_b))
            else:
                differ("column %s.%s" % (t, c), cols_a[c], cols_b[c])
    return diffs


def main(argv):
    names = ["first", "second"]
    args = argv[1:]
    if args and args[0].startswith("--names="):
        names = args.pop(0)[len("--names="):].split(",")
    if len(args) != 2 or len(names) != 2:
        sys.stderr.write("usage: %s [--names=A,B] SCHEMA_A SCHEMA_B\n"
                         % argv[0])
        return 2
    schemas = []
    for path in args:
        try:
            with open(path) as f:
                schemas.append(json.load(f))
        except (OSError, ValueError) as e:
            sys.stderr.write("%s: %s\n" % (path, e))
            return 2
    diffs = compare(schemas[0], schemas[1], names[0], names[1])
    for line in diffs:
        print(line)
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
