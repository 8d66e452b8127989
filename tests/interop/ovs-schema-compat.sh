# Sluice's Open_vSwitch schema (vswitchd/vswitch.ovsschema) declares the
# same database as Open vSwitch 3.1's: tests/interop/ovsschema-diff.py
# finds no difference in name, version, tables (maxRows, isRoot,
# indexes) or columns (every type attribute, ephemeral, mutable), after
# normalizing the spellings RFC 7047 allows; and it does find each kind
# of difference in a copy changed on purpose, and none between two
# spellings of the same schema.  Open vSwitch's own Python schema parser,
# if installed, agrees.  "ovsdb-tool create" accepts the schema;
# "sluice-dbserver --create" makes a database from it and serves it
# unchanged (ovsdb-client get-schema); and the real ovs-vsctl lists the
# Open_vSwitch, Bridge, Port and Interface tables with every column it
# knows and no "lacks ... column" warning, which it does print for a
# schema that lacks a column.
. "$abs_top_srcdir/tests/system/lib.sh"

OVS_SCHEMA=/usr/share/openvswitch/vswitch.ovsschema
SCHEMA=$abs_top_srcdir/vswitchd/vswitch.ovsschema
for p in ovs-vsctl ovsdb-tool ovsdb-client; do
    if ! command -v $p >/dev/null 2>&1 || [ ! -r "$OVS_SCHEMA" ]; then
        echo "SKIP: $TEST_NAME: needs $p and $OVS_SCHEMA (openvswitch-switch)"
        test_failed=0
        exit 77
    fi
done
schema_diff() {
    python3 "$abs_top_srcdir/tests/interop/ovsschema-diff.py" \
        --names=Sluice,OVS "$@"
}

# The same database, structurally.
if ! out=$(schema_diff "$SCHEMA" "$OVS_SCHEMA"); then
    fail "$SCHEMA differs from $OVS_SCHEMA:
$out"
fi
counts=$(python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))["tables"]
print(len(t), sum(len(x["columns"]) for x in t.values()))' "$OVS_SCHEMA")
echo "$TEST_NAME: no difference from $OVS_SCHEMA (tables, columns: $counts)"

# The comparison finds each kind of difference: a copy of Sluice's schema
# with one change of each kind.
python3 - "$SCHEMA" "$TESTDIR/changed.ovsschema" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
t = s["tables"]
s["version"] = "8.3.0"
del t["Bridge"]["columns"]["rstp_status"]
t["Bridge"]["columns"]["fail_mode"]["type"]["key"]["enum"] = "standalone"
t["Port"]["columns"]["tag"]["type"]["key"]["maxInteger"] = 4096
del t["Port"]["columns"]["statistics"]["ephemeral"]
t["Port"]["columns"]["statistics"]["ephermeral"] = True
del t["Mirror"]["columns"]["output_port"]["type"]["key"]["refType"]
del t["Interface"]["columns"]["name"]["mutable"]
t["Interface"]["columns"]["ofport_request"]["type"]["min"] = 1
t["Interface"]["columns"]["options"]["type"]["value"] = {
    "type": "string", "maxLength": 255}
del t["SSL"]["maxRows"]
del t["QoS"]["isRoot"]
t["Manager"]["indexes"] = []
t["Flow_Sample_Collector_Set"]["indexes"] = [["bridge", "id"]]
del t["AutoAttach"]
t["Extra"] = {"columns": {"x": {"type": "integer"}}}
json.dump(s, open(sys.argv[2], "w"), indent=1)
PY
set +e
out=$(schema_diff "$TESTDIR/changed.ovsschema" "$OVS_SCHEMA")
status=$?
set -e
[ $status -eq 1 ] || fail "ovsschema-diff.py exited $status for a changed schema"
check_output 'schema: version: Sluice "8.3.0", OVS "8.3.1"
table AutoAttach: only in OVS
column Bridge.fail_mode: type.key.enum: Sluice ["standalone"], OVS ["secure", "standalone"]
column Bridge.rstp_status: only in OVS
table Extra: only in Sluice
column Interface.name: mutable: Sluice true, OVS false
column Interface.ofport_request: type.min: Sluice 1, OVS 0
column Interface.options: type.value.maxLength: Sluice 255, OVS (none)
table Manager: indexes: Sluice [], OVS [["target"]]
column Mirror.output_port: type.key.refType: Sluice "strong", OVS "weak"
column Port.statistics: ephemeral: Sluice false, OVS true
column Port.statistics: unknown member ephermeral: Sluice "true", OVS (none)
column Port.tag: type.key.maxInteger: Sluice 4096, OVS 4095
table QoS: isRoot: Sluice false, OVS true
table SSL: maxRows: Sluice "unlimited", OVS 1' printf '%s\n' "$out"

# Spellings that RFC 7047 makes equivalent compare equal: Sluice's schema
# rewritten with every default spelled out and every base type as an
# object, then with every type in its shortest form.
python3 - "$SCHEMA" "$TESTDIR/long.ovsschema" "$TESTDIR/short.ovsschema" <<'PY'
import copy, json, sys
s = json.load(open(sys.argv[1]))

def long_base(b):
    b = {"type": b} if isinstance(b, str) else dict(b)
    if "refTable" in b:
        b.setdefault("refType", "strong")
    if b["type"] == "string":
        b.setdefault("minLength", 0)
    if b["type"] == "integer":
        b.setdefault("minInteger", -2**63)
        b.setdefault("maxInteger", 2**63 - 1)
    if "enum" in b:
        b["enum"] = ["set", list(reversed(b["enum"][1]))]
    return b

def short_base(b):
    b = {"type": b} if isinstance(b, str) else dict(b)
    if b.get("refType") == "strong":
        del b["refType"]
    return b["type"] if list(b) == ["type"] else b

def rewrite(schema, base, long):
    schema = copy.deepcopy(schema)
    for table in schema["tables"].values():
        if long:
            table.setdefault("isRoot", False)
        for col in table["columns"].values():
            t = col["type"]
            t = {"key": t} if isinstance(t, str) else dict(t)
            t["key"] = base(t["key"])
            if "value" in t:
                t["value"] = base(t["value"])
            if long:
                t.setdefault("min", 1)
                t.setdefault("max", 1)
                col.setdefault("ephemeral", False)
                col.setdefault("mutable", True)
            else:
                if t.get("min") == 1:
                    del t["min"]
                if t.get("max") == 1:
                    del t["max"]
                if list(t) == ["key"] and isinstance(t["key"], str):
                    t = t["key"]
                if col.get("ephemeral") is False:
                    del col["ephemeral"]
            col["type"] = t
    return schema

json.dump(rewrite(s, long_base, True), open(sys.argv[2], "w"))
json.dump(rewrite(s, short_base, False), open(sys.argv[3], "w"))
PY
for form in long short; do
    out=$(schema_diff "$TESTDIR/$form.ovsschema" "$OVS_SCHEMA") \
        || fail "the $form spelling of the schema differs:
$out"
done
# An enum of one atom is that atom.
echo '{"name": "t", "version": "1.0.0", "tables": {"T": {"columns":
       {"c": {"type": {"key": {"type": "string", "enum": "a"}}}}}}}' \
    >"$TESTDIR/atom.ovsschema"
echo '{"name": "t", "version": "1.0.0", "tables": {"T": {"columns":
       {"c": {"type": {"key": {"type": "string", "enum": ["set", ["a"]]},
                       "min": 1, "max": 1}}}}}}' >"$TESTDIR/set.ovsschema"
out=$(schema_diff "$TESTDIR/atom.ovsschema" "$TESTDIR/set.ovsschema") \
    || fail "an enum of one atom differs from a set of that atom: $out"

# Open vSwitch's own schema parser (python3-openvswitch, Debian's
# python3) reads both schemas into the same thing.
if /usr/bin/python3 -c 'import ovs.db.schema' 2>/dev/null; then
    /usr/bin/python3 - "$SCHEMA" "$OVS_SCHEMA" <<'PY' \
        || fail "Open vSwitch's Python schema parser sees a difference"
import json, sys
from ovs.db.schema import DbSchema
a, b = (DbSchema.from_json(json.load(open(p))).to_json() for p in sys.argv[1:])
sys.exit(a != b)
PY
else
    echo "$TEST_NAME: python3-openvswitch is not installed; not asked"
fi

# ovsdb-tool accepts the schema.
ovsdb-tool create "$TESTDIR/ovs-tool.db" "$SCHEMA" \
    || fail "ovsdb-tool create refused $SCHEMA"
check_output "Open_vSwitch" ovsdb-tool db-name "$TESTDIR/ovs-tool.db"
check_output "8.3.1" ovsdb-tool db-version "$TESTDIR/ovs-tool.db"

# sluice-dbserver creates the database from it and serves it unchanged.
SDB=$SLUICE_RUNDIR/db.sock
sluice-dbserver --detach --no-chdir --pidfile --log-file \
    --remote="punix:$SDB" --create="$SCHEMA" \
    || fail "sluice-dbserver --create=$SCHEMA did not start"
db_pid=$(cat "$SLUICE_RUNDIR/sluice-dbserver.pid")
TEST_PIDS="$TEST_PIDS $db_pid"
[ -f "$SLUICE_DBDIR/conf.db" ] || fail "no database in $SLUICE_DBDIR/conf.db"
ovsdb-client get-schema "unix:$SDB" Open_vSwitch >"$TESTDIR/served.ovsschema" \
    || fail "ovsdb-client get-schema failed"
out=$(schema_diff "$TESTDIR/served.ovsschema" "$OVS_SCHEMA") \
    || fail "the served schema differs from $OVS_SCHEMA:
$out"

# vsctl ARGS...: ovs-vsctl against sluice-dbserver; fails on any message
# on stderr (the IDL's "lacks ... column" warnings go there).
vsctl() {
    ovs-vsctl --db="unix:$SDB" --no-wait --timeout=10 "$@" \
        2>"$TESTDIR/vsctl.err" \
        || fail "ovs-vsctl $* failed: $(cat "$TESTDIR/vsctl.err")"
    if [ -s "$TESTDIR/vsctl.err" ]; then
        fail "ovs-vsctl $* warned: $(cat "$TESTDIR/vsctl.err")"
    fi
}
vsctl init
vsctl add-br br0
vsctl add-port br0 p1
# "list TABLE" prints every column ovs-vsctl knows, which are OVS's.
for table in Open_vSwitch Bridge Port Interface; do
    vsctl list "$table" >"$TESTDIR/list.out"
    columns=$(python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))["tables"][sys.argv[2]]
print("\n".join(sorted(list(t["columns"]) + ["_uuid"])))' \
        "$OVS_SCHEMA" "$table")
    check_output "$columns" sh -c \
        "sed -n 's/^\([a-z_]*\) *: .*/\1/p' '$TESTDIR/list.out' | sort -u"
done
check_output "br0" vsctl get bridge br0 name

# The check above can fail: a database whose schema lacks
# Bridge.rstp_status makes ovs-vsctl warn.
python3 - "$SCHEMA" "$TESTDIR/old.ovsschema" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
del s["tables"]["Bridge"]["columns"]["rstp_status"]
json.dump(s, open(sys.argv[2], "w"))
PY
mkdir -p "$TESTDIR/old"
sluice-dbserver --detach --no-chdir --pidfile="$TESTDIR/old/dbserver.pid" \
    --log-file="$SLUICE_LOGDIR/old-dbserver.log" \
    --unixctl="$TESTDIR/old/dbserver.ctl" \
    --remote="punix:$TESTDIR/old/db.sock" \
    --create="$TESTDIR/old.ovsschema" "$TESTDIR/old/conf.db" \
    || fail "sluice-dbserver with the old schema did not start"
TEST_PIDS="$TEST_PIDS $(cat "$TESTDIR/old/dbserver.pid")"
ovs-vsctl --db="unix:$TESTDIR/old/db.sock" --no-wait --timeout=10 \
    list bridge >/dev/null 2>"$TESTDIR/old.err" \
    || fail "ovs-vsctl list bridge against the old schema failed"
grep -q "Bridge table in Open_vSwitch database lacks rstp_status column" \
    "$TESTDIR/old.err" \
    || fail "no warning for a schema without Bridge.rstp_status:
$(cat "$TESTDIR/old.err")"

check_output "" sluice-appctl -t "$TESTDIR/old/dbserver.ctl" exit
check_output "" \
    sluice-appctl -t "$SLUICE_RUNDIR/sluice-dbserver.$db_pid.ctl" exit
pass
